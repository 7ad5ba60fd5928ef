"""Exact analysis of finite, well-mixed populations.

Every probability here comes from :meth:`FiniteProcess.transitions
<coop_sim.evolution.population.FiniteProcess.transitions>`, the one place where the rules of
the Moran birth-death, Moran death-birth and pairwise-comparison processes are written down;
nothing in this module re-derives them.

* **Fixation** (:func:`fixation_probability`, :func:`fixation_matrix`,
  :func:`fixation_time`, :func:`fixation_vs_population`): with two strategies present and
  no mutation the population is a birth-death chain on the mutant count ``k`` with
  ``T+(k)`` (a resident becomes a mutant) and ``T-(k)`` (a mutant becomes a resident).  The
  classic products

  ``rho_m = (1 + sum_{k=1}^{m-1} prod_{i=1}^{k} g_i) / (1 + sum_{k=1}^{N-1} prod_{i=1}^{k} g_i)``,
  ``g_i = T-(i) / T+(i)``

  are evaluated in log space (cumulative sums of logs, log-sum-exp), so populations of
  thousands and strong selection neither overflow nor underflow to nonsense.
* **Small-mutation limit** (:func:`small_mutation_stationary`; Fudenberg & Imhof 2006): as
  mu -> 0 the population is almost always monomorphic; a mutant (one of the other ``n - 1``
  strategies, uniformly) either fixes or dies out before the next one arises.  The embedded
  chain on the ``n`` monomorphic states has ``M[j, i] = rho[i, j] / (n - 1)``.
* **Full chain** (:func:`stationary_distribution`): for mu > 0 the chain on all
  compositions of ``N`` into ``n`` counts (:func:`states`, :func:`state_index`) has a unique
  stationary distribution, found by detailed balance (two strategies), by
  Grassmann-Taksar-Heyman state reduction on the banded chain, or by a sparse LU solve
  (SciPy); never by an eigen-decomposition.
* **Gradient of selection** (:func:`gradient_of_selection`): the expected change per step of
  each strategy's count.

References
----------
Nowak, M. A., Sasaki, A., Taylor, C., & Fudenberg, D. (2004). Emergence of cooperation and
evolutionary stability in finite populations. Nature, 428, 646-650.

Traulsen, A., & Hauert, C. (2009). Stochastic evolutionary game dynamics. In Reviews of
Nonlinear Dynamics and Complexity, vol. 2, 25-61. Wiley-VCH.

Fudenberg, D., & Imhof, L. A. (2006). Imitation processes with small mutations. Journal of
Economic Theory, 131, 251-262.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coop_sim import _validate
from coop_sim._version import __version__
from coop_sim.evolution.population import FiniteProcess

__all__ = [
    "SmallMutationResult",
    "StationaryResult",
    "fixation_matrix",
    "fixation_probability",
    "fixation_time",
    "fixation_vs_population",
    "gradient_of_selection",
    "small_mutation_stationary",
    "state_index",
    "states",
    "stationary_distribution",
]

#: Default largest number of states :func:`stationary_distribution` accepts.
MAX_STATES = 5_000_000
#: Default largest estimated work of a sparse LU solve (nested-dissection estimate
#: ``m ** (3 (d - 1) / d)`` for ``m`` states of a ``d = n - 1``-dimensional chain; about
#: 1e-8 to 2e-8 s per unit here, so the default is about a minute).
MAX_LU_WORK = 3e9
_CHUNK = 100_000  # states per call of FiniteProcess.transitions when building the chain


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True, eq=False)
class SmallMutationResult:
    """Stationary distribution over the monomorphic states in the small-mutation limit.

    Attributes
    ----------
    probabilities : ndarray (n,)
        Long-run share of time the population spends as all-``i``.
    transition : ndarray (n, n)
        Embedded chain: ``transition[j, i]`` is the probability that, from all-``j``, the
        next successful invasion turns the population into all-``i``
        (``fixation[i, j] / (n - 1)``); the diagonal holds the rest of each row.
    fixation : ndarray (n, n)
        ``fixation[i, j]``: probability that one ``i`` mutant fixes among ``j`` residents
        (diagonal nan), as :func:`fixation_matrix`.
    names : tuple of str
        Strategy names.
    settings : dict
        The process that made it.
    """

    probabilities: np.ndarray
    transition: np.ndarray
    fixation: np.ndarray
    names: tuple[str, ...]
    settings: dict = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class StationaryResult:
    """Stationary distribution of the full finite-population chain (mu > 0).

    Attributes
    ----------
    states : ndarray (m, n) of int64
        Every composition of the population into counts, in the order of :func:`states`.
    probabilities : ndarray (m,)
        Stationary probability of each state (non-negative, summing to 1).
    abundance : ndarray (n,)
        Expected share of each strategy, ``sum_s probabilities[s] * states[s] / N``.
    names : tuple of str
        Strategy names.
    settings : dict
        The process that made it, the number of states and the library version.
    """

    states: np.ndarray
    probabilities: np.ndarray
    abundance: np.ndarray
    names: tuple[str, ...]
    settings: dict = field(default_factory=dict)

    def monomorphic(self) -> np.ndarray:
        """Stationary probability of each all-``i`` state, shape (n,)."""
        n = self.states.shape[1]
        size = int(self.states[0].sum())
        return self.probabilities[state_index(np.eye(n, dtype=np.int64) * size)]


# -------------------------------------------------------------------------- validation
def _check_process(process: object) -> FiniteProcess:
    if not isinstance(process, FiniteProcess):
        raise TypeError(f"process must be a FiniteProcess, got {type(process).__name__}")
    return process


def _check_index(value: object, parameter: str, n: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{parameter} must be a strategy index (int), got {value!r}")
    if not 0 <= value < n:
        raise ValueError(f"{parameter} must be a strategy index in [0, {n - 1}], got {value!r}")
    return int(value)


def _check_pair(process: FiniteProcess, mutant: object, resident: object) -> tuple[int, int]:
    a = _check_index(mutant, "mutant", process.n)
    b = _check_index(resident, "resident", process.n)
    if a == b:
        raise ValueError(f"mutant and resident must be different strategies, both are {a}")
    return a, b


def _settings(process: FiniteProcess) -> dict:
    return {
        "population": process.population,
        "process": process.process,
        "intensity": process.intensity,
        "mutation": process.mutation,
        "baseline": process.baseline,
        "fitness": process.fitness,
        "self_interaction": process.self_interaction,
        "game": process.game.matrix.tolist(),
        "game_settings": dict(process.game.settings),
        "version": __version__,
    }


# ---------------------------------------------------------------------------- fixation
def _without_mutation(process: FiniteProcess) -> FiniteProcess:
    return dataclasses.replace(process, mutation=0.0) if process.mutation else process


def _birth_death(process: FiniteProcess, mutant: int, resident: int):
    """``T+(k)``, ``T-(k)`` for k = 0..N (mu = 0), from ``process.transitions``."""
    p = _without_mutation(process)
    size = p.population
    k = np.arange(size + 1)
    counts = np.zeros((size + 1, p.n))
    counts[:, mutant] = k
    counts[:, resident] = size - k
    t = p.transitions(counts)
    up = np.array(t[:, resident, mutant])
    down = np.array(t[:, mutant, resident])
    up[[0, size]] = 0.0  # absorbing ends (already zero without mutation)
    down[[0, size]] = 0.0
    return up, down


def _log_fixation(up: np.ndarray, down: np.ndarray) -> np.ndarray:
    """log rho_m for m = 0..N of the birth-death chain with rates ``up``, ``down``.

    If ``T+(z) = 0`` for some ``0 < z < N`` the mutants can never pass ``z``: rho_m = 0
    for m <= z, and above the highest such ``z`` the formula restarts from ``z``.
    """
    size = up.size - 1
    out = np.full(size + 1, -np.inf)
    out[size] = 0.0
    blocked = np.flatnonzero(up[:size] <= 0.0)
    z = int(blocked[-1]) if blocked.size else 0  # up[0] == 0 always, so z >= 0
    with np.errstate(divide="ignore"):
        log_g = np.log(down[z + 1 : size]) - np.log(up[z + 1 : size])
    c = np.concatenate(([0.0], np.cumsum(log_g)))  # c[k - z] = sum_{j=z+1}^{k} log g_j
    partial = np.logaddexp.accumulate(c)  # log sum_{k=z}^{m-1} exp(c)
    out[z + 1 : size] = partial[:-1] - partial[-1]
    return out


def fixation_probability(
    process: FiniteProcess, mutant: int, resident: int, *, mutants: int = 1
) -> float:
    """Probability that ``mutants`` individuals of ``mutant`` take over a ``resident`` population.

    The population holds ``mutants`` individuals of strategy ``mutant`` and
    ``N - mutants`` of ``resident`` (no others).  Mutation is ignored: if
    ``process.mutation > 0`` the answer is the one for the same process with mu = 0.

    Parameters
    ----------
    process : FiniteProcess
        The population process (its ``transitions`` define the chain).
    mutant, resident : int
        Strategy indices into ``process.game`` (different).
    mutants : int
        Initial number of mutants, 1 <= mutants <= N.

    Returns
    -------
    float
        rho, computed in log space from the birth-death products (see the module notes);
        exactly 0 if the mutants can never grow past some count on the way.

    Examples
    --------
    Constant fitness r = 1.1 under Moran birth-death: rho = (1 - 1/r) / (1 - 1/r^N).

    >>> p = FiniteProcess([[1.1, 1.1], [1.0, 1.0]], population=10)
    >>> round(fixation_probability(p, 0, 1), 6)
    0.14795
    >>> round(fixation_probability(FiniteProcess([[1, 1], [1, 1]], 10), 0, 1), 12)  # neutral
    0.1
    """
    p = _check_process(process)
    a, b = _check_pair(p, mutant, resident)
    size = p.population
    if isinstance(mutants, bool) or not isinstance(mutants, numbers.Integral):
        raise TypeError(f"mutants must be an int in [1, {size}], got {mutants!r}")
    if not 1 <= mutants <= size:
        raise ValueError(f"mutants must be an int in [1, {size}] (the population), got {mutants}")
    up, down = _birth_death(p, a, b)
    return float(np.exp(_log_fixation(up, down)[int(mutants)]))


def fixation_matrix(process: FiniteProcess) -> np.ndarray:
    """Fixation probability of one mutant of each strategy among residents of each other.

    Parameters
    ----------
    process : FiniteProcess
        The population process (mutation ignored, as in :func:`fixation_probability`).

    Returns
    -------
    ndarray (n, n)
        ``rho[i, j]``: probability that a single ``i`` mutant fixes in an all-``j``
        population.  The diagonal is nan (no mutant); compare the off-diagonal entries with
        the neutral ``1 / N``.

    Examples
    --------
    >>> p = FiniteProcess([[3, 0], [5, 1]], population=10, intensity=0.1)
    >>> rho = fixation_matrix(p)
    >>> bool(rho[1, 0] > 1 / 10 > rho[0, 1])  # defection is favoured
    True
    >>> bool(np.isnan(rho[0, 0]))
    True
    """
    return np.exp(_log_fixation_matrix(_check_process(process)))


def _log_fixation_matrix(p: FiniteProcess) -> np.ndarray:
    """``log rho[i, j]`` (diagonal nan), without underflow."""
    n = p.n
    log_rho = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(n):
            if i != j:
                up, down = _birth_death(p, i, j)
                log_rho[i, j] = _log_fixation(up, down)[1]
    return log_rho


def fixation_time(process: FiniteProcess, mutant: int, resident: int) -> float:
    """Mean conditional fixation time of a single mutant, in steps of the process.

    The expected number of steps until a single ``mutant`` takes over ``resident``,
    given that it does (Traulsen & Hauert 2009; mutation ignored as in
    :func:`fixation_probability`):
    ``t_1 = sum_{l=1}^{N-1} (rho_l / T+(l)) sum_{k=l}^{N-1} prod_{i=l+1}^{k} g_i``.

    Parameters
    ----------
    process : FiniteProcess
        The population process.
    mutant, resident : int
        Strategy indices (different).

    Returns
    -------
    float
        Steps (one step = one call of the update rule; divide by N for generations);
        nan if the single mutant can never fix.

    Examples
    --------
    Under neutral Moran birth-death the conditional fixation time is (N - 1)^2 here (the
    offspring replaces one of the *other* N - 1; N (N - 1) if it could replace its parent):

    >>> p = FiniteProcess([[1, 1], [1, 1]], population=10)
    >>> round(fixation_time(p, 0, 1), 9)
    81.0
    """
    p = _check_process(process)
    a, b = _check_pair(p, mutant, resident)
    up, down = _birth_death(p, a, b)
    size = p.population
    log_rho = _log_fixation(up, down)
    if not np.isfinite(log_rho[1]):
        return float("nan")
    # log S_l, S_l = sum_{k=l}^{N-1} prod_{i=l+1}^{k} g_i = 1 + g_{l+1} S_{l+1}
    log_s = np.zeros(size)
    log_g = np.zeros(size)
    with np.errstate(divide="ignore"):  # up > 0 for 1 <= l < N since rho_1 > 0
        log_g[1:] = np.log(down[1:size]) - np.log(up[1:size])
    for ell in range(size - 2, 0, -1):
        log_s[ell] = np.logaddexp(0.0, log_g[ell + 1] + log_s[ell + 1])
    ell = np.arange(1, size)
    terms = log_rho[ell] - np.log(up[ell]) + log_s[ell]
    return float(np.exp(np.logaddexp.reduce(terms)))


def fixation_vs_population(
    process: FiniteProcess, mutant: int, resident: int, sizes: Sequence[int]
) -> np.ndarray:
    """Fixation probability of one mutant for each population size in ``sizes``.

    For the figure "fixation probability against population size": every other setting of
    ``process`` is kept (``dataclasses.replace(process, population=N)``).

    Parameters
    ----------
    process : FiniteProcess
        Template process; its own ``population`` is not used.
    mutant, resident : int
        Strategy indices (different).
    sizes : sequence of int
        Population sizes, each >= 2.

    Returns
    -------
    ndarray (len(sizes),)
        rho for each size, to be compared with the neutral ``1 / N``.

    Examples
    --------
    >>> p = FiniteProcess([[1.1, 1.1], [1.0, 1.0]], population=2)
    >>> rho = fixation_vs_population(p, 0, 1, [10, 100, 1000])
    >>> np.round(rho, 6).tolist()  # tends to 1 - 1/r = 0.090909
    [0.14795, 0.090916, 0.090909]
    """
    p = _check_process(process)
    a, b = _check_pair(p, mutant, resident)
    sizes = list(sizes)
    out = np.empty(len(sizes))
    for pos, size in enumerate(sizes):
        q = dataclasses.replace(p, population=size)
        up, down = _birth_death(q, a, b)
        out[pos] = np.exp(_log_fixation(up, down)[1])
    return out


# ---------------------------------------------------------------- small-mutation limit
def _log_stationary_small(log_rates: np.ndarray) -> np.ndarray:
    """Stationary vector of a small chain from the logs of its off-diagonal rates
    (``log_rates[j, i]``: j -> i; -inf for none), by Grassmann-Taksar-Heyman state reduction
    carried out in logs: no subtraction and no underflow, however strong the selection."""
    n = log_rates.shape[0]
    lr = np.where(np.eye(n, dtype=bool), -np.inf, log_rates)
    out = np.zeros(n)
    for k in range(n - 1, 0, -1):
        out[k] = np.logaddexp.reduce(lr[k, :k])
        if out[k] == -np.inf:
            raise ValueError(
                "the embedded chain has no unique stationary distribution (some monomorphic "
                "states cannot be left or reached: fixation probabilities are zero); use a "
                "positive mutation rate with stationary_distribution instead"
            )
        lr[:k, :k] = np.logaddexp(lr[:k, :k], lr[:k, k, None] + lr[None, k, :k] - out[k])
    log_pi = np.zeros(n)
    for k in range(1, n):
        log_pi[k] = np.logaddexp.reduce(log_pi[:k] + lr[:k, k]) - out[k]
    pi = np.exp(log_pi - np.logaddexp.reduce(log_pi))
    return pi / pi.sum()


def small_mutation_stationary(process: FiniteProcess) -> SmallMutationResult:
    """Stationary distribution over the monomorphic states as mutation tends to 0.

    In the limit of rare mutations (Fudenberg & Imhof 2006) a mutant, one of the other
    ``n - 1`` strategies chosen uniformly, fixes or dies out before the next one arises.
    The embedded chain moves from all-``j`` to all-``i`` with probability
    ``rho[i, j] / (n - 1)``; its stationary vector is found by state reduction (GTH) on the
    logarithms of these rates, so fixation probabilities far below the smallest float
    (very strong selection) still count.  ``process.mutation`` is not used (the limit does
    not depend on it).

    Parameters
    ----------
    process : FiniteProcess
        The population process.

    Returns
    -------
    SmallMutationResult
        ``probabilities`` (n,), the embedded ``transition`` matrix (n, n) and the
        ``fixation`` matrix.

    Raises
    ------
    ValueError
        If the embedded chain has no unique stationary distribution (e.g. two strategies
        that no single mutant can ever invade).

    Examples
    --------
    >>> p = FiniteProcess([[3, 0], [5, 1]], population=10, intensity=0.1)
    >>> r = small_mutation_stationary(p)
    >>> np.round(r.probabilities, 4).tolist()  # mostly all-defect
    [0.1821, 0.8179]
    >>> np.allclose(r.transition.sum(axis=1), 1.0)
    True
    """
    p = _check_process(process)
    n = p.n
    log_rho = _log_fixation_matrix(p)
    rho = np.exp(log_rho)
    with np.errstate(invalid="ignore"):
        log_rates = np.where(np.eye(n, dtype=bool), -np.inf, log_rho.T - np.log(n - 1))
    pi = _log_stationary_small(log_rates)  # rates[j, i]: j -> i
    rates = np.exp(log_rates)
    transition = rates + np.diag(1.0 - rates.sum(axis=1))
    return SmallMutationResult(pi, transition, rho, p.game.names, _settings(p))


# ------------------------------------------------------------------------- full chain
def _binomials(top: int, width: int) -> np.ndarray:
    """table[a, b] = C(a, b) for 0 <= a <= top, 0 <= b < width (int64)."""
    table = np.zeros((top + 1, width), dtype=np.int64)
    table[:, 0] = 1
    for b in range(1, width):  # C(a, b) = sum_{t < a} C(t, b - 1)
        table[1:, b] = np.cumsum(table[:-1, b - 1])
    return table


def _check_state_space(n: int, population: int, max_states: object) -> int:
    """The number of states, or a ValueError saying how many when it is over ``max_states``."""
    limit = _validate.positive_int(max_states, "max_states")
    count = _state_count(n, population)
    if count > limit:
        raise ValueError(
            f"the chain has {count:,} states (n={n} strategies, population={population}), "
            f"more than max_states={limit:,}; use a smaller population, fewer strategies, "
            "small_mutation_stationary, or raise max_states"
        )
    return count


def _state_count(n: int, population: int) -> int:
    return math.comb(population + n - 1, n - 1)


def states(n: int, population: int) -> np.ndarray:
    """All compositions of ``population`` into ``n`` non-negative counts.

    Order: lexicographic in ``(k_0, k_1, ..., k_{n-2})`` ascending (``k_{n-1}`` is what
    remains), so state 0 is all-``(n-1)`` and the last state is all-``0``;
    :func:`state_index` inverts it.  There are ``C(N + n - 1, n - 1)`` states.

    Parameters
    ----------
    n : int
        Number of strategies, >= 1.
    population : int
        Population size N >= 0.

    Returns
    -------
    ndarray (C(N + n - 1, n - 1), n) of int64

    Examples
    --------
    >>> states(3, 2).tolist()
    [[0, 0, 2], [0, 1, 1], [0, 2, 0], [1, 0, 1], [1, 1, 0], [2, 0, 0]]
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    if isinstance(population, bool) or not isinstance(population, numbers.Integral):
        raise TypeError(f"population must be an int >= 0, got {population!r}")
    if population < 0:
        raise ValueError(f"population must be an int >= 0, got {population!r}")
    n, size = int(n), int(population)
    if n == 1:
        return np.array([[size]], dtype=np.int64)
    m = _state_count(n, size)
    # stars and bars: bar positions c_0 < ... < c_{n-2} in range(N + n - 1), lexicographic
    bars = np.fromiter(
        itertools.chain.from_iterable(itertools.combinations(range(size + n - 1), n - 1)),
        dtype=np.int64,
        count=m * (n - 1),
    ).reshape(m, n - 1)
    edges = np.concatenate([np.full((m, 1), -1), bars, np.full((m, 1), size + n - 1)], axis=1)
    return np.diff(edges, axis=1) - 1


