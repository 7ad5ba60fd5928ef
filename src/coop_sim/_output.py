"""Writing output files and folders safely: atomic writes, recognisable temporary names.

A neutral module (it imports nothing else of the package) shared by the command line, the
sweeps, the figures and the reports:

* :func:`write_directory` builds a whole output folder in a temporary folder next to it and
  renames it into place, all or nothing; :func:`check_out` is its up-front check;
* :func:`temp_path` names the temporary file an atomic write goes through:
  ``.coop_sim-<name>.<pid>-<random>.tmp`` next to the file, so a leftover (the writer was
  killed) is recognisable as coop_sim's and as that process's;
* :func:`remove_stale_temps` deletes such leftovers of processes that are no longer
  running, and nothing else;
* :func:`pid_alive` tells whether a process is running (used for stale lock files too).

Examples
--------
>>> from pathlib import Path
>>> t = temp_path(Path("out") / "heatmap.png")
>>> t.parent.name, t.name.startswith(".coop_sim-heatmap.png."), t.suffix
('out', True, '.tmp')
>>> is_temp(t.name), is_temp(".notes.tmp")
(True, False)
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "TEMP_PREFIX",
    "OutputError",
    "check_out",
    "is_temp",
    "pid_alive",
    "remove_stale_temps",
    "temp_path",
    "write_directory",
]

#: Temporary files and folders of coop_sim start with this (and end in ``.tmp``).
TEMP_PREFIX = ".coop_sim-"
_TEMP = re.compile(r"^\.coop_sim-.+\.(\d+)-[0-9a-z_]{8}\.tmp$")


class OutputError(ValueError):
    """An output folder that cannot be used (exists and is not empty, a file, read-only)."""


def temp_path(path: str | os.PathLike) -> Path:
    """The temporary name an atomic write of ``path`` goes through (same folder)."""
    path = Path(path)
    return path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")


def is_temp(name: str) -> bool:
    """Is ``name`` a file name made by :func:`temp_path` (or :func:`write_directory`)?"""
    return _TEMP.match(name) is not None


def _temp_pid(name: str) -> int | None:
    found = _TEMP.match(name)
    return int(found.group(1)) if found else None


def pid_alive(pid: int) -> bool:
    """Is the process ``pid`` running on this machine?  (True when that cannot be told.)

    Examples
    --------
    >>> pid_alive(os.getpid())
    True
    """
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - os.kill(pid, 0) would end the process
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # running, under another user
        return True
    except OSError:  # pragma: no cover - cannot tell: assume it runs
        return True
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def remove_stale_temps(folder: str | os.PathLike, *, prefix: str = TEMP_PREFIX) -> list[Path]:
    """Delete the temporary files of :func:`temp_path` in ``folder`` whose writer has ended.

    Only names of the form ``.coop_sim-<name>.<pid>-<random>.tmp`` (starting with
    ``prefix``) are touched, and only when process ``pid`` is no longer running: a user's
    own ``.tmp`` files and the temporary files of a write in progress stay.  Returns the
    paths deleted.

    Examples
    --------
    >>> import tempfile, subprocess, sys
    >>> folder = Path(tempfile.mkdtemp())
    >>> gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
    ...                       capture_output=True, text=True).stdout.strip()
    >>> for name in (f".coop_sim-a.png.{gone}-0123abcd.tmp", ".notes.tmp"):
    ...     _ = (folder / name).write_text("x")
    >>> [p.name for p in remove_stale_temps(folder)] == [f".coop_sim-a.png.{gone}-0123abcd.tmp"]
    True
    >>> sorted(p.name for p in folder.iterdir())
    ['.notes.tmp']
    """
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except FileNotFoundError:
        return removed
    for entry in entries:
        pid = _temp_pid(entry.name)
        if pid is None or not entry.name.startswith(prefix) or pid_alive(pid):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


# ----------------------------------------------------------------------------- folders


def check_out(out: str | os.PathLike, name: str = "--out") -> None:
    """Raise :class:`OutputError` unless ``out`` can become a new output folder.

    ``out`` must not exist or be an empty folder, inside a writable folder; ``name`` is
    how the message calls it (``'--out'`` on the command line).
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{name} {str(out)!r} is a file; give a new or empty directory")
    if out.exists() and any(out.iterdir()):
        raise OutputError(f"{name} {str(out)!r} already exists and is not an empty directory")
    anchor = out.parent
    while not anchor.exists():
        anchor = anchor.parent
    if not anchor.is_dir():
        raise OutputError(f"{name} {str(out)!r}: {str(anchor)!r} is a file, not a directory")
    if not os.access(anchor, os.W_OK):
        raise OutputError(f"{name} {str(out)!r}: cannot write in {str(anchor)!r}")


def write_directory(
    out: str | os.PathLike, write: Callable[[Path], None], *, name: str = "--out"
) -> None:
    """Call ``write(tmp)`` on a temporary directory next to ``out``, then rename it into
    place, so a failure leaves nothing half-written behind.

    ``out`` must pass :func:`check_out` (``name`` names it in the error).  The temporary
    folder is ``.coop_sim-<out name>.<pid>-<random>.tmp``.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "result"
    >>> write_directory(out, lambda tmp: (tmp / "a.txt").write_text("a"))
    >>> sorted(p.name for p in out.parent.iterdir()), (out / "a.txt").read_text()
    (['result'], 'a')
    """
    out = Path(os.path.abspath(out))
    check_out(out, name)
    anchor = out.parent
    while not anchor.exists():
        anchor = anchor.parent
    prefix = f"{TEMP_PREFIX}{out.name}.{os.getpid()}-"
    tmp = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=anchor))
    try:
        mask = os.umask(0)
        os.umask(mask)
        tmp.chmod(0o777 & ~mask)  # mkdtemp makes it private; the result should not be
        write(tmp)
        check_out(out, name)
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists():
            out.rmdir()
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
