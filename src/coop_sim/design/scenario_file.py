"""Scenario files: a population, a design, its alternatives, a sweep and a threshold in TOML.

:func:`load_scenario` reads and validates a file into a :class:`ScenarioFile`;
:func:`loads_scenario` does the same for a string; :func:`dump_scenario` writes one back
(``load -> dump -> load`` gives an equal object).

A full example (every table is optional except ``[population]``)::

    name = "Tourist office"              # a label for reports
    description = "Does a bonus make co-operation take over?"  # free text for reports
    seed = 1                             # int >= 0: evaluations, sweeps and thresholds
    takeover = 0.9                       # co-operators take over at this share, in (0, 1]

    [population]
    strategies = { tit_for_tat = 0.1, defector = 0.9 }   # name = initial share (sum 1),
    size = 100                           # or a list of names (equal shares); int >= 2

    [game]                               # before any intervention; defaults 3, 0, 5, 1
    R = 3
    S = 0
    T = 5
    P = 1

    [dynamics]                           # the fields of Dynamics (all optional)
    kind = "moran"                       # ecological, replicator, moran, fermi, spatial
    generations = 200                    # int >= 1
    intensity = 1.0                      # >= 0
    mutation = 0.0                       # in [0, 1]
    rounds = 50                          # rounds per generation (re-matching model)
    rule = "fermi"                       # spatial: imitate-best, fermi, proportional,
    neighbourhood = "moore"              #   death-birth; moore or von-neumann
    torus = true
    fitness = "exponential"              # or "linear"
    network = "lattice"                  # spatial: a lattice, or ba, regular, ws networks
    degree = 4                           #   a network's mean degree
    rewiring = 0.1                       #   ws: rewiring probability

    [interventions.shadow]               # one table per intervention, named by its key
    continuation = 0.95                  #   (fields as in the dataclasses)
    [interventions.turnover]
    rate = 0.05
    [interventions.bonus_cooperation]
    amount = 1.0

    [[designs]]                          # alternatives compared with the base in reports
    name = "no bonus"
    without = ["bonus_cooperation"]      # intervention keys dropped from the base
    [[designs]]
    name = "large bonus, longer ties"
    [designs.bonus_cooperation]          # replaces the base's bonus entirely
    amount = 2.0
    [designs.turnover]
    rate = 0.01

    [sweep]                              # coop-sim sweep and the report's sweep figure
    replicates = 4                       # int >= 1
    backend = "serial"                   # serial, processes or dask
    workers = 2                          # optional int >= 1 (processes, dask)
    # address = "tcp://host:8786"        # a Dask scheduler (with backend = "dask")
    metric = "cooperation"               # the figure's metric (a sweep table column)
    level = 0.8                          # optional: the heatmap's contour / line's level
    [sweep.grid]                         # lever = [values] or { start, stop, num }
    bonus_cooperation = { start = 0.0, stop = 2.0, num = 5 }
    turnover = [0.0, 0.05, 0.1]

    [threshold]                          # coop-sim threshold and the report (or several:
    lever = "bonus_cooperation"          #   [[threshold]] tables)
    target = "cooperation >= 0.8"        # see coop_sim.design.targets
    low = 0.0                            # optional search range
    high = 3.0
    replicates = 20                      # runs per level (simulated thresholds)
    method = "auto"                      # auto, closed-form, exact, deterministic,
    tolerance = 0.05                     #   simulation; optional final bracket width

    [report]
    replicates = 10                      # runs per design in reports (stochastic dynamics)

Intervention keys and their fields (:data:`~coop_sim.design.INTERVENTIONS`):
``fine_on_defection``, ``fine_on_exploitation``, ``bonus_cooperation``, ``compensation``
(``amount``); ``scale`` (``factor``); ``shadow`` (``continuation``, ``turns``,
``known_end``); ``turnover``, ``noise`` (``rate``); ``reputation`` (``record``); ``listing``
(``bonus``, ``encounters``, ``record``); ``assortment`` (``r``); ``teaching`` (``share``,
``strategy``).  Sweep levers are the names of :data:`~coop_sim.design.LEVERS` and
``"initial:<strategy>"`` (quote such keys: ``"initial:tit_for_tat" = [0.1, 0.2]``).

Validation
----------
Every problem raises one :class:`ValueError` naming the file, the key as a dotted path
(``interventions.turnover.rate``; array entries as ``designs[0]``, counting from 0), the
value and what is allowed, e.g. ``tourist.toml: interventions.turnover.rate must be a
probability in [0, 1], got 1.5``.  Unknown keys, anywhere, are errors (with the allowed
keys and the closest match, also for mistyped levers); a TOML syntax error names the line
and column.  A missing file raises :class:`FileNotFoundError`.  Each ``[threshold]`` table
is checked as the whole question :func:`~coop_sim.design.threshold.threshold` will ask
(:func:`~coop_sim.design.threshold.check_threshold` on the base scenario: lever, target
and method together), so ``coop-sim design check`` refuses what ``threshold`` and
``report`` would; ``sweep.level`` must lie in [0, 1] for rates and shares, and
``sweep.address`` must have the form ``tcp://host:port``.

Examples
--------
>>> text = '''
... name = "demo"
... [population]
... strategies = { tit_for_tat = 0.5, defector = 0.5 }
... [dynamics]
... kind = "replicator"
... generations = 50
... [interventions.shadow]
... continuation = 0.9
... [[designs]]
... name = "fined"
... [designs.fine_on_defection]
... amount = 1.0
... '''
>>> f = loads_scenario(text)
>>> f.scenario.shadow.continuation, [name for name, _ in f.all_designs]
(0.9, ['base', 'fined'])
>>> f.designs[0][1].game_after().as_tuple()
(3.0, 0.0, 4.0, 0.0)
>>> loads_scenario(text.replace("0.9", "1.5"))
Traceback (most recent call last):
...
ValueError: <string>: interventions.shadow.continuation must be a probability in [0, 1], got 1.5
"""

