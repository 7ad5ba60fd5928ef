"""``coop-sim spatial`` and ``coop-sim app``: spatial games and interactive pages.

.. code-block:: console

    $ coop-sim spatial --size 200 --b 1.85 --rule imitate-best --generations 200 --seed 1 \\
          --out nowak_may/
    $ coop-sim spatial --network ba --nodes 1000 --degree 4 --b 1.5 --generations 100
    $ coop-sim app --port 8765
    $ coop-sim app lattice --port 8765

``spatial`` runs a :class:`~coop_sim.spatial.models.LatticeModel` (or, with ``--network``, a
:class:`~coop_sim.spatial.models.NetworkModel`), prints each strategy's share at the start,
at a few generations in between and at the end, and the mean shares over the second half
of the run.  ``--out DIR`` writes, all or nothing, ``generations.csv`` (the model's
collected data, one row per generation), ``spatial.png`` (the final lattice -- for two
strategies in Nowak & May's four colours -- or network, and the shares over time) and, for
lattices, ``lattice.gif`` (an animation; ``--no-animation`` skips it).

``app`` serves the web app (:mod:`coop_sim.app`: tournament, demos, play and lattice pages)
or, given a page name, that page alone (:data:`APPS` maps names to modules; the pages are
:data:`coop_sim.app.PAGES`, and ``spatial`` is another name for ``lattice``) with
``python -m solara run <module> --production``; ``--dry-run`` prints the command instead.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import shlex
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np

import coop_sim.app as _app  # the list of pages (imports neither Solara nor a page)
import coop_sim.spatial.graphs as _graphs  # network names and defaults (networkx on use)

__all__ = ["APPS", "add_parser", "app_command", "run", "run_app"]

#: ``coop-sim app NAME`` serves the Solara page module ``APPS[NAME]`` (a module exposing
#: ``page``, ``Page`` or ``routes``): the full app (``all``), the pages of
#: :data:`coop_sim.app.PAGES` and their aliases (:data:`coop_sim.app.ALIASES`).  Add a page to
#: :data:`coop_sim.app.PAGES` to offer it.  ``coop-sim app`` alone serves ``APPS[APP]``.
APPS = {
    "all": _app.FULL_APP,
    **_app.PAGES,
    **{alias: _app.PAGES[page] for alias, page in _app.ALIASES.items()},
}
APP = "all"
NETWORKS = (*_graphs.NETWORKS, "lattice")
_STRATEGIES = ("cooperator", "defector")
_SIZE = 100
_GENERATIONS = 100
_NODES = 1000
_DEGREE = _graphs.DEFAULT_DEGREE
_REWIRING = _graphs.DEFAULT_REWIRING
_TURNS = 200
_PORT = 8765
_MAX_FRAMES = 100  # default --animation-every keeps the GIF at about this many frames
_DRAWN_NODES = 1000  # spatial.png shows the network itself up to this many nodes
_NETWORK_NAMES = {
    "ba": "Barabási–Albert network",
    "regular": "random regular network",
    "ws": "Watts–Strogatz network",
    "lattice": "lattice graph",
}


# ----------------------------------------------------------------------------- parser


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number in 0..65535, got {text!r}")
    return value


def add_parser(commands, integer, real, probability, add_length) -> None:
    """Add the ``spatial`` and ``app`` sub-commands to ``commands`` (argparse sub-parsers)."""
    from coop_sim.cli import _nonnegative, _positive
    from coop_sim.spatial.rules import RULES

    sp = commands.add_parser(
        "spatial",
        help="play the Prisoner's Dilemma on a lattice or a network",
        description="Players on a lattice (Nowak & May 1992) or a network (Santos & Pacheco "
        "2005) play their neighbours every generation and then imitate: print the shares of "
        "the strategies over time and optionally write the data, a figure and an animation.",
    )
    where = sp.add_argument_group("lattice")
    where.add_argument(
        "--size", type=integer(3), metavar="L", help=f"square L x L lattice (default {_SIZE})"
    )
    where.add_argument("--width", type=integer(3), metavar="W", help="lattice width (x)")
    where.add_argument(
        "--height", type=integer(3), metavar="H", help="lattice height (y; default: the width)"
    )
    where.add_argument(
        "--neighbourhood",
        choices=("moore", "von-neumann"),
        help="8 (moore, the default) or 4 (von-neumann) neighbours",
    )
    where.add_argument(
        "--fixed-edges",
        action="store_true",
        help="fixed edges instead of a torus (border cells have fewer neighbours)",
    )
    net = sp.add_argument_group("network")
    net.add_argument(
        "--network",
        choices=NETWORKS,
        help="play on a network instead: Barabási–Albert (ba), random regular, "
        "Watts–Strogatz (ws) or the lattice as a graph",
    )
    net.add_argument(
        "--nodes", type=integer(3), metavar="N", help=f"number of nodes (default {_NODES})"
    )
    net.add_argument(
        "--degree",
        type=integer(1),
        metavar="K",
        help=f"mean degree (ba: 2 m, even; default {_DEGREE})",
    )
    net.add_argument(
        "--rewiring",
        type=probability,
        metavar="P",
        help=f"ws: rewiring probability (default {_REWIRING})",
    )

    pop = sp.add_argument_group("players and game")
    pop.add_argument(
        "--strategies", nargs="+", metavar="ID", help="strategy ids (default: cooperator defector)"
    )
    pop.add_argument(
        "--initial",
        choices=("random", "mutant", "block"),
        help="random sites (default), one mutant at the centre (a random node "
        "on a network), or a block of mutants; the mutant is the second strategy",
    )
    pop.add_argument(
        "--shares",
        metavar="X,Y,...",
        help="--initial random: the share of each strategy (default: equal)",
    )
    pop.add_argument(
        "--block",
        type=integer(1),
        metavar="B",
        help="--initial block: side of the square of mutants (default 3)",
    )
    game = pop.add_mutually_exclusive_group()
    game.add_argument(
        "--b", type=real, metavar="B", help="Nowak & May's game R = 1, T = B, S = P = 0"
    )
    add_length(pop, _TURNS, payoffs=game)
    pop.add_argument(
        "--self-interaction",
        action=argparse.BooleanOptionalAction,
        help="sites also play themselves (default: yes on lattices, as Nowak & "
        "May; no on networks)",
    )
    pop.add_argument(
        "--aggregate",
        choices=("accumulated", "averaged"),
        default="accumulated",
        help="a site's pay-off: the sum (default) or the mean of its games",
    )

    upd = sp.add_argument_group("updating")
    upd.add_argument(
        "--rule",
        choices=tuple(RULES),
        default="imitate-best",
        help="imitate the best-paid neighbour (default), Fermi pairwise "
        "comparison, proportional imitation or death-birth",
    )
    upd.add_argument(
        "--activation",
        choices=("synchronous", "asynchronous"),
        default="synchronous",
        help="all sites at once (default) or one at a time in random order",
    )
    upd.add_argument(
        "--temperature",
        type=_positive,
        metavar="K",
        help="fermi: noise of imitation K > 0 (default 0.1)",
    )
    upd.add_argument(
        "--exponent",
        type=_positive,
        metavar="M",
        help="proportional: exponent m > 0 of the pay-offs (default 1)",
    )
    upd.add_argument(
        "--intensity",
        type=_nonnegative,
        metavar="W",
        help="death-birth: intensity of selection (default 1)",
    )
    upd.add_argument(
        "--fitness",
        choices=("linear", "exponential"),
        help="death-birth: fitness 1 - W + W * pay-off (linear, the default) or exp(W * pay-off)",
    )
    upd.add_argument(
        "--mutation",
        type=probability,
        default=0.0,
        metavar="MU",
        help="probability that a site switches to another strategy after updating (default 0)",
    )

    run_ = sp.add_argument_group("run and output")
    run_.add_argument(
        "--generations",
        type=integer(1),
        default=_GENERATIONS,
        metavar="G",
        help=f"generations to run (default {_GENERATIONS})",
    )
    run_.add_argument(
        "--seed", type=integer(0), metavar="S", help="random seed (default: fresh entropy, printed)"
    )
    run_.add_argument(
        "--threads",
        type=integer(1),
        metavar="N",
        help="numba threads (default: one below 65,536 sites, else all; same results)",
    )
    run_.add_argument(
        "--out",
        metavar="DIR",
        help="write generations.csv, spatial.png and lattice.gif to this new directory",
    )
    run_.add_argument("--no-animation", action="store_true", help="do not write lattice.gif")
    run_.add_argument(
        "--animation-every",
        type=integer(1),
        metavar="K",
        help=f"generations per animation frame (default: about {_MAX_FRAMES} frames in all)",
    )
    sp.set_defaults(run=run)

    app = commands.add_parser(
        "app",
        help="serve the web app (or one of its pages) in the browser (Solara)",
        description="Serve the web app -- tournaments, the demos, playing against a "
        "strategy, the spatial lattice -- or one page of it with Solara (needs the viz "
        "extra: pip install 'coop_sim[viz]'); stop it with Ctrl-C.",
    )
    aliases = ", ".join(f"{alias} = {page}" for alias, page in _app.ALIASES.items())
    app.add_argument(
        "page",
        nargs="?",
        default=APP,
        choices=list(APPS),
        help=f"the page: {', '.join(p for p in APPS if p not in _app.ALIASES)} ({aliases}; "
        f"default {APP}: every page, with tabs)",
    )
    app.add_argument(
        "--port",
        type=_port,
        default=_PORT,
        metavar="P",
        help=f"port to serve on (default {_PORT}; 0: any free port)",
    )
    app.add_argument("--host", metavar="HOST", help="host to listen on (default: localhost)")
    app.add_argument("--no-open", action="store_true", help="do not open a browser")
    app.add_argument(
        "--dry-run",
        action="store_true",
        help="print the command that would serve the page and exit",
    )
    app.set_defaults(run=run_app)


# ----------------------------------------------------------------------------- spatial


def _ignored(args: argparse.Namespace) -> list[str]:
    """Options given that this run does not use."""
    unused = set()
    if args.network in NETWORKS[:3]:
        unused |= {"size", "width", "height", "neighbourhood", "fixed_edges"}
        if args.network != "ws":
            unused.add("rewiring")
    else:
        unused |= {"nodes", "degree", "rewiring"}
    if args.rule != "fermi":
        unused.add("temperature")
    if args.rule != "proportional":
        unused.add("exponent")
    if args.rule != "death-birth":
        unused |= {"intensity", "fitness"}
    if args.initial not in (None, "random"):
        unused.add("shares")
    if args.initial != "block":
        unused.add("block")
    if args.out is None or args.no_animation or args.network is not None:
        unused.add("animation_every")
    return sorted(
        "--" + name.replace("_", "-") for name in unused if getattr(args, name) not in (None, False)
    )


def _game(args: argparse.Namespace):
    """(b, game) for the model, after warning about a game that is no Prisoner's Dilemma."""
    if args.b is not None:
        return args.b, None
    if args.payoffs is None:
        return None, None
    from coop_sim.cli import _make_game

    game, notes = _make_game(args.payoffs)
    if game.classify() != "weak_prisoners_dilemma":  # T > R > P = S: the spatial games' own
        for note in notes:
            warnings.warn(note, UserWarning, stacklevel=1)
    return None, game


