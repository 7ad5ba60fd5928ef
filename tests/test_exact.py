"""Exact expected pay-offs (coop_sim.engine.exact) against slow twins and literature values."""

from __future__ import annotations

import numba
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coop_sim.engine import exact
from tests import reference as ref

GAME = (3.0, 0.0, 5.0, 1.0)
R, S, T, P = GAME
PAY_A, PAY_B = exact.payoff_vectors(GAME)

TFT = ref.memory_one(1, 1, 0, 1, 0)
STFT = ref.memory_one(0, 1, 0, 1, 0)
ALLD = ref.memory_one(0, 0, 0, 0, 0)
ALLC = ref.memory_one(1, 1, 1, 1, 1)
GTFT = ref.memory_one(1, 1, 1 / 3, 1, 1 / 3)
EXTORT2 = ref.memory_one(1, 8 / 9, 1 / 2, 1 / 3, 0)
ALTERNATOR = ref.cycler("DC")

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pair(a, b, noise_a=0.0, noise_b=0.0, continuation=None, turns=None):
    out, status = exact.expected_pair(
        a, b, noise_a=noise_a, noise_b=noise_b, game=GAME, continuation=continuation, turns=turns
    )
    assert status == exact.OK
    return out


def pad(auto):
    """The same strategy plus an unreachable state, so it is no longer outcome-determined."""
    p, nxt, start = auto
    n = len(p)
    extra = np.zeros((1, 2, 2, 2), dtype=np.int64)
    extra[0, 1] = n  # intended D -> itself: next state now depends on more than the outcome
    return np.append(p, 0.5), np.concatenate([nxt, extra]), start


# --------------------------------------------------------------------------- strategies

probabilities = st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.01, 0.99))
noises = st.one_of(st.sampled_from([0.0, 0.05]), st.floats(0.01, 0.5))


@st.composite
def random_automata(draw, max_states: int = 4):
    n = draw(st.integers(1, max_states))
    p = np.array(draw(st.lists(probabilities, min_size=n, max_size=n)), dtype=np.float64)
    flat = draw(st.lists(st.integers(0, n - 1), min_size=8 * n, max_size=8 * n))
    nxt = np.array(flat, dtype=np.int64).reshape(n, 2, 2, 2)
    return p, nxt, draw(st.integers(0, n - 1))


memory_ones = st.builds(ref.memory_one, *([probabilities] * 5))
automata = st.one_of(random_automata(), memory_ones)
modes = st.one_of(
    st.tuples(st.floats(0.0, 0.95), st.none()),  # discounted
    st.tuples(st.none(), st.integers(1, 6)),  # fixed length
    st.tuples(st.floats(0.0, 0.95), st.integers(1, 6)),  # both
    st.tuples(st.none(), st.none()),  # stationary
)


# --------------------------------------------------------------------------- twins


@SETTINGS
@given(automata, automata, noises, noises, st.integers(1, 6), st.none() | st.floats(0.0, 0.95))
def test_fixed_length_matches_twin(a, b, noise_a, noise_b, turns, w):
    got = pair(a, b, noise_a, noise_b, continuation=w, turns=turns)
    want = ref.reference_expectation(a, b, noise_a, noise_b, GAME, continuation=w, turns=turns)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


@SETTINGS
@given(automata, automata, noises, noises, st.floats(0.0, 0.95))
def test_discounted_matches_twin(a, b, noise_a, noise_b, w):
    got = pair(a, b, noise_a, noise_b, continuation=w)
    want = ref.reference_expectation(a, b, noise_a, noise_b, GAME, continuation=w)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-10)


@SETTINGS
@given(automata, automata, noises, noises)
def test_stationary_matches_cesaro_twin(a, b, noise_a, noise_b):
    # the twin's long Cesaro average converges for every finite chain (reducible and periodic
    # ones included: its error is ~ (transient length + period) / 2**60), so noise 0 is kept
    got = pair(a, b, noise_a, noise_b)
    want = ref.reference_expectation(a, b, noise_a, noise_b, GAME)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-8)


