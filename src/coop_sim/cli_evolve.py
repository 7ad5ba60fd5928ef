"""``coop-sim evolve``: evolutionary dynamics from the command line.

.. code-block:: console

    $ coop-sim evolve tit_for_tat defector win_stay_lose_shift --process fermi \\
          --population 100 --beta 1 --mutation 0.001 --exact --out evo/

The strategies' pay-off matrix comes from the engine (exact when every strategy has a
finite-state form).  Deterministic processes (``ecological``, ``replicator``) follow shares;
the finite processes (``moran``, ``moran-db``, ``fermi``) are simulated (``--runs`` runs;
one generation = N elementary steps) or, with ``--exact``, solved: fixation probabilities,
the small-mutation-limit stationary distribution and, for ``--mutation`` > 0, the full
chain's stationary distribution.
"""

from __future__ import annotations

import argparse
import csv
import re
import warnings
from pathlib import Path

import numpy as np

__all__ = ["add_parser", "run"]

PROCESSES = ("ecological", "replicator", "moran", "moran-db", "fermi")
_POPULATION = 100
_TURNS = 200
_FINITE_RUNS = 100
_MAX_SIZES = 40  # points of the fixation-vs-population figure


def add_parser(commands, integer, real, probability, add_length) -> None:
    """Add the ``evolve`` sub-command to ``commands`` (argparse sub-parsers)."""
    from coop_sim.cli import _nonnegative

    evolve = commands.add_parser(
        "evolve",
        help="evolve a population of strategies",
        description="Evolve a population of strategies on the pay-offs of their matches: "
        "deterministic (ecological, replicator) or finite-population (Moran birth-death, "
        "Moran death-birth, Fermi pairwise comparison) dynamics, simulated or exact.",
    )
    evolve.add_argument("ids", nargs="+", metavar="ID", help="at least two strategy ids")
    evolve.add_argument(
        "--process", choices=PROCESSES, default="moran", help="the dynamics (default moran)"
    )
    evolve.add_argument(
        "--population",
        type=integer(2),
        default=_POPULATION,
        metavar="N",
        help=f"population size of the finite processes (default {_POPULATION})",
    )
    evolve.add_argument(
        "--beta",
        type=_nonnegative,
        default=1.0,
        metavar="B",
        help="intensity of selection >= 0 (Fermi beta; Moran: fitness baseline + B * pay-off "
        "or exp(B * pay-off)); default 1",
    )
    evolve.add_argument(
        "--fitness",
        choices=("linear", "exponential"),
        default="linear",
        help="Moran fitness map: linear (baseline + B * pay-off) or exponential (exp(B * "
        "pay-off)); default linear",
    )
    evolve.add_argument(
        "--baseline",
        type=real,
        metavar="C",
        help="baseline fitness of the linear map (default 1 - B)",
    )
    evolve.add_argument(
        "--mutation",
        type=probability,
        default=0.0,
        metavar="MU",
        help="mutation probability per birth or imitation (default 0)",
    )
    evolve.add_argument(
        "--generations",
        type=integer(1),
        metavar="G",
        help="generations to run (finite processes: N steps each; default: until fixation "
        "without mutation, else 1000; ecological: default 100); replicator: the time span "
        "(default 50)",
    )
    evolve.add_argument(
        "--runs",
        type=integer(1),
        metavar="R",
        help=f"simulated runs of a finite process (default {_FINITE_RUNS})",
    )
    evolve.add_argument(
        "--initial",
        metavar="X,Y,...",
        help="initial counts (summing to N) or shares (summing to 1), one per strategy "
        "(default: equal)",
    )
    evolve.add_argument(
        "--exact",
        action="store_true",
        help="finite processes: exact fixation probabilities and stationary distributions",
    )
    evolve.add_argument(
        "--self-interaction",
        action="store_true",
        help="an individual's pay-off includes a game against itself",
    )
    add_length(evolve, _TURNS)
    evolve.add_argument("--seed", type=integer(0), metavar="S", help="random seed")
    evolve.add_argument(
        "--threads", type=integer(1), metavar="N", help="numba threads (default: all)"
    )
    evolve.add_argument(
        "--out", metavar="DIR", help="write the data (CSV) and figures (PNG) to this new directory"
    )
    evolve.set_defaults(run=run)


def _ignored(args: argparse.Namespace) -> list[str]:
    """Options given that the chosen dynamics does not use."""
    finite = {"population", "beta", "mutation", "runs", "threads", "fitness", "baseline",
              "self_interaction"}  # fmt: skip
    if args.process == "ecological":
        unused = finite
    elif args.process == "replicator":
        unused = finite - {"mutation"}
    else:
        unused = {"initial", "runs", "threads", "generations"} if args.exact else set()
        if args.process == "fermi":
            unused |= {"fitness", "baseline"}
        elif args.fitness == "exponential":
            unused |= {"baseline"}
    defaults = {"population": _POPULATION, "beta": 1.0, "mutation": 0.0, "fitness": "linear",
                "self_interaction": False}  # fmt: skip
    return sorted(
        "--" + name.replace("_", "-")
        for name in unused
        if getattr(args, name) not in (None, defaults.get(name))
    )


