"""Tests of coop_sim.sweep: the table, seeds, resuming after kill -9, back ends, validation."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import coop_sim
from coop_sim._seeding import purpose_key, seed_key
from coop_sim.design import DefectionFine, Dynamics, Noise, Scenario, Shadow
from coop_sim.design.evaluate import evaluate_replicates
from coop_sim.sweep import sweep

GRID = {"fine_on_defection": [0, 1.5, 3], "noise": [0.0, 0.05]}


def small(generations: int = 20, **dynamics) -> Scenario:
    """Two strategies, 12 players, a few generations: a cell takes ~20 ms."""
    return Scenario(
        {"tit_for_tat": 0.5, "defector": 0.5},
        population=12,
        interventions=[Shadow(continuation=0.9)],
        dynamics=Dynamics("moran", generations=generations, **dynamics),
    )


def cell_files(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "cells").glob("cell-*.parquet"))


def equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True, check_dtype=True)


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def child_env() -> dict:
    src = str(Path(coop_sim.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    return env


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# ----------------------------------------------------------------------------- the table


def test_table_columns_order_and_rows_reproduce_evaluate_replicates():
    scenario, reps = small(), 3
    df = sweep(scenario, GRID, replicates=reps, seed=7)
    first = evaluate_replicates(scenario, 1, seed=0)[0].row()
    assert list(df.columns) == [*GRID, "cell", "replicate", "seed", *first]
    assert len(df) == 6 * reps
    assert df["cell"].tolist() == [c for c in range(6) for _ in range(reps)]
    assert df["replicate"].tolist() == list(range(reps)) * 6
    # cartesian product in the grid's order, the last lever fastest; canonical (float) values
    cells = df.groupby("cell")[list(GRID)].first()
    assert cells.to_records(index=False).tolist() == [
        (0.0, 0.0), (0.0, 0.05), (1.5, 0.0), (1.5, 0.05), (3.0, 0.0), (3.0, 0.05)
    ]  # fmt: skip
    assert str(df["seed"].dtype) == "uint64" and str(df["cell"].dtype) == "int64"
    assert df["takeover"].dtype == bool and df["cooperation"].dtype == np.float64
    key = seed_key(7)[0]
    for cell in (1, 4):
        rows = df[df["cell"] == cell]
        params = {k: rows[k].iloc[0].item() for k in GRID}
        cell_seed = purpose_key(key, "sweep:" + json.dumps(params, sort_keys=True))
        assert (rows["seed"] == cell_seed).all()
        outcomes = evaluate_replicates(scenario.with_levers(**params), reps, seed=cell_seed)
        for r, outcome in enumerate(outcomes):
            assert rows.iloc[r][list(first)].to_dict() == outcome.row()
    assert df.attrs["seed"] == 7 and df.attrs["replicates"] == reps
    assert df.attrs["scenario"] == scenario.to_dict()


def test_same_seed_identical_other_seed_differs():
    scenario = small(generations=30, mutation=0.05)
    a = sweep(scenario, GRID, replicates=2, seed=1)
    equal(a, sweep(scenario, GRID, replicates=2, seed=1))
    b = sweep(scenario, GRID, replicates=2, seed=2)
    assert not a["mean_cooperation"].equals(b["mean_cooperation"])
    assert not a["seed"].equals(b["seed"])
    # seed=None draws entropy and records it: passing it back repeats the sweep
    c = sweep(scenario, GRID, replicates=2)
    equal(c, sweep(scenario, GRID, replicates=2, seed=c.attrs["seed"]))


def test_cell_seeds_do_not_depend_on_the_other_cells():
    scenario = small(generations=30, mutation=0.05)
    big = sweep(scenario, GRID, replicates=2, seed=3)
    # a sub-grid, values in another order, given as ints where the big grid had floats
    sub = sweep(scenario, {"fine_on_defection": [3, 0.0], "noise": [0.05]}, replicates=2, seed=3)
    assert sub["fine_on_defection"].tolist() == [3.0, 3.0, 0.0, 0.0]
    for _, row in sub.iterrows():
        match = big[
            (big["fine_on_defection"] == row["fine_on_defection"])
            & (big["noise"] == row["noise"])
            & (big["replicate"] == row["replicate"])
        ]
        assert len(match) == 1
        assert match.iloc[0].drop("cell").equals(row.drop("cell"))


def test_initial_share_lever_and_int_lever():
    scenario = small()
    df = sweep(scenario, {"initial:tit_for_tat": [0.25, 0.75], "generations": [5]}, seed=1)
    assert df["initial:tit_for_tat"].tolist() == [0.25, 0.75]
    assert str(df["generations"].dtype) == "int64"


def test_progress_bar_on_request_only(capsys):
    sweep(small(), {"noise": [0.0, 0.1]}, seed=1, progress=True)
    assert "2/2 cells" in capsys.readouterr().err
    sweep(small(), {"noise": [0.0, 0.1]}, seed=1, progress=False)
    assert capsys.readouterr().err == ""


# ----------------------------------------------------------------------------- on disk


def test_folder_layout_and_manifest(tmp_path):
    out = tmp_path / "run"
    df = sweep(small(), GRID, replicates=2, seed=5, out=out)
    assert sorted(os.listdir(out)) == ["cells", "results.csv", "results.parquet", "sweep.json"]
    assert cell_files(out) == [f"cell-{i:06d}.parquet" for i in range(6)]
    manifest = json.loads((out / "sweep.json").read_text())
    assert manifest["scenario"] == small().to_dict()
    assert manifest["grid"] == {"fine_on_defection": [0.0, 1.5, 3.0], "noise": [0.0, 0.05]}
    assert (manifest["replicates"], manifest["seed"]) == (2, 5)
    assert manifest["version"] == coop_sim.__version__
    equal(pd.read_parquet(out / "results.parquet"), df)
    equal(pd.read_parquet(out / "cells" / "cell-000004.parquet"), df[df["cell"] == 4]
          .reset_index(drop=True))  # fmt: skip
    csv = pd.read_csv(out / "results.csv")
    assert csv["seed"].astype("uint64").tolist() == df["seed"].tolist()
    np.testing.assert_array_equal(csv["mean_welfare"], df["mean_welfare"])


def test_seed_none_is_recorded_and_reused_on_resume(tmp_path):
    scenario = small(generations=30, mutation=0.05)
    a = sweep(scenario, GRID, out=tmp_path)
    recorded = json.loads((tmp_path / "sweep.json").read_text())["seed"]
    assert isinstance(recorded, int) and a.attrs["seed"] == recorded
    (tmp_path / "cells" / "cell-000002.parquet").unlink()
    equal(sweep(scenario, GRID, out=tmp_path), a)  # the same sweep continued
    equal(sweep(scenario, GRID, seed=recorded), a)


def test_resume_after_kill_9_equals_an_uninterrupted_run(tmp_path, monkeypatch):
    scenario = small(generations=100, mutation=0.05)
    grid = {"fine_on_defection": [0, 0.5, 1, 1.5, 2, 2.5], "noise": [0, 0.01, 0.02, 0.03,
            0.04, 0.05, 0.06, 0.07]}  # fmt: skip
    total, reps, out = 48, 3, tmp_path / "killed"
    code = (
        "import json, sys\n"
        "from coop_sim.design import Scenario\n"
        "from coop_sim.sweep import sweep\n"
        "sweep(Scenario.from_dict(json.loads(sys.argv[1])), json.loads(sys.argv[2]),\n"
        "      replicates=int(sys.argv[3]), seed=11, out=sys.argv[4])\n"
    )
    args = [json.dumps(scenario.to_dict()), json.dumps(grid), str(reps), str(out)]
    child = subprocess.Popen([sys.executable, "-c", code, *args], env=child_env())
    try:
        deadline = time.monotonic() + 180
        while not (out / "cells").is_dir() or not cell_files(out):
            assert child.poll() is None, "the sweep's process ended before writing a cell"
            assert time.monotonic() < deadline, "no cell file after 180 s"
            time.sleep(0.002)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    before = cell_files(out)
    assert 0 < len(before) < total, f"killed too late: {len(before)} of {total} cells"
    assert not (out / "results.parquet").exists()

    import coop_sim.sweep as module

    computed = []
    run_cell = module._run_cell

    def counting(*a, **k):
        computed.append(a[1])
        return run_cell(*a, **k)

    monkeypatch.setattr(module, "_run_cell", counting)
    assert (out / ".coop_sim-sweep.lock").read_text().split()[0] == str(child.pid)
    with pytest.warns(RuntimeWarning, match=rf"taking over the lock .* \(pid {child.pid}\)"):
        resumed = sweep(scenario, grid, replicates=reps, seed=11, out=out)
    assert not (out / ".coop_sim-sweep.lock").exists()
    assert len(computed) == total - len(before) < total
    assert cell_files(out) == [f"cell-{i:06d}.parquet" for i in range(total)]
    assert not [p for p in (out / "cells").iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(module, "_run_cell", run_cell)
    uninterrupted = sweep(scenario, grid, replicates=reps, seed=11, out=tmp_path / "whole")
    equal(resumed, uninterrupted)
    equal(pd.read_parquet(out / "results.parquet"), uninterrupted)


def test_ctrl_c_keeps_finished_cells_and_resume_completes(tmp_path, monkeypatch):
    import coop_sim.sweep as module

    scenario, run_cell, calls = small(), module._run_cell, []

    def interrupted(*a, **k):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return run_cell(*a, **k)

    monkeypatch.setattr(module, "_run_cell", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sweep(scenario, GRID, seed=4, out=tmp_path)
    assert cell_files(tmp_path) == ["cell-000000.parquet", "cell-000001.parquet"]
    assert not (tmp_path / ".coop_sim-sweep.lock").exists()  # released on the way out
    monkeypatch.setattr(module, "_run_cell", run_cell)
    equal(sweep(scenario, GRID, seed=4, out=tmp_path), sweep(scenario, GRID, seed=4))


def test_leftover_temp_and_unreadable_cell_files_are_recomputed(tmp_path):
    scenario = small()
    whole = sweep(scenario, GRID, seed=6, out=tmp_path)
    (tmp_path / "results.parquet").unlink()
    (tmp_path / "cells" / "cell-000003.parquet").write_bytes(b"not parquet")
    gone = dead_pid()
    leftover = f".coop_sim-cell-000005.parquet.{gone}-0a1b2c3d.tmp"
    (tmp_path / "cells" / leftover).write_bytes(b"half")
    (tmp_path / f".coop_sim-results.csv.{gone}-0a1b2c3d.tmp").write_bytes(b"half")
    with pytest.warns(RuntimeWarning, match="recomputing cell-000003"):
        again = sweep(scenario, GRID, seed=6, out=tmp_path)
    equal(again, whole)
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_only_this_modules_leftovers_are_deleted(tmp_path):
    """Users' .tmp files and the temporary files of live writers are never touched."""
    sweep(small(), GRID, seed=6, out=tmp_path)
    gone, alive = dead_pid(), os.getpid()
    keep = [
        tmp_path / ".notes.tmp",  # a user's own files, even with a dot and .tmp
        tmp_path / "cells" / ".draft.tmp",
        tmp_path / "cells" / ".cell-000001.parquet.123.abcd.tmp",
        tmp_path / f".coop_sim-heatmap.png.{alive}-0a1b2c3d.tmp",  # a live process's write
        tmp_path / "my results.txt",
    ]
    stale = [tmp_path / "cells" / f".coop_sim-cell-000002.parquet.{gone}-ffff0000.tmp",
             tmp_path / f".coop_sim-heatmap.png.{gone}-abcdefgh.tmp"]  # fmt: skip
    for path in keep + stale:
        path.write_text("mine")
    sweep(small(), GRID, seed=6, out=tmp_path)
    assert all(p.read_text() == "mine" for p in keep)
    assert not any(p.exists() for p in stale)


