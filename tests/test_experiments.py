"""The experiment scripts run and print the published numbers they reproduce."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

EXPERIMENTS = Path(__file__).resolve().parents[1] / "experiments"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, EXPERIMENTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_first_tournament_prints_the_ranking_and_saves_its_figure(tmp_path, capsys):
    assert load("axelrod_first_tournament").main(["--repetitions", "2", "--out",
                                                  str(tmp_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Tit For Tat" in out and "1980 rank" in out
    assert (tmp_path / "scores.png").exists() and (tmp_path / "results.npz").exists()


def test_evolution_of_cooperation_reproduces_the_thresholds(tmp_path, capsys):
    assert load("evolution_of_cooperation").main(["--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for payoffs, threshold in [((3, 0, 5, 1), 2 / 3), ((3, 0, 4, 1), 1 / 3), ((4, 0, 5, 1), 1 / 4)]:
        line = next(line for line in out.splitlines() if str(payoffs) in line)
        assert float(line.split("w* = ")[1].split()[0]) == pytest.approx(threshold, abs=1e-9)
    assert "at w = 0.6: Defector resisted, Alternator invades" in out
    assert "at w = 0.7: Defector resisted, Alternator resisted" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ecological_first_tournament.png", "invasion_diagram_w0.9.png",
        "simplex_stationary_w0.9.png",
    ]  # fmt: skip


# ---------------------------------------------------------------- spatial literature (issue 4)


def test_nowak_may_prints_the_regimes_and_the_kaleidoscope(tmp_path, capsys):
    assert load("nowak_may").main(["--size", "60", "--generations", "100", "--out",
                                   str(tmp_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "ratios: 9/8 8/7 7/6 6/5 5/4 9/7 4/3 7/5 3/2 8/5 5/3 7/4 9/5 2 9/4 7/3 5/2" in out
    assert "identical in every generation: True" in out
    for boundary in ("9/5", "2"):
        line = next(line for line in out.splitlines() if f"(across {boundary})" in line)
        assert line.split()[-1].isdigit()  # a first different generation exists
    chaotic = next(line for line in out.splitlines() if line.strip().startswith("9/5-2"))
    assert 0.2 < float(chaotic.split()[2]) < 0.45
    assert "eight-fold symmetric in all 200 generations: True" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "chaotic_share.png", "kaleidoscope.png", "share_vs_b.png",
    ]  # fmt: skip


def test_huberman_glance_asynchronous_updating_loses_co_operators(tmp_path, capsys):
    assert load("huberman_glance").main(["--size", "30", "--generations", "60", "--out",
                                         str(tmp_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0] in ("1.55", "1.85"):
            rows.setdefault(parts[0], []).append((float(parts[1]), float(parts[2])))
    assert all(asyn == 0.0 and sync > 0.2 for sync, asyn in rows["1.85"])
    assert all(asyn > 0.3 for _, asyn in rows["1.55"])
    assert (tmp_path / "synchronous_vs_asynchronous.png").exists()


def test_santos_pacheco_scale_free_beats_regular(tmp_path, capsys):
    assert load("santos_pacheco").main(["--nodes", "300", "--graphs", "2", "--generations",
                                        "300", "--out", str(tmp_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    for rule in ("fermi", "replicator"):
        line = next(line for line in out.splitlines() if f"b = 1.5, {rule}:" in line)
        ba = float(line.split(" BA ")[1].split()[0])
        regular = float(line.split(" regular ")[1].split()[0])
        assert ba > 0.5 > 0.1 > regular
    assert (tmp_path / "cooperation_vs_b.png").exists()


def test_ipd_lattice_reciprocators_win_with_a_long_shadow(tmp_path, capsys):
    assert load("ipd_lattice").main(["--size", "30", "--generations", "40", "--out",
                                     str(tmp_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    finals = [line for line in out.splitlines() if "after 40 generations" in line]
    assert finals[0].strip().endswith("reciprocators 1.000, ALLD 0.000")  # w = 0.9
    assert finals[1].strip().endswith("reciprocators 0.000, ALLD 1.000")  # w = 0.5
    assert (tmp_path / "ipd_lattice.png").exists()
