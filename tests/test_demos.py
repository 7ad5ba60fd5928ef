"""Tests of coop_sim.demos: each demo's numbers against the engine, its takeaway against its
numbers, its figure, its files; and the PlaySession game loop."""

from __future__ import annotations

import csv
import json
import math

import numpy as np
import pytest

import coop_sim
from coop_sim import Cycler, play_match, run_tournament
from coop_sim.demos import DEMOS, FILES, SHORT_TITLES, TITLES, DemoResult, run_demo
from coop_sim.demos._result import format_cell, positions
from coop_sim.demos.clever import CLEAR, OPAQUE, play_with_mistake, recovery
from coop_sim.demos.nice import classify_nice
from coop_sim.demos.play import (
    MAX_ROUNDS,
    PLAY_POOL,
    PlaySession,
    choose_opponent,
    new_session,
    outcome,
    rules,
    verdict,
)
from coop_sim.demos.shadow import axelrod_threshold

NAMES = ("envy", "nice", "reciprocate", "clever", "shadow", "like_mindedness", "first_tournament")


@pytest.fixture(scope="module")
def results() -> dict[str, DemoResult]:
    """Every demo, run once with its defaults."""
    return {name: run_demo(name) for name in NAMES}


def squash(text: str) -> str:
    return " ".join(text.split())


# ----------------------------------------------------------------------------- registry


def test_registry_names_titles_and_unknown_name():
    assert tuple(DEMOS) == NAMES
    assert set(TITLES) == set(NAMES) == set(SHORT_TITLES)
    # short titles: numbered, and short enough for a menu in a 400 px sidebar
    assert [t.split(".")[0] for t in SHORT_TITLES.values()] == [str(k) for k in range(1, 8)]
    assert max(len(t) for t in SHORT_TITLES.values()) <= 36
    with pytest.raises(ValueError, match=r"name must be one of envy, .*first_tournament; got 'x'"):
        run_demo("x")


@pytest.mark.parametrize("name", NAMES)
def test_every_demo_is_complete_and_serialisable(results, name, tmp_path):
    r = results[name]
    assert r.name == name and r.title == TITLES[name]
    assert len(r.takeaway) > 80 and r.table
    assert r.settings["version"] == coop_sim.__version__ and "seed" in r.settings
    for value in r.data.values():
        if isinstance(value, np.ndarray):
            assert not value.flags.writeable
    json.dumps(r.to_dict(), allow_nan=False)  # plain, strict JSON
    paths = r.save(tmp_path)
    assert [p.name for p in paths] == list(FILES)
    assert json.loads(paths[1].read_text())["takeaway"] == r.takeaway
    with paths[2].open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(r.table) and list(rows[0]) == list(r.table[0])
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_table_text_shows_every_row_up_to_30_then_the_top_and_the_last(results):
    nice = results["nice"]  # 26 rows: all of them, Tit for Tat included
    text = nice.table_text()
    lines = text.splitlines()
    assert len(lines) == 1 + len(nice.table) and "more rows" not in text
    assert "Tit For Tat" in text
    assert lines[0].split()[:2] == ["strategy", "nice"]  # readable headers, not keys
    shadow = results["shadow"]  # 100 rows: the first 27, a gap line, the last 3
    lines = shadow.table_text().splitlines()
    assert len(lines) == 1 + 27 + 1 + 3
    assert lines[28] == "... (70 more rows: see table.csv)"
    firsts = [float(line.split()[0]) for line in lines[1:28]]
    lasts = [float(line.split()[0]) for line in lines[29:]]
    w = [row["w"] for row in shadow.table]
    assert firsts == pytest.approx(w[:27], abs=5e-4) and lasts == pytest.approx(w[-3:], abs=5e-4)
    lines = results["envy"].table_text(max_rows=4).splitlines()
    assert len(lines) == 1 + 3 + 1 + 1 and lines[4] == "... (7 more rows: see table.csv)"


def test_one_cell_format_and_one_ranking_helper():
    from coop_sim.app import forms

    assert forms.format_cell is format_cell
    assert [format_cell(v) for v in (2.5, np.int64(3), np.bool_(False), None, np.nan)] == [
        "2.500", "3", "no", "-", "-",
    ]  # fmt: skip
    assert positions([2, 0, 1]).tolist() == [2, 3, 1]
    t = run_tournament(["tit_for_tat", "defector", "cooperator"], turns=10, seed=1)
    place = positions(t.ranking)
    assert [t.names[k] for k in np.argsort(place)] == t.ranked_names


