"""Regenerate ``axelrod_golden.json``: reference play of Axelrod-Python strategies.

The JSON file lets coop_sim's test-suite check, *without* axelrod installed,
that each of our named strategies plays exactly like the Axelrod-Python
strategy of the same name (deterministic ones move for move, stochastic ones
in distribution).  See ``README.md`` next to this file for the format.

How to run (manually; it is not part of the test-suite)::

    pip install "axelrod==4.14.0"          # or: pip install -e ".[crosscheck]"
    python tests/golden/make_golden.py       # writes tests/golden/axelrod_golden.json

Options: ``--out PATH`` to write elsewhere, ``--n-seeds N`` to change the
number of seeded matches per stochastic pairing (default 2000).

It was generated with axelrod 4.14.0 (numpy 2.4.6, CPython 3.11.7; the
versions are stored in the JSON) and refuses to run on another axelrod
version unless ``--any-version`` is given.  The output is deterministic:
re-running with the same versions reproduces the file byte for byte (no
timestamps are stored).  Running takes about 3.5 CPU-minutes on one core,
nearly all of it in the seeded stochastic matches (``import axelrod`` alone
takes ~15 s).

What is recorded
----------------
* For every selected strategy: Axelrod class name, display ``.name``, our
  snake_case id, the fully resolved classifier, the docstring's "Names:"
  section, and for ``axl.MemoryOnePlayer`` subclasses the four-vector
  (P(C|CC), P(C|CD), P(C|DC), P(C|DD)) and initial move, read from the private
  attributes ``_four_vector`` / ``_initial`` of a default-constructed instance
  (whose match attributes carry the default game R=3, S=0, T=5, P=1; the ZD
  strategies and GTFT compute their vector from that game).
* Deterministic strategies: full move strings of 64-turn matches vs scripted
  opponents and vs every deterministic strategy (self-play included), with
  axelrod's default ``Match`` (length revealed to the players) and, for
  strategies that use the length, also with ``match_attributes={"length":
  inf}``; length users also get 5- and 17-turn matches vs scripted opponents.
* Stochastic strategies: per-round cooperation frequencies over N seeded
  20-turn matches (``axl.Match(..., seed=k)``, k in range(N)) vs scripted
  opponents; those with memory depth > 20 (e.g. Calculator, which checks for
  cycles at round 21) also over 1000 seeded 64-turn matches.
"""

from __future__ import annotations

import argparse
import inspect
import json
import platform
import re
import sys
import time
import warnings
from pathlib import Path

import numpy as np

try:
    import axelrod as axl
    from axelrod.action import actions_to_str, str_to_actions
    from axelrod.mock_player import MockPlayer
except ImportError:  # pragma: no cover - this script is run by hand
    sys.exit("make_golden.py needs axelrod: pip install 'axelrod==4.14.0'")

EXPECTED_AXELROD_VERSION = "4.14.0"
FORMAT_VERSION = 1

DET_TURNS = 64
SHORT_TURNS = (5, 17)  # extra match lengths for strategies that use "length"
STOCH_TURNS = 20
N_SEEDS = 2000
N_SEEDS_LONG_RUN_TIME = 500
# stochastic strategies with memory depth > 20 also get 64-turn matches:
LONG_STOCH_TURNS = 64
N_SEEDS_LONG_STOCH = 1000

# Fixed pseudo-random opponent sequences (played by axelrod's MockPlayer).
FIXED_SEQUENCES = [  # (id, numpy default_rng seed, P(defect))
    ("fixed_1", 1, 0.2),
    ("fixed_2", 2, 0.5),
    ("fixed_3", 3, 0.8),
]
FIXED_LENGTH = 64

# Scripted opponents: Axelrod class names (they are in our strategy list too,
# so their ids are ordinary strategy ids) followed by the fixed sequences.
SCRIPTED_DET = ["Cooperator", "Defector", "Alternator", "TitForTat", "SuspiciousTitForTat"]
SCRIPTED_STOCH = ["Cooperator", "Defector", "Alternator", "TitForTat"]

