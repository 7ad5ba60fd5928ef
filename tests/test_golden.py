"""Every registered strategy that Axelrod-Python 4.14 also has plays as it does there.

The reference play is ``tests/golden/axelrod_golden.json`` (written by
``tests/golden/make_golden.py``; see the README next to it).  For each strategy of the
golden file whose id is registered in :mod:`coop_sim.strategies`:

* deterministic ones replay every recorded match move for move -- against the scripted
  opponents and in every recorded pair -- with the opponent played as a fixed sequence
  (a :class:`~coop_sim.Cycler` of its recorded moves: a deterministic player's first
  deviation shows up against the fixed sequence exactly when it would against the real
  opponent), and the pairs of registered strategies are also replayed as real matches;
* stochastic ones are played ``n`` seeded times against the scripted opponents (written
  here as specs, independently of the registry) and their per-round co-operation
  frequencies must agree with Axelrod-Python's within a binomial tolerance;
* display names and the classifier's ``stochastic`` flag must agree.

Set ``COOP_SIM_AXELROD=1`` (with axelrod installed) to also play every shared
deterministic pair directly against the installed Axelrod-Python.
"""

from __future__ import annotations

import json
import math
import os
import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from coop_sim import Cycler, Game, MemoryOne, play_match, strategies
from coop_sim._packing import pack
from coop_sim.engine.match_kernel import play_one
from coop_sim.strategies import Compiled, StrategySpec

GOLDEN_PATH = Path(__file__).parent / "golden" / "axelrod_golden.json"
GOLDEN = json.loads(GOLDEN_PATH.read_text())
GAME = Game(**GOLDEN["game"])
ENTRIES = {entry["id"]: entry for entry in GOLDEN["strategies"]}
REGISTERED = set(strategies.names())
COVERED = sorted(REGISTERED & set(ENTRIES))
DETERMINISTIC = [sid for sid in COVERED if ENTRIES[sid]["deterministic"]]
STOCHASTIC = [sid for sid in COVERED if not ENTRIES[sid]["deterministic"]]
FIXED = {sid: record["moves"] for sid, record in GOLDEN["fixed_sequences"].items()}

#: Our seeds for the stochastic comparisons (any fixed key; streams differ by repetition).
SEED_KEY = np.uint64(0x5EED_A11C)
#: Tolerance: this many standard errors of the difference of two proportions, at least FLOOR.
Z_TOLERANCE = 4.5
FLOOR = 0.02
#: Floor of the tolerance on whole-match mean co-operation rates.
MEAN_FLOOR = 0.005

#: Scripted opponents, written as specs here so the checks do not lean on the registry.
SCRIPTED = {
    "cooperator": Cycler("C"),
    "defector": Cycler("D"),
    "alternator": Cycler("CD"),
    "tit_for_tat": MemoryOne(1, 0, 1, 0, first="C"),
    "suspicious_tit_for_tat": MemoryOne(1, 0, 1, 0, first="D"),
    **{sid: Cycler(moves) for sid, moves in FIXED.items()},
}


def _records_of(sid: str) -> list[tuple[dict, int]]:
    """Deterministic match records in which ``sid`` plays, with its seat (0 or 1)."""
    out = []
    for record in GOLDEN["deterministic_vs_scripted"] + GOLDEN["deterministic_pairs"]:
        if record["p1"] == sid:
            out.append((record, 0))
        elif record["p2"] == sid:
            out.append((record, 1))
    return out


@cache
def _compiled(sid: str) -> Compiled:
    return strategies.get(sid).compile(GAME)


class _Runner:
    """Plays one pairing many times with the compiled arrays built once.

    Mirrors what :func:`coop_sim.play_match` does per call (compile, pack, ``play_one``) so
    that thousands of seeded matches stay cheap; the public path is spot-checked below.
    """

    def __init__(self, a: Compiled, b: Compiled) -> None:
        self.a, self.b = a, b
        self.packed = pack([a, b])

    def __call__(self, turns: int, known_length: bool, rep: int = 0) -> np.ndarray:
        a, b, p = self.a, self.b, self.packed
        return play_one(
            a.family, a.params, a.state_size, b.family, b.params, b.state_size,
            p.auto_thr, p.auto_nxt, p.auto_off, p.auto_start, p.is_auto,
            turns, -1.0, 0.0, 0.0, bool(known_length), SEED_KEY, 0, 1, rep,
        )  # fmt: skip


