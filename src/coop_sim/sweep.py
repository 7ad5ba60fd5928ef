"""Sweeps over the rule-maker's levers: every combination of lever values, replicated, at scale.

:func:`sweep` evaluates a :class:`~coop_sim.design.scenario.Scenario` on every *cell* of a
grid of lever values (:data:`~coop_sim.design.interventions.LEVERS` or
``'initial:<strategy>'``) and returns a tidy table, one row per cell and replicate.

Reproducibility
---------------
The seed of a cell derives from the sweep's seed and the cell's own parameters only::

    key, recorded = seed_key(seed)
    cell_seed = purpose_key(key, "sweep:" + json.dumps(params, sort_keys=True))

where ``params`` maps each lever to its canonical value (what
:meth:`~coop_sim.design.interventions.Lever.check` returns: a float for a real lever, so
``1`` and ``1.0`` are the same cell).  The back end, the number of workers, the order in
which cells finish and the other cells of the grid therefore never change a cell's rows,
and replicate ``r`` of a cell is ``evaluate_replicates(scenario.with_levers(**params), R,
seed=cell_seed)[r]``.

On disk
-------
With ``out=DIR`` the sweep is written as it runs and can be resumed::

    DIR/sweep.json                 manifest, written first: scenario, grid, replicates,
                                   seed (the drawn entropy when seed=None), version
    DIR/cells/cell-000000.parquet  one file per finished cell (its R rows), written
    DIR/cells/cell-000001.parquet  atomically (temporary name, fsync, rename) as soon as
    ...                            the cell completes
    DIR/results.parquet            the whole table, once every cell is done
    DIR/results.csv                the same as CSV
    DIR/.coop_sim-sweep.lock       while the sweep runs: the pid of its process

Run the same call again after an interruption (Ctrl-C, ``kill -9``, a lost machine) and it
resumes: the manifest must describe the same sweep (else a ValueError names what differs;
the scenario's ``name`` and ``description`` are labels and may change), finished cells are
read back, the others computed, and the final table equals an uninterrupted run's exactly.

``out`` must be a new or empty folder or a sweep's folder (one with ``sweep.json``): a
folder holding other files is refused.  One sweep at a time may write to a folder: the
lock file is created exclusively and removed when the sweep ends; a second sweep on the
folder raises a RuntimeError naming the first one's pid, and the lock of a process that no
longer runs (``kill -9``) is taken over with a warning.  Temporary files are named
``.coop_sim-<file>.<pid>-<random>.tmp``; the leftovers of processes that no longer run are
deleted when a sweep starts, and no other file is.

Back ends
---------
``'serial'`` (this process; numba kernels use their default threads), ``'processes'``
(:class:`concurrent.futures.ProcessPoolExecutor`, 'spawn' context, one numba thread per
worker; a worker whose parent dies -- ``kill -9`` -- exits within a second instead of
living on) and ``'dask'`` (:mod:`dask.distributed`: the scheduler at ``address``, of the
form ``tcp://host:port``, connected to within :data:`CONNECT_TIMEOUT` seconds before
anything is written, or a :class:`~distributed.LocalCluster` of ``workers``
single-threaded worker processes started and closed by the sweep, which leave Ctrl-C to
the sweep; install with ``pip install "coop_sim[distributed]"``).  In every case the
parent process writes the cell files.  Worker processes import ``coop_sim``
afresh: on a remote cluster it must be installed on the workers, and a script that calls
:func:`sweep` with a process back end needs the usual ``if __name__ == "__main__":``
guard.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import numbers
import os
import re
import socket
import sys
import time
import uuid
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coop_sim import _validate
from coop_sim._output import is_temp, pid_alive, remove_stale_temps, temp_path
from coop_sim._seeding import purpose_key, seed_key
from coop_sim._version import __version__
from coop_sim.design.scenario import Scenario

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = ["BACKENDS", "check_address", "sweep"]

#: The back ends :func:`sweep` runs on.
BACKENDS = ("serial", "processes", "dask")

MANIFEST = "sweep.json"
CELLS = "cells"
RESULTS = "results.parquet"
RESULTS_CSV = "results.csv"
_FORMAT = "coop_sim.sweep"
_FORMAT_VERSION = 1
_CELL_FILE = re.compile(r"cell-(\d{6,})\.parquet")
_LOCK = ".coop_sim-sweep.lock"
_PROGRESS_EVERY = 0.1  # seconds between redraws of the progress bar
_INSTALL_DASK = 'pip install "coop_sim[distributed]"'
#: Seconds to wait for a Dask scheduler at ``address`` before giving up (nothing is written).
CONNECT_TIMEOUT = 10.0
#: Seconds between a process-pool worker's checks that its parent still runs.
_ORPHAN_CHECK = 0.5
_ADDRESS = re.compile(
    r"^(?:(?P<scheme>tcp|tls|ws|wss|ucx)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)"
    r":(?P<port>[0-9]{1,5})/?$"
)


def check_address(address: object) -> str:
    """``address`` if it has the form of a Dask scheduler address, ``tcp://host:port``.

    The scheme (``tcp``, ``tls``, ``ws``, ``wss``, ``ucx``) may be left out (``host:port``
    means ``tcp://host:port``, as in :mod:`distributed`); the port is 1-65535.  Nothing is
    contacted.

    Examples
    --------
    >>> check_address("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> check_address("notanaddress")
    Traceback (most recent call last):
    ...
    ValueError: address must be a Dask scheduler address of the form tcp://host:port ...
    """
    if not isinstance(address, str):
        raise TypeError(
            f"address must be a Dask scheduler address string tcp://host:port, got {address!r}"
        )
    found = _ADDRESS.match(address.strip())
    if found is None or not 1 <= int(found.group("port")) <= 65535:
        raise ValueError(
            "address must be a Dask scheduler address of the form tcp://host:port (e.g. "
            f"tcp://10.0.0.5:8786), got {address!r}"
        )
    return address


def sweep(
    scenario: Scenario,
    grid: Mapping[str, Sequence],
    *,
    replicates: int = 1,
    seed=None,
    out: str | os.PathLike | None = None,
    backend: str = "serial",
    address: str | None = None,
    workers: int | None = None,
    progress: bool | None = None,
) -> pandas.DataFrame:
    """Evaluate ``scenario`` on every combination of lever values in ``grid``.

    Parameters
    ----------
    scenario : Scenario
        The base scenario; each cell is ``scenario.with_levers(**params)``.
    grid : mapping lever -> sequence of values
        Levers (:data:`~coop_sim.design.interventions.LEVERS` or ``'initial:<strategy>'``)
        and their values.  The cells are the cartesian product, in the grid's order, the
        last lever varying fastest.  Every cell is validated before any work starts.
    replicates : int
        Independent replicates per cell (>= 1), from
        :func:`~coop_sim.design.evaluate.evaluate_replicates`.
    seed : int, SeedSequence, Generator or None
        The sweep's seed; cell seeds derive from it and the cell's parameters (see the
        module notes).  None draws fresh entropy and records it (``df.attrs['seed']`` and
        the manifest; a resumed sweep reuses it).  With ``out`` it must be an int or None.
    out : str or path, optional
        Folder to write the sweep to (created if missing; else empty, or a sweep's folder)
        and to resume from.
    backend : {'serial', 'processes', 'dask'}
        Where cells run (see the module notes).
    address : str, optional
        Address of a running Dask scheduler (``backend='dask'`` only), e.g.
        ``'tcp://10.0.0.5:8786'`` (see :func:`check_address`); without it a LocalCluster is
        started.
    workers : int, optional
        Worker processes: default ``os.cpu_count()`` for 'processes', 2 for a Dask
        LocalCluster; ignored by 'serial' and by a Dask scheduler at ``address``.
    progress : bool, optional
        Show a progress bar on stderr (default: when stderr is a terminal).

    Returns
    -------
    pandas.DataFrame
        One row per cell and replicate, sorted by cell then replicate.  Columns: the levers
        (their values), ``cell`` (the cell's index), ``replicate``, ``seed`` (the cell's
        seed, uint64), then the fields of :meth:`Outcome.row()
        <coop_sim.design.evaluate.Outcome.row>`.  ``df.attrs`` holds the scenario (as
        data), the grid, replicates, the recorded seed and the library version.

    Raises
    ------
    ValueError, TypeError
        An unknown lever, an empty or invalid value list, a cell the scenario rejects, an
        unknown back end, a bad ``out``, an ``out`` that holds other files or a different
        sweep -- all before any cell runs.
    RuntimeError
        Another sweep is running in ``out`` (its lock file names a live process).
    OSError
        No Dask scheduler answers at ``address`` within :data:`CONNECT_TIMEOUT` seconds
        (``out`` is not touched).
    ImportError
        ``backend='dask'`` without :mod:`dask.distributed`.
    KeyboardInterrupt
        Propagated after the workers are shut down; finished cells stay in ``out``.

    Examples
    --------
    >>> from coop_sim.design import Scenario, Dynamics, Shadow
    >>> s = Scenario({"tit_for_tat": 0.5, "defector": 0.5}, population=10,
    ...              interventions=[Shadow(continuation=0.9)],
    ...              dynamics=Dynamics("moran", generations=20))
    >>> df = sweep(s, {"fine_on_defection": [0, 2], "noise": [0.0, 0.05]}, replicates=2,
    ...            seed=1)
    >>> df.shape
    (8, 14)
    >>> list(df.columns[:6])
    ['fine_on_defection', 'noise', 'cell', 'replicate', 'seed', 'cooperation']
    >>> df.groupby("cell")["fine_on_defection"].first().tolist()
    [0.0, 0.0, 2.0, 2.0]

    Written to a folder, the same call resumes (here: nothing left to compute):

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = sweep(s, {"fine_on_defection": [0, 2]}, seed=1, out=folder)
    ...     again = sweep(s, {"fine_on_defection": [0, 2]}, seed=1, out=folder)
    ...     sorted(os.listdir(folder))
    ['cells', 'results.csv', 'results.parquet', 'sweep.json']
    >>> again.equals(first)
    True
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    replicates = _validate.positive_int(replicates, "replicates")
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    if workers is not None:
        workers = _validate.positive_int(workers, "workers")
    if address is not None:
        if backend != "dask":
            raise ValueError(f"address is used by backend 'dask' only, got backend {backend!r}")
        check_address(address)
    if progress is not None:
        progress = _validate.flag(progress, "progress")
    levers, cells = _cells(scenario, grid)
    if backend == "dask":
        _import_distributed()
    pd = _import_pandas()
    if out is not None:
        resumable = isinstance(seed, numbers.Integral) and not isinstance(seed, bool)
        if not resumable and seed is not None:
            raise TypeError(
                "a sweep written to out must be resumable: pass seed as an int (or None to "
                f"draw one and record it), got {type(seed).__name__}"
            )
        _import_pyarrow()
    client = _connect(address) if address is not None else None  # before out is touched
    folder = lock = None
    try:
        if out is not None:
            folder = _prepare_folder(out)
            lock = _acquire_lock(folder)
        return _sweep(
            pd, scenario, levers, cells, replicates, seed, folder, backend, client, workers,
            progress,
        )  # fmt: skip
    finally:
        try:
            if lock is not None:
                _release_lock(*lock)
        finally:
            if client is not None:
                with _quiet_distributed():
                    client.close()


def _sweep(
    pd, scenario, levers, cells, replicates, seed, folder, backend, client, workers, progress
):
    """:func:`sweep` after the checks, holding the folder's lock (if any)."""
    manifest = None
    if folder is not None:
        _check_foreign(folder)
        (folder / CELLS).mkdir(exist_ok=True)
        for where in (folder, folder / CELLS):  # leftovers of interrupted writes
            remove_stale_temps(where)
        manifest = _read_manifest(folder)
        if seed is None and manifest is not None:
            seed = manifest.get("seed")
    key, recorded = seed_key(seed)
    info = {
        "scenario": scenario.to_dict(),
        "grid": {name: list(values) for name, values in levers.items()},
        "replicates": replicates,
        "seed": recorded,
        "version": __version__,
    }
    seeds = [purpose_key(key, "sweep:" + json.dumps(p, sort_keys=True)) for p in cells]
    frames: dict[int, pandas.DataFrame] = {}
    if folder is not None:
        if manifest is None:
            _write_manifest(folder, info, len(cells))
        else:
            _check_manifest(folder, manifest, info)
        frames = _load_cells(folder, cells, seeds, replicates)
    todo = [i for i in range(len(cells)) if i not in frames]
    show = progress if progress is not None else _isatty(sys.stderr)
    bar = _Bar(len(cells), len(frames), show)

    def finish(i: int, rows: list[dict]) -> None:
        frame = _cell_frame(pd, levers, cells[i], i, seeds[i], rows)
        if folder is not None:
            path = folder / CELLS / f"cell-{i:06d}.parquet"
            _atomic_write(path, lambda f: frame.to_parquet(f, index=False))
        frames[i] = frame
        bar.advance()

    try:
        if todo:
            runner = {"serial": _run_serial, "processes": _run_processes, "dask": _run_dask}
            jobs = [(i, cells[i], seeds[i]) for i in todo]
            runner[backend](scenario, jobs, replicates, finish, workers, client)
    finally:
        bar.close()
    table = _assemble(pd, levers, [frames[i] for i in range(len(cells))])
    table.attrs.update(info)
    if folder is not None:
        _atomic_write(folder / RESULTS, lambda f: table.to_parquet(f, index=False))
        _atomic_write(folder / RESULTS_CSV, lambda f: table.to_csv(f, index=False), text=True)
    return table


# ----------------------------------------------------------------------------- the grid


def _cells(scenario: Scenario, grid: object) -> tuple[dict[str, list], list[dict]]:
    """Canonical lever values and the cells' parameters, every cell validated."""
    if not isinstance(grid, Mapping):
        raise TypeError(f"grid must be a mapping lever -> list of values, got {grid!r}")
    if not grid:
        raise ValueError("grid must name at least one lever, got an empty grid")
    levers: dict[str, list] = {}
    for name, values in grid.items():
        if not isinstance(name, str):
            raise TypeError(f"grid: lever names must be strings, got {name!r}")
        try:
            scenario.lever(name)  # the lever exists (and names a strategy of the scenario)
        except (ValueError, TypeError) as error:
            from coop_sim.design.scenario_file import lever_hint

            hint = "" if name.startswith("initial:") else lever_hint(name)
            raise type(error)(f"grid: {error}{hint}") from None
        if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
            raise TypeError(f"grid: values of lever {name!r} must be a list, got {values!r}")
        values = list(values)
        if not values:
            raise ValueError(f"grid: lever {name!r} has no values (an empty list)")
        canonical = []
        for value in values:
            try:
                canonical.append(_canonical(name, value))
            except (ValueError, TypeError) as error:
                raise type(error)(f"grid: {error}") from None
        dup = [v for k, v in enumerate(canonical) if v in canonical[:k]]
        if dup:
            raise ValueError(f"grid: lever {name!r} lists the value {dup[0]!r} more than once")
        levers[name] = canonical
    cells = [dict(zip(levers, combo, strict=True)) for combo in itertools.product(*levers.values())]
    for params in cells:
        try:
            scenario.with_levers(**params)
        except (ValueError, TypeError) as error:
            what = ", ".join(f"{k}={v!r}" for k, v in params.items())
            raise type(error)(f"grid cell {what}: {error}") from None
    return levers, cells


def _canonical(name: str, value: object) -> float | int | bool:
    """The lever value as validated (a float for real levers, so 1 and 1.0 agree)."""
    from coop_sim.design.interventions import LEVERS

    if name.startswith("initial:"):
        return _validate.probability(value, name)
    return LEVERS[name].check(value)


# ----------------------------------------------------------------------------- work


def _run_cell(scenario: Scenario, params: dict, replicates: int, cell_seed: int) -> list[dict]:
    """The rows (:meth:`Outcome.row`) of one cell's replicates."""
    from coop_sim.design.evaluate import evaluate_replicates

    outcomes = evaluate_replicates(scenario.with_levers(**params), replicates, seed=cell_seed)
    return [outcome.row() for outcome in outcomes]


def _run_cell_one_thread(
    scenario: Scenario, params: dict, replicates: int, cell_seed: int
) -> list[dict]:
    """:func:`_run_cell` on one numba thread (Dask tasks: one per worker thread)."""
    from coop_sim.tournament import _Threads

    with _Threads(1):
        return _run_cell(scenario, params, replicates, cell_seed)


def _init_worker(parent: int) -> None:
    """Process-pool initializer: one numba thread; Ctrl-C is the parent's to handle; exit
    when the parent ``parent`` is gone (``kill -9``), instead of living on as an orphan."""
    import signal
    import threading

    import numba

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    numba.set_num_threads(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="coop_sim-orphan-watch",
                     daemon=True).start()  # fmt: skip


def _watch_parent(parent: int) -> None:
    """Exit this process once its parent process ``parent`` has died (checked every 0.5 s).

    A pool worker blocked on its task queue never learns of the parent's death (it holds
    the queue's other end itself); once re-parented its ``getppid()`` changes.
    """
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(_ORPHAN_CHECK)


Finish = Callable[[int, list], None]


def _run_serial(scenario, jobs, replicates, finish: Finish, workers, client) -> None:
    for i, params, cell_seed in jobs:
        finish(i, _run_cell(scenario, params, replicates, cell_seed))


def _run_processes(scenario, jobs, replicates, finish: Finish, workers, client) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    n = min(workers or os.cpu_count() or 1, len(jobs))
    executor = ProcessPoolExecutor(
        max_workers=n,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(os.getpid(),),
    )
    pending: dict = {}
    queue = iter(jobs)

    def submit() -> None:
        job = next(queue, None)
        if job is not None:
            i, params, cell_seed = job
            pending[executor.submit(_run_cell, scenario, params, replicates, cell_seed)] = i

    try:
        for _ in range(4 * n):  # a bounded window: cells are streamed, not all queued
            submit()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                i = pending.pop(future)
                finish(i, future.result())
                submit()
    except BrokenProcessPool as error:
        _kill_pool(executor, pending)
        raise RuntimeError(
            "a worker process of backend='processes' died; when sweep() is called from a "
            'script, put the call under `if __name__ == "__main__":` (the workers start '
            "fresh interpreters that import the script), or use backend='serial'"
        ) from error
    except BaseException:
        _kill_pool(executor, pending)
        raise
    executor.shutdown(wait=True)


def _kill_pool(executor, pending) -> None:
    """Stop a process pool now: cancel queued cells, end the running ones."""
    for future in pending:
        future.cancel()
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=10)


class SchedulerUnreachable(OSError):
    """No Dask scheduler answered at the sweep's ``address`` (nothing was written)."""


def _connect(address: str):
    """A :class:`distributed.Client` of the scheduler at ``address``, within
    :data:`CONNECT_TIMEOUT` seconds (OSError saying so otherwise)."""
    distributed = _import_distributed()
    try:
        with _quiet_distributed():
            return distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as error:
        raise SchedulerUnreachable(
            f"cannot connect to the Dask scheduler at address {address!r} within "
            f"{CONNECT_TIMEOUT:g} s ({type(error).__name__}: {error}); check the address and "
            "that the scheduler is running (nothing was written)"
        ) from None


_DISTRIBUTED_LOGGERS = (
    "distributed", "distributed.client", "distributed.worker", "distributed.nanny",
    "distributed.scheduler", "distributed.core", "distributed.comm", "distributed.batched",
    "tornado.application", "asyncio",
)  # fmt: skip


def _quiet_distributed_loggers() -> list:
    """Silence :mod:`distributed`'s loggers; return their previous levels."""
    import logging

    saved = []
    for name in _DISTRIBUTED_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level))
        logger.setLevel(logging.CRITICAL + 1)
    return saved