from __future__ import annotations

import difflib
import itertools
import json
import math
import numbers
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from coop_sim import _validate
from coop_sim.design.interventions import INTERVENTIONS, LEVERS, Intervention
from coop_sim.design.scenario import DYNAMICS, NETWORKS, Dynamics, Scenario, resolve_player
from coop_sim.design.targets import METRICS

__all__ = [
    "ScenarioFile",
    "SweepSettings",
    "ThresholdSettings",
    "dump_scenario",
    "lever_hint",
    "load_scenario",
    "loads_scenario",
]

#: Outcome columns a sweep figure can show (plus ``share:<strategy>``): the target metrics.
SWEEP_METRICS = METRICS
_TOP = ("name", "description", "seed", "takeover", "population", "game", "dynamics",
        "interventions", "designs", "sweep", "threshold", "report")  # fmt: skip
_POPULATION = ("strategies", "size")
_GAME = ("R", "S", "T", "P")
_DESIGN = ("name", "description", "without")
_SWEEP = ("grid", "replicates", "backend", "workers", "address", "metric", "level")
_THRESHOLD = ("lever", "target", "low", "high", "replicates", "method", "tolerance")
_REPORT = ("replicates",)
_RANGE = ("start", "stop", "num")
_REPORT_REPLICATES = 10
_THRESHOLD_REPLICATES = 20
#: Most cells a file's sweep grid may have (a guard against a typo'd ``num``).
MAX_CELLS = 1_000_000
_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


# ----------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class SweepSettings:
    """The ``[sweep]`` table: what :func:`coop_sim.sweep.sweep` runs.

    Attributes
    ----------
    grid : dict
        Lever name -> tuple of values (validated against the base scenario).
    replicates : int
        Runs per cell.
    backend : {'serial', 'processes', 'dask'}
    workers : int or None
    address : str or None
        A Dask scheduler address (``tcp://...``); None starts a LocalCluster.
    metric : str
        The outcome column the sweep figures show.
    level : float or None
        The heatmap's contour level / the line plot's horizontal line.
    """

    grid: dict
    replicates: int = 1
    backend: str = "serial"
    workers: int | None = None
    address: str | None = None
    metric: str = "cooperation"
    level: float | None = None

    @property
    def cells(self) -> int:
        """Number of cells of the grid."""
        return math.prod(len(v) for v in self.grid.values())


@dataclass(frozen=True)
class ThresholdSettings:
    """A ``[threshold]`` table: the arguments of :func:`coop_sim.design.threshold.threshold`."""

    lever: str
    target: str
    low: float | None = None
    high: float | None = None
    replicates: int = _THRESHOLD_REPLICATES
    method: str = "auto"
    tolerance: float | None = None

    def kwargs(self) -> dict:
        """Keyword arguments of :func:`~coop_sim.design.threshold.threshold` (bar ``seed``)."""
        return {
            "low": self.low, "high": self.high, "replicates": self.replicates,
            "method": self.method, "tolerance": self.tolerance,
        }  # fmt: skip


@dataclass(frozen=True)
class ScenarioFile:
    """A validated scenario file.

    Attributes
    ----------
    scenario : Scenario
        The base design.
    designs : tuple of (str, Scenario)
        The ``[[designs]]``, each applied on top of the base.
    sweep : SweepSettings or None
    thresholds : tuple of ThresholdSettings
        The ``[threshold]`` table (or ``[[threshold]]`` tables).
    seed : int or None
    replicates : int
        Runs per design in reports (``[report] replicates``).
    description : str
    path : pathlib.Path or None
        Where the file was read from.
    """

    scenario: Scenario
    designs: tuple[tuple[str, Scenario], ...] = ()
    sweep: SweepSettings | None = None
    thresholds: tuple[ThresholdSettings, ...] = ()
    seed: int | None = None
    replicates: int = _REPORT_REPLICATES
    description: str = ""
    path: Path | None = None

    @property
    def all_designs(self) -> tuple[tuple[str, Scenario], ...]:
        """``('base', scenario)`` followed by the designs."""
        return (("base", self.scenario), *self.designs)

    @property
    def threshold(self) -> ThresholdSettings | None:
        """The first threshold table, or None."""
        return self.thresholds[0] if self.thresholds else None

    @property
    def title(self) -> str:
        """The scenario's name, else the file's stem, else ``'scenario'``."""
        if self.scenario.name:
            return self.scenario.name
        return self.path.stem if self.path is not None else "scenario"


