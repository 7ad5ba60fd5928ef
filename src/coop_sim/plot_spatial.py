"""Figures and animations of spatial and network populations (matplotlib).

Like :mod:`coop_sim.plot_evolution`, every figure function draws into ``ax`` if one is given
(else into a new pyplot-free :class:`~matplotlib.figure.Figure`, so it works under any
backend, Agg included) and returns the figure; matplotlib is imported only when drawing.

* :func:`lattice_snapshot` -- the lattice coloured by strategy, or, for two strategies, by
  Nowak & May's (1992) four colours of what changed since the previous generation;
* :func:`network_snapshot` -- the nodes of a network coloured by strategy (networkx);
* :func:`spatial_shares` -- each strategy's share (and optionally its number of clusters)
  over the generations collected by ``model.datacollector``;
* :func:`animate_lattice` -- step a lattice model and write the frames to a GIF.

Strategies keep one colour everywhere: :func:`strategy_colours` (Okabe & Ito's
colour-blind-friendly palette, strategy 0 blue and strategy 1 vermillion).  The four colours
are :data:`CHANGE_COLOURS`: blue (C stayed C), red (D stayed D), green (D became C) and
yellow (C became D), taken from the same palette.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from coop_sim import _validate

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CHANGE_COLOURS",
    "MAX_NETWORK_NODES",
    "OKABE_ITO",
    "animate_lattice",
    "change_codes",
    "lattice_snapshot",
    "network_snapshot",
    "spatial_shares",
    "strategy_colours",
]

#: Okabe & Ito's (2008) colour-blind-friendly palette, in the order strategies get it.
OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
)
#: Nowak & May's (1992) colours of a two-strategy lattice, by change code
#: (see :func:`change_codes`): label -> colour.
CHANGE_COLOURS = {
    "C stayed C": "#0072B2",  # blue
    "D stayed D": "#D55E00",  # red (vermillion)
    "D became C": "#009E73",  # green
    "C became D": "#F0E442",  # yellow
}
#: :func:`network_snapshot` refuses larger networks (layouts and drawing get slow, and the
#: picture unreadable).
MAX_NETWORK_NODES = 3000

# (previous is D, current is D) -> change code: CC 0, CD 3, DC 2, DD 1
_CHANGE_TABLE = np.array([0, 3, 2, 1], dtype=np.int8)


def strategy_colours(n: int) -> list[str]:
    """The colours of strategies ``0 .. n-1`` (hex strings).

    The first eight are :data:`OKABE_ITO`; more strategies take evenly spaced colours of
    matplotlib's 'turbo' map (no palette keeps so many apart for every reader).

    Examples
    --------
    >>> strategy_colours(2)
    ['#0072B2', '#D55E00']
    >>> len(set(strategy_colours(12)))
    12
    """
    if n <= len(OKABE_ITO):
        return list(OKABE_ITO[:n])
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    extra = n - len(OKABE_ITO)
    cmap = colormaps["turbo"]
    return [*OKABE_ITO, *(to_hex(cmap((k + 0.5) / extra)) for k in range(extra))]


def change_codes(current: np.ndarray, previous: np.ndarray, cooperator: int = 0) -> np.ndarray:
    """Nowak & May's four classes of a two-strategy lattice (``int8``, same shape).

    0: C stayed C (blue), 1: D stayed D (red), 2: D became C (green), 3: C became D (yellow),
    where C is strategy ``cooperator`` and D the other one.

    Examples
    --------
    >>> change_codes(np.array([0, 1, 0, 1]), np.array([0, 1, 1, 0])).tolist()
    [0, 1, 2, 3]
    """
    cur_d = np.asarray(current) != cooperator
    prev_d = np.asarray(previous) != cooperator
    return _CHANGE_TABLE[2 * prev_d.astype(np.int8) + cur_d.astype(np.int8)]


# ----------------------------------------------------------------------------- helpers


def _new_figure(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.get_figure(), ax
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    return figure, figure.add_subplot()


def _strategy_array(value: object, name: str, shape: tuple | None = None) -> np.ndarray:
    x = np.asarray(value)
    if x.ndim != 2 or x.dtype.kind not in "iu" or x.size == 0:
        raise ValueError(
            f"{name} must be a (width, height) array of strategy indices, "
            f"got {x.dtype} array of shape {x.shape}"
        )
    if shape is not None and x.shape != shape:
        raise ValueError(f"{name} must have the lattice's shape {shape}, got {x.shape}")
    if x.min() < 0:
        raise ValueError(f"{name} must hold strategy indices >= 0, got {int(x.min())}")
    return x


def _lattice_of(model_or_state, names, previous):
    """(lattice, previous or None, names, generation or None) of a model or an array."""
    if hasattr(model_or_state, "population") and not hasattr(model_or_state, "lattice"):
        raise TypeError("lattice_snapshot draws lattices; use network_snapshot for a network model")
    if hasattr(model_or_state, "lattice"):
        model = model_or_state
        lattice = np.asarray(model.lattice)
        if previous is None:
            previous = model.previous_lattice
        names = tuple(model.names) if names is None else tuple(names)
        generation = model.generation
    else:
        lattice = _strategy_array(model_or_state, "model_or_state")
        generation = None
        if names is None:
            n = max(2, int(lattice.max()) + 1)
            names = tuple(f"strategy {k}" for k in range(n))
        names = tuple(names)
    if previous is not None:
        previous = _strategy_array(previous, "previous", lattice.shape)
    top = int(lattice.max())
    if previous is not None:
        top = max(top, int(previous.max()))
    if top >= len(names):
        raise ValueError(
            f"names must name every strategy on the lattice: index {top} needs at least "
            f"{top + 1} names, got {len(names)}"
        )
    return lattice, previous, names, generation


def _cooperator_of(names: Sequence[str], cooperator: int | None) -> int:
    if cooperator is not None:
        if cooperator not in (0, 1) or isinstance(cooperator, bool):
            raise ValueError(f"cooperator must be 0 or 1 (a strategy index), got {cooperator!r}")
        return int(cooperator)
    lowered = [str(name).lower() for name in names]
    if "cooperator" in lowered:
        return lowered.index("cooperator")
    if "defector" in lowered:
        return 1 - lowered.index("defector")
    return 0


class _LatticeArtist:
    """The image of one lattice in ``ax``; :meth:`update` redraws it for a new state."""

    def __init__(self, ax, names, *, four: bool, cooperator: int, n: int) -> None:
        from matplotlib.colors import BoundaryNorm, ListedColormap
        from matplotlib.patches import Patch

        self.ax = ax
        self.four = four
        self.cooperator = cooperator
        if four:
            colours = list(CHANGE_COLOURS.values())
            labels = list(CHANGE_COLOURS)
            c, d = names[cooperator], names[1 - cooperator]
            legend_title = f"C = {c}\nD = {d}"
        else:
            colours = strategy_colours(n)
            labels = list(names)
            legend_title = None
        self.colours = colours
        k = len(colours)
        self.cmap = ListedColormap(colours)
        self.norm = BoundaryNorm(np.arange(k + 1) - 0.5, k)
        self.image = None
        handles = [Patch(facecolor=col, edgecolor="0.3", label=lab)
                   for col, lab in zip(colours, labels, strict=True)]  # fmt: skip
        if len(handles) > 40:  # keep the legend on the page
            handles = [*handles[:39], Patch(facecolor="white", label=f"… {len(handles) - 39} more")]
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8,
            frameon=False, title=legend_title, title_fontsize=8,
            ncols=1 if len(handles) <= 20 else 2, alignment="left",
        )  # fmt: skip
        ax.set_xlabel("x")
        ax.set_ylabel("y")

    def codes(self, lattice: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
        if self.four:
            return change_codes(lattice, lattice if previous is None else previous,
                                self.cooperator)  # fmt: skip
        return lattice

    def update(self, lattice: np.ndarray, previous: np.ndarray | None) -> None:
        data = np.ascontiguousarray(self.codes(lattice, previous).T)
        if self.image is None:
            self.image = self.ax.imshow(
                data, cmap=self.cmap, norm=self.norm, origin="lower", interpolation="nearest",
                aspect="equal",
            )  # fmt: skip
        else:
            self.image.set_data(data)


def _generation_title(generation: int | None) -> str | None:
    return None if generation is None else f"Generation {generation}"


# ----------------------------------------------------------------------------- figures


def lattice_snapshot(
    model_or_state,
    *,
    names: Sequence[str] | None = None,
    previous: np.ndarray | None = None,
    changes: bool = True,
    cooperator: int | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """The lattice coloured by strategy (or by change, Nowak & May's four colours).

    Cell ``(x, y)`` is drawn at column ``x``, row ``y`` counted from the bottom.

    Parameters
    ----------
    model_or_state : LatticeModel or array_like of int, shape (width, height)
        A model (its current lattice, names and previous lattice) or strategy indices
        indexed ``[x, y]``.
    names : sequence of str, optional
        Strategy names in index order (default: the model's, or 'strategy 0', ...).
    previous : array_like of int, shape (width, height), optional
        The previous generation's lattice (a model's is used when not given).
    changes : bool
        With two strategies and a previous lattice, colour cells by change: blue = C stayed C,
        red = D stayed D, green = D became C, yellow = C became D (:data:`CHANGE_COLOURS`).
        False, or more strategies: one colour per strategy (:func:`strategy_colours`).
    cooperator : {0, 1}, optional
        Which strategy is 'C' in the four colours (default: the one named 'Cooperator', else
        the one not named 'Defector', else 0).
    ax : matplotlib Axes, optional
    title : str, optional
        Default: 'Generation g' for a model.

    Examples
    --------
    >>> now, before = np.array([[0, 1], [0, 1]]), np.array([[0, 1], [1, 0]])  # [x, y]
    >>> fig = lattice_snapshot(now, previous=before)
    >>> fig.axes[0].images[0].get_array().tolist()  # change codes; rows are y, columns x
    [[0, 2], [1, 3]]
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['C stayed C', 'D stayed D', 'D became C', 'C became D']
    """
    changes = _validate.flag(changes, "changes")
    explicit = previous is not None
    lattice, previous, names, generation = _lattice_of(model_or_state, names, previous)
    four = changes and previous is not None and len(names) == 2
    if explicit and changes and len(names) != 2:
        raise ValueError(
            f"previous (the four change colours) needs exactly 2 strategies, got {len(names)}; "
            "pass changes=False to colour by strategy"
        )
    fig, ax = _new_figure(ax, (6.4, 4.8))
    artist = _LatticeArtist(ax, names, four=four, cooperator=_cooperator_of(names, cooperator),
                            n=len(names))  # fmt: skip
    artist.update(lattice, previous)
    title = title if title is not None else _generation_title(generation)
    if title:
        ax.set_title(title, fontsize=11)
    return fig


_LAYOUTS = ("spring", "kamada-kawai", "circular", "spectral", "shell")


def _positions(graph, labels, layout, seed: int) -> dict:
    import networkx as nx

    if layout is None or layout == "spring":
        n = graph.number_of_nodes()
        return nx.spring_layout(
            graph, seed=seed, iterations=int(np.clip(25_000 // max(n, 1), 15, 50))
        )
    if isinstance(layout, str):
        makers = {
            "kamada-kawai": nx.kamada_kawai_layout,
            "circular": nx.circular_layout,
            "spectral": nx.spectral_layout,
            "shell": nx.shell_layout,
        }
        if layout not in makers:
            raise ValueError(
                f"layout must be one of {', '.join(_LAYOUTS)}, a dict node -> (x, y) or a "
                f"function of the graph, got {layout!r}"
            )
        return makers[layout](graph)
    pos = layout(graph) if callable(layout) else layout
    if not isinstance(pos, dict):
        raise TypeError(f"layout must give a dict node -> (x, y), got {type(pos).__name__}")
    missing = [label for label in labels if label not in pos]
    if missing:
        raise ValueError(
            f"layout must give a position to every node; {len(missing)} missing, e.g. "
            f"{missing[0]!r}"
        )
    return pos


def network_snapshot(
    model,
    *,
    layout: str | dict | Callable | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    seed: int = 0,
) -> Figure:
    """The nodes of a network model coloured by strategy (at most :data:`MAX_NETWORK_NODES`).

    Parameters
    ----------
    model : NetworkModel
    layout : {'spring', 'kamada-kawai', 'circular', 'spectral', 'shell'}, dict or callable
        Node positions: a networkx layout by name (default 'spring', seeded by ``seed``),
        a dict node label -> (x, y), or a function of the networkx graph returning one.
    ax : matplotlib Axes, optional
    title : str, optional
        Default: 'Generation g'.
    seed : int
        Seed of the spring layout (the same graph is always drawn the same way).

    Examples
    --------
    >>> import networkx as nx
    >>> from coop_sim.spatial import NetworkModel
    >>> model = NetworkModel(nx.cycle_graph(6), b=1.5, initial="mutant", seed=1)
    >>> fig = network_snapshot(model, layout="circular")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['Cooperator', 'Defector']
    """
    topology = getattr(getattr(model, "population", None), "topology", None)
    if topology is None:
        raise TypeError(f"model must be a NetworkModel, got {type(model).__name__}")
    if topology.kind != "graph":
        raise TypeError("network_snapshot draws networks; use lattice_snapshot for a lattice model")
    if topology.size > MAX_NETWORK_NODES:
        raise ValueError(
            f"network_snapshot draws networks of at most {MAX_NETWORK_NODES} nodes, the model "
            f"has {topology.size}; draw spatial_shares, or a model on a smaller graph"
        )
    import networkx as nx
    from matplotlib.patches import Patch

    graph, labels = topology.to_networkx(), list(topology.labels)
    pos = _positions(graph, labels, layout, seed)
    names = tuple(model.names)
    colours = np.array(strategy_colours(len(names)))
    state = np.asarray(model.population.state)
    fig, ax = _new_figure(ax, (6.4, 5.2))
    n = topology.size
    nx.draw_networkx_edges(graph, pos, ax=ax, width=0.4 if n > 200 else 0.8, alpha=0.35,
                           edge_color="0.4")  # fmt: skip
    nx.draw_networkx_nodes(
        graph, pos, nodelist=labels, node_color=colours[state].tolist(), ax=ax,
        node_size=float(np.clip(6000.0 / n, 4.0, 120.0)), linewidths=0.3, edgecolors="0.2",
    )  # fmt: skip
    ax.legend(
        handles=[Patch(facecolor=c, edgecolor="0.3", label=name)
                 for c, name in zip(colours, names, strict=True)],
        loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False,
    )  # fmt: skip
    ax.set_axis_off()
    title = title if title is not None else _generation_title(model.generation)
    if title:
        ax.set_title(title, fontsize=11)
    return fig


def spatial_shares(model, ax: Axes | None = None, *, clusters: bool = False) -> Figure:
    """Each strategy's share over the generations collected by ``model.datacollector``.

    Lines take the strategies' colours (:func:`strategy_colours`); row ``g`` of the collected
    data is generation ``g``.

    Parameters
    ----------
    model : LatticeModel or NetworkModel
    ax : matplotlib Axes, optional
    clusters : bool
        Also draw each strategy's number of clusters (dashed, right-hand axis); needs a
        model built with ``clusters=True``.

    Examples
    --------
    >>> from coop_sim.spatial import LatticeModel
    >>> model = LatticeModel(9, b=1.9, initial="mutant", torus=False, seed=1)
    >>> model.step()
    >>> fig = spatial_shares(model, clusters=True)
    >>> fig.axes[0].lines[1].get_ydata().tolist()  # defectors: 1, then 9 of 81 sites
    [0.012345679012345678, 0.1111111111111111]
    >>> len(fig.axes)  # the cluster axis
    2
    """
    clusters = _validate.flag(clusters, "clusters")
    collector = getattr(model, "datacollector", None)
    if collector is None:
        raise TypeError(f"model must be a LatticeModel or NetworkModel, got {type(model).__name__}")
    data = collector.model_vars
    names = tuple(model.names)
    colours = strategy_colours(len(names))
    wanted = [f"share {name}" for name in names]
    if clusters:
        wanted += [f"clusters {name}" for name in names]
    missing = [column for column in wanted if column not in data]
    if missing:
        hint = " (build the model with clusters=True)" if clusters else ""
        raise ValueError(f"model.datacollector has no column {missing[0]!r}{hint}")
    fig, ax = _new_figure(ax, (7.0, 4.5))
    rows = len(data[wanted[0]])
    generations = np.arange(rows)
    for name, colour in zip(names, colours, strict=True):
        ax.plot(generations, np.asarray(data[f"share {name}"], dtype=float), color=colour,
                label=name, linewidth=1.4)  # fmt: skip
    ax.set_xlim(0, max(rows - 1, 1))
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("generation")
    ax.set_ylabel("share of the sites")
    handles, labels = ax.get_legend_handles_labels()
    if clusters:
        twin = ax.twinx()
        for name, colour in zip(names, colours, strict=True):
            twin.plot(generations, np.asarray(data[f"clusters {name}"], dtype=float),
                      color=colour, linestyle="--", linewidth=1.0)  # fmt: skip
        twin.set_ylim(bottom=0)
        twin.set_ylabel("number of clusters (dashed)")
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.12 if clusters else 1.0, 1.0),
              fontsize=8, frameon=False)  # fmt: skip
    ax.set_title("Shares over generations", fontsize=11)
    return fig


# ----------------------------------------------------------------------------- animation


def _advance(
    model, generations: int, progress: bool = False, after: Callable[[int], None] | None = None
) -> None:
    """Step ``model`` ``generations`` times, calling ``after(g)`` after generation ``g``;
    ``progress``: show a progress bar on stderr."""
    from coop_sim.tournament import _progress

    started, shown = time.perf_counter(), 0.0
    for g in range(1, generations + 1):
        model.step()
        if after is not None:
            after(g)
        if progress:
            now = time.perf_counter()
            if g == generations or now - shown > 0.2:
                _progress(g, generations, started, unit="generations", stream=sys.stderr)
                shown = now


def animate_lattice(
    model,
    generations: int,
    path: str | os.PathLike,
    *,
    fps: float = 10,
    every: int = 1,
    dpi: int = 100,
    changes: bool = True,
    progress: bool = False,
) -> Path:
    """Step a lattice model ``generations`` times and write its frames to a GIF.

    Frames show the lattice as :func:`lattice_snapshot` does: now, after every ``every``
    generations, and at the end.  The GIF is written by matplotlib's ``PillowWriter`` to a
    temporary file next to ``path`` and renamed into place once complete, so an error or
    an interrupt leaves nothing half-written (the model stays stepped as far as it got).
    PillowWriter keeps every frame in memory until the end: pick ``every`` and ``dpi`` to
    keep frames x pixels reasonable.

    Parameters
    ----------
    model : LatticeModel
    generations : int
        Generations to step (>= 1).
    path : str or path-like
        The GIF to write (its name must end in '.gif'); an existing file is replaced.
    fps : float
        Frames per second (> 0).
    every : int
        Generations per frame (>= 1).
    dpi : int
        Resolution of the 6.4 x 4.8 inch frames (>= 10).
    changes : bool
        Nowak & May's four colours for two strategies (see :func:`lattice_snapshot`).
    progress : bool
        Show a progress bar on stderr.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from coop_sim.spatial import LatticeModel
    >>> model = LatticeModel(9, b=1.9, initial="mutant", torus=False, seed=1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = animate_lattice(model, 2, pathlib.Path(tmp) / "run.gif", dpi=20)
    ...     out.name, out.stat().st_size > 0
    ('run.gif', True)
    >>> model.generation
    2
    """
    if not hasattr(model, "lattice"):
        raise TypeError(f"model must be a LatticeModel, got {type(model).__name__}")
    generations = _validate.positive_int(generations, "generations")
    every = _validate.positive_int(every, "every")
    dpi = _validate.positive_int(dpi, "dpi", 10)
    fps = _validate.positive_real(fps, "fps")
    changes = _validate.flag(changes, "changes")
    path = Path(path)
    if path.suffix.lower() != ".gif":
        raise ValueError(f"path must name a .gif file, got {str(path)!r}")
    from matplotlib import rc_context
    from matplotlib.animation import PillowWriter
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.8), layout="constrained")
    ax = fig.add_subplot()
    names = tuple(model.names)
    four = changes and len(names) == 2
    artist = _LatticeArtist(ax, names, four=four, cooperator=_cooperator_of(names, None),
                            n=len(names))  # fmt: skip

    def draw() -> None:
        artist.update(np.asarray(model.lattice), np.asarray(model.previous_lattice))
        ax.set_title(_generation_title(model.generation), fontsize=11)

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".gif", dir=path.parent or ".")
    os.close(fd)
    tmp = Path(name)
    try:
        writer = PillowWriter(fps=fps)
        with rc_context({"savefig.bbox": None}):  # frames must keep the figure's size
            writer.setup(fig, str(tmp), dpi)
            draw()
            writer.grab_frame()
            fig.set_layout_engine(None)  # freeze the first frame's layout for all frames

            def frame(g: int) -> None:
                if g % every == 0 or g == generations:
                    draw()
                    writer.grab_frame()

            _advance(model, generations, progress, after=frame)
            writer.finish()
        mask = os.umask(0)
        os.umask(mask)
        tmp.chmod(0o666 & ~mask)  # mkstemp makes the file private; the GIF should not be
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
