"""Figures of the rule-maker's lab: sweeps, thresholds and outcomes (matplotlib).

Like :mod:`coop_sim.plot`, every function draws into ``ax`` if one is given (else into a new
pyplot-free :class:`~matplotlib.figure.Figure`) and returns the figure; matplotlib is
imported only when a figure is drawn.  :func:`save_figure` writes a figure atomically.

* :func:`plot_sweep_heatmap` -- a metric over two levers, with the threshold contour;
* :func:`plot_sweep_line` -- a metric against one lever with a confidence band;
* :func:`plot_outcome` -- strategy shares and the co-operation rate over generations;
* :func:`plot_designs` -- one :func:`plot_outcome` panel per design;
* :func:`plot_threshold` -- the levels a threshold search evaluated.

Sweep tables are the tidy tables of :func:`coop_sim.sweep.sweep`: one row per cell and
replicate, one column per lever and per outcome metric.
"""

from __future__ import annotations

import math
import os
import textwrap
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from coop_sim._output import temp_path

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from coop_sim.design.evaluate import Outcome

__all__ = [
    "confidence_band",
    "plot_designs",
    "plot_outcome",
    "plot_sweep_heatmap",
    "plot_sweep_line",
    "plot_threshold",
    "save_figure",
]

#: Heat-map cells are annotated with their values up to this many levels per axis.
_MAX_ANNOTATED = 12
#: At most this many tick labels per heat-map axis.
_MAX_TICKS = 12


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.get_figure(), ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def _bounded(metric: str) -> bool:
    """True for metrics that are shares or rates in [0, 1]."""
    return metric in ("cooperation", "mean_cooperation", "takeover") or metric.startswith("share:")


def _columns(table, *names: str | None) -> None:
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame (a sweep table), got {table!r}")
    if table.empty:
        raise ValueError("table has no rows")
    for name in names:
        if name is not None and name not in table.columns:
            raise ValueError(
                f"column {name!r} is not in the table; its columns are {', '.join(table.columns)}"
            )


def _numeric(values: pd.Series) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def _fmt(value: object) -> str:
    """A compact label: ``%.3g`` for numbers, ``true``/``false`` for flags."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value)).lower()
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"{float(value):.3g}"
    return str(value)


def _is_numeric(values: Sequence) -> bool:
    """True when every level is a real number (flags and text are categories)."""
    return len(values) > 0 and all(
        isinstance(v, (int, float, np.integer, np.floating))
        and not isinstance(v, (bool, np.bool_))
        and math.isfinite(float(v))
        for v in values
    )


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around sorted ``centres``: half-way between neighbours, and as far
    beyond the ends as the neighbouring half-gap (one level: +-half its size, or 0.5)."""
    if len(centres) == 1:
        half = 0.5 * abs(centres[0]) if centres[0] != 0 else 0.5
        return np.array([centres[0] - half, centres[0] + half])
    mids = 0.5 * (centres[:-1] + centres[1:])
    return np.concatenate([[2 * centres[0] - mids[0]], mids, [2 * centres[-1] - mids[-1]]])


def _axis(values: Sequence) -> tuple[np.ndarray, np.ndarray, bool]:
    """``(centres, edges, numeric)`` of a heat-map axis: the levels themselves for a
    numeric lever (so uneven grids keep their spacing), positions 0, 1, ... otherwise."""
    if _is_numeric(values):
        centres = np.asarray(values, dtype=np.float64)
        return centres, _edges(centres), True
    centres = np.arange(len(values), dtype=np.float64)
    return centres, _centres_edges(len(values)), False


def _centres_edges(n: int) -> np.ndarray:
    return np.arange(n + 1, dtype=np.float64) - 0.5


