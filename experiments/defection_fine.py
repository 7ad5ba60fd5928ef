"""The defection fine that lets Tit for Tat resist Always Defect and Alternator.

Question.  A rule-maker can fine defection.  How large must the fine be for a population of
Tit for Tat (TFT) to resist invasion by Always Defect (ALLD) and by Alternator (C, D, C, D,
...) when a relationship goes on after each round with probability w = 0.5, 0.6 or 0.7?

Model.  Matches with continuation probability w, no noise, Axelrod's pay-offs
(R, S, T, P) = (3, 0, 5, 1).  Two levers (:mod:`coop_sim.design.interventions`): a fine f
on every defection (``fine_on_defection``: T - f and P - f) and a fine only on defecting
against a co-operator (``fine_on_exploitation``: T - f).  Per round, ALLD earns
(1 - w) T + w P against TFT and Alternator earns (1 - w) R + w (T + w S) / (1 + w); TFT
resists when R exceeds both (Axelrod 1984, ch. 3: w >= (T - R) / (T - P) and
w >= (T - R) / (R - S)).  Solving for the fine gives the closed form of
:func:`coop_sim.design.closed_form_threshold`:

* fine on defection:    f >= (1 - w) T + w P - R (ALLD),  f >= T + w S - (1 + w) R (Alternator);
* fine on exploitation: f >= ((1 - w) T + w P - R) / (1 - w) (ALLD), the same as above
  for Alternator (TFT and Alternator never meet in mutual defection).

With Axelrod's pay-offs w = 1/2 already keeps ALLD out and w = 2/3 Alternator, so the
fines at w = 0.5, 0.6, 0.7 are small: 0.5, 0.2, 0 (Alternator) and 0, 0, 0 (ALLD; at
w = 0.5 exactly a tie that the second stability condition decides against TFT).

Three ways of finding the threshold are compared (:func:`coop_sim.design.threshold`):

1. the closed form;
2. ``method='exact'``: Maynard Smith's stability conditions on the exact (Markov) pay-off
   matrix, scanned and bisected to 1e-8;
3. simulation of evolution, starting from a TFT population with rare invaders:

   * the replicator dynamics from 99.9% TFT (0.05% ALLD, 0.05% Alternator), 2000
     generations.  *Invasion criterion* ``share:tit_for_tat>=0.999``: TFT is not invaded
     (its share does not fall below its start).  Also the *majority criterion*
     ``share:tit_for_tat>=0.5``, which gives a lower fine: just below the threshold
     Alternator invades but settles in a stable mixture with TFT, and only further below
     does it let ALLD back in (Alternator is a stepping stone for ALLD);
   * a finite Moran population (N = 100, 96 TFT, 2 ALLD, 2 Alternator, exponential
     fitness ``exp(s * payoff)``, 100 generations), target ``share:tit_for_tat>=0.99`` (the
     invaders are purged), bisected on replicated runs with common random numbers; the
     threshold is where the target holds in half of the runs, with Wilson 95% intervals.
     Drift lets favoured invaders die out by chance, so the finite-population threshold
     lies below the closed form and approaches it as selection strengthens (printed for
     s = 1, 5, 20, 50); the table uses strong selection, s = 50.

Literature: Axelrod, R. (1984). The Evolution of Cooperation, ch. 3 (the TFT thresholds);
Maynard Smith, J. (1982). Evolution and the Theory of Games (stability conditions); Nowak,
M. A., Sasaki, A., Taylor, C. & Fudenberg, D. (2004). Emergence of cooperation and
evolutionary stability in finite populations. Nature 428, 646-650 (drift versus selection).

    python experiments/defection_fine.py [--quick] [--seed 1] [--out DIR]

Figure ``defection_fine.png``: the fine against w in [0, 0.95] for both levers (closed
form for ALLD, Alternator and both; exact thresholds as dots; w = 0.5, 0.6, 0.7 marked,
with the replicator and Moran thresholds there).
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from coop_sim.design import (
    Dynamics,
    Scenario,
    Shadow,
    closed_form_threshold,
    evaluate,
    threshold,
)

FIGURES = Path("results") / "defection_fine"
MARKED = (0.5, 0.6, 0.7)
LEVERS = ("fine_on_defection", "fine_on_exploitation")
STRATEGIES = ("tit_for_tat", "defector", "alternator")
BOTH = "tit_for_tat resists defector, alternator"
INVASION = "share:tit_for_tat>=0.999"
MAJORITY = "share:tit_for_tat>=0.5"
PURGED = "share:tit_for_tat>=0.99"
#: Selection intensity of the Moran runs in the table (strong selection).
STRONG = 50.0
HIGH = 2.0  # upper end of the fines searched by simulation


@dataclass
class Row:
    """The thresholds for one continuation probability and one lever."""

    w: float
    lever: str
    closed_defector: float
    closed_alternator: float
    closed: float
    exact: float
    replicator: float
    majority: float
    moran: float
    moran_bracket: tuple[float, float]
    moran_statement: str


@dataclass
class Results:
    """Everything the study measured (see the module notes)."""

    rows: list[Row]
    curve_w: np.ndarray
    curve: dict  # lever -> {'defector', 'alternator', 'both'} -> closed-form fines
    exact_w: np.ndarray
    exact_curve: dict  # lever -> exact fines (both invaders) at exact_w
    drift: list[tuple[float, float, tuple[float, float]]]  # (intensity, threshold, bracket)
    below: list[tuple[float, float, dict]]  # (w, fine, replicator final shares)
    finding: str
    figure: Path
    seconds: float
    settings: dict = field(default_factory=dict)


def scenario(w: float, dynamics: Dynamics | None = None, initial=None, population=100):
    """TFT, ALLD and Alternator in matches with continuation ``w``."""
    shares = dict(zip(STRATEGIES, initial or (1 / 3, 1 / 3, 1 / 3), strict=True))
    return Scenario(
        shares, population=population, interventions=[Shadow(continuation=w)],
        dynamics=dynamics or Dynamics("replicator"),
    )  # fmt: skip


def closed(w: float, lever: str, target: str = BOTH) -> float:
    """The closed-form fine (0 when none is needed; nan when no fine makes TFT resist, as at
    w = 0, where Alternator plays exactly as TFT)."""
    value = closed_form_threshold(scenario(w), lever, target)
    return math.nan if value is None else float(value)


def replicator_scenario(w: float, generations: int) -> Scenario:
    """99.9% TFT with 0.05% ALLD and 0.05% Alternator, replicator dynamics."""
    return scenario(w, Dynamics("replicator", generations=generations), (0.999, 0.0005, 0.0005))


def moran_scenario(w: float, generations: int, intensity: float) -> Scenario:
    """N = 100: 96 TFT, 2 ALLD, 2 Alternator, Moran birth-death, exponential fitness."""
    dyn = Dynamics("moran", generations=generations, intensity=intensity)
    return scenario(w, dyn, (0.96, 0.02, 0.02), population=100)


def study(quick: bool = False, seed: int = 1, out: Path = FIGURES) -> Results:
    """Run the study, print its numbers and finding, save the figure.

    Parameters
    ----------
    quick : bool
        Fewer generations, replicates and curve points (for the tests).
    seed : int
        Seed of the Moran simulations.
    out : Path
        Folder of the figure.

    Returns
    -------
    Results
    """
    started = time.perf_counter()
    gens = 1000 if quick else 2000
    tol = 1e-4 if quick else None  # width of the exact bracket (default 1e-9 of the range)
    moran_gens, reps = (50, 10) if quick else (100, 40)
    print("The fine needed for Tit for Tat to resist ALLD and Alternator (R,S,T,P = 3,0,5,1)")
    print(
        f"replicator: 99.9% TFT, {gens} generations; Moran: N = 100 (96 TFT, 2 ALLD, 2 ALT), "
        f"{moran_gens} generations, intensity {STRONG:g}, {reps} runs per level, seed {seed}\n"
    )
    rows = []
    for w in MARKED:
        for lever in LEVERS:
            exact = threshold(scenario(w), lever, BOTH, method="exact", high=HIGH, tolerance=tol)
            rep = threshold(replicator_scenario(w, gens), lever, INVASION, high=HIGH)
            maj = threshold(replicator_scenario(w, gens), lever, MAJORITY, high=HIGH)
            moran = threshold(moran_scenario(w, moran_gens, STRONG), lever, PURGED, high=HIGH,
                              replicates=reps, seed=seed)  # fmt: skip
            rows.append(Row(
                w, lever, closed(w, lever, "tit_for_tat resists defector"),
                closed(w, lever, "tit_for_tat resists alternator"), closed(w, lever),
                float(exact.value), float(rep.value), float(maj.value), float(moran.value),
                moran.bracket, moran.statement,
            ))  # fmt: skip
    print(f"{'w':>4}  {'lever':<21}{'closed form: ALLD':>18}{'ALT':>6}{'both':>6}"
          f"{'exact':>12}{'replicator':>12}{'(majority)':>11}{'Moran':>8}")  # fmt: skip
    for r in rows:
        print(f"{r.w:4.1f}  {r.lever:<21}{r.closed_defector:18.4g}{r.closed_alternator:6.3g}"
              f"{r.closed:6.3g}{r.exact:12.8f}{r.replicator:12.4f}{r.majority:11.4f}"
              f"{r.moran:8.3f}")  # fmt: skip
    print("\nMoran thresholds (confidence):")
    for r in rows:
        print(f"  w = {r.w:g}, {r.lever}: {r.moran_statement}")

    # drift against selection: the Moran threshold as selection strengthens
    drift = []
    for s in (5.0, 50.0) if quick else (1.0, 5.0, 20.0, 50.0):
        res = threshold(moran_scenario(0.5, moran_gens, s), "fine_on_defection", PURGED,
                        high=HIGH, replicates=reps, seed=seed)  # fmt: skip
        drift.append((s, float(res.value), res.bracket))
    print(f"\nMoran threshold at w = 0.5 (fine on defection, closed form "
          f"{closed(0.5, 'fine_on_defection'):g}) as selection strengthens:")  # fmt: skip
    for s, value, bracket in drift:
        print(f"  intensity {s:>4g}: {value:.3f}  (bracket {bracket[0]:.3f}-{bracket[1]:.3f})")

    # below the fine: what the replicator population turns into
    below = []
    for w in MARKED:
        f = 0.5 * closed(w, "fine_on_defection")
        if f <= 0:
            continue
        sc = replicator_scenario(w, gens).with_levers(fine_on_defection=f)
        below.append((w, f, evaluate(sc).final_shares))
    print("\nReplicator population at half the fine on defection:")
    for w, f, shares in below:
        print(f"  w = {w:g}, fine {f:g}: " + ", ".join(f"{k} {v:.3f}" for k, v in shares.items()))

    # the curve over w
    curve_w = np.linspace(0.01, 0.95, 95)  # at w = 0 Alternator is TFT: no fine helps
    curve = {
        lever: {
            name: np.array([closed(w, lever, target) for w in curve_w])
            for name, target in (("defector", "tit_for_tat resists defector"),
                                 ("alternator", "tit_for_tat resists alternator"),
                                 ("both", BOTH))
        }
        for lever in LEVERS
    }  # fmt: skip
    exact_w = np.linspace(0.35, 0.95, 3) if quick else np.linspace(0.05, 0.95, 19)
    exact_curve = {
        lever: np.array([threshold(scenario(w), lever, BOTH, method="exact", high=3.0,
                                   tolerance=tol).value for w in exact_w])
        for lever in LEVERS
    }  # fmt: skip
    at_zero = threshold(scenario(0.0), "fine_on_defection", BOTH, method="exact", high=3.0)
    print(f"\nAt w = 0 (a single round) Alternator plays C and is indistinguishable from TFT: "
          f"{at_zero.statement} The closed form gives {closed(0.0, 'fine_on_defection'):g} "
          "there (its Alternator formula divides by w).")  # fmt: skip
    err_exact = max(abs(r.exact - r.closed) for r in rows)
    err_exact = max(err_exact, *(float(np.max(np.abs(exact_curve[lv] - np.interp(
        exact_w, curve_w, curve[lv]["both"])))) for lv in LEVERS))  # fmt: skip
    err_rep = max(abs(r.replicator - r.closed) for r in rows)
    err_moran = max(abs(r.moran - r.closed) for r in rows)

    def fines(lever):
        return "/".join(f"{r.closed:g}" for r in rows if r.lever == lever)

    same = fines("fine_on_defection") == fines("fine_on_exploitation")
    exploitation = "the same" if same else fines("fine_on_exploitation")
    setter = (
        "Alternator alone sets it"
        if all(r.closed == r.closed_alternator >= r.closed_defector for r in rows)
        else "ALLD sets it in places"
    )
    finding = (
        f"Finding: at w = 0.5/0.6/0.7 TFT needs a fine of {fines('fine_on_defection')} on "
        f"defection ({exploitation} on exploitation) to resist both ALLD and Alternator -- "
        f"{setter}; closed form and exact agree within {err_exact:.1g}, the replicator within "
        f"{err_rep:.2g}, the Moran population (intensity {STRONG:g}) within {err_moran:.2g}."
    )
    print("\n" + finding)
    out.mkdir(parents=True, exist_ok=True)
    path = draw(rows, curve_w, curve, exact_w, exact_curve, out / "defection_fine.png")
    seconds = time.perf_counter() - started
    print(f"figure: {path}  ({seconds:.1f} s)")
    return Results(rows, curve_w, curve, exact_w, exact_curve, drift, below, finding, path,
                   seconds, {"quick": quick, "seed": seed})  # fmt: skip


def draw(rows, curve_w, curve, exact_w, exact_curve, path: Path) -> Path:
    """Two panels (one per lever): the fine against w, thresholds marked."""
    from matplotlib.figure import Figure

    from coop_sim.plot_design import save_figure

    fig = Figure(figsize=(11, 4.5), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    for ax, lever in zip(axes, LEVERS, strict=True):
        c = curve[lever]
        ax.plot(curve_w, c["defector"], color="#D55E00", ls="--", lw=1.2,
                label="closed form: resists ALLD")  # fmt: skip
        ax.plot(curve_w, c["alternator"], color="#009E73", ls=":", lw=1.5,
                label="closed form: resists Alternator")  # fmt: skip
        ax.plot(curve_w, c["both"], color="k", lw=5, alpha=0.25, zorder=1,
                label="closed form: resists both")  # fmt: skip
        ax.plot(exact_w, exact_curve[lever], "o", color="#0072B2", ms=5, mfc="none",
                label="exact (stability on the Markov pay-offs)")  # fmt: skip
        mine = [r for r in rows if r.lever == lever]
        ax.plot([r.w for r in mine], [r.replicator for r in mine], "s", color="#CC79A7",
                ms=6, label="replicator (TFT not invaded)")  # fmt: skip
        ax.errorbar([r.w for r in mine], [r.moran for r in mine],
                    yerr=[[r.moran - r.moran_bracket[0] for r in mine],
                          [r.moran_bracket[1] - r.moran for r in mine]],
                    fmt="^", color="#E69F00", ms=6, capsize=3,
                    label=f"Moran N = 100, intensity {STRONG:g}")  # fmt: skip
        for r in mine:
            ax.axvline(r.w, color="0.7", lw=0.8, zorder=0)
            ax.annotate(f"w = {r.w:g}: {r.closed:.2g}", (r.w, r.closed), xytext=(4, 18),
                        textcoords="offset points", fontsize=8)  # fmt: skip
        ax.set_xlim(0, 0.95)
        ax.set_ylim(-0.05, 2.2)
        ax.set_xlabel("continuation probability w")
        title = "fine on every defection (T - f, P - f)" if lever == "fine_on_defection" else (
            "fine on exploiting a co-operator (T - f)")  # fmt: skip
        ax.set_title(title, fontsize=10)
    axes[0].set_ylabel("fine f needed for TFT to resist")
    axes[0].legend(fontsize=8, frameon=False)
    fig.suptitle("The fine that makes Tit for Tat stable (R, S, T, P = 3, 0, 5, 1)")
    return save_figure(fig, path)


def run(argv: list[str] | None = None) -> Results:
    """Parse the command line, run the study and return its results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast, smaller run (tests)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the simulations")
    parser.add_argument("--out", type=Path, default=FIGURES, help="folder of the figure")
    args = parser.parse_args(argv)
    return study(args.quick, args.seed, args.out)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    run(argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
