"""Thresholds: the smallest lever level at which a design reaches its target.

:func:`threshold` answers "from what level on?" in one of four ways (``method='auto'``
picks the first that applies):

``'closed-form'``
    Tit for Tat resisting Defector and/or Alternator in discounted matches without noise,
    for the levers fine_on_defection, fine_on_exploitation, bonus_cooperation, compensation
    and continuation.  Per-round pay-offs with continuation ``w``: Defector against TFT gets
    ``(1 - w) T + w P``; Alternator gets ``R, T, S, T, S, ...``, i.e.
    ``(1 - w) R + w (T + w S) / (1 + w)``; TFT resists when ``R`` exceeds both, which gives
    Axelrod's (1984) ``w >= (T - R) / (T - P)`` and ``w >= (T - R) / (R - S)``, and, for a
    fine ``f`` on every defection (``T - f``, ``P - f``),
    ``f >= (1 - w) T + w P - R`` (Defector) and ``f >= T + w S - (1 + w) R`` (Alternator).
``'exact'``
    Any ``resists`` target: the stability margin (see :mod:`~coop_sim.design.targets`) on the
    exact pay-off matrix, located by a scan and refined by bisection to ``tolerance``.
``'deterministic'``
    A metric target under the ecological or replicator dynamics: a scan for the first level
    where the target holds, refined by bisection.
``'simulation'``
    A metric target under a stochastic dynamics: at each level ``replicates`` runs with
    common random numbers (the same seed at every level); the target *holds* at a level when
    it holds in at least half of the runs; scan, then bisection.  The result states the
    bracket and the Wilson 95% intervals of the share of runs meeting the target at its ends.

The search assumes the target flips once in ``[low, high]`` (from not holding to holding);
a target that flips back within one scan step can be missed.  ``value`` is None when the
target is not reached in ``[low, high]``, and ``low`` when it already holds there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from coop_sim import _validate
from coop_sim._seeding import SeedLike, seed_key
from coop_sim.design.evaluate import evaluate_replicates, payoff_tables, tables_are_exact
from coop_sim.design.interventions import LEVERS, transform_game
from coop_sim.design.scenario import Scenario
from coop_sim.design.targets import TIE, Target, parse_target

__all__ = ["METHODS", "ThresholdResult", "check_threshold", "closed_form_threshold", "threshold"]

METHODS = ("auto", "closed-form", "exact", "deterministic", "simulation")
_CLOSED_LEVERS = (
    "fine_on_defection", "fine_on_exploitation", "bonus_cooperation", "compensation",
    "continuation",
)  # fmt: skip
_SCAN = {"exact": 33, "deterministic": 33, "simulation": 9}


@dataclass(frozen=True)
class ThresholdResult:
    """Where a target starts to hold.

    Attributes
    ----------
    lever, target : str
        What was varied and what was asked.
    value : float or None
        The threshold (None: not reached in ``[low, high]``).
    method : str
        'closed-form', 'exact', 'deterministic' or 'simulation'.
    bracket : (float, float)
        The target fails at ``bracket[0]`` and holds at ``bracket[1]`` (both ``low`` when
        it holds at ``low``; both ``high`` when it is never reached).
    low, high : float
        The range searched.
    statement : str
        One sentence for reports, with the confidence of a simulated threshold.
    closed_form : float or None
        The closed-form value when one applies (also reported beside the other methods).
    evaluations : tuple of (level, estimate, holds)
        Every level evaluated: the stability margin, the metric, or the share of runs
        meeting the target.
    replicates : int
        Runs per level (simulation).
    seed : int or None
        The recorded seed.
    """

    lever: str
    target: str
    value: float | None
    method: str
    bracket: tuple[float, float]
    low: float
    high: float
    statement: str
    closed_form: float | None = None
    evaluations: tuple = field(default=(), compare=False)
    replicates: int = 1
    seed: int | None = None

    def __str__(self) -> str:
        return self.statement


# ----------------------------------------------------------------------------- closed form


class _NotClosed(ValueError):
    pass


def _closed_form_values(scenario: Scenario, lever: str, target: Target):
    """``(R, S, T, P, w)`` for the closed form, or _NotClosed saying why it does not apply."""
    if not target.stability or target.resident != "tit_for_tat":
        raise _NotClosed("the closed form covers 'tit_for_tat resists ...' targets")
    if not set(target.invaders) <= {"defector", "alternator"}:
        raise _NotClosed("the closed form covers the invaders defector and alternator")
    if lever not in _CLOSED_LEVERS:
        raise _NotClosed(f"the closed form covers the levers {', '.join(_CLOSED_LEVERS)}")
    shadow = (
        scenario.with_levers(continuation=0.5).shadow
        if lever == "continuation"
        else (scenario.shadow)
    )
    if shadow.continuation is None or shadow.turns is not None:
        raise _NotClosed("the closed form needs discounted matches (continuation, no turns)")
    if scenario.noise > 0:
        raise _NotClosed("the closed form needs noise-free matches")
    for key in ("turnover", "assortment"):
        if scenario.intervention(key) is not None:
            raise _NotClosed(f"the closed form does not cover {key}")
    owner = LEVERS[lever].owner
    others = [iv for iv in scenario.interventions if iv.key not in (owner, "scale")]
    r, s, t, p = transform_game(scenario.game, others).as_tuple()
    if lever == "continuation" and ("defector" in target.invaders and t <= p):
        raise _NotClosed("the closed form (T - R) / (T - P) needs T > P")
    if lever == "continuation" and ("alternator" in target.invaders and r <= s):
        raise _NotClosed("the closed form (T - R) / (R - S) needs R > S")
    return r, s, t, p, shadow.continuation


def _invader_threshold(lever: str, invader: str, r, s, t, p, w) -> tuple[float, bool]:
    """``(x0, increasing)``: TFT resists for levels above ``x0`` (below, if not increasing)."""
    if lever == "continuation":  # T > P and R > S (checked by _closed_form_values)
        if invader == "defector":
            return (t - r) / (t - p), True
        return (t - r) / (r - s), True
    if invader == "defector":
        base = (1 - w) * t + w * p - r  # >= 0 means the defector does at least as well
        if lever == "fine_on_exploitation":
            return base / (1 - w), True
        if lever == "compensation":  # S does not enter: only the tie-break can change
            if abs(base) <= TIE:
                return p - s, True  # tie: TFT resists when (1 - w) S' + w P > P
            return (-math.inf if base < 0 else math.inf), True
        return base, True
    if w == 0:  # one-round matches: Alternator plays C, exactly as TFT -- neutral, never beaten
        return math.inf, True
    if lever in ("fine_on_defection", "fine_on_exploitation"):
        return t + w * s - (1 + w) * r, True
    if lever == "bonus_cooperation":
        return (t + w * s) / (1 + w) - r, True
    return ((1 + w) * r - t - w * s) / w, False


def closed_form_threshold(
    scenario: Scenario, lever: str, target: str | Target, low: float = 0.0, high: float = math.inf
) -> float | None:
    """The closed-form threshold (module notes), clipped to ``[low, high]``.

    Returns None when TFT does not resist in ``[low, high]``; raises ValueError saying why
    when the closed form does not apply.

    Examples
    --------
    >>> from coop_sim.design import Scenario, Shadow
    >>> s = Scenario(["tit_for_tat", "defector", "alternator"],
    ...              interventions=[Shadow(continuation=0.5)])
    >>> closed_form_threshold(s, "fine_on_defection", "tit_for_tat resists defector, alternator")
    0.5
    >>> round(closed_form_threshold(s, "continuation", "tit_for_tat resists alternator"), 6)
    0.666667
    """
    target = parse_target(target)
    r, s, t, p, w = _closed_form_values(scenario, lever, target)
    lo, hi = low, high
    for invader in target.invaders:
        x0, increasing = _invader_threshold(lever, invader, r, s, t, p, w)
        if increasing:
            lo = max(lo, x0)
        else:
            hi = min(hi, x0)
    if lo > high or lo >= hi:
        return None
    return float(lo)


# ----------------------------------------------------------------------------- search


def _default_range(scenario: Scenario, lever: str) -> tuple[float, float]:
    r, s, t, p = scenario.game.as_tuple()
    spread = max(t - s, r - p, 1e-9)
    if lever.startswith("initial:"):
        return 0.0, 1.0
    ranges = {
        "scale": (0.1, 10.0), "continuation": (0.0, 0.999), "turns": (1, 1000),
        "noise": (0.0, 0.5), "listing_encounters": (1.0, 10.0), "intensity": (0.0, 10.0),
        "generations": (1, 1000), "population": (2, 1000),
    }  # fmt: skip
    if lever in ranges:
        return ranges[lever]
    spec = LEVERS[lever]
    if spec.high is not None and spec.high <= 1:
        return 0.0, float(spec.high)
    return 0.0, 2.0 * spread


def _levels(lo: float, hi: float, count: int, integer: bool) -> list[float]:
    xs = np.linspace(lo, hi, count)
    if integer:
        return sorted({round(float(x)) for x in xs})
    return [float(x) for x in xs]


def _first_crossing(probe, lo, hi, count, tolerance, integer):
    """``(value, bracket)``: the first scanned level where ``probe(x)`` holds, refined."""
    levels = _levels(lo, hi, count, integer)
    previous = None
    for x in levels:
        if probe(x):
            if previous is None:
                return x, (x, x)
            a, b = previous, x
            while (b - a > 1) if integer else (b - a > tolerance):
                mid = (a + b) // 2 if integer else 0.5 * (a + b)
                if probe(mid):
                    b = mid
                else:
                    a = mid
            return b, (a, b)
        previous = x
    return None, (hi, hi)


#: Levers that change the pay-off matrix (what a 'resists' target is decided on).
MATRIX_LEVERS = (
    "fine_on_defection", "fine_on_exploitation", "bonus_cooperation", "compensation", "scale",
    "continuation", "turns", "turnover", "assortment", "noise",
)  # fmt: skip


def _check_lever(scenario: Scenario, lever: str, target: Target) -> None:
    if target.stability and lever not in MATRIX_LEVERS:
        raise ValueError(
            f"a 'resists' target is decided on the pay-off matrix, which lever {lever!r} does "
            f"not change; use one of {', '.join(MATRIX_LEVERS)}, or a metric target"
        )
    lattice = scenario.dynamics.kind == "spatial" and scenario.dynamics.network == "lattice"
    if lever == "population" and (scenario.rematching or lattice):
        raise ValueError(
            "threshold over population is not supported for the re-matching model (even sizes) "
            "or a lattice (square sizes); run a sweep over the sizes instead"
        )


def _choose_method(method: str, scenario: Scenario, lever: str, target: Target) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if target.stability:
        if method in ("deterministic", "simulation"):
            raise ValueError(
                f"a 'resists' target is decided from the pay-off matrix (method 'exact' or "
                f"'closed-form'), got method={method!r}; for simulations use a metric target "
                f"such as 'share:{target.resident}>=0.9'"
            )
        if method == "closed-form":
            try:
                _closed_form_values(scenario, lever, target)
            except _NotClosed as why:
                raise ValueError(f"method='closed-form' does not apply: {why}") from None
            return method
        if method == "auto":
            try:
                _closed_form_values(scenario, lever, target)
                return "closed-form"
            except _NotClosed:
                return "exact"
        return "exact"
    if method in ("closed-form", "exact"):
        raise ValueError(
            f"method={method!r} needs a 'resists' target, got {target.text!r} (use "
            "'deterministic' or 'simulation' for metric targets)"
        )
    natural = (
        "simulation" if scenario.dynamics.stochastic or scenario.rematching else "deterministic"
    )
    if method == "deterministic" and natural == "simulation":
        raise ValueError(
            f"method='deterministic' needs the ecological or replicator dynamics, got "
            f"{scenario.dynamics.kind!r}"
        )
    return natural if method == "auto" else method


def _settings(scenario, lever, target, low, high, method, replicates, tolerance):
    """Validate a threshold question; return ``(target, lo, hi, integer, method, tol)``."""
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    target = parse_target(target)
    target.check(scenario.strategies)
    scenario.lever(lever)  # validates the name
    integer = not lever.startswith("initial:") and LEVERS[lever].kind == "int"
    if not lever.startswith("initial:") and LEVERS[lever].kind == "bool":
        raise ValueError(f"lever {lever!r} is true/false: thresholds need a numeric lever")
    d_lo, d_hi = _default_range(scenario, lever)
    lo = d_lo if low is None else _bound(scenario, lever, low, "low")
    hi = d_hi if high is None else _bound(scenario, lever, high, "high")
    if not lo < hi:
        raise ValueError(f"low must be < high, got low={lo!r}, high={hi!r}")
    _validate.positive_int(replicates, "replicates")
    _check_lever(scenario, lever, target)
    chosen = _choose_method(method, scenario, lever, target)
    if tolerance is not None:
        tol = _validate.positive_real(tolerance, "tolerance")
        if tol >= hi - lo:
            raise ValueError(
                f"tolerance must be smaller than high - low = {hi - lo:g}, got {tolerance!r}"
            )
    else:
        tol = (hi - lo) * {"exact": 1e-9, "deterministic": 1e-3, "simulation": 1e-2}.get(chosen, 0)
    return target, lo, hi, integer, chosen, tol


def _bound(scenario: Scenario, lever: str, value: object, name: str):
    try:
        return scenario.with_levers(**{lever: value}).lever(lever)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{name}: {error}") from None


def check_threshold(
    scenario: Scenario,
    lever: str,
    target: str | Target,
    *,
    low: float | None = None,
    high: float | None = None,
    method: str = "auto",
    replicates: int = 20,
    tolerance: float | None = None,
) -> str:
    """Validate a threshold question without running it; return the method it would use.

    Raises the same errors as :func:`threshold` (scenario files check their ``[threshold]``
    tables with it).

    Examples
    --------
    >>> from coop_sim.design import Scenario, Shadow
    >>> s = Scenario(["tit_for_tat", "defector"], interventions=[Shadow(continuation=0.3)])
    >>> check_threshold(s, "fine_on_defection", "tit_for_tat resists defector")
    'closed-form'
    >>> check_threshold(s, "fine_on_defection", "cooperation >= 0.8")
    'simulation'
    """
    return _settings(scenario, lever, target, low, high, method, replicates, tolerance)[4]


def threshold(
    scenario: Scenario,
    lever: str,
    target: str | Target,
    *,
    low: float | None = None,
    high: float | None = None,
    method: str = "auto",
    replicates: int = 20,
    tolerance: float | None = None,
    seed: SeedLike = None,
) -> ThresholdResult:
    """The smallest level of ``lever`` in ``[low, high]`` at which ``target`` holds.

    Parameters
    ----------
    scenario : Scenario
        The design before the lever is set.
    lever : str
        A lever name (:data:`~coop_sim.design.LEVERS`) or ``'initial:<strategy>'``.
    target : str or Target
        E.g. ``'cooperation>=0.8'`` or ``'tit_for_tat resists defector'``.
    low, high : float, optional
        The range searched (defaults depend on the lever: pay-off amounts ``[0, 2 (T - S)]``,
        probabilities ``[0, 1]``, continuation ``[0, 0.999]``, ...).
    method : {'auto', 'closed-form', 'exact', 'deterministic', 'simulation'}
        See the module notes.
    replicates : int
        Runs per level for 'simulation' (>= 1).
    tolerance : float, optional
        Width of the final bracket (default ``(high - low) / 1000``, ``/ 100`` for
        simulations; integer levers stop at width 1).
    seed : int, SeedSequence, Generator or None
        Randomness of simulations (common to every level).

    Returns
    -------
    ThresholdResult

    Examples
    --------
    >>> from coop_sim.design import Scenario, Shadow, Dynamics
    >>> s = Scenario(["tit_for_tat", "defector"], interventions=[Shadow(continuation=0.3)])
    >>> res = threshold(s, "fine_on_defection", "tit_for_tat resists defector")
    >>> res.method, round(res.value, 6)  # (1 - w) T + w P - R = 3.5 + 0.3 - 3
    ('closed-form', 0.8)
    >>> exact = threshold(s, "fine_on_defection", "tit_for_tat resists defector", method="exact")
    >>> round(exact.value, 6)
    0.8
    """
    target, lo, hi, integer, chosen, tol = _settings(
        scenario, lever, target, low, high, method, replicates, tolerance
    )
    key, recorded = seed_key(seed)
    closed = None
    try:
        closed = closed_form_threshold(scenario, lever, target, lo, hi)
    except _NotClosed:
        pass
    evaluations: list[tuple] = []

    def at(x):
        return scenario.with_levers(**{lever: x})

    if chosen == "closed-form":
        raw = closed_form_threshold(scenario, lever, target, -math.inf, math.inf)
        if closed is None:
            value, bracket = None, (hi, hi)
        elif raw < lo - TIE or not _closed_increasing(lever, target):
            value, bracket = lo, (lo, lo)  # holds from the bottom of the range
        else:
            value, bracket = raw, (raw, raw)  # the boundary (a tie); TFT resists above it
    elif chosen == "exact":

        def probe(x):
            a, _ = payoff_tables(at(x), seed=key)
            m = target.margin(a, scenario.strategies)
            evaluations.append((x, m, m > 0))
            return m > 0

        value, bracket = _first_crossing(probe, lo, hi, _SCAN["exact"], tol, integer)
    else:

        def probe(x):
            runs = evaluate_replicates(at(x), replicates if chosen == "simulation" else 1, seed=key)
            met = [target.holds(o) for o in runs]
            estimate = float(np.mean(met)) if chosen == "simulation" else target.measure(runs[0])
            holds = float(np.mean(met)) >= 0.5
            evaluations.append((x, estimate, holds))
            return holds

        value, bracket = _first_crossing(probe, lo, hi, _SCAN[chosen], tol, integer)
    statement = _statement(
        lever, target, value, chosen, bracket, lo, hi, closed, evaluations, replicates
    )
    if chosen == "closed-form" and value is not None and bracket == (lo, lo) and value == raw:
        statement = _closed_statement(lever, target, value)
    if chosen == "closed-form" and value is not None and not _closed_increasing(lever, target):
        upper = _closed_upper(scenario, lever, target)
        if upper < hi:
            statement += (
                f" Note: it holds only below {lever} = {upper:.6g} (closed form: "
                "compensating the exploited raises Alternator's pay-off against TFT)."
            )
    if value == lo and bracket == (lo, lo) and chosen != "closed-form":
        statement += _top_check(chosen, hi, lever, target, evaluations, probe)
    if chosen == "exact" and not tables_are_exact(scenario):
        statement = statement[:-1] + (
            "; on simulated pay-off matrices, as the end is known or a strategy has no "
            "finite-state form."
        )
    return ThresholdResult(
        lever, target.text, value, chosen, bracket, lo, hi, statement, closed,
        tuple(evaluations), replicates if chosen == "simulation" else 1, recorded,
    )  # fmt: skip


def _closed_increasing(lever: str, target: Target) -> bool:
    """Is TFT's margin increasing in the lever (so the closed form is a lower boundary)?"""
    return not (lever == "compensation" and "alternator" in target.invaders)


