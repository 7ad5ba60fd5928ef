"""The re-matching population (coop_sim.design.rematching): kernel vs twin, thread
invariance, the mean-field oracle, the directions of the levers, and validation."""

import numpy as np
import pytest

from coop_sim.design import rematching
from coop_sim.design.rematching import (
    RecordReader,
    mean_payoffs_rematching,
    resolve_rematching_strategy,
    simulate_rematching,
)
from coop_sim.evolution.population import population_game
from coop_sim.game import resolve_game
from tests import reference as ref

# (1) the kernel against the slow twin --------------------------------------------------------

TWIN_CASES = {
    "turnover-noise-fermi-mutation": dict(
        strategies=["tit_for_tat", "defector", "win_stay_lose_shift"], initial=[4, 4, 4],
        noise=0.05, turnover=0.2, process="fermi", intensity=1.0, mutation=0.1,
    ),
    "image-listing-moran-linear": dict(
        strategies=["discriminator", "defector", "generous_tit_for_tat"], initial=[4, 4, 4],
        record="image", listing_bonus=0.5, listing_encounters=2.0, turnover=0.3,
        process="moran", intensity=0.1, noise=0.03,
    ),
    "standing-continuation-turns-moran-exp-teaching": dict(
        strategies=["discriminator:tit_for_tat", "random", "defector"], initial=[3, 3, 4],
        record="standing", continuation=0.8, turns=4, noise=0.02, process="moran",
        fitness="exponential", intensity=0.5, teaching_share=0.1, teaching_strategy=0,
        listing_bonus=1.0,
    ),
    "strangers-none-mutation-teaching": dict(
        strategies=["cooperator", "defector"], initial=[6, 6], turnover=1.0, process="none",
        mutation=0.2, teaching_share=0.05, teaching_strategy="cooperator",
    ),
    "fixed-pairs-standing-encounters-fermi": dict(
        strategies=["tit_for_tat", "defector", RecordReader("win_stay_lose_shift")],
        initial=[2, 4, 4], record="standing", listing_encounters=1.5, noise=0.1,
        process="fermi", intensity=2.0, mutation=0.05,
    ),
    "moran-negative-payoffs-clipped": dict(
        strategies=["generous_tit_for_tat", "defector"], initial=[5, 5],
        game=(3.0, -2.0, 5.0, -1.0), turnover=0.5, process="moran", intensity=0.9,
        baseline=0.5,
    ),
}  # fmt: skip


def _twin(out, case, run):
    s = out.settings
    game = resolve_game(case.get("game"))
    resolved = [resolve_rematching_strategy(x) for x in case["strategies"]]
    automata = [spec.automaton(game) for spec, _ in resolved]
    readers = [reads for _, reads in resolved]
    kinds = [k for k, c in enumerate(s["initial"]) for _ in range(c)]
    teach = s["teaching_strategy"]
    return ref.rematch_run(
        automata, readers, kinds, game.as_tuple(), key=s["key"], run=run,
        generations=s["generations"], rounds=s["rounds"], noise=s["noise"],
        turnover=s["turnover"], continuation=s["continuation"], turns=s["turns"],
        record=s["record"], listing_bonus=s["listing_bonus"],
        listing_encounters=s["listing_encounters"], process=s["process"],
        intensity=s["intensity"], fitness=s["fitness"], baseline=case.get("baseline"),
        mutation=s["mutation"], teaching_share=s["teaching_share"],
        teaching_strategy=None if teach is None else s["strategies"].index(teach),
    )  # fmt: skip


@pytest.mark.parametrize("name", sorted(TWIN_CASES))
def test_kernel_matches_twin(name):
    case = TWIN_CASES[name]
    kwargs = {k: v for k, v in case.items() if k not in ("strategies", "initial")}
    out = simulate_rematching(case["strategies"], case["initial"], generations=4, rounds=12,
                              runs=2, seed=11, **kwargs)  # fmt: skip
    changed = False
    for run in range(2):
        twin = _twin(out, case, run)
        np.testing.assert_array_equal(out.counts[run], np.array(twin["counts"]))
        np.testing.assert_array_equal(out.cooperation[run], twin["cooperation"])
        np.testing.assert_array_equal(out.welfare[run], twin["welfare"])
        np.testing.assert_array_equal(out.subsidy[run], twin["subsidy"])
        np.testing.assert_array_equal(out.listed[run], twin["listed"])
        np.testing.assert_array_equal(out.payoff_by_strategy[run], np.array(twin["payoff"]))
        changed |= bool(np.any(out.counts[run] != out.counts[run, 0]))
    assert changed or case["process"] == "none"  # the update was exercised
    assert 0.0 < out.cooperation.mean() < 1.0 or name.startswith("strangers")


