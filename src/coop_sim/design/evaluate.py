"""Run a scenario: the outcome of a design.

:func:`evaluate` runs one scenario and returns an :class:`Outcome`;
:func:`evaluate_replicates` runs independent replicates (the unit of work of a sweep cell:
the pay-off matrix is computed once and shared).

The models
----------
*Match pay-offs.*  ``A[i, j]`` (mean pay-off per round of ``i`` against ``j``) and
``C[i, j]`` (share of ``i``'s moves that are C) come from a round robin under the designed
game (:func:`~coop_sim.design.interventions.transform_game`), the :class:`Shadow` and the
:class:`Noise`: exact (Markov) when every strategy is finite-state and the end is unknown,
else simulated (10 repetitions, one stream for the whole scenario).  With an
:class:`Assortment` ``r``, ``A'[i, j] = r A[i, i] + (1 - r) A[i, j]`` (and the same for
``C``).  With a :class:`Turnover` ``tau``, relationships last as matches with continuation
``(1 - tau) w`` (``w = 1`` without one; a fixed ``turns`` stays as a cap): the mean-field
limit of the re-matching model, whose per-round pay-offs converge to exactly these (tested
in ``tests/test_design_rematching.py``); the deterministic dynamics use these tables, and
the re-matching model plays the relationships themselves.

*Dynamics* (one generation at a time; ``x`` shares, ``f = A' x``):

* ecological: ``x'_i ∝ x_i max(f_i, 0)`` (Axelrod's ecological simulation);
* replicator: ``x'_i ∝ x_i max(1 - s + s f_i, 0)`` (the discrete replicator map of
  :func:`~coop_sim.evolution.replicator` with background ``(1 - s) / s``), ``s`` the
  intensity; both then apply mutation ``mu`` (to each other strategy ``mu / (n - 1)``) and
  teaching (``x' = (1 - sigma) x' + sigma e_taught``);
* moran / fermi: :func:`~coop_sim.evolution.simulate` of a
  :class:`~coop_sim.evolution.FiniteProcess` (Moran birth-death or pairwise comparison), one
  generation = ``population`` steps; teaching then moves ``Binomial(k_j, sigma)``
  individuals of every other strategy ``j`` to the taught one; with turnover, reputation
  or listing the agent-based :mod:`~coop_sim.design.rematching` model instead;
* spatial: :class:`~coop_sim.spatial.SpatialPopulation` on a ``side x side`` lattice or a
  network (a new one per replicate, from the replicate's seed; random initial placement
  with the initial shares); teaching sets each site to the taught strategy with
  probability ``sigma`` after each generation.

*Outcome.*  ``cooperation[g]`` and ``welfare[g]`` are the share of C moves and the mean
pay-off per round during generation ``g`` (``g = 0 .. G-1``, played by the state at its
start): computed from the state and ``C``, ``A`` for the well-mixed dynamics (pairs of
distinct individuals in finite populations), over neighbouring pairs on the lattice or
network, and
counted from the moves played in the re-matching model.  The *co-operators* are the
strategies whose self-play co-operation rate in 1000 noise-free rounds is above 1/2 (so
neither Alternator nor Random, whatever the scenario's match length); they *take over* when
their
final share is at least the scenario's ``takeover`` level, at the first generation from
which their share stays at or above it.  A discriminator counts as a co-operator (it
co-operates with partners in good standing); where records can collapse (binary image
scores), discriminators may "take over" without co-operating -- use a co-operation target
there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from coop_sim._seeding import SeedLike, purpose_key, seed_key
from coop_sim._version import __version__
from coop_sim.design.scenario import Scenario, resolve_player

__all__ = [
    "Outcome",
    "evaluate",
    "evaluate_replicates",
    "graph_pairs",
    "lattice_pairs",
    "payoff_tables",
    "tables_are_exact",
]

_SIMULATED_REPETITIONS = 10


@dataclass(frozen=True, eq=False)
class Outcome:
    """What a scenario led to.

    Attributes
    ----------
    names : tuple of str
        The strategies.
    shares : ndarray (G + 1, n)
        Strategy shares at the start and after each generation.
    cooperation, welfare : ndarray (G,)
        Share of C moves and mean pay-off per round during each generation.
    cooperators : tuple of bool
        Which strategies co-operate with their own kind (self-play co-operation rate above
        1/2 in 1000 noise-free rounds).
    takeover_level : float
        The scenario's ``takeover`` share.
    game_class : str
        :meth:`Game.classify` of the designed game.
    replicate : int
        Index of the replicate.
    settings : dict
        The scenario, seed, model and library version.
    """

    names: tuple[str, ...]
    shares: np.ndarray
    cooperation: np.ndarray
    welfare: np.ndarray
    cooperators: tuple[bool, ...]
    takeover_level: float
    game_class: str
    replicate: int = 0
    settings: dict = field(default_factory=dict, compare=False)

    @property
    def final_shares(self) -> dict[str, float]:
        """Shares after the last generation, by strategy."""
        return {nm: float(x) for nm, x in zip(self.names, self.shares[-1], strict=True)}

    @property
    def final_cooperation(self) -> float:
        """Co-operation rate in the last generation played (by the state before the last
        update, so one generation behind ``final_shares``)."""
        return float(self.cooperation[-1])

    @property
    def mean_cooperation(self) -> float:
        """Co-operation rate averaged over all generations."""
        return float(self.cooperation.mean())

    @property
    def final_welfare(self) -> float:
        """Mean pay-off per round in the last generation."""
        return float(self.welfare[-1])

    @property
    def mean_welfare(self) -> float:
        """Mean pay-off per round averaged over all generations."""
        return float(self.welfare.mean())

    @property
    def cooperator_share(self) -> np.ndarray:
        """Share of co-operators after each generation (G + 1,)."""
        return self.shares[:, np.array(self.cooperators, dtype=bool)].sum(axis=1)

    @property
    def takeover(self) -> bool:
        """Do co-operators hold at least the takeover share at the end?"""
        return bool(self.cooperator_share[-1] >= self.takeover_level - 1e-12)

    @property
    def takeover_generation(self) -> int | None:
        """First generation from which the co-operators' share stays at the takeover level."""
        if not self.takeover:
            return None
        below = np.flatnonzero(self.cooperator_share < self.takeover_level - 1e-12)
        return int(below[-1] + 1) if below.size else 0

    def row(self) -> dict:
        """One flat record for tables (sweeps): the outcome's scalars."""
        out = {
            "cooperation": self.final_cooperation,
            "mean_cooperation": self.mean_cooperation,
            "welfare": self.final_welfare,
            "mean_welfare": self.mean_welfare,
            "takeover": self.takeover,
            "takeover_generation": -1
            if self.takeover_generation is None
            else self.takeover_generation,
        }
        for nm, x in self.final_shares.items():
            out[f"share:{nm}"] = x
        out["game_class"] = self.game_class
        return out

    def summary(self) -> str:
        """A short report."""
        shares = ", ".join(f"{nm} {x:.3f}" for nm, x in self.final_shares.items())
        when = self.takeover_generation
        take = f"yes, from generation {when}" if when is not None else "no"
        return "\n".join(
            [
                f"game: {self.game_class.replace('_', ' ')}",
                f"co-operation: final {self.final_cooperation:.3f}, "
                f"mean {self.mean_cooperation:.3f}",
                f"welfare (pay-off per round): final {self.final_welfare:.3f}, "
                f"mean {self.mean_welfare:.3f}",
                f"final shares: {shares}",
                f"co-operators take over (share >= {self.takeover_level:g}): {take}",
            ]
        )


