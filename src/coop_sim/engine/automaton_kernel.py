"""The fast path: matches between two finite-state strategies in table form.

Random numbers are addressed by position rather than drawn in sequence.  Round ``t`` of a
match reads draw ``c0 + 2 t`` of the match's stream for both players' intentions (its high
32 bits for player A, its low 32 bits for player B) and draw ``c0 + 2 t + 1`` for both noise
flips.  A player intends C when its 32-bit number is below ``ceil(p_c[state] * 2**32)`` --
exactly "uniform < p_c" for the uniform ``u32 / 2**32`` -- so probabilities 0 and 1 never
depend on the draw.  A flip happens when the noise number is below ``ceil(noise * 2**32)``.

Because no draw depends on the previous one, the next round's work is just two table
look-ups, and four matches (repetitions) are interleaved so that their dependency chains
overlap.  Results are identical to playing the matches one at a time.
"""

import numba
import numpy as np

from coop_sim.engine.rng import _GAMMA, mix64

_HIGH = np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)
SCALE = 4294967296.0  # 2**32


@numba.njit(cache=True, inline="always")
def _draw(key, counter):
    return mix64(key + np.uint64(counter) * _GAMMA)


@numba.njit(cache=True, inline="always")
def _round(thr_a, nxt_a, thr_b, nxt_b, s_a, s_b, key, counter, noise_a, noise_b, noisy, m1):
    """One round: returns (next state A, next state B, outcome code 2a + b).

    With ``m1`` both players are memory-one in the standard layout (state ``1 + 2 own + opp``)
    and the next states are computed rather than looked up, which shortens the chain of
    dependent loads from one round to the next.
    """
    x = _draw(key, counter)
    i_a = 0 if np.int64(x >> _HIGH) < thr_a[s_a] else 1
    i_b = 0 if np.int64(x & _LOW) < thr_b[s_b] else 1
    a = i_a
    b = i_b
    if noisy:
        y = _draw(key, counter + 1)
        if np.int64(y >> _HIGH) < noise_a:
            a = 1 - a
        if np.int64(y & _LOW) < noise_b:
            b = 1 - b
    if m1:
        return 1 + 2 * a + b, 1 + 2 * b + a, 2 * a + b
    return nxt_a[s_a * 8 + i_a * 4 + a * 2 + b], nxt_b[s_b * 8 + i_b * 4 + b * 2 + a], 2 * a + b


@numba.njit(cache=True)
def play_automata(
    thr_a, nxt_a, start_a, thr_b, nxt_b, start_b, n, noise_a, noise_b, key, c0,
    counts, hist_a, hist_b, record, m1=False,
):  # fmt: skip
    """Play one match of ``n`` rounds; add outcome counts (CC, CD, DC, DD) into ``counts``.

    ``thr_*`` are int64 thresholds ``ceil(p_c * 2**32)``, ``nxt_*`` flat int64 tables
    (``state * 8 + intended * 4 + own * 2 + opp``), ``noise_*`` int64 thresholds.  With
    ``record`` the actual moves go to ``hist_a``/``hist_b``.  Returns the first outcome code.
    """
    noisy = noise_a > 0 or noise_b > 0
    s_a = start_a
    s_b = start_b
    first = 0
    for t in range(n):
        s_a, s_b, o = _round(
            thr_a, nxt_a, thr_b, nxt_b, s_a, s_b, key, c0 + 2 * t, noise_a, noise_b, noisy, m1
        )
        counts[o] += 1
        if t == 0:
            first = o
        if record:
            hist_a[t] = o >> 1
            hist_b[t] = o & 1
    return first


