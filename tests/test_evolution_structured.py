"""Individual-based populations (graphs, real matches): coop_sim.evolution.structured."""

import math
import warnings

import numpy as np
import pytest

import coop_sim.evolution.structured as structured
from coop_sim._seeding import purpose_key, seed_key
from coop_sim.evolution.finite import simulate
from coop_sim.evolution.population import FiniteProcess, PopulationGame, population_game
from coop_sim.evolution.structured import simulate_structured
from coop_sim.game import Game
from coop_sim.strategies.registry import resolve
from tests.reference import graph_run

nx = pytest.importorskip("networkx")

Z999 = 3.2905  # two-sided 99.9% normal quantile


def exact_fixation(process, *, population, intensity, turns, strategies, game=None):
    """rho = 1 / (1 + sum_k prod_{i<=k} T-(i)/T+(i)) for one mutant (strategy 0)."""
    pg = population_game(strategies, turns=turns, game=game)
    proc = FiniteProcess(pg, population=population, process=process, intensity=intensity)
    total, prod = 1.0, 1.0
    for i in range(1, population):
        t = proc.transitions([i, population - i])
        prod *= t[0, 1] / t[1, 0]  # T-(i) / T+(i): a mutant is lost / gained
        total += prod
    return 1.0 / total


def assert_binomial(successes, runs, p):
    half = Z999 * math.sqrt(runs * p * (1 - p)) + 1
    assert abs(successes - runs * p) <= half, (successes, runs * p, half)


@pytest.mark.parametrize(
    ("process", "intensity"), [("moran", 0.2), ("moran-db", 0.2), ("fermi", 0.5)]
)
def test_complete_graph_fixation_matches_closed_form(process, intensity):
    strategies, population, runs = ["tit_for_tat", "defector"], 10, 3000
    rho = exact_fixation(
        process, population=population, intensity=intensity, turns=10, strategies=strategies
    )
    r = simulate_structured(
        strategies, [1, population - 1], process=process, intensity=intensity, turns=10,
        runs=runs, seed=11,
    )  # fmt: skip
    assert r.settings["payoffs"] == "expected"
    assert (r.fixed >= 0).all()
    assert_binomial(int(r.fixation_counts[0]), runs, rho)


def _without_cache(monkeypatch):
    """Make every pair play its matches, even deterministic ones (the slow, real path)."""
    original = structured._choose_payoffs

    def no_cache(*args, **kwargs):
        mode, reason, det = original(*args, **kwargs)
        return mode, reason, np.zeros_like(det)

    monkeypatch.setattr(structured, "_choose_payoffs", no_cache)


def test_played_matches_have_the_expected_distribution(monkeypatch):
    strategies, population, runs = ["tit_for_tat", "defector"], 8, 2000
    rho = exact_fixation("moran", population=population, intensity=0.3, turns=6,
                         strategies=strategies)  # fmt: skip
    _without_cache(monkeypatch)
    r = simulate_structured(
        strategies, [1, population - 1], payoffs="matches", intensity=0.3, turns=6, runs=runs,
        seed=5,
    )  # fmt: skip
    assert r.settings["payoffs"] == "matches"
    assert_binomial(int(r.fixation_counts[0]), runs, rho)


def test_auto_expected_and_matches_agree_when_deterministic():
    kwargs = dict(process="moran", intensity=0.5, turns=20, runs=40, seed=3)
    auto = simulate_structured(["tit_for_tat", "defector", "grudger"], [4, 4, 4], **kwargs)
    expected = simulate_structured(
        ["tit_for_tat", "defector", "grudger"], [4, 4, 4], payoffs="expected", **kwargs
    )
    matches = simulate_structured(
        ["tit_for_tat", "defector", "grudger"], [4, 4, 4], payoffs="matches", **kwargs
    )
    assert auto.settings["payoffs"] == "expected"
    assert "deterministic" in auto.settings["payoffs_reason"]
    for other in (expected, matches):
        np.testing.assert_array_equal(auto.counts, other.counts)
        np.testing.assert_array_equal(auto.steps, other.steps)