def _graph(args: argparse.Namespace, seed: int, width: int, height: int):
    from coop_sim.cli import CliError
    from coop_sim.spatial import graphs

    nodes = args.nodes or _NODES
    degree = args.degree or _DEGREE
    rewiring = _REWIRING if args.rewiring is None else args.rewiring
    try:
        if args.network == "ba" and (degree % 2 or degree < 2):
            raise CliError(
                f"--degree must be an even number >= 2 with --network ba (each new node "
                f"makes degree / 2 links), got {degree}"
            )
        if args.network in graphs.NETWORKS:
            return graphs.network(args.network, nodes, degree, rewiring, seed=seed)
        return graphs.lattice_graph(width, height, args.neighbourhood or "moore",
                                    not args.fixed_edges)  # fmt: skip
    except ValueError as error:
        if args.network == "lattice":
            raise CliError(f"--network lattice: {error}") from None
        given = {
            "ba": f"--degree {degree} (m = {degree // 2})",
            "regular": f"--degree {degree}",
            "ws": f"--degree {degree} (k), --rewiring {rewiring:g} (p)",
        }
        raise CliError(
            f"--network {args.network} with --nodes {nodes}, {given[args.network]}: {error}"
        ) from None


def _model(args: argparse.Namespace, ids: list[str], seed: int):
    """The model the options describe (API errors named by their options)."""
    from coop_sim.cli import CliError, _length, numbers_per_strategy

    if args.size is not None and (args.width is not None or args.height is not None):
        raise CliError("give --size or --width/--height, not both")
    width = args.width or args.size or _SIZE
    height = args.height or args.size or width
    b, game = _game(args)
    settings = dict(
        strategies=ids, initial=args.initial or "random",
        shares=numbers_per_strategy(args.shares, len(ids), "--shares"),
        b=b, game=game, turns=_length(args.turns, args.continuation, _TURNS),
        continuation=args.continuation, noise=args.noise, known_length=args.known_length,
        aggregate=args.aggregate, rule=args.rule, activation=args.activation,
        mutation=args.mutation, agents=False, clusters=True, seed=seed, threads=args.threads,
    )  # fmt: skip
    for name in ("temperature", "exponent", "intensity", "fitness"):
        if getattr(args, name) is not None:
            settings[name] = getattr(args, name)
    if args.self_interaction is not None:
        settings["self_interaction"] = args.self_interaction
    if args.initial == "block" and args.network is not None:
        raise CliError("--initial block needs a lattice: drop --network or use --initial mutant")
    try:
        from coop_sim.spatial.models import LatticeModel, NetworkModel

        if args.network is None:
            if args.block is not None:
                settings["block"] = args.block
            return LatticeModel(width, height, neighbourhood=args.neighbourhood or "moore",
                                torus=not args.fixed_edges, **settings)  # fmt: skip
        return NetworkModel(_graph(args, seed, width, height), **settings)
    except ImportError:  # Mesa or networkx, an optional extra, is missing
        raise CliError(
            "coop-sim spatial needs Mesa and networkx: pip install 'coop_sim[mesa]'", status=1
        ) from None
    except (ValueError, TypeError) as error:
        text = str(error)
        for name in ("shares", "block", "temperature", "exponent", "mutation", "intensity"):
            text = re.sub(rf"^{name}\b", f"--{name}", text)
        for api, option in (  # the API's remedies, in the command's words
            ("lower intensity, raise baseline or use fitness='exponential'",
             "lower --intensity or use --fitness exponential"),
            ("use 'fermi'", "use --rule fermi"),
        ):  # fmt: skip
            text = text.replace(api, option)
        if text == str(error):
            raise
        raise CliError(text) from None