def test_defaults_are_reproducible_and_seed_matters():
    a, b = run_demo("nice", tournaments=15), run_demo("nice", tournaments=15)
    assert a.takeaway == b.takeaway and np.array_equal(a.data["ranks"], b.data["ranks"])
    c = run_demo("nice", tournaments=15, seed=2)
    assert not np.array_equal(a.data["entrants"], c.data["entrants"])


# ----------------------------------------------------------------------------- envy


def test_envy_tit_for_tat_wins_nothing_yet_ranks_near_the_top(results):
    d = results["envy"].data
    i = d["focus"]
    assert d["names"][i] == "Tit For Tat"
    assert d["wins"][i] == 0 and d["focus_rank"] <= 3
    assert np.all(d["outcomes"][i] <= 0)  # never out-scores a single opponent
    # the player that won most matches is not the tournament winner
    assert d["wins"][d["most_wins"]] > d["wins"][d["ranking"][0]]
    # per-match results against the engine: outcomes are antisymmetric, wins agree with the
    # tournament's own count, and one pair's match agrees with play_match
    assert np.array_equal(d["outcomes"], -d["outcomes"].T)
    t = run_tournament(list(d["ids"]), turns=200, repetitions=1, seed=0)
    assert np.array_equal(d["wins"], t.wins[:, 0])
    assert np.array_equal(d["wins"] + d["ties"] + d["losses"], np.full(len(d["ids"]), 10))
    j = d["ids"].index("defector")
    m = play_match("tit_for_tat", "defector", turns=200)
    assert m.winner == "Defector" and d["outcomes"][i, j] == -1
    text = squash(results["envy"].takeaway)
    assert "won none of its 10 matches" in text and f"ranked {d['focus_rank']} of 11" in text
    most = d["most_wins"]
    assert f"{d['names'][most]} won the most matches ({d['wins'][most]})" in text


def test_envy_refuses_stochastic_rules_and_a_missing_focus():
    with pytest.raises(ValueError, match=r"deterministic.*Random"):
        run_demo("envy", strategies=["tit_for_tat", "defector", "random"])
    with pytest.raises(ValueError, match="focus must be one of"):
        run_demo("envy", strategies=["grudger", "defector", "cooperator"])


def test_envy_figure(results):
    fig = results["envy"].figure()
    left, right = fig.axes
    assert left.get_xlabel() == "matches" and "score" in right.get_xlabel()
    assert [t.get_text() for t in left.get_legend().get_texts()] == ["won", "tied", "lost"]
    assert left.get_yticklabels()[1].get_text() == "2. Tit For Tat"


# ----------------------------------------------------------------------------- nice


def test_classify_nice_by_probes():
    ids = ["tit_for_tat", "grudger", "cooperator", "defector", "suspicious_tit_for_tat",
           "first_by_joss", "first_by_graaskamp", "tit_for_2_tats"]  # fmt: skip
    assert classify_nice(ids).tolist() == [True, True, True, False, False, False, False, True]


def test_nice_rules_rank_better(results):
    r = results["nice"]
    d = r.data
    assert d["mean_rank_nice"] < d["mean_rank_not_nice"]
    assert d["ranks"].shape == (100, 10) and d["appearances"].sum() == 1000
    for row in d["ranks"]:  # every tournament hands out ranks 1..10 once
        assert sorted(row.tolist()) == list(range(1, 11))
    flags = np.asarray(d["nice"])[d["entrants"]]
    assert d["mean_rank_nice"] == pytest.approx(d["ranks"][flags].mean())
    assert d["top3_share_nice"] > d["entry_share_nice"]
    text = squash(r.takeaway)
    assert f"ranked {d['mean_rank_nice']:.1f} on average and the others" in text
    assert f"{d['mean_rank_not_nice']:.1f} (1 = best): nice rules did better" in text
    ax = r.figure().axes[0]
    assert ax.get_xlabel() == "mean rank in tournaments of 10 (1 = best)"
    assert len(ax.patches) == len(d["ids"])


def test_nice_validates_size():
    with pytest.raises(ValueError, match=r"size must be an int in \[2, 26\]"):
        run_demo("nice", size=30)


