"""Tests of ``coop-sim sweep``, ``coop-sim threshold`` and ``coop-sim design``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from coop_sim import cli
from coop_sim.design.report import build_report
from coop_sim.design.scenario_file import load_scenario
from coop_sim.design.threshold import threshold
from coop_sim.sweep import sweep

MORAN = """\
name = "small Moran"
seed = 5

[population]
strategies = { tit_for_tat = 0.5, defector = 0.5 }
size = 12

[dynamics]
kind = "moran"
generations = 20

[interventions.shadow]
continuation = 0.8

[sweep]
replicates = 2
level = 0.5
[sweep.grid]
fine_on_defection = [0.0, 1.0, 2.0]
continuation = [0.5, 0.9]
"""

REPLICATOR = """\
name = "fine study"
seed = 1

[population]
strategies = { tit_for_tat = 0.5, defector = 0.5 }

[dynamics]
kind = "replicator"
generations = 40

[interventions.shadow]
continuation = 0.3

[[designs]]
name = "small fine"
[designs.fine_on_defection]
amount = 0.5

[[designs]]
name = "big fine"
[designs.fine_on_defection]
amount = 4.0

[threshold]
lever = "fine_on_defection"
target = "tit_for_tat resists defector"

[sweep]
[sweep.grid]
fine_on_defection = { start = 0.0, stop = 2.0, num = 5 }
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def scenario_file(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def one_error_line(status: int, out: str, err: str) -> str:
    assert status == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coop-sim: error: "), err
    assert "Traceback" not in err
    return lines[0]


# ----------------------------------------------------------------------------- sweep


def test_sweep_writes_the_api_table_and_a_heatmap(capsys, tmp_path):
    path = scenario_file(tmp_path, MORAN)
    out = tmp_path / "sw"
    status, text, err = run(capsys, "sweep", str(path), "--out", str(out))
    assert status == 0, err
    assert "6 cells, 12 rows" in text
    assert "fine_on_defection (3) x continuation (2); 2 replicates per cell; serial" in text
    assert "seed 5" in text
    assert f"results.parquet, results.csv and heatmap.png to {out}" in text
    f = load_scenario(path)
    expected = sweep(f.scenario, f.sweep.grid, replicates=2, seed=5)
    written = pd.read_parquet(out / "results.parquet")
    pd.testing.assert_frame_equal(written, expected, check_like=False)
    assert {"sweep.json", "cells", "results.csv", "heatmap.png"} <= {p.name for p in out.iterdir()}
    with Image.open(out / "heatmap.png") as png:
        assert png.format == "PNG"
    # the printed matrix holds the mean cooperation per cell
    means = expected.groupby(["continuation", "fine_on_defection"])["cooperation"].mean()
    row = next(line for line in text.splitlines() if line.strip().startswith("0.9 "))
    printed = [float(x) for x in row.split()[1:]]
    assert printed == pytest.approx(means.loc[0.9].to_numpy(), abs=5e-5)
    # the same command again resumes the finished sweep: same table, same summary
    (out / "results.parquet").unlink()
    status, again, err = run(capsys, "sweep", str(path), "--out", str(out))
    assert status == 0, err
    assert again == text
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"), expected)


def test_sweep_options_override_the_file_and_one_lever_gives_a_line(capsys, tmp_path):
    text = MORAN.replace("continuation = [0.5, 0.9]\n", "")
    path = scenario_file(tmp_path, text)
    out = tmp_path / "line"
    status, printed, err = run(capsys, "sweep", str(path), "--out", str(out), "--replicates",
                               "3", "--seed", "9")  # fmt: skip
    assert status == 0, err
    assert "3 cells, 9 rows" in printed and "seed 9" in printed
    assert (out / "line.png").exists() and not (out / "heatmap.png").exists()
    table = pd.read_parquet(out / "results.parquet")
    f = load_scenario(path)
    pd.testing.assert_frame_equal(table, sweep(f.scenario, f.sweep.grid, replicates=3, seed=9))


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (("size = 12", "size = 1"), ["population.size must be an int >= 2, got 1"]),
        (("[0.5, 0.9]", "[0.5, 1.5]"), ["sweep.grid.continuation[1]", "got 1.5"]),
        (('kind = "moran"', "kind = 3"), ["dynamics.kind must be one of", "got 3"]),
        (("size = 12", "size = 12\nsise = 3"), ["unknown key population.sise = 3"]),
        (("size = 12", "size = = 12"), ["invalid TOML", "line 6"]),
    ],
)
def test_sweep_of_a_bad_file_exits_2_and_writes_nothing(capsys, tmp_path, change, fragments):
    path = scenario_file(tmp_path, MORAN.replace(*change), "bad.toml")
    out = tmp_path / "D"
    line = one_error_line(*run(capsys, "sweep", str(path), "--out", str(out)))
    assert f"{path}: " in line
    for fragment in fragments:
        assert fragment in line
    assert not out.exists()


