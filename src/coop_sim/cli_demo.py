"""``coop-sim demo`` and ``coop-sim play``: the trainer's demonstrations and a game to play.

.. code-block:: console

    $ coop-sim demo --list
    $ coop-sim demo envy
    $ coop-sim demo shadow --out results/shadow
    $ coop-sim play tit_for_tat --rounds 10
    $ coop-sim play --rounds 20 --noise 0.05      # a hidden opponent drawn at random

``demo NAME`` runs one of :data:`coop_sim.demos.DEMOS`, prints its table and the takeaway
computed from the run, and with ``--out DIR`` writes, all or nothing, ``figure.png``,
``data.json`` (data, settings, takeaway) and ``table.csv`` into a new directory.

``play`` is an interactive match in the terminal against a strategy (see
:mod:`coop_sim.demos.play` for how the opponent's moves come from the engine): type C or D
each round (any case; q quits) and see the running scores.  An opponent named on the
command line is named in the rules; one drawn at random stays hidden until the end.  The
game starts as in the web app and the notebooks (:func:`coop_sim.demos.play.new_session`),
so a seed replays the same game in all three.
"""

from __future__ import annotations

import argparse
import textwrap
import warnings
from collections.abc import Callable
from pathlib import Path

__all__ = ["add_parser", "run_demo_command", "run_play"]

_WIDTH = 100
_ROUNDS = 10
_QUIT = ("q", "quit", "exit")
_ACTIONS = {"c": "C", "cooperate": "C", "co-operate": "C", "d": "D", "defect": "D"}


def add_parser(commands, integer, real, probability, add_length) -> None:
    """Add the ``demo`` and ``play`` sub-commands to ``commands`` (argparse sub-parsers)."""
    from coop_sim.cli import parse_payoffs
    from coop_sim.demos import DEMOS
    from coop_sim.demos.play import MAX_ROUNDS

    demo = commands.add_parser(
        "demo",
        help="run a demonstration of one of Axelrod's principles",
        description="Run a demonstration (its numbers computed afresh), print its table and "
        "takeaway, and optionally write its figure and data. Demos: " + ", ".join(DEMOS) + ".",
    )
    demo.add_argument("name", nargs="?", metavar="NAME", help="the demo (see --list)")
    demo.add_argument("--list", action="store_true", help="list the demos and exit")
    demo.add_argument(
        "--seed", type=integer(0), metavar="S", help="random seed (default 1: reproducible)"
    )
    demo.add_argument(
        "--out",
        metavar="DIR",
        help="write figure.png, data.json and table.csv to this new (or empty) directory",
    )
    demo.set_defaults(run=run_demo_command)

    play = commands.add_parser(
        "play",
        help="play the Prisoner's Dilemma against a strategy in the terminal",
        description="Play an iterated Prisoner's Dilemma against a strategy: type C or D each "
        "round (q to quit). Without STRATEGY the opponent is drawn at random and stays hidden "
        "until the end.",
    )
    play.add_argument(
        "strategy",
        nargs="?",
        metavar="STRATEGY",
        help="the opponent's id (default: drawn at random from a few classics, and hidden)",
    )
    play.add_argument(
        "--rounds",
        type=integer(1),
        default=_ROUNDS,
        metavar="N",
        help=f"rounds to play, at most {MAX_ROUNDS} (default {_ROUNDS})",
    )
    play.add_argument(
        "--noise",
        type=probability,
        default=0.0,
        metavar="E",
        help="probability that each intended move, yours too, is flipped (default 0)",
    )
    play.add_argument(
        "--payoffs", type=parse_payoffs, metavar="R,S,T,P", help="pay-offs (default 3,0,5,1)"
    )
    play.add_argument(
        "--seed", type=integer(0), metavar="S", help="random seed (default: fresh, printed)"
    )
    play.set_defaults(run=run_play)


# ----------------------------------------------------------------------------- demo


def _wrap(label: str, text: str) -> list[str]:
    return textwrap.wrap(f"{label}{text}", _WIDTH, subsequent_indent=" " * len(label),
                         break_on_hyphens=False, break_long_words=False)  # fmt: skip


def _settings_line(settings: dict) -> str:
    parts = []
    for key, value in settings.items():
        if key == "version" or isinstance(value, (list, tuple, dict)):
            continue
        parts.append(f"{key.replace('_', ' ')} {value:g}" if isinstance(value, float)
                     else f"{key.replace('_', ' ')} {value}")  # fmt: skip
    return ", ".join(parts)


