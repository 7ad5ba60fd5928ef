"""Turn the public ``seed`` argument into the 64-bit key of the counter-based streams."""

from __future__ import annotations

import hashlib
import numbers

import numpy as np

SeedLike = int | np.random.SeedSequence | np.random.Generator | None


def seed_key(seed: SeedLike) -> tuple[int, int | None]:
    """Return ``(key, recorded_seed)`` for ``seed``.

    Parameters
    ----------
    seed : int, numpy.random.SeedSequence, numpy.random.Generator or None
        An int or SeedSequence gives the same key every time.  A Generator is advanced by one
        draw.  None draws fresh entropy; the entropy is returned as ``recorded_seed`` so the
        run can be repeated.

    Returns
    -------
    key : int
        The uint64 master key.
    recorded_seed : int or None
        An int that reproduces the key when passed as ``seed`` (None for a Generator).

    Examples
    --------
    >>> seed_key(1)[0] == seed_key(1)[0]
    True
    """
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(0, 2**64, dtype=np.uint64)), None
    if isinstance(seed, np.random.SeedSequence):
        return int(seed.generate_state(1, dtype=np.uint64)[0]), None
    if seed is None:
        seq = np.random.SeedSequence()
        entropy = int(seq.entropy)
        return int(seq.generate_state(1, dtype=np.uint64)[0]), entropy
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"seed must be an int >= 0, a numpy SeedSequence, a numpy Generator or None; "
            f"got {seed!r}"
        )
    if seed < 0:
        raise ValueError(f"seed must be >= 0, got {seed}")
    seq = np.random.SeedSequence(int(seed))
    return int(seq.generate_state(1, dtype=np.uint64)[0]), int(seed)


def purpose_key(key: int, purpose: str) -> int:
    """The key of the streams one *purpose* draws from under the master ``key``.

    Tournaments key match ``(i, j, rep)`` as ``stream_key(key, i, j, rep)``; any other user of
    the same seed (a population simulation, say) passes its key through this function first,
    so its streams never coincide with the matches' -- nor with another purpose's.

    Parameters
    ----------
    key : int
        The uint64 master key (from :func:`seed_key`).
    purpose : str
        A stable name for the use, e.g. ``'evolution.wellmixed'``.

    Returns
    -------
    int
        A uint64 key: the first 8 bytes (little-endian) of BLAKE2b over the key's 8 bytes
        and the UTF-8 purpose, so the same on every platform and Python version.

    Examples
    --------
    >>> key = seed_key(1)[0]
    >>> purpose_key(key, "evolution.wellmixed") == purpose_key(key, "evolution.wellmixed")
    True
    >>> purpose_key(key, "evolution.wellmixed") != purpose_key(key, "evolution.structured")
    True
    >>> purpose_key(0, "evolution.wellmixed")
    3316153235635058863
    """
    if isinstance(key, bool) or not isinstance(key, numbers.Integral) or not 0 <= key < 2**64:
        raise ValueError(f"key must be an int in [0, 2**64), got {key!r}")
    data = int(key).to_bytes(8, "little") + purpose.encode("utf-8")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")