def test_twin_stream_is_the_engine_stream():
    from coop_sim.engine.rng import stream_key, uniform

    k = ref.stream_key(12345, 3, 7, 0)
    assert k == int(stream_key(np.uint64(12345), 3, 7, 0))
    stream = np.array([k, 0], dtype=np.uint64)
    twin = ref.Stream(k)
    assert [uniform(stream) for _ in range(4)] == [twin.uniform() for _ in range(4)]


# (2) thread-count invariance and seeding -----------------------------------------------------


def test_threads_do_not_change_results(monkeypatch):
    monkeypatch.setattr(rematching, "_SERIAL_WORK", 0)  # the parallel kernel runs for threads=2
    args = (["discriminator", "defector", "tit_for_tat"], [10, 10, 10])
    kwargs = dict(record="standing", turnover=0.1, noise=0.02, listing_bonus=0.5,
                  mutation=0.02, generations=6, rounds=20, runs=5, seed=4)  # fmt: skip
    one = simulate_rematching(*args, threads=1, **kwargs)
    two = simulate_rematching(*args, threads=2, **kwargs)
    for field in ("counts", "cooperation", "welfare", "subsidy", "listed", "payoff_by_strategy"):
        np.testing.assert_array_equal(getattr(one, field), getattr(two, field))
    assert len({one.counts[r].tobytes() for r in range(5)}) > 1  # runs differ from each other


def test_seed_and_key():
    args = (["tit_for_tat", "defector"], [6, 6])
    kwargs = dict(turnover=0.2, mutation=0.1, generations=5, rounds=10)
    a = simulate_rematching(*args, seed=5, **kwargs)
    b = simulate_rematching(*args, seed=5, **kwargs)
    c = simulate_rematching(*args, seed=6, **kwargs)
    np.testing.assert_array_equal(a.counts, b.counts)
    assert not np.array_equal(a.cooperation, c.cooperation)
    assert a.settings["seed"] == 5 and a.settings["version"]
    # key wins over seed, and is used as is
    d = simulate_rematching(*args, seed=99, key=a.settings["key"], **kwargs)
    np.testing.assert_array_equal(a.counts, d.counts)
    np.testing.assert_array_equal(a.welfare, d.welfare)
    assert d.settings["key"] == a.settings["key"] and d.settings["seed"] is None


# (3) the mean-field oracle -------------------------------------------------------------------

ORACLE_STRATEGIES = ["tit_for_tat", "defector", "win_stay_lose_shift"]


def _exact(counts, noise, continuation, turns=None):
    a = population_game(ORACLE_STRATEGIES, continuation=continuation, noise=noise,
                        turns=turns).matrix  # fmt: skip
    k = np.asarray(counts, dtype=np.float64)
    return (a @ k - np.diag(a)) / (k.sum() - 1), a @ k / k.sum()


@pytest.mark.parametrize(
    ("counts", "noise", "turnover", "continuation", "turns", "generations"),
    [
        ([80, 60, 60], 0.02, 0.1, None, None, 80),  # w' = 1 - turnover
        ([8, 6, 6], 0.02, 0.1, None, None, 800),  # small N: partners among the other N - 1
        ([80, 60, 60], 0.05, 0.05, 0.95, None, 80),  # w' = w (1 - turnover)
        ([8, 6, 6], 0.0, 0.1, 0.9, 5, 800),  # with a cap of 5 rounds together
    ],
)
def test_mean_payoffs_match_the_exact_matrix(counts, noise, turnover, continuation, turns,
                                             generations):  # fmt: skip
    mean, sem = mean_payoffs_rematching(
        ORACLE_STRATEGIES, counts, noise=noise, turnover=turnover, continuation=continuation,
        turns=turns, generations=generations, rounds=50, runs=4, seed=21,
    )  # fmt: skip
    w = (1.0 if continuation is None else continuation) * (1.0 - turnover)
    exact, with_self = _exact(counts, noise, w, turns)
    tol = 4.5 * sem + 1e-9
    assert np.all(np.abs(mean - exact) <= tol), (mean, exact, sem)
    assert np.all(sem < 0.02)  # the test has power
    if sum(counts) == 20:  # ... enough to reject partners drawn with oneself
        assert np.any(np.abs(mean - with_self) > tol)


