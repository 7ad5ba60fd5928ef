"""coop_sim.spatial.graphs: validated networkx helpers, and the lattice as a graph."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop_sim.spatial.graphs import barabasi_albert, lattice_graph, random_regular, watts_strogatz
from coop_sim.spatial.models import LatticeModel, NetworkModel
from coop_sim.spatial.topology import graph_topology, lattice_topology

RANDOM = [
    ("barabasi_albert", lambda seed: barabasi_albert(60, 2, seed=seed)),
    ("random_regular", lambda seed: random_regular(4, 60, seed=seed)),
    ("watts_strogatz", lambda seed: watts_strogatz(60, 4, 0.2, seed=seed)),
]


def edges(graph):
    return sorted(tuple(sorted(e)) for e in graph.edges())


# ------------------------------------------------------------------ shapes and seeds


def test_barabasi_albert_shape():
    g = barabasi_albert(500, 2, seed=4)
    degrees = np.array([d for _, d in g.degree()])
    assert list(g.nodes) == list(range(500))
    assert g.number_of_edges() == 2 * (500 - 2)
    assert degrees.min() == 2 and degrees.max() > 20  # hubs
    assert nx.is_connected(g)
    assert g.graph == {"generator": "barabasi_albert", "nodes": 500, "m": 2, "seed": 4}


def test_random_regular_shape():
    g = random_regular(4, 200, seed=1)
    assert list(g.nodes) == list(range(200))
    assert {d for _, d in g.degree()} == {4}
    assert g.number_of_edges() == 400
    assert nx.number_of_selfloops(g) == 0


def test_watts_strogatz_ring_and_rewiring():
    ring = watts_strogatz(12, 4, 0.0, seed=0)
    for u in range(12):
        assert sorted(ring.adj[u]) == sorted({(u + d) % 12 for d in (-2, -1, 1, 2)})
    rewired = watts_strogatz(200, 6, 0.3, seed=2)
    assert rewired.number_of_edges() == 600
    assert edges(rewired) != edges(watts_strogatz(200, 6, 0.0, seed=2))
    assert min(d for _, d in rewired.degree()) >= 3


@pytest.mark.parametrize(("name", "make"), RANDOM)
def test_nodes_in_order_and_neighbours_sorted(name, make):
    g = make(5)
    assert list(g.nodes) == list(range(60))
    for u in g.nodes:
        assert list(g.adj[u]) == sorted(g.adj[u])
    assert g.graph["generator"] == name


@pytest.mark.parametrize(("name", "make"), RANDOM)
def test_seeds_reproduce_graphs(name, make):
    assert edges(make(7)) == edges(make(7))
    assert edges(make(7)) != edges(make(8))
    seq = np.random.SeedSequence(11)
    assert edges(make(np.random.SeedSequence(11))) == edges(make(seq))
    assert edges(make(np.random.default_rng(3))) == edges(make(np.random.default_rng(3)))
    rng = np.random.default_rng(3)
    assert edges(make(rng)) != edges(make(rng))  # a Generator advances
    fresh = make(None)
    assert isinstance(fresh.graph["seed"], int)  # the drawn entropy reproduces the graph
    assert edges(make(fresh.graph["seed"])) == edges(fresh)


def test_generators_use_separate_streams_of_one_seed():
    # the same seed must not make the generators share their random numbers' source
    a = watts_strogatz(60, 4, 1.0, seed=3)
    b = barabasi_albert(60, 2, seed=3)
    assert edges(a) != edges(b)


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: barabasi_albert(2, 1), ValueError, "nodes must be an int >= 3, got 2"),
        (lambda: barabasi_albert(10.0, 2), TypeError, "nodes must be an int >= 3, got 10.0"),
        (lambda: barabasi_albert(True, 2), TypeError, "nodes must be an int >= 3, got True"),
        (lambda: barabasi_albert(10, 0), ValueError, r"m must be an int in \[1, 9\]"),
        (lambda: barabasi_albert(10, 10), ValueError, r"m must be an int in \[1, 9\].*got 10"),
        (lambda: barabasi_albert(10, 2, seed=-1), ValueError, "seed must be >= 0"),
        (lambda: barabasi_albert(10, 2, seed="a"), TypeError, "seed must be an int"),
        (lambda: random_regular(3, 7), ValueError, "degree=3, nodes=7"),
        (lambda: random_regular(0, 7), ValueError, r"degree must be an int in \[1, 6\]"),
        (lambda: random_regular(7, 7), ValueError, r"degree must be an int in \[1, 6\].*got 7"),
        (lambda: random_regular(2.5, 8), TypeError, "degree must be an int"),
        (lambda: watts_strogatz(10, 3, 0.1), ValueError, r"k must be an even int in \[2, 9\]"),
        (lambda: watts_strogatz(10, 10, 0.1), ValueError, r"even int in \[2, 9\].*got 10"),
        (lambda: watts_strogatz(10, 0, 0.1), ValueError, "got 0"),
        (lambda: watts_strogatz(10, 4.0, 0.1), TypeError, r"k must be an even int in \[2, 9\]"),
        (lambda: watts_strogatz(10, 4, 1.5), ValueError, r"p must be a probability in \[0, 1\]"),
        (lambda: watts_strogatz(10, 4, float("nan")), ValueError, "p must be a probability"),
        (lambda: watts_strogatz(10, 4, "x"), TypeError, "p must be a probability"),
        (lambda: lattice_graph(2, 5), ValueError, "width must be an int >= 3, got 2"),
        (lambda: lattice_graph(5, 5, "hex"), ValueError, "neighbourhood must be one of"),
        (lambda: lattice_graph(5, 5, torus=1), TypeError, "torus must be True or False"),
    ],
)
def test_errors_name_parameter_value_and_range(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ------------------------------------------------------------------ the lattice as a graph


@given(
    width=st.integers(3, 7),
    height=st.integers(3, 7),
    neighbourhood=st.sampled_from(["moore", "von-neumann"]),
    torus=st.booleans(),
)
def test_lattice_graph_has_the_lattice_neighbours(width, height, neighbourhood, torus):
    g = lattice_graph(width, height, neighbourhood, torus)
    top = lattice_topology(width, height, neighbourhood, torus)
    assert list(g.nodes) == list(range(width * height))
    for site in range(width * height):
        assert sorted(g.adj[site]) == sorted(top.neighbours(site).tolist())
    if not torus:  # increasing node order is then the kernels' scan order
        net = graph_topology(g)
        for site in range(width * height):
            assert net.neighbours(site).tolist() == top.neighbours(site).tolist()


def test_lattice_graph_cell_numbering_and_metadata():
    g = lattice_graph(6, 4, torus=False)
    x, y = 2, 3  # node x * height + y
    node = x * 4 + y
    expected = {
        (x + dx) * 4 + (y + dy) for dx in (-1, 0, 1) for dy in (-1, 0) if (dx, dy) != (0, 0)
    }
    assert set(g.adj[node]) == expected  # y = 3 is the top row: no y + 1
    assert g.graph == {"generator": "lattice", "shape": (6, 4), "neighbourhood": "moore",
                       "torus": False}  # fmt: skip
    assert lattice_graph(5, 5).number_of_edges() == 100
    assert lattice_graph(5, 5, "von-neumann").number_of_edges() == 50
    assert lattice_graph(5, 5, "moore", torus=False).number_of_edges() == 72


def test_topology_to_networkx_keeps_labels_order_and_links():
    grid = nx.grid_2d_graph(3, 4)  # tuple labels
    top = graph_topology(grid)
    g = top.to_networkx()
    assert list(g.nodes) == list(grid.nodes)
    assert {frozenset(e) for e in g.edges} == {frozenset(e) for e in grid.edges}
    order = {label: k for k, label in enumerate(grid.nodes)}
    for u in g.nodes:  # neighbours in increasing site order, as the topology lists them
        assert [order[v] for v in g.adj[u]] == top.neighbours(order[u]).tolist()
    # arrays and neighbour lists have labels 0..N-1
    lists = graph_topology([[1, 2], [0], [0]]).to_networkx()
    assert list(lists.nodes) == [0, 1, 2] and sorted(lists.edges) == [(0, 1), (0, 2)]
    lattice = lattice_topology(5, 3, "moore", torus=True).to_networkx()
    assert list(lattice.nodes) == list(range(15))
    assert edges(lattice) == edges(lattice_graph(5, 3))


def _same_trajectory(torus, b, rule, generations=40, **kw):
    width, height = 20, 17
    lat = LatticeModel(
        width, height, b=b, torus=torus, rule=rule, shares=(0.9, 0.1), seed=5, agents=False, **kw
    )
    net = NetworkModel(lattice_graph(width, height, torus=torus), b=b, rule=rule,
                       shares=(0.9, 0.1), self_interaction=True, seed=5, agents=False,
                       **kw)  # fmt: skip
    same = np.array_equal(lat.population.state, net.population.state)
    for _ in range(generations):
        lat.step()
        net.step()
        same = same and np.array_equal(lat.population.state, net.population.state)
    return same, lat


@pytest.mark.parametrize("torus", [True, False])
@pytest.mark.parametrize("b", [1.65, 1.9])
def test_network_on_lattice_graph_runs_as_the_lattice_model(torus, b):
    same, lat = _same_trajectory(torus, b, "imitate-best")
    assert same
    assert 0.0 < lat.shares()[0] < 1.0  # both strategies still present: a real comparison


@pytest.mark.parametrize(("b", "rule"), [(2.0, "imitate-best"), (1.5, "imitate-best"),
                                         (1.3, "fermi")])  # fmt: skip
def test_fixed_edges_agree_even_where_neighbour_order_matters(b, rule):
    # b = 1.5 and 2 give ties between C and D pay-offs (3 = 1.5 * 2, 6 = 2 * 3); Fermi picks
    # "the k-th neighbour": without wrap-around both list neighbours in the same order
    same, _ = _same_trajectory(False, b, rule, temperature=0.5)
    assert same
