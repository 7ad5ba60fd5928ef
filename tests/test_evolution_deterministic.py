"""Deterministic dynamics: ecological, replicator (continuous, discrete, with mutation) and
fixed points, against closed forms from the literature and slow twins."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from coop_sim._seeding import seed_key
from coop_sim.evolution.deterministic import (
    DynamicsResult,
    FixedPoint,
    ecological,
    fixed_points,
    replicator,
)
from coop_sim.evolution.population import PopulationGame
from tests import reference as ref

R, S, T, P = 3.0, 0.0, 5.0, 1.0
RPS = [[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]]


def tft_alld(m):
    """Total pay-offs of m rounds between TFT (row 0) and ALLD (row 1)."""
    return np.array([[m * R, S + (m - 1) * P], [T + (m - 1) * P, m * P]])


def hawk_dove(value, cost):
    return [[(value - cost) / 2, value], [0.0, value / 2]]


def interior(points):
    return [p for p in points if np.all(p.shares > 0)]


# ----------------------------------------------------------------------------- oracles


def test_tft_alld_population_game_matches_closed_form():
    from coop_sim.evolution import population_game

    g = population_game(["tit_for_tat", "defector"], turns=10)
    assert np.array_equal(g.matrix * 10, [[30.0, 9.0], [14.0, 10.0]])
    assert np.array_equal(g.matrix * 10, tft_alld(10))


@pytest.mark.parametrize("m", [3, 5, 10, 50, 200])
def test_tft_alld_interior_point_is_unstable_threshold(m):
    (a, b), (c, d) = tft_alld(m)
    points = fixed_points(tft_alld(m))
    inner = interior(points)
    assert len(inner) == 1
    assert inner[0].shares[0] == pytest.approx((d - b) / (a - b - c + d), abs=1e-12)
    assert inner[0].stability == "unstable"
    assert [p.stability for p in points[:2]] == ["stable", "stable"]
    # vertex eigenvalues are the invaders' pay-off advantages
    assert points[0].eigenvalues[0].real == pytest.approx(c - a, abs=1e-12)
    assert points[1].eigenvalues[0].real == pytest.approx(b - d, abs=1e-12)


def test_tft_alld_ten_rounds_threshold_is_one_seventeenth():
    (point,) = interior(fixed_points(tft_alld(10)))
    assert abs(point.shares[0] - 1 / 17) < 1e-12
    assert point.support == (0, 1)
    # either side of the threshold the replicator goes to the nearer vertex
    above = replicator(tft_alld(10), [1 / 17 + 0.01, 16 / 17 - 0.01], time=20.0)
    below = replicator(tft_alld(10), [1 / 17 - 0.01, 16 / 17 + 0.01], time=20.0)
    assert above.winner == 0 and above.final_shares[0] > 1 - 1e-6
    assert below.winner == 1 and below.final_shares[1] > 1 - 1e-6


def test_rock_paper_scissors_centre_is_neutral():
    points = fixed_points(RPS)
    (centre,) = interior(points)
    assert np.allclose(centre.shares, 1 / 3, atol=1e-14)
    assert centre.stability == "neutral"
    assert np.all(np.abs(centre.eigenvalues.real) < 1e-12)
    assert np.allclose(np.abs(centre.eigenvalues.imag), 1 / np.sqrt(3), atol=1e-12)
    assert [p.stability for p in points if len(p.support) == 1] == ["saddle"] * 3
    assert len(points) == 4  # no rest points on the edges


def test_rock_paper_scissors_trajectory_conserves_product():
    start = [0.5, 0.3, 0.2]
    r = replicator(RPS, start, time=50.0, points=201)
    product = r.shares.prod(axis=1)
    assert np.max(np.abs(product - np.prod(start))) < 1e-8
    assert np.max(np.abs(r.shares.sum(axis=1) - 1)) < 1e-9
    assert np.ptp(r.shares[:, 0]) > 0.1  # it does cycle


@pytest.mark.parametrize(("value", "cost"), [(2.0, 4.0), (1.0, 3.0), (3.0, 5.0)])
def test_hawk_dove_stable_point_at_v_over_c(value, cost):
    (point,) = interior(fixed_points(hawk_dove(value, cost)))
    assert point.shares[0] == pytest.approx(value / cost, abs=1e-12)
    assert point.stability == "stable"
    r = replicator(hawk_dove(value, cost), [0.05, 0.95], time=200.0)
    assert r.final_shares[0] == pytest.approx(value / cost, abs=1e-7)


@pytest.mark.parametrize(("value", "cost"), [(2.0, 4.0), (1.0, 3.0)])
def test_discrete_replicator_converges_to_hawk_dove_point(value, cost):
    r = replicator(
        hawk_dove(value, cost), [0.9, 0.1], discrete=True, generations=500, baseline=cost
    )
    assert r.final_shares[0] == pytest.approx(value / cost, abs=1e-9)
    assert r.times.tolist() == list(range(501))
    assert r.settings["dynamics"] == "discrete replicator"


def test_ecological_alld_grows_then_dies_out():
    # TFT, ALLD, ALLC over 10 rounds: ALLD feeds on ALLC, then TFT takes over
    a = tft_alld(10) / 10
    matrix = [[a[0, 0], a[0, 1], R], [a[1, 0], a[1, 1], T], [R, S, R]]
    r = ecological(matrix, generations=300)
    alld = r.shares[:, 1]
    peak = int(np.argmax(alld))
    assert peak > 0 and alld[peak] > alld[0] + 0.05
    assert np.all(np.diff(alld[peak:]) < 0)
    assert alld[-1] < 1e-12
    assert r.winner == 0
    assert r.shares[-1, 2] > 0.05  # ALLC survives beside TFT once ALLD is gone


# ----------------------------------------------------------------------------- slow twins


def test_ecological_equals_plain_loop_twin():
    rng = np.random.default_rng(5)
    matrix = rng.uniform(0, 5, size=(4, 4))
    start = rng.dirichlet(np.ones(4))
    r = ecological(matrix, start, generations=60)
    twin = np.array(ref.ecological(matrix.tolist(), start.tolist(), 60))
    assert np.max(np.abs(r.shares - twin)) <= 1e-15


def test_ecological_negative_fitness_is_clipped():
    matrix = [[1.0, 1.0, 1.0], [-3.0, -3.0, -3.0], [2.0, 0.0, 1.0]]
    r = ecological(matrix, [0.2, 0.5, 0.3], generations=5)
    assert np.all(r.shares[1:, 1] == 0.0)
    assert np.allclose(r.shares, ref.ecological(matrix, [0.2, 0.5, 0.3], 5), atol=1e-15)
    frozen = ecological([[-1.0, -1.0], [-1.0, -1.0]], [0.3, 0.7], generations=3)
    assert np.array_equal(frozen.shares, [[0.3, 0.7]] * 4)


def test_ecological_sampling_on_tournament_result():
    from coop_sim import run_tournament

    t = run_tournament(
        ["tit_for_tat", "random", "defector"], turns=20, repetitions=5, seed=4, method="simulate"
    )
    assert np.any(t.payoff_std > 0)
    mean = ecological(t, generations=10)
    assert mean.names == tuple(t.names)
    assert mean.settings["game"]["turns"] == 20
    assert np.array_equal(mean.shares, ecological(t.payoff_matrix, generations=10).shares)
    one = ecological(t, generations=10, sample=True, seed=8)
    two = ecological(t, generations=10, sample=True, seed=8)
    other = ecological(t, generations=10, sample=True, seed=9)
    assert np.array_equal(one.shares, two.shares)
    assert not np.array_equal(one.shares, other.shares)
    assert not np.array_equal(one.shares, mean.shares)
    assert one.settings["seed"] == 8
    twin = ref.ecological(
        t.payoff_matrix.tolist(),
        [1 / 3] * 3,
        10,
        std=t.payoff_std.tolist(),
        rng=np.random.default_rng(seed_key(8)[0]),
    )
    assert np.max(np.abs(one.shares - np.array(twin))) <= 1e-15
    unseeded = ecological(t, generations=3, sample=True)
    again = ecological(t, generations=3, sample=True, seed=unseeded.settings["seed"])
    assert np.array_equal(unseeded.shares, again.shares)


@pytest.mark.parametrize("mutation", [None, 0.05, "matrix"])
def test_replicator_matches_rk4_twin(mutation):
    rng = np.random.default_rng(11)
    matrix = rng.uniform(-2, 4, size=(3, 3))
    start = [0.2, 0.5, 0.3]
    if mutation == "matrix":
        q = rng.uniform(0, 1, size=(3, 3)) + 5 * np.eye(3)
        mutation = q / q.sum(axis=1, keepdims=True)
        q_ref = mutation.tolist()
    elif mutation is None:
        q_ref = None
    else:
        q_ref = ref.uniform_mutation(3, mutation)
    r = replicator(matrix, start, time=2.0, points=5, mutation=mutation)
    twin = ref.replicator_rk4(matrix.tolist(), start, 2.0, 2000, q_ref)
    assert np.max(np.abs(r.final_shares - twin)) < 1e-6
    half = ref.replicator_rk4(matrix.tolist(), start, 1.0, 1000, q_ref)
    assert np.max(np.abs(r.shares[2] - half)) < 1e-6
    assert r.times.tolist() == [0.0, 0.5, 1.0, 1.5, 2.0]


@pytest.mark.parametrize("method", ["LSODA", "Radau", "RK45"])
def test_replicator_methods_agree(method):
    start = [0.1, 0.6, 0.3]
    best = replicator(RPS, start, time=5.0, points=11)
    other = replicator(RPS, start, time=5.0, points=11, method=method)
    assert np.max(np.abs(best.shares - other.shares)) < 1e-6
    assert other.settings["method"] == method


@pytest.mark.parametrize("mutation", [None, 0.1])
def test_discrete_replicator_matches_twin(mutation):
    rng = np.random.default_rng(3)
    matrix = rng.uniform(0, 3, size=(4, 4))
    start = rng.dirichlet(np.ones(4))
    r = replicator(matrix, start, discrete=True, generations=40, baseline=0.5, mutation=mutation)
    q_ref = None if mutation is None else ref.uniform_mutation(4, mutation)
    twin = ref.discrete_replicator(matrix.tolist(), start.tolist(), 40, 0.5, q_ref)
    assert np.max(np.abs(r.shares - np.array(twin))) < 1e-13


# ----------------------------------------------------------------------------- mutation


def test_mutation_fixed_points_are_rest_points_and_attract():
    game = hawk_dove(2.0, 4.0)
    points = fixed_points(game, mutation=0.1)
    stable = [p for p in points if p.stability == "stable"]
    assert len(stable) == 1
    for p in points:
        field = ref.replicator_field(game, p.shares.tolist(), ref.uniform_mutation(2, 0.1))
        assert np.max(np.abs(field)) < 1e-10
    run = replicator(game, [0.3, 0.7], mutation=0.1, time=100.0)
    assert np.allclose(run.final_shares, stable[0].shares, atol=1e-8)
    # symmetric mutation keeps the symmetric hawk-dove point at 1/2
    assert np.allclose(stable[0].shares, 0.5, atol=1e-10)


def test_small_mutation_perturbs_pure_fixed_points_slightly():
    game = [[1.0, 3.0, 0.5], [2.0, 0.0, 1.0], [0.5, 2.5, 1.5]]
    pure = [p for p in fixed_points(game) if p.stability == "stable"]
    mutated = [p for p in fixed_points(game, mutation=1e-6) if p.stability == "stable"]
    assert len(pure) == len(mutated) >= 1
    for p, m in zip(pure, sorted(mutated, key=lambda p: p.support), strict=True):
        assert np.max(np.abs(p.shares - m.shares)) < 1e-4


def test_three_strategy_edge_point():
    # hawk, dove and a strategy that everybody beats: the hawk-dove mix on the edge is stable
    game = [[-1.0, 2.0, 3.0], [0.0, 1.0, 3.0], [-2.0, -2.0, -2.0]]
    points = fixed_points(game)
    assert [(p.support, p.stability) for p in points] == [
        ((0,), "saddle"),
        ((1,), "saddle"),
        ((2,), "unstable"),
        ((0, 1), "stable"),
    ]
    assert np.allclose(points[3].shares, [0.5, 0.5, 0.0], atol=1e-14)
    assert np.allclose(sorted(points[3].eigenvalues.real), [-2.5, -0.5], atol=1e-12)
    r = replicator(game, [0.1, 0.1, 0.8], time=60.0)
    assert np.allclose(r.final_shares, [0.5, 0.5, 0.0], atol=1e-6)


def test_tft_alld_threshold_disappears_under_strong_mutation():
    # with mu = 0.01 ALLD's vertex point and the threshold annihilate: TFT-rich point only
    points = fixed_points(tft_alld(10), mutation=0.01)
    assert [p.stability for p in points] == ["stable"]
    assert points[0].shares[0] > 0.9


def test_mutation_keeps_shares_on_simplex():
    r = replicator(RPS, [0.7, 0.2, 0.1], mutation=0.02, time=30.0)
    assert np.max(np.abs(r.shares.sum(axis=1) - 1)) < 1e-9
    assert r.settings["mutation"] == 0.02


# ----------------------------------------------------------------------------- properties


@given(arrays(np.float64, (3, 3), elements=st.integers(-5, 5).map(float)))
def test_fixed_points_are_rest_points_with_consistent_jacobian(matrix):
    points = fixed_points(matrix)
    for p, other in itertools.combinations(points, 2):
        assert np.max(np.abs(p.shares - other.shares)) > 1e-9
    for p in points:
        x = p.shares
        assert np.all(x >= 0) and abs(x.sum() - 1) < 1e-12
        assert np.max(np.abs(ref.replicator_field(matrix.tolist(), x.tolist()))) < 1e-9
        # eigenvalues against a finite-difference Jacobian on the simplex
        h = 1e-6
        jac = np.empty((2, 2))
        for k in range(2):
            step = np.zeros(3)
            step[k], step[2] = h, -h
            plus = ref.replicator_field(matrix.tolist(), (x + step).tolist())
            minus = ref.replicator_field(matrix.tolist(), (x - step).tolist())
            jac[:, k] = ((np.array(plus) - np.array(minus)) / (2 * h))[:2]
        numeric = np.sort_complex(np.linalg.eigvals(jac))
        assert np.allclose(np.sort_complex(p.eigenvalues), numeric, atol=1e-4)
        if len(p.support) == 1:  # vertex: invaders' advantages
            i = p.support[0]
            expected = sorted(matrix[j, i] - matrix[i, i] for j in range(3) if j != i)
            assert np.allclose(sorted(p.eigenvalues.real), expected, atol=1e-12)


@given(
    arrays(np.float64, (3, 3), elements=st.floats(0, 5)),
    st.floats(0.001, 0.3),
)
@settings(max_examples=25)
def test_mutation_fixed_points_exist_and_are_rest_points(matrix, mu):
    points = fixed_points(matrix, mutation=mu)
    assert len(points) >= 1  # the simplex is invariant: Brouwer
    q = ref.uniform_mutation(3, mu)
    for p, other in itertools.combinations(points, 2):
        assert np.max(np.abs(p.shares - other.shares)) > 1e-7
    for p in points:
        assert np.all(p.shares >= 0) and abs(p.shares.sum() - 1) < 1e-12
        assert np.max(np.abs(ref.replicator_field(matrix.tolist(), p.shares.tolist(), q))) < 1e-9


@given(
    arrays(np.float64, (3, 3), elements=st.floats(0, 5)),
    st.floats(0.5, 3.0),
)
def test_affine_invariance_of_replicator(matrix, scale):
    start = [0.2, 0.3, 0.5]
    base = replicator(matrix, start, time=1.0, points=3)
    shifted = replicator(scale * matrix + 7.0, start, time=1.0 / scale, points=3)
    assert np.max(np.abs(base.final_shares - shifted.final_shares)) < 1e-7


# ----------------------------------------------------------------------------- results


def test_result_object():
    game = PopulationGame(tft_alld(10), names=["TFT", "ALLD"])
    r = replicator(game, [0.5, 0.5], time=10.0, points=11)
    assert isinstance(r, DynamicsResult)
    assert r.names == ("TFT", "ALLD") and r.winner == 0
    assert r.shares.shape == (11, 2) and r.times[-1] == 10.0
    assert np.array_equal(r.final_shares, r.shares[-1])
    text = r.summary()
    assert "replicator" in text and text.splitlines()[2].startswith("TFT")
    assert r.settings["time"] == 10.0 and r.settings["version"]
    (point,) = interior(fixed_points(game))
    assert isinstance(point, FixedPoint)
    with pytest.raises(ValueError):
        point.shares[0] = 1.0
    with pytest.raises(ValueError):
        r.shares[0, 0] = 1.0


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "kwargs", "match"),
    [
        (ecological, {"generations": 0}, "generations"),
        (ecological, {"generations": 2.5}, "generations"),
        (ecological, {"initial": [0.5, 0.5, 0.0]}, "initial"),
        (ecological, {"initial": [1.5, -0.5]}, "initial"),
        (ecological, {"initial": [0.5, 0.6]}, "initial"),
        (ecological, {"sample": True}, "sample"),
        (replicator, {"time": 0.0}, "time"),
        (replicator, {"points": 1}, "points"),
        (replicator, {"method": "euler"}, "method"),
        (replicator, {"rtol": -1.0}, "rtol"),
        (replicator, {"mutation": 1.5}, "mutation"),
        (replicator, {"mutation": [[1.0, 0.0]]}, "mutation"),
        (replicator, {"mutation": [[1.2, -0.2], [0.0, 1.0]]}, "mutation"),
        (replicator, {"mutation": [[0.5, 0.4], [0.0, 1.0]]}, "mutation"),
        (replicator, {"discrete": True, "generations": -1}, "generations"),
        (replicator, {"discrete": True, "baseline": 0.5}, "baseline"),
        (replicator, {"discrete": "yes"}, "discrete"),
        (fixed_points, {"mutation": [[0.5, 0.4], [0.0, 1.0]]}, "mutation"),
    ],
)
def test_bad_input(call, kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call([[3.0, -1.0], [5.0, 1.0]], **kwargs)


def test_fixed_points_refuses_four_strategies():
    with pytest.raises(ValueError, match="n = 4"):
        fixed_points(np.eye(4))


def test_bad_seed_and_game():
    from coop_sim import run_tournament

    t = run_tournament(["tit_for_tat", "random"], turns=5, repetitions=2, seed=1)
    with pytest.raises(TypeError, match="seed must be an int"):
        ecological(t, sample=True, seed="abc")
    with pytest.raises(ValueError, match="seed must be >= 0, got -1"):
        ecological(t, sample=True, seed=-1)
    with pytest.raises(ValueError, match="square"):
        ecological([[1.0, 2.0, 3.0]])
