"""Slow, obvious twins of the kernels, written for clarity rather than speed.

Each function here re-implements a compiled kernel in plain Python so that tests can compare
the two move for move (same random stream, same semantics).
"""

from __future__ import annotations

import dataclasses
import itertools
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


# -----------------------------------------------------------------------------
# Slow, obvious twins of coop_sim.evolution.deterministic, in plain Python loops.


def fitness(matrix, shares):
    """f_i = sum_j A[i][j] x_j."""
    n = len(shares)
    return [sum(matrix[i][j] * shares[j] for j in range(n)) for i in range(n)]


def ecological(matrix, shares, generations, std=None, rng=None):
    """Axelrod's ecological simulation; with ``std`` and ``rng`` each generation draws every
    pay-off A[i][j] from Normal(matrix[i][j], std[i][j]), row by row."""
    n = len(shares)
    x = [float(v) for v in shares]
    history = [list(x)]
    for _ in range(generations):
        if rng is None:
            a = matrix
        else:
            a = [[rng.normal(matrix[i][j], std[i][j]) for j in range(n)] for i in range(n)]
        f = [max(v, 0.0) for v in fitness(a, x)]
        weights = [x[i] * f[i] for i in range(n)]
        total = sum(weights)
        if total > 0.0:
            x = [w / total for w in weights]
        history.append(list(x))
    return history


def uniform_mutation(n, mu):
    return [[1.0 - mu if i == j else mu / (n - 1) for j in range(n)] for i in range(n)]


def replicator_field(matrix, shares, mutation=None):
    """dx_j/dt = sum_i x_i f_i Q[i][j] - x_j phi (Q the identity without mutation)."""
    n = len(shares)
    f = fitness(matrix, shares)
    phi = sum(shares[i] * f[i] for i in range(n))
    out = []
    for j in range(n):
        if mutation is None:
            born = shares[j] * f[j]
        else:
            born = sum(shares[i] * f[i] * mutation[i][j] for i in range(n))
        out.append(born - shares[j] * phi)
    return out


def replicator_rk4(matrix, shares, time, steps, mutation=None):
    """Classical fourth-order Runge-Kutta with ``steps`` equal steps; returns the end point."""
    n = len(shares)
    h = time / steps
    x = [float(v) for v in shares]
    for _ in range(steps):
        k1 = replicator_field(matrix, x, mutation)
        k2 = replicator_field(matrix, [x[i] + h / 2 * k1[i] for i in range(n)], mutation)
        k3 = replicator_field(matrix, [x[i] + h / 2 * k2[i] for i in range(n)], mutation)
        k4 = replicator_field(matrix, [x[i] + h * k3[i] for i in range(n)], mutation)
        x = [x[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) for i in range(n)]
    return x


def discrete_replicator(matrix, shares, generations, baseline, mutation=None):
    """x'_j = sum_i x_i (c + f_i) Q[i][j] / (c + phi)."""
    n = len(shares)
    x = [float(v) for v in shares]
    history = [list(x)]
    for _ in range(generations):
        f = fitness(matrix, x)
        weights = [x[i] * (baseline + f[i]) for i in range(n)]
        if mutation is not None:
            weights = [sum(weights[i] * mutation[i][j] for i in range(n)) for j in range(n)]
        total = sum(weights)
        x = [w / total for w in weights]
        history.append(list(x))
    return history


# -----------------------------------------------------------------------------
# Slow, obvious twin of the finite-population kernel (pure Python, one individual at a time).
#
# The population is a list of N strategy labels, kept sorted so that "the m-th individual"
# means what it means in the kernel (:mod:`coop_sim.engine.population_kernel`).  Every
# pay-off is summed over the other individuals one by one, every fitness-proportional choice
# walks the individuals one by one.  Randomness comes from a callable returning floats in
# [0, 1): ``Stream(key).uniform`` (above) is the engine's SplitMix64 counter-based stream
# in plain Python integers (so a run can be compared draw for draw with the kernel), and any
# other source (``numpy.random.default_rng(1).random``) gives an independent check of the
# distribution.  Draw order within a step is the kernel's (see its module docstring).


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


