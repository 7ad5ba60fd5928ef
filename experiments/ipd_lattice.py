"""Reciprocators on a lattice: Tit for Tat, WSLS and GTFT clusters against Always Defect.

Nowak & May's lattice (``nowak_may.py``) holds memoryless co-operators and defectors.  Here
the cells hold full strategies of the *iterated* game instead: Tit for Tat (TFT), Always
Defect (ALLD), Win-Stay Lose-Shift (WSLS, Nowak & Sigmund 1993) and Generous Tit for Tat
(GTFT, Nowak & Sigmund 1992).  Each generation every cell plays an iterated Prisoner's
Dilemma (R, S, T, P = 3, 0, 5, 1) with each of its eight neighbours -- continuation
probability w after every round (expected length 1 / (1 - w)), each move mis-executed with
probability 0.01 -- scoring the exact expected pay-off per round (coop_sim's exact
Markov-chain pay-offs; no sampled matches), summed over the neighbours.  Then every cell
copies the best-scoring strategy among itself and its neighbours, all at once.

Against one another reciprocators earn close to R = 3 a round; against ALLD they lose only
the first round.  A reciprocator alone in a sea of defectors therefore loses to them, but a
small cluster of reciprocators out-earns every defector that touches it (a cell inside the
cluster meets eight reciprocators, a defector on its border at most a few), so the clusters
grow and take the lattice -- when the shadow of the future is long enough.  Axelrod (1984,
ch. 8) made the territorial argument; Nowak, Bonhoeffer & May (1994) and Lindgren &
Nordahl (1994) ran spatial iterated games.  The printed numbers are this script's
measurements (no published numbers are compared here).

Start: 90% ALLD, and TFT, WSLS and GTFT on 10/3% of the cells each, placed at random.
Measured: the share and mean cluster size of each strategy over time (a cluster is a
connected set of cells of one strategy, Moore neighbours), for w = 0.9 (ten rounds expected)
and, for contrast, w = 0.5 (two rounds), where ALLD wins.

    python experiments/ipd_lattice.py [--size L] [--generations G] [--full] [--out DIR]

Figure: lattice snapshots and the shares over time (w = 0.9).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coop_sim.spatial.models import LatticeModel

STRATEGIES = ["tit_for_tat", "defector", "win_stay_lose_shift", "gtft"]
NOISE = 0.01
DEFECTORS = 0.9
RECIPROCATORS = ("Tit For Tat", "Win-Stay Lose-Shift", "GTFT")


def lattice(size: int, continuation: float, seed: int = 1) -> LatticeModel:
    """The IPD lattice: 90% ALLD, the rest TFT/WSLS/GTFT in equal parts, at random."""
    other = (1 - DEFECTORS) / 3
    return LatticeModel(
        size, strategies=STRATEGIES, turns=None, continuation=continuation, noise=NOISE,
        shares=(other, DEFECTORS, other, other), self_interaction=False, agents=False,
        seed=seed,
    )  # fmt: skip


def report(model: LatticeModel, rows: list[int]) -> None:
    data = model.datacollector.get_model_vars_dataframe()
    print(f"   {'generation':>10}" + "".join(f"{name:>22}" for name in model.names))
    for g in rows:
        cells = "".join(
            f"{data[f'share {n}'].iloc[g]:>10.3f} ({data[f'cluster_size {n}'].iloc[g]:>8.1f})"
            for n in model.names
        )
        print(f"   {g:>10}{cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=60, help="lattice side (default 60)")
    parser.add_argument("--generations", type=int, default=100, help="generations (default 100)")
    parser.add_argument("--full", action="store_true", help="200 x 200, 300 generations")
    parser.add_argument("--out", type=Path, default=Path("results/ipd_lattice"))
    args = parser.parse_args(argv)  # fmt: skip
    if args.full:
        args.size = max(args.size, 200)
        args.generations = max(args.generations, 300)
    if args.size < 3 or args.generations < 10:
        parser.error("--size must be >= 3 and --generations >= 10")
    args.out.mkdir(parents=True, exist_ok=True)
    from matplotlib.figure import Figure

    from coop_sim.plot_spatial import lattice_snapshot, spatial_shares

    shown = [0, 3, 6, 10, 20, args.generations]
    rows = sorted({0, 2, 5, 10, 20, 50, args.generations} & set(range(args.generations + 1)))
    for w in (0.9, 0.5):
        model = lattice(args.size, w)
        matrix = model.population.matrix
        print(
            f"w = {w} (expected {1 / (1 - w):g} rounds), noise {NOISE}, {args.size} x "
            f"{args.size} torus, {DEFECTORS:.0%} ALLD at start; share (mean cluster size)"
        )
        print("   expected pay-off per round, row vs column (TFT, ALLD, WSLS, GTFT):")
        for name, row in zip(("TFT", "ALLD", "WSLS", "GTFT"), matrix, strict=True):
            print(f"   {name:>6} " + " ".join(f"{v:6.3f}" for v in row))
        if w == 0.9:
            fig = Figure(figsize=(3.0 * len(shown), 7.2), layout="constrained")
            grid = fig.add_gridspec(2, len(shown), height_ratios=(1, 1.1))
            snaps = [fig.add_subplot(grid[0, i]) for i in range(len(shown))]
        for g in range(args.generations + 1):
            if g:
                model.step()
            if w == 0.9 and g in shown:
                i = shown.index(g)
                lattice_snapshot(model, changes=False, ax=snaps[i], title=f"generation {g}")
                if i < len(shown) - 1 and snaps[i].get_legend() is not None:
                    snaps[i].get_legend().remove()
        report(model, rows)
        shares = dict(zip(model.names, model.shares(), strict=True))
        alive = sum(shares[n] for n in RECIPROCATORS)
        print(f"   after {args.generations} generations: reciprocators {alive:.3f}, ALLD "
              f"{shares['Defector']:.3f}\n")  # fmt: skip
        if w == 0.9:
            spatial_shares(model, ax=fig.add_subplot(grid[1, :]))
            fig.savefig(args.out / "ipd_lattice.png", dpi=120)
    print(f"figure in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