def test_auto_plays_matches_when_outcomes_are_random():
    r = simulate_structured(["tit_for_tat", "defector"], [3, 3], noise=0.1, turns=5, seed=1)
    assert r.settings["payoffs"] == "matches"
    assert "noise" in r.settings["payoffs_reason"]


def test_noisy_match_payoffs_average_to_the_expected_matrix():
    from coop_sim._packing import compile_spec, pack
    from coop_sim.engine.structured_kernel import play_edge

    game = Game()
    names = ["tit_for_tat", "win_stay_lose_shift"]
    noise, turns, reps = 0.1, 20, 4000
    exact = population_game(names, turns=turns, noise=noise).matrix
    packed = pack([compile_spec(resolve(s), game) for s in names])
    strat = (
        packed.families, packed.offsets, packed.params, packed.is_auto, packed.auto_thr,
        packed.auto_nxt, packed.auto_off, packed.auto_start, packed.is_m1,
    )  # fmt: skip
    match = (turns, -1.0, noise, False, np.array(game.as_tuple()))
    work = (np.zeros(1), np.zeros(1), np.zeros(turns, np.int8), np.zeros(turns, np.int8),
            np.zeros(4, np.int64), np.zeros(2, np.uint64))  # fmt: skip
    pays = np.array([play_edge(0, 1, np.uint64(k), strat, match, work)[:2] for k in range(reps)])
    mean, sd = pays.mean(axis=0), pays.std(axis=0)
    assert np.all(np.abs(mean - [exact[0, 1], exact[1, 0]]) <= Z999 * sd / math.sqrt(reps))
    assert sd.min() > 0  # the matches really are random


def test_ring_is_isothermal():
    # constant fitness r = 2 (cooperators always get 2, defectors 1) on a ring: the
    # well-mixed Moran fixation probability (Lieberman, Hauert & Nowak 2005)
    population, runs, r = 10, 3000, 2.0
    rho = (1 - 1 / r) / (1 - r**-population)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = simulate_structured(
            ["cooperator", "defector"], [1, population - 1], game=(2, 2, 1, 1), turns=1,
            intensity=1.0, baseline=0.0, interaction_graph=nx.cycle_graph(population),
            runs=runs, seed=7,
        )  # fmt: skip
    assert result.settings["random_placement"]
    assert_binomial(int(result.fixation_counts[0]), runs, rho)
    assert abs(rho - 0.1) > 0.3  # far from neutral: the test can tell


def _twin_case(process, strategies, noise, payoffs, mutation, graph, fitness="linear"):
    game = Game()
    kwargs = dict(
        process=process, interaction_graph=graph, noise=noise, turns=6, payoffs=payoffs,
        intensity=0.7, mutation=mutation, steps=25, runs=4, seed=19, fitness=fitness,
    )  # fmt: skip
    initial = [3, 3, 2]
    r = simulate_structured(strategies, initial, **kwargs)
    specs = [resolve(s) for s in strategies]
    automata = [s.automaton(game) for s in specs]
    det = [s.compile(game).deterministic for s in specs]
    n = len(specs)
    cached = [[payoffs == "expected" or (det[a] and det[b] and noise == 0) for b in range(n)]
              for a in range(n)]  # fmt: skip
    # cached pairs are deterministic: one played match gives their pay-offs
    matrix = structured._played_matrix(specs, game, 6, False, np.ones((n, n), bool)).tolist()
    neighbours = [sorted(graph.adj[x]) for x in graph.nodes]
    key = purpose_key(seed_key(19)[0], "evolution.structured")
    start = np.repeat(np.arange(n), initial)
    for run in range(4):
        nodes, taken = graph_run(
            run, key, start, process=process, interaction=neighbours, reproduction=neighbours,
            matrix=matrix, cached=cached, automata=automata, game=game.as_tuple(), turns=6,
            noise=noise, intensity=0.7, baseline=0.3, fitness=fitness, mutation=mutation,
            steps=25, place=True,
        )  # fmt: skip
        np.testing.assert_array_equal(r.nodes[run], nodes)
        assert r.steps[run] == taken
        np.testing.assert_array_equal(r.final_counts[run], np.bincount(nodes, minlength=n))


