"""Compiled move functions of Axelrod's first-tournament entries (program codes 200-299).

Same convention as :mod:`coop_sim.engine.programs_classic`: every move function is
``f(values, state, own, opp, t, length, stream) -> 0 (C) or 1 (D)``, the *intended* move of
round ``t`` (0-based).  ``own``/``opp`` hold the actual moves of rounds ``0..t-1``;
``length`` is the match length when the players are told it, else -1.

The behaviour reproduces Axelrod-Python 4.14's reconstructions of the entries (Axelrod 1980).
Counters are updated incrementally: a function called for round ``t`` folds round ``t - 1``
into its ``state`` before deciding, so it must be called once per round, in order (the
kernels do).  An unknown length (-1) is treated as Axelrod-Python treats a match of
unknown (infinite) length: no end-game moves, and "enough rounds remain" is always true.

All functions are compiled with ``_nrt=False`` (numba's switch for the reference-counting
runtime): they never allocate, and without it every call increments and decrements the
reference counts of its five array arguments -- atomic operations that cost ~50 ns per
move, several times the work of the move itself.
"""

import math

import numba

from coop_sim.engine.rng import choose, uniform

TIDEMAN_AND_CHIERUZZI = 200
NYDEGGER = 201
SHUBIK = 202
STEIN_AND_RAPOPORT = 203
GRAASKAMP = 204
DOWNING = 205
FELD = 206
TULLOCK = 207
ANONYMOUS = 208

# Nydegger defects when A = 16 a_1 + 4 a_2 + a_3 is in this set (a bit mask over 0..63).
_NYDEGGER_DEFECT = (
    (1 << 1) | (1 << 6) | (1 << 7) | (1 << 17) | (1 << 22) | (1 << 23) | (1 << 26)
    | (1 << 29) | (1 << 30) | (1 << 31) | (1 << 33) | (1 << 38) | (1 << 39) | (1 << 45)
    | (1 << 49) | (1 << 54) | (1 << 55) | (1 << 58) | (1 << 61)
)  # fmt: skip


@numba.njit(cache=True, _nrt=False, inline="always")
def _final_two(t, length):
    """True in the last two rounds of a match of known length (Axelrod's FinalTransformer)."""
    return length >= 0 and t < length and length - t <= 2


@numba.njit(cache=True, _nrt=False)
def chi_squared_pvalue(cooperations, defections):
    """p-value of Pearson's chi-squared test of equal C and D counts (1 degree of freedom).

    The statistic is computed as ``scipy.stats.chisquare([c, d])`` does (expected count the
    mean of the two); the p-value of chi-squared with one degree of freedom is
    ``erfc(sqrt(x / 2))``.
    """
    c = float(cooperations)
    d = float(defections)
    e = (c + d) / 2.0
    stat = (c - e) ** 2 / e + (d - e) ** 2 / e
    return math.erfc(math.sqrt(stat / 2.0))


@numba.njit(cache=True, _nrt=False)
def _tideman_and_chieruzzi(values, state, own, opp, t, length, stream):
    # values: [R, S, T, P]
    # state: 0 retaliating, 1 retaliation length, 2 remaining, 3 own score, 4 opp score,
    #        5 round of the last fresh start (0 = none), 6 second fresh-start C owed,
    #        7 opponent defections since the last fresh start
    move = _tideman_core(values, state, own, opp, t, length)
    if _final_two(t, length):
        return 1
    return move


@numba.njit(cache=True, _nrt=False, inline="always")
def _tideman_core(values, state, own, opp, t, length):
    if t == 0:
        return 0
    a = own[t - 1]
    b = opp[t - 1]
    state[7] += b
    if a == 0:
        state[3] += values[0] if b == 0 else values[1]
        state[4] += values[0] if b == 0 else values[2]
    else:
        state[3] += values[2] if b == 0 else values[3]
        state[4] += values[1] if b == 0 else values[3]
    if state[6] != 0.0:
        state[6] = 0.0
        return 0
    current_round = t + 1
    if state[5] == 0.0 or current_round - state[5] >= 20.0:
        enough_rounds = length < 0 or length - current_round >= 10
        if state[3] - state[4] >= 10.0 and enough_rounds and b == 0:
            std = math.sqrt(t) / 2.0
            lower = t / 2.0 - 3.0 * std
            upper = t / 2.0 + 3.0 * std
            if state[7] <= lower or state[7] >= upper:
                state[5] = current_round
                state[0] = 0.0
                state[1] = 0.0
                state[2] = 0.0
                state[7] = 0.0
                state[6] = 1.0
                return 0
    if state[0] != 0.0:
        state[2] -= 1.0
        if state[2] == 0.0:
            state[0] = 0.0
        return 1
    if b == 1:
        state[1] += 1.0
        state[2] = state[1] - 1.0
        state[0] = 1.0 if state[2] != 0.0 else 0.0
        return 1
    return 0


@numba.njit(cache=True, _nrt=False)
def _nydegger(values, state, own, opp, t, length, stream):
    if t == 0:
        return 0
    if t == 1:
        return opp[0]
    if t == 2:
        if opp[0] == 1 and opp[1] == 0:
            return 1
        return opp[1]
    a = (
        16 * (own[t - 1] + 2 * opp[t - 1])
        + 4 * (own[t - 2] + 2 * opp[t - 2])
        + (own[t - 3] + 2 * opp[t - 3])
    )
    return (_NYDEGGER_DEFECT >> a) & 1