@pytest.mark.parametrize("turns", [97, 300, 1500])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_long_horizon_doubling_matches_twin(turns, seed):
    rng = np.random.default_rng(seed)
    n_a, n_b = 3, 4
    a = (rng.random(n_a), rng.integers(0, n_a, (n_a, 2, 2, 2)), 0)
    b = (rng.random(n_b), rng.integers(0, n_b, (n_b, 2, 2, 2)), 1)
    m = ref.memory_one(*rng.random(5))
    for w in (None, 0.999):
        for x, y in ((a, b), (m, a), (m, TFT)):
            got = pair(x, y, 0.01, 0.02, continuation=w, turns=turns)
            want = ref.reference_expectation(x, y, 0.01, 0.02, GAME, continuation=w, turns=turns)
            np.testing.assert_allclose(got, want, rtol=0, atol=1e-11)


@SETTINGS
@given(memory_ones, memory_ones, noises, noises, modes)
def test_memory_one_fast_path_equals_general_path(a, b, noise_a, noise_b, mode):
    w, turns = mode
    fast = pair(a, b, noise_a, noise_b, continuation=w, turns=turns)
    general = pair(pad(a), pad(b), noise_a, noise_b, continuation=w, turns=turns)
    np.testing.assert_allclose(fast, general, rtol=0, atol=1e-10)


# --------------------------------------------------------------------------- literature


def test_tft_and_alld_discounted_at_two_thirds():
    w = 2 / 3
    np.testing.assert_allclose(pair(TFT, TFT, continuation=w), [3, 3, 1, 0, 0, 0], atol=1e-14)
    got = pair(ALLD, TFT, continuation=w)
    # ALLD: T then P forever, total 5 + 2 = 7, so 7/3 per round; TFT: 0 + 2 = 2, 2/3 per round
    np.testing.assert_allclose(got[:2], [7 / 3, 2 / 3], atol=1e-14)
    np.testing.assert_allclose(got[:2] / (1 - w), [7, 2], atol=1e-13)


@pytest.mark.parametrize("w", [0.1, 0.3, 0.45, 0.49, 0.5, 0.51, 0.6, 0.66, 2 / 3, 0.67, 0.8, 0.95])
def test_tft_collective_stability_threshold(w):
    total = {}
    for name, mutant in (("alld", ALLD), ("alternator", ALTERNATOR), ("tft", TFT)):
        total[name] = pair(mutant, TFT, continuation=w)[0] / (1 - w)
    # closed forms: ALLD 5 + w/(1-w), Alternator 5/(1-w^2), TFT 3/(1-w)
    np.testing.assert_allclose(total["alld"], T + w * P / (1 - w), rtol=1e-12)
    np.testing.assert_allclose(total["alternator"], T / (1 - w * w), rtol=1e-12)
    np.testing.assert_allclose(total["tft"], R / (1 - w), rtol=1e-12)
    # invading with ALLD pays iff w < (T-R)/(T-P) = 1/2; the Alternator iff w < (T-R)/(R-S) = 2/3
    for name, threshold in (("alld", (T - R) / (T - P)), ("alternator", (T - R) / (R - S))):
        diff = total[name] - total["tft"]
        if abs(w - threshold) < 1e-12:
            assert abs(diff) < 1e-9
        else:
            assert (diff <= 0) == (w > threshold)
    # so TFT is collectively stable exactly when w >= max(...) = 2/3
    stable = total["alld"] <= total["tft"] + 1e-9 and total["alternator"] <= total["tft"] + 1e-9
    assert stable == (w >= max((T - R) / (T - P), (T - R) / (R - S)) - 1e-12)


def test_gtft_vs_alld_stationary():
    got = pair(GTFT, ALLD)
    np.testing.assert_allclose(got, [2 / 3, 7 / 3, 0, 1 / 3, 0, 2 / 3], atol=1e-14)
    np.testing.assert_allclose(pair(pad(GTFT), pad(ALLD)), got, atol=1e-14)


@pytest.mark.parametrize("n", [1, 2, 3, 10, 57, 1000, 100_000])
def test_tft_vs_alld_fixed_length(n):
    got = pair(TFT, ALLD, turns=n)
    np.testing.assert_allclose(got[:2], [(S + (n - 1) * P) / n, (T + (n - 1) * P) / n], atol=1e-12)
    np.testing.assert_allclose(pair(pad(TFT), pad(ALLD), turns=n), got, atol=1e-12)


