"""Performance benchmarks of coop_sim, side by side with Axelrod-Python where it is installed.

Run from the repository root::

    python benchmarks/bench_tournament.py            # default mode (~10 minutes on 2 cores)
    python benchmarks/bench_tournament.py --quick    # smoke test, < 1 minute, no Axelrod
    python benchmarks/bench_tournament.py --full     # default + the N=400 x 2,000-turn runs
                                                     # and a measured 400 x 100 memory peak

Everything runs in one process except the measurements that need a fresh interpreter
(import time, cold compilation, peak memory).  Times are wall-clock ``time.perf_counter``;
short calls take the best of 3.  See ``benchmarks/README.md`` for what each line means.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np

SRC = Path(__file__).resolve().parents[1] / "src"
try:  # run from a checkout without installing
    import coop_sim
except ImportError:  # pragma: no cover - depends on the environment
    sys.path.insert(0, str(SRC))
    import coop_sim

from coop_sim import FSM, MemoryOne, run_tournament  # noqa: E402
from coop_sim.strategies import strategy_set  # noqa: E402
from coop_sim.tournament import estimate_memory  # noqa: E402

SEED = 2026
_NUMBER = re.compile(r"[-+]?[0-9][0-9.,e+-]*x?|-")
GIB = 1024**3


# --------------------------------------------------------------------------- small tools


@dataclass
class Mode:
    """Sizes of one benchmark mode."""

    name: str
    sizes: tuple[int, ...]
    turns: tuple[int, ...]
    target_seconds: float  # aim of each kernel run (repetitions are chosen for it)
    max_predicted_seconds: float  # skip a kernel run predicted to take longer
    max_reps: int
    thread_n: int
    exact_n: int
    import_runs: int
    axelrod: bool
    cold_compile: bool
    memory_run: bool


_DEFAULT = {
    "sizes": (10, 100, 400),
    "turns": (200, 2000),
    "max_reps": 1000,
    "thread_n": 100,
    "exact_n": 1000,
    "import_runs": 5,
    "axelrod": True,
    "cold_compile": True,
}
MODES = {
    "quick": Mode(
        "quick",
        sizes=(10, 50),
        turns=(200,),
        target_seconds=0.05,
        max_predicted_seconds=5.0,
        max_reps=200,
        thread_n=40,
        exact_n=100,
        import_runs=3,
        axelrod=False,
        cold_compile=False,
        memory_run=False,
    ),
    "default": Mode(
        "default", target_seconds=1.0, max_predicted_seconds=25.0, memory_run=False, **_DEFAULT
    ),
    "full": Mode(
        "full", target_seconds=1.5, max_predicted_seconds=1e9, memory_run=True, **_DEFAULT
    ),
}


@dataclass
class Verdicts:
    """Targets and whether they were met, printed at the end."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, what: str, measured: str, target: str, ok: bool | None) -> None:
        verdict = "n/a" if ok is None else ("PASS" if ok else "FAIL")
        self.rows.append((what, measured, target, verdict))


@dataclass(frozen=True, order=True)
class Timing:
    """Wall-clock seconds (``time.perf_counter``) and CPU seconds of this process.

    ``cpu / wall`` is the share of cores the call really got: about 1 for a one-thread call
    on an idle machine, less when other processes compete for the cores.
    """

    wall: float
    cpu: float

    @property
    def share(self) -> float:
        return self.cpu / self.wall if self.wall > 0 else float("nan")


