"""Figures of a :class:`~coop_sim.results.TournamentResult` (matplotlib).

Every function takes the result first, draws into ``ax`` if one is given (else into a new
:class:`matplotlib.figure.Figure` made without pyplot, so no global state leaks) and returns
the figure.  Players are ordered by rank, best first.  Labels shrink with the number of
players and are hidden above :data:`MAX_LABELLED_PLAYERS`.  matplotlib is imported only when
a figure is drawn, so ``import coop_sim`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from coop_sim.results import TournamentResult

__all__ = [
    "FIGURES",
    "MAX_LABELLED_PLAYERS",
    "cooperation_heatmap",
    "match_lengths",
    "payoff_heatmap",
    "save_all",
    "score_differences",
    "score_distribution",
    "settings_text",
    "wins_distribution",
]

#: Above this many players, tick labels are hidden (the axes say "players by rank").
MAX_LABELLED_PLAYERS = 120
#: Heat-map cells are annotated with their values up to this many players.
_MAX_ANNOTATED = 12
_DEFAULT_GAME = (3.0, 0.0, 5.0, 1.0)


# ----------------------------------------------------------------------------- helpers


def _font_size(n: int) -> float:
    """Tick-label font size for ``n`` labelled players."""
    return float(np.clip(11.0 - n / 12.0, 5.0, 9.0))


def _new_axes(ax: Axes | None, n: int, square: bool = False) -> tuple[Figure, Axes]:
    """Return ``(figure, axes)``: the given axes' figure, or a new pyplot-free figure."""
    if ax is not None:
        return ax.get_figure(), ax
    from matplotlib.figure import Figure

    if square:
        side = float(np.clip(3.0 + 0.17 * n, 6.0, 20.0))
        size = (side + 1.5, side)
    else:
        size = (float(np.clip(2.5 + 0.2 * n, 7.0, 24.0)), 5.5 if n <= 30 else 7.0)
    figure = Figure(figsize=size, layout="constrained")
    return figure, figure.add_subplot()


def _length_text(settings: dict) -> str:
    turns, w = settings.get("turns"), settings.get("continuation")
    if turns is not None and w is not None:
        return f"min({turns} turns, w = {w:g})"
    if w is not None:
        return f"w = {w:g}"
    if turns is not None:
        return f"{turns} turns"
    return "long-run average"


def settings_text(result: TournamentResult) -> str:
    """One line describing the tournament's settings (used in the figure titles).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> settings_text(SimpleNamespace(names=["a", "b"], settings={"turns": 200,
    ...     "continuation": None, "noise": 0.05, "repetitions": 10, "method": "simulate",
    ...     "game": (3.0, 0.0, 5.0, 1.0)}))
    '2 players, 200 turns, noise 0.05, 10 repetitions'
    """
    s = result.settings
    parts = [f"{len(result.names)} players", _length_text(s), f"noise {s.get('noise', 0):g}"]
    if s.get("method") == "exact":
        parts.append("exact expectation")
    else:
        reps = s.get("repetitions", 1)
        parts.append(f"{reps} repetition{'s' if reps != 1 else ''}")
    game = tuple(s.get("game", _DEFAULT_GAME))
    if game != _DEFAULT_GAME:
        parts.append("(R, S, T, P) = (" + ", ".join(f"{v:g}" for v in game) + ")")
    return ", ".join(parts)


def _title(ax: Axes, what: str, result: TournamentResult) -> None:
    ax.set_title(f"{what}\n{settings_text(result)}", fontsize=11)


def _label_players(ax: Axes, names: list[str], axis: str = "x") -> None:
    """Ranked player names as tick labels on ``axis`` ('x', 'y' or 'xy')."""
    n = len(names)
    positions = np.arange(n)
    show = n <= MAX_LABELLED_PLAYERS
    size = _font_size(n)
    if "x" in axis:
        ax.set_xticks(positions)
        if show:
            ax.set_xticklabels(names, rotation=90, fontsize=size)
        else:
            ax.set_xticklabels([])
            ax.set_xlabel(f"players by rank (1 to {n}, best first)")
    if "y" in axis:
        ax.set_yticks(positions)
        if show:
            ax.set_yticklabels(names, fontsize=size)
        else:
            ax.set_yticklabels([])
            ax.set_ylabel(f"players by rank (1 to {n}, best first)")


def _ranked_boxplot(
    result: TournamentResult, values: np.ndarray, ax: Axes | None, what: str, ylabel: str
) -> Figure:
    """Box plot of ``values[i, :]`` (one box per player, by rank)."""
    names = result.ranked_names
    figure, ax = _new_axes(ax, len(names))
    data = [np.asarray(values[i], dtype=np.float64) for i in result.ranking]
    ax.boxplot(
        data,
        positions=np.arange(len(data)),
        widths=0.6,
        showfliers=True,
        flierprops={"markersize": 2},
        medianprops={"color": "C1"},
    )
    _label_players(ax, names)
    ax.set_xlim(-0.7, len(data) - 0.3)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", alpha=0.3)
    _title(ax, what, result)
    return figure


