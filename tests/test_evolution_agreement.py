"""Exact answers as the oracle for sampled ones: the simulated finite populations (well-mixed
and on the complete graph) against the exact fixation probabilities and stationary
distributions of :mod:`coop_sim.evolution.exact`."""

from __future__ import annotations

import numpy as np
import pytest

from coop_sim.evolution import FiniteProcess, population_game, simulate, simulate_structured
from coop_sim.evolution.chain import stationary_distribution
from coop_sim.evolution.exact import fixation_probability
from coop_sim.evolution.runs import wilson_interval

# Tit For Tat, Always Defect and Win-Stay Lose-Shift under w = 0.9: frequency dependent
GAME = population_game(["tit_for_tat", "defector", "win_stay_lose_shift"], turns=None,
                       continuation=0.9)  # fmt: skip
PAIR = GAME.subgame([0, 1])


@pytest.mark.parametrize(
    ("name", "intensity", "start"),
    [("moran", 0.3, [3, 9]), ("moran-db", 0.3, [3, 9]), ("fermi", 0.5, [3, 9])],
)
def test_simulated_fixation_agrees_with_exact(name, intensity, start):
    process = FiniteProcess(PAIR, population=12, process=name, intensity=intensity)
    exact = fixation_probability(process, 0, 1, mutants=start[0])
    runs = simulate(process, start, runs=20_000, seed=12)
    low, high = wilson_interval(runs.fixation_counts[:1], runs.runs, level=0.999)[0]
    assert low <= exact <= high
    neutral = start[0] / 12  # the test can tell selection from drift
    assert not (low <= neutral <= high)


def test_structured_complete_graph_agrees_with_exact_fixation():
    # with expected pay-offs the individual-based kernel on the complete graph is the
    # well-mixed chain; with real matches of random length it is not (fitness is noisy),
    # which is why payoffs='auto' plays matches there
    process = FiniteProcess(PAIR, population=10, process="moran-db", intensity=0.5)
    exact = fixation_probability(process, 0, 1, mutants=3)
    common = dict(process="moran-db", intensity=0.5, turns=None, continuation=0.9, seed=3)
    runs = simulate_structured(["tit_for_tat", "defector"], [3, 7], payoffs="expected",
                               runs=6000, **common)  # fmt: skip
    low, high = wilson_interval(runs.fixation_counts[:1], runs.runs, level=0.999)[0]
    assert low <= exact <= high
    auto = simulate_structured(["tit_for_tat", "defector"], [3, 7], runs=2, **common)
    assert auto.settings["payoffs"] == "matches"


@pytest.mark.parametrize("name", ["moran", "fermi"])
def test_long_run_abundance_agrees_with_the_exact_stationary_distribution(name):
    process = FiniteProcess(GAME, population=10, process=name, intensity=0.4, mutation=0.05)
    exact = stationary_distribution(process).abundance
    runs = simulate(process, [4, 3, 3], steps=100_000, runs=40, burn_in=1000, seed=8)
    per_run = runs.abundance
    se = per_run.std(axis=0, ddof=1) / np.sqrt(runs.runs)
    assert np.all(se < 0.01)  # precise enough to mean something
    assert np.all(np.abs(per_run.mean(axis=0) - exact) < 4.5 * se + 1e-12)
