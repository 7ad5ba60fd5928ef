"""Tests of coop_sim.plot_evolution: every figure from real results, into given axes."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from coop_sim import plot_evolution as figures
from coop_sim.evolution import FiniteProcess, ecological, simulate
from coop_sim.evolution.chain import stationary_distribution
from coop_sim.evolution.exact import small_mutation_stationary

RPS = np.array([[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]]) + 2.0
NAMES = ("Rock", "Paper", "Scissors")


@pytest.fixture(scope="module")
def process():
    from coop_sim.evolution import PopulationGame

    return FiniteProcess(PopulationGame(RPS, NAMES), 12, "fermi", mutation=0.05)


def test_shares_over_time_of_a_deterministic_run_and_of_a_simulated_run(process):
    det = ecological(RPS, [0.5, 0.3, 0.2], generations=20)
    fig = figures.shares_over_time(det)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "generation"
    assert len(ax.collections) == 3  # one band per strategy
    top = ax.collections[-1].get_paths()[0].vertices[:, 1].max()
    assert top == pytest.approx(1.0)  # stacked shares fill the unit interval
    runs = simulate(process, [4, 4, 4], steps=300, runs=2, seed=1)
    fig = figures.shares_over_time(runs, run=1)
    assert fig.axes[0].get_xlabel() == "step"
    assert fig.axes[0].get_xlim() == (0.0, 300.0)
    with pytest.raises(ValueError, match=r"run must be in 0\.\.1"):
        figures.shares_over_time(runs, run=2)


def test_simplex_places_corners_and_draws_stationary_and_paths(process):
    assert figures.to_simplex(np.eye(3)).round(6).tolist() == [
        [0.0, 0.0], [1.0, 0.0], [0.5, 0.866025],
    ]  # fmt: skip
    full = stationary_distribution(process)
    runs = simulate(process, [4, 4, 4], steps=200, runs=3, seed=2)
    fig = figures.simplex(NAMES, trajectories=list(runs.counts),
                          stationary=(full.states, full.probabilities))  # fmt: skip
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts if t.get_text()] == list(NAMES)
    assert len(fig.axes) == 2  # the colour bar of the stationary distribution
    assert len(ax.lines) >= 3 * 2  # each path and its start marker
    with pytest.raises(ValueError, match="exactly 3 strategies"):
        figures.simplex(["a", "b"])


def test_invasion_diagram_arrows_follow_fixation_probabilities(process):
    small = small_mutation_stationary(process)
    fig = figures.invasion_diagram(small.fixation, NAMES, process.population,
                                   stationary=small.probabilities)  # fmt: skip
    neutral = 1 / process.population
    expected = int(np.sum(np.where(np.eye(3, dtype=bool), 0, small.fixation) > neutral))
    assert len(fig.axes[0].patches) == expected > 0
    with pytest.raises(ValueError, match="fixation must be"):
        figures.invasion_diagram(np.zeros((2, 2)), NAMES, 10)


def test_fixation_vs_population_draws_each_curve_and_the_neutral_line():
    from matplotlib.figure import Figure as MplFigure

    target = MplFigure().add_subplot()
    fig = figures.fixation_vs_population([2, 5, 10], np.array([0.5, 0.3, 0.2]), ax=target)
    assert isinstance(fig, Figure) and fig.axes[0] is target
    ydata = [line.get_ydata().tolist() for line in target.lines]
    assert ydata == [[0.5, 0.3, 0.2], [0.5, 0.2, 0.1]]