# Class names requested in addition to basic/demo/first-tournament strategies.
REQUESTED = """
TitFor2Tats TwoTitsForTat Grudger GTFT SoftJoss FirmButFair StochasticWSLS
StochasticCooperator ALLCorALLD Random Appeaser Bully AntiTitForTat
SuspiciousTitForTat WinShiftLoseStay Prober Prober2 Prober3 Prober4 HardProber
Gradual OriginalGradual Adaptive SecondByTester
CyclerCCD CyclerCCCD CyclerCCCCCD CyclerDC CyclerDDC CyclerCCCDCD Alternator
ZDExtort2 ZDExtort2v2 ZDExtort3 ZDExtort4 ZDExtortion ZDGTFT2 ZDGen2 ZDSet2
ZDMischief BackStabber DoubleCrosser FoolMeOnce ForgetfulGrudger OnceBitten
FoolMeForever Aggravater GrudgerAlternator SoftGrudger Fortress3 Fortress4
Predator Pun1 Raider Ripoff SolutionB1 SolutionB5 Thumper TF1 TF2 TF3
EvolvedFSM4 EvolvedFSM16 EvolvedFSM16Noise05 EvolvedLookerUp1_1_1
EvolvedLookerUp2_2_2 Winner12 Winner21 HardTitForTat HardTitFor2Tats OmegaTFT
GoByMajority HardGoByMajority GoByMajority5 GoByMajority10 GoByMajority20
GoByMajority40 HardGoByMajority5 HardGoByMajority10 HardGoByMajority20
SneakyTitForTat Retaliate WinStayLoseShift Joss Calculator Punisher
InversePunisher Handshake CollectiveStrategy Desperate Hopeless Willing Grumpy
Inverse Tester Cooperator Defector TrickyCooperator TrickyDefector
AlternatorHunter CooperatorHunter DefectorHunter MathConstantHunter
""".split()

MIN_TOTAL = 110  # top up with other simple strategies if fewer are selected

CHEAT_FLAGS = ("inspects_source", "manipulates_source", "manipulates_state")
CLASSIFIER_KEYS = (
    "memory_depth",
    "stochastic",
    "makes_use_of",
    "long_run_time",
    "inspects_source",
    "manipulates_source",
    "manipulates_state",
)

ID_RULE = (
    "snake_case of the Axelrod class name: (1) '_' between an upper-case run and "
    "a following Upper+lower pair (ZDExtort -> ZD_Extort); (2) '_' before an "
    "upper-case letter that follows a lower-case letter or digit; (3) '_' before "
    "a digit run that follows a letter; then lower-case. Regexes, in order: "
    "'([A-Z]+)([A-Z][a-z])', '([a-z0-9])([A-Z])', '([A-Za-z])([0-9]+)' -> r'\\1_\\2'."
)


def snake_id(class_name: str) -> str:
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", class_name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"([A-Za-z])([0-9]+)", r"\1_\2", s)
    return s.lower()


# ----------------------------------------------------------------------------
# Strategy metadata
# ----------------------------------------------------------------------------


def resolved_classifier(player) -> dict:
    """All classifier keys, resolved the way axelrod does (axl.Classifiers)."""
    out = {}
    for key in CLASSIFIER_KEYS:
        value = axl.Classifiers[key](player)
        if key == "memory_depth":
            value = "inf" if value == float("inf") else int(value)
        elif key == "makes_use_of":
            value = sorted(value or ())
        out[key] = value
    return out


def names_section(cls) -> list[str]:
    """Items of the docstring's "Names:" section (literature aliases)."""
    doc = inspect.getdoc(cls) or ""
    lines = doc.splitlines()
    start = None
    for i, line in enumerate(lines):
        if re.fullmatch(r"\s*Names\s*:?\s*", line):
            start = i + 1
            break
    if start is None:
        return []
    items: list[str] = []
    for line in lines[start:]:
        stripped = line.strip()
        if not stripped:  # blank lines may separate items
            continue
        if stripped.startswith("- "):
            items.append(stripped[2:].strip())
        elif items and line.startswith((" ", "\t")):
            items[-1] += " " + stripped  # continuation of the previous item
        else:
            break
    return items


