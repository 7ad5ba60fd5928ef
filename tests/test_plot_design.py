"""Tests of the design figures (coop_sim.plot_design): heatmap + contour, bands, outcomes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.contour import ContourSet
from PIL import Image
from scipy import stats

import coop_sim
from coop_sim._output import is_temp, remove_stale_temps
from coop_sim.design import Dynamics, Scenario, Shadow, evaluate, evaluate_replicates
from coop_sim.design.threshold import threshold
from coop_sim.plot_design import (
    confidence_band,
    plot_designs,
    plot_outcome,
    plot_sweep_heatmap,
    plot_sweep_line,
    plot_threshold,
    save_figure,
)


def grid_table(replicates: int = 3, seed: int = 0) -> pd.DataFrame:
    """A sweep-like table: cooperation rises with the fine and falls with the noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for fine in (0.0, 0.5, 1.0, 1.5, 2.0):
        for noise in (0.0, 0.1, 0.2):
            for r in range(replicates):
                value = np.clip(fine / 2.0 - noise + rng.normal(0, 0.05), 0, 1)
                rows.append({"fine_on_defection": fine, "noise": noise, "replicate": r,
                             "cooperation": value, "takeover": bool(value > 0.5)})  # fmt: skip
    return pd.DataFrame(rows)


def contours(ax) -> list[ContourSet]:
    return [c for c in ax.collections if isinstance(c, ContourSet)]


def test_heatmap_shows_cell_means_axes_and_the_threshold_contour():
    table = grid_table()
    fig = plot_sweep_heatmap(table, "fine_on_defection", "noise", threshold=0.5)
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("fine_on_defection", "noise")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "0.5", "1", "1.5", "2"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0", "0.1", "0.2"]
    means = table.groupby(["noise", "fine_on_defection"])["cooperation"].mean().unstack()
    mesh = ax.collections[0]
    assert np.allclose(np.asarray(mesh.get_array()).reshape(3, 5), means.to_numpy())
    assert "mean of 3 replicates" in fig.axes[1].get_ylabel()  # the colour bar
    (contour,) = contours(ax)
    assert contour.levels.tolist() == [0.5]
    points = np.concatenate(contour.allsegs[0])
    # cooperation ~ fine / 2 - noise crosses 0.5 near fine 1 + 2 noise (in the levers' values)
    for noise in (0.0, 0.1, 0.2):
        at = points[np.isclose(points[:, 1], noise)]
        assert at.shape == (1, 2) and abs(at[0, 0] - (1.0 + 2 * noise)) < 0.15
    # the contour is named in a legend and on the colour bar, never as text over the cells
    assert contour.labelTexts == []
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "contour: mean cooperation = 0.5"
    ]
    assert any(np.allclose(line.get_segments()[0][:, 1], 0.5) for line in fig.axes[1].collections
               if hasattr(line, "get_segments") and line.get_segments())  # fmt: skip


def test_heatmap_of_an_uneven_numeric_grid_uses_the_levels_values():
    """turnover = [0.01, 0.05, 0.2]: cells centred on the values, the contour interpolated
    between the values (not between positions 0, 1, 2)."""
    rows = []
    for bonus in (0.0, 1.0, 2.0):
        for turnover in (0.01, 0.05, 0.2):
            rows.append({"bonus": bonus, "turnover": turnover, "replicate": 0,
                         "cooperation": turnover / 0.2})  # fmt: skip
    table = pd.DataFrame(rows)
    fig = plot_sweep_heatmap(table, "bonus", "turnover", threshold=0.5)
    ax = fig.axes[0]
    mesh = ax.collections[0]
    corners = mesh.get_coordinates()  # (rows + 1, columns + 1, 2): the cells' edges
    assert np.allclose(corners[:, 0, 1], [-0.01, 0.03, 0.125, 0.275])
    assert np.allclose(corners[0, :, 0], [-0.5, 0.5, 1.5, 2.5])
    assert np.allclose(ax.get_yticks(), [0.01, 0.05, 0.2])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0.01", "0.05", "0.2"]
    at = {t.get_text(): sorted(p.get_position() for p in ax.texts if p.get_text() == t.get_text())
          for t in ax.texts}  # fmt: skip
    assert np.allclose(at["0.25"], [(0.0, 0.05), (1.0, 0.05), (2.0, 0.05)])
    assert np.allclose(at["1.00"], [(0.0, 0.2), (1.0, 0.2), (2.0, 0.2)])
    (contour,) = contours(ax)
    points = np.concatenate(contour.allsegs[0])
    # cooperation = turnover / 0.2 reaches 0.5 at turnover 0.1; in index space it would sit
    # a third of the way from 0.05 to 0.2 (0.1 is exact only on the values' axis)
    assert np.allclose(points[:, 1], 0.1)