@contextlib.contextmanager
def _quiet_distributed():
    """Silence :mod:`distributed`'s loggers for a while (its shutdown chatter: cancelled
    futures, closed comms), restoring their levels afterwards."""
    saved = _quiet_distributed_loggers()
    try:
        yield
    finally:
        for logger, level in saved:
            logger.setLevel(level)


def _calm_worker() -> None:
    """On a worker of the sweep's own LocalCluster: ignore SIGINT.  A Ctrl-C in the
    terminal reaches the whole process group; the sweep's process cancels the cells and
    closes the cluster, and the workers would only print tracebacks."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_dask(scenario, jobs, replicates, finish: Finish, workers, client) -> None:
    distributed = _import_distributed()
    cluster = None
    own = client is None  # a LocalCluster started (and closed) here
    futures: dict = {}
    ok = False
    try:
        if own:
            cluster = distributed.LocalCluster(
                n_workers=min(workers or 2, len(jobs)), threads_per_worker=1, processes=True,
                dashboard_address=None,
            )  # fmt: skip
            client = distributed.Client(cluster)
            client.run(_calm_worker)  # Ctrl-C in the terminal reaches them too: ours to handle
        token = uuid.uuid4().hex
        for i, params, cell_seed in jobs:
            future = client.submit(
                _run_cell_one_thread, scenario, params, replicates, cell_seed,
                key=f"coop_sim-sweep-cell-{i}-{token}", pure=False,
            )  # fmt: skip
            futures[future] = i
        for future in distributed.as_completed(list(futures)):
            finish(futures[future], future.result())
            future.release()
        ok = True
    finally:
        # interrupted or failed: cancelling prints no CancelledError chatter
        with _quiet_distributed() if not ok else contextlib.nullcontext():
            try:
                if own and client is not None and not ok:
                    try:  # the cancelled tasks' warnings are logged by the workers
                        client.run(_quiet_distributed_loggers)
                    except Exception:  # a worker already gone: nothing to silence
                        pass
                if client is not None and not ok and futures:
                    client.cancel(list(futures), force=True)
            finally:
                if own and client is not None:
                    client.close()
                if cluster is not None:
                    cluster.close()


# ----------------------------------------------------------------------------- tables


def _cell_frame(pd, levers, params: dict, cell: int, cell_seed: int, rows: list[dict]):
    records = [
        {**params, "cell": cell, "replicate": r, "seed": cell_seed, **row}
        for r, row in enumerate(rows)
    ]
    return _normalize(pd, levers, pd.DataFrame.from_records(records))


def _lever_dtype(name: str) -> str:
    from coop_sim.design.interventions import LEVERS

    if name.startswith("initial:"):
        return "float64"
    return {"real": "float64", "int": "int64", "bool": "bool"}[LEVERS[name].kind]


def _normalize(pd, levers, frame):
    """Fixed dtypes whatever the frame's path (computed, or read back from Parquet)."""
    text = pd.Series(["x"]).dtype  # this pandas's default for Python strings
    dtypes = {name: _lever_dtype(name) for name in levers}
    dtypes.update(cell="int64", replicate="int64", seed="uint64")
    for column in frame.columns:
        if column not in dtypes:
            kind = frame[column].dtype
            if pd.api.types.is_object_dtype(kind) or pd.api.types.is_string_dtype(kind):
                dtypes[column] = text
    return frame.astype(dtypes)


