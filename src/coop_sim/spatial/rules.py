"""Update rules of spatial populations: who imitates whom, and when.

A rule is validated data (:class:`UpdateRule`); the kernel conventions it maps to are in
:mod:`coop_sim.engine.spatial_kernel`.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from coop_sim import _validate

__all__ = ["ACTIVATIONS", "RULES", "UpdateRule"]

#: Rule name -> kernel code (see :mod:`coop_sim.engine.spatial_kernel`).
RULES = {"imitate-best": 0, "fermi": 1, "proportional": 2, "death-birth": 3}
#: Synchronous (every site at once) or asynchronous (random sequential) updating.
ACTIVATIONS = ("synchronous", "asynchronous")
FITNESS_MAPS = ("linear", "exponential")


@dataclass(frozen=True)
class UpdateRule:
    """How sites change strategy after each generation's games.

    Parameters
    ----------
    rule : {'imitate-best', 'fermi', 'proportional', 'death-birth'}
        'imitate-best': take the strategy of the best-paid among the site and its neighbours
        (Nowak & May 1992; ties keep the site's own strategy).  'fermi': compare with one
        random neighbour and adopt its strategy with probability
        ``1 / (1 + exp((P_self - P_neighbour) / temperature))`` (Szabo & Toke 1998).
        'proportional': adopt the strategy of the site or a neighbour with probability
        proportional to pay-off to the power ``exponent`` (Nowak, Bonhoeffer & May 1994;
        ``exponent -> inf`` is imitate-best, needs pay-offs >= 0).  'death-birth': the site
        is replaced by the offspring of a neighbour chosen proportionally to fitness
        (Ohtsuki et al. 2006, whose process is the asynchronous one: one death at a time;
        synchronously every site is replaced at once).
    activation : {'synchronous', 'asynchronous'}
        Every site at once from the previous generation (Nowak & May), or ``N`` random
        sequential updates per generation, each seeing the current state (Huberman & Glance
        1993).
    temperature : float
        K > 0 of the Fermi rule (noise of imitation).
    exponent : float
        m > 0 of proportional imitation.
    intensity, baseline, fitness
        Fitness of the death-birth rule: ``baseline + intensity * payoff`` ('linear',
        ``baseline=None`` meaning ``1 - intensity``) or ``exp(intensity * payoff)``;
        intensity >= 0 (0: neutral drift).
    mutation : float
        After updating, each site switches with this probability to one of the other
        strategies (uniformly), in ``[0, 1]``.

    Examples
    --------
    >>> UpdateRule("fermi", temperature=0.1).code
    1
    >>> UpdateRule("fermi", temperature=0)
    Traceback (most recent call last):
    ...
    ValueError: temperature must be a finite real number > 0, got 0
    """

    rule: str = "imitate-best"
    activation: str = "synchronous"
    temperature: float = 0.1
    exponent: float = 1.0
    intensity: float = 1.0
    baseline: float | None = None
    fitness: str = "linear"
    mutation: float = 0.0

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"rule must be one of {', '.join(RULES)}, got {self.rule!r}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {', '.join(ACTIVATIONS)}, got {self.activation!r}"
            )
        if self.fitness not in FITNESS_MAPS:
            raise ValueError(
                f"fitness must be one of {', '.join(FITNESS_MAPS)}, got {self.fitness!r}"
            )
        positive = _validate.positive_real
        object.__setattr__(self, "temperature", positive(self.temperature, "temperature"))
        object.__setattr__(self, "exponent", positive(self.exponent, "exponent"))
        object.__setattr__(self, "intensity", positive(self.intensity, "intensity", zero=True))
        if self.baseline is None:
            object.__setattr__(self, "baseline", 1.0 - self.intensity)
        elif isinstance(self.baseline, bool) or not isinstance(self.baseline, numbers.Real):
            raise TypeError(f"baseline must be a real number or None, got {self.baseline!r}")
        elif not math.isfinite(self.baseline):
            raise ValueError(f"baseline must be finite, got {self.baseline!r}")
        object.__setattr__(self, "mutation", _validate.probability(self.mutation, "mutation"))
        object.__setattr__(self, "baseline", float(self.baseline))

    @property
    def code(self) -> int:
        """The kernel's code of the rule."""
        return RULES[self.rule]

    @property
    def random(self) -> bool:
        """Whether the rule draws random numbers (every rule but noiseless imitate-best)."""
        return self.rule != "imitate-best" or self.mutation > 0.0 or self.asynchronous

    @property
    def asynchronous(self) -> bool:
        """Random sequential updating."""
        return self.activation == "asynchronous"

    def as_array(self) -> np.ndarray:
        """``[code, exponential, intensity, baseline, mutation, temperature, exponent]``."""
        return np.array(
            [
                self.code,
                float(self.fitness == "exponential"),
                self.intensity,
                self.baseline,
                self.mutation,
                self.temperature,
                self.exponent,
            ],
            dtype=np.float64,
        )

    def check_payoffs(self, lowest: float) -> None:
        """Refuse pay-offs the rule cannot use (``lowest``: the smallest possible pay-off)."""
        if self.rule == "proportional" and lowest < 0:
            raise ValueError(
                "rule 'proportional' needs pay-offs >= 0 (weights are pay-off ** exponent); "
                f"the game allows a pay-off of {lowest:g}: shift the pay-offs or use 'fermi'"
            )
        if self.rule == "death-birth" and self.fitness == "linear":
            low = self.baseline + self.intensity * lowest
            if low < 0:
                raise ValueError(
                    f"death-birth fitness baseline + intensity * payoff = {self.baseline:g} + "
                    f"{self.intensity:g} * payoff must be >= 0 for every pay-off, but the "
                    f"lowest pay-off {lowest:g} gives {low:g}: lower intensity, raise "
                    "baseline or use fitness='exponential'"
                )