def test_heatmap_tick_labels_are_compact():
    table = grid_table().assign(noise=lambda t: t["noise"] + 0.123456)
    ax = plot_sweep_heatmap(table, "fine_on_defection", "noise").axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0.123", "0.223", "0.323"]


def test_heatmap_without_a_crossing_says_so_and_draws_no_contour():
    table = grid_table()
    ax = plot_sweep_heatmap(table, "fine_on_defection", "noise", threshold=2.0).axes[0]
    assert contours(ax) == []
    assert "is not crossed" in ax.get_title()
    assert contours(plot_sweep_heatmap(table, "noise", "fine_on_defection").axes[0]) == []


def test_heatmap_of_a_boolean_metric_is_a_share_of_runs():
    table = grid_table()
    ax = plot_sweep_heatmap(table, "fine_on_defection", "noise", "takeover").axes[0]
    shares = table.groupby(["noise", "fine_on_defection"])["takeover"].mean().unstack()
    assert np.allclose(np.asarray(ax.collections[0].get_array()).reshape(3, 5), shares)
    assert ax.collections[0].get_clim() == (0.0, 1.0)


def test_heatmap_errors():
    table = grid_table()
    with pytest.raises(ValueError, match="column 'turnover' is not in the table"):
        plot_sweep_heatmap(table, "turnover", "noise")
    with pytest.raises(ValueError, match="different levers"):
        plot_sweep_heatmap(table, "noise", "noise")
    with pytest.raises(TypeError, match="DataFrame"):
        plot_sweep_heatmap(table.to_dict(), "noise", "fine_on_defection")


