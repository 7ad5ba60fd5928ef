"""Don't be envious: Tit for Tat wins no match, yet ends at or near the top.

Every pair of a field of deterministic rules plays one noise-free match of ``turns`` rounds
(a round robin, self-play left out of the scores).  Because every rule is deterministic and
there is no noise, each pair's match is the same every time, so its winner is read off
exactly from the sign of the pay-off difference.  Tit for Tat can never out-score the
player it meets: it never defects first, and each of its defections answers one of the
other's in the round before, so it defects at most as often as it is defected against.
But it gets mutual co-operation wherever that is on offer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coop_sim._seeding import SeedLike
from coop_sim._version import __version__
from coop_sim.demos._result import DemoResult, new_figure, positions, recorded_seed

__all__ = ["ENVY_STRATEGIES", "TITLE", "envy"]

TITLE = "Don't be envious: Tit for Tat wins no match, yet ranks at or near the top"
#: The default field: simple classics, all deterministic.
ENVY_STRATEGIES = (
    "tit_for_tat",
    "cooperator",
    "defector",
    "grudger",
    "alternator",
    "win_stay_lose_shift",
    "suspicious_tit_for_tat",
    "tit_for_2_tats",
    "bully",
    "prober",
    "cycler_ccd",
)
_TIE = 1e-12  # per-round pay-off differences smaller than this are ties


def envy(
    *,
    strategies: Sequence[str] = ENVY_STRATEGIES,
    focus: str = "tit_for_tat",
    turns: int = 200,
    seed: SeedLike = 1,
) -> DemoResult:
    """Match wins and losses beside the total score, in a round robin of deterministic rules.

    Parameters
    ----------
    strategies : sequence of str
        At least three deterministic strategies (ids); default :data:`ENVY_STRATEGIES`.
    focus : str
        The strategy the takeaway is about (default Tit for Tat); must be in ``strategies``.
    turns : int
        Rounds per match (>= 1).
    seed : int, SeedSequence, Generator or None
        Recorded only: with deterministic rules and no noise every match is certain.

    Returns
    -------
    DemoResult
        ``data``: ``names``, ``ids``, ``scores`` (mean pay-off per round, by input order),
        ``wins``, ``ties``, ``losses`` (matches), ``outcomes`` (N x N: +1 row won, -1 row
        lost, 0 tie; diagonal 0), ``ranking`` (indices, best first), ``focus`` (its index),
        ``focus_rank`` and ``most_wins`` (the index of the player that won most matches).

    Raises
    ------
    ValueError
        If a strategy is stochastic (its matches would differ between repetitions), if
        ``focus`` is not among the strategies, or for fewer than three strategies.

    Examples
    --------
    >>> r = envy()
    >>> i = r.data["focus"]
    >>> r.data["names"][i], int(r.data["wins"][i]), r.data["focus_rank"]
    ('Tit For Tat', 0, 2)
    >>> r.data["names"][r.data["most_wins"]], int(max(r.data["wins"]))
    ('Defector', 9)
    """
    from coop_sim.strategies import get
    from coop_sim.tournament import run_tournament

    if isinstance(strategies, str) or len(strategies) < 3:
        raise ValueError(
            f"strategies must be a list of at least 3 strategy ids, got {strategies!r}"
        )
    specs = [get(s) for s in strategies]
    random = [s.label() for s in specs if s.classifier.stochastic]
    if random:
        raise ValueError(
            f"strategies must be deterministic (each match is played once and its winner read "
            f"exactly), got stochastic {', '.join(random)}"
        )
    ids = [s.id for s in specs]
    focus_id = get(focus).id
    if focus_id not in ids:
        raise ValueError(f"focus must be one of the strategies {ids}, got {focus!r}")
    result = run_tournament(ids, turns=turns, repetitions=1, seed=0, progress=False)
    n = len(ids)
    outcomes = np.sign(np.where(np.abs(result.payoff_diff_matrix) < _TIE, 0.0,
                                result.payoff_diff_matrix)).astype(np.int64)  # fmt: skip
    np.fill_diagonal(outcomes, 0)
    off = ~np.eye(n, dtype=bool)
    wins = ((outcomes > 0) & off).sum(axis=1)
    losses = ((outcomes < 0) & off).sum(axis=1)
    ties = (n - 1) - wins - losses
    scores = result.median_scores
    ranking = np.asarray(result.ranking)
    rank_of = positions(ranking)
    i = ids.index(focus_id)
    most = int(max(range(n), key=lambda k: (wins[k], -rank_of[k])))
    data = {
        "names": list(result.names),
        "ids": ids,
        "scores": scores,
        "wins": wins,
        "ties": ties,
        "losses": losses,
        "outcomes": outcomes,
        "ranking": ranking,
        "focus": i,
        "focus_rank": int(rank_of[i]),
        "most_wins": most,
    }
    table = [
        {
            "rank": int(rank_of[k]),
            "name": result.names[k],
            "score": float(scores[k]),
            "wins": int(wins[k]),
            "ties": int(ties[k]),
            "losses": int(losses[k]),
        }
        for k in ranking
    ]
    settings = {
        "strategies": ids,
        "focus": focus_id,
        "turns": turns,
        "noise": 0.0,
        "seed": recorded_seed(seed),
        "version": __version__,
    }
    headers = {"name": "strategy", "score": "score per round"}
    return DemoResult("envy", TITLE, _takeaway(data, n), data, table, settings,
                      headers=headers, draw=_draw)  # fmt: skip


def _takeaway(d: dict, n: int) -> str:
    i, most = d["focus"], d["most_wins"]
    name, rank = d["names"][i], d["focus_rank"]
    wins = int(d["wins"][i])
    score = float(d["scores"][i])
    if wins == 0:
        first = (
            f"{name} won none of its {n - 1} matches (it tied {int(d['ties'][i])} and lost "
            f"{int(d['losses'][i])}), yet ranked {rank} of {n} with {score:.3f} a round."
        )
    else:
        first = f"{name} won {wins} of its {n - 1} matches and ranked {rank} of {n}."
    rank_most = int(np.flatnonzero(np.asarray(d["ranking"]) == most)[0]) + 1
    second = (
        f" {d['names'][most]} won the most matches ({int(d['wins'][most])}) but ranked "
        f"{rank_most}: success is the total pay-off, not beating the other player."
    )
    return first + second


def _draw(result: DemoResult):
    d = result.data
    order = list(d["ranking"])
    names = [d["names"][k] for k in order]
    y = np.arange(len(order))
    fig, (left, right) = new_figure((11.0, 0.42 * len(order) + 1.8), ncols=2, sharey=True)
    wins = np.asarray(d["wins"])[order]
    ties = np.asarray(d["ties"])[order]
    losses = np.asarray(d["losses"])[order]
    left.barh(y, wins, color="#009E73", label="won")
    left.barh(y, ties, left=wins, color="#BBBBBB", label="tied")
    left.barh(y, losses, left=wins + ties, color="#D55E00", label="lost")
    left.set_yticks(y, [f"{r}. {nm}" for r, nm in enumerate(names, start=1)])
    left.invert_yaxis()
    left.set_xlabel("matches")
    left.set_title("Matches won, tied and lost", fontsize=11)
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=3, fontsize=8)
    scores = np.asarray(d["scores"])[order]
    colours = ["#0072B2" if k == d["focus"] else "#999999" for k in order]
    right.barh(y, scores, color=colours)
    for yy, s in zip(y, scores, strict=True):
        right.text(s, yy, f" {s:.2f}", va="center", fontsize=8)
    right.set_xlim(0, max(scores) * 1.15)
    right.set_xlabel("mean pay-off per round (tournament score)")
    right.set_title("Total score decides the ranking", fontsize=11)
    focus = d["names"][d["focus"]]
    fig.suptitle(
        f"Don't be envious: {focus} wins {int(d['wins'][d['focus']])} matches and ranks "
        f"{d['focus_rank']} of {len(order)} ({result.settings['turns']} rounds a match)",
        fontsize=12,
    )
    return fig
