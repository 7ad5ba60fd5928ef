"""Tests of coop_sim.plot: every figure function, drawing into given axes, save_all."""

from __future__ import annotations

import sys

import pytest
from matplotlib.figure import Figure

from coop_sim import plot, run_tournament

PLAYERS = ["tit_for_tat", "defector", "cooperator", "random"]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def result():
    return run_tournament(PLAYERS, turns=10, repetitions=2, seed=1)


@pytest.fixture(scope="module")
def geometric_result():
    return run_tournament(PLAYERS, turns=None, continuation=0.8, repetitions=2, seed=2)


@pytest.fixture(autouse=True)
def _close_pyplot_figures():
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


FUNCTIONS = list(plot.FIGURES.values())


@pytest.mark.parametrize("draw", FUNCTIONS, ids=list(plot.FIGURES))
def test_returns_a_figure_with_titled_axes(draw, result):
    figure = draw(result)
    assert isinstance(figure, Figure)
    title = figure.axes[0].get_title()
    assert "10 turns" in title and "noise 0" in title and "2 repetitions" in title
    assert figure.axes[0].has_data()


@pytest.mark.parametrize("draw", FUNCTIONS, ids=list(plot.FIGURES))
def test_draws_into_the_given_axes(draw, result):
    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert draw(result, ax=right) is figure
    assert right.has_data()
    assert not left.has_data()


@pytest.mark.parametrize("draw", FUNCTIONS, ids=list(plot.FIGURES))
def test_does_not_create_pyplot_figures(draw, result):
    before = (
        sys.modules["matplotlib.pyplot"].get_fignums() if "matplotlib.pyplot" in sys.modules else []
    )
    draw(result)
    after = (
        sys.modules["matplotlib.pyplot"].get_fignums() if "matplotlib.pyplot" in sys.modules else []
    )
    assert after == before


@pytest.mark.parametrize(
    "draw",
    [plot.score_distribution, plot.wins_distribution, plot.score_differences],
    ids=["scores", "wins", "differences"],
)
def test_box_plots_are_ordered_by_rank(draw, result):
    axes = draw(result).axes[0]
    labels = [t.get_text() for t in axes.get_xticklabels()]
    assert labels == result.ranked_names


@pytest.mark.parametrize("draw", [plot.payoff_heatmap, plot.cooperation_heatmap])
def test_heatmaps_are_ordered_by_rank_with_colour_bar(draw, result):
    figure = draw(result)
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == result.ranked_names
    assert [t.get_text() for t in axes.get_xticklabels()] == result.ranked_names
    assert len(figure.axes) == 2  # the colour bar
    image = axes.get_images()[0].get_array()
    order = result.ranking
    matrix = result.payoff_matrix if draw is plot.payoff_heatmap else result.cooperation
    assert image[0, -1] == pytest.approx(matrix[order[0], order[-1]])


def test_tick_labels_hidden_above_threshold(result, monkeypatch):
    monkeypatch.setattr(plot, "MAX_LABELLED_PLAYERS", 3)
    axes = plot.payoff_heatmap(result).axes[0]
    assert all(t.get_text() == "" for t in axes.get_xticklabels())
    assert "players by rank" in axes.get_xlabel()


def test_match_lengths_shows_geometric_lengths(geometric_result):
    axes = plot.match_lengths(geometric_result).axes[0]
    assert "w = 0.8" in axes.get_title()
    counts = sum(patch.get_height() for patch in axes.patches)
    n = len(PLAYERS)
    assert counts == n * (n - 1) // 2 * 2  # self-play excluded, 2 repetitions
    legend = [t.get_text() for t in axes.get_legend().get_texts()]
    assert any("expected 5.0" in text for text in legend)


def test_match_lengths_of_infinite_exact_matches():
    exact = run_tournament(
        ["tit_for_tat", "defector", "cooperator"], turns=None, continuation=None, method="exact"
    )
    axes = plot.match_lengths(exact).axes[0]
    assert "infinitely long" in axes.texts[0].get_text()
    assert "exact" in axes.get_title()


def test_save_all_writes_six_pngs(result, tmp_path):
    paths = plot.save_all(result, tmp_path / "figures")
    assert [p.name for p in paths] == [f"{name}.png" for name in plot.FIGURES]
    assert len(paths) == 6
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 1000


def test_settings_text_names_non_default_payoffs():
    exact = run_tournament(
        ["tit_for_tat", "defector"], game=(3, 0, 6, 1), turns=5, method="exact", noise=0.1
    )
    text = plot.settings_text(exact)
    assert text == "2 players, 5 turns, noise 0.1, exact expectation, (R, S, T, P) = (3, 0, 6, 1)"
