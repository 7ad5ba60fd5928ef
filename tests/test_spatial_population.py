"""The spatial API: SpatialPopulation, initial conditions, validation, and the Mesa models."""

import random

import networkx as nx
import numpy as np
import pytest

from coop_sim.evolution.population import PopulationGame
from coop_sim.spatial import (
    LatticeModel,
    NetworkModel,
    SpatialPopulation,
    UpdateRule,
    graph_topology,
    initial_state,
    lattice_topology,
)
from coop_sim.spatial import models as spatial_models

CD = ["cooperator", "defector"]


def lonely_graph() -> nx.Graph:
    graph = nx.path_graph(5)
    graph.add_node("loner")
    return graph


def population(**kw):
    args = {
        "topology": lattice_topology(3, 3), "strategies": CD, "state": [0] * 9,
        "rule": UpdateRule(),
    }  # fmt: skip
    args.update(kw)
    return SpatialPopulation(
        args.pop("topology"), args.pop("strategies"), args.pop("state"), args.pop("rule"), **args
    )


# ---------------------------------------------------------------------------- validation
BAD = [  # (call, error, fragments the message must hold: the parameter and the value)
    (lambda: LatticeModel(2), ValueError, ["width", "2", ">= 3"]),
    (lambda: LatticeModel(5, 2), ValueError, ["height", "2", ">= 3"]),
    (lambda: LatticeModel(3.5), TypeError, ["width", "3.5"]),
    (lambda: LatticeModel(True), TypeError, ["width", "True"]),
    (lambda: lattice_topology(7, -1), ValueError, ["height", "-1"]),
    (lambda: NetworkModel(nx.path_graph(2)), ValueError, ["graph", "2"]),
    (lambda: LatticeModel(5, rule="best"), ValueError, ["rule", "'best'", "fermi"]),
    (lambda: UpdateRule("moran"), ValueError, ["rule", "'moran'"]),
    (lambda: LatticeModel(5, neighbourhood="hex"), ValueError, ["neighbourhood", "'hex'"]),
    (lambda: lattice_topology(5, 5, None), ValueError, ["neighbourhood", "None"]),
    (lambda: LatticeModel(5, activation="now"), ValueError, ["activation", "'now'"]),
    (lambda: LatticeModel(5, aggregate="sum"), ValueError, ["aggregate", "'sum'"]),
    (lambda: NetworkModel(nx.cycle_graph(5), aggregate="max"), ValueError, ["aggregate", "max"]),
    (lambda: population(aggregate="mean"), ValueError, ["aggregate", "'mean'"]),
    (lambda: LatticeModel(5, initial="checker"), ValueError, ["initial", "'checker'"]),
    (lambda: LatticeModel(5, initial=3), TypeError, ["initial", "3"]),
    (lambda: LatticeModel(5, fitness="square"), ValueError, ["fitness", "'square'"]),
    (lambda: LatticeModel(5, payoffs="exact"), ValueError, ["payoffs", "'exact'"]),
    (lambda: LatticeModel(5, rule="fermi", temperature=0), ValueError, ["temperature", "0"]),
    (lambda: LatticeModel(5, temperature=-0.5), ValueError, ["temperature", "-0.5"]),
    (lambda: UpdateRule(temperature=float("nan")), ValueError, ["temperature", "nan"]),
    (lambda: UpdateRule(temperature="hot"), TypeError, ["temperature", "'hot'"]),
    (lambda: LatticeModel(5, exponent=0), ValueError, ["exponent", "0"]),
    (lambda: LatticeModel(5, rule="proportional", exponent=-2.0), ValueError, ["exponent", "-2"]),
    (lambda: LatticeModel(5, intensity=-0.5), ValueError, ["intensity", "-0.5"]),
    (lambda: LatticeModel(5, mutation=1.5), ValueError, ["mutation", "1.5"]),
    (lambda: LatticeModel(5, mutation=-0.1), ValueError, ["mutation", "-0.1"]),
    (lambda: LatticeModel(5, shares=[0.5, 0.6]), ValueError, ["shares", "0.6", "sum to 1"]),
    (lambda: LatticeModel(5, shares=[1.0]), ValueError, ["shares", "[1.0]", "(2)"]),
    (lambda: LatticeModel(5, shares=[0.2, 0.3, 0.5]), ValueError, ["shares", "0.3"]),
    (lambda: LatticeModel(5, shares=[1.5, -0.5]), ValueError, ["shares", "-0.5", ">= 0"]),
    (lambda: LatticeModel(5, shares="ab"), TypeError, ["shares", "'ab'"]),
    (lambda: LatticeModel(5, 4, initial=np.zeros((4, 5), int)), ValueError, ["(4, 5)", "(5, 4)"]),
    (lambda: LatticeModel(5, initial=np.zeros(24, int)), ValueError, ["initial", "(24,)"]),
    (lambda: LatticeModel(5, initial=np.zeros((5, 5))), ValueError, ["initial", "float64"]),
    (lambda: population(state=[0] * 8), ValueError, ["state", "(8,)", "9"]),
    (lambda: population(state=np.zeros((3, 3), int)), ValueError, ["state", "(3, 3)"]),
    (lambda: population(state=[0.0] * 9), ValueError, ["state", "0..1"]),
    (
        lambda: LatticeModel(5, rule="proportional", game=(3, -1, 5, 0), aggregate="averaged"),
        ValueError,
        ["proportional", "-1"],
    ),
    (
        lambda: LatticeModel(5, rule="proportional", game=(3, -1, 5, 0)),
        ValueError,
        ["proportional", "-9"],  # 9 games (8 neighbours and itself) at -1
    ),
    (
        lambda: LatticeModel(5, rule="death-birth", game=(3, -1, 5, 0), baseline=0.5),
        ValueError,
        ["baseline", "intensity", "0.5", "-9"],
    ),
    (
        lambda: NetworkModel(nx.cycle_graph(6), rule="death-birth", intensity=2.0),
        ValueError,
        ["baseline", "intensity", "-1"],  # baseline 1 - 2 = -1 at pay-off 0
    ),
    (lambda: NetworkModel(lonely_graph(), rule="fermi"), ValueError, ["fermi", "'loner'"]),
    (
        lambda: NetworkModel(lonely_graph(), rule="death-birth"),
        ValueError,
        ["death-birth", "isolated", "'loner'"],
    ),
    (
        lambda: population(
            topology=graph_topology(lonely_graph()),
            state=[0] * 6,
            rule=UpdateRule("fermi", "asynchronous"),
        ),
        ValueError,
        ["fermi", "'loner'"],
    ),
    (lambda: LatticeModel(5, b=1.9, game=(3, 0, 5, 1)), ValueError, ["b", "game", "not both"]),
    (
        lambda: LatticeModel(5, strategies=PopulationGame(np.zeros((128, 128)))),
        ValueError,
        ["strategies", "127", "128"],
    ),
    (lambda: LatticeModel(5, strategies=["cooperator"]), ValueError, ["strategies", "1"]),
    (lambda: LatticeModel(5, strategies=CD * 2), ValueError, ["Cooperator"]),
    (lambda: LatticeModel(5, initial="mutant", mutant=2), ValueError, ["mutant", "2"]),
    (lambda: LatticeModel(5, initial="block", resident=-1), ValueError, ["resident", "-1"]),
    (lambda: LatticeModel(5, initial="block", block=6), ValueError, ["block", "6", "1..5"]),
    (lambda: LatticeModel(5, initial="block", block=2.0), TypeError, ["block", "2.0"]),
    (lambda: NetworkModel(nx.cycle_graph(5), initial="block"), ValueError, ["block"]),
    (lambda: LatticeModel(5, agents="yes"), ValueError, ["agents", "'yes'"]),
    (lambda: LatticeModel(5, clusters=1), TypeError, ["clusters", "1"]),
    (lambda: LatticeModel(5, torus="yes"), TypeError, ["torus", "'yes'"]),
    (lambda: LatticeModel(5, self_interaction=1), TypeError, ["self_interaction", "1"]),
    (lambda: LatticeModel(5, seed=-1), ValueError, ["seed", "-1"]),
    (lambda: LatticeModel(5, seed="x"), TypeError, ["seed", "'x'"]),
    (lambda: LatticeModel(5, threads=0), ValueError, ["threads", "0"]),
    (lambda: population(rule="fermi"), TypeError, ["rule", "str"]),
    (lambda: population(topology=(3, 3)), TypeError, ["topology", "tuple"]),
]


