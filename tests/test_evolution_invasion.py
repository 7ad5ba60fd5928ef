"""Invasion analysis: Maynard Smith's rule, the invasion table and the critical w."""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop_sim import expected_payoffs
from coop_sim.evolution.invasion import (
    TIE_RTOL,
    InvasionTable,
    _verdict,
    critical_continuation,
    invasion_table,
)
from coop_sim.strategies.registry import get

TFT, ALLD, ALLC, ALT = "tit_for_tat", "defector", "cooperator", "alternator"


def axelrod_threshold(R, S, T, P):
    """TFT resists ALLD and Alternator iff w >= max((T-R)/(T-P), (T-R)/(R-S))."""
    return max((T - R) / (T - P), (T - R) / (R - S))


# ------------------------------------------------------------------ the rule


def test_registry_ids():
    assert get(ALT).label() == "Alternator"
    assert get(ALLD).label() == "Defector"
    assert get(TFT).label() == "Tit For Tat"


@pytest.mark.parametrize(
    ("rr", "mr", "rm", "mm", "expected"),
    [
        (3.0, 3.5, 0.0, 0.0, "invades"),  # out-earns the resident
        (3.0, 2.5, 0.0, 9.0, "resisted"),  # first condition decides alone
        (3.0, 3.0, 1.0, 2.0, "invades"),  # tie, does better against itself
        (3.0, 3.0, 2.0, 1.0, "resisted"),  # tie, resident does better against it
        (3.0, 3.0, 2.0, 2.0, "neutral"),
        (3.0, 3.0 + 1e-15, 2.0, 2.0 - 1e-15, "neutral"),  # rounding is a tie
        (3.0, 3.0 + 1e-9, 2.0, 2.0, "invades"),  # a real difference is not
    ],
)
def test_verdict_rule(rr, mr, rm, mm, expected):
    assert _verdict(rr, mr, rm, mm, TIE_RTOL * 5.0) == expected


# ------------------------------------------------------------------ invasion_table


def test_table_tft_long_shadow():
    t = invasion_table(TFT, [ALLD, ALT, ALLC], continuation=0.9)
    assert isinstance(t, InvasionTable)
    assert t.resident == "Tit For Tat"
    assert t.mutants == ("Defector", "Alternator", "Cooperator")
    assert t.verdicts == ("resisted", "resisted", "neutral")
    assert t.methods == ("exact",) * 3
    assert t.resists and t.invaders == []
    # E(ALLD, TFT) = (1 - w) T + w P; E(TFT, ALLD) = (1 - w) S + w P
    assert t.mutant_vs_resident[0] == pytest.approx(0.1 * 5 + 0.9 * 1, abs=1e-12)
    assert t.resident_vs_mutant[0] == pytest.approx(0.9, abs=1e-12)
    assert t.mutant_vs_mutant[0] == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(t.resident_vs_resident, 3.0, atol=1e-12)


def test_table_matches_expected_payoffs():
    t = invasion_table(TFT, ["win_stay_lose_shift", "random"], continuation=0.8, noise=0.05)
    for k, m in enumerate([get("win_stay_lose_shift"), get("random")]):
        mr, rm = expected_payoffs(m, TFT, continuation=0.8, noise=0.05)
        assert t.mutant_vs_resident[k] == mr and t.resident_vs_mutant[k] == rm
        assert t.mutant_vs_mutant[k] == expected_payoffs(m, m, continuation=0.8, noise=0.05)[0]
    assert t.resident_vs_resident[0] == expected_payoffs(TFT, TFT, continuation=0.8, noise=0.05)[0]


def test_table_short_shadow_invaders():
    t = invasion_table(TFT, [ALLD, ALT], continuation=0.4)
    assert t.verdicts == ("invades", "invades")
    assert not t.resists
    assert t.invaders == ["Defector", "Alternator"]


def test_tie_decided_by_second_condition():
    # at w = 1/2 ALLD earns exactly R against TFT, but E(ALLD, ALLD) = P > E(TFT, ALLD)
    t = invasion_table(TFT, [ALLD], continuation=0.5)
    assert t.mutant_vs_resident[0] == pytest.approx(t.resident_vs_resident[0], abs=1e-12)
    assert t.verdicts == ("invades",)
    # at w = 2/3 Alternator ties, but E(TFT, Alt) = 7/3 > E(Alt, Alt) = 11/5
    t = invasion_table(TFT, [ALT], continuation=2 / 3)
    assert t.mutant_vs_resident[0] == pytest.approx(3.0, abs=1e-12)
    assert t.resident_vs_mutant[0] == pytest.approx(7 / 3, abs=1e-12)
    assert t.mutant_vs_mutant[0] == pytest.approx(11 / 5, abs=1e-12)
    assert t.verdicts == ("resisted",)


