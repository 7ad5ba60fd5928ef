"""Tests of ``coop-sim sweep``, ``coop-sim threshold`` and ``coop-sim design``."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

import coop_sim
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


# ----------------------------------------------------------------------------- user test 5

MULTI = REPLICATOR.replace(
    '[threshold]\nlever = "fine_on_defection"\ntarget = "tit_for_tat resists defector"\n',
    '[[threshold]]\nlever = "fine_on_defection"\ntarget = "tit_for_tat resists defector"\n\n'
    '[[threshold]]\nlever = "continuation"\ntarget = "tit_for_tat resists defector"\n\n'
    '[[threshold]]\nlever = "fine_on_defection"\ntarget = "cooperation >= 0.8"\nhigh = 3.0\n',
)


def test_threshold_answers_every_table_of_the_file_or_the_one_of_index(capsys, tmp_path):
    path = scenario_file(tmp_path, MULTI)
    f = load_scenario(path)
    assert len(f.thresholds) == 3
    status, text, err = run(capsys, "threshold", str(path))
    assert status == 0, err
    blocks = text.strip().split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [
        f"[{k + 1}/3] threshold[{k}] of {path}" for k in range(3)
    ]
    for block, t in zip(blocks, f.thresholds, strict=True):
        api = threshold(f.scenario, t.lever, t.target, seed=1, **t.kwargs())
        assert value_of(block) == pytest.approx(api.value, rel=1e-6)
        assert api.statement in block
    assert value_of(blocks[1]) == pytest.approx(0.5)  # w >= (T - R) / (T - P)
    status, text, err = run(capsys, "threshold", str(path), "--index", "1")
    assert status == 0, err
    assert text == "\n".join(blocks[1].splitlines()[1:]) + "\n"  # the same block, alone
    line = one_error_line(*run(capsys, "threshold", str(path), "--index", "3"))
    assert f"--index must be in 0..2 ({path} has 3 threshold tables, counted from 0), got 3" in line


def test_threshold_errors_name_the_option_given(capsys, tmp_path):
    path = scenario_file(tmp_path, MULTI)
    line = one_error_line(*run(capsys, "threshold", str(path), "--lever", "noise", "--target",
                               "cooperation>=0.5", "--high", "1.5"))  # fmt: skip
    assert line.startswith("coop-sim: error: --high: noise must be ") and "1.5" in line
    line = one_error_line(*run(capsys, "threshold", str(path), "--lever", "noise", "--target",
                               "cooperation>=0.5", "--low", "0.4", "--high", "0.2"))  # fmt: skip
    assert line.startswith("coop-sim: error: --low and --high: low must be < high")
    line = one_error_line(*run(capsys, "threshold", str(path), "--index", "0", "--method",
                               "simulation"))  # fmt: skip
    assert line.startswith("coop-sim: error: --method: a 'resists' target is decided from")
    line = one_error_line(*run(capsys, "threshold", str(path), "--lever", "bonus"))
    assert "--lever: lever must be one of" in line
    assert line.endswith("did you mean 'bonus_cooperation' or 'listing_bonus'?")
    line = one_error_line(*run(capsys, "threshold", str(path), "--lever", "generations",
                               "--target", "tit_for_tat resists defector"))  # fmt: skip
    assert line.startswith("coop-sim: error: --lever: a 'resists' target is decided on the pay")


@pytest.mark.parametrize(
    ("table", "key", "words"),
    [
        ('lever = "fine_on_defection"\ntarget = "tit_for_tat resists defector"\n'
         'method = "simulation"', "method", "decided from the pay-off matrix"),
        ('lever = "fine_on_defection"\ntarget = "takeover"\nmethod = "closed-form"', "method",
         "needs a 'resists' target"),
        ('lever = "population"\ntarget = "takeover"\nlow = 10\nhigh = 40', "lever",
         "threshold over population is not supported"),
    ],
)  # fmt: skip
def test_design_check_refuses_what_threshold_would_refuse(capsys, tmp_path, table, key, words):
    text = MORAN.replace("[interventions.shadow]", "[interventions.turnover]\nrate = 0.1\n\n"
                         "[interventions.shadow]")  # fmt: skip
    path = scenario_file(tmp_path, text + "\n[threshold]\n" + table + "\n", "q.toml")
    for command in (["design", "check"], ["threshold"]):
        line = one_error_line(*run(capsys, *command, str(path)))
        assert line.startswith(f"coop-sim: error: {path}: threshold.{key} ") and words in line


def test_sweep_of_a_long_lever_says_where_the_table_is(capsys, tmp_path):
    grid = "fine_on_defection = { start = 0, stop = 2, num = 13 }"
    text = (
        MORAN.replace("continuation = [0.5, 0.9]\n", "")
        .replace("fine_on_defection = [0.0, 1.0, 2.0]", grid)
        .replace("replicates = 2", "replicates = 1")
        .replace("generations = 20", "generations = 5")
    )
    path = scenario_file(tmp_path, text)
    status, printed, err = run(capsys, "sweep", str(path), "--out", str(tmp_path / "long"))
    assert status == 0, err
    assert "mean cooperation: (13 values of fine_on_defection, too many to print here: see " \
        "results.csv)" in printed  # fmt: skip


def test_sweep_address_is_checked_before_anything_is_written(capsys, tmp_path, monkeypatch):
    pytest.importorskip("dask.distributed")
    import coop_sim.sweep as module

    path = scenario_file(tmp_path, MORAN)
    out = tmp_path / "never"
    line = one_error_line(*run(capsys, "sweep", str(path), "--out", str(out), "--address",
                               "notanaddress"))  # fmt: skip
    assert line == ("coop-sim: error: --address must be a Dask scheduler address of the form "
                    "tcp://host:port (e.g. tcp://10.0.0.5:8786), got 'notanaddress'")  # fmt: skip
    assert not out.exists()
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setattr(module, "CONNECT_TIMEOUT", 1.0)
    status, printed, err = run(capsys, "sweep", str(path), "--out", str(out), "--address",
                               f"tcp://127.0.0.1:{port}")  # fmt: skip
    assert status == 1 and printed == ""
    assert err.startswith(f"coop-sim: error: --address: cannot connect to the Dask scheduler at "
                          f"address 'tcp://127.0.0.1:{port}' within 1 s")  # fmt: skip
    assert not out.exists()
    bad = scenario_file(tmp_path, MORAN.replace("replicates = 2\n", 'replicates = 2\nbackend = '
                        '"dask"\naddress = "127.0.0.1"\n'), "addr.toml")  # fmt: skip
    line = one_error_line(*run(capsys, "sweep", str(bad), "--out", str(out)))
    assert f"{bad}: sweep.address must be a Dask scheduler address of the form" in line


def test_sweep_workers_with_the_serial_back_end(capsys, tmp_path):
    path = scenario_file(tmp_path, MORAN)
    out = tmp_path / "never"
    line = one_error_line(*run(capsys, "sweep", str(path), "--out", str(out), "--workers", "2",
                               "--backend", "serial"))  # fmt: skip
    assert "--workers needs --backend processes or dask" in line
    assert not out.exists()
    with_workers = scenario_file(tmp_path, MORAN.replace("replicates = 2\n", "replicates = 2\n"
                                 'backend = "processes"\nworkers = 2\n'), "w.toml")  # fmt: skip
    status, printed, err = run(capsys, "sweep", str(with_workers), "--out", str(out),
                               "--backend", "serial")  # fmt: skip
    assert status == 0, err
    assert printed.startswith(f"note: the serial back end runs in this process; sweep.workers = "
                              f"2 of {with_workers} is not used\n")  # fmt: skip


def test_a_renamed_scenario_resumes_and_ctrl_c_says_how_to_go_on(capsys, tmp_path, monkeypatch):
    import coop_sim.sweep as module

    path = scenario_file(tmp_path, MORAN)
    out = tmp_path / "sw"
    run_cell, calls = module._run_cell, []

    def interrupted(*a, **k):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return run_cell(*a, **k)

    monkeypatch.setattr(module, "_run_cell", interrupted)
    status, printed, err = run(capsys, "sweep", str(path), "--out", str(out))
    assert status == 130 and printed == ""
    assert err == (
        f"coop-sim: error: interrupted: 2 of 6 cells are finished and kept in {out}; "
        "run the same command again to resume (finished cells are not recomputed)\n"
    )
    monkeypatch.setattr(module, "_run_cell", run_cell)
    renamed = scenario_file(tmp_path, MORAN.replace('name = "small Moran"', 'name = "renamed"\n'
                            'description = "a new description"'), "renamed.toml")  # fmt: skip
    status, printed, err = run(capsys, "sweep", str(renamed), "--out", str(out))
    assert status == 0, err
    assert "6 cells, 12 rows" in printed
    f = load_scenario(path)
    pd.testing.assert_frame_equal(
        pd.read_parquet(out / "results.parquet"),
        sweep(f.scenario, f.sweep.grid, replicates=2, seed=5),
    )


def test_ctrl_c_of_a_dask_sweep_prints_one_line(tmp_path):
    """Ctrl-C in a terminal reaches the whole process group, the LocalCluster's workers too:
    stderr holds the one interrupted line, no distributed warnings or worker tracebacks."""
    pytest.importorskip("dask.distributed")
    # cells of ~1 s (the re-matching model: 100 players x 1000 generations x 50 rounds), so
    # the sweep is still running when Ctrl-C comes, however warm the machine
    text = (
        MORAN.replace("generations = 20", "generations = 1000")
        .replace("size = 12", "size = 100")
        .replace("continuation = [0.5, 0.9]", "continuation = [0.5, 0.6, 0.7, 0.8, 0.9]")
        .replace("[sweep]", "[interventions.turnover]\nrate = 0.05\n\n[sweep]")
    )
    path = scenario_file(tmp_path, text)
    out = tmp_path / "sw"
    src = str(Path(coop_sim.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [src, os.environ.get(
        "PYTHONPATH")])))  # fmt: skip
    child = subprocess.Popen(
        [sys.executable, "-m", "coop_sim.cli", "sweep", str(path), "--out", str(out), "--backend",
         "dask", "--workers", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not (out / "cells").is_dir() or not list((out / "cells").glob("cell-*.parquet")):
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "no cell after 120 s"
            time.sleep(0.05)
        os.killpg(child.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        printed, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    assert child.returncode == 130, err
    assert printed == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert re.fullmatch(rf"coop-sim: error: interrupted: \d+ of 15 cells are finished and kept "
                        rf"in {re.escape(str(out))}; run the same command again to resume "
                        r"\(finished cells are not recomputed\)", lines[0])  # fmt: skip


def test_report_states_each_criterion(capsys, tmp_path):
    text = MORAN.replace("[sweep]", '[threshold]\nlever = "fine_on_defection"\ntarget = '
                         '"cooperation >= 0.5"\nreplicates = 3\nhigh = 2.0\ntolerance = 0.5\n\n'
                         "[sweep]")  # fmt: skip
    path = scenario_file(tmp_path, text)
    out = tmp_path / "report"
    status, _, err = run(capsys, "design", "report", str(path), "--out", str(out), "--replicates",
                         "2")  # fmt: skip
    assert status == 0, err
    md = (out / "report.md").read_text()
    threshold_part, sweep_part = md.split("## Sweep")
    assert ("Criterion: the target holds at a level when it holds in at least half of the 3 "
            "runs there") in threshold_part  # fmt: skip
    assert ("Criterion: each cell shows the mean cooperation over its 2 replicates, compared "
            "with 0.5 -- an average, not the share of runs meeting a target; the simulated "
            "threshold above counts a level as reached when the target holds in at least half "
            "of the runs") in sweep_part  # fmt: skip
    assert "first fine_on_defection with mean cooperation >= 0.5" in sweep_part
