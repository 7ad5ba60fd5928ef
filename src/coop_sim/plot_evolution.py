"""Figures of evolutionary dynamics (matplotlib).

Like :mod:`coop_sim.plot`, every function draws into ``ax`` if one is given (else into a new
pyplot-free :class:`~matplotlib.figure.Figure`) and returns the figure; matplotlib is
imported only when a figure is drawn.

* :func:`shares_over_time` -- stacked shares of each strategy over time;
* :func:`simplex` -- trajectories and a stationary distribution on the 3-strategy simplex;
* :func:`invasion_diagram` -- strategies as nodes, arrows weighted by fixation probabilities;
* :func:`fixation_vs_population` -- fixation probability of one mutant against N.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from coop_sim.plot import _new_axes

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "fixation_vs_population",
    "invasion_diagram",
    "shares_over_time",
    "simplex",
    "to_simplex",
]

_SQRT3_2 = np.sqrt(3.0) / 2.0


def _colours(n: int) -> list:
    from matplotlib import colormaps

    cmap = colormaps["tab10" if n <= 10 else "tab20"]
    return [cmap(i % cmap.N) for i in range(n)]


def _series(result, run: int) -> tuple[np.ndarray, np.ndarray, str]:
    """(times, shares (T, n), x label) of a deterministic result or one simulated run."""
    if hasattr(result, "record_steps"):  # PopulationRuns
        if not 0 <= run < result.runs:
            raise ValueError(f"run must be in 0..{result.runs - 1}, got {run}")
        return np.asarray(result.record_steps), result.shares[run], "step"
    times = np.asarray(result.times)
    label = "generation" if getattr(result, "settings", {}).get("discrete", True) else "time"
    return times, np.asarray(result.shares), label


def shares_over_time(result, *, run: int = 0, ax: Axes | None = None) -> Figure:
    """Stacked shares of each strategy over time.

    Parameters
    ----------
    result : DynamicsResult or PopulationRuns
        An ecological or replicator run (``times``, ``shares``) or simulated finite
        populations (``record_steps``, ``shares``; one run is drawn).
    run : int
        Which simulated run to draw.
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> r = SimpleNamespace(names=("A", "B"), times=np.arange(3), settings={},
    ...                     shares=np.array([[0.5, 0.5], [0.6, 0.4], [0.7, 0.3]]))
    >>> shares_over_time(r).axes[0].get_ylabel()
    'share of the population'
    """
    times, shares, xlabel = _series(result, run)
    fig, ax = _new_axes(ax, 0)
    ax.stackplot(times, shares.T, labels=list(result.names), colors=_colours(len(result.names)))
    ax.set_xlim(times[0], times[-1])
    ax.set_ylim(0.0, 1.0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("share of the population")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    what = result.settings.get("process") or result.settings.get("dynamics") or ""
    if hasattr(result, "record_steps") and result.runs > 1:
        what += f", run {run + 1} of {result.runs}"
    ax.set_title(f"Shares over time{f' ({what})' if what else ''}", fontsize=11)
    return fig


def to_simplex(shares: np.ndarray) -> np.ndarray:
    """Cartesian coordinates of 3-strategy shares in an equilateral triangle.

    Strategy 0 sits at the bottom left (0, 0), 1 at the bottom right (1, 0) and 2 at the
    top (1/2, sqrt(3)/2).

    Examples
    --------
    >>> to_simplex(np.array([[1, 0, 0], [0, 0, 1]])).round(3).tolist()
    [[0.0, 0.0], [0.5, 0.866]]
    """
    x = np.asarray(shares, dtype=np.float64)
    x = x / x.sum(axis=-1, keepdims=True)
    return np.stack((x[..., 1] + 0.5 * x[..., 2], _SQRT3_2 * x[..., 2]), axis=-1)


def simplex(
    names: Sequence[str],
    *,
    trajectories: Sequence[np.ndarray] = (),
    stationary: tuple[np.ndarray, np.ndarray] | None = None,
    title: str = "Simplex",
    ax: Axes | None = None,
) -> Figure:
    """Trajectories and/or a stationary distribution on the 3-strategy simplex.

    Parameters
    ----------
    names : three str
        Corner labels.
    trajectories : sequence of arrays (T, 3)
        Shares (or counts) over time; each is drawn as a line from its start (dot) to its
        end (arrow head).
    stationary : (states, probabilities), optional
        States as counts (m, 3) and their stationary probabilities (m,), drawn as coloured
        shading (a darker colour is more probable, on a log scale).
    title : str
        The axes' title.
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> fig = simplex(["R", "P", "S"], trajectories=[np.array([[0.5, 0.3, 0.2], [0.3, 0.3, 0.4]])])
    >>> fig.axes[0].get_title()
    'Simplex'
    """
    if len(names) != 3:
        raise ValueError(f"the simplex needs exactly 3 strategies, got {len(names)}")
    fig, ax = _new_axes(ax, 0)
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, _SQRT3_2], [0.0, 0.0]])
    if stationary is not None:
        from matplotlib.colors import LogNorm

        states, probs = stationary
        xy = to_simplex(np.asarray(states))
        p = np.asarray(probs, dtype=np.float64)
        floor = max(p.max() * 1e-8, np.finfo(float).tiny)
        shade = ax.tripcolor(xy[:, 0], xy[:, 1], np.maximum(p, floor), shading="gouraud",
                             cmap="Greys", norm=LogNorm(vmin=floor, vmax=p.max()))  # fmt: skip
        fig.colorbar(shade, ax=ax, shrink=0.6, label="stationary probability (log scale)")
    for k, path in enumerate(trajectories):
        xy = to_simplex(np.asarray(path))
        colour = _colours(max(1, len(trajectories)))[k]
        ax.plot(xy[:, 0], xy[:, 1], color=colour, linewidth=1.2)
        ax.plot(xy[0, 0], xy[0, 1], "o", color=colour, markersize=4)
        if len(xy) > 1:
            ax.annotate("", xy=xy[-1], xytext=xy[-2],
                        arrowprops={"arrowstyle": "-|>", "color": colour})  # fmt: skip
    ax.plot(corners[:, 0], corners[:, 1], color="black", linewidth=1.0)
    offsets = [(-0.04, -0.05, "right"), (1.04, -0.05, "left"), (0.5, _SQRT3_2 + 0.04, "center")]
    for (x, y, align), name in zip(offsets, names, strict=True):
        ax.text(x, y, name, ha=align, va="center", fontsize=10)
    ax.set_xlim(-0.25, 1.25)
    ax.set_ylim(-0.12, _SQRT3_2 + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=11)
    return fig


def invasion_diagram(
    fixation: np.ndarray,
    names: Sequence[str],
    population: int,
    *,
    stationary: np.ndarray | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Strategies as nodes; an arrow i -> j where a single j mutant fixes in an all-i
    population more likely than a neutral one (rho > 1/N), its width proportional to rho*N;
    a dashed line joins two strategies that are neutral to each other (rho = 1/N both ways).

    Parameters
    ----------
    fixation : array (n, n)
        ``fixation[i, j]``: probability that one i mutant takes over an all-j population
        (the layout of :func:`coop_sim.evolution.exact.fixation_matrix`); the diagonal is
        ignored.
    names : sequence of str
    population : int
        N, for the neutral reference 1/N.
    stationary : array (n,), optional
        Small-mutation-limit stationary distribution, shown in the node labels and sizes.
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> rho = np.array([[np.nan, 0.01], [0.3, np.nan]])
    >>> fig = invasion_diagram(rho, ["TFT", "ALLD"], 10)
    >>> len(fig.axes[0].patches)  # one arrow: ALLD invades TFT (rho 0.3 > 1/10)
    1
    """
    rho = np.asarray(fixation, dtype=np.float64)
    n = len(names)
    if rho.shape != (n, n):
        raise ValueError(f"fixation must be ({n}, {n}) for {n} names, got shape {rho.shape}")
    from matplotlib.patches import FancyArrowPatch

    fig, ax = _new_axes(ax, 0)
    angle = np.pi / 2 - 2 * np.pi * np.arange(n) / n
    xy = np.stack((np.cos(angle), np.sin(angle)), axis=1)
    neutral = 1.0 / population
    strongest = np.nanmax(np.where(np.eye(n, dtype=bool), np.nan, rho)) * population
    for mutant in range(n):
        for resident in range(n):
            if mutant == resident:
                continue
            value = rho[mutant, resident]
            if (
                mutant > resident
                and np.isclose(value, neutral)
                and np.isclose(rho[resident, mutant], neutral)
            ):  # neutral both ways: a dashed line
                ax.plot(*zip(xy[resident], xy[mutant], strict=True), "--", color="0.6", zorder=1)
            if not value > neutral * (1 + 1e-9):
                continue
            width = 0.5 + 4.0 * value * population / max(strongest, 1.0)
            ax.add_patch(FancyArrowPatch(
                xy[resident], xy[mutant], arrowstyle="-|>", mutation_scale=14,
                linewidth=width, color="0.35", shrinkA=22, shrinkB=22,
                connectionstyle="arc3,rad=0.12",
            ))  # fmt: skip
    sizes = 900.0 if stationary is None else 300.0 + 2400.0 * np.asarray(stationary)
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=_colours(n), zorder=3, edgecolors="black")
    for k, name in enumerate(names):
        label = name if stationary is None else f"{name}\n{stationary[k]:.2f}"
        ax.text(1.3 * xy[k, 0], 1.3 * xy[k, 1] - 0.12 * (xy[k, 1] < -0.1), label, ha="center",
                va="center", fontsize=9)  # fmt: skip
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.6, 1.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"Invasion diagram (N = {population})", fontsize=11)
    caption = (
        "arrow resident -> mutant: one mutant fixes more often than a neutral one (rho > 1/N)"
        "\nwidth ~ rho N; dashed line: neutral both ways"
    )
    if stationary is not None:
        caption += (
            "\nnode size and number: time spent in each all-one-strategy state "
            "(small-mutation limit)"
        )
    ax.text(0.5, 0.04, caption, transform=ax.transAxes, ha="center", va="top", fontsize=8)
    return fig