def test_sweep_errors_exit_2(capsys, tmp_path):
    out = tmp_path / "D"
    line = one_error_line(*run(capsys, "sweep", str(tmp_path / "missing.toml"), "--out", str(out)))
    assert "missing.toml" in line and "does not exist" in line
    no_sweep = scenario_file(tmp_path, MORAN.split("[sweep]")[0], "nosweep.toml")
    line = one_error_line(*run(capsys, "sweep", str(no_sweep), "--out", str(out)))
    assert "has no [sweep] table" in line
    path = scenario_file(tmp_path, MORAN)
    line = one_error_line(*run(capsys, "sweep", str(path), "--out", str(out), "--backend",
                               "serial", "--address", "tcp://127.0.0.1:1"))  # fmt: skip
    assert "--address needs --backend dask, got --backend serial" in line
    assert not out.exists()
    # an address from the file: the message names the file's key, not an option not given
    settings = 'replicates = 2\nbackend = "dask"\naddress = "tcp://127.0.0.1:1"\n'
    dask = scenario_file(tmp_path, MORAN.replace("replicates = 2\n", settings), "dask.toml")
    line = one_error_line(*run(capsys, "sweep", str(dask), "--out", str(out), "--backend",
                               "serial"))  # fmt: skip
    assert f"sweep.address in {dask} needs backend = 'dask', got --backend serial" in line
    assert "--address" not in line
    assert not out.exists()
    (tmp_path / "afile").write_text("x")
    line = one_error_line(*run(capsys, "sweep", str(path), "--out", str(tmp_path / "afile")))
    assert "is a file" in line
    status, _, err = run(capsys, "sweep", str(path))  # --out is required
    assert status == 2 and "(the options: coop-sim sweep --help)" in err


THREE_LEVERS = MORAN.replace("continuation = [0.5, 0.9]\n",
                             "continuation = [0.5, 0.9]\nnoise = [0.0, 0.05]\n")  # fmt: skip


def test_sweep_of_three_levers_draws_the_first_two_and_says_the_rest_is_averaged(
    capsys, tmp_path, monkeypatch
):
    import coop_sim.plot_design as plot_design

    figures = []
    save = plot_design.save_figure

    def keep(fig, path, **kwargs):
        figures.append((fig, Path(path).name))
        return save(fig, path, **kwargs)

    monkeypatch.setattr(plot_design, "save_figure", keep)
    path = scenario_file(tmp_path, THREE_LEVERS)
    out = tmp_path / "three"
    status, text, err = run(capsys, "sweep", str(path), "--out", str(out))
    assert status == 0, err
    assert "12 cells, 24 rows" in text
    assert ("heatmap.png and the table below show fine_on_defection x continuation, with "
            "cooperation averaged over the other lever: noise") in text  # fmt: skip
    assert "mean cooperation (averaged over noise):" in text
    with Image.open(out / "heatmap.png") as png:
        assert png.format == "PNG"
    ((fig, name),) = figures
    assert name == "heatmap.png"
    assert "(mean over noise)" in fig.axes[0].get_title()
    # the printed matrix averages the noise levels too
    table = pd.read_parquet(out / "results.parquet")
    means = table.groupby(["continuation", "fine_on_defection"])["cooperation"].mean()
    row = next(line for line in text.splitlines() if line.strip().startswith("0.9 "))
    assert [float(x) for x in row.split()[1:]] == pytest.approx(means.loc[0.9].to_numpy(),
                                                                abs=5e-5)  # fmt: skip


JOINT = MORAN.replace("tit_for_tat = 0.5, defector = 0.5", "tit_for_tat = 0.4, defector = 0.3, "
                      "cooperator = 0.3").split("[sweep.grid]")[0] + (
    '[sweep.grid]\n"initial:tit_for_tat" = [0.2, 0.6]\n"initial:defector" = [0.1, 0.5]\n'
)  # fmt: skip