# ----------------------------------------------------------------------------- errors


def _key(*parts: object) -> str:
    """A dotted TOML key path; ints are array indices, odd names are quoted."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = str(part)
        text = text if _BARE.match(text) else json.dumps(text, ensure_ascii=False)
        out += f".{text}" if out else text
    return out


class _Checker:
    """Raises the one ValueError of a bad file: ``'<file>: <key> <problem>'``."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, message: str) -> NoReturn:
        gap = " " if key and not message.startswith(":") else ""
        raise ValueError(f"{self.source}: {key}{gap}{message}")

    def bad(self, key: str, value: object, error: Exception) -> NoReturn:
        """Re-raise a validation error about ``key`` with the file and the key path."""
        text = str(error)
        at = text.find(" must be ")
        if 0 <= at <= 40:  # "<parameter> must be <range>, got <value>": name the key instead
            message = text[at + 1 :]
        else:
            message = f": {text}"
        if repr(value) not in message and "got" not in message:
            message += f" (got {value!r})"
        self.fail(key, message)

    def keys(self, table: Mapping, allowed: tuple[str, ...] | list[str], *path: object) -> None:
        for name in table:
            if name not in allowed:
                close = difflib.get_close_matches(str(name), list(allowed), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                where = f"[{_key(*path)}]" if path else "the top level"
                self.fail(
                    "",
                    f"unknown key {_key(*path, name)} = {_toml_short(table[name])}; the keys "
                    f"allowed at {where} are {', '.join(allowed)}{hint}",
                )

    def table(self, value: object, *path: object) -> Mapping:
        if not isinstance(value, Mapping):
            self.fail(_key(*path), f"must be a table, got {_short(value)}")
        return value

    def text(self, value: object, *path: object) -> str:
        if not isinstance(value, str):
            self.fail(_key(*path), f"must be a string, got {_short(value)}")
        return value

    def check(self, func, value: object, *path: object) -> Any:
        """``func(value)``; its ValueError/TypeError re-raised for the key ``path``."""
        try:
            return func(value)
        except (ValueError, TypeError) as error:
            problem = error
        self.bad(_key(*path), value, problem)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _toml_short(value: object) -> str:
    """``value`` as TOML (``{ rate = 0.05 }``, not a Python dict), shortened."""
    try:
        text = _toml_value(value)
    except TypeError:  # e.g. a TOML date: no TOML writer here
        text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def lever_hint(name: object) -> str:
    """``"; did you mean 'x'?"`` for a mistyped lever name (or ``""``).

    Close spellings first, then levers that contain ``name`` (``bonus`` ->
    ``bonus_cooperation``).

    Examples
    --------
    >>> lever_hint("turnovr")
    "; did you mean 'turnover'?"
    >>> lever_hint("bonus")
    "; did you mean 'bonus_cooperation' or 'listing_bonus'?"
    >>> lever_hint("zzz")
    ''
    """
    if not isinstance(name, str) or not name:
        return ""
    names = list(LEVERS)
    close = difflib.get_close_matches(name, names, n=2, cutoff=0.7)
    if not close:
        close = [n for n in names if name.lower() in n][:3]
    if not close:
        close = difflib.get_close_matches(name, names, n=1)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(n) for n in close) + "?"


# ----------------------------------------------------------------------------- loading


