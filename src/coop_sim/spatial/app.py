"""A Mesa ``SolaraViz`` page for :class:`~coop_sim.spatial.models.LatticeModel`.

Serve it with ``solara run coop_sim.spatial.app`` (needs the ``viz`` extra), or show
``page`` in a Jupyter notebook.  The sidebar holds the model's controls; **Reset** builds a
new model from them (Mesa rebuilds on Reset, not on every change), **Step** and play advance
it.  The main area shows

* the lattice, coloured for two-strategy runs by each cell's (previous, current) strategy in
  Nowak & May's (1992) four colours (colour-blind-safe shades): blue C->C, vermillion D->D,
  bluish green D->C, yellow C->D
  (with more strategies: by current strategy);
* the share of each strategy over the generations, from the model's ``DataCollector``.

Both are matplotlib figures of :mod:`coop_sim.plot_spatial` (:func:`lattice_figure`,
:func:`share_figure`), drawn from the model's arrays (``model.lattice`` and
``model.previous_lattice``), not from Mesa agents, so the page works for large lattices
(the models are built with ``agents=False``).  The first model of a session compiles the
numba kernels unless numba's cache is warm, which can take half a minute.

Importing this module builds no model and starts no server; importing
:mod:`coop_sim.spatial` never imports it (nor solara).

Mesa compatibility: only ``mesa.visualization.SolaraViz`` (components passed by keyword as
``(component, page)`` pairs, ``model_params`` dicts with ``type`` 'SliderInt', 'SliderFloat',
'Select', 'Checkbox' and 'InputText') and the ``update_counter`` reactive of
``mesa.visualization.utils`` are used, as in Mesa 3.3 to 4.0.
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING

import numpy as np

from coop_sim._seeding import purpose_key

try:
    import solara
    from mesa.visualization import SolaraViz
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "coop_sim.spatial.app needs Mesa's visualisation: pip install 'coop_sim[viz]'"
    ) from exc

try:  # where Mesa's documentation imports it from
    from mesa.visualization.utils import update_counter
except ImportError:  # pragma: no cover - a Mesa that moved it
    from mesa.visualization.solara_viz import update_counter

from coop_sim.spatial.models import LatticeModel

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

__all__ = [
    "LatticeExplorer",
    "LatticeView",
    "Page",
    "SharePlot",
    "components",
    "lattice_figure",
    "model_params",
    "page",
    "share_figure",
    "viz",
]

#: Sizes of the two figures (inches).
LATTICE_INCHES = (6.4, 4.8)
SHARES_INCHES = (6.4, 3.6)
TITLE = "Spatial Prisoner's Dilemma"


def _parse_seed(seed: object) -> int | None:
    """The seed of a control: an int, None for '' / 'none' (fresh entropy), or for any other
    text a seed derived from it (so a typo cannot break the page)."""
    if seed is None:
        return None
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return int(seed)
    if isinstance(seed, str):
        text = seed.strip()
        if text.lower() in ("", "none"):
            return None
        try:
            value = int(text)
        except ValueError:  # any other text is a seed too (a bad entry must not wipe the page)
            value = -1
        return value if value >= 0 else purpose_key(0, "app seed " + text) % 2**32
    raise ValueError(f"seed must be an int, or empty for a random seed, got {seed!r}")


class LatticeExplorer(LatticeModel):
    """A :class:`~coop_sim.spatial.models.LatticeModel` whose parameters are the page's controls.

    Mesa's Reset rebuilds the model as ``type(model)(**controls)``; this class maps those
    controls to the lattice model (co-operators and defectors on a square lattice).

    Parameters
    ----------
    size : int
        Side of the square lattice.
    nowak_may : bool
        Use Nowak & May's game ``R=1, T=b, S=P=0`` (else ``R, S, T, P``).
    b : float
        Temptation of Nowak & May's game.
    R, S, T, P : float
        The pay-offs when ``nowak_may`` is False.
    rule, temperature, exponent, activation
        The update rule (``temperature`` is the Fermi rule's K, ``exponent`` proportional
        imitation's m).
    neighbourhood : {'moore', 'von-neumann'}
        8 or 4 neighbours.
    torus : bool
        Wrap around the edges.
    initial : {'random', 'mutant', 'block'}
        Random placement with a share ``cooperators`` of co-operators; one defector at the
        centre of co-operators; a ``block x block`` square of defectors among co-operators.
    cooperators : float
        Co-operators' share for ``initial='random'``, in [0, 1].
    block : int
        Side of the block of defectors.
    seed : int, str or None
        Master seed; a text control's string of digits is read as an int, '' or 'none'
        means fresh entropy.
    agents : bool
        Build Mesa agents (the page does not need them).

    Examples
    --------
    >>> model = LatticeExplorer(size=20, b=1.6, rule="fermi", temperature=0.5, seed="7")
    >>> model.lattice.shape, model.population.settings["game"], model.controls["seed"]
    ((20, 20), (1.0, 0.0, 1.6, 0.0), 7)
    """

    def __init__(
        self,
        *,
        size: int = 50,
        nowak_may: bool = True,
        b: float = 1.85,
        R: float = 3.0,
        S: float = 0.0,
        T: float = 5.0,
        P: float = 1.0,
        rule: str = "imitate-best",
        temperature: float = 0.1,
        exponent: float = 1.0,
        neighbourhood: str = "moore",
        torus: bool = True,
        initial: str = "random",
        cooperators: float = 0.9,
        block: int = 3,
        activation: str = "synchronous",
        seed: int | str | None = 1,
        agents: bool = False,
    ) -> None:
        seed = _parse_seed(seed)
        if (
            isinstance(cooperators, bool)
            or not isinstance(cooperators, numbers.Real)
            or not 0.0 <= cooperators <= 1.0
        ):
            raise ValueError(f"cooperators must be a share in [0, 1], got {cooperators!r}")
        c = float(cooperators)
        self.controls = {
            "size": size, "nowak_may": bool(nowak_may), "b": b, "R": R, "S": S, "T": T,
            "P": P, "rule": rule, "temperature": temperature, "exponent": exponent,
            "neighbourhood": neighbourhood, "torus": torus, "initial": initial,
            "cooperators": c, "block": block, "activation": activation, "seed": seed,
        }  # fmt: skip
        super().__init__(
            size,
            neighbourhood=neighbourhood,
            torus=torus,
            initial=initial,
            shares=(c, 1.0 - c) if initial == "random" else None,
            resident=0,
            mutant=1,
            block=block,
            b=b if nowak_may else None,
            game=None if nowak_may else (R, S, T, P),
            rule=rule,
            activation=activation,
            temperature=temperature,
            exponent=exponent,
            agents=agents,
            clusters=False,
            seed=seed,
        )


# ---------------------------------------------------------------------- drawing
def _title(model) -> str:
    shares = ", ".join(f"{n} {s:.1%}" for n, s in zip(model.names, model.shares(), strict=True))
    return f"Generation {model.generation}: {shares}"


def lattice_figure(model: LatticeModel) -> Figure:
    """The model's lattice as a new figure, by :func:`coop_sim.plot_spatial.lattice_snapshot`.

    Two strategies are coloured by (previous, current) strategy in Nowak & May's four
    colours, more by current strategy.

    Parameters
    ----------
    model : LatticeModel
        Read through ``model.lattice``, ``model.previous_lattice``, ``model.names``,
        ``model.generation`` and ``model.shares()``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> model = LatticeExplorer(size=21, initial="mutant", torus=False, seed=1)
    >>> model.step()
    >>> fig = lattice_figure(model)
    >>> fig.axes[0].get_title()
    'Generation 1: Cooperator 98.0%, Defector 2.0%'
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:2]
    ['C stayed C', 'D stayed D']
    """
    from matplotlib.figure import Figure

    from coop_sim.plot_spatial import lattice_snapshot

    fig = Figure(figsize=LATTICE_INCHES, layout="constrained")
    lattice_snapshot(model, ax=fig.add_subplot(), title=_title(model))
    return fig


def share_figure(model: LatticeModel) -> Figure:
    """Share of each strategy over the generations, by :func:`coop_sim.plot_spatial.spatial_shares`.

    Parameters
    ----------
    model : LatticeModel
        Its ``DataCollector`` columns ``'share <name>'`` are plotted.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> model = LatticeExplorer(size=21, initial="mutant", torus=False, seed=1)
    >>> model.step()
    >>> line = share_figure(model).axes[0].get_lines()[1]
    >>> line.get_label(), line.get_ydata().round(4).tolist()
    ('Defector', [0.0023, 0.0204])
    """
    from matplotlib.figure import Figure

    from coop_sim.plot_spatial import spatial_shares

    fig = Figure(figsize=SHARES_INCHES, layout="constrained")
    spatial_shares(model, ax=fig.add_subplot())
    return fig


# ---------------------------------------------------------------------- components
@solara.component
def LatticeView(model: LatticeModel):
    """The lattice figure; re-drawn when Mesa's ``update_counter`` ticks (a step)."""
    update_counter.get()
    key = [model, model.generation]
    fig = solara.use_memo(lambda: lattice_figure(model), key)
    return solara.FigureMatplotlib(fig, dependencies=key, format="png")


