"""Compiled move functions of the counter/phase classics (program codes 100-199).

Convention for every move function (see :mod:`coop_sim.engine.step`):
``f(values, state, own, opp, t, length, stream) -> 0 (C) or 1 (D)``, the *intended* move
of round ``t`` (0-based).  ``values`` are the spec's parameters (without the code),
``state`` a float64 array zeroed before round 0, ``own``/``opp`` the actual (noise-flipped)
moves of rounds ``0..t-1`` (entries from ``t`` on are garbage), ``length`` the match
length if the players know it, else -1, ``stream`` the match's random stream.

Each function is called exactly once per round, with ``t = 0, 1, 2, ...``, so counters in
``state`` are brought up to date from ``own[t - 1]`` / ``opp[t - 1]`` at the start of round
``t`` and no function rescans the whole history.  The behaviour of each program is that of
the Axelrod-Python 4.14 strategy named in its comment (Knight et al. 2016); the registry
entries live in :mod:`coop_sim.strategies.catalog_classic`.

The move functions are inlined into :func:`classic_move` (``inline="always"``), which is
compiled and cached as one unit; that compiles faster cold than one pipeline per function.

End-aware programs follow Axelrod-Python's final-moves rule: when the length is known they
defect in the last ``k`` rounds whatever their rule says (the rule still runs, so its
counters and random draws are those of Axelrod-Python).
"""

import numba

from coop_sim.engine.rng import choose

# --- program codes --------------------------------------------------------------------
GO_BY_MAJORITY = 100  # values: (memory (0 = whole history), soft (1 = C on ties))
GRADUAL = 101
ORIGINAL_GRADUAL = 102
ADAPTIVE = 103  # values: (R, S, T, P)
SECOND_BY_TESTER = 104
PROBER_4 = 105
BACK_STABBER = 106  # values: (double_crosser flag,)
ALEXEI = 107  # values: (defections that make it defect for good; 0 = never,)
PUNISHER = 108  # values: (inverse flag,)
LEVEL_PUNISHER = 109  # values: (tricky flag,)
GRUMPY = 110  # values: (grumpy_threshold, nice_threshold)
COLLECTIVE_STRATEGY = 111
TRICKY_COOPERATOR = 112
TRICKY_DEFECTOR = 113
OMEGA_TFT = 114  # values: (deadlock_threshold, randomness_threshold)
SPITEFUL_TIT_FOR_TAT = 115
ALTERNATOR_HUNTER = 116
MOVE_HUNTER = 117  # values: (hunted move: 0 = co-operators, 1 = defectors,)
CYCLE_HUNTER = 118
EVENTUAL_CYCLE_HUNTER = 119
MATH_CONSTANT_HUNTER = 120
RANDOM_HUNTER = 121
RETALIATE = 122  # values: (threshold,)
LIMITED_RETALIATE = 123  # values: (threshold, limit)
SNEAKY_TIT_FOR_TAT = 124
ANTI_CYCLER = 125
REMORSEFUL_PROBER = 126  # values: (p = probability of a probing defection,)
AVERAGE_COPIER = 127  # values: (nice flag,)
DYNAMIC_TWO_TITS_FOR_TAT = 128
ADAPTIVE_TIT_FOR_TAT = 129  # values: (rate,)
MICHAELOS = 130
KNOWLEDGEABLE_WORSE_AND_WORSE = 131
STALKER = 132  # values: (R, S, T, P)
WORSE_AND_WORSE = 133  # values: (horizon,)
WORSE_AND_WORSE_2 = 134  # values: (tit-for-tat rounds,)
WORSE_AND_WORSE_3 = 135
INVERSE = 136
FORGIVER = 137  # values: (tit-for-tat flag,)
CALCULATOR = 138

# Prober 4's opening (C C D C D D D C C D C D C C D C D D C D), bit t set = D in round t.
_PROBER_4_OPENING = 739956
_PROBER_4_OPENING_LENGTH = 20