def wellmixed_run(process, initial, steps: int, uniform) -> tuple[np.ndarray, int]:
    """One run of ``process`` (a FiniteProcess) from counts ``initial`` for ``steps`` steps.

    Returns the counts after each step (``(steps + 1, n)``, row 0 = initial; after fixation
    without mutation the rows repeat the fixed state) and the number of steps run.
    """
    a = process.game.matrix
    n, size, mu, beta = process.n, process.population, process.mutation, process.intensity
    pop = sorted(s for s in range(n) for _ in range(int(initial[s])))
    assert len(pop) == size

    def payoff(x: int) -> float:
        if process.self_interaction:
            return sum(a[pop[x], pop[y]] for y in range(size)) / size
        return sum(a[pop[x], pop[y]] for y in range(size) if y != x) / (size - 1)

    def fitnesses(candidates: list[int]) -> list[float]:
        """Fitness of each candidate; exponential fitness divided by that of the fittest
        candidate (a common factor: the same choice, without overflow or underflow)."""
        pays = [payoff(x) for x in candidates]
        if process.fitness == "exponential":
            top = max(pays)
            return [math.exp(beta * (p - top)) for p in pays]
        return [process.baseline + beta * p for p in pays]

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
            fit = fitnesses(everyone)
            if sum(fit) > 0:
                parent = _pick_weighted(everyone, fit, uniform())
            else:
                parent = _pick(everyone, uniform())
            child = offspring(pop[parent])
            victim = _pick([x for x in everyone if x != parent], uniform())
            pop[victim] = child
        elif process.process == "moran-db":
            dead = _pick(everyone, uniform())
            rest = [x for x in everyone if x != dead]
            rest_fit = fitnesses(rest)  # pay-offs as before the death
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


# -----------------------------------------------------------------------------
# Slow, obvious twin of :mod:`coop_sim.engine.structured_kernel` (plain Python).
#
# It replays the kernel's streams draw for draw (see the kernel's module notes), so for the
# same inputs it gives the same trajectories.  Matches are played with the automaton twin of
# ``tests/reference.py``.


TAG_UPDATE, TAG_MATCHES, TAG_PLACEMENT = 0, 1, 2


def _fitnesses(payoffs, fitness, intensity, baseline):
    """Fitness of candidates with these pay-offs (exponential: relative to the fittest)."""
    if fitness == "exponential":
        top = max(payoffs)
        return [math.exp(intensity * (p - top)) for p in payoffs]
    return [baseline + intensity * p for p in payoffs]


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


