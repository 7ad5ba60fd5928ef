"""Population games and the conventions of finite-population dynamics.

A *population game* is a square pay-off matrix ``A`` with ``A[i, j]`` the mean pay-off per
round of strategy ``i`` against strategy ``j``, as in a tournament's ``payoff_matrix``.  It
comes from the engine (:func:`population_game`) or straight from the user
(:class:`PopulationGame`).

Finite, well-mixed populations (:class:`FiniteProcess`) of ``N`` individuals are described
by the counts ``k`` of each strategy.  One *step* changes at most one individual:

* pay-off of an ``s``-individual: ``(A @ k - diag(A))[s] / (N - 1)`` when self-interaction
  is excluded (the default, as in the finite-population literature), ``(A @ k)[s] / N``
  when it is included;
* fitness (Moran processes): ``baseline + intensity * payoff`` (``fitness='linear'``;
  the default ``baseline=None`` means ``1 - intensity``, Nowak et al. 2004), or
  ``exp(intensity * payoff)`` (``fitness='exponential'``);
* **Moran birth-death** (``'moran'``): a parent is chosen with probability proportional to
  fitness; its offspring replaces an individual chosen uniformly among the *other* N - 1;
* **Moran death-birth** (``'moran-db'``): an individual chosen uniformly dies; a parent
  among the other N - 1 is chosen proportionally to fitness (fitness as before the death;
  uniformly if none of them has any);
* **pairwise comparison** (``'fermi'``): a focal individual and a model among the other
  N - 1 are drawn uniformly; the focal adopts the model's strategy with probability
  ``1 / (1 + exp(-intensity * (payoff_model - payoff_focal)))`` (intensity = beta).
* **mutation** ``mutation`` (mu): in the Moran processes an offspring takes, with probability
  mu, one of the *other* strategies than its parent's, uniformly; in the pairwise comparison
  process the focal individual, with probability mu, switches to one of the other
  strategies uniformly instead of comparing.

:meth:`FiniteProcess.transitions` gives the resulting one-step probabilities
``T[i, j]`` (an ``i``-individual becomes a ``j``-individual) for any state; the exact
solvers (:mod:`coop_sim.evolution.exact`) and the simulation kernels implement exactly these
rules, and the tests hold them to each other.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coop_sim import _validate
from coop_sim.game import Game, resolve_game
from coop_sim.strategies.registry import resolve
from coop_sim.strategies.spec import StrategySpec

__all__ = [
    "FINITE_PROCESSES",
    "FiniteProcess",
    "PopulationGame",
    "initial_counts",
    "population_game",
]

#: Names of the finite-population processes.
FINITE_PROCESSES = ("moran", "moran-db", "fermi")
FITNESS_MAPS = ("linear", "exponential")


@dataclass(frozen=True)
class PopulationGame:
    """A pay-off matrix between strategies: ``matrix[i, j]`` is what ``i`` gets against ``j``.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Pay-offs (finite reals), n >= 2.
    names : sequence of str, optional
        Strategy names (default ``'S0', 'S1', ...``).
    settings : dict, optional
        How the matrix was made (filled in by :func:`population_game`).

    Examples
    --------
    >>> g = PopulationGame([[3, 0], [5, 1]], names=["C", "D"])
    >>> g.n, g.names
    (2, ('C', 'D'))
    >>> g.payoffs([3, 2]).tolist()  # self excluded: C meets 2 C and 2 D among the others
    [1.5, 4.0]
    """

    matrix: np.ndarray
    names: tuple[str, ...] = ()
    settings: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        try:
            a = np.array(self.matrix, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(
                f"matrix must be a square array of reals, got {self.matrix!r}"
            ) from None
        if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] < 2:
            raise ValueError(f"matrix must be square with at least 2 rows, got shape {a.shape}")
        if not np.all(np.isfinite(a)):
            raise ValueError("matrix must hold finite numbers (found nan or inf)")
        a.setflags(write=False)
        names = tuple(self.names) if self.names else tuple(f"S{i}" for i in range(a.shape[0]))
        if len(names) != a.shape[0]:
            raise ValueError(
                f"names must have one entry per row of matrix ({a.shape[0]}), got {len(names)}"
            )
        object.__setattr__(self, "matrix", a)
        object.__setattr__(self, "names", tuple(str(x) for x in names))

    @property
    def n(self) -> int:
        """Number of strategies."""
        return self.matrix.shape[0]

    def payoffs(self, counts: Sequence[int] | np.ndarray, *, self_interaction: bool = False):
        """Mean pay-off of one individual of each strategy in a population with ``counts``.

        Entries for strategies with count 0 are what one individual would get if the others
        were as given (meaningful for invasion questions).
        """
        k = np.asarray(counts, dtype=np.float64)
        size = k.sum(axis=-1, keepdims=True)
        if self_interaction:
            return k @ self.matrix.T / size
        return (k @ self.matrix.T - np.diag(self.matrix)) / (size - 1)

    def subgame(self, indices: Sequence[int]) -> PopulationGame:
        """The game restricted to the strategies at ``indices`` (in that order)."""
        idx = list(indices)
        return PopulationGame(
            self.matrix[np.ix_(idx, idx)], tuple(self.names[i] for i in idx), dict(self.settings)
        )


def population_game(
    strategies: Sequence[str | StrategySpec],
    *,
    game: Game | tuple | None = None,
    turns: int | None = 200,
    continuation: float | None = None,
    noise: float = 0.0,
    method: str = "auto",
    repetitions: int = 10,
    seed=None,
    known_length: bool = False,
) -> PopulationGame:
    """The pay-off matrix between ``strategies`` under the given match settings.

    Parameters
    ----------
    strategies : list of str or StrategySpec
        At least two strategies.
    game, turns, continuation, noise, known_length
        Match settings, as in :func:`coop_sim.run_tournament`.
    method : {'auto', 'exact', 'simulate'}
        'exact' solves for expected pay-offs (every strategy needs a finite-state form);
        'simulate' plays ``repetitions`` matches per pair; 'auto' is exact when every
        strategy has a finite-state form and the players are not told the length, else
        simulated.
    repetitions, seed
        For the simulated matrix.

    Returns
    -------
    PopulationGame
        ``matrix[i, j]``: mean pay-off per round of ``i`` against ``j``.

    Examples
    --------
    >>> g = population_game(["tit_for_tat", "defector"], turns=10)
    >>> g.matrix.tolist()
    [[3.0, 0.9], [1.4, 1.0]]
    >>> g.settings["method"]
    'exact'
    """
    from coop_sim.tournament import run_tournament

    if method not in ("auto", "exact", "simulate"):
        raise ValueError(f"method must be 'auto', 'exact' or 'simulate', got {method!r}")
    if isinstance(strategies, (str, StrategySpec)) or not isinstance(strategies, Sequence):
        raise TypeError(f"strategies must be a list of names or specs, got {strategies!r}")
    specs = [resolve(s) for s in strategies]
    g = resolve_game(game)
    if method == "auto":
        finite = all(s.automaton(g) is not None for s in specs)
        method = "exact" if finite and not known_length else "simulate"
    result = run_tournament(
        specs, game=g, turns=turns, continuation=continuation, noise=noise,
        repetitions=repetitions, seed=seed, method=method, known_length=known_length,
        progress=False,
    )  # fmt: skip
    settings = dict(result.settings)
    return PopulationGame(result.payoff_matrix, tuple(result.names), settings)


def _as_game(game: PopulationGame | np.ndarray | Sequence) -> PopulationGame:
    return game if isinstance(game, PopulationGame) else PopulationGame(game)


@dataclass(frozen=True)
class FiniteProcess:
    """A finite, well-mixed population process and its conventions (see the module notes).

    Parameters
    ----------
    game : PopulationGame or array_like
        The pay-off matrix.
    population : int
        Population size N >= 2.
    process : {'moran', 'moran-db', 'fermi'}
        Moran birth-death, Moran death-birth or pairwise comparison (Fermi rule).
    intensity : float
        Intensity of selection (>= 0): w of the linear fitness map, beta of the exponential
        map and of the Fermi rule.
    mutation : float
        Mutation probability mu in [0, 1].
    baseline : float, optional
        Baseline fitness of the linear map (default ``1 - intensity``).
    fitness : {'linear', 'exponential'}
        Map from pay-off to fitness in the Moran processes.
    self_interaction : bool
        Whether an individual's pay-off includes a game against itself (default False).

    Examples
    --------
    >>> p = FiniteProcess([[1.1, 1.1], [1.0, 1.0]], population=10)
    >>> T = p.transitions([1, 9])
    >>> round(float(T[1, 0] / T[0, 1]), 12)  # constant fitness r = 1.1: T+/T- = r
    1.1
    """

    game: PopulationGame
    population: int
    process: str = "moran"
    intensity: float = 1.0
    mutation: float = 0.0
    baseline: float | None = None
    fitness: str = "linear"
    self_interaction: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "game", _as_game(self.game))
        object.__setattr__(
            self, "population", _validate.positive_int(self.population, "population", 2)
        )
        if self.process not in FINITE_PROCESSES:
            raise ValueError(
                f"process must be one of {', '.join(FINITE_PROCESSES)}, got {self.process!r}"
            )
        if self.fitness not in FITNESS_MAPS:
            raise ValueError(f"fitness must be 'linear' or 'exponential', got {self.fitness!r}")
        intensity = _validate.real(self.intensity, "intensity")
        if not (0.0 <= intensity < np.inf):
            raise ValueError(f"intensity must be a finite real >= 0, got {self.intensity!r}")
        object.__setattr__(self, "intensity", intensity)
        object.__setattr__(self, "mutation", _validate.probability(self.mutation, "mutation"))
        object.__setattr__(
            self, "self_interaction", _validate.flag(self.self_interaction, "self_interaction")
        )
        base = (
            1.0 - intensity if self.baseline is None else _validate.real(self.baseline, "baseline")
        )
        if not np.isfinite(base):
            raise ValueError(f"baseline must be a finite real, got {self.baseline!r}")
        object.__setattr__(self, "baseline", base)
        if self.process != "fermi" and self.fitness == "linear":
            low = base + intensity * float(self.game.matrix.min())
            if low < 0:
                raise ValueError(
                    f"linear fitness baseline + intensity * payoff must be >= 0, but pay-off "
                    f"{self.game.matrix.min():g} gives {low:g} (baseline={base:g}, "
                    f"intensity={intensity:g}); raise baseline, lower intensity, or use "
                    "fitness='exponential'"
                )

    @property
    def n(self) -> int:
        """Number of strategies."""
        return self.game.n

    def fitness_of(self, payoffs: np.ndarray, present: np.ndarray | None = None) -> np.ndarray:
        """Fitness for pay-offs under this process's map (last axis: strategies).

        Exponential fitness is scaled by ``exp(-intensity * top)``, ``top`` the largest pay-off
        among the ``present`` strategies (all if not given): the common factor leaves every
        Moran probability unchanged and keeps the numbers in range.  Absent strategies get 0.
        """
        if present is None:
            present = np.ones(payoffs.shape, dtype=bool)
        if self.fitness == "exponential":
            top = np.where(present, payoffs, -np.inf).max(axis=-1, keepdims=True)
            top = np.where(np.isfinite(top), top, 0.0)
            with np.errstate(over="ignore"):
                fit = np.exp(self.intensity * (payoffs - top))
        else:
            fit = self.baseline + self.intensity * payoffs
        return np.where(present, fit, 0.0)

    def transitions(self, counts: Sequence[int] | np.ndarray) -> np.ndarray:
        """One-step probabilities ``T[..., i, j]`` that an ``i``-individual becomes ``j``.

        ``counts`` may be one state (n,) or a stack of states (m, n); the diagonal is zero.
        Every probability is a sum of non-negative terms (no cancellation), so it keeps its
        relative accuracy under strong selection.
        """
        k = np.asarray(counts, dtype=np.float64)
        n, size = self.n, float(self.population)
        pay = self.game.payoffs(k, self_interaction=self.self_interaction)
        mu = self.mutation
        other = mu / (n - 1)
        eye = np.eye(n)
        # besides[..., i, s]: the s-individuals other than one i-individual
        besides = np.clip(k[..., None, :] - eye, 0.0, None)
        if self.process == "fermi":
            diff = pay[..., None, :] - pay[..., :, None]  # [i, j] = payoff_j - payoff_i
            adopt = np.exp(-np.logaddexp(0.0, -self.intensity * diff))  # logistic, accurate
            t = k[..., :, None] / size * (other + (1.0 - mu) * besides / (size - 1) * adopt)
        else:
            q = (1.0 - mu) * eye + other * (1.0 - eye)  # q[s, j]: offspring of s is j
            if self.process == "moran":
                # parent s (by fitness among all), offspring j, replaces an i among the rest
                fit = self.fitness_of(pay, k > 0)
                weight = k * fit
                total = weight.sum(axis=-1, keepdims=True)
                parent = np.where(total > 0.0, weight / np.where(total > 0, total, 1.0), k / size)
                # (k_i - [s == i]) replaceable i-individuals when the parent is an s
                replaced = np.clip(k[..., :, None] - eye, 0.0, None)
                t = (replaced * parent[..., None, :]) @ q / (size - 1)
            else:  # death-birth: i dies, the parent is one of the others, by fitness
                fit = self.fitness_of(pay[..., None, :], besides > 0)  # [i, s], per dead i
                weight = besides * fit
                pool = weight.sum(axis=-1, keepdims=True)
                parent = np.where(pool > 0.0, weight / np.where(pool > 0, pool, 1.0),
                                  besides / (size - 1))  # fmt: skip
                t = k[..., :, None] / size * (parent @ q)
        t = t * (1.0 - eye)
        return np.where(k[..., :, None] > 0, t, 0.0)


def initial_counts(
    initial: Sequence[float] | np.ndarray | None, n: int, population: int
) -> np.ndarray:
    """Counts per strategy from counts (ints summing to ``population``) or shares (summing
    to 1, rounded by largest remainders); None splits the population as evenly as possible.

    Examples
    --------
    >>> initial_counts([0.5, 0.25, 0.25], 3, 10).tolist()
    [5, 3, 2]
    >>> initial_counts([9, 1], 2, 10).tolist()
    [9, 1]
    """
    if initial is None:
        initial = np.full(n, 1.0 / n)
    x = np.asarray(initial, dtype=np.float64)
    if x.shape != (n,):
        raise ValueError(f"initial must have one entry per strategy ({n}), got shape {x.shape}")
    if not np.all(np.isfinite(x)) or np.any(x < 0):
        raise ValueError(f"initial must hold counts or shares >= 0, got {x.tolist()}")
    is_counts = (
        all(isinstance(v, numbers.Integral) or float(v).is_integer() for v in np.ravel(initial))
        and x.sum() > 1.0 + 1e-9
    )
    if is_counts:
        if round(float(x.sum())) != population:
            raise ValueError(
                f"initial counts must sum to population={population}, got sum {int(x.sum())}"
            )
        return x.astype(np.int64)
    if abs(x.sum() - 1.0) > 1e-9:
        raise ValueError(
            f"initial shares must sum to 1 (or give counts summing to population={population}),"
            f" got sum {x.sum():g}"
        )
    raw = x * population
    counts = np.floor(raw).astype(np.int64)
    short = population - counts.sum()
    counts[np.argsort(-(raw - counts), kind="stable")[:short]] += 1
    return counts
