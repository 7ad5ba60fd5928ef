"""The finite-state catalogue: hand-written sequences from the literature definitions,
game-aware vectors (GTFT, zero-determinant), noise semantics and automaton sizes.

The expected sequences below were worked out by hand from each strategy's published rule,
independently of Axelrod-Python (tests/test_golden.py holds the Axelrod comparison).
"""

from __future__ import annotations

import numpy as np
import pytest

from coop_sim import Cycler, Game, MemoryOne, expected_payoffs, play_match, strategies
from coop_sim.strategies import Automaton, LookupTable
from coop_sim.strategies.catalog_finite import (
    ALTERNATIVE_FORMS,
    FINITE_IDS,
    HistoryRule,
    View,
    pattern_table,
)
from coop_sim.strategies.zero_determinant import (
    GenerousTitForTat,
    LinearRelation,
    gtft_generosity,
    linear_relation_vector,
)


def _moves(strategy, opponent: str, known_length: bool = True) -> str:
    """The strategy's moves against a fixed sequence of opponent moves."""
    m = play_match(strategy, Cycler(opponent), turns=len(opponent), known_length=known_length)
    return m.move_strings()[0]


def _intended(spec, own_actual: str, opp_actual: str) -> str:
    """Walk a deterministic strategy's automaton along given *actual* histories (own moves may
    differ from the intended ones, as after noise) and return the intended moves."""
    auto = spec.automaton(Game())
    state, out = auto.start, []
    for own, opp in zip(own_actual, opp_actual, strict=True):
        p = auto.p_c[state]
        assert p in (0.0, 1.0)
        intended = 0 if p == 1.0 else 1
        out.append("CD"[intended])
        state = auto.nxt[state, intended, "CD".index(own), "CD".index(opp)]
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Hand-written sequences
# ---------------------------------------------------------------------------------------------

HAND_WRITTEN = [
    # Tit For 2 Tats: D only after two consecutive opponent Ds.
    ("tit_for_2_tats", "CDDCDCDDDC", "CCCDCCCCDD"),
    # Two Tits For Tat: D if the opponent defected in either of the last two rounds.
    ("two_tits_for_tat", "CDCCCDDCCC", "CCDDCCDDDC"),
    # Hard Tit For Tat: D if the opponent defected in any of the last three rounds.
    ("hard_tit_for_tat", "CDCCCDDCCC", "CCDDDCDDDD"),
    # Hard Tit For 2 Tats: D if two consecutive Ds occur within the last three rounds.
    ("hard_tit_for_2_tats", "CDDCCCDCDC", "CCCDDCCCCC"),
    # Soft Grudger (SGRIM, Li 2011): a defection is answered with D, D, D, D, C, C.
    ("soft_grudger", "CDCCCCCCCC", "CCDDDDCCCC"),
    # Forgetful Grudger: ten rounds of D, then forgiveness.
    ("forgetful_grudger", "CD" + "C" * 14, "CC" + "D" * 10 + "CCCC"),
    # Grudger Alternator: after the first defection, alternate D, C.
    ("grudger_alternator", "CCDCCCCC", "CCCDCDCD"),
    # Fool Me Once: forgives the first defection only.
    ("fool_me_once", "CDCCDCCC", "CCCCCDDD"),
    # Aggravater: D for three rounds, then Grudger.
    ("aggravater", "CCCCCDCC", "DDDCCCDD"),
    # Prober (Li 2011): D, C, C; opponent co-operated in rounds 2 and 3 -> defect for ever.
    ("prober", "CCCCCC", "DCCDDD"),
    ("prober", "CDCCDC", "DCCCCD"),
    # Handshake (Robson 1990): C, D; an opponent that answered C, D is co-operated with.
    ("handshake", "CDDCCC", "CDCCCC"),
    ("handshake", "CCCCCC", "CDDDDD"),
    # Fortress3 (Ashlock & Ashlock 2006): co-operates only after the D, D handshake.
    ("fortress_3", "DDCCCD", "DDCCCC"),
    # Cyclers ignore the opponent.
    ("cycler_ccd", "DDDDDDD", "CCDCCDC"),
    ("cycler_cccdcd", "CCCCCCCC", "CCCDCDCC"),
    # Winner21 (Mathieu & Delahaye 2015): opens D, C.
    ("winner_21", "CC", "DC"),
]