def _play(a: Compiled, b: Compiled, turns: int, known_length: bool) -> np.ndarray:
    return _Runner(a, b)(turns, known_length)


def _moves(column: np.ndarray) -> str:
    return "".join("CD"[m] for m in column)


def _first_difference(ours: str, theirs: str) -> str:
    t = next(i for i, (x, y) in enumerate(zip(ours, theirs, strict=True)) if x != y)
    return f"round {t + 1}: ours {ours[: t + 1]} vs axelrod {theirs[: t + 1]}"


# ---------------------------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------------------------


def test_registry_is_large():
    assert len(REGISTERED) >= 80


def test_golden_strategies_are_not_registered_under_other_ids():
    """A golden strategy reachable by its class or display name must be registered under the
    golden id, or it would silently escape the checks below."""
    escaped = {}
    for sid, entry in ENTRIES.items():
        for name in (entry["class_name"], entry["name"]):
            try:
                spec = strategies.get(name)
            except ValueError:
                continue
            if spec.id != sid:
                escaped[sid] = spec.id
    assert not escaped, f"golden id -> registered id: {escaped}"


def test_every_covered_strategy_has_records():
    assert COVERED
    for sid in DETERMINISTIC:
        assert _records_of(sid), sid
    stochastic_players = {record["p1"] for record in GOLDEN["stochastic_vs_scripted"]}
    assert set(STOCHASTIC) <= stochastic_players


def test_fixed_sequences_are_as_documented():
    for sid, record in GOLDEN["fixed_sequences"].items():
        rng = np.random.default_rng(record["seed"])
        expected = "".join("D" if d else "C" for d in rng.random(64) < record["p_defect"])
        assert FIXED[sid] == expected


# ---------------------------------------------------------------------------------------------
# Names and classifiers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sid", COVERED)
def test_name_and_stochastic_flag(sid):
    spec, entry = strategies.get(sid), ENTRIES[sid]
    assert spec.name == entry["name"]
    assert spec.classifier.stochastic == entry["classifier"]["stochastic"]


# ---------------------------------------------------------------------------------------------
# Deterministic strategies: move for move
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sid", DETERMINISTIC)
def test_deterministic_strategy_replays_golden(sid):
    ours_compiled = _compiled(sid)
    failures = []
    for record, seat in _records_of(sid):
        theirs = (record["moves1"], record["moves2"])
        opponent = Cycler(theirs[1 - seat]).compile(GAME)
        pair = (ours_compiled, opponent) if seat == 0 else (opponent, ours_compiled)
        moves = _play(*pair, record["turns"], record["known_length"])
        ours = _moves(moves[:, seat])
        if ours != theirs[seat]:
            other = record["p2"] if seat == 0 else record["p1"]
            failures.append(
                f"vs {other} (turns={record['turns']}, known_length={record['known_length']}): "
                + _first_difference(ours, theirs[seat])
            )
    assert not failures, f"{len(failures)} mismatches, e.g.\n" + "\n".join(failures[:5])


def test_registered_pairs_replay_as_real_matches():
    """Both sides registered: play the real match in the engine (both columns must agree)."""
    failures = []
    count = 0
    for record in GOLDEN["deterministic_pairs"]:
        a, b = record["p1"], record["p2"]
        if a not in REGISTERED or b not in REGISTERED:
            continue
        count += 1
        moves = _play(_compiled(a), _compiled(b), record["turns"], record["known_length"])
        if (_moves(moves[:, 0]), _moves(moves[:, 1])) != (record["moves1"], record["moves2"]):
            failures.append((a, b, record["known_length"]))
    assert count > 0
    assert not failures, f"{len(failures)} of {count} pairs differ, e.g. {failures[:10]}"