_all_states = states  # gradient_of_selection's parameter shadows the name


def state_index(counts: Sequence[int] | np.ndarray) -> np.ndarray | int:
    """Position of each state in :func:`states` (``n`` and N taken from ``counts``).

    Parameters
    ----------
    counts : array_like of int, shape (n,) or (m, n)
        Non-negative counts; N is each row's sum.

    Returns
    -------
    int or ndarray (m,) of int64

    Examples
    --------
    >>> s = states(3, 4)
    >>> bool(np.array_equal(state_index(s), np.arange(len(s))))
    True
    >>> state_index([0, 0, 4]), state_index([4, 0, 0])
    (0, 14)
    """
    k = np.asarray(counts)
    if k.ndim not in (1, 2) or k.shape[-1] < 1:
        raise ValueError(f"counts must have shape (n,) or (m, n), got {k.shape}")
    if k.size and (not np.issubdtype(k.dtype, np.integer) and not np.all(k == np.round(k))):
        raise ValueError("counts must be integers")
    k = k.astype(np.int64)
    if k.size and k.min() < 0:
        raise ValueError("counts must be >= 0")
    single = k.ndim == 1
    k = np.atleast_2d(k)
    n = k.shape[1]
    sizes = k.sum(axis=1)
    top = int(sizes.max()) + n if k.size else n
    if k.size and _state_count(n, int(sizes.max())) >= 2**62:
        raise ValueError("too many states to index with int64")
    binom = _binomials(top, max(n, 1))
    index = np.zeros(len(k), dtype=np.int64)
    remaining = sizes.copy()
    for pos in range(n - 1):
        d = n - 2 - pos  # parts after this one, minus one
        index += binom[remaining + d + 1, d + 1] - binom[remaining - k[:, pos] + d + 1, d + 1]
        remaining = remaining - k[:, pos]
    return int(index[0]) if single else index


