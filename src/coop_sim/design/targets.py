"""Targets: the outcome a design should reach, written as short text.

Two forms:

* a condition on an outcome metric, ``"<metric> <op> <value>"``, with metric one of
  ``cooperation`` (final co-operation rate), ``mean_cooperation``, ``welfare``,
  ``mean_welfare``, ``share:<strategy>`` (final share) or ``takeover`` (1 when co-operators
  take over, else 0), and op one of ``>=``, ``>``, ``<=``, ``<``; the bare word
  ``takeover`` means ``takeover >= 1``;
* a stability condition, ``"<resident> resists <invader>[, <invader> ...]"``: a population
  of the resident cannot be invaded by a rare invader under the scenario's match settings
  (``A[r, r] > A[m, r]``, or equality and ``A[r, m] > A[m, m]``; Maynard Smith's
  conditions), decided from the pay-off matrix.

Examples
--------
>>> t = parse_target("cooperation >= 0.8")
>>> t.metric, t.op, t.value
('cooperation', '>=', 0.8)
>>> r = parse_target("tit_for_tat resists defector, alternator")
>>> r.resident, r.invaders
('tit_for_tat', ('defector', 'alternator'))
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass

import numpy as np

__all__ = ["METRICS", "RATES", "Target", "parse_target"]

#: Outcome metrics a target may name (plus ``share:<strategy>``).
METRICS = ("cooperation", "mean_cooperation", "welfare", "mean_welfare", "takeover")
#: The metrics that are shares in [0, 1] (as are ``share:<strategy>`` metrics).
RATES = ("cooperation", "mean_cooperation", "takeover")
_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
_METRIC = re.compile(r"^\s*([A-Za-z_][\w:.\-]*)\s*(>=|<=|>|<)\s*([-+0-9.eE]+)\s*$")
_RESISTS = re.compile(r"^\s*(\S+)\s+resists\s+(.+?)\s*$")
_GRAMMAR = (
    "'<metric> <op> <value>' (metric: cooperation, mean_cooperation, welfare, mean_welfare, "
    "share:<strategy>, takeover; op: >=, >, <=, <) or '<resident> resists <invader>[, ...]'"
)
#: Pay-off differences below this are ties in the stability condition.
TIE = 1e-9


@dataclass(frozen=True)
class Target:
    """A parsed target (see the module notes); build it with :func:`parse_target`."""

    text: str
    metric: str | None = None
    op: str = ">="
    value: float = 0.0
    resident: str | None = None
    invaders: tuple[str, ...] = ()

    @property
    def stability(self) -> bool:
        """True for a ``resists`` target."""
        return self.resident is not None

    def check(self, strategies: tuple[str, ...]) -> None:
        """Raise ValueError when the target names strategies the scenario lacks."""
        names = [self.resident, *self.invaders] if self.stability else []
        if self.metric and self.metric.startswith("share:"):
            names = [self.metric.split(":", 1)[1]]
        missing = [nm for nm in names if nm not in strategies]
        if missing:
            raise ValueError(
                f"target {self.text!r} names {', '.join(missing)}, not among the scenario's "
                f"strategies ({', '.join(strategies)})"
            )

    def measure(self, outcome) -> float:
        """The metric's value in ``outcome`` (an :class:`~coop_sim.design.evaluate.Outcome`)."""
        row = outcome.row()
        return float(row[self.metric])

    def holds(self, outcome) -> bool:
        """Does ``outcome`` meet the target?"""
        return bool(_OPS[self.op](self.measure(outcome), self.value))

    def margin(self, matrix: np.ndarray, strategies: tuple[str, ...]) -> float:
        """Stability margin: > 0 when the resident resists every invader.

        The smallest over invaders of ``A[r, r] - A[m, r]``, or, when that difference is a
        tie, a tiny multiple of ``A[r, m] - A[m, m]`` (the second condition decides).
        """
        r = strategies.index(self.resident)
        worst = math.inf
        for name in self.invaders:
            m = strategies.index(name)
            first = matrix[r, r] - matrix[m, r]
            if abs(first) <= TIE:
                first = TIE * float(np.sign(matrix[r, m] - matrix[m, m]))
            worst = min(worst, float(first))
        return worst

    def __str__(self) -> str:
        return self.text


def parse_target(text: object) -> Target:
    """Parse a target string (grammar in the module notes); ValueError when it does not parse."""
    if isinstance(text, Target):
        return text
    if not isinstance(text, str):
        raise TypeError(f"target must be a string such as 'cooperation>=0.8', got {text!r}")
    if text.strip() == "takeover":
        return Target(text.strip(), "takeover", ">=", 1.0)
    found = _RESISTS.match(text)
    if found:
        invaders = tuple(x.strip() for x in found.group(2).split(",") if x.strip())
        if not invaders or found.group(1) in invaders:
            raise ValueError(f"target {text!r} must name invaders other than the resident")
        return Target(text.strip(), resident=found.group(1), invaders=invaders)
    found = _METRIC.match(text)
    if not found:
        raise ValueError(f"target {text!r} does not parse; write {_GRAMMAR}")
    metric, op, value = found.groups()
    if metric not in METRICS and not (metric.startswith("share:") and len(metric) > 6):
        raise ValueError(f"target {text!r} names an unknown metric {metric!r}; write {_GRAMMAR}")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"target {text!r}: {value!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"target {text!r}: the value must be finite")
    if metric in RATES or metric.startswith("share:"):
        if not 0.0 <= number <= 1.0:
            raise ValueError(f"target {text!r}: {metric} is a share in [0, 1], got {value}")
    return Target(text.strip(), metric, op, number)