def load_scenario(path: str | Path) -> ScenarioFile:
    """Read and validate a scenario file.

    Parameters
    ----------
    path : str or pathlib.Path
        A TOML file in the schema of the module notes.

    Returns
    -------
    ScenarioFile

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        For a TOML syntax error or any invalid key or value (one message naming the file,
        the key, the value and the allowed range).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.toml"
    >>> _ = p.write_text('[population]\\nstrategies = ["tit_for_tat", "defector"]\\n')
    >>> load_scenario(p).scenario.initial
    (0.5, 0.5)
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"scenario file {str(path)!r} does not exist")
    if path.is_dir():
        raise IsADirectoryError(f"scenario file {str(path)!r} is a directory, not a TOML file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not a UTF-8 text file ({error.reason})") from None
    return replace(loads_scenario(text, source=str(path)), path=path)


def loads_scenario(text: str, *, source: str = "<string>") -> ScenarioFile:
    """Validate the TOML ``text`` of a scenario file (``source`` names it in errors).

    Examples
    --------
    >>> loads_scenario('[population]\\nstrategies = ["tit_for_tat", "defector"]\\nsize = 1')
    Traceback (most recent call last):
    ...
    ValueError: <string>: population.size must be an int >= 2, got 1
    """
    c = _Checker(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source}: invalid TOML: {error}") from None
    c.keys(data, _TOP)
    if "population" not in data:
        c.fail("", "needs a [population] table with strategies = { name = share, ... }")
    name = c.text(data.get("name", ""), "name")
    description = c.text(data.get("description", ""), "description")
    seed = None
    if "seed" in data:
        seed = c.check(lambda v: _validate.int_in(v, "seed", 0, 2**63 - 1), data["seed"], "seed")
    takeover = data.get("takeover", 0.9)  # validated by Scenario (the error names the key)
    names, shares, size = _population(c, data["population"])
    game = _game(c, data.get("game", {}))
    dynamics = _dynamics(c, data.get("dynamics", {}))
    interventions = _intervention_tables(c, data.get("interventions", {}), ("interventions",))
    base = _scenario(
        c, dict(strategies=dict(zip(names, shares, strict=True)), population=size, game=game,
                interventions=list(interventions.values()), dynamics=dynamics,
                takeover=takeover, name=name),
        "",
    )  # fmt: skip
    designs = _designs(c, data.get("designs", []), base)
    sweep = _sweep(c, data["sweep"], base) if "sweep" in data else None
    thresholds = _thresholds(c, data.get("threshold", []), base)
    if sweep is not None and "level" not in data["sweep"] and thresholds:
        target = _metric_target(thresholds[0].target)
        if target is not None and target.metric == sweep.metric:
            sweep = replace(sweep, level=target.value)
    replicates = _REPORT_REPLICATES
    if "report" in data:
        report = c.table(data["report"], "report")
        c.keys(report, _REPORT, "report")
        if "replicates" in report:
            replicates = c.check(_replicates, report["replicates"], "report", "replicates")
    return ScenarioFile(base, designs, sweep, thresholds, seed, replicates, description, None)


def _replicates(value: object) -> int:
    return _validate.positive_int(value, "replicates")


def _population(c: _Checker, value: object) -> tuple[tuple[str, ...], tuple[float, ...], int]:
    table = c.table(value, "population")
    c.keys(table, _POPULATION, "population")
    if "strategies" not in table:
        c.fail("population.strategies", "is missing: give { name = share, ... } or [names]")
    strategies = table["strategies"]
    if isinstance(strategies, Mapping):
        names = tuple(strategies)
        for nm in names:
            c.check(resolve_player, nm, "population", "strategies", nm)
            c.check(lambda v, nm=nm: _validate.probability(v, "share"), strategies[nm],
                    "population", "strategies", nm)  # fmt: skip
        shares = tuple(float(x) for x in strategies.values())
        if len(names) >= 2 and not math.isclose(sum(shares), 1.0, abs_tol=1e-9):
            c.fail(
                "population.strategies",
                f": shares must sum to 1, got {sum(shares):.10g} "
                f"({', '.join(f'{n} = {x:g}' for n, x in zip(names, shares, strict=True))})",
            )
    elif isinstance(strategies, list):
        names = tuple(strategies)
        for i, nm in enumerate(names):
            c.check(resolve_player, nm, "population", "strategies", i)
        shares = tuple(1.0 / len(names) for _ in names) if names else ()
    else:
        c.fail(
            "population.strategies",
            f"must be a table {{ name = share, ... }} or a list of names, got {_short(strategies)}",
        )
    if len(names) < 2:
        c.fail("population.strategies", f"must name at least 2 strategies, got {list(names)}")
    if len(set(names)) != len(names):
        c.fail("population.strategies", f"must name each strategy once, got {list(names)}")
    size = 100
    if "size" in table:
        size = c.check(lambda v: _validate.positive_int(v, "size", 2), table["size"],
                       "population", "size")  # fmt: skip
    return names, shares, size


def _game(c: _Checker, value: object) -> tuple[float, ...]:
    table = c.table(value, "game")
    c.keys(table, _GAME, "game")
    defaults = dict(zip(_GAME, (3.0, 0.0, 5.0, 1.0), strict=True))
    out = []
    for k in _GAME:
        v = table.get(k, defaults[k])
        x = c.check(lambda v, k=k: _validate.real(v, k), v, "game", k)
        if not math.isfinite(x):
            c.fail(_key("game", k), f"must be a finite real number, got {v!r}")
        out.append(x)
    return tuple(out)


def _dynamics(c: _Checker, value: object) -> Dynamics:
    table = c.table(value, "dynamics")
    allowed = [f.name for f in fields(Dynamics)]
    c.keys(table, allowed, "dynamics")
    for k, v in table.items():
        context = _dynamics_context(table, k)
        c.check(lambda v, k=k, context=context: Dynamics(**context, **{k: v}), v, "dynamics", k)
    return c.check(lambda t: Dynamics(**t), dict(table), "dynamics")


def _dynamics_context(table: Mapping, key: str) -> dict:
    """The file's (valid) ``kind`` and ``network`` that a key's check needs as context: a
    network needs the spatial kind, and degree or rewiring need a network."""
    context = {}
    kind, network = table.get("kind"), table.get("network")
    if key != "kind" and isinstance(kind, str) and kind in DYNAMICS:
        context["kind"] = kind
    if key not in ("kind", "network") and context.get("kind") == "spatial":
        if isinstance(network, str) and network in NETWORKS:
            context["network"] = network
    return context


def _intervention_tables(c: _Checker, value: object, path: tuple) -> dict[str, Intervention]:
    table = c.table(value, *path)
    c.keys(table, tuple(INTERVENTIONS), *path)
    return {key: _intervention(c, key, table[key], (*path, key)) for key in table}


def _intervention(c: _Checker, key: str, value: object, path: tuple) -> Intervention:
    cls = INTERVENTIONS[key]
    table = c.table(value, *path)
    c.keys(table, [f.name for f in fields(cls)], *path)
    for k, v in table.items():
        c.check(lambda v, k=k: cls(**{k: v}), v, *path, k)
    return c.check(lambda t: cls(**t), dict(table), *path)


#: Where a scenario-wide check points, by the start of its message.
_SCENARIO_KEYS = (
    ("takeover", ("takeover",)),
    ("population must be", ("population", "size")),
    ("teaching strategy", ("interventions", "teaching", "strategy")),
    ("discriminators read", ("population", "strategies")),
    ("discriminators need", ("dynamics", "kind")),
    ("reputation", ("dynamics", "kind")),
    ("listing", ("dynamics", "kind")),
    ("turnover is not modelled", ("interventions", "turnover")),
    ("assortment is not modelled", ("interventions", "assortment")),
    ("known_end", ("interventions", "shadow", "known_end")),
)


def _scenario(c: _Checker, kwargs: dict, where: str) -> Scenario:
    """The Scenario; a cross-field error names the key it points at (under ``where``)."""
    try:
        return Scenario(**kwargs)
    except (ValueError, TypeError) as error:
        text = str(error)
        path: tuple = ()
        for start, at in _SCENARIO_KEYS:
            if text.startswith(start):
                path = at
                break
        key = _key(*path)
        if where:
            key = f"{where}.{key}" if key else where
        own = f"{path[-1]} must be " if path else None
        if own and text.startswith(own):  # "<field> must be ...": the key names the field
            c.fail(key, text[len(path[-1]) + 1 :])
        prefix = f"{key}: " if key else ""
        c.fail("", f"{prefix}{text}")


def _designs(c: _Checker, value: object, base: Scenario) -> tuple[tuple[str, Scenario], ...]:
    if not isinstance(value, list):
        c.fail("designs", f"must be an array of tables ([[designs]]), got {_short(value)}")
    out: list[tuple[str, Scenario]] = []
    for i, entry in enumerate(value):
        table = c.table(entry, "designs", i)
        c.keys(table, (*_DESIGN, *INTERVENTIONS), "designs", i)
        if "name" not in table:
            c.fail(_key("designs", i, "name"), "is missing: every design needs a name")
        name = c.text(table["name"], "designs", i, "name").strip()
        if not name or name == "base" or name in [n for n, _ in out]:
            c.fail(
                _key("designs", i, "name"),
                f"must be a unique non-empty name other than 'base', got {table['name']!r}",
            )
        c.text(table.get("description", ""), "designs", i, "description")
        without = table.get("without", [])
        if not isinstance(without, list):
            c.fail(_key("designs", i, "without"), f"must be a list of intervention keys, "
                   f"got {_short(without)}")  # fmt: skip
        for k, key in enumerate(without):
            if key not in INTERVENTIONS:
                c.fail(
                    _key("designs", i, "without", k),
                    f"must be an intervention key ({', '.join(INTERVENTIONS)}), got {key!r}",
                )
            if base.intervention(key) is None:
                c.fail(
                    _key("designs", i, "without", k),
                    f"names {key!r}, which the base scenario does not have (it has "
                    f"{', '.join(iv.key for iv in base.interventions) or 'none'})",
                )
        ivs = {
            key: _intervention(c, key, table[key], ("designs", i, key))
            for key in table
            if key in INTERVENTIONS
        }
        clash = sorted(set(ivs) & set(without))
        if clash:
            c.fail(_key("designs", i, "without"), f"drops {', '.join(clash)} and sets it too")
        kept = [iv for iv in base.interventions if iv.key not in without and iv.key not in ivs]
        design = _scenario(
            c, dict(strategies=dict(zip(base.strategies, base.initial, strict=True)),
                    population=base.population, game=base.game,
                    interventions=kept + list(ivs.values()), dynamics=base.dynamics,
                    takeover=base.takeover, name=name),
            _key("designs", i),
        )  # fmt: skip
        out.append((name, design))
    return tuple(out)


def _lever_value(base: Scenario, lever: str, value: object) -> object:
    """``value`` checked for ``lever`` on ``base`` (the lever's own type)."""
    if isinstance(value, float) and not lever.startswith("initial:"):
        spec = LEVERS[lever]
        if spec.kind == "int" and value.is_integer():
            value = int(value)
    return base.with_levers(**{lever: value}).lever(lever)


def _lever_name(c: _Checker, base: Scenario, lever: object, *path: object) -> str:
    c.text(lever, *path)
    try:
        base.lever(lever)
    except (ValueError, TypeError) as error:
        hint = "" if lever.startswith("initial:") else lever_hint(lever)
        c.fail(_key(*path), f"= {lever!r}: {error}{hint}")
    return lever


def _grid_values(c: _Checker, spec: object, path: tuple) -> list:
    if isinstance(spec, list):
        return spec
    if isinstance(spec, Mapping):
        c.keys(spec, _RANGE, *path)
        missing = [k for k in _RANGE if k not in spec]
        if missing:
            c.fail(_key(*path), f"needs start, stop and num, missing {', '.join(missing)}")
        start = c.check(lambda v: _validate.real(v, "start"), spec["start"], *path, "start")
        stop = c.check(lambda v: _validate.real(v, "stop"), spec["stop"], *path, "stop")
        num = c.check(lambda v: _validate.positive_int(v, "num"), spec["num"], *path, "num")
        if num > MAX_CELLS:
            c.fail(_key(*path, "num"), f"must be an int <= {MAX_CELLS}, got {num}")
        if num == 1:
            return [start]
        values = np.linspace(start, stop, num)
        return [float(round(x, 12)) for x in values]
    c.fail(_key(*path), f"must be a list of values or {{ start, stop, num }}, got {_short(spec)}")


def _sweep(c: _Checker, value: object, base: Scenario) -> SweepSettings:
    table = c.table(value, "sweep")
    c.keys(table, _SWEEP, "sweep")
    if "grid" not in table:
        c.fail("sweep.grid", "is missing: give lever = [values] or { start, stop, num }")
    grid_table = c.table(table["grid"], "sweep", "grid")
    if not grid_table:
        c.fail("sweep.grid", "must name at least one lever")
    grid: dict[str, tuple] = {}
    for lever, spec in grid_table.items():
        path = ("sweep", "grid", lever)
        _lever_name(c, base, lever, *path)
        raw = _grid_values(c, spec, path)
        if not raw:
            c.fail(_key(*path), "must list at least one value, got []")
        values = []
        for k, v in enumerate(raw):
            where = (*path, k) if isinstance(spec, list) else path
            values.append(c.check(lambda v, lever=lever: _lever_value(base, lever, v), v, *where))
        if len(set(values)) != len(values):
            c.fail(_key(*path), f"must not repeat values, got {values}")
        grid[lever] = tuple(values)
    replicates = c.check(_replicates, table.get("replicates", 1), "sweep", "replicates")
    backend = table.get("backend", "serial")
    from coop_sim.sweep import BACKENDS

    if backend not in BACKENDS:
        c.fail("sweep.backend", f"must be one of {', '.join(BACKENDS)}, got {_short(backend)}")
    workers = None
    if "workers" in table:
        workers = c.check(lambda v: _validate.positive_int(v, "workers"), table["workers"],
                          "sweep", "workers")  # fmt: skip
    address = None
    if "address" in table:
        from coop_sim.sweep import check_address

        address = c.text(table["address"], "sweep", "address")
        if backend != "dask":
            c.fail("sweep.address", f'needs backend = "dask", got backend = {backend!r}')
        c.check(check_address, address, "sweep", "address")
    metric = c.text(table.get("metric", "cooperation"), "sweep", "metric")
    if metric not in SWEEP_METRICS and not (
        metric.startswith("share:") and metric[6:] in base.strategies
    ):
        shares = ", ".join(f"share:{nm}" for nm in base.strategies)
        c.fail("sweep.metric", f"must be one of {', '.join(SWEEP_METRICS)}, {shares}; "
               f"got {metric!r}")  # fmt: skip
    level = None
    if "level" in table:
        level = c.check(lambda v: _validate.real(v, "level"), table["level"], "sweep", "level")
        if not math.isfinite(level):
            c.fail("sweep.level", f"must be a finite real number, got {table['level']!r}")
        if is_rate(metric) and not 0.0 <= level <= 1.0:
            c.fail("sweep.level", f"must be in [0, 1] for the metric {metric!r} (a rate or "
                   f"share), got {table['level']!r}")  # fmt: skip
    settings = SweepSettings(grid, replicates, backend, workers, address, metric, level)
    if settings.cells > MAX_CELLS:
        c.fail("sweep.grid", f"has {settings.cells} cells; at most {MAX_CELLS} are allowed")
    if len(grid) > 1:  # each value passed alone; levers can also clash jointly
        _check_cells(c, base, grid)
    return settings


def is_rate(metric: str) -> bool:
    """True for the metrics that are rates or shares in [0, 1] (``cooperation``,
    ``mean_cooperation``, ``takeover``, ``share:<strategy>``); welfare is not.

    Examples
    --------
    >>> is_rate("share:tit_for_tat"), is_rate("welfare")
    (True, False)
    """
    return metric in ("cooperation", "mean_cooperation", "takeover") or metric.startswith("share:")


def _check_cells(c: _Checker, base: Scenario, grid: dict[str, tuple]) -> None:
    """Every cell of the grid is a valid scenario (what :func:`coop_sim.sweep.sweep` runs)."""
    for combo in itertools.product(*grid.values()):
        cell = dict(zip(grid, combo, strict=True))
        try:
            base.with_levers(**cell)
        except (ValueError, TypeError) as error:
            problem = error
        else:
            continue
        what = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in cell.items())
        c.fail("sweep.grid", f": the cell {{ {what} }} is not a valid scenario: {problem}")


