"""Nowak & May (1992): evolutionary games and spatial chaos.

Nowak, M. A. & May, R. M. (1992). Evolutionary games and spatial chaos. Nature 359, 826-829.

The game is the one-shot Prisoner's Dilemma R = 1, T = b, S = P = 0 between unconditional
co-operators (C) and defectors (D) on a square lattice.  Every generation each cell plays its
eight neighbours and itself and adds up the pay-offs; then, all at once, each cell takes the
strategy of the best-paid cell among itself and its neighbours (ties keep its own).

Everything that matters follows from the 3 x 3 neighbourhood.  A C cell with p co-operators
in its neighbourhood (itself included, 1 <= p <= 9) scores p; a D cell with q co-operating
neighbours (0 <= q <= 8) scores b q.  Comparing two cells of the same strategy does not
involve b, so the dynamics can change only where b crosses a ratio p / q: for b between two
consecutive ratios every comparison, hence every trajectory, is the same.  Two of the ratios
decide the large-scale picture (Nowak & May's argument):

* a straight front between large C and D domains: the D cell on it meets 3 C and scores 3b,
  the C cell on it scores 6, so C advances when 6 > 3b, i.e. **b < 2**;
* the corner of a large D domain meets 5 C and scores 5b, while the C cells around it have
  C neighbours scoring 9, so D advances at corners when 5b > 9, i.e. **b > 9/5**.

For 9/5 < b < 2 both happen: fronts of C and corners of D keep invading each other, and the
lattice never settles -- "spatial chaos".  Nowak & May report that from random starts the
co-operator share then fluctuates around 0.318 whatever the initial share (the closed form
12 ln 2 - 8 = 0.3178 is quoted for it), and that a single defector in a lattice of
co-operators grows a symmetric "evolutionary kaleidoscope".

Four results are computed here and printed next to the published ones:

1. the critical ratios p / q and the co-operator share at one b inside each interval
   between them (static or oscillating C-dominated lattices below 9/5, chaos between 9/5
   and 2, D-dominated lattices above 2);
2. identical trajectories for any two b inside (9/5, 2), different across 9/5 and across 2;
3. the chaotic co-operator share from random starts (mean over the second half of the run),
   torus and fixed edges (measured: about 0.3155 on a torus of any size from 200 on; fixed
   edges add co-operators, about 0.318 at 400 x 400, falling towards the torus value as the
   lattice grows);
4. the kaleidoscope: one D at the centre of an all-C lattice with fixed edges (odd side),
   checked for exact eight-fold symmetry (the four rotations and four reflections of the
   square) in every generation.

    python experiments/nowak_may.py [--size L] [--generations G] [--seeds K] [--full]
                                    [--out DIR]

Figures: co-operator share against b, the chaotic share over time, and kaleidoscope
snapshots in Nowak & May's four colours (blue C stayed C, red D stayed D, green D became C,
yellow C became D).
"""

from __future__ import annotations

import argparse
import itertools
import math
from fractions import Fraction
from pathlib import Path

import numpy as np

from coop_sim.spatial.models import LatticeModel

#: Nowak & May's chaotic co-operator share and the closed form quoted for it.
PUBLISHED_SHARE = 0.318
CLOSED_FORM = 12 * math.log(2) - 8
#: One b inside (9/5, 2), used for the chaotic runs and the kaleidoscope (as in their figures).
B_CHAOS = 1.9


def critical_ratios(low: float = 1.0, high: float = 3.0) -> list[Fraction]:
    """The b = p / q (1 <= p <= 9 C pay-offs, 1 <= q <= 8 co-operating neighbours of a D) in
    the open interval (low, high), increasing: only there can the dynamics change."""
    ratios = {Fraction(p, q) for p in range(1, 10) for q in range(1, 9)}
    return sorted(r for r in ratios if low < r < high)


def lattice(size: int, b: float, *, torus: bool = True, seed: int = 0, defectors: float = 0.1,
            initial: str = "random") -> LatticeModel:  # fmt: skip
    """A Nowak–May lattice model (Moore neighbourhood, self-interaction, imitate-best)."""
    return LatticeModel(
        size, b=b, torus=torus, initial=initial, shares=(1 - defectors, defectors),
        agents=False, clusters=False, seed=seed,
    )  # fmt: skip