@numba.njit(cache=True, inline="always")
def _in_final_rounds(t, length, k):
    """True in the last ``k`` rounds of a match whose length the player knows."""
    return length > 0 and t < length and length - t <= k


@numba.njit(cache=True, inline="always")
def _payoff(values, base, a, b):
    """Own pay-off for own move ``a`` and opponent's ``b``; ``values[base:base+4]`` = R,S,T,P."""
    return values[base + 2 * a + b]


@numba.njit(cache=True, inline="always")
def _go_by_majority(values, state, own, opp, t, length, stream):
    # Axelrod GoByMajority(memory_depth, soft): state[0] = defections in the window.
    memory = int(values[0])
    if t > 0:
        state[0] += opp[t - 1]
        if memory > 0 and t - 1 - memory >= 0:
            state[0] -= opp[t - 1 - memory]
    n = t if (memory <= 0 or t <= memory) else memory
    defections = state[0]
    cooperations = n - defections
    if defections > cooperations:
        return 1
    if defections == cooperations:
        return 0 if values[1] > 0.5 else 1
    return 0


@numba.njit(cache=True, inline="always")
def _gradual(values, state, own, opp, t, length, stream):
    # Axelrod Gradual: state = [opponent's defections, punishments left, calm rounds left]
    if t == 0:
        return 0
    state[0] += opp[t - 1]
    if state[1] > 0:
        state[1] -= 1
        return 1
    if state[2] > 0:
        state[2] -= 1
        return 0
    if opp[t - 1] == 1:
        state[1] = state[0] - 1
        state[2] = 2
        return 1
    return 0


@numba.njit(cache=True, inline="always")
def _original_gradual(values, state, own, opp, t, length, stream):
    # Axelrod OriginalGradual: state = [calming, punishing, punishment count, limit]
    if state[0] > 0.5:
        state[0] = 0.0
        return 0
    if state[1] > 0.5:
        if state[2] < state[3]:
            state[2] += 1
            return 1
        state[0] = 1.0
        state[1] = 0.0
        state[2] = 0.0
        return 0
    if t > 0 and opp[t - 1] == 1:
        state[1] = 1.0
        state[2] += 1
        state[3] += 1
        return 1
    return 0


@numba.njit(cache=True, inline="always")
def _adaptive(values, state, own, opp, t, length, stream):
    # Axelrod Adaptive: C x6, D x5, then the move whose total pay-off so far is higher.
    # values = (R, S, T, P); state = [total pay-off after own C, after own D]
    if t > 0:
        a = int(own[t - 1])
        state[a] += _payoff(values, 0, a, int(opp[t - 1]))
    if t < 6:
        return 0
    if t < 11:
        return 1
    return 0 if state[0] > state[1] else 1


@numba.njit(cache=True, inline="always")
def _second_by_tester(values, state, own, opp, t, length, stream):
    # Axelrod SecondByTester: state[0] = 1 once it has turned into Tit For Tat.
    if t == 0:
        return 1
    if state[0] > 0.5:
        return int(opp[t - 1])
    if opp[t - 1] == 1:
        state[0] = 1.0
        return 0
    if t <= 2:
        return 0
    return 1 - int(own[t - 1])


@numba.njit(cache=True, inline="always")
def _prober_4(values, state, own, opp, t, length, stream):
    # Axelrod Prober4: state = [just defections, unjust defections, turned defector]
    if t == 0:
        return _PROBER_4_OPENING & 1
    if t < _PROBER_4_OPENING_LENGTH:
        if opp[t - 1] == 1:
            if own[t - 1] == 1:
                state[0] += 1
            else:
                state[1] += 1
        return (_PROBER_4_OPENING >> t) & 1
    if t == _PROBER_4_OPENING_LENGTH:
        state[2] = 1.0 if abs(state[0] - state[1]) <= 2 else 0.0
    if state[2] > 0.5:
        return 1
    if t < _PROBER_4_OPENING_LENGTH + 5:
        return 0
    return int(opp[t - 1])