@pytest.mark.parametrize("process", ["moran", "moran-db", "fermi"])
def test_kernel_matches_slow_twin(process):
    graph = nx.connected_watts_strogatz_graph(8, 4, 0.3, seed=2)
    # real noisy matches with a stochastic strategy, and mutation
    _twin_case(process, ["tit_for_tat", "defector", "random"], 0.05, "matches", 0.1, graph)
    # a mix of cached deterministic pairs and played ones
    _twin_case(process, ["tit_for_tat", "grudger", "random"], 0.0, "matches", 0.0, graph)
    # expected pay-offs, incrementally updated
    _twin_case(process, ["tit_for_tat", "defector", "grudger"], 0.0, "expected", 0.05, graph)
    # exponential fitness, with played matches and with expected pay-offs
    _twin_case(process, ["tit_for_tat", "defector", "random"], 0.05, "matches", 0.1, graph,
               "exponential")  # fmt: skip
    _twin_case(process, ["tit_for_tat", "defector", "grudger"], 0.0, "expected", 0.05, graph,
               "exponential")  # fmt: skip


def test_same_seed_same_result_and_thread_invariance():
    kwargs = dict(noise=0.05, turns=10, process="moran-db", runs=6, steps=200, seed=4,
                  record_every=50)  # fmt: skip
    a = simulate_structured(["tit_for_tat", "random", "defector"], [3, 3, 3], threads=1, **kwargs)
    b = simulate_structured(["tit_for_tat", "random", "defector"], [3, 3, 3], threads=2, **kwargs)
    c = simulate_structured(["tit_for_tat", "random", "defector"], [3, 3, 3], threads=1, **kwargs)
    for other in (b, c):
        np.testing.assert_array_equal(a.counts, other.counts)
        np.testing.assert_array_equal(a.abundance, other.abundance)
    d = simulate_structured(
        ["tit_for_tat", "random", "defector"], [3, 3, 3], threads=1, **{**kwargs, "seed": 5}
    )
    assert not np.array_equal(a.counts, d.counts)


def test_records_and_abundance_with_mutation():
    r = simulate_structured(
        ["tit_for_tat", "defector"], [5, 5], mutation=0.05, steps=300, record_every=100,
        burn_in=100, runs=3, seed=2, interaction_graph=nx.cycle_graph(10),
    )  # fmt: skip
    assert r.record_steps.tolist() == [0, 100, 200, 300]
    assert r.counts.shape == (3, 4, 2)
    np.testing.assert_array_equal(r.counts.sum(axis=2), 10)
    np.testing.assert_allclose(r.abundance.sum(axis=1), 1.0)
    assert (r.steps == 300).all()


def test_per_node_initial_state_is_kept():
    # on the path 0-1-2-3 from C C D D one death-birth step can only copy a neighbour across
    # the C|D boundary; a shuffled start would soon give other states
    graph = nx.path_graph(4)
    r = simulate_structured(
        ["cooperator", "defector"], [0, 0, 1, 1], process="moran-db", interaction_graph=graph,
        turns=1, steps=1, runs=50, seed=1,
    )  # fmt: skip
    reachable = {(0, 0, 1, 1), (0, 1, 1, 1), (0, 0, 0, 1)}
    assert {tuple(x) for x in r.nodes.tolist()} <= reachable
    assert not r.settings["random_placement"]


