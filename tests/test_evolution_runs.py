"""PopulationRuns: the summaries it derives from its arrays."""

from __future__ import annotations

import numpy as np
import pytest

from coop_sim.evolution.runs import PopulationRuns, wilson_interval


def make(mutation: float) -> PopulationRuns:
    counts = np.array([[[2, 2], [4, 0]], [[2, 2], [0, 4]], [[2, 2], [4, 0]], [[2, 2], [3, 1]]])
    return PopulationRuns(
        names=("A", "B"), population=4, counts=counts, record_steps=np.array([0, 9]),
        fixed=np.array([0, 1, 0, -1]), fixation_step=np.array([5, 7, 9, -1]),
        abundance=np.array([[0.8, 0.2], [0.1, 0.9], [0.7, 0.3], [0.6, 0.4]]),
        steps=np.array([5, 7, 9, 9]), settings={"process": "moran", "mutation": mutation},
    )  # fmt: skip


def test_fixations_times_and_abundance():
    runs = make(0.0)
    assert runs.fixation_counts.tolist() == [2, 1]
    assert runs.fixation_probability.tolist() == [0.5, 0.25]
    np.testing.assert_allclose(runs.fixation_interval(), wilson_interval(np.array([2, 1]), 4))
    assert runs.mean_fixation_time.tolist() == [7.0, 7.0]
    np.testing.assert_allclose(runs.long_run_abundance, [0.55, 0.45])
    assert runs.final_counts.tolist() == [[4, 0], [0, 4], [4, 0], [3, 1]]
    assert "mean steps to fixation: 7.0 (3 of 4 runs)" in runs.summary()


def test_with_mutation_fixation_times_are_not_defined():
    runs = make(0.01)
    assert np.isnan(runs.mean_fixation_time).all()
    text = runs.summary()
    assert "ends all" in text and "first monomorphic state" in text


def test_wilson_interval_contains_the_estimate_and_shrinks():
    narrow = wilson_interval(np.array([500]), 1000)[0]
    wide = wilson_interval(np.array([5]), 10)[0]
    assert narrow[0] < 0.5 < narrow[1] and wide[1] - wide[0] > narrow[1] - narrow[0]
    assert wilson_interval(np.array([0]), 20)[0][0] == pytest.approx(0.0, abs=1e-15)


def test_to_frame_is_tidy():
    pytest.importorskip("pandas")
    frame = make(0.0).to_frame()
    assert list(frame.columns) == ["run", "step", "strategy", "count", "share"]
    assert len(frame) == 4 * 2 * 2
    assert frame.query("run == 1 and step == 9 and strategy == 'B'")["share"].item() == 1.0