def _averaged(table, averaged: Sequence[str] | None, *shown: str | None) -> list[str]:
    """The levers averaged over: ``averaged``, else the sweep grid's other levers."""
    if averaged is None:
        grid = table.attrs.get("grid") if isinstance(table.attrs, dict) else None
        averaged = list(grid) if isinstance(grid, dict) else []
    if isinstance(averaged, str):
        averaged = [averaged]
    return [name for name in averaged if name not in shown]


def _ticks(ax: Axes, axis: str, values: Sequence, centres: np.ndarray, edges: np.ndarray) -> None:
    """Ticks at the levels, labelled ``%.3g``; on a numeric axis, levels too close to the
    previous labelled one (uneven grids) keep their cell but lose their label."""
    n = len(values)
    span = float(edges[-1] - edges[0]) or 1.0
    gap = span * (0.07 if axis == "x" else 0.045)
    step = max(1, math.ceil(n / _MAX_TICKS))
    keep: list[int] = []
    for i in range(0, n, step):
        if keep and centres[i] - centres[keep[-1]] < gap:
            continue
        keep.append(i)
    labels = [_fmt(values[i]) for i in keep]
    positions = [float(centres[i]) for i in keep]
    if axis == "x":
        ax.set_xticks(positions, labels, rotation=45 if len(keep) > 6 else 0, fontsize=8)
    else:
        ax.set_yticks(positions, labels, fontsize=8)


