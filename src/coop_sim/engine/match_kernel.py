"""Match kernels: one match with its history, and a whole round robin in parallel.

Encodings (all kernels): ``turns <= 0`` means no fixed length, ``continuation < 0`` means no
continuation probability; a match's stream is keyed by ``stream_key(seed_key, i, j, rep)``.
Its first draw, when ``continuation >= 0``, is the match length; the players' draws follow.
Outcome counts are indexed ``2 * a + b`` (CC, CD, DC, DD from player A's side).
"""

import math

import numba
import numpy as np

from coop_sim.engine.automaton_kernel import (
    deterministic_counts,
    play_automata,
    play_automata_repetitions,
    threshold,
)
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


@numba.njit(cache=True, _nrt=False)  # no reference counting: it allocates nothing
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
    fam_a, par_a, size_a, fam_b, par_b, size_b, auto_thr, auto_nxt, auto_off, auto_start,
    is_auto, turns, continuation, noise_a, noise_b, known_length, seed_key, i, j, rep,
):  # fmt: skip
    """One match with its history: returns moves, int8 ``(n, 2)``.

    Player A is strategy 0 and player B strategy 1 of the packed automaton arrays.
    """
    stream = np.zeros(2, dtype=np.uint64)
    stream[0] = stream_key(seed_key, i, j, rep)
    n = draw_length(stream, turns, continuation)
    length = n if (known_length and continuation < 0.0) else NO_LENGTH
    hist_a = np.empty(n, dtype=np.int8)
    hist_b = np.empty(n, dtype=np.int8)
    if is_auto[0] and is_auto[1]:
        counts = np.zeros(4, dtype=np.int64)
        play_automata(
            auto_thr[auto_off[0] : auto_off[1]], auto_nxt[8 * auto_off[0] : 8 * auto_off[1]],
            auto_start[0], auto_thr[auto_off[1] : auto_off[2]],
            auto_nxt[8 * auto_off[1] : 8 * auto_off[2]], auto_start[1], n, threshold(noise_a),
            threshold(noise_b), stream[0], stream[1] + 1, counts, hist_a, hist_b, True,
        )  # fmt: skip
    else:
        st_a = np.zeros(max(size_a, 1), dtype=np.float64)
        st_b = np.zeros(max(size_b, 1), dtype=np.float64)
        play_into(
            fam_a, par_a, st_a, fam_b, par_b, st_b, n, length, noise_a, noise_b, stream,
            hist_a, hist_b,
        )  # fmt: skip
    moves = np.empty((n, 2), dtype=np.int8)
    moves[:, 0] = hist_a
    moves[:, 1] = hist_b
    return moves


@numba.njit(cache=True, inline="always")
def _count(hist_a, hist_b, start, stop, counts):
    for t in range(start, stop):
        counts[2 * hist_a[t] + hist_b[t]] += 1


@numba.njit(cache=True)
def _play_pair_rep(
    i, j, fam_i, par_i, st_i, fam_j, par_j, st_j, auto_thr, auto_nxt, auto_off, auto_start,
    both_auto, n, length, noise, stream, hist_a, hist_b, counts, record,
):  # fmt: skip
    """Play one match of the pair (i, j) on the fast or the generic path.

    Returns the first round's outcome code; adds the outcome counts into ``counts``.
    """
    if both_auto:
        return play_automata(
            auto_thr[auto_off[i] : auto_off[i + 1]],
            auto_nxt[8 * auto_off[i] : 8 * auto_off[i + 1]], auto_start[i],
            auto_thr[auto_off[j] : auto_off[j + 1]],
            auto_nxt[8 * auto_off[j] : 8 * auto_off[j + 1]], auto_start[j], n,
            threshold(noise), threshold(noise), stream[0], stream[1] + 1, counts, hist_a, hist_b,
            record,
        )  # fmt: skip
    play_into(
        fam_i, par_i, st_i, fam_j, par_j, st_j, n, length, noise, noise, stream, hist_a, hist_b
    )
    _count(hist_a, hist_b, 0, n, counts)
    return 2 * hist_a[0] + hist_b[0]


