"""The turnover rate at which a co-operative population collapses.

Question.  Co-operation between reciprocators rests on stable relationships: what you do
to a partner today comes back tomorrow.  When relationships break up -- people move, firms
switch suppliers, platforms re-match strangers -- the shadow of the future shortens.  From
what rate of turnover on does a population of mostly co-operators fall to defection?

Model.  A population of N = 100 players starts with 45% Tit for Tat (TFT), 45% Win-Stay
Lose-Shift (WSLS) and 10% Always Defect (ALLD).  Players play the Prisoner's Dilemma
(R, S, T, P = 3, 0, 5, 1) in pairs; after each round a relationship ends with probability
``1 - (1 - tau) w`` (continuation w = 0.98, turnover tau) and both partners are re-matched
with new partners drawn at random, starting afresh (:mod:`coop_sim.design.rematching`).
Each generation is 50 rounds; then strategies spread by the pairwise-comparison (Fermi)
rule or by Moran birth-death, selection intensity 1 (60 generations).  The same scenario
under the replicator dynamics is the mean-field limit, with matches of continuation
``(1 - tau) w`` (:mod:`coop_sim.design.evaluate`).

The collapse threshold is ``threshold(scenario, 'turnover', 'cooperation<0.5')``: the
smallest turnover at which the co-operation rate of the last generation is below one half
(in at least half of the replicated runs for the re-matching model, with Wilson 95%
intervals; bisection on the deterministic replicator map for the mean field).  For
reference: TFT stops being evolutionarily stable against ALLD when the effective
continuation ``(1 - tau) w`` falls below ``(T - R) / (T - P) = 1/2`` (Axelrod 1984), i.e.
at ``tau = 1 - 0.5 / 0.98 = 0.49``; from a start with 10% ALLD the population tips
earlier, when the ALLD share needed to invade drops below 10%.

Literature: Axelrod, R. (1984). The Evolution of Cooperation (the shadow of the future);
Nowak, M. A. & Sigmund, K. (1993). A strategy of win-stay, lose-shift that outperforms
tit-for-tat. Nature 364, 56-58; Traulsen, A., Nowak, M. A. & Pacheco, J. M. (2006).
Stochastic dynamics of invasion and fixation. Phys. Rev. E 74, 011909 (the Fermi rule).

    python experiments/turnover_collapse.py [--quick] [--seed 1] [--out DIR]

Figure ``turnover_collapse.png``: co-operation against turnover (mean and the 10-90%
band over replicates for both re-matching processes, the mean-field line, the thresholds
marked) and co-operation over the generations just below and above the Fermi threshold.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from coop_sim.design import Dynamics, Scenario, Shadow, evaluate, evaluate_replicates, threshold

FIGURES = Path("results") / "turnover_collapse"
POPULATION = {"tit_for_tat": 0.45, "win_stay_lose_shift": 0.45, "defector": 0.10}
CONTINUATION = 0.98
TARGET = "cooperation<0.5"
PROCESSES = ("fermi", "moran")


@dataclass
class Results:
    """Everything the study measured (see the module notes)."""

    thresholds: dict  # model -> ThresholdResult
    taus: np.ndarray
    curves: dict  # model -> (replicates, len(taus)) final co-operation
    mean_field: np.ndarray  # replicator final co-operation at taus
    ess_bound: float
    below_above: dict  # 'below'/'above' -> (tau, (replicates, generations) co-operation)
    finding: str
    figure: Path
    seconds: float
    settings: dict = field(default_factory=dict)


def scenario(kind: str, generations: int) -> Scenario:
    """The co-operative population under dynamics ``kind`` (no turnover yet)."""
    return Scenario(
        POPULATION, population=100, interventions=[Shadow(continuation=CONTINUATION)],
        dynamics=Dynamics(kind, generations=generations, rounds=50), name=f"turnover {kind}",
    )  # fmt: skip


def study(quick: bool = False, seed: int = 1, out: Path = FIGURES) -> Results:
    """Run the study, print its numbers and finding, save the figure.

    Parameters
    ----------
    quick : bool
        Fewer generations, replicates and turnover levels (for the tests).
    seed : int
        Seed of the re-matching simulations.
    out : Path
        Folder of the figure.

    Returns
    -------
    Results
    """
    started = time.perf_counter()
    gens, reps, levels = (30, 6, 8) if quick else (60, 20, 15)
    print("Relationship turnover and the collapse of co-operation")
    print(f"N = 100: TFT 45%, WSLS 45%, ALLD 10%; continuation {CONTINUATION}; 50 rounds a "
          f"generation, {gens} generations; {reps} runs per level; seed {seed}\n")  # fmt: skip
    models = {kind: scenario(kind, gens) for kind in PROCESSES}
    models["replicator"] = scenario("replicator", 500)
    found = {}
    for name, sc in models.items():
        found[name] = threshold(sc, "turnover", TARGET, low=0.0, high=0.8, replicates=reps,
                                seed=seed)  # fmt: skip
    ess = 1.0 - 0.5 / CONTINUATION
    print(f"{'model':<12}{'collapse threshold':>20}   bracket")
    for name, res in found.items():
        value = "not reached" if res.value is None else f"{res.value:.3f}"
        print(f"{name:<12}{value:>20}   ({res.bracket[0]:.3f}, {res.bracket[1]:.3f}]")
    print(f"TFT stops resisting ALLD (effective continuation below 1/2) at turnover {ess:.3f}")
    for name in PROCESSES:
        print(f"\n{name}: {found[name].statement}")
    print(f"\nreplicator: {found['replicator'].statement}")

    taus = np.linspace(0.0, 0.7, levels)
    curves = {}
    for kind in PROCESSES:
        curves[kind] = np.array([
            [o.final_cooperation for o in evaluate_replicates(
                models[kind].with_levers(turnover=t), reps, seed=seed)]
            for t in taus
        ]).T  # fmt: skip
    mean_field = np.array(
        [evaluate(models["replicator"].with_levers(turnover=t)).final_cooperation for t in taus]
    )
    print(f"\nfinal co-operation (mean over {reps} runs; 10%-90% of runs in brackets)")
    print(f"{'turnover':>9}" + "".join(f"{k:>22}" for k in PROCESSES) + f"{'replicator':>12}")
    for j, t in enumerate(taus):
        cells = "".join(
            f"{curves[k][:, j].mean():>9.3f} ({np.quantile(curves[k][:, j], 0.1):.2f}-"
            f"{np.quantile(curves[k][:, j], 0.9):.2f})"
            for k in PROCESSES
        )
        print(f"{t:>9.3f}{cells}{mean_field[j]:>12.3f}")

    below_above = {}
    fermi = found["fermi"]
    if fermi.value is not None and fermi.value > 0:
        for label, t in (("below", 0.8 * fermi.value), ("above", min(1.0, 1.2 * fermi.value))):
            runs = evaluate_replicates(models["fermi"].with_levers(turnover=t), reps, seed=seed)
            below_above[label] = (float(t), np.array([o.cooperation for o in runs]))

    values = {k: r.value for k, r in found.items()}
    if all(v is not None for v in values.values()):
        finding = (
            f"Finding: co-operation collapses from turnover {values['fermi']:.2f} (Fermi) / "
            f"{values['moran']:.2f} (Moran) in the re-matching population and from "
            f"{values['replicator']:.2f} in the mean field -- relationships must last about "
            f"{1 / (1 - (1 - values['fermi']) * CONTINUATION):.1f} rounds on average for "
            f"reciprocity to hold (TFT's stability bound is {ess:.2f})."
        )
    else:
        finding = "Finding: co-operation did not collapse in the range searched: " + ", ".join(
            f"{k} {'none' if v is None else f'{v:.2f}'}" for k, v in values.items()
        )
    print("\n" + finding)
    out.mkdir(parents=True, exist_ok=True)
    path = draw(found, taus, curves, mean_field, ess, below_above, out / "turnover_collapse.png")
    seconds = time.perf_counter() - started
    print(f"figure: {path}  ({seconds:.1f} s)")
    settings = {"quick": quick, "seed": seed, "generations": gens, "replicates": reps}
    return Results(
        found, taus, curves, mean_field, ess, below_above, finding, path, seconds, settings
    )


COLOURS = {"fermi": "#0072B2", "moran": "#D55E00", "replicator": "k"}


def draw(found, taus, curves, mean_field, ess, below_above, path: Path) -> Path:
    """Co-operation against turnover, and over generations either side of the threshold."""
    from matplotlib.figure import Figure

    from coop_sim.plot_design import save_figure

    fig = Figure(figsize=(12, 4.5), layout="constrained")
    ax, gen = fig.subplots(1, 2, width_ratios=(1.4, 1))
    for kind, data in curves.items():
        c = COLOURS[kind]
        ax.plot(taus, data.mean(axis=0), "o-", color=c, ms=3,
                label=f"re-matching, {kind} (mean of {data.shape[0]} runs)")  # fmt: skip
        ax.fill_between(taus, np.quantile(data, 0.1, axis=0), np.quantile(data, 0.9, axis=0),
                        color=c, alpha=0.2, lw=0)  # fmt: skip
    ax.plot(taus, mean_field, color="k", lw=1.2, ls="--", label="replicator (mean field)")
    lines = ["collapse threshold (co-operation < 0.5):"]
    for kind, res in found.items():
        if res.value is None:
            lines.append(f"{kind}: not reached")
            continue
        ax.axvline(res.value, color=COLOURS[kind], lw=0.9, ls=":")
        lines.append(f"{kind}: {res.value:.3f}  ({res.bracket[0]:.3f}, {res.bracket[1]:.3f}]")
    ax.text(0.98, 0.97, "\n".join(lines), transform=ax.transAxes, ha="right", va="top",
            fontsize=8, bbox={"facecolor": "white", "edgecolor": "0.8"})  # fmt: skip
    ax.axvline(ess, color="0.5", lw=0.8)
    ax.annotate("TFT no longer an ESS\nagainst ALLD", (ess, 0.15), xytext=(3, 0),
                textcoords="offset points", fontsize=8, color="0.4")  # fmt: skip
    ax.axhline(0.5, color="0.6", lw=0.6, ls="--")
    ax.set_xlabel("turnover: probability a relationship ends after a round")
    ax.set_ylabel("co-operation in the last generation")
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlim(taus[0], taus[-1])
    ax.legend(fontsize=8, frameon=False, loc="lower left")
    ax.set_title("TFT 45%, WSLS 45%, ALLD 10%; continuation 0.98 (band: 10-90% of runs)",
                 fontsize=10)  # fmt: skip
    for label, (t, coop) in below_above.items():
        colour = "#009E73" if label == "below" else "#CC79A7"
        for k, row in enumerate(coop):
            gen.plot(
                row,
                color=colour,
                lw=0.6,
                alpha=0.4,
                label=f"turnover {t:.3f} ({label} the Fermi threshold)" if k == 0 else None,
            )
        gen.plot(coop.mean(axis=0), color=colour, lw=2)
    gen.set_xlabel("generation")
    gen.set_ylabel("co-operation")
    gen.set_ylim(-0.03, 1.03)
    gen.set_title("re-matching, Fermi: runs either side of the threshold", fontsize=10)
    if below_above:
        gen.legend(fontsize=8, frameon=False)
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