def graph_run(
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

    def fits(candidates, mkey):
        return _fitnesses([payoff(x, mkey) for x in candidates], fitness, intensity, baseline)

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
            parent = _proportional(stream.uniform(), fits(range(size), mkey))
            nb = rep[parent]
            target = nb[min(int(stream.uniform() * len(nb)), len(nb) - 1)]
            nodes[target] = mutate(stream, nodes[parent])
        elif process == "moran-db":
            dead = min(int(stream.uniform() * size), size - 1)
            nb = rep[dead]
            u = stream.uniform()
            parent = nb[_proportional(u, fits(nb, mkey))]
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


# -----------------------------------------------------------------------------
# Twins of coop_sim.evolution.exact (dense matrices, explicit loops).
# Each twin builds its chain one state at a time from ``FiniteProcess.transitions`` and
# solves it densely, so it shares nothing with the fast code but the process rules.


def ref_states(n: int, size: int) -> list[tuple[int, ...]]:
    """All compositions of ``size`` into ``n`` counts, lexicographic ascending."""
    return [k for k in itertools.product(range(size + 1), repeat=n) if sum(k) == size]


def ref_transition_matrix(process) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    """Dense one-step matrix P over all states, one state and one move at a time."""
    space = ref_states(process.n, process.population)
    where = {k: pos for pos, k in enumerate(space)}
    big = np.zeros((len(space), len(space)))
    for a, k in enumerate(space):
        t = process.transitions(np.array(k))
        for i in range(process.n):
            for j in range(process.n):
                if i != j and k[i] > 0:
                    target = list(k)
                    target[i] -= 1
                    target[j] += 1
                    big[a, where[tuple(target)]] += t[i, j]
        big[a, a] = 1.0 - big[a].sum()
    return big, space


def ref_stationary(process) -> tuple[np.ndarray, list[tuple[int, ...]]]:
    """Stationary distribution of the dense chain: left null vector by a dense solve
    (least squares on [P^T - I; 1...1] pi = [0; 1]), then a few power-iteration polish steps."""
    big, space = ref_transition_matrix(process)
    m = len(space)
    a = np.vstack([big.T - np.eye(m), np.ones((1, m))])
    rhs = np.zeros(m + 1)
    rhs[-1] = 1.0
    pi = np.linalg.lstsq(a, rhs, rcond=None)[0]
    for _ in range(5):
        pi = pi @ big
    return pi / pi.sum(), space


def ref_absorbing(process, mutant: int, resident: int) -> tuple[np.ndarray, np.ndarray]:
    """Fixation probabilities phi_1..phi_{N-1} and conditional fixation times t_1..t_{N-1}
    of the two-strategy chain (mu = 0), by dense solves of the absorbing chain."""
    p = dataclasses.replace(process, mutation=0.0)
    size = p.population
    fundamental = np.zeros((size - 1, size - 1))  # I - Q over transient k = 1..N-1
    to_fix = np.zeros(size - 1)
    for k in range(1, size):
        counts = np.zeros(p.n)
        counts[mutant] = k
        counts[resident] = size - k
        t = p.transitions(counts)
        up, down = t[resident, mutant], t[mutant, resident]
        if k + 1 == size:
            to_fix[k - 1] = up
        else:
            fundamental[k - 1, k] = -up
        if k - 1 > 0:
            fundamental[k - 1, k - 2] = -down
        fundamental[k - 1, k - 1] = up + down  # 1 - (1 - up - down), without cancellation
    phi = np.linalg.solve(fundamental, to_fix)
    theta = np.linalg.solve(fundamental, phi)  # theta_k = phi_k * t_k
    with np.errstate(invalid="ignore", divide="ignore"):
        return phi, theta / phi


def ref_small_mutation(process, steps: int = 200_000) -> np.ndarray:
    """Small-mutation stationary vector by power iteration on the embedded chain."""
    n = process.n
    rho = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i != j:
                rho[i, j] = ref_absorbing(process, i, j)[0][0]
    embedded = rho.T / (n - 1)
    embedded += np.diag(1.0 - embedded.sum(axis=1))
    pi = np.full(n, 1.0 / n)
    for _ in range(steps):
        new = pi @ embedded
        if np.abs(new - pi).max() < 1e-16:
            break
        pi = new
    return pi / pi.sum()


# -----------------------------------------------------------------------------
# Slow, obvious twins of coop_sim.engine.spatial_kernel: lattices and networks of players
# that imitate their neighbours (plain Python lists, one site at a time).
#
# A site of a ``width x height`` lattice is the cell ``(x, y)``, numbered ``x * height + y``;
# its neighbours are found from the coordinates: the offsets ``(dx, dy)`` in scan order
# (``dx`` = -1, 0, +1, then ``dy`` = -1, 0, +1; Moore keeps the 8 others, von Neumann the 4
# with ``|dx| + |dy| = 1``), wrapped around on a torus and dropped at fixed edges.  Random
# numbers replay the kernel's streams draw for draw (``Stream``/``stream_key`` above): site
# ``x`` of generation ``g`` under synchronous updating draws from ``stream_key(key, g, x, 0)``,
# a whole asynchronous generation from ``stream_key(key, g, 0, 1)``, and the match of sites
# ``u <= v`` in generation ``g`` is ``play_automata`` under ``stream_key(key, g, 0, 2)`` with
# ``(i, j) = (u, v)``.  A rule is any object with the attributes of
# :class:`coop_sim.spatial.rules.UpdateRule` (rule, activation, temperature, exponent,
# intensity, baseline, fitness, mutation).

SPATIAL_TAG_SYNC, SPATIAL_TAG_ASYNC, SPATIAL_TAG_MATCHES = 0, 1, 2
MOORE_OFFSETS = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if (dx, dy) != (0, 0)]
VON_NEUMANN_OFFSETS = [(dx, dy) for dx, dy in MOORE_OFFSETS if abs(dx) + abs(dy) == 1]