def _describe(model, args: argparse.Namespace, seed: int) -> str:
    """One line describing the run."""
    from coop_sim.cli import _match_settings

    s = model.population.settings
    names = model.names
    if s["topology"] == "graph":
        kind = _NETWORK_NAMES[args.network]
        top = model.population.topology
        where = f"{kind} of {top.size} nodes"
        if args.network in ("ba", "regular", "ws"):
            where += f", mean degree {top.idx.size / top.size:.3g}"
    else:
        w, h = s["shape"]
        edges = "torus" if s["torus"] else "fixed edges"
        where = f"{w} x {h} lattice ({s['topology']} neighbourhood, {edges})"
    if s["self_interaction"]:
        where += ", self-interaction"
    r, st, t, p = s["game"]
    if args.b is not None:
        game = f"b = {args.b:g} (R = 1, T = b, S = P = 0)"
    else:
        game = f"(R, S, T, P) = ({r:g}, {st:g}, {t:g}, {p:g})"
    if not s["payoffs_reason"].startswith("unconditional"):
        game += f", {_match_settings(s)}, {s['payoffs']} pay-offs"
    rule = s["rule"]
    if rule == "fermi":
        rule += f" (K = {s['temperature']:g})"
    elif rule == "proportional":
        rule += f" (m = {s['exponent']:g})"
    elif rule == "death-birth":
        rule += f" ({s['fitness']}, intensity {s['intensity']:g})"
    rule += f", {s['activation']}"
    if s["mutation"] > 0:
        rule += f", mutation {s['mutation']:g}"
    return (
        f"Spatial game of {len(names)} strategies on a {where}; {game}; {rule}; "
        f"{s['aggregate']} pay-offs; seed {seed}"
    )


