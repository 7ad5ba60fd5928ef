"""One-page reports of a scenario file: designs, outcomes, thresholds and sweeps.

:func:`build_report` runs what a :class:`~coop_sim.design.scenario_file.ScenarioFile`
asks for -- every design (the base and the ``[[designs]]``), each ``[threshold]``, and the
``[sweep]`` grid -- and returns a :class:`Report`; :meth:`Report.write` writes
``report.md`` (or ``report.html``) and its PNG figures into a folder, and
:func:`write_report` does both, all or nothing (``coop-sim design report``).

The report holds:

* the scenario (:meth:`Scenario.describe`) and the file's description;
* a table of the designs: what each changes from the base, the designed game (R, S, T, P)
  and its class (:meth:`Game.classify`), the final and time-averaged co-operation rate,
  the welfare (mean pay-off per round), whether co-operators take over (and from which
  generation) and the final shares.  Stochastic dynamics run ``replicates`` times with one
  seed for every design (common random numbers): values are means with their standard
  deviation over the runs (``mean ± sd``), takeover the number of runs in which it
  happened; the ecological and replicator dynamics run once;
* each threshold's value, method, bracket and statement (with its confidence for
  simulations), the criterion by which the target "holds" at a level
  (:func:`criterion_text`: for simulations, in at least half of the runs), and a figure of
  the levels evaluated;
* the sweep's figure: a heatmap over the first two levers with the contour at the sweep's
  ``level`` (other levers averaged), or a line with a 95% confidence band for one lever,
  and the first level of the first lever at which the metric reaches the level.  Its
  criterion is stated too: the *mean* of the metric over a cell's replicates -- not the
  share of runs meeting a target -- so near the level the sweep and a simulated threshold
  can disagree.

Figures: ``outcomes.png`` (shares and co-operation over generations, one panel per
design), ``threshold.png`` (``threshold-2.png``, ... for more), ``sweep.png``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from coop_sim._seeding import SeedLike, seed_key
from coop_sim._version import __version__
from coop_sim.design.scenario import Scenario
from coop_sim.design.scenario_file import ScenarioFile, load_scenario

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from coop_sim.design.evaluate import Outcome
    from coop_sim.design.threshold import ThresholdResult

__all__ = [
    "FORMATS",
    "Report",
    "bracket_text",
    "build_report",
    "criterion_text",
    "design_changes",
    "write_report",
]

#: Report formats: Markdown or a standalone HTML page.
FORMATS = ("md", "html")


def design_changes(base: Scenario, design: Scenario) -> str:
    """What ``design`` changes from ``base``, in words ('-' for none).

    Examples
    --------
    >>> from coop_sim.design import Scenario, DefectionFine, Noise
    >>> base = Scenario(["tit_for_tat", "defector"], interventions=[Noise(0.01)])
    >>> design_changes(base, base.without("noise").apply(DefectionFine(1.0)))
    'fine on defection 1 (T and P); without noise'
    """
    keys = {iv.key for iv in design.interventions}
    parts = [iv.describe() for iv in design.interventions if base.intervention(iv.key) != iv]
    parts += [f"without {iv.key}" for iv in base.interventions if iv.key not in keys]
    return "; ".join(parts) or "-"


@dataclass(frozen=True)
class Report:
    """The results a report shows (see the module notes); write it with :meth:`write`.

    Attributes
    ----------
    file : ScenarioFile
    designs : tuple of (name, Scenario, tuple of Outcome)
        Every design with its runs.
    thresholds : tuple of ThresholdResult
    sweep : pandas.DataFrame or None
        The sweep table (:func:`coop_sim.sweep.sweep`).
    seed : int or None
        The seed every part of the report used (drawn and recorded when not given).
    """

    file: ScenarioFile
    designs: tuple[tuple[str, Scenario, tuple[Outcome, ...]], ...]
    thresholds: tuple[ThresholdResult, ...] = ()
    sweep: pd.DataFrame | None = field(default=None, compare=False)
    seed: int | None = None

    # ------------------------------------------------------------------ content

    def rows(self) -> list[dict[str, str]]:
        """The designs table as text cells, one dict per design."""
        base = self.file.scenario
        out = []
        for name, scenario, runs in self.designs:
            game = scenario.game_after()
            coop = np.array([o.final_cooperation for o in runs])
            mean_coop = np.array([o.mean_cooperation for o in runs])
            welfare = np.array([o.final_welfare for o in runs])
            shares = np.mean([o.shares[-1] for o in runs], axis=0)
            out.append({
                "design": name,
                "changes": design_changes(base, scenario) if name != "base" else "-",
                "game (R, S, T, P)": ", ".join(f"{v:g}" for v in game.as_tuple()),
                "game class": game.classify().replace("_", " "),
                "co-operation (final)": _spread(coop),
                "co-operation (mean)": _spread(mean_coop),
                "welfare (final)": _spread(welfare),
                "co-operators take over": _takeover(runs),
                "final shares": ", ".join(
                    f"{nm} {x:.3f}" for nm, x in zip(runs[0].names, shares, strict=True)
                ),
            })  # fmt: skip
        return out

    def figures(self) -> dict[str, object]:
        """The figures by file name (matplotlib Figures)."""
        from coop_sim.plot_design import plot_designs, plot_threshold

        figs: dict[str, object] = {
            "outcomes.png": plot_designs([(name, runs) for name, _, runs in self.designs])
        }
        for k, result in enumerate(self.thresholds):
            figs[_threshold_figure(k)] = plot_threshold(result)
        if self.sweep is not None:
            figs["sweep.png"] = self._sweep_figure()
        return figs

    def _sweep_figure(self):
        from coop_sim.plot_design import plot_sweep_heatmap, plot_sweep_line

        settings = self.file.sweep
        levers = list(settings.grid)
        if len(levers) >= 2:
            return plot_sweep_heatmap(self.sweep, levers[0], levers[1], settings.metric,
                                      threshold=settings.level, averaged=levers[2:])  # fmt: skip
        return plot_sweep_line(self.sweep, levers[0], settings.metric, threshold=settings.level,
                               averaged=[])  # fmt: skip

    def _blocks(self) -> list[tuple]:
        f = self.file
        blocks: list[tuple] = [("h1", f"Design report: {f.title}")]
        if f.description:
            blocks.append(("p", f.description))
        stochastic = _stochastic(f.scenario)
        runs = len(self.designs[0][2])
        how = (
            f"{runs} runs per design with common random numbers; values are mean ± sd"
            if stochastic and runs > 1
            else "one run per design (the dynamics are deterministic)"
            if not stochastic
            else "one run per design"
        )
        source = f"`{f.path.name}`, " if f.path is not None else ""
        blocks.append(("p", f"{source}seed {self.seed}, {how}; coop_sim {__version__}."))
        blocks.append(("h2", "Scenario"))
        blocks.append(("pre", f.scenario.describe()))
        blocks.append(("h2", "Designs"))
        rows = self.rows()
        head = list(rows[0])
        blocks.append(("table", head, [[r[h] for h in head] for r in rows]))
        blocks.append(("img", "outcomes.png", "shares and co-operation over generations"))
        if self.thresholds:
            blocks.append(("h2", "Thresholds" if len(self.thresholds) > 1 else "Threshold"))
            for k, result in enumerate(self.thresholds):
                value = "not reached" if result.value is None else f"{result.value:.6g}"
                bracket = bracket_text(result)
                closed = (
                    f", closed form {result.closed_form:.6g}"
                    if result.closed_form is not None
                    else ""
                )
                blocks.append((
                    "p",
                    f"{result.lever} for `{result.target}` in [{result.low:g}, {result.high:g}]: "
                    f"{value} ({result.method}; bracket {bracket}{closed}).",
                ))  # fmt: skip
                blocks.append(("p", result.statement))
                blocks.append(("p", f"Criterion: {criterion_text(result)}."))
                blocks.append(("img", _threshold_figure(k), f"threshold of {result.lever}"))
        if self.sweep is not None:
            blocks.append(("h2", "Sweep"))
            blocks += self._sweep_blocks()
        return blocks

    def _sweep_blocks(self) -> list[tuple]:
        s = self.file.sweep
        sizes = " × ".join(f"{lever} ({len(v)} levels)" for lever, v in s.grid.items())
        text = (
            f"{sizes}; {s.replicates} replicate{'s' if s.replicates > 1 else ''} per cell, "
            f"{len(self.sweep)} runs. Figure: mean {s.metric}"
        )
        levers = list(s.grid)
        if len(levers) > 2:
            text += f" (averaged over {', '.join(levers[2:])})"
        if s.level is not None:
            text += f"; {'contour' if len(levers) > 1 else 'dashed line'} at {s.level:g}"
        blocks: list[tuple] = [("p", text + "."), ("p", self._sweep_criterion())]
        reached = self._first_levels()
        if reached is not None:
            blocks.append(reached)
        blocks.append(("img", "sweep.png", f"{s.metric} over the sweep"))
        return blocks

    def _sweep_criterion(self) -> str:
        """How the sweep figure decides, against the thresholds' criterion."""
        s = self.file.sweep
        runs = f"its {s.replicates} replicates" if s.replicates > 1 else "its one run"
        text = (
            f"Criterion: each cell shows the mean {s.metric} over {runs}"
            + (f", compared with {s.level:g}" if s.level is not None else "")
            + " -- an average, not the share of runs meeting a target"
        )
        if any(r.method == "simulation" for r in self.thresholds):
            text += (
                "; the simulated threshold above counts a level as reached when the target "
                "holds in at least half of the runs, so near the level the two can differ"
            )
        return text + "."

    def _first_levels(self) -> tuple | None:
        """A table: per level of the second lever, the first level of the first lever at
        which the mean metric reaches the sweep's level."""
        from coop_sim.design.targets import _OPS, parse_target

        s = self.file.sweep
        if s.level is None:
            return None
        op = ">="
        threshold = self.file.threshold
        if threshold is not None:
            target = parse_target(threshold.target)
            if target.metric == s.metric:
                op = target.op
        levers = list(s.grid)
        x = levers[0]
        data = self.sweep.assign(_value=np.asarray(self.sweep[s.metric], dtype=np.float64))
        keys = [levers[1], x] if len(levers) > 1 else [x]
        means = data.groupby(keys)["_value"].mean()
        rows = []
        groups = means.groupby(level=0) if len(levers) > 1 else [(None, means)]
        for value, part in groups:
            xs = np.asarray(part.index.get_level_values(x), dtype=np.float64)
            met = _OPS[op](part.to_numpy(), s.level)
            first = f"{xs[np.argmax(met)]:g}" if met.any() else "not reached"
            rows.append(([f"{_cell(value)}"] if len(levers) > 1 else []) + [first])
        head = ([levers[1]] if len(levers) > 1 else []) + [
            f"first {x} with mean {s.metric} {op} {s.level:g}"
        ]
        return ("table", head, rows)

    def markdown(self) -> str:
        """The report as Markdown."""
        return _markdown(self._blocks())

    def html(self) -> str:
        """The report as a standalone HTML page."""
        return _html(self._blocks(), f"Design report: {self.file.title}")

    def write(self, directory: str | Path, format: str = "md") -> list[Path]:
        """Write ``report.<format>`` and the figures into the existing ``directory``.

        Returns the paths written, the report first.
        """
        from coop_sim.plot_design import save_figure

        if format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
        directory = Path(directory)
        text = self.markdown() if format == "md" else self.html()
        report = directory / f"report.{format}"
        report.write_text(text, encoding="utf-8")
        paths = [report]
        for name, fig in self.figures().items():
            paths.append(save_figure(fig, directory / name, dpi=110))
        return paths