# ----------------------------------------------------------------------------- reciprocate


def test_reciprocate_story(results):
    r = results["reciprocate"]
    d = r.data
    x = d["shares"]
    assert d["names"] == ("Cooperator", "Defector", "Tit For Tat", "GTFT", "Tit For 2 Tats")
    assert x[-1, 0] < 0.5 * x[0, 0]  # co-operators exploited
    assert d["defector_peak"] > x[0, 1] and d["defector_peak_generation"] > 0
    assert d["defector_gone_generation"] is not None and x[-1, 1] < 0.01
    assert d["reciprocators"][-1] > d["reciprocators"][0]
    a = d["payoff_matrix"]
    assert a[2, 2] < min(a[3, 3], a[4, 4])  # TFT's echoes under noise
    assert x[-1, [3, 4]].sum() > 3 * x[-1, 2]
    # the matrix is the engine's exact expectation
    e = coop_sim.expected_payoffs("cooperator", "defector", turns=200, noise=0.05)
    assert (a[0, 1], a[1, 0]) == pytest.approx(e, abs=1e-12)
    text = squash(r.takeaway)
    assert f"generation {d['defector_peak_generation']}" in text
    assert f"below 1% from generation {d['defector_gone_generation']}" in text
    assert r.figure().axes[0].get_ylabel() == "share of the population"


# ----------------------------------------------------------------------------- clever


def test_play_with_mistake_matches_the_engine_without_a_mistake():
    for a, b in (("evolved_fsm_16", "tit_for_tat"), ("grudger", "win_stay_lose_shift"),
                 ("evolved_looker_up_2_2_2", "first_by_davis")):  # fmt: skip
        mine = play_with_mistake(a, b, turns=40, mistake=None)[0]
        assert np.array_equal(mine, play_match(a, b, turns=40).moves)


def test_recovery_after_one_mistake():
    assert recovery("win_stay_lose_shift", "win_stay_lose_shift") == (1.0, 2.0, 1.0)
    assert recovery("tit_for_tat", "tit_for_tat")[0] == 0.0  # C/D echoes never end
    assert recovery("grudger", "tit_for_tat")[0] == 0.0
    assert recovery("tit_for_tat", "tit_for_2_tats") == (1.0, 1.0, 1.0)  # forgiven at once
    ok, rounds, established = recovery("gtft", "gtft", runs=100, seed=3)
    assert ok == 1.0 and rounds > 1.0 and established == 1.0
    with pytest.raises(ValueError, match=r"First by Shubik.*no finite-state form"):
        recovery("first_by_shubik", "tit_for_tat")


def test_recovery_counts_only_runs_that_were_cooperating_before_the_mistake():
    # never co-operating: nothing to recover (not "never recovered")
    ok, rounds, established = recovery("defector", "tit_for_tat")
    assert np.isnan(ok) and np.isnan(rounds) and established == 0.0
    # Random co-operates with Tit for Tat only by chance: the share recovered is over the
    # runs that happened to be co-operating, recomputed here from the plays themselves
    warmup, horizon, hold, runs = 10, 50, 3, 400
    ok, rounds, established = recovery("random", "tit_for_tat", runs=runs, seed=5)
    m = play_with_mistake("random", "tit_for_tat", turns=warmup + horizon + hold, mistake=warmup,
                          runs=runs, seed=5)  # fmt: skip
    mutual = (m[:, :, 0] == 0) & (m[:, :, 1] == 0)
    est = mutual[:, warmup - hold : warmup].all(axis=1)
    held = np.ones((runs, horizon), dtype=bool)
    for k in range(hold):
        held &= mutual[:, warmup + 1 + k : warmup + 1 + k + horizon]
    back = held.any(axis=1)
    assert 0 < est.sum() < runs / 4 and established == pytest.approx(est.mean())
    assert ok == pytest.approx(back[est].mean())
    assert ok != pytest.approx(back.mean())  # the old, unconditional share differs
    first = np.argmax(held, axis=1) + 1
    assert rounds == pytest.approx(first[est & back].mean())


def test_clever_groups_are_honest():
    assert "grudger" not in OPAQUE and "grudger" not in CLEAR  # clear, but unforgiving
    assert set(CLEAR) == {"tit_for_tat", "gtft", "win_stay_lose_shift"}


