"""The experiment scripts run and print the published numbers they reproduce."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

EXPERIMENTS = Path(__file__).resolve().parents[1] / "experiments"


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, EXPERIMENTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_first_tournament_prints_the_ranking_and_saves_its_figure(tmp_path, capsys):
    assert load("axelrod_first_tournament").main(["--repetitions", "2", "--out",
                                                  str(tmp_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Tit For Tat" in out and "1980 rank" in out
    assert (tmp_path / "scores.png").exists() and (tmp_path / "results.npz").exists()


def test_evolution_of_cooperation_reproduces_the_thresholds(tmp_path, capsys):
    assert load("evolution_of_cooperation").main(["--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for payoffs, threshold in [((3, 0, 5, 1), 2 / 3), ((3, 0, 4, 1), 1 / 3), ((4, 0, 5, 1), 1 / 4)]:
        line = next(line for line in out.splitlines() if str(payoffs) in line)
        assert float(line.split("w* = ")[1].split()[0]) == pytest.approx(threshold, abs=1e-9)
    assert "at w = 0.6: Defector resisted, Alternator invades" in out
    assert "at w = 0.7: Defector resisted, Alternator resisted" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ecological_first_tournament.png", "invasion_diagram_w0.9.png",
        "simplex_stationary_w0.9.png",
    ]  # fmt: skip


# ---------------------------------------------------------------- spatial literature (issue 4)


def test_nowak_may_prints_the_regimes_and_the_kaleidoscope(tmp_path, capsys):
    assert load("nowak_may").main(["--size", "60", "--generations", "100", "--out",
                                   str(tmp_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "ratios: 9/8 8/7 7/6 6/5 5/4 9/7 4/3 7/5 3/2 8/5 5/3 7/4 9/5 2 9/4 7/3 5/2" in out
    assert "identical in every generation: True" in out
    for boundary in ("9/5", "2"):
        line = next(line for line in out.splitlines() if f"(across {boundary})" in line)
        assert line.split()[-1].isdigit()  # a first different generation exists
    chaotic = next(line for line in out.splitlines() if line.strip().startswith("9/5-2"))
    assert 0.2 < float(chaotic.split()[2]) < 0.45
    assert "eight-fold symmetric in all 200 generations: True" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "chaotic_share.png", "kaleidoscope.png", "share_vs_b.png",
    ]  # fmt: skip


def test_huberman_glance_asynchronous_updating_loses_co_operators(tmp_path, capsys):
    assert load("huberman_glance").main(["--size", "30", "--generations", "60", "--out",
                                         str(tmp_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0] in ("1.55", "1.85"):
            rows.setdefault(parts[0], []).append((float(parts[1]), float(parts[2])))
    assert all(asyn == 0.0 and sync > 0.2 for sync, asyn in rows["1.85"])
    assert all(asyn > 0.3 for _, asyn in rows["1.55"])
    assert (tmp_path / "synchronous_vs_asynchronous.png").exists()


def test_santos_pacheco_scale_free_beats_regular(tmp_path, capsys):
    assert load("santos_pacheco").main(["--nodes", "300", "--graphs", "2", "--generations",
                                        "300", "--out", str(tmp_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    for rule in ("fermi", "replicator"):
        line = next(line for line in out.splitlines() if f"b = 1.5, {rule}:" in line)
        ba = float(line.split(" BA ")[1].split()[0])
        regular = float(line.split(" regular ")[1].split()[0])
        assert ba > 0.5 > 0.1 > regular
    assert (tmp_path / "cooperation_vs_b.png").exists()


def test_ipd_lattice_reciprocators_win_with_a_long_shadow(tmp_path, capsys):
    assert load("ipd_lattice").main(["--size", "30", "--generations", "40", "--out",
                                     str(tmp_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    finals = [line for line in out.splitlines() if "after 40 generations" in line]
    assert finals[0].strip().endswith("reciprocators 1.000, ALLD 0.000")  # w = 0.9
    assert finals[1].strip().endswith("reciprocators 0.000, ALLD 1.000")  # w = 0.5
    assert (tmp_path / "ipd_lattice.png").exists()


# ---------------------------------------------------------------- rule-maker's lab (issue 5)


def study_module(name: str):
    """Load an experiment script as a module registered in ``sys.modules`` (its
    dataclasses need to find their module)."""
    import sys

    spec = importlib.util.spec_from_file_location(f"experiments_{name}", EXPERIMENTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_defection_fine_closed_form_equals_exact_and_simulated(tmp_path, capsys):
    study = study_module("defection_fine")
    res = study.run(["--quick", "--seed", "3", "--out", str(tmp_path)])
    assert res.figure == tmp_path / "defection_fine.png" and res.figure.stat().st_size > 0
    published = {0.5: 0.5, 0.6: 0.2, 0.7: 0.0}  # T + wS - (1 + w) R, clipped at 0
    assert sorted({(r.w, r.lever) for r in res.rows}) == sorted(
        (w, lever) for w in published for lever in study.LEVERS
    )
    for r in res.rows:
        assert r.closed == pytest.approx(published[r.w], abs=1e-12)
        assert r.closed_defector == 0.0  # w >= (T - R) / (T - P) = 1/2: ALLD needs no fine
        assert r.exact == pytest.approx(r.closed, abs=2e-4)
        assert r.replicator == pytest.approx(r.closed, abs=0.01)
        assert r.moran == pytest.approx(r.closed, abs=0.05)  # strong selection
        assert r.majority <= r.replicator + 1e-9  # coexistence with Alternator lowers it
    for lever in study.LEVERS:  # the curve: exact thresholds on the closed form
        closed = [study.closed(w, lever) for w in res.exact_w]
        assert res.exact_curve[lever] == pytest.approx(closed, abs=2e-4)
        c = res.curve[lever]
        assert all(
            b == max(d, a)
            for b, d, a in zip(c["both"], c["defector"], c["alternator"], strict=True)
        )
        assert c["both"][0] == pytest.approx(2.0, abs=0.05)  # T - R as w -> 0
    (weak, at_weak, _), (strong, at_strong, _) = res.drift[0], res.drift[-1]
    assert weak < strong and at_weak < at_strong  # drift lowers the finite-population fine
    out = capsys.readouterr().out
    assert "Finding: at w = 0.5/0.6/0.7 TFT needs a fine of 0.5/0.2/0 on defection" in out


def test_turnover_collapse_co_operation_falls_above_the_threshold(tmp_path, capsys):
    import numpy as np

    res = study_module("turnover_collapse").run(["--quick", "--seed", "2", "--out", str(tmp_path)])
    assert (tmp_path / "turnover_collapse.png").stat().st_size > 0
    ess = 1 - 0.5 / 0.98
    for model, found in res.thresholds.items():
        assert found.value is not None and 0.2 < found.value < ess, model
    assert res.thresholds["fermi"].method == "simulation"
    assert res.thresholds["replicator"].method == "deterministic"
    rep = res.thresholds["replicator"].value
    assert np.all(res.mean_field[res.taus < rep] == pytest.approx(1.0, abs=1e-6))
    assert np.all(res.mean_field[res.taus > rep + 0.01] < 0.01)
    for kind, data in res.curves.items():
        mean = data.mean(axis=0)
        tau = res.thresholds[kind].value
        assert np.all(mean[res.taus <= 0.2] > 0.9), kind
        assert np.all(mean[res.taus >= tau + 0.15] < 0.1), kind
    below, above = res.below_above["below"][1], res.below_above["above"][1]
    assert below[:, -1].mean() > 0.5 > above[:, -1].mean()
    assert "Finding: co-operation collapses from turnover" in capsys.readouterr().out


def test_listing_scheme_standing_beats_no_scheme_and_image(tmp_path, capsys):
    res = study_module("listing_scheme").run(["--quick", "--seed", "1", "--out", str(tmp_path)])
    assert (tmp_path / "listing_scheme.png").stat().st_size > 0
    final = res.final
    assert final["TFT", "no scheme"] < 0.1
    assert final["TFT", "bonus 0.75, standing"] > 0.9
    assert final["TFT", "2x encounters, standing"] > 0.9
    assert final["TFT", "bonus 0.75, standing"] > final["TFT", "bonus 0.75, image"]
    bonus = {
        rec: res.thresholds["TFT", "listing_bonus", rec].value for rec in ("image", "standing")
    }
    assert 0 < bonus["standing"] < bonus["image"] < 2
    assert 1 < res.thresholds["TFT", "listing_encounters", "standing"].value < 2.5
    d = "discriminating TFT"
    assert final[d, "record only: standing"] > 0.9  # justified defection keeps a good record
    assert final[d, "record only: image"] < 0.1  # image scoring unravels
    assert res.thresholds[d, "listing_bonus", "standing"].value == 0.0
    assert res.thresholds[d, "listing_bonus", "image"].value is None
    assert "Finding: 20% TFT die out without a scheme" in capsys.readouterr().out


def test_known_final_round_unravels_only_when_the_end_is_known(tmp_path, capsys):
    import numpy as np

    from coop_sim import play_match

    study = study_module("known_final_round")
    res = study.run(["--quick", "--out", str(tmp_path)])
    assert (tmp_path / "known_final_round.png").stat().st_size > 0
    unknown, known = res.tournaments[10, False], res.tournaments[10, True]
    assert study.cooperation(known) < study.cooperation(unknown)
    assert known.ids[known.ranking[0]] in study.END_AWARE
    assert unknown.ids[unknown.ranking[0]] not in study.END_AWARE
    alexei = "TFT + ALLD + 1% Alexei"
    assert res.evolution[alexei, True].final_shares["alexei"] > 0.9
    assert res.evolution[alexei, False].final_shares["alexei"] < 0.05
    both = "TFT + ALLD + 1% Alexei + 1% BackStabber"
    shares = res.evolution[both, True].final_shares
    assert shares["back_stabber"] > shares["alexei"]
    assert (
        res.evolution[both, True].final_cooperation < res.evolution[both, False].final_cooperation
    )
    length = res.chain_length
    assert res.invasion_margins == pytest.approx(np.full(length, 2 / length))  # (T - R) / L
    assert res.chain_matrix[0, 0] == pytest.approx(3.0)  # k = 0 is TFT
    m = res.mean_round["mutation"]
    assert m[0] > length and m[-1] < 1.1  # from TFT to always defect
    assert m[0] > m[len(m) // 4] > m[-1]
    assert res.mean_round["ecological"][-1] > m[-1] + 1
    plays = [play_match(study.end_game_tft(6, k), "cooperator", turns=6).move_strings()[0]
             for k in (0, 2, 6)]  # fmt: skip
    assert plays == ["CCCCCC", "CCCCDD", "DDDDDD"]
    assert "Finding: told the 10-round length" in capsys.readouterr().out
