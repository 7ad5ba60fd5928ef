"""Compiled move functions of the counter/phase classics (program codes 100-199).

Convention for every move function (see :mod:`coop_sim.engine.step`):
``f(values, state, own, opp, t, length, stream) -> 0 (C) or 1 (D)``, the *intended* move
of round ``t`` (0-based).  ``values`` are the spec's parameters (without the code),
``state`` a float64 array zeroed before round 0, ``own``/``opp`` the actual (noise-flipped)
moves of rounds ``0..t-1`` (entries from ``t`` on are garbage), ``length`` the match
length if the players know it, else -1, ``stream`` the match's random stream.
"""

import numba

from coop_sim.engine.rng import choose

GO_BY_MAJORITY = 100


@numba.njit(cache=True)
def _go_by_majority(values, state, own, opp, t, length, stream):
    # values: [memory (0 = whole history), soft (1 = co-operate on ties)]
    memory = int(values[0])
    start = 0 if memory <= 0 or t <= memory else t - memory
    defections = 0
    for k in range(start, t):
        defections += opp[k]
    cooperations = (t - start) - defections
    if values[1] > 0.5:
        return 0 if cooperations >= defections else 1
    return 0 if cooperations > defections else 1


@numba.njit(cache=True)
def classic_move(code, values, state, own, opp, t, length, stream):
    """Dispatch on the program code (100-199)."""
    if code == GO_BY_MAJORITY:
        return _go_by_majority(values, state, own, opp, t, length, stream)
    return choose(stream, 0.5)  # unknown code: unreachable from validated specs