def _match_settings(scenario: Scenario) -> tuple[float | None, int | None, bool]:
    """``(continuation, turns, known_length)`` of the pay-off matrix, turnover folded in:
    relationships last as matches with continuation ``(1 - tau) w`` (the re-matching model's
    long-run pay-offs per round)."""
    shadow = scenario.shadow
    w, turns = shadow.continuation, shadow.turns
    turnover = scenario.intervention("turnover")
    if turnover is not None:
        w = (1.0 - turnover.rate) * (1.0 if w is None else w)
    return w, turns, shadow.known_end


def tables_are_exact(scenario: Scenario) -> bool:
    """True when :func:`payoff_tables` solves for expected pay-offs (every strategy has a
    finite-state form and the players are not told the length); else they are simulated."""
    g = scenario.game_after()
    specs = [resolve_player(nm)[0] for nm in scenario.strategies]
    return not scenario.shadow.known_end and all(s.automaton(g) is not None for s in specs)


def payoff_tables(scenario: Scenario, *, seed: SeedLike = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(A, C)``: pay-off and co-operation matrices of the scenario's matches (after
    assortment; discriminators as their base strategy).

    Examples
    --------
    >>> from coop_sim.design import Scenario, Shadow
    >>> a, c = payoff_tables(Scenario(["tit_for_tat", "defector"],
    ...                              interventions=[Shadow(turns=10)]))
    >>> a.tolist(), c.tolist()
    ([[3.0, 0.9], [1.4, 1.0]], [[1.0, 0.1], [0.0, 0.0]])
    """
    from coop_sim.tournament import run_tournament

    key, _ = seed_key(seed)
    g = scenario.game_after()
    specs = [resolve_player(nm)[0] for nm in scenario.strategies]
    w, turns, known = _match_settings(scenario)
    exact = tables_are_exact(scenario)
    result = run_tournament(
        specs, game=g, turns=turns, continuation=w, noise=scenario.noise,
        repetitions=_SIMULATED_REPETITIONS, seed=purpose_key(key, "design.matches"),
        method="exact" if exact else "simulate", known_length=known, progress=False,
    )  # fmt: skip
    a = np.array(result.payoff_matrix, dtype=np.float64)
    c = np.array(result.cooperation, dtype=np.float64)
    assortment = scenario.intervention("assortment")
    if assortment is not None and assortment.r > 0:
        r = assortment.r
        a = r * np.diag(a)[:, None] + (1 - r) * a
        c = r * np.diag(c)[:, None] + (1 - r) * c
    return a, c


def evaluate(scenario: Scenario, *, seed: SeedLike = None) -> Outcome:
    """Run ``scenario`` once and return its :class:`Outcome`.

    Parameters
    ----------
    scenario : Scenario
        Population, game, interventions and dynamics.
    seed : int, SeedSequence, Generator or None
        Randomness (finite, spatial and re-matching populations, simulated pay-offs).

    Examples
    --------
    >>> from coop_sim.design import Scenario, Dynamics, Shadow, Turnover
    >>> base = Scenario({"tit_for_tat": 0.3, "defector": 0.7},
    ...                 interventions=[Shadow(continuation=0.95)],
    ...                 dynamics=Dynamics("replicator", generations=300))
    >>> evaluate(base).takeover
    True
    >>> evaluate(base.apply(Turnover(0.5))).takeover  # partners change too often
    False
    """
    return evaluate_replicates(scenario, 1, seed=seed)[0]


def evaluate_replicates(
    scenario: Scenario, replicates: int, *, seed: SeedLike = None
) -> tuple[Outcome, ...]:
    """Run ``replicates`` independent replicates of ``scenario`` (one seed for all).

    Replicate ``r`` depends only on the seed and ``r``.  The deterministic dynamics
    (ecological, replicator) give identical replicates.

    Examples
    --------
    >>> from coop_sim.design import Scenario, Dynamics
    >>> s = Scenario({"tit_for_tat": 0.5, "defector": 0.5}, population=20,
    ...              dynamics=Dynamics("moran", generations=50))
    >>> runs = evaluate_replicates(s, 3, seed=1)
    >>> [r.replicate for r in runs], runs[0].shares.shape
    ([0, 1, 2], (51, 2))
    """
    from coop_sim import _validate

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    replicates = _validate.positive_int(replicates, "replicates")
    key, recorded = seed_key(seed)
    a, c = payoff_tables(scenario, seed=key)
    kind = scenario.dynamics.kind
    if scenario.rematching:
        shares, coop, welfare = _rematching(scenario, replicates, key)
        model = "rematching"
    elif kind in ("ecological", "replicator"):
        one = _deterministic(scenario, a, c)
        shares, coop, welfare = (np.broadcast_to(x, (replicates, *x.shape)) for x in one)
        model = kind
    elif kind in ("moran", "fermi"):
        shares, coop, welfare = _finite(scenario, a, c, replicates, key)
        model = kind
    else:
        shares, coop, welfare = _spatial(scenario, a, c, replicates, key)
        model = "spatial"
    cooperators = _cooperators(scenario, key)
    settings = {
        "scenario": scenario.to_dict(),
        "seed": recorded,
        "model": model,
        "payoff_matrix": a.tolist(),
        "version": __version__,
    }
    game_class = scenario.game_after().classify()
    return tuple(
        Outcome(
            scenario.strategies,
            np.array(shares[r]),
            np.array(coop[r]),
            np.array(welfare[r]),
            cooperators,
            scenario.takeover,
            game_class,
            r,
            settings,
        )
        for r in range(replicates)
    )


#: Rounds of the noise-free self-play that decides who is a co-operator.
COOPERATOR_ROUNDS = 1000


def _cooperators(scenario: Scenario, key: int) -> tuple[bool, ...]:
    """Strategies that co-operate with their own kind more often than not in long,
    noise-free self-play (so neither Alternator nor Random, at 1/2, whatever the match
    length of the scenario)."""
    from coop_sim.tournament import run_tournament

    g = scenario.game_after()
    rates = []
    for name in scenario.strategies:
        spec = resolve_player(name)[0]
        exact = spec.automaton(g) is not None
        result = run_tournament(
            [spec, spec], game=g, turns=COOPERATOR_ROUNDS, repetitions=_SIMULATED_REPETITIONS,
            seed=purpose_key(key, "design.cooperators"), method="exact" if exact else "simulate",
            progress=False,
        )  # fmt: skip
        rates.append(float(result.cooperation[0, 0]))
    return tuple(x > 0.5 for x in rates)


# ----------------------------------------------------------------------------- well-mixed


def _deterministic(scenario: Scenario, a: np.ndarray, c: np.ndarray):
    dyn = scenario.dynamics
    n, gens = a.shape[0], dyn.generations
    x = np.array(scenario.initial, dtype=np.float64)
    shares = np.empty((gens + 1, n))
    coop, welfare = np.empty(gens), np.empty(gens)
    shares[0] = x
    taught, sigma = _teaching(scenario)
    s = dyn.intensity
    for g in range(gens):
        f = a @ x
        coop[g], welfare[g] = x @ c @ x, x @ f
        fitness = f if dyn.kind == "ecological" else 1.0 - s + s * f
        weights = x * np.maximum(fitness, 0.0)
        total = weights.sum()
        if total > 0.0:
            x = weights / total
        if dyn.mutation > 0:
            x = (1 - dyn.mutation) * x + dyn.mutation * (1 - x) / (n - 1)
        if sigma > 0:
            x = (1 - sigma) * x
            x[taught] += sigma
        shares[g + 1] = x
    return shares, coop, welfare


def _teaching(scenario: Scenario) -> tuple[int, float]:
    teaching = scenario.intervention("teaching")
    if teaching is None or teaching.share == 0:
        return 0, 0.0
    return scenario.strategies.index(teaching.strategy), teaching.share


def _pair_rates(counts: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Mean of ``m[i, j]`` over ordered pairs of distinct individuals, per state."""
    k = counts.astype(np.float64)
    size = k.sum(axis=-1)
    per = (k @ m.T - np.diag(m)) * k
    return per.sum(axis=-1) / (size * (size - 1))