@pytest.mark.parametrize("padded", [False, True])
def test_tft_vs_suspicious_tft_is_a_period_two_cycle(padded):
    a, b = (pad(TFT), pad(STFT)) if padded else (TFT, STFT)
    got = pair(a, b)
    np.testing.assert_allclose(got, [(S + T) / 2, (S + T) / 2, 0, 0.5, 0.5, 0], atol=1e-14)
    # the Cesaro limit is not the limit of any subsequence of rounds: odd lengths differ
    np.testing.assert_allclose(pair(a, b, turns=3)[:2], [(S + T + S) / 3, (T + S + T) / 3])


def test_tft_vs_tft_without_noise_stays_in_cc():
    np.testing.assert_allclose(pair(TFT, TFT), [3, 3, 1, 0, 0, 0], atol=1e-15)
    np.testing.assert_allclose(pair(TFT, STFT, turns=4)[2:], [0, 0.5, 0.5, 0], atol=1e-15)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.01, 0.99), min_size=5, max_size=5), st.booleans())
def test_extort2_enforces_linear_relation(probs, padded):
    opponent = ref.memory_one(*probs)
    x, y = (pad(EXTORT2), pad(opponent)) if padded else (EXTORT2, opponent)
    s_x, s_y = pair(x, y)[:2]
    assert abs((s_x - P) - 2 * (s_y - P)) < 1e-9


def test_noise_only_player():
    # ALLC with noise 0.1 against ALLD: A actually co-operates 90% of rounds
    got = pair(ALLC, ALLD, noise_a=0.1)
    np.testing.assert_allclose(got[2:], [0, 0.9, 0, 0.1], atol=1e-15)


# --------------------------------------------------------------------------- symmetry


@SETTINGS
@given(automata, automata, noises, noises, modes)
def test_swapping_players_swaps_results(a, b, noise_a, noise_b, mode):
    w, turns = mode
    ab = pair(a, b, noise_a, noise_b, continuation=w, turns=turns)
    ba = pair(b, a, noise_b, noise_a, continuation=w, turns=turns)
    np.testing.assert_allclose(ab, ba[[1, 0, 2, 4, 3, 5]], rtol=0, atol=1e-10)


# --------------------------------------------------------------------------- batch kernel


def _population():
    rng = np.random.default_rng(7)
    autos = [TFT, STFT, ALLD, ALLC, GTFT, EXTORT2, ALTERNATOR, ref.cycler("CCD"), pad(TFT)]
    autos += [ref.memory_one(*rng.random(5)) for _ in range(6)]
    autos += [ref.memory_one(*rng.integers(0, 2, 5).astype(float)) for _ in range(4)]
    for n in (1, 2, 3, 5, 7):
        autos.append((rng.random(n), rng.integers(0, n, (n, 2, 2, 2)), int(rng.integers(n))))
    noise = np.where(rng.random(len(autos)) < 0.5, 0.0, rng.random(len(autos)) * 0.1)
    return autos, noise


BATCH_MODES = [(0.9, None), (0.0, None), (None, None), (None, 1), (None, 50), (0.999, 20_000)]


@pytest.mark.parametrize(("w", "turns"), BATCH_MODES)
def test_batch_equals_single_pair_kernel(w, turns):
    autos, noise = _population()
    packed = exact.pack_automata(autos)
    ii, jj = np.meshgrid(np.arange(len(autos)), np.arange(len(autos)), indexing="ij")
    ii, jj = ii.ravel(), jj.ravel()
    out, status = exact.expected_pairs(
        packed, ii, jj, noise=noise, game=GAME, continuation=w, turns=turns
    )
    assert (status == exact.OK).all()
    for k in range(len(ii)):
        a, b = autos[ii[k]], autos[jj[k]]
        single, st_ = exact.expected_pair(
            a, b, noise_a=noise[ii[k]], noise_b=noise[jj[k]], game=GAME,
            continuation=w, turns=turns,
        )  # fmt: skip
        assert st_ == exact.OK
        assert np.array_equal(out[k], single), (k, out[k], single)


@pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2, reason="needs 2 numba threads")
@pytest.mark.parametrize(("w", "turns"), BATCH_MODES)
def test_batch_independent_of_thread_count(w, turns):
    autos, noise = _population()
    packed = exact.pack_automata(autos * 30)  # enough pairs for several work items
    rng = np.random.default_rng(3)
    ii = rng.integers(0, len(autos) * 30, 3000)
    jj = rng.integers(0, len(autos) * 30, 3000)
    noise = np.tile(noise, 30)
    before = numba.get_num_threads()
    try:
        results = []
        for threads in (1, 2):
            numba.set_num_threads(threads)
            results.append(
                exact.expected_pairs(packed, ii, jj, noise=noise, continuation=w, turns=turns)
            )
    finally:
        numba.set_num_threads(before)
    assert np.array_equal(results[0][0], results[1][0])
    assert np.array_equal(results[0][1], results[1][1])
    assert (results[0][1] == exact.OK).all()


# --------------------------------------------------------------------------- status codes


def test_status_codes_single_pair():
    bad_start = (TFT[0], TFT[1], 5)
    assert exact.expected_pair(bad_start, TFT)[1] == exact.ERR_INVALID
    bad_nxt = (np.array([1.0, 0.0]), np.full((2, 2, 2, 2), 2, dtype=np.int64), 0)
    out, status = exact.expected_pair(bad_nxt, TFT)
    assert status == exact.ERR_INVALID
    assert np.isnan(out).all()
    assert exact.expected_pair(TFT, TFT, continuation=1.0)[1] == exact.ERR_INVALID
    assert exact.expected_pair(TFT, TFT, continuation=1.5, turns=3)[1] == exact.ERR_INVALID
    assert exact.expected_pair(TFT, TFT, continuation=float("nan"))[1] == exact.ERR_INVALID
    # w = 1 with a fixed length is plain fixed length
    np.testing.assert_array_equal(
        pair(GTFT, ALLD, continuation=1.0, turns=7), pair(GTFT, ALLD, turns=7)
    )
    # two cyclers of coprime lengths visit every joint state: 65 * 67 > MAX_JOINT_STATES
    big_a, big_b = ref.cycler("C" * 64 + "D"), ref.cycler("D" * 66 + "C")
    assert 65 * 67 > exact.MAX_JOINT_STATES
    assert exact.expected_pair(big_a, big_b)[1] == exact.ERR_TOO_LARGE
    # a big automaton against a small one still works
    np.testing.assert_allclose(pair(big_a, ALLD, continuation=0.0), [S, T, 0, 1, 0, 0])


def test_status_codes_batch():
    packed = exact.pack_automata([TFT, ALLD, (TFT[0], TFT[1], 9)])
    out, status = exact.expected_pairs(packed, [0, 0, 2, 3, -1], [1, 0, 0, 0, 0], continuation=0.0)
    assert status.tolist() == [exact.OK, exact.OK] + [exact.ERR_INVALID] * 3
    assert np.isnan(out[2:]).all()
    np.testing.assert_allclose(out[0], [S, T, 0, 1, 0, 0])
    assert (exact.expected_pairs(packed, [0], [1], continuation=1.0)[1] == exact.ERR_INVALID).all()
    empty_out, empty_status = exact.expected_pairs(packed, [], [])
    assert empty_out.shape == (0, 6) and empty_status.shape == (0,)


def test_frequencies_sum_to_one_and_pay_offs_follow():
    autos, noise = _population()
    packed = exact.pack_automata(autos)
    ii, jj = np.triu_indices(len(autos))
    for w, turns in BATCH_MODES:
        out, _ = exact.expected_pairs(packed, ii, jj, noise=noise, continuation=w, turns=turns)
        np.testing.assert_allclose(out[:, 2:].sum(axis=1), 1.0, atol=1e-12)
        assert (out[:, 2:] >= -1e-15).all()
        np.testing.assert_allclose(out[:, 0], out[:, 2:] @ PAY_A, atol=1e-12)
        np.testing.assert_allclose(out[:, 1], out[:, 2:] @ PAY_B, atol=1e-12)
