"""The ``coop-sim`` command line: list strategies, play a match, run a tournament, evolve.

Examples
--------
.. code-block:: console

    $ coop-sim strategies --deterministic --memory-depth 1
    $ coop-sim match tit_for_tat defector --turns 10
    $ coop-sim tournament --set demo --turns 200 --noise 0.05 --seed 1 --out results/
    $ coop-sim evolve tit_for_tat defector --process moran --population 50 --exact
    $ coop-sim spatial --size 200 --b 1.85 --generations 200 --seed 1 --out nowak_may/
    $ coop-sim app spatial --port 8765

Bad input prints ``coop-sim: error: <message>`` on stderr and exits with status 2 (status 1
for failures while running or writing); game warnings print as one
``coop-sim: warning: <message>`` line.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

# write_directory and _check_out live in the neutral coop_sim._output (library code imports
# them from there); cli_demo, cli_spatial, cli_evolve and cli_design import them from here.
from coop_sim._output import check_out as _check_out
from coop_sim._output import write_directory
from coop_sim._version import __version__

__all__ = ["main", "parse_payoffs", "short_reference"]

PROG = "coop-sim"
_MATCH_TURNS = 20
_TOURNAMENT_TURNS = 200
_REPETITIONS = 10
_MOVES_PER_LINE = 100
_PD_WARNING = "not a Prisoner's Dilemma"


class CliError(Exception):
    """Bad input found after parsing; ``status`` is the exit code."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


class _UsageError(Exception):
    """Raised by the parsers instead of exiting, so :func:`main` can return a status."""

    def __init__(self, message: str, parser: argparse.ArgumentParser) -> None:
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message, self)


# ----------------------------------------------------------------------------- argument types


def _integer(minimum: int) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"must be an integer >= {minimum}, got {text!r}"
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be an integer >= {minimum}, got {text!r}")
        return value

    convert.__name__ = "integer"
    return convert


def _real(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return value


def _probability(text: str) -> float:
    value = _real(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be a probability in [0, 1], got {text!r}")
    return value


def _above_zero(strict: bool) -> Callable[[str], float]:
    """An argparse type: a finite number > 0 (``strict``) or >= 0."""
    bound = "> 0" if strict else ">= 0"

    def convert(text: str) -> float:
        value = _real(text)
        if value < 0 or (strict and value == 0):
            raise argparse.ArgumentTypeError(f"must be {bound}, got {text!r}")
        return value

    convert.__name__ = "positive" if strict else "nonnegative"
    return convert


_positive = _above_zero(strict=True)
_nonnegative = _above_zero(strict=False)


def _continuation(text: str) -> float:
    value = _real(text)
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(
            f"must be a continuation probability w with 0 <= w < 1, got {text!r}"
        )
    return value


def parse_payoffs(text: str) -> tuple[float, float, float, float]:
    """Parse ``"R,S,T,P"`` into four finite floats.

    Parameters
    ----------
    text : str
        Four comma-separated numbers.

    Returns
    -------
    tuple of float
        ``(R, S, T, P)``.

    Raises
    ------
    argparse.ArgumentTypeError
        If there are not exactly four finite numbers.

    Examples
    --------
    >>> parse_payoffs("3,0,5,1")
    (3.0, 0.0, 5.0, 1.0)
    >>> parse_payoffs("3,0,5")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must be 4 comma-separated numbers R,S,T,P, got '3,0,5'
    """
    parts = [p.strip() for p in text.split(",")]
    message = f"must be 4 comma-separated numbers R,S,T,P, got {text!r}"
    if len(parts) != 4:
        raise argparse.ArgumentTypeError(message)
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(message) from None
    if not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"must be finite numbers, got {text!r}")
    return values  # type: ignore[return-value]


# ----------------------------------------------------------------------------- helpers


def numbers_per_strategy(text: str | None, n: int, option: str) -> list[float] | None:
    """``option``'s comma-separated numbers, one per strategy (None when not given)."""
    if text is None:
        return None
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        raise ValueError(f"{option} must be numbers separated by commas, got {text!r}") from None
    if len(values) != n:
        raise ValueError(f"{option} must give one value per strategy ({n}), got {len(values)}")
    return values


def short_reference(reference: str, width: int = 30) -> str:
    """Shorten a citation to ``"Author Year"``, ``"A & B Year"`` or ``"A et al. Year"``.

    Parameters
    ----------
    reference : str
        A citation such as ``"Axelrod, R. (1984). The Evolution of Cooperation."``.
    width : int
        Length limit for citations that do not follow the ``Authors (Year)`` pattern.

    Returns
    -------
    str
        The short form.

    Examples
    --------
    >>> short_reference("Nowak, M. & Sigmund, K. (1993). A strategy of win-stay, lose-shift.")
    'Nowak & Sigmund 1993'
    >>> short_reference("Knight, V. et al. (2016). An open reproducible framework.")
    'Knight et al. 2016'
    """
    match = re.match(r"\s*(?P<authors>[^()]+?)\s*\((?P<year>\d{4}[a-z]?)\)", reference)
    if not match:
        text = reference.strip()
        return text if len(text) <= width else text[: width - 1] + "…"
    authors, year = match["authors"], match["year"]
    first = authors.split(",")[0].strip()
    if "et al" in authors:
        return f"{first} et al. {year}"
    parts = re.split(r"\s*(?:&|\band\b)\s*", authors)
    if len(parts) == 2 and authors.count(",") <= 2:
        return f"{first} & {parts[1].split(',')[0].strip()} {year}"
    if len(parts) > 1:
        return f"{first} et al. {year}"
    return f"{first} {year}"


def _make_game(payoffs: tuple[float, float, float, float] | None):
    """The Game for ``--payoffs``, plus the warnings to show about it."""
    from coop_sim.game import Game

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=f".*{_PD_WARNING}", category=UserWarning)
        game = Game(*payoffs) if payoffs is not None else Game()
    notes = []
    text = f"R={game.R:g}, S={game.S:g}, T={game.T:g}, P={game.P:g}"
    kind = game.classify()
    if kind != "prisoners_dilemma":
        notes.append(f"pay-offs {text} are {_PD_WARNING} (T > R > P > S); this game is: {kind}")
    elif not game.is_iterated_pd:
        notes.append(
            f"pay-offs {text}: alternating C and D pays more than mutual co-operation "
            "(2R <= T + S), so this is not an iterated Prisoner's Dilemma in Axelrod's sense"
        )
    return game, notes