def plot_sweep_heatmap(
    table: pd.DataFrame,
    x: str,
    y: str,
    metric: str = "cooperation",
    *,
    threshold: float | None = None,
    ax: Axes | None = None,
    averaged: Sequence[str] | None = None,
) -> Figure:
    """A metric over two levers: the mean over replicates per cell, with a threshold contour.

    A numeric lever is drawn on its true scale: each cell is centred on its level, with
    edges half-way to the neighbouring levels, so an uneven grid (``turnover = [0.01, 0.05,
    0.2]``) keeps its spacing and the contour interpolates linearly between the levels'
    values.  A true/false lever is drawn as categories.  The contour is named in a legend
    under the plot and marked on the colour bar (no label over the cells).  Rows of other
    levers in the table are averaged in too, and the title says so.

    Parameters
    ----------
    table : pandas.DataFrame
        A sweep table (:func:`coop_sim.sweep.sweep`).
    x, y : str
        The levers on the horizontal and vertical axes (columns of ``table``).
    metric : str
        The outcome column (``cooperation``, ``mean_cooperation``, ``welfare``,
        ``mean_welfare``, ``takeover`` -- the share of replicates in which co-operators took
        over --, ``share:<strategy>``).
    threshold : float, optional
        Draw and label the contour where the mean metric crosses this level (when it does).
    ax : matplotlib Axes, optional
    averaged : sequence of str, optional
        The other levers of the table, averaged over (named in the title).  Default: the
        levers of a sweep table's ``attrs['grid']`` other than ``x`` and ``y``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"fine": [0, 0, 1, 1, 2, 2] * 2, "w": [0.1, 0.9] * 6,
    ...                   "replicate": [0] * 6 + [1] * 6,
    ...                   "cooperation": [0, .2, .1, .9, .5, 1] * 2})
    >>> fig = plot_sweep_heatmap(t, "fine", "w", threshold=0.8)
    >>> ax = fig.axes[0]
    >>> ax.get_xlabel(), ax.get_ylabel(), ax.get_xticks().tolist()
    ('fine', 'w', [0.0, 1.0, 2.0])
    >>> from matplotlib.contour import ContourSet
    >>> [c.levels.tolist() for c in ax.collections if isinstance(c, ContourSet)]
    [[0.8]]
    """
    _columns(table, x, y, metric)
    if x == y:
        raise ValueError(f"x and y must be different levers, got {x!r} twice")
    data = table[[x, y]].copy()
    data["_value"] = _numeric(table[metric])
    means = data.groupby([y, x])["_value"].mean().unstack(x)
    counts = data.groupby([y, x])["_value"].count()
    xs, ys = list(means.columns), list(means.index)
    xc, xe, _ = _axis(xs)
    yc, ye, _ = _axis(ys)
    z = np.ma.masked_invalid(means.to_numpy(dtype=np.float64))
    fig, ax = _new_axes(ax, (7.0, 5.5))
    bounded = _bounded(metric)
    mesh = ax.pcolormesh(
        xe, ye, z, cmap="viridis", vmin=0.0 if bounded else None, vmax=1.0 if bounded else None,
        shading="flat",
    )  # fmt: skip
    replicates = int(counts.max())
    label = f"{metric} (mean of {replicates} replicate{'s' if replicates > 1 else ''})"
    bar = fig.colorbar(mesh, ax=ax, label=label)
    if len(xs) <= _MAX_ANNOTATED and len(ys) <= _MAX_ANNOTATED:
        lo, hi = mesh.get_clim()
        for i in range(len(ys)):
            for j in range(len(xs)):
                if z.mask is not np.ma.nomask and z.mask[i, j]:
                    continue
                value = float(z[i, j])
                light = (value - lo) / (hi - lo) < 0.6 if hi > lo else True
                ax.text(xc[j], yc[i], f"{value:.2f}", ha="center", va="center", fontsize=7,
                        color="white" if light else "black")  # fmt: skip
    title = f"{metric} over {x} and {y}"
    others = _averaged(table, averaged, x, y)
    if others:
        title += f" (mean over {', '.join(others)})"
    if threshold is not None:
        threshold = float(threshold)
        drawn = False
        if len(xs) >= 2 and len(ys) >= 2 and z.count() and z.min() <= threshold <= z.max():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                contour = ax.contour(xc, yc, z, levels=[threshold], colors="red",
                                     linewidths=2.0)  # fmt: skip
            drawn = bool(contour.allsegs and any(len(s) for s in contour.allsegs[0]))
            if drawn:  # named in a legend under the axes and on the colour bar, not inline
                from matplotlib.lines import Line2D

                bar.add_lines(contour)
                key = Line2D([], [], color="red", linewidth=2.0,
                             label=f"contour: mean {metric} = {threshold:g}")  # fmt: skip
                ax.legend(handles=[key], loc="upper center", bbox_to_anchor=(0.5, -0.13),
                          fontsize=8, frameon=False)  # fmt: skip
        if not drawn:
            title += f"\n{metric} = {threshold:g} is not crossed in this grid"
    _ticks(ax, "x", xs, xc, xe)
    _ticks(ax, "y", ys, yc, ye)
    ax.set_xlim(xe[0], xe[-1])
    ax.set_ylim(ye[0], ye[-1])
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(_wrap(title, 70), fontsize=11)
    return fig


def _wrap(title: str, width: int) -> str:
    """``title`` broken into lines of at most ``width`` characters (its own lines kept)."""
    return "\n".join(
        "\n".join(textwrap.wrap(line, width, break_on_hyphens=False)) or line
        for line in title.split("\n")
    )


