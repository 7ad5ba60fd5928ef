"""Exact analysis of finite, well-mixed populations: fixation and the small-mutation limit.

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
* **Full chain**: the stationary distribution for mu > 0 and the gradient of selection are
  in :mod:`coop_sim.evolution.chain`.

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
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coop_sim._version import __version__
from coop_sim.evolution.population import FiniteProcess

__all__ = [
    "SmallMutationResult",
    "fixation_matrix",
    "fixation_probability",
    "fixation_time",
    "fixation_vs_population",
    "small_mutation_stationary",
]


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