def test_clever_clear_rules_cooperate_and_recover_more(results):
    r = results["clever"]
    d = r.data
    assert d["mutual_clear"] > d["mutual_opaque"]
    assert d["recovered_clear"] > d["recovered_opaque"]
    n = len(d["ids"])
    assert d["rounds"].shape == (n, n)
    i = d["ids"].index("win_stay_lose_shift")
    assert d["recovered"][i, i] == 1.0 and d["rounds"][i, i] == 2.0
    assert np.isnan(d["rounds"][0, 0])  # TFT vs TFT never recovers
    assert d["recovered"][0, 0] == 0.0 and d["established"][0, 0] == 1.0
    # pairs that never co-operated have nothing to recover: nan, and listed apart
    none = d["established"] == 0
    assert none.any() and np.all(np.isnan(d["recovered"][none]))
    assert sorted(d["no_cooperation"]) == sorted(
        (d["names"][i], d["names"][j]) for i, j in np.argwhere(none)
    )
    # the group means pool the runs that had established co-operation
    both = np.outer(d["clear"], d["clear"])
    for mask, key in ((both, "recovered_clear"), (~both, "recovered_opaque")):
        w = np.where(mask & ~none, d["established"], 0.0)
        assert d[key] == pytest.approx((w * np.nan_to_num(d["recovered"])).sum() / w.sum())
    text = squash(r.takeaway)
    assert f"clear rules spent {round(100 * d['mutual_clear'])}%" in text
    assert f"complex ones {round(100 * d['mutual_opaque'])}%" in text
    assert f"{d['score_clear']:.2f}" in text and f"{d['score_opaque']:.2f}" in text
    assert "broke established co-operation" in text
    assert f"In {int(none.sum())} of the {n * n} ordered pairs co-operation was never" in text
    fig = r.figure()
    heat, bars = fig.axes[:2]
    assert heat.get_ylabel() == "rule that made one mistake"
    assert bars.get_xlabel() == "share of rounds in mutual co-operation"
    cells = [t.get_text() for t in heat.texts]
    assert cells.count("no co-op") == int(none.sum())
    assert fig.get_size_inches()[0] <= 10  # readable in the app's main area


# ----------------------------------------------------------------------------- shadow


def test_shadow_threshold_is_computed(results):
    r = results["shadow"]
    d = r.data
    assert d["w_star"] == pytest.approx(2 / 3, abs=1e-6)
    assert d["thresholds"][0] == pytest.approx(0.5, abs=1e-6)
    assert d["thresholds"][1] == pytest.approx(2 / 3, abs=1e-6)
    assert d["formula"] == axelrod_threshold() == (0.5, 2 / 3)
    w, coop = np.asarray(d["w"]), np.asarray(d["cooperation"])
    assert coop[w >= d["w_star"]].min() > 0.9 and coop[w < 0.5].max() < 0.01
    # advantages cross zero at the thresholds: Defector's is linear, 2 - 4 w
    assert np.allclose(d["advantage"][0], 2 - 4 * w, atol=1e-9)
    assert "w* = 0.667" in r.takeaway and "exactly (T-R)/(T-P) = 0.500" in r.takeaway
    # the transient just below w*: co-operation still high where Alternator invades slowly
    transient = (w < d["w_star"] - 1e-12) & (coop > 0.5)
    assert transient.any()
    gain = float(np.max(d["advantage"][1][transient]))
    assert 0 < gain < 0.1
    assert (
        f"Between w = {w[transient].min():.2f} and w* that co-operation is a transient: "
        f"Alternator does better than Tit For Tat there, but by at most {gain:.3f} a round"
    ) in squash(r.takeaway)
    top, bottom = r.figure().axes
    assert any(list(line.get_xdata()) == [d["w_star"]] * 2 for line in top.get_lines())
    assert "continuation probability" in bottom.get_xlabel()
    # the dotted threshold lines are labelled
    legend = [t.get_text() for t in bottom.get_legend().get_texts()]
    assert "Tit For Tat resists Defector from w = 0.500" in legend
    assert "Tit For Tat resists Alternator from w = 0.667" in legend
    assert {"Defector threshold ", "Alternator threshold "} <= {t.get_text() for t in top.texts}


