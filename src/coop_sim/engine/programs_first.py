"""Compiled move functions of Axelrod's first-tournament entries (program codes 200-299).

Same convention as :mod:`coop_sim.engine.programs_classic`.
"""

import numba


@numba.njit(cache=True)
def first_tournament_move(code, values, state, own, opp, t, length, stream):
    """Dispatch on the program code (200-299)."""
    return 1