@pytest.mark.parametrize("command", [["design", "check"], ["sweep"]])
def test_a_grid_cell_that_is_no_scenario_is_reported_with_file_key_and_cell(
    capsys, tmp_path, command
):
    path = scenario_file(tmp_path, JOINT, "joint.toml")
    out = tmp_path / "never"
    extra = ["--out", str(out)] if command == ["sweep"] else []
    line = one_error_line(*run(capsys, *command, str(path), *extra))
    assert f"{path}: sweep.grid: the cell " in line
    assert '"initial:tit_for_tat" = 0.6, "initial:defector" = 0.5' in line
    assert "must sum to at most 1" in line
    assert not out.exists()


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def test_sweep_folder_leftovers_and_foreign_folders(capsys, tmp_path):
    path = scenario_file(tmp_path, MORAN)
    out = tmp_path / "sw"
    status, _, err = run(capsys, "sweep", str(path), "--out", str(out))
    assert status == 0, err
    # a figure write killed last time leaves a recognisable temporary file: the next run
    # deletes it (its process is gone) and keeps the user's own files
    leftover = out / f".coop_sim-heatmap.png.{dead_pid()}-0a1b2c3d.tmp"
    leftover.write_bytes(b"half a png")
    (out / ".heatmap.png.notes.tmp").write_text("mine")
    status, _, err = run(capsys, "sweep", str(path), "--out", str(out))
    assert status == 0, err
    assert not leftover.exists() and (out / ".heatmap.png.notes.tmp").read_text() == "mine"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".coop_sim-")]
    # a folder that is no sweep's is refused, untouched
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "thesis.tex").write_text("mine")
    line = one_error_line(*run(capsys, "sweep", str(path), "--out", str(busy)))
    assert f"{busy}" in line and "holds no sweep.json" in line
    assert [p.name for p in busy.iterdir()] == ["thesis.tex"]


# ----------------------------------------------------------------------------- threshold


def value_of(text: str) -> float:
    return float(re.search(r"^value: (\S+)$", text, re.MULTILINE).group(1))


def test_threshold_prints_the_api_value(capsys, tmp_path):
    path = scenario_file(tmp_path, REPLICATOR)
    status, text, err = run(capsys, "threshold", str(path))
    assert status == 0, err
    f = load_scenario(path)
    api = threshold(f.scenario, "fine_on_defection", "tit_for_tat resists defector", seed=1)
    assert api.method == "closed-form"
    assert value_of(text) == pytest.approx(api.value, rel=1e-6)  # (1 - w) T + w P - R = 0.8
    assert value_of(text) == pytest.approx(0.8)
    assert "method: closed-form" in text and api.statement in text
    # another lever keeps the file's target: Axelrod's w >= (T - R) / (T - P) = 0.5
    status, text, err = run(capsys, "threshold", str(path), "--lever", "continuation")
    assert status == 0, err
    assert "method: closed-form" in text and value_of(text) == pytest.approx(0.5)


def test_threshold_options_override_the_file(capsys, tmp_path):
    path = scenario_file(tmp_path, REPLICATOR)
    argv = ["threshold", str(path), "--lever", "fine_on_defection", "--target",
            "cooperation>=0.8", "--low", "0", "--high", "3"]  # fmt: skip
    status, text, err = run(capsys, *argv)
    assert status == 0, err
    f = load_scenario(path)
    api = threshold(f.scenario, "fine_on_defection", "cooperation>=0.8", low=0, high=3, seed=1)
    assert api.method == "deterministic"
    assert value_of(text) == pytest.approx(api.value, rel=1e-6)
    assert f"bracket: ({api.bracket[0]:.6g}, {api.bracket[1]:.6g}]" in text
    status, text, err = run(capsys, *argv, "--method", "deterministic", "--tolerance", "0.5")
    assert status == 0, err
    coarse = threshold(f.scenario, "fine_on_defection", "cooperation>=0.8", low=0, high=3,
                       tolerance=0.5, seed=1)  # fmt: skip
    assert value_of(text) == pytest.approx(coarse.value, rel=1e-6)


def test_threshold_bad_input_exits_2(capsys, tmp_path):
    path = scenario_file(tmp_path, REPLICATOR)
    line = one_error_line(*run(capsys, "threshold", str(path), "--lever", "fines"))
    assert "--lever: lever must be one of" in line and "'fines'" in line
    line = one_error_line(*run(capsys, "threshold", str(path), "--target", "cooperation=>1"))
    assert "--target: target 'cooperation=>1' does not parse" in line
    line = one_error_line(*run(capsys, "threshold", str(path), "--target", "share:grudger>0.5"))
    assert "grudger" in line
    bare = scenario_file(tmp_path, REPLICATOR.split("[threshold]")[0], "bare.toml")
    line = one_error_line(*run(capsys, "threshold", str(bare), "--lever", "fine_on_defection"))
    assert "give --target" in line and "no [threshold] table" in line
    line = one_error_line(*run(capsys, "threshold", str(bare), "--target", "takeover"))
    assert "give --lever" in line
    status, _, err = run(capsys, "threshold", str(path), "--method", "guess")
    assert status == 2 and "invalid choice: 'guess'" in err