def _resolve_ids(ids: Sequence[str]) -> list[str]:
    """Check every id against the registry (its error suggests the closest ids)."""
    from coop_sim.strategies import get

    return [get(name).id or name for name in ids]


def _length(turns: int | None, continuation: float | None, default: int) -> int | None:
    """``--turns`` and ``--continuation``: both -> both (min semantics); w alone -> no cap."""
    if turns is None and continuation is None:
        return default
    return turns


def _match_settings(settings: dict, game=None) -> str:
    """``"20 turns, noise 0"`` (plus the pay-offs of ``game`` if they are not Axelrod's)."""
    turns, w = settings["turns"], settings["continuation"]
    if turns is not None and w is not None:
        length = f"min({turns} turns, w = {w:.10g})"
    else:
        length = f"w = {w:.10g}" if w is not None else f"{turns} turns"
    text = f"{length}, noise {settings['noise']:g}"
    if game is not None and game.as_tuple() != (3.0, 0.0, 5.0, 1.0):
        text += ", (R, S, T, P) = (" + ", ".join(f"{v:g}" for v in game.as_tuple()) + ")"
    return text


# ----------------------------------------------------------------------------- commands


def _cmd_strategies(args: argparse.Namespace) -> list[str]:
    from coop_sim import strategies

    rows = []
    for name in strategies.names():
        spec = strategies.get(name)
        info = spec.classifier
        if args.stochastic and not info.stochastic:
            continue
        if args.deterministic and info.stochastic:
            continue
        if args.memory_depth is not None and not info.memory_depth <= args.memory_depth:
            continue
        depth = "inf" if math.isinf(info.memory_depth) else f"{info.memory_depth:g}"
        reference = short_reference(spec.references[0]) if spec.references else "-"
        rows.append(
            (
                spec.id,
                spec.label(),
                spec.family,
                depth,
                "yes" if info.stochastic else "no",
                reference,
            )
        )
    head = ("id", "name", "family", "memory", "stochastic", "reference")
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [head, *rows]
    ]
    lines.append(f"{len(rows)} strateg{'y' if len(rows) == 1 else 'ies'}")
    return lines


def _move_lines(labels: tuple[str, str], moves: tuple[str, str]) -> list[str]:
    width = max(len(label) for label in labels)
    if len(moves[0]) <= _MOVES_PER_LINE:
        return [f"{label:<{width}}  {line}" for label, line in zip(labels, moves, strict=True)]
    lines = []
    for start in range(0, len(moves[0]), _MOVES_PER_LINE):
        lines.append(
            f"{'':<{width}}  rounds {start + 1}-{min(start + _MOVES_PER_LINE, len(moves[0]))}"
        )
        for label, line in zip(labels, moves, strict=True):
            lines.append(f"{label:<{width}}  {line[start : start + _MOVES_PER_LINE]}")
    return lines