def test_shadow_follows_the_payoffs():
    r = run_demo("shadow", game=(4, 0, 5, 2), points=12, generations=50)
    t1, t2 = axelrod_threshold((4, 0, 5, 2))  # 1/3 and 1/4
    assert r.data["thresholds"] == pytest.approx([t1, t2], abs=1e-6)
    assert r.data["w_star"] == pytest.approx(1 / 3, abs=1e-6)
    assert "w* = 0.333" in r.takeaway


# ----------------------------------------------------------------------------- like-mindedness


def test_like_mindedness_lattice_keeps_cooperators(results):
    r = results["like_mindedness"]
    d = r.data
    assert d["lattice"].shape == (60, 60) and set(np.unique(d["lattice"])) <= {0, 1}
    assert d["lattice_share"][-1] == pytest.approx(np.mean(d["lattice"] == 0))
    assert 0.2 < d["lattice_mean"] < 0.5  # Nowak & May: about 0.32 at b = 1.85
    assert d["mixed_share"][-1] == 0.0 and d["mixed_extinct"] is not None
    assert d["clusters"] >= 1 and d["mean_cluster_size"] > 1
    text = squash(r.takeaway)
    assert f"held {round(100 * d['lattice_mean'])}% of the sites" in text
    assert f"lost every co-operator by generation {d['mixed_extinct']}" in text
    right = r.figure().axes[1]
    assert right.get_ylabel() == "share of co-operators" and len(right.get_lines()) == 2


# ----------------------------------------------------------------------------- first tournament


def test_first_tournament_is_the_engines_and_notes_the_differences(results):
    r = results["first_tournament"]
    d = r.data
    assert len(d["ids"]) == 15 and d["published_rank"][d["ids"].index("tit_for_tat")] == 1
    assert r.settings["repetitions"] == 5  # as in 1980
    t = run_tournament(list(d["ids"]), turns=200, repetitions=5, seed=1, known_length=True)
    assert np.array_equal(d["ranking"], t.ranking)
    # Axelrod's own measure, from the engine: points a 200-move game against all 15, twin too
    tft = d["ids"].index("tit_for_tat")
    points = t.payoff_matrix.mean(axis=1) * 200
    assert np.allclose(d["score_1980_style"], points)
    assert 480 < points[tft] < 530  # 504 in 1980
    assert f"Tit For Tat makes {points[tft]:.0f} here; Axelrod reported 504" in squash(r.takeaway)
    assert f"Tit for Tat: {points[tft]:.0f} here, 504 in 1980" in r.note
    assert "issue #1475" in r.note and "First by Stein and Rapoport first" in r.note
    assert [row["score_1980_style"] for row in r.table] == pytest.approx(
        points[d["ranking"]].tolist()
    )
    from scipy.stats import spearmanr

    assert d["spearman"] == pytest.approx(spearmanr(d["rank"], d["published_rank"])[0])
    n_random = sum(coop_sim.strategies.get(s).classifier.stochastic for s in d["ids"])
    assert f"{n_random} of the 15 entries draw random numbers" in r.note
    assert "504" in r.note and "24:3-25" in r.note and "median over the 5 repetitions" in r.note
    assert f"Spearman rank correlation {d['spearman']:.2f}" in squash(r.takeaway)
    labels = [t.get_text() for t in r.figure().axes[0].get_xticklabels()]
    assert len(labels) == 15 and any(label.endswith("(1980: 1)") for label in labels)


# ----------------------------------------------------------------------------- play


def test_play_session_scores_follow_the_game():
    game = (4.0, -1.0, 6.0, 0.5)
    s = PlaySession("tit_for_tat", rounds=4, game=game, seed=1)
    records = [s.move(a) for a in ("C", "d", "D", "c")]
    assert [(x.you, x.opponent) for x in records] == [("C", "C"), ("D", "C"), ("D", "D"),
                                                      ("C", "D")]  # fmt: skip
    assert [x.payoff_you for x in records] == [4.0, 6.0, 0.5, -1.0]
    assert [x.payoff_opponent for x in records] == [4.0, -1.0, 0.5, 6.0]
    assert s.scores == (9.5, 9.5) and s.finished and s.played == 4
    with pytest.raises(RuntimeError, match="all 4 rounds"):
        s.move("C")


