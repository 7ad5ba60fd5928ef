"""Slow, obvious twins of the kernels, written for clarity rather than speed.

Each function here re-implements a compiled kernel in plain Python so that tests can compare
the two move for move (same random stream, same semantics).
"""

from __future__ import annotations

import math

import numpy as np

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15


def mix64(z: int) -> int:
    """SplitMix64's finaliser on Python ints."""
    z &= MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def stream_key(seed_key: int, a: int, b: int, c: int) -> int:
    k = mix64(seed_key + GAMMA * (a + 1))
    k = mix64(k ^ ((GAMMA * (b + 1)) & MASK))
    return mix64(k + 0xBF58476D1CE4E5B9 * (c + 1))


class Stream:
    """The k-th draw is a function of (key, k) only."""

    def __init__(self, key: int) -> None:
        self.key = key
        self.counter = 0

    def uniform(self) -> float:
        self.counter += 1
        x = mix64(self.key + self.counter * GAMMA)
        return (x >> 11) / 2.0**53

    def choose(self, p: float) -> int:
        if p >= 1.0:
            return 0
        if p <= 0.0:
            return 1
        return 0 if self.uniform() < p else 1


def match_length(stream: Stream, turns: int | None, continuation: float | None) -> int:
    if continuation is None:
        return turns
    if continuation == 0.0:
        n = 1
    else:
        u = 1.0 - stream.uniform()
        n = 1 + math.floor(math.log(u) / math.log(continuation))
    return min(n, turns) if turns is not None else n


def uniform_pair(key: int, counter: int) -> tuple[float, float]:
    """Two 32-bit uniforms from draw ``counter`` of stream ``key`` (high bits first)."""
    x = mix64(key + counter * GAMMA)
    return (x >> 32) / 2.0**32, (x & 0xFFFFFFFF) / 2.0**32


def play_automata(auto_a, auto_b, *, seed_key, turns, continuation, noise_a, noise_b,
                  i=0, j=1, rep=0):  # fmt: skip
    """Play two automata (see coop_sim.strategies.spec.Automaton) round by round.

    Round t reads draw c0 + 2t for both intentions and c0 + 2t + 1 for both noise flips,
    where c0 is the first draw after the match length.
    """
    stream = Stream(stream_key(seed_key, i, j, rep))
    n = match_length(stream, turns, continuation)
    c0 = stream.counter + 1
    state_a, state_b = auto_a.start, auto_b.start
    moves = []
    for t in range(n):
        u_a, u_b = uniform_pair(stream.key, c0 + 2 * t)
        intended_a = 0 if u_a < auto_a.p_c[state_a] else 1
        intended_b = 0 if u_b < auto_b.p_c[state_b] else 1
        a, b = intended_a, intended_b
        if noise_a > 0 or noise_b > 0:
            v_a, v_b = uniform_pair(stream.key, c0 + 2 * t + 1)
            a = 1 - a if v_a < noise_a else a
            b = 1 - b if v_b < noise_b else b
        moves.append((a, b))
        state_a = int(auto_a.nxt[state_a, intended_a, a, b])
        state_b = int(auto_b.nxt[state_b, intended_b, b, a])
    return moves


def tournament_counts(automata, *, seed_key, turns, continuation, noise, repetitions):
    """Outcome counts (CC, CD, DC, DD) of every pair i <= j and repetition, by brute force."""
    out = {}
    n = len(automata)
    for i in range(n):
        for j in range(i, n):
            for r in range(repetitions):
                moves = play_automata(
                    automata[i], automata[j], seed_key=seed_key, turns=turns,
                    continuation=continuation, noise_a=noise, noise_b=noise, i=i, j=j, rep=r,
                )  # fmt: skip
                counts = [0, 0, 0, 0]
                for a, b in moves:
                    counts[2 * a + b] += 1
                out[(i, j, r)] = counts
    return out


