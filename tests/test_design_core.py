"""The rule-maker's lab: interventions, scenarios, outcomes and thresholds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from coop_sim import Game
from coop_sim.design import (
    Assortment,
    Compensation,
    CooperationBonus,
    DefectionFine,
    Dynamics,
    ExploitationFine,
    Listing,
    Noise,
    Reputation,
    Rescale,
    Scenario,
    Shadow,
    Teaching,
    Turnover,
    evaluate,
    evaluate_replicates,
    transform_game,
)
from coop_sim.design.evaluate import lattice_pairs, payoff_tables
from coop_sim.design.targets import parse_target
from coop_sim.design.threshold import closed_form_threshold, threshold

TFT_ALLD = {"tit_for_tat": 0.3, "defector": 0.7}


def replicator(strategies=TFT_ALLD, generations=300, **kw) -> Scenario:
    return Scenario(strategies, dynamics=Dynamics("replicator", generations=generations), **kw)


# ----------------------------------------------------------------------------- interventions


def test_payoff_interventions_compose_in_a_fixed_order():
    design = (Rescale(2.0), DefectionFine(1.0), CooperationBonus(0.5), Compensation(0.25))
    assert transform_game(Game(), design).as_tuple() == (7.0, 0.5, 8.0, 0.0)
    assert transform_game(Game(), (ExploitationFine(1.5),)).as_tuple() == (3.0, 0.0, 3.5, 1.0)
    assert transform_game(Game(), ()) == Game()


def test_designs_report_the_game_they_make():
    assert transform_game(Game(), (DefectionFine(3.0),)).classify() == "harmony"
    assert transform_game(Game(), (CooperationBonus(2.5),)).classify() == "stag_hunt"
    s = Scenario(["tit_for_tat", "defector"], interventions=[DefectionFine(3.0)])
    assert evaluate(s.apply(Shadow(turns=5)), seed=1).game_class == "harmony"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: DefectionFine(-1), "fine_on_defection must be a finite real number >= 0"),
        (lambda: Rescale(0), "scale must be a finite real number > 0"),
        (lambda: Shadow(continuation=1.0), r"continuation must be a probability in \[0, 1\)"),
        (lambda: Shadow(continuation=0.9, known_end=True), "known_end=True needs a fixed"),
        (lambda: Shadow(continuation=None, turns=None), "needs continuation"),
        (lambda: Turnover(1.5), "turnover must be a probability"),
        (lambda: Noise(0.6), r"noise must be a probability in \[0, 0.5\]"),
        (lambda: Reputation("fame"), "reputation must be one of image, standing"),
        (lambda: Listing(encounters=0.5), "listing_encounters must be a finite real >= 1"),
        (lambda: Assortment(-0.1), "assortment must be a probability"),
        (lambda: Teaching(2.0, "tit_for_tat"), "teaching must be a probability"),
    ],
)
def test_bad_interventions_name_the_lever_and_range(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


# ----------------------------------------------------------------------------- scenarios


def test_scenario_levers_and_composition():
    s = Scenario(TFT_ALLD, interventions=[Shadow(continuation=0.9)])
    t = s.with_levers(fine_on_defection=1.0, turnover=0.1, intensity=0.5, population=40)
    assert t.intervention("fine_on_defection") == DefectionFine(1.0)
    assert t.intervention("turnover") == Turnover(0.1)
    assert (t.dynamics.intensity, t.population) == (0.5, 40)
    assert t.lever("continuation") == 0.9 and s.lever("fine_on_defection") == 0.0
    assert t.without("turnover").intervention("turnover") is None
    assert s.with_levers(**{"initial:tit_for_tat": 0.6}).initial == pytest.approx((0.6, 0.4))
    three = Scenario({"tit_for_tat": 0.2, "defector": 0.2, "cooperator": 0.6})
    a = three.with_levers(**{"initial:tit_for_tat": 0.5, "initial:defector": 0.3})
    b = three.with_levers(**{"initial:defector": 0.3, "initial:tit_for_tat": 0.5})
    assert a == b and a.initial == pytest.approx((0.5, 0.3, 0.2))  # set jointly, any order
    with pytest.raises(ValueError, match="must sum to at most 1"):
        three.with_levers(**{"initial:tit_for_tat": 0.7, "initial:defector": 0.4})
    # a continuation lever on the default shadow gives an unknown end without a cap
    assert Scenario(TFT_ALLD).with_levers(continuation=0.5).shadow == Shadow(continuation=0.5)
    assert Scenario(TFT_ALLD).with_levers(turns=7).shadow.turns == 7
    assert Scenario.from_dict(t.to_dict()) == t


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"strategies": ["tit_for_tat"]}, "at least 2 strategies"),
        ({"strategies": ["tit_for_tat", "tit_for_tat"]}, "must be distinct"),
        ({"strategies": ["tit_for_tat", "no_such_thing"]}, "no_such_thing"),
        ({"strategies": {"tit_for_tat": 0.5, "defector": 0.6}}, "must sum to 1"),
        ({"interventions": [Noise(0.1), Noise(0.2)]}, "one Noise only"),
        ({"interventions": [Teaching(0.1, "cooperator")]}, "teaching strategy must be one of"),
        ({"interventions": [Reputation()], "dynamics": Dynamics("replicator")}, "re-matching"),
        ({"strategies": ["discriminator", "defector"]}, "discriminators read a public record"),
        ({"dynamics": Dynamics("spatial"), "population": 50}, "must be a square"),
        (
            {"dynamics": Dynamics("spatial"), "population": 49, "interventions": [Turnover(0.1)]},
            "not modelled on a lattice",
        ),
        ({"interventions": [Turnover(0.1)], "population": 51}, "must be even"),
        ({"takeover": 0}, "takeover must be a share in"),
    ],
)
def test_bad_scenarios_give_one_clear_error(kwargs, message):
    kwargs = {"strategies": TFT_ALLD, **kwargs}
    with pytest.raises((ValueError, TypeError), match=message):
        Scenario(**kwargs)


def test_bad_levers_name_the_lever_and_range():
    s = Scenario(TFT_ALLD)
    with pytest.raises(ValueError, match="lever must be one of"):
        s.with_levers(fine=1.0)
    with pytest.raises(ValueError, match=r"turnover must be a real in \[0, 1\], got 2"):
        s.with_levers(turnover=2)
    with pytest.raises(ValueError, match="names no strategy"):
        s.with_levers(**{"initial:cooperator": 0.5})


# ----------------------------------------------------------------------------- outcomes


def test_deterministic_dynamics_match_the_library_maps():
    from coop_sim.evolution import ecological
    from coop_sim.evolution import replicator as library_replicator

    s = Scenario(
        {"tit_for_tat": 0.2, "defector": 0.5, "cooperator": 0.3},
        interventions=[Shadow(turns=10)],
        dynamics=Dynamics("ecological", generations=60),
    )
    a, _ = payoff_tables(s)
    ours = evaluate(s).shares
    np.testing.assert_allclose(ours, ecological(a, s.initial, generations=60).shares, atol=1e-12)
    r = Scenario(s.strategies, s.initial, interventions=s.interventions,
                 dynamics=Dynamics("replicator", generations=60, intensity=0.5))  # fmt: skip
    theirs = library_replicator(a, s.initial, discrete=True, generations=60, baseline=1.0)
    np.testing.assert_allclose(evaluate(r).shares, theirs.shares, atol=1e-12)


def test_finite_dynamics_are_the_library_process_and_rates_count_distinct_pairs():
    s = Scenario(TFT_ALLD, population=20, interventions=[Shadow(continuation=0.8)],
                 dynamics=Dynamics("fermi", generations=30))  # fmt: skip
    runs = evaluate_replicates(s, 3, seed=5)
    again = evaluate_replicates(s, 3, seed=5)
    assert all(np.array_equal(x.shares, y.shares) for x, y in zip(runs, again, strict=True))
    assert not np.array_equal(runs[0].shares, runs[1].shares)
    _a, c = payoff_tables(s)
    k = np.rint(runs[0].shares[4] * 20)
    pairs = sum(k[i] * (k[j] - (i == j)) * c[i, j] for i in range(2) for j in range(2))
    assert runs[0].cooperation[4] == pytest.approx(pairs / (20 * 19))


def test_lattice_pairs_count_every_ordered_neighbour_pair():
    rng = np.random.default_rng(3)
    grid = rng.integers(0, 3, size=(5, 5))
    for neighbourhood, torus in [("moore", True), ("von-neumann", False), ("moore", False)]:
        want = np.zeros((3, 3), dtype=np.int64)
        offsets = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if (dx, dy) != (0, 0)]
        if neighbourhood == "von-neumann":
            offsets = [o for o in offsets if 0 in o]
        for x in range(5):
            for y in range(5):
                for dx, dy in offsets:
                    u, v = x + dx, y + dy
                    if torus:
                        u, v = u % 5, v % 5
                    elif not (0 <= u < 5 and 0 <= v < 5):
                        continue
                    want[grid[x, y], grid[u, v]] += 1
        assert np.array_equal(lattice_pairs(grid, 3, neighbourhood, torus), want)


def test_spatial_scenario_and_teaching():
    s = Scenario({"tit_for_tat": 0.5, "defector": 0.5}, population=100,
                 interventions=[Shadow(continuation=0.9)],
                 dynamics=Dynamics("spatial", generations=20, rule="imitate-best"))  # fmt: skip
    out = evaluate(s, seed=4)
    assert out.shares.shape == (21, 2) and out.settings["model"] == "spatial"
    assert out.final_shares["tit_for_tat"] > 0.5  # TFT clusters win at w = 0.9
    taught = evaluate(s.apply(Teaching(0.2, "defector")), seed=4)
    assert taught.final_shares["defector"] > out.final_shares["defector"]


def test_takeover_generation_is_when_cooperators_stay_above_the_level():
    out = evaluate(replicator(interventions=[Shadow(continuation=0.95)]))
    share = out.cooperator_share
    g = out.takeover_generation
    assert out.takeover and share[g] >= 0.9 > share[g - 1] and np.all(share[g:] >= 0.9)
    assert out.cooperators == (True, False)
    row = out.row()
    assert row["takeover_generation"] == g and row["share:defector"] == out.final_shares["defector"]


# The documented direction of every intervention, on small cases.
def _coop(s: Scenario, seed=1, replicates=1) -> float:
    return float(
        np.mean([o.mean_cooperation for o in evaluate_replicates(s, replicates, seed=seed)])
    )


BORDER = replicator(interventions=[Shadow(continuation=0.4)])  # TFT loses without help


@pytest.mark.parametrize(
    "intervention",
    [
        DefectionFine(1.0),
        ExploitationFine(4.0),
        CooperationBonus(3.0),
        Compensation(2.0),
        Assortment(0.5),
        Teaching(0.1, "tit_for_tat"),
    ],
)
def test_helpful_interventions_raise_cooperation(intervention):
    assert _coop(BORDER.apply(intervention)) > _coop(BORDER) + 0.05


def test_shadow_turnover_noise_and_stakes_move_cooperation_as_documented():
    assert _coop(BORDER.apply(Shadow(continuation=0.9))) > _coop(BORDER) + 0.5
    good = replicator(interventions=[Shadow(continuation=0.9)])
    assert _coop(good.apply(Turnover(0.6))) < _coop(good) - 0.5
    tft = replicator({"tit_for_tat": 0.9, "cooperator": 0.1}, interventions=[Shadow(turns=50)])
    assert _coop(tft.apply(Noise(0.05))) < _coop(tft) - 0.05
    # higher stakes: stronger selection, so the winner takes over sooner
    slow = Scenario(TFT_ALLD, interventions=[Shadow(continuation=0.9)],
                    dynamics=Dynamics("replicator", generations=300, intensity=0.1))  # fmt: skip
    assert (
        evaluate(slow.apply(Rescale(3.0))).takeover_generation < evaluate(slow).takeover_generation
    )


def test_known_final_round_lets_end_aware_strategies_take_over():
    unknown = replicator({"tit_for_tat": 0.5, "alexei": 0.5}, interventions=[Shadow(turns=10)])
    known = unknown.apply(Shadow(turns=10, known_end=True))
    neutral, unravel = evaluate(unknown), evaluate(known)
    assert neutral.final_shares["alexei"] == pytest.approx(0.5)  # plays as TFT: no end known
    assert unravel.final_shares["alexei"] > 0.99  # defects in the known last round
    assert unravel.final_cooperation == pytest.approx(0.9, abs=1e-3)
    assert neutral.final_cooperation == 1.0


# ----------------------------------------------------------------------------- thresholds


def test_targets_parse_and_fail_clearly():
    t = parse_target("share:tit_for_tat > 0.25")
    assert (t.metric, t.op, t.value) == ("share:tit_for_tat", ">", 0.25)
    assert parse_target("takeover").metric == "takeover"
    for bad in ("cooperation => 0.8", "happiness>=1", "tit_for_tat resists tit_for_tat", "x"):
        with pytest.raises(ValueError, match="target"):
            parse_target(bad)
    with pytest.raises(ValueError, match="not among the scenario's strategies"):
        threshold(Scenario(TFT_ALLD), "fine_on_defection", "tit_for_tat resists alternator")


@pytest.mark.parametrize("w", [0.2, 0.5, 0.6, 0.7])
@pytest.mark.parametrize(
    "lever", ["fine_on_defection", "fine_on_exploitation", "bonus_cooperation", "compensation"]
)
@pytest.mark.parametrize("invaders", ["defector", "alternator", "defector, alternator"])
def test_closed_form_equals_the_exact_threshold(w, lever, invaders):
    s = Scenario(["tit_for_tat", "defector", "alternator"],
                 interventions=[Shadow(continuation=w)])  # fmt: skip
    target = f"tit_for_tat resists {invaders}"
    closed = threshold(s, lever, target)
    exact = threshold(s, lever, target, method="exact")
    assert closed.method == "closed-form" and exact.method == "exact"
    if closed.value is None:
        assert exact.value is None
    else:
        assert exact.value == pytest.approx(closed.value, abs=1e-6)


def test_closed_form_fines_at_the_issue_s_shadows():
    s = Scenario(["tit_for_tat", "defector", "alternator"])
    target = "tit_for_tat resists defector, alternator"
    fines = [
        closed_form_threshold(s.with_levers(continuation=w), "fine_on_defection", target)
        for w in (0.2, 0.4, 0.5, 0.6)
    ]
    # max((1 - w) T + w P - R, T + w S - (1 + w) R, 0) with T, R, S, P = 5, 3, 0, 1
    assert fines == pytest.approx([1.4, 0.8, 0.5, 0.2])
    w_star = closed_form_threshold(s, "continuation", target)
    assert w_star == pytest.approx(2 / 3)  # Axelrod (1984): max(1/2, 2/3)


def test_closed_form_equals_the_simulated_threshold():
    s = replicator({"tit_for_tat": 0.999, "defector": 0.001}, generations=3000,
                   interventions=[Shadow(continuation=0.3)])  # fmt: skip
    closed = closed_form_threshold(s, "fine_on_defection", "tit_for_tat resists defector")
    assert closed == pytest.approx(0.8)
    sim = threshold(s, "fine_on_defection", "share:tit_for_tat>=0.5", high=2.0, tolerance=0.002)
    assert sim.method == "deterministic"
    assert sim.value == pytest.approx(closed, abs=0.01)
    moran = Scenario({"tit_for_tat": 0.95, "defector": 0.05}, population=100,
                     interventions=[Shadow(continuation=0.3)],
                     dynamics=Dynamics("moran", generations=200, intensity=2.0))  # fmt: skip
    res = threshold(moran, "fine_on_defection", "share:tit_for_tat>=0.5", high=2.0,
                    replicates=16, seed=3)  # fmt: skip
    assert res.method == "simulation" and "95% CI" in res.statement
    assert res.value == pytest.approx(closed, abs=0.15)
    assert res.bracket[0] < res.value <= res.bracket[1] or res.bracket[0] == res.value


def test_threshold_edges_and_errors():
    s = replicator(interventions=[Shadow(continuation=0.95)])
    already = threshold(s, "fine_on_defection", "cooperation>=0.8")
    assert already.value == 0.0 and "already holds" in already.statement
    never = threshold(replicator(interventions=[Shadow(turns=1)]), "noise", "cooperation>=0.8")
    assert never.value is None and "not reached" in never.statement
    with pytest.raises(ValueError, match="low must be < high"):
        threshold(s, "turnover", "cooperation<0.5", low=0.5, high=0.1)
    with pytest.raises(ValueError, match="needs a 'resists' target"):
        threshold(s, "turnover", "cooperation<0.5", method="exact")
    with pytest.raises(ValueError, match="closed form covers"):
        threshold(s, "noise", "tit_for_tat resists defector", method="closed-form")
    collapse = threshold(s, "turnover", "cooperation<0.5")
    assert 0.05 < collapse.value < 0.95 and collapse.method == "deterministic"
    assert math.isclose(collapse.bracket[1], collapse.value)


# ----------------------------------------------------------------------------- review cases


def test_closed_form_refuses_a_cap_on_the_rounds():
    capped = Scenario(["tit_for_tat", "defector"],
                      interventions=[Shadow(continuation=0.9, turns=3)])  # fmt: skip
    res = threshold(capped, "continuation", "tit_for_tat resists defector")
    assert res.method == "exact" and res.closed_form is None
    assert res.value == pytest.approx((5**0.5 - 1) / 2, abs=1e-6)  # 3-round cap: golden ratio
    # fixed-length matches become an unknown end whether the shadow is explicit or not
    explicit = Scenario(["tit_for_tat", "defector"], interventions=[Shadow(turns=3)])
    assert explicit.with_levers(continuation=0.5).shadow == Shadow(continuation=0.5)
    assert threshold(explicit, "continuation", "tit_for_tat resists defector").value == 0.5
    w = Scenario(["tit_for_tat", "defector"], interventions=[Shadow(continuation=0.9, turns=5)])
    assert w.with_levers(continuation=0.5).shadow.turns == 5  # a cap on a continuation stays


def test_continuation_closed_form_needs_t_above_p():
    s = Scenario(["tit_for_tat", "defector"], interventions=[ExploitationFine(5.0)])  # T' = 0 < P
    res = threshold(s, "continuation", "tit_for_tat resists defector")
    assert res.method == "exact" and res.value == 0.0  # no temptation: TFT resists at any w


def test_turnover_shapes_the_matrix_of_every_dynamics():
    target = "tit_for_tat resists defector"
    shadow = [Shadow(continuation=0.95), Turnover(0.5)]
    mean_field = Scenario(["tit_for_tat", "defector"], interventions=shadow,
                          dynamics=Dynamics("replicator"))  # fmt: skip
    agents = Scenario(["tit_for_tat", "defector"], interventions=shadow, population=20)
    assert agents.rematching
    w = 0.95 * 0.5
    want = (1 - w) * 5 + w * 1 - 3
    assert threshold(mean_field, "fine_on_defection", target).value == pytest.approx(want)
    assert threshold(agents, "fine_on_defection", target).value == pytest.approx(want)
    with pytest.raises(ValueError, match="does not change"):
        threshold(agents.apply(Listing(1.0)), "listing_bonus", target)
    with pytest.raises(ValueError, match="not supported for the re-matching model"):
        threshold(agents, "population", "cooperation>=0.5")


def test_cooperators_cooperate_with_their_own_kind_more_often_than_not():
    s = replicator({"tit_for_tat": 0.1, "alternator": 0.45, "random": 0.45},
                   interventions=[Shadow(turns=20), Noise(0.2)])  # fmt: skip
    out = evaluate(s, seed=1)
    assert out.cooperators == (True, False, False)  # TFT despite noise; 1/2 is not enough
    assert out.cooperator_share[0] == pytest.approx(0.1)


def test_rematching_refuses_programs_and_internal_markers_are_not_inputs():
    with pytest.raises(ValueError, match="gradual have no finite-state form"):
        Scenario(["gradual", "defector"], interventions=[Turnover(0.1)])
    with pytest.raises(ValueError, match="turns must be an int in"):
        Shadow(turns=-1)
    with pytest.raises(ValueError, match=r"scale must be a real > 0, got 0"):
        Scenario(TFT_ALLD).with_levers(scale=0)


def test_rematching_scenarios_run_the_agent_model_with_its_own_key():
    from coop_sim._seeding import purpose_key, seed_key
    from coop_sim.design import simulate_rematching

    s = Scenario({"tit_for_tat": 0.3, "defector": 0.7}, population=20,
                 interventions=[Shadow(continuation=0.9), Turnover(0.2), Listing(1.0, 2.0)],
                 dynamics=Dynamics("fermi", generations=15, rounds=10))  # fmt: skip
    outs = evaluate_replicates(s, 2, seed=9)
    key = purpose_key(seed_key(9)[0], "design.rematching")
    runs = simulate_rematching(
        ["tit_for_tat", "defector"], [6, 14], game=s.game_after(), turnover=0.2,
        continuation=0.9, record="image", listing_bonus=1.0, listing_encounters=2.0,
        process="fermi", fitness="exponential", generations=15, rounds=10, runs=2, key=key,
    )  # fmt: skip
    for r in range(2):
        assert np.array_equal(outs[r].shares, runs.counts[r] / 20)
        assert np.array_equal(outs[r].cooperation, runs.cooperation[r])


def _fermi(interventions, strategies=None):
    return Scenario(strategies or {"tit_for_tat": 0.2, "defector": 0.8}, population=60,
                    interventions=[Shadow(continuation=0.95), *interventions],
                    dynamics=Dynamics("fermi", generations=60, rounds=20))  # fmt: skip


def test_agent_interventions_move_cooperation_as_documented():
    churn = _fermi([Turnover(0.5)])
    assert _coop(_fermi([Turnover(0.02)]), replicates=4) > _coop(churn, replicates=4) + 0.3
    assert _coop(churn.apply(Listing(bonus=2.0, record="standing")), replicates=4) > (
        _coop(churn, replicates=4) + 0.3
    )
    readers = {"discriminator:tit_for_tat": 0.2, "defector": 0.8}
    standing = _fermi([Turnover(0.5), Reputation("standing")], readers)
    plain = _fermi([Turnover(0.5), Reputation("standing")])
    assert _coop(standing, replicates=4) > _coop(plain, replicates=4) + 0.3


def test_cooperators_do_not_depend_on_the_match_length():
    for shadow in (Shadow(continuation=0.5), Shadow(turns=200), Shadow(turns=3)):
        s = replicator({"tit_for_tat": 0.5, "alternator": 0.5}, interventions=[shadow])
        assert evaluate(s).cooperators == (True, False)  # Alternator opens with C: still not


def test_targets_check_the_range_of_shares():
    for bad in ("cooperation >= 1.8", "share:tit_for_tat>=1.5", "takeover > -1"):
        with pytest.raises(ValueError, match=r"is a share in \[0, 1\]"):
            parse_target(bad)
    assert parse_target("welfare >= 4.5").value == 4.5  # pay-offs are not shares


def test_check_threshold_finds_what_threshold_would_refuse():
    from coop_sim.design.threshold import check_threshold

    s = Scenario(TFT_ALLD, interventions=[Shadow(continuation=0.5), Turnover(0.1)], population=20)
    assert check_threshold(s, "fine_on_defection", "tit_for_tat resists defector") == "exact"
    with pytest.raises(ValueError, match="decided from the pay-off matrix"):
        check_threshold(s, "fine_on_defection", "tit_for_tat resists defector", method="simulation")
    with pytest.raises(ValueError, match="does not change"):
        check_threshold(s.apply(Listing(1.0)), "listing_bonus", "tit_for_tat resists defector")
    with pytest.raises(ValueError, match=r"^high: turnover must be"):
        check_threshold(s, "turnover", "cooperation<0.5", high=1.5)
    with pytest.raises(ValueError, match="tolerance must be smaller"):
        check_threshold(s, "turnover", "cooperation<0.5", tolerance=2.0)


def test_statements_say_where_a_tie_is_and_when_a_target_only_holds_below():
    s = Scenario(["tit_for_tat", "defector"], interventions=[Shadow(continuation=0.5)])
    tie = threshold(s, "fine_on_exploitation", "tit_for_tat resists defector")
    assert tie.value == 0.0 and "above 0 (closed form: at 0" in tie.statement
    assert "already holds" not in tie.statement  # at 0 the tie goes to the defector
    exact = threshold(s, "fine_on_exploitation", "tit_for_tat resists defector", method="exact")
    assert 0 < exact.value < 1e-6 and "already holds" not in exact.statement
    below = threshold(replicator(interventions=[Shadow(continuation=0.9)]), "turnover",
                      "cooperation >= 0.8")  # fmt: skip
    assert below.value == 0.0 and "no longer holds at turnover = 1" in below.statement


def test_graph_pairs_count_every_ordered_edge():
    from coop_sim.design.evaluate import graph_pairs
    from coop_sim.spatial import graph_topology
    from coop_sim.spatial.graphs import barabasi_albert

    topology = graph_topology(barabasi_albert(40, 2, seed=3))
    state = np.random.default_rng(1).integers(0, 3, size=40)
    want = np.zeros((3, 3), dtype=np.int64)
    for u in range(40):
        for v in topology.neighbours(u):
            want[state[u], state[v]] += 1
    assert np.array_equal(graph_pairs(state, topology.ptr, topology.idx, 3), want)


def test_networks_in_scenarios_scale_free_helps_cooperators():
    """Santos & Pacheco (2005): at b = 1.5 co-operators survive on scale-free networks and
    die out on regular ones of the same mean degree."""

    def run(network):
        s = Scenario({"cooperator": 0.5, "defector": 0.5}, population=300, game=(1, 0, 1.5, 0),
                     dynamics=Dynamics("spatial", generations=60, rule="fermi", intensity=10,
                                       network=network))  # fmt: skip
        return _coop(s, seed=2, replicates=2)

    assert run("ba") > run("regular") + 0.3
    with pytest.raises(ValueError, match="degree must be even for network 'ba'"):
        Dynamics("spatial", network="ba", degree=3)
    with pytest.raises(ValueError, match="needs the spatial dynamics"):
        Dynamics("moran", network="ws")
    with pytest.raises(ValueError, match="must exceed the network's degree"):
        Scenario(TFT_ALLD, population=4, dynamics=Dynamics("spatial", network="regular"))


def test_closed_form_statements_at_float_ties_and_upper_bounds():
    tie = threshold(Scenario(["tit_for_tat", "defector"], interventions=[Shadow(continuation=0.3)]),
                    "fine_on_defection", "tit_for_tat resists defector", low=0.8)  # fmt: skip
    assert "already holds" not in tie.statement and "above 0.8" in tie.statement
    tft_alt = Scenario(["tit_for_tat", "alternator"], interventions=[Shadow(continuation=0.9)])
    comp = threshold(tft_alt, "compensation", "tit_for_tat resists alternator", high=3)
    assert comp.value == 0.0 and "holds only below compensation = 0.777778" in comp.statement
    with pytest.raises(ValueError, match="does nothing with network='lattice'"):
        Dynamics("spatial", degree=6)
