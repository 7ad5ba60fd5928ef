"""Slow, obvious twins of the kernels, written for clarity rather than speed.

Each function here re-implements a compiled kernel in plain Python so that tests can compare
the two move for move (same random stream, same semantics).
"""

from __future__ import annotations

import math

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
