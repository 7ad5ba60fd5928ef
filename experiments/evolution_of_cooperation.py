"""The evolution of co-operation: thresholds, ecology and finite populations.

Three classic results, each computed (nothing is canned) and printed next to the published
value or shape:

1. **The shadow of the future.** Tit for Tat resists Always Defect and Alternator exactly
   when w >= max((T-R)/(T-P), (T-R)/(R-S)) -- 2/3 for Axelrod's pay-offs (Axelrod 1984,
   ch. 3).  Found by root finding on exact pay-offs.
2. **Axelrod's ecological simulation** of the (reconstructed) first tournament: shares grow
   in proportion to their pay-off against the current population, so rules that live off
   weak partners fade as those partners die out (Axelrod 1984, ch. 3, where Tit for Tat
   ended with the largest share).  With the reconstructed rules, told the 200-round length,
   the end-game defections of Stein & Rapoport lead instead -- as in the tournament ranking
   of ``axelrod_first_tournament.py``.
3. **Finite populations** (pairwise comparison, N = 100, beta = 1): the small-mutation-limit
   stationary distribution of Tit for Tat, Always Defect, Win-Stay Lose-Shift and Always
   Cooperate as the shadow of the future lengthens (Fudenberg & Imhof 2006 for the
   embedded chain; Imhof, Fudenberg & Nowak 2005 for the TFT/ALLD/ALLC cycle).

    python experiments/evolution_of_cooperation.py [--out DIR]

Figures: the ecological shares over time, an invasion diagram and the stationary
distribution on the TFT/ALLD/WSLS simplex (mu = 0.001).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import coop_sim
from coop_sim import plot_evolution
from coop_sim.evolution import (
    FiniteProcess,
    critical_continuation,
    ecological,
    invasion_table,
    population_game,
    small_mutation_stationary,
    stationary_distribution,
)
from coop_sim.strategies import catalog_first

FOUR = ["tit_for_tat", "defector", "win_stay_lose_shift", "cooperator"]


def shadow_of_the_future() -> None:
    print("1. The shadow of the future: Tit for Tat against Always Defect and Alternator")
    for payoffs in [(3, 0, 5, 1), (3, 0, 4, 1), (4, 0, 5, 1)]:
        game = coop_sim.Game(*payoffs)
        r, s, t, p = payoffs
        closed = max((t - r) / (t - p), (t - r) / (r - s))
        w = critical_continuation("tit_for_tat", ["defector", "alternator"], game=game)
        print(f"   (R,S,T,P) = {payoffs}: w* = {w:.12f}   closed form {closed:.12f}")
    for w in (0.6, 0.7):
        table = invasion_table("tit_for_tat", ["defector", "alternator"], continuation=w)
        print(f"   at w = {w}: " + ", ".join(
            f"{m} {v}" for m, v in zip(table.mutants, table.verdicts, strict=True)))  # fmt: skip


def ecology(out: Path) -> None:
    print("\n2. Ecological simulation of the reconstructed first tournament (200 rounds)")
    ids = list(catalog_first.FIRST_TOURNAMENT_ORDER)
    tournament = coop_sim.run_tournament(ids, turns=200, repetitions=5, seed=1,
                                         known_length=True)  # fmt: skip
    run = ecological(tournament, generations=1000)
    order = np.argsort(-run.final_shares)
    print(f"   {'strategy':<34}{'start':>8}{'gen 50':>9}{'gen 1000':>10}")
    for i in order[:6]:
        print(f"   {run.names[i]:<34}{run.shares[0, i]:8.3f}{run.shares[50, i]:9.3f}"
              f"{run.final_shares[i]:10.3f}")  # fmt: skip
    bottom = order[-1]
    print(f"   ... last: {run.names[bottom]} {run.final_shares[bottom]:.2e}")
    plot_evolution.shares_over_time(run).savefig(out / "ecological_first_tournament.png",
                                                 dpi=120)  # fmt: skip


def finite_populations(out: Path) -> None:
    print("\n3. Pairwise comparison, N = 100, beta = 1: small-mutation-limit stationary "
          "distribution")  # fmt: skip
    columns = (0.5, 0.75, 0.9, 0.95)
    table = []
    for w in columns:
        game = population_game(FOUR, turns=None, continuation=w)
        small = small_mutation_stationary(FiniteProcess(game, 100, "fermi"))
        table.append(small.probabilities)
        if w == 0.9:
            plot_evolution.invasion_diagram(small.fixation, game.names, 100,
                                            stationary=small.probabilities).savefig(
                out / "invasion_diagram_w0.9.png", dpi=120)  # fmt: skip
    print(f"   {'strategy':<24}" + "".join(f"{'w = ' + str(w):>10}" for w in columns))
    for k, name in enumerate(game.names):
        print(f"   {name:<24}" + "".join(f"{row[k]:>10.3f}" for row in table))
    game = population_game(FOUR[:3], turns=None, continuation=0.9)
    full = stationary_distribution(FiniteProcess(game, 60, "fermi", mutation=0.001))
    print(
        "   TFT/ALLD/WSLS, N = 60, mu = 0.001, w = 0.9: abundance "
        + ", ".join(f"{n} {x:.3f}" for n, x in zip(full.names, full.abundance, strict=True))
    )
    plot_evolution.simplex(full.names, stationary=(full.states, full.probabilities)).savefig(
        out / "simplex_stationary_w0.9.png", dpi=120)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("results/evolution"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    shadow_of_the_future()
    ecology(args.out)
    finite_populations(args.out)
    print(f"\nfigures in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