def _cmd_match(args: argparse.Namespace) -> list[str]:
    from coop_sim.match import play_match

    a, b = _resolve_ids([args.a, args.b])
    game, notes = _make_game(args.payoffs)
    for note in notes:
        warnings.warn(note, UserWarning, stacklevel=1)
    turns = _length(args.turns, args.continuation, _MATCH_TURNS)
    match = play_match(
        a,
        b,
        game=game,
        turns=turns,
        continuation=args.continuation,
        noise=args.noise,
        seed=args.seed,
        known_length=args.known_length,
    )
    settings = dict(match.settings, turns=turns)
    header = f"{match.players[0]} vs {match.players[1]}: {_match_settings(settings, game)}"
    header += f"; {match.turns} rounds played, seed {match.settings['seed']}"
    lines = [header, *_move_lines(match.players, match.move_strings())]
    width = max(len(p) for p in match.players)
    for k, player in enumerate(match.players):
        lines.append(
            f"{player:<{width}}  total {match.scores[k]:g}  mean {match.mean_scores[k]:.3f}"
        )
    lines.append(f"winner: {match.winner or 'tie'}")
    return lines


def _tournament_ids(args: argparse.Namespace) -> list[str]:
    from coop_sim import strategies

    if args.ids and args.set:
        raise CliError("give strategy ids or --set, not both")
    if args.ids:
        ids = _resolve_ids(args.ids)
    else:
        name = args.set or "demo"
        if name not in strategies.set_names():
            raise CliError(
                f"--set must be one of {', '.join(strategies.set_names())}; got {name!r}"
            )
        ids = strategies.strategy_set(name)
        if name == "first":
            from coop_sim.strategies import catalog_first

            ids = list(getattr(catalog_first, "FIRST_TOURNAMENT_ORDER", ids))
    if len(ids) < 2:
        raise CliError(f"a tournament needs at least 2 strategies, got {len(ids)}")
    return ids


def _write_outputs(result, out: Path) -> None:
    """Write results.npz, summary.csv and the figures of a tournament to ``out``."""
    from coop_sim.plot import save_all

    def write(tmp: Path) -> None:
        result.save(tmp / "results.npz")
        result.to_csv(tmp / "summary.csv")
        save_all(result, tmp)

    write_directory(out, write)


def _cmd_tournament(args: argparse.Namespace) -> list[str]:
    from coop_sim.plot import settings_text
    from coop_sim.tournament import run_tournament

    ids = _tournament_ids(args)
    game, notes = _make_game(args.payoffs)
    for note in notes:
        warnings.warn(note, UserWarning, stacklevel=1)
    if args.out is not None:
        _check_out(Path(args.out))
    if args.exact and (args.repetitions is not None or args.seed is not None):
        warnings.warn(
            "--repetitions and --seed are ignored with --exact", UserWarning, stacklevel=1
        )
    try:
        result = run_tournament(
            ids,
            game=game,
            turns=_length(args.turns, args.continuation, _TOURNAMENT_TURNS),
            continuation=args.continuation,
            noise=args.noise,
            repetitions=args.repetitions or _REPETITIONS,
            seed=args.seed,
            threads=args.threads,
            method="exact" if args.exact else "simulate",
            known_length=args.known_length,
            progress=sys.stderr.isatty(),
        )
    except ValueError as error:
        if args.exact and "finite-state form" in str(error):
            raise CliError(f"--exact: {error}; drop --exact to sample") from error
        raise
    header = f"Tournament: {settings_text(result)}"
    if result.settings.get("seed") is not None:
        header += f", seed {result.settings['seed']}"
    lines = [header, result.summary_table()]
    if args.out is not None:
        _write_outputs(result, Path(args.out))
        lines.append(f"wrote results.npz, summary.csv and 6 figures to {args.out}")
    return lines


# ----------------------------------------------------------------------------- parser