def _report(model, generations: int) -> list[str]:
    """The table of shares: start, a few generations in between, end; mean over the last half."""
    data = model.datacollector.model_vars
    names = model.names
    shares = np.array([data[f"share {name}"] for name in names], dtype=float).T  # (G + 1, n)
    widths = [max(len(name), 8) for name in names]
    half = generations // 2
    label = f"mean over generations {half + 1}-{generations}"
    first = max(len("generation"), len(label))

    def row(head: str, values) -> str:
        cells = (f"{x:>{w}.4f}" if not isinstance(x, str) else f"{x:>{w}}"
                 for x, w in zip(values, widths, strict=True))  # fmt: skip
        return f"{head:<{first}}  " + "  ".join(cells)

    lines = [row("generation", names)]
    for g in sorted({round(generations * q) for q in (0, 0.25, 0.5, 0.75, 1)}):
        lines.append(row(f"{g:>{len('generation')}}", shares[g]))
    lines.append(row(label, shares[half + 1 :].mean(axis=0)))
    if model.population.rule.mutation == 0.0:
        whole = np.flatnonzero(shares.max(axis=1) == 1.0)
        if whole.size:
            g = int(whole[0])
            winner = names[int(np.argmax(shares[g]))]
            lines.append(f"every site plays {winner} from generation {g} on")
    return lines


