"""Tests of ``coop-sim demo`` and ``coop-sim play``: outputs, files, scripted games, bad input."""

from __future__ import annotations

import io
import json
import sys

import pytest
from PIL import Image

from coop_sim import cli
from coop_sim.demos import DEMOS, run_demo
from coop_sim.demos.play import choose_opponent, new_session


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def squash(text: str) -> str:
    return " ".join(text.split())


def play(capsys, monkeypatch, answers: str, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers))
    return run(capsys, "play", *argv)


# ----------------------------------------------------------------------------- demo


def test_demo_list(capsys):
    status, out, err = run(capsys, "demo", "--list")
    assert status == 0 and err == ""
    assert [line.split()[0] for line in out.splitlines()] == list(DEMOS)
    # a name with --list is not silently ignored
    status, out, err = run(capsys, "demo", "envy", "--list")
    assert status == 2 and out == ""
    assert "give a demo NAME or --list, not both (got 'envy' and --list)" in err


def test_demo_nice_prints_every_row(capsys):
    status, out, err = run(capsys, "demo", "nice", "--seed", "1")
    assert status == 0, err
    result = run_demo("nice")
    table = out.split("\n\n")[1].splitlines()
    assert len(table) == 1 + len(result.table) and "more rows" not in out
    assert any(line.startswith("Tit For Tat ") for line in table)
    assert table[0].split()[:2] == ["strategy", "nice"]


def test_demo_prints_the_takeaway_of_the_run(capsys):
    status, out, err = run(capsys, "demo", "envy")
    assert status == 0, err
    result = run_demo("envy")
    assert out.splitlines()[0] == result.title
    assert "Takeaway: " in out and squash(result.takeaway) in squash(out)
    assert "Tit For Tat" in out and "losses" in out  # the table


def test_demo_writes_its_files_and_honours_the_seed(capsys, tmp_path):
    out_dir = tmp_path / "nice"
    status, out, err = run(capsys, "demo", "nice", "--seed", "4", "--out", str(out_dir))
    assert status == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["data.json", "figure.png", "table.csv"]
    data = json.loads((out_dir / "data.json").read_text())
    expected = run_demo("nice", seed=4)
    assert data["takeaway"] == expected.takeaway and data["settings"]["seed"] == 4
    assert squash(expected.takeaway) in squash(out)
    assert f"wrote figure.png, data.json and table.csv to {out_dir}" in out
    with Image.open(out_dir / "figure.png") as image:
        assert image.size[0] > 500
    assert run_demo("nice").takeaway != expected.takeaway  # the default seed is 1


def test_demo_note_is_printed(capsys):
    status, out, _ = run(capsys, "demo", "first_tournament")
    assert status == 0 and "Note: Why this ranking differs" in out and "504" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["demo", "tft"], "unknown demo 'tft'; the demos are envy, nice,"),
        (["demo"], "give a demo NAME (one of envy,"),
    ],
)
def test_demo_bad_name_is_one_error_line_and_writes_nothing(capsys, tmp_path, argv, message):
    out_dir = tmp_path / "never"
    status, out, err = run(capsys, *argv, "--out", str(out_dir))
    assert status == 2 and out == ""
    assert err.splitlines() == [err.strip()] and err.startswith(f"coop-sim: error: {message}")
    assert not out_dir.exists() and list(tmp_path.iterdir()) == []


def test_demo_out_that_cannot_be_written_names_out_not_a_temporary_path(capsys, monkeypatch,
                                                                         tmp_path):  # fmt: skip
    from coop_sim import _output

    def refuse(*args, **kwargs):
        raise FileNotFoundError(2, "No such file or directory", str(tmp_path / ".coop_sim-x.tmp"))

    monkeypatch.setattr(_output.tempfile, "mkdtemp", refuse)
    status, out, err = run(capsys, "demo", "shadow", "--out", str(tmp_path / "x"))
    assert status == 1 and out == ""
    assert err.strip() == (
        f"coop-sim: error: --out {str(tmp_path / 'x')!r}: cannot write the files there "
        "(No such file or directory)"
    )
    assert ".tmp" not in err


def test_demo_refuses_a_used_out_directory(capsys, tmp_path):
    (tmp_path / "old.txt").write_text("keep")
    status, _, err = run(capsys, "demo", "envy", "--out", str(tmp_path))
    assert status == 2 and "already exists and is not an empty directory" in err
    assert [p.name for p in tmp_path.iterdir()] == ["old.txt"]


# ----------------------------------------------------------------------------- play