def test_default_length_is_200_turns():
    t = invasion_table(ALLC, [ALLD])
    assert t.settings["turns"] == 200 and t.settings["continuation"] is None
    assert t.verdicts == ("invades",)
    assert t.mutant_vs_resident[0] == 5.0


def test_auto_falls_back_to_simulation():
    # Gradual has no finite-state form; First by Tullock's joint chain is too big to solve
    t = invasion_table(TFT, ["gradual", ALLD, "first_by_tullock"], turns=30, seed=3)
    assert t.methods == ("simulate", "exact", "simulate")
    assert t.verdicts[1] == "resisted"
    # deterministic, nice: the simulated pay-offs are exactly R all round
    assert t.verdicts[0] == "neutral"
    assert t.settings["seed"] == 3


def test_exact_method_refuses_what_it_cannot_solve():
    with pytest.raises(ValueError, match="Gradual"):
        invasion_table(TFT, ["gradual"], turns=10, method="exact")
    with pytest.raises(RuntimeError, match="too many"):
        invasion_table(TFT, ["first_by_tullock"], turns=10, method="exact")


def test_simulate_agrees_with_exact_for_deterministic_play():
    mutants = [ALLD, ALT, ALLC, "suspicious_tit_for_tat"]
    exact = invasion_table(TFT, mutants, turns=25, method="exact")
    sim = invasion_table(TFT, mutants, turns=25, method="simulate", repetitions=2, seed=0)
    assert sim.methods == ("simulate",) * 4
    assert sim.verdicts == exact.verdicts
    for name in ("resident_vs_resident", "mutant_vs_resident", "resident_vs_mutant"):
        np.testing.assert_allclose(getattr(sim, name), getattr(exact, name), atol=1e-12)


def test_simulation_is_reproducible_and_seeded():
    a = invasion_table(TFT, ["random", ALLD], turns=40, noise=0.1, method="simulate", seed=7)
    b = invasion_table(TFT, ["random", ALLD], turns=40, noise=0.1, method="simulate", seed=7)
    c = invasion_table(TFT, ["random", ALLD], turns=40, noise=0.1, method="simulate", seed=8)
    np.testing.assert_array_equal(a.mutant_vs_resident, b.mutant_vs_resident)
    assert not np.array_equal(a.mutant_vs_resident, c.mutant_vs_resident)
    # one simulated E(R, R) shared by the simulated rows
    assert a.resident_vs_resident[0] == a.resident_vs_resident[1]


def test_accepts_specs_and_game():
    t = invasion_table(get(TFT), [get(ALLD)], game=(3, 0, 5, 1), continuation=0.9)
    assert t.verdicts == ("resisted",) and t.settings["game"] == (3.0, 0.0, 5.0, 1.0)


def test_result_is_frozen():
    t = invasion_table(TFT, [ALLD], continuation=0.9)
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.resident = "x"
    with pytest.raises(ValueError):
        t.mutant_vs_resident[0] = 0.0


def test_to_frame():
    pytest.importorskip("pandas")
    t = invasion_table(TFT, [ALLD, ALLC], continuation=0.9)
    f = t.to_frame()
    assert list(f.index) == ["Defector", "Cooperator"]
    assert list(f.columns) == [
        "resident_vs_resident",
        "mutant_vs_resident",
        "resident_vs_mutant",
        "mutant_vs_mutant",
        "verdict",
        "method",
    ]
    assert f.loc["Defector", "verdict"] == "resisted"
    assert f.loc["Cooperator", "mutant_vs_resident"] == pytest.approx(3.0)


def test_summary():
    t = invasion_table(TFT, [ALLD, ALT], continuation=0.5)
    text = t.summary(digits=3)
    lines = text.splitlines()
    assert lines[0].startswith("Invasion of Tit For Tat") and "continuation 0.5" in lines[0]
    assert "E(M,R)" in lines[1]
    assert lines[2].split()[:2] == ["Defector", "3.000"]
    assert "invades" in lines[2] and "exact" in lines[2]
    assert lines[-1] == "invaders: Defector, Alternator"
    assert str(t) == t.summary()
    assert invasion_table(TFT, [ALLD], continuation=0.9).summary().endswith("resists every mutant")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"mutants": ALLD}, TypeError, "mutants"),
        ({"mutants": []}, ValueError, "mutants"),
        ({"method": "fast"}, ValueError, "method"),
        ({"noise": 1.5}, ValueError, "noise"),
        ({"continuation": 1.0}, ValueError, "continuation"),
        ({"turns": 0}, ValueError, "turns"),
        ({"repetitions": 0}, ValueError, "repetitions"),
        ({"mutants": ["no_such_strategy"]}, ValueError, "unknown strategy"),
    ],
)
def test_invasion_table_validation(kwargs, error, match):
    args = {"mutants": [ALLD], **kwargs}
    with pytest.raises(error, match=match):
        invasion_table(TFT, **args)


# ------------------------------------------------------------------ critical_continuation