def bracket_text(result: ThresholdResult) -> str:
    """``'(a, b]'`` -- the target fails at ``a`` and holds at ``b`` -- or why there is none.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> bracket_text(SimpleNamespace(bracket=(0.5, 0.75), value=0.75, method="simulation"))
    '(0.5, 0.75]'
    >>> bracket_text(SimpleNamespace(bracket=(3.0, 3.0), value=None, method="exact"))
    'none: not reached'
    """
    lo, hi = result.bracket
    if lo < hi:
        return f"({lo:.6g}, {hi:.6g}]"
    if result.value is None:
        return "none: not reached"
    if result.method == "closed-form":
        return "none: exact"
    return "none: holds at the bottom of the range"


def criterion_text(result: ThresholdResult) -> str:
    """When a threshold search counts the target as holding at a level, in words.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> criterion_text(SimpleNamespace(method="simulation", replicates=20))[:73]
    'the target holds at a level when it holds in at least half of the 20 runs'
    >>> criterion_text(SimpleNamespace(method="exact", replicates=1))
    'the stability condition on the pay-off matrix at each level (no population runs)'
    """
    if result.method == "simulation":
        return (
            f"the target holds at a level when it holds in at least half of the "
            f"{result.replicates} runs there (common random numbers at every level), not when "
            "the mean over the runs meets it"
        )
    if result.method == "deterministic":
        return "the target met by the one (deterministic) run at each level"
    if result.method == "exact":
        return "the stability condition on the pay-off matrix at each level (no population runs)"
    return "the closed-form stability condition (no population runs)"