def _assemble(pd, levers, frames):
    table = pd.concat(frames, ignore_index=True)
    table = table.sort_values(["cell", "replicate"], kind="stable", ignore_index=True)
    return _normalize(pd, levers, table)


# ----------------------------------------------------------------------------- folder


def _prepare_folder(out: object) -> Path:
    """The folder ``out``, created if missing (its contents are checked under the lock)."""
    if not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"out must be a folder path, got {out!r}")
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"out must be a folder (created if missing), got the file {str(out)!r}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OSError(f"cannot create the sweep folder {str(out)!r}: {error}") from error
    cells = folder / CELLS
    if not os.access(folder, os.W_OK | os.X_OK) or (
        cells.is_dir() and not os.access(cells, os.W_OK | os.X_OK)
    ):
        raise PermissionError(f"the sweep folder {str(out)!r} is not writable")
    return folder


def _ours(entry: Path) -> bool:
    """A file this module writes in a folder without a manifest (yet)."""
    if entry.name == _LOCK or is_temp(entry.name):
        return True
    if entry.name == CELLS and entry.is_dir() and not entry.is_symlink():
        return all(_CELL_FILE.fullmatch(p.name) or is_temp(p.name) for p in entry.iterdir())
    return False


def _check_foreign(folder: Path) -> None:
    """Refuse a folder that holds other files and no sweep (nothing of it is touched)."""
    if (folder / MANIFEST).exists():
        return
    foreign = sorted(p.name for p in folder.iterdir() if not _ours(p))
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5
                                          else "")  # fmt: skip
        raise ValueError(
            f"out folder {str(folder)!r} is not empty and holds no {MANIFEST}, so it is not a "
            f"sweep's folder (it holds {shown}); give a new or empty folder, or the folder of "
            "the sweep to resume"
        )