def test_a_folder_with_other_files_and_no_manifest_is_refused(tmp_path):
    busy = tmp_path / "busy"
    (busy / "cells").mkdir(parents=True)
    (busy / "notes.txt").write_text("mine")
    (busy / ".draft.tmp").write_text("mine")
    (busy / "cells" / ".draft.tmp").write_text("mine")
    before = tree(busy)
    message = rf"{re.escape(str(busy))}.*not empty and holds no sweep\.json.*notes\.txt"
    with pytest.raises(ValueError, match=message):
        sweep(small(), GRID, seed=1, out=busy)
    assert tree(busy) == before  # nothing written, nothing deleted, no lock left
    # a folder holding only what an interrupted start leaves (an empty cells/) is a new sweep
    started = tmp_path / "started"
    (started / "cells").mkdir(parents=True)
    (started / f".coop_sim-sweep.json.{dead_pid()}-0a1b2c3d.tmp").write_text("{")
    equal(sweep(small(), GRID, seed=1, out=started), sweep(small(), GRID, seed=1))
    assert sorted(os.listdir(started)) == ["cells", "results.csv", "results.parquet",
                                           "sweep.json"]  # fmt: skip


# ----------------------------------------------------------------------------- the lock


def test_a_second_sweep_on_a_running_sweeps_folder_is_refused(tmp_path):
    """A real concurrent sweep: the second one stops at the lock and deletes nothing."""
    scenario, out = small(), tmp_path / "shared"
    code = (
        "import json, sys, time\n"
        "import coop_sim.sweep as m\n"
        "from coop_sim.design import Scenario\n"
        "run_cell = m._run_cell\n"
        "m._run_cell = lambda *a: (time.sleep(0.5), run_cell(*a))[1]\n"
        "m.sweep(Scenario.from_dict(json.loads(sys.argv[1])), json.loads(sys.argv[2]),\n"
        "        seed=3, out=sys.argv[3])\n"
    )
    args = [json.dumps(scenario.to_dict()), json.dumps(GRID), str(out)]
    child = subprocess.Popen([sys.executable, "-c", code, *args], env=child_env())
    try:
        deadline = time.monotonic() + 120
        while not (out / "cells").is_dir() or not cell_files(out):
            assert child.poll() is None, "the first sweep ended before writing a cell"
            assert time.monotonic() < deadline, "no cell file after 120 s"
            time.sleep(0.01)
        live = out / "cells" / f".coop_sim-cell-000005.parquet.{child.pid}-0a1b2c3d.tmp"
        live.write_bytes(b"being written")  # as if the first sweep were writing it
        message = re.escape(f"another sweep is running in {out} (pid {child.pid})")
        with pytest.raises(RuntimeError, match=message):
            sweep(scenario, GRID, seed=3, out=out)
        assert live.exists()
        assert (out / ".coop_sim-sweep.lock").read_text().split()[0] == str(child.pid)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    assert len(cell_files(out)) < 6, "the first sweep finished before it was killed"
    with pytest.warns(RuntimeWarning, match=rf"taking over the lock.*pid {child.pid}"):
        resumed = sweep(scenario, GRID, seed=3, out=out)
    equal(resumed, sweep(scenario, GRID, seed=3))
    assert not live.exists()  # its writer is dead now: a leftover
    assert not (out / ".coop_sim-sweep.lock").exists()


