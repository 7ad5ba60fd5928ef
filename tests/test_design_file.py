"""Tests of scenario files (coop_sim.design.scenario_file): loading, messages, dumping."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    scenario_file,
)
from coop_sim.design.scenario_file import (
    ScenarioFile,
    SweepSettings,
    ThresholdSettings,
    dump_scenario,
    load_scenario,
    loads_scenario,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "experiments" / "scenarios"

VALID = """\
name = "Tourist office"
description = "bonus and turnover"
seed = 3
takeover = 0.8

[population]
strategies = { tit_for_tat = 0.1, defector = 0.9 }
size = 20

[game]
R = 3
S = 0
T = 5
P = 2

[dynamics]
kind = "moran"
generations = 30
rounds = 20
intensity = 0.5

[interventions.turnover]
rate = 0.05

[interventions.noise]
rate = 0.02

[interventions.bonus_cooperation]
amount = 1.0

[[designs]]
name = "no bonus"
without = ["bonus_cooperation"]

[[designs]]
name = "big bonus"
[designs.bonus_cooperation]
amount = 2.5

[sweep]
replicates = 2
backend = "processes"
workers = 3
[sweep.grid]
bonus_cooperation = { start = 0.0, stop = 2.0, num = 5 }
turnover = [0.0, 0.05]

[threshold]
lever = "bonus_cooperation"
target = "cooperation >= 0.8"
low = 0
high = 3
replicates = 7
method = "simulation"

