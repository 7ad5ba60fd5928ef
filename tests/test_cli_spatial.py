"""Tests of ``coop-sim spatial`` and ``coop-sim app``: outputs, API agreement, bad input."""

from __future__ import annotations

import csv
import os
import sys

import numpy as np
import pytest
from PIL import Image

from coop_sim import cli, cli_spatial
from coop_sim.spatial import LatticeModel, NetworkModel
from coop_sim.spatial.graphs import barabasi_albert


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def table(out: str) -> tuple[dict[int, list[float]], list[float]]:
    """The printed shares by generation, and the mean over the second half."""
    rows, mean = {}, None
    for line in out.splitlines():
        words = line.split()
        if words and words[0].isdigit():
            rows[int(words[0])] = [float(x) for x in words[1:]]
        elif line.startswith("mean over generations"):
            mean = [float(x) for x in words[4:]]
    return rows, mean


def api_shares(model, generations: int) -> np.ndarray:
    for _ in range(generations):
        model.step()
    data = model.datacollector.model_vars
    return np.array([data[f"share {name}"] for name in model.names]).T


def test_lattice_run_prints_the_api_numbers_and_writes_outputs(capsys, tmp_path):
    out_dir = tmp_path / "nm"
    status, out, err = run(
        capsys, "spatial", "--size", "16", "--b", "1.85", "--shares", "0.9,0.1",
        "--generations", "8", "--seed", "3", "--out", str(out_dir),
    )  # fmt: skip
    assert status == 0, err
    assert out.splitlines()[0].startswith("Spatial game of 2 strategies on a 16 x 16 lattice")
    assert "b = 1.85" in out and "seed 3" in out
    shares = api_shares(LatticeModel(16, b=1.85, shares=[0.9, 0.1], seed=3, agents=False), 8)
    assert 0.1 < shares[-1, 0] < 0.9  # a run that does not settle at once
    rows, mean = table(out)
    assert sorted(rows) == [0, 2, 4, 6, 8]
    for g, printed in rows.items():
        assert printed == pytest.approx(shares[g], abs=5e-5)
    assert "mean over generations 5-8" in out
    assert mean == pytest.approx(shares[5:].mean(axis=0), abs=5e-5)
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "generations.csv", "lattice.gif", "spatial.png",
    ]  # fmt: skip
    assert "wrote generations.csv, spatial.png and lattice.gif to" in out
    with (out_dir / "generations.csv").open() as handle:
        rows_csv = list(csv.DictReader(handle))
    assert [int(r["generation"]) for r in rows_csv] == list(range(9))
    assert [float(r["share Cooperator"]) for r in rows_csv] == pytest.approx(shares[:, 0])
    assert "clusters Defector" in rows_csv[0]
    with Image.open(out_dir / "lattice.gif") as gif:
        assert gif.format == "GIF" and gif.n_frames == 9  # every generation: 8 < 100
    with Image.open(out_dir / "spatial.png") as png:
        assert png.format == "PNG" and png.size[0] > png.size[1]
    assert list(tmp_path.iterdir()) == [out_dir]  # no temporary directory left


def test_payoffs_and_match_length_options_reach_the_model(capsys):
    from coop_sim.game import Game

    argv = ["--strategies", "tit_for_tat", "defector", "--size", "6", "--payoffs", "4,0,6,1",
            "--turns", "5", "--continuation", "0.5", "--noise", "0.1", "--generations", "3",
            "--seed", "2"]  # fmt: skip
    status, out, err = run(capsys, "spatial", *argv)
    assert status == 0, err
    assert "(R, S, T, P) = (4, 0, 6, 1), min(5 turns, w = 0.5), noise 0.1" in out.splitlines()[0]
    model = LatticeModel(6, strategies=["tit_for_tat", "defector"], game=Game(4, 0, 6, 1),
                         turns=5, continuation=0.5, noise=0.1, seed=2, agents=False)  # fmt: skip
    shares = api_shares(model, 3)
    rows, _ = table(out)
    for g, printed in rows.items():
        assert printed == pytest.approx(shares[g], abs=5e-5)
    status, _, err = run(capsys, "spatial", "--size", "5", "--payoffs", "3,0,2,1",
                         "--generations", "1", "--seed", "1")  # fmt: skip
    assert status == 0 and "warning: pay-offs R=3, S=0, T=2, P=1 are not a Prisoner" in err