# --------------------------------------------------------------------------------------
# Exact expected pay-offs: twins of coop_sim.engine.exact
#
# Slow, obvious twins of :mod:`coop_sim.engine.exact` (pure Python and numpy, no numba).
#
# An automaton is a tuple ``(p_c, nxt, start)`` in the engine's convention: ``p_c[s]`` is the
# probability of intending C (0) in state ``s`` and ``nxt[s, intended, own, opp]`` the next state.
# A result is ``[pay_a, pay_b, f_CC, f_CD, f_DC, f_DD]`` (outcomes from A's side).
#
# * fixed length (with or without a continuation probability): the exact distribution over joint
#   states is propagated round by round as a dict;
# * discounted: the same propagation, summed until ``w**t < 1e-13``;
# * stationary: a long Cesaro average ``(1/N) sum_{t<N} E[u_t]`` over ``N = 2**60`` rounds on the
#   full product chain, by doubling (``S_2k = S_k + M^k S_k``).  Its error is about ``C / N``
#   where ``C`` is a mixing time (transient length plus period), so ~1e-10 or better for the
#   small automata of the tests; compare with a tolerance of 1e-8.

Automaton = tuple[np.ndarray, np.ndarray, int]

DEFAULT_GAME = (3.0, 0.0, 5.0, 1.0)


def memory_one(first: float, p_cc: float, p_cd: float, p_dc: float, p_dd: float) -> Automaton:
    """Memory-one strategy as a 5-state automaton (state 0 = round 0, 1 + 2*own + opp)."""
    p_c = np.array([first, p_cc, p_cd, p_dc, p_dd], dtype=np.float64)
    nxt = np.empty((5, 2, 2, 2), dtype=np.int64)
    for own in range(2):
        for opp in range(2):
            nxt[:, :, own, opp] = 1 + 2 * own + opp
    return p_c, nxt, 0


def cycler(pattern: str) -> Automaton:
    """Plays ``pattern`` (e.g. ``"DC"``) over and over, whatever happens."""
    n = len(pattern)
    p_c = np.array([1.0 if ch == "C" else 0.0 for ch in pattern])
    nxt = np.empty((n, 2, 2, 2), dtype=np.int64)
    for s in range(n):
        nxt[s] = (s + 1) % n
    return p_c, nxt, 0


def payoffs(game: tuple[float, float, float, float] = DEFAULT_GAME) -> tuple[list, list]:
    """A's and B's pay-offs per outcome CC, CD, DC, DD (A's side)."""
    r, s, t, p = game
    return [r, s, t, p], [r, t, s, p]


def one_round(
    a: Automaton, b: Automaton, noise_a: float, noise_b: float, dist: dict
) -> tuple[dict, list]:
    """Play one round from ``dist`` ({(s_a, s_b): prob}).

    Returns the next distribution and the probabilities of the four actual outcomes.
    """
    p_a, nxt_a, _ = a
    p_b, nxt_b, _ = b
    new: dict = {}
    q = [0.0, 0.0, 0.0, 0.0]
    for (sa, sb), prob in dist.items():
        for ia in (0, 1):  # intended moves
            pr_ia = p_a[sa] if ia == 0 else 1.0 - p_a[sa]
            for ib in (0, 1):
                pr_ib = p_b[sb] if ib == 0 else 1.0 - p_b[sb]
                for xa in (0, 1):  # actual moves after noise
                    pr_xa = 1.0 - noise_a if xa == ia else noise_a
                    for xb in (0, 1):
                        pr_xb = 1.0 - noise_b if xb == ib else noise_b
                        w = prob * pr_ia * pr_ib * pr_xa * pr_xb
                        if w == 0.0:
                            continue
                        q[2 * xa + xb] += w
                        key = (int(nxt_a[sa, ia, xa, xb]), int(nxt_b[sb, ib, xb, xa]))
                        new[key] = new.get(key, 0.0) + w
    return new, q


def _result(q: np.ndarray, game: tuple[float, float, float, float]) -> np.ndarray:
    q = q / q.sum()
    pay_a, pay_b = payoffs(game)
    return np.array([float(q @ pay_a), float(q @ pay_b), *q])