def _threshold_figure(k: int) -> str:
    return "threshold.png" if k == 0 else f"threshold-{k + 1}.png"


def _cell(value: object) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):g}"
    return str(value)


def _stochastic(scenario: Scenario) -> bool:
    return scenario.dynamics.stochastic or scenario.rematching


def _spread(values: np.ndarray) -> str:
    if len(values) == 1:
        return f"{values[0]:.3f}"
    return f"{values.mean():.3f} ± {values.std(ddof=1):.3f}"


def _takeover(runs: Sequence[Outcome]) -> str:
    gens = [o.takeover_generation for o in runs]
    took = [g for g in gens if g is not None]
    if len(runs) == 1:
        return f"yes, from generation {took[0]}" if took else "no"
    text = f"{len(took)}/{len(runs)} runs"
    if took:
        text += f" (median generation {float(np.median(took)):g})"
    return text


# ----------------------------------------------------------------------------- rendering


def _md_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(blocks: list[tuple]) -> str:
    out = []
    for block in blocks:
        kind = block[0]
        if kind == "h1":
            out.append(f"# {block[1]}")
        elif kind == "h2":
            out.append(f"## {block[1]}")
        elif kind == "p":
            out.append(block[1])
        elif kind == "pre":
            out.append(f"```text\n{block[1]}\n```")
        elif kind == "table":
            head, rows = block[1], block[2]
            lines = ["| " + " | ".join(_md_cell(h) for h in head) + " |",
                     "|" + "|".join("---" for _ in head) + "|"]  # fmt: skip
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
            out.append("\n".join(lines))
        elif kind == "img":
            out.append(f"![{block[2]}]({block[1]})")
    return "\n\n".join(out) + "\n"