def _metric_target(text: str):
    from coop_sim.design.targets import parse_target

    target = parse_target(text)
    return None if target.stability else target


def _thresholds(c: _Checker, value: object, base: Scenario) -> tuple[ThresholdSettings, ...]:
    from coop_sim.design.targets import parse_target
    from coop_sim.design.threshold import METHODS

    tables = value if isinstance(value, list) else [value]
    out = []
    for i, entry in enumerate(tables):
        path = ("threshold", i) if isinstance(value, list) else ("threshold",)
        table = c.table(entry, *path)
        c.keys(table, _THRESHOLD, *path)
        for k in ("lever", "target"):
            if k not in table:
                c.fail(_key(*path, k), "is missing: a threshold needs a lever and a target")
        lever = _lever_name(c, base, table["lever"], *path, "lever")
        if not lever.startswith("initial:") and LEVERS[lever].kind == "bool":
            c.fail(_key(*path, "lever"), f"must be a numeric lever, got {lever!r} (true/false)")
        text = c.text(table["target"], *path, "target")

        def check_target(t: str) -> str:
            target = parse_target(t)
            target.check(base.strategies)
            return target.text

        target = c.check(check_target, text, *path, "target")
        bounds = {}
        for k in ("low", "high"):
            if k in table:
                bounds[k] = c.check(
                    lambda v, lv=lever: _lever_value(base, lv, v), table[k], *path, k
                )
        if "low" in bounds and "high" in bounds and not bounds["low"] < bounds["high"]:
            c.fail(_key(*path), f"needs low < high, got low = {bounds['low']!r}, "
                   f"high = {bounds['high']!r}")  # fmt: skip
        replicates = c.check(_replicates, table.get("replicates", _THRESHOLD_REPLICATES),
                             *path, "replicates")  # fmt: skip
        method = table.get("method", "auto")
        if method not in METHODS:
            c.fail(_key(*path, "method"), f"must be one of {', '.join(METHODS)}, "
                   f"got {_short(method)}")  # fmt: skip
        tolerance = None
        if "tolerance" in table:
            tolerance = c.check(lambda v: _validate.positive_real(v, "tolerance"),
                                table["tolerance"], *path, "tolerance")  # fmt: skip
        settings = ThresholdSettings(lever, target, bounds.get("low"), bounds.get("high"),
                                     replicates, method, tolerance)  # fmt: skip
        _check_threshold(c, base, settings, table, path)
        out.append(settings)
    return tuple(out)