def _write_csv(path: Path, model) -> None:
    data = model.datacollector.model_vars
    columns = list(data)
    rows = len(data[columns[0]])
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["generation", *columns])
        for g in range(rows):
            writer.writerow([g, *(f"{data[c][g]:.10g}" for c in columns)])


def _figure(model, title: str):
    from matplotlib.figure import Figure

    from coop_sim import plot_spatial

    lattice = model.population.topology.kind != "graph"
    drawn = lattice or model.population.topology.size <= _DRAWN_NODES
    if drawn:
        fig = Figure(figsize=(13.0, 5.2), layout="constrained")
        left, right = fig.subplots(1, 2, width_ratios=[1.0, 1.1])
        if lattice:
            plot_spatial.lattice_snapshot(model, ax=left)
        else:
            plot_spatial.network_snapshot(model, ax=left)
    else:
        fig = Figure(figsize=(8.0, 5.0), layout="constrained")
        right = fig.add_subplot()
    plot_spatial.spatial_shares(model, ax=right)
    width = 190 if drawn else 115  # characters that fit the figure's width at 9 pt
    fig.suptitle("\n".join(textwrap.wrap(title, width)), fontsize=9)
    return fig


def _frame_settings(args: argparse.Namespace, model, generations: int) -> tuple[int, int]:
    """(generations per frame, dpi) of the animation."""
    side = max(model.population.topology.shape)
    dpi = int(np.clip(math.ceil(2 * side / 3.6), 80, 120))  # about 2 pixels a cell if possible
    every = args.animation_every or max(1, math.ceil(generations / _MAX_FRAMES))
    return every, dpi