def _lock_owner(path: Path) -> tuple[str, int, str] | None:
    """The lock file's text, pid and host; None when the file is gone."""
    deadline = time.monotonic() + 1.0
    while True:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        parts = text.split()
        if len(parts) >= 1 and parts[0].isdigit():
            return text, int(parts[0]), " ".join(parts[1:])
        if time.monotonic() > deadline:  # not being written: not a lock of this module
            raise RuntimeError(
                f"{path} is not a lock file coop_sim can read ({text[:40]!r}); if no sweep is "
                "running in that folder, delete it"
            )
        time.sleep(0.02)  # created an instant ago: its pid is being written


def _acquire_lock(folder: Path) -> tuple[Path, str]:
    """Create ``folder/.coop_sim-sweep.lock`` exclusively (taking over a dead process's)."""
    path = folder / _LOCK
    host = socket.gethostname()
    mine = f"{os.getpid()} {host}\n"
    for _ in range(20):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            pass
        except OSError as error:
            raise OSError(f"cannot create the lock file {path}: {error}") from error
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(mine)
                f.flush()
                os.fsync(f.fileno())
            return path, mine
        owner = _lock_owner(path)
        if owner is None:  # released meanwhile: try again
            continue
        text, pid, their_host = owner
        if (their_host and their_host != host) or pid_alive(pid):
            where = f" on {their_host}" if their_host and their_host != host else ""
            raise RuntimeError(
                f"another sweep is running in {folder} (pid {pid}{where}); wait for it to "
                f"finish or use another folder (if no sweep is running, delete {path})"
            )
        _take_stale(path, text, pid, folder)
    raise RuntimeError(f"cannot take the lock {path}: other processes keep taking it")


