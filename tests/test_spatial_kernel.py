"""The spatial kernels (coop_sim.engine.spatial_kernel) against their slow twins in
tests/reference.py, and properties of spatial dynamics (thread count, seeds, symmetry)."""

import math
import warnings

import networkx as nx
import numba
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coop_sim._packing import compile_spec, pack
from coop_sim.engine.match_kernel import play_one
from coop_sim.engine.spatial_kernel import BLOCK
from coop_sim.evolution.population import PopulationGame
from coop_sim.game import Game
from coop_sim.spatial import SpatialPopulation, UpdateRule, graph_topology, lattice_topology
from coop_sim.strategies.registry import resolve
from tests import reference as ref

RULES = ("imitate-best", "fermi", "proportional", "death-birth")
ACTIVATIONS = ("synchronous", "asynchronous")
#: A fraction of the profile's examples for the costlier properties (COOP_SIM_EXAMPLES).
FEW = max(3, settings.default.max_examples // 6)
SOME = max(5, settings.default.max_examples // 3)


# ---------------------------------------------------------------------------- helpers
def twin_games(pop: SpatialPopulation, automata=None) -> ref.SpatialGames:
    """The twin's view of a population's games (the same per-round matrix and sources)."""
    s, settings_ = pop._sources, pop.settings
    return ref.SpatialGames(
        matrix=s.matrix.tolist(), self_interaction=pop.self_interaction,
        average=pop.aggregate == "averaged", cached=s.cached.tolist(), automata=automata,
        game=settings_["game"], turns=settings_["turns"],
        continuation=settings_["continuation"], noise=settings_["noise"],
    )  # fmt: skip


def assert_twin_run(make, neighbours, generations, automata=None):
    """``make()`` builds a population; its run must be the twin's, state for state (exact)
    and pay-off for pay-off (1e-12), whether or not pay-offs are read between steps."""
    pop = make()
    states, pays = ref.spatial_run(
        pop.state.tolist(), neighbours, twin_games(pop, automata), pop.rule, pop.n,
        int(pop._key), generations,
    )  # fmt: skip
    for g in range(generations + 1):
        np.testing.assert_array_equal(pop.state, states[g], err_msg=f"state, generation {g}")
        np.testing.assert_allclose(
            pop.payoffs, pays[g], rtol=0, atol=1e-12, err_msg=f"pay-offs, generation {g}"
        )
        if g < generations:
            pop.step()
            np.testing.assert_array_equal(pop.previous, states[g])
    assert pop.generation == generations
    unread = make()  # pay-offs never asked for: the generations compute what they need
    unread.step(generations)
    np.testing.assert_array_equal(unread.state, states[-1])


def random_matrix(rng: np.random.Generator, n: int, kind: str) -> np.ndarray:
    """Pay-off matrices: 'uniform' (no ties), 'integer' (many ties), 'nowak-may' (zeros)."""
    if kind == "uniform":
        return rng.uniform(0.0, 3.0, (n, n))
    if kind == "integer":
        return rng.integers(0, 4, (n, n)).astype(float)
    m = np.zeros((n, n))
    m[:, 0] = np.linspace(1.0, 1.9, n)  # R = 1, T = b, S = P = 0 (and more of the same)
    return m


def connected_graph(size: int, seed: int, labels: bool = False) -> nx.Graph:
    graph = nx.connected_watts_strogatz_graph(size, 4, 0.4, seed=seed)
    if labels:
        graph = nx.relabel_nodes(graph, {k: f"n{(7 * k) % size}" for k in graph.nodes})
    return graph


LATTICES = [  # width, height, neighbourhood, torus
    (5, 4, "moore", True),
    (3, 6, "von-neumann", False),
    (4, 3, "moore", False),
    (6, 5, "von-neumann", True),
    (3, 3, "moore", True),
]


def topology_case(case):
    """(Topology, twin neighbour lists) of a lattice tuple or a networkx graph."""
    if isinstance(case, nx.Graph):
        return graph_topology(case), ref.graph_neighbours(case)
    return lattice_topology(*case), ref.lattice_neighbours(*case)


# ---------------------------------------------------------------------------- topology
@pytest.mark.parametrize("torus", [True, False])
@pytest.mark.parametrize("neighbourhood", ["moore", "von-neumann"])
@pytest.mark.parametrize(("width", "height"), [(3, 3), (3, 5), (5, 3), (4, 7), (8, 6)])
def test_lattice_neighbours_from_coordinates(width, height, neighbourhood, torus):
    top = lattice_topology(width, height, neighbourhood, torus)
    twin = ref.lattice_neighbours(width, height, neighbourhood, torus)
    assert top.size == width * height == len(twin)
    for site in range(top.size):
        assert top.neighbours(site).tolist() == twin[site], site
    degrees = top.degrees()
    assert degrees.tolist() == [len(nb) for nb in twin]
    full = 8 if neighbourhood == "moore" else 4
    assert degrees.max() <= top.max_degree == full
    if torus:
        assert (degrees == full).all()
    else:  # corners: 3 or 2 neighbours; interior sites keep them all
        assert degrees[0] == degrees[top.size - 1] == (3 if neighbourhood == "moore" else 2)
        assert degrees.reshape(width, height)[1:-1, 1:-1].min(initial=full) == full
    # symmetric: y is a neighbour of x iff x is one of y
    pairs = {(x, y) for x, nb in enumerate(twin) for y in nb}
    assert pairs == {(y, x) for x, y in pairs}


def test_lattice_site_numbering_is_x_major():
    top = lattice_topology(5, 4, "von-neumann", torus=False)
    site = 2 * 4 + 1  # cell (2, 1)
    assert top.neighbours(site).tolist() == [1 * 4 + 1, 2 * 4 + 0, 2 * 4 + 2, 3 * 4 + 1]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_graph_neighbours_from_adjacency(seed):
    graph = nx.gnp_random_graph(14, 0.25, seed=seed)  # may have isolated nodes
    graph.add_node(99)  # an isolated node, labelled out of order
    twin = ref.graph_neighbours(graph)
    for given_as in (
        graph,
        nx.to_numpy_array(graph, nodelist=list(graph.nodes), dtype=int),
        [list(nb) for nb in twin],
    ):
        top = graph_topology(given_as)
        assert top.kind == "graph" and top.size == graph.number_of_nodes()
        for site in range(top.size):
            assert top.neighbours(site).tolist() == twin[site]
        assert top.degrees().tolist() == [len(nb) for nb in twin]
        assert top.max_degree == max(len(nb) for nb in twin)
    assert graph_topology(graph).labels == tuple(graph.nodes)


# ---------------------------------------------------------------------------- pay-offs
@pytest.mark.parametrize("aggregate", ["accumulated", "averaged"])
@pytest.mark.parametrize("self_interaction", [True, False])
@pytest.mark.parametrize("case", [*LATTICES, "graph"])
def test_cached_payoffs_match_twin_and_a_direct_sum(case, self_interaction, aggregate):
    rng = np.random.default_rng([len(str(case)), self_interaction, aggregate == "averaged"])
    graph = nx.gnp_random_graph(15, 0.3, seed=4)  # isolated nodes: no games, pay-off 0
    top, neighbours = topology_case(graph if case == "graph" else case)
    matrix = rng.normal(0.0, 2.0, (3, 3))
    state = rng.integers(0, 3, top.size)
    pop = SpatialPopulation(
        top, PopulationGame(matrix), state, UpdateRule(), aggregate=aggregate,
        self_interaction=self_interaction, seed=1,
    )  # fmt: skip
    assert pop.payoffs.flags.writeable is False
    games = twin_games(pop)
    twin = ref.spatial_payoffs(state.tolist(), neighbours, games, int(pop._key), 0)
    np.testing.assert_allclose(pop.payoffs, twin, rtol=0, atol=1e-12)
    direct = []
    for x in range(top.size):
        opponents = ([x] if self_interaction else []) + neighbours[x]
        total = sum(matrix[state[x], state[y]] for y in opponents)
        if aggregate == "averaged" and opponents:
            total /= len(opponents)
        direct.append(total)
    np.testing.assert_allclose(pop.payoffs, direct, rtol=0, atol=1e-12)
    assert pop.mean_payoff() == pytest.approx(np.mean(direct), abs=1e-12)


def _played(strategies, game, turns, noise):
    """Per-round pay-offs of the match of sites u <= v (strategies su, sv) under mkey, from
    the match kernel behind play_match (it keys a match exactly as the spatial kernel)."""
    compiled = [compile_spec(resolve(s), game) for s in strategies]
    pay_a, pay_b = game.payoff_vectors()

    def match(su, sv, mkey, u, v):
        ca, cb = compiled[su], compiled[sv]
        packed = pack([ca, cb])
        moves = play_one(
            ca.family, ca.params, ca.state_size, cb.family, cb.params, cb.state_size,
            packed.auto_thr, packed.auto_nxt, packed.auto_off, packed.auto_start,
            packed.is_auto, turns, -1.0, noise, noise, False, np.uint64(mkey), u, v, 0,
        )  # fmt: skip
        outcome = 2 * moves[:, 0].astype(np.int64) + moves[:, 1]
        return pay_a[outcome].mean(), pay_b[outcome].mean()

    return match


@pytest.mark.parametrize("case", [(4, 3, "moore", True), "graph"])
def test_played_payoffs_replay_the_match_kernel(case):
    # strategies without a finite-state form (average_copier, gradual) and noise
    strategies, game, turns, noise = ["average_copier", "tit_for_tat", "gradual"], Game(), 7, 0.1
    top, neighbours = topology_case(connected_graph(10, 3) if case == "graph" else case)
    state = np.random.default_rng(2).integers(0, 3, top.size)
    pop = SpatialPopulation(
        top, strategies, state, UpdateRule("fermi", temperature=0.5, mutation=0.1),
        noise=noise, turns=turns, payoffs="matches", self_interaction=True, seed=5,
    )  # fmt: skip
    assert pop.settings["payoffs"] == "matches" and not pop._sources.cached.any()
    match = _played(strategies, game, turns, noise)
    for g in range(3):
        mkey = ref.stream_key(int(pop._key), g, 0, ref.SPATIAL_TAG_MATCHES)
        s = pop.state
        expected = [
            sum(
                match(s[x], s[y], mkey, x, y)[0] if x <= y else match(s[y], s[x], mkey, y, x)[1]
                for y in [x, *neighbours[x]]
            )
            for x in range(top.size)
        ]
        np.testing.assert_allclose(pop.payoffs, expected, rtol=0, atol=1e-12)
        pop.step()


def test_both_ends_of_an_edge_see_the_same_match():
    # a constant-sum game (R + R = S + T = P + P = 2): the two ends' per-round pay-offs of
    # one match add up to 2 exactly; of two different matches, hardly ever
    graph = nx.Graph([(0, 5), (1, 2), (3, 4), (6, 7)])  # one neighbour each
    ring = nx.cycle_graph(12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # not a Prisoner's Dilemma
        for g_, site_pairs in ((graph, list(graph.edges)), (ring, None)):
            pop = SpatialPopulation(
                graph_topology(g_), ["random", "tit_for_tat"], [0, 1] * (g_.number_of_nodes() // 2),
                UpdateRule("fermi"), game=(1, 0, 2, 1), turns=9, noise=0.2, payoffs="matches",
                seed=8,
            )  # fmt: skip
            for _ in range(3):
                pay = pop.payoffs
                labels = list(g_.nodes)
                if site_pairs is not None:
                    for u, v in site_pairs:
                        assert pay[labels.index(u)] + pay[labels.index(v)] == pytest.approx(
                            2.0, abs=1e-12
                        )
                    assert len({round(p, 9) for p in pay}) > 2  # the matches are random
                else:  # accumulated: the total is 2 per edge
                    assert pay.sum() == pytest.approx(2.0 * ring.number_of_edges(), abs=1e-9)
                pop.step()


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_history_retries_change_nothing(activation):
    """A match needing longer histories than the work arrays hold is replayed: same run."""
    top = lattice_topology(4, 4, "moore", True)
    state = np.random.default_rng(3).integers(0, 3, top.size)

    def make():
        return SpatialPopulation(
            top, ["average_copier", "tit_for_tat", "gradual"], state,
            UpdateRule("fermi", activation, temperature=0.3, mutation=0.05), noise=0.05,
            turns=12, payoffs="matches", seed=2,
        )  # fmt: skip

    a, b = make(), make()
    b._sources = b._sources._replace(hist_size=1)
    for _ in range(3):
        np.testing.assert_array_equal(a.payoffs, b.payoffs)
        a.step()
        b.step()
        np.testing.assert_array_equal(a.state, b.state)
    assert b._sources.hist_size >= 12


# ---------------------------------------------------------------------------- dynamics
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("case", [0, 1, 2, 3, "graph"])
def test_generations_match_twin(case, rule, activation):
    """Every rule, both activations, with mutation, on lattices and a network: bit for bit."""
    index = 4 if case == "graph" else case
    if case == "graph":
        graph = connected_graph(12, 1, labels=True)
        top, neighbours = topology_case(graph)
    else:
        top, neighbours = topology_case(LATTICES[case])
    for seed in (1, 2):
        rng = np.random.default_rng([seed, index, RULES.index(rule)])
        n = 3 if seed == 1 else 2
        kind = ("uniform", "integer", "nowak-may")[(seed + index) % 3]
        matrix = random_matrix(rng, n, kind)
        update = UpdateRule(
            rule, activation, temperature=0.4, exponent=(1.0, 2.5)[seed - 1],
            intensity=0.3 if seed == 1 else 2.0, fitness=("linear", "exponential")[seed - 1],
            mutation=(0.05, 0.0)[index % 2],
        )  # fmt: skip
        state = rng.integers(0, n, top.size)

        def make(matrix=matrix, update=update, state=state, seed=seed):
            return SpatialPopulation(
                top, PopulationGame(matrix), state, update,
                aggregate=("accumulated", "averaged")[seed - 1],
                self_interaction=index % 2 == 0, seed=seed,
            )  # fmt: skip

        assert_twin_run(make, neighbours, 4)


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("rule", RULES)
def test_generations_with_played_matches_match_twin(rule, activation):
    """Real matches (noisy, a stochastic strategy, some pairs cached) replayed by the twin."""
    game = Game()
    for case, strategies, noise in (
        ((4, 3, "moore", True), ["tit_for_tat", "random", "grudger"], 0.05),
        (connected_graph(9, 2), ["tit_for_tat", "grudger", "random"], 0.0),
    ):
        top, neighbours = topology_case(case)
        state = np.random.default_rng(7).integers(0, 3, top.size)
        automata = [resolve(s).automaton(game) for s in strategies]

        def make(strategies=strategies, noise=noise, state=state, top=top):
            return SpatialPopulation(
                top, strategies, state,
                UpdateRule(rule, activation, temperature=0.5, mutation=0.05),
                noise=noise, turns=5, payoffs="matches", self_interaction=True, seed=4,
            )  # fmt: skip

        pop = make()
        assert pop.settings["payoffs"] == "matches"
        assert pop._sources.cached.any() == (noise == 0.0)  # deterministic pairs are cached
        assert_twin_run(make, neighbours, 3, automata)


def _lattice_or_graph():
    lattice = st.tuples(
        st.integers(3, 6), st.integers(3, 6), st.sampled_from(["moore", "von-neumann"]),
        st.booleans(),
    )  # fmt: skip
    graph = st.builds(connected_graph, st.integers(6, 14), st.integers(0, 100))
    return st.one_of(lattice, graph)


@settings(max_examples=SOME)
@given(
    case=_lattice_or_graph(),
    rule=st.sampled_from(RULES),
    activation=st.sampled_from(ACTIVATIONS),
    n=st.integers(2, 4),
    kind=st.sampled_from(["uniform", "integer", "nowak-may"]),
    mutation=st.sampled_from([0.0, 0.02, 0.3]),
    self_interaction=st.booleans(),
    aggregate=st.sampled_from(["accumulated", "averaged"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_random_settings_match_twin(
    case, rule, activation, n, kind, mutation, self_interaction, aggregate, seed
):
    rng = np.random.default_rng(seed)
    top, neighbours = topology_case(case)
    matrix = random_matrix(rng, n, kind)
    state = rng.integers(0, n, top.size)
    update = UpdateRule(
        rule, activation, temperature=float(rng.uniform(0.05, 2.0)),
        exponent=float(rng.uniform(0.5, 3.0)), intensity=float(rng.uniform(0.1, 1.0)),
        fitness=str(rng.choice(["linear", "exponential"])), mutation=mutation,
    )  # fmt: skip

    def make():
        return SpatialPopulation(
            top, PopulationGame(matrix), state, update, aggregate=aggregate,
            self_interaction=self_interaction, seed=seed,
        )  # fmt: skip

    assert_twin_run(make, neighbours, 3)


# ---------------------------------------------------------------------------- clusters
SPARSE_GRAPHS = st.builds(  # isolated nodes and several components
    nx.gnp_random_graph, st.integers(3, 15), st.floats(0.0, 0.4), seed=st.integers(0, 100)
)


@settings(max_examples=SOME)
@given(
    case=st.one_of(_lattice_or_graph(), SPARSE_GRAPHS),
    n=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
)
def test_cluster_counts_match_networkx(case, n, seed):
    top, neighbours = topology_case(case)
    rng = np.random.default_rng(seed)
    state = rng.integers(0, n, top.size) if n > 1 else np.zeros(top.size, int)
    pop = SpatialPopulation(top, PopulationGame(np.eye(max(n, 2))), state, UpdateRule())
    expected = ref.spatial_clusters(state.tolist(), neighbours, pop.n)
    assert pop.clusters().tolist() == expected
    counts = np.bincount(state, minlength=pop.n)
    np.testing.assert_allclose(
        pop.mean_cluster_sizes(),
        [c / k if k else 0.0 for c, k in zip(counts, expected, strict=True)],
    )


def test_checkerboard_clusters():
    board = (np.add.outer(np.arange(6), np.arange(4)) % 2).reshape(-1)
    game = PopulationGame(np.eye(2))
    von = SpatialPopulation(lattice_topology(6, 4, "vn", True), game, board, UpdateRule())
    assert von.clusters().tolist() == [12, 12]  # no orthogonal neighbour shares a colour
    moore = SpatialPopulation(lattice_topology(6, 4, "moore", True), game, board, UpdateRule())
    assert moore.clusters().tolist() == [1, 1]  # diagonals connect each colour
    stripes = np.repeat([0, 1, 0, 1, 1, 0], 4)  # rows x = 0..5 of one colour each
    fixed = SpatialPopulation(lattice_topology(6, 4, "vn", False), game, stripes, UpdateRule())
    assert fixed.clusters().tolist() == [3, 2]
    wrapped = SpatialPopulation(lattice_topology(6, 4, "vn", True), game, stripes, UpdateRule())
    assert wrapped.clusters().tolist() == [2, 2]  # rows 5 and 0 touch across the edge


# ---------------------------------------------------------------------------- properties
needs_two_threads = pytest.mark.skipif(
    numba.config.NUMBA_NUM_THREADS < 2, reason="needs 2 numba threads"
)


@needs_two_threads
@settings(max_examples=FEW)
@given(
    rule=st.sampled_from(RULES),
    activation=st.sampled_from(ACTIVATIONS),
    played=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_thread_count_does_not_change_a_run(rule, activation, played, seed):
    top = lattice_topology(70, 65, "moore", True)  # more sites than a block: 2 blocks
    assert top.size > BLOCK
    state = np.random.default_rng(seed).integers(0, 3, top.size)
    if played:
        strategies, kw = ["tit_for_tat", "random", "average_copier"], {"payoffs": "matches"}
    else:
        strategies, kw = PopulationGame(np.random.default_rng(seed).random((3, 3))), {}

    def run(threads):
        pop = SpatialPopulation(
            top, strategies, state, UpdateRule(rule, activation, mutation=0.01), noise=0.05,
            turns=4, seed=seed, threads=threads, **kw,
        )  # fmt: skip
        out = []
        for _ in range(2):
            out.append((pop.payoffs.copy(), pop.state.copy()))
            pop.step()
        return out

    one, two = run(1), run(2)
    for (pay_1, state_1), (pay_2, state_2) in zip(one, two, strict=True):
        np.testing.assert_array_equal(pay_1, pay_2)
        np.testing.assert_array_equal(state_1, state_2)
    if not played:
        return
    assert one[0][0].std() > 0  # the played pay-offs are really random


@settings(max_examples=FEW)
@given(
    rule=st.sampled_from(RULES),
    activation=st.sampled_from(ACTIVATIONS),
    seed=st.integers(0, 2**63),
)
def test_same_seed_same_run(rule, activation, seed):
    top = lattice_topology(9, 8, "von-neumann", False)
    state = np.random.default_rng(seed % 1000).integers(0, 3, top.size)

    def run(s):
        pop = SpatialPopulation(
            top, ["tit_for_tat", "random", "defector"], state,
            UpdateRule(rule, activation, temperature=1.0, mutation=0.1), noise=0.05, turns=4,
            payoffs="matches", seed=s,
        )  # fmt: skip
        out = []
        for _ in range(3):
            pop.step()
            out.append(pop.state.copy())
        return np.array(out), pop.payoffs.copy()

    a, b = run(seed), run(seed)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    c = run(seed + 1)
    assert not np.array_equal(a[0], c[0])  # 3 x 72 sites mutate at 10%: never all alike


MARGIN = 1e-6


@settings(max_examples=SOME)
@given(
    width=st.integers(3, 8),
    height=st.integers(3, 8),
    neighbourhood=st.sampled_from(["moore", "von-neumann"]),
    torus=st.booleans(),
    self_interaction=st.booleans(),
    b1=st.floats(1.8 + MARGIN, 2.0 - MARGIN),
    b2=st.floats(1.8 + MARGIN, 2.0 - MARGIN),
    seed=st.integers(0, 2**32 - 1),
    density=st.floats(0.05, 0.95),
)
def test_nowak_may_any_b_between_9_5_and_2_gives_one_trajectory(
    width, height, neighbourhood, torus, self_interaction, b1, b2, seed, density
):
    """Imitate-best, C and D, accumulated pay-offs: a defector with m C neighbours gets m b,
    a co-operator k; no k / m with k <= 9, m <= 8 lies in (9/5, 2), so no comparison changes
    (Nowak & May 1992)."""
    top = lattice_topology(width, height, neighbourhood, torus)
    state = (np.random.default_rng(seed).random(top.size) < density).astype(np.int8)

    def run(b):
        pop = SpatialPopulation(
            top, ["cooperator", "defector"], state, UpdateRule(), game=(1, 0, b, 0),
            self_interaction=self_interaction, seed=1,
        )  # fmt: skip
        out = []
        for _ in range(8):
            pop.step()
            out.append(pop.state.copy())
        return np.array(out)

    np.testing.assert_array_equal(run(b1), run(b2))


TRANSFORMS = {
    "rot90": lambda a: np.rot90(a, 1),
    "rot180": lambda a: np.rot90(a, 2),
    "rot270": lambda a: np.rot90(a, 3),
    "transpose": np.transpose,
    "flip x": np.flipud,
    "flip y": np.fliplr,
    "shift": lambda a: np.roll(a, (1, 2), axis=(0, 1)),
}


@settings(max_examples=SOME)
@given(
    size=st.integers(3, 8),
    neighbourhood=st.sampled_from(["moore", "von-neumann"]),
    self_interaction=st.booleans(),
    aggregate=st.sampled_from(["accumulated", "averaged"]),
    n=st.sampled_from([2, 3]),
    b=st.floats(1.01, 2.5),
    transform=st.sampled_from(sorted(TRANSFORMS)),
    seed=st.integers(0, 2**32 - 1),
)
def test_imitate_best_commutes_with_lattice_symmetries(
    size, neighbourhood, self_interaction, aggregate, n, b, transform, seed
):
    """On a square torus the deterministic rule commutes with rotations, reflections and
    shifts -- when no two different strategies tie (ties go by scan order)."""
    rng = np.random.default_rng(seed)
    if n == 2:  # Nowak-May: C gets k, D gets m b; no m b equals a k
        assume(min(abs(m * b - k) for m in range(1, 10) for k in range(10)) > 1e-9)
        matrix = np.array([[1.0, 0.0], [b, 0.0]])
    else:  # generic pay-offs: ties have probability 0
        matrix = rng.uniform(0.0, 1.0, (3, 3))
    top = lattice_topology(size, size, neighbourhood, True)
    f = TRANSFORMS[transform]
    start = rng.integers(0, n, (size, size))

    def run(lattice):
        pop = SpatialPopulation(
            top, PopulationGame(matrix), lattice.reshape(-1), UpdateRule(),
            aggregate=aggregate, self_interaction=self_interaction,
        )  # fmt: skip
        out = []
        for _ in range(6):
            pop.step()
            out.append(pop.state.reshape(size, size).copy())
        return out

    for base, moved in zip(run(start), run(f(start)), strict=True):
        np.testing.assert_array_equal(f(base), moved)


@settings(max_examples=SOME)
@given(
    case=_lattice_or_graph(),
    rule=st.sampled_from(RULES),
    activation=st.sampled_from(ACTIVATIONS),
    which=st.integers(0, 2),
    seed=st.integers(0, 2**32 - 1),
)
def test_monomorphic_stays_monomorphic_without_mutation(case, rule, activation, which, seed):
    top, _ = topology_case(case)
    pop = SpatialPopulation(
        top, PopulationGame(np.random.default_rng(seed).uniform(0, 2, (3, 3))),
        np.full(top.size, which), UpdateRule(rule, activation, fitness="exponential"),
        seed=seed,
    )  # fmt: skip
    pop.step(5)
    assert pop.monomorphic() and (pop.state == which).all()
    assert pop.counts().tolist() == [top.size * (s == which) for s in range(3)]


@settings(max_examples=SOME)
@given(
    case=_lattice_or_graph(),
    aggregate=st.sampled_from(["accumulated", "averaged"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_cold_fermi_is_deterministic_better_imitation(case, aggregate, seed):
    """K -> 0: copy the drawn neighbour exactly when it earns more.  Holds bit for bit once
    every pay-off difference across strategies exceeds 1000 K (then 1 / (1 + e^(dP / K)) is
    exactly 0 or 1 in floating point)."""
    rng = np.random.default_rng(seed)
    top, neighbours = topology_case(case)
    state = rng.integers(0, 3, top.size)
    pop = SpatialPopulation(
        top, PopulationGame(rng.uniform(0, 1, (3, 3))), state,
        UpdateRule("fermi", temperature=1e-9), aggregate=aggregate, seed=seed,
    )  # fmt: skip
    pay = pop.payoffs.copy()
    gaps = [
        abs(pay[x] - pay[y]) for x in range(top.size) for y in neighbours[x] if state[x] != state[y]
    ]  # fmt: skip
    assume(min(gaps, default=1.0) > 1e3 * 1e-9)
    expected = state.copy()
    for x in range(top.size):
        draw = ref.Stream(ref.stream_key(int(pop._key), 0, x, ref.SPATIAL_TAG_SYNC)).uniform()
        y = neighbours[x][min(int(draw * len(neighbours[x])), len(neighbours[x]) - 1)]
        if pay[y] > pay[x]:
            expected[x] = state[y]
    pop.step()
    np.testing.assert_array_equal(pop.state, expected)


@settings(max_examples=SOME)
@given(case=_lattice_or_graph(), seed=st.integers(0, 2**32 - 1))
def test_proportional_with_huge_exponent_is_imitate_best(case, seed):
    """(P_j / P_max)^m underflows to 0 for every candidate below the best (by 0.1%) when
    m = 1e6, so the draw always lands on the best: imitate-best."""
    rng = np.random.default_rng(seed)
    top, neighbours = topology_case(case)
    matrix, state = rng.uniform(0.1, 1, (3, 3)), rng.integers(0, 3, top.size)
    pops = [
        SpatialPopulation(top, PopulationGame(matrix), state, rule, seed=seed)
        for rule in (UpdateRule("proportional", exponent=1e6), UpdateRule())
    ]
    pay = pops[0].payoffs
    for x in range(top.size):  # candidates near the best must play the best's strategy
        candidates = [x, *neighbours[x]]
        best = max(pay[c] for c in candidates)
        choice = state[next(c for c in candidates if pay[c] == best)]
        assume(all(state[c] == choice for c in candidates if pay[c] >= best * (1 - 1e-3)))
    for pop in pops:
        pop.step()
    np.testing.assert_array_equal(pops[0].state, pops[1].state)


def test_nowak_may_single_defector_grows_as_a_square():
    """b = 1.9 (in (9/5, 2)): a single defector in a co-operator torus turns its 3 x 3
    block into defectors, then 5 x 5 (Nowak & May 1992's first generations)."""
    top = lattice_topology(11, 11, "moore", True)
    state = np.zeros(121, int)
    state[5 * 11 + 5] = 1
    pop = SpatialPopulation(
        top, ["cooperator", "defector"], state, UpdateRule(), game=(1, 0, 1.9, 0),
        self_interaction=True,
    )  # fmt: skip
    assert pop.payoffs[5 * 11 + 5] == pytest.approx(8 * 1.9)
    pop.step()
    grid = pop.state.reshape(11, 11)
    assert grid[4:7, 4:7].all() and grid.sum() == 9
    pop.step()
    assert pop.counts()[1] == 25 and pop.state.reshape(11, 11)[3:8, 3:8].all()
    assert math.isclose(pop.shares()[1], 25 / 121)


@settings(max_examples=SOME)
@given(
    width=st.integers(3, 9),
    height=st.integers(3, 9),
    neighbourhood=st.sampled_from(["moore", "von-neumann"]),
    torus=st.booleans(),
    self_interaction=st.booleans(),
    aggregate=st.sampled_from(["accumulated", "averaged"]),
    matrix=st.lists(st.integers(-3, 3), min_size=4, max_size=4),
    density=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_two_strategy_imitate_best_matches_twin_with_ties(
    width, height, neighbourhood, torus, self_interaction, aggregate, matrix, density, seed
):
    """Nowak-May's setting (two strategies, synchronous imitate-best; a lattice fast path
    may take it) with small integer pay-offs: ties everywhere, resolved as the twin does."""
    top = lattice_topology(width, height, neighbourhood, torus)
    state = (np.random.default_rng(seed).random(top.size) < density).astype(int)

    def make():
        return SpatialPopulation(
            top, PopulationGame(np.reshape(matrix, (2, 2)).astype(float)), state, UpdateRule(),
            aggregate=aggregate, self_interaction=self_interaction,
        )  # fmt: skip

    assert_twin_run(make, ref.lattice_neighbours(width, height, neighbourhood, torus), 5)


def test_lattice_as_a_graph_has_the_same_payoffs_and_clusters():
    """The same sites and neighbour sets given as a network (neighbour order differs, so
    only order-free results are compared)."""
    rng = np.random.default_rng(5)
    for case in LATTICES:
        lattice = lattice_topology(*case)
        graph = nx.Graph()
        graph.add_nodes_from(range(lattice.size))
        graph.add_edges_from(
            (x, y) for x, nb in enumerate(ref.lattice_neighbours(*case)) for y in nb
        )
        state = rng.integers(0, 3, lattice.size)
        matrix = rng.uniform(0, 1, (3, 3))
        a, b = (
            SpatialPopulation(
                top, PopulationGame(matrix), state, UpdateRule(), self_interaction=True,
                aggregate="averaged",
            )
            for top in (lattice, graph_topology(graph))
        )  # fmt: skip
        np.testing.assert_array_equal(a.payoffs, b.payoffs)
        np.testing.assert_array_equal(a.clusters(), b.clusters())


@needs_two_threads
def test_thread_count_does_not_change_a_large_nowak_may_lattice():
    """Two strategies, synchronous imitate-best on a lattice large enough for any parallel
    split (a fast path may run it in row blocks)."""
    top = lattice_topology(300, 240, "moore", True)
    state = (np.random.default_rng(1).random(top.size) < 0.1).astype(np.int8)
    runs = []
    for threads in (1, 2):
        pop = SpatialPopulation(
            top, ["cooperator", "defector"], state, UpdateRule(), game=(1, 0, 1.85, 0),
            self_interaction=True, threads=threads,
        )  # fmt: skip
        pop.step(3)
        runs.append(pop.state.copy())
    np.testing.assert_array_equal(runs[0], runs[1])
    assert 0 < runs[0].mean() < 1
