"""play_match: semantics, the kernel against its slow twin, and bad input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coop_sim
from coop_sim import FSM, Cycler, Game, MemoryOne, play_match
from coop_sim._seeding import seed_key
from tests import reference

probabilities = st.sampled_from([0.0, 1.0, 0.5, 0.1, 0.9, 1 / 3])


@st.composite
def finite_specs(draw):
    kind = draw(st.sampled_from(["memory_one", "fsm", "cycler"]))
    if kind == "memory_one":
        return MemoryOne(*(draw(probabilities) for _ in range(4)), first=draw(probabilities))
    if kind == "cycler":
        return Cycler(draw(st.text(alphabet="CD", min_size=1, max_size=5)))
    n = draw(st.integers(1, 3))
    rows = [
        (s, o, draw(st.integers(0, n - 1)), draw(probabilities)) for s in range(n) for o in "CD"
    ]
    return FSM(rows, initial_action=draw(st.sampled_from(["C", "D"])))


@given(
    a=finite_specs(),
    b=finite_specs(),
    turns=st.one_of(st.none(), st.integers(1, 40)),
    continuation=st.one_of(st.none(), st.sampled_from([0.0, 0.5, 0.9])),
    noise=st.sampled_from([0.0, 0.05, 0.5]),
    noise_b=st.sampled_from([0.0, 0.2]),
    seed=st.integers(0, 2**32),
)
def test_kernel_matches_slow_twin(a, b, turns, continuation, noise, noise_b, seed):
    if turns is None and continuation is None:
        turns = 30
    m = play_match(a, b, turns=turns, continuation=continuation, noise=(noise, noise_b), seed=seed)
    expected = reference.play_automata(
        a.automaton(Game()), b.automaton(Game()), seed_key=seed_key(seed)[0], turns=turns,
        continuation=continuation, noise_a=noise, noise_b=noise_b,
    )  # fmt: skip
    assert m.moves.tolist() == [list(x) for x in expected]


def test_tit_for_tat_against_defector_fixed_rounds():
    for n in (1, 2, 7, 50):
        m = play_match("tit_for_tat", "defector", turns=n)
        _, S, T, P = Game().as_tuple()
        assert m.mean_scores.tolist() == pytest.approx(
            [(S + (n - 1) * P) / n, (T + (n - 1) * P) / n]
        )


def test_result_fields_are_consistent():
    m = play_match("win_stay_lose_shift", "random", turns=100, seed=5, noise=0.1)
    assert m.moves.dtype == np.int8 and m.moves.shape == (100, 2)
    assert m.payoffs.shape == (100, 2)
    assert m.scores.tolist() == m.payoffs.sum(axis=0).tolist()
    assert m.state_distribution.sum() == pytest.approx(1.0)
    assert m.cooperation.tolist() == pytest.approx(list(1 - m.moves.mean(axis=0)))
    assert m.settings["seed"] == 5 and m.settings["version"] == coop_sim.__version__


def test_same_seed_same_match_and_generator_seeds():
    a = play_match("random", "random", turns=200, seed=42)
    b = play_match("random", "random", turns=200, seed=42)
    c = play_match("random", "random", turns=200, seed=43)
    assert np.array_equal(a.moves, b.moves)
    assert not np.array_equal(a.moves, c.moves)
    g = play_match("random", "random", turns=20, seed=np.random.default_rng(1))
    s = play_match("random", "random", turns=20, seed=np.random.SeedSequence(1))
    assert g.turns == s.turns == 20


def test_seed_none_records_a_reproducing_seed():
    m = play_match("random", "random", turns=50)
    again = play_match("random", "random", turns=50, seed=m.settings["seed"])
    assert np.array_equal(m.moves, again.moves)


def test_continuation_lengths_are_geometric():
    w = 0.9
    lengths = [
        play_match("cooperator", "cooperator", continuation=w, seed=s).turns for s in range(3000)
    ]
    mean = np.mean(lengths)
    # mean 1/(1-w) = 10, sd sqrt(w)/(1-w) ~ 9.5: 4.5 standard errors
    assert abs(mean - 10) < 4.5 * 9.5 / np.sqrt(3000)
    assert min(lengths) == 1
    capped = [
        play_match("cooperator", "cooperator", continuation=w, turns=5, seed=s).turns
        for s in range(200)
    ]
    assert max(capped) == 5 and min(capped) >= 1


def test_noise_flips_first_move_too():
    firsts = [
        play_match("cooperator", "defector", turns=1, noise=0.3, seed=s).moves[0, 0]
        for s in range(2000)
    ]
    assert abs(np.mean(firsts) - 0.3) < 4.5 * np.sqrt(0.3 * 0.7 / 2000)


def test_per_player_noise():
    m = play_match("cooperator", "cooperator", turns=4000, noise=(0.0, 0.25), seed=9)
    assert m.cooperation[0] == 1.0
    assert abs(m.cooperation[1] - 0.75) < 4.5 * np.sqrt(0.75 * 0.25 / 4000)


def test_symmetry_deterministic_pairs():
    for a, b in [
        ("tit_for_tat", "alternator"),
        ("grudger", "cycler_dc"),
        ("bully", "win_stay_lose_shift"),
    ]:
        ab = play_match(a, b, turns=30).moves
        ba = play_match(b, a, turns=30).moves
        assert np.array_equal(ab, ba[:, ::-1])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"turns": 0}, ValueError, "turns must be an int >= 1, got 0"),
        ({"turns": 2.5}, TypeError, "turns"),
        ({"continuation": 1.0}, ValueError, "stationary exact mode"),
        ({"continuation": -0.1}, ValueError, r"continuation must be in \[0, 1\)"),
        ({"noise": 1.5}, ValueError, r"noise must be a probability in \[0, 1\], got 1.5"),
        ({"noise": (0.1, 0.2, 0.3)}, ValueError, "pair"),
        ({"seed": -1}, ValueError, "seed must be >= 0"),
        ({"seed": "x"}, TypeError, "seed must be"),
        ({"game": (3, 0, 5)}, TypeError, "game"),
    ],
)
def test_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        play_match("tit_for_tat", "defector", **kwargs)


def test_unknown_strategy_suggests():
    with pytest.raises(ValueError, match="did you mean tit_for_tat"):
        play_match("tit_for_tatt", "defector")
    with pytest.raises(TypeError, match="registered name"):
        play_match(3, "defector")


def test_spec_validation():
    with pytest.raises(ValueError, match=r"p_cd must be a probability in \[0, 1\], got 1.2"):
        MemoryOne(1, 1.2, 0, 0)
    with pytest.raises(ValueError, match="leads to state 1, which has no rows"):
        FSM([(0, "C", 1, "C"), (0, "D", 0, "D")])
    with pytest.raises(ValueError, match="pattern"):
        Cycler("CXD")


@given(
    a=finite_specs(),
    b=finite_specs(),
    turns=st.integers(1, 40),
    continuation=st.one_of(st.none(), st.sampled_from([0.0, 0.8])),
    noise=st.sampled_from([0.0, 0.1]),
    seed=st.integers(0, 2**32),
)
def test_generic_path_matches_slow_twin(a, b, turns, continuation, noise, seed):
    """The per-move path that programs use, run on two automata, against its twin."""
    from coop_sim.engine.match_kernel import draw_length, play_into
    from coop_sim.engine.rng import stream_key

    game = Game()
    ca, cb = a.compile(game), b.compile(game)
    key = seed_key(seed)[0]
    stream = np.zeros(2, dtype=np.uint64)
    stream[0] = stream_key(np.uint64(key), 0, 1, 0)
    w = -1.0 if continuation is None else continuation
    n = draw_length(stream, turns, w)
    hist_a, hist_b = np.zeros(n, np.int8), np.zeros(n, np.int8)
    state_a, state_b = np.zeros(ca.state_size), np.zeros(cb.state_size)
    play_into(ca.family, ca.params, state_a, cb.family, cb.params, state_b, n, -1, noise,
              noise, stream, hist_a, hist_b)  # fmt: skip
    expected = reference.play_generic_automata(
        a.automaton(game), b.automaton(game), seed_key=key, turns=turns,
        continuation=continuation, noise_a=noise, noise_b=noise,
    )  # fmt: skip
    assert list(zip(hist_a.tolist(), hist_b.tolist(), strict=True)) == expected


def test_known_length_needs_fixed_turns():
    with pytest.raises(ValueError, match="known_length=True needs fixed turns"):
        play_match("back_stabber", "cooperator", continuation=0.9, known_length=True)


def test_play_match_refuses_histories_too_long_to_keep():
    from coop_sim.match import MAX_MATCH_TURNS

    with pytest.raises(ValueError, match=f"turns must be at most {MAX_MATCH_TURNS}"):
        play_match("cooperator", "defector", turns=MAX_MATCH_TURNS + 1)


def test_unnamed_specs_get_short_labels():
    m = play_match(MemoryOne(0.9, 0, 1, 0), Cycler("CCD"), turns=3)
    assert m.players == ("MemoryOne(0.9, 0, 1, 0)", "Cycler CCD")
    assert FSM([(0, "C", 0, "C"), (0, "D", 0, "D")]).label() == "FSM(1 states)"


def test_malformed_specs_name_the_problem():
    with pytest.raises(ValueError, match=r"table key \('', '', 'CC'\) must have parts of lengths"):
        coop_sim.LookupTable({("", "", "CC"): "C", ("", "", "D"): "D"}, opp_depth=1)
    with pytest.raises(ValueError, match=r"they sum to 1\.2"):
        FSM([(0, "C", ((0.6, 0), (0.6, 0))), (0, "D", 0, "D")])
    with pytest.raises(ValueError, match="the third entry must be the next state"):
        FSM([(0, "C", 0), (0, "D", 0, "D")])