def lattice_neighbours(width: int, height: int, neighbourhood: str, torus: bool) -> list:
    """Neighbour lists of every site of a lattice, from the cells' coordinates."""
    offsets = MOORE_OFFSETS if neighbourhood == "moore" else VON_NEUMANN_OFFSETS
    out = []
    for x in range(width):
        for y in range(height):
            nb = []
            for dx, dy in offsets:
                u, v = x + dx, y + dy
                if torus:
                    u, v = u % width, v % height
                elif not (0 <= u < width and 0 <= v < height):
                    continue
                nb.append(u * height + v)
            out.append(nb)
    return out


def graph_neighbours(graph) -> list:
    """Neighbour lists of a networkx graph: sites in ``list(graph.nodes)`` order, each list
    ascending."""
    nodes = list(graph.nodes)
    where = {node: k for k, node in enumerate(nodes)}
    return [sorted(where[y] for y in graph.adj[node]) for node in nodes]


@dataclasses.dataclass
class SpatialGames:
    """What a site's games pay.

    ``matrix[a][b]``: per-round pay-off of ``a`` against ``b`` for the pairs looked up
    (``cached[a][b]``; every pair when ``cached`` is None); other pairs play a real match
    between ``automata[a]`` and ``automata[b]`` (``game`` = (R, S, T, P), ``turns``,
    ``continuation``, ``noise``).  A site plays each neighbour, and itself when
    ``self_interaction``; its pay-off is the sum of the games, or their mean (``average``).
    """

    matrix: list
    self_interaction: bool = False
    average: bool = False
    cached: list | None = None
    automata: list | None = None
    game: tuple = DEFAULT_GAME
    turns: int | None = None
    continuation: float | None = None
    noise: float = 0.0

    def all_cached(self) -> bool:
        return self.cached is None or all(all(row) for row in self.cached)


def _spatial_index(u: float, size: int) -> int:
    return min(int(u * size), size - 1)


def spatial_match(games: SpatialGames, mkey: int, u: int, v: int, su: int, sv: int):
    """Per-round pay-offs ``(to u, to v)`` of the match of sites ``u <= v`` (strategies
    ``su``, ``sv``) in the generation whose match key is ``mkey``."""
    moves = play_automata(
        games.automata[su], games.automata[sv], seed_key=mkey, turns=games.turns,
        continuation=games.continuation, noise_a=games.noise, noise_b=games.noise, i=u, j=v,
        rep=0,
    )  # fmt: skip
    c = [0, 0, 0, 0]
    for a, b in moves:
        c[2 * a + b] += 1
    r, s, t, p = games.game
    m = len(moves)
    return (r * c[0] + s * c[1] + t * c[2] + p * c[3]) / m, (
        r * c[0] + t * c[1] + s * c[2] + p * c[3]
    ) / m