def test_play_session_opponent_is_the_engines_strategy():
    # programs too: the session's moves are the engine's match against the same moves
    mine = "CDDCCCDCDDCC"
    for opponent, noise in (("first_by_shubik", 0.0), ("first_by_joss", 0.1), ("gradual", 0.0)):
        s = PlaySession(opponent, rounds=len(mine), noise=noise, seed=7)
        for action in mine:
            s.move(action)
        m = play_match(opponent, Cycler(mine), turns=len(mine), noise=noise, seed=7)
        assert "".join(x.opponent for x in s.history) == m.move_strings()[0]
        assert "".join(x.you for x in s.history) == m.move_strings()[1]


@pytest.mark.parametrize("noise", [0.0, 0.1])
def test_play_session_your_move_cannot_change_the_opponents(noise):
    """For every registered strategy: two sessions identical but for your last move give the
    opponent the same moves, in that round too (it cannot see your move before it moves)."""
    from coop_sim.strategies import names

    rng = np.random.default_rng(2024)
    for sid in names():
        before = int(rng.integers(0, 16))  # rounds played before the differing one
        mine = "".join(rng.choice(list("CD"), before))
        seed = int(rng.integers(2**31))
        seen = {}
        for last in "CD":
            s = PlaySession(sid, rounds=before + 1, noise=noise, seed=seed)
            history = [s.move(a) for a in mine + last]
            seen[last] = (
                "".join(x.opponent for x in history),
                "".join(x.you for x in history[:-1]),
            )
        assert seen["C"] == seen["D"], (sid, noise, mine, seed, seen)


def test_new_session_is_the_one_way_to_start_a_game():
    a, b = new_session(None, 6, noise=0.1, seed=9), new_session(None, 6, noise=0.1, seed=9)
    assert a.drawn and a.seed == 9 and a.opponent_id == b.opponent_id == choose_opponent(9)
    for x in "CDCCDC":
        assert a.move(x) == b.move(x)
    named = new_session("grudger", 3)
    assert not named.drawn and named.opponent_id == "grudger" and 0 <= named.seed < 2**31
    replay = new_session("grudger", 3, seed=named.seed)
    assert replay.seed == named.seed
    with pytest.raises(TypeError, match="seed must be an int"):
        new_session(None, 3, seed="nine")


def test_rules_verdict_and_outcome_texts():
    s = PlaySession("tit_for_tat", rounds=2, game=(4, 0, 7, 1), noise=0.05, seed=1)
    hidden, named = rules(s), rules(s, hidden=False)
    assert "against a hidden opponent" in hidden[0] and "Tit For Tat" not in " ".join(hidden)
    assert named[0].endswith("against Tit For Tat.")
    assert "both C: 4 each; both D: 1 each; you D and they C: you 7, they 0" in hidden[2]
    assert hidden[3] == "Noise: every intended move, yours too, is flipped with probability 0.05."
    assert [verdict(*x) for x in ((2, 1), (1, 2), (1, 1))] == [
        "you scored more", "your opponent scored more", "a tie",
    ]  # fmt: skip
    s = PlaySession("tit_for_tat", rounds=2, seed=1)
    assert outcome(s) == "Game over after 2 rounds. Final score: you 0, your opponent 0."
    s.move("C")
    assert outcome(s, stopped=True) == (
        "You stopped after 1 of 2 rounds. Final score: you 3, your opponent 3 (a tie)."
    )


def test_play_session_validates():
    with pytest.raises(ValueError, match=r"rounds must be an int in \[1, 1000\], got 0"):
        PlaySession("tit_for_tat", rounds=0)
    with pytest.raises(ValueError, match="action must be 'C' or 'D'"):
        PlaySession("tit_for_tat", rounds=2).move("x")
    with pytest.raises(ValueError, match="noise must be a probability"):
        PlaySession("tit_for_tat", noise=2)
    assert MAX_ROUNDS == 1000


def test_choose_opponent_is_seeded():
    picks = {choose_opponent(seed) for seed in range(40)}
    assert picks <= set(PLAY_POOL) and len(picks) > 3
    assert choose_opponent(5) == choose_opponent(5)


def test_takeaways_are_not_canned():
    """Different settings give different numbers in the takeaway."""
    a = run_demo("reciprocate", noise=0.01)
    b = run_demo("reciprocate", noise=0.05)
    assert a.takeaway != b.takeaway
    assert not math.isclose(a.data["payoff_matrix"][2, 2], b.data["payoff_matrix"][2, 2])