def test_mean_payoffs_reject_a_wrong_continuation():
    """The oracle has power: the matrix for a slightly different w' is rejected."""
    mean, sem = mean_payoffs_rematching(ORACLE_STRATEGIES, [80, 60, 60], noise=0.02,
                                        turnover=0.1, generations=80, runs=4, seed=22)  # fmt: skip
    exact, _ = _exact([80, 60, 60], 0.02, 0.9)
    wrong, _ = _exact([80, 60, 60], 0.02, 0.85)
    assert np.all(np.abs(mean - exact) <= 4.5 * sem)
    assert np.any(np.abs(mean - wrong) > 4.5 * sem)


# (4) directions of the levers ----------------------------------------------------------------


def _late_cooperation(out, last=10):
    return float(out.cooperation[:, -last:].mean())


def test_turnover_lowers_cooperation():
    kwargs = dict(process="fermi", intensity=2.0, generations=40, rounds=50, runs=2, seed=8)
    stable = simulate_rematching(["tit_for_tat", "defector"], [50, 50], turnover=0.02, **kwargs)
    churn = simulate_rematching(["tit_for_tat", "defector"], [50, 50], turnover=0.5, **kwargs)
    assert _late_cooperation(stable) > 0.8
    assert _late_cooperation(churn) < 0.2
    assert stable.final_shares[:, 0].mean() > churn.final_shares[:, 0].mean()


def test_discriminators_resist_defectors_better_than_cooperators():
    kwargs = dict(turnover=1.0, process="fermi", intensity=2.0, generations=30, rounds=20,
                  runs=2, seed=9)  # fmt: skip
    out = {}
    for record in ("image", "standing"):
        disc = simulate_rematching(["discriminator", "defector"], [60, 40], record=record,
                                   **kwargs)  # fmt: skip
        coop = simulate_rematching(["cooperator", "defector"], [60, 40], record=record,
                                   **kwargs)  # fmt: skip
        assert coop.final_shares[:, 0].mean() < 0.05  # strangers: cooperators are exploited
        assert disc.final_shares[:, 0].mean() > coop.final_shares[:, 0].mean() + 0.2
        pay = np.nanmean(disc.payoff_by_strategy[:, :3], axis=(0, 1))
        assert pay[0] > pay[1]  # early on, discriminators out-earn the defectors
        out[record] = disc
    # standing: discriminators take over and co-operate; binary image scores are unstable
    # (a justified D spoils the discriminator's image, Leimar & Hammerstein 2001), so
    # co-operation collapses and discriminators only drift
    assert out["standing"].final_shares[:, 0].mean() > 0.95
    assert _late_cooperation(out["standing"]) > 0.9
    assert _late_cooperation(out["image"]) < 0.1


def test_listing_bonus_raises_cooperation():
    kwargs = dict(record="standing", turnover=0.5, process="fermi", intensity=2.0,
                  generations=40, rounds=30, runs=2, seed=10)  # fmt: skip
    plain = simulate_rematching(["tit_for_tat", "defector"], [20, 80], **kwargs)
    listed = simulate_rematching(["tit_for_tat", "defector"], [20, 80], listing_bonus=2.0,
                                 **kwargs)  # fmt: skip
    assert _late_cooperation(plain) < 0.1
    assert _late_cooperation(listed) > 0.8
    assert listed.subsidy[:, -1].mean() > 1.5  # most players listed, paid 2 a round
    assert np.all(plain.subsidy == 0.0)