def test_replay_through_public_api():
    """A spot check of the same records through play_match (names resolved by the registry)."""
    checked = 0
    for record in GOLDEN["deterministic_vs_scripted"]:
        if record["p1"] not in REGISTERED or not record["p2"].startswith("fixed"):
            continue
        m = play_match(
            record["p1"], Cycler(record["moves2"]), game=GAME, turns=record["turns"],
            known_length=record["known_length"],
        )  # fmt: skip
        assert m.move_strings() == (record["moves1"], record["moves2"]), record["p1"]
        checked += 1
        if checked == 40:
            break
    assert checked > 0


# ---------------------------------------------------------------------------------------------
# Stochastic strategies: per-round co-operation frequencies
# ---------------------------------------------------------------------------------------------


def _simulate(strategy: Compiled, record: dict, n: int) -> np.ndarray:
    """Co-operation indicators, float ``(n, turns, 2)``, of ``n`` seeded matches."""
    run = _Runner(strategy, SCRIPTED[record["p2"]].compile(GAME))
    out = np.empty((n, record["turns"], 2))
    for rep in range(n):
        out[rep] = 1.0 - run(record["turns"], record["known_length"], rep)
    return out


def _tolerance(p_ours: np.ndarray, p_theirs: np.ndarray, n_ours: int, n_theirs: int):
    """Per round: Z_TOLERANCE standard errors of a difference of two proportions (pooled)."""
    pooled = (p_ours * n_ours + p_theirs * n_theirs) / (n_ours + n_theirs)
    se = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n_ours + 1.0 / n_theirs))
    return np.maximum(FLOOR, Z_TOLERANCE * se)


def _frequency_failures(strategy: Compiled, record: dict) -> list[str]:
    """Rounds (and whole-match means) whose co-operation rate differs beyond tolerance.

    Per round the rates are binomial; the whole-match mean of each player is compared with
    the standard error estimated from our matches' spread (the same under the hypothesis that
    both libraries play the same distribution), which catches small steady shifts.
    """
    n_theirs = record["n_matches"]
    n = n_theirs
    coop = _simulate(strategy, record, n)
    failures = []
    for k, who in ((0, record["p1"]), (1, record["p2"])):
        ours = coop[:, :, k].mean(axis=0)
        theirs = np.asarray(record[f"p_coop{k + 1}"])
        bad = np.abs(ours - theirs) > _tolerance(ours, theirs, n, n_theirs)
        failures += [
            f"{who} vs {record['p2']} (turns={record['turns']}) round {t + 1}: "
            f"ours {ours[t]:.4f}, axelrod {theirs[t]:.4f}"
            for t in np.flatnonzero(bad)
        ]
        per_match = coop[:, :, k].mean(axis=1)
        se = math.sqrt(per_match.var(ddof=1) * (1.0 / n + 1.0 / n_theirs))
        mean_ours, mean_theirs = per_match.mean(), record[f"mean_coop{k + 1}"]
        if abs(mean_ours - mean_theirs) > max(MEAN_FLOOR, Z_TOLERANCE * se):
            failures.append(
                f"{who} vs {record['p2']} (turns={record['turns']}) mean: "
                f"ours {mean_ours:.4f}, axelrod {mean_theirs:.4f} (se {se:.4f})"
            )
    return failures


@pytest.mark.parametrize("sid", STOCHASTIC)
def test_stochastic_strategy_matches_golden_frequencies(sid):
    records = [r for r in GOLDEN["stochastic_vs_scripted"] if r["p1"] == sid]
    assert records
    failures = [f for record in records for f in _frequency_failures(_compiled(sid), record)]
    assert not failures, f"{len(failures)} rates out of tolerance, e.g.\n" + "\n".join(failures[:8])


def test_frequency_check_can_fail():
    """A slightly less generous GTFT (0.3 instead of 1/3), a Random that co-operates 47% of the
    time, or one with a 38% opening, is caught."""
    gtft_records = [r for r in GOLDEN["stochastic_vs_scripted"] if r["p1"] == "gtft"]
    stingy = MemoryOne(1, 0.3, 1, 0.3).compile(GAME)
    assert any(_frequency_failures(stingy, r) for r in gtft_records)
    assert all(not _frequency_failures(_compiled("gtft"), r) for r in gtft_records[:3])
    random_records = [r for r in GOLDEN["stochastic_vs_scripted"] if r["p1"] == "random"]
    for p, first in ((0.47, 0.47), (0.5, 0.38)):
        biased = MemoryOne(p, p, p, p, first=first).compile(GAME)
        assert any(_frequency_failures(biased, r) for r in random_records)