#: Which key of a [threshold] table an error of check_threshold points at, by its words.
_THRESHOLD_WORDS = (
    ("tolerance", "tolerance"),
    ("replicates", "replicates"),
    ("method", "method"),
    ("threshold over population", "lever"),
    ("lever", "lever"),
    ("target", "target"),
)


def threshold_error_key(text: str) -> tuple[str | None, str]:
    """Which setting of a threshold question an error of
    :func:`~coop_sim.design.threshold.check_threshold` is about, and its text without a
    ``"low: "``/``"high: "`` prefix: ``('low' | 'high' | 'range' | 'method' | 'lever' |
    'target' | 'replicates' | 'tolerance' | None, text)`` (``'range'``: low >= high).

    Examples
    --------
    >>> threshold_error_key("high: noise must be a probability in [0, 0.5], got 1.5")
    ('high', 'noise must be a probability in [0, 0.5], got 1.5')
    >>> threshold_error_key("method='closed-form' needs a 'resists' target, got 'takeover'")[0]
    'method'
    """
    for name in ("low", "high"):
        if text.startswith(f"{name}: "):
            return name, text[len(name) + 2 :]
    if text.startswith("low must be < high"):
        return "range", text
    return next((k for words, k in _THRESHOLD_WORDS if words in text), None), text