# ----------------------------------------------------------------------------- report


def test_report_lists_game_classes_and_the_threshold_statement(capsys, tmp_path):
    path = scenario_file(tmp_path, REPLICATOR)
    out = tmp_path / "report"
    status, text, err = run(capsys, "design", "report", str(path), "--out", str(out))
    assert status == 0, err
    assert sorted(p.name for p in out.iterdir()) == [
        "outcomes.png", "report.md", "sweep.png", "threshold.png",
    ]  # fmt: skip
    md = (out / "report.md").read_text()
    f = load_scenario(path)
    api = threshold(f.scenario, "fine_on_defection", "tit_for_tat resists defector", seed=1)
    assert api.statement in md
    rows = {line.split("|")[1].strip(): line for line in md.splitlines()
            if line.startswith("| ") and "design" not in line}  # fmt: skip
    assert set(rows) == {"base", "small fine", "big fine"}
    assert "| prisoners dilemma |" in rows["base"]
    assert "| 3, 0, 4.5, 0.5 | prisoners dilemma |" in rows["small fine"]
    assert "| 3, 0, 1, -3 | harmony |" in rows["big fine"]
    assert "![shares and co-operation over generations](outcomes.png)" in md
    assert "wrote report.md, outcomes.png, threshold.png, sweep.png" in text
    assert sorted(tmp_path.iterdir()) == sorted([path, out])  # no temporary folder left


def test_report_of_a_stochastic_scenario_in_html(capsys, tmp_path):
    path = scenario_file(tmp_path, MORAN.split("[sweep]")[0])
    out = tmp_path / "html"
    status, _, err = run(capsys, "design", "report", str(path), "--out", str(out), "--format",
                         "html", "--replicates", "3")  # fmt: skip
    assert status == 0, err
    page = (out / "report.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and '<img src="outcomes.png"' in page
    report = build_report(load_scenario(path), replicates=3)
    (row,) = report.rows()
    final = row["co-operation (final)"]
    assert f"<td>{final}</td>" in page and " ± " in final
    assert row["co-operators take over"].split()[0].endswith("/3")


def test_report_bad_input_exits_2_and_writes_nothing(capsys, tmp_path):
    path = scenario_file(tmp_path, REPLICATOR)
    out = tmp_path / "busy"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    line = one_error_line(*run(capsys, "design", "report", str(path), "--out", str(out)))
    assert "already exists and is not an empty directory" in line
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    bad = scenario_file(tmp_path, REPLICATOR.replace("amount = 4.0", "amount = -4.0"), "b.toml")
    fresh = tmp_path / "fresh"
    line = one_error_line(*run(capsys, "design", "report", str(bad), "--out", str(fresh)))
    assert "designs[1].fine_on_defection.amount must be a finite real number >= 0" in line
    assert not fresh.exists()
    status, _, err = run(capsys, "design", "report", str(path))
    assert status == 2 and "(the options: coop-sim design report --help)" in err


def test_write_report_needs_no_command_line_module(tmp_path, monkeypatch):
    """The library's report imports downward: coop_sim._output, not coop_sim.cli."""
    from coop_sim import _output
    from coop_sim.design.report import write_report

    assert cli.write_directory is _output.write_directory  # still importable from cli
    monkeypatch.setitem(sys.modules, "coop_sim.cli", None)  # importing it would fail
    f = load_scenario(scenario_file(tmp_path, REPLICATOR.split("[threshold]")[0]))
    paths = write_report(f, tmp_path / "r", seed=1)
    assert [p.name for p in paths] == ["report.md", "outcomes.png"]
    with pytest.raises(ValueError, match=r"^out '.*r' already exists and is not an empty dir"):
        write_report(f, tmp_path / "r", seed=1)


def test_design_check_describes_the_designs(capsys, tmp_path):
    path = scenario_file(tmp_path, REPLICATOR)
    status, text, err = run(capsys, "design", "check", str(path))
    assert status == 0, err
    assert text.startswith(f"{path}: valid")
    assert "design 'big fine': fine on defection 4 (T and P) -> harmony" in text
    assert "threshold: fine_on_defection for 'tit_for_tat resists defector'" in text
