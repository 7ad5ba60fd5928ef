"""One player's move: the family dispatch every match kernel calls.

Kernels keep, per player, a family code, a float64 parameter array (see
:mod:`coop_sim.strategies.spec`) and a float64 state array.  An automaton keeps its current
state in ``state[0]``; a program keeps whatever it likes.
"""

import numba

from coop_sim.engine.codes import AUTOMATON, CLASSIC_CODES
from coop_sim.engine.programs_classic import classic_move
from coop_sim.engine.programs_first import first_tournament_move
from coop_sim.engine.rng import choose

_FIRST_CODE = CLASSIC_CODES.stop


@numba.njit(cache=True, inline="always", _nrt=False)
def reset(family, params, state):
    """Prepare ``state`` for round 0."""
    state[:] = 0.0
    if family == AUTOMATON:
        state[0] = params[1]


@numba.njit(cache=True, inline="always", _nrt=False)
def intended_move(family, params, state, own, opp, t, length, stream):
    """The move the player intends in round ``t`` (before noise)."""
    if family == AUTOMATON:
        return choose(stream, params[2 + int(state[0])])
    code = int(params[0])
    if code < _FIRST_CODE:
        return classic_move(code, params[1:], state, own, opp, t, length, stream)
    return first_tournament_move(code, params[1:], state, own, opp, t, length, stream)


@numba.njit(cache=True, inline="always", _nrt=False)
def after_round(family, params, state, intended, own_move, opp_move):
    """Advance an automaton after a round (programs read the history instead)."""
    if family == AUTOMATON:
        n = int(params[0])
        s = int(state[0])
        state[0] = params[2 + n + s * 8 + intended * 4 + own_move * 2 + opp_move]