def _take_stale(path: Path, text: str, pid: int, folder: Path) -> None:
    """Remove the lock ``text`` of the dead process ``pid``, unless it changed meanwhile."""
    aside = temp_path(path)
    try:
        os.rename(path, aside)  # atomic: of several processes, one moves it
    except FileNotFoundError:
        return
    try:
        moved = aside.read_text(encoding="utf-8")
    except OSError:
        moved = None
    if moved == text:
        aside.unlink(missing_ok=True)
        warnings.warn(
            f"taking over the lock of a sweep that is no longer running in {folder} (pid "
            f"{pid}); its finished cells are kept",
            RuntimeWarning,
            stacklevel=4,
        )
        return
    try:  # a live process's new lock was moved: put it back (never over another one)
        os.link(aside, path)
    except OSError:
        pass
    aside.unlink(missing_ok=True)


def _release_lock(path: Path, mine: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == mine:
            path.unlink()
    except OSError:
        pass


def _read_manifest(folder: Path) -> dict | None:
    path = folder / MANIFEST
    if not path.exists():
        cells = [p for p in (folder / CELLS).iterdir() if _CELL_FILE.fullmatch(p.name)]
        if cells:
            raise ValueError(
                f"{folder} holds cell files but no {MANIFEST}: not a sweep this function can "
                "resume; remove them or choose another folder"
            )
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path} is not a readable sweep manifest: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT:
        raise ValueError(f"{path} is not a coop_sim sweep manifest")
    return manifest


