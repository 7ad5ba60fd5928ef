"""Tests of the coop-sim command line (in-process through main, plus one subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import coop_sim
from coop_sim import cli
from coop_sim.results import TournamentResult

SMALL = ["tit_for_tat", "defector", "cooperator", "grudger"]
FAST = ["--turns", "10", "--repetitions", "2", "--seed", "1"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def table_rows(out: str) -> list[list[str]]:
    """The summary table's rows: [rank, name, score, ...] (names may hold spaces)."""
    lines = out.splitlines()
    start = next(k for k, line in enumerate(lines) if line.lstrip().startswith("rank"))
    rows = []
    for line in lines[start + 1 :]:
        if not line[:4].strip().isdigit():
            break
        rank, rest = line[:4].strip(), line[6:]
        rows.append([rank, rest[:34].strip(), *rest[34:].split()])
    return rows


# ----------------------------------------------------------------------------- strategies


def listed_ids(out: str) -> list[str]:
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["id", "name"]
    return [line.split()[0] for line in lines[1:-1]]


def test_strategies_lists_every_strategy(capsys):
    status, out, _ = run(capsys, "strategies")
    assert status == 0
    ids = listed_ids(out)
    assert ids == coop_sim.strategies.names()
    assert out.splitlines()[-1] == f"{len(ids)} strategies"
    line = next(line for line in out.splitlines() if line.startswith("tit_for_tat "))
    assert "Tit For Tat" in line and "memory_one" in line and "Axelrod 1984" in line


def test_strategies_filters(capsys):
    _, out, _ = run(capsys, "strategies", "--deterministic")
    deterministic = listed_ids(out)
    assert "random" not in deterministic and "tit_for_tat" in deterministic
    _, out, _ = run(capsys, "strategies", "--stochastic")
    stochastic = listed_ids(out)
    assert "random" in stochastic and "tit_for_tat" not in stochastic
    assert sorted(deterministic + stochastic) == coop_sim.strategies.names()
    _, out, _ = run(capsys, "strategies", "--memory-depth", "0")
    shallow = listed_ids(out)
    assert {"cooperator", "defector", "random"} <= set(shallow)
    assert "tit_for_tat" not in shallow
    assert all(coop_sim.strategies.get(i).classifier.memory_depth == 0 for i in shallow)


@pytest.mark.parametrize(
    ("reference", "short"),
    [
        ("Axelrod, R. (1984). The Evolution of Cooperation. Basic Books.", "Axelrod 1984"),
        ("Nowak, M. & Sigmund, K. (1993). A strategy of win-stay.", "Nowak & Sigmund 1993"),
        ("Knight, V. et al. (2016). An open framework.", "Knight et al. 2016"),
        ("Li, J., Hingston, P. and Kendall, G. (2011). Engineering design.", "Li et al. 2011"),
        ("https://example.org/a/very/long/address/of/a/page", "https://example.org/a/very/lo…"),
    ],
)
def test_short_reference(reference, short):
    assert cli.short_reference(reference) == short


# ----------------------------------------------------------------------------- match


def test_match_prints_moves_and_scores(capsys):
    status, out, err = run(capsys, "match", "tit_for_tat", "defector", "--turns", "5")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("Tit For Tat vs Defector: 5 turns, noise 0; 5 rounds played")
    assert lines[1:] == [
        "Tit For Tat  CDDDD",
        "Defector     DDDDD",
        "Tit For Tat  total 4  mean 0.800",
        "Defector     total 9  mean 1.800",
        "winner: Defector",
    ]


def test_match_default_length_and_names(capsys):
    status, out, _ = run(capsys, "match", "Tit For Tat", "cooperator")
    assert status == 0
    lines = out.splitlines()
    assert lines[1] == "Tit For Tat  " + "C" * 20
    assert lines[2] == "Cooperator   " + "C" * 20
    assert lines[-1] == "winner: tie"


def test_match_with_continuation_noise_and_seed_is_reproducible(capsys):
    argv = ["match", "tit_for_tat", "random", "--continuation", "0.9", "--noise", "0.1"]
    _, first, _ = run(capsys, *argv, "--seed", "7")
    _, again, _ = run(capsys, *argv, "--seed", "7")
    assert first == again
    header = first.splitlines()[0]
    assert "w = 0.9, noise 0.1" in header and "seed 7" in header
    rounds = int(header.split("; ")[1].split()[0])
    moves = {"Tit For Tat": "", "Random": ""}
    for line in first.splitlines()[1:]:
        label, _, rest = line.partition("  ")
        if label in moves and set(rest.strip()) <= {"C", "D"}:
            moves[label] += rest.strip()
    assert len(moves["Tit For Tat"]) == len(moves["Random"]) == rounds


def test_match_wraps_long_move_lines(capsys):
    _, out, _ = run(capsys, "match", "cooperator", "defector", "--turns", "150")
    lines = out.splitlines()
    assert lines[1].strip() == "rounds 1-100"
    assert lines[2] == "Cooperator  " + "C" * 100
    assert lines[4].strip() == "rounds 101-150"
    assert lines[6] == "Defector    " + "D" * 50


