"""Exact analysis of finite populations: closed forms, dense twins, limits, bad input."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop_sim.evolution.chain import (
    StationaryResult,
    gradient_of_selection,
    state_index,
    states,
    stationary_distribution,
)
from coop_sim.evolution.exact import (
    SmallMutationResult,
    fixation_matrix,
    fixation_probability,
    fixation_time,
    fixation_vs_population,
    small_mutation_stationary,
)
from coop_sim.evolution.population import FINITE_PROCESSES, FiniteProcess
from tests.reference import (
    ref_absorbing,
    ref_small_mutation,
    ref_states,
    ref_stationary,
    ref_transition_matrix,
)

TFT_ALLD = np.array([[30.0, 9.0], [14.0, 10.0]]) / 10  # 10-round TFT vs ALLD
RANDOM3 = np.array([[2.1, 0.3, 1.7], [2.9, 0.8, 1.1], [1.5, 2.4, 2.0]])


def moran_constant(r: float, size: int, mutants: int = 1) -> float:
    """Closed form for constant relative fitness r: (1 - r^-m) / (1 - r^-N)."""
    if r == 1:
        return mutants / size
    lr = -math.log(r)
    return math.expm1(mutants * lr) / math.expm1(size * lr)


def log_abs_expm1(x: float) -> float:
    """log |e^x - 1| without overflow."""
    return x + math.log1p(-math.exp(-x)) if x > 30 else math.log(abs(math.expm1(x)))


def birth_death_stationary(process) -> np.ndarray:
    """Two strategies, mu > 0: detailed balance pi_{k+1} / pi_k = T+(k) / T-(k+1), in logs
    (k = count of strategy 0 = the position in `states`)."""
    size = process.population
    k = np.arange(size + 1)
    t = process.transitions(np.stack([k, size - k], axis=1))
    up, down = t[:, 1, 0], t[:, 0, 1]
    log_pi = np.concatenate(([0.0], np.cumsum(np.log(up[:-1]) - np.log(down[1:]))))
    log_pi -= np.logaddexp.reduce(log_pi)
    return np.exp(log_pi), log_pi


# -------------------------------------------------------------- closed-form oracles
def test_moran_constant_fitness_golden():
    p = FiniteProcess([[1.1, 1.1], [1.0, 1.0]], population=10)  # baseline 0: fitness = pay-off
    rho = fixation_probability(p, 0, 1)
    assert abs(rho - 0.147950) < 1e-6
    assert abs(rho - (1 - 1 / 1.1) / (1 - 1.1**-10)) < 1e-12


@pytest.mark.parametrize(
    ("r", "size", "mutants"),
    [(1.1, 10, 3), (2.0, 50, 1), (0.9, 20, 5), (1.01, 1000, 1), (0.5, 1000, 1), (10.0, 1000, 7)],
)
def test_moran_constant_fitness_formula(r, size, mutants):
    p = FiniteProcess([[r, r], [1.0, 1.0]], population=size)
    rho = fixation_probability(p, 0, 1, mutants=mutants)
    expected = moran_constant(r, size, mutants)
    assert expected > 0
    assert rho == pytest.approx(expected, rel=1e-9, abs=0)


def test_moran_constant_fitness_strong_selection_does_not_underflow_to_junk():
    # rho = (2 - 1) / (2^1000 - 1) ~ 9.33e-302: tiny but exact in log space
    p = FiniteProcess([[0.5, 0.5], [1.0, 1.0]], population=1000)
    rho = fixation_probability(p, 0, 1)
    assert rho == pytest.approx(math.exp(-1000 * math.log(2)), rel=1e-9)
    assert fixation_probability(p, 1, 0) == pytest.approx(0.5, rel=1e-12)  # 1 - 1/2


def test_fermi_constant_payoff_difference_golden():
    delta, beta, size = 0.1, 1.0, 10
    game = [[1.0 + delta, 1.0 + delta], [1.0, 1.0]]
    p = FiniteProcess(game, population=size, process="fermi", intensity=beta)
    rho = fixation_probability(p, 0, 1)
    expected = (1 - math.exp(-beta * delta)) / (1 - math.exp(-size * beta * delta))
    assert abs(rho - 0.150545) < 1e-6
    assert abs(rho - expected) < 1e-12


@pytest.mark.parametrize(("delta", "size"), [(0.3, 40), (-0.5, 1000), (2.0, 1000)])
def test_fermi_constant_payoff_difference_formula(delta, size):
    p = FiniteProcess([[delta, delta], [0.0, 0.0]], population=size, process="fermi")
    # rho = (1 - e^{-d}) / (1 - e^{-N d}) in logs: works for either sign of d
    log_num, log_den = log_abs_expm1(-delta), log_abs_expm1(-size * delta)
    assert fixation_probability(p, 0, 1) == pytest.approx(math.exp(log_num - log_den), rel=1e-9)


@pytest.mark.parametrize("process", FINITE_PROCESSES)
@pytest.mark.parametrize("size", [2, 7, 100])
def test_neutral_fixation_is_share_of_mutants(process, size):
    p = FiniteProcess(np.full((3, 3), 2.0), population=size, process=process, intensity=0.5)
    for mutants in {1, size // 2, size - 1, size}:
        rho = fixation_probability(p, 2, 0, mutants=mutants)
        assert rho == pytest.approx(mutants / size, rel=1e-12)
    rho = fixation_matrix(p)
    off = ~np.eye(3, dtype=bool)
    assert np.allclose(rho[off], 1 / size, rtol=1e-12, atol=0)


# ---------------------------------------------------------------- fixation vs twins
@pytest.mark.parametrize("process", FINITE_PROCESSES)
@pytest.mark.parametrize(("mutant", "resident"), [(0, 1), (1, 0)])
def test_fixation_probability_matches_absorbing_chain(process, mutant, resident):
    p = FiniteProcess(TFT_ALLD, population=15, process=process, intensity=0.8)
    phi, _ = ref_absorbing(p, mutant, resident)
    mine = np.array([fixation_probability(p, mutant, resident, mutants=m) for m in range(1, 15)])
    assert np.allclose(mine, phi, rtol=1e-10, atol=1e-12)


@given(
    matrix=st.lists(st.floats(0.0, 5.0), min_size=4, max_size=4),
    size=st.integers(2, 14),
    process=st.sampled_from((*FINITE_PROCESSES, "exp-moran")),
    intensity=st.floats(0.0, 3.0),
)
def test_fixation_matches_absorbing_chain_random_games(matrix, size, process, intensity):
    kwargs = {
        "exp-moran": {"process": "moran", "fitness": "exponential"},
        "moran": {"process": "moran", "baseline": 1.0},  # linear fitness stays positive
        "moran-db": {"process": "moran-db", "baseline": 1.0},
        "fermi": {"process": "fermi"},
    }[process]
    game = np.array(matrix).reshape(2, 2)
    p = FiniteProcess(game, population=size, intensity=intensity, **kwargs)
    phi, times = ref_absorbing(p, 0, 1)
    mine = np.array([fixation_probability(p, 0, 1, mutants=m) for m in range(1, size)])
    # the dense twin's relative error grows with the spread of the products prod g_i
    # (its system is that ill-conditioned): e.g. 4e-9 for a spread of 7e7
    t = np.array([p.transitions([k, size - k]) for k in range(1, size)])
    with np.errstate(divide="ignore"):
        logs = np.concatenate(([0.0], np.cumsum(np.log(t[:, 0, 1]) - np.log(t[:, 1, 0]))))
    spread = np.exp(min(np.ptp(logs[np.isfinite(logs)]), 700.0))
    assert np.allclose(mine, phi, rtol=1e-9 + 1e-15 * spread, atol=1e-12)
    # the dense twin loses ~eps / rho_1 relative accuracy in the time when rho_1 is tiny
    if phi[0] > 1e-12:
        rel = 1e-8 + 1e-14 / phi[0] + 1e-15 * spread
        assert fixation_time(p, 0, 1) == pytest.approx(times[0], rel=rel)


@pytest.mark.parametrize("process", FINITE_PROCESSES)
def test_fixation_time_matches_absorbing_chain(process):
    p = FiniteProcess(TFT_ALLD, population=20, process=process, intensity=1.5)
    for mutant, resident in [(0, 1), (1, 0)]:
        phi, times = ref_absorbing(p, mutant, resident)
        tolerance = 1e-9 if phi[0] > 1e-3 else 1e-6  # the twin is poor for tiny rho_1
        assert fixation_time(p, mutant, resident) == pytest.approx(times[0], rel=tolerance)


@pytest.mark.parametrize("process", FINITE_PROCESSES)
def test_fixation_time_is_symmetric(process):
    # conditional fixation times of A in B and of B in A are equal (Taylor et al. 2006);
    # the two computations walk the chain in opposite directions.  Checked to 1e-15 against
    # a 60-digit solve of the same chain for fermi, N = 20, intensity 1.5: 246.248275506122
    p = FiniteProcess(TFT_ALLD, population=20, process=process, intensity=1.5)
    forward, backward = fixation_time(p, 0, 1), fixation_time(p, 1, 0)
    assert forward == pytest.approx(backward, rel=1e-12)
    if process == "fermi":
        assert forward == pytest.approx(246.24827550612196, rel=1e-13)


def test_fixation_time_neutral_moran():
    for size in (5, 30):
        p = FiniteProcess([[1.0, 1.0], [1.0, 1.0]], population=size)
        assert fixation_time(p, 0, 1) == pytest.approx((size - 1) ** 2, rel=1e-12)


def test_fixation_time_nan_when_mutant_cannot_fix():
    p = FiniteProcess([[0.0, 0.0], [1.0, 1.0]], population=10, intensity=1.0)
    assert math.isnan(fixation_time(p, 0, 1))


def test_mutant_without_fitness_never_fixes_and_resident_without_fitness_always_loses():
    # linear fitness, baseline 0: pay-off 0 means fitness 0
    p = FiniteProcess([[0.0, 0.0], [1.0, 1.0]], population=10, intensity=1.0)
    assert fixation_probability(p, 0, 1, mutants=9) == 0.0  # T+ = 0 everywhere
    assert fixation_probability(p, 1, 0) == 1.0  # T- = 0 everywhere
    phi, _ = ref_absorbing(p, 1, 0)
    assert np.allclose(phi, 1.0)


def test_barrier_inside_the_chain():
    # coordination game, Fermi at huge intensity: the mutant cannot grow while it is worse
    # (k <= 3 of 10) and cannot shrink once it is better (k >= 4)
    p = FiniteProcess([[2.0, 0.0], [0.0, 1.0]], population=10, process="fermi", intensity=1e4)
    got = [fixation_probability(p, 0, 1, mutants=m) for m in range(1, 11)]
    assert got == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    # moderate intensity: everything positive, matches the twin
    q = dataclasses.replace(p, intensity=20.0)
    phi, _ = ref_absorbing(q, 0, 1)
    mine = [fixation_probability(q, 0, 1, mutants=m) for m in range(1, 10)]
    assert np.allclose(mine, phi, rtol=1e-8, atol=1e-14)


def test_fixation_ignores_mutation():
    p = FiniteProcess(TFT_ALLD, population=12, process="moran-db", intensity=0.4, mutation=0.2)
    q = dataclasses.replace(p, mutation=0.0)
    assert fixation_probability(p, 1, 0) == fixation_probability(q, 1, 0)
    assert np.array_equal(fixation_matrix(p), fixation_matrix(q), equal_nan=True)


def test_fixation_matrix_entries():
    p = FiniteProcess(RANDOM3, population=9, process="fermi", intensity=2.0)
    rho = fixation_matrix(p)
    assert rho.shape == (3, 3)
    assert np.all(np.isnan(np.diag(rho)))
    for i in range(3):
        for j in range(3):
            if i != j:
                assert rho[i, j] == pytest.approx(ref_absorbing(p, i, j)[0][0], rel=1e-10)


def test_fixation_vs_population():
    p = FiniteProcess([[1.1, 1.1], [1.0, 1.0]], population=3)
    sizes = [2, 10, 100, 1000]
    rho = fixation_vs_population(p, 0, 1, sizes)
    expected = [moran_constant(1.1, n) for n in sizes]
    assert np.allclose(rho, expected, rtol=1e-9, atol=0)
    q = FiniteProcess(TFT_ALLD, population=3, process="fermi", intensity=0.3)
    got = fixation_vs_population(q, 0, 1, [5, 12])
    assert got[1] == fixation_probability(dataclasses.replace(q, population=12), 0, 1)
    assert got[0] == pytest.approx(ref_absorbing(dataclasses.replace(q, population=5), 0, 1)[0][0])


# --------------------------------------------------------------- small-mutation limit
@pytest.mark.parametrize("process", FINITE_PROCESSES)
def test_small_mutation_stationary_matches_power_iteration(process):
    p = FiniteProcess(RANDOM3, population=8, process=process, intensity=0.7)
    result = small_mutation_stationary(p)
    assert isinstance(result, SmallMutationResult)
    assert abs(result.probabilities.sum() - 1) < 1e-12
    assert np.all(result.probabilities >= 0)
    assert np.allclose(result.probabilities, ref_small_mutation(p), atol=1e-10)
    assert np.allclose(result.transition.sum(axis=1), 1.0, atol=1e-14)
    assert np.allclose(result.probabilities @ result.transition, result.probabilities, atol=1e-14)


def test_small_mutation_two_strategies_is_ratio_of_fixation_probabilities():
    p = FiniteProcess(TFT_ALLD, population=30, process="moran", intensity=0.5)
    pi = small_mutation_stationary(p).probabilities
    assert pi[0] / pi[1] == pytest.approx(
        fixation_probability(p, 0, 1) / fixation_probability(p, 1, 0), rel=1e-10
    )


def test_small_mutation_refuses_reducible_chain():
    # a lone mutant meets only residents, earns 0 and has fitness 0: no invasion either way
    p = FiniteProcess([[1.0, 0.0], [0.0, 1.0]], population=5, intensity=1.0)
    with pytest.raises(ValueError, match="no unique stationary"):
        small_mutation_stationary(p)


# ------------------------------------------------------------------------ full chain
def test_states_order_and_index():
    for n, size in [(1, 4), (2, 5), (3, 6), (4, 5)]:
        s = states(n, size)
        assert s.shape == (math.comb(size + n - 1, n - 1), n)
        assert [tuple(x) for x in s] == ref_states(n, size)
        assert np.array_equal(state_index(s), np.arange(len(s)))
    assert state_index([2, 1, 3]) == ref_states(3, 6).index((2, 1, 3))


def componentwise_residual(process, result) -> float:
    """max_j |(pi Q)_j| / sum_i pi_i |Q_ij| over the dense chain: small only if every
    probability, however small, is right to high relative accuracy."""
    big, _ = ref_transition_matrix(process)
    pi = result.probabilities
    q = big - np.eye(len(pi))
    scale = pi @ np.abs(q)
    keep = scale > 1e-290
    return float(np.max(np.abs(pi @ q)[keep] / scale[keep]))


@pytest.mark.parametrize("method", ["auto", "gth", "lu"])
@pytest.mark.parametrize("process", FINITE_PROCESSES)
@pytest.mark.parametrize("options", [{}, {"self_interaction": True}, {"fitness": "exponential"}])
def test_stationary_matches_dense_twin(process, options, method):
    p = FiniteProcess(
        RANDOM3, population=6, process=process, intensity=0.9, mutation=0.05, **options
    )
    result = stationary_distribution(p, method=method)
    assert isinstance(result, StationaryResult)
    assert result.settings["method"] == ("gth" if method == "auto" else method)
    pi, space = ref_stationary(p)
    assert [tuple(x) for x in result.states] == space
    assert abs(result.probabilities.sum() - 1) < 1e-12
    assert np.all(result.probabilities >= 0)
    assert np.allclose(result.probabilities, pi, atol=1e-10, rtol=0)
    expected = pi @ np.array(space) / 6
    assert np.allclose(result.abundance, expected, atol=1e-10)
    assert result.settings["states"] == 28 and result.names == ("S0", "S1", "S2")


def test_stationary_four_strategies_matches_dense_twin():
    game = np.array([[3.0, 0.5, 2.0, 1.0], [1.0, 1.0, 4.0, 0.2], [2.2, 0.1, 1.0, 3.0],
                     [0.7, 2.5, 1.5, 2.0]])  # fmt: skip
    p = FiniteProcess(game, population=5, process="moran-db", intensity=0.6, mutation=0.02)
    pi, _ = ref_stationary(p)
    for method in ("gth", "lu"):
        got = stationary_distribution(p, method=method).probabilities
        assert np.allclose(got, pi, atol=1e-10, rtol=0)


@pytest.mark.parametrize("method", ["auto", "gth", "lu"])
def test_stationary_larger_two_strategy_chain_matches_dense_twin(method):
    p = FiniteProcess(TFT_ALLD, population=40, process="moran", intensity=2.0, mutation=0.01)
    pi, _ = ref_stationary(p)
    result = stationary_distribution(p, method=method).probabilities
    assert np.allclose(result, pi, atol=1e-10, rtol=0)
    assert np.allclose(result, birth_death_stationary(p)[0], atol=1e-14, rtol=1e-9)


TWO_BASINS = [[1.0, 0.0], [0.3, 0.8]]  # coordination game: two basins of attraction


@pytest.mark.parametrize(
    ("process", "intensity", "mutation"),
    [("fermi", 0.0, 0.5), ("moran", 0.5, 0.3), ("fermi", 5.0, 1e-3), ("moran-db", 1.0, 1e-7)],
)
def test_stationary_two_strategies_detailed_balance(process, intensity, mutation):
    # N = 2000: the mass spans hundreds of orders of magnitude (some states underflow to 0)
    p = FiniteProcess(TWO_BASINS, population=2000, process=process, intensity=intensity,
                      mutation=mutation, fitness="exponential")  # fmt: skip
    expected, log_pi = birth_death_stationary(p)
    assert log_pi.max() - log_pi.min() > 400
    r = stationary_distribution(p)
    assert r.settings["method"] == "balance"
    assert np.allclose(r.probabilities, expected, atol=1e-13, rtol=1e-8)
    assert np.allclose(r.abundance[0], expected @ r.states[:, 0] / 2000, atol=1e-12)
    # state reduction (GTH) resolves the same extreme chains without the closed form
    gth = stationary_distribution(p, method="gth").probabilities
    big = expected > 1e-250
    assert np.allclose(gth[big], expected[big], rtol=1e-9, atol=0)


@pytest.mark.parametrize(
    ("process", "intensity", "mutation"), [("fermi", 0.0, 0.5), ("moran", 0.5, 0.3)]
)
def test_stationary_lu_survives_a_light_fixed_state(process, intensity, mutation):
    # the monomorphic states carry < 1e-300 of the mass: fixing one there overflows, so
    # the solver must fix another state
    p = FiniteProcess(TWO_BASINS, population=2000, process=process, intensity=intensity,
                      mutation=mutation, fitness="exponential")  # fmt: skip
    expected, log_pi = birth_death_stationary(p)
    assert log_pi.max() - log_pi[[0, -1]].max() > 700
    got = stationary_distribution(p, method="lu").probabilities
    assert np.allclose(got, expected, atol=1e-13, rtol=1e-8)


def test_stationary_lu_refuses_nearly_decomposable_chain_and_auto_uses_gth():
    # three-strategy coordination game under strong selection and rare mutation: the
    # basins' weights are set by crossing rates far below rounding error of an LU solve
    p = FiniteProcess(np.diag([1.0, 0.9, 0.8]), population=60, process="fermi",
                      intensity=20.0, mutation=1e-4)  # fmt: skip
    with pytest.raises(ValueError, match="decomposable"):
        stationary_distribution(p, method="lu")
    result = stationary_distribution(p)
    assert result.settings["method"] == "gth"
    assert componentwise_residual(p, result) < 1e-10
    assert result.monomorphic()[0] > 0.99  # the pay-off dominant convention wins


@pytest.mark.parametrize("process", FINITE_PROCESSES)
def test_stationary_tends_to_small_mutation_limit(process):
    p = FiniteProcess(RANDOM3, population=10, process=process, intensity=0.1, mutation=1e-6)
    limit = small_mutation_stationary(p).probabilities
    for method in ("gth", "lu"):
        mono = stationary_distribution(p, method=method).monomorphic()
        assert mono.sum() > 0.99
        assert np.allclose(mono / mono.sum(), limit, atol=1e-3)
    # and a clearly positive mutation rate is visibly different from the limit
    far = stationary_distribution(dataclasses.replace(p, mutation=0.05)).monomorphic()
    assert far.sum() < 0.9


def test_stationary_refuses_zero_mutation_and_large_spaces():
    p = FiniteProcess(RANDOM3, population=10)
    with pytest.raises(ValueError, match="small_mutation_stationary"):
        stationary_distribution(p)
    big = FiniteProcess(RANDOM3, population=5000, mutation=0.01)
    with pytest.raises(ValueError, match="12,507,501 states"):
        stationary_distribution(big)
    with pytest.raises(ValueError, match="max_states=100"):
        stationary_distribution(dataclasses.replace(big, population=20), max_states=100)
    with pytest.raises(ValueError, match="method"):
        stationary_distribution(dataclasses.replace(big, population=5), method="eigen")
    with pytest.raises(ValueError, match="two strategies"):
        stationary_distribution(dataclasses.replace(big, population=5), method="balance")


# -------------------------------------------------------------- gradient of selection
@pytest.mark.parametrize("process", FINITE_PROCESSES)
def test_gradient_is_expected_change_of_counts(process):
    p = FiniteProcess(RANDOM3, population=5, process=process, intensity=1.2, mutation=0.1)
    big, space = ref_transition_matrix(p)
    space = np.array(space)
    expected = big @ space - space  # E[k' - k | k]
    g = gradient_of_selection(p)
    assert g.shape == (len(space), 3)
    assert np.allclose(g, expected, atol=1e-14)
    assert np.allclose(gradient_of_selection(p, space[[3, 7]]), expected[[3, 7]], atol=1e-14)


def test_gradient_two_strategies_constant_fitness():
    # Moran birth-death, constant fitness r: T+ - T- = k (N - k) (r - 1) / ((r k + N - k)(N - 1))
    r, size = 1.5, 12
    p = FiniteProcess([[r, r], [1.0, 1.0]], population=size)
    k = np.arange(size + 1)
    g = gradient_of_selection(p, np.stack([k, size - k], axis=1))
    expected = k * (size - k) * (r - 1) / ((r * k + size - k) * (size - 1))
    assert np.allclose(g[:, 0], expected, atol=1e-15)
    assert np.allclose(g[:, 1], -expected, atol=1e-15)


def test_gradient_rejects_bad_states():
    p = FiniteProcess(RANDOM3, population=5)
    with pytest.raises(ValueError, match="summing to population=5"):
        gradient_of_selection(p, [[1, 1, 1]])
    with pytest.raises(ValueError, match="shape"):
        gradient_of_selection(p, [[5, 0]])


# ------------------------------------------------------------------------- bad input
def test_bad_indices():
    p = FiniteProcess(RANDOM3, population=5)
    with pytest.raises(ValueError, match="different"):
        fixation_probability(p, 1, 1)
    with pytest.raises(ValueError, match=r"mutant must be a strategy index in \[0, 2\]"):
        fixation_probability(p, 3, 0)
    with pytest.raises(ValueError, match="resident"):
        fixation_probability(p, 0, -1)
    with pytest.raises(TypeError, match="mutant"):
        fixation_probability(p, 0.0, 1)
    with pytest.raises(ValueError, match="mutants"):
        fixation_probability(p, 0, 1, mutants=6)
    with pytest.raises(ValueError, match="mutants"):
        fixation_probability(p, 0, 1, mutants=0)
    with pytest.raises(ValueError, match="different"):
        fixation_time(p, 2, 2)
    with pytest.raises(ValueError, match="resident"):
        fixation_vs_population(p, 0, 5, [4])
    with pytest.raises(TypeError, match="FiniteProcess"):
        fixation_matrix(RANDOM3)
    with pytest.raises(ValueError, match="population"):
        fixation_vs_population(p, 0, 1, [1])


def test_state_space_limits_and_bad_states_are_clear_errors():
    big = FiniteProcess(np.eye(8), population=300)
    with pytest.raises(ValueError, match=r"the chain has [\d,]+ states .* max_states=5,000,000"):
        gradient_of_selection(big)
    small = FiniteProcess(np.eye(2), population=4, mutation=0.1)
    for bad in (-1, 0):
        with pytest.raises(ValueError, match="max_states must be an int >= 1"):
            stationary_distribution(small, max_states=bad)
    for bad in (-1.0, float("nan")):
        with pytest.raises(ValueError, match="max_work must be a real > 0"):
            stationary_distribution(FiniteProcess(np.eye(3), population=4, mutation=0.1),
                                    method="lu", max_work=bad)  # fmt: skip
    with pytest.raises(TypeError, match="max_states must be an int"):
        stationary_distribution(small, max_states="x")
    with pytest.raises(ValueError, match="whole counts"):
        gradient_of_selection(small, [[1.5, 2.5]])


def test_a_transient_reference_state_is_skipped_by_the_sparse_solve():
    # fixing the probability of a transient all-one-strategy state leaves an exactly
    # singular system: the solver must move on to another reference state
    process = FiniteProcess([[3, 0], [5, 1]], population=8, process="moran-db",
                            intensity=2.0, fitness="exponential", mutation=1.0)  # fmt: skip
    for method in ("auto", "lu"):
        got = stationary_distribution(process, method=method)
        np.testing.assert_allclose(got.probabilities, ref_stationary(process)[0], atol=1e-12)


@pytest.mark.parametrize("name", ["moran", "moran-db"])
def test_mutation_one_leaves_transient_states_but_one_stationary_distribution(name):
    # with mu = 1 an offspring never copies its parent, so the all-one-strategy states
    # cannot be re-entered: they are transient, and the solvers must say so with 0 mass
    game = [[3.0, 0.0, 4.0], [5.0, 1.0, 0.5], [2.0, 2.0, 2.0]]
    process = FiniteProcess(game, population=6, process=name, mutation=1.0)
    got = stationary_distribution(process)
    want, _ = ref_stationary(process)
    np.testing.assert_allclose(got.probabilities, want, atol=1e-12)
    assert got.monomorphic().max() < 1e-12


def test_too_much_work_for_a_sparse_solve_is_refused_with_the_estimate():
    process = FiniteProcess(np.eye(5), population=30, process="fermi", mutation=0.01)
    with pytest.raises(ValueError, match=r"46,376 states .* max_work=3\.0e\+09"):
        stationary_distribution(process)


def _log_rho_plain(process, mutant, resident):
    """log of the fixation probability of one mutant, by the product formula in plain
    Python logs (from FiniteProcess.transitions, one state at a time)."""
    size = process.population
    logs, acc = [0.0], 0.0
    for i in range(1, size):
        counts = [0] * process.n
        counts[mutant], counts[resident] = i, size - i
        t = process.transitions(counts)
        acc += math.log(t[mutant, resident]) - math.log(t[resident, mutant])
        logs.append(acc)
    top = max(logs)
    return -(top + math.log(math.fsum(math.exp(x - top) for x in logs)))


@pytest.mark.parametrize("n", [2, 3])
def test_small_mutation_limit_survives_fixation_probabilities_below_the_smallest_float(n):
    # a coordination game under very strong selection: every invasion has probability far
    # below 1e-308, yet the embedded chain is well defined
    diag = [1.0, 1.001, 0.999][:n]
    process = FiniteProcess(np.diag(diag), population=60, process="fermi", intensity=60.0)
    log_rho = {(i, j): _log_rho_plain(process, i, j) for i in range(n) for j in range(n) if i != j}
    assert max(log_rho.values()) < -745  # exp() of it is 0.0 in floating point
    got = small_mutation_stationary(process).probabilities
    if n == 2:  # pi_0 rho[1, 0] = pi_1 rho[0, 1]
        want0 = 1.0 / (1.0 + math.exp(log_rho[1, 0] - log_rho[0, 1]))
        np.testing.assert_allclose(got, [want0, 1 - want0], rtol=1e-9)
    else:  # balance of the 3-state embedded chain, solved in logs by hand
        rates = np.array([[0.0 if i == j else math.exp(log_rho[j, i] - log_rho[0, 1])
                           for j in range(n)] for i in range(n)])  # fmt: skip
        generator = rates - np.diag(rates.sum(axis=1))
        a = np.vstack([generator.T, np.ones(n)])
        want = np.linalg.lstsq(a, np.r_[np.zeros(n), 1.0], rcond=None)[0]
        np.testing.assert_allclose(got, want, rtol=1e-9)