def confidence_band(
    table: pd.DataFrame, x: str, metric: str, *, level: float = 0.95, by: str | None = None
) -> pd.DataFrame:
    """Mean of ``metric`` per level of ``x`` (and of ``by``) with a Student-t interval.

    The interval of the mean over the ``n`` replicates of a cell is
    ``mean +- t_{(1 + level) / 2, n - 1} * sd / sqrt(n)`` (``sd`` the sample standard
    deviation), clipped to [0, 1] for the metrics that are rates or shares (co-operation,
    takeover, ``share:<strategy>``); with one replicate, or identical replicates, it has
    zero width.

    Returns
    -------
    pandas.DataFrame
        Columns ``[by,] x, mean, sd, n, low, high``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"f": [0, 0, 1, 1], "cooperation": [0.2, 0.4, 0.9, 0.9]})
    >>> band = confidence_band(t, "f", "cooperation").round(3).to_dict("list")
    >>> band["low"], band["high"]  # 0.3 +- 1.271, clipped to [0, 1]
    ([0.0, 0.9], [1.0, 0.9])
    """
    from scipy.stats import t as student

    _columns(table, x, metric, by)
    level = float(level)
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be a confidence level in (0, 1), got {level!r}")
    keys = [by, x] if by is not None else [x]
    data = table[keys].copy()
    data["_value"] = _numeric(table[metric])
    stats = data.groupby(keys)["_value"].agg(["mean", "std", "count"]).reset_index()
    stats = stats.rename(columns={"std": "sd", "count": "n"})
    n = stats["n"].to_numpy()
    sd = np.nan_to_num(stats["sd"].to_numpy(dtype=np.float64))
    quantile = np.where(n > 1, student.ppf(0.5 + level / 2, np.maximum(n - 1, 1)), 0.0)
    half = quantile * sd / np.sqrt(n)
    stats["sd"] = sd
    low, high = stats["mean"] - half, stats["mean"] + half
    if _bounded(metric):  # a rate's interval beyond [0, 1] means nothing
        low, high = low.clip(0.0, 1.0), high.clip(0.0, 1.0)
    stats["low"] = low
    stats["high"] = high
    return stats