def spatial_site_payoff(x: int, state, neighbours, games: SpatialGames, mkey: int) -> float:
    """Pay-off of site ``x`` in ``state``: its games against itself (if self-interaction)
    and each neighbour, summed or averaged."""
    opponents = ([x] if games.self_interaction else []) + list(neighbours[x])
    sx = state[x]
    total = 0.0
    if games.all_cached():
        # as the kernel keeps it: games against strategy j counted, added in strategy order
        count = [0] * len(games.matrix)
        for y in opponents:
            count[state[y]] += 1
        for j, c in enumerate(count):
            total += games.matrix[sx][j] * c
    else:
        for y in opponents:
            sy = state[y]
            if games.cached[sx][sy]:
                total += games.matrix[sx][sy]
            elif x <= y:
                total += spatial_match(games, mkey, x, y, sx, sy)[0]
            else:
                total += spatial_match(games, mkey, y, x, sy, sx)[1]
    if games.average and opponents:
        total /= len(opponents)
    return total


def spatial_payoffs(state, neighbours, games: SpatialGames, key: int, generation: int) -> list:
    """Every site's pay-off in the games of ``generation`` (``key``: the dynamics' key)."""
    mkey = stream_key(key, generation, 0, SPATIAL_TAG_MATCHES)
    return [spatial_site_payoff(x, state, neighbours, games, mkey) for x in range(len(state))]


def _logistic(z: float) -> float:
    """1 / (1 + exp(-z)) without overflow."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def spatial_decide(x: int, state, pay, nb: list, rule, stream: Stream) -> int:
    """The strategy site ``x`` (neighbours ``nb``) takes under ``rule``; ``pay[y]`` is site
    ``y``'s pay-off (only the site's and its neighbours' are read)."""
    sx = state[x]
    if rule.rule == "imitate-best":
        candidates = [x, *nb]  # ties: the site itself, then the first neighbour
        best = max(pay[c] for c in candidates)
        return state[next(c for c in candidates if pay[c] == best)]
    if rule.rule == "fermi":
        y = nb[_spatial_index(stream.uniform(), len(nb))]
        if state[y] == sx:
            return sx
        adopt = _logistic((pay[y] - pay[x]) / rule.temperature)
        return state[y] if stream.uniform() < adopt else sx
    if rule.rule == "proportional":
        candidates = [x, *nb]
        top = max(pay[c] for c in candidates)
        if not top > 0:
            return sx
        weights = [(pay[c] / top) ** rule.exponent for c in candidates]
        return state[candidates[_proportional(stream.uniform(), weights)]]
    # death-birth: a neighbour's offspring, chosen proportionally to fitness
    fits = _fitnesses([pay[y] for y in nb], rule.fitness, rule.intensity, rule.baseline)
    return state[nb[_proportional(stream.uniform(), fits)]]


def spatial_mutate(s: int, n: int, mutation: float, stream: Stream) -> int:
    """With probability ``mutation`` one of the other ``n - 1`` strategies, uniformly."""
    if mutation > 0 and stream.uniform() < mutation:
        others = [t for t in range(n) if t != s]
        return others[_spatial_index(stream.uniform(), n - 1)]
    return s


def spatial_synchronous(state, neighbours, games, rule, n: int, key: int, generation: int):
    """One synchronous generation: every site decides from ``state`` and its pay-offs."""
    pay = spatial_payoffs(state, neighbours, games, key, generation)
    new = []
    for x in range(len(state)):
        stream = Stream(stream_key(key, generation, x, SPATIAL_TAG_SYNC))
        s = spatial_decide(x, state, pay, neighbours[x], rule, stream)
        new.append(spatial_mutate(s, n, rule.mutation, stream))
    return new


def spatial_asynchronous(state, neighbours, games, rule, n: int, key: int, generation: int):
    """One asynchronous generation: N random sequential updates, each seeing the current
    state (pay-offs of the site and its neighbours computed afresh), one stream."""
    state = list(state)
    size = len(state)
    mkey = stream_key(key, generation, 0, SPATIAL_TAG_MATCHES)
    stream = Stream(stream_key(key, generation, 0, SPATIAL_TAG_ASYNC))
    for _ in range(size):
        x = _spatial_index(stream.uniform(), size)
        fresh = {
            y: spatial_site_payoff(y, state, neighbours, games, mkey) for y in [x, *neighbours[x]]
        }
        s = spatial_decide(x, state, fresh, neighbours[x], rule, stream)
        state[x] = spatial_mutate(s, n, rule.mutation, stream)
    return state