def memory_one_info(player):
    if not isinstance(player, axl.MemoryOnePlayer):
        return None
    fv = player._four_vector
    C, D = axl.Action.C, axl.Action.D
    return {
        "four_vector": [float(fv[(C, C)]), float(fv[(C, D)]), float(fv[(D, C)]), float(fv[(D, D)])],
        "initial": str(player._initial),
        "source": "default instance: _four_vector[(C,C),(C,D),(D,C),(D,D)], _initial",
    }


def select_strategies():
    by_name = {s.__name__: s for s in axl.all_strategies}
    wanted = [
        s.__name__
        for s in list(axl.basic_strategies)
        + list(axl.demo_strategies)
        + list(axl.axelrod_first_strategies)
    ] + REQUESTED
    wanted = list(dict.fromkeys(wanted))  # de-duplicate, keep order

    selected, missing, skipped = [], [], []

    def consider(name, reason_prefix=""):
        cls = by_name[name]
        try:
            player = cls()
        except TypeError as exc:
            skipped.append({"class_name": name, "reason": f"constructor needs arguments: {exc}"})
            return False
        clf = resolved_classifier(player)
        flags = [k for k in CHEAT_FLAGS if clf[k]]
        if flags:
            skipped.append({"class_name": name, "reason": "classifier flags " + ",".join(flags)})
            return False
        selected.append(cls)
        return True

    for name in wanted:
        if name not in by_name:
            missing.append(name)
            continue
        consider(name)

    added = []
    if len(selected) < MIN_TOTAL:
        from axelrod.strategies.finite_state_machines import FSMPlayer
        from axelrod.strategies.lookerup import LookerUp

        have = {c.__name__ for c in selected}
        for cls in sorted(axl.strategies, key=lambda c: c.__name__):
            if len(selected) >= MIN_TOTAL:
                break
            if cls.__name__ in have:
                continue
            try:
                player = cls()
            except TypeError:
                continue
            clf = resolved_classifier(player)
            depth = clf["memory_depth"]
            simple = (depth != "inf" and depth <= 3) or issubclass(cls, (FSMPlayer, LookerUp))
            if simple and not clf["long_run_time"] and not any(clf[k] for k in CHEAT_FLAGS):
                selected.append(cls)
                added.append(cls.__name__)
    return selected, missing, skipped, added


# ----------------------------------------------------------------------------
# Playing matches
# ----------------------------------------------------------------------------


def fixed_sequences():
    out = {}
    for sid, seed, p_defect in FIXED_SEQUENCES:
        rng = np.random.default_rng(seed)
        defect = rng.random(FIXED_LENGTH) < p_defect
        out[sid] = {
            "rng": f"numpy.random.default_rng({seed}).random({FIXED_LENGTH}) < {p_defect} -> D",
            "seed": seed,
            "p_defect": p_defect,
            "moves": "".join("D" if d else "C" for d in defect),
        }
    return out


class OpponentFactory:
    """Makes fresh opponent instances from an id (strategy id or fixed_k)."""

    def __init__(self, classes_by_id, sequences):
        self.classes_by_id = classes_by_id
        self.sequences = sequences

    def __call__(self, oid):
        if oid in self.sequences:
            return MockPlayer(actions=list(str_to_actions(self.sequences[oid]["moves"])))
        return self.classes_by_id[oid]()


def play(p1, p2, turns, known_length=True, seed=None):
    kwargs = {}
    if not known_length:
        kwargs["match_attributes"] = {"length": float("inf")}
    match = axl.Match((p1, p2), turns=turns, seed=seed, **kwargs)
    result = match.play()
    return (
        actions_to_str(a for a, _ in result),
        actions_to_str(b for _, b in result),
    )


class CountingRandomState:
    """Proxy for numpy RandomState that counts calls (for rng_calls info)."""

    def __init__(self, rs):
        self._rs = rs
        self.calls = 0

    def __getattr__(self, name):
        attr = getattr(self._rs, name)
        if callable(attr):

            def wrapped(*args, **kwargs):
                self.calls += 1
                return attr(*args, **kwargs)

            return wrapped
        return attr


