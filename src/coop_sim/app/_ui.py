"""Small components and the state holder shared by the pages.

Plain HTML (escaped) rather than ``solara.Markdown``: Solara's Markdown loads KaTeX and
Mermaid from a CDN on every mount, which fails on a machine without internet access even
when the ``solara-assets`` package serves the rest of Solara's front end.

:class:`PageState` holds a page's form and results in module-level Solara reactive
variables, which Solara keeps per browser session (kernel), so they outlive the page's
components: switching tabs and coming back finds them unchanged.
"""

from __future__ import annotations

import html

import solara

from coop_sim.app.forms import TABLE_CSS

__all__ = ["PAGE_CSS", "Code", "Heading", "PageState", "Paragraph", "Stale", "run_into"]

#: Every page's sidebar has the same width, so the main area never moves (or slides under
#: the sidebar) when the tabs switch pages.
SIDEBAR_CSS = """
.v-navigation-drawer { width: 400px !important; min-width: 400px !important;
                       max-width: 400px !important; }
"""
#: The pages' own style: the tables' and the sidebar's, and a stale result's.
PAGE_CSS = SIDEBAR_CSS + TABLE_CSS + ".coop-stale { opacity: 0.45; }\n"


class PageState:
    """A page's state: one module-level ``solara.reactive`` per keyword, starting at its
    value; :meth:`reset` puts them all back (tests start from a fresh page with it)."""

    def __init__(self, **defaults) -> None:
        self._defaults = defaults
        for name, value in defaults.items():
            setattr(self, name, solara.reactive(value))

    def reset(self) -> None:
        """Every variable back to its starting value."""
        for name, value in self._defaults.items():
            getattr(self, name).set(value)


def run_into(state: PageState, function, *args) -> None:
    """Run ``function(*args)`` (in a task's thread) and keep what it returns in
    ``state.result`` -- so a result arrives even if the page was left meanwhile --, its
    error message in ``state.error`` (the previous result then marked stale), and whether
    it is running in ``state.running``."""
    state.running.set(True)
    state.error.set("")
    try:
        value = function(*args)
    except Exception as exc:  # shown on the page
        state.error.set(str(exc) or type(exc).__name__)
        state.stale.set(state.result.value is not None)
    else:
        state.result.set(value)
        state.stale.set(False)
    finally:
        state.running.set(False)


@solara.component
def Stale(children: list | None = None, stale: bool = False, note: str = ""):
    """``children`` as they are, or greyed out under a warning ``note`` when ``stale``."""
    with solara.Column() as main:
        if stale:
            solara.Warning(note, classes=["coop-stale-note"])
        solara.Div(children=list(children or []), classes=["coop-stale"] if stale else [])
    return main


@solara.component
def Heading(text: str, level: int = 2, element_id: str = ""):
    """An ``<hN>`` heading (``element_id``: its ``id``)."""
    attributes = {"id": element_id} if element_id else {}
    return solara.HTML(tag=f"h{level}", unsafe_innerHTML=html.escape(text), attributes=attributes)


@solara.component
def Paragraph(text: str, element_id: str = "", style: str | None = None, markup: bool = False):
    """A paragraph of ``text`` (escaped unless ``markup``, for the pages' own HTML)."""
    attributes = {"id": element_id, "data-testid": element_id} if element_id else {}
    inner = text if markup else html.escape(text)
    return solara.HTML(tag="p", unsafe_innerHTML=inner, attributes=attributes, style=style)


@solara.component
def Code(text: str):
    """A block of code."""
    return solara.HTML(tag="pre", unsafe_innerHTML=html.escape(text),
                       style="background: #f5f5f5; padding: 8px; overflow-x: auto")  # fmt: skip
