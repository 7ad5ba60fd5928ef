"""Tests of ``coop-sim evolve``: each process, exact and simulated, outputs and bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from coop_sim import cli
from coop_sim.evolution import FiniteProcess, population_game, simulate
from coop_sim.evolution.chain import stationary_distribution
from coop_sim.evolution.exact import small_mutation_stationary

THREE = ["tit_for_tat", "defector", "win_stay_lose_shift"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(["evolve", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def value_after(out: str, name: str, after: str) -> float:
    """The number on the line starting with ``name`` in the block after ``after``."""
    lines = out.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith(after))
    line = next(line for line in lines[start + 1 :] if line.strip().startswith(name))
    return float(line.split()[-1])


def test_exact_prints_the_api_numbers_and_writes_outputs(capsys, tmp_path):
    out_dir = tmp_path / "evo"
    status, out, err = run(
        capsys, *THREE, "--process", "fermi", "--population", "20", "--mutation", "0.01",
        "--continuation", "0.9", "--exact", "--out", str(out_dir),
    )  # fmt: skip
    assert status == 0, err
    game = population_game(THREE, turns=None, continuation=0.9)
    process = FiniteProcess(game, 20, "fermi", intensity=1.0, mutation=0.01)
    small = small_mutation_stationary(process)
    full = stationary_distribution(process)
    for k, name in enumerate(game.names):
        after = "small-mutation-limit"
        assert value_after(out, name, after) == pytest.approx(small.probabilities[k], abs=5e-5)
        after = "stationary abundance"
        assert value_after(out, name, after) == pytest.approx(full.abundance[k], abs=5e-5)
    written = sorted(p.name for p in out_dir.iterdir())
    assert written == [
        "fixation.csv", "fixation_vs_population.png", "invasion_diagram.png", "payoffs.csv",
        "simplex_stationary.png", "stationary.csv", "stationary_small_mutation.csv",
    ]  # fmt: skip
    with (out_dir / "stationary.csv").open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [*game.names, "probability"]
    assert sum(float(r[-1]) for r in rows[1:]) == pytest.approx(1.0, abs=1e-9)
    assert len(rows) - 1 == full.states.shape[0]


def test_simulated_moran_matches_the_api(capsys, tmp_path):
    out_dir = tmp_path / "moran"
    status, out, err = run(
        capsys, "tit_for_tat", "defector", "--process", "moran", "--population", "10",
        "--initial", "1,9", "--runs", "300", "--seed", "5", "--turns", "10", "--out",
        str(out_dir),
    )  # fmt: skip
    assert status == 0, err
    process = FiniteProcess(population_game(["tit_for_tat", "defector"], turns=10), 10)
    api = simulate(process, [1, 9], runs=300, seed=5)
    line = next(line for line in out.splitlines() if line.startswith("Tit For Tat"))
    assert int(line.split()[3]) == api.fixation_counts[0]
    assert {p.name for p in out_dir.iterdir()} == {
        "payoffs.csv", "runs.csv", "shares_over_time.png", "trajectories.csv",
    }  # fmt: skip


@pytest.mark.parametrize("process", ["ecological", "replicator"])
def test_deterministic_processes(capsys, tmp_path, process):
    out_dir = tmp_path / process
    status, out, err = run(
        capsys, "tit_for_tat", "defector", "cooperator", "--process", process,
        "--generations", "40", "--out", str(out_dir),
    )  # fmt: skip
    assert status == 0, err
    assert f"{process}" in out.splitlines()[1]
    with (out_dir / "shares.csv").open() as handle:
        rows = list(csv.reader(handle))
    last = np.array([float(x) for x in rows[-1][1:]])
    assert last.sum() == pytest.approx(1.0)
    assert last[1] < 0.01  # defectors die out once Tit For Tat has grown
    assert (out_dir / "simplex.png").exists()
    if process == "replicator":
        assert "fixed points of the replicator equation (shares of Tit For Tat," in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["tit_for_tat"], "at least 2 strategies"),
        (["tit_for_tat", "tit_for_tat"], "each strategy once"),
        (["tit_for_tat", "defector", "--process", "replicator", "--exact"], "--exact"),
        (["tit_for_tat", "defector", "--initial", "1,2,3"], "--initial"),
        (["tit_for_tat", "defector", "--initial", "3,3"], "population=100"),
        (["tit_for_tat", "defector", "--population", "1"], "--population"),
        (["tit_for_tat", "defector", "--mutation", "1.5"], "--mutation"),
        (["tit_for_tat", "defector", "--process", "moran-bd"], "--process"),
        (["tit_for_tat", "nobody"], "nobody"),
    ],
)
def test_bad_input_is_one_clear_error(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_out_is_not_left_half_written(capsys, tmp_path, monkeypatch):
    import coop_sim.plot_evolution as figures

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(figures, "shares_over_time", broken)
    out_dir = tmp_path / "never"
    status, _, err = run(
        capsys, "tit_for_tat", "defector", "--process", "ecological", "--out", str(out_dir)
    )
    assert status == 1 and "disk full" in err
    assert not out_dir.exists()
    assert list(Path(tmp_path).iterdir()) == []


def test_options_the_dynamics_does_not_use_are_named_in_one_warning(capsys):
    status, _, err = run(capsys, "tit_for_tat", "defector", "--process", "ecological",
                         "--beta", "2", "--population", "50", "--generations", "3")  # fmt: skip
    assert status == 0
    assert "warning: --beta, --population not used by ecological; ignored" in err
    status, _, err = run(capsys, "tit_for_tat", "defector", "--exact", "--population", "8",
                         "--runs", "5")  # fmt: skip
    assert status == 0 and "--runs not used by moran --exact" in err


def test_fitness_conventions_reach_the_process(capsys):
    argv = ["tit_for_tat", "defector", "--population", "8", "--exact", "--turns", "10"]
    _, linear, _ = run(capsys, *argv, "--beta", "0.5", "--baseline", "2")
    _, expo, _ = run(capsys, *argv, "--beta", "0.5", "--fitness", "exponential")
    game = population_game(["tit_for_tat", "defector"], turns=10)
    for out, kwargs in ((linear, {"baseline": 2.0}), (expo, {"fitness": "exponential"})):
        process = FiniteProcess(game, 8, intensity=0.5, **kwargs)
        rho = small_mutation_stationary(process).fixation
        line = next(line for line in out.splitlines() if line.startswith(" 1 Tit For Tat"))
        assert float(line.split()[-1]) == pytest.approx(rho[0, 1], rel=1e-3)


def test_module_entry_point_reports_errors_without_a_traceback():
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run(
        [sys.executable, "-m", "coop_sim.cli", "evolve", "tit_for_tat", "tit_for_tat"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 2
    assert "give each strategy once" in done.stderr and "Traceback" not in done.stderr


def test_exact_keeps_the_small_mutation_results_when_the_full_chain_is_too_large(capsys):
    status, out, err = run(capsys, "tit_for_tat", "defector", "win_stay_lose_shift",
                           "cooperator", "--exact", "--population", "150", "--mutation",
                           "0.01", "--turns", "10")  # fmt: skip
    assert status == 0
    assert "small-mutation-limit stationary distribution:" in out
    assert "stationary abundance" not in out
    assert "was not computed: the chain has 585,276 states" in err
    assert "--population" in err and "max_work" not in err
