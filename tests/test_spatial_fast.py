"""Lattice fast path (coop_sim.engine.lattice_fast): bit-identical to the generic kernels."""

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop_sim.engine import lattice_fast
from coop_sim.engine.lattice_fast import (
    lattice_generation,
    lattice_payoffs,
    lattice_table,
    lattice_values,
)
from coop_sim.engine.spatial_kernel import MOORE, VON_NEUMANN
from coop_sim.evolution.population import PopulationGame
from coop_sim.spatial.models import LatticeModel
from coop_sim.spatial.population import SpatialPopulation
from coop_sim.spatial.rules import UpdateRule
from coop_sim.spatial.topology import graph_topology, lattice_topology

COMBOS = list(
    itertools.product(
        ("moore", "von-neumann"), (True, False), (True, False), ("accumulated", "averaged")
    )
)
SHAPES = ((3, 5), (7, 4), (64, 33))
# exact ties: b = 1.8 and 9/5 (the same float) give 5 * b == 9; b = 2 ties at every even
# number; 1.5 ties at multiples of 3; 1.6 is Mesa pd_grid's temptation
TEMPTATIONS = (1.8, 9 / 5, 2.0, 1.5, 1.6, 1.0, 1.9)


def nowak_may(b: float) -> np.ndarray:
    return np.array([[1.0, 0.0], [b, 0.0]])


def twins(matrix, shape, kind, torus, self_interaction, aggregate, state, threads=1):
    """Two identical populations; the second forced onto the generic kernels."""
    top = lattice_topology(*shape, kind, torus)
    game = PopulationGame(np.asarray(matrix, dtype=np.float64), ["a", "b"])

    def make():
        return SpatialPopulation(
            top, game, state, UpdateRule(), aggregate=aggregate,
            self_interaction=self_interaction, threads=threads,
        )  # fmt: skip

    fast, slow = make(), make()
    slow._fast_lattice = lambda: False
    return fast, slow


def fast_payoffs(pop, threads=None) -> np.ndarray:
    kind, rows, cols, torus = pop.topology.kernel_args()[:4]
    _, table, values = pop._lattice_fast
    pay = np.full(pop.topology.size, np.nan)
    lattice_payoffs(pop.state, pay, table, values, kind, rows, cols, torus,
                    pop.self_interaction, threads=threads)  # fmt: skip
    return pay


def assert_same_bits(a, b, what):
    np.testing.assert_array_equal(a.view(np.int64), b.view(np.int64), err_msg=what)


def assert_same_run(fast, slow, generations):
    assert fast._fast_lattice()
    for g in range(generations):
        assert_same_bits(fast_payoffs(fast), slow.payoffs, f"pay-offs of generation {g}")
        fast.step()
        slow.step()
        np.testing.assert_array_equal(fast.state, slow.state, err_msg=f"generation {g + 1}")


