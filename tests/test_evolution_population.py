"""FiniteProcess.transitions against a brute-force enumeration of individuals, including
strong selection (exponential fitness over a wide pay-off range) where a formula that
subtracts large numbers would lose the answer."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coop_sim.evolution import FiniteProcess, PopulationGame
from coop_sim.evolution.exact import fixation_probability


def brute_transitions(process: FiniteProcess, counts) -> np.ndarray:
    """T[i, j] by listing the individuals and every event, with exact rationals where the
    rules are uniform and math.fsum for fitness-weighted choices."""
    a = process.game.matrix
    n, size = process.n, process.population
    people = [s for s, c in enumerate(counts) for _ in range(c)]
    mu = process.mutation

    def payoff(x: int) -> float:
        others = [y for y in range(size) if y != x or process.self_interaction]
        return math.fsum(a[people[x], people[y]] for y in others) / len(others)

    pay = [payoff(x) for x in range(size)]

    def fitness(group: list[int]) -> list[float]:
        if process.fitness == "exponential":
            top = max(pay[x] for x in group)
            return [math.exp(process.intensity * (pay[x] - top)) for x in group]
        return [process.baseline + process.intensity * pay[x] for x in group]

    def offspring(s: int) -> list[tuple[int, float]]:
        return [(j, 1 - mu if j == s else mu / (n - 1)) for j in range(n)]

    t = np.zeros((n, n))
    if process.process == "fermi":
        for focal, model in itertools.permutations(range(size), 2):
            i, j = people[focal], people[model]
            p_pick = 1 / size / (size - 1)
            x = process.intensity * (pay[model] - pay[focal])
            adopt = 1 / (1 + math.exp(-x)) if x > -700 else 0.0
            if i != j:
                t[i, j] += p_pick * (1 - mu) * adopt
        for focal in range(size):
            for j in range(n):
                if j != people[focal]:
                    t[people[focal], j] += mu / (n - 1) / size
        return t
    if process.process == "moran":
        everyone = list(range(size))
        fit = fitness(everyone)
        total = math.fsum(fit)
        for parent in everyone:
            p_parent = fit[parent] / total if total > 0 else 1 / size
            for j, p_child in offspring(people[parent]):
                for victim in everyone:
                    if victim != parent and people[victim] != j:
                        t[people[victim], j] += p_parent * p_child / (size - 1)
        return t
    for dead in range(size):  # death-birth
        rest = [x for x in range(size) if x != dead]
        fit = fitness(rest)
        total = math.fsum(fit)
        for x, f in zip(rest, fit, strict=True):
            p_parent = f / total if total > 0 else 1 / (size - 1)
            for j, p_child in offspring(people[x]):
                if j != people[dead]:
                    t[people[dead], j] += p_parent * p_child / size
    return t


GAMES = [
    [[3, 0, 4], [5, 1, 0], [2, 2, 2]],
    [[80, 80, 80], [0, 0, 0], [1, 1, 1]],  # strong selection: one very fit strategy
    [[1, 1, 1], [1.1, 1.1, 1.1], [100, 100, 100]],
]


@pytest.mark.parametrize("matrix", GAMES)
@pytest.mark.parametrize("name", ["moran", "moran-db", "fermi"])
@pytest.mark.parametrize(
    ("fitness", "intensity", "mutation", "self_interaction"),
    [("linear", 0.3, 0.0, False), ("exponential", 1.0, 0.1, False),
     ("exponential", 10.0, 0.0, True), ("linear", 1.0, 0.2, True)],
)  # fmt: skip
def test_transitions_equal_the_brute_force_enumeration(
    matrix, name, fitness, intensity, mutation, self_interaction
):
    process = FiniteProcess(PopulationGame(matrix), population=5, process=name,
                            fitness=fitness, intensity=intensity, mutation=mutation,
                            self_interaction=self_interaction, baseline=0.5)  # fmt: skip
    for counts in [(1, 1, 3), (1, 2, 2), (0, 1, 4), (3, 0, 2), (5, 0, 0)]:
        got = process.transitions(counts)
        want = brute_transitions(process, counts)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)


def test_strong_selection_keeps_relative_accuracy():
    # the dying individual is by far the fittest: the choice among the others must still
    # follow their own fitness ratio exp(intensity * (1 - 0))
    process = FiniteProcess([[80] * 3, [0] * 3, [1] * 3], population=3, process="moran-db",
                            fitness="exponential", intensity=10.0)  # fmt: skip
    row = process.transitions([1, 1, 1])[0, 1:]
    assert row[1] / row[0] == pytest.approx(math.exp(10.0), rel=1e-12)
    assert row.sum() == pytest.approx(1 / 3, rel=1e-12)


def test_an_absent_strategy_with_huge_payoffs_changes_nothing():
    # exp(10 * 100) overflows; the strategy is absent, so fixation of 1 among 0 is the
    # constant-fitness value with r = exp(10 * 0.1)
    process = FiniteProcess([[1, 1, 1], [1.1, 1.1, 1.1], [100, 100, 100]], population=10,
                            fitness="exponential", intensity=10.0)  # fmt: skip
    r = math.exp(1.0)
    assert fixation_probability(process, 1, 0) == pytest.approx(
        (1 - 1 / r) / (1 - r**-10), rel=1e-12
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-5, 5, allow_nan=False), min_size=9, max_size=9),
    st.sampled_from(["moran", "moran-db", "fermi"]),
    st.floats(0, 0.5),
)
def test_rows_are_probabilities(values, name, mutation):
    matrix = np.array(values).reshape(3, 3)
    process = FiniteProcess(matrix, population=6, process=name, fitness="exponential",
                            intensity=2.0, mutation=mutation)  # fmt: skip
    states = np.array([s for s in itertools.product(range(7), repeat=3) if sum(s) == 6])
    t = process.transitions(states)
    assert np.all(t >= 0)
    assert np.all(t.sum(axis=(-1, -2)) <= 1 + 1e-12)
    np.testing.assert_allclose(t[3], brute_transitions(process, states[3]), rtol=1e-10,
                               atol=1e-300)  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"population": 1}, ValueError, "population must be an int >= 2, got 1"),
        ({"intensity": -0.5}, ValueError, "intensity must be a finite real >= 0"),
        ({"mutation": 1.5}, ValueError, r"mutation must be a probability in \[0, 1\]"),
        ({"baseline": float("nan")}, ValueError, "baseline must be a finite real, got nan"),
        ({"process": "moran-bd"}, ValueError, "process must be one of moran, moran-db, fermi"),
        ({"fitness": "log"}, ValueError, "fitness must be 'linear' or 'exponential'"),
        ({"baseline": -10.0}, ValueError, "linear fitness baseline"),
        ({"self_interaction": 1}, TypeError, "self_interaction"),
    ],
)
def test_bad_process_settings_are_one_clear_error(kwargs, error, match):
    settings = {"population": 5} | kwargs
    with pytest.raises(error, match=match):
        FiniteProcess([[3, 0], [5, 1]], **settings)


@pytest.mark.parametrize(
    ("matrix", "match"),
    [([[1, 2, 3]], "square"), ([[1, np.inf], [0, 1]], "finite"), ([[1]], "at least 2"),
     ("abc", "square array of reals")],
)  # fmt: skip
def test_bad_games_are_refused(matrix, match):
    with pytest.raises((ValueError, TypeError), match=match):
        PopulationGame(matrix)