[report]
replicates = 4
"""


def write(tmp_path: Path, text: str, name: str = "scenario.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_loads_to_the_expected_objects(tmp_path):
    path = write(tmp_path, VALID)
    f = load_scenario(path)
    base = Scenario(
        {"tit_for_tat": 0.1, "defector": 0.9},
        population=20,
        game=(3, 0, 5, 2),
        interventions=[Turnover(0.05), Noise(0.02), CooperationBonus(1.0)],
        dynamics=Dynamics("moran", generations=30, rounds=20, intensity=0.5),
        takeover=0.8,
        name="Tourist office",
    )
    assert f.scenario == base
    assert f.path == path and f.seed == 3 and f.replicates == 4
    assert f.description == "bonus and turnover" and f.title == "Tourist office"
    assert [name for name, _ in f.all_designs] == ["base", "no bonus", "big bonus"]
    no_bonus, big = f.designs[0][1], f.designs[1][1]
    assert no_bonus.interventions == (Turnover(0.05), Noise(0.02))
    assert big.intervention("bonus_cooperation") == CooperationBonus(2.5)
    assert big.game_after().as_tuple() == (5.5, 0.0, 5.0, 2.0)
    assert f.sweep == SweepSettings(
        {"bonus_cooperation": (0.0, 0.5, 1.0, 1.5, 2.0), "turnover": (0.0, 0.05)},
        replicates=2, backend="processes", workers=3, metric="cooperation", level=0.8,
    )  # fmt: skip
    assert f.sweep.cells == 10
    assert f.thresholds == (
        ThresholdSettings("bonus_cooperation", "cooperation >= 0.8", 0.0, 3.0, 7, "simulation"),
    )
    assert f.threshold is f.thresholds[0]


def test_defaults_and_list_of_strategies():
    f = loads_scenario('[population]\nstrategies = ["tit_for_tat", "defector", "grudger"]\n')
    assert f.scenario == Scenario(["tit_for_tat", "defector", "grudger"])
    assert f.designs == () and f.sweep is None and f.thresholds == () and f.seed is None
    assert f.replicates == 10 and f.path is None and f.title == "scenario"


def test_several_thresholds_and_an_explicit_sweep_level():
    text = VALID.replace("[threshold]", "[[threshold]]").replace(
        "[report]", '[[threshold]]\nlever = "turnover"\ntarget = "takeover"\n\n[report]'
    )
    text = text.replace("workers = 3", 'workers = 3\nlevel = 0.25\nmetric = "share:defector"')
    f = loads_scenario(text)
    assert [t.lever for t in f.thresholds] == ["bonus_cooperation", "turnover"]
    assert f.thresholds[1] == ThresholdSettings("turnover", "takeover")
    assert f.sweep.level == 0.25 and f.sweep.metric == "share:defector"


def test_a_design_table_replaces_the_base_intervention_whole():
    text = """
    [population]
    strategies = ["tit_for_tat", "defector"]
    [interventions.shadow]
    continuation = 0.9
    turns = 50
    [[designs]]
    name = "no cap"
    [designs.shadow]
    continuation = 0.95
    """
    f = loads_scenario(text)
    assert f.scenario.shadow == Shadow(continuation=0.9, turns=50)
    assert f.designs[0][1].shadow == Shadow(continuation=0.95, turns=None)


# ----------------------------------------------------------------------------- invalid files

INVALID = [
    # (old, new, [expected fragments]) -- every message must also name the file
    ("seed = 3", "sed = 3", ["unknown key sed = 3", "allowed at the top level", "'seed'"]),
    ("rate = 0.05", "rat = 0.05",
     ["unknown key interventions.turnover.rat = 0.05", "[interventions.turnover]", "rate"]),
    ("[interventions.noise]", "[interventions.nois]",
     ["unknown key interventions.nois", "fine_on_defection", "did you mean 'noise'"]),
    ("rounds = 20", "round = 20", ["unknown key dynamics.round = 20", "rounds"]),
    ("amount = 2.5", "amont = 2.5", ["unknown key designs[1].bonus_cooperation.amont = 2.5"]),
    ("workers = 3", "worker = 3", ["unknown key sweep.worker = 3"]),
    ("size = 20", 'size = "20"', ["population.size must be an int >= 2, got '20'"]),
    ("size = 20", "size = 20.5", ["population.size must be an int >= 2, got 20.5"]),
    ("size = 20", "size = 1", ["population.size must be an int >= 2, got 1"]),
    ("intensity = 0.5", "intensity = true",
     ["dynamics.intensity must be a real number, got True"]),
    ("intensity = 0.5", "intensity = -1",
     ["dynamics.intensity must be a finite real number >= 0, got -1"]),
    ('kind = "moran"', 'kind = "moron"',
     ["dynamics.kind must be one of ecological, replicator, moran, fermi, spatial, got 'moron'"]),
    ("rate = 0.05", "rate = 1.5",
     ["interventions.turnover.rate must be a probability in [0, 1], got 1.5"]),
    ("rate = 0.02", "rate = 0.7", ["interventions.noise.rate must be a probability in [0, 0.5], "
                                   "got 0.7"]),
    ("amount = 2.5", "amount = -2.5",
     ["designs[1].bonus_cooperation.amount must be a finite real number >= 0, got -2.5"]),
    ("amount = 1.0", 'amount = "1"',
     ["interventions.bonus_cooperation.amount must be a real number, got '1'"]),
    ("R = 3", 'R = "three"', ["game.R must be a real number, got 'three'"]),
    ("takeover = 0.8", "takeover = 0", ["takeover must be a share in (0, 1], got 0"]),
    ("seed = 3", "seed = -3", ["seed must be an int in [0, ", "got -3"]),
    ("tit_for_tat = 0.1", "tit_for_tatt = 0.1",
     ["population.strategies.tit_for_tatt", "unknown strategy 'tit_for_tatt'", "tit_for_tat"]),
    ("defector = 0.9", "defector = 0.8",
     ["population.strategies: shares must sum to 1, got 0.9"]),
    ("defector = 0.9", "defector = 1.9",
     ["population.strategies.defector must be a probability in [0, 1], got 1.9"]),
    ("strategies = { tit_for_tat = 0.1, defector = 0.9 }", 'strategies = "tit_for_tat"',
     ["population.strategies must be a table", "got 'tit_for_tat'"]),
    ("size = 20", "size = 21", ["population.size", "must be even", "got 21"]),
    ("turnover = [0.0, 0.05]", "turnover = [0.0, 2]",
     ["sweep.grid.turnover[1] must be a real in [0, 1], got 2"]),
    ("turnover = [0.0, 0.05]", "turnover = [0.0, 0.0]",
     ["sweep.grid.turnover must not repeat values"]),
    ("turnover = [0.0, 0.05]", "turnovr = [0.0, 0.05]",
     ["sweep.grid.turnovr = 'turnovr'", "lever must be one of", "did you mean 'turnover'?"]),
    ("[interventions.noise]", "[interventions.nois]",
     ["unknown key interventions.nois = { rate = 0.02 };"]),
    ('backend = "processes"', 'backend = "dask"\naddress = "notanaddress"',
     ["sweep.address must be a Dask scheduler address of the form tcp://host:port",
      "got 'notanaddress'"]),
    ('backend = "processes"', 'backend = "dask"\naddress = "tcp://10.0.0.5"',
     ["sweep.address must be", "tcp://host:port"]),
    ("num = 5", "num = 0", ["sweep.grid.bonus_cooperation.num must be an int >= 1, got 0"]),
    ('backend = "processes"', 'backend = "gpu"',
     ["sweep.backend must be one of serial, processes, dask, got 'gpu'"]),
    ('lever = "bonus_cooperation"', 'lever = "bonus"',
     ["threshold.lever = 'bonus'", "lever must be one of",
      "did you mean 'bonus_cooperation' or 'listing_bonus'?"]),
    ('target = "cooperation >= 0.8"', 'target = "coop >= 0.8"',
     ["threshold.target", "unknown metric 'coop'"]),
    ('target = "cooperation >= 0.8"', 'target = "share:grudger >= 0.5"',
     ["threshold.target", "grudger, not among the scenario's strategies"]),
    ("high = 3", "high = -1", ["threshold.high must be a real >= 0, got -1"]),
    ('method = "simulation"', 'method = "guess"', ["threshold.method must be one of auto"]),
    ('without = ["bonus_cooperation"]', 'without = ["noise", "listing"]',
     ["designs[0].without[1] names 'listing', which the base scenario does not have"]),
    ('name = "big bonus"', 'name = "base"', ["designs[1].name must be a unique"]),
    ("replicates = 4", "replicates = 0", ["report.replicates must be an int >= 1, got 0"]),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "fragments"), INVALID, ids=[c[1] for c in INVALID])
def test_invalid_files_name_file_key_value_and_range(tmp_path, old, new, fragments):
    assert VALID.count(old) >= 1, old
    path = write(tmp_path, VALID.replace(old, new, 1), "bad.toml")
    with pytest.raises(ValueError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_cross_field_errors_point_at_a_key():
    text = VALID.replace('kind = "moran"', 'kind = "spatial"').replace("size = 20", "size = 25")
    with pytest.raises(ValueError, match=r"^<string>: interventions.turnover: turnover is not "):
        loads_scenario(text)
    text = VALID.replace("amount = 2.5", "amount = 2.5\n[designs.shadow]\nturns = 5\n"
                         "known_end = true")  # fmt: skip
    with pytest.raises(ValueError, match=r"designs\[1\]\.interventions\.shadow\.known_end: "):
        loads_scenario(text)


def test_toml_syntax_errors_name_the_file_and_line(tmp_path):
    path = write(tmp_path, VALID.replace("size = 20", "size = = 20"), "broken.toml")
    with pytest.raises(ValueError, match=rf"^{path}: invalid TOML: .*line 8, column"):
        load_scenario(path)


def test_missing_population_and_missing_file(tmp_path):
    with pytest.raises(ValueError, match=r"^x.toml: needs a \[population\] table"):
        loads_scenario("seed = 1\n", source="x.toml")
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(FileNotFoundError, match=r"nowhere\.toml.*does not exist"):
        load_scenario(missing)
    with pytest.raises(IsADirectoryError):
        load_scenario(tmp_path)


# ----------------------------------------------------------------------------- round trips


def test_dump_load_round_trip_of_a_whole_file(tmp_path):
    f = load_scenario(write(tmp_path, VALID))
    text = dump_scenario(f)
    again = load_scenario(write(tmp_path, text, "again.toml"))
    assert again.scenario == f.scenario
    assert again.designs == f.designs
    assert again.sweep == f.sweep and again.thresholds == f.thresholds
    assert (again.seed, again.replicates, again.description) == (3, 4, "bonus and turnover")
    assert dump_scenario(again) == text


ALL_REPLICATOR = Scenario(
    {"tit_for_tat": 0.25, "defector": 0.5, "grudger": 0.25},
    game=(3.5, -0.25, 5, 1),
    interventions=[
        DefectionFine(0.3), ExploitationFine(0.2), CooperationBonus(0.1), Compensation(0.4),
        Rescale(2.0), Shadow(continuation=0.9, turns=50), Assortment(0.1), Noise(0.01),
        Teaching(0.05, "grudger"),
    ],
    dynamics=Dynamics("replicator", generations=7, intensity=0.3, mutation=0.001),
    takeover=0.75,
    name='quotes " and \\ backslash, ünïcode\nand a newline',
)  # fmt: skip
ALL_REMATCHING = Scenario(
    {"discriminator": 0.3, "discriminator:tit_for_tat": 0.2, "defector": 0.5},
    population=30,
    interventions=[
        Turnover(0.1),
        Reputation("standing"),
        Listing(bonus=0.5, encounters=2.0, record="image"),
        Shadow(turns=40),
    ],
    dynamics=Dynamics("fermi", generations=3, rounds=5, fitness="linear", intensity=0.1),
)
ALL_SPATIAL = Scenario(
    ["cooperator", "defector"],
    population=16,
    interventions=[Shadow(turns=3, known_end=True)],
    dynamics=Dynamics("spatial", rule="imitate-best", neighbourhood="von-neumann", torus=False),
)


@pytest.mark.parametrize("scenario", [ALL_REPLICATOR, ALL_REMATCHING, ALL_SPATIAL])
def test_dump_load_round_trip_of_scenarios(scenario):
    f = loads_scenario(dump_scenario(scenario))
    assert f.scenario == scenario
    assert f.scenario.interventions == scenario.interventions


@settings(max_examples=40)
@given(
    shares=st.lists(st.floats(0.01, 1.0), min_size=2, max_size=2),
    amount=st.floats(0.0, 1e6, allow_subnormal=True),
    w=st.floats(0.0, 0.999999),
    name=st.text(max_size=12),
)
def test_round_trip_property(shares, amount, w, name):
    total = sum(shares)
    initial = [shares[0] / total, 1.0 - shares[0] / total]
    s = Scenario(
        ["tit_for_tat", "defector"], initial=initial,
        interventions=[DefectionFine(amount), Shadow(continuation=w)], name=name,
    )  # fmt: skip
    assert loads_scenario(dump_scenario(s)).scenario == s


def test_dump_refuses_designs_that_change_more_than_interventions():
    base = Scenario(["tit_for_tat", "defector"])
    f = ScenarioFile(base, designs=(("bigger", base.with_levers(population=50)),))
    with pytest.raises(ValueError, match="design 'bigger' changes population"):
        dump_scenario(f)
    with pytest.raises(TypeError):
        dump_scenario("not a scenario")


# ----------------------------------------------------------------------------- examples


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_example_files_load_and_round_trip(path):
    f = load_scenario(path)
    assert loads_scenario(dump_scenario(f)).scenario == f.scenario


def test_tourist_office_asks_the_domain_question():
    f = load_scenario(EXAMPLES / "tourist_office.toml")
    s = f.scenario
    assert dict(zip(s.strategies, s.initial, strict=True)) == {"tit_for_tat": 0.1,
                                                               "defector": 0.9}  # fmt: skip
    assert s.intervention("turnover") == Turnover(0.05)
    assert s.rematching  # partners are re-drawn, not just shorter matches
    assert f.threshold.lever == "bonus_cooperation"
    assert "bonus_cooperation" in f.sweep.grid
    assert np.all(np.diff(f.sweep.grid["bonus_cooperation"]) > 0)


def test_the_documented_full_example_loads():
    doc = scenario_file.__doc__
    block = doc.split("(every table is optional except ``[population]``)::", 1)[1]
    block = textwrap.dedent(block.split("Intervention keys and their fields", 1)[0])
    f = loads_scenario(block, source="docstring")
    assert f.scenario.name == "Tourist office" and f.seed == 1
    assert [name for name, _ in f.all_designs] == ["base", "no bonus", "large bonus, longer ties"]
    assert f.designs[1][1].intervention("turnover") == Turnover(0.01)
    assert f.sweep.grid["turnover"] == (0.0, 0.05, 0.1) and f.sweep.level == 0.8
    assert f.threshold == ThresholdSettings("bonus_cooperation", "cooperation >= 0.8", 0.0, 3.0,
                                            20, "auto", 0.05)  # fmt: skip
    assert f.replicates == 10


THREE = """\
[population]
strategies = { tit_for_tat = 0.4, defector = 0.3, cooperator = 0.3 }
[sweep.grid]
"initial:tit_for_tat" = [0.2, 0.6]
"initial:defector" = [0.1, 0.5]
"""


def test_sweep_cells_are_validated_jointly(tmp_path):
    """Each value passes alone; the cell (0.6, 0.5) sets shares summing to 1.1."""
    path = write(tmp_path, THREE, "joint.toml")
    with pytest.raises(ValueError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: sweep.grid: the cell "), message
    assert '{ "initial:tit_for_tat" = 0.6, "initial:defector" = 0.5 }' in message
    assert "must sum to at most 1, got 1.1" in message
    # the cells that are fine load, and sweep() would run every one of them
    f = loads_scenario(THREE.replace("0.5]", "0.4]"))
    assert f.sweep.cells == 4
    for a in f.sweep.grid["initial:tit_for_tat"]:
        for b in f.sweep.grid["initial:defector"]:
            f.scenario.with_levers(**{"initial:tit_for_tat": a, "initial:defector": b})


def test_the_file_defers_to_targets_and_scenario_checks():
    from coop_sim.design.targets import METRICS

    assert scenario_file.SWEEP_METRICS is METRICS  # one list of metrics, not a copy
    assert not hasattr(scenario_file, "_takeover")  # no second takeover check
    for value in (0, 1.5, "'high'"):
        text = VALID.replace("takeover = 0.8", f"takeover = {value}")
        try:
            Scenario(["tit_for_tat", "defector"], takeover=value if value != "'high'" else "high")
        except (ValueError, TypeError) as error:
            own = str(error)  # the scenario's own words, with the key in front
        with pytest.raises(ValueError) as caught:
            loads_scenario(text)
        assert str(caught.value) == f"<string>: {own}"


# ----------------------------------------------------------------------------- whole questions

QUESTION = """\
[population]
strategies = { tit_for_tat = 0.5, defector = 0.5 }
size = 20
[dynamics]
kind = "moran"
generations = 20
[interventions.shadow]
continuation = 0.9
[sweep]
replicates = 2
[sweep.grid]
fine_on_defection = [0.0, 1.0]