def run_demo_command(args: argparse.Namespace) -> list[str]:
    """Carry out ``coop-sim demo``: return the lines to print."""
    from coop_sim.cli import CliError, _check_out, write_directory
    from coop_sim.demos import DEMOS, FILES, TITLES, run_demo

    if args.list:
        if args.name is not None:
            raise CliError(f"give a demo NAME or --list, not both (got {args.name!r} and --list)")
        width = max(len(name) for name in DEMOS)
        return [f"{name:<{width}}  {TITLES[name]}" for name in DEMOS]
    if args.name is None:
        raise CliError(f"give a demo NAME (one of {', '.join(DEMOS)}) or --list")
    if args.name not in DEMOS:
        raise CliError(
            f"unknown demo {args.name!r}; the demos are {', '.join(DEMOS)} (coop-sim demo --list)"
        )
    if args.out is not None:
        _check_out(Path(args.out))
    kwargs = {} if args.seed is None else {"seed": args.seed}
    result = run_demo(args.name, **kwargs)
    lines = [result.title, f"({_settings_line(result.settings)})", "", result.table_text(), ""]
    lines += _wrap("Takeaway: ", result.takeaway)
    if result.note:
        lines += ["", *_wrap("Note: ", result.note)]
    if args.out is not None:
        try:
            write_directory(Path(args.out), result.save)
        except OSError as error:  # the temporary folder's name would only confuse
            reason = error.strerror or str(error)
            raise CliError(f"--out {args.out!r}: cannot write the files there ({reason})",
                           status=1) from error  # fmt: skip
        lines.append(f"wrote {', '.join(FILES[:-1])} and {FILES[-1]} to {args.out}")
    return lines


# ----------------------------------------------------------------------------- play


def _points(x: float) -> str:
    return f"{x:g}"


def _round_line(record) -> str:
    text = (
        f"  you {record.you}, your opponent {record.opponent}: you get "
        f"{_points(record.payoff_you)}, your opponent {_points(record.payoff_opponent)}.  "
        f"Score: you {_points(record.score_you)}, your opponent "
        f"{_points(record.score_opponent)}"
    )
    if record.mistake:
        text += f"  (you chose {record.intended}, but a mistake flipped it)"
    return text


def run_play(
    args: argparse.Namespace,
    read: Callable[[str], str] | None = None,
    write: Callable[[str], None] | None = None,
) -> list[str]:
    """Carry out ``coop-sim play``: the game loop, then the lines revealing the opponent.

    ``read`` (default :func:`input`) gets each answer from a prompt; ``write`` (default:
    print to stdout) shows the rules and each round.
    """
    from coop_sim.cli import CliError, _make_game, _resolve_ids
    from coop_sim.demos.play import MAX_ROUNDS, new_session, rules

    read = input if read is None else read
    if write is None:

        def write(text: str) -> None:
            print(text, flush=True)

    if args.rounds > MAX_ROUNDS:
        raise CliError(f"--rounds must be at most {MAX_ROUNDS}, got {args.rounds}")
    game, notes = _make_game(args.payoffs)
    for note in notes:
        warnings.warn(note, UserWarning, stacklevel=1)
    strategy = _resolve_ids([args.strategy])[0] if args.strategy else None
    # the seed (drawn short enough to type back in when not given) replays the game
    session = new_session(strategy, args.rounds, noise=args.noise, seed=args.seed, game=game)
    for line in rules(session, hidden=session.drawn):
        write(line)
    write("Type C or D and press Enter (q to quit).")
    stopped = False
    while not session.finished:
        prompt = f"Round {session.played + 1} of {session.rounds} - your move (C/D, q quits): "
        try:
            answer = read(prompt)
        except EOFError:
            write("")
            stopped = True
            break
        key = answer.strip().lower()
        if key in _QUIT:
            stopped = True
            break
        if key not in _ACTIONS:
            write(f"  {answer.strip()!r} is not a move: type C (co-operate) or D (defect), or q.")
            continue
        write(_round_line(session.move(_ACTIONS[key])))
    return _reveal(session, stopped)


def _reveal(session, stopped: bool) -> list[str]:
    from coop_sim.demos.play import outcome

    seed = session.seed
    lines = ["", outcome(session, stopped)]
    name = session.opponent
    ident = f" ({session.opponent_id})" if session.opponent_id else ""
    lines.append(f"Your opponent was: {name}{ident}.")
    if session.description:
        lines += _wrap("  ", session.description)
    if session.played:
        history = session.history
        lines.append(f"  its moves:  {''.join(r.opponent for r in history)}")
        lines.append(f"  your moves: {''.join(r.you for r in history)}")
    lines.append(
        f"(seed {seed}: play again with --seed {seed} to meet the same opponent and draws)"
    )
    return lines