def _ranked_heatmap(
    result: TournamentResult,
    matrix: np.ndarray,
    ax: Axes | None,
    what: str,
    bar_label: str,
    limits: tuple[float | None, float | None] = (None, None),
) -> Figure:
    """Heat map of ``matrix`` with rows and columns ordered by rank."""
    order = result.ranking
    names = result.ranked_names
    n = len(names)
    figure, ax = _new_axes(ax, n, square=True)
    data = np.asarray(matrix, dtype=np.float64)[np.ix_(order, order)]
    image = ax.imshow(
        data,
        cmap="viridis",
        vmin=limits[0],
        vmax=limits[1],
        aspect="equal",
        interpolation="nearest",
    )
    bar = figure.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(bar_label)
    _label_players(ax, names, "xy")
    if n <= _MAX_ANNOTATED:
        middle = np.nanmean(data) if np.isfinite(data).any() else 0.0
        for (row, col), value in np.ndenumerate(data):
            colour = "black" if value > middle else "white"
            ax.text(col, row, f"{value:.2f}", ha="center", va="center", fontsize=8, color=colour)
    ax.set_xlabel("opponent" if n <= MAX_LABELLED_PLAYERS else ax.get_xlabel() + ": opponent")
    ax.set_ylabel("player" if n <= MAX_LABELLED_PLAYERS else ax.get_ylabel() + ": player")
    _title(ax, what, result)
    return figure


# ----------------------------------------------------------------------------- figures


def score_distribution(result: TournamentResult, ax: Axes | None = None) -> Figure:
    """Box plot of each player's normalised score over repetitions, ordered by rank.

    The normalised score of a repetition is the mean pay-off per round averaged over the
    opponents (self-play excluded) -- the quantity the ranking takes the median of.

    Parameters
    ----------
    result : TournamentResult
        The tournament to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure is made if omitted.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the plot.

    Examples
    --------
    >>> from coop_sim import run_tournament
    >>> from coop_sim.plot import score_distribution
    >>> r = run_tournament(["tit_for_tat", "defector", "grudger"], turns=10, repetitions=2,
    ...                    seed=1)
    >>> fig = score_distribution(r)
    >>> fig.axes[0].get_title().splitlines()[0]
    'Normalised scores by rank'
    """
    return _ranked_boxplot(
        result, result.normalised_scores, ax, "Normalised scores by rank", "mean pay-off per round"
    )


def wins_distribution(result: TournamentResult, ax: Axes | None = None) -> Figure:
    """Box plot of the number of matches each player won per repetition, ordered by rank.

    Parameters
    ----------
    result : TournamentResult
        The tournament to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure is made if omitted.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the plot.

    Examples
    --------
    >>> from coop_sim import run_tournament
    >>> from coop_sim.plot import wins_distribution
    >>> r = run_tournament(["tit_for_tat", "defector", "grudger"], turns=10, repetitions=2,
    ...                    seed=1)
    >>> wins_distribution(r).axes[0].get_ylabel()
    'matches won per repetition'
    """
    return _ranked_boxplot(result, result.wins, ax, "Wins by rank", "matches won per repetition")


def score_differences(result: TournamentResult, ax: Axes | None = None) -> Figure:
    """Box plot of each player's mean score difference per repetition, ordered by rank.

    The difference is the player's mean pay-off per round minus its opponent's, averaged
    over the opponents; a dashed line marks zero.

    Parameters
    ----------
    result : TournamentResult
        The tournament to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure is made if omitted.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the plot.

    Examples
    --------
    >>> from coop_sim import run_tournament
    >>> from coop_sim.plot import score_differences
    >>> r = run_tournament(["tit_for_tat", "defector", "grudger"], turns=10, repetitions=2,
    ...                    seed=1)
    >>> score_differences(r).axes[0].get_title().splitlines()[0]
    'Score differences by rank'
    """
    figure = _ranked_boxplot(
        result,
        result.score_diffs,
        ax,
        "Score differences by rank",
        "own minus opponent's pay-off per round",
    )
    axes = ax if ax is not None else figure.axes[0]
    axes.axhline(0.0, color="grey", linestyle="--", linewidth=0.8, zorder=0)
    return figure


def payoff_heatmap(result: TournamentResult, ax: Axes | None = None) -> Figure:
    """Heat map of the mean pay-off per round of each row player against each column player.

    Rows and columns are ordered by rank; self-play is on the diagonal.

    Parameters
    ----------
    result : TournamentResult
        The tournament to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure (with a colour bar) is made if omitted.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the plot.

    Examples
    --------
    >>> from coop_sim import run_tournament
    >>> from coop_sim.plot import payoff_heatmap
    >>> r = run_tournament(["tit_for_tat", "defector", "grudger"], turns=10, repetitions=2,
    ...                    seed=1)
    >>> [t.get_text() for t in payoff_heatmap(r).axes[0].get_yticklabels()]
    ['Tit For Tat', 'Grudger', 'Defector']
    """
    return _ranked_heatmap(
        result, result.payoff_matrix, ax, "Mean pay-off per round", "row's mean pay-off per round"
    )