def _rates(process: FiniteProcess, space: np.ndarray):
    """Off-diagonal one-step probabilities of the chain on ``space`` as (rows, cols, values),
    and each state's total outflow; built chunk by chunk from ``process.transitions``."""
    m, n = space.shape
    rows, cols, vals = [], [], []
    outflow = np.zeros(m)
    for start in range(0, m, _CHUNK):
        chunk = space[start : start + _CHUNK]
        t = process.transitions(chunk)
        here = np.arange(start, start + len(chunk))
        outflow[start : start + len(chunk)] = t.sum(axis=(1, 2))
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                rate = t[:, i, j]
                keep = (chunk[:, i] > 0) & (rate > 0)
                target = chunk[keep].copy()
                target[:, i] -= 1
                target[:, j] += 1
                rows.append(here[keep])
                cols.append(state_index(target))
                vals.append(rate[keep])
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals), outflow


def _generator(rates) -> object:
    """Sparse generator Q = P - I (CSR) from the output of :func:`_rates`."""
    import scipy.sparse as sp

    rows, cols, vals, outflow = rates
    m = len(outflow)
    q = sp.coo_matrix(
        (np.concatenate([vals, -outflow]), (np.r_[rows, np.arange(m)], np.r_[cols, np.arange(m)])),
        shape=(m, m),
    )
    return q.tocsr()