@pytest.mark.parametrize(("sid", "opponent", "expected"), HAND_WRITTEN)
def test_hand_written_sequences(sid, opponent, expected):
    assert _moves(sid, opponent) == expected


def test_handshake_recognises_itself():
    assert play_match("handshake", "handshake", turns=6).move_strings() == ("CDCCCC", "CDCCCC")


def test_prober_against_tit_for_tat():
    m = play_match("prober", MemoryOne(1, 0, 1, 0), turns=6)
    assert m.move_strings() == ("DCCCCC", "CDCCCC")


def test_probabilistic_openings():
    """Desperate, Hopeless and Willing open at random, then follow their rule exactly."""
    for sid, after_dd in (("desperate", "C"), ("hopeless", "C"), ("willing", "D")):
        firsts = {
            play_match(sid, "defector", turns=3, seed=s).move_strings()[0][0] for s in range(40)
        }
        assert firsts == {"C", "D"}, sid
        m = play_match(sid, Cycler("D"), turns=4, seed=3)
        if m.move_strings()[0][0] == "D":
            assert m.move_strings()[0][1] == after_dd


# ---------------------------------------------------------------------------------------------
# Noise: responses to the actual (flipped) history
# ---------------------------------------------------------------------------------------------


def test_contrite_tit_for_tat_accepts_retaliation_for_its_own_noisy_defection():
    # our C in round 2 is flipped to D; the opponent retaliates in round 3
    own_actual, opp_actual = "CDCCCC", "CCDCCC"
    assert _intended(strategies.get("contrite_tit_for_tat"), own_actual, opp_actual) == "CCCCCC"
    assert _intended(strategies.get("tit_for_tat"), own_actual, opp_actual) == "CCCDCC"


def test_soft_grudger_punishes_the_actual_defection():
    # the opponent's actual D (e.g. a flipped C) triggers the punishment
    assert _intended(strategies.get("soft_grudger"), "C" * 8, "CD" + "C" * 6) == "CCDDDDCC"


def test_all_c_or_all_d_repeats_its_actual_move():
    # own intended C flipped to D in round 2: from then on it repeats D
    assert _intended_after_first(strategies.get("all_cor_alld"), "CDDD", "CCCC") == "CDD"


def _intended_after_first(spec, own_actual: str, opp_actual: str) -> str:
    auto = spec.automaton(Game())
    state = auto.nxt[auto.start, 0, "CD".index(own_actual[0]), "CD".index(opp_actual[0])]
    out = []
    for own, opp in zip(own_actual[1:], opp_actual[1:], strict=True):
        intended = 0 if auto.p_c[state] == 1.0 else 1
        out.append("CD"[intended])
        state = auto.nxt[state, intended, "CD".index(own), "CD".index(opp)]
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# GTFT and the zero-determinant family
# ---------------------------------------------------------------------------------------------


def test_gtft_generosity_from_the_game():
    assert gtft_generosity(Game()) == pytest.approx(1 / 3)
    gtft = strategies.get("gtft")
    assert gtft.vector(Game()) == pytest.approx((1, 1, 1 / 3, 1, 1 / 3))
    # R=4: min(1 - 1/4, 3/4) = 3/4
    assert gtft.vector(Game(R=4, S=0, T=5, P=1)) == pytest.approx((1, 1, 0.75, 1, 0.75))
    # T=6: min(1 - 3/3, 2/5) = 0, i.e. Tit For Tat
    assert gtft.vector(Game(R=3, S=0, T=6, P=1)) == pytest.approx((1, 1, 0, 1, 0))
    assert gtft.classifier.uses_game and gtft.classifier.stochastic
    fixed = GenerousTitForTat(generosity=0.1)
    assert fixed.vector(Game(R=4, S=0, T=5, P=1))[2] == 0.1
    assert not fixed.classifier.uses_game


