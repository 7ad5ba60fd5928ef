"""Initial conditions of spatial populations: random shares, a mutant, a block, an array."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

from coop_sim.spatial.topology import Topology

__all__ = ["INITIAL_KINDS", "initial_state"]

#: Named initial conditions.
INITIAL_KINDS = ("random", "mutant", "block")


def _index(value: object, name: str, n: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int strategy index in 0..{n - 1}, got {value!r}")
    if not 0 <= value < n:
        raise ValueError(f"{name} must be a strategy index in 0..{n - 1}, got {value!r}")
    return int(value)


def _shares(shares: object, n: int) -> np.ndarray:
    if shares is None:
        return np.full(n, 1.0 / n)
    if isinstance(shares, (str, bytes)) or not isinstance(shares, (Sequence, np.ndarray)):
        raise TypeError(f"shares must be a sequence of {n} probabilities, got {shares!r}")
    try:
        p = np.asarray(shares, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"shares must be a sequence of {n} probabilities, got {shares!r}") from None
    if p.shape != (n,):
        raise ValueError(f"shares must have one entry per strategy ({n}), got {list(shares)}")
    if not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError(f"shares must be >= 0, got {p.tolist()}")
    if not math.isclose(p.sum(), 1.0, abs_tol=1e-9):
        raise ValueError(f"shares must sum to 1, got {p.tolist()} (sum {p.sum():.12g})")
    return p / p.sum()


def initial_state(
    topology: Topology,
    n: int,
    initial: object = "random",
    *,
    shares: Sequence[float] | None = None,
    resident: int = 0,
    mutant: int = 1,
    block: int = 3,
    rng: np.random.Generator,
) -> np.ndarray:
    """One strategy index per site (``int8[N]``).

    Parameters
    ----------
    topology : Topology
        The sites.
    n : int
        Number of strategies.
    initial : {'random', 'mutant', 'block'} or array_like
        'random': each site independently takes strategy ``s`` with probability
        ``shares[s]`` (default equal shares).  'mutant': every site ``resident`` but one
        ``mutant`` at the centre (lattice: cell ``(width // 2, height // 2)``; network: a
        node drawn at random).  'block': a ``block x block`` square of ``mutant`` centred on
        that cell in a ``resident`` lattice.  An array: strategy indices, shape
        ``(width, height)`` (indexed ``[x, y]``) or ``(N,)``.
    rng : numpy.random.Generator
        Draws the random placements.

    Examples
    --------
    >>> from coop_sim.spatial.topology import lattice_topology
    >>> top = lattice_topology(5, 5)
    >>> initial_state(top, 2, "block", rng=None).reshape(5, 5)[1:4, 1:4].tolist()
    [[1, 1, 1], [1, 1, 1], [1, 1, 1]]
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= 127:
        raise ValueError(f"n must be an int in 1..127 (strategy indices are int8), got {n!r}")
    size = topology.size
    if isinstance(initial, str):
        if initial not in INITIAL_KINDS:
            raise ValueError(
                f"initial must be one of {', '.join(INITIAL_KINDS)} or an array of strategy "
                f"indices, got {initial!r}"
            )
        if initial == "random":
            p = _shares(shares, n)
            return rng.choice(n, size=size, p=p).astype(np.int8)
        resident = _index(resident, "resident", n)
        mutant = _index(mutant, "mutant", n)
        state = np.full(size, resident, dtype=np.int8)
        if topology.kind == "graph":
            if initial == "block":
                raise ValueError("initial='block' needs a lattice; use 'mutant' on a network")
            state[int(rng.integers(size))] = mutant
            return state
        width, height = topology.shape
        side = 1 if initial == "mutant" else block
        if isinstance(side, bool) or not isinstance(side, numbers.Integral):
            raise TypeError(f"block must be an int, got {block!r}")
        if not 1 <= side <= min(width, height):
            raise ValueError(f"block must be in 1..{min(width, height)}, got {side}")
        grid = state.reshape(width, height)
        x0 = width // 2 - side // 2
        y0 = height // 2 - side // 2
        grid[x0 : x0 + side, y0 : y0 + side] = mutant
        return state
    if not isinstance(initial, (Sequence, np.ndarray)):
        raise TypeError(f"initial must be 'random', 'mutant', 'block' or an array, got {initial!r}")
    x = np.asarray(initial)
    if x.dtype.kind not in "iu":
        raise ValueError(f"an initial array must hold int strategy indices, got dtype {x.dtype}")
    if x.shape not in (topology.shape, (size,)):
        raise ValueError(
            f"an initial array must have shape {topology.shape} or ({size},), got {x.shape}"
        )
    x = x.reshape(size)
    _check_indices(x, n, "an initial array")
    return x.astype(np.int8)


def _check_indices(x: np.ndarray, n: int, what: str) -> None:
    """Refuse strategy indices outside 0..n-1, naming the first offending site."""
    bad = np.flatnonzero((x < 0) | (x >= n))
    if bad.size:
        raise ValueError(
            f"{what} must hold strategy indices in 0..{n - 1}, got {int(x[bad[0]])} at site "
            f"{int(bad[0])}"
        )