def run(args: argparse.Namespace) -> list[str]:
    """Carry out ``coop-sim spatial`` and return the lines to print."""
    from coop_sim._seeding import seed_key
    from coop_sim.cli import CliError, _check_out, _resolve_ids, write_directory

    ids = _resolve_ids(args.strategies or list(_STRATEGIES))
    if len(ids) < 2:
        raise CliError(f"spatial needs at least 2 strategies, got {len(ids)}")
    if len(set(ids)) != len(ids):
        raise CliError(f"give each strategy once, got {', '.join(args.strategies)}")
    if args.out is not None:
        _check_out(Path(args.out))
    ignored = _ignored(args)
    if ignored:
        warnings.warn(f"{', '.join(ignored)} not used by this run; ignored", UserWarning,
                      stacklevel=1)  # fmt: skip
    seed = args.seed if args.seed is not None else seed_key(None)[1]
    model = _model(args, ids, seed)
    generations = args.generations
    progress = sys.stderr.isatty()
    header = _describe(model, args, seed)
    animate = args.out is not None and not args.no_animation and args.network is None
    written = ["generations.csv", "spatial.png"] + (["lattice.gif"] if animate else [])

    def simulate(tmp: Path | None) -> None:
        from coop_sim.plot_spatial import _advance, animate_lattice

        if tmp is not None and animate:
            every, dpi = _frame_settings(args, model, generations)
            animate_lattice(model, generations, tmp / "lattice.gif", every=every, dpi=dpi,
                            progress=progress)  # fmt: skip
        else:
            _advance(model, generations, progress)
        if tmp is not None:
            _write_csv(tmp / "generations.csv", model)
            _figure(model, header).savefig(tmp / "spatial.png", dpi=110)

    if args.out is None:
        simulate(None)
    else:
        write_directory(Path(args.out), simulate)
    lines = [header, *_report(model, generations)]
    if args.out is not None:
        lines.append(f"wrote {', '.join(written[:-1])} and {written[-1]} to {args.out}")
    return lines


# ----------------------------------------------------------------------------- app


def _available(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it)."""
    from importlib.util import find_spec

    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def app_command(page: str, port: int = _PORT, host: str | None = None,
                open_browser: bool = True) -> list[str]:  # fmt: skip
    """The command that serves ``page`` (a name in :data:`APPS`), in Solara's production
    mode (no hot reloading, no development checks), as the browser test serves it.

    Examples
    --------
    >>> app_command("lattice", 9000)[1:]
    ['-m', 'solara', 'run', 'coop_sim.spatial.app', '--port', '9000', '--production']
    >>> app_command("spatial", 9000) == app_command("lattice", 9000)
    True
    """
    if page not in APPS:
        raise ValueError(f"page must be one of {', '.join(APPS)}, got {page!r}")
    command = [sys.executable, "-m", "solara", "run", APPS[page], "--port", str(port),
               "--production"]  # fmt: skip
    if host is not None:
        command += ["--host", host]
    if not open_browser:
        command.append("--no-open")
    return command


def run_app(args: argparse.Namespace) -> list[str]:
    """Carry out ``coop-sim app [PAGE]``: serve the page (the full app by default) until the
    server stops."""
    from coop_sim.cli import CliError

    command = app_command(args.page, args.port, args.host, not args.no_open)
    if not _available("solara"):
        raise CliError(
            "coop-sim app needs Solara and Mesa's visualisation: pip install 'coop_sim[viz]'",
            status=1,
        )
    module = APPS[args.page]
    if not _available(module):
        raise CliError(f"the page module {module} is not installed", status=1)
    if args.dry_run:
        return [shlex.join(command)]
    import coop_sim

    env = dict(os.environ)  # the server must import this very coop_sim
    package_root = str(Path(coop_sim.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    with subprocess.Popen(command, env=env) as server:
        try:
            status = server.wait()
        except KeyboardInterrupt:  # Ctrl-C reaches both: let the server finish, quietly
            status = server.wait()
            return []
    if status not in (0, -2, 130):  # -2 / 130: stopped with Ctrl-C
        raise CliError(f"the Solara server stopped with status {status}", status=1)
    return []
