"""A listing scheme versus no scheme, in a population that starts with 20% reciprocators.

Question.  A town's tourist office (or a booksellers' guild) keeps a public list: traders
with a good record are listed and get a bonus -- a subsidy, or more customers -- and
defectors are dropped.  Does such a scheme let reciprocators take over a population of
defectors when relationships are short, and from what bonus on?  Does it matter what
counts as a good record?

Model.  N = 100 players, 20% reciprocators and 80% Always Defect (ALLD), play the
Prisoner's Dilemma (R, S, T, P = 3, 0, 5, 1) in pairs that break up with probability
tau = 0.5 after each round (relationships last two rounds on average) and re-form at
random (:mod:`coop_sim.design.rematching`); 50 rounds a generation, then every player
compares its pay-off with a random other's and imitates it with the Fermi probability
(intensity 1), 100 generations.  The reciprocators are either Tit for Tat (TFT), which
ignores the record, or *discriminating* TFT (``discriminator:tit_for_tat``), which plays
TFT with partners in good standing and defects against partners with a bad record.

The public record is one bit per player (Nowak & Sigmund 1998):

* ``image``: good after a co-operation, bad after a defection -- so a reciprocator that
  retaliates, or refuses a bad partner, turns bad itself;
* ``standing`` (Sugden 1986; Leimar & Hammerstein 2001): only a defection against a partner
  in good standing makes a player bad; a justified defection keeps the record.

The designs (:class:`~coop_sim.design.Listing`): no scheme; a record without any listing
(discriminators only -- they need a record); a listing bonus b a round for listed players;
a listing that multiplies a listed player's encounters (its round pay-off counts e times).
Measured: co-operation over the generations (mean and the 10-90% band over replicates) and
``threshold(..., 'listing_bonus', 'cooperation>=0.8')`` -- the smallest bonus from which
co-operation takes over (final co-operation >= 0.8 in at least half of the runs) -- and the
same for ``listing_encounters``.  The target is the co-operation rate rather than
``takeover``: a discriminator counts as a co-operator in :class:`~coop_sim.design.Outcome`
(its base strategy co-operates with itself) even when its bad image makes it defect.

Known result checked: first-order image scoring is unstable -- discriminators who refuse
bad partners lose their own image, and co-operation among them unravels (Leimar &
Hammerstein 2001; Panchanathan & Boyd 2003), while standing keeps justified defectors good.

References: Nowak, M. A. & Sigmund, K. (1998). Evolution of indirect reciprocity by image
scoring. Nature 393, 573-577.  Sugden, R. (1986). The Economics of Rights, Co-operation and
Welfare.  Leimar, O. & Hammerstein, P. (2001). Evolution of cooperation through indirect
reciprocity. Proc. R. Soc. B 268, 745-753.  Panchanathan, K. & Boyd, R. (2003). A tale of
two defectors: the importance of standing for evolution of indirect reciprocity. J. Theor.
Biol. 224, 115-126.

    python experiments/listing_scheme.py [--quick] [--seed 1] [--out DIR]

Figure ``listing_scheme.png``: co-operation over generations under each design, for TFT
and for discriminating TFT.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from coop_sim.design import (
    Dynamics,
    Listing,
    Reputation,
    Scenario,
    Turnover,
    evaluate_replicates,
    threshold,
)

FIGURES = Path("results") / "listing_scheme"
TURNOVER = 0.5
BONUS = 0.75
ENCOUNTERS = 2.0
TARGET = "cooperation>=0.8"
RECIPROCATORS = {"TFT": "tit_for_tat", "discriminating TFT": "discriminator:tit_for_tat"}


@dataclass
class Results:
    """Everything the study measured (see the module notes)."""

    cooperation: dict  # (population, design) -> (replicates, generations) co-operation
    final: dict  # (population, design) -> mean final co-operation
    reciprocators: dict  # (population, design) -> mean final reciprocator share
    thresholds: dict  # (population, lever, record) -> ThresholdResult
    finding: str
    figure: Path
    seconds: float
    settings: dict = field(default_factory=dict)


def base(population: str, generations: int) -> Scenario:
    """20% reciprocators, 80% ALLD, turnover 0.5, no scheme (a standing record for the
    discriminators, who need one)."""
    name = RECIPROCATORS[population]
    ivs = [Turnover(TURNOVER)]
    if name.startswith("discriminator"):
        ivs.append(Reputation("standing"))
    return Scenario({name: 0.2, "defector": 0.8}, population=100, interventions=ivs,
                    dynamics=Dynamics("fermi", generations=generations, rounds=50))  # fmt: skip


def designs(population: str, generations: int) -> dict[str, Scenario]:
    """The designs compared for one population (label -> scenario)."""
    s = base(population, generations)
    out = {}
    if population == "TFT":
        out["no scheme"] = s
    else:
        out["record only: image"] = s.apply(Reputation("image"))
        out["record only: standing"] = s
    for record in ("image", "standing"):
        out[f"bonus {BONUS:g}, {record}"] = listed(s, Listing(bonus=BONUS, record=record))
    if population == "TFT":
        for record in ("image", "standing"):
            out[f"{ENCOUNTERS:g}x encounters, {record}"] = listed(
                s, Listing(encounters=ENCOUNTERS, record=record)
            )
    return out


def listed(s: Scenario, listing: Listing) -> Scenario:
    """``s`` with ``listing`` deciding by its own record (any Reputation dropped)."""
    return s.apply(listing).without("reputation")


def study(quick: bool = False, seed: int = 1, out: Path = FIGURES) -> Results:
    """Run the study, print its numbers and finding, save the figure.

    Parameters
    ----------
    quick : bool
        Fewer generations and replicates (for the tests).
    seed : int
        Seed of the simulations.
    out : Path
        Folder of the figure.

    Returns
    -------
    Results
    """
    started = time.perf_counter()
    gens, reps = (40, 6) if quick else (100, 20)
    print("A listing scheme for reciprocators among defectors")
    print(
        f"N = 100: 20% reciprocators, 80% ALLD; turnover {TURNOVER} a round; 50 rounds a "
        f"generation, {gens} generations, Fermi imitation; {reps} runs; seed {seed}\n"
    )
    coop, final, share = {}, {}, {}
    print(f"{'population':<20}{'design':<28}{'final co-operation':>20}{'reciprocators':>15}"
          f"{'runs >= 0.8':>13}")  # fmt: skip
    for population in RECIPROCATORS:
        for label, sc in designs(population, gens).items():
            runs = evaluate_replicates(sc, reps, seed=seed)
            key = (population, label)
            coop[key] = np.array([o.cooperation for o in runs])
            final[key] = float(np.mean([o.final_cooperation for o in runs]))
            share[key] = float(np.mean([o.shares[-1, 0] for o in runs]))
            held = sum(o.final_cooperation >= 0.8 for o in runs)
            print(f"{population:<20}{label:<28}{final[key]:>20.3f}{share[key]:>15.3f}"
                  f"{held:>9}/{reps}")  # fmt: skip

    found = {}
    for population in RECIPROCATORS:
        s = base(population, gens)
        for record in ("image", "standing"):
            found[population, "listing_bonus", record] = threshold(
                listed(s, Listing(record=record)), "listing_bonus", TARGET,
                replicates=reps, seed=seed,
            )  # fmt: skip
            if population == "TFT":
                found[population, "listing_encounters", record] = threshold(
                    listed(s, Listing(record=record)), "listing_encounters", TARGET,
                    replicates=reps, seed=seed,
                )  # fmt: skip
    print(f"\nthresholds for {TARGET} (listing by the given record):")
    for (population, lever, record), res in found.items():
        value = "not reached" if res.value is None else f"{res.value:.3f}"
        print(
            f"  {population:<20}{lever:<20}{record:<10}{value:>12}   bracket "
            f"({res.bracket[0]:.3f}, {res.bracket[1]:.3f}] of [{res.low:g}, {res.high:g}]"
        )
    for key, res in found.items():
        print(f"\n{key[0]}, {key[1]}, {key[2]}: {res.statement}")

    finding = _finding(final, found)
    print("\n" + finding)
    out.mkdir(parents=True, exist_ok=True)
    path = draw(coop, found, out / "listing_scheme.png")
    seconds = time.perf_counter() - started
    print(f"figure: {path}  ({seconds:.1f} s)")
    settings = {"quick": quick, "seed": seed, "generations": gens, "replicates": reps}
    return Results(coop, final, share, found, finding, path, seconds, settings)


def _fmt(res) -> str:
    if res.value is None:
        return f"none up to {res.high:g}"
    return f"{res.value:.2f}"


def _finding(final: dict, found: dict) -> str:
    tft = (
        f"20% TFT {'die out' if final['TFT', 'no scheme'] < 0.5 else 'survive'} without a "
        f"scheme (co-operation {final['TFT', 'no scheme']:.2f}); a listing bonus from "
        f"{_fmt(found['TFT', 'listing_bonus', 'standing'])} a round (standing record) or "
        f"{_fmt(found['TFT', 'listing_bonus', 'image'])} (image record), or "
        f"{_fmt(found['TFT', 'listing_encounters', 'standing'])}x (standing) / "
        f"{_fmt(found['TFT', 'listing_encounters', 'image'])}x (image) encounters, lets them "
        "take over"
    )
    d = "discriminating TFT"
    disc = (
        f"discriminating TFT reach co-operation {final[d, 'record only: standing']:.2f} with a "
        f"standing record and no bonus at all (bonus threshold "
        f"{_fmt(found[d, 'listing_bonus', 'standing'])}), but under image scoring they "
        f"collapse (co-operation {final[d, 'record only: image']:.2f}; bonus threshold "
        f"{_fmt(found[d, 'listing_bonus', 'image'])})"
    )
    return f"Finding: {tft}; {disc}."


COLOURS = {
    "no scheme": "k",
    "record only: image": "0.45",
    "record only: standing": "k",
    f"bonus {BONUS:g}, image": "#E69F00",
    f"bonus {BONUS:g}, standing": "#0072B2",
    f"{ENCOUNTERS:g}x encounters, image": "#CC79A7",
    f"{ENCOUNTERS:g}x encounters, standing": "#009E73",
}


def draw(coop: dict, found: dict, path: Path) -> Path:
    """Co-operation over generations per design; one panel per reciprocator."""
    from matplotlib.figure import Figure

    from coop_sim.plot_design import save_figure

    fig = Figure(figsize=(12, 4.8), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    for ax, population in zip(axes, RECIPROCATORS, strict=True):
        for (pop, label), data in coop.items():
            if pop != population:
                continue
            g = np.arange(data.shape[1])
            c = COLOURS[label]
            ls = "--" if label.startswith("record only: image") else "-"
            ax.plot(g, data.mean(axis=0), color=c, lw=1.8, ls=ls, label=label)
            ax.fill_between(g, np.quantile(data, 0.1, axis=0), np.quantile(data, 0.9, axis=0),
                            color=c, alpha=0.08, lw=0)  # fmt: skip
        lines = [f"20% {population}, 80% ALLD, turnover {TURNOVER}"]
        for lever, what in (("listing_bonus", "a bonus"),
                            ("listing_encounters", "an encounter multiplier")):  # fmt: skip
            cells = [f"{record} {_fmt(res)}" for (pop, lv, record), res in found.items()
                     if pop == population and lv == lever]  # fmt: skip
            if cells:
                lines.append(f"co-operation >= 0.8 from {what} of: {', '.join(cells)}")
        ax.set_title("\n".join(lines), fontsize=9)
        ax.set_xlabel("generation")
        ax.set_ylim(-0.03, 1.03)
        ax.legend(fontsize=8, frameon=False, loc="upper left")
    axes[0].set_ylabel("co-operation (mean; band 10-90% of runs)")
    fig.suptitle("A public list with a bonus or more encounters for listed players")
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