def timed(call: Callable[[], object]) -> tuple[Timing, object]:
    """Time one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu), result


def best_of(call: Callable[[], object], repeat: int = 3) -> tuple[Timing, object]:
    """The timing of the fastest (wall-clock) of ``repeat`` calls, and the last result."""
    runs = [timed(call) for _ in range(repeat)]
    return min(t for t, _ in runs), runs[-1][1]


def measure(call: Callable[[], object]) -> tuple[Timing, object]:
    """Best of 3 if one call takes under a second, else that one call."""
    first, result = timed(call)
    if first.wall >= 1.0:
        return first, result
    again, result = best_of(call, 2)
    return min(first, again), result


def load() -> str:
    """The 1, 5 and 15 minute load averages (other processes competing for the cores)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_suite(
    description: str, quick_help: str, peer: str, benches, argv: Sequence[str] | None
) -> int:
    """The ``main`` of a benchmark script: machine, each ``bench(quick, verdicts)``, summary."""
    import argparse
    import time
    from types import SimpleNamespace

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help=quick_help)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print_machine(SimpleNamespace(name="quick" if args.quick else "default"))
    print(f"{peer}: {version_of(peer)}")
    verdicts = Verdicts()
    for bench in benches:
        bench(args.quick, verdicts)
    print_table("summary", ("target", "measured", "target value", "verdict"), verdicts.rows)
    print(f"\ntotal {time.perf_counter() - started:.0f} s; load average at the end: {load()}")
    return 0


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a plain-text table; columns of numbers are right-aligned, text left-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[k]) for r in cells) for k in range(len(headers))]
    numeric = [all(_NUMBER.fullmatch(r[k]) for r in cells[1:]) for k in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [
            c.rjust(w) if right else c.ljust(w)
            for c, w, right in zip(row, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    print(f"\n== {title}")
    print(line(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(line(row))
    sys.stdout.flush()


def rate(x: float) -> str:
    """A rate in scientific notation, e.g. 3.1e+06."""
    return f"{x:.2e}"


def pairs(n: int) -> int:
    """Matches of a round robin with self-play."""
    return n * (n + 1) // 2


def child_env(cache_dir: str | None = None) -> dict[str, str]:
    """Environment for a fresh interpreter that can import this checkout's coop_sim."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH", "")]))
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    return env


def run_child(code: str, env: dict[str, str], timeout: float = 900) -> str:
    """Run ``python -c code`` and return its last stdout line."""
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


# --------------------------------------------------------------------------- machine


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def print_machine(mode: Mode) -> None:
    import numba

    rows = [
        ("date", datetime.datetime.now().astimezone().isoformat(timespec="seconds")),
        ("mode", mode.name),
        ("nproc", f"{os.cpu_count()} (usable: {len(os.sched_getaffinity(0))})"),
        ("cpu", cpu_model()),
        ("python", platform.python_version()),
        ("numpy", np.__version__),
        ("numba", f"{numba.__version__} (NUMBA_NUM_THREADS={numba.config.NUMBA_NUM_THREADS})"),
        ("axelrod", version_of("axelrod")),
        ("coop_sim", coop_sim.__version__),
        ("load average", load()),
    ]
    print_table("machine", ("item", "value"), rows)


# --------------------------------------------------------------------------- strategies


def random_specs(kind: str, n: int, rng: np.random.Generator) -> list:
    """``n`` random specs: 'det_m1', 'stoch_m1' or 'fsm' (deterministic, 8 states)."""
    if kind == "det_m1":
        return [
            MemoryOne(*map(float, rng.integers(0, 2, 4)), first=float(rng.integers(0, 2)))
            for _ in range(n)
        ]
    if kind == "stoch_m1":
        return [
            MemoryOne(
                *np.clip(rng.random(5), 1e-6, 1 - 1e-6)[:4],
                first=float(np.clip(rng.random(), 1e-6, 1 - 1e-6)),
            )
            for _ in range(n)
        ]
    if kind == "fsm":
        return [random_fsm(8, rng) for _ in range(n)]
    raise ValueError(kind)


def random_fsm(states: int, rng: np.random.Generator) -> FSM:
    rows = [
        (s, o, int(rng.integers(states)), "CD"[int(rng.integers(2))])
        for s in range(states)
        for o in "CD"
    ]
    return FSM(rows, initial_state=0, initial_action="CD"[int(rng.integers(2))])


# --------------------------------------------------------------------------- 1. basic


def tournament_call(specs, turns, reps, noise=0.0, threads=1):
    """A zero-argument call of run_tournament with the benchmark's fixed settings."""
    return lambda: run_tournament(
        specs,
        turns=turns,
        repetitions=reps,
        noise=noise,
        threads=threads,
        seed=SEED,
        progress=False,
    )


def cold_compile_seconds() -> float:
    """First basic-tournament call in a fresh interpreter with an empty numba cache."""
    code = (
        "import time, coop_sim\n"
        "ids = coop_sim.strategies.strategy_set('basic')\n"
        "t = time.perf_counter()\n"
        "coop_sim.run_tournament(ids, turns=200, repetitions=10, threads=1, seed=1, "
        "progress=False)\n"
        "print(time.perf_counter() - t)\n"
    )
    with tempfile.TemporaryDirectory(prefix="coop_sim_bench_cache_") as cache:
        return float(run_child(code, child_env(cache)))


def axelrod_basic(turns: int, reps: int) -> tuple[Timing, int] | None:
    """Best-of-3 timing and matches of Axelrod's serial basic tournament (after a warm-up)."""
    try:
        import axelrod as axl
    except ImportError:
        return None

    def call():
        tournament = axl.Tournament(
            [s() for s in axl.basic_strategies], turns=turns, repetitions=reps
        )
        tournament.play(progress_bar=False, processes=None)
        return len(tournament.match_generator)

    call()  # warm-up (imports, file system)
    return best_of(call, 3)


def basic_row(library: str, players: int, matches: int, rounds: int, t: Timing) -> tuple:
    return (library, players, matches, f"{t.wall:.4f}", rate(rounds / t.wall), f"{t.cpu:.4f}",
            f"{t.share:.2f}")  # fmt: skip


def bench_basic(mode: Mode, verdicts: Verdicts) -> None:
    turns, reps = 200, 10
    ids = strategy_set("basic")
    call = tournament_call(ids, turns, reps)
    first, _ = timed(call)
    mine, _ = best_of(call, 5)
    n_rounds = pairs(len(ids)) * reps * turns
    measured = axelrod_basic(turns, reps) if mode.axelrod else None
    mine = min(mine, best_of(call, 5)[0])  # again, next to Axelrod's run in time
    rows = [basic_row("coop_sim (threads=1)", len(ids), pairs(len(ids)) * reps, n_rounds, mine)]
    if measured is not None:
        theirs, ax_pairs = measured
        ax_rounds = ax_pairs * reps * turns
        rows.append(basic_row("axelrod (serial)", len(ids), ax_pairs * reps, ax_rounds, theirs))
    print_table(
        f"1. basic tournament: run_tournament, {turns} turns x {reps} repetitions, serial, "
        "after compilation (best of 10 / 3)",
        ("library", "players", "matches", "wall s", "rounds/s", "cpu s", "cpu share"),
        rows,
    )
    print(f"first call in this process (numba cache on disk as found): {first.wall:.2f} s")
    if mode.cold_compile:
        print(
            f"cold compile (fresh interpreter, empty numba cache): {cold_compile_seconds():.1f} s"
        )
    print(
        "note: every basic strategy is deterministic, so with noise=0 coop_sim plays each pair "
        "once and reads the 10 repetitions off that history; Axelrod's Match likewise replays "
        "deterministic matches from its cache. Both are measured as users call them."
    )
    if measured is None:
        print("axelrod not measured (quick mode or not importable)")
        verdicts.add("1. basic tournament speed-up", "not measured", ">= 2000x", None)
        return
    ratio = (n_rounds / mine.wall) / (ax_rounds / theirs.wall)
    cpu_ratio = (n_rounds / mine.cpu) / (ax_rounds / theirs.cpu)
    print(f"speed-up coop_sim / axelrod: {ratio:,.0f}x wall-clock, {cpu_ratio:,.0f}x cpu time")
    verdicts.add(
        "1. basic tournament speed-up",
        f"{ratio:,.0f}x wall ({cpu_ratio:,.0f}x cpu)",
        ">= 2000x",
        ratio >= 2000,
    )


# --------------------------------------------------------------------------- 2. kernel


KINDS = (  # (label, spec kind, noise, target rounds/s, is the target figure)
    ("det memory-one, noise=0", "det_m1", 0.0, 5e8),
    ("det memory-one, noise=0.01", "det_m1", 0.01, 5e8),
    ("stoch memory-one, noise=0", "stoch_m1", 0.0, 2e8),
    ("FSM 8 states, noise=0", "fsm", 0.0, 5e8),
    ("FSM 8 states, noise=0.01", "fsm", 0.01, 5e8),
)


@dataclass
class KernelRun:
    label: str
    n: int
    turns: int
    reps: int
    timing: Timing | None  # None: skipped
    credited: float  # pairs x reps x turns
    simulated: float  # rounds actually played
    target: float
    note: str = ""

    @property
    def seconds(self) -> float | None:
        return None if self.timing is None else self.timing.wall

    @property
    def rate(self) -> float:
        return self.credited / self.timing.wall

    @property
    def cpu_rate(self) -> float:
        return self.credited / self.timing.cpu


def choose_reps(call_for: Callable[[int], Callable], mode: Mode) -> tuple[int, Timing]:
    """Repetitions so that a run takes about ``mode.target_seconds``; also the 1-rep timing."""
    one, _ = timed(call_for(1))
    per_rep = one.wall
    while True:
        reps = int(min(mode.max_reps, max(1, mode.target_seconds / max(per_rep, 1e-9))))
        if reps == 1 or reps == mode.max_reps:
            return reps, one
        probe, _ = timed(call_for(reps))
        if probe.wall >= 0.5 * mode.target_seconds:
            return reps, one
        per_rep = probe.wall / reps


def kernel_run(label, kind, noise, target, specs, turns, mode, reps_hint, predicted):
    n = len(specs)
    deterministic_shortcut = kind != "stoch_m1" and noise == 0.0

    def call_for(reps: int) -> Callable:
        return tournament_call(specs, turns, reps, noise=noise)

    if predicted is not None and predicted > mode.max_predicted_seconds:
        cap = mode.max_predicted_seconds
        note = f"skipped: predicted {predicted:.0f} s > {cap:.0f} s cap (run --full)"
        return KernelRun(label, n, turns, 1, None, 0.0, 0.0, target, note)
    if reps_hint is None:
        reps, one = choose_reps(call_for, mode)
        timing = one if reps == 1 and one.wall >= 1.0 else measure(call_for(reps))[0]
    else:
        reps = reps_hint
        timing, _ = measure(call_for(reps))
    credited = pairs(n) * reps * turns
    simulated = pairs(n) * turns if deterministic_shortcut else credited
    note = "shortcut: each pair simulated once" if deterministic_shortcut else ""
    return KernelRun(label, n, turns, reps, timing, credited, simulated, target, note)


def predict_seconds(runs: list[KernelRun], label: str, n: int, turns: int) -> float | None:
    """Time of an (n, turns) run at 1 repetition from the largest measured run of that label."""
    done = [r for r in runs if r.label == label and r.timing]
    if not done:
        return None
    ref = max(done, key=lambda r: r.simulated)
    per_round = ref.seconds / ref.simulated
    return per_round * pairs(n) * turns


def bench_kernel(mode: Mode, verdicts: Verdicts) -> None:
    rng = np.random.default_rng(SEED)
    specs = {
        (kind, n): random_specs(kind, n, rng)
        for kind in ("det_m1", "stoch_m1", "fsm")
        for n in mode.sizes
    }
    runs: list[KernelRun] = []
    # noisy deterministic runs first: their repetitions are reused for the noiseless ones, so
    # the shortcut is credited with a repetition count chosen for real simulation
    order = (KINDS[1], KINDS[0], KINDS[2], KINDS[4], KINDS[3])
    for label, kind, noise, target in order:
        for n in mode.sizes:
            for turns in mode.turns:
                hint = None
                predicted = predict_seconds(runs, label, n, turns)
                if kind != "stoch_m1" and noise == 0.0:
                    twin = next(
                        r
                        for r in runs
                        if r.label == label.replace("=0", "=0.01") and r.n == n and r.turns == turns
                    )
                    hint = twin.reps
                    predicted = None if twin.timing else float("inf")
                runs.append(
                    kernel_run(
                        label, kind, noise, target, specs[kind, n], turns, mode, hint, predicted
                    )
                )
    runs.sort(key=lambda r: ([k[0] for k in KINDS].index(r.label), r.n, r.turns))
    rows = []
    for r in runs:
        if r.timing is None:
            rows.append((r.label, r.n, r.turns, "-", "-", "-", "-", "-", "-", "-", r.note))
            continue
        ok = "PASS" if r.rate >= r.target else "FAIL"
        rows.append(
            (
                r.label,
                r.n,
                r.turns,
                r.reps,
                f"{r.timing.wall:.3f}",
                rate(r.rate),
                rate(r.simulated / r.timing.wall),
                f"{r.timing.share:.2f}",
                rate(r.cpu_rate),
                f"{rate(r.target)} {ok}",
                r.note,
            )
        )
    print_table(
        "2. throughput per core (run_tournament, threads=1, whole call incl. Python work); "
        "rounds/s = pairs x reps x turns / wall s; simulated/s counts rounds really played; "
        "cpu share = cpu s / wall s; rounds/cpu-s = pairs x reps x turns / cpu s",
        (
            "kind", "N", "turns", "reps", "wall s", "rounds/s", "simulated/s", "cpu share",
            "rounds/cpu-s", "target (wall)", "note",
        ),
        rows,
    )  # fmt: skip
    print(f"load average after section 2: {load()}")
    for label, _, _, target in KINDS:
        mine = [r for r in runs if r.label == label and r.timing]
        if not mine:
            verdicts.add(f"2. {label}", "not measured", f">= {rate(target)}", None)
            continue
        walls = [r.rate for r in mine]
        cpus = [r.cpu_rate for r in mine]
        passed = sum(x >= target for x in walls)
        what = f"2. {label}" + (" (separate noisy line)" if "0.01" in label else "")
        measured = (
            f"wall {rate(min(walls))}..{rate(max(walls))} ({passed}/{len(walls)} pass); "
            f"cpu {rate(min(cpus))}..{rate(max(cpus))} "
            f"({sum(x >= target for x in cpus)}/{len(cpus)})"
        )
        verdicts.add(what, measured, f">= {rate(target)} rounds/s", passed == len(walls))


# --------------------------------------------------------------------------- 3. threads


def bench_threads(mode: Mode, verdicts: Verdicts) -> None:
    rng = np.random.default_rng(SEED + 3)
    specs = random_specs("stoch_m1", mode.thread_n, rng)
    turns = 200
    reps, _ = choose_reps(lambda r: tournament_call(specs, turns, r, threads=1), mode)
    results, rows, timings = {}, [], {}
    before = load()
    for threads in (1, 2):
        t, res = best_of(tournament_call(specs, turns, reps, threads=threads), 3)
        timings[threads], results[threads] = t, res
        rounds = pairs(mode.thread_n) * reps * turns
        rows.append(
            (threads, mode.thread_n, turns, reps, f"{t.wall:.3f}", rate(rounds / t.wall),
             f"{t.cpu:.3f}", f"{t.share:.2f}")
        )  # fmt: skip
    speedup = timings[1].wall / timings[2].wall
    identical = results[1] == results[2]
    print_table(
        "3. thread scaling: stochastic memory-one, best of 3 "
        "(cpu share: cores the call really got; 2.00 is the most two threads can get)",
        ("threads", "N", "turns", "reps", "wall s", "rounds/s", "cpu s", "cpu share"),
        rows,
    )
    print(f"speed-up 2 threads / 1 thread: {speedup:.2f}x; results identical (==): {identical}")
    inflation = timings[2].cpu / timings[1].cpu
    print(
        f"cpu s with 2 threads / cpu s with 1: {inflation:.2f} (extra work of the parallel run); "
        f"on idle cores the speed-up could reach about {2 / inflation:.2f}x"
    )
    print(f"load average before / after: {before} / {load()}")
    print(f"numba threading layer: {numba_threading_layer()}")
    verdicts.add("3. 2-thread speed-up", f"{speedup:.2f}x", ">= 1.7x", speedup >= 1.7)
    verdicts.add("3. 1- and 2-thread results identical", str(identical), "True", identical)


def numba_threading_layer() -> str:
    import numba

    try:
        return numba.threading_layer()
    except ValueError:  # not initialised: no parallel kernel ran
        return "not initialised"


# --------------------------------------------------------------------------- 4. exact


def bench_exact(mode: Mode, verdicts: Verdicts) -> None:
    rng = np.random.default_rng(SEED + 4)
    specs = random_specs("stoch_m1", mode.exact_n, rng)
    variants = (
        ("discounted (turns=None, continuation=0.99)", {"turns": None, "continuation": 0.99}),
        ("stationary (turns=None, continuation=None)", {"turns": None, "continuation": None}),
        ("both (turns=200, continuation=0.99)", {"turns": 200, "continuation": 0.99}),
    )
    rows = []
    for label, kwargs in variants:

        def call(kwargs=kwargs):
            return run_tournament(specs, method="exact", noise=0.01, progress=False, **kwargs)

        run_tournament(specs[:3], method="exact", noise=0.01, progress=False, **kwargs)  # compile
        seconds = measure(call)[0].wall
        rows.append(
            (
                label,
                mode.exact_n,
                pairs(mode.exact_n),
                f"{seconds:.3f}",
                rate(pairs(mode.exact_n) / seconds),
            )
        )
        verdicts.add(
            f"4. exact {mode.exact_n}: {label}", f"{seconds:.3f} s", "< 0.2 s", seconds < 0.2
        )
    print_table(
        "4. exact pay-off matrix, stochastic memory-one, noise=0.01, after compilation",
        ("variant", "N", "pairs", "seconds", "pairs/s"),
        rows,
    )


# --------------------------------------------------------------------------- 5. import


def import_seconds(module: str) -> float:
    code = f"import time\nt = time.perf_counter()\nimport {module}\nprint(time.perf_counter() - t)"
    return float(run_child(code, child_env()))


def bench_import(mode: Mode, verdicts: Verdicts) -> None:
    times = [import_seconds("coop_sim") for _ in range(mode.import_runs)]
    rows = [
        (
            "coop_sim",
            len(times),
            f"{statistics.median(times):.3f}",
            f"{min(times):.3f}..{max(times):.3f}",
        )
    ]
    if mode.axelrod and version_of("axelrod") != "not installed":
        ax = import_seconds("axelrod")  # ~15 s or more: once
        rows.append(("axelrod (reference)", 1, f"{ax:.3f}", f"{ax:.3f}"))
    print_table(
        "5. import time in a fresh interpreter", ("module", "runs", "median s", "range"), rows
    )
    median = statistics.median(times)
    verdicts.add("5. import coop_sim", f"{median:.3f} s", "< 1 s", median < 1.0)


# --------------------------------------------------------------------------- 6. memory


MEMORY_CHILD = """
import resource, time
import numpy as np
import coop_sim
rng = np.random.default_rng({seed})
specs = [coop_sim.MemoryOne(*map(float, rng.integers(0, 2, 4)), first=1.0) for _ in range({n})]
coop_sim.run_tournament(specs[:3], turns=10, repetitions=2, seed=1, progress=False)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
coop_sim.run_tournament(specs, turns=200, repetitions={reps}, seed=1, progress=False)
t = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(base * 1024, peak * 1024, t)
"""


def bench_memory(mode: Mode, verdicts: Verdicts) -> None:
    n, reps = 400, 100
    estimate = estimate_memory(n, reps)
    rows = [("estimate_memory(400, 100)", f"{estimate / GIB:.3f}", "-")]
    peak = None
    if mode.memory_run:
        code = MEMORY_CHILD.format(seed=SEED, n=n, reps=reps)
        base, peak, seconds = (float(x) for x in run_child(code, child_env()).split())
        rows.append(("measured max RSS, whole process", f"{peak / GIB:.3f}", f"{seconds:.1f}"))
        rows.append(("  of which before the run (import, compile)", f"{base / GIB:.3f}", "-"))
    print_table(
        "6. peak memory: 400 deterministic memory-one strategies x 100 repetitions, 200 turns",
        ("what", "GiB", "run s"),
        rows,
    )
    verdicts.add(
        "6. memory estimate 400 x 100", f"{estimate / GIB:.3f} GiB", "< 1 GiB", estimate < GIB
    )
    if peak is not None:
        verdicts.add(
            "6. measured peak RSS 400 x 100", f"{peak / GIB:.3f} GiB", "< 1 GiB", peak < GIB
        )


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="reduced smoke test, < 1 minute")
    group.add_argument("--full", action="store_true", help="no time caps; measured memory")
    args = parser.parse_args(argv)
    mode = MODES["quick" if args.quick else "full" if args.full else "default"]
    started = time.perf_counter()
    print_machine(mode)
    verdicts = Verdicts()
    bench_basic(mode, verdicts)
    bench_kernel(mode, verdicts)
    bench_threads(mode, verdicts)
    bench_exact(mode, verdicts)
    bench_import(mode, verdicts)
    bench_memory(mode, verdicts)
    print_table("summary", ("target", "measured", "target value", "verdict"), verdicts.rows)
    print(f"\ntotal {time.perf_counter() - started:.0f} s; load average at the end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