# ---------------------------------------------------------------------------------------------
# Optional: directly against the installed Axelrod-Python (COOP_SIM_AXELROD=1)
# ---------------------------------------------------------------------------------------------


def _snake_id(class_name: str) -> str:
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", class_name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"([A-Za-z])([0-9]+)", r"\1_\2", s)
    return s.lower()


@pytest.mark.skipif(
    os.environ.get("COOP_SIM_AXELROD") != "1", reason="set COOP_SIM_AXELROD=1 to run"
)
def test_direct_crosscheck_with_axelrod():
    axl = pytest.importorskip("axelrod")
    from axelrod.action import actions_to_str

    classes = {}
    for cls in axl.all_strategies:
        sid = _snake_id(cls.__name__)
        if sid not in REGISTERED:
            continue
        try:
            player = cls()
        except TypeError:
            continue
        if axl.Classifiers["stochastic"](player) or strategies.get(sid).classifier.stochastic:
            continue
        classes[sid] = cls
    ids = sorted(classes)
    assert len(ids) > 50
    specs: dict[str, StrategySpec] = {sid: strategies.get(sid) for sid in ids}
    turns = 50
    failures = []
    for i, a in enumerate(ids):
        for b in ids[i:]:
            result = axl.Match((classes[a](), classes[b]()), turns=turns).play()
            theirs = (actions_to_str(x for x, _ in result), actions_to_str(y for _, y in result))
            ours = play_match(specs[a], specs[b], turns=turns, known_length=True).move_strings()
            if ours != theirs:
                failures.append((a, b))
    assert not failures, f"{len(failures)} pairs differ, e.g. {failures[:10]}"


@pytest.mark.skipif(
    os.environ.get("COOP_SIM_AXELROD") != "1", reason="set COOP_SIM_AXELROD=1 to run"
)
def test_direct_noisy_crosscheck_with_axelrod():
    """Deterministic finite-state strategies answer Axelrod's *noisy* histories as Axelrod's
    players do: walk our automaton along the actual moves of a noisy axelrod match and compare
    the intended moves (recorded by wrapping the axelrod player's ``strategy``)."""
    axl = pytest.importorskip("axelrod")
    from axelrod.action import actions_to_str

    classes = {}
    for cls in axl.all_strategies:
        sid = _snake_id(cls.__name__)
        if sid not in REGISTERED or strategies.get(sid).automaton(GAME) is None:
            continue
        try:
            player = cls()
        except TypeError:
            continue
        if not axl.Classifiers["stochastic"](player):
            classes[sid] = cls
    assert len(classes) > 50
    opponents = [axl.TitForTat, axl.Alternator, axl.Grudger, axl.WinStayLoseShift, axl.Random]
    failures = []
    for sid, cls in sorted(classes.items()):
        automaton = strategies.get(sid).automaton(GAME)
        for opponent in opponents:
            for seed in range(3):
                player, intended = cls(), []
                strategy = player.strategy

                def recording(opp, strategy=strategy, intended=intended):
                    move = strategy(opp)
                    intended.append(move)
                    return move

                player.strategy = recording
                result = axl.Match((player, opponent()), turns=60, noise=0.1, seed=seed).play()
                state, ours = automaton.start, []
                for own, opp in result:
                    move = 0 if automaton.p_c[state] >= 1.0 else 1
                    ours.append("CD"[move])
                    own_code, opp_code = "CD".index(str(own)), "CD".index(str(opp))
                    state = automaton.nxt[state, move, own_code, opp_code]
                if "".join(ours) != actions_to_str(intended):
                    failures.append((sid, opponent.__name__, seed))
    assert not failures, f"{len(failures)} noisy matches differ, e.g. {failures[:10]}"