def rng_calls_per_round(cls, turns=STOCH_TURNS, seed=0):
    """Number of calls a stochastic player makes on its RNGs in each round vs
    Cooperator (seed 0), mimicking Match.simultaneous_play without noise.

    Counts calls on the player's own ``_random`` and on the ``_random`` of any
    Player held as an attribute (e.g. Calculator's inner Joss, which
    ``Calculator.set_seed`` seeds with the same seed)."""
    p, o = cls(), axl.Cooperator()
    p.set_match_attributes(length=turns)
    o.set_match_attributes(length=turns)
    p.set_seed(seed)
    generators = [p._random] + [
        v._random for v in vars(p).values() if isinstance(v, axl.Player) and hasattr(v, "_random")
    ]
    counters = []
    for gen in generators:
        counters.append(CountingRandomState(gen._random))
        gen._random = counters[-1]
    calls = []
    for _ in range(turns):
        before = sum(c.calls for c in counters)
        a = p.strategy(o)
        b = o.strategy(p)
        p.update_history(a, b)
        o.update_history(b, a)
        calls.append(sum(c.calls for c in counters) - before)
    return calls


def frequencies(make, sid, oid, turns, known, n):
    """Per-round cooperation frequencies over seeded matches k in range(n)."""
    c1 = np.zeros(turns)
    c2 = np.zeros(turns)
    for k in range(n):
        m1, m2 = play(make(sid), make(oid), turns, known, seed=k)
        c1 += np.frombuffer(m1.encode(), dtype=np.uint8) == ord("C")
        c2 += np.frombuffer(m2.encode(), dtype=np.uint8) == ord("C")
    return {
        "p1": sid,
        "p2": oid,
        "turns": turns,
        "known_length": known,
        "n_matches": n,
        "seeds": f"range({n})",
        "p_coop1": [round(float(x) / n, 6) for x in c1],
        "p_coop2": [round(float(x) / n, 6) for x in c2],
        "mean_coop1": round(float(c1.sum()) / (n * turns), 6),
        "mean_coop2": round(float(c2.sum()) / (n * turns), 6),
    }


