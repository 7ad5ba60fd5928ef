"""Slow, obvious twin of the finite-population kernel (pure Python, one individual at a time).

The population is a list of N strategy labels, kept sorted so that "the m-th individual"
means what it means in the kernel (:mod:`coop_sim.engine.population_kernel`).  Every
pay-off is summed over the other individuals one by one, every fitness-proportional choice
walks the individuals one by one.  Randomness comes from a callable returning floats in
[0, 1): :class:`CounterStream` re-implements the engine's SplitMix64 counter-based stream
in plain Python integers (so a run can be compared draw for draw with the kernel), and any
other source (``numpy.random.default_rng(1).random``) gives an independent check of the
distribution.  Draw order within a step is the kernel's (see its module docstring).
"""

from __future__ import annotations

import math

import numpy as np

MASK = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15
M1 = 0xBF58476D1CE4E5B9
M2 = 0x94D049BB133111EB


def mix64(z: int) -> int:
    """SplitMix64's finaliser on Python ints."""
    z &= MASK
    z = ((z ^ (z >> 30)) * M1) & MASK
    z = ((z ^ (z >> 27)) * M2) & MASK
    return z ^ (z >> 31)


def stream_key(seed_key: int, a: int, b: int, c: int) -> int:
    """The engine's ``stream_key`` on Python ints."""
    k = mix64(seed_key + GAMMA * (a + 1))
    k = mix64(k ^ ((GAMMA * (b + 1)) & MASK))
    return mix64(k + M1 * (c + 1))


class CounterStream:
    """The engine's ``uniform(stream)``: draw ``t`` is ``mix64(key + t * GAMMA) >> 11``."""

    def __init__(self, key: int) -> None:
        self.key = key
        self.counter = 0

    def __call__(self) -> float:
        self.counter += 1
        return (mix64(self.key + self.counter * GAMMA) >> 11) * 2.0**-53


def _pick(candidates: list[int], u: float) -> int:
    """Uniform choice: the ``floor(u * M)``-th of the ``M`` candidates."""
    return candidates[min(int(u * len(candidates)), len(candidates) - 1)]


def _pick_weighted(candidates: list[int], weights: list[float], u: float) -> int:
    total = sum(weights)
    target, cum, last = u * total, 0.0, None
    for x, w in zip(candidates, weights, strict=True):
        if w > 0:
            cum += w
            last = x
            if target < cum:
                return x
    return last


def simulate_run(process, initial, steps: int, uniform) -> tuple[np.ndarray, int]:
    """One run of ``process`` (a FiniteProcess) from counts ``initial`` for ``steps`` steps.

    Returns the counts after each step (``(steps + 1, n)``, row 0 = initial; after fixation
    without mutation the rows repeat the fixed state) and the number of steps run.
    """
    a = process.game.matrix
    n, size, mu, beta = process.n, process.population, process.mutation, process.intensity
    amax = float(a.max())
    pop = sorted(s for s in range(n) for _ in range(int(initial[s])))
    assert len(pop) == size

    def payoff(x: int) -> float:
        if process.self_interaction:
            return sum(a[pop[x], pop[y]] for y in range(size)) / size
        return sum(a[pop[x], pop[y]] for y in range(size) if y != x) / (size - 1)

    def fitness(x: int) -> float:
        if process.fitness == "exponential":
            return math.exp(beta * (payoff(x) - amax))
        return process.baseline + beta * payoff(x)

    def offspring(parent_strategy: int) -> int:
        if mu > 0 and uniform() < mu:
            others = [t for t in range(n) if t != parent_strategy]
            return _pick(others, uniform())
        return parent_strategy

    def counts() -> list[int]:
        return [pop.count(s) for s in range(n)]

    everyone = list(range(size))
    out = [counts()]
    step = 0
    while step < steps and not (mu == 0 and max(out[-1]) == size):
        step += 1
        if process.process == "moran":
            fit = [fitness(x) for x in everyone]
            if sum(fit) > 0:
                parent = _pick_weighted(everyone, fit, uniform())
            else:
                parent = _pick(everyone, uniform())
            child = offspring(pop[parent])
            victim = _pick([x for x in everyone if x != parent], uniform())
            pop[victim] = child
        elif process.process == "moran-db":
            fit = [fitness(x) for x in everyone]  # as before the death
            dead = _pick(everyone, uniform())
            rest = [x for x in everyone if x != dead]
            rest_fit = [fit[x] for x in rest]
            u = uniform()
            parent = _pick_weighted(rest, rest_fit, u) if sum(rest_fit) > 0 else _pick(rest, u)
            pop[dead] = offspring(pop[parent])
        else:
            focal = _pick(everyone, uniform())
            if mu > 0 and uniform() < mu:
                pop[focal] = _pick([t for t in range(n) if t != pop[focal]], uniform())
            else:
                model = _pick([x for x in everyone if x != focal], uniform())
                if pop[model] != pop[focal]:
                    x = beta * (payoff(model) - payoff(focal))
                    p = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
                    if uniform() < p:
                        pop[focal] = pop[model]
        pop.sort()
        out.append(counts())
    while len(out) < steps + 1:
        out.append(out[-1])
    return np.array(out, dtype=np.int64), step