def _write_csv(path: Path, header: list[str], rows) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _shares_rows(times: np.ndarray, shares: np.ndarray):
    return ([f"{t:g}", *(f"{x:.10g}" for x in row)] for t, row in zip(times, shares, strict=True))


def run(args: argparse.Namespace) -> list[str]:
    """Carry out ``coop-sim evolve`` and return the lines to print."""
    from coop_sim.cli import (
        CliError,
        _check_out,
        _length,
        _make_game,
        _resolve_ids,
        numbers_per_strategy,
    )
    from coop_sim.evolution.population import population_game

    ids = _resolve_ids(args.ids)
    if len(ids) < 2:
        raise CliError(f"evolve needs at least 2 strategies, got {len(ids)}")
    if len(set(ids)) != len(ids):
        raise CliError(f"give each strategy once, got {', '.join(args.ids)}")
    game, notes = _make_game(args.payoffs)
    for note in notes:
        warnings.warn(note, UserWarning, stacklevel=1)
    if args.out is not None:
        _check_out(Path(args.out))
    if args.exact and args.process in ("ecological", "replicator"):
        raise CliError(f"--exact applies to the finite processes, not to {args.process}")
    ignored = _ignored(args)
    if ignored:
        what = f"{args.process}{' --exact' if args.exact else ''}"
        warnings.warn(f"{', '.join(ignored)} not used by {what}; ignored", UserWarning,
                      stacklevel=1)  # fmt: skip
    payoffs = population_game(
        ids, game=game, turns=_length(args.turns, args.continuation, _TURNS),
        continuation=args.continuation, noise=args.noise, known_length=args.known_length,
        seed=args.seed,
    )  # fmt: skip
    initial = numbers_per_strategy(args.initial, len(ids), "--initial")
    how = {"exact": "exact expected", "simulate": "simulated"}.get(
        payoffs.settings.get("method"), "given"
    )
    header = f"Evolution ({args.process}) of {len(ids)} strategies; {how} pay-offs per round"
    if args.process in ("ecological", "replicator"):
        lines, write = _deterministic(args, payoffs, initial)
    elif args.exact:
        lines, write = _exact(args, payoffs)
    else:
        lines, write = _simulated(args, payoffs, initial)
    lines = [header, *lines]
    if args.out is not None:
        from coop_sim.cli import write_directory

        def write_all(tmp: Path) -> None:
            _write_csv(
                tmp / "payoffs.csv", ["strategy", *payoffs.names],
                ([name, *(f"{x:.10g}" for x in row)]
                 for name, row in zip(payoffs.names, payoffs.matrix, strict=True)),
            )  # fmt: skip
            for name, figure in write(tmp):
                figure.savefig(tmp / f"{name}.png", dpi=120)

        write_directory(Path(args.out), write_all)
        lines.append(f"wrote data (CSV) and figures (PNG) to {args.out}")
    return lines


def _deterministic(args, payoffs, initial):
    from coop_sim import plot_evolution
    from coop_sim.evolution.deterministic import ecological, fixed_points, replicator

    if args.process == "ecological":
        result = ecological(payoffs, initial, generations=args.generations or 100)
    else:
        result = replicator(payoffs, initial, time=float(args.generations or 50),
                            mutation=args.mutation or None)  # fmt: skip
    lines = [result.summary()]
    points = []
    if args.process == "replicator" and payoffs.n <= 3:
        points = fixed_points(payoffs, mutation=args.mutation or None)
        lines.append("fixed points of the replicator equation (shares of "
                     + ", ".join(result.names) + "):")  # fmt: skip
        for point in points:
            shares = ", ".join(f"{x:.4f}" for x in point.shares)
            lines.append(f"  ({shares})  {point.stability}")

    def write(tmp: Path):
        _write_csv(tmp / "shares.csv", ["time", *result.names],
                   _shares_rows(result.times, result.shares))  # fmt: skip
        yield "shares_over_time", plot_evolution.shares_over_time(result)
        if payoffs.n == 3:
            yield (
                "simplex",
                plot_evolution.simplex(
                    result.names, trajectories=[result.shares], title=f"{args.process} trajectory"
                ),
            )

    return lines, write


def _process(args, payoffs):
    from coop_sim.evolution.population import FiniteProcess

    try:
        return FiniteProcess(
            payoffs, args.population, args.process, intensity=args.beta, mutation=args.mutation,
            baseline=args.baseline, fitness=args.fitness, self_interaction=args.self_interaction,
        )  # fmt: skip
    except ValueError as error:  # name the command-line options, not the API's parameters
        text = str(error).replace("fitness='exponential'", "--fitness exponential")
        for name, option in (("intensity", "--beta"), ("baseline", "--baseline")):
            text = re.sub(rf"\b{name}\b", option, text)
        raise ValueError(text) from None