@numba.njit(cache=True, _nrt=False)
def _shubik(values, state, own, opp, t, length, stream):
    # state: 0 retaliating, 1 retaliation length, 2 remaining
    if t == 0:
        return 0
    if state[0] != 0.0:
        state[2] -= 1.0
        if state[2] == 0.0:
            state[0] = 0.0
        return 1
    if opp[t - 1] == 1 and own[t - 1] == 0:
        state[1] += 1.0
        state[2] = state[1] - 1.0
        state[0] = 1.0 if state[2] != 0.0 else 0.0
        return 1
    return 0


@numba.njit(cache=True, _nrt=False)
def _stein_and_rapoport(values, state, own, opp, t, length, stream):
    # values: [alpha]; state: 0 opponent defections, 1 opponent judged random
    if t > 0:
        state[0] += opp[t - 1]
    if t < 4:
        move = 0
    elif t < 14:
        move = opp[t - 1]
    else:
        if (t + 1) % 15 == 0:
            p = chi_squared_pvalue(t - state[0], state[0])
            state[1] = 1.0 if p >= values[0] else 0.0
        move = 1 if state[1] != 0.0 else opp[t - 1]
    if _final_two(t, length):
        return 1
    return move


@numba.njit(cache=True, _nrt=False)
def _graaskamp(values, state, own, opp, t, length, stream):
    # values: [alpha]
    # state: 0 opponent defections, 1 opponent judged random (sticky),
    #        2 opponent is not a tit for tat (broken), 3 opponent is not a clone (broken),
    #        4 round of the next random defection (0 = not scheduled yet)
    if t == 0:
        return 0
    b = opp[t - 1]
    state[0] += b
    if b != own[t - 1]:
        state[3] = 1.0
    if t >= 2 and b != own[t - 2]:
        state[2] = 1.0
    if t < 56:
        return 1 if (b == 1 or t == 50) else 0
    if state[1] == 0.0:
        if chi_squared_pvalue(t - state[0], state[0]) >= values[0]:
            state[1] = 1.0
    if state[1] != 0.0:
        return 1
    if state[2] == 0.0 or state[3] == 0.0:
        return b
    if state[4] == 0.0:
        state[4] = t + _five_to_fourteen(stream)
    if t == state[4]:
        state[4] = t + _five_to_fourteen(stream)
        return 1
    return 0


@numba.njit(cache=True, _nrt=False, inline="always")
def _five_to_fourteen(stream):
    """A uniform integer in 5..14 (numpy's ``randint(5, 15)``)."""
    return 5 + min(int(uniform(stream) * 10.0), 9)


@numba.njit(cache=True, _nrt=False)
def _downing(values, state, own, opp, t, length, stream):
    # values: [R, S, T, P]
    # state: 0 opponent C after own C, 1 opponent C after own D, 2 own C count, 3 own D count
    if t > 0:
        if own[t - 1] == 0:
            state[2] += 1.0
        else:
            state[3] += 1.0
    if t == 0:
        return 1
    if t == 1:
        if opp[0] == 0:
            state[0] += 1.0
        return 1
    if opp[t - 1] == 0:
        if own[t - 2] == 0:
            state[0] += 1.0
        else:
            state[1] += 1.0
    alpha = state[0] / (state[2] + 1.0)
    beta = state[1] / max(state[3], 2.0)
    expect_c = alpha * values[0] + (1.0 - alpha) * values[1]
    expect_d = beta * values[2] + (1.0 - beta) * values[3]
    if expect_c > expect_d:
        return 0
    if expect_c < expect_d:
        return 1
    return 1 - own[t - 1]


@numba.njit(cache=True, _nrt=False)
def _feld(values, state, own, opp, t, length, stream):
    # values: [start probability, end probability, rounds of decay]
    if t == 0:
        return 0
    if opp[t - 1] == 1:
        return 1
    slope = (values[1] - values[0]) / values[2]
    return choose(stream, max(values[0] + slope * t, values[1]))


@numba.njit(cache=True, _nrt=False)
def _tullock(values, state, own, opp, t, length, stream):
    # state: 0 opponent co-operations in the last 10 rounds
    if t > 0:
        state[0] += 1 - opp[t - 1]
        if t > 10:
            state[0] -= 1 - opp[t - 11]
    if t < 11:
        return 0
    p = state[0] / 10.0 - 0.10
    return choose(stream, p if p > 0.0 else 0.0)


@numba.njit(cache=True, _nrt=False)
def _anonymous(values, state, own, opp, t, length, stream):
    r = (3.0 + 4.0 * uniform(stream)) / 10.0
    return choose(stream, r)


@numba.njit(cache=True, _nrt=False)
def first_tournament_move(code, values, state, own, opp, t, length, stream):
    """Dispatch on the program code (200-299)."""
    if code == TIDEMAN_AND_CHIERUZZI:
        return _tideman_and_chieruzzi(values, state, own, opp, t, length, stream)
    if code == NYDEGGER:
        return _nydegger(values, state, own, opp, t, length, stream)
    if code == SHUBIK:
        return _shubik(values, state, own, opp, t, length, stream)
    if code == STEIN_AND_RAPOPORT:
        return _stein_and_rapoport(values, state, own, opp, t, length, stream)
    if code == GRAASKAMP:
        return _graaskamp(values, state, own, opp, t, length, stream)
    if code == DOWNING:
        return _downing(values, state, own, opp, t, length, stream)
    if code == FELD:
        return _feld(values, state, own, opp, t, length, stream)
    if code == TULLOCK:
        return _tullock(values, state, own, opp, t, length, stream)
    if code == ANONYMOUS:
        return _anonymous(values, state, own, opp, t, length, stream)
    return choose(stream, 0.5)  # unknown code: unreachable from validated specs
