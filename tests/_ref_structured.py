"""Slow, obvious twin of :mod:`coop_sim.engine.structured_kernel` (plain Python).

It replays the kernel's streams draw for draw (see the kernel's module notes), so for the
same inputs it gives the same trajectories.  Matches are played with the automaton twin of
``tests/reference.py``.
"""

from __future__ import annotations

import math

import numpy as np

from tests.reference import Stream, play_automata, stream_key

TAG_UPDATE, TAG_MATCHES, TAG_PLACEMENT = 0, 1, 2


def _fitness(payoff, fitness, intensity, baseline):
    if fitness == "exponential":
        return math.exp(intensity * payoff)
    return baseline + intensity * payoff


def _proportional(u, weights):
    total = 0.0
    for w in weights:
        total += w
    if not total > 0.0:
        return min(int(u * len(weights)), len(weights) - 1)
    target, acc, last = u * total, 0.0, 0
    for q, w in enumerate(weights):
        if w > 0.0:
            last = q
        acc += w
        if target < acc:
            return q
    return last


def simulate_run(
    run, key, nodes, *, process, interaction, reproduction, matrix, cached, automata, game,
    turns, noise, intensity, baseline, fitness="linear", mutation=0.0, steps=None,
    place=False, max_steps=10**6,
):  # fmt: skip
    """One run; returns (final nodes, steps taken).

    ``interaction``/``reproduction``: neighbour lists; ``cached[a][b]``: look the pair up in
    ``matrix`` instead of playing (fixed ``turns``, no continuation).
    """
    nodes = list(nodes)
    size, n = len(nodes), len(matrix)
    if place:
        s = Stream(stream_key(key, run, 0, TAG_PLACEMENT))
        for x in range(size - 1, 0, -1):
            y = min(int(s.uniform() * (x + 1)), x)
            nodes[x], nodes[y] = nodes[y], nodes[x]
    inter = [sorted(nb) for nb in interaction]
    rep = [sorted(nb) for nb in reproduction]
    all_cached = all(all(row) for row in cached)
    r_, s_, t_, p_ = game

    def cached_payoff(x):  # by neighbour-strategy counts, as the kernel keeps them
        cnt = [0] * n
        for y in inter[x]:
            cnt[nodes[y]] += 1
        total = 0.0
        for s in range(n):
            total += cnt[s] * matrix[nodes[x]][s]
        return total / len(inter[x])

    def edge(u, v, mkey):
        a, b = nodes[u], nodes[v]
        if cached[a][b]:
            return matrix[a][b], matrix[b][a]
        moves = play_automata(
            automata[a], automata[b], seed_key=mkey, turns=turns, continuation=None,
            noise_a=noise, noise_b=noise, i=u, j=v, rep=0,
        )  # fmt: skip
        c = [0, 0, 0, 0]
        for x, y in moves:
            c[2 * x + y] += 1
        m = len(moves)
        return (
            (r_ * c[0] + s_ * c[1] + t_ * c[2] + p_ * c[3]) / m,
            (r_ * c[0] + t_ * c[1] + s_ * c[2] + p_ * c[3]) / m,
        )

    def payoff(x, mkey):
        if all_cached:
            return cached_payoff(x)
        total = 0.0
        for y in inter[x]:
            total += edge(y, x, mkey)[1] if y < x else edge(x, y, mkey)[0]
        return total / len(inter[x])

    def fit(x, mkey):
        return _fitness(payoff(x, mkey), fitness, intensity, baseline)

    def mutate(stream, s):
        if mutation > 0.0 and stream.uniform() < mutation:
            other = min(int(stream.uniform() * (n - 1)), n - 2)
            return other if other < s else other + 1
        return s

    horizon = steps if steps is not None else max_steps
    t = 0
    while t < horizon and not (mutation == 0.0 and len(set(nodes)) == 1):
        stream = Stream(stream_key(key, run, t, TAG_UPDATE))
        mkey = stream_key(key, run, t, TAG_MATCHES)
        if process == "moran":
            weights = [fit(x, mkey) for x in range(size)]
            parent = _proportional(stream.uniform(), weights)
            nb = rep[parent]
            target = nb[min(int(stream.uniform() * len(nb)), len(nb) - 1)]
            nodes[target] = mutate(stream, nodes[parent])
        elif process == "moran-db":
            dead = min(int(stream.uniform() * size), size - 1)
            nb = rep[dead]
            u = stream.uniform()
            parent = nb[_proportional(u, [fit(y, mkey) for y in nb])]
            nodes[dead] = mutate(stream, nodes[parent])
        else:
            focal = min(int(stream.uniform() * size), size - 1)
            if mutation > 0.0 and stream.uniform() < mutation:
                s = nodes[focal]
                other = min(int(stream.uniform() * (n - 1)), n - 2)
                nodes[focal] = other if other < s else other + 1
            else:
                nb = rep[focal]
                model = nb[min(int(stream.uniform() * len(nb)), len(nb) - 1)]
                if nodes[model] != nodes[focal]:
                    diff = payoff(model, mkey) - payoff(focal, mkey)
                    if stream.uniform() < 0.5 * (1.0 + math.tanh(0.5 * intensity * diff)):
                        nodes[focal] = nodes[model]
        t += 1
    return np.array(nodes), t