def test_bad_input():
    two = ["tit_for_tat", "defector"]
    graph = nx.path_graph(4)
    graph.add_node(9)
    with pytest.raises(ValueError, match="isolated node 9"):
        simulate_structured(two, [2, 3], interaction_graph=graph)
    with pytest.raises(ValueError, match="one entry per strategy"):
        simulate_structured(two, [1, 1, 1], interaction_graph=nx.cycle_graph(5))
    with pytest.raises(ValueError, match="int count for each"):
        simulate_structured(two, [1, 1, 1])
    with pytest.raises(ValueError, match="process must be"):
        simulate_structured(two, [2, 2], process="moran-bd")
    with pytest.raises(ValueError, match="payoffs must be"):
        simulate_structured(two, [2, 2], payoffs="exact")
    with pytest.raises(ValueError, match="give steps"):
        simulate_structured(two, [2, 2], mutation=0.1)
    with pytest.raises(ValueError, match="undirected"):
        simulate_structured(two, [2, 2], interaction_graph=nx.DiGraph(nx.cycle_graph(4)))
    with pytest.raises(ValueError, match="self-loop"):
        simulate_structured(two, [2, 1], interaction_graph=np.ones((3, 3)))
    with pytest.raises(ValueError, match="same nodes"):
        simulate_structured(
            two, [2, 2], interaction_graph=nx.cycle_graph(4),
            reproduction_graph=nx.cycle_graph(range(1, 5)),
        )  # fmt: skip
    with pytest.raises(ValueError, match="distinct"):
        simulate_structured(["tit_for_tat", "tit_for_tat"], [2, 2])
    with pytest.raises(ValueError, match="linear fitness"):
        simulate_structured(two, [2, 2], intensity=1.0, baseline=-1.0)
    with pytest.raises(ValueError, match="record_every needs steps"):
        simulate_structured(two, [2, 2], record_every=5)
    with pytest.raises(ValueError, match="intensity"):
        simulate_structured(two, [2, 2], intensity=-1.0)
    with pytest.raises(ValueError, match="fitness must be"):
        simulate_structured(two, [2, 2], fitness="power")
    with pytest.raises(TypeError, match="interaction_graph must be"):
        simulate_structured(two, [2, 2], interaction_graph="ring")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"steps": 0}, ValueError, "steps must be an int >= 1"),
        ({"steps": 1.5}, TypeError, "steps"),
        ({"steps": 10, "burn_in": 10}, ValueError, r"burn_in.*\[0, 10\)"),
        ({"steps": 10, "burn_in": -1}, ValueError, "burn_in"),
        ({"burn_in": 5, "max_steps": 5}, ValueError, r"burn_in.*\[0, 5\)"),
        ({"steps": 10, "record_every": 0}, ValueError, "record_every"),
        ({"steps": 10, "runs": 0}, ValueError, "runs"),
        ({"mutation": 0.1}, ValueError, "give steps"),
    ],
)
def test_run_settings_are_checked_as_in_simulate(kwargs, error, match):
    two = ["tit_for_tat", "defector"]
    with pytest.raises(error, match=match):
        simulate_structured(two, [5, 5], **kwargs)
    process = FiniteProcess(population_game(two, turns=200), population=10,
                            mutation=kwargs.get("mutation", 0.0))  # fmt: skip
    rest = {k: v for k, v in kwargs.items() if k != "mutation"}
    with pytest.raises(error, match=match):  # the same rule, the same message
        simulate(process, [5, 5], **rest)


def test_records_to_fixation_end_at_the_longest_run_like_simulate():
    game = PopulationGame([[3.0, 0.9], [1.4, 1.0]])
    r = simulate_structured(game, [3, 5], runs=30, seed=3, max_steps=10_000)
    w = simulate(FiniteProcess(game, population=8), [3, 5], runs=30, seed=3, max_steps=10_000)
    assert r.record_steps[-1] == r.steps.max() and w.record_steps[-1] == w.steps.max()
    assert r.record_steps[0] == 0 and np.all(np.diff(r.record_steps) > 0)
    assert np.ptp(r.steps) > 0  # the runs stopped at different steps ...
    np.testing.assert_array_equal(r.counts[:, -1, :], r.final_counts)  # ... at their own state
    assert np.all(r.fixed >= 0) and np.all(r.counts[:, -1, :].max(axis=1) == 8)
    np.testing.assert_array_equal(r.steps, r.fixation_step)


