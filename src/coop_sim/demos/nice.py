"""Don't be the first to defect: nice rules rank better, over many random tournaments.

A rule is *nice* when it is never the first to defect.  The registry has no such label, so
:func:`classify_nice` decides it from play: each rule meets *probes* that co-operate until
they are defected against (Cooperator, Tit for Tat, Grudger) over the demo's match length;
against such a probe any defection is a first defection, so a rule is nice exactly when it
co-operated in every round of every probe match.  (For stochastic rules this is evidence,
not proof: a rule that defects very rarely could pass.)

The demo then runs many small round-robin tournaments on random subsets of a pool and
compares the ranks of the nice and the not-nice entrants.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coop_sim._seeding import SeedLike
from coop_sim._version import __version__
from coop_sim.demos._result import DemoResult, generator, new_figure, percent, positions
from coop_sim.strategies.catalog_first import FIRST_TOURNAMENT_ORDER

__all__ = ["NICE_POOL", "PROBES", "TITLE", "classify_nice", "nice"]

TITLE = "Don't be the first to defect: nice rules rank better"
#: Opponents that co-operate until defected against.
PROBES = ("cooperator", "tit_for_tat", "grudger")
#: The default pool: the 15 entries of Axelrod's first tournament and eleven classics.
NICE_POOL = (
    *FIRST_TOURNAMENT_ORDER,
    "cooperator",
    "defector",
    "suspicious_tit_for_tat",
    "alternator",
    "win_stay_lose_shift",
    "tit_for_2_tats",
    "bully",
    "prober",
    "gtft",
    "hard_prober",
    "cycler_ccd",
)


def classify_nice(
    strategies: Sequence[str],
    *,
    turns: int = 200,
    repetitions: int = 5,
    probes: Sequence[str] = PROBES,
    seed: SeedLike = 1,
) -> np.ndarray:
    """Whether each strategy is nice: it co-operated in every round against every probe.

    Parameters
    ----------
    strategies : sequence of str
        Strategy ids.
    turns : int
        Rounds of each probe match (the players are not told the length).
    repetitions : int
        Matches per strategy and probe (stochastic rules need several).
    probes : sequence of str
        Rules that co-operate until they are defected against (default :data:`PROBES`).
    seed : int, SeedSequence, Generator or None
        Seed of the probe matches.

    Returns
    -------
    numpy.ndarray of bool
        One flag per strategy.

    Examples
    --------
    >>> classify_nice(["tit_for_tat", "suspicious_tit_for_tat", "first_by_joss"]).tolist()
    [True, False, False]
    """
    from coop_sim.tournament import run_tournament

    if isinstance(strategies, str) or len(strategies) < 1:
        raise ValueError(f"strategies must be a non-empty list of ids, got {strategies!r}")
    if isinstance(probes, str) or len(probes) < 1:
        raise ValueError(f"probes must be a non-empty list of ids, got {probes!r}")
    field = [*strategies, *probes]
    result = run_tournament(field, turns=turns, repetitions=repetitions, seed=seed,
                            progress=False)  # fmt: skip
    n = len(strategies)
    return np.all(result.cooperation[:n, n:] == 1.0, axis=1)


def nice(
    *,
    pool: Sequence[str] = NICE_POOL,
    tournaments: int = 100,
    size: int = 10,
    turns: int = 200,
    repetitions: int = 3,
    seed: SeedLike = 1,
) -> DemoResult:
    """Average rank of nice and not-nice rules over random tournaments.

    Parameters
    ----------
    pool : sequence of str
        Strategy ids to draw entrants from (default :data:`NICE_POOL`); it must hold nice
        and not-nice rules.
    tournaments : int
        Number of tournaments (>= 1).
    size : int
        Entrants per tournament, drawn without replacement (2 <= size <= len(pool)).
    turns : int
        Rounds per match (not told to the players).
    repetitions : int
        Repetitions of each tournament.
    seed : int, SeedSequence, Generator or None
        Seeds the draws of entrants and every tournament.

    Returns
    -------
    DemoResult
        ``data``: ``names``, ``ids``, ``nice`` (flags, see :func:`classify_nice`),
        ``mean_rank`` and ``appearances`` per pool member, ``ranks`` (tournaments x size:
        rank of each entrant), ``entrants`` (tournaments x size: pool indices),
        ``mean_rank_nice``, ``mean_rank_not_nice``, ``top3_share_nice`` (share of the
        first three places won by nice rules) and ``entry_share_nice``.

    Examples
    --------
    >>> r = nice(tournaments=20)
    >>> bool(r.data["mean_rank_nice"] < r.data["mean_rank_not_nice"])
    True
    """
    from coop_sim import _validate
    from coop_sim.strategies import get
    from coop_sim.tournament import run_tournament

    if isinstance(pool, str) or len(pool) < 2:
        raise ValueError(f"pool must be a list of at least 2 strategy ids, got {pool!r}")
    ids = [get(s).id for s in pool]
    if len(set(ids)) != len(ids):
        raise ValueError(f"pool must not repeat a strategy, got {ids}")
    tournaments = _validate.positive_int(tournaments, "tournaments")
    size = _validate.int_in(size, "size", 2, len(ids), note=" (the pool's size)")
    rng, recorded = generator(seed)
    flags = classify_nice(ids, turns=turns, seed=int(rng.integers(2**63)))
    if flags.all() or not flags.any():
        raise ValueError(
            "pool must hold both nice and not-nice strategies; all of "
            f"{ids} are {'nice' if flags.all() else 'not nice'}"
        )
    entrants = np.empty((tournaments, size), dtype=np.int64)
    ranks = np.empty((tournaments, size), dtype=np.int64)
    for t in range(tournaments):
        chosen = rng.choice(len(ids), size=size, replace=False)
        result = run_tournament([ids[k] for k in chosen], turns=turns, repetitions=repetitions,
                                seed=int(rng.integers(2**63)), progress=False)  # fmt: skip
        entrants[t], ranks[t] = chosen, positions(result.ranking)
    flat_nice = flags[entrants]
    mean_rank = np.full(len(ids), np.nan)
    appearances = np.bincount(entrants.ravel(), minlength=len(ids))
    sums = np.bincount(entrants.ravel(), weights=ranks.ravel(), minlength=len(ids))
    seen = appearances > 0
    mean_rank[seen] = sums[seen] / appearances[seen]
    names = [get(s).label() for s in ids]
    top3 = ranks <= min(3, size)
    data = {
        "names": names,
        "ids": ids,
        "nice": flags,
        "mean_rank": mean_rank,
        "appearances": appearances,
        "entrants": entrants,
        "ranks": ranks,
        "mean_rank_nice": float(ranks[flat_nice].mean()) if flat_nice.any() else np.nan,
        "mean_rank_not_nice": float(ranks[~flat_nice].mean()) if (~flat_nice).any() else np.nan,
        "top3_share_nice": float(flat_nice[top3].mean()),
        "entry_share_nice": float(flat_nice.mean()),
    }
    order = sorted(range(len(ids)), key=lambda k: (np.isnan(mean_rank[k]), mean_rank[k]))
    table = [
        {
            "name": names[k],
            "nice": bool(flags[k]),
            "tournaments": int(appearances[k]),
            "mean_rank": None if np.isnan(mean_rank[k]) else float(mean_rank[k]),
        }
        for k in order
    ]
    settings = {
        "pool": ids,
        "tournaments": tournaments,
        "size": size,
        "turns": turns,
        "repetitions": repetitions,
        "probes": list(PROBES),
        "seed": recorded,
        "version": __version__,
    }
    headers = {"name": "strategy", "nice": "nice (never first to defect)"}
    return DemoResult("nice", TITLE, _takeaway(data, settings), data, table, settings,
                      headers=headers, draw=_draw)  # fmt: skip


def _takeaway(d: dict, s: dict) -> str:
    nice_mean, other_mean = d["mean_rank_nice"], d["mean_rank_not_nice"]
    better = "better" if nice_mean < other_mean else "worse"
    return (
        f"Over {s['tournaments']} random tournaments of {s['size']} rules drawn from "
        f"{len(d['ids'])} ({int(np.sum(d['nice']))} of them nice), the nice rules -- never the "
        f"first to defect -- ranked {nice_mean:.1f} on average and the others "
        f"{other_mean:.1f} (1 = best): nice rules did {better}. They took "
        f"{percent(d['top3_share_nice'])} of the top-three places while making up "
        f"{percent(d['entry_share_nice'])} of the entries."
    )


def _draw(result: DemoResult):
    d = result.data
    rows = [k for k in range(len(d["ids"])) if not np.isnan(d["mean_rank"][k])]
    rows.sort(key=lambda k: d["mean_rank"][k])
    fig, ax = new_figure((9.0, 0.3 * len(rows) + 1.8))
    y = np.arange(len(rows))
    colours = ["#0072B2" if d["nice"][k] else "#D55E00" for k in rows]
    ax.barh(y, [d["mean_rank"][k] for k in rows], color=colours)
    ax.set_yticks(y, [d["names"][k] for k in rows], fontsize=8)
    ax.invert_yaxis()
    size = result.settings["size"]
    ax.set_xlim(0, size + 0.5)
    ax.set_xlabel(f"mean rank in tournaments of {size} (1 = best)")
    for value, colour, label in (
        (d["mean_rank_nice"], "#0072B2", "nice (never first to defect)"),
        (d["mean_rank_not_nice"], "#D55E00", "not nice"),
    ):
        ax.axvline(value, color=colour, linestyle="--", linewidth=1.5,
                   label=f"{label}: mean rank {value:.1f}")  # fmt: skip
    ax.legend(loc="upper right", fontsize=8)
    ax.set_title(
        f"Don't be the first to defect: mean rank over {result.settings['tournaments']} random "
        f"tournaments ({result.settings['turns']} rounds a match)",
        fontsize=11,
    )
    return fig
