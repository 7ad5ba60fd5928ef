"""Validation at the API boundary: one clear error naming parameter, value and range."""

from __future__ import annotations

import math
import numbers

import numpy as np


def real(value: object, parameter: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{parameter} must be a real number, got {value!r}")
    return float(value)


def probability(value: object, parameter: str) -> float:
    x = real(value, parameter)
    if not (0.0 <= x <= 1.0):
        raise ValueError(f"{parameter} must be a probability in [0, 1], got {value!r}")
    return x


def positive_real(value: object, parameter: str, *, zero: bool = False) -> float:
    """A finite real > 0 (>= 0 with ``zero=True``)."""
    x = real(value, parameter)
    if not math.isfinite(x) or x < 0 or (x == 0 and not zero):
        bound = ">= 0" if zero else "> 0"
        raise ValueError(f"{parameter} must be a finite real number {bound}, got {value!r}")
    return x


def positive_int(value: object, parameter: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{parameter} must be an int >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{parameter} must be an int >= {minimum}, got {value!r}")
    return int(value)


def int_in(
    value: object, parameter: str, low: int, high: int, *, note: str = "", even: bool = False
) -> int:
    """An int in ``[low, high]`` (an even one with ``even=True``); ``note`` follows the range
    in the message, e.g. ``" (nodes - 1)"``."""
    allowed = f"{'an even' if even else 'an'} int in [{low}, {high}]{note}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{parameter} must be {allowed}, got {value!r}")
    if not low <= value <= high or (even and value % 2):
        raise ValueError(f"{parameter} must be {allowed}, got {value!r}")
    return int(value)


#: Most rounds in one match: outcome counts are int32.
MAX_TURNS = 2**31 - 1
#: Largest continuation probability a simulation accepts without ``turns`` (mean length
#: 1 / (1 - w) = 1,000,000 rounds); exact evaluation accepts any w < 1.
MAX_SIMULATED_CONTINUATION = 1 - 1e-6


def turns(value: object) -> int | None:
    if value is None:
        return None
    n = positive_int(value, "turns")
    if n > MAX_TURNS:
        raise ValueError(f"turns must be an int in 1..{MAX_TURNS}, got {value!r}")
    return n


def simulated_length(turns: int | None, continuation: float | None) -> None:
    """Refuse geometric lengths too long to simulate (they would not fit the counters)."""
    if turns is None and continuation is not None and continuation > MAX_SIMULATED_CONTINUATION:
        raise ValueError(
            f"continuation must be <= {MAX_SIMULATED_CONTINUATION} to simulate matches without "
            f"a turns cap (mean length 1/(1-w) up to 1e6 rounds), got {continuation!r}; give "
            "turns as well, or use the exact mode (expected_payoffs / method='exact')"
        )


def known_length(value: object, turns: int | None, continuation: float | None) -> bool:
    """Players can be told the length only when it is fixed."""
    told = flag(value, "known_length")
    if told and continuation is not None:
        raise ValueError(
            f"known_length=True needs fixed turns without a continuation probability (players "
            f"never know the length when continuation is given), got continuation={continuation!r}"
        )
    return told


def flag(value: object, parameter: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{parameter} must be True or False, got {value!r}")
    return bool(value)


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