def fixation_vs_population(
    sizes: Sequence[int],
    probabilities: np.ndarray | dict[str, np.ndarray],
    *,
    ax: Axes | None = None,
) -> Figure:
    """Fixation probability of a single mutant against population size, with 1/N.

    Parameters
    ----------
    sizes : sequence of int
        Population sizes N.
    probabilities : array (len(sizes),) or dict of label -> array
        Fixation probabilities (one curve per dict entry).
    ax : matplotlib Axes, optional

    Examples
    --------
    >>> fig = fixation_vs_population([2, 4, 8], {"TFT in ALLD": np.array([0.4, 0.2, 0.1])})
    >>> fig.axes[0].get_yscale()
    'log'
    """
    n_values = np.asarray(sizes, dtype=np.float64)
    curves = probabilities if isinstance(probabilities, dict) else {"mutant": probabilities}
    fig, ax = _new_axes(ax, 0)
    for (label, rho), colour in zip(curves.items(), _colours(len(curves)), strict=True):
        ax.plot(n_values, np.asarray(rho), "o-", color=colour, label=label, markersize=3)
    ax.plot(n_values, 1.0 / n_values, "--", color="black", linewidth=1.0, label="neutral 1/N",
            zorder=3)  # fmt: skip
    ax.set_yscale("log")
    ax.set_xlabel("population size N")
    ax.set_ylabel("fixation probability of one mutant")
    ax.legend(fontsize=8, frameon=False)
    ax.set_title("Fixation probability vs population size", fontsize=11)
    return fig