def _write_manifest(folder: Path, info: dict, cells: int) -> None:
    manifest = {"format": _FORMAT, "format_version": _FORMAT_VERSION, **info, "cells": cells}
    text = json.dumps(manifest, indent=2) + "\n"
    try:
        _atomic_write(folder / MANIFEST, lambda f: f.write(text), text=True)
    except OSError as error:
        raise OSError(f"cannot write the sweep manifest in {folder}: {error}") from error


def _canonical_json(value: object) -> object:
    """Plain JSON data (tuples -> lists, numpy scalars -> Python) for comparisons."""
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(value: object) -> object:
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON data: {value!r}")


#: Scenario fields that label a sweep without changing a cell: resuming ignores them.
_LABELS = ("name", "description")


def _scenario_key(data: object) -> object:
    """A scenario's data as far as it decides the cells: interventions in key order (their
    order means nothing), without its name and description (a renamed scenario resumes)."""
    data = _canonical_json(data)
    if isinstance(data, dict):
        for label in _LABELS:
            data.pop(label, None)
        if isinstance(data.get("interventions"), dict):
            data["interventions"] = dict(sorted(data["interventions"].items()))
    return data


def _differences(old: object, new: object, path: str) -> list[str]:
    """Where two JSON values differ, as ``'path: old in the folder, new here'`` lines."""
    if isinstance(old, dict) and isinstance(new, dict):
        lines = []
        for k in list(old) + [k for k in new if k not in old]:
            where = f"{path}.{k}"
            if k not in new:
                lines.append(f"{where}: {json.dumps(old[k])} in the folder, absent here")
            elif k not in old:
                lines.append(f"{where}: absent in the folder, {json.dumps(new[k])} here")
            else:
                lines += _differences(old[k], new[k], where)
        if not lines and list(old) != list(new):
            lines.append(f"{path}: order {list(old)} in the folder, {list(new)} here")
        return lines
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        lines = []
        for k, (a, b) in enumerate(zip(old, new, strict=True)):
            lines += _differences(a, b, f"{path}[{k}]")
        return lines
    if json.dumps(old) == json.dumps(new):
        return []
    return [f"{path}: {json.dumps(old)} in the folder, {json.dumps(new)} here"]


