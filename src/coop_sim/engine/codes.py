"""Plain integer codes shared by the spec layer and the kernels (no numba here)."""

#: Finite-state strategies in table form (memory-one, lookup tables, FSMs, cyclers).
AUTOMATON = 0
#: Counter/phase classics: parameters start with a program code.
PROGRAM = 1

#: Program codes 100-199 live in :mod:`coop_sim.engine.programs_classic`,
#: codes 200-299 in :mod:`coop_sim.engine.programs_first`.
CLASSIC_CODES = range(100, 200)
FIRST_TOURNAMENT_CODES = range(200, 300)

#: Status codes returned by kernels.
#: Success.
OK = 0
#: The result is not finite (NaN or infinite pay-offs or probabilities in the input).
ERR_NOT_FINITE = 1
#: A linear solve met a zero pivot.
ERR_SINGULAR = 2
#: A bad argument: state index out of range, or an unusable ``continuation``.
ERR_INVALID = 3
#: The joint chain is too large for dense linear algebra.
ERR_TOO_LARGE = 4
