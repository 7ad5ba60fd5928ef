"""Exact expected pay-offs through the public API: literature values and agreement with
the sampled engine (the exact answers are the oracle)."""

import numpy as np
import pytest

from coop_sim import Game, MemoryOne, expected_payoffs, run_tournament
from coop_sim.match import exact_outcomes

R, S, T, P = Game().as_tuple()


def discounted_total(a, b, w):
    """Expected total pay-off (not per round) under continuation probability w."""
    mean_a, mean_b = expected_payoffs(a, b, continuation=w)
    return mean_a / (1 - w), mean_b / (1 - w)


def test_tft_collective_stability_threshold():
    w_star = max((T - R) / (T - P), (T - R) / (R - S))
    assert w_star == pytest.approx(2 / 3)
    tft_tft, _ = discounted_total("tit_for_tat", "tit_for_tat", w_star)
    alld_tft, _ = discounted_total("defector", "tit_for_tat", w_star)
    assert tft_tft == pytest.approx(9.0, abs=1e-9)
    assert alld_tft == pytest.approx(7.0, abs=1e-9)
    for w in (0.5, 0.6, 0.66):  # below the threshold a deviation pays
        tft, _ = discounted_total("tit_for_tat", "tit_for_tat", w)
        assert (
            discounted_total("defector", "tit_for_tat", w)[0] > tft
            or discounted_total("alternator", "tit_for_tat", w)[0] > tft
        )
    for w in (0.67, 0.8, 0.95):  # above it neither ALLD nor alternation invades
        tft, _ = discounted_total("tit_for_tat", "tit_for_tat", w)
        assert discounted_total("defector", "tit_for_tat", w)[0] <= tft + 1e-9
        assert discounted_total("alternator", "tit_for_tat", w)[0] <= tft + 1e-9


def test_gtft_against_alld_in_the_long_run():
    a, b = expected_payoffs("gtft", "defector")
    assert (a, b) == pytest.approx((2 / 3, 7 / 3), abs=1e-12)


def test_tft_against_alld_fixed_rounds():
    for n in (1, 3, 10, 200):
        a, b = expected_payoffs("tit_for_tat", "defector", turns=n)
        assert (a, b) == pytest.approx(((S + (n - 1) * P) / n, (T + (n - 1) * P) / n))


def test_extort_2_enforces_its_linear_relation():
    rng = np.random.default_rng(2012)
    extort = MemoryOne(8 / 9, 1 / 2, 1 / 3, 0)
    for _ in range(20):
        other = MemoryOne(*rng.uniform(0.05, 0.95, 4), first=rng.uniform())
        s_x, s_y = expected_payoffs(extort, other)
        assert s_x - P == pytest.approx(2 * (s_y - P), abs=1e-9)


def test_named_zd_extort_2_is_press_and_dyson_vector():
    rng = np.random.default_rng(3)
    other = MemoryOne(*rng.uniform(0.1, 0.9, 4))
    assert expected_payoffs("zd_extort_2", other) == pytest.approx(
        expected_payoffs(MemoryOne(8 / 9, 1 / 2, 1 / 3, 0), other), abs=1e-12
    )


def test_symmetry_of_exact_payoffs():
    for a, b in [("win_stay_lose_shift", "random"), ("grudger", "alternator")]:
        ab = exact_outcomes(a, b, continuation=0.9, noise=0.05)
        ba = exact_outcomes(b, a, continuation=0.9, noise=0.05)
        assert ab[[0, 1]] == pytest.approx(ba[[1, 0]], abs=1e-12)
        assert ab[[2, 3, 4, 5]] == pytest.approx(ba[[2, 4, 3, 5]], abs=1e-12)


def test_strategies_without_finite_form_are_named():
    with pytest.raises(ValueError, match="'Soft Go By Majority' has no finite-state form"):
        expected_payoffs("go_by_majority", "defector", turns=10)


@pytest.mark.parametrize(
    "settings",
    [
        {"turns": 30, "noise": 0.05},
        {"turns": None, "continuation": 0.9, "noise": 0.0},
        {"turns": 20, "continuation": 0.95, "noise": 0.1},
    ],
)
def test_sampled_tournament_agrees_with_exact(settings):
    names = ["tit_for_tat", "win_stay_lose_shift", "random", "grudger", "gtft", "defector"]
    exact = run_tournament(names, method="exact", **settings)
    reps = 3000
    sampled = run_tournament(names, repetitions=reps, seed=99, **settings)
    # pay-offs are pooled (total / rounds), so they converge to the exact expected total /
    # expected length under a continuation probability too: 5 standard errors + a floor
    # (the spread of per-match means bounds that of the pooled ratio here)
    se = sampled.payoff_std / np.sqrt(reps)
    assert np.all(np.abs(sampled.payoff_matrix - exact.payoff_matrix) <= 5 * se + 0.01)
    assert sampled.ranked_names[-1] == exact.ranked_names[-1]
    pooled = sampled.state_distribution
    # 3,000 repetitions: the standard error of a pooled frequency is below 0.003 here
    assert np.abs(pooled - exact.state_distribution).max() < 0.02
    assert exact.payoff_std.max() == 0


def test_exact_tournament_refuses_programs():
    with pytest.raises(ValueError, match="no finite-state form"):
        run_tournament(["tit_for_tat", "go_by_majority"], method="exact")


def test_stationary_exact_tournament():
    r = run_tournament(["tit_for_tat", "defector", "gtft"], method="exact", turns=None)
    assert r.payoff_matrix[2, 1] == pytest.approx(2 / 3)
    assert r.payoff_matrix[1, 2] == pytest.approx(7 / 3)
    assert r.ranked_names[0] in ("Tit For Tat", "GTFT")


@pytest.mark.parametrize(
    "program",
    ["tricky_cooperator", "remorseful_prober", "first_by_nydegger", "first_by_anonymous"],
)
def test_programs_with_finite_forms_simulate_as_their_exact_values(program):
    """A program with a finite form is simulated by its compiled program and evaluated
    exactly through the automaton: the two must agree."""
    settings = {"turns": 40, "noise": 0.05}
    exact = run_tournament([program, "tit_for_tat", "random"], method="exact", **settings)
    reps = 2000
    sampled = run_tournament(
        [program, "tit_for_tat", "random"], repetitions=reps, seed=5, **settings
    )
    se = sampled.payoff_std / np.sqrt(reps)
    assert np.all(np.abs(sampled.payoff_matrix - exact.payoff_matrix) <= 5 * se + 0.005)
