"""Validation at the API boundary: one clear error naming parameter, value and range."""

from __future__ import annotations

import math
import numbers


def real(value: object, parameter: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{parameter} must be a real number, got {value!r}")
    return float(value)


def probability(value: object, parameter: str) -> float:
    x = real(value, parameter)
    if not (0.0 <= x <= 1.0):
        raise ValueError(f"{parameter} must be a probability in [0, 1], got {value!r}")
    return x


def positive_int(value: object, parameter: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{parameter} must be an int >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{parameter} must be an int >= {minimum}, got {value!r}")
    return int(value)


def turns(value: object) -> int | None:
    return None if value is None else positive_int(value, "turns")


def continuation(value: object) -> float | None:
    """The continuation probability w: None or 0 <= w < 1."""
    if value is None:
        return None
    w = real(value, "continuation")
    if not (0.0 <= w < 1.0) or math.isnan(w):
        hint = (
            "; for w -> 1 (infinitely long matches) use the stationary exact mode: "
            "expected_payoffs(..., continuation=None, turns=None)"
            if w >= 1.0
            else ""
        )
        raise ValueError(f"continuation must be in [0, 1), got {value!r}{hint}")
    return w


def noise_pair(value: object) -> tuple[float, float]:
    """A noise probability, or a pair of them (one per player)."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"noise must be a probability or a pair of them, got {value!r}")
        return probability(value[0], "noise[0]"), probability(value[1], "noise[1]")
    e = probability(value, "noise")
    return e, e


def threads(value: object) -> int | None:
    return None if value is None else positive_int(value, "threads")
