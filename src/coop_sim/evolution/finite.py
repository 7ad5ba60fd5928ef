"""Simulated well-mixed finite populations: many runs of a :class:`FiniteProcess`.

:func:`simulate` runs the Moran birth-death, Moran death-birth or pairwise-comparison
(Fermi) process step by step, exactly by the rules of :mod:`coop_sim.evolution.population`,
in compiled code (:mod:`coop_sim.engine.population_kernel`), one counter-based random
stream per run, so results are bit-identical whatever the number of threads.  The streams
hang off ``purpose_key(key, 'evolution.wellmixed')`` of the seed's key, so they never reuse
a tournament's match streams under the same seed.

Conventions
-----------
* A *step* is one event of the process (one birth-death, death-birth or comparison); it
  changes at most one individual.  Record 0 is the initial state.
* Without mutation a run stops at fixation (the first monomorphic state, which is
  absorbing); its later records repeat the fixed state.  With mutation > 0 a run always
  takes all ``steps``; ``fixed`` then reports the final state's strategy if it is
  monomorphic, else -1, and ``fixation_step`` the first step at which the state was
  monomorphic (-1 if never).
* ``abundance`` is the time average of the shares of the state *after* each step
  ``burn_in + 1, ..., T`` with ``T = steps`` (a run that fixed earlier counts its fixed
  state for the remaining steps); with ``steps=None`` ``T`` is the run's own last step, and
  if ``T <= burn_in`` the abundance is the final state's shares.  With ``steps=None`` the
  runs are recorded up to the longest run's last step (they are replayed with the same
  streams to do so, unless ``record_every`` is given), and every record after a run
  stopped repeats its final state.
  :func:`~coop_sim.evolution.structured.simulate_structured` follows the same conventions.
"""

from __future__ import annotations

import math
import numbers
import sys
import time

import numpy as np

from coop_sim._seeding import SeedLike, purpose_key, seed_key
from coop_sim._version import __version__
from coop_sim.evolution.population import FiniteProcess, initial_counts
from coop_sim.evolution.runs import PopulationRuns
from coop_sim.tournament import _PROGRESS_AFTER_SECONDS, _progress, _Threads

__all__ = ["DEFAULT_MAX_STEPS", "DEFAULT_MEMORY_LIMIT", "MAX_DEFAULT_RECORDS", "simulate"]

#: Cap on the steps of a run to fixation (``steps=None``).
DEFAULT_MAX_STEPS = 10**8
#: Bytes the recorded counts may take unless the caller raises ``memory_limit``.
DEFAULT_MEMORY_LIMIT = 2 * 1024**3
#: The default ``record_every`` keeps at most this many records (plus the last step) ...
MAX_DEFAULT_RECORDS = 1000
#: ... and at most this many bytes of recorded counts.
_DEFAULT_RECORD_BYTES = 64 * 1024**2
#: Below this many expected steps in all, the serial kernel runs (no thread wake-up).
_SERIAL_WORK = 200_000
_PROGRESS_CHUNKS = 50  # calls of the kernel when a progress bar is shown


def _int(value: object, parameter: str, low: int, high: int | None = None) -> int:
    """An int in ``[low, high)`` (``high=None``: no upper bound), else a clear error."""
    allowed = f"in [{low}, {high})" if high is not None else f">= {low}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{parameter} must be an int {allowed}, got {value!r}")
    if value < low or (high is not None and value >= high):
        raise ValueError(f"{parameter} must be an int {allowed}, got {value!r}")
    return int(value)


def _horizon(steps: object, mutation: float, max_steps: int) -> int:
    """The steps a run may take: ``steps`` (an int >= 1), or ``max_steps`` when ``steps`` is
    None, which only a process without mutation allows (it stops at fixation)."""
    if steps is None:
        if mutation > 0:
            raise ValueError(
                f"steps is required when mutation > 0 (mutation={mutation!r}): runs "
                "with mutation never fix, so give steps=<int >= 1>"
            )
        return max_steps
    return _int(steps, "steps", 1)


def _record_steps(horizon: int, record_every: int) -> np.ndarray:
    """Multiples of ``record_every`` up to ``horizon``, and ``horizon`` itself."""
    steps = np.arange(0, horizon + 1, record_every, dtype=np.int64)
    if steps[-1] != horizon:
        steps = np.append(steps, np.int64(horizon))
    return steps