# ----------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(Path(__file__).with_name("axelrod_golden.json")))
    ap.add_argument("--n-seeds", type=int, default=N_SEEDS)
    ap.add_argument("--any-version", action="store_true")
    args = ap.parse_args(argv)

    if axl.__version__ != EXPECTED_AXELROD_VERSION and not args.any_version:
        sys.exit(f"expected axelrod {EXPECTED_AXELROD_VERSION}, found {axl.__version__}")

    warnings.simplefilter("ignore")
    t0 = time.perf_counter()

    classes, missing, skipped, added = select_strategies()
    ids = [snake_id(c.__name__) for c in classes]
    assert len(set(ids)) == len(ids), "id collision"
    classes_by_id = dict(zip(ids, classes, strict=True))
    sequences = fixed_sequences()
    make = OpponentFactory(classes_by_id, sequences)

    strategies = []
    det_ids, stoch_ids, length_users = [], [], set()
    for sid, cls in classes_by_id.items():
        player = cls()
        clf = resolved_classifier(player)
        entry = {
            "id": sid,
            "class_name": cls.__name__,
            "name": player.name,
            "classifier": clf,
            "names": names_section(cls),
            "memory_one": memory_one_info(player),
        }
        strategies.append(entry)
        (stoch_ids if clf["stochastic"] else det_ids).append(sid)
        if "length" in clf["makes_use_of"]:
            length_users.add(sid)

    scripted_det = [snake_id(n) for n in SCRIPTED_DET] + list(sequences)
    scripted_stoch = [snake_id(n) for n in SCRIPTED_STOCH] + list(sequences)

    # ---- deterministic: vs scripted opponents --------------------------------
    vs_scripted = []
    for sid in det_ids:
        settings = [(DET_TURNS, True)]
        if sid in length_users:
            settings.append((DET_TURNS, False))
            settings += [(t, True) for t in SHORT_TURNS]
        for turns, known in settings:
            for oid in scripted_det:
                m1, m2 = play(make(sid), make(oid), turns, known)
                vs_scripted.append(
                    {
                        "p1": sid,
                        "p2": oid,
                        "turns": turns,
                        "known_length": known,
                        "moves1": m1,
                        "moves2": m2,
                    }
                )
    t_scripted = time.perf_counter()

    # ---- deterministic: all pairs (i <= j), checking side symmetry ----------
    pairs, asymmetric = [], []
    for i, a in enumerate(det_ids):
        for b in det_ids[i:]:
            settings = [True]
            if a in length_users or b in length_users:
                settings.append(False)
            for known in settings:
                m1, m2 = play(make(a), make(b), DET_TURNS, known)
                pairs.append(
                    {
                        "p1": a,
                        "p2": b,
                        "turns": DET_TURNS,
                        "known_length": known,
                        "moves1": m1,
                        "moves2": m2,
                    }
                )
                r2, r1 = play(make(b), make(a), DET_TURNS, known)
                if (r1, r2) != (m1, m2):  # playing order matters: store both
                    asymmetric.append([a, b, known])
                    pairs.append(
                        {
                            "p1": b,
                            "p2": a,
                            "turns": DET_TURNS,
                            "known_length": known,
                            "moves1": r2,
                            "moves2": r1,
                        }
                    )
    t_pairs = time.perf_counter()

    # ---- stochastic: per-round cooperation frequencies ----------------------
    stochastic = []
    stoch_info = {}
    for sid in stoch_ids:
        cls = classes_by_id[sid]
        clf = resolved_classifier(cls())
        n = min(args.n_seeds, N_SEEDS_LONG_RUN_TIME) if clf["long_run_time"] else args.n_seeds
        stoch_info[sid] = {"rng_calls_per_round_vs_cooperator_seed0": rng_calls_per_round(cls)}
        runs = [(STOCH_TURNS, n)]
        depth = clf["memory_depth"]
        if depth == "inf" or depth > STOCH_TURNS:
            # behaviour may change after round 20 (e.g. Calculator's cycle
            # check at round 21, Graaskamp's probe at round 51)
            runs.append((LONG_STOCH_TURNS, min(n, N_SEEDS_LONG_STOCH)))
        settings = [True] + ([False] if sid in length_users else [])
        for turns, n_matches in runs:
            for known in settings:
                for oid in scripted_stoch:
                    stochastic.append(frequencies(make, sid, oid, turns, known, n_matches))
    t_stoch = time.perf_counter()

    for entry in strategies:
        entry["deterministic"] = entry["id"] in det_ids
        if entry["id"] in stoch_info:
            entry.update(stoch_info[entry["id"]])

    game = axl.Game()
    (R, P, S, T) = game.RPST()
    golden = {
        "format_version": FORMAT_VERSION,
        "generator": "tests/golden/make_golden.py",
        "axelrod_version": axl.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "game": {"R": float(R), "S": float(S), "T": float(T), "P": float(P)},
        "id_rule": ID_RULE,
        "settings": {
            "deterministic_turns": DET_TURNS,
            "short_turns_for_length_users": list(SHORT_TURNS),
            "stochastic_turns": STOCH_TURNS,
            "n_seeds": args.n_seeds,
            "n_seeds_long_run_time": N_SEEDS_LONG_RUN_TIME,
            "long_stochastic_turns": LONG_STOCH_TURNS,
            "n_seeds_long_stochastic": N_SEEDS_LONG_STOCH,
            "long_stochastic_rule": "stochastic strategies with memory_depth inf or > "
            "stochastic_turns "
            "also get long_stochastic_turns matches (min(n, n_seeds_long_stochastic) seeds)",
            "known_length_true": "axl.Match((p1, p2), turns=n): length n revealed to both players",
            "known_length_false": "axl.Match((p1, p2), turns=n, "
            'match_attributes={"length": float("inf")})',
            "scripted_opponents_deterministic": scripted_det,
            "scripted_opponents_stochastic": scripted_stoch,
            "pairs": "every unordered pair p1 <= p2 in deterministic_ids order "
            "(self-play included), fresh instance per side; order-dependent pairs "
            "(see asymmetric_pairs) stored both ways",
        },
        "fixed_sequences": sequences,
        "missing": missing,
        "skipped": skipped,
        "added_to_reach_min_total": added,
        "deterministic_ids": det_ids,
        "stochastic_ids": stoch_ids,
        "length_users": sorted(length_users),
        "asymmetric_pairs": asymmetric,
        "strategies": strategies,
        "deterministic_vs_scripted": vs_scripted,
        "deterministic_pairs": pairs,
        "stochastic_vs_scripted": stochastic,
    }
    out = Path(args.out)
    out.write_text(dump(golden))

    # ---- sanity checks / samples -------------------------------------------
    def find(records, p1, p2, known=True, turns=DET_TURNS):
        for r in records:
            if (r["p1"], r["p2"], r["known_length"], r["turns"]) == (p1, p2, known, turns):
                return r
        raise KeyError((p1, p2, known, turns))

    r = find(vs_scripted, "tit_for_tat", "defector")
    print("tit_for_tat vs defector:\n ", r["moves1"], "\n ", r["moves2"])
    assert r["moves1"] == "C" + "D" * (DET_TURNS - 1) and r["moves2"] == "D" * DET_TURNS
    r = find(vs_scripted, "grudger", "fixed_1")
    print("grudger vs fixed_1:\n ", r["moves1"], "\n ", r["moves2"])
    first_d = r["moves2"].index("D")
    assert r["moves1"] == "C" * (first_d + 1) + "D" * (DET_TURNS - first_d - 1)
    for known in (True, False):
        r = find(vs_scripted, "back_stabber", "cooperator", known)
        print(f"back_stabber vs cooperator (known_length={known}):\n ", r["moves1"])
    assert find(vs_scripted, "back_stabber", "cooperator", True)["moves1"].endswith("CCDD")
    assert "D" not in find(vs_scripted, "back_stabber", "cooperator", False)["moves1"]
    r = next(x for x in stochastic if (x["p1"], x["p2"]) == ("gtft", "defector"))
    print("gtft vs defector p_coop1:", r["p_coop1"][:6], "...")
    assert (
        r["p_coop1"][0] == 1.0 and abs(r["p_coop1"][5] - 1 / 3) < 0.05
    )  # GTFT p = min(1-(T-R)/(R-S), (R-P)/(T-P)) = 1/3
    r = next(x for x in stochastic if (x["p1"], x["p2"]) == ("all_cor_alld", "alternator"))
    assert (
        len(set(r["p_coop1"])) == 1 and abs(r["p_coop1"][0] - 0.6) < 0.05
    )  # one draw, then repeats
    r = next(
        x
        for x in stochastic
        if (x["p1"], x["p2"], x["turns"]) == ("calculator", "cooperator", LONG_STOCH_TURNS)
    )
    print("calculator vs cooperator, 64 turns, p_coop1[18:24]:", r["p_coop1"][18:24])
    assert r["p_coop1"][0] == 1.0 and all(x == 0.0 for x in r["p_coop1"][20:])  # cycle "C" detected
    r = find(pairs, "tit_for_tat", "tit_for_tat")
    assert r["moves1"] == r["moves2"] == "C" * DET_TURNS

    print(
        f"\n{len(strategies)} strategies ({len(det_ids)} deterministic, "
        f"{len(stoch_ids)} stochastic); "
        f"missing={missing}; skipped={[s['class_name'] for s in skipped]}; added={added}"
    )
    print(f"asymmetric pairs: {asymmetric}")
    print(
        f"records: {len(vs_scripted)} vs scripted, {len(pairs)} pairs, "
        f"{len(stochastic)} stochastic; "
        f"{out} = {out.stat().st_size / 1e6:.2f} MB"
    )
    print(
        f"time: scripted {t_scripted - t0:.1f}s, pairs {t_pairs - t_scripted:.1f}s, "
        f"stochastic {t_stoch - t_pairs:.1f}s, "
        f"total {time.perf_counter() - t0:.1f}s (+ axelrod import)"
    )


def dump(obj) -> str:
    """JSON with one list element / dict item per line at the top level, so
    diffs stay readable, and compact records inside."""

    def compact(v):
        return json.dumps(v, separators=(",", ":"), allow_nan=False)

    parts = []
    for key, value in obj.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            body = "[\n" + ",\n".join("  " + compact(x) for x in value) + "\n ]"
        elif isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            body = (
                "{\n"
                + ",\n".join(f"  {json.dumps(k)}:{compact(v)}" for k, v in value.items())
                + "\n }"
            )
        else:
            body = compact(value)
        parts.append(f" {json.dumps(key)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


if __name__ == "__main__":
    main()