[[threshold]]
lever = "fine_on_defection"
target = "cooperation >= 0.8"
"""

#: (changes to the second [[threshold]] table, the key named, words of the reason): each
#: passes every check of its own and used to fail only when threshold() ran it.
BAD_QUESTIONS = [
    ('lever = "fine_on_defection"\ntarget = "tit_for_tat resists defector"\n'
     'method = "simulation"', "method", ["= \"simulation\"", "decided from the pay-off matrix"]),
    ('lever = "fine_on_defection"\ntarget = "takeover"\nmethod = "closed-form"', "method",
     ["= \"closed-form\"", "needs a 'resists' target"]),
    ('lever = "generations"\ntarget = "tit_for_tat resists defector"', "lever",
     ["= \"generations\"", "which lever 'generations' does not change"]),
    ('lever = "fine_on_defection"\ntarget = "cooperation >= 0.8"\nmethod = "deterministic"',
     "method", ["needs the ecological or replicator dynamics"]),
    ('lever = "fine_on_defection"\ntarget = "cooperation >= 0.8"\ntolerance = 50.0',
     "tolerance", ["must be smaller than high - low"]),
    ('lever = "fine_on_defection"\ntarget = "cooperation >= 0.8"\nlow = 20.0', "low",
     ["low must be < high", "default range of fine_on_defection"]),
]  # fmt: skip


@pytest.mark.parametrize(("table", "key", "fragments"), BAD_QUESTIONS,
                         ids=[b[1] + str(i) for i, b in enumerate(BAD_QUESTIONS)])  # fmt: skip
def test_threshold_tables_are_checked_as_whole_questions(tmp_path, table, key, fragments):
    path = write(tmp_path, QUESTION + "\n[[threshold]]\n" + table + "\n", "question.toml")
    with pytest.raises(ValueError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: threshold[1].{key} "), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert load_scenario(write(tmp_path, QUESTION, "fine.toml")).thresholds[0].method == "auto"


def test_listing_and_population_thresholds_of_the_user_test(tmp_path):
    """A resists target over listing_bonus, and population in a re-matching scenario."""
    listing = (
        QUESTION.replace('kind = "moran"', 'kind = "fermi"')
        .replace(
            "[interventions.shadow]", "[interventions.listing]\nbonus = 1.0\n[interventions.shadow]"
        )
        .replace("defector = 0.5 }", "defector = 0.25, discriminator = 0.25 }")
    )
    listing += '[[threshold]]\nlever = "listing_bonus"\ntarget = "tit_for_tat resists defector"\n'
    with pytest.raises(ValueError, match=r"threshold\[1\]\.lever = \"listing_bonus\": a 'resists' "
                       r"target is decided on the pay-off matrix"):  # fmt: skip
        loads_scenario(listing)
    rematch = QUESTION.replace("[interventions.shadow]", "[interventions.turnover]\nrate = 0.1\n"
                               "[interventions.shadow]")  # fmt: skip
    rematch += '[[threshold]]\nlever = "population"\ntarget = "takeover"\nlow = 10\nhigh = 40\n'
    with pytest.raises(ValueError, match=r"^<string>: threshold\[1\]\.lever = \"population\": "
                       "threshold over population is not supported"):  # fmt: skip
        loads_scenario(rematch)


@pytest.mark.parametrize(
    ("metric", "level", "ok"),
    [("cooperation", 1.5, False), ("mean_cooperation", -0.1, False), ("takeover", 2, False),
     ("share:defector", 1.01, False), ("cooperation", 1.0, True), ("welfare", 3.5, True),
     ("mean_welfare", -2.0, True)],
)  # fmt: skip
def test_the_sweep_level_lies_in_the_metrics_range(metric, level, ok):
    text = QUESTION.replace("replicates = 2", f'replicates = 2\nmetric = "{metric}"\n'
                            f"level = {level}")  # fmt: skip
    if ok:
        assert loads_scenario(text).sweep.level == level
        return
    with pytest.raises(ValueError) as caught:
        loads_scenario(text)
    assert str(caught.value) == (
        f"<string>: sweep.level must be in [0, 1] for the metric {metric!r} (a rate or share), "
        f"got {level}"
    )


def test_lever_hints():
    assert scenario_file.lever_hint("turnovr") == "; did you mean 'turnover'?"
    assert scenario_file.lever_hint("continuaton") == "; did you mean 'continuation'?"
    assert scenario_file.lever_hint("qqqq") == ""


def test_network_scenarios_load_and_round_trip():
    from coop_sim.design import Dynamics, Scenario, dump_scenario, loads_scenario

    text = (
        "[population]\nstrategies = { cooperator = 0.5, defector = 0.5 }\nsize = 50\n"
        '[dynamics]\nkind = "spatial"\nnetwork = "ws"\ndegree = 6\nrewiring = 0.2\n'
    )
    loaded = loads_scenario(text, source="net.toml").scenario
    assert (loaded.dynamics.network, loaded.dynamics.degree, loaded.dynamics.rewiring) == (
        "ws",
        6,
        0.2,
    )
    s = Scenario({"cooperator": 0.5, "defector": 0.5}, population=40,
                 dynamics=Dynamics("spatial", network="ba", degree=4))  # fmt: skip
    assert loads_scenario(dump_scenario(s)).scenario == s
    with pytest.raises(ValueError, match=r"net.toml: dynamics.rewiring.*does nothing"):
        loads_scenario(text.replace('"ws"', '"ba"'), source="net.toml")
