"""The state of record of a spatial population: arrays stepped by the kernels (no Mesa).

:class:`SpatialPopulation` holds one strategy index per site (``state``), the previous
generation's (``previous``) and the sites' pay-offs, and advances them a generation at a time
with :mod:`coop_sim.engine.spatial_kernel`.  The Mesa models of :mod:`coop_sim.spatial.models`
wrap one; it can also be used on its own (scripts, sweeps, tests).

Each generation every site plays each neighbour (and itself with ``self_interaction``) and
its pay-off is the sum (``aggregate='accumulated'``) or the mean ('averaged') of the
per-round pay-offs of those games; then every site updates by the rule.  Per-round pay-offs
come from the expected pay-off matrix of the strategies under the match settings (exact for
finite-state strategies, :func:`~coop_sim.evolution.population.population_game`), or from
real matches played afresh every generation (``payoffs='matches'``; 'auto' picks it when
outcomes are random and some strategy has no finite-state form, so no exact matrix exists).
Unconditional co-operators and defectors without noise get the game's entries exactly,
whatever the match length: the one-shot Nowak–May game is that special case.

Random numbers (initial placement excepted) come from counter-based streams under
``purpose_key(key, 'spatial')``, keyed by (generation, site), so a run is bit-identical for
any thread count.
"""

from __future__ import annotations

import numpy as np

from coop_sim import _validate
from coop_sim._seeding import SeedLike, purpose_key, seed_key
from coop_sim.evolution.population import PopulationGame
from coop_sim.game import Game
from coop_sim.spatial.initial import _check_indices
from coop_sim.spatial.rules import UpdateRule
from coop_sim.spatial.topology import Topology

__all__ = ["AGGREGATES", "SpatialPopulation"]

#: How a site's games add up to its pay-off.
AGGREGATES = ("accumulated", "averaged")
#: Populations smaller than this run on one thread unless ``threads`` says otherwise.
SERIAL_SITES = 65_536
_MEMORYLESS = {"cooperator": 0, "defector": 1}  # strategy id -> the action it always plays


def _exact_memoryless(specs, game: Game, noise: float) -> np.ndarray | None:
    """The game's entries when every strategy always plays one action (no noise)."""
    if specs is None or noise > 0 or any(getattr(s, "id", "") not in _MEMORYLESS for s in specs):
        return None
    table = np.array(game.as_tuple(), dtype=np.float64)[[0, 1, 2, 3]].reshape(2, 2)  # R S / T P
    acts = [_MEMORYLESS[s.id] for s in specs]
    return table[np.ix_(acts, acts)]


def check_strategy_count(n: int) -> None:
    """Refuse more strategies than the int8 state holds."""
    if n > 127:
        raise ValueError(f"strategies must hold at most 127 strategies, got {n}")