@pytest.mark.parametrize(
    ("call", "error", "fragments"), BAD, ids=[f"{k}-{bad[2][0]}" for k, bad in enumerate(BAD)]
)
def test_bad_input_is_refused_by_name_and_value(call, error, fragments):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, (fragment, message)


@pytest.mark.parametrize(
    ("call", "value"),
    [
        (lambda: population(state=[0] * 8 + [2]), "2"),
        (lambda: LatticeModel(5, initial=np.full((5, 5), -7)), "-7"),
    ],
)
def test_out_of_range_strategy_index_is_named(call, value):
    with pytest.raises(ValueError) as info:
        call()
    assert value in str(info.value).replace("0..1", "")


def test_infinite_temperature_message_names_the_real_constraint():
    with pytest.raises(ValueError, match="finite"):
        UpdateRule("fermi", temperature=float("inf"))


@pytest.mark.parametrize(("b", "error"), [("x", TypeError), (float("nan"), ValueError)])
def test_bad_temptation_is_named_b(b, error):
    with pytest.raises(error, match=r"\bb\b"):
        LatticeModel(5, b=b)


@pytest.mark.parametrize("site", [9, -1, 100])
def test_neighbours_of_a_site_outside_the_topology_is_refused(site):
    with pytest.raises((ValueError, IndexError), match="site"):
        lattice_topology(3, 3).neighbours(site)