def test_gtft_plays_the_games_generosity():
    """Against Defector GTFT co-operates with probability g after round 1."""
    for game, g in ((Game(), 1 / 3), (Game(R=4, S=0, T=5, P=1), 0.75)):
        n = 4000
        coop = sum(
            play_match("gtft", "defector", game=game, turns=2, seed=s).moves[1, 0] == 0
            for s in range(n)
        )
        assert abs(coop / n - g) < 4.5 * np.sqrt(g * (1 - g) / n)
        exact = expected_payoffs("gtft", "defector", game=game, turns=2)
        assert exact[1] == pytest.approx((game.T + g * game.T + (1 - g) * game.P) / 2)


def test_extort_2_is_press_and_dysons_vector():
    extort2 = strategies.get("zd_extort_2")
    assert extort2.vector(Game()) == pytest.approx((1, 8 / 9, 1 / 2, 1 / 3, 0))
    assert linear_relation_vector(1 / 9, 0.5, 1.0, Game()) == pytest.approx((8 / 9, 0.5, 1 / 3, 0))


def test_zd_vectors_under_the_default_game():
    expected = {
        "zd_extortion": (0.64, 0.18, 0.28, 0.0),  # phi=0.2, s=0.1, l=1
        "zd_extort_2v_2": (7 / 8, 7 / 16, 3 / 8, 0.0),
        "zd_extort_3": (11 / 13, 1 / 2, 7 / 26, 0.0),
        "zd_extort_4": (11 / 17, 0.0, 8 / 17, 0.0),
        "zd_gen_2": (1.0, 9 / 16, 1 / 2, 1 / 8),
        "zdgtft_2": (1.0, 1 / 8, 1.0, 1 / 4),
        "zd_mischief": (0.8, 0.6, 0.1, 0.0),
        "zd_set_2": (3 / 4, 1 / 4, 1 / 2, 1 / 4),  # Press & Dyson's equaliser (opponent gets 2)
    }
    for sid, vector in expected.items():
        spec = strategies.get(sid)
        assert spec.vector(Game())[1:] == pytest.approx(vector), sid
        assert spec.classifier.uses_game and spec.classifier.stochastic


OPPONENTS = [
    MemoryOne(0.5, 0.5, 0.5, 0.5, first=0.5),
    MemoryOne(0.9, 0.2, 0.7, 0.4, first=1),
    MemoryOne(0.935, 0.229, 0.266, 0.42, first=1),
    MemoryOne(0.3, 0.8, 0.6, 0.1, first=0),
]


@pytest.mark.parametrize("game", [Game(), Game(R=3, S=0.5, T=4.5, P=1)])
def test_zd_strategies_enforce_their_linear_relation(game):
    """s (pi_self - l) = pi_other - l on the long-run pay-offs, for any opponent."""
    for sid in ("zd_extort_2", "zdgtft_2", "zd_extortion", "zd_set_2", "zd_mischief"):
        spec = strategies.get(sid)
        baseline, s = spec.baseline_payoff(game), spec.s
        for opponent in OPPONENTS:
            pi_self, pi_other = expected_payoffs(spec, opponent, game=game)
            assert s * (pi_self - baseline) == pytest.approx(pi_other - baseline, abs=1e-9), (
                sid,
                opponent,
            )


def test_extort_2_against_a_co_operator_extorts():
    pi_x, pi_y = expected_payoffs("zd_extort_2", MemoryOne(0.935, 0.229, 0.266, 0.42))
    assert pi_x - 1 == pytest.approx(2 * (pi_y - 1))
    assert pi_x > pi_y


def test_zd_parameters_outside_the_enforceable_range_raise():
    low_reward = Game(R=2.5, S=0, T=5, P=1)
    with pytest.raises(ValueError, match="enforceable"):
        strategies.get("zd_gen_2").vector(low_reward)  # l = 3 > R
    with pytest.raises(ValueError, match="baseline"):
        LinearRelation(baseline="T")
    with pytest.raises(ValueError, match="four-vector"):
        LinearRelation(phi=2.0, s=0.5, baseline="P").vector(Game())