@numba.njit(cache=True, parallel=True)
def tournament_kernel(
    families, offsets, params, state_sizes, deterministic, auto_thr, auto_nxt, auto_off,
    auto_start, is_auto, is_m1, pair_i, pair_j, repetitions, turns, continuation, noise,
    known_length, seed_key, out_counts, out_first,
):  # fmt: skip
    """Play every pair ``(pair_i[k], pair_j[k])`` ``repetitions`` times.

    Writes outcome counts to ``out_counts[k, r, 0:4]`` and the first round's outcome code
    (``2 * a + b``) to ``out_first[k, r]``.  Pairs run in parallel; each match's random
    stream depends only on (seed_key, i, j, r), so results do not depend on thread count.
    Pairs of automata take the fast path (:mod:`coop_sim.engine.automaton_kernel`).  A
    deterministic pair without noise is played once (to the longest length drawn) and its
    repetitions are read off that history.
    """
    n_pairs = pair_i.shape[0]
    for k in numba.prange(n_pairs):
        i = pair_i[k]
        j = pair_j[k]
        par_i = params[offsets[i] : offsets[i + 1]]
        par_j = params[offsets[j] : offsets[j + 1]]
        st_i = np.zeros(max(state_sizes[i], 1), dtype=np.float64)
        st_j = np.zeros(max(state_sizes[j], 1), dtype=np.float64)
        both_auto = is_auto[i] and is_auto[j]
        stream = np.zeros(2, dtype=np.uint64)
        lengths = np.empty(repetitions, dtype=np.int64)
        longest = 0
        for r in range(repetitions):
            stream[0] = stream_key(seed_key, i, j, r)
            stream[1] = 0
            lengths[r] = draw_length(stream, turns, continuation)
            longest = max(longest, lengths[r])
        c0 = np.int64(stream[1]) + 1  # the players' draws start after the length draw
        counts = np.zeros(4, dtype=np.int64)
        deterministic_pair = deterministic[i] and deterministic[j] and noise == 0.0
        if deterministic_pair and both_auto:
            if deterministic_counts(
                auto_thr[auto_off[i] : auto_off[i + 1]],
                auto_nxt[8 * auto_off[i] : 8 * auto_off[i + 1]], auto_start[i],
                auto_thr[auto_off[j] : auto_off[j + 1]],
                auto_nxt[8 * auto_off[j] : 8 * auto_off[j + 1]], auto_start[j], lengths,
                out_counts[k], out_first[k],
            ):  # fmt: skip
                continue
        if deterministic_pair:
            # every repetition is a prefix of the same history (lengths differ only under
            # a continuation probability, and then the players are never told the length)
            hist_a = np.empty(longest, dtype=np.int8)
            hist_b = np.empty(longest, dtype=np.int8)
            length = longest if (known_length and continuation < 0.0) else NO_LENGTH
            _play_pair_rep(
                i, j, families[i], par_i, st_i, families[j], par_j, st_j, auto_thr, auto_nxt,
                auto_off, auto_start, both_auto, longest, length, 0.0, stream, hist_a, hist_b,
                counts, True,
            )  # fmt: skip
            counts[:] = 0
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
        if both_auto:
            keys = np.empty(repetitions, dtype=np.uint64)
            for r in range(repetitions):
                keys[r] = stream_key(seed_key, i, j, r)
            play_automata_repetitions(
                auto_thr[auto_off[i] : auto_off[i + 1]],
                auto_nxt[8 * auto_off[i] : 8 * auto_off[i + 1]], auto_start[i],
                auto_thr[auto_off[j] : auto_off[j + 1]],
                auto_nxt[8 * auto_off[j] : 8 * auto_off[j + 1]], auto_start[j], lengths, keys,
                c0, threshold(noise), threshold(noise), is_m1[i] and is_m1[j], out_counts[k],
                out_first[k],
            )  # fmt: skip
            continue
        hist_a = np.empty(longest, dtype=np.int8)
        hist_b = np.empty(longest, dtype=np.int8)
        for r in range(repetitions):
            stream[0] = stream_key(seed_key, i, j, r)
            stream[1] = 0
            n = draw_length(stream, turns, continuation)
            length = n if (known_length and continuation < 0.0) else NO_LENGTH
            counts[:] = 0
            out_first[k, r] = _play_pair_rep(
                i, j, families[i], par_i, st_i, families[j], par_j, st_j, auto_thr, auto_nxt,
                auto_off, auto_start, both_auto, n, length, noise, stream, hist_a, hist_b,
                counts, False,
            )  # fmt: skip
            for c in range(4):
                out_counts[k, r, c] = counts[c]