def test_lock_file_live_stale_and_released(tmp_path):
    out = tmp_path / "s"
    out.mkdir()
    lock = out / ".coop_sim-sweep.lock"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock.write_text(f"{sleeper.pid} {socket.gethostname()}\n")
        with pytest.raises(RuntimeError, match=rf"another sweep .* \(pid {sleeper.pid}\)"):
            sweep(small(), GRID, seed=1, out=out)
        assert tree(out) == [".coop_sim-sweep.lock"]
    finally:
        sleeper.kill()
        sleeper.wait()
    lock.write_text(f"{dead_pid()} {socket.gethostname()}\n")
    with pytest.warns(RuntimeWarning, match="taking over the lock of a sweep that is no longer"):
        sweep(small(), {"noise": [0.0]}, seed=1, out=out)
    assert not lock.exists()
    with pytest.raises(ValueError, match="holds a different sweep"):  # released on errors too
        sweep(small(), {"noise": [0.1]}, seed=1, out=out)
    assert not lock.exists()
    lock.write_text("1 another-machine.example\n")  # another host: cannot tell, refused
    with pytest.raises(RuntimeError, match=r"pid 1 on another-machine\.example"):
        sweep(small(), {"noise": [0.0]}, seed=1, out=out)
    lock.write_text("garbage")
    with pytest.raises(RuntimeError, match="not a lock file coop_sim can read"):
        sweep(small(), {"noise": [0.0]}, seed=1, out=out)


