"""Where numba keeps compiled kernels: a directory keyed by the engine's source.

numba's on-disk cache notices edits to a jitted function's own file but not to functions
it calls in other files, so a changed kernel could otherwise run stale machine code.
Keying the cache directory by a hash of every engine source file makes any edit start a
fresh cache.  The base directory is ``$NUMBA_CACHE_DIR`` if set, else
``$XDG_CACHE_HOME/coop_sim`` (``~/.cache/coop_sim``).  Imported by the kernel modules
before their first ``@njit``; it imports nothing heavy beyond numba's config.
"""

import hashlib
import os
from pathlib import Path

from numba.core import config


def engine_cache_dir() -> str:
    """The cache directory for this exact version of the engine's source."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    base = os.environ.get("NUMBA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "coop_sim",
    )
    return os.path.join(base, "kernels-" + digest.hexdigest()[:16])


config.CACHE_DIR = engine_cache_dir()
