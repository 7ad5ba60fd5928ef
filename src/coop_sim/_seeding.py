"""Turn the public ``seed`` argument into the 64-bit key of the counter-based streams."""

from __future__ import annotations

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