def spatial_run(state, neighbours, games, rule, n: int, key: int, generations: int):
    """States ``0..generations`` and the pay-offs of generations ``0..generations``."""
    states = [list(state)]
    pays = []
    step = spatial_asynchronous if rule.activation == "asynchronous" else spatial_synchronous
    for g in range(generations):
        pays.append(spatial_payoffs(states[-1], neighbours, games, key, g))
        states.append(step(states[-1], neighbours, games, rule, n, key, g))
    pays.append(spatial_payoffs(states[-1], neighbours, games, key, generations))
    return states, pays


def spatial_clusters(state, neighbours, n: int) -> list:
    """Clusters per strategy: connected components of the graph of neighbours that share a
    strategy (networkx)."""
    import networkx as nx

    same = nx.Graph()
    same.add_nodes_from(range(len(state)))
    same.add_edges_from(
        (x, y) for x, nb in enumerate(neighbours) for y in nb if state[x] == state[y]
    )
    counts = [0] * n
    for component in nx.connected_components(same):
        counts[state[next(iter(component))]] += 1
    return counts


# -----------------------------------------------------------------------------
# Slow, obvious twin of coop_sim.engine.rematch_kernel: the re-matching population of
# coop_sim.design.rematching (relationship turnover, public records, listing), in plain
# Python lists, one pair at a time.
#
# Automaton states are kept per strategy (``automata[s]`` has its own ``p_c``, ``nxt`` and
# ``start``), not stacked as in the kernel.  Draws replay the kernel's streams in the order
# of its module notes: generation ``g`` of run ``r`` draws from ``stream_key(key, r, g, 0)``.