def weighted_average(
    a: Automaton,
    b: Automaton,
    noise_a: float,
    noise_b: float,
    weights: list[float],
    game: tuple[float, float, float, float] = DEFAULT_GAME,
) -> np.ndarray:
    """``sum_t weights[t] E[u_t] / sum_t weights[t]`` by round-by-round propagation."""
    dist = {(int(a[2]), int(b[2])): 1.0}
    acc = np.zeros(4)
    for wt in weights:
        dist, q = one_round(a, b, noise_a, noise_b, dist)
        acc += wt * np.array(q)
    return _result(acc, game)


def product_chain(
    a: Automaton, b: Automaton, noise_a: float, noise_b: float
) -> tuple[np.ndarray, np.ndarray, int]:
    """The full product chain: transition matrix, outcome probabilities, start index."""
    n_a, n_b = len(a[0]), len(b[0])
    n = n_a * n_b
    M = np.zeros((n, n))
    Q = np.zeros((n, 4))
    for sa in range(n_a):
        for sb in range(n_b):
            new, q = one_round(a, b, noise_a, noise_b, {(sa, sb): 1.0})
            Q[sa * n_b + sb] = q
            for (ta, tb), w in new.items():
                M[sa * n_b + sb, ta * n_b + tb] += w
    return M, Q, int(a[2]) * n_b + int(b[2])


def cesaro_average(
    a: Automaton,
    b: Automaton,
    noise_a: float,
    noise_b: float,
    game: tuple[float, float, float, float] = DEFAULT_GAME,
    log2_rounds: int = 60,
) -> np.ndarray:
    """``(1/N) sum_{t<N} E[u_t]`` with ``N = 2**log2_rounds``, by doubling on the full chain."""
    M, Q, s0 = product_chain(a, b, noise_a, noise_b)
    n = M.shape[0]
    power = M.copy()  # M^k
    total = np.eye(n)  # sum_{t<k} M^t
    for _ in range(log2_rounds):
        total = total + power @ total
        power = power @ power
        power /= power.sum(axis=1, keepdims=True)  # rows of M^k sum to one: stop rounding drift
    return _result(total[s0] @ Q, game)


def reference_expectation(
    a: Automaton,
    b: Automaton,
    noise_a: float = 0.0,
    noise_b: float = 0.0,
    game: tuple[float, float, float, float] = DEFAULT_GAME,
    continuation: float | None = None,
    turns: int | None = None,
) -> np.ndarray:
    """Per-round means as :func:`coop_sim.engine.exact.expected_pair` defines them."""
    if turns is not None:
        w = 1.0 if continuation is None else continuation
        return weighted_average(a, b, noise_a, noise_b, [w**t for t in range(turns)], game)
    if continuation is not None:
        weights = [1.0]
        while continuation > 0.0 and weights[-1] * continuation >= 1e-13:
            weights.append(weights[-1] * continuation)
        return weighted_average(a, b, noise_a, noise_b, weights, game)
    return cesaro_average(a, b, noise_a, noise_b, game)


def play_generic_automata(auto_a, auto_b, *, seed_key, turns, continuation, noise_a, noise_b,
                          i=0, j=1, rep=0):  # fmt: skip
    """The generic per-move path (used when a program takes part) on two automata.

    Draws come in sequence from one stream: A's intention, B's intention, A's noise flip,
    B's noise flip (each only when needed).
    """
    stream = Stream(stream_key(seed_key, i, j, rep))
    n = match_length(stream, turns, continuation)
    state_a, state_b = auto_a.start, auto_b.start
    moves = []
    for _ in range(n):
        intended_a = stream.choose(auto_a.p_c[state_a])
        intended_b = stream.choose(auto_b.p_c[state_b])
        a, b = intended_a, intended_b
        if noise_a > 0 and stream.uniform() < noise_a:
            a = 1 - a
        if noise_b > 0 and stream.uniform() < noise_b:
            b = 1 - b
        moves.append((a, b))
        state_a = int(auto_a.nxt[state_a, intended_a, a, b])
        state_b = int(auto_b.nxt[state_b, intended_b, b, a])
    return moves