def test_line_plot_band_is_the_t_interval_of_the_mean():
    table = grid_table(replicates=4, seed=3)
    part = table[table["noise"] == 0.1]
    fig = plot_sweep_line(part, "fine_on_defection", level=0.9, threshold=0.8)
    ax = fig.axes[0]
    line = ax.lines[0]
    groups = part.groupby("fine_on_defection")["cooperation"]
    mean, sd, n = groups.mean().to_numpy(), groups.std().to_numpy(), groups.count().to_numpy()
    assert np.allclose(line.get_xdata(), [0.0, 0.5, 1.0, 1.5, 2.0])
    assert np.allclose(line.get_ydata(), mean)
    (band,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
    vertices = band.get_paths()[0].vertices
    half = stats.t.ppf(0.95, n - 1) * sd / np.sqrt(n)
    assert np.isclose(vertices[:, 1].max(), (mean + half).max())
    assert np.isclose(vertices[:, 1].min(), (mean - half).min())
    level_lines = [ln for ln in ax.lines if ln.get_label() == "cooperation = 0.8"]
    assert len(level_lines) == 1 and np.allclose(level_lines[0].get_ydata(), 0.8)
    assert "90% t-interval of the mean of 4 replicates" in ax.get_title()


def test_line_plot_band_stays_in_the_rate_range_and_its_title_fits(tmp_path):
    """A wide interval of a rate near 0 or 1 is clipped to [0, 1]; a long title is wrapped
    so it fits the figure."""
    table = pd.DataFrame({"fine_on_defection_with_a_long_name": [0, 0, 1, 1, 2, 2],
                          "cooperation": [0.0, 0.3, 0.5, 0.6, 0.7, 1.0]})  # fmt: skip
    table.attrs["grid"] = {"fine_on_defection_with_a_long_name": [], "turnover": [],
                           "noise": [], "continuation": []}  # fmt: skip
    fig = plot_sweep_line(table, "fine_on_defection_with_a_long_name", threshold=0.8)
    ax = fig.axes[0]
    (band,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
    ys = band.get_paths()[0].vertices[:, 1]
    assert ys.min() == 0.0 and ys.max() == 1.0  # 0.15 +- 1.9 and 0.85 +- 1.9, clipped
    stats = confidence_band(table, "fine_on_defection_with_a_long_name", "cooperation")
    assert stats["low"].min() == 0.0 and stats["high"].max() == 1.0
    welfare = table.rename(columns={"cooperation": "welfare"})
    assert confidence_band(welfare, "fine_on_defection_with_a_long_name", "welfare")[
        "low"].min() < 0  # fmt: skip
    assert all(len(line) <= 62 for line in ax.get_title().splitlines())
    fig.canvas.draw()
    title = ax.title.get_window_extent()
    assert title.x0 >= 0 and title.x1 <= fig.bbox.width  # not cut off


def test_line_plot_by_a_second_lever_draws_one_line_and_band_each():
    table = grid_table()
    ax = plot_sweep_line(table, "fine_on_defection", by="noise").axes[0]
    assert [ln.get_label() for ln in ax.lines] == ["noise = 0", "noise = 0.1", "noise = 0.2"]
    assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 3


def test_confidence_band_has_zero_width_for_one_replicate():
    table = grid_table(replicates=1)
    band = confidence_band(table[table["noise"] == 0.0], "fine_on_defection", "cooperation")
    assert np.allclose(band["low"], band["mean"]) and np.allclose(band["high"], band["mean"])
    assert (band["n"] == 1).all()
    pooled = confidence_band(table, "fine_on_defection", "cooperation")  # noise levels pooled
    assert (pooled["n"] == 3).all() and (pooled["high"] > pooled["mean"]).all()
    with pytest.raises(ValueError, match="level must be a confidence level"):
        confidence_band(grid_table(), "noise", "cooperation", level=95)


SMALL = Scenario({"tit_for_tat": 0.5, "defector": 0.5}, population=12,
                 interventions=[Shadow(continuation=0.8)],
                 dynamics=Dynamics("moran", generations=20))  # fmt: skip


def test_outcome_figure_draws_shares_and_the_cooperation_rate():
    out = evaluate(SMALL.with_levers(fine_on_defection=1.0), seed=4)
    ax = plot_outcome(out).axes[0]
    stacks = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(stacks) == 2  # one area per strategy, no band for one run
    (coop,) = [ln for ln in ax.lines if ln.get_label() == "co-operation rate"]
    assert np.allclose(coop.get_ydata(), out.cooperation)
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == ["tit_for_tat", "defector"]


def test_outcome_figure_of_replicates_shows_their_spread():
    runs = evaluate_replicates(SMALL, 6, seed=2)
    ax = plot_outcome(runs).axes[0]
    (coop,) = [ln for ln in ax.lines if ln.get_label() == "co-operation rate"]
    assert np.allclose(coop.get_ydata(), np.mean([r.cooperation for r in runs], axis=0))
    labels = [c.get_label() for c in ax.collections]
    assert "co-operation, middle half of runs" in labels
    assert "mean of 6 runs" in ax.get_title()
    with pytest.raises(TypeError):
        plot_outcome([])


def test_outcome_band_does_not_tint_the_shares_and_the_takeover_line_is_explained():
    runs = evaluate_replicates(SMALL, 6, seed=2)
    ax = plot_outcome(runs).axes[0]
    (band,) = [c for c in ax.collections if c.get_label() == "co-operation, middle half of runs"]
    assert np.all(band.get_facecolor()[:, 3] == 0)  # an outline: the stacked areas show through
    assert np.all(band.get_edgecolor()[:, 3] > 0)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"takeover level ({runs[0].takeover_level:g})" in legend
    (takeover,) = [ln for ln in ax.lines if ln.get_label().startswith("takeover level")]
    assert takeover.get_linestyle() == ":" and np.allclose(takeover.get_ydata(),
                                                           runs[0].takeover_level)  # fmt: skip


def test_designs_figure_has_one_panel_per_design():
    base = SMALL.with_levers(generations=5)
    fig = plot_designs([("base", evaluate(base, seed=1)),
                        ("fined", evaluate_replicates(base.with_levers(fine_on_defection=3.0),
                                                      2, seed=1))])  # fmt: skip
    assert [ax.get_title() for ax in fig.axes] == ["base: prisoners dilemma", "fined: harmony"]


def test_threshold_figure_marks_evaluations_and_value():
    s = Scenario(["tit_for_tat", "defector"], interventions=[Shadow(continuation=0.3)])
    r = threshold(s, "fine_on_defection", "tit_for_tat resists defector", method="exact")
    ax = plot_threshold(r).axes[0]
    (value,) = [ln for ln in ax.lines if ln.get_label().startswith("threshold")]
    assert np.allclose(value.get_xdata(), r.value)
    (closed,) = [ln for ln in ax.lines if ln.get_label().startswith("closed form")]
    assert np.allclose(closed.get_xdata(), 0.8)
    points = sum(len(c.get_offsets()) for c in ax.collections if c.get_label().startswith("target"))
    assert points == len(r.evaluations)


def test_threshold_figure_of_a_closed_form_shows_the_value_and_a_threshold_at_0():
    s = Scenario(["tit_for_tat", "defector"], interventions=[Shadow(continuation=0.3)])
    r = threshold(s, "fine_on_defection", "tit_for_tat resists defector")
    assert r.method == "closed-form" and r.evaluations == ()
    ax = plot_threshold(r).axes[0]
    (value,) = [ln for ln in ax.lines if ln.get_label().startswith("threshold")]
    assert np.allclose(value.get_xdata(), 0.8)
    assert ax.texts[0].get_text().splitlines() == ["fine_on_defection = 0.8", "(closed form)"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "target holds (closed form)" in legend and "target fails (closed form)" in legend
    assert any("criterion" in t.get_text() for t in ax.texts)
    # already holding at the bottom of the range (0): the line is inside the axes, not on
    # the spine
    at_zero = threshold(s.with_levers(continuation=0.9), "fine_on_defection",
                        "tit_for_tat resists defector")  # fmt: skip
    assert at_zero.value == 0.0
    ax = plot_threshold(at_zero).axes[0]
    (value,) = [ln for ln in ax.lines if ln.get_label().startswith("threshold")]
    assert np.allclose(value.get_xdata(), 0.0)
    assert ax.get_xlim()[0] < 0.0


def test_save_figure_is_atomic_and_checks_the_suffix(tmp_path):
    fig = plot_sweep_line(grid_table(), "noise")
    path = save_figure(fig, tmp_path / "line.png")
    with Image.open(path) as png:
        assert png.format == "PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line.png"]  # no temporary left
    with pytest.raises(ValueError, match=r"\.png, \.svg or \.pdf"):
        save_figure(fig, tmp_path / "line.gif")

    class Broken:
        def savefig(self, *args, **kwargs):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        save_figure(Broken(), tmp_path / "line.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line.png"]


def test_a_figure_write_killed_midway_leaves_a_recognisable_leftover(tmp_path):
    """kill -9 while saving: the temporary file stays, named so a later run can delete it."""
    code = (
        "import os, sys\n"
        "from coop_sim.plot_design import save_figure\n"
        "class Killed:\n"
        "    def savefig(self, path, **kwargs):\n"
        "        open(path, 'wb').write(b'half a png')\n"
        "        os._exit(9)\n"
        "save_figure(Killed(), sys.argv[1])\n"
    )
    src = str(Path(coop_sim.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [src, os.environ.get(
        "PYTHONPATH")])))  # fmt: skip
    mine = tmp_path / ".heatmap.png.a1b2.png"  # a user's file that merely looks similar
    mine.write_text("mine")
    child = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "heatmap.png")],
                             env=env)  # fmt: skip
    assert child.wait() == 9
    (left,) = [p for p in tmp_path.iterdir() if p != mine]
    assert left.name.startswith(f".coop_sim-heatmap.png.{child.pid}-") and is_temp(left.name)
    assert remove_stale_temps(tmp_path) == [left]
    assert sorted(tmp_path.iterdir()) == [mine]


def test_titles_name_the_levers_averaged_over():
    table = grid_table()
    table["turnover"] = 0.0
    fig = plot_sweep_heatmap(table, "fine_on_defection", "noise", averaged=["turnover"])
    assert fig.axes[0].get_title() == "cooperation over fine_on_defection and noise (mean over "\
        "turnover)"  # fmt: skip
    # a sweep table names its levers in attrs: the others are named without being told
    table.attrs["grid"] = {"fine_on_defection": [], "noise": [], "turnover": []}
    fig = plot_sweep_heatmap(table, "fine_on_defection", "noise")
    assert "(mean over turnover)" in fig.axes[0].get_title()
    assert "(mean over" not in plot_sweep_heatmap(table, "fine_on_defection", "noise",
                                                  averaged=[]).axes[0].get_title()  # fmt: skip
    fig = plot_sweep_line(table, "noise")
    assert fig.axes[0].get_title().endswith("pooled over fine_on_defection, turnover")
