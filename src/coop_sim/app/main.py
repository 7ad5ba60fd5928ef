"""The full app: the tournament, demos, play and lattice pages behind one set of tabs.

``coop-sim app`` serves it (``solara run coop_sim.app.main --production``); :data:`routes`
lists the pages, the first of which (the tournament) is the start page.  Solara's default
layout puts the pages' labels in the app bar and each page's form in the sidebar, which has
the same width on every page (so the main area does not move when the tabs switch pages).

Examples
--------
>>> [route.path for route in routes]
['/', 'demos', 'play', 'lattice']
>>> [route.label for route in routes]
['Tournament', 'Demos', 'Play', 'Lattice']
"""

from __future__ import annotations

try:
    import solara
    import solara.lab
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("coop_sim.app needs Solara: pip install 'coop_sim[viz]'") from exc

import warnings

# Mesa's SolaraViz breaks Solara's rules of hooks in a way that is harmless here; Solara warns
# about it when Mesa's module is imported.  Keep that one warning out of the terminal.
warnings.filterwarnings(
    "ignore",
    message=r"(?s).*mesa.visualization.solara_viz\.py:\d+: \w+: `use_\w+` found despite early "
    r"return",
    category=UserWarning,
)

from coop_sim.app import demos, play, tournament  # noqa: E402
from coop_sim.app._ui import SIDEBAR_CSS  # noqa: E402
from coop_sim.spatial import app as lattice  # noqa: E402

__all__ = ["Layout", "routes"]


@solara.component
def Layout(children: list | None = None):
    """Solara's ``AppLayout`` with one tab per page, named by the routes' labels."""
    route, siblings = solara.use_route()
    router = solara.use_router()
    paths = [solara.resolve_path(r, level=0) for r in siblings]
    index = siblings.index(route) if route in siblings else 0

    def go(tab: int) -> None:
        router.push(paths[tab])

    # every page's sidebar as wide (the lattice's too): the main area stays put
    content = [solara.Style(SIDEBAR_CSS), *(children or [])]
    with solara.AppLayout(children=content, title="coop_sim"):
        with solara.AppBar():
            with solara.lab.Tabs(value=index, on_value=go, align="center"):
                for page in siblings:
                    solara.lab.Tab(page.label, classes=[f"coop-tab-{page.label.lower()}"])


#: The pages (Solara routes), the start page first; the first carries the layout.
routes = [
    solara.Route(path="/", component=tournament.Page, label="Tournament", layout=Layout),
    solara.Route(path="demos", component=demos.Page, label="Demos"),
    solara.Route(path="play", component=play.Page, label="Play"),
    solara.Route(path="lattice", component=lattice.Page, label="Lattice"),
]