def _gth_banded(m: int, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, band: int):
    """Stationary vector by the Grassmann-Taksar-Heyman algorithm on a banded chain.

    State reduction without subtractions: every quantity is a sum of products of
    non-negative rates, so each probability is found to high *relative* accuracy, even in
    nearly decomposable chains where an LU solve cannot resolve the basins' weights.  Costs
    ``m * band**2`` operations and ``m * (2 * band + 1)`` floats.
    """
    width = 2 * band + 1
    flat = np.zeros(m * width + band)
    # view[i, j] = rate i -> j for |i - j| <= band (other entries alias: never touched)
    view = np.lib.stride_tricks.as_strided(flat[band:], shape=(m, m), strides=(16 * band, 8))
    np.add.at(flat, band + 2 * band * rows + cols, vals)
    out_rate = np.zeros(m)
    for k in range(m - 1, 0, -1):
        lo = max(0, k - band)
        row = view[k, lo:k]
        total = row.sum()
        if total <= 0.0:
            raise _Reducible("the chain is reducible: no unique stationary distribution")
        out_rate[k] = total
        view[lo:k, lo:k] += np.outer(view[lo:k, k], row / total)
    log_pi = np.full(m, -np.inf)  # back substitution in logs: no under- or overflow
    log_pi[0] = 0.0
    with np.errstate(divide="ignore"):
        log_out = np.log(out_rate)  # out_rate[0] = 0 is never used
        for k in range(1, m):
            lo = max(0, k - band)
            terms = log_pi[lo:k] + np.log(view[lo:k, k])
            log_pi[k] = np.logaddexp.reduce(terms) - log_out[k]
    return np.exp(log_pi - np.logaddexp.reduce(log_pi))