def _check_manifest(folder: Path, manifest: dict, info: dict) -> None:
    lines = _differences(
        _scenario_key(manifest.get("scenario")), _scenario_key(info["scenario"]), "scenario"
    )
    for field in ("grid", "replicates", "seed"):
        lines += _differences(
            _canonical_json(manifest.get(field)), _canonical_json(info[field]), field
        )
    if lines:
        shown = "; ".join(lines[:5]) + (f"; and {len(lines) - 5} more" if len(lines) > 5 else "")
        raise ValueError(
            f"{folder} holds a different sweep ({folder / MANIFEST}): {shown}. Use another "
            "folder, or repeat the sweep's own call to resume it"
        )
    if manifest.get("version") != __version__:
        warnings.warn(
            f"{folder} was started by coop_sim {manifest.get('version')}, this is "
            f"{__version__}: cells from both versions are mixed",
            RuntimeWarning,
            stacklevel=4,
        )


def _load_cells(folder: Path, cells: list, seeds: list, replicates: int) -> dict:
    """The finished cells on disk that belong to this sweep (others are recomputed)."""
    import pandas as pd

    frames = {}
    for entry in (folder / CELLS).iterdir():
        match = _CELL_FILE.fullmatch(entry.name)
        if match is None:
            continue
        i = int(match.group(1))
        if i >= len(cells):
            raise ValueError(f"{entry} is no cell of this sweep ({len(cells)} cells)")
        try:
            frame = pd.read_parquet(entry)
            ok = (
                len(frame) == replicates
                and (frame["cell"] == i).all()
                and (frame["seed"].astype("uint64") == seeds[i]).all()
                and frame["replicate"].tolist() == list(range(replicates))
            )
        except Exception as error:  # an unreadable file is recomputed
            ok, reason = False, str(error)
        else:
            reason = "its rows do not match the cell"
        if not ok:
            warnings.warn(f"recomputing {entry.name}: {reason}", RuntimeWarning, stacklevel=4)
            entry.unlink()
            continue
        frames[i] = frame
    return frames


