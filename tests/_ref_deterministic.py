"""Slow, obvious twins of coop_sim.evolution.deterministic, in plain Python loops.

(To be merged into tests/reference.py.)
"""

from __future__ import annotations


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