def _check_threshold(
    c: _Checker, base: Scenario, t: ThresholdSettings, table: Mapping, path: tuple
) -> None:
    """The whole question, as :func:`~coop_sim.design.threshold.threshold` will ask it
    (lever, target and method together), checked now rather than when it runs."""
    from coop_sim.design.threshold import check_threshold

    try:
        check_threshold(base, t.lever, t.target, **t.kwargs())
    except (ValueError, TypeError) as error:
        problem = error
    else:
        return
    text = str(problem)
    key, rest = threshold_error_key(text)
    if key in ("low", "high") and rest != text:  # "high: <lever> must be ...": the bound
        c.bad(_key(*path, key), table.get(key), type(problem)(rest))
    if key == "range":  # "low must be < high": one end may be the lever's default
        given = [k for k in ("low", "high") if k in table]
        key = given[0] if len(given) == 1 else "low"
        c.fail(
            _key(*path, key),
            f"= {_toml_short(table.get(key))}: {text} (the default range of {t.lever} is used "
            "for the end not given)",
        )
    where = _key(*path, key) if key is not None else _key(*path)
    value = table.get(key) if key is not None else None
    if key is not None and text.startswith(f"{key} must be "):
        c.bad(where, value, problem)
    c.fail(where, f"= {_toml_short(value)}: {text}" if value is not None else f": {text}")