def test_network_run_matches_the_api_and_the_lattice_graph_matches_the_lattice(capsys):
    status, out, err = run(
        capsys, "spatial", "--network", "ba", "--nodes", "60", "--degree", "4", "--b", "1.5",
        "--rule", "fermi", "--temperature", "0.5", "--generations", "6", "--seed", "4",
    )  # fmt: skip
    assert status == 0, err
    assert "Barabási–Albert network of 60 nodes" in out and "fermi (K = 0.5)" in out
    model = NetworkModel(barabasi_albert(60, 2, seed=4), b=1.5, rule="fermi", temperature=0.5,
                         seed=4, agents=False)  # fmt: skip
    shares = api_shares(model, 6)
    rows, _ = table(out)
    for g, printed in rows.items():
        assert printed == pytest.approx(shares[g], abs=5e-5)
    lattice = ["--size", "9", "--b", "1.7", "--generations", "4", "--seed", "2"]
    _, on_lattice, _ = run(capsys, "spatial", *lattice)
    _, on_graph, err = run(capsys, "spatial", *lattice, "--network", "lattice",
                           "--self-interaction")  # fmt: skip
    assert "--size" not in err  # the lattice graph uses the lattice options
    assert table(on_graph) == table(on_lattice)


def test_three_strategies_mutant_start_and_progress_bar(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    status, out, err = run(
        capsys, "spatial", "--strategies", "cooperator", "defector", "tit_for_tat",
        "--initial", "mutant", "--size", "7", "--b", "1.6", "--generations", "3", "--seed", "1",
        "--turns", "5", "--out", str(tmp_path / "three"), "--no-animation",
    )  # fmt: skip
    assert status == 0, err
    assert "generations" in err and "100.0%" in err  # the progress bar
    rows, _ = table(out)
    assert rows[0] == pytest.approx([48 / 49, 1 / 49, 0.0], abs=5e-5)
    assert "Tit For Tat" in out.splitlines()[1]
    assert sorted(p.name for p in (tmp_path / "three").iterdir()) == [
        "generations.csv", "spatial.png",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--size", "2"], "--size: must be an integer >= 3"),
        (["--size", "9", "--width", "10"], "give --size or --width/--height, not both"),
        (["--shares", "0.5,0.6"], "--shares must sum to 1"),
        (["--shares", "0.5"], "--shares must give one value per strategy (2)"),
        (["--b", "1.5", "--payoffs", "1,0,2,0"], "--payoffs: not allowed with argument --b"),
        (["--payoffs", "1,0,2"], "--payoffs: must be 4 comma-separated numbers"),
        (["--continuation", "1"], "--continuation: must be a continuation probability"),
        (["--strategies", "cooperator"], "at least 2 strategies"),
        (["--strategies", "cooperator", "cooperator"], "each strategy once"),
        (["--strategies", "cooperator", "nobody"], "nobody"),
        (["--rule", "proportional", "--payoffs", "3,-1,5,0"], "pay-offs >= 0"),
        (["--temperature", "0"], "--temperature: must be > 0"),
        (["--intensity", "-1"], "--intensity: must be >= 0"),
        (["--mutation", "1.5"], "--mutation"),
        (["--initial", "block", "--block", "12"], "--block must be in 1..10"),
        (["--network", "ba", "--degree", "3"], "--degree must be an even number"),
        (["--network", "regular", "--degree", "3", "--nodes", "7"], "must be even"),
        (["--network", "ws", "--initial", "block"], "--initial block needs a lattice"),
    ],
)
def test_bad_input_is_one_clear_error_and_writes_nothing(capsys, tmp_path, argv, message):
    out_dir = tmp_path / "never"
    size = [] if "--size" in argv else ["--size", "10"]
    status, out, err = run(capsys, "spatial", *size, *argv, "--generations", "2", "--out",
                           str(out_dir))  # fmt: skip
    assert status == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "missing, where",
    [("mesa", ["--size", "6"]), ("networkx", ["--network", "ba", "--nodes", "30"])],
)
def test_missing_mesa_or_networkx_names_the_extra(capsys, monkeypatch, tmp_path, missing, where):
    import coop_sim.spatial
    from coop_sim.spatial import models

    if missing == "mesa":  # import the models afresh, as on a machine without Mesa
        monkeypatch.setattr(coop_sim.spatial, "models", models)  # restored afterwards
        monkeypatch.delitem(sys.modules, "coop_sim.spatial.models")
    monkeypatch.setitem(sys.modules, missing, None)  # `import mesa` (networkx) now fails
    out_dir = tmp_path / "never"
    status, out, err = run(capsys, "spatial", *where, "--generations", "1", "--seed", "1",
                           "--out", str(out_dir))  # fmt: skip
    assert status == 1 and out == ""
    assert err.splitlines() == [
        "coop-sim: error: coop-sim spatial needs Mesa and networkx: pip install 'coop_sim[mesa]'"
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("failure, status", [(OSError("disk full"), 1), (KeyboardInterrupt(), 130)])
def test_out_is_not_left_half_written(capsys, tmp_path, monkeypatch, failure, status):
    import coop_sim.plot_spatial as figures

    def broken(*args, **kwargs):
        raise failure

    monkeypatch.setattr(figures, "spatial_shares", broken)
    out_dir = tmp_path / "never"
    code, out, err = run(capsys, "spatial", "--size", "6", "--generations", "2", "--seed", "1",
                         "--out", str(out_dir))  # fmt: skip
    assert code == status and out == ""
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep").write_text("x")
    code, _, err = run(capsys, "spatial", "--out", str(tmp_path / "full"))
    assert code == 2 and "already exists" in err


def test_unused_options_are_named_in_one_warning(capsys):
    argv = ["--size", "6", "--generations", "1", "--seed", "1", "--temperature", "2"]
    status, _, err = run(capsys, "spatial", *argv, "--nodes", "50", "--animation-every", "3")
    assert status == 0
    assert "warning: --animation-every, --nodes, --temperature not used by this run" in err


def test_app_dry_run_prints_the_solara_command(capsys):
    expected = ["-m", "solara", "run", "coop_sim.spatial.app", "--port", "9001", "--production"]
    for page in ("lattice", "spatial"):  # the page's name, and its older alias
        status, out, err = run(capsys, "app", page, "--port", "9001", "--dry-run")
        assert status == 0, err
        assert out.split()[1:] == expected
    status, _, err = run(capsys, "app", "nowhere")
    assert status == 2 and "invalid choice: 'nowhere' (choose from 'all', " in err
    status, _, err = run(capsys, "app", "spatial", "--port", "70000")
    assert status == 2 and "--port" in err


def test_app_runs_solara_as_a_subprocess(capsys, monkeypatch):
    from pathlib import Path

    calls = []
    codes = iter([0, 1, "interrupt"])

    class FakeServer:  # stands for subprocess.Popen
        def __init__(self, command, **kwargs):
            calls.append((command, kwargs))
            self.code = next(codes)
            self.waits = 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def wait(self):
            self.waits += 1
            if self.code == "interrupt":
                if self.waits == 1:
                    raise KeyboardInterrupt
                return 130
            return self.code

    monkeypatch.setattr(cli_spatial.subprocess, "Popen", FakeServer)
    status, out, err = run(capsys, "app", "spatial", "--no-open", "--host", "0.0.0.0")
    assert status == 0 and out == "", err
    command, kwargs = calls[0]
    assert command[:5] == [sys.executable, "-m", "solara", "run", "coop_sim.spatial.app"]
    assert command[5:] == ["--port", "8765", "--production", "--host", "0.0.0.0", "--no-open"]
    first = kwargs["env"]["PYTHONPATH"].split(os.pathsep)[0]  # the server imports this coop_sim
    assert (Path(first) / "coop_sim" / "cli_spatial.py").exists()
    status, _, err = run(capsys, "app", "spatial")  # the fake server fails: status 1
    assert status == 1 and "stopped with status 1" in err
    status, _, err = run(capsys, "app", "spatial")  # Ctrl-C: the server stops, no error
    assert status == 0 and err == ""


def test_app_pages_are_one_list():
    import coop_sim.app

    pages = coop_sim.app.PAGES
    assert set(pages) == {"tournament", "demos", "play", "lattice"}
    assert cli_spatial.APPS == {"all": "coop_sim.app.main", **pages, "spatial": pages["lattice"]}


def test_app_without_solara_names_the_viz_extra_and_pages_can_be_added(capsys, monkeypatch):
    monkeypatch.setattr(cli_spatial, "_available", lambda module: module != "solara")
    monkeypatch.setattr(cli_spatial.subprocess, "Popen", pytest.fail)
    status, out, err = run(capsys, "app", "spatial")
    assert status == 1 and out == ""
    assert "pip install 'coop_sim[viz]'" in err and "Traceback" not in err
    monkeypatch.setattr(cli_spatial, "APPS", {**cli_spatial.APPS, "later": "coop_sim.later_app"})
    monkeypatch.setattr(cli_spatial, "_available", lambda module: module == "solara")
    status, _, err = run(capsys, "app", "later")
    assert status == 1 and "page module coop_sim.later_app is not installed" in err
    monkeypatch.setattr(cli_spatial, "_available", lambda module: True)
    status, out, _ = run(capsys, "app", "later", "--dry-run")
    assert status == 0 and out.split()[1:5] == ["-m", "solara", "run", "coop_sim.later_app"]