@pytest.mark.parametrize("process", ["moran", "moran-db"])
def test_exponential_fitness_with_large_payoffs(process):
    # exp(801) overflows: fitness must be shifted (by the candidates' top pay-off)
    size, runs = 10, 6000
    game = PopulationGame([[801.1, 801.1], [801.0, 801.0]])
    shifted = FiniteProcess([[0.1, 0.1], [0.0, 0.0]], population=size, process=process,
                            fitness="exponential")  # fmt: skip
    total, prod = 1.0, 1.0
    for i in range(1, size):
        t = shifted.transitions([i, size - i])
        prod *= t[0, 1] / t[1, 0]
        total += prod
    rho = 1.0 / total
    if process == "moran":
        assert rho == pytest.approx((1 - math.exp(-0.1)) / (1 - math.exp(-0.1 * size)))
    r = simulate_structured(game, [1, size - 1], process=process, fitness="exponential",
                            intensity=1.0, runs=runs, seed=21)  # fmt: skip
    assert (r.fixed >= 0).all()
    assert_binomial(int(r.fixation_counts[0]), runs, rho)
    assert abs(rho - 1 / size) * runs > 2 * Z999 * math.sqrt(runs * 0.1 * 0.9)  # can tell


def test_strong_selection_with_an_absent_high_payoff_strategy():
    size, runs = 10, 4000
    game = PopulationGame([[1.0, 1.0, 1.0], [1.1, 1.1, 1.1], [100.0, 100.0, 100.0]])
    rho = (1 - math.exp(-1.0)) / (1 - math.exp(-1.0 * size))  # r = exp(10 * 0.1)
    r = simulate_structured(game, [size - 1, 1, 0], fitness="exponential", intensity=10.0,
                            runs=runs, seed=22)  # fmt: skip
    assert_binomial(int(r.fixation_counts[1]), runs, rho)


def test_abundance_is_the_state_after_each_step_as_in_simulate():
    neutral = PopulationGame([[1.0, 1.0], [1.0, 1.0]])
    process = FiniteProcess(neutral, population=4, mutation=0.5)
    runs = 200
    well = simulate(process, [4, 0], steps=1, runs=runs, record_every=1, seed=2)
    graph = simulate_structured(neutral, [4, 0], payoffs="expected", mutation=0.5, steps=1,
                                runs=runs, record_every=1, seed=2)  # fmt: skip
    for out in (well, graph):
        assert out.record_steps.tolist() == [0, 1]
        np.testing.assert_array_equal(out.abundance, out.counts[:, 1, :] / 4)
        assert out.counts[:, 1, 1].sum() > 0  # the step did change states
    long = simulate_structured(neutral, [2, 2], mutation=0.2, steps=40, burn_in=7, runs=5,
                               record_every=1, seed=3)  # fmt: skip
    np.testing.assert_allclose(long.abundance, long.counts[:, 8:, :].mean(axis=1) / 4)


def test_a_disconnected_reproduction_graph_cannot_run_to_fixation():
    two_rings = nx.disjoint_union(nx.cycle_graph(4), nx.cycle_graph(4))
    with pytest.raises(ValueError, match="not connected"):
        simulate_structured(["cooperator", "defector"], [4, 4], turns=5,
                            interaction_graph=two_rings, seed=1)  # fmt: skip
    r = simulate_structured(["cooperator", "defector"], [4, 4], turns=5,
                            interaction_graph=two_rings, steps=50, seed=1)  # fmt: skip
    assert r.steps.tolist() == [50]  # with a fixed number of steps it runs