def test_critical_tft_axelrod_values():
    w = critical_continuation(TFT, [ALLD, ALT])
    assert w == pytest.approx(2 / 3, abs=1e-9)
    # the threshold is an infimum: just above it TFT resists, just below it does not
    assert invasion_table(TFT, [ALLD, ALT], continuation=w + 1e-6).resists
    assert not invasion_table(TFT, [ALLD, ALT], continuation=w - 1e-6).resists


@pytest.mark.parametrize(
    "game",
    [(3, 0, 5, 1), (4, 0, 5, 1), (3, 0, 4, 1), (2, -1, 3, 0), (10, 0, 12, 1), (3, 0, 5.5, 2)],
)
def test_critical_tft_closed_form(game):
    assert critical_continuation(TFT, [ALLD, ALT], game=game) == pytest.approx(
        axelrod_threshold(*game), abs=1e-9
    )


def test_critical_single_mutants():
    assert critical_continuation(TFT, [ALLD]) == pytest.approx(0.5, abs=1e-9)
    assert critical_continuation(TFT, [ALT]) == pytest.approx(2 / 3, abs=1e-9)
    # Grudger vs ALLD: R / (1 - w) >= T + w P / (1 - w)  <=>  w >= (T - R) / (T - P)
    assert critical_continuation("grudger", [ALLD]) == pytest.approx(0.5, abs=1e-9)
    assert critical_continuation("grudger", [ALLD], game=(4, 0, 6, 1)) == pytest.approx(
        2 / 5, abs=1e-9
    )


def test_critical_extremes():
    assert critical_continuation(ALLD, [TFT, ALLC, ALT]) == 0.0  # ALLD always resists
    assert critical_continuation(ALLC, [ALLD]) is None  # never resists
    # WSLS vs ALLD under 3,0,5,1: (T + wP) / (1 + w) > R for every w < 1 (needs 2R > T + P)
    assert critical_continuation("win_stay_lose_shift", [ALLD]) is None
    assert critical_continuation("win_stay_lose_shift", [ALLD], game=(4, 0, 5, 1)) == (
        pytest.approx(1 / 3, abs=1e-9)
    )


def test_critical_with_turn_cap():
    # lengths min(turns, Geometric): TFT vs ALLD needs a longer shadow when matches are capped
    capped = critical_continuation(TFT, [ALLD], turns=5)
    assert 0.5 < capped < 0.6
    t = invasion_table(TFT, [ALLD], continuation=capped, turns=5)
    assert t.mutant_vs_resident[0] == pytest.approx(t.resident_vs_resident[0], abs=1e-9)


def test_noise_raises_the_threshold_against_alld():
    values = [critical_continuation(TFT, [ALLD], noise=e) for e in (0.0, 0.01, 0.05, 0.1)]
    assert values[0] == pytest.approx(0.5, abs=1e-9)
    assert all(a < b for a, b in itertools.pairwise(values))
    assert values[-1] < 1.0


def test_noise_lets_alternator_invade_tft_for_every_w():
    # noisy TFT pairs fall into echoes worth (R + S + T + P) / 4 = 2.25 as w -> 1, while
    # Alternator against TFT gets (S + T) / 2 = 2.5
    assert critical_continuation(TFT, [ALT], noise=0.01) is None
    t = invasion_table(TFT, [ALT], continuation=0.999, noise=0.01)
    assert t.verdicts == ("invades",)


@given(
    S=st.integers(-5, 5),
    gaps=st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(1, 6)),
)
def test_critical_tft_closed_form_property(S, gaps):
    a, b, c = gaps
    P, R = S + a, S + a + b
    T = R + c
    if not 2 * R > T + S:  # the iterated PD condition (else Alternator invades for every w)
        assert critical_continuation(TFT, [ALT], game=(R, S, T, P)) is None
        return
    w = critical_continuation(TFT, [ALLD, ALT], game=(R, S, T, P))
    assert w == pytest.approx(axelrod_threshold(R, S, T, P), abs=1e-9)


def test_critical_tol():
    w = critical_continuation(TFT, [ALLD, ALT], tol=1e-4)
    assert abs(w - 2 / 3) < 1e-3
    with pytest.raises(ValueError, match="tol"):
        critical_continuation(TFT, [ALLD], tol=0.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"mutants": ["gradual"]}, ValueError, "Gradual"),
        ({"mutants": ALLD}, TypeError, "mutants"),
        ({"mutants": []}, ValueError, "mutants"),
        ({"noise": -0.1}, ValueError, "noise"),
        ({"turns": 0}, ValueError, "turns"),
    ],
)
def test_critical_validation(kwargs, error, match):
    args = {"mutants": [ALLD], **kwargs}
    with pytest.raises(error, match=match):
        critical_continuation(TFT, **args)


def test_critical_is_finite_float():
    w = critical_continuation(TFT, [ALLD])
    assert isinstance(w, float) and math.isfinite(w) and 0.0 <= w < 1.0