def _add_length(parser, default: int, payoffs=None) -> None:
    """Add --turns, --continuation, --noise, --payoffs and --known-length to ``parser`` (an
    argparse parser or group); ``payoffs``: the group that gets --payoffs instead, e.g. a
    mutually exclusive one."""
    parser.add_argument(
        "--turns",
        type=_integer(1),
        metavar="N",
        help=f"rounds per match (default {default} when --continuation is not given; "
        "given together with --continuation, a match lasts the smaller of the two lengths)",
    )
    parser.add_argument(
        "--continuation",
        type=_continuation,
        metavar="W",
        help="probability 0 <= w < 1 that a match goes on after each round "
        "(alone: geometric lengths, mean 1 / (1 - w))",
    )
    parser.add_argument(
        "--noise",
        type=_probability,
        default=0.0,
        metavar="E",
        help="probability that each intended move is flipped (default 0)",
    )
    (parser if payoffs is None else payoffs).add_argument(
        "--payoffs", type=parse_payoffs, metavar="R,S,T,P", help="pay-offs (default 3,0,5,1)"
    )
    parser.add_argument(
        "--known-length",
        action="store_true",
        help="tell the players the match length (fixed turns only)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``coop-sim`` argument parser (sub-commands: strategies, match, tournament, evolve,
    spatial, app)."""
    parser = _Parser(prog=PROG, description="Simulate the iterated Prisoner's Dilemma.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    listing = commands.add_parser(
        "strategies",
        help="list the registered strategies",
        description="List the registered strategies, one per line.",
    )
    kind = listing.add_mutually_exclusive_group()
    kind.add_argument("--stochastic", action="store_true", help="only stochastic strategies")
    kind.add_argument("--deterministic", action="store_true", help="only deterministic ones")
    listing.add_argument(
        "--memory-depth",
        type=_integer(0),
        metavar="N",
        help="only strategies whose memory depth is at most N",
    )
    listing.set_defaults(run=_cmd_strategies)

    match = commands.add_parser(
        "match",
        help="play one match and show its moves",
        description="Play one match and print both players' moves (C/D) and scores.",
    )
    match.add_argument("a", metavar="A", help="strategy id, display name or alias")
    match.add_argument("b", metavar="B", help="strategy id, display name or alias")
    _add_length(match, _MATCH_TURNS)
    match.add_argument("--seed", type=_integer(0), metavar="S", help="random seed")
    match.set_defaults(run=_cmd_match)

    tour = commands.add_parser(
        "tournament",
        help="run a round-robin tournament",
        description="Run a round-robin tournament (self-play included) "
        "and print the ranked summary.",
    )
    tour.add_argument("ids", nargs="*", metavar="ID", help="strategy ids (or use --set)")
    tour.add_argument(
        "--set", metavar="NAME", help="a named set: basic, demo (the default), first or all"
    )
    _add_length(tour, _TOURNAMENT_TURNS)
    tour.add_argument(
        "--repetitions",
        type=_integer(1),
        metavar="N",
        help=f"times each pair plays (default {_REPETITIONS})",
    )
    tour.add_argument(
        "--seed",
        type=_integer(0),
        metavar="S",
        help="random seed (default: fresh entropy, printed so runs can be repeated)",
    )
    tour.add_argument(
        "--threads", type=_integer(1), metavar="N", help="numba threads (default: all)"
    )
    tour.add_argument(
        "--exact",
        action="store_true",
        help="exact expected pay-offs instead of sampling (finite-state strategies)",
    )
    tour.add_argument(
        "--out",
        metavar="DIR",
        help="write results.npz, summary.csv and PNG figures to this new directory",
    )
    tour.set_defaults(run=_cmd_tournament)

    from coop_sim import cli_evolve

    cli_evolve.add_parser(commands, _integer, _real, _probability, _add_length)

    from coop_sim import cli_spatial

    cli_spatial.add_parser(commands, _integer, _real, _probability, _add_length)

    from coop_sim import cli_demo

    cli_demo.add_parser(commands, _integer, _real, _probability, _add_length)

    from coop_sim import cli_design

    cli_design.add_parser(commands, _integer, _real, _probability, _add_length)
    return parser


# ----------------------------------------------------------------------------- entry point


def _say(kind: str, message: object) -> None:
    text = " ".join(str(message).split())
    print(f"{PROG}: {kind}: {text}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``coop-sim`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 on success, 2 for bad input, 1 for failures while running.

    Examples
    --------
    >>> main(["match", "tit_for_tat", "defector", "--turns", "5", "--seed", "1"])
    Tit For Tat vs Defector: 5 turns, noise 0; 5 rounds played, seed 1
    Tit For Tat  CDDDD
    Defector     DDDDD
    Tit For Tat  total 4  mean 0.800
    Defector     total 9  mean 1.800
    winner: Defector
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as error:  # the error first, then where the options are listed
        _say("error", error)
        print(f"(the options: {error.parser.prog} --help)", file=sys.stderr)
        return 2
    except SystemExit as done:  # --help, --version
        return int(done.code or 0)
    status = 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            lines = args.run(args)
        except CliError as error:
            lines, status = [], error.status
            _say("error", error)
        except (ValueError, TypeError) as error:
            lines, status = [], 2
            _say("error", error)
        except (OSError, RuntimeError, MemoryError) as error:
            lines, status = [], 1
            _say("error", error)
        except KeyboardInterrupt:
            lines, status = [], 130
            _say("error", "interrupted")
    for message in dict.fromkeys(str(w.message) for w in caught):
        _say("warning", message)
    if lines:
        try:
            print("\n".join(lines), flush=True)
        except BrokenPipeError:  # e.g. `coop-sim strategies | head`
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1
    return status


if __name__ == "__main__":  # `python -m coop_sim.cli`: run the importable module's main, so
    # the error classes the sub-commands raise are the ones main() catches
    from coop_sim.cli import main as _main

    raise SystemExit(_main())
