"""Mesa models of spatial and network populations of IPD strategies.

:class:`LatticeModel` and :class:`NetworkModel` are ``mesa.Model`` subclasses.  Their state of
record is a :class:`~coop_sim.spatial.population.SpatialPopulation` (arrays stepped by numba
kernels); Mesa's discrete space, agents and ``DataCollector`` reflect those arrays:

* ``model.grid`` is an ``OrthogonalMooreGrid`` / ``OrthogonalVonNeumannGrid`` (lattice) or a
  ``Network`` (graph) holding one :class:`PlayerAgent` per site.  Agents read their strategy
  and pay-off from the arrays (nothing is copied), so they are always current.  Building a
  million Mesa cells takes long, so agents and the grid are made only when
  ``agents=True``, or with ``agents='auto'`` (default) for at most :data:`AUTO_AGENTS`
  sites; otherwise call :meth:`~SpatialModel.build_agents` when you want them.  Stepping never
  needs them.
* ``model.datacollector`` collects, after every generation, the share of each strategy
  (``'share <name>'``), the mean pay-off (``'mean_payoff'``, unless ``mean_payoff=False``) and,
  with ``clusters=True``, the number and mean size of the clusters of each strategy
  (``'clusters <name>'``,
  ``'cluster_size <name>'``).

The code follows Mesa 3.3 and uses only what Mesa 3.5 and 4.0 keep: ``rng=`` (never
``seed=``), no ``model.steps``/``model.time`` (``model.generation`` counts generations), agents
through ``model.agents`` as a set.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

try:
    import mesa
    from mesa.discrete_space import (
        FixedAgent,
        Network,
        OrthogonalMooreGrid,
        OrthogonalVonNeumannGrid,
    )
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("coop_sim.spatial.models needs Mesa: pip install 'coop_sim[mesa]'") from exc

from coop_sim import _validate
from coop_sim._seeding import SeedLike, purpose_key, seed_key
from coop_sim.evolution.structured import _strategies
from coop_sim.spatial.initial import initial_state
from coop_sim.spatial.population import SpatialPopulation, check_strategy_count
from coop_sim.spatial.rules import UpdateRule
from coop_sim.spatial.topology import Topology, graph_topology, lattice_topology

__all__ = [
    "AUTO_AGENTS",
    "ArrayDataCollector",
    "LatticeModel",
    "NetworkModel",
    "PlayerAgent",
    "SpatialModel",
]

#: ``agents='auto'`` builds Mesa agents for populations up to this many sites.
AUTO_AGENTS = 10_000


class PlayerAgent(FixedAgent):
    """One player: a view of its site in the model's arrays.

    Attributes
    ----------
    site : int
        The site's index in the arrays.
    """

    def __init__(self, model: SpatialModel, site: int) -> None:
        super().__init__(model)
        self.site = site

    @property
    def strategy(self) -> int:
        """Index of the strategy the player uses now."""
        return int(self.model.population.state[self.site])

    @property
    def strategy_name(self) -> str:
        """Name of the strategy the player uses now."""
        return self.model.population.names[self.strategy]

    @property
    def previous_strategy(self) -> int:
        """Index of the strategy the player used in the previous generation."""
        return int(self.model.population.previous[self.site])

    @property
    def payoff(self) -> float:
        """The player's pay-off in the current generation's games."""
        return float(self.model.population.payoffs[self.site])


class ArrayDataCollector(mesa.DataCollector):
    """A ``mesa.DataCollector`` whose model-level data are computed together, once per
    collection, from the arrays (one vectorised pass instead of one reporter call per column).

    ``model_vars`` (a dict of lists) and ``get_model_vars_dataframe()`` are Mesa's; agent
    reporters, agent-type reporters and tables are passed to Mesa's collector and work as
    there.

    Parameters
    ----------
    columns : list of str
        Names of the model variables (those starting with ``'clusters '`` hold ints).
    compute : callable
        Returns the current values of ``columns`` as a 1-d array.
    agent_reporters, agenttype_reporters, tables : dict, optional
        As for ``mesa.DataCollector``.
    """

    def __init__(
        self, columns: list[str], compute, agent_reporters=None, agenttype_reporters=None,
        tables=None,
    ) -> None:  # fmt: skip
        super().__init__(
            agent_reporters=agent_reporters, agenttype_reporters=agenttype_reporters,
            tables=tables,
        )  # fmt: skip
        self._columns = list(columns)
        self._compute = compute
        self._integer = [name.startswith("clusters ") for name in self._columns]
        self._integer_of = dict(zip(self._columns, self._integer, strict=True))
        self.model_reporters = dict.fromkeys(self._columns, compute)
        self.model_vars = {name: [] for name in self._columns}

    def collect(self, model) -> None:
        """Record the model variables (and any agent reporters) of the current generation.

        Reporters added to ``model_reporters`` the Mesa way are collected too (as Mesa does).
        """
        row = self._compute()
        for name, whole, value in zip(self._columns, self._integer, row.tolist(), strict=True):
            self.model_vars[name].append(int(value) if whole else value)
        extra = {k: v for k, v in self.model_reporters.items() if k not in self._integer_of}
        saved, self.model_reporters = self.model_reporters, extra
        try:
            earlier = len(self.model_vars[self._columns[0]]) - 1
            for name in extra:  # a reporter added late: None for the rows before it
                values = self.model_vars.setdefault(name, [])
                values[:0] = [None] * (earlier - len(values))
            if extra or self.agent_reporters or self.agenttype_reporters:
                super().collect(model)
        finally:
            self.model_reporters = saved

    def recollect(self, model) -> None:
        """Replace the last collected row, model and agent data (after the state was changed
        between steps; Mesa keys agent records by step, so they are replaced too)."""
        for values in self.model_vars.values():
            if values:
                values.pop()
        self.collect(model)


def _game_of(b: float | None, game):
    if b is None:
        return game
    if isinstance(b, bool) or not isinstance(b, numbers.Real):
        raise TypeError(f"b must be a real number (Nowak–May's T, with R=1, S=P=0), got {b!r}")
    if not math.isfinite(b):
        raise ValueError(f"b must be finite, got {b!r}")
    if game is not None:
        raise ValueError("give either b (Nowak–May's game R=1, T=b, S=P=0) or game, not both")
    return (1.0, 0.0, b, 0.0)


class SpatialModel(mesa.Model):
    """Shared machinery of :class:`LatticeModel` and :class:`NetworkModel` (see them)."""

    def __init__(
        self,
        topology: Topology,
        strategies,
        *,
        initial,
        shares,
        resident,
        mutant,
        block,
        b,
        game,
        turns,
        continuation,
        noise,
        known_length,
        payoffs,
        aggregate,
        self_interaction,
        rule,
        activation,
        temperature,
        exponent,
        intensity,
        baseline,
        fitness,
        mutation,
        agents,
        clusters,
        mean_payoff,
        seed: SeedLike,
        threads,
    ) -> None:
        key, recorded = seed_key(seed)
        super().__init__(rng=recorded if recorded is not None else key)
        if agents not in (True, False, "auto"):
            raise ValueError(f"agents must be True, False or 'auto', got {agents!r}")
        clusters = _validate.flag(clusters, "clusters")
        mean_payoff = _validate.flag(mean_payoff, "mean_payoff")
        update = UpdateRule(
            rule, activation, temperature=temperature, exponent=exponent, intensity=intensity,
            baseline=baseline, fitness=fitness, mutation=mutation,
        )  # fmt: skip
        n = len(_strategies(strategies)[1])
        check_strategy_count(n)
        place = np.random.default_rng(purpose_key(key, "spatial.initial"))
        start = initial_state(
            topology, max(n, 2), initial, shares=shares, resident=resident, mutant=mutant,
            block=block, rng=place,
        )  # fmt: skip
        self.population = SpatialPopulation(
            topology, strategies, start, update, game=_game_of(b, game), turns=turns,
            continuation=continuation, noise=noise, known_length=known_length, payoffs=payoffs,
            aggregate=aggregate, self_interaction=self_interaction,
            seed=recorded, threads=threads, _key=None if recorded is not None else key,
        )  # fmt: skip
        self.grid = None
        self.collect_clusters = bool(clusters)
        self.collect_mean_payoff = bool(mean_payoff)
        self.datacollector = ArrayDataCollector(self._columns(), self._statistics)
        if agents is True or (agents == "auto" and topology.size <= AUTO_AGENTS):
            self.build_agents()
        self.running = not (update.mutation == 0.0 and self.population.monomorphic())
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ Mesa parts
    def _columns(self) -> list[str]:
        names = self.population.names
        columns = [f"share {name}" for name in names]
        if self.collect_mean_payoff:
            columns.append("mean_payoff")
        if self.collect_clusters:
            for name in names:
                columns += [f"clusters {name}", f"cluster_size {name}"]
        return columns

    def _statistics(self) -> np.ndarray:
        """This generation's row of collected data (see :meth:`_columns`)."""
        pop = self.population
        counts = pop.counts()
        row = [counts / pop.topology.size]
        if self.collect_mean_payoff:
            row.append([pop.mean_payoff()])
        if self.collect_clusters:
            clusters, sizes = pop.cluster_summary()
            row.append(np.column_stack([clusters, sizes]).ravel())  # per strategy: number, size
        return np.concatenate(row)

    def _make_space(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def build_agents(self) -> None:
        """Build ``model.grid`` and one :class:`PlayerAgent` per site (once)."""
        if self.grid is not None:
            return
        self.grid, cells = self._make_space()
        for site, cell in enumerate(cells):
            agent = PlayerAgent(self, site)
            agent.cell = cell

    # ------------------------------------------------------------------ dynamics
    def step(self) -> None:
        """One generation: every site plays its neighbours, then updates; data collected."""
        self.population.step()
        if self.population.rule.mutation == 0.0 and self.population.monomorphic():
            self.running = False
        self.datacollector.collect(self)

    def set_state(self, state, *, what: str = "state") -> None:
        """Replace every site's strategy between steps (one index per site); the previous
        generation becomes the new state too, and the current row of collected data is
        recomputed."""
        self.population.set_state(state, what=what)
        self.running = not (self.population.rule.mutation == 0.0 and self.population.monomorphic())
        self.datacollector.recollect(self)

    @property
    def generation(self) -> int:
        """Generations stepped so far (the population's count)."""
        return self.population.generation

    @property
    def names(self) -> tuple[str, ...]:
        """Strategy names, in index order."""
        return self.population.names

    def shares(self) -> np.ndarray:
        """Current share of each strategy."""
        return self.population.shares()


class LatticeModel(SpatialModel):
    """Players on a ``width x height`` lattice (Nowak & May 1992 and its generalisations).

    Parameters
    ----------
    width, height : int
        Lattice size (>= 3 each; ``height=None`` means square).
    strategies : list of str or StrategySpec, or PopulationGame
        Default ``['cooperator', 'defector']`` (the one-shot game's C and D).
    neighbourhood : {'moore', 'von-neumann'}
        8 or 4 neighbours.
    torus : bool
        Wrap around the edges (False: fixed edges).
    self_interaction : bool
        Sites also play themselves (default True, as Nowak & May).
    initial : {'random', 'mutant', 'block'} or array_like
        See :func:`~coop_sim.spatial.initial.initial_state`; ``shares``, ``resident``,
        ``mutant`` and ``block`` go with it.
    b : float, optional
        Nowak–May's temptation: the game ``R=1, T=b, S=P=0`` (instead of ``game``).
    game, turns, continuation, noise, known_length, payoffs
        Match settings and pay-off source (see
        :class:`~coop_sim.spatial.population.SpatialPopulation`).
    aggregate : {'accumulated', 'averaged'}
        Sum (default) or mean of a site's games.
    rule, activation, temperature, exponent, intensity, baseline, fitness, mutation
        The update rule (:class:`~coop_sim.spatial.rules.UpdateRule`).
    agents : True, False or 'auto'
        Build Mesa agents (see the module notes).
    clusters : bool
        Collect the number and mean size of each strategy's clusters every generation (a
        labelling pass, ~16 ns a site: it dominates the step of a large lattice, so pass
        False for speed runs).
    mean_payoff : bool
        Collect the mean pay-off every generation.
    seed : int, SeedSequence, Generator or None
        Master seed (initial placement and dynamics); the run is bit-identical for any
        thread count.
    threads : int, optional
        numba threads.

    Examples
    --------
    >>> model = LatticeModel(21, b=1.9, initial="mutant", torus=False, seed=1)
    >>> for _ in range(3):
    ...     model.step()
    >>> model.datacollector.get_model_vars_dataframe()["share Defector"].round(4).tolist()
    [0.0023, 0.0204, 0.0567, 0.093]
    >>> model.grid is not None, len(model.agents)
    (True, 441)
    """

    def __init__(
        self,
        width: int = 50,
        height: int | None = None,
        strategies=("cooperator", "defector"),
        *,
        neighbourhood: str = "moore",
        torus: bool = True,
        self_interaction: bool = True,
        initial="random",
        shares=None,
        resident: int = 0,
        mutant: int = 1,
        block: int = 3,
        b: float | None = None,
        game=None,
        turns: int | None = 200,
        continuation: float | None = None,
        noise: float = 0.0,
        known_length: bool = False,
        payoffs: str = "auto",
        aggregate: str = "accumulated",
        rule: str = "imitate-best",
        activation: str = "synchronous",
        temperature: float = 0.1,
        exponent: float = 1.0,
        intensity: float = 1.0,
        baseline: float | None = None,
        fitness: str = "linear",
        mutation: float = 0.0,
        agents: bool | str = "auto",
        clusters: bool = True,
        mean_payoff: bool = True,
        seed: SeedLike = None,
        threads: int | None = None,
    ) -> None:
        height = width if height is None else height
        topology = lattice_topology(width, height, neighbourhood, torus)
        super().__init__(
            topology, list(strategies) if isinstance(strategies, tuple) else strategies,
            initial=initial, shares=shares, resident=resident, mutant=mutant, block=block, b=b,
            game=game, turns=turns, continuation=continuation, noise=noise,
            known_length=known_length, payoffs=payoffs, aggregate=aggregate,
            self_interaction=self_interaction, rule=rule, activation=activation,
            temperature=temperature, exponent=exponent, intensity=intensity, baseline=baseline,
            fitness=fitness, mutation=mutation, agents=agents, clusters=clusters,
            mean_payoff=mean_payoff, seed=seed,
            threads=threads,
        )  # fmt: skip

    @property
    def width(self) -> int:
        return self.population.topology.shape[0]

    @property
    def height(self) -> int:
        return self.population.topology.shape[1]

    @property
    def lattice(self) -> np.ndarray:
        """Strategy index of every cell, shape ``(width, height)``, indexed ``[x, y]`` (a
        read-only view of the state of record; change it with :meth:`set_lattice`)."""
        return self.population.state.reshape(self.width, self.height)

    def set_lattice(self, lattice) -> None:
        """Replace the strategies of the cells (shape ``(width, height)``, indexed ``[x, y]``);
        see :meth:`SpatialModel.set_state`."""
        x = np.asarray(lattice)
        if x.shape != (self.width, self.height):
            raise ValueError(
                f"lattice must have shape ({self.width}, {self.height}), got {x.shape}"
            )
        self.set_state(x.reshape(-1), what="lattice")

    @property
    def previous_lattice(self) -> np.ndarray:
        """The previous generation's lattice (same layout)."""
        return self.population.previous.reshape(self.width, self.height)

    def _make_space(self):
        top = self.population.topology
        kind = OrthogonalMooreGrid if top.kind == "moore" else OrthogonalVonNeumannGrid
        grid = kind(top.shape, torus=top.torus, capacity=1, random=self.random)
        cells = [grid[(x, y)] for x in range(top.shape[0]) for y in range(top.shape[1])]
        return grid, cells


class NetworkModel(SpatialModel):
    """Players on the nodes of a network (Santos & Pacheco 2005 and others).

    Parameters
    ----------
    graph : networkx.Graph, scipy sparse or numpy adjacency matrix, or neighbour lists
        Undirected, simple; sites in ``list(graph.nodes)`` order.  See
        :mod:`coop_sim.spatial.graphs` for Barabási–Albert, random regular, Watts–Strogatz
        and lattice graphs.
    strategies, initial, shares, resident, mutant, b, game, turns, continuation, noise,
    known_length, payoffs, rule, activation, temperature, exponent, intensity, baseline,
    fitness, mutation, agents, clusters, mean_payoff, seed, threads
        As :class:`LatticeModel` (``initial='mutant'`` puts the mutant on a random node;
        'block' is for lattices only).
    aggregate : {'accumulated', 'averaged'}
        Sum (default, as Santos & Pacheco) or mean of a node's games.
    self_interaction : bool
        Nodes also play themselves (default False).

    Examples
    --------
    >>> import networkx as nx
    >>> model = NetworkModel(nx.cycle_graph(10), b=1.2, initial="mutant", seed=3)
    >>> model.step()
    >>> model.population.counts().tolist()
    [7, 3]
    """

    def __init__(
        self,
        graph,
        strategies=("cooperator", "defector"),
        *,
        self_interaction: bool = False,
        initial="random",
        shares=None,
        resident: int = 0,
        mutant: int = 1,
        b: float | None = None,
        game=None,
        turns: int | None = 200,
        continuation: float | None = None,
        noise: float = 0.0,
        known_length: bool = False,
        payoffs: str = "auto",
        aggregate: str = "accumulated",
        rule: str = "imitate-best",
        activation: str = "synchronous",
        temperature: float = 0.1,
        exponent: float = 1.0,
        intensity: float = 1.0,
        baseline: float | None = None,
        fitness: str = "linear",
        mutation: float = 0.0,
        agents: bool | str = "auto",
        clusters: bool = True,
        mean_payoff: bool = True,
        seed: SeedLike = None,
        threads: int | None = None,
    ) -> None:
        self._graph = graph
        super().__init__(
            graph_topology(graph),
            list(strategies) if isinstance(strategies, tuple) else strategies,
            initial=initial, shares=shares, resident=resident, mutant=mutant, block=1, b=b,
            game=game, turns=turns, continuation=continuation, noise=noise,
            known_length=known_length, payoffs=payoffs, aggregate=aggregate,
            self_interaction=self_interaction, rule=rule, activation=activation,
            temperature=temperature, exponent=exponent, intensity=intensity, baseline=baseline,
            fitness=fitness, mutation=mutation, agents=agents, clusters=clusters,
            mean_payoff=mean_payoff, seed=seed,
            threads=threads,
        )  # fmt: skip

    def _make_space(self):
        import networkx as nx

        top = self.population.topology
        graph = self._graph
        if not isinstance(graph, nx.Graph):  # rebuild a networkx graph from the CSR lists
            graph = top.to_networkx()
        space = Network(graph, capacity=1, random=self.random)
        return space, [space[label] for label in top.labels]
