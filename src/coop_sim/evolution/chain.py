"""The full Markov chain of a finite, well-mixed population: its states, its stationary
distribution for mu > 0 and the gradient of selection.

For mu > 0 the chain on all compositions of ``N`` into ``n`` counts (:func:`states`,
:func:`state_index`) has a unique stationary distribution, found by detailed balance (two
strategies), by Grassmann-Taksar-Heyman state reduction on the banded chain, or by a sparse
LU solve (SciPy); never by an eigen-decomposition.  Every probability comes from
:meth:`FiniteProcess.transitions <coop_sim.evolution.population.FiniteProcess.transitions>`.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coop_sim import _validate
from coop_sim.evolution.exact import _check_process, _settings, small_mutation_stationary
from coop_sim.evolution.population import FiniteProcess

__all__ = [
    "MAX_LU_WORK",
    "MAX_STATES",
    "StationaryResult",
    "gradient_of_selection",
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