class SpatialPopulation:
    """Strategies on the sites of a topology, stepped a generation at a time.

    Parameters
    ----------
    topology : Topology
        From :func:`~coop_sim.spatial.topology.lattice_topology` or
        :func:`~coop_sim.spatial.topology.graph_topology`.
    strategies : list of str or StrategySpec, or PopulationGame
        The n >= 2 distinct strategies (at most 127), or a pay-off matrix directly.
    state : array_like of int
        Initial strategy index of every site (length N).
    rule : UpdateRule
        The update rule and activation.
    game, turns, continuation, noise, known_length
        Match settings, as in :func:`coop_sim.run_tournament`.
    payoffs : {'auto', 'expected', 'matches'}
        Source of per-round pay-offs: 'expected' -- the expected pay-off matrix (exact for
        finite-state strategies, else the mean of simulated matches); 'matches' -- every
        pair plays a fresh match every generation; 'auto' -- 'expected' when every match is
        certain or every strategy is finite-state (exact expected pay-offs), else 'matches'.
        ``settings['payoffs']`` and ``settings['payoffs_reason']`` record the choice.
    aggregate : {'accumulated', 'averaged'}
        Sum or mean of a site's games.
    self_interaction : bool
        Whether a site also plays against itself (Nowak & May 1992 do).
    seed : int, SeedSequence, Generator or None
        Master seed of the dynamics' streams.
    threads : int, optional
        numba threads for the parallel passes (results do not depend on it); default: one
        for fewer than :data:`SERIAL_SITES` sites, else all.

    Examples
    --------
    >>> from coop_sim.spatial.topology import lattice_topology
    >>> top = lattice_topology(5, 5)
    >>> start = [1 if site == 12 else 0 for site in range(25)]  # one defector at the centre
    >>> pop = SpatialPopulation(
    ...     top, ["cooperator", "defector"], start, UpdateRule(), game=(1, 0, 1.9, 0),
    ...     self_interaction=True,
    ... )
    >>> float(pop.payoffs[12]), float(pop.payoffs[0])  # D exploits 8 neighbours; C meets 9 C
    (15.2, 9.0)
    >>> pop.step()
    >>> int(pop.counts()[1])  # its 3 x 3 neighbourhood turns to defection
    9
    """

    def __init__(
        self,
        topology: Topology,
        strategies,
        state,
        rule: UpdateRule,
        *,
        game: Game | tuple | None = None,
        turns: int | None = 200,
        continuation: float | None = None,
        noise: float = 0.0,
        known_length: bool = False,
        payoffs: str = "auto",
        aggregate: str = "accumulated",
        self_interaction: bool = False,
        seed: SeedLike = None,
        threads: int | None = None,
        _key: int | None = None,
    ) -> None:
        from coop_sim.evolution.structured import (
            _choose_payoffs,
            _strategies,
            kernel_payoffs,
            match_settings,
        )

        if not isinstance(topology, Topology):
            raise TypeError(f"topology must be a Topology, got {type(topology).__name__}")
        if not isinstance(rule, UpdateRule):
            raise TypeError(f"rule must be an UpdateRule, got {type(rule).__name__}")
        if aggregate not in AGGREGATES:
            raise ValueError(f"aggregate must be one of {', '.join(AGGREGATES)}, got {aggregate!r}")
        self_interaction = _validate.flag(self_interaction, "self_interaction")
        specs, names = _strategies(strategies)
        check_strategy_count(len(names))
        g, turns, continuation, noise, known_length = match_settings(
            game, turns, continuation, noise, known_length
        )
        self.threads = _validate.threads(threads)
        if specs is not None and turns is None and continuation is None:
            lacking = [nm for nm, sp in zip(names, specs, strict=True) if sp.automaton(g) is None]
            if lacking:
                raise ValueError(
                    "turns=None and continuation=None ask for long-run pay-offs, which exist "
                    f"only for finite-state strategies; {', '.join(lacking)} has none: give "
                    "turns or continuation"
                )
        mode, reason, det = _choose_payoffs(payoffs, specs, g, turns, continuation, noise)
        if payoffs == "auto" and mode == "matches" and not known_length:
            if all(spec.automaton(g) is not None for spec in specs):
                mode = "expected"
                reason = "exact expected pay-offs (every strategy is finite-state)"
        exact = _exact_memoryless(specs, g, noise)
        if exact is not None:
            mode, reason = "expected", "unconditional strategies: the game's entries"
        if mode == "matches":
            _validate.simulated_length(turns, continuation)
        # _key: a master key the caller derived already (a model seeded by a Generator)
        key, recorded = (int(_key), None) if _key is not None else seed_key(seed)
        if exact is not None:
            self._sources = kernel_payoffs(
                PopulationGame(exact, names), None, None, "expected", g, turns, continuation,
                noise, known_length, key,
            )  # fmt: skip
        else:
            self._sources = kernel_payoffs(
                strategies, specs, det, mode, g, turns, continuation, noise, known_length, key
            )
        self._topology = topology
        self.names = tuple(names)
        self._rule = rule
        self._aggregate = aggregate
        self._self_interaction = bool(self_interaction)
        self._state = self._initial_state(state)
        self._previous = self._state.copy()
        self.generation = 0
        self._key = np.uint64(purpose_key(key, "spatial"))
        self._pay = np.zeros(topology.size)
        self._pay_generation = -1
        self._counts = (-1, None)
        self._clusters = (-1, None)
        self._lattice_fast = None
        self._check_neighbours()
        low = self._lowest_payoff()
        rule.check_payoffs(low)
        self.settings = {
            "topology": topology.kind,
            "shape": topology.shape,
            "torus": topology.torus,
            "rule": rule.rule,
            "activation": rule.activation,
            "temperature": rule.temperature,
            "exponent": rule.exponent,
            "intensity": rule.intensity,
            "baseline": rule.baseline,
            "fitness": rule.fitness,
            "mutation": rule.mutation,
            "payoffs": mode,
            "payoffs_reason": reason,
            "aggregate": aggregate,
            "self_interaction": self._self_interaction,
            "game": g.as_tuple(),
            "turns": turns,
            "continuation": continuation,
            "noise": noise,
            "known_length": known_length,
            "seed": recorded,
        }

    # ------------------------------------------------------------------ set-up
    def _initial_state(self, state, what: str = "state") -> np.ndarray:
        n = len(self.names)
        x = np.asarray(state)
        if x.shape != (self._topology.size,):
            raise ValueError(
                f"{what} must hold one strategy index per site ({self._topology.size}), "
                f"got shape {x.shape}"
            )
        if x.dtype.kind not in "iu":
            raise ValueError(
                f"{what} must hold int strategy indices in 0..{n - 1}, got dtype {x.dtype}"
            )
        _check_indices(x, n, what)
        return x.astype(np.int8)

    def _check_neighbours(self) -> None:
        if self._rule.rule in ("fermi", "death-birth") and self._topology.kind == "graph":
            lonely = np.flatnonzero(np.diff(self._topology.ptr) == 0)
            if lonely.size:
                label = self._topology.labels[int(lonely[0])]
                raise ValueError(
                    f"rule {self._rule.rule!r} needs every site to have a neighbour, but the "
                    f"graph has {lonely.size} isolated node(s), e.g. {label!r}: remove them "
                    "or use 'imitate-best'"
                )

    def _lowest_payoff(self) -> float:
        s = self._sources
        per_game = min(
            float(np.min(np.where(s.cached, s.matrix, np.inf))),
            float(min(s.match[4])) if not s.cached.all() else np.inf,
        )
        if self._aggregate == "averaged" or per_game >= 0:
            return per_game
        return per_game * (self._topology.max_degree + int(self._self_interaction))

    # ------------------------------------------------------------------ settings (fixed)
    @property
    def topology(self) -> Topology:
        """The sites and their neighbours."""
        return self._topology

    @property
    def rule(self) -> UpdateRule:
        """The update rule."""
        return self._rule

    @property
    def aggregate(self) -> str:
        """'accumulated' or 'averaged'."""
        return self._aggregate

    @property
    def self_interaction(self) -> bool:
        """Whether sites play themselves."""
        return self._self_interaction

    # ------------------------------------------------------------------ the state
    @property
    def state(self) -> np.ndarray:
        """Strategy index of every site (``int8[N]``; a read-only view: use
        :meth:`set_state` to change it)."""
        view = self._state.view()
        view.setflags(write=False)
        return view

    @property
    def previous(self) -> np.ndarray:
        """The previous generation's state (read-only view)."""
        view = self._previous.view()
        view.setflags(write=False)
        return view

    def set_state(self, state, *, what: str = "state") -> None:
        """Replace the current state (validated like the initial one; ``what`` names it in
        errors); ``previous`` becomes the new state too, the generation count is kept, cached
        pay-offs, counts and clusters are dropped.

        Examples
        --------
        >>> from coop_sim.spatial.topology import lattice_topology
        >>> pop = SpatialPopulation(
        ...     lattice_topology(3, 3), ["cooperator", "defector"], [0] * 9, UpdateRule()
        ... )
        >>> pop.set_state([1] + [0] * 8)
        >>> pop.counts().tolist()
        [8, 1]
        """
        new = self._initial_state(state, what)
        self._state[:] = new
        self._previous[:] = new
        self._pay_generation = -1
        self._counts = (-1, None)
        self._clusters = (-1, None)

    # ------------------------------------------------------------------ kernels' arguments
    @property
    def n(self) -> int:
        """Number of strategies."""
        return len(self.names)

    @property
    def matrix(self) -> np.ndarray:
        """Per-round pay-offs of the pairs that are looked up (``cached``; read-only)."""
        view = self._sources.matrix.view()
        view.setflags(write=False)
        return view

    def _games(self) -> tuple:
        return (
            self._self_interaction,
            self._aggregate == "averaged",
            bool(self._sources.cached.all()),
        )

    def _threads(self) -> int | None:
        """Threads for the parallel passes: as given, else one for populations under
        :data:`SERIAL_SITES` sites (waking threads costs more than such a pass), else all."""
        if self.threads is not None:
            return self.threads
        return 1 if self._topology.size < SERIAL_SITES else None

    def _fast_lattice(self) -> bool:
        """Whether the generation can take the lattice fast path (Nowak–May's setting).

        Two strategies on a lattice, every pair looked up, synchronous imitate-best without
        mutation: :mod:`coop_sim.engine.lattice_fast` then gives the generic kernels' new
        state bit for bit.  Its key table and rank values are built once (the settings are
        fixed) and kept in ``_lattice_fast = (eligible, table, values)``.
        """
        cached = self._lattice_fast
        if cached is None:
            rule = self._rule
            top = self._topology
            eligible = not (
                top.kind == "graph"
                or self.n != 2
                or rule.rule != "imitate-best"
                or rule.asynchronous
                or rule.mutation != 0.0
                or not self._sources.cached.all()
            )
            table = values = None
            if eligible:
                from coop_sim.engine.lattice_fast import lattice_table, lattice_values
                from coop_sim.spatial.topology import NEIGHBOURHOODS

                args = (
                    self._sources.matrix, NEIGHBOURHOODS[top.kind], top.torus,
                    self._self_interaction, self._aggregate == "averaged",
                )  # fmt: skip
                table, values = lattice_table(*args), lattice_values(*args)
            cached = self._lattice_fast = (table is not None, table, values)
        return cached[0]

    # ------------------------------------------------------------------ pay-offs
    @property
    def payoffs(self) -> np.ndarray:
        """Each site's pay-off in the games of the current generation (read-only view)."""
        if self._pay_generation != self.generation:
            self._compute_payoffs()
        view = self._pay.view()
        view.setflags(write=False)
        return view

    def _compute_payoffs(self) -> None:
        from coop_sim.engine.spatial_kernel import payoff_pass
        from coop_sim.tournament import _Threads

        if self._fast_lattice():  # the same pay-offs, bit for bit, from the rank tables
            from coop_sim.engine.lattice_fast import lattice_payoffs

            kind, rows, cols, torus = self._topology.kernel_args()[:4]
            _, table, values = self._lattice_fast
            lattice_payoffs(
                self._state, self._pay, table, values, kind, rows, cols, torus,
                self._self_interaction, self._threads(),
            )  # fmt: skip
            self._pay_generation = self.generation
            return
        s = self._sources
        top = self._topology
        hist = s.hist_size
        with _Threads(self._threads()):
            while True:
                need = payoff_pass(
                    self._state, self._pay, top.kernel_args(), top.max_degree, self._games(),
                    self._key, self.generation, s.matrix, s.cached, s.strat, s.match,
                    s.state_size, hist,
                )  # fmt: skip
                if need <= 0:
                    break
                hist = max(int(need), 2 * hist)
        self._sources = s._replace(hist_size=hist)
        self._pay_generation = self.generation

    # ------------------------------------------------------------------ dynamics
    def step(self, generations: int = 1) -> None:
        """Advance ``generations`` generations (games, then updates)."""
        from coop_sim.evolution.finite import _int

        for _ in range(_int(generations, "generations", 1)):
            self._previous[:] = self._state
            if self._rule.asynchronous:
                self._asynchronous()
            else:
                self._synchronous()
            self.generation += 1

    def _synchronous(self) -> None:
        from coop_sim.engine.spatial_kernel import synchronous_generation
        from coop_sim.tournament import _Threads

        top = self._topology
        if self._fast_lattice():  # pay-offs are not needed: computed lazily by .payoffs
            from coop_sim.engine import lattice_fast

            kind, rows, cols, torus = top.kernel_args()[:4]
            lattice_fast.lattice_generation(
                self._previous, self._state, self._lattice_fast[1], kind, rows, cols, torus,
                self._self_interaction, self._threads(),
            )  # fmt: skip
            return
        if self._pay_generation != self.generation:
            self._compute_payoffs()
        with _Threads(self._threads()):
            synchronous_generation(
                self._previous, self._state, self._pay, top.kernel_args(), top.max_degree,
                self._rule.as_array(), self.n, self._key, self.generation,
            )  # fmt: skip

    def _asynchronous(self) -> None:
        from coop_sim.engine.spatial_kernel import asynchronous_generation

        s = self._sources
        top = self._topology
        hist = s.hist_size
        while True:
            need = asynchronous_generation(
                self._state, self._pay, top.kernel_args(), top.max_degree, self._rule.as_array(),
                self.n, self._key, self.generation, self._games(), s.matrix, s.cached, s.strat,
                s.match, s.state_size, hist,
            )  # fmt: skip
            if need <= 0:
                break
            self._state[:] = self._previous  # replay the generation with longer histories
            hist = max(int(need), 2 * hist)
        self._sources = s._replace(hist_size=hist)
        self._pay_generation = -1

    # ------------------------------------------------------------------ statistics
    def counts(self) -> np.ndarray:
        """Sites per strategy (``int64[n]``)."""
        from coop_sim.engine.spatial_kernel import count_strategies

        if self._counts[0] != self.generation:
            out = np.zeros(self.n, dtype=np.int64)
            count_strategies(self._state, out)
            out.setflags(write=False)
            self._counts = (self.generation, out)
        return self._counts[1]

    def shares(self) -> np.ndarray:
        """Share of the sites per strategy."""
        return self.counts() / self._topology.size

    def mean_payoff(self) -> float:
        """Mean pay-off over the sites in the current generation's games."""
        return float(self.payoffs.mean())

    def clusters(self) -> np.ndarray:
        """Number of clusters per strategy: maximal sets of sites of that strategy connected
        through neighbours (``int64[n]``)."""
        from coop_sim.engine.spatial_kernel import cluster_stats

        if self._clusters[0] != self.generation:
            out = np.zeros(self.n, dtype=np.int64)
            top = self._topology
            cluster_stats(self._state, top.kernel_args(), top.max_degree, out)
            out.setflags(write=False)
            self._clusters = (self.generation, out)
        return self._clusters[1]

    def mean_cluster_sizes(self) -> np.ndarray:
        """Mean cluster size per strategy (0 where a strategy is absent)."""
        return self.cluster_summary()[1]

    def cluster_summary(self) -> tuple[np.ndarray, np.ndarray]:
        """``(clusters, mean sizes)`` per strategy, from one labelling pass."""
        clusters = self.clusters()
        sizes = np.divide(self.counts(), clusters, out=np.zeros(self.n), where=clusters > 0)
        return clusters, sizes

    def monomorphic(self) -> bool:
        """Whether every site plays the same strategy."""
        return bool(self.counts().max() == self._topology.size)
