"""Deterministic evolutionary dynamics of infinite populations.

The population is a vector of *shares* ``x`` (non-negative, summing to 1) over the strategies
of a pay-off matrix ``A`` (``A[i, j]``: mean pay-off per round of ``i`` against ``j``).  The
fitness of strategy ``i`` is its mean pay-off against the current population,
``f_i = (A x)_i`` (self-play included: shares are continuous), and the mean fitness is
``phi = x . A x``.

* **Ecological dynamics** (:func:`ecological`), Axelrod's (1984) ecological simulation of
  the tournament: discrete generations with proportional growth,
  ``x'_i = x_i f_i / phi``.  Negative fitness is clipped at 0.  Given a
  :class:`~coop_sim.results.TournamentResult` and ``sample=True``, every generation draws its
  pay-off matrix from ``Normal(payoff_matrix, payoff_std)``, entry by entry, as
  Axelrod-Python's ``Ecosystem`` does.
* **Replicator equation** (:func:`replicator`): ``dx_i/dt = x_i (f_i - phi)``, and with a
  mutation matrix ``Q`` (``Q[i, j]``: probability that an offspring of ``i`` is a ``j``) the
  replicator-mutator equation ``dx_j/dt = sum_i x_i f_i Q[i, j] - x_j phi``.  The discrete
  version (``discrete=True``) is ``x'_j = sum_i x_i (c + f_i) Q[i, j] / (c + phi)`` with a
  background fitness ``c`` (``baseline``).
* **Fixed points** (:func:`fixed_points`) of the continuous equation for two and three
  strategies, with their linear stability on the simplex.

Every dynamic returns a :class:`DynamicsResult` (times, shares and the settings that made
them).
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coop_sim import _validate
from coop_sim._seeding import seed_key
from coop_sim._version import __version__
from coop_sim.evolution.population import PopulationGame, _as_game
from coop_sim.results import TournamentResult

__all__ = [
    "DynamicsResult",
    "FixedPoint",
    "ecological",
    "fixed_points",
    "replicator",
]

#: Integrators of :func:`scipy.integrate.solve_ivp` that :func:`replicator` accepts.
IVP_METHODS = ("DOP853", "LSODA", "RK45", "RK23", "Radau", "BDF")
#: Tolerance on sums of shares and rows of mutation matrices.
SUM_TOLERANCE = 1e-9

GameLike = PopulationGame | TournamentResult | np.ndarray | Sequence


@dataclass(frozen=True, eq=False)
class DynamicsResult:
    """A trajectory of population shares.

    Attributes
    ----------
    names : tuple of str
        Strategy names, one per column of ``shares``.
    times : ndarray, shape (T + 1,)
        Generation numbers (discrete dynamics) or times (continuous dynamics).
    shares : ndarray, shape (T + 1, n)
        ``shares[t, i]``: share of strategy ``i`` at ``times[t]``; row 0 is the start.
    settings : dict
        The dynamic, its parameters, the settings of the game and the library version.

    Examples
    --------
    >>> r = ecological([[3, 0], [5, 1]], generations=3)
    >>> r.shares.shape, r.winner
    ((4, 2), 1)
    """

    names: tuple[str, ...]
    times: np.ndarray
    shares: np.ndarray
    settings: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        for array in (self.times, self.shares):
            array.setflags(write=False)

    @property
    def final_shares(self) -> np.ndarray:
        """Shares at the last time."""
        return self.shares[-1]

    @property
    def winner(self) -> int:
        """Index of the strategy with the largest final share (ties: the first)."""
        return int(np.argmax(self.final_shares))

    def summary(self) -> str:
        """The run as text: the dynamic, the time span and each strategy's first and last
        share, largest final share first."""
        dynamic = self.settings.get("dynamics", "dynamics")
        unit = "generation" if self.settings.get("discrete", True) else "t"
        lines = [f"{dynamic}: {unit} {self.times[0]:g} to {self.times[-1]:g}"]
        lines.append(f"{'name':<34} {'initial':>9} {'final':>9}")
        for i in np.argsort(-self.final_shares, kind="stable"):
            lines.append(
                f"{self.names[i][:34]:<34} {self.shares[0, i]:9.4f} {self.final_shares[i]:9.4f}"
            )
        return "\n".join(lines)


@dataclass(frozen=True, eq=False)
class FixedPoint:
    """A rest point of the replicator (or replicator-mutator) equation.

    Attributes
    ----------
    shares : ndarray, shape (n,)
        The point on the simplex.
    eigenvalues : ndarray of complex, shape (n - 1,)
        Eigenvalues of the Jacobian restricted to the simplex (the tangent space
        ``sum(dx) = 0``).
    stability : str
        ``'stable'`` (every real part < 0), ``'unstable'`` (every real part > 0),
        ``'saddle'`` (both signs), ``'neutral'`` (every real part 0, e.g. a centre) or
        ``'non-hyperbolic'`` (some real parts 0, the others not); zero means within
        ``1e-9 * (1 + max |A|)``.
    """

    shares: np.ndarray
    eigenvalues: np.ndarray
    stability: str

    @property
    def support(self) -> tuple[int, ...]:
        """Indices of the strategies with a positive share."""
        return tuple(int(i) for i in np.flatnonzero(self.shares > 0))


# ----------------------------------------------------------------------------- validation


def _game_and_names(game: GameLike) -> tuple[np.ndarray, tuple[str, ...], dict]:
    if isinstance(game, TournamentResult):
        pg = PopulationGame(game.payoff_matrix, tuple(game.names), dict(game.settings))
    else:
        pg = _as_game(game)
    return np.array(pg.matrix), pg.names, dict(pg.settings)


def _initial(initial: Sequence[float] | np.ndarray | None, n: int) -> np.ndarray:
    if initial is None:
        return np.full(n, 1.0 / n)
    try:
        x = np.array(initial, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"initial must be a sequence of {n} shares, got {initial!r}") from None
    if x.shape != (n,):
        raise ValueError(f"initial must hold one share per strategy ({n}), got shape {x.shape}")
    if not np.all(np.isfinite(x)) or np.any(x < 0):
        raise ValueError(f"initial shares must be finite and >= 0, got {x.tolist()}")
    if abs(x.sum() - 1.0) > SUM_TOLERANCE:
        raise ValueError(f"initial shares must sum to 1 (within 1e-9), got sum {float(x.sum()):g}")
    return x


def _mutation_matrix(mutation: float | np.ndarray | Sequence | None, n: int) -> np.ndarray | None:
    """The row-stochastic mutation matrix, or None for no mutation."""
    if mutation is None:
        return None
    if isinstance(mutation, numbers.Real) and not isinstance(mutation, bool):
        mu = _validate.probability(mutation, "mutation")
        if mu == 0.0:
            return None
        eye = np.eye(n)
        return (1.0 - mu) * eye + mu / (n - 1) * (1.0 - eye)
    try:
        q = np.array(mutation, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"mutation must be a probability or an {n}x{n} row-stochastic matrix, got {mutation!r}"
        ) from None
    if q.shape != (n, n):
        raise ValueError(f"mutation matrix must have shape ({n}, {n}), got {q.shape}")
    if not np.all(np.isfinite(q)) or np.any(q < 0):
        raise ValueError("mutation matrix entries must be finite probabilities >= 0")
    rows = q.sum(axis=1)
    if np.any(np.abs(rows - 1.0) > SUM_TOLERANCE):
        raise ValueError(f"mutation matrix rows must sum to 1 (within 1e-9), got {rows.tolist()}")
    if np.array_equal(q, np.eye(n)):
        return None
    return q


def _positive_real(value: object, parameter: str) -> float:
    x = _validate.real(value, parameter)
    if not (0.0 < x < np.inf):
        raise ValueError(f"{parameter} must be a finite real > 0, got {value!r}")
    return x


def _recorded(mutation: np.ndarray | None, given: object) -> object:
    if mutation is None:
        return None
    if isinstance(given, numbers.Real):
        return float(given)
    return mutation.tolist()


# ----------------------------------------------------------------------------- ecological


def ecological(
    game: GameLike,
    initial: Sequence[float] | np.ndarray | None = None,
    *,
    generations: int = 100,
    sample: bool = False,
    seed: int | np.random.SeedSequence | np.random.Generator | None = None,
) -> DynamicsResult:
    """Axelrod's ecological simulation: proportional growth on the tournament's pay-offs.

    Each generation, ``f = A x`` and ``x'_i = x_i f_i / sum_j x_j f_j``.  Negative fitness
    is set to 0 (such strategies die out); if every present strategy has fitness 0 the
    shares stay as they are.

    Parameters
    ----------
    game : PopulationGame, TournamentResult or array_like (n, n)
        The pay-off matrix (a tournament's ``payoff_matrix`` and ``names``).
    initial : array_like (n,), optional
        Starting shares (>= 0, summing to 1); default equal shares.
    generations : int
        Number of generations (>= 1).
    sample : bool
        Draw each generation's matrix entry by entry from
        ``Normal(payoff_matrix, payoff_std)`` (needs a TournamentResult), as
        Axelrod-Python's ``Ecosystem`` does; default False: use the mean pay-offs.
    seed : int, SeedSequence, Generator or None
        Randomness for ``sample=True`` (ignored otherwise).

    Returns
    -------
    DynamicsResult
        ``times`` = 0, 1, ..., generations; ``shares`` has ``generations + 1`` rows.

    Examples
    --------
    >>> import numpy as np
    >>> A = [[3.0, 0.9, 3.0], [1.4, 1.0, 5.0], [3.0, 0.0, 3.0]]  # TFT, ALLD, ALLC; 10 rounds
    >>> r = ecological(A, generations=200)
    >>> np.round(r.shares[[0, 4, 200]], 3).tolist()  # ALLD grows while there are suckers
    [[0.333, 0.333, 0.333], [0.387, 0.413, 0.2], [0.861, 0.0, 0.139]]
    >>> r.names[r.winner]
    'S0'
    """
    a, names, game_settings = _game_and_names(game)
    n = a.shape[0]
    x = _initial(initial, n)
    generations = _validate.positive_int(generations, "generations")
    sample = _validate.flag(sample, "sample")
    rng, recorded_seed, std = None, None, None
    if sample:
        if not isinstance(game, TournamentResult):
            raise ValueError(
                "sample=True needs a TournamentResult (its payoff_std gives the spread), "
                f"got {type(game).__name__}"
            )
        std = np.array(game.payoff_std, dtype=np.float64)
        key, recorded_seed = seed_key(seed)
        rng = np.random.default_rng(key)
    shares = np.empty((generations + 1, n))
    shares[0] = x
    for t in range(1, generations + 1):
        matrix = a if rng is None else rng.normal(a, std)
        fitness = np.maximum(matrix @ x, 0.0)
        weights = x * fitness
        total = weights.sum()
        if total > 0.0:
            x = weights / total
        shares[t] = x
    settings = {
        "dynamics": "ecological",
        "discrete": True,
        "generations": generations,
        "initial": shares[0].tolist(),
        "sample": sample,
        "seed": recorded_seed,
        "game": game_settings,
        "version": __version__,
    }
    return DynamicsResult(names, np.arange(generations + 1, dtype=np.float64), shares, settings)


# ----------------------------------------------------------------------------- replicator


def _field(a: np.ndarray, q: np.ndarray | None, x: np.ndarray) -> np.ndarray:
    """The replicator (q None) or replicator-mutator vector field at ``x``."""
    f = a @ x
    phi = x @ f
    if q is None:
        return x * (f - phi)
    return (x * f) @ q - x * phi


def _jacobian(a: np.ndarray, q: np.ndarray | None, x: np.ndarray) -> np.ndarray:
    """Jacobian ``J[j, k] = d field_j / d x_k`` in the full n-dimensional space."""
    f = a @ x
    phi = x @ f
    grad_phi = f + a.T @ x
    if q is None:
        return np.diag(f - phi) + x[:, None] * a - np.outer(x, grad_phi)
    # d/dx_k sum_i x_i f_i Q[i, j] = f_k Q[k, j] + sum_i x_i A[i, k] Q[i, j]
    growth = (f[:, None] * q).T + ((x[:, None] * a).T @ q).T
    return growth - phi * np.eye(len(x)) - np.outer(x, grad_phi)


def replicator(
    game: GameLike,
    initial: Sequence[float] | np.ndarray | None = None,
    *,
    time: float = 50.0,
    points: int = 501,
    mutation: float | np.ndarray | Sequence | None = None,
    discrete: bool = False,
    generations: int = 100,
    baseline: float = 0.0,
    method: str = "DOP853",
    rtol: float = 1e-10,
    atol: float = 1e-12,
) -> DynamicsResult:
    """The replicator (or replicator-mutator) dynamics, continuous or discrete.

    Continuous (default): ``dx_i/dt = x_i (f_i - phi)`` with ``f = A x`` and
    ``phi = x . f``; with mutation ``dx_j/dt = sum_i x_i f_i Q[i, j] - x_j phi``.  Solved by
    :func:`scipy.integrate.solve_ivp` (needs scipy) and reported at ``points`` evenly spaced
    times in ``[0, time]``.

    Discrete (``discrete=True``): ``x'_j = sum_i x_i (c + f_i) Q[i, j] / (c + phi)`` with
    ``c = baseline`` (``Q`` the identity without mutation), for ``generations`` steps.

    Parameters
    ----------
    game : PopulationGame, TournamentResult or array_like (n, n)
        The pay-off matrix.
    initial : array_like (n,), optional
        Starting shares (>= 0, summing to 1); default equal shares.
    time : float
        End time of the continuous dynamics (> 0).
    points : int
        Number of output times of the continuous dynamics (>= 2), including 0 and ``time``.
    mutation : float or array_like (n, n), optional
        A row-stochastic matrix ``Q`` (``Q[i, j]``: probability that an offspring of ``i`` is
        a ``j``), or a probability ``mu`` of mutating to one of the other strategies,
        uniformly: ``Q = (1 - mu) I + mu / (n - 1) (1 - I)``.  Default: no mutation.
    discrete : bool
        Use the discrete-time replicator map instead of the differential equation.
    generations : int
        Number of generations of the discrete map (>= 1).
    baseline : float
        Background fitness ``c`` of the discrete map; ``c + f_i`` must stay > 0 for every
        present strategy (ValueError otherwise).
    method : {'DOP853', 'LSODA', 'RK45', 'RK23', 'Radau', 'BDF'}
        Integrator of :func:`scipy.integrate.solve_ivp`.
    rtol, atol : float
        Its relative and absolute tolerances (> 0).

    Returns
    -------
    DynamicsResult
        Times and shares; the integrator's statistics are in ``settings``.

    Examples
    --------
    >>> import numpy as np
    >>> hawk_dove = [[-1.0, 2.0], [0.0, 1.0]]  # V = 2, C = 4: hawks settle at V / C
    >>> r = replicator(hawk_dove, [0.9, 0.1], time=40.0)
    >>> np.round(r.final_shares, 6).tolist()
    [0.5, 0.5]
    >>> d = replicator(hawk_dove, [0.9, 0.1], discrete=True, generations=200, baseline=2.0)
    >>> np.round(d.final_shares, 6).tolist()
    [0.5, 0.5]
    """
    a, names, game_settings = _game_and_names(game)
    n = a.shape[0]
    x0 = _initial(initial, n)
    q = _mutation_matrix(mutation, n)
    discrete = _validate.flag(discrete, "discrete")
    settings = {
        "dynamics": "discrete replicator" if discrete else "replicator",
        "discrete": discrete,
        "initial": x0.tolist(),
        "mutation": _recorded(q, mutation),
    }
    if discrete:
        generations = _validate.positive_int(generations, "generations")
        baseline = _validate.real(baseline, "baseline")
        times = np.arange(generations + 1, dtype=np.float64)
        shares = _discrete_replicator(a, q, x0, generations, baseline)
        settings.update(generations=generations, baseline=baseline)
    else:
        time = _positive_real(time, "time")
        points = _validate.positive_int(points, "points", 2)
        if method not in IVP_METHODS:
            raise ValueError(f"method must be one of {', '.join(IVP_METHODS)}, got {method!r}")
        rtol = _positive_real(rtol, "rtol")
        atol = _positive_real(atol, "atol")
        times = np.linspace(0.0, time, points)
        shares, stats = _continuous_replicator(a, q, x0, times, method, rtol, atol)
        settings.update(time=time, points=points, method=method, rtol=rtol, atol=atol, **stats)
    settings.update(game=game_settings, version=__version__)
    return DynamicsResult(names, times, shares, settings)


def _discrete_replicator(
    a: np.ndarray, q: np.ndarray | None, x: np.ndarray, generations: int, baseline: float
) -> np.ndarray:
    shares = np.empty((generations + 1, len(x)))
    shares[0] = x
    for t in range(1, generations + 1):
        fitness = baseline + a @ x
        present = x > 0
        if np.any(fitness[present] <= 0.0):
            low = float(fitness[present].min())
            raise ValueError(
                f"baseline + pay-off must stay > 0 in the discrete replicator, but generation "
                f"{t} has baseline + f = {low:g} (baseline={baseline:g}); use a baseline "
                f"> {-float(a.min()):g} (minus the smallest pay-off)"
            )
        weights = x * fitness
        if q is not None:
            weights = weights @ q
        x = weights / weights.sum()
        shares[t] = x
    return shares


def _continuous_replicator(
    a: np.ndarray,
    q: np.ndarray | None,
    x0: np.ndarray,
    times: np.ndarray,
    method: str,
    rtol: float,
    atol: float,
) -> tuple[np.ndarray, dict]:
    try:
        from scipy.integrate import solve_ivp
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("the continuous replicator needs scipy: pip install scipy") from error

    def rhs(_t: float, x: np.ndarray) -> np.ndarray:
        return _field(a, q, x)

    def jac(_t: float, x: np.ndarray) -> np.ndarray:
        return _jacobian(a, q, x)

    extra = {"jac": jac} if method in ("Radau", "BDF", "LSODA") else {}
    solution = solve_ivp(
        rhs, (times[0], times[-1]), x0, method=method, t_eval=times, rtol=rtol, atol=atol, **extra
    )
    if not solution.success:
        raise RuntimeError(f"the replicator integration failed: {solution.message}")
    stats = {"evaluations": int(solution.nfev)}
    return np.ascontiguousarray(solution.y.T), stats


# ----------------------------------------------------------------------------- fixed points


def _tangent_jacobian(a: np.ndarray, q: np.ndarray | None, x: np.ndarray) -> np.ndarray:
    """Jacobian in the coordinates x_1..x_{n-1} (x_n = 1 - the rest) of the simplex."""
    n = len(x)
    basis = np.vstack([np.eye(n - 1), -np.ones((1, n - 1))])  # tangent vectors e_k - e_n
    return (_jacobian(a, q, x) @ basis)[: n - 1]


def _stability(eigenvalues: np.ndarray, tolerance: float) -> str:
    real = eigenvalues.real
    negative, positive = real < -tolerance, real > tolerance
    if np.all(negative):
        return "stable"
    if np.all(positive):
        return "unstable"
    if np.all(negative | positive):
        return "saddle"
    if not np.any(negative | positive):
        return "neutral"
    return "non-hyperbolic"


def _support_points(a: np.ndarray) -> list[np.ndarray]:
    """Rest points of the pure replicator: for each support S, A_SS x_S = phi 1, sum = 1."""
    n = a.shape[0]
    found = []
    for size in range(1, n + 1):
        for support in itertools.combinations(range(n), size):
            idx = list(support)
            system = np.zeros((size + 1, size + 1))
            system[:size, :size] = a[np.ix_(idx, idx)]
            system[:size, size] = -1.0
            system[size, :size] = 1.0
            rhs = np.zeros(size + 1)
            rhs[size] = 1.0
            try:
                solution = np.linalg.solve(system, rhs)
            except np.linalg.LinAlgError:
                continue  # singular: no isolated rest point with this support
            if np.linalg.cond(system) > 1e12 or np.any(solution[:size] <= 1e-12):
                continue  # a share ~0 is a rest point of a smaller support, found there
            x = np.zeros(n)
            x[idx] = solution[:size]
            found.append(x)
    return found


def _mutation_points(a: np.ndarray, q: np.ndarray) -> list[np.ndarray]:
    """Rest points of the replicator-mutator equation by root finding from a grid."""
    from scipy.optimize import root

    n = a.shape[0]

    def full(y: np.ndarray) -> np.ndarray:
        return np.append(y, 1.0 - y.sum())

    def reduced(y: np.ndarray) -> np.ndarray:
        return _field(a, q, full(y))[: n - 1]

    def reduced_jacobian(y: np.ndarray) -> np.ndarray:
        return _tangent_jacobian(a, q, full(y))

    steps = 40 if n == 2 else 10
    grid = [
        np.array(c, dtype=np.float64) / steps
        for c in itertools.product(range(steps + 1), repeat=n - 1)
        if sum(c) <= steps
    ]
    scale = 1.0 + float(np.abs(a).max())
    found: list[np.ndarray] = []
    for start in grid:
        solution = root(reduced, start, jac=reduced_jacobian, method="hybr", tol=1e-14)
        x = full(solution.x)
        if np.any(x < -1e-9):
            continue  # a root outside the simplex
        x = np.clip(x, 0.0, None)
        x /= x.sum()
        if np.max(np.abs(_field(a, q, x))) > 1e-10 * scale:
            continue  # not converged, or a root just outside the simplex
        if all(np.max(np.abs(x - other)) > 1e-7 for other in found):
            found.append(x)
    return found


def fixed_points(
    game: GameLike,
    *,
    mutation: float | np.ndarray | Sequence | None = None,
) -> list[FixedPoint]:
    """All isolated rest points of the continuous replicator equation for 2 or 3 strategies.

    Without mutation the rest points are found exactly: for every support ``S`` (vertices,
    edges, the interior) the linear system ``A_SS x_S = phi 1``, ``sum(x_S) = 1`` is solved
    and kept when every share is positive (> 1e-12).  Singular (or nearly singular) systems are
    skipped: a continuum of rest points (e.g. an edge along which both strategies earn the
    same) is not reported.  With mutation the rest points of the replicator-mutator equation
    are found numerically (:func:`scipy.optimize.root` from a grid of starts, duplicates
    removed).

    Stability comes from the eigenvalues of the Jacobian restricted to the simplex; see
    :class:`FixedPoint`.

    Parameters
    ----------
    game : PopulationGame, TournamentResult or array_like (n, n)
        The pay-off matrix, n = 2 or 3.
    mutation : float or array_like (n, n), optional
        As in :func:`replicator`.

    Returns
    -------
    list of FixedPoint
        Without mutation: by support size (vertices first), then support; with mutation: in
        lexicographic order of the shares.

    Examples
    --------
    >>> import numpy as np
    >>> m = 10  # TFT and ALLD over 10 rounds, total pay-offs
    >>> points = fixed_points([[3 * m, 0 + (m - 1)], [5 + (m - 1), m]])
    >>> [(np.round(p.shares, 4).tolist(), p.stability) for p in points]
    [([1.0, 0.0], 'stable'), ([0.0, 1.0], 'stable'), ([0.0588, 0.9412], 'unstable')]
    """
    a, _, _ = _game_and_names(game)
    n = a.shape[0]
    if n > 3:
        raise ValueError(f"fixed_points handles n = 2 or 3 strategies, got n = {n}")
    q = _mutation_matrix(mutation, n)
    if q is None:
        points = _support_points(a)
    else:
        points = sorted(_mutation_points(a, q), key=tuple)
    tolerance = 1e-9 * (1.0 + float(np.abs(a).max()))
    result = []
    for x in points:
        eigenvalues = np.linalg.eigvals(_tangent_jacobian(a, q, x)).astype(np.complex128)
        x.setflags(write=False)
        eigenvalues.setflags(write=False)
        result.append(FixedPoint(x, eigenvalues, _stability(eigenvalues, tolerance)))
    return result