_CSS = (
    "body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;font-size:90%}th,td{border:1px solid #bbb;padding:.3em .5em;"
    "text-align:left;vertical-align:top}th{background:#eee}pre{background:#f6f6f6;padding:.6em}"
    "img{max-width:100%}"
)


def _inline(text: str) -> str:
    """HTML of a paragraph: escaped, with `code` spans."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if k % 2 else p for k, p in enumerate(parts))


def _html(blocks: list[tuple], title: str) -> str:
    body = []
    for block in blocks:
        kind = block[0]
        if kind in ("h1", "h2"):
            body.append(f"<{kind}>{html.escape(block[1])}</{kind}>")
        elif kind == "p":
            body.append(f"<p>{_inline(block[1])}</p>")
        elif kind == "pre":
            body.append(f"<pre>{html.escape(block[1])}</pre>")
        elif kind == "table":
            head = "".join(f"<th>{html.escape(str(h))}</th>" for h in block[1])
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                for row in block[2]
            )
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif kind == "img":
            body.append(f'<p><img src="{html.escape(block[1])}" alt="{html.escape(block[2])}"></p>')
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


# ----------------------------------------------------------------------------- running


def build_report(
    file: ScenarioFile | str | Path,
    *,
    replicates: int | None = None,
    seed: SeedLike = None,
    sweep: bool = True,
    progress: bool = False,
) -> Report:
    """Run the designs, thresholds and sweep of a scenario file.

    Parameters
    ----------
    file : ScenarioFile, str or pathlib.Path
        A loaded file or its path.
    replicates : int, optional
        Runs per design under stochastic dynamics (default: the file's ``[report]
        replicates``, 10).
    seed : int, optional
        Default: the file's ``seed``; neither draws fresh entropy (recorded in the report).
    sweep : bool
        Run the file's ``[sweep]`` grid (with its replicates and back end).
    progress : bool
        Show the sweep's progress bar.

    Returns
    -------
    Report

    Examples
    --------
    >>> from coop_sim.design.scenario_file import loads_scenario
    >>> f = loads_scenario('''
    ... [population]
    ... strategies = { tit_for_tat = 0.5, defector = 0.5 }
    ... [dynamics]
    ... kind = "replicator"
    ... generations = 30
    ... [interventions.shadow]
    ... continuation = 0.5
    ... [[designs]]
    ... name = "fine"
    ... [designs.fine_on_defection]
    ... amount = 3.0
    ... ''')
    >>> r = build_report(f, seed=1)
    >>> [(row["design"], row["game class"]) for row in r.rows()]
    [('base', 'prisoners dilemma'), ('fine', 'harmony')]
    >>> print(r.markdown().splitlines()[0])
    # Design report: scenario
    """
    from coop_sim import _validate
    from coop_sim.design.evaluate import evaluate_replicates

    if not isinstance(file, ScenarioFile):
        file = load_scenario(file)
    if replicates is None:
        replicates = file.replicates
    replicates = _validate.positive_int(replicates, "replicates")
    if seed is None:
        seed = file.seed
    key, recorded = seed_key(seed)
    seed = recorded if recorded is not None else key
    designs = []
    for name, scenario in file.all_designs:
        runs = evaluate_replicates(scenario, replicates if _stochastic(scenario) else 1, seed=seed)
        designs.append((name, scenario, runs))
    results = []
    if file.thresholds:
        from coop_sim.design.threshold import threshold

        for t in file.thresholds:
            results.append(threshold(file.scenario, t.lever, t.target, seed=seed, **t.kwargs()))
    table = None
    if sweep and file.sweep is not None:
        from coop_sim.sweep import sweep as run_sweep

        s = file.sweep
        table = run_sweep(
            file.scenario, s.grid, replicates=s.replicates, seed=seed, backend=s.backend,
            address=s.address, workers=s.workers, progress=progress,
        )  # fmt: skip
    return Report(file, tuple(designs), tuple(results), table, seed)


def write_report(
    file: ScenarioFile | str | Path,
    out: str | Path,
    *,
    format: str = "md",
    replicates: int | None = None,
    seed: SeedLike = None,
    progress: bool = False,
) -> list[Path]:
    """Build the report of ``file`` and write it to the new folder ``out``, all or nothing.

    ``out`` must not exist or be an empty folder; on any failure nothing is left behind.
    Returns the paths written (the report first).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from coop_sim.design.scenario_file import loads_scenario
    >>> f = loads_scenario('[population]\\nstrategies = ["tit_for_tat", "defector"]\\n'
    ...                    '[dynamics]\\nkind = "replicator"\\ngenerations = 10\\n')
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> [p.name for p in write_report(f, out, format="html", seed=1)]
    ['report.html', 'outcomes.png']
    """
    from coop_sim._output import write_directory

    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    report = build_report(file, replicates=replicates, seed=seed, progress=progress)
    written: list[Path] = []

    def write(tmp: Path) -> None:
        written.extend(p.name for p in report.write(tmp, format))

    write_directory(Path(out), write, name="out")
    return [Path(out) / name for name in written]
