"""Counter-based random numbers for the kernels.

Every match owns a *stream*: a 64-bit key derived from (seed, pairing, repetition).  The
k-th draw of a stream is a pure function of (key, k) -- the SplitMix64 output function
(Steele, Lea & Flood 2014) applied to ``key + k * golden_gamma`` -- so a match's random
numbers do not depend on which thread plays it, in what order, or how work is chunked.
A stream is held in a ``uint64[2]`` array ``[key, counter]``.
"""

import numba
import numpy as np

from coop_sim.engine import _cache  # noqa: F401  (sets the cache directory)

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_ONE = np.uint64(1)
_INV53 = 1.0 / 9007199254740992.0  # 2**-53


@numba.njit(cache=True, inline="always")
def mix64(z):
    """SplitMix64's finaliser: a bijective avalanche of a uint64."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@numba.njit(cache=True, inline="always")
def stream_key(seed_key, a, b, c):
    """Key of the stream for the triple (a, b, c) under ``seed_key`` (all uint64-able)."""
    k = mix64(seed_key + _GAMMA * (np.uint64(a) + _ONE))
    k = mix64(k ^ (_GAMMA * (np.uint64(b) + _ONE)))
    return mix64(k + _M1 * (np.uint64(c) + _ONE))


@numba.njit(cache=True, inline="always")
def uniform(stream):
    """Next float64 in [0, 1) from ``stream`` (``uint64[2]``: key, counter)."""
    stream[1] += _ONE
    x = mix64(stream[0] + stream[1] * _GAMMA)
    return np.float64(x >> _S11) * _INV53


@numba.njit(cache=True, inline="always")
def choose(stream, p_cooperate):
    """Return 0 (C) with probability ``p_cooperate`` else 1 (D).

    As in Axelrod-Python, no number is drawn when the probability is exactly 0 or 1.
    """
    if p_cooperate >= 1.0:
        return 0
    if p_cooperate <= 0.0:
        return 1
    return 0 if uniform(stream) < p_cooperate else 1
