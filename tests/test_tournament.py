"""Round-robin tournaments: reproducibility, invariances, aggregation, bad input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop_sim import FSM, Game, MemoryOne, TournamentResult, run_tournament
from coop_sim._seeding import seed_key
from coop_sim.tournament import Tournament, estimate_memory
from tests import reference

MIXED = ["tit_for_tat", "defector", "random", "win_stay_lose_shift", "grudger", "alternator"]


def test_threads_do_not_change_results():
    kwargs = {"turns": 50, "repetitions": 7, "noise": 0.05, "seed": 11}
    one = run_tournament(MIXED, threads=1, **kwargs)
    two = run_tournament(MIXED, threads=2, **kwargs)
    assert one == two
    assert np.array_equal(one.scores, two.scores)


def test_continuation_tournament_threads_and_lengths():
    kwargs = {"turns": None, "continuation": 0.95, "repetitions": 5, "seed": 2}
    one = run_tournament(MIXED, threads=1, **kwargs)
    two = run_tournament(MIXED, threads=2, **kwargs)
    assert one == two
    assert len(np.unique(one.match_lengths)) > 5


def _tournament_and_twin(specs, seed, turns, continuation, noise, repetitions):
    """Run a tournament and its slow twin; check lengths and pooled outcome frequencies of
    every pair; return both for further checks."""
    r = run_tournament(specs, turns=turns, continuation=continuation, noise=noise,
                       repetitions=repetitions, seed=seed)  # fmt: skip
    expected = reference.tournament_counts(
        [s.automaton(Game()) for s in specs], seed_key=seed_key(seed)[0], turns=turns,
        continuation=continuation, noise=noise, repetitions=repetitions,
    )  # fmt: skip
    for k, (i, j) in enumerate(r.pairs):
        counts = np.array([expected[(i, j, rep)] for rep in range(repetitions)], dtype=float)
        assert r.match_lengths[k].tolist() == counts.sum(axis=1).tolist()
        pooled = counts.sum(axis=0) / counts.sum()
        assert r.state_distribution[i, j] == pytest.approx(pooled, abs=1e-12)
    return r, expected


@given(seed=st.integers(0, 2**31), noise=st.sampled_from([0.0, 0.1]),
       continuation=st.sampled_from([None, 0.8]))  # fmt: skip
def test_kernel_counts_match_slow_twin(seed, noise, continuation):
    machine = FSM([(0, "C", 0, "C"), (0, "D", 1, "D"), (1, "C", 0, "D"), (1, "D", 1, 0.5)])
    specs = [MemoryOne(1, 0.3, 1, 0.2), MemoryOne(0, 0, 0, 0, first=0), machine]
    turns = 12
    r, expected = _tournament_and_twin(specs, seed, turns, continuation, noise, 3)
    pay_a, pay_b = Game().payoff_vectors()
    for i, j in r.pairs:
        counts = np.array([expected[(i, j, rep)] for rep in range(3)], dtype=float)
        pooled = counts.sum(axis=0) / counts.sum()
        if i != j:  # pooled over repetitions: total pay-off / rounds
            assert r.payoff_matrix[i, j] == pytest.approx(pooled @ pay_a, abs=1e-12)
            assert r.payoff_matrix[j, i] == pytest.approx(pooled @ pay_b, abs=1e-12)
            per_rep_a = counts @ pay_a / counts.sum(axis=1)
            assert r.payoff_std[i, j] == pytest.approx(per_rep_a.std(), abs=1e-12)


def test_axelrod_conventions_on_a_small_tournament():
    r = run_tournament(["tit_for_tat", "defector", "cooperator"], turns=10, repetitions=2, seed=1)
    # TFT: vs ALLD 0.9 per round, vs ALLC 3; ALLD: vs TFT 1.4, vs ALLC 5; ALLC: 0 and 3
    assert r.normalised_scores[:, 0].tolist() == pytest.approx([(0.9 + 3) / 2, (1.4 + 5) / 2, 1.5])
    assert r.ranked_names == ["Defector", "Tit For Tat", "Cooperator"]
    assert r.wins[:, 0].tolist() == [0, 2, 0]
    assert r.scores[:, 0].tolist() == pytest.approx([9 + 30, 14 + 50, 0 + 30])
    assert np.diag(r.payoff_matrix).tolist() == [3, 1, 3]  # self-play kept in the matrix
    assert r.cooperating_rating.tolist() == pytest.approx([(1 + 10) / 20, 0, 1])
    assert r.initial_cooperation_rate.tolist() == [1, 0, 1]
    assert r.state_distribution[0, 1].tolist() == pytest.approx([0, 0.1, 0, 0.9])
    assert r.state_distribution[1, 0].tolist() == pytest.approx([0, 0, 0.1, 0.9])
    assert r.payoff_std.max() == 0
    rows = r.summary()
    assert [row["name"] for row in rows] == r.ranked_names
    assert "Defector" in r.summary_table().splitlines()[1]


def test_symmetry_of_the_payoff_matrix_for_mirrored_inputs():
    a = run_tournament(["tit_for_tat", "alternator", "bully"], turns=25, repetitions=1, seed=0)
    b = run_tournament(["bully", "alternator", "tit_for_tat"], turns=25, repetitions=1, seed=0)
    order = [2, 1, 0]
    assert np.allclose(a.payoff_matrix, b.payoff_matrix[np.ix_(order, order)])


@given(scale=st.floats(0.1, 10), shift=st.floats(-5, 5))
def test_ranking_unchanged_by_positive_affine_payoffs(scale, shift):
    base = Game()
    game = Game(*(scale * x + shift for x in base.as_tuple()))
    names = ["tit_for_tat", "defector", "random", "win_stay_lose_shift", "alternator", "cooperator"]
    a = run_tournament(names, turns=30, repetitions=3, seed=5, noise=0.02)
    b = run_tournament(names, game=game, turns=30, repetitions=3, seed=5, noise=0.02)
    assert a.ranked_names == b.ranked_names
    assert np.allclose(b.normalised_scores, scale * a.normalised_scores + shift)


def test_save_load_round_trip(tmp_path):
    r = run_tournament(MIXED, turns=20, repetitions=3, seed=4, noise=0.1)
    for name in ("r.npz", "r.json"):
        path = r.save(tmp_path / name)
        again = TournamentResult.load(path)
        assert again == r
        assert again.ranked_names == r.ranked_names


def test_to_frame():
    pytest.importorskip("pandas")
    r = run_tournament(MIXED, turns=20, repetitions=2, seed=4)
    frame = r.to_frame()
    assert list(frame["name"]) == r.ranked_names
    assert {"median_score", "cooperation_rating", "wins", "CC", "DD"} <= set(frame.columns)


def test_tournament_class_and_seed_recording():
    t = Tournament(MIXED, turns=10, repetitions=2)
    first = t.play()
    again = Tournament(MIXED, turns=10, repetitions=2, seed=first.settings["seed"]).play()
    assert first == again
    assert first.settings["turns"] == 10 and first.settings["method"] == "simulate"


def test_memory_is_estimated_and_limited():
    assert estimate_memory(400, 100) < 1024**3
    with pytest.raises(ValueError, match=r"needs about .* GiB, above memory_limit"):
        run_tournament(MIXED, turns=10, repetitions=1000, memory_limit=10_000)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        ([], {}, ValueError, "at least 2 strategies"),
        (["tit_for_tat"], {}, ValueError, "at least 2 strategies"),
        (MIXED, {"repetitions": 0}, ValueError, "repetitions must be an int >= 1, got 0"),
        (MIXED, {"threads": 0}, ValueError, "threads must be an int >= 1, got 0"),
        (MIXED, {"method": "guess"}, ValueError, "method must be 'simulate' or 'exact'"),
        (MIXED, {"turns": None}, ValueError, "infinitely long"),
        (["tit_for_tat", "nope_strategy"], {}, ValueError, "unknown strategy 'nope_strategy'"),
    ],
)
def test_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        run_tournament(args, **kwargs)


def test_a_string_is_not_a_list_of_strategies():
    with pytest.raises(TypeError, match="list of names"):
        run_tournament("tit_for_tat")


@st.composite
def deterministic_specs(draw):
    kind = draw(st.sampled_from(["memory_one", "fsm", "cycler"]))
    if kind == "memory_one":
        return MemoryOne(*(draw(st.sampled_from([0.0, 1.0])) for _ in range(4)),
                         first=draw(st.sampled_from([0.0, 1.0])))  # fmt: skip
    if kind == "cycler":
        from coop_sim import Cycler

        return Cycler(draw(st.text(alphabet="CD", min_size=1, max_size=7)))
    n = draw(st.integers(1, 5))
    rows = [(s, o, draw(st.integers(0, n - 1)), draw(st.sampled_from("CD"))) for s in range(n)
            for o in "CD"]  # fmt: skip
    return FSM(rows, initial_action=draw(st.sampled_from("CD")))


@given(
    specs=st.lists(deterministic_specs(), min_size=2, max_size=4),
    seed=st.integers(0, 2**31),
    turns=st.sampled_from([None, 1, 7, 61]),
    continuation=st.sampled_from([None, 0.97]),
    noise=st.sampled_from([0.0, 0.05]),
)
def test_deterministic_pairs_match_slow_twin(specs, seed, turns, continuation, noise):
    """Noiseless: the cycle shortcut; noisy: the fast path without intention draws."""
    if turns is None and continuation is None:
        turns = 200
    r, expected = _tournament_and_twin(specs, seed, turns, continuation, noise, 5)
    # per-repetition totals, summed over opponents
    pay_a, pay_b = Game().payoff_vectors()
    totals = np.zeros((len(specs), 5))
    for (i, j, rep), counts in expected.items():
        if i != j:
            totals[i, rep] += np.dot(counts, pay_a)
            totals[j, rep] += np.dot(counts, pay_b)
    assert r.scores == pytest.approx(totals, abs=1e-9)


def test_ties_are_decided_on_counts_not_rounded_totals():
    from coop_sim import Cycler, play_match

    game = Game(0.7, 0.1, 0.9, 0.2)
    a, b = Cycler("CCD"), Cycler("CDC")
    m = play_match(a, b, turns=3, game=game)
    assert m.winner is None
    r = run_tournament([a, b], turns=3, repetitions=1, game=game, seed=0)
    assert r.wins.tolist() == [[0], [0]]


def test_cooperation_is_consistent_with_state_distribution():
    r = run_tournament(MIXED, turns=None, continuation=0.9, noise=0.05, repetitions=5, seed=3)
    coop = r.state_distribution[:, :, 0] + r.state_distribution[:, :, 1]
    off = ~np.eye(len(MIXED), dtype=bool)
    assert np.allclose(r.cooperation[off], coop[off])


def test_many_repetitions_of_a_small_tournament_are_not_refused():
    r = run_tournament(["tit_for_tat", "random"], turns=8, repetitions=20_000, seed=1)
    assert r.scores.shape == (2, 20_000)


def test_save_without_suffix_loads_without_suffix(tmp_path):
    r = run_tournament(MIXED, turns=5, repetitions=2, seed=1)
    r.save(tmp_path / "result")
    assert TournamentResult.load(tmp_path / "result") == r


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"turns": 2**31}, ValueError, r"turns must be an int in 1..2147483647"),
        ({"turns": None, "continuation": 0.9999999}, ValueError, "use the exact mode"),
        ({"known_length": "no"}, TypeError, "known_length must be True or False"),
    ],
)
def test_lengths_that_cannot_be_simulated_are_refused(kwargs, error, message):
    with pytest.raises(error, match=message):
        run_tournament(MIXED, **kwargs)
    with pytest.raises(error, match=message):
        from coop_sim import play_match

        play_match("tit_for_tat", "random", **kwargs)


def test_long_shadows_are_fine_with_a_turns_cap_or_exactly():
    r = run_tournament(["tit_for_tat", "defector"], turns=50, continuation=0.9999999, seed=1)
    assert r.match_lengths.max() <= 50
    from coop_sim import expected_payoffs

    assert expected_payoffs("tit_for_tat", "defector", continuation=0.9999999)[1] > 1.0


def test_loading_something_else_says_so(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, x=np.arange(3))
    with pytest.raises(ValueError, match="is not a coop_sim results file"):
        TournamentResult.load(path)