@numba.njit(cache=True)
def play_automata_repetitions(
    thr_a, nxt_a, start_a, thr_b, nxt_b, start_b, lengths, keys, c0, noise_a, noise_b,
    m1, counts, first,
):  # fmt: skip
    """Play one match per entry of ``keys``/``lengths``, four interleaved at a time.

    Writes outcome counts to ``counts[r, 0:4]`` and first outcome codes to ``first[r]``.
    ``m1``: both automata are memory-one in the standard layout (see ``_round``).
    """
    noisy = noise_a > 0 or noise_b > 0
    reps = keys.shape[0]
    c = np.zeros((4, 4), dtype=np.int64)
    for base in range(0, reps - 3, 4):
        k0 = keys[base]
        k1 = keys[base + 1]
        k2 = keys[base + 2]
        k3 = keys[base + 3]
        n = min(min(lengths[base], lengths[base + 1]), min(lengths[base + 2], lengths[base + 3]))
        a0 = a1 = a2 = a3 = start_a
        b0 = b1 = b2 = b3 = start_b
        c[:, :] = 0
        for t in range(n):
            q = c0 + 2 * t
            a0, b0, o0 = _round(
                thr_a, nxt_a, thr_b, nxt_b, a0, b0, k0, q, noise_a, noise_b, noisy, m1
            )
            a1, b1, o1 = _round(
                thr_a, nxt_a, thr_b, nxt_b, a1, b1, k1, q, noise_a, noise_b, noisy, m1
            )
            a2, b2, o2 = _round(
                thr_a, nxt_a, thr_b, nxt_b, a2, b2, k2, q, noise_a, noise_b, noisy, m1
            )
            a3, b3, o3 = _round(
                thr_a, nxt_a, thr_b, nxt_b, a3, b3, k3, q, noise_a, noise_b, noisy, m1
            )
            if t == 0:
                first[base] = o0
                first[base + 1] = o1
                first[base + 2] = o2
                first[base + 3] = o3
            c[0, o0] += 1
            c[1, o1] += 1
            c[2, o2] += 1
            c[3, o3] += 1
        # lanes longer than the shortest finish one at a time
        states_a = (a0, a1, a2, a3)
        states_b = (b0, b1, b2, b3)
        for lane in range(4):
            r = base + lane
            s_a = states_a[lane]
            s_b = states_b[lane]
            for t in range(n, lengths[r]):
                s_a, s_b, o = _round(
                    thr_a, nxt_a, thr_b, nxt_b, s_a, s_b, keys[r], c0 + 2 * t, noise_a, noise_b,
                    noisy, m1,
                )  # fmt: skip
                c[lane, o] += 1
                if t == 0:
                    first[r] = o
            for o in range(4):
                counts[r, o] = c[lane, o]
    no_history = np.zeros(1, dtype=np.int8)
    for r in range(reps - reps % 4, reps):
        counts[r, :] = 0
        first[r] = play_automata(
            thr_a, nxt_a, start_a, thr_b, nxt_b, start_b, lengths[r], noise_a, noise_b,
            keys[r], c0, counts[r], no_history, no_history, False, m1,
        )  # fmt: skip


@numba.njit(cache=True, inline="always")
def threshold(probability):
    """``ceil(probability * 2**32)`` as int64: compare a 32-bit draw against it."""
    return np.int64(np.ceil(probability * SCALE))


@numba.njit(cache=True)
def deterministic_counts(
    thr_a, nxt_a, start_a, thr_b, nxt_b, start_b, lengths, counts, first
):  # fmt: skip
    """Outcome counts of a deterministic, noiseless pair of automata for every length.

    The joint state (s_a, s_b) must repeat within ``n_a * n_b`` rounds, after which the
    match cycles.  The rounds up to the first repeat are played once; any length is then
    a prefix plus whole cycles plus a partial cycle.  Writes ``counts[r, 0:4]`` for each
    ``lengths[r]`` and ``first[r]``; returns False (writing nothing) if the product of the
    state counts is too large for the visit table.
    """
    n_a = thr_a.shape[0]
    n_b = thr_b.shape[0]
    if n_a * n_b > 1 << 20:
        return False
    seen = np.full(n_a * n_b, -1, dtype=np.int64)
    longest = 0
    for r in range(lengths.shape[0]):
        longest = max(longest, lengths[r])
    # cumulative[t, o]: rounds before t with outcome o; a joint state must repeat by
    # round n_a * n_b, so the table never needs more rows than that
    cumulative = np.zeros((min(longest, n_a * n_b) + 1, 4), dtype=np.int64)
    s_a = start_a
    s_b = start_b
    cycle_start = -1
    t = 0
    while t < longest:
        here = s_a * n_b + s_b
        if seen[here] >= 0:
            cycle_start = seen[here]
            break
        seen[here] = t
        i_a = 0 if thr_a[s_a] > 0 else 1
        i_b = 0 if thr_b[s_b] > 0 else 1
        o = 2 * i_a + i_b
        for c in range(4):
            cumulative[t + 1, c] = cumulative[t, c]
        cumulative[t + 1, o] += 1
        s_a = nxt_a[s_a * 8 + i_a * 4 + o]
        s_b = nxt_b[s_b * 8 + i_b * 4 + 2 * i_b + i_a]
        t += 1
    played = t
    for r in range(lengths.shape[0]):
        n = lengths[r]
        first[r] = 2 * (cumulative[1, 2] + cumulative[1, 3]) + cumulative[1, 1] + cumulative[1, 3]
        if n <= played or cycle_start < 0:
            m = min(n, played)
            for c in range(4):
                counts[r, c] = cumulative[m, c]
            continue
        period = played - cycle_start
        whole, rest = divmod(n - cycle_start, period)
        for c in range(4):
            per_cycle = cumulative[played, c] - cumulative[cycle_start, c]
            partial = cumulative[cycle_start + rest, c] - cumulative[cycle_start, c]
            counts[r, c] = cumulative[cycle_start, c] + whole * per_cycle + partial
    return True
