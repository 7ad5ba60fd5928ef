"""Match kernels: one match with its history, and a whole round robin in parallel.

Encodings (all kernels): ``turns <= 0`` means no fixed length, ``continuation < 0`` means no
continuation probability; a match's stream is keyed by ``stream_key(seed_key, i, j, rep)``.
Its first draw, when ``continuation >= 0``, is the match length; the players' draws follow.
Outcome counts are indexed ``2 * a + b`` (CC, CD, DC, DD from player A's side).
"""

import math

import numba
import numpy as np

from coop_sim.engine.rng import stream_key, uniform
from coop_sim.engine.step import after_round, intended_move, reset

NO_LENGTH = -1


@numba.njit(cache=True)
def draw_length(stream, turns, continuation):
    """Length of one match: fixed ``turns``, Geometric(1 - w), or the smaller of the two."""
    if continuation < 0.0:
        return turns
    if continuation == 0.0:
        n = 1
    else:
        u = 1.0 - uniform(stream)  # in (0, 1]
        x = 1.0 + math.floor(math.log(u) / math.log(continuation))
        n = 2**62 if x > 2.0**62 else int(x)
    if turns > 0 and turns < n:
        return turns
    return n


@numba.njit(cache=True)
def play_into(
    fam_a, par_a, st_a, fam_b, par_b, st_b, n, length, noise_a, noise_b, stream, hist_a, hist_b
):
    """Play ``n`` rounds, writing actual moves into ``hist_a``/``hist_b``; return nothing."""
    reset(fam_a, par_a, st_a)
    reset(fam_b, par_b, st_b)
    for t in range(n):
        ia = intended_move(fam_a, par_a, st_a, hist_a, hist_b, t, length, stream)
        ib = intended_move(fam_b, par_b, st_b, hist_b, hist_a, t, length, stream)
        a = ia
        b = ib
        if noise_a > 0.0 and uniform(stream) < noise_a:
            a = 1 - a
        if noise_b > 0.0 and uniform(stream) < noise_b:
            b = 1 - b
        hist_a[t] = a
        hist_b[t] = b
        after_round(fam_a, par_a, st_a, ia, a, b)
        after_round(fam_b, par_b, st_b, ib, b, a)


@numba.njit(cache=True)
def play_one(
    fam_a, par_a, size_a, fam_b, par_b, size_b, turns, continuation, noise_a, noise_b,
    known_length, seed_key, i, j, rep,
):  # fmt: skip
    """One match with its history: returns (moves int8 (n, 2))."""
    stream = np.zeros(2, dtype=np.uint64)
    stream[0] = stream_key(seed_key, i, j, rep)
    n = draw_length(stream, turns, continuation)
    length = n if (known_length and continuation < 0.0) else NO_LENGTH
    hist_a = np.empty(n, dtype=np.int8)
    hist_b = np.empty(n, dtype=np.int8)
    st_a = np.zeros(max(size_a, 1), dtype=np.float64)
    st_b = np.zeros(max(size_b, 1), dtype=np.float64)
    play_into(
        fam_a, par_a, st_a, fam_b, par_b, st_b, n, length, noise_a, noise_b, stream, hist_a, hist_b
    )
    moves = np.empty((n, 2), dtype=np.int8)
    moves[:, 0] = hist_a
    moves[:, 1] = hist_b
    return moves


@numba.njit(cache=True, inline="always")
def _count(hist_a, hist_b, start, stop, counts):
    for t in range(start, stop):
        counts[2 * hist_a[t] + hist_b[t]] += 1


@numba.njit(cache=True, parallel=True)
def tournament_kernel(
    families, offsets, params, state_sizes, deterministic, pair_i, pair_j, repetitions,
    turns, continuation, noise, known_length, seed_key, out_counts, out_first,
):  # fmt: skip
    """Play every pair ``(pair_i[k], pair_j[k])`` ``repetitions`` times.

    Writes outcome counts to ``out_counts[k, r, 0:4]`` and the first round's outcome code
    (``2 * a + b``) to ``out_first[k, r]``.  Pairs run in parallel; each match's random
    stream depends only on (seed_key, i, j, r), so results do not depend on thread count.
    A deterministic pair without noise is played once (to the longest length drawn) and
    its repetitions are read off that history.
    """
    n_pairs = pair_i.shape[0]
    for k in numba.prange(n_pairs):
        i = pair_i[k]
        j = pair_j[k]
        par_a = params[offsets[i] : offsets[i + 1]]
        par_b = params[offsets[j] : offsets[j + 1]]
        st_a = np.zeros(max(state_sizes[i], 1), dtype=np.float64)
        st_b = np.zeros(max(state_sizes[j], 1), dtype=np.float64)
        stream = np.zeros(2, dtype=np.uint64)
        lengths = np.empty(repetitions, dtype=np.int64)
        longest = 0
        for r in range(repetitions):
            stream[0] = stream_key(seed_key, i, j, r)
            stream[1] = 0
            lengths[r] = draw_length(stream, turns, continuation)
            longest = max(longest, lengths[r])
        hist_a = np.empty(longest, dtype=np.int8)
        hist_b = np.empty(longest, dtype=np.int8)
        counts = np.zeros(4, dtype=np.int64)
        if deterministic[i] and deterministic[j] and noise == 0.0:
            # every repetition is a prefix of the same history (lengths differ only under
            # a continuation probability, and then the players are never told the length)
            length = longest if (known_length and continuation < 0.0) else NO_LENGTH
            stream[0] = stream_key(seed_key, i, j, 0)
            stream[1] = 0
            play_into(
                families[i], par_a, st_a, families[j], par_b, st_b, longest, length,
                0.0, 0.0, stream, hist_a, hist_b,
            )  # fmt: skip
            order = np.argsort(lengths)
            done = 0
            for q in range(repetitions):
                r = order[q]
                _count(hist_a, hist_b, done, lengths[r], counts)
                done = lengths[r]
                for c in range(4):
                    out_counts[k, r, c] = counts[c]
                out_first[k, r] = 2 * hist_a[0] + hist_b[0]
            continue
        for r in range(repetitions):
            stream[0] = stream_key(seed_key, i, j, r)
            stream[1] = 0
            n = draw_length(stream, turns, continuation)
            length = n if (known_length and continuation < 0.0) else NO_LENGTH
            play_into(
                families[i], par_a, st_a, families[j], par_b, st_b, n, length,
                noise, noise, stream, hist_a, hist_b,
            )  # fmt: skip
            counts[:] = 0
            _count(hist_a, hist_b, 0, n, counts)
            for c in range(4):
                out_counts[k, r, c] = counts[c]
            out_first[k, r] = 2 * hist_a[0] + hist_b[0]