def test_play_scripted_session(capsys, monkeypatch):
    status, out, err = play(capsys, monkeypatch, "c\nmaybe\nD\n c \n", "tit_for_tat",
                            "--rounds", "3", "--seed", "1")  # fmt: skip
    assert status == 0, err
    before, reveal = out.split("Game over after 3 rounds.")
    # named on the command line, so named in the rules too (not "a hidden opponent")
    assert "3 rounds of the Prisoner's Dilemma against Tit For Tat." in before
    assert "hidden" not in before
    assert "Your opponent was: Tit For Tat (tit_for_tat)." in reveal
    assert before.count("your move (C/D, q quits)") == 4  # three rounds and one re-prompt
    assert "'maybe' is not a move" in before
    # you C D C against TFT's C C D: 3 + 5 + 0 for you, 3 + 0 + 5 for it
    for line in (
        "you C, your opponent C: you get 3, your opponent 3.  Score: you 3, your opponent 3",
        "you D, your opponent C: you get 5, your opponent 0.  Score: you 8, your opponent 3",
        "you C, your opponent D: you get 0, your opponent 5.  Score: you 8, your opponent 8",
    ):
        assert line in before
    assert "Final score: you 8, your opponent 8 (a tie)." in reveal
    assert "its moves:  CCD" in reveal and "your moves: CDC" in reveal


def test_play_uses_the_payoffs_given(capsys, monkeypatch):
    status, out, _ = play(capsys, monkeypatch, "d\nd\n", "cooperator", "--rounds", "2",
                          "--payoffs", "4,0,7,1", "--seed", "2")  # fmt: skip
    assert status == 0
    assert "both C: 4 each; both D: 1 each; you D and they C: you 7, they 0" in out
    assert "Final score: you 14, your opponent 0 (you scored more)." in out


def test_play_quit_and_end_of_input(capsys, monkeypatch):
    status, out, _ = play(capsys, monkeypatch, "c\nQ\n", "grudger", "--rounds", "5")
    assert status == 0 and "You stopped after 1 of 5 rounds." in out
    assert "Your opponent was: Grudger (grudger)." in out
    status, out, _ = play(capsys, monkeypatch, "", "grudger", "--rounds", "5")
    assert status == 0 and "You stopped after 0 of 5 rounds." in out


def test_play_hidden_random_opponent_is_revealed(capsys, monkeypatch):
    status, out, _ = play(capsys, monkeypatch, "c\nc\n", "--rounds", "2", "--seed", "9")
    assert status == 0
    from coop_sim.strategies import get

    spec = get(choose_opponent(9))
    before, reveal = out.split("Game over after 2 rounds.")
    assert "against a hidden opponent (revealed at the end)." in before
    assert spec.label() not in before
    assert f"Your opponent was: {spec.label()} ({spec.id})." in reveal
    assert "(seed 9: play again with --seed 9" in out


@pytest.mark.parametrize("seed", [9, 12, 31])
def test_the_same_seed_is_the_same_game_in_the_cli_the_app_and_the_notebook(capsys, monkeypatch,
                                                                           seed):  # fmt: skip
    from coop_sim.app import forms

    mine = "CCDCDDCC"
    status, out, _ = play(capsys, monkeypatch, "\n".join(mine) + "\n", "--rounds", str(len(mine)),
                          "--noise", "0.1", "--seed", str(seed))  # fmt: skip
    assert status == 0
    cli_theirs = out.split("its moves:  ")[1].split()[0]
    cli_yours = out.split("your moves: ")[1].split()[0]
    app = forms.new_play_session(forms.play_settings(forms.HIDDEN, rounds=str(len(mine)),
                                                     noise="0.1", seed=str(seed)))  # fmt: skip
    notebook = new_session(None, len(mine), noise=0.1, seed=seed)
    for session in (app, notebook):
        history = [session.move(x) for x in mine]
        assert session.opponent_id == choose_opponent(seed)
        assert f"Your opponent was: {session.opponent} ({session.opponent_id})." in out
        assert "".join(r.opponent for r in history) == cli_theirs
        assert "".join(r.you for r in history) == cli_yours


def test_play_noise_marks_your_mistakes(capsys, monkeypatch):
    status, out, _ = play(capsys, monkeypatch, "c\n" * 30, "cooperator", "--rounds", "30",
                          "--noise", "0.3", "--seed", "3")  # fmt: skip
    assert status == 0 and "every intended move, yours too, is flipped with probability 0.3" in out
    assert "(you chose C, but a mistake flipped it)" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["play", "tit_for_tat", "--rounds", "5000"], "--rounds must be at most 1000, got 5000"),
        (["play", "tit_for_tatt"], "unknown strategy 'tit_for_tatt'; did you mean tit_for_tat"),
        (["play", "tit_for_tat", "--noise", "2"], "argument --noise: must be a probability"),
    ],
)
def test_play_bad_input(capsys, monkeypatch, argv, message):
    monkeypatch.setattr(sys, "stdin", io.StringIO("c\n"))
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == "" and err.startswith(f"coop-sim: error: {message}")