def run(model: LatticeModel, generations: int) -> np.ndarray:
    """Step ``generations`` times; the co-operator share before and after every step."""
    pop = model.population
    shares = np.empty(generations + 1)
    shares[0] = pop.shares()[0]
    for g in range(1, generations + 1):
        pop.step()
        shares[g] = pop.shares()[0]
    return shares


def _period(history: list[np.ndarray]) -> int | None:
    """Smallest k with the last state equal to the one k generations before (None: none)."""
    last = history[-1]
    for k in range(1, len(history)):
        if np.array_equal(last, history[-1 - k]):
            return k
    return None


def regimes(size: int, generations: int, out: Path) -> None:
    print("1. Critical ratios b = p/q and the co-operator share between them "
          f"({size} x {size} torus, 10% D at random, mean over generations "
          f"{generations // 2}-{generations})")  # fmt: skip
    ratios = critical_ratios(1.0, 2.6)
    print("   ratios: " + " ".join(str(r) for r in ratios))
    edges = [Fraction(1), *ratios, Fraction(27, 10)]
    rows = []
    for lo, hi in itertools.pairwise(edges):
        b = float(lo + hi) / 2
        model = lattice(size, b, seed=1)
        pop = model.population
        shares = np.empty(generations + 1)
        shares[0] = pop.shares()[0]
        history = []
        for g in range(1, generations + 1):
            pop.step()
            shares[g] = pop.shares()[0]
            if g > generations - 13:
                history.append(pop.state.copy())
        k = _period(history)
        state = "static" if k == 1 else f"period {k}" if k else "no period <= 12"
        mean = shares[generations // 2 :].mean()
        rows.append((lo, hi, b, mean, shares[generations // 2 :].std(), state))
    print(f"   {'interval':<14}{'b':>7}{'C share':>10}{'sd':>8}   end state")
    for lo, hi, b, mean, sd, state in rows:
        print(f"   {str(lo) + '-' + str(hi):<14}{b:7.3f}{mean:10.3f}{sd:8.3f}   {state}")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 4), layout="constrained")
    ax = fig.add_subplot()
    for lo, hi, b, mean, _, _ in rows:  # the share is the same for every b of an interval
        ax.hlines(mean, float(lo), float(hi), color="#0072B2", lw=2)
        ax.plot(b, mean, "o", color="#0072B2", ms=4)
    for r in ratios:
        ax.axvline(float(r), color="0.85", lw=0.8, zorder=0)
    ax.axvspan(1.8, 2.0, color="#E69F00", alpha=0.2, label="chaotic regime 9/5 < b < 2")
    ax.set_xlabel("b (temptation)")
    ax.set_ylabel("co-operator share")
    ax.set_title(f"Nowak–May lattice {size} x {size}: one b between consecutive ratios p/q")
    ax.legend()
    fig.savefig(out / "share_vs_b.png", dpi=120)


def identical_trajectories(size: int, generations: int) -> None:
    print(f"\n2. Trajectories ({size} x {size} torus, same random start, {generations} "
          "generations)")  # fmt: skip

    def history(b: float) -> np.ndarray:
        pop = lattice(size, b, seed=7, defectors=0.25).population
        states = np.empty((generations + 1, pop.state.size), dtype=np.int8)
        states[0] = pop.state
        for g in range(1, generations + 1):
            pop.step()
            states[g] = pop.state
        return states

    inside = [1.81, 1.85, 1.9, 1.99]
    runs = {b: history(b) for b in [1.79, *inside, 2.01]}
    same = all(np.array_equal(runs[inside[0]], runs[b]) for b in inside[1:])
    print(f"   b in {inside}: identical in every generation: {same}")
    for lo, hi, boundary in [(1.79, 1.81, "9/5"), (1.99, 2.01, "2")]:
        differ = np.flatnonzero((runs[lo] != runs[hi]).any(axis=1))
        first = int(differ[0]) if differ.size else None
        print(f"   b = {lo} vs {hi} (across {boundary}): first different generation {first}")


def chaotic_share(size: int, generations: int, seeds: int, out: Path) -> None:
    print(f"\n3. Chaotic co-operator share, b = {B_CHAOS}, {size} x {size}, mean over generations "
          f"{generations // 2}-{generations}")  # fmt: skip
    print(f"   published: about {PUBLISHED_SHARE} (12 ln 2 - 8 = {CLOSED_FORM:.4f})")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 4), layout="constrained")
    ax = fig.add_subplot()
    for torus in (True, False):
        for defectors in (0.1, 0.5):
            means = []
            for seed in range(seeds):
                shares = run(lattice(size, B_CHAOS, torus=torus, seed=seed,
                                     defectors=defectors), generations)  # fmt: skip
                means.append(shares[generations // 2 :].mean())
                if seed == 0 and defectors == 0.1:
                    ax.plot(shares, lw=0.8, label="torus" if torus else "fixed edges")
            edges = "torus      " if torus else "fixed edges"
            print(f"   {edges}, {defectors:.0%} D at start: mean {np.mean(means):.4f} "
                  f"(runs {min(means):.4f}-{max(means):.4f}, {seeds} seed(s))")  # fmt: skip
    ax.axhline(CLOSED_FORM, color="k", lw=0.8, ls="--", label="12 ln 2 - 8")
    ax.set_ylim(0, 1)
    ax.set_xlabel("generation")
    ax.set_ylabel("co-operator share")
    ax.set_title(f"b = {B_CHAOS}, {size} x {size}, 10% D at random")
    ax.legend()
    fig.savefig(out / "chaotic_share.png", dpi=120)


def symmetric(grid: np.ndarray) -> bool:
    """Whether a square grid is unchanged by the eight symmetries of the square (the
    transpose and the two flips generate them)."""
    return bool(
        np.array_equal(grid, grid.T)
        and np.array_equal(grid, grid[::-1, :])
        and np.array_equal(grid, grid[:, ::-1])
    )


def kaleidoscope(size: int, generations: int, out: Path) -> None:
    print(f"\n4. Kaleidoscope: one D at the centre of {size} x {size} C, fixed edges, "
          f"b = {B_CHAOS}")  # fmt: skip
    from matplotlib.figure import Figure

    from coop_sim.plot_spatial import lattice_snapshot

    model = lattice(size, B_CHAOS, torus=False, initial="mutant")
    pop = model.population
    shown = sorted({g for g in (5, 15, 30, generations // 2, generations) if g <= generations})
    fig = Figure(figsize=(3.2 * len(shown), 3.6), layout="constrained")
    axes = fig.subplots(1, len(shown))
    broken = []
    shares = []
    for g in range(1, generations + 1):
        pop.step()
        grid = pop.state.reshape(size, size)
        if not symmetric(grid):
            broken.append(g)
        shares.append(pop.shares()[0])
        if g in shown:
            i = shown.index(g)
            lattice_snapshot(grid.copy(), previous=pop.previous.reshape(size, size).copy(),
                             names=model.names, ax=axes[i], title=f"generation {g}")  # fmt: skip
            if i < len(shown) - 1 and axes[i].get_legend() is not None:
                axes[i].get_legend().remove()
    print(f"   eight-fold symmetric in all {generations} generations: {not broken}"
          + (f" (broken first at generation {broken[0]})" if broken else ""))  # fmt: skip
    half = np.mean(shares[generations // 2 :])
    print(f"   co-operator share: generation 10 {shares[9]:.4f}, mean over generations "
          f"{generations // 2}-{generations} {half:.4f}")  # fmt: skip
    fig.savefig(out / "kaleidoscope.png", dpi=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", type=int, default=200, help="lattice side of the chaotic-share runs (default 200)"
    )
    parser.add_argument(
        "--generations",
        type=int,
        default=1000,
        help="generations of the chaotic-share runs (default 1000)",
    )
    parser.add_argument("--seeds", type=int, default=1, help="runs per setting (default 1)")
    parser.add_argument(
        "--full",
        action="store_true",
        help="larger lattices and more runs (400 x 400, 5 seeds; minutes)",
    )
    parser.add_argument("--out", type=Path, default=Path("results/nowak_may"))
    args = parser.parse_args(argv)  # fmt: skip
    if args.full:
        args.size, args.seeds = max(args.size, 400), max(args.seeds, 5)
    if args.size < 3 or args.generations < 2 or args.seeds < 1:
        parser.error("--size must be >= 3, --generations >= 2 and --seeds >= 1")
    args.out.mkdir(parents=True, exist_ok=True)
    small = min(args.size, 200 if args.full else 100)
    regimes(small, 400 if args.full else 200, args.out)
    identical_trajectories(min(args.size, 60), 200)
    chaotic_share(args.size, args.generations, args.seeds, args.out)
    kaleidoscope(199 if args.full else 49, 400 if args.full else 200, args.out)
    print(f"\nfigures in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