def _exact(args, payoffs):
    from coop_sim import plot_evolution
    from coop_sim.evolution import chain, exact

    process = _process(args, payoffs)
    names = payoffs.names
    small = exact.small_mutation_stationary(process)
    rho = small.fixation
    lines = [
        f"N = {process.population}, intensity {process.intensity:g}, mutation {process.mutation:g}",
        "fixation probability of one mutant (row) among residents (column); neutral "
        f"1/N = {1 / process.population:.4g}:",
        f"{'mutant':<31}" + "".join(f"{f'among {j + 1}':>12}" for j in range(len(names))),
    ]
    for i, name in enumerate(names):
        cells = "".join(
            f"{'-':>12}" if i == j else f"{rho[i, j]:>12.4g}" for j in range(len(names))
        )
        lines.append(f"{i + 1:>2} {name[:27]:<28}{cells}")
    lines.append("small-mutation-limit stationary distribution:")
    lines += [
        f"  {name[:27]:<28}{p:.4f}" for name, p in zip(names, small.probabilities, strict=True)
    ]
    full = None
    if process.mutation > 0:
        try:
            full = chain.stationary_distribution(process)
        except ValueError as error:  # too large a chain: keep the results above
            reason = str(error).split("; ")[0]
            warnings.warn(
                f"the stationary distribution for --mutation {process.mutation:g} was not "
                f"computed: {reason}; lower --population, give fewer strategies, or drop "
                "--exact to simulate", UserWarning, stacklevel=1,
            )  # fmt: skip
    if full is not None:
        lines.append(
            f"stationary abundance, mutation {process.mutation:g} ({full.states.shape[0]} states):"
        )
        lines += [
            f"  {name[:27]:<28}{x:.4f}" for name, x in zip(names, full.abundance, strict=True)
        ]
    sizes = np.unique(np.linspace(2, process.population, _MAX_SIZES).astype(int))

    def write(tmp: Path):
        _write_csv(
            tmp / "fixation.csv",
            ["mutant", *(f"among {n}" for n in names)],
            ([n, *(f"{x:.10g}" for x in row)] for n, row in zip(names, rho, strict=True)),
        )
        _write_csv(
            tmp / "stationary_small_mutation.csv",
            ["strategy", "probability"],
            zip(names, (f"{p:.10g}" for p in small.probabilities), strict=True),
        )
        yield (
            "invasion_diagram",
            plot_evolution.invasion_diagram(
                rho, names, process.population, stationary=small.probabilities
            ),
        )
        curves = {}
        for i in range(min(len(names), 3)):
            for j in range(min(len(names), 3)):
                if i != j:
                    curves[f"{names[i]} in {names[j]}"] = exact.fixation_vs_population(
                        process, i, j, sizes
                    )
        yield "fixation_vs_population", plot_evolution.fixation_vs_population(sizes, curves)
        if full is not None:
            _write_csv(
                tmp / "stationary.csv",
                [*names, "probability"],
                (
                    [*map(str, s), f"{p:.10g}"]
                    for s, p in zip(full.states, full.probabilities, strict=True)
                ),
            )
            if len(names) == 3:
                yield (
                    "simplex_stationary",
                    plot_evolution.simplex(
                        names,
                        stationary=(full.states, full.probabilities),
                        title=f"Stationary distribution (N = {process.population}, "
                        f"mutation {process.mutation:g})",
                    ),
                )

    return lines, write


def _simulated(args, payoffs, initial):
    from coop_sim import plot_evolution
    from coop_sim.evolution.finite import simulate

    process = _process(args, payoffs)
    size = process.population
    if args.generations is None and process.mutation > 0:
        generations = 1000
    else:
        generations = args.generations
    steps = None if generations is None else generations * size
    result = simulate(process, initial, steps=steps, runs=args.runs or _FINITE_RUNS,
                      seed=args.seed, threads=args.threads)  # fmt: skip
    lines = [result.summary()]

    def write(tmp: Path):
        result.to_frame().to_csv(tmp / "trajectories.csv", index=False)
        _write_csv(tmp / "runs.csv", ["run", "fixed", "fixation_step", "steps",
                                      *(f"abundance {n}" for n in result.names)],
                   ([r, result.names[f] if f >= 0 else "", s, t, *(f"{x:.6g}" for x in a)]
                    for r, (f, s, t, a) in enumerate(zip(result.fixed, result.fixation_step,
                                                         result.steps, result.abundance,
                                                         strict=True))))  # fmt: skip
        yield "shares_over_time", plot_evolution.shares_over_time(result)
        if len(result.names) == 3:
            paths = [result.counts[r] for r in range(min(result.runs, 5))]
            title = f"{args.process}: {len(paths)} of {result.runs} runs (dots: start)"
            yield "simplex", plot_evolution.simplex(result.names, trajectories=paths, title=title)

    return lines, write