def _finite(scenario: Scenario, a: np.ndarray, c: np.ndarray, replicates: int, key: int):
    from coop_sim.evolution.finite import simulate
    from coop_sim.evolution.population import FiniteProcess, initial_counts

    dyn, size = scenario.dynamics, scenario.population
    n, gens = a.shape[0], dyn.generations
    process = FiniteProcess(
        a, population=size, process=dyn.kind, intensity=dyn.intensity,
        mutation=dyn.mutation, fitness=dyn.fitness,
    )  # fmt: skip
    k0 = initial_counts(np.array(scenario.initial), n, size)
    taught, sigma = _teaching(scenario)
    if sigma == 0:
        runs = simulate(
            process, k0, steps=gens * size, runs=replicates, record_every=size,
            seed=purpose_key(key, "design.finite"), progress=False,
        )  # fmt: skip
        counts = runs.counts
    else:
        counts = np.empty((replicates, gens + 1, n), dtype=np.int64)
        for r in range(replicates):
            counts[r] = _finite_taught(process, k0, gens, taught, sigma, key, r)
    coop = _pair_rates(counts[:, :-1], c)
    welfare = _pair_rates(counts[:, :-1], a)
    return counts / size, coop, welfare


def _finite_taught(process, k0, gens, taught, sigma, key, r) -> np.ndarray:
    from coop_sim.evolution.finite import simulate

    size = process.population
    rng = np.random.default_rng(purpose_key(key, f"design.teaching.{r}"))
    out = np.empty((gens + 1, len(k0)), dtype=np.int64)
    k = np.array(k0, dtype=np.int64)
    out[0] = k
    for g in range(gens):
        step = simulate(
            process, k, steps=size, runs=1, record_every=size,
            seed=purpose_key(key, f"design.finite.{r}.{g}"), progress=False,
        )  # fmt: skip
        k = step.counts[0, -1].copy()
        moved = rng.binomial(k, sigma)
        moved[taught] = 0
        k -= moved
        k[taught] += moved.sum()
        out[g + 1] = k
    return out