def starts(size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """A sparse and a dense random start and a single defector."""
    one = np.zeros(size, dtype=np.int8)
    one[size // 2] = 1
    return [(rng.random(size) < p).astype(np.int8) for p in (0.1, 0.5)] + [one]


@pytest.mark.parametrize(("kind", "torus", "self_interaction", "aggregate"), COMBOS)
def test_fast_path_matches_generic_kernels(kind, torus, self_interaction, aggregate):
    rng = np.random.default_rng(COMBOS.index((kind, torus, self_interaction, aggregate)))
    for shape, b in itertools.product(SHAPES, TEMPTATIONS):
        for state in starts(shape[0] * shape[1], rng):
            fast, slow = twins(nowak_may(b), shape, kind, torus, self_interaction, aggregate,
                               state)  # fmt: skip
            assert_same_run(fast, slow, 20 if shape[0] > 8 else 8)


def neighbour_table(top) -> np.ndarray:
    """``int64[N, max_degree]`` neighbours of every site, -1 where a fixed edge has none."""
    out = np.full((top.size, top.max_degree), -1, dtype=np.int64)
    for x in range(top.size):
        nbr = top.neighbours(x)
        out[x, : len(nbr)] = nbr
    return out


def top_ties(pop, nbr) -> int:
    """Sites whose strictly better best neighbours hold both strategies (so the neighbour
    order decides)."""
    pay = np.where(nbr >= 0, pop.payoffs[nbr], -np.inf)
    best = pay.max(axis=1)
    at_best = (pay == best[:, None]) & (nbr >= 0)
    strategy = pop.state[nbr]
    both = (at_best & (strategy == 0)).any(axis=1) & (at_best & (strategy == 1)).any(axis=1)
    return int((both & (best > pop.payoffs)).sum())


@pytest.mark.parametrize("kind", ["moore", "von-neumann"])
def test_ties_between_strategies_follow_the_scan_order(kind):
    """Runs with many exact cross-strategy ties at the top, where only the generic rule's
    neighbour order decides."""
    rng = np.random.default_rng(7)
    matrix = nowak_may(1.5)  # D among 2j C earns 3j, as C among 3j C: many equal pay-offs
    seen = 0
    for torus, aggregate in itertools.product((True, False), ("accumulated", "averaged")):
        state = (rng.random(64 * 33) < 0.5).astype(np.int8)
        fast, slow = twins(matrix, (64, 33), kind, torus, True, aggregate, state)
        nbr = neighbour_table(slow.topology)
        for g in range(20):
            seen += top_ties(slow, nbr)
            fast.step()
            slow.step()
            np.testing.assert_array_equal(fast.state, slow.state, err_msg=f"generation {g + 1}")
    assert seen > 2000  # the neighbour order really decided sites


@given(
    entries=st.lists(
        st.one_of(st.integers(-3, 3).map(float), st.floats(-10, 10, allow_nan=False),
                  st.integers(-9, 9).map(lambda k: k / 3)),
        min_size=4, max_size=4,
    ),
    width=st.integers(3, 12),
    height=st.integers(3, 12),
    combo=st.sampled_from(COMBOS),
    density=st.floats(0.05, 0.95),
    seed=st.integers(0, 2**32 - 1),
)  # fmt: skip
def test_random_games_match_generic_kernels(entries, width, height, combo, density, seed):
    kind, torus, self_interaction, aggregate = combo
    rng = np.random.default_rng(seed)
    state = (rng.random(width * height) < density).astype(np.int8)
    matrix = np.array(entries).reshape(2, 2)
    fast, slow = twins(matrix, (width, height), kind, torus, self_interaction, aggregate, state)
    assert_same_run(fast, slow, 8)
    np.testing.assert_array_equal(fast.payoffs, slow.payoffs)  # computed lazily, the same


@pytest.mark.parametrize("kind", [MOORE, VON_NEUMANN])
def test_any_thread_count_and_block_split_gives_the_same_lattice(kind, monkeypatch):
    monkeypatch.setattr(lattice_fast, "SERIAL_SITES", 0)  # parallel even for small lattices
    rng = np.random.default_rng(3)
    for (rows, cols), torus in itertools.product(((64, 33), (101, 37), (9, 200)), (True, False)):
        table = lattice_table(nowak_may(1.8), kind, torus, True, False)
        state = (rng.random(rows * cols) < 0.2).astype(np.int8)
        out = {}
        for threads in (1, 2, 3, 7):
            new = np.full_like(state, -1)
            lattice_generation(state, new, table, kind, rows, cols, torus, True, threads=threads)
            out[threads] = new
        for threads in (2, 3, 7):
            np.testing.assert_array_equal(out[threads], out[1])
        values = lattice_values(nowak_may(1.8), kind, torus, True, False)
        pays = []
        for threads in (1, 2, 3):
            pay = np.full(rows * cols, np.nan)
            lattice_payoffs(state, pay, table, values, kind, rows, cols, torus, True, threads)
            pays.append(pay)
        assert_same_bits(pays[1], pays[0], "2 threads")
        assert_same_bits(pays[2], pays[0], "3 threads")


def test_population_runs_are_identical_on_one_and_two_threads(monkeypatch):
    monkeypatch.setattr(lattice_fast, "SERIAL_SITES", 0)
    state = (np.random.default_rng(4).random(97 * 61) < 0.1).astype(np.int8)
    runs = []
    for threads in (1, 2):
        fast, slow = twins(nowak_may(1.85), (97, 61), "moore", True, True, "accumulated", state,
                           threads=threads)  # fmt: skip
        assert_same_run(fast, slow, 15)
        runs.append(fast.state.copy())
    np.testing.assert_array_equal(runs[0], runs[1])


def _counting(monkeypatch) -> list:
    calls = []
    original = lattice_fast.lattice_generation

    def spy(*args, **kwargs):
        calls.append(args[3:8])  # kind, rows, cols, torus, self_interaction
        return original(*args, **kwargs)

    monkeypatch.setattr(lattice_fast, "lattice_generation", spy)
    return calls


def test_the_fast_path_is_taken_in_nowak_mays_setting(monkeypatch):
    calls = _counting(monkeypatch)
    model = LatticeModel(20, 10, b=1.9, torus=False, neighbourhood="vn", seed=1)
    model.step()
    model.step()
    assert calls == [(VON_NEUMANN, 20, 10, False, True)] * 2


@pytest.mark.parametrize(
    "settings",
    [
        {"rule": "fermi"},
        {"mutation": 0.01},
        {"activation": "asynchronous"},
        {"strategies": ["cooperator", "defector", "tit_for_tat"], "b": None, "turns": 5},
        {"strategies": ["tit_for_tat", "random"], "b": None, "payoffs": "matches", "turns": 5},
    ],
)
def test_the_generic_path_is_kept_outside_that_setting(monkeypatch, settings):
    calls = _counting(monkeypatch)
    kwargs = {"b": 1.9, "seed": 2, "agents": False, **settings}
    LatticeModel(8, **kwargs).step()
    assert calls == []


def test_networks_keep_the_generic_path(monkeypatch):
    calls = _counting(monkeypatch)
    top = graph_topology(nx.cycle_graph(12))
    pop = SpatialPopulation(top, ["cooperator", "defector"], [0] * 11 + [1], UpdateRule(),
                            game=(1, 0, 1.9, 0))  # fmt: skip
    assert not pop._fast_lattice()
    pop.step()
    assert calls == []


def test_model_data_are_the_same_on_either_path(monkeypatch):
    def run():
        model = LatticeModel(30, 17, b=1.81, initial="random", shares=[0.9, 0.1], seed=5)
        for _ in range(10):
            model.step()
        return model.datacollector.get_model_vars_dataframe()

    fast = run()
    monkeypatch.setattr(SpatialPopulation, "_fast_lattice", lambda self: False)
    slow = run()
    assert fast.equals(slow)


def test_table_keys_order_the_payoffs():
    matrix = np.array([[3.0, 0.0], [5.0, 1.0]])  # integers: sums and ratios compare exactly
    for kind, torus, self_interaction, average in itertools.product(
        (MOORE, VON_NEUMANN), (True, False), (True, False), (True, False)
    ):
        table = lattice_table(matrix, kind, torus, self_interaction, average)
        keys, values, strategies = [], [], []
        for g in lattice_fast._games(kind, torus, self_interaction):
            for s, c1 in itertools.product(range(2), range(g + 1)):
                keys.append(int(table[g * 32 + s * 16 + c1]))
                pay = matrix[s, 0] * (g - c1) + matrix[s, 1] * c1
                values.append(pay / g if average else pay)
                strategies.append(s)
        keys, values, strategies = np.array(keys), np.array(values), np.array(strategies)
        np.testing.assert_array_equal(keys & 1, strategies)
        ranks = keys >> 4
        np.testing.assert_array_equal(ranks[:, None] < ranks[None, :],
                                      values[:, None] < values[None, :])  # fmt: skip
        np.testing.assert_array_equal(ranks[:, None] == ranks[None, :],
                                      values[:, None] == values[None, :])  # fmt: skip


def test_table_refuses_what_it_cannot_reproduce():
    with pytest.raises(ValueError, match="2 x 2"):
        lattice_table(np.zeros((3, 3)), MOORE, True, True, False)
    # 1e308 * 2 overflows to inf and inf - inf is NaN: only the generic kernel can say what
    # it does with that
    assert lattice_table(np.array([[1e308, -1e308], [0.0, 1.0]]), MOORE, True, True, False) is None
    huge = PopulationGame(np.array([[1e308, -1e308], [0.0, 1.0]]), ["a", "b"])
    pop = SpatialPopulation(lattice_topology(4, 4), huge, [0, 1] * 8, UpdateRule())
    assert not pop._fast_lattice()


def test_generation_checks_its_arrays():
    table = lattice_table(nowak_may(1.9), MOORE, True, True, False)
    state = np.zeros(12, dtype=np.int8)
    with pytest.raises(ValueError, match="kind"):
        lattice_generation(state, state.copy(), table, 2, 3, 4, True, True)
    with pytest.raises(ValueError, match="shape"):
        lattice_generation(state, np.zeros(11, np.int8), table, MOORE, 3, 4, True, True)
    with pytest.raises(TypeError, match="int8"):
        lattice_generation(state, np.zeros(12), table, MOORE, 3, 4, True, True)
    with pytest.raises(ValueError, match="overlap"):
        lattice_generation(state, state, table, MOORE, 3, 4, True, True)
    values = lattice_values(nowak_may(1.9), MOORE, True, True, False)
    with pytest.raises(TypeError, match="float64"):
        lattice_payoffs(state, np.zeros(12, np.float32), table, values, MOORE, 3, 4, True, True)
    assert lattice_values(np.array([[1e308, -1e308], [0.0, 1.0]]), MOORE, True, True, False) is None