# ----------------------------------------------------------------------------- writing


def _toml_key(name: str) -> str:
    return name if _BARE.match(name) else _toml_string(name)


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return repr(x)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {value!r} to TOML")


def _assignments(table: Mapping) -> list[str]:
    return [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in table.items() if v is not None]


def _intervention_lines(iv: Intervention, header: str) -> list[str]:
    return [f"[{header}]", *_assignments(iv.to_dict())]


def dump_scenario(scenario: Scenario | ScenarioFile) -> str:
    """TOML text of a scenario (or a whole scenario file) that :func:`loads_scenario` reads
    back into an equal object.

    Parameters
    ----------
    scenario : Scenario or ScenarioFile
        A scenario (written as the base of a file) or a loaded file (with its designs,
        sweep, thresholds, seed and report settings).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If a design differs from the base in more than its interventions (the schema's
        designs change interventions only).

    Examples
    --------
    >>> from coop_sim.design import Scenario, Dynamics, Turnover
    >>> s = Scenario({"tit_for_tat": 0.1, "defector": 0.9}, population=20,
    ...              interventions=[Turnover(0.05)], dynamics=Dynamics("moran", generations=30))
    >>> text = dump_scenario(s)
    >>> print(text.split("[game]")[0].strip())
    name = ""
    takeover = 0.9
    <BLANKLINE>
    [population]
    strategies = { tit_for_tat = 0.1, defector = 0.9 }
    size = 20
    >>> loads_scenario(text).scenario == s
    True
    """
    if isinstance(scenario, ScenarioFile):
        file = scenario
    elif isinstance(scenario, Scenario):
        file = ScenarioFile(scenario)
    else:
        raise TypeError(f"scenario must be a Scenario or a ScenarioFile, got {scenario!r}")
    base = file.scenario
    top: dict[str, object] = {"name": base.name}
    if file.description:
        top["description"] = file.description
    if file.seed is not None:
        top["seed"] = file.seed
    top["takeover"] = base.takeover
    blocks = [_assignments(top)]
    blocks.append([
        "[population]",
        f"strategies = {_toml_value(dict(zip(base.strategies, base.initial, strict=True)))}",
        f"size = {base.population}",
    ])  # fmt: skip
    blocks.append(["[game]", *_assignments(dict(zip(_GAME, base.game.as_tuple(), strict=True)))])
    blocks.append(["[dynamics]", *_assignments(base.dynamics.to_dict())])
    for iv in base.interventions:
        blocks.append(_intervention_lines(iv, f"interventions.{iv.key}"))
    for name, design in file.designs:
        blocks.extend(_design_blocks(base, name, design))
    if file.sweep is not None:
        s = file.sweep
        head = {"replicates": s.replicates, "backend": s.backend, "workers": s.workers,
                "address": s.address, "metric": s.metric, "level": s.level}  # fmt: skip
        grid = {lever: list(values) for lever, values in s.grid.items()}
        blocks.append(["[sweep]", *_assignments(head)])
        blocks.append(["[sweep.grid]", *_assignments(grid)])
    many = len(file.thresholds) > 1
    for t in file.thresholds:
        table = {"lever": t.lever, "target": t.target, **t.kwargs()}
        blocks.append(["[[threshold]]" if many else "[threshold]", *_assignments(table)])
    if file.replicates != _REPORT_REPLICATES:
        blocks.append(["[report]", f"replicates = {file.replicates}"])
    return "\n\n".join("\n".join(b) for b in blocks) + "\n"


def _design_blocks(base: Scenario, name: str, design: Scenario) -> list[list[str]]:
    same = ("strategies", "initial", "population", "game", "dynamics", "takeover")
    for f in same:
        if getattr(design, f) != getattr(base, f):
            raise ValueError(
                f"design {name!r} changes {f}; scenario-file designs change interventions only"
            )
    keys = {iv.key for iv in design.interventions}
    without = [iv.key for iv in base.interventions if iv.key not in keys]
    changed = [iv for iv in design.interventions if base.intervention(iv.key) != iv]
    head = {"name": name}
    if without:
        head["without"] = without
    blocks = [["[[designs]]", *_assignments(head)]]
    for iv in changed:
        blocks.append(_intervention_lines(iv, f"designs.{iv.key}"))
    return blocks