@numba.njit(cache=True, inline="always")
def _back_stabber(values, state, own, opp, t, length, stream):
    # Axelrod BackStabber / DoubleCrosser (values[0] = 1): state = [opponent's defections,
    # opponent defected in the first 7 rounds]
    if t > 0:
        state[0] += opp[t - 1]
        if t - 1 < 7 and opp[t - 1] == 1:
            state[1] = 1.0
    if values[0] > 0.5 and state[1] < 0.5 and 7 <= t < 180:
        move = 1 if (opp[t - 1] == 1 and opp[t - 2] == 1) else 0
    elif t == 0:
        move = 0
    else:
        move = 1 if state[0] > 3 else 0
    if _in_final_rounds(t, length, 2):
        return 1
    return move


@numba.njit(cache=True, inline="always")
def _alexei(values, state, own, opp, t, length, stream):
    # Axelrod Alexei (values[0] = 0) / EugineNier (values[0] = 5): Tit For Tat that defects
    # in the last round; EugineNier defects for good once the opponent has defected 5 times.
    if t == 0:
        move = 0
    else:
        state[0] += opp[t - 1]
        if values[0] > 0 and state[0] >= values[0]:
            move = 1
        else:
            move = int(opp[t - 1])
    if _in_final_rounds(t, length, 1):
        return 1
    return move


@numba.njit(cache=True, inline="always")
def _punisher(values, state, own, opp, t, length, stream):
    # Axelrod Punisher / InversePunisher (values[0] = 1):
    # state = [mem_length, grudged, grudge_memory, opponent's defections]
    if t == 0:
        state[0] = 1.0
        state[2] = 1.0
    else:
        state[3] += opp[t - 1]
    if state[2] >= state[0]:
        state[2] = 0.0
        state[1] = 0.0
    if state[1] > 0.5:
        state[2] += 1
        return 1
    if t > 0 and opp[t - 1] == 1:
        defections = int(state[3])
        if values[0] > 0.5:
            mem = ((t - defections) * 20) // t
            if mem == 0:
                mem = 1
        else:
            mem = (defections * 20) // t
        state[0] = mem
        state[1] = 1.0
        return 1
    return 0


@numba.njit(cache=True, inline="always")
def _level_punisher(values, state, own, opp, t, length, stream):
    # Axelrod LevelPunisher / TrickyLevelPunisher (values[0] = 1):
    # state[0] = opponent's defections
    if t > 0:
        state[0] += opp[t - 1]
    if values[0] < 0.5:
        if t < 10:
            return 0
        return 1 if state[0] / t > 0.2 else 0
    if t == 0:
        return 0
    rate = state[0] / t
    if t < 10 and rate > 0.2:
        return 1
    if t < 50 and rate > 0.1:
        return 1
    if t < 100 and rate > 0.05:
        return 1
    return 0


@numba.njit(cache=True, inline="always")
def _grumpy(values, state, own, opp, t, length, stream):
    # Axelrod Grumpy(grumpy_threshold, nice_threshold), starting "Nice":
    # state = [opponent's defections, grumpy]
    if t > 0:
        state[0] += opp[t - 1]
    grumpiness = state[0] - (t - state[0])
    if state[1] < 0.5:
        if grumpiness > values[0]:
            state[1] = 1.0
            return 1
        return 0
    if grumpiness < values[1]:
        state[1] = 0.0
        return 0
    return 1


@numba.njit(cache=True, inline="always")
def _collective_strategy(values, state, own, opp, t, length, stream):
    # Axelrod CollectiveStrategy: state[0] = opponent's defections
    if t > 0:
        state[0] += opp[t - 1]
    if t == 0:
        return 0
    if t == 1:
        return 1
    if state[0] > 1:
        return 1
    if opp[0] == 0 and opp[1] == 1:
        return 0
    return 1


@numba.njit(cache=True, inline="always")
def _tricky_cooperator(values, state, own, opp, t, length, stream):
    # Axelrod TrickyCooperator: state[0] = 1 + round of the opponent's last D (0 = none)
    if t > 0 and opp[t - 1] == 1:
        state[0] = t
    if t >= 3 and (state[0] == 0 or state[0] <= t - 10):
        return 1
    return 0