def _solve_reference(at, ref: int) -> np.ndarray:
    """pi / pi[ref] from Q^T pi = 0 with pi[ref] = 1: drop row and column ``ref``; what is
    left is a non-singular M-matrix (column diagonally dominant), factorised by SuperLU."""
    from scipy.sparse.linalg import splu

    m = at.shape[0]
    keep = np.ones(m, dtype=bool)
    keep[ref] = False
    sub = at[keep][:, keep].tocsc()
    rhs = -at[:, [ref]].toarray().ravel()[keep]
    x = np.empty(m)
    try:
        with np.errstate(all="ignore"):
            x[keep] = splu(sub, permc_spec="COLAMD").solve(rhs)
    except RuntimeError:  # exactly singular: ``ref`` is transient; the caller tries another
        x[:] = np.nan
        return x
    x[ref] = 1.0
    return x


def _solve_normalised(at) -> np.ndarray:
    """pi from Q^T pi = 0 with the last equation replaced by sum(pi) = 1 (slower: the row of
    ones fills in, but no state has to be fixed, so any dynamic range is fine)."""
    import scipy.sparse as sp
    from scipy.sparse.linalg import splu

    m = at.shape[0]
    a = sp.vstack([at[: m - 1], sp.csr_matrix(np.ones((1, m)))]).tocsc()
    rhs = np.zeros(m)
    rhs[-1] = 1.0
    with np.errstate(all="ignore"):
        return splu(a, permc_spec="MMD_AT_PLUS_A").solve(rhs)


