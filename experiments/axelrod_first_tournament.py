"""Axelrod's first tournament (1980), reconstructed: 15 rules, 200 rounds, round robin.

Runs the 15 entries as Axelrod-Python reconstructs them, prints the ranking next to the
order Axelrod published, and saves the score-distribution figure.

    python experiments/axelrod_first_tournament.py [--repetitions 10] [--seed 1] [--out DIR]

Reference: Axelrod, R. (1980). Effective choice in the Prisoner's Dilemma. Journal of
Conflict Resolution 24(1), 3-25.  (Published order: Tit for Tat first, Random last.)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import coop_sim
from coop_sim import plot
from coop_sim.strategies import catalog_first

#: Axelrod's published ranking (1980), best first: the order Axelrod-Python keeps its
#: reconstructions in, so the same tuple serves as the tournament's line-up.
PUBLISHED_ORDER = catalog_first.FIRST_TOURNAMENT_ORDER


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("results/first_tournament"))
    args = parser.parse_args(argv)

    ids = list(PUBLISHED_ORDER)
    started = time.perf_counter()
    try:
        # the 1980 entrants knew each game lasted 200 moves (Axelrod-Python tells them too)
        result = coop_sim.run_tournament(
            ids, turns=200, repetitions=args.repetitions, seed=args.seed, known_length=True
        )
    except (TypeError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started

    published = {sid: rank for rank, sid in enumerate(PUBLISHED_ORDER, start=1)}
    print(
        f"Axelrod's first tournament, reconstructed: {len(ids)} rules, 200 turns (known to the "
        f"players), {args.repetitions} repetitions, seed {args.seed} ({elapsed:.2f} s)\n"
    )
    print(f"{'rank':>4}  {'strategy':<34} {'score':>6}  {'1980 rank':>9}")
    for rank, i in enumerate(result.ranking, start=1):
        sid = result.ids[i]
        print(
            f"{rank:>4}  {result.names[i]:<34} {result.median_scores[i]:6.3f}  "
            f"{published.get(sid, '-'):>9}"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    figure = plot.score_distribution(result)
    path = args.out / "scores.png"
    figure.savefig(path, dpi=120, bbox_inches="tight")
    result.save(args.out / "results.npz")
    print(f"\nfigure: {path}\nresults: {args.out / 'results.npz'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