# ----------------------------------------------------------------------------- re-matching


def _rematching(scenario: Scenario, replicates: int, key: int):
    from coop_sim.design.rematching import simulate_rematching
    from coop_sim.evolution.population import initial_counts

    dyn, size = scenario.dynamics, scenario.population
    listing = scenario.intervention("listing")
    turnover = scenario.intervention("turnover")
    taught, sigma = _teaching(scenario)
    shadow = scenario.shadow
    runs = simulate_rematching(
        list(scenario.strategies),
        initial_counts(np.array(scenario.initial), len(scenario.strategies), size),
        game=scenario.game_after(), noise=scenario.noise,
        turnover=0.0 if turnover is None else turnover.rate,
        continuation=shadow.continuation, turns=shadow.turns, record=scenario.record,
        listing_bonus=0.0 if listing is None else listing.bonus,
        listing_encounters=1.0 if listing is None else listing.encounters,
        process=dyn.kind, intensity=dyn.intensity, fitness=dyn.fitness,
        mutation=dyn.mutation, teaching_share=sigma,
        teaching_strategy=taught if sigma > 0 else None, generations=dyn.generations,
        rounds=dyn.rounds, runs=replicates, key=purpose_key(key, "design.rematching"),
    )  # fmt: skip
    return runs.counts / size, runs.cooperation, runs.welfare