# ----------------------------------------------------------------------------- tournament


def test_tournament_ranks_defector_first(capsys):
    status, out, err = run(capsys, "tournament", *SMALL, *FAST)
    assert status == 0 and err == ""
    assert out.splitlines()[0].startswith("Tournament: 4 players, 10 turns, noise 0, 2 repetitions")
    rows = table_rows(out)
    # 10 turns: Defector scores (14 + 50 + 14) / 30 = 2.6, Tit For Tat and Grudger
    # (9 + 30 + 30) / 30 = 2.3 (tie: input order), Cooperator (0 + 30 + 30) / 30 = 2.0.
    assert [row[1] for row in rows] == ["Defector", "Tit For Tat", "Grudger", "Cooperator"]
    assert [float(row[2]) for row in rows] == [2.6, 2.3, 2.3, 2.0]


def test_tournament_continuation_alone_has_no_turn_cap(capsys):
    status, out, _ = run(capsys, "tournament", *SMALL, "--continuation", "0.5", "--seed", "3")
    assert status == 0
    assert "w = 0.5" in out.splitlines()[0] and "turns" not in out.splitlines()[0]
    _, both, _ = run(capsys, "tournament", *SMALL, "--continuation", "0.5", "--turns", "3")
    assert "min(3 turns, w = 0.5)" in both.splitlines()[0]


def test_tournament_exact(capsys):
    status, out, _ = run(capsys, "tournament", *SMALL, "--exact", "--turns", "10")
    assert status == 0
    assert "exact expectation" in out.splitlines()[0]
    assert [float(row[2]) for row in table_rows(out)] == [2.6, 2.3, 2.3, 2.0]


def test_exact_ignores_repetitions_with_a_warning(capsys):
    status, out, err = run(capsys, "tournament", *SMALL, "--exact", "--turns", "10",
                           "--repetitions", "3")  # fmt: skip
    assert status == 0 and table_rows(out)
    assert err.strip() == "coop-sim: warning: --repetitions and --seed are ignored with --exact"


@pytest.mark.parametrize("tty", [True, False])
def test_progress_bar_only_on_a_terminal(capsys, monkeypatch, tty):
    import coop_sim.tournament

    seen = {}
    real = coop_sim.tournament.run_tournament

    def spy(strategies, **kwargs):
        seen.update(kwargs)
        return real(strategies, **kwargs)

    monkeypatch.setattr(coop_sim.tournament, "run_tournament", spy)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    status, _, _ = run(capsys, "tournament", *SMALL, *FAST, "--threads", "1")
    assert status == 0
    assert seen["progress"] is tty and seen["threads"] == 1 and seen["repetitions"] == 2


def test_tournament_set_first_uses_published_order(capsys, monkeypatch):
    from coop_sim.strategies import catalog_first

    monkeypatch.setattr(
        catalog_first, "FIRST_TOURNAMENT_ORDER", ["cooperator", "defector"], raising=False
    )
    status, out, _ = run(capsys, "tournament", "--set", "first", *FAST)
    assert status == 0
    assert sorted(row[1] for row in table_rows(out)) == ["Cooperator", "Defector"]


def test_tournament_default_set_is_demo(capsys):
    status, out, _ = run(capsys, "tournament", *FAST)
    assert status == 0
    ids = coop_sim.strategies.strategy_set("demo")
    assert len(table_rows(out)) == len(ids)


def test_tournament_out_writes_everything(capsys, tmp_path):
    out_dir = tmp_path / "new" / "run"
    status, out, _ = run(capsys, "tournament", *SMALL, *FAST, "--out", str(out_dir))
    assert status == 0
    assert out.splitlines()[-1].endswith(str(out_dir))
    names = sorted(p.name for p in out_dir.iterdir())
    figures = sorted(f"{name}.png" for name in coop_sim.plot.FIGURES)
    assert names == sorted(["results.npz", "summary.csv", *figures])
    assert all((out_dir / name).stat().st_size > 0 for name in names)
    saved = TournamentResult.load(out_dir / "results.npz")
    assert saved.ranked_names == ["Defector", "Tit For Tat", "Grudger", "Cooperator"]
    assert np.isclose(saved.median_scores[saved.ranking[0]], 2.6)
    csv = (out_dir / "summary.csv").read_text().splitlines()
    assert csv[0].startswith("rank,name,id") and csv[1].startswith("1,Defector,defector")
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["run"]  # no temp left


def test_tournament_out_into_existing_empty_directory(capsys, tmp_path):
    status, _, _ = run(capsys, "tournament", *SMALL, *FAST, "--out", str(tmp_path))
    assert status == 0
    assert (tmp_path / "results.npz").is_file()


