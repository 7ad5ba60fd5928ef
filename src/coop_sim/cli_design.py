"""``coop-sim sweep``, ``coop-sim threshold`` and ``coop-sim design``: the rule-maker's lab.

.. code-block:: console

    $ coop-sim design check experiments/scenarios/tourist_office.toml
    $ coop-sim sweep experiments/scenarios/tourist_office.toml --out sweep/ --backend processes
    $ coop-sim threshold experiments/scenarios/tourist_office.toml \\
          --lever bonus_cooperation --target "cooperation>=0.8"
    $ coop-sim design report experiments/scenarios/tourist_office.toml --out report/

Every command reads a scenario file (:mod:`coop_sim.design.scenario_file`); options
override the file's settings.

``sweep`` runs the file's ``[sweep]`` grid with :func:`coop_sim.sweep.sweep` into ``--out``
(the sweep's own resumable folder: run the same command again after an interruption and it
carries on; Ctrl-C says how many cells were kept), shows a progress bar on a terminal,
prints a summary (the table of cell means up to 12 levels per lever, else a pointer to
``results.csv``), and adds a figure to the folder: ``heatmap.png`` (the first two levers,
the contour at the sweep's ``level``; a third lever and more are averaged over, as the
summary and the figure's title say) or ``line.png`` (one lever, 95% confidence band).
``--workers`` with ``--backend serial`` is an error (the serial back end runs in one
process).

``threshold`` finds the smallest lever level at which a target holds
(:func:`coop_sim.design.threshold.threshold`) and prints the value, the method, the bracket
and the statement.  Without ``--lever``/``--target`` it answers every ``[[threshold]]``
table of the file in turn (``--index N`` picks the table ``threshold[N]``, counting from 0
as error messages do); with them, the file's table for that lever (else the first) gives
the defaults.  ``--low``, ``--high``, ``--method``, ... override the tables' settings.

``design report`` writes a one-page report (:mod:`coop_sim.design.report`) to a new folder,
all or nothing; ``design check`` validates a file and describes its designs.

A bad file, lever, target or ``--out`` prints one ``coop-sim: error: ...`` line and exits
with status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_parser", "run_check", "run_report", "run_sweep", "run_threshold"]

_CHOICES_SHOWN = 12  # cell tables are printed up to this many levels per lever


def add_parser(commands, integer, real, probability, add_length) -> None:
    """Add the ``sweep``, ``threshold`` and ``design`` sub-commands to ``commands``."""
    from coop_sim.design.report import FORMATS
    from coop_sim.design.threshold import METHODS
    from coop_sim.sweep import BACKENDS

    sw = commands.add_parser(
        "sweep",
        help="sweep a scenario file's levers (resumable; serial, processes or Dask)",
        description="Run the [sweep] grid of a scenario file: every combination of lever "
        "values, replicated; write the table (Parquet, CSV) and a figure to --out, resuming "
        "a sweep that was interrupted.",
    )
    sw.add_argument("file", metavar="SCENARIO.toml", help="scenario file")
    sw.add_argument("--out", required=True, metavar="DIR",
                    help="the sweep's folder (created; an interrupted sweep resumes)")  # fmt: skip
    sw.add_argument("--backend", choices=BACKENDS, help="where cells run (default: the file's)")
    sw.add_argument("--address", metavar="tcp://HOST:PORT",
                    help="a Dask scheduler (implies --backend dask)")  # fmt: skip
    sw.add_argument("--workers", type=integer(1), metavar="N", help="worker processes")
    sw.add_argument("--replicates", type=integer(1), metavar="R", help="runs per cell")
    sw.add_argument("--seed", type=integer(0), metavar="S", help="the sweep's seed")
    sw.set_defaults(run=run_sweep)

    th = commands.add_parser(
        "threshold",
        help="the lever level from which a target holds",
        description="Find the smallest level of a lever at which a target holds (closed "
        "form, exact, deterministic or replicated simulation); defaults come from the "
        "file's [threshold] table.",
    )
    th.add_argument("file", metavar="SCENARIO.toml", help="scenario file")
    th.add_argument("--index", type=integer(0), metavar="N",
                    help="answer only the file's threshold[N] table (counting from 0; default: "
                    "every table)")  # fmt: skip
    th.add_argument("--lever", metavar="NAME", help="e.g. fine_on_defection, turnover, "
                    "initial:tit_for_tat")  # fmt: skip
    th.add_argument("--target", metavar="TEXT",
                    help="e.g. 'cooperation>=0.8' or 'tit_for_tat resists defector'")  # fmt: skip
    th.add_argument("--low", type=real, metavar="X", help="bottom of the range searched")
    th.add_argument("--high", type=real, metavar="X", help="top of the range searched")
    th.add_argument("--replicates", type=integer(1), metavar="R",
                    help="runs per level for simulated thresholds (default 20)")  # fmt: skip
    th.add_argument("--method", choices=METHODS, help="default: auto")
    th.add_argument("--tolerance", type=real, metavar="X", help="final bracket width")
    th.add_argument("--seed", type=integer(0), metavar="S", help="random seed")
    th.set_defaults(run=run_threshold)

    design = commands.add_parser(
        "design",
        help="scenario files: check one, write a report",
        description="Work with scenario files: check validates one and describes its "
        "designs; report writes a one-page report with figures.",
    )
    sub = design.add_subparsers(dest="design_command", metavar="COMMAND", required=True)
    rep = sub.add_parser(
        "report",
        help="write a one-page report (Markdown or HTML) with figures",
        description="Evaluate every design of a scenario file, its thresholds and its sweep, "
        "and write report.md (or report.html) and PNG figures to a new folder.",
    )
    rep.add_argument("file", metavar="SCENARIO.toml", help="scenario file")
    rep.add_argument("--out", required=True, metavar="DIR", help="a new (or empty) folder")
    rep.add_argument("--format", choices=FORMATS, default="md", help="md (default) or html")
    rep.add_argument("--replicates", type=integer(1), metavar="R",
                     help="runs per design under stochastic dynamics (default: the file's, "
                     "10)")  # fmt: skip
    rep.add_argument("--seed", type=integer(0), metavar="S", help="random seed")
    rep.set_defaults(run=run_report)
    check = sub.add_parser(
        "check",
        help="validate a scenario file and describe its designs",
        description="Validate a scenario file and print its scenario, designs, sweep and "
        "thresholds (nothing is run).",
    )
    check.add_argument("file", metavar="SCENARIO.toml", help="scenario file")
    check.set_defaults(run=run_check)


# ----------------------------------------------------------------------------- helpers


def _load(path: str):
    from coop_sim.cli import CliError
    from coop_sim.design.scenario_file import load_scenario

    try:
        return load_scenario(path)
    except OSError as error:  # missing file, a directory, unreadable
        raise CliError(str(error)) from None


def _cell_table(
    table, x: str, y: str | None, metric: str, averaged: list[str] | tuple = ()
) -> list[str]:
    """Mean ``metric`` per cell as text: one column (one lever) or a matrix (two); the
    levers ``averaged`` over are named."""
    import numpy as np

    data = table.assign(_value=np.asarray(table[metric], dtype=np.float64))
    over = f" (averaged over {', '.join(averaged)})" if averaged else ""
    if y is None:
        means = data.groupby(x)["_value"].mean()
        if len(means) > _CHOICES_SHOWN:
            return [f"mean {metric}{over}: ({len(means)} values of {x}, too many to print "
                    f"here: see results.csv)"]  # fmt: skip
        width = max(len(x), *(len(f"{v:g}") for v in means.index))
        lines = [f"{x:>{width}}  mean {metric}{over}"]
        lines += [f"{v:>{width}g}  {m:.4f}" for v, m in means.items()]
        return lines
    means = data.groupby([y, x])["_value"].mean().unstack(x)
    if means.shape[0] > _CHOICES_SHOWN or means.shape[1] > _CHOICES_SHOWN:
        return [f"mean {metric}{over}: ({means.shape[1]} values of {x} x {means.shape[0]} of "
                f"{y}, too many to print here: see results.csv)"]  # fmt: skip
    head = f"{y} \\ {x}"
    first = max(len(head), *(len(f"{v:g}") for v in means.index))
    cols = [f"{v:g}" for v in means.columns]
    width = max(6, *(len(c) for c in cols))
    lines = [
        f"mean {metric}{over}:",
        f"{head:>{first}}  " + "  ".join(f"{c:>{width}}" for c in cols),
    ]
    for v, row in means.iterrows():
        lines.append(f"{v:>{first}g}  " + "  ".join(f"{m:>{width}.4f}" for m in row))
    return lines


# ----------------------------------------------------------------------------- commands


def run_sweep(args: argparse.Namespace) -> list[str]:
    """Carry out ``coop-sim sweep``."""
    from coop_sim.cli import CliError
    from coop_sim.plot_design import plot_sweep_heatmap, plot_sweep_line, save_figure
    from coop_sim.sweep import SchedulerUnreachable, check_address, sweep

    f = _load(args.file)
    s = f.sweep
    if s is None:
        raise CliError(
            f"{args.file} has no [sweep] table; add one, e.g. [sweep.grid] "
            "fine_on_defection = { start = 0, stop = 2, num = 5 }"
        )
    if args.address is not None:
        try:
            check_address(args.address)
        except (ValueError, TypeError) as error:
            raise CliError(f"--{error}") from None  # "--address must be ... tcp://host:port"
    backend = args.backend or ("dask" if args.address is not None else s.backend)
    if args.address is not None and backend != "dask":
        raise CliError(f"--address needs --backend dask, got --backend {backend}")
    address = args.address if args.address is not None else s.address
    if address is not None and backend != "dask":  # the file's address, --backend other
        raise CliError(
            f"sweep.address in {args.file} needs backend = 'dask', got --backend {backend}; "
            "drop --backend (or the file's address)"
        )
    notes = []
    workers = args.workers or s.workers
    if backend == "serial" and workers is not None:
        if args.workers is not None:
            raise CliError(
                "--workers needs --backend processes or dask: the serial back end runs every "
                "cell in this process"
            )
        notes.append(f"note: the serial back end runs in this process; sweep.workers = "
                     f"{workers} of {args.file} is not used")  # fmt: skip
        workers = None
    if address is not None and args.workers is not None:
        notes.append(f"note: --workers {args.workers} is not used with a scheduler address "
                     "(the cluster's workers run the cells)")  # fmt: skip
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"--out {args.out!r} is a file; give a folder (new, or a sweep's)")
    replicates = args.replicates or s.replicates
    seed = args.seed if args.seed is not None else f.seed
    try:
        table = sweep(
            f.scenario, s.grid, replicates=replicates, seed=seed, out=out, backend=backend,
            address=address, workers=workers, progress=sys.stderr.isatty(),
        )  # fmt: skip
    except ImportError as error:
        raise CliError(str(error), status=1) from None
    except SchedulerUnreachable as error:
        where = "--address" if args.address is not None else f"sweep.address in {args.file}"
        raise CliError(f"{where}: {error}", status=1) from None
    except KeyboardInterrupt:
        raise CliError(_interrupted(out, s.cells), status=130) from None
    levers = list(s.grid)
    averaged = levers[2:]  # the heatmap shows the first two levers, the mean over the rest
    if len(levers) >= 2:
        fig = plot_sweep_heatmap(table, levers[0], levers[1], s.metric, threshold=s.level,
                                 averaged=averaged)  # fmt: skip
        figure = "heatmap.png"
    else:
        fig = plot_sweep_line(table, levers[0], s.metric, threshold=s.level, averaged=[])
        figure = "line.png"
    save_figure(fig, out / figure, dpi=110)  # a killed write's leftover: cleaned by sweep()
    sizes = " x ".join(f"{lever} ({len(v)})" for lever, v in s.grid.items())
    cells = table["cell"].nunique()
    lines = [
        *notes,
        f"Sweep of {f.title}: {sizes}; {replicates} replicate{'s' if replicates > 1 else ''} "
        f"per cell; {backend} back end; seed {table.attrs.get('seed')}",
        f"{cells} cells, {len(table)} rows",
    ]
    means = _cell_table(table, levers[0], levers[1] if len(levers) > 1 else None, s.metric,
                        averaged)  # fmt: skip
    if averaged:
        shown = f"{figure} and the table below show" if len(means) > 1 else f"{figure} shows"
        lines.append(
            f"{shown} {levers[0]} x {levers[1]}, with {s.metric} averaged over the other "
            f"lever{'s' if len(averaged) > 1 else ''}: {', '.join(averaged)}"
        )
    lines += means
    lines.append(f"wrote sweep.json, cells/, results.parquet, results.csv and {figure} to {out}")
    return lines


def _interrupted(out: Path, total: int) -> str:
    """What an interrupted sweep left in ``out``, and how to go on."""
    from coop_sim.sweep import _CELL_FILE, CELLS

    folder = out / CELLS
    done = (
        sum(1 for p in folder.iterdir() if _CELL_FILE.fullmatch(p.name)) if folder.is_dir() else 0
    )
    if not (out / "sweep.json").exists():
        return "interrupted before the sweep started; nothing to resume"
    return (
        f"interrupted: {done} of {total} cells are finished and kept in {out}; run the same "
        "command again to resume (finished cells are not recomputed)"
    )


def _questions(args: argparse.Namespace, f) -> list[tuple[int | None, str, str, dict]]:
    """The threshold questions asked: ``(table index or None, lever, target, options)``."""
    from coop_sim.cli import CliError
    from coop_sim.design.scenario_file import ThresholdSettings, lever_hint
    from coop_sim.design.targets import parse_target

    tables = f.thresholds
    if args.index is not None:
        if not tables:
            raise CliError(f"--index: {args.file} has no [threshold] table")
        if args.index >= len(tables):
            raise CliError(
                f"--index must be in 0..{len(tables) - 1} ({args.file} has {len(tables)} "
                f"threshold table{'s' if len(tables) > 1 else ''}, counted from 0), got "
                f"{args.index}"
            )
        chosen = [(args.index, tables[args.index])]
    elif args.lever is None and args.target is None and tables:
        chosen = list(enumerate(tables))  # every table of the file
    else:
        chosen = [(None, None)]
    questions = []
    for index, table in chosen:
        default = table or (tables[0] if tables else None)
        lever = args.lever or (default.lever if default is not None else None)
        if lever is None:
            raise CliError(f"give --lever ({args.file} has no [threshold] table to default to)")
        try:
            f.scenario.lever(lever)
        except (ValueError, TypeError) as error:
            hint = "" if lever.startswith("initial:") else lever_hint(lever)
            raise CliError(f"--lever: {error}{hint}") from None
        if table is None:  # --lever/--target: the file's table for this lever, else the first
            match = next((t for t in tables if t.lever == lever), None)
            if match is not None:
                index = tables.index(match)
            table = match
            fallback = match or (tables[0] if tables else None)
        else:
            fallback = table
        target = args.target or (fallback.target if fallback is not None else None)
        if target is None:
            raise CliError(f"give --target ({args.file} has no [threshold] table to default to)")
        try:
            parse_target(target).check(f.scenario.strategies)
        except (ValueError, TypeError) as error:
            raise CliError(f"--target: {error}") from None
        if table is not None and table.lever == lever:  # the table's range and settings
            options = table.kwargs()
        else:  # another lever's range would not fit; keep the number of replicates only
            options = ThresholdSettings(lever, target).kwargs()
            if fallback is not None:
                options["replicates"] = fallback.replicates
            index = None
        for name in ("low", "high", "replicates", "method", "tolerance"):
            if getattr(args, name) is not None:
                options[name] = getattr(args, name)
        _check_question(args, f, index, lever, target, options)
        questions.append((index, lever, target, options))
    return questions


def _check_question(args, f, index, lever, target, options) -> None:
    """The question as threshold() will ask it; errors name the option (or the file's key)."""
    from coop_sim.cli import CliError
    from coop_sim.design.scenario_file import threshold_error_key
    from coop_sim.design.threshold import check_threshold

    try:
        check_threshold(f.scenario, lever, target, **options)
    except (ValueError, TypeError) as error:
        text = str(error)
    else:
        return
    key, rest = threshold_error_key(text)

    def where(name: str) -> str:
        if getattr(args, name, None) is not None:
            return f"--{name}"
        table = f"threshold[{index}]" if len(f.thresholds) > 1 else "threshold"
        return f"{table}.{name} in {args.file}" if index is not None else f"the default {name}"

    if key == "range":
        given = [f"--{k}" for k in ("low", "high") if getattr(args, k) is not None]
        name = " and ".join(given) or where("low")
        raise CliError(f"{name}: {text}") from None
    if key is None:
        raise CliError(text) from None
    raise CliError(f"{where(key)}: {rest}") from None


def run_threshold(args: argparse.Namespace) -> list[str]:
    """Carry out ``coop-sim threshold``: every threshold table of the file (or the one of
    ``--index``), or the question of ``--lever``/``--target``."""
    from coop_sim.design.threshold import threshold

    f = _load(args.file)
    questions = _questions(args, f)  # all checked before any runs
    seed = args.seed if args.seed is not None else f.seed
    lines: list[str] = []
    for k, (index, lever, target, options) in enumerate(questions):
        if k:
            lines.append("")
        if len(questions) > 1:
            lines.append(f"[{k + 1}/{len(questions)}] threshold[{index}] of {args.file}")
        result = threshold(f.scenario, lever, target, seed=seed, **options)
        lines += _threshold_lines(f, lever, result)
    return lines


def _threshold_lines(f, lever: str, result) -> list[str]:
    from coop_sim.design.report import bracket_text, criterion_text

    value = (
        f"{result.value:.6g}"
        if result.value is not None
        else f"not reached in [{result.low:g}, {result.high:g}]"
    )
    lines = [
        f"Threshold of {lever} for {result.target!r} in {f.title} "
        f"(searched [{result.low:g}, {result.high:g}])",
        f"value: {value}",
        f"method: {result.method}",
        f"bracket: {bracket_text(result)}",
    ]
    if result.closed_form is not None:
        lines.append(f"closed form: {result.closed_form:.6g}")
    if result.method == "simulation":
        lines.append(f"replicates: {result.replicates} per level, seed {result.seed}")
    lines.append(f"criterion: {criterion_text(result)}")
    lines.append(result.statement)
    return lines


def run_report(args: argparse.Namespace) -> list[str]:
    """Carry out ``coop-sim design report``."""
    from coop_sim.cli import _check_out, write_directory
    from coop_sim.design.report import build_report

    f = _load(args.file)
    out = Path(args.out)
    _check_out(out)
    seed = args.seed if args.seed is not None else f.seed
    report = build_report(f, replicates=args.replicates, seed=seed,
                          progress=sys.stderr.isatty())  # fmt: skip
    written: list[str] = []

    def write(tmp: Path) -> None:
        written.extend(p.name for p in report.write(tmp, args.format))

    write_directory(out, write)
    lines = [f"Design report of {f.title} (seed {report.seed})"]
    for row in report.rows():
        lines.append(
            f"  {row['design']}: {row['game class']}; co-operation {row['co-operation (final)']}"
            f"; takeover {row['co-operators take over']}"
        )
    for result in report.thresholds:
        lines.append(f"  {result.statement}")
    lines.append(f"wrote {', '.join(written)} to {out}")
    return lines


def run_check(args: argparse.Namespace) -> list[str]:
    """Carry out ``coop-sim design check``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from coop_sim.cli import main
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "s.toml"
    >>> _ = path.write_text('[population]\\nstrategies = ["tit_for_tat", "defector"]\\n'
    ...                     '[[designs]]\\nname = "fined"\\n'
    ...                     '[designs.fine_on_defection]\\namount = 3\\n')
    >>> main(["design", "check", str(path)])
    /.../s.toml: valid
    scenario
      population: tit_for_tat 0.5, defector 0.5 (N = 100)
      game: R, S, T, P = 3, 0, 5, 1 (prisoners dilemma)
      matches: 200 rounds (the number not told to the players), noise 0
      dynamics: moran, 200 generations...
    design 'fined': fine on defection 3 (T and P) -> harmony
    0
    """
    from coop_sim.design.report import design_changes

    f = _load(args.file)
    lines = [f"{args.file}: valid", f.scenario.describe()]
    for name, design in f.designs:
        game = design.game_after()
        lines.append(
            f"design {name!r}: {design_changes(f.scenario, design)} "
            f"-> {game.classify().replace('_', ' ')}"
        )
    if f.sweep is not None:
        sizes = " x ".join(f"{lever} ({len(v)})" for lever, v in f.sweep.grid.items())
        lines.append(f"sweep: {sizes} = {f.sweep.cells} cells x {f.sweep.replicates} replicate(s), "
                     f"{f.sweep.backend} back end")  # fmt: skip
    for t in f.thresholds:
        lines.append(f"threshold: {t.lever} for {t.target!r} ({t.method})")
    return lines