def test_listing_encounters_weigh_the_listed():
    """Two encounters a round for listed players: TFT's fitness counts its pay-offs twice
    while it is listed (standing: all three rounds)."""
    out = simulate_rematching(["tit_for_tat", "defector"], [1, 1], record="standing",
                              listing_encounters=2.0, process="none", generations=1,
                              rounds=3, seed=0)  # fmt: skip
    # TFT: (2 S + 2 P + 2 P) / 3; ALLD listed only in round 0: (2 T + P + P) / 3
    assert out.payoff_by_strategy[0, 0].tolist() == pytest.approx([4 / 3, 4.0])
    assert out.welfare[0, 0] == pytest.approx((0 + 5 + 1 + 1 + 1 + 1) / 6)  # no transfers
    assert out.subsidy[0, 0] == pytest.approx((0 + 5 + 1 + 1) / 6)  # the extra encounters


def test_standing_keeps_listing_after_justified_defection_image_does_not():
    kwargs = dict(listing_bonus=1.0, process="none", generations=1, rounds=3, seed=0)
    standing = simulate_rematching(["tit_for_tat", "defector"], [1, 1], record="standing",
                                   **kwargs)  # fmt: skip
    image = simulate_rematching(["tit_for_tat", "defector"], [1, 1], record="image", **kwargs)
    # moves: (C, D), (D, D), (D, D); TFT's D in round 1 is justified (ALLD is bad)
    assert standing.listed[0, 0] == pytest.approx(4 / 6)  # TFT 3 rounds, ALLD round 0 only
    assert image.listed[0, 0] == pytest.approx(3 / 6)  # TFT delisted after its D of round 1
    assert standing.payoff_by_strategy[0, 0, 0] == pytest.approx((1 + 2 + 2) / 3)
    assert image.payoff_by_strategy[0, 0, 0] == pytest.approx((1 + 2 + 1) / 3)
    assert standing.cooperation[0, 0] == image.cooperation[0, 0] == pytest.approx(1 / 6)


def test_relationships_persist_and_strategy_changes_break_them():
    # fixed pairs, no turnover: the initial matching of TFT/ALLD players lasts, so the
    # per-generation co-operation is constant across generations
    out = simulate_rematching(["tit_for_tat", "defector"], [10, 10], process="none",
                              generations=4, rounds=20, seed=2)  # fmt: skip
    later = out.cooperation[0, 1:]
    assert np.all(later == later[0])
    # teaching everyone: all players change strategy and start fresh relationships
    taught = simulate_rematching(["tit_for_tat", "defector"], [2, 18], process="none",
                                 teaching_share=1.0, teaching_strategy="tit_for_tat",
                                 generations=2, rounds=5, seed=2)  # fmt: skip
    assert taught.counts[0, 1].tolist() == [20, 0]
    assert taught.cooperation[0, 1] == 1.0  # fresh TFT pairs co-operate throughout
    assert taught.settings["teaching_strategy"] == "Tit For Tat"


def test_results_shapes_and_properties():
    out = simulate_rematching(
        ["discriminator", "defector", "cooperator"],
        [4, 4, 2],
        record="image",
        generations=3,
        rounds=5,
        runs=2,
        seed=1,
    )
    assert out.names == ("Discriminator", "Defector", "Cooperator")
    assert out.counts.shape == (2, 4, 3) and out.payoff_by_strategy.shape == (2, 3, 3)
    assert out.runs == 2 and out.generations == 3 and out.population == 10
    assert out.counts[:, 0].tolist() == [[4, 4, 2], [4, 4, 2]]
    np.testing.assert_allclose(out.shares.sum(axis=-1), 1.0)
    assert out.final_shares.shape == (2, 3)
    assert out.settings["readers"] == [True, False, False]


def test_resolve_strategies():
    spec, reads = resolve_rematching_strategy(RecordReader("tit_for_tat"))
    assert (spec.id, reads) == ("tit_for_tat", True)
    assert resolve_rematching_strategy("Discriminator")[0].id == "cooperator"
    assert resolve_rematching_strategy("tit_for_tat") == (spec, False)
    with pytest.raises(TypeError, match="strategy"):
        resolve_rematching_strategy(3)


# (5) validation ------------------------------------------------------------------------------

TD = ["tit_for_tat", "defector"]