def test_tournament_out_refuses_non_empty_directory(capsys, tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    status, out, err = run(capsys, "tournament", *SMALL, *FAST, "--out", str(tmp_path))
    assert status == 2 and out == ""
    assert "coop-sim: error: --out" in err and "not an empty directory" in err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_tournament_out_failure_leaves_nothing(capsys, tmp_path, monkeypatch):
    def broken(result, directory):
        (Path(directory) / "score_distribution.png").write_bytes(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(coop_sim.plot, "save_all", broken)
    out_dir = tmp_path / "run"
    status, out, err = run(capsys, "tournament", *SMALL, *FAST, "--out", str(out_dir))
    assert status == 1 and out == ""
    assert err.strip() == "coop-sim: error: disk full"
    assert list(tmp_path.iterdir()) == []


def test_non_pd_payoffs_warn_in_one_line(capsys):
    status, out, err = run(capsys, "tournament", *SMALL, *FAST, "--payoffs", "3,0,5,4")
    assert status == 0 and table_rows(out)
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("coop-sim: warning: pay-offs R=3, S=0, T=5, P=4 are not a")
    assert "deadlock" in lines[0]
    status, _, err = run(capsys, "match", "tit_for_tat", "defector", "--payoffs", "3,0,5,4")
    assert status == 0 and "deadlock" in err  # warned again, not once per process


def test_pd_where_alternation_pays_warns(capsys):
    status, _, err = run(capsys, "match", "tit_for_tat", "defector", "--payoffs", "3,0,7,1")
    assert status == 0
    assert err.startswith("coop-sim: warning:") and "2R <= T + S" in err


# ----------------------------------------------------------------------------- bad input


BAD = [
    (["tournament", "tit_for_ta", "defector"], "tit_for_tat"),
    (["tournament", *SMALL, "--payoffs", "3,0,5"], "--payoffs"),
    (["tournament", *SMALL, "--payoffs", "a,b,c,d"], "--payoffs"),
    (["tournament", *SMALL, "--payoffs", "3,0,5,inf"], "--payoffs"),
    (["tournament", *SMALL, "--continuation", "1"], "--continuation"),
    (["tournament", *SMALL, "--continuation", "1.5"], "--continuation"),
    (["tournament", *SMALL, "--turns", "0"], "--turns"),
    (["tournament", *SMALL, "--turns", "ten"], "--turns"),
    (["tournament", *SMALL, "--repetitions", "0"], "--repetitions"),
    (["tournament", *SMALL, "--threads", "0"], "--threads"),
    (["tournament", *SMALL, "--noise", "1.5"], "--noise"),
    (["tournament", *SMALL, "--seed", "-1"], "--seed"),
    (["tournament", "tit_for_tat"], "at least 2 strategies"),
    (["tournament", "--set", "nope"], "--set"),
    (["tournament", "--set", "demo", "tit_for_tat", "defector"], "--set"),
    (["tournament", "tit_for_tat", "go_by_majority", "--exact"], "--exact"),
    (["tournament", *SMALL, "--bogus"], "--bogus"),
    (["strategies", "--stochastic", "--deterministic"], "--deterministic"),
    (["strategies", "--memory-depth", "-1"], "--memory-depth"),
    (["match", "tit_for_tat", "nobody_at_all"], "nobody_at_all"),
    (["match", "tit_for_tat"], "B"),
    (["match", "tit_for_tat", "defector", "--turns", "0"], "--turns"),
    (["nonsense"], "nonsense"),
    ([], "COMMAND"),
]


@pytest.mark.parametrize(("argv", "named"), BAD, ids=[" ".join(a) or "empty" for a, _ in BAD])
def test_bad_input_is_an_error_without_output(capsys, tmp_path, argv, named):
    out_dir = tmp_path / "out"
    extra = ["--out", str(out_dir)] if argv[:1] == ["tournament"] else []
    status, out, err = run(capsys, *argv, *extra)
    assert status in (1, 2)
    assert out == ""
    error = [line for line in err.splitlines() if line.startswith("coop-sim: error: ")]
    assert len(error) == 1 and named in error[0]
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_unknown_id_suggests_closest(capsys):
    status, _, err = run(capsys, "match", "tit_for_ta", "defector")
    assert status == 2
    assert err.strip().startswith("coop-sim: error: unknown strategy 'tit_for_ta'; did you mean")


# ----------------------------------------------------------------------------- help, version


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.strip() == f"coop-sim {coop_sim.__version__}"


@pytest.mark.parametrize("command", [[], ["strategies"], ["match"], ["tournament"]])
def test_help_everywhere(capsys, command):
    status, out, _ = run(capsys, *command, "--help")
    assert status == 0
    assert out.startswith("usage: coop-sim")


def test_module_runs_as_a_script():
    src = str(Path(coop_sim.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run(
        [sys.executable, "-m", "coop_sim.cli", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "usage: coop-sim" in done.stdout
    for command in ("strategies", "match", "tournament"):
        assert command in done.stdout
