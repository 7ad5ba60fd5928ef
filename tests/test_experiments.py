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