def _accept(at, x: np.ndarray) -> np.ndarray | None:
    """Normalised x if it is a stationary vector to rounding error, else None."""
    if not np.all(np.isfinite(x)) or x.max() <= 0 or x.max() > 1e250:
        return None
    if x.min() < -1e-9 * x.max():
        return None
    pi = np.clip(x, 0.0, None)
    pi /= pi.sum()
    scale = np.abs(at.diagonal()).max()
    if np.abs(at @ pi).max() > 1e-11 * scale * pi.max():
        return None
    return pi


def _references(process: FiniteProcess) -> list[int]:
    """States to fix: every monomorphic state (the favourite of the small-mutation limit
    first) and the most even state (where the mass is for large mu)."""
    n, size = process.n, process.population
    try:
        order = np.argsort(-small_mutation_stationary(process).probabilities, kind="stable")
    except ValueError:
        order = np.arange(n)
    even = np.full(n, size // n, dtype=np.int64)
    even[: size - even.sum()] += 1
    refs = [state_index(np.eye(n, dtype=np.int64)[i] * size) for i in order]
    return list(dict.fromkeys([*refs, state_index(even)]))


def _check_lu_work(count: int, n: int, population: int, max_work: object) -> None:
    limit = _validate.real(max_work, "max_work")
    if not limit > 0:
        raise ValueError(f"max_work must be a real > 0, got {max_work!r}")
    d = n - 1
    work = float(count) ** (3 * (d - 1) / d) if d > 1 else float(count)
    if work > limit:
        raise ValueError(
            f"the chain has {count:,} states (n={n} strategies, population={population}); a "
            f"sparse solve would need about {work:.1e} units of work, more than max_work="
            f"{limit:.1e} (about {work * 2e-8:,.0f} s here); use small_mutation_stationary, "
            "simulate, fewer strategies or a smaller population, or raise max_work"
        )


class _Reducible(ValueError):
    """State reduction met a state that cannot be reached from above (transient states, or
    more than one closed class)."""


class _Disagreement(ValueError):
    """LU solves fixed at different states disagree: the chain is nearly decomposable."""


def _solve_stationary(at, refs: list[int]) -> np.ndarray:
    """Solve with each reference state fixed (and with the heaviest state of a rejected try);
    the accepted answers must agree, else the chain is too close to decomposable for double
    precision.  Falls back on the normalised system if no try is accepted."""
    queue, tried, found = list(refs), set(), []
    while queue and len(tried) < len(refs) + 2:
        ref = queue.pop(0)
        if ref in tried:
            continue
        tried.add(ref)
        x = _solve_reference(at, ref)
        pi = _accept(at, x)
        if pi is not None:
            found.append((pi[ref], pi))
        elif np.all(np.isfinite(x)) and x.max() > 0:
            queue.insert(0, int(np.argmax(x)))  # the fixed state was light: refix
    if not found:
        pi = _accept(at, _solve_normalised(at))
        if pi is None:
            raise ValueError("the sparse solve did not give a valid stationary distribution")
        return pi
    spread = max(np.abs(pi - found[0][1]).max() for _, pi in found)
    if spread > 1e-6:
        raise _Disagreement(
            "the chain is too close to decomposable (metastable) for its stationary "
            f"distribution to be resolved in double precision: solutions fixed at different "
            f"states differ by up to {spread:.2g}; raise mutation, lower intensity or "
            "population, use method='gth', or use small_mutation_stationary"
        )
    return max(found, key=lambda item: item[0])[1]  # fixed at the heaviest state: most exact


def _birth_death_stationary(process: FiniteProcess, space: np.ndarray) -> np.ndarray | None:
    """Two strategies: the chain is birth-death, so detailed balance
    ``pi[k + 1] / pi[k] = T+(k) / T-(k + 1)`` gives pi exactly, in logs (any dynamic range).
    None if some rate is zero (then the general solver decides)."""
    t = process.transitions(space)  # space[k] = (k, N - k)
    up, down = t[:-1, 1, 0], t[1:, 0, 1]
    if np.any(up <= 0) or np.any(down <= 0):
        return None
    log_pi = np.concatenate(([0.0], np.cumsum(np.log(up) - np.log(down))))
    return np.exp(log_pi - np.logaddexp.reduce(log_pi))


def stationary_distribution(
    process: FiniteProcess,
    *,
    method: str = "auto",
    max_states: int = MAX_STATES,
    max_work: float = MAX_LU_WORK,
) -> StationaryResult:
    """Stationary distribution of the full chain over all population compositions (mu > 0).

    The states are every way of splitting the N individuals among the ``n`` strategies
    (``C(N + n - 1, n - 1)`` of them, ordered as :func:`states`); the one-step
    probabilities come from ``process.transitions`` on all states at once (vectorised).
    Nothing here is an eigen-decomposition.  Methods:

    * ``'balance'`` (two strategies only): the chain is birth-death, so detailed balance
      ``pi[k + 1] / pi[k] = T+(k) / T-(k + 1)`` gives pi directly, in log space (exact for
      any dynamic range).
    * ``'gth'``: Grassmann-Taksar-Heyman state reduction on the banded chain (the order of
      :func:`states` keeps every move within ``band ~ N`` positions for three strategies).
      No subtractions, so every probability has high *relative* accuracy, also in nearly
      decomposable chains (strong selection, several basins, rare mutation).  Costs
      ``m * band**2`` operations and ``m * (2 band + 1)`` floats: 0.1 s for N = 100 and
      three strategies, ~1 s for N = 200.
    * ``'lu'``: sparse LU (SciPy's SuperLU, COLAMD ordering) of ``pi Q = 0``, ``Q = P - I``,
      with one state's probability fixed (what is left is a non-singular M-matrix), then
      normalised: ~1-3 s for N = 500 and three strategies (125,751 states).  The fixed state
      must carry enough mass, so the system is solved with each monomorphic state and the
      most even state fixed; answers that are not stationary to rounding error are dropped
      and the rest must agree.  If they disagree the chain is too nearly decomposable for
      LU: ValueError (``'auto'`` then switches to ``'gth'``).  Needs SciPy.
    * ``'auto'``: ``'balance'`` for two strategies; ``'gth'`` when cheap (``m band^2 <=
      1e8``); else ``'lu'``, falling back on ``'gth'`` if the LU answers disagree and the
      band fits in ``3e7`` floats.

    Parameters
    ----------
    process : FiniteProcess
        The population process, with ``mutation > 0``.
    method : {'auto', 'balance', 'gth', 'lu'}
        Solver (see above).
    max_states : int
        Refuse larger state spaces.
    max_work : float
        Refuse a sparse LU solve whose estimated work (``m ** (3 (d - 1) / d)`` for ``m``
        states of the ``d = n - 1``-dimensional chain) is larger: the error gives the
        estimate; 3e9 is about a minute here.

    Returns
    -------
    StationaryResult
        ``states``, ``probabilities``, ``abundance`` (expected share of each strategy);
        ``settings['method']`` says which solver ran.

    Raises
    ------
    ValueError
        If ``mutation == 0`` (the monomorphic states absorb: no unique stationary
        distribution; use :func:`small_mutation_stationary`), the state space has more
        than ``max_states`` states, or the chosen solver cannot resolve the chain.

    Examples
    --------
    >>> p = FiniteProcess([[3, 0], [5, 1]], population=10, intensity=0.1, mutation=0.01)
    >>> r = stationary_distribution(p)
    >>> r.states.shape, round(float(r.probabilities.sum()), 12), r.settings["method"]
    ((11, 2), 1.0, 'balance')
    >>> np.round(r.abundance, 3).tolist()
    [0.223, 0.777]
    >>> q = FiniteProcess(np.eye(3), population=30, mutation=0.01, process="fermi")
    >>> r = stationary_distribution(q)
    >>> r.settings["method"], np.round(r.abundance, 3).tolist()
    ('gth', [0.333, 0.333, 0.333])
    """
    p = _check_process(process)
    if method not in ("auto", "balance", "gth", "lu"):
        raise ValueError(f"method must be 'auto', 'balance', 'gth' or 'lu', got {method!r}")
    if p.mutation == 0.0:
        raise ValueError(
            "mutation must be > 0 for stationary_distribution: with mutation = 0 the "
            "monomorphic states absorb and there is no unique stationary distribution; use "
            "small_mutation_stationary for the limit mutation -> 0"
        )
    n, size = p.n, p.population
    count = _check_state_space(n, size, max_states)
    if method == "balance" and n != 2:
        raise ValueError(f"method='balance' needs two strategies, the game has {n}")
    space = states(n, size)
    pi = None
    if method in ("auto", "balance") and n == 2:
        pi = _birth_death_stationary(p, space)
        used = "balance"
        if pi is None and method == "balance":
            raise ValueError("method='balance' needs every rate T+(k), T-(k + 1) > 0")
    if pi is None:
        rates = _rates(p, space)
        band = int(np.abs(rates[0] - rates[1]).max(initial=0))
        if method == "gth" or (method == "auto" and count * band**2 <= 1e8):
            try:
                pi, used = _gth_banded(count, *rates[:3], band), "gth"
            except _Reducible:  # transient states (e.g. mutation = 1): LU copes with them
                if method == "gth":
                    raise
        if pi is None:
            _check_lu_work(count, n, size, max_work)
            at = _generator(rates).T.tocsr()
            try:
                pi, used = _solve_stationary(at, _references(p)), "lu"
            except _Disagreement:
                if method == "lu" or count * (2 * band + 1) > 3e7:
                    raise
                pi, used = _gth_banded(count, *rates[:3], band), "gth"
    abundance = pi @ space / size
    settings = _settings(p)
    settings["states"] = count
    settings["method"] = used
    return StationaryResult(space, pi, abundance, p.game.names, settings)


# --------------------------------------------------------------- gradient of selection
def gradient_of_selection(
    process: FiniteProcess,
    states: Sequence[Sequence[int]] | np.ndarray | None = None,
    *,
    max_states: int = MAX_STATES,
) -> np.ndarray:
    """Expected change per step of each strategy's count.

    ``G[s, i] = sum_j T[j, i] - sum_j T[i, j]`` at state ``s``, with ``T`` from
    ``process.transitions`` (mutation included).  With two strategies, ``G[:, 0]`` is the
    classic gradient of selection ``T+(k) - T-(k)`` of strategy 0 at ``k`` = its count, and
    ``G[:, 1] = -G[:, 0]``.

    Parameters
    ----------
    process : FiniteProcess
        The population process.
    states : array_like of int, shape (m, n) or (n,), optional
        States (counts summing to N); default all states, in the order of :func:`states`.
    max_states : int
        Refuse to enumerate more states than this (default 5,000,000) when ``states`` is not
        given; the error says how many there are.

    Returns
    -------
    ndarray (m, n)
        Rows sum to 0.

    Examples
    --------
    >>> p = FiniteProcess([[1.1, 1.1], [1.0, 1.0]], population=10)
    >>> g = gradient_of_selection(p, [[5, 5]])
    >>> bool(g[0, 0] > 0), float(g[0].sum())
    (True, 0.0)
    """
    p = _check_process(process)
    n, size = p.n, p.population
    if states is None:
        _check_state_space(n, size, max_states)
        space = _all_states(n, size)
    else:
        space = np.atleast_2d(np.asarray(states))
        if space.ndim != 2 or space.shape[1] != n:
            raise ValueError(f"states must have shape (m, {n}), got {np.shape(states)}")
        if not np.issubdtype(space.dtype, np.integer) and not np.all(space == np.round(space)):
            raise ValueError(f"states must hold whole counts, got {space.tolist()[:3]}")
        if np.any(space < 0) or np.any(space.sum(axis=1) != size):
            raise ValueError(f"states must hold counts >= 0 summing to population={size}")
    t = p.transitions(space)
    return t.sum(axis=-2) - t.sum(axis=-1)