def cooperation_heatmap(result: TournamentResult, ax: Axes | None = None) -> Figure:
    """Heat map of the fraction of rounds each row player co-operated against each column.

    Rows and columns are ordered by rank; the colour scale runs from 0 to 1.

    Parameters
    ----------
    result : TournamentResult
        The tournament to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure (with a colour bar) is made if omitted.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the plot.

    Examples
    --------
    >>> from coop_sim import run_tournament
    >>> from coop_sim.plot import cooperation_heatmap
    >>> r = run_tournament(["tit_for_tat", "defector", "grudger"], turns=10, repetitions=2,
    ...                    seed=1)
    >>> cooperation_heatmap(r).axes[0].get_title().splitlines()[0]
    'Co-operation rate'
    """
    return _ranked_heatmap(
        result,
        result.cooperation,
        ax,
        "Co-operation rate",
        "fraction of rounds row co-operated",
        (0.0, 1.0),
    )


def match_lengths(result: TournamentResult, ax: Axes | None = None) -> Figure:
    """Histogram of the number of rounds the matches lasted (self-play excluded).

    Most useful with a continuation probability w, where lengths are geometric with mean
    ``1 / (1 - w)`` (drawn as a dashed line).  Exact tournaments hold expected lengths.

    Parameters
    ----------
    result : TournamentResult
        The tournament to draw.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; a new figure is made if omitted.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the plot.

    Examples
    --------
    >>> from coop_sim import run_tournament
    >>> from coop_sim.plot import match_lengths
    >>> r = run_tournament(["tit_for_tat", "defector", "grudger"], turns=None,
    ...                    continuation=0.9, repetitions=2, seed=1)
    >>> match_lengths(r).axes[0].get_xlabel()
    'rounds per match'
    """
    figure, ax = _new_axes(ax, 0)
    pairs = np.asarray(result.pairs)
    lengths = np.asarray(result.match_lengths, dtype=np.float64)
    if pairs.size and len(pairs) == len(lengths):
        lengths = lengths[pairs[:, 0] != pairs[:, 1]]
    lengths = lengths.ravel()
    finite = lengths[np.isfinite(lengths)]
    if finite.size == 0:
        ax.text(
            0.5,
            0.5,
            "matches are infinitely long\n(long-run averages)",
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
    else:
        low, high = float(finite.min()), float(finite.max())
        if np.all(finite == np.round(finite)) and high - low <= 60:
            bins = np.arange(low, high + 2.0) - 0.5
        else:
            bins = min(60, max(10, int(np.sqrt(finite.size))))
        ax.hist(finite, bins=bins, color="C0", edgecolor="white", linewidth=0.5)
        ax.axvline(
            finite.mean(), color="C1", linewidth=1.2, label=f"observed mean {finite.mean():.1f}"
        )
        w = result.settings.get("continuation")
        turns = result.settings.get("turns")
        if w is not None:
            expected = 1.0 / (1.0 - w) if turns is None else (1.0 - w**turns) / (1.0 - w)
            ax.axvline(
                expected,
                color="black",
                linestyle="--",
                linewidth=1.0,
                label=f"expected {expected:.1f}",
            )
        ax.legend(fontsize=8)
    ax.set_xlabel("rounds per match")
    ax.set_ylabel("matches")
    ax.grid(axis="y", alpha=0.3)
    _title(ax, "Match lengths", result)
    return figure


#: File stem -> figure function, in the order :func:`save_all` writes them.
FIGURES: dict[str, Callable[..., Figure]] = {
    "score_distribution": score_distribution,
    "payoff_heatmap": payoff_heatmap,
    "wins_distribution": wins_distribution,
    "score_differences": score_differences,
    "match_lengths": match_lengths,
    "cooperation_heatmap": cooperation_heatmap,
}


def save_all(result: TournamentResult, directory: str | Path, dpi: int = 120) -> list[Path]:
    """Write every figure of :data:`FIGURES` as ``<directory>/<name>.png``.

    Parameters
    ----------
    result : TournamentResult
        The tournament to draw.
    directory : str or pathlib.Path
        Where to write (created if missing).
    dpi : int
        Resolution of the PNG files.

    Returns
    -------
    list of pathlib.Path
        The six files written, in the order of :data:`FIGURES`.

    Examples
    --------
    >>> import tempfile
    >>> from coop_sim import run_tournament
    >>> from coop_sim.plot import save_all
    >>> r = run_tournament(["tit_for_tat", "defector", "grudger"], turns=10, repetitions=2,
    ...                    seed=1)
    >>> [p.name for p in save_all(r, tempfile.mkdtemp())][:2]
    ['score_distribution.png', 'payoff_heatmap.png']
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, draw in FIGURES.items():
        path = directory / f"{stem}.png"
        draw(result).savefig(path, dpi=dpi)
        paths.append(path)
    return paths
