"""A known final round (unravelling) versus an unknown end, in tournaments and in evolution.

Question.  Does it matter for co-operation whether players know when their relationship
ends?  A rule-maker can often choose: fixed-term contracts and announced closing dates
versus open-ended relationships.

Theory.  In a Prisoner's Dilemma repeated a known, finite number of times, backward
induction unravels co-operation: nobody co-operates in the last round, so nothing done in
the next-to-last round can be rewarded, and so on back to the first (Luce & Raiffa 1957;
the same argument as in Selten's (1978) chain-store paradox).  With an unknown end --
a continuation probability -- there is no last round to start from, and reciprocity can
be stable (Axelrod 1984).  In experiments the unravelling shows as a gradual drift: with
experience, players start defecting a little earlier than before (Selten & Stoecker 1986).

Three parts (Axelrod's pay-offs R, S, T, P = 3, 0, 5, 1):

(a) **Tournaments** (:func:`coop_sim.run_tournament`, one round robin with self-play) of
    Tit for Tat, Grudger, Cooperator, Defector and four registry strategies that use the
    match length when told it: Alexei (TFT that defects in the last round), EugineNier
    (the same, plus defects for good after five defections), BackStabber and DoubleCrosser
    (defect in the last two rounds; Axelrod-Python's end-game strategies).  10 and 200
    rounds, ``known_length`` True vs False: rankings and co-operation rates side by side.
(b) **Evolution** (:mod:`coop_sim.design`, replicator dynamics, ``Shadow(turns=10,
    known_end=...)``): a population of 89% TFT and 10% ALLD with 1% Alexei, and the same
    with 1% BackStabber too.  End-aware strategies take over only when the end is known,
    and co-operation falls; BackStabber (two end-game defections) displaces Alexei (one).
(c) **The unravelling chain.**  "TFT that defects in the last k of L rounds", k = 0 .. L,
    built as finite-state machines (:class:`coop_sim.strategies.FSM`, one state per round,
    so the machine knows L without being told) and fed to
    :func:`coop_sim.evolution.population_game` and the discrete replicator map
    (:func:`coop_sim.evolution.replicator`).  Strategy k + 1 invades k (it gains T - R
    once per match and loses nothing), and the population unravels from TFT to always
    defect.  Measured: the mean first planned defection round over the generations (L + 1
    for never), with a small mutation rate (every step of the chain stays available) and
    without (Axelrod's ecological dynamics: steps that died out early cannot come back).

    python experiments/known_final_round.py [--quick] [--seed 1] [--out DIR]

Figure ``known_final_round.png``: (a) co-operation rates in the 10-round tournament, known
vs unknown end; (b) the share of end-aware strategies and co-operation over generations;
(c) the mean first defection round of the unravelling chain over generations.

References: Luce, R. D. & Raiffa, H. (1957). Games and Decisions. Wiley.  Selten, R.
(1978). The chain store paradox. Theory and Decision 9, 127-159.  Axelrod, R. (1984). The
Evolution of Cooperation.  Selten, R. & Stoecker, R. (1986). End behaviour in sequences of
finite Prisoner's Dilemma supergames. J. Econ. Behav. Organ. 7, 47-70.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import coop_sim
from coop_sim.design import Dynamics, Scenario, Shadow, evaluate
from coop_sim.evolution import ecological, population_game, replicator
from coop_sim.strategies import FSM

FIGURES = Path("results") / "known_final_round"
TOURNAMENT = ["tit_for_tat", "grudger", "cooperator", "defector", "alexei", "eugine_nier",
              "back_stabber", "double_crosser"]  # fmt: skip
END_AWARE = ("alexei", "eugine_nier", "back_stabber", "double_crosser")
POPULATIONS = {
    "TFT + ALLD + 1% Alexei": {"tit_for_tat": 0.89, "defector": 0.10, "alexei": 0.01},
    "TFT + ALLD + 1% Alexei + 1% BackStabber": {
        "tit_for_tat": 0.88, "defector": 0.10, "alexei": 0.01, "back_stabber": 0.01,
    },
}  # fmt: skip
MUTATION = 1e-3


def end_game_tft(length: int, k: int) -> FSM:
    """Tit for Tat that defects in the last ``k`` of ``length`` rounds, as a state machine.

    State ``s`` is the index of the round just played; the transition out of it gives the
    move of round ``s + 1``: D from round ``length - k`` on, else the opponent's last move.

    Parameters
    ----------
    length : int
        Rounds per match (>= 1).
    k : int
        End-game defections, in ``[0, length]`` (``length``: always defect).

    Returns
    -------
    FSM

    Examples
    --------
    >>> from coop_sim import play_match
    >>> play_match(end_game_tft(6, 2), "cooperator", turns=6).move_strings()[0]
    'CCCCDD'
    """
    if not 0 <= k <= length:
        raise ValueError(f"k must be in [0, {length}], got {k}")
    rows = []
    for s in range(length):
        for opp in "CD":
            if s + 1 < length:
                rows.append((s, opp, s + 1, "D" if s + 1 >= length - k else opp))
            else:  # after the last round: never used within a match of `length` rounds
                rows.append((s, opp, s, "D"))
    name = "TFT" if k == 0 else f"TFT, D in last {k}"
    return FSM(rows, 0, "D" if k >= length else "C", name=name)


@dataclass
class Results:
    """Everything the study measured (see the module notes)."""

    tournaments: dict  # (turns, known) -> TournamentResult
    evolution: dict  # (population, known) -> Outcome
    chain_matrix: np.ndarray
    invasion_margins: np.ndarray  # A[k + 1, k] - A[k, k]
    chain_length: int
    mean_round: dict  # 'mutation' / 'ecological' -> (generations + 1,) mean first D round
    chain_final: dict  # 'mutation' / 'ecological' -> final shares
    finding: str
    figure: Path
    seconds: float
    settings: dict = field(default_factory=dict)


def tournaments(turns_list, repetitions: int, seed: int) -> dict:
    """Run the tournament for every length, with the end known and unknown; print it."""
    out = {}
    for turns in turns_list:
        for known in (False, True):
            out[turns, known] = coop_sim.run_tournament(
                TOURNAMENT, turns=turns, repetitions=repetitions, seed=seed, known_length=known
            )
        print(f"\n(a) tournament, {turns} rounds: rank, strategy, score per round, "
              "co-operation rate")  # fmt: skip
        print(f"   {'unknown end':<40}{'known end':<40}")
        unknown, knowing = out[turns, False], out[turns, True]
        for rank, (i, j) in enumerate(zip(unknown.ranking, knowing.ranking, strict=True), 1):
            left = (f"{rank:>2} {unknown.names[i]:<16}{unknown.median_scores[i]:6.3f}"
                    f"{unknown.cooperating_rating[i]:7.3f}")  # fmt: skip
            right = (f"{rank:>2} {knowing.names[j]:<16}{knowing.median_scores[j]:6.3f}"
                     f"{knowing.cooperating_rating[j]:7.3f}")  # fmt: skip
            print(f"   {left:<40}{right:<40}")
        print(f"   overall co-operation: unknown end {cooperation(unknown):.3f}, "
              f"known end {cooperation(knowing):.3f}")  # fmt: skip
    return out


def cooperation(result) -> float:
    """Share of C moves over all matches of a tournament (self-play included)."""
    return float(np.mean(result.cooperation))


def evolution(generations: int) -> dict:
    """The replicator scenarios with a known and an unknown end of 10 rounds; print them."""
    out = {}
    print(f"\n(b) replicator dynamics, matches of 10 rounds, {generations} generations")
    for label, shares in POPULATIONS.items():
        for known in (False, True):
            s = Scenario(shares, interventions=[Shadow(turns=10, known_end=known)],
                         dynamics=Dynamics("replicator", generations=generations))  # fmt: skip
            out[label, known] = o = evaluate(s)
            aware = end_aware_share(o)
            print(f"   {label:<42}{'known end' if known else 'unknown end':<12} end-aware "
                  f"{aware[0]:.3f} -> {aware[-1]:.3f}; co-operation {o.cooperation[0]:.3f} -> "
                  f"{o.final_cooperation:.3f}; final "
                  + ", ".join(f"{k} {v:.3f}" for k, v in o.final_shares.items()))  # fmt: skip
    return out


def end_aware_share(outcome) -> np.ndarray:
    """Share of end-aware strategies over the generations."""
    idx = [i for i, nm in enumerate(outcome.names) if nm in END_AWARE]
    return outcome.shares[:, idx].sum(axis=1)


def chain(length: int, generations: int) -> tuple:
    """The unravelling chain: matrix, invasion margins and the evolution of the mean first
    defection round, with mutation and without."""
    specs = [end_game_tft(length, k) for k in range(length + 1)]
    game = population_game(specs, turns=length)
    a = game.matrix
    margins = np.array([a[k + 1, k] - a[k, k] for k in range(length)])
    first = length - np.arange(length + 1) + 1.0  # k = 0 never defects: length + 1
    x0 = np.full(length + 1, 1e-3)
    x0[0] = 1.0 - 1e-3 * length
    runs = {
        "mutation": replicator(game, x0, discrete=True, generations=generations,
                               mutation=MUTATION).shares,
        "ecological": ecological(game, x0, generations=generations).shares,
    }  # fmt: skip
    mean_round = {key: shares @ first for key, shares in runs.items()}
    final = {key: shares[-1] for key, shares in runs.items()}
    print(f"\n(c) the unravelling chain: TFT that defects in the last k of {length} rounds, "
          f"k = 0..{length}")  # fmt: skip
    print(f"   A[k+1, k] - A[k, k] (k+1 invades k): min {margins.min():.4f}, max "
          f"{margins.max():.4f}  ((T - R) / L = {(5 - 3) / length:.4f})")  # fmt: skip
    marks = sorted({0, generations // 8, generations // 4, generations // 2, generations})
    print(f"   mean first defection round ({length + 1} = never) at generation "
          + ", ".join(str(g) for g in marks))  # fmt: skip
    for key, m in mean_round.items():
        label = f"replicator, mutation {MUTATION:g}" if key == "mutation" else (
            "ecological, no mutation")  # fmt: skip
        print(f"   {label:<30}" + "".join(f"{m[g]:8.2f}" for g in marks)
              + f"   final modal k = {int(np.argmax(final[key]))}")  # fmt: skip
    return a, margins, mean_round, final


def study(quick: bool = False, seed: int = 1, out: Path = FIGURES) -> Results:
    """Run the study, print its numbers and finding, save the figure.

    Parameters
    ----------
    quick : bool
        One tournament length, a shorter chain and fewer generations (for the tests).
    seed : int
        Seed of the tournaments (all strategies here are deterministic).
    out : Path
        Folder of the figure.

    Returns
    -------
    Results
    """
    started = time.perf_counter()
    print("A known final round versus an unknown end (R, S, T, P = 3, 0, 5, 1)")
    tours = tournaments((10,) if quick else (10, 200), 1 if quick else 3, seed)
    evo = evolution(300)
    length, chain_gens = (6, 600) if quick else (10, 1500)
    a, margins, mean_round, final = chain(length, chain_gens)

    t10u, t10k = tours[10, False], tours[10, True]
    leader_u, leader_k = t10u.names[t10u.ranking[0]], t10k.names[t10k.ranking[0]]
    first_pop = next(iter(POPULATIONS))
    alexei = {known: evo[first_pop, known].final_shares["alexei"] for known in (False, True)}
    last_pop = list(POPULATIONS)[-1]
    coop_evo = {known: evo[last_pop, known].final_cooperation for known in (False, True)}
    both = evo[last_pop, True].final_shares
    displaces = (
        "BackStabber then displaces it"
        if both["back_stabber"] > both["alexei"]
        else "BackStabber does not displace it"
    )
    m = mean_round["mutation"]
    modal = int(np.argmax(final["ecological"]))
    nxt = float(final["ecological"][modal + 1]) if modal < length else 0.0
    finding = (
        f"Finding: told the 10-round length, the end-aware strategies move to the top of the "
        f"tournament ({leader_k} first instead of {leader_u}) and co-operation falls from "
        f"{cooperation(t10u):.3f} to {cooperation(t10k):.3f}; in evolution 1% Alexei takes "
        f"over only when the end is known (final share {alexei[True]:.3f} vs "
        f"{alexei[False]:.3f}), {displaces} and co-operation falls to "
        f"{coop_evo[True]:.2f} (vs {coop_evo[False]:.2f}); in the chain each k + 1 invades k "
        f"and the mean first defection round falls from {m[0]:.2f} to {m[-1]:.2f} "
        f"({length + 1} = never defects, 1 = always defects); without mutation the chain "
        f"slows to a crawl ({mean_round['ecological'][-1]:.2f} after {chain_gens} "
        f"generations: the next step, k = {modal + 1}, has been selected down to "
        f"{nxt:.1g} before its turn comes)."
    )
    print("\n" + finding)
    out.mkdir(parents=True, exist_ok=True)
    path = draw(tours, evo, mean_round, length, out / "known_final_round.png")
    seconds = time.perf_counter() - started
    print(f"figure: {path}  ({seconds:.1f} s)")
    return Results(tours, evo, a, margins, length, mean_round, final, finding, path, seconds,
                   {"quick": quick, "seed": seed})  # fmt: skip


def draw(tours, evo, mean_round, length: int, path: Path) -> Path:
    """Three panels: tournament co-operation, evolution, the unravelling chain."""
    from matplotlib.figure import Figure

    from coop_sim.plot_design import save_figure

    fig = Figure(figsize=(15, 4.6), layout="constrained")
    bars, ev, ch = fig.subplots(1, 3, width_ratios=(1.1, 1, 1))
    unknown, knowing = tours[10, False], tours[10, True]
    y = np.arange(len(unknown.names))
    bars.barh(y - 0.2, unknown.cooperating_rating, height=0.4, color="#0072B2",
              label=f"unknown end (co-operation {cooperation(unknown):.2f})")  # fmt: skip
    bars.barh(y + 0.2, knowing.cooperating_rating, height=0.4, color="#D55E00",
              label=f"known end (co-operation {cooperation(knowing):.2f})")  # fmt: skip
    ranks_u = {i: r for r, i in enumerate(unknown.ranking, 1)}
    ranks_k = {i: r for r, i in enumerate(knowing.ranking, 1)}
    bars.set_yticks(y, [f"{nm}  (rank {ranks_u[i]} / {ranks_k[i]})"
                        for i, nm in enumerate(unknown.names)], fontsize=8)  # fmt: skip
    bars.invert_yaxis()
    bars.set_xlabel("co-operation rate")
    bars.set_xlim(0, 1.05)
    bars.set_title("(a) 10-round tournament (rank: unknown / known end)", fontsize=10)
    bars.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12),
                ncol=2)  # fmt: skip
    colours = {False: "#0072B2", True: "#D55E00"}
    for (label, known), o in evo.items():
        ls = "-" if label == next(iter(POPULATIONS)) else "--"
        end = "known end" if known else "unknown end"
        short = "Alexei" if ls == "-" else "Alexei + BackStabber"
        ev.plot(end_aware_share(o), color=colours[known], ls=ls,
                label=f"end-aware share: {short}, {end}")  # fmt: skip
        if label != next(iter(POPULATIONS)):
            ev.plot(o.cooperation, color=colours[known], lw=0.9, ls=":",
                    label=f"co-operation: {short}, {end}")  # fmt: skip
    ev.set_xlabel("generation")
    ev.set_ylabel("share / co-operation rate")
    ev.set_ylim(-0.03, 1.03)
    ev.set_title("(b) replicator, 10-round matches, 89-88% TFT, 10% ALLD", fontsize=10)
    ev.legend(fontsize=7, frameon=False, loc="center right")
    for key, m in mean_round.items():
        label = f"replicator, mutation {MUTATION:g}" if key == "mutation" else (
            "ecological, no mutation")  # fmt: skip
        ch.plot(m, lw=1.6, label=label, ls="-" if key == "mutation" else "--")
    ch.axhline(length + 1, color="0.7", lw=0.7)
    ch.axhline(1, color="0.7", lw=0.7)
    ch.annotate("never defects (TFT)", (0, length + 1), xytext=(3, -10),
                textcoords="offset points", fontsize=8, color="0.4")  # fmt: skip
    ch.annotate("always defect", (0, 1), xytext=(3, 3), textcoords="offset points",
                fontsize=8, color="0.4")  # fmt: skip
    ch.set_ylim(0.5, length + 1.5)
    ch.set_xlabel("generation")
    ch.set_ylabel("mean first planned defection round")
    ch.set_title(f"(c) unravelling: TFT defecting in the last k of {length} rounds",
                 fontsize=10)  # fmt: skip
    ch.legend(fontsize=8, frameon=False, loc="center right")
    return save_figure(fig, path)


def run(argv: list[str] | None = None) -> Results:
    """Parse the command line, run the study and return its results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast, smaller run (tests)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the tournaments")
    parser.add_argument("--out", type=Path, default=FIGURES, help="folder of the figure")
    args = parser.parse_args(argv)
    return study(args.quick, args.seed, args.out)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    run(argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