# ----------------------------------------------------------------------------- spatial


_OFFSETS = {
    "moore": ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)),
    "von-neumann": ((-1, 0), (0, -1), (0, 1), (1, 0)),
}


def lattice_pairs(grid: np.ndarray, n: int, neighbourhood: str, torus: bool) -> np.ndarray:
    """``P[i, j]``: ordered neighbouring pairs (site of ``i``, neighbour of ``j``) on a lattice.

    Examples
    --------
    >>> grid = np.array([[0, 1, 0], [0, 0, 0], [0, 0, 0]])
    >>> lattice_pairs(grid, 2, "von-neumann", True).tolist()  # the 1 has four 0 neighbours
    [[28, 4], [4, 0]]
    """
    pairs = np.zeros((n, n), dtype=np.int64)
    w, h = grid.shape
    for dx, dy in _OFFSETS[neighbourhood]:
        if torus:
            other = np.roll(grid, (-dx, -dy), axis=(0, 1))
            here = grid
        else:
            xs, ys = slice(max(0, -dx), w - max(0, dx)), slice(max(0, -dy), h - max(0, dy))
            xo, yo = slice(max(0, dx), w - max(0, -dx)), slice(max(0, dy), h - max(0, -dy))
            here, other = grid[xs, ys], grid[xo, yo]
        pairs += np.bincount((here * n + other).ravel(), minlength=n * n).reshape(n, n)
    return pairs