# ----------------------------------------------------------------------------- back ends


def test_processes_backend_equals_serial(tmp_path):
    scenario = small(generations=30, mutation=0.05)
    serial = sweep(scenario, GRID, replicates=2, seed=9)
    out = tmp_path / "processes"
    parallel = sweep(scenario, GRID, replicates=2, seed=9, backend="processes", workers=2,
                     out=out)  # fmt: skip
    equal(parallel, serial)
    assert len(cell_files(out)) == 6


def children(pid: int) -> set[int]:
    """The pids of a process's children (Linux: /proc/<pid>/task/*/children)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def running(pid: int) -> bool:
    """Is ``pid`` a live process (not gone, not a zombie waiting for a reaper)?"""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_process_workers_exit_when_the_sweep_is_killed(tmp_path):
    """kill -9 of the sweep's process: its spawn workers (and the resource tracker) do not
    live on as orphans; they notice the parent is gone and exit within a few seconds."""
    out = tmp_path / "orphans"
    code = (
        "import json, sys\n"
        "from coop_sim.design import Scenario\n"
        "from coop_sim.sweep import sweep\n"
        "sweep(Scenario.from_dict(json.loads(sys.argv[1])), {'noise': [i / 200 for i in "
        "range(60)]}, replicates=3, seed=1, out=sys.argv[2], backend='processes', workers=2)\n"
    )
    scenario = small(generations=400, mutation=0.05)
    child = subprocess.Popen([sys.executable, "-c", code, json.dumps(scenario.to_dict()),
                              str(out)], env=child_env())  # fmt: skip
    try:
        deadline = time.monotonic() + 180
        while not (out / "cells").is_dir() or not cell_files(out):
            assert child.poll() is None, "the sweep's process ended before writing a cell"
            assert time.monotonic() < deadline, "no cell file after 180 s"
            time.sleep(0.01)
        workers = children(child.pid)
        assert len(workers) >= 2  # two workers (and the resource tracker)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert not (out / "results.parquet").exists()  # killed mid-sweep
    deadline = time.monotonic() + 10
    while [pid for pid in workers if running(pid)] and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if running(pid)]
    for pid in left:  # do not leak them into the rest of the test run
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"orphaned worker processes {left} still run 10 s after kill -9"


def test_dask_local_cluster_equals_serial():
    pytest.importorskip("dask.distributed")
    scenario = small(generations=30, mutation=0.05)
    serial = sweep(scenario, GRID, replicates=2, seed=9)
    equal(sweep(scenario, GRID, replicates=2, seed=9, backend="dask", workers=2), serial)


def test_dask_missing_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(ImportError, match=r"coop_sim\[distributed\]"):
        sweep(small(), GRID, backend="dask", out=tmp_path / "x")
    assert not (tmp_path / "x").exists()


# ----------------------------------------------------------------------------- errors


def test_a_bad_or_unreachable_scheduler_address_writes_nothing(tmp_path, monkeypatch):
    pytest.importorskip("dask.distributed")
    import coop_sim.sweep as module

    out = tmp_path / "never"
    for address in ("notanaddress", "tcp://10.0.0.5", "tcp://host:99999", "http://h:1"):
        with pytest.raises(ValueError, match=r"address must be a Dask scheduler address of the "
                           r"form tcp://host:port .*got " + re.escape(repr(address))):  # fmt: skip
            sweep(small(), GRID, backend="dask", address=address, out=out)
    with socket.socket() as free:  # a port nobody listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setattr(module, "CONNECT_TIMEOUT", 1.0)
    started = time.monotonic()
    with pytest.raises(OSError, match=rf"cannot connect to the Dask scheduler at address "
                       rf"'tcp://127.0.0.1:{port}' within 1 s.*nothing was written"):  # fmt: skip
        sweep(small(), GRID, backend="dask", address=f"tcp://127.0.0.1:{port}", out=out)
    assert time.monotonic() - started < 15
    assert not out.exists()  # connected (or not) before the folder was touched
    assert module.check_address("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert module.check_address("scheduler-1.local:8786") == "scheduler-1.local:8786"


def test_a_renamed_scenario_resumes_its_sweep(tmp_path):
    """The scenario's name (a label) is not part of what makes two sweeps the same."""
    from dataclasses import replace

    scenario = small()
    first = sweep(replace(scenario, name="first name"), GRID, seed=3, out=tmp_path)
    (tmp_path / "cells" / "cell-000004.parquet").unlink()
    again = sweep(replace(scenario, name="renamed"), GRID, seed=3, out=tmp_path)
    assert cell_files(tmp_path) == [f"cell-{i:06d}.parquet" for i in range(6)]
    equal(again, first)
    assert module_key({"name": "a", "takeover": 0.9}) == module_key({"name": "b",
                                                                     "takeover": 0.9})  # fmt: skip
    assert module_key({"description": "x", "takeover": 0.9}) == module_key({"takeover": 0.9})