@pytest.mark.parametrize("initial", ["random", np.full(9, 150)])
def test_initial_state_refuses_more_strategies_than_int8_holds(initial):
    with pytest.raises(ValueError, match="n"):
        initial_state(lattice_topology(3, 3), 200, initial, rng=np.random.default_rng(1))


def test_valid_edge_values_are_accepted():
    LatticeModel(3, agents=False, mutation=1.0, rule="fermi", temperature=1e-12, seed=1).step()
    LatticeModel(5, strategies=PopulationGame(np.zeros((127, 127))), agents=False, seed=1)
    NetworkModel(lonely_graph(), rule="imitate-best", seed=1).step()  # isolated: no games
    NetworkModel(lonely_graph(), rule="proportional", seed=1).step()
    LatticeModel(5, rule="death-birth", game=(3, -1, 5, 0), fitness="exponential", seed=1)
    LatticeModel(5, rule="death-birth", game=(3, -1, 5, 0), baseline=9.0, seed=1)
    for alias in ("vn", "von_neumann", "vonneumann", "von-neumann"):
        assert lattice_topology(4, 3, alias).kind == "von-neumann"


# ---------------------------------------------------------------------------- initial states
@pytest.mark.parametrize(("width", "height"), [(5, 5), (6, 4), (3, 8), (7, 6)])
def test_mutant_sits_at_the_centre_cell(width, height):
    model = LatticeModel(width, height, initial="mutant", b=1.9, agents=False, seed=1)
    lattice = model.lattice
    assert lattice.shape == (width, height)
    assert lattice[width // 2, height // 2] == 1 and lattice.sum() == 1
    three = LatticeModel(
        width, height, ["tit_for_tat", "defector", "cooperator"], initial="mutant", resident=2,
        mutant=0, agents=False,
    )  # fmt: skip
    assert three.lattice[width // 2, height // 2] == 0
    assert (three.population.counts() == [1, 0, width * height - 1]).all()


@pytest.mark.parametrize(("width", "height", "block"), [(7, 7, 3), (6, 5, 2), (8, 4, 4), (5, 3, 1)])
def test_block_is_a_square_around_the_centre_cell(width, height, block):
    model = LatticeModel(width, height, initial="block", block=block, agents=False)
    x0, y0 = width // 2 - block // 2, height // 2 - block // 2
    expected = np.zeros((width, height), int)
    expected[x0 : x0 + block, y0 : y0 + block] = 1
    np.testing.assert_array_equal(model.lattice, expected)
    assert model.lattice[width // 2, height // 2] == 1


def test_initial_arrays_are_indexed_x_y():
    width, height = 5, 3
    start = np.zeros((width, height), int)
    start[4, 1] = 1  # cell (4, 1) = site 4 * 3 + 1
    start[0, 2] = 1
    model = LatticeModel(width, height, initial=start, b=1.9)
    np.testing.assert_array_equal(model.lattice, start)
    assert sorted(np.flatnonzero(model.population.state).tolist()) == [2, 13]
    flat = LatticeModel(width, height, initial=start.reshape(-1).tolist(), b=1.9)
    np.testing.assert_array_equal(flat.lattice, start)
    top = lattice_topology(width, height)
    np.testing.assert_array_equal(initial_state(top, 2, start, rng=None), start.reshape(-1))


def test_random_initial_shares_and_seeds():
    model = LatticeModel(60, shares=[0.2, 0.8], agents=False, seed=3)
    share = model.shares()[1]
    assert abs(share - 0.8) < 5 * np.sqrt(0.16 / 3600)
    again = LatticeModel(60, shares=[0.2, 0.8], agents=False, seed=3)
    np.testing.assert_array_equal(model.lattice, again.lattice)
    other = LatticeModel(60, shares=[0.2, 0.8], agents=False, seed=4)
    assert not np.array_equal(model.lattice, other.lattice)
    pure = LatticeModel(10, shares=(0.0, 1.0), agents=False)
    assert (pure.lattice == 1).all()


def test_network_mutant_is_a_random_node():
    spots = set()
    for seed in range(8):
        model = NetworkModel(nx.cycle_graph(30), initial="mutant", seed=seed)
        assert model.population.counts().tolist() == [29, 1]
        spots.add(int(np.flatnonzero(model.population.state)[0]))
    assert len(spots) > 1


# ---------------------------------------------------------------------------- population
def test_nowak_may_payoffs_and_exact_matrix():
    pop = population(
        topology=lattice_topology(5, 5), state=[int(s == 12) for s in range(25)],
        game=(1, 0, 1.9, 0), self_interaction=True,
    )  # fmt: skip
    np.testing.assert_array_equal(pop.matrix, [[1.0, 0.0], [1.9, 0.0]])
    assert pop.settings["payoffs"] == "expected"
    assert pop.payoffs[12] == pytest.approx(15.2) and pop.payoffs[0] == 9.0
    assert pop.payoffs[11] == 8.0  # a co-operator next to the defector: 8 C (with itself)
    # unconditional players get the game's entries whatever the match settings
    for kw in ({"continuation": 0.9, "turns": None}, {"turns": 3}):
        p = population(game=(3, 0, 5, 1), **kw)
        np.testing.assert_array_equal(p.matrix, [[3.0, 0.0], [5.0, 1.0]])
    noisy = population(game=(3, 0, 5, 1), noise=0.1, turns=10)
    assert noisy.matrix[0, 1] > 0.0  # noise: a defector sometimes co-operates


def test_step_keeps_previous_generation_and_statistics():
    top = lattice_topology(6, 5, "moore", False)
    start = np.random.default_rng(1).integers(0, 3, top.size)
    pop = SpatialPopulation(
        top, ["tit_for_tat", "defector", "cooperator"], start,
        UpdateRule("fermi", "synchronous", temperature=0.5, mutation=0.05), seed=2,
    )  # fmt: skip
    assert pop.names == ("Tit For Tat", "Defector", "Cooperator") and pop.n == 3
    before = pop.state.copy()
    pop.step()
    np.testing.assert_array_equal(pop.previous, before)
    assert pop.generation == 1
    pop.step(3)
    assert pop.generation == 4
    assert pop.counts().sum() == 30 and pop.shares().sum() == pytest.approx(1.0)
    np.testing.assert_array_equal(pop.counts(), np.bincount(pop.state, minlength=3))
    assert pop.mean_payoff() == pytest.approx(pop.payoffs.mean())
    with pytest.raises(ValueError, match="generations"):
        pop.step(0)
    assert pop.settings["seed"] == 2 and pop.settings["rule"] == "fermi"


def test_unseeded_runs_record_a_seed_that_replays_them():
    top = lattice_topology(6, 6)
    start = np.random.default_rng(0).integers(0, 2, 36)

    def run(seed):
        pop = SpatialPopulation(top, CD, start, UpdateRule("fermi", mutation=0.1), seed=seed)
        pop.step(4)
        return pop

    first = run(None)
    assert isinstance(first.settings["seed"], int)
    np.testing.assert_array_equal(run(first.settings["seed"]).state, first.state)
    model = LatticeModel(8, rule="fermi", mutation=0.1, agents=False)
    model.step()
    recorded = model.population.settings["seed"]
    replay = LatticeModel(8, rule="fermi", mutation=0.1, agents=False, seed=recorded)
    replay.step()
    np.testing.assert_array_equal(model.lattice, replay.lattice)


# ---------------------------------------------------------------------------- Mesa models
def check_agents(model):
    agents = list(model.agents)
    assert len(agents) == model.population.topology.size
    seen = set()
    for agent in agents:
        x, y = agent.cell.coordinate
        seen.add((x, y))
        assert agent.site == x * model.height + y
        assert agent.strategy == model.lattice[x, y]
        assert agent.previous_strategy == model.previous_lattice[x, y]
        assert agent.strategy_name == model.names[agent.strategy]
        assert agent.payoff == model.population.payoffs[agent.site]
        assert list(agent.cell.agents) == [agent]
    assert seen == {(x, y) for x in range(model.width) for y in range(model.height)}


@pytest.mark.parametrize(("neighbourhood", "torus"), [("moore", True), ("von-neumann", False)])
def test_lattice_agents_reflect_the_arrays(neighbourhood, torus):
    model = LatticeModel(
        6, 4, neighbourhood=neighbourhood, torus=torus, rule="fermi", mutation=0.05, seed=2
    )
    expected = "OrthogonalMooreGrid" if neighbourhood == "moore" else "OrthogonalVonNeumannGrid"
    assert type(model.grid).__name__ == expected and model.grid.torus == torus
    check_agents(model)
    changed = False
    for _ in range(3):
        model.step()
        check_agents(model)
        changed |= not np.array_equal(model.lattice, model.previous_lattice)
    assert changed and model.generation == 3  # the agents were checked against a moving state


def test_network_agents_reflect_the_arrays():
    graph = nx.relabel_nodes(nx.cycle_graph(8), {k: f"n{k}" for k in range(8)})
    graph.add_edge("n0", "n4")
    model = NetworkModel(graph, rule="fermi", mutation=0.1, seed=5)
    labels = model.population.topology.labels
    for _ in range(3):
        model.step()
        agents = list(model.agents)
        assert len(agents) == 8
        by_label = {agent.cell.coordinate: agent.strategy for agent in agents}
        assert list(by_label) != [] and all(
            by_label[label] == model.population.state[site] for site, label in enumerate(labels)
        )
    matrix_model = NetworkModel(nx.to_numpy_array(graph, dtype=int), seed=5)
    assert sorted(a.cell.coordinate for a in matrix_model.agents) == list(range(8))


def test_agents_auto_threshold_and_build_agents(monkeypatch):
    assert spatial_models.AUTO_AGENTS == 10_000
    assert LatticeModel(100, 100, b=1.9, seed=1).grid is not None  # 10,000 sites: built
    big = LatticeModel(101, 100, b=1.9, seed=1)  # 10,100 sites: not built
    assert big.grid is None and len(list(big.agents)) == 0
    big.step()  # stepping never needs them
    big.build_agents()
    big.build_agents()  # once only
    assert len(list(big.agents)) == 10_100
    agent = next(a for a in big.agents if a.cell.coordinate == (100, 99))
    assert agent.site == 10_099 and agent.strategy == big.lattice[100, 99]
    assert LatticeModel(5, agents=False).grid is None
    monkeypatch.setattr(spatial_models, "AUTO_AGENTS", 20)
    assert LatticeModel(4, 5, agents="auto").grid is not None
    assert LatticeModel(3, 7, agents="auto").grid is None
    assert LatticeModel(3, 7, agents=True).grid is not None


def test_datacollector_rows_and_columns():
    model = LatticeModel(9, 7, b=1.65, initial="random", seed=4)
    expected_rows = []
    for _ in range(4):
        pop = model.population
        expected_rows.append(
            [
                *pop.shares(), pop.mean_payoff(), pop.clusters()[0], pop.mean_cluster_sizes()[0],
                pop.clusters()[1], pop.mean_cluster_sizes()[1],
            ]
        )  # fmt: skip
        model.step()
    pop = model.population
    df = model.datacollector.get_model_vars_dataframe()
    assert list(df.columns) == [
        "share Cooperator", "share Defector", "mean_payoff", "clusters Cooperator",
        "cluster_size Cooperator", "clusters Defector", "cluster_size Defector",
    ]  # fmt: skip
    assert len(df) == 5 and model.generation == 4  # the initial generation and four more
    np.testing.assert_allclose(df.iloc[:4].to_numpy(), expected_rows)
    assert df["share Defector"].iloc[-1] == pop.shares()[1]
    plain = NetworkModel(nx.cycle_graph(6), ["tit_for_tat", "defector"], clusters=False, seed=1)
    plain.step()
    df = plain.datacollector.get_model_vars_dataframe()
    assert list(df.columns) == ["share Tit For Tat", "share Defector", "mean_payoff"]
    assert len(df) == 2


def test_running_stops_when_monomorphic_without_mutation():
    start = np.ones((5, 5), int)
    start[2, 2] = 0  # a lone co-operator earns 1, its defecting neighbours 1.5
    model = LatticeModel(5, initial=start, b=1.5)
    assert model.running
    model.step()
    assert (model.lattice == 1).all() and not model.running
    mutating = LatticeModel(5, initial=start, b=1.5, mutation=1e-9, seed=1)
    mutating.step()
    assert mutating.population.monomorphic() and mutating.running


def test_a_monomorphic_start_is_not_running():
    assert not LatticeModel(5, initial="block", block=5, agents=False).running


def test_models_are_reproducible_and_leave_global_random_state_alone():
    np.random.seed(12345)  # noqa: NPY002  (the legacy global state is what is watched)
    random.seed(54321)
    np_before, py_before = np.random.get_state(), random.getstate()  # noqa: NPY002

    def run(seed, cls=LatticeModel, where=12):
        model = cls(
            where, rule="fermi", activation="asynchronous", mutation=0.02, noise=0.05, turns=5,
            strategies=["tit_for_tat", "random"], seed=seed,
        )  # fmt: skip
        for _ in range(3):
            model.step()
        return model.datacollector.get_model_vars_dataframe(), model

    a, _ = run(7)
    b, _ = run(7)
    c, _ = run(8)
    run(None)
    run(np.random.default_rng(1))
    run(3, NetworkModel, nx.watts_strogatz_graph(30, 4, 0.2, seed=1))
    assert a.equals(b) and not a.equals(c)
    np_after = np.random.get_state()  # noqa: NPY002
    assert np_after[0] == np_before[0] and np.array_equal(np_after[1], np_before[1])
    assert np_after[2:] == np_before[2:]
    assert random.getstate() == py_before


def test_height_defaults_to_width_and_model_accessors():
    model = LatticeModel(6, b=1.9, initial="mutant")
    assert (model.width, model.height) == (6, 6) and model.lattice.shape == (6, 6)
    assert model.names == ("Cooperator", "Defector")
    np.testing.assert_allclose(model.shares(), [35 / 36, 1 / 36])
    assert model.population.settings["self_interaction"] is True
    assert NetworkModel(nx.cycle_graph(5)).population.settings["self_interaction"] is False


def test_the_state_is_read_only_and_set_state_drops_the_caches():
    model = LatticeModel(15, b=1.6, rule="fermi", initial="mutant", torus=False, seed=1)
    with pytest.raises(ValueError, match="read-only"):
        model.lattice[0, 0] = 1
    with pytest.raises(ValueError, match="read-only"):
        model.population.state[0] = 1
    start = model.lattice.copy()
    start[3:6, 3:6] = 1
    model.set_lattice(start)
    assert model.population.counts().tolist() == [225 - 10, 10]
    assert np.array_equal(model.previous_lattice, start)
    model.step()
    fresh = LatticeModel(15, b=1.6, rule="fermi", initial=start, torus=False, seed=1)
    fresh.step()
    assert np.array_equal(model.lattice, fresh.lattice)
    with pytest.raises(ValueError, match="shape"):
        model.set_lattice(np.zeros((3, 3), dtype=int))


def test_the_recorded_seed_replays_the_population_and_generation_follows_it():
    model = LatticeModel(12, b=1.6, rule="fermi", seed=7, agents=False)
    pop = model.population
    start = pop.state.copy()
    model.step()
    again = SpatialPopulation(
        pop.topology, ["cooperator", "defector"], start, pop.rule, game=(1, 0, 1.6, 0),
        self_interaction=True, seed=pop.settings["seed"],
    )  # fmt: skip
    again.step()
    assert np.array_equal(again.state, pop.state)
    pop.step(2)
    assert model.generation == 3


def test_any_sequence_of_strategies_and_agent_reporters():
    from collections import deque

    model = LatticeModel(
        10, strategies=deque(["tit_for_tat", "defector", "cooperator"]), shares=[0.2, 0.3, 0.5],
        seed=1,
    )  # fmt: skip
    assert model.population.counts().min() > 0
    model.datacollector._new_agent_reporter("strategy", "strategy")
    before = model.datacollector.model_vars
    model.step()
    agents = model.datacollector.get_agent_vars_dataframe()
    assert len(agents) == 100 and set(agents["strategy"]) <= {0, 1, 2}
    model.set_lattice(np.zeros((10, 10), dtype=int))
    assert model.datacollector.model_vars is before  # one dict, appended to (as Mesa's)
    agents = model.datacollector.get_agent_vars_dataframe()
    assert len(agents) == 100 and set(agents["strategy"]) == {0}  # agent rows replaced too


def test_seed_sequences_and_ints_give_one_run_and_weights_are_refused():
    def run(seed):
        model = LatticeModel(12, b=1.6, rule="fermi", seed=seed, agents=False)
        for _ in range(3):
            model.step()
        return model

    by_int, by_sequence = run(5), run(np.random.SeedSequence(5))
    assert np.array_equal(by_int.lattice, by_sequence.lattice)
    assert by_sequence.population.settings["seed"] is None
    simulated = {  # a simulated pay-off matrix comes from the same key too
        seed: LatticeModel(
            6,
            strategies=["average_copier", "defector"],
            turns=20,
            noise=0.05,
            payoffs="expected",
            rule="fermi",
            seed=seed,
            agents=False,
        ).population.matrix
        for seed in (5, np.random.SeedSequence(5))
    }
    assert np.array_equal(*simulated.values())
    with pytest.raises(ValueError, match="unweighted"):
        NetworkModel(np.array([[0, 2, 0], [2, 0, 1], [0, 1, 0]]), b=1.5)


def test_reporters_added_the_mesa_way_and_set_lattice_rows():
    model = LatticeModel(6, b=1.6, seed=1, agents=False)
    model.datacollector.model_reporters["generation"] = lambda m: m.generation
    model.step()
    model.set_lattice(np.ones((6, 6), dtype=int))
    frame = model.datacollector.get_model_vars_dataframe()
    assert frame["generation"].tolist()[1:] == [1] and np.isnan(frame["generation"].iloc[0])
    assert frame["share Defector"].iloc[-1] == 1.0 and len(frame) == 2


def test_network_state_setter_and_late_mesa_reporters():
    model = NetworkModel(nx.cycle_graph(8), b=1.5, seed=1)
    model.step()
    model.datacollector._new_model_reporter("generation", lambda m: m.generation)
    model.step()
    model.set_state([1] * 8)
    assert not model.running and model.population.counts().tolist() == [0, 8]
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 3 and frame["generation"].tolist()[2] == 2
    assert frame["share Defector"].iloc[-1] == 1.0
    with pytest.raises(ValueError, match=r"lattice must hold strategy indices in 0\.\.1"):
        LatticeModel(5, seed=1).set_lattice(np.full((5, 5), 2))
    with pytest.raises(ValueError, match="read-only"):
        model.population.matrix[0, 0] = 9.0