# ---------------------------------------------------------------------------------------------
# Tables, rules and sizes
# ---------------------------------------------------------------------------------------------


def test_pattern_table_follows_axelrods_key_order():
    # Axelrod's keys run over (own, opponent, opening) with C before D
    table = pattern_table("CDDC", 1, 1, 0)
    assert table == {
        ("", "C", "C"): "C",
        ("", "C", "D"): "D",
        ("", "D", "C"): "D",
        ("", "D", "D"): "C",
    }
    table = pattern_table("CDDDDCDD", 1, 1, 1)
    assert table[("D", "C", "C")] == "D"  # own C, opponent C, opening D -> 2nd entry
    assert table[("C", "D", "C")] == "D"  # own D, opponent C, opening C -> 5th entry
    assert table[("D", "D", "C")] == "C"  # 6th entry
    with pytest.raises(ValueError, match="pattern"):
        pattern_table("CD", 1, 1, 0)


def test_lookup_tables_with_openings_ignore_the_table_until_it_applies():
    winner12 = strategies.get("winner_12")
    assert isinstance(winner12, LookupTable) and winner12.opening == "CC"
    assert _moves("winner_12", "DD") == "CC"


def test_history_rule_summary_and_outcomes():
    seen = []

    def rule(state, view):
        seen.append(view)
        return (0.5, state + 1, state) if view.t == 1 else ("D", state)

    spec = HistoryRule(rule, initial=0, own_window=2, opp_window=1, head=1, t_cap=2,
                       count_cap=1, track_intended=True, stochastic=True)  # fmt: skip
    auto = spec.automaton(None)
    assert isinstance(auto, Automaton) and not auto.deterministic
    assert View(0, "", "", "", 0, 0, "") in seen
    assert View(1, "D", "C", "C", 0, 1, "D") in seen
    assert View(2, "DD", "D", "C", 1, 1, "D") in seen
    assert spec.classifier.stochastic and spec.classifier.memory_depth == float("inf")


def test_history_rule_rejects_bad_input():
    with pytest.raises(TypeError, match="callable"):
        HistoryRule("C")
    with pytest.raises(ValueError, match="opp_window"):
        HistoryRule(lambda state, v: "C", opp_window=-1)
    growing = HistoryRule(lambda count, v: ("C", count + 1), initial=0, id="growing")
    with pytest.raises(ValueError, match="more than"):
        growing.automaton(None)


def test_registered_finite_strategies():
    strategies.names()  # load every catalogue
    assert len(FINITE_IDS) >= 60
    assert len(set(FINITE_IDS)) == len(FINITE_IDS)
    for sid in FINITE_IDS:
        spec = strategies.get(sid)
        assert spec.id == sid
        auto = spec.automaton(Game())
        assert auto is not None, sid
        assert auto.n_states <= 200, (sid, auto.n_states)
        assert auto.deterministic == (not spec.classifier.stochastic), sid
        assert spec.name and spec.references and spec.description, sid
    assert not set(ALTERNATIVE_FORMS) & set(FINITE_IDS)


@pytest.mark.parametrize("sid", sorted(ALTERNATIVE_FORMS))
def test_alternative_forms_agree_with_the_registered_strategy(sid):
    """Finite forms kept for strategies another catalogue registers play identically."""
    ours, theirs = ALTERNATIVE_FORMS[sid], strategies.get(sid)
    rng = np.random.default_rng(11)
    for p in (0.1, 0.5, 0.9):
        opponent = Cycler("".join("D" if x else "C" for x in rng.random(40) < p))
        if ours.classifier.stochastic:
            a = np.mean(
                [play_match(ours, opponent, turns=40, seed=s).cooperation[0] for s in range(300)]
            )
            b = np.mean(
                [play_match(theirs, opponent, turns=40, seed=s).cooperation[0] for s in range(300)]
            )
            assert abs(a - b) < 0.03
        else:
            assert _moves(ours, opponent.pattern) == _moves(theirs, opponent.pattern)