@numba.njit(cache=True, inline="always")
def _tricky_defector(values, state, own, opp, t, length, stream):
    # Axelrod TrickyDefector: state[0] = opponent's co-operations
    if t > 0:
        state[0] += 1 - opp[t - 1]
    if t >= 3 and state[0] > 0 and opp[t - 1] == 1 and opp[t - 2] == 1 and opp[t - 3] == 1:
        return 0
    return 1


@numba.njit(cache=True, inline="always")
def _omega_tft(values, state, own, opp, t, length, stream):
    # Axelrod OmegaTFT(deadlock_threshold, randomness_threshold):
    # state = [randomness counter, deadlock counter]
    if t == 0:
        return 0
    if t == 1:
        return int(opp[0])
    deadlock = values[0]
    if state[1] >= deadlock:
        if state[1] == deadlock:
            state[1] = deadlock + 1
        else:
            state[1] = 0.0
        return 0
    last = opp[t - 1]
    before = opp[t - 2]
    if before == 0 and last == 0:
        state[0] -= 1
    if before != last:
        state[0] += 1
    if own[t - 1] != last:
        state[0] += 1
    if state[0] >= values[1]:
        return 1
    if before != last:
        state[1] += 1
    else:
        state[1] = 0.0
    return int(last)


@numba.njit(cache=True, inline="always")
def _spiteful_tit_for_tat(values, state, own, opp, t, length, stream):
    # Axelrod SpitefulTitForTat: state[0] = 1 once the opponent has played D twice running
    if t == 0:
        return 0
    if t >= 2 and opp[t - 1] == 1 and opp[t - 2] == 1:
        state[0] = 1.0
    if state[0] > 0.5:
        return 1
    return int(opp[t - 1])


@numba.njit(cache=True, inline="always")
def _alternator_hunter(values, state, own, opp, t, length, stream):
    # Axelrod AlternatorHunter: after 6 rounds, defect for good if the opponent alternated
    if t < 6:
        return 0
    if t == 6:
        alternating = 1.0
        for k in range(5):
            if opp[k] == opp[k + 1]:
                alternating = 0.0
        state[0] = alternating
    return 1 if state[0] > 0.5 else 0


@numba.njit(cache=True, inline="always")
def _move_hunter(values, state, own, opp, t, length, stream):
    # Axelrod CooperatorHunter (values[0] = 0) / DefectorHunter (values[0] = 1):
    # state[0] = how often the opponent played the hunted move
    hunted = int(values[0])
    if t > 0 and opp[t - 1] == hunted:
        state[0] += 1
    if t >= 4 and state[0] == t:
        return 1
    return 0


@numba.njit(cache=True, inline="always")
def _update_periods(state, base, opp, k, offset):
    """Mark periods 3..12 broken by move ``k`` of the sequence ``opp[offset:]``."""
    j = k - offset
    x = opp[k]
    for p in range(3, 13):
        if state[base + p - 3] < 0.5 and x != opp[offset + j % p]:
            state[base + p - 3] = 1.0


