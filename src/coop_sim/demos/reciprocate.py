"""Reciprocate: an ecological run in which co-operation survives only where it is returned.

Axelrod's ecological simulation (:func:`coop_sim.evolution.ecological`): each generation a
strategy's share grows in proportion to its mean pay-off against the current population.
The pay-offs are the exact expected pay-offs per round of 200-round matches under noise
(every move flipped with probability ``noise``), from a tournament with
``method='exact'``.  The population starts rich in unconditional co-operators: Defectors
feed on them first, then starve as the reciprocators, who return defection, grow.  Under
noise Tit for Tat's mistakes echo between two Tit for Tat players, while the forgiving
reciprocators (Generous TFT, Tit for 2 Tats) return to co-operation and take over.

Win-Stay Lose-Shift, also forgiving, is left out of the default line-up: it co-operates
every other round against Always Defect, so defectors can re-invade a population of it, a
different story from this one (see the ``clever`` demo).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coop_sim._seeding import SeedLike
from coop_sim._version import __version__
from coop_sim.demos._result import DemoResult, percent, recorded_seed

__all__ = ["FORGIVING", "RECIPROCATE_STRATEGIES", "TITLE", "reciprocate"]

TITLE = "Reciprocate: defectors die out as reciprocators grow; forgiveness survives mistakes"
#: The line-up: unconditional co-operator, defector, Tit for Tat, two forgiving reciprocators.
RECIPROCATE_STRATEGIES = ("cooperator", "defector", "tit_for_tat", "gtft", "tit_for_2_tats")
#: Ids counted as forgiving reciprocators.
FORGIVING = ("gtft", "tit_for_2_tats", "win_stay_lose_shift")
_GONE = 0.01  # a share below this counts as died out


def reciprocate(
    *,
    initial: Sequence[float] = (0.4, 0.2, 0.4 / 3, 0.4 / 3, 0.4 / 3),
    noise: float = 0.05,
    turns: int = 200,
    generations: int = 100,
    seed: SeedLike = 1,
) -> DemoResult:
    """Ecological dynamics of co-operators, defectors and reciprocators under noise.

    Parameters
    ----------
    initial : sequence of 5 floats
        Starting shares of Cooperator, Defector, Tit for Tat, GTFT and Tit for 2 Tats
        (:data:`RECIPROCATE_STRATEGIES`), summing to 1.
    noise : float
        Probability that each intended move is flipped, in [0, 1].
    turns : int
        Rounds per match.
    generations : int
        Generations of the ecological run (>= 1).
    seed : int, SeedSequence, Generator or None
        Recorded only: the pay-offs are exact and the dynamics deterministic.

    Returns
    -------
    DemoResult
        ``data``: ``names``, ``ids``, ``times``, ``shares`` (generations + 1 x 5),
        ``payoff_matrix`` (exact mean pay-off per round, row against column),
        ``defector_peak`` and ``defector_peak_generation``, ``defector_gone_generation``
        (first generation after the peak with a share below 1%, or None),
        ``reciprocators`` (their total share over time), ``forgiving`` (indices).

    Examples
    --------
    >>> r = reciprocate()
    >>> d = r.data
    >>> bool(d["shares"][-1, 0] < d["shares"][0, 0]), d["defector_peak_generation"] > 0
    (True, True)
    >>> bool(d["shares"][-1, 1] < 0.01)  # defectors died out
    True
    """
    from coop_sim.evolution import ecological
    from coop_sim.tournament import run_tournament

    ids = list(RECIPROCATE_STRATEGIES)
    result = run_tournament(ids, turns=turns, noise=noise, method="exact", progress=False)
    run = ecological(result, initial, generations=generations)
    shares = np.asarray(run.shares)
    d_share = shares[:, 1]
    peak = int(np.argmax(d_share))
    below = np.flatnonzero(d_share[peak:] < _GONE)
    gone = int(peak + below[0]) if below.size else None
    forgiving = [k for k, s in enumerate(ids) if s in FORGIVING]
    reciprocators = [k for k, s in enumerate(ids) if s not in ("cooperator", "defector")]
    data = {
        "names": list(result.names),
        "ids": ids,
        "times": np.asarray(run.times),
        "shares": shares,
        "payoff_matrix": result.payoff_matrix,
        "defector_peak": float(d_share[peak]),
        "defector_peak_generation": peak,
        "defector_gone_generation": gone,
        "reciprocators": shares[:, reciprocators].sum(axis=1),
        "forgiving": forgiving,
    }
    a = result.payoff_matrix
    table = [
        {
            "name": result.names[k],
            "initial_share": float(shares[0, k]),
            "peak_share": float(shares[:, k].max()),
            "peak_generation": int(np.argmax(shares[:, k])),
            "final_share": float(shares[-1, k]),
            "payoff_vs_defector": float(a[k, 1]),
            "payoff_vs_itself": float(a[k, k]),
        }
        for k in range(len(ids))
    ]
    settings = {
        "strategies": ids,
        "initial": [float(x) for x in shares[0]],
        "noise": float(noise),
        "turns": turns,
        "generations": generations,
        "payoffs": "exact",
        "seed": recorded_seed(seed),
        "version": __version__,
    }
    headers = {
        "name": "strategy",
        "payoff_vs_defector": "pay-off vs Defector",
        "payoff_vs_itself": "pay-off vs itself",
    }
    return DemoResult("reciprocate", TITLE, _takeaway(data), data, table, settings,
                      headers=headers, draw=_draw)  # fmt: skip


def _takeaway(d: dict) -> str:
    x, a, names = d["shares"], d["payoff_matrix"], d["names"]
    peak, gone = d["defector_peak_generation"], d["defector_gone_generation"]
    text = (
        f"{names[0]}s were exploited: their share fell from {percent(x[0, 0])} to "
        f"{percent(x[-1, 0])} (they earn {a[0, 1]:.2f} a round against {names[1]}, who earns "
        f"{a[1, 0]:.2f} against them). "
    )
    if peak > 0:
        text += f"{names[1]}s grew to {percent(d['defector_peak'])} by generation {peak}, "
    else:
        text += f"{names[1]}s never grew, "
    if gone is not None:
        text += f"then died out (below 1% from generation {gone}) "
    else:
        text += f"and still held {percent(x[-1, 1])} at the end "
    rec = d["reciprocators"]
    text += f"as the reciprocators went from {percent(rec[0])} to {percent(rec[-1])}. "
    f_idx = list(d["forgiving"])
    forgiving = " and ".join(names[k] for k in f_idx)
    self_f = ", ".join(f"{a[k, k]:.2f}" for k in f_idx)
    text += (
        f"With mistakes, {names[2]} feuds with itself ({a[2, 2]:.2f} a round, against "
        f"{self_f} for {forgiving}) and ended at {percent(x[-1, 2])}, while the forgiving "
        f"reciprocators ended with {percent(x[-1, f_idx].sum())} of the population."
    )
    return text


def _draw(result: DemoResult):
    from types import SimpleNamespace

    from coop_sim.plot_evolution import shares_over_time

    d = result.data
    view = SimpleNamespace(names=tuple(d["names"]), times=d["times"], shares=d["shares"],
                           settings={"dynamics": "ecological", "discrete": True})  # fmt: skip
    fig = shares_over_time(view)
    fig.set_size_inches(10.0, 5.5)
    ax = fig.axes[0]
    peak = d["defector_peak_generation"]
    if peak > 0:
        ax.axvline(peak, color="black", linestyle=":", linewidth=1)
        ax.text(peak, 0.98, f" Defector peak\n generation {peak}", va="top", fontsize=8)
    s = result.settings
    ax.set_title(
        f"Reciprocate: ecological run, {s['turns']}-round matches, noise {s['noise']:g} "
        "(exact pay-offs)",
        fontsize=11,
    )
    return fig