def _default_record_every(steps: int | None, horizon: int, runs: int, n: int) -> int:
    if steps is None:
        return horizon  # the initial and the final state
    keep = min(MAX_DEFAULT_RECORDS, _DEFAULT_RECORD_BYTES // (8 * runs * n))
    keep = max(keep, 1)
    return max(1, math.ceil(steps / keep))


def _run_kernel(
    process, k0, horizon, full_horizon, burn_in, record_at, key, runs, threads, show
) -> tuple:
    """Run the kernel over all runs (in chunks when a progress bar is shown); return
    ``(counts, record_at, fixed, fixation_step, abundance, steps)``."""
    from coop_sim.engine.population_kernel import (
        OK,
        PROCESS_CODES,
        simulate_parallel,
        simulate_serial,
    )

    n, size = process.n, process.population
    counts = np.zeros((runs, record_at.shape[0], n), dtype=np.int64)
    fixed = np.full(runs, -1, dtype=np.int64)
    fix_step = np.full(runs, -1, dtype=np.int64)
    abundance = np.zeros((runs, n), dtype=np.float64)
    steps_run = np.zeros(runs, dtype=np.int64)
    status = np.zeros(runs, dtype=np.int64)
    a = np.ascontiguousarray(process.game.matrix, dtype=np.float64)
    work = runs * (horizon if full_horizon else size * size)
    serial = threads == 1 or work < _SERIAL_WORK
    kernel = simulate_serial if serial else simulate_parallel
    chunk = max(1, runs // _PROGRESS_CHUNKS) if show else runs
    started = time.perf_counter()
    with _Threads(threads):
        for lo in range(0, runs, chunk):
            hi = min(runs, lo + chunk)
            kernel(
                PROCESS_CODES[process.process], a, np.int64(size), float(process.intensity),
                float(process.baseline), process.fitness == "exponential",
                bool(process.self_interaction), float(process.mutation), k0.astype(np.int64),
                np.int64(horizon), process.mutation == 0.0, np.int64(burn_in), full_horizon,
                record_at, np.uint64(key), np.int64(lo), counts[lo:hi], fixed[lo:hi],
                fix_step[lo:hi], abundance[lo:hi], steps_run[lo:hi], status[lo:hi],
            )  # fmt: skip
            if show and time.perf_counter() - started > _PROGRESS_AFTER_SECONDS:
                _progress(hi, runs, started, "runs")
    if np.any(status != OK):
        bad = int(np.flatnonzero(status != OK)[0])
        raise RuntimeError(
            f"run {bad} met a non-finite fitness (status {int(status[bad])}); lower intensity "
            "or rescale the pay-offs"
        )
    return counts, record_at, fixed, fix_step, abundance, steps_run


def simulate(
    process: FiniteProcess,
    initial: np.ndarray | list | None = None,
    *,
    steps: int | None = None,
    runs: int = 1,
    record_every: int | None = None,
    burn_in: int = 0,
    seed: SeedLike = None,
    threads: int | None = None,
    max_steps: int = DEFAULT_MAX_STEPS,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
    progress: bool | None = None,
) -> PopulationRuns:
    """Simulate ``runs`` independent runs of a finite, well-mixed population process.

    Parameters
    ----------
    process : FiniteProcess
        The game, population size N, process ('moran', 'moran-db', 'fermi'), intensity,
        mutation, fitness map and self-interaction (see :mod:`coop_sim.evolution.population`).
    initial : array_like, optional
        Initial counts (ints summing to N) or shares (summing to 1, rounded by largest
        remainders); default: as even as possible.
    steps : int, optional
        Steps per run (>= 1).  None (allowed only without mutation) runs each run until
        fixation, for at most ``max_steps`` steps; a run that hits the cap reports
        ``fixed = -1``.
    runs : int
        Number of independent runs (>= 1).
    record_every : int, optional
        Record the counts every this many steps (>= 1); the last step (``steps``, or
        ``max_steps`` when ``steps=None``) is always recorded.  Default: with ``steps``, the
        smallest interval that keeps at most 1000 records and at most 64 MiB of counts;
        with ``steps=None``, the runs are simulated twice with the same streams (so the
        same runs): once to learn the longest run, then recording about 1000 states up to
        its last step.
    burn_in : int
        Steps left out of the time-averaged ``abundance``, in ``[0, steps)``.
    seed : int, SeedSequence, Generator or None
        Randomness; run ``r`` uses its own counter-based stream.
    threads : int, optional
        Threads of the parallel kernel (default: numba's setting).  Results do not depend
        on it.
    max_steps : int
        Cap on the steps of a run when ``steps=None`` (>= 1).
    memory_limit : int
        Largest size in bytes of the recorded counts (``runs x records x n x 8``).
    progress : bool, optional
        Show a progress bar over the runs on stderr for long jobs (default: when stderr is a
        terminal).  Runs are then simulated in chunks; results are the same.

    Returns
    -------
    PopulationRuns
        Trajectories, fixations, fixation steps, abundances and settings (see the module
        notes for the exact conventions).

    Examples
    --------
    >>> from coop_sim.evolution.population import FiniteProcess
    >>> p = FiniteProcess([[1.1, 1.1], [1.0, 1.0]], population=10)  # constant fitness r = 1.1
    >>> out = simulate(p, [1, 9], runs=2000, seed=1)
    >>> bool(out.record_steps[-1] == out.steps.max())  # recorded up to the longest run
    True
    >>> bool(0.12 < out.fixation_probability[0] < 0.18)  # exact: 0.14795
    True
    >>> q = FiniteProcess([[3, 0], [5, 1]], population=20, process="fermi", mutation=0.01)
    >>> long = simulate(q, steps=10_000, runs=4, burn_in=1_000, seed=2)
    >>> long.counts.shape, long.steps.tolist()
    ((4, 1001, 2), [10000, 10000, 10000, 10000])
    >>> bool(long.long_run_abundance[1] > 0.5)  # defectors dominate
    True
    """
    if not isinstance(process, FiniteProcess):
        raise TypeError(f"process must be a FiniteProcess, got {type(process).__name__}")
    n, size = process.n, process.population
    k0 = initial_counts(initial, n, size)
    runs = _int(runs, "runs", 1)
    max_steps = _int(max_steps, "max_steps", 1)
    horizon = _horizon(steps, process.mutation, max_steps)
    steps = None if steps is None else horizon
    burn_in = _int(burn_in, "burn_in", 0, horizon)
    probe = steps is None and record_every is None
    if record_every is None:
        record_every = _default_record_every(steps, horizon, runs, n)
    else:
        record_every = _int(record_every, "record_every", 1)
    if threads is not None:
        threads = _int(threads, "threads", 1)
    memory_limit = _int(memory_limit, "memory_limit", 1)
    if size * horizon >= 2**62:
        raise ValueError(
            f"population x steps must be < 2**62 (abundance counters are int64), got "
            f"{size} x {horizon}"
        )
    key, recorded = seed_key(seed)
    key = purpose_key(key, "evolution.wellmixed")
    show = progress if progress is not None else sys.stderr.isatty()

    def run(cap: int, every: int) -> tuple:
        n_records = cap // every + 1 + (cap % every != 0)
        need = runs * n_records * n * 8
        if need > memory_limit:
            raise ValueError(
                f"recording {n_records} states x {runs} runs x {n} strategies needs "
                f"{need / 1024**3:.2f} GiB, above memory_limit={memory_limit} bytes "
                f"({memory_limit / 1024**3:.2f} GiB); raise record_every, lower runs"
                + (", lower max_steps" if steps is None else "")
                + " or raise memory_limit"
            )
        return _run_kernel(process, k0, cap, steps is not None, burn_in, _record_steps(cap, every),
                           key, runs, threads, show)  # fmt: skip

    if probe and horizon > 1:
        # run to fixation once to learn the longest run, then replay the same runs (same
        # streams, so the same steps) recording about MAX_DEFAULT_RECORDS states up to it
        longest = int(run(horizon, horizon)[5].max())
        record_every = max(1, math.ceil(longest / MAX_DEFAULT_RECORDS))
        counts, record_at, fixed, fix_step, abundance, steps_run = run(max(longest, 1),
                                                                       record_every)  # fmt: skip
    else:
        counts, record_at, fixed, fix_step, abundance, steps_run = run(horizon, record_every)
    settings = {
        "process": process.process,
        "population": size,
        "intensity": process.intensity,
        "baseline": process.baseline,
        "fitness": process.fitness,
        "self_interaction": process.self_interaction,
        "mutation": process.mutation,
        "game": process.game.matrix.tolist(),
        "initial": k0.tolist(),
        "steps": steps,
        "max_steps": max_steps if steps is None else None,
        "record_every": record_every,
        "burn_in": burn_in,
        "runs": runs,
        "seed": recorded,
        "version": __version__,
    }
    return PopulationRuns(
        names=process.game.names,
        population=size,
        counts=counts,
        record_steps=record_at,
        fixed=fixed,
        fixation_step=fix_step,
        abundance=abundance,
        steps=steps_run,
        settings=settings,
    )