@numba.njit(cache=True, inline="always")
def _has_period(state, base, n):
    """Axelrod's detect_cycle(min_size=3) on a sequence of ``n`` moves found a cycle."""
    top = min(n // 2, 12)
    for p in range(3, top + 1):
        if state[base + p - 3] < 0.5:
            return True
    return False


@numba.njit(cache=True, inline="always")
def _cycle_hunter(values, state, own, opp, t, length, stream):
    # Axelrod CycleHunter: state = [found, history not constant, broken[period 3..12]]
    if t > 0:
        k = t - 1
        if opp[k] != opp[0]:
            state[1] = 1.0
        _update_periods(state, 2, opp, k, 0)
    if state[0] > 0.5:
        return 1
    # detect_cycle returns the shortest period; a constant history only has constant cycles
    if state[1] > 0.5 and _has_period(state, 2, t):
        state[0] = 1.0
        return 1
    return 0


@numba.njit(cache=True, inline="always")
def _eventual_cycle_hunter(values, state, own, opp, t, length, stream):
    # Axelrod EventualCycleHunter: every 10 rounds, look for a cycle after round 10.
    # state = [cycle found, opponent's co-operations, broken[period 3..12] of opp[10:]]
    if t > 0:
        k = t - 1
        state[1] += 1 - opp[k]
        if k >= 10:
            _update_periods(state, 2, opp, k, 10)
    if t < 10:
        return 0
    if state[1] == t:
        return 0
    if t % 10 == 0:
        state[0] = 1.0 if _has_period(state, 2, t - 10) else 0.0
    return 1 if state[0] > 0.5 else 0


@numba.njit(cache=True, inline="always")
def _advance_prefix(state, slot, target, own, opp):
    """Move the prefix count of co-operations (both players) in state[slot+1] to ``target``."""
    pos = int(state[slot])
    while pos < target:
        state[slot + 1] += 2 - own[pos] - opp[pos]
        pos += 1
    state[slot] = pos


@numba.njit(cache=True, inline="always")
def _math_constant_hunter(values, state, own, opp, t, length, stream):
    # Axelrod MathConstantHunter.  state = [opponent's defections, co-operations of both
    # players, then (position, prefix co-operations) at t//4, t//2 and 3t//4]
    if t > 0:
        state[0] += opp[t - 1]
        state[1] += 2 - own[t - 1] - opp[t - 1]
    n = t
    _advance_prefix(state, 2, n // 4, own, opp)
    _advance_prefix(state, 4, n // 2, own, opp)
    _advance_prefix(state, 6, 3 * n // 4, own, opp)
    if n >= 8 and state[0] > 0 and state[0] < n:
        count1 = state[5]
        count2 = state[7] - state[3]
        count3 = state[1] - state[5]
        ratio1 = 0.5 * count1 / (n // 2)
        ratio2 = 0.5 * count2 / (3 * n // 4 - n // 4)
        ratio3 = 0.5 * count3 / (n - n // 2)
        if abs(ratio1 - ratio2) < 0.2 and abs(ratio1 - ratio3) < 0.2:
            return 1
    return 0


@numba.njit(cache=True, inline="always")
def _random_hunter(values, state, own, opp, t, length, stream):
    # Axelrod RandomHunter: state = [count CC, count DD, own co-operations]
    # (own move two rounds ago against the opponent's last move)
    if t > 0:
        state[2] += 1 - own[t - 1]
    if t > 1:
        if own[t - 2] == 0 and opp[t - 1] == 0:
            state[0] += 1
        if own[t - 2] == 1 and opp[t - 1] == 1:
            state[1] += 1
    if t > 10:
        cooperations = state[2]
        defections = t - cooperations
        found = False
        random_like = True
        if cooperations > 5:
            found = True
            if not abs(state[0] / cooperations - 0.5) < 0.25:
                random_like = False
        if defections > 5:
            found = True
            if not abs(state[1] / defections - 0.5) < 0.25:
                random_like = False
        if found and random_like:
            return 1
    return 0


@numba.njit(cache=True, inline="always")
def _count_exploitation(state, own, opp, t):
    """state[0] += rounds (C, D), state[1] += rounds (D, C), from round t - 1."""
    if t > 0:
        a = own[t - 1]
        b = opp[t - 1]
        if a == 0 and b == 1:
            state[0] += 1
        elif a == 1 and b == 0:
            state[1] += 1


@numba.njit(cache=True, inline="always")
def _retaliate(values, state, own, opp, t, length, stream):
    # Axelrod Retaliate(threshold): state = [rounds (C, D), rounds (D, C)]
    _count_exploitation(state, own, opp, t)
    return 1 if state[0] > state[1] * values[0] else 0


@numba.njit(cache=True, inline="always")
def _limited_retaliate(values, state, own, opp, t, length, stream):
    # Axelrod LimitedRetaliate(threshold, limit):
    # state = [rounds (C, D), rounds (D, C), retaliating, retaliation count]
    _count_exploitation(state, own, opp, t)
    if state[0] > state[1] * values[0]:
        state[2] = 1.0
    else:
        state[2] = 0.0
        state[3] = 0.0
    if state[2] > 0.5:
        if state[3] < values[1]:
            state[3] += 1
            return 1
        state[3] = 0.0
        state[2] = 0.0
    return 0


@numba.njit(cache=True, inline="always")
def _sneaky_tit_for_tat(values, state, own, opp, t, length, stream):
    # Axelrod SneakyTitForTat: state[0] = opponent's defections
    if t > 0:
        state[0] += opp[t - 1]
    if t < 2:
        return 0
    if state[0] == 0:
        return 1
    if opp[t - 1] == 1 and own[t - 2] == 1:
        return 0
    return int(opp[t - 1])


@numba.njit(cache=True, inline="always")
def _anti_cycler(values, state, own, opp, t, length, stream):
    # Axelrod AntiCycler: C D D, then C^1 D C^2 D C^3 D ...
    # state = [cycle length - 1, C played in the current block]
    if t == 0:
        return 0
    if t < 3:
        return 1
    if state[1] < state[0] + 1:
        state[1] += 1
        return 0
    state[0] += 1
    state[1] = 0.0
    return 1


@numba.njit(cache=True, inline="always")
def _remorseful_prober(values, state, own, opp, t, length, stream):
    # Axelrod RemorsefulProber(p): state[0] = last move was a probing defection
    if t == 0:
        return 0
    if opp[t - 1] == 1:
        if state[0] > 0.5:
            state[0] = 0.0
            return 0
        return 1
    p = values[0]
    if p == 1.0:
        state[0] = 1.0
        return 1
    if choose(stream, 1.0 - p) == 0:
        state[0] = 0.0
        return 0
    state[0] = 1.0
    return 1


@numba.njit(cache=True, inline="always")
def _average_copier(values, state, own, opp, t, length, stream):
    # Axelrod AverageCopier / NiceAverageCopier (values[0] = 1):
    # state[0] = opponent's co-operations
    if t == 0:
        return 0 if values[0] > 0.5 else choose(stream, 0.5)
    state[0] += 1 - opp[t - 1]
    return choose(stream, state[0] / t)


@numba.njit(cache=True, inline="always")
def _dynamic_two_tits_for_tat(values, state, own, opp, t, length, stream):
    # Axelrod DynamicTwoTitsForTat: state[0] = opponent's co-operations
    if t == 0:
        return 0
    state[0] += 1 - opp[t - 1]
    if opp[t - 1] == 1 or (t >= 2 and opp[t - 2] == 1):
        return choose(stream, state[0] / t)
    return 0


@numba.njit(cache=True, inline="always")
def _adaptive_tit_for_tat(values, state, own, opp, t, length, stream):
    # Axelrod AdaptiveTitForTat(rate): state[0] = the "world" estimate
    rate = values[0]
    if t == 0:
        state[0] = rate
        return 0
    if opp[t - 1] == 0:
        state[0] += rate * (1.0 - state[0])
    else:
        state[0] -= rate * state[0]
    return 0 if state[0] >= 0.5 else 1


@numba.njit(cache=True, inline="always")
def _michaelos(values, state, own, opp, t, length, stream):
    # Axelrod Michaelos: state[0] = defects for good
    if t == 0:
        move = 0
    elif state[0] > 0.5:
        move = 1
    elif own[t - 1] == 1 and opp[t - 1] == 0:
        move = choose(stream, 0.5)
        if move == 1:
            state[0] = 1.0
    else:
        move = int(opp[t - 1])
    if _in_final_rounds(t, length, 1):
        return 1
    return move


@numba.njit(cache=True, inline="always")
def _knowledgeable_worse_and_worse(values, state, own, opp, t, length, stream):
    # Axelrod KnowledgeableWorseAndWorse: P(D) = round / length (never D if length unknown)
    if length <= 0:
        return 0
    return choose(stream, 1.0 - (t + 1) / length)


@numba.njit(cache=True, inline="always")
def _stalker(values, state, own, opp, t, length, stream):
    # Axelrod Stalker: reacts to its own mean pay-off; values = (R, S, T, P);
    # state[0] = own total pay-off
    if t == 0:
        move = 0
    else:
        state[0] += _payoff(values, 0, int(own[t - 1]), int(opp[t - 1]))
        mean = state[0] / t
        very_good = values[0]
        wish = (values[0] + values[3]) / 2
        if mean > very_good:
            move = 1
        elif mean > wish and mean < very_good:
            move = 0
        elif mean > 2:
            move = 0
        elif mean < 2 and mean > 1:
            move = 1
        else:
            move = choose(stream, 0.5)
    if _in_final_rounds(t, length, 1):
        return 1
    return move


@numba.njit(cache=True, inline="always")
def _worse_and_worse(values, state, own, opp, t, length, stream):
    # Axelrod WorseAndWorse: P(D) = round / horizon
    return choose(stream, 1.0 - (t + 1) / values[0])


@numba.njit(cache=True, inline="always")
def _worse_and_worse_2(values, state, own, opp, t, length, stream):
    # Axelrod WorseAndWorse2: Tit For Tat for 20 rounds, then P(C) = 20 / round
    if t == 0:
        return 0
    if t + 1 <= values[0]:
        return int(opp[t - 1])
    return choose(stream, values[0] / (t + 1))


@numba.njit(cache=True, inline="always")
def _worse_and_worse_3(values, state, own, opp, t, length, stream):
    # Axelrod WorseAndWorse3: P(D) = opponent's defection rate; state[0] = its defections
    if t == 0:
        return 0
    state[0] += opp[t - 1]
    return choose(stream, 1.0 - state[0] / t)


@numba.njit(cache=True, inline="always")
def _inverse(values, state, own, opp, t, length, stream):
    # Axelrod Inverse: P(C) = 1 - 1/k, k = rounds since the opponent's last D;
    # state[0] = 1 + round of that D (0 = none yet)
    if t > 0 and opp[t - 1] == 1:
        state[0] = t
    if state[0] == 0:
        return 0
    ago = t - state[0] + 1
    return choose(stream, 1.0 - 1.0 / ago)


@numba.njit(cache=True, inline="always")
def _forgiver(values, state, own, opp, t, length, stream):
    # Axelrod Forgiver / ForgivingTitForTat (values[0] = 1): state[0] = opponent's defections
    if t > 0:
        state[0] += opp[t - 1]
    if state[0] > t / 10.0:
        return int(opp[t - 1]) if values[0] > 0.5 else 1
    return 0


@numba.njit(cache=True, inline="always")
def _calculator(values, state, own, opp, t, length, stream):
    # Axelrod Calculator: Joss (0.9) for 20 rounds; then, if the opponent's first 20 moves
    # were periodic (period 1..10), defect for good, else Tit For Tat.  state[0] = periodic
    if t == 0:
        return 0
    if t < 20:
        return 1 if opp[t - 1] == 1 else choose(stream, 0.9)
    if t == 20:
        state[0] = 0.0
        for p in range(1, 11):
            periodic = True
            for k in range(p, 20):
                if opp[k] != opp[k % p]:
                    periodic = False
                    break
            if periodic:
                state[0] = 1.0
                break
    if state[0] > 0.5:
        return 1
    return int(opp[t - 1])


@numba.njit(cache=True)
def classic_move(code, values, state, own, opp, t, length, stream):
    """Dispatch on the program code (100-199)."""
    if code == GO_BY_MAJORITY:
        return _go_by_majority(values, state, own, opp, t, length, stream)
    elif code == GRADUAL:
        return _gradual(values, state, own, opp, t, length, stream)
    elif code == ORIGINAL_GRADUAL:
        return _original_gradual(values, state, own, opp, t, length, stream)
    elif code == ADAPTIVE:
        return _adaptive(values, state, own, opp, t, length, stream)
    elif code == SECOND_BY_TESTER:
        return _second_by_tester(values, state, own, opp, t, length, stream)
    elif code == PROBER_4:
        return _prober_4(values, state, own, opp, t, length, stream)
    elif code == BACK_STABBER:
        return _back_stabber(values, state, own, opp, t, length, stream)
    elif code == ALEXEI:
        return _alexei(values, state, own, opp, t, length, stream)
    elif code == PUNISHER:
        return _punisher(values, state, own, opp, t, length, stream)
    elif code == LEVEL_PUNISHER:
        return _level_punisher(values, state, own, opp, t, length, stream)
    elif code == GRUMPY:
        return _grumpy(values, state, own, opp, t, length, stream)
    elif code == COLLECTIVE_STRATEGY:
        return _collective_strategy(values, state, own, opp, t, length, stream)
    elif code == TRICKY_COOPERATOR:
        return _tricky_cooperator(values, state, own, opp, t, length, stream)
    elif code == TRICKY_DEFECTOR:
        return _tricky_defector(values, state, own, opp, t, length, stream)
    elif code == OMEGA_TFT:
        return _omega_tft(values, state, own, opp, t, length, stream)
    elif code == SPITEFUL_TIT_FOR_TAT:
        return _spiteful_tit_for_tat(values, state, own, opp, t, length, stream)
    elif code == ALTERNATOR_HUNTER:
        return _alternator_hunter(values, state, own, opp, t, length, stream)
    elif code == MOVE_HUNTER:
        return _move_hunter(values, state, own, opp, t, length, stream)
    elif code == CYCLE_HUNTER:
        return _cycle_hunter(values, state, own, opp, t, length, stream)
    elif code == EVENTUAL_CYCLE_HUNTER:
        return _eventual_cycle_hunter(values, state, own, opp, t, length, stream)
    elif code == MATH_CONSTANT_HUNTER:
        return _math_constant_hunter(values, state, own, opp, t, length, stream)
    elif code == RANDOM_HUNTER:
        return _random_hunter(values, state, own, opp, t, length, stream)
    elif code == RETALIATE:
        return _retaliate(values, state, own, opp, t, length, stream)
    elif code == LIMITED_RETALIATE:
        return _limited_retaliate(values, state, own, opp, t, length, stream)
    elif code == SNEAKY_TIT_FOR_TAT:
        return _sneaky_tit_for_tat(values, state, own, opp, t, length, stream)
    elif code == ANTI_CYCLER:
        return _anti_cycler(values, state, own, opp, t, length, stream)
    elif code == REMORSEFUL_PROBER:
        return _remorseful_prober(values, state, own, opp, t, length, stream)
    elif code == AVERAGE_COPIER:
        return _average_copier(values, state, own, opp, t, length, stream)
    elif code == DYNAMIC_TWO_TITS_FOR_TAT:
        return _dynamic_two_tits_for_tat(values, state, own, opp, t, length, stream)
    elif code == ADAPTIVE_TIT_FOR_TAT:
        return _adaptive_tit_for_tat(values, state, own, opp, t, length, stream)
    elif code == MICHAELOS:
        return _michaelos(values, state, own, opp, t, length, stream)
    elif code == KNOWLEDGEABLE_WORSE_AND_WORSE:
        return _knowledgeable_worse_and_worse(values, state, own, opp, t, length, stream)
    elif code == STALKER:
        return _stalker(values, state, own, opp, t, length, stream)
    elif code == WORSE_AND_WORSE:
        return _worse_and_worse(values, state, own, opp, t, length, stream)
    elif code == WORSE_AND_WORSE_2:
        return _worse_and_worse_2(values, state, own, opp, t, length, stream)
    elif code == WORSE_AND_WORSE_3:
        return _worse_and_worse_3(values, state, own, opp, t, length, stream)
    elif code == INVERSE:
        return _inverse(values, state, own, opp, t, length, stream)
    elif code == FORGIVER:
        return _forgiver(values, state, own, opp, t, length, stream)
    elif code == CALCULATOR:
        return _calculator(values, state, own, opp, t, length, stream)
    return choose(stream, 0.5)  # unknown code: unreachable from validated specs