@solara.component
def SharePlot(model: LatticeModel):
    """The share-over-time figure; re-drawn when Mesa's ``update_counter`` ticks."""
    update_counter.get()
    key = [model, model.generation]
    fig = solara.use_memo(lambda: share_figure(model), key)
    return solara.FigureMatplotlib(fig, dependencies=key, format="png")


#: The page's components as Mesa's ``(component, page index)`` pairs.
components = [(LatticeView, 0), (SharePlot, 0)]

#: The sidebar's controls (Mesa ``model_params``); keys are :class:`LatticeExplorer`'s.
model_params = {
    "size": {"type": "SliderInt", "value": 50, "label": "size (cells per side)", "min": 20,
             "max": 200, "step": 1},
    "nowak_may": {"type": "Checkbox", "value": True,
                  "label": "Nowak–May game R=1, T=b, S=P=0 (else R, S, T, P)"},
    "b": {"type": "SliderFloat", "value": 1.85, "label": "b (temptation)", "min": 1.0,
          "max": 2.5, "step": 0.01},
    "R": {"type": "SliderFloat", "value": 3.0, "label": "R", "min": 0.0, "max": 5.0,
          "step": 0.05},
    "S": {"type": "SliderFloat", "value": 0.0, "label": "S", "min": 0.0, "max": 5.0,
          "step": 0.05},
    "T": {"type": "SliderFloat", "value": 5.0, "label": "T", "min": 0.0, "max": 5.0,
          "step": 0.05},
    "P": {"type": "SliderFloat", "value": 1.0, "label": "P", "min": 0.0, "max": 5.0,
          "step": 0.05},
    "rule": {"type": "Select", "value": "imitate-best", "label": "rule",
             "values": ["imitate-best", "fermi", "proportional", "death-birth"]},
    "temperature": {"type": "SliderFloat", "value": 0.1, "label": "K (Fermi temperature)",
                    "min": 0.01, "max": 2.0, "step": 0.01},
    "exponent": {"type": "SliderFloat", "value": 1.0, "label": "m (proportional exponent)",
                 "min": 0.1, "max": 10.0, "step": 0.1},
    "neighbourhood": {"type": "Select", "value": "moore", "label": "neighbourhood",
                      "values": ["moore", "von-neumann"]},
    "torus": {"type": "Checkbox", "value": True, "label": "torus (wrap around)"},
    "initial": {"type": "Select", "value": "random", "label": "initial",
                "values": ["random", "mutant", "block"]},
    "cooperators": {"type": "SliderFloat", "value": 0.9, "label": "co-operators (random)",
                    "min": 0.0, "max": 1.0, "step": 0.01},
    "block": {"type": "SliderInt", "value": 3, "label": "block side", "min": 1, "max": 15,
              "step": 1},
    "activation": {"type": "Select", "value": "synchronous", "label": "activation",
                   "values": ["synchronous", "asynchronous"]},
    "seed": {"type": "InputText", "value": "1", "label": "seed (int; empty: random)"},
}  # fmt: skip


def _initial_controls() -> dict:
    return {name: spec["value"] for name, spec in model_params.items()}


def viz(model, *, name: str = TITLE):
    """The ``SolaraViz`` element for ``model`` (a model or a ``solara.Reactive`` of one).

    Reset rebuilds ``type(model)`` from the controls, so ``model`` should be a
    :class:`LatticeExplorer`.  Rendering the element (in a notebook, by ``solara run`` or
    ``solara.render``) shows the page.

    Examples
    --------
    >>> element = viz(LatticeExplorer(size=20, seed=1))
    >>> element.kwargs["components"] == components
    True
    """
    return SolaraViz(model, components=components, model_params=model_params, name=name)


@solara.component
def Page():
    """The page: a fresh :class:`LatticeExplorer` per session, with its controls."""
    model = solara.use_memo(lambda: LatticeExplorer(**_initial_controls()), [])
    return viz(model)


#: The page element (``solara run coop_sim.spatial.app`` renders :func:`Page`).
page = Page()