def _closed_upper(scenario: Scenario, lever: str, target: Target) -> float:
    """The level below which a decreasing closed-form margin stays positive."""
    r, s, t, p, w = _closed_form_values(scenario, lever, target)
    bounds = [_invader_threshold(lever, m, r, s, t, p, w) for m in target.invaders]
    return min((x0 for x0, increasing in bounds if not increasing), default=math.inf)


def _closed_statement(lever: str, target: Target, value: float) -> str:
    return (
        f"{target.text} for {lever} above {value:.6g} (closed form: at {value:.6g} the resident's "
        "and an invader's pay-offs against the resident tie)."
    )


def _top_check(method, hi, lever, target, evaluations, probe) -> str:
    """When the target holds at the bottom of the range, say whether it still holds at the
    top (a target that fails there is not monotone over the range)."""
    if any(x == hi for x, _, _ in evaluations):
        holds = next(h for x, _, h in evaluations if x == hi)
    else:
        holds = probe(hi)
    if holds:
        return ""
    hint = (
        "narrow the range to find where it stops"
        if target.stability
        else "to find where it stops, ask for the opposite condition"
    )
    return (
        f" Note: it no longer holds at {lever} = {hi:g}, the top of the range: it holds below "
        f"some level rather than above one; {hint}."
    )