def graph_pairs(state: np.ndarray, ptr: np.ndarray, idx: np.ndarray, n: int) -> np.ndarray:
    """``P[i, j]``: ordered neighbouring pairs (node of ``i``, neighbour of ``j``) on a network
    in CSR form (``idx[ptr[u]:ptr[u + 1]]`` are the neighbours of ``u``).

    Examples
    --------
    >>> ptr, idx = np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1])  # the path 0 - 1 - 2
    >>> graph_pairs(np.array([0, 1, 0]), ptr, idx, 2).tolist()
    [[0, 2], [2, 0]]
    """
    owners = np.repeat(state, np.diff(ptr))
    return np.bincount(owners * n + state[idx], minlength=n * n).reshape(n, n)


def _topology(scenario: Scenario, r: int, key: int):
    """The replicate's structure: the lattice, or a network drawn with its own seed."""
    from coop_sim.spatial import graph_topology, graphs, lattice_topology

    dyn, size = scenario.dynamics, scenario.population
    if dyn.network == "lattice":
        side = math.isqrt(size)
        return lattice_topology(side, side, dyn.neighbourhood, dyn.torus)
    seed = purpose_key(key, f"design.network.{r}")
    graph = graphs.network(dyn.network, size, dyn.degree, dyn.rewiring, seed=seed)
    return graph_topology(graph)


def _spatial(scenario: Scenario, a: np.ndarray, c: np.ndarray, replicates: int, key: int):
    from coop_sim.spatial import SpatialPopulation, UpdateRule, initial_state

    dyn = scenario.dynamics
    side = math.isqrt(scenario.population)
    n, gens = a.shape[0], dyn.generations
    temperature = 1.0 / dyn.intensity if dyn.intensity > 0 else 1.0
    rule = UpdateRule(
        dyn.rule, temperature=temperature, intensity=dyn.intensity, fitness=dyn.fitness,
        mutation=dyn.mutation,
    )  # fmt: skip
    shadow = scenario.shadow
    taught, sigma = _teaching(scenario)
    shares = np.empty((replicates, gens + 1, n))
    coop, welfare = np.empty((replicates, gens)), np.empty((replicates, gens))
    specs = [resolve_player(nm)[0] for nm in scenario.strategies]
    for r in range(replicates):
        topology = _topology(scenario, r, key)
        rng = np.random.default_rng(purpose_key(key, f"design.spatial.{r}"))
        state = initial_state(topology, n, "random", shares=scenario.initial, rng=rng)
        pop = SpatialPopulation(
            topology, specs, state, rule, game=scenario.game_after(), turns=shadow.turns,
            continuation=shadow.continuation, noise=scenario.noise,
            known_length=shadow.known_end, _key=purpose_key(key, f"design.spatial.play.{r}"),
        )  # fmt: skip
        shares[r, 0] = pop.shares()
        for g in range(gens):
            if topology.kind == "graph":
                pairs = graph_pairs(pop.state.astype(np.int64), topology.ptr, topology.idx, n)
            else:
                pairs = lattice_pairs(
                    pop.state.reshape(side, side), n, dyn.neighbourhood, dyn.torus
                )
            total = pairs.sum()
            coop[r, g], welfare[r, g] = (pairs * c).sum() / total, (pairs * a).sum() / total
            pop.step()
            if sigma > 0:
                state = np.array(pop.state)
                state[rng.random(state.shape[0]) < sigma] = taught
                pop.set_state(state)
            shares[r, g + 1] = pop.shares()
    return shares, coop, welfare