def rematch_run(automata, readers, kinds, game, *, key, run, generations, rounds, noise,
                turnover, continuation, turns, record, listing_bonus, listing_encounters,
                process, intensity, fitness, baseline, mutation, teaching_share,
                teaching_strategy):  # fmt: skip
    """One run; returns a dict of ``counts`` (G + 1 lists), ``cooperation``, ``welfare``,
    ``subsidy``, ``listed`` (G floats) and ``payoff`` (G lists, nan for absent strategies)."""
    n = len(automata)
    size = len(kinds)
    kind = list(kinds)
    r_, s_, t_, p_ = game
    table = {(0, 0): r_, (0, 1): s_, (1, 0): t_, (1, 1): p_}
    w = 1.0 if continuation is None else continuation
    end_prob = 1.0 - (1.0 - turnover) * w
    if baseline is None:
        baseline = 1.0 - intensity
    partner = [None] * size
    state = [0] * size
    together = [0] * size
    good = [True] * size
    out = {"counts": [[kind.count(s) for s in range(n)]], "cooperation": [], "welfare": [],
           "subsidy": [], "listed": [], "payoff": []}  # fmt: skip
    for g in range(generations):
        stream = Stream(stream_key(key, run, g, 0))
        earned = [0.0] * size
        coop = listed = 0
        welfare = subsidy = 0.0
        for _ in range(rounds):
            free = [i for i in range(size) if partner[i] is None]
            for a in range(len(free) - 1, 0, -1):
                b = min(int(stream.uniform() * (a + 1)), a)
                free[a], free[b] = free[b], free[a]
            for a in range(0, len(free) - 1, 2):
                i, j = free[a], free[a + 1]
                partner[i], partner[j] = j, i
                together[i] = together[j] = 0
                state[i] = automata[kind[i]].start
                state[j] = automata[kind[j]].start
            for i in range(size):
                j = partner[i]
                if j is None or j < i:  # each pair once, from its lower index
                    continue
                auto_i, auto_j = automata[kind[i]], automata[kind[j]]
                want_i = stream.choose(float(auto_i.p_c[state[i]]))
                want_j = stream.choose(float(auto_j.p_c[state[j]]))
                good_i, good_j = good[i], good[j]  # records before the round
                if readers[kind[i]] and not good_j:
                    want_i = 1
                if readers[kind[j]] and not good_i:
                    want_j = 1
                move_i, move_j = want_i, want_j
                if noise > 0:
                    if stream.uniform() < noise:
                        move_i = 1 - move_i
                    if stream.uniform() < noise:
                        move_j = 1 - move_j
                state[i] = int(auto_i.nxt[state[i], want_i, move_i, move_j])
                state[j] = int(auto_j.nxt[state[j], want_j, move_j, move_i])
                pay_i, pay_j = table[move_i, move_j], table[move_j, move_i]
                welfare += pay_i + pay_j
                coop += (move_i == 0) + (move_j == 0)
                for x, pay, is_good in ((i, pay_i, good_i), (j, pay_j, good_j)):
                    if record is not None and is_good:  # listed this round
                        extra = pay * (listing_encounters - 1.0) + listing_bonus
                        earned[x] += pay + extra
                        subsidy += extra
                        listed += 1
                    else:
                        earned[x] += pay
                for x, move, other_good in ((i, move_i, good_j), (j, move_j, good_i)):
                    if record == "image":
                        good[x] = move == 0
                    elif record == "standing":
                        if move == 0:
                            good[x] = True
                        elif other_good:  # unjustified defection
                            good[x] = False
                together[i] += 1
                together[j] = together[i]
                if turns is not None and together[i] >= turns:
                    ended = True
                elif end_prob >= 1.0:
                    ended = True
                elif end_prob > 0.0:
                    ended = stream.uniform() < end_prob
                else:
                    ended = False
                if ended:
                    partner[i] = partner[j] = None
        scale = 1.0 / (float(size) * rounds)
        out["cooperation"].append(coop * scale)
        out["welfare"].append(welfare * scale)
        out["subsidy"].append(subsidy * scale)
        out["listed"].append(listed * scale)
        fit = [e / rounds for e in earned]
        sums = [0.0] * n
        for i in range(size):
            sums[kind[i]] += fit[i]
        counts = out["counts"][-1]
        out["payoff"].append([sums[s] / counts[s] if counts[s] else math.nan for s in range(n)])
        before = list(kind)
        if process == "fermi":
            for i in range(size):
                m = min(int(stream.uniform() * (size - 1)), size - 2)
                j = m if m < i else m + 1
                if before[j] != before[i]:
                    if stream.uniform() < _logistic(intensity * (fit[j] - fit[i])):
                        kind[i] = before[j]
        elif process == "moran":
            top = max(fit)
            if fitness == "exponential":
                weight = [math.exp(intensity * (f - top)) for f in fit]
            else:
                weight = [max(baseline + intensity * f, 0.0) for f in fit]
            for _ in range(size):
                total = 0.0
                for x in weight:
                    total += x
                u = stream.uniform()
                if total > 0.0:
                    target, cum, parent = u * total, 0.0, None
                    for x in range(size):
                        if weight[x] > 0.0:
                            cum += weight[x]
                            parent = x
                            if target < cum:
                                break
                else:
                    parent = min(int(u * size), size - 1)
                m = min(int(stream.uniform() * (size - 1)), size - 2)
                victim = m if m < parent else m + 1
                kind[victim] = kind[parent]
                weight[victim] = weight[parent]
        if mutation > 0 and n > 1:
            for i in range(size):
                if stream.uniform() < mutation:
                    others = [s for s in range(n) if s != kind[i]]
                    kind[i] = others[min(int(stream.uniform() * (n - 1)), n - 2)]
        if teaching_share > 0:
            for i in range(size):
                if stream.uniform() < teaching_share:
                    kind[i] = teaching_strategy
        for i in range(size):
            if kind[i] != before[i] and partner[i] is not None:
                partner[partner[i]] = None
                partner[i] = None
        out["counts"].append([kind.count(s) for s in range(n)])
    return out