@pytest.mark.parametrize(
    ("strategies", "initial", "kwargs", "error", "match"),
    [
        (TD, [3, 2], {}, ValueError, "even population"),
        (TD, [1, 0], {}, ValueError, "even population"),
        (TD, [2, 2, 2], {}, ValueError, "initial must have one count per strategy"),
        (TD, [2, -2], {}, ValueError, "initial must hold counts"),
        (TD, [2.0, 2.0], {}, ValueError, "initial must hold counts"),
        (TD, "22", {}, TypeError, "initial"),
        ("tit_for_tat", [2], {}, TypeError, "strategies"),
        ([], [], {}, ValueError, "strategies"),
        (["adaptive", "defector"], [2, 2], {}, ValueError, "finite-state"),
        (["discriminator:"], [2], {"record": "image"}, ValueError, "after the colon"),
        (TD, [2, 2], {"noise": 0.6}, ValueError, r"noise must be a probability in \[0, 0.5\]"),
        (TD, [2, 2], {"noise": "x"}, TypeError, "noise"),
        (TD, [2, 2], {"turnover": 1.5}, ValueError, "turnover"),
        (TD, [2, 2], {"continuation": 1.0}, ValueError, "continuation"),
        (TD, [2, 2], {"turns": 0}, ValueError, "turns"),
        (TD, [2, 2], {"record": "gossip"}, ValueError, "record must be"),
        (["discriminator", "defector"], [2, 2], {}, ValueError, "record='image'"),
        (TD, [2, 2], {"listing_bonus": 1.0}, ValueError, "record='standing'"),
        (TD, [2, 2], {"listing_encounters": 2.0}, ValueError, "listing scheme"),
        (TD, [2, 2], {"record": "image", "listing_encounters": 0.5}, ValueError,
         "listing_encounters must be a finite real >= 1"),
        (TD, [2, 2], {"record": "image", "listing_bonus": -1}, ValueError, "listing_bonus"),
        (TD, [2, 2], {"process": "moran-db"}, ValueError, "process must be one of"),
        (TD, [2, 2], {"intensity": -1}, ValueError, "intensity"),
        (TD, [2, 2], {"fitness": "quadratic"}, ValueError, "fitness"),
        (TD, [2, 2], {"baseline": float("nan")}, ValueError, "baseline"),
        (TD, [2, 2], {"mutation": 2}, ValueError, "mutation"),
        (["defector"], [2], {"mutation": 0.1}, ValueError, "mutation"),
        (TD, [2, 2], {"teaching_share": 1.5}, ValueError, "teaching_share"),
        (TD, [2, 2], {"teaching_share": 0.1}, ValueError, "teaching_strategy is required"),
        (TD, [2, 2], {"teaching_share": 0.1, "teaching_strategy": "cooperator"}, ValueError,
         "teaching_strategy must be one of"),
        (TD, [2, 2], {"teaching_share": 0.1, "teaching_strategy": 2}, ValueError,
         "teaching_strategy"),
        (TD, [2, 2], {"generations": 0}, ValueError, "generations"),
        (TD, [2, 2], {"rounds": 0}, ValueError, "rounds"),
        (TD, [2, 2], {"runs": 1.5}, TypeError, "runs"),
        (TD, [2, 2], {"threads": 0}, ValueError, "threads"),
        (TD, [2, 2], {"key": -1}, ValueError, "key"),
        (TD, [2, 2], {"game": "pd"}, TypeError, "game"),
    ],
)  # fmt: skip
def test_bad_parameters(strategies, initial, kwargs, error, match):
    with pytest.raises(error, match=match):
        simulate_rematching(strategies, initial, generations=kwargs.pop("generations", 1),
                            rounds=kwargs.pop("rounds", 1), **kwargs)  # fmt: skip


def test_teaching_strategy_forms():
    base = dict(generations=1, rounds=2, seed=1, teaching_share=1.0)
    for form in (1, "defector", "Defector"):
        out = simulate_rematching(TD, [2, 2], teaching_strategy=form, **base)
        assert out.counts[0, -1].tolist() == [0, 4]
    out = simulate_rematching(["discriminator", "defector"], [2, 2], record="image",
                              teaching_strategy=RecordReader(), **base)  # fmt: skip
    assert out.counts[0, -1].tolist() == [4, 0]


def test_mean_payoffs_burn_in_validated():
    with pytest.raises(ValueError, match="burn_in"):
        mean_payoffs_rematching(TD, [2, 2], generations=3, burn_in=2)
    with pytest.raises(ValueError, match="generations"):
        mean_payoffs_rematching(TD, [2, 2], generations=1)
