"""The shadow of the future: co-operation pays once the next round is likely enough.

After each round a match goes on with probability w (the continuation probability).  Two
exact computations on the resident Tit for Tat and its challengers (Always Defect and
Alternator by default):

* **Invasion.**  :func:`coop_sim.evolution.critical_continuation` finds, by exact expected
  pay-offs, the smallest w from which Tit for Tat resists each challenger, and all of them
  together (w*).  For Tit for Tat against Always Defect and Alternator the literature's
  thresholds are (T - R) / (T - P) and (T - R) / (R - S) (Axelrod 1984, ch. 3); the demo
  reports both the computed and the formula values, so the engine's answer can be checked.
* **Ecology.**  For every w of a grid, the exact pay-off matrix of the three strategies
  (``method='exact'``, no turn cap) drives an ecological run from a population that is
  mostly Tit for Tat; the demo records the share of co-operative moves at the end,
  ``x . C x`` with ``C[i, j]`` the rate at which i co-operates against j.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coop_sim._seeding import SeedLike
from coop_sim._version import __version__
from coop_sim.demos._result import DemoResult, percent, recorded_seed

__all__ = ["TITLE", "axelrod_threshold", "shadow"]

TITLE = "The shadow of the future: co-operation is stable from w* = max((T-R)/(T-P), (T-R)/(R-S))"


def axelrod_threshold(game=None) -> tuple[float, float]:
    """Axelrod's thresholds for Tit for Tat: ``((T - R) / (T - P), (T - R) / (R - S))``.

    The first is the continuation probability from which Always Defect cannot invade, the
    second the one for Alternator; w* is the larger.

    Examples
    --------
    >>> axelrod_threshold()
    (0.5, 0.6666666666666666)
    """
    from coop_sim.game import resolve_game

    g = resolve_game(game)
    return (g.T - g.R) / (g.T - g.P), (g.T - g.R) / (g.R - g.S)


def shadow(
    *,
    mutants: Sequence[str] = ("defector", "alternator"),
    game=None,
    initial: Sequence[float] = (0.8, 0.1, 0.1),
    generations: int = 300,
    points: int = 100,
    seed: SeedLike = 1,
) -> DemoResult:
    """Co-operation against the continuation probability w, with the threshold w* marked.

    Parameters
    ----------
    mutants : sequence of str
        Challengers of the resident Tit for Tat (finite-state ids; default Always Defect and
        Alternator, for which Axelrod's formulas apply).
    game : Game or (R, S, T, P), optional
        Pay-offs (default 3, 0, 5, 1).
    initial : sequence of float
        Starting shares of Tit for Tat and the mutants in the ecological runs.
    generations : int
        Generations of each ecological run.
    points : int
        Grid points of w, evenly spaced in [0, 0.99] (>= 2).
    seed : int, SeedSequence, Generator or None
        Recorded only: everything here is exact.

    Returns
    -------
    DemoResult
        ``data``: ``names``, ``w`` (the grid), ``cooperation`` (final share of co-operative
        moves per w), ``shares`` (final shares, points x strategies), ``advantage``
        (E(M, TFT) - E(TFT, TFT) per mutant and w; > 0: the mutant does better than the
        resident among residents), ``thresholds`` (computed w from which TFT resists each
        mutant), ``w_star`` (resists them all), ``formula`` (Axelrod's two values),
        ``w_ecological`` (first grid w from which co-operation ends above 50%, or None).

    Examples
    --------
    >>> r = shadow(points=34)
    >>> round(r.data["w_star"], 6), [round(x, 6) for x in r.data["thresholds"]]
    (0.666667, [0.5, 0.666667])
    >>> r.data["formula"]
    (0.5, 0.6666666666666666)
    """
    from coop_sim import _validate
    from coop_sim.evolution import critical_continuation, ecological
    from coop_sim.game import resolve_game
    from coop_sim.strategies import get
    from coop_sim.tournament import run_tournament

    g = resolve_game(game)
    if isinstance(mutants, str) or len(mutants) < 1:
        raise ValueError(f"mutants must be a non-empty list of strategy ids, got {mutants!r}")
    ids = ["tit_for_tat", *(get(m).id for m in mutants)]
    points = _validate.positive_int(points, "points", 2)
    thresholds = [critical_continuation(ids[0], [m], game=g) for m in ids[1:]]
    w_star = critical_continuation(ids[0], ids[1:], game=g)
    grid = np.linspace(0.0, 0.99, points)
    n = len(ids)
    cooperation = np.empty(points)
    shares = np.empty((points, n))
    advantage = np.empty((n - 1, points))
    names: list[str] = []
    for k, w in enumerate(grid):
        result = run_tournament(ids, game=g, turns=None, continuation=float(w), method="exact",
                                progress=False)  # fmt: skip
        names = list(result.names)
        a = result.payoff_matrix
        advantage[:, k] = a[1:, 0] - a[0, 0]
        x = ecological(result, initial, generations=generations).final_shares
        shares[k] = x
        cooperation[k] = float(x @ result.cooperation @ x)
    above = np.flatnonzero(cooperation > 0.5)
    w_eco = None
    if above.size and np.all(cooperation[above[0] :] > 0.5):
        w_eco = float(grid[above[0]])
    formula = list(axelrod_threshold(g))
    data = {
        "names": names,
        "ids": ids,
        "w": grid,
        "cooperation": cooperation,
        "shares": shares,
        "advantage": advantage,
        "thresholds": thresholds,
        "w_star": w_star,
        "formula": formula,
        "w_ecological": w_eco,
    }
    table = [
        {
            "w": float(w),
            "expected_rounds": float(1 / (1 - w)),
            "cooperation": float(cooperation[k]),
            **{f"share_{ids[i]}": float(shares[k, i]) for i in range(n)},
            **{f"advantage_{ids[i + 1]}": float(advantage[i, k]) for i in range(n - 1)},
        }
        for k, w in enumerate(grid)
    ]
    settings = {
        "resident": ids[0],
        "mutants": ids[1:],
        "game": g.as_tuple(),
        "initial": [float(x) for x in initial],
        "generations": generations,
        "points": points,
        "payoffs": "exact",
        "seed": recorded_seed(seed),
        "version": __version__,
    }
    headers = {
        "expected_rounds": "mean rounds 1/(1-w)",
        "cooperation": "co-operation",
        **{f"share_{ids[i]}": f"share {names[i]}" for i in range(n)},
        **{f"advantage_{ids[i + 1]}": f"advantage of {names[i + 1]}" for i in range(n - 1)},
    }
    return DemoResult("shadow", TITLE, _takeaway(data, settings), data, table, settings,
                      headers=headers, draw=_draw)  # fmt: skip


def _fmt(w: float | None) -> str:
    return "never (no w < 1 is enough)" if w is None else f"w = {w:.3f}"


def _takeaway(d: dict, s: dict) -> str:
    names, ths, w_star = d["names"], d["thresholds"], d["w_star"]
    parts = [f"{names[i + 1]} from {_fmt(w)}" for i, w in enumerate(ths)]
    text = f"{names[0]} resists " + " and ".join(parts)
    if s["mutants"] == ["defector", "alternator"]:
        r, st, t, p = s["game"]
        f1, f2 = d["formula"]
        agree = all(w is not None and abs(w - f) < 1e-6 for w, f in zip(ths, (f1, f2), strict=True))
        text += (
            f" -- {'exactly' if agree else 'compare'} (T-R)/(T-P) = {f1:.3f} and (T-R)/(R-S) = "
            f"{f2:.3f} for (R, S, T, P) = ({r:g}, {st:g}, {t:g}, {p:g})"
        )
    if w_star is None:
        return text + ": no shadow of the future is long enough."
    text += (
        f"; so co-operation is stable once w >= w* = {w_star:.3f}, matches of "
        f"{1 / (1 - w_star):.1f} rounds or more on average."
    )
    w, coop = d["w"], d["cooperation"]
    hi = coop[w >= w_star - 1e-12]
    lowest = min(ths) if all(x is not None for x in ths) else None
    lo = coop[w < lowest - 1e-12] if lowest is not None else np.array([])
    start = percent(s["initial"][0])
    text += f" In ecological runs starting from {start} {names[0]}, co-operation ended"
    if hi.size:
        text += f" at {percent(hi.min())} or more for every w >= w*"
    if lo.size:
        low = "below 1%" if lo.max() < 0.01 else f"at {percent(lo.max())} or less"
        text += f" and {low} for every w < {lowest:.3f}"
    if d["w_ecological"] is not None:
        text += f"; it prevails (> 50%) from w = {d['w_ecological']:.2f} on this grid."
    else:
        text += "."
    # just below w*, the mutant with the highest threshold invades, but slowly
    transient = (w < w_star - 1e-12) & (coop > 0.5)
    if transient.any() and all(x is not None for x in ths):
        k = int(np.argmax(ths))
        gain = float(np.max(np.asarray(d["advantage"])[k][transient]))
        text += (
            f" Between w = {w[transient].min():.2f} and w* that co-operation is a transient: "
            f"{names[k + 1]} does better than {names[0]} there, but by at most {gain:.3f} a "
            f"round, so it invades slowly and {s['generations']} generations are not enough "
            "for it to take over."
        )
    return text


def _draw(result: DemoResult):
    d = result.data
    w = np.asarray(d["w"])
    fig, (top, bottom) = _two_rows()
    top.plot(w, d["cooperation"], color="#0072B2", linewidth=2, label="co-operation at the end")
    top.set_ylim(-0.03, 1.03)
    top.set_ylabel("share of co-operative moves")
    start = percent(result.settings["initial"][0])
    top.set_title(
        f"Ecological runs from {start} {d['names'][0]} (exact pay-offs, "
        f"{result.settings['generations']} generations)",
        fontsize=10,
    )
    colours = ["#D55E00", "#009E73", "#CC79A7", "#E69F00"]
    resident = d["names"][0]
    for i in range(len(d["names"]) - 1):
        colour = colours[i % len(colours)]
        mutant = d["names"][i + 1]
        bottom.plot(w, d["advantage"][i], color=colour, label=mutant)
        th = d["thresholds"][i]
        if th is not None:
            bottom.axvline(th, color=colour, linestyle=":", linewidth=1.2,
                           label=f"{resident} resists {mutant} from w = {th:.3f}")  # fmt: skip
            top.axvline(th, color=colour, linestyle=":", linewidth=1.2)
            top.text(th, 0.03 + 0.1 * i, f"{mutant} threshold ", color=colour, fontsize=8,
                     ha="right", va="bottom")  # fmt: skip
    bottom.axhline(0.0, color="black", linewidth=0.8)
    bottom.set_ylabel(f"E(mutant, {d['names'][0]}) - E({d['names'][0]}, {d['names'][0]})")
    bottom.set_xlabel("continuation probability w (the shadow of the future)")
    bottom.set_title("A mutant's advantage among residents (> 0: it invades)", fontsize=10)
    if d["w_star"] is not None:
        for ax in (top, bottom):
            ax.axvline(d["w_star"], color="black", linestyle="--", linewidth=1.5)
        top.text(d["w_star"], 0.5, f"  w* = {d['w_star']:.3f}", fontsize=10, va="center")
    bottom.legend(fontsize=8, loc="upper right", title="advantage of / dotted: threshold",
                  title_fontsize=8)  # fmt: skip
    fig.suptitle("The shadow of the future", fontsize=12)
    return fig


def _two_rows():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9.0, 7.5), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    return fig, (top, bottom)