def plot_sweep_line(
    table: pd.DataFrame,
    x: str,
    metric: str = "cooperation",
    *,
    level: float = 0.95,
    ax: Axes | None = None,
    by: str | None = None,
    threshold: float | None = None,
    averaged: Sequence[str] | None = None,
) -> Figure:
    """A metric against one lever: the mean over replicates with a confidence band.

    The band is the Student-t interval of the mean at confidence ``level`` (see
    :func:`confidence_band`; clipped to [0, 1] for rates); rows of levers other than ``x``
    and ``by`` are pooled, and the title says so (wrapped to fit the figure).

    Parameters
    ----------
    table : pandas.DataFrame
        A sweep table (:func:`coop_sim.sweep.sweep`).
    x : str
        The lever on the horizontal axis.
    metric : str
        The outcome column (see :func:`plot_sweep_heatmap`).
    level : float
        Confidence level of the band, in (0, 1).
    ax : matplotlib Axes, optional
    by : str, optional
        Another lever: one line (and band) per level of it.
    threshold : float, optional
        Draw this level of the metric as a dashed horizontal line.
    averaged : sequence of str, optional
        The other levers of the table, pooled (named in the title).  Default: the levers of
        a sweep table's ``attrs['grid']`` other than ``x`` and ``by``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"turnover": [0.0, 0.0, 0.1, 0.1, 0.2, 0.2],
    ...                   "cooperation": [1.0, 0.9, 0.6, 0.8, 0.1, 0.3]})
    >>> fig = plot_sweep_line(t, "turnover", threshold=0.8)
    >>> ax = fig.axes[0]
    >>> ax.lines[0].get_ydata().round(2).tolist(), len(ax.collections)  # means, one band
    ([0.95, 0.7, 0.2], 1)
    """
    stats = confidence_band(table, x, metric, level=level, by=by)
    fig, ax = _new_axes(ax, (7.0, 4.5))
    groups = [(None, stats)] if by is None else list(stats.groupby(by, sort=True))
    from matplotlib import colormaps

    cmap = colormaps["tab10"]
    for k, (value, part) in enumerate(groups):
        xs = _numeric(part[x])
        colour = cmap(k % cmap.N)
        label = f"{by} = {_fmt(value)}" if by is not None else f"mean {metric}"
        ax.plot(xs, part["mean"].to_numpy(), marker="o", markersize=3, color=colour,
                label=label)  # fmt: skip
        ax.fill_between(xs, part["low"].to_numpy(), part["high"].to_numpy(), color=colour,
                        alpha=0.25, linewidth=0)  # fmt: skip
    if threshold is not None:
        ax.axhline(float(threshold), color="0.3", linestyle="--", linewidth=1.0,
                   label=f"{metric} = {float(threshold):g}")  # fmt: skip
    if _bounded(metric):
        ax.set_ylim(-0.02, 1.02)
    n = int(stats["n"].max())
    ax.set_xlabel(x)
    ax.set_ylabel(metric)
    band = f"{level:.0%} t-interval of the mean of {n} replicates" if n > 1 else "1 replicate"
    others = _averaged(table, averaged, x, by)
    pooled = f"\npooled over {', '.join(others)}" if others else ""
    ax.set_title(_wrap(f"mean {metric} against {x}\nband: {band}{pooled}", 62), fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    return fig


def _outcomes(outcome) -> list[Outcome]:
    from coop_sim.design.evaluate import Outcome

    runs = [outcome] if isinstance(outcome, Outcome) else list(outcome)
    if not runs or not all(isinstance(o, Outcome) for o in runs):
        raise TypeError(f"outcome must be an Outcome or a sequence of Outcomes, got {outcome!r}")
    return runs


def plot_outcome(
    outcome: Outcome | Sequence[Outcome],
    *,
    ax: Axes | None = None,
    title: str | None = None,
    legend: bool = True,
) -> Figure:
    """Strategy shares (stacked) and the co-operation rate (black line) over generations.

    Parameters
    ----------
    outcome : Outcome or sequence of Outcome
        One run, or replicates of one scenario: then the shares are the means over the
        replicates, the line the mean co-operation rate and a dashed outline (unfilled, so
        the shares keep their colours) the middle half of the replicates' rates (25th to
        75th percentile, per generation).  The dotted line is the takeover level.
    ax : matplotlib Axes, optional
    title : str, optional
        Default: the game class and the number of runs.
    legend : bool
        Draw the legend (to the right of the axes).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from coop_sim.design import Scenario, Dynamics, evaluate
    >>> out = evaluate(Scenario(["tit_for_tat", "defector"],
    ...                         dynamics=Dynamics("replicator", generations=20)))
    >>> ax = plot_outcome(out).axes[0]
    >>> len(ax.collections), ax.lines[0].get_label(), ax.get_xlabel()  # two shares
    (2, 'co-operation rate', 'generation')
    """
    from coop_sim.plot_evolution import _colours

    runs = _outcomes(outcome)
    first = runs[0]
    shares = np.mean([o.shares for o in runs], axis=0)
    coop = np.array([o.cooperation for o in runs])
    fig, ax = _new_axes(ax, (7.0, 4.0))
    generations = np.arange(shares.shape[0])
    ax.stackplot(generations, shares.T, labels=list(first.names),
                 colors=_colours(len(first.names)), alpha=0.85)  # fmt: skip
    played = np.arange(coop.shape[1])  # generation g is played by the state at its start
    if len(runs) > 1:  # an outline, not a fill: a translucent fill would tint the shares
        low, high = np.percentile(coop, [25, 75], axis=0)
        ax.fill_between(played, low, high, facecolor="none", edgecolor="black",
                        linestyle="--", linewidth=0.8,
                        label="co-operation, middle half of runs")  # fmt: skip
    ax.plot(played, coop.mean(axis=0), color="black", linewidth=1.8, label="co-operation rate")
    from matplotlib import patheffects

    ax.axhline(first.takeover_level, color="white", linestyle=":", linewidth=1.4,
               path_effects=[patheffects.withStroke(linewidth=2.6, foreground="0.2")],
               label=f"takeover level ({first.takeover_level:g})")  # fmt: skip
    ax.set_xlim(0, max(generations[-1], 1))
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel("generation")
    ax.set_ylabel("share / co-operation rate")
    if title is None:
        runs_text = f", mean of {len(runs)} runs" if len(runs) > 1 else ""
        title = f"{first.game_class.replace('_', ' ')}{runs_text}"
    ax.set_title(title, fontsize=10)
    if legend:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return fig


def plot_designs(designs: Sequence[tuple[str, Sequence[Outcome]]], *, columns: int = 2) -> Figure:
    """One :func:`plot_outcome` panel per design, sharing one legend.

    Parameters
    ----------
    designs : sequence of (name, outcomes)
        Each design's name and its replicates (or one Outcome).
    columns : int
        Panels per row.

    Examples
    --------
    >>> from coop_sim.design import Scenario, Dynamics, DefectionFine, evaluate
    >>> s = Scenario(["tit_for_tat", "defector"], dynamics=Dynamics("replicator", generations=9))
    >>> fig = plot_designs([("base", evaluate(s)), ("fined", evaluate(s.apply(DefectionFine(3))))])
    >>> [ax.get_title().split(":")[0] for ax in fig.axes]
    ['base', 'fined']
    """
    from matplotlib.figure import Figure

    designs = list(designs)
    if not designs:
        raise ValueError("designs must name at least one design")
    columns = max(1, min(int(columns), len(designs)))
    rows = math.ceil(len(designs) / columns)
    fig = Figure(figsize=(4.6 * columns + 1.8, 3.3 * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, columns, squeeze=False)).ravel()
    for ax, (name, outcome) in zip(axes, designs, strict=False):
        runs = _outcomes(outcome)
        game = runs[0].game_class.replace("_", " ")
        plot_outcome(runs, ax=ax, title=f"{name}: {game}", legend=False)
    for ax in axes[len(designs) :]:
        fig.delaxes(ax)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside right upper", fontsize=8, frameon=False)
    return fig


def plot_threshold(result, *, ax: Axes | None = None) -> Figure:
    """The levels a threshold search evaluated, where the target held, and the threshold.

    A closed-form threshold evaluates no levels: the figure shades where the target fails
    and holds by the formula, and marks the value.  The range searched is padded, so a
    threshold at its bottom (e.g. 0) stays visible.

    Parameters
    ----------
    result : ThresholdResult
        From :func:`coop_sim.design.threshold.threshold`.
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> from coop_sim.design import Scenario, Shadow
    >>> from coop_sim.design.threshold import threshold
    >>> s = Scenario(["tit_for_tat", "defector"], interventions=[Shadow(continuation=0.3)])
    >>> r = threshold(s, "fine_on_defection", "tit_for_tat resists defector", method="exact")
    >>> ax = plot_threshold(r).axes[0]
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('fine_on_defection', 'stability margin')
    >>> closed = threshold(s, "fine_on_defection", "tit_for_tat resists defector")
    >>> plot_threshold(closed).axes[0].texts[0].get_text().splitlines()
    ['fine_on_defection = 0.8', '(closed form)']
    """
    fig, ax = _new_axes(ax, (7.0, 4.0))
    evaluations = sorted(result.evaluations, key=lambda e: e[0])
    ylabel = {
        "exact": "stability margin",
        "deterministic": "metric",
        "simulation": "share of runs meeting the target",
    }.get(result.method, "estimate")
    if evaluations:
        xs = np.array([e[0] for e in evaluations], dtype=np.float64)
        ys = np.array([e[1] for e in evaluations], dtype=np.float64)
        held = np.array([bool(e[2]) for e in evaluations])
        ax.plot(xs, ys, color="0.6", linewidth=0.8)
        ax.scatter(xs[held], ys[held], color="tab:green", s=18, label="target holds", zorder=3)
        ax.scatter(xs[~held], ys[~held], color="tab:red", s=18, label="target fails", zorder=3)
        if result.method == "simulation":
            ax.axhline(0.5, color="0.3", linestyle=":", linewidth=1.0,
                       label="holds in half of the runs")  # fmt: skip
            ax.set_ylim(-0.02, 1.02)
        elif result.method == "exact":
            ax.axhline(0.0, color="0.3", linestyle=":", linewidth=1.0)
    if result.method == "closed-form":
        _closed_form_panel(ax, result)
        ylabel = ""
    elif result.value is not None:
        ax.axvline(result.value, color="black", linewidth=1.5, zorder=4,
                   label=f"threshold {result.value:.4g} ({result.method})")  # fmt: skip
        lo, hi = result.bracket
        if hi > lo:
            ax.axvspan(lo, hi, color="0.5", alpha=0.2, linewidth=0)
    if result.closed_form is not None and result.method != "closed-form":
        ax.axvline(result.closed_form, color="tab:blue", linestyle="--", linewidth=1.0,
                   label=f"closed form {result.closed_form:.4g}")  # fmt: skip
    pad = 0.03 * (result.high - result.low)  # a threshold at either end stays in view
    ax.set_xlim(result.low - pad, result.high + pad)
    ax.set_xlabel(result.lever)
    ax.set_ylabel(ylabel)
    ax.set_title("\n".join(textwrap.wrap(f"{result.target}: {result.statement}", 90)),
                 fontsize=8)  # fmt: skip
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, frameon=False, loc="best")
    return fig