def module_key(data):
    from coop_sim.sweep import _scenario_key

    return _scenario_key(data)


def test_folder_holding_another_sweep_is_refused(tmp_path):
    scenario = small().apply(Noise(0.01))
    sweep(scenario, {"fine_on_defection": [0, 1]}, seed=1, out=tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    cases = [
        ({"replicates": 2}, r"replicates: 1 in the folder, 2 here"),
        ({"seed": 2}, r"seed: 1 in the folder, 2 here"),
        ({"grid": {"fine_on_defection": [0, 2]}}, r"grid.fine_on_defection\[1\]: 1.0 .*2.0"),
        ({"grid": {"noise": [0, 0.1]}}, r"grid.fine_on_defection: .* absent here"),
        ({"scenario": scenario.apply(Noise(0.02))}, r"scenario.interventions.noise.rate: 0.01"),
        ({"scenario": scenario.apply(DefectionFine(0.5))},
         r"scenario.interventions.fine_on_defection: absent in the folder"),
    ]  # fmt: skip
    for change, message in cases:
        call = {"scenario": scenario, "grid": {"fine_on_defection": [0, 1]}, "seed": 1,
                "replicates": 1, **change}  # fmt: skip
        with pytest.raises(ValueError, match="holds a different sweep.*" + message):
            sweep(call.pop("scenario"), call.pop("grid"), out=tmp_path, **call)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    # the order of the interventions means nothing: the same sweep, resumed
    same = Scenario(scenario.to_dict()["strategies"], population=12,
                    interventions=[Noise(0.01), Shadow(continuation=0.9)],
                    dynamics=scenario.dynamics)  # fmt: skip
    assert same.interventions != scenario.interventions
    sweep(same, {"fine_on_defection": [0, 1]}, seed=1, out=tmp_path)


@pytest.mark.parametrize(
    ("grid", "error", "message"),
    [
        ({"fine_on_defection": [0, 1], "speed": [1]}, ValueError, r"lever must be one of"),
        ({"turnovr": [0.1]}, ValueError, r"lever must be one of.*did you mean 'turnover'\?$"),
        ({"fine_on_defection": [0, -1]}, ValueError, r"fine_on_defection must be .*>= 0.*-1"),
        ({"noise": [0.1, 0.7]}, ValueError, r"noise must be .*0.5.*0.7"),
        ({"continuation": [0.5, 1.0]}, ValueError, r"continuation must be"),
        ({"turns": [10, 2.5]}, TypeError, r"turns must be an int, got 2.5"),
        ({"noise": []}, ValueError, r"lever 'noise' has no values"),
        ({"noise": 0.1}, TypeError, r"values of lever 'noise' must be a list"),
        ({"noise": [0.1, 0.1]}, ValueError, r"value 0.1 more than once"),
        ({"initial:cooperator": [0.5]}, ValueError, r"names no strategy"),
        ({"known_end": [False, True]}, ValueError, r"grid cell known_end=True: known_end"),
        ({}, ValueError, r"at least one lever"),
    ],
)
def test_invalid_grid_fails_before_writing_anything(tmp_path, grid, error, message):
    out = tmp_path / "never"
    with pytest.raises(error, match=message):
        sweep(small(), grid, out=out)
    assert not out.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(error, match=message):
        sweep(small(), grid, out=empty)
    assert list(empty.iterdir()) == []


def test_bad_arguments(tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(ValueError, match="out must be a folder"):
        sweep(small(), GRID, out=a_file)
    with pytest.raises(ValueError, match=r"serial, processes, dask.*'threads'"):
        sweep(small(), GRID, backend="threads")
    with pytest.raises(ValueError, match="address is used by backend 'dask' only"):
        sweep(small(), GRID, address="tcp://127.0.0.1:8786")
    with pytest.raises(TypeError, match="resumable"):
        sweep(small(), GRID, seed=np.random.default_rng(1), out=tmp_path / "g")
    with pytest.raises(ValueError, match="replicates must be an int >= 1"):
        sweep(small(), GRID, replicates=0)
    with pytest.raises(TypeError, match="scenario must be a Scenario"):
        sweep(small().to_dict(), GRID)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