def _statement(lever, target, value, method, bracket, lo, hi, closed, evaluations, replicates):
    if value is None:
        return f"{target.text} is not reached for {lever} in [{lo:g}, {hi:g}] ({method})."
    if value == lo and bracket[0] == bracket[1]:
        return (
            f"{target.text} already holds at {lever} = {lo:g}, the bottom of the range ({method})."
        )
    if method == "closed-form":
        return _closed_statement(lever, target, value)
    head = f"{target.text} from {lever} = {value:.6g} on"
    if method in ("exact", "deterministic"):
        extra = f"; closed form {closed:.6g}" if closed is not None else ""
        return (
            f"{head} ({method}: the boundary lies in ({bracket[0]:.6g}, {bracket[1]:.6g}]{extra})."
        )
    from coop_sim.evolution.runs import wilson_interval

    share = {x: est for x, est, _ in evaluations}
    parts = []
    for x in dict.fromkeys(bracket):
        k = round(share[x] * replicates)
        ci = wilson_interval(np.array([k]), replicates)[0]
        parts.append(
            f"at {x:.6g} it held in {k}/{replicates} runs (95% CI {ci[0]:.2f}-{ci[1]:.2f})"
        )
    return (
        f"{head} (simulation: the target holds in at least half of {replicates} runs with "
        f"common random numbers from there on; threshold in ({bracket[0]:.6g}, "
        f"{bracket[1]:.6g}]; {'; '.join(parts)})."
    )