def _closed_form_panel(ax: Axes, result) -> None:
    """Where a closed-form threshold says the target fails and holds, and its value."""
    lo, hi, value = result.low, result.high, result.value
    ax.set_ylim(0.0, 1.0)
    ax.set_yticks([])
    if value is None:
        ax.axvspan(lo, hi, color="tab:red", alpha=0.15, linewidth=0,
                   label="target fails (closed form)")  # fmt: skip
        ax.text(0.5 * (lo + hi), 0.55, f"not reached in [{lo:g}, {hi:g}]\n(closed form)",
                ha="center", va="center", fontsize=9)  # fmt: skip
    else:
        if value > lo:
            ax.axvspan(lo, value, color="tab:red", alpha=0.15, linewidth=0,
                       label="target fails (closed form)")  # fmt: skip
        ax.axvspan(value, hi, color="tab:green", alpha=0.15, linewidth=0,
                   label="target holds (closed form)")  # fmt: skip
        ax.axvline(value, color="black", linewidth=1.5, zorder=4,
                   label=f"threshold {value:.4g} (closed-form)")  # fmt: skip
        ax.plot([value], [0.5], marker="D", markersize=7, color="black", zorder=5,
                clip_on=False)  # fmt: skip
        right = value <= 0.5 * (lo + hi)
        ax.annotate(f"{result.lever} = {value:.4g}\n(closed form)", (value, 0.5),
                    xytext=(8 if right else -8, 0), textcoords="offset points",
                    ha="left" if right else "right", va="center", fontsize=9)  # fmt: skip
    ax.text(0.01, 0.02, "criterion: the stability condition, exact by formula (no runs)",
            transform=ax.transAxes, fontsize=7, color="0.3", va="bottom")  # fmt: skip


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 120) -> Path:
    """Write ``fig`` to ``path`` atomically (a temporary file renamed into place).

    The format follows the suffix (``.png``, ``.svg``, ``.pdf``); an existing file is
    replaced only once the new one is complete.  The temporary file is
    ``.coop_sim-<name>.<pid>-<random>.tmp`` (:func:`coop_sim._output.temp_path`): if the
    process is killed while writing, :func:`coop_sim._output.remove_stale_temps` (run by
    every sweep on its folder) recognises and deletes it.

    Examples
    --------
    >>> import tempfile
    >>> from matplotlib.figure import Figure
    >>> p = save_figure(Figure(), Path(tempfile.mkdtemp()) / "empty.png")
    >>> p.name, p.stat().st_size > 0
    ('empty.png', True)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise ValueError(f"path must end in .png, .svg or .pdf, got {str(path)!r}")
    tmp = temp_path(path)
    try:
        fig.savefig(tmp, dpi=dpi, format=suffix[1:])
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