def _atomic_write(path: Path, write: Callable, *, text: bool = False) -> None:
    """Write ``path`` through a temporary file in the same folder, fsync, then rename."""
    tmp = temp_path(path)
    try:
        with open(tmp, "w" if text else "wb", **({"encoding": "utf-8"} if text else {})) as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


# ----------------------------------------------------------------------------- small tools


class _Bar:
    """The progress bar of :func:`coop_sim.tournament._progress`, redrawn at most 10x/s."""

    def __init__(self, total: int, done: int, show: bool) -> None:
        self.total, self.done, self.show = total, done, show
        self.started = self.last = time.perf_counter()
        if show:
            self._draw()

    def advance(self) -> None:
        self.done += 1
        now = time.perf_counter()
        if self.show and (self.done == self.total or now - self.last >= _PROGRESS_EVERY):
            self.last = now
            self._draw()

    def _draw(self) -> None:
        from coop_sim.tournament import _progress

        _progress(self.done, self.total, self.started, "cells")

    def close(self) -> None:
        if self.show and self.done < self.total:  # interrupted: end the bar's line
            self._draw()
            sys.stderr.write("\n")
            sys.stderr.flush()


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _import_pandas():
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError('sweep needs pandas: pip install "coop_sim[pandas]"') from error
    return pandas


def _import_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"writing a sweep to a folder (Parquet) needs pyarrow: pip install pyarrow, or "
            f"{_INSTALL_DASK}"
        ) from error


def _import_distributed():
    try:
        import dask.distributed as distributed
    except ImportError as error:
        raise ImportError(
            f"backend 'dask' needs dask.distributed: {_INSTALL_DASK} (the 'distributed' extra)"
        ) from error
    return distributed
