"""Lattice fast path: synchronous imitate-best for two strategies with looked-up pay-offs.

This is Nowak & May's (1992) setting -- two strategies, every pair's per-round pay-off
known (``matrix``), synchronous updating to the best-paid strategy around a site, no
mutation -- on a Moore or von Neumann lattice, torus or fixed edges, with or without
self-interaction, pay-offs summed or averaged.  It computes exactly what
:func:`~coop_sim.engine.spatial_kernel.payoff_pass` followed by
:func:`~coop_sim.engine.spatial_kernel.synchronous_generation` compute (the new state, bit
for bit), but on ``int8`` and ``uint16`` rows that vectorise, without forming a float
pay-off.  :func:`lattice_payoffs` gives the pay-offs themselves (those of ``payoff_pass``, bit
for bit) at the same speed, for when they are asked for.

Why it is exact.  With two strategies and every pair looked up, a site's pay-off depends only
on its own strategy ``s``, the number ``g`` of games it plays (neighbours, plus one with
self-interaction) and the number ``c`` of those games against strategy 1:
``0.0 + matrix[s, 0] * (g - c) + matrix[s, 1] * c`` (then divided by ``g`` when averaged),
evaluated by :func:`payoff_value` with the generic kernel's very operations.  Every
reachable ``(g, s, c)`` is evaluated once; sorting the distinct float values gives each a
*rank* (equal floats, equal ranks), so comparing ranks is comparing the pay-offs the generic
kernel compares.  A site's *key* is ``16 * rank + s`` (``uint16``).  The generic rule takes
the first neighbour, in scan order, whose pay-off is strictly greater than the site's and
than every neighbour's before it -- that is, the first neighbour holding the largest pay-off,
if that exceeds the site's own.  So give the neighbour in scan position ``p`` (of ``k`` = 8
or 4) the priority ``k - 1 - p`` and take, per site,

``m = max over neighbours p of (key_p + 2 * (k - 1 - p))``

(branch-free, vectorised ``uint16`` maxima): ``m >> 4`` is the best neighbour rank, ties
between neighbours go to the earliest in scan order, and ``m & 1`` is that neighbour's
strategy.  The site takes ``m & 1`` when ``m >> 4`` exceeds its own rank, else keeps ``s``.
No case falls back to a scan.  Cells beyond a fixed edge have key 0 (rank 0 never exceeds a
site's own rank, so they never win).

Counts are box sums of the 0/1 state rows (cells beyond a fixed edge count as absent);
``g`` is constant along a row except at fixed left and right edges.  Rows are processed in
blocks, each with its own small ring buffers (three padded state rows, three padded key
rows), recomputing the two rows of keys a block shares with its neighbours; the blocks are
independent, so any thread count gives the same lattice.
"""

import numba
import numpy as np
from numba import prange

from coop_sim.engine import _cache  # noqa: F401  (sets the cache directory)
from coop_sim.engine.spatial_kernel import MOORE, VON_NEUMANN

__all__ = [
    "lattice_generation",
    "lattice_payoffs",
    "lattice_table",
    "lattice_values",
    "payoff_value",
]

#: Entries of the key table per number of games: 2 strategies x 16 counts.
_STRIDE = 32
#: Largest number of games of a site (8 neighbours and itself).
_MAX_GAMES = 9
#: Lattices with fewer sites run on one thread (a parallel launch costs more than them).
SERIAL_SITES = 1 << 16


@numba.njit(cache=True)
def payoff_value(matrix, s, c0, c1, games, average):
    """Pay-off of a strategy-``s`` site with ``c0`` games against strategy 0 and ``c1``
    against 1, computed with the operations of the generic kernel's ``site_payoff``."""
    total = 0.0
    total += matrix[s, 0] * c0
    total += matrix[s, 1] * c1
    if average and games > 0:
        total /= games
    return total


def _games(kind: int, torus: bool, self_interaction: bool) -> list[int]:
    """Numbers of games a site of the lattice can play."""
    neighbours = [8, 5, 3] if kind == MOORE else [4, 3, 2]
    if torus:
        neighbours = neighbours[:1]
    return [k + int(self_interaction) for k in neighbours]


def _ranked(matrix, kind, torus, self_interaction, average):
    """Reachable (games, s, c1) with the rank of their pay-off, and the sorted distinct
    pay-offs; None when one is NaN."""
    m = np.ascontiguousarray(matrix, dtype=np.float64)
    if m.shape != (2, 2):
        raise ValueError(f"matrix must be 2 x 2, got shape {m.shape}")
    entries = []  # (games, s, c1)
    values = []
    for g in _games(kind, bool(torus), bool(self_interaction)):
        for s in range(2):
            for c1 in range(g + 1):
                entries.append((g, s, c1))
                values.append(payoff_value(m, s, g - c1, c1, g, bool(average)))
    values = np.array(values)
    if np.isnan(values).any():
        return None
    distinct = np.unique(values)  # sorted; -0.0 and 0.0 are one value, as in comparisons
    return entries, np.searchsorted(distinct, values), distinct


def lattice_table(
    matrix: np.ndarray, kind: int, torus: bool, self_interaction: bool, average: bool
) -> np.ndarray | None:
    """Key of every reachable (games, strategy, count of strategy-1 games), or None.

    Returns ``uint16[10 * 32]``: entry ``g * 32 + s * 16 + c`` is ``16 * rank + s`` (see the
    module notes); None when the fast path cannot reproduce the generic kernel (a pay-off is
    NaN, which compares false with everything).

    Examples
    --------
    >>> import numpy as np
    >>> m = np.array([[1.0, 0.0], [1.8, 0.0]])  # Nowak-May, b = 1.8
    >>> t = lattice_table(m, MOORE, True, True, False)
    >>> c_among_9_c, d_among_5_c = int(t[9 * 32 + 0 * 16 + 0]), int(t[9 * 32 + 1 * 16 + 4])
    >>> c_among_9_c >> 4 == d_among_5_c >> 4  # both earn 9.0: the same rank
    True
    >>> c_among_9_c & 1, d_among_5_c & 1
    (0, 1)
    """
    ranked = _ranked(matrix, kind, torus, self_interaction, average)
    if ranked is None:
        return None
    entries, rank, _ = ranked  # at most 2 * (10 + 6 + 4) ranks: keys fit 16 bits
    table = np.zeros((_MAX_GAMES + 1) * _STRIDE, dtype=np.uint16)
    for (g, s, c1), r in zip(entries, rank, strict=True):
        table[g * _STRIDE + s * 16 + c1] = 16 * r + s
    return table


def lattice_values(
    matrix: np.ndarray, kind: int, torus: bool, self_interaction: bool, average: bool
) -> np.ndarray | None:
    """The pay-off of each rank of :func:`lattice_table` (``float64``, increasing), or None.

    Examples
    --------
    >>> import numpy as np
    >>> m = np.array([[1.0, 0.0], [1.8, 0.0]])
    >>> lattice_values(m, MOORE, True, True, False).tolist()[:6]
    [0.0, 1.0, 1.8, 2.0, 3.0, 3.6]
    """
    ranked = _ranked(matrix, kind, torus, self_interaction, average)
    return None if ranked is None else ranked[2]


@numba.njit(cache=True, inline="always")
def _pad(out, cols, torus):
    """Fill the two padding cells of a row: wrapped on a torus, 0 beyond fixed edges."""
    if torus:
        out[0] = out[cols]
        out[cols + 1] = out[1]
    else:
        out[0] = 0
        out[cols + 1] = 0


@numba.njit(cache=True, inline="always")
def _load(state, i, rows, cols, torus, out):
    """Padded state row ``i`` into ``out`` (wrapped on a torus, zeros beyond fixed edges)."""
    if i < 0 or i >= rows:
        if not torus:
            out[:] = 0
            return
        i = i % rows
    row = state[i * cols : (i + 1) * cols]  # a slice: the copy loop vectorises better
    for c in range(cols):
        out[c + 1] = row[c]
    _pad(out, cols, torus)


@numba.njit(cache=True, inline="always")
def _keys(up, mid, down, i, rows, cols, moore, torus, self_interaction, table, cnt, out):
    """Padded key row of lattice row ``i`` (any integer: wrapped or beyond a fixed edge)."""
    if not torus and (i < 0 or i >= rows):
        out[:] = 0
        return
    extra = 1 if self_interaction else 0
    if torus:
        row_avail = 3
    else:
        row_avail = 3 if 0 < i < rows - 1 else 2
    if moore:
        g_mid = row_avail * 3 - 1 + extra
        g_end = row_avail * 2 - 1 + extra
    else:
        g_mid = row_avail + 1 + extra
        g_end = row_avail + extra
    if torus:
        g_end = g_mid
    # table index 16 * s + (games against strategy 1): vectorised box sums of 0/1 rows
    if moore:
        if self_interaction:
            for c in range(cols):
                cnt[c] = (
                    up[c] + up[c + 1] + up[c + 2] + mid[c] + 17 * mid[c + 1] + mid[c + 2]
                    + down[c] + down[c + 1] + down[c + 2]
                )  # fmt: skip
        else:
            for c in range(cols):
                cnt[c] = (
                    up[c] + up[c + 1] + up[c + 2] + mid[c] + 16 * mid[c + 1] + mid[c + 2]
                    + down[c] + down[c + 1] + down[c + 2]
                )  # fmt: skip
    elif self_interaction:
        for c in range(cols):
            cnt[c] = up[c + 1] + mid[c] + 17 * mid[c + 1] + mid[c + 2] + down[c + 1]
    else:
        for c in range(cols):
            cnt[c] = up[c + 1] + mid[c] + 16 * mid[c + 1] + mid[c + 2] + down[c + 1]
    sub = table[g_mid * _STRIDE : (g_mid + 1) * _STRIDE]
    for c in range(cols):
        out[c + 1] = sub[cnt[c]]
    if g_end != g_mid:
        sub = table[g_end * _STRIDE : (g_end + 1) * _STRIDE]
        out[1] = sub[cnt[0]]
        out[cols] = sub[cnt[cols - 1]]
    _pad(out, cols, torus)


@numba.njit(cache=True, inline="always")
def _decide(up, mid, down, new, cols, moore):
    """New strategies of one row (``new``: that row) from the padded key rows around it (see
    the module notes: each neighbour's key plus twice its priority, the earliest in scan order
    highest)."""
    if moore:
        for c in range(cols):
            m = max(up[c] + 14, up[c + 1] + 12)
            m = max(m, up[c + 2] + 10)
            m = max(m, mid[c] + 8)
            m = max(m, mid[c + 2] + 6)
            m = max(m, down[c] + 4)
            m = max(m, down[c + 1] + 2)
            m = max(m, down[c + 2])
            own = mid[c + 1]
            new[c] = (m & 1) if m > (own | 15) else (own & 1)
    else:
        for c in range(cols):
            m = max(up[c + 1] + 6, mid[c] + 4)
            m = max(m, mid[c + 2] + 2)
            m = max(m, down[c + 1])
            own = mid[c + 1]
            new[c] = (m & 1) if m > (own | 15) else (own & 1)


@numba.njit(cache=True)
def _rows(state, new, rows, cols, moore, torus, self_interaction, table, r0, r1):
    """Generation of rows ``r0 .. r1 - 1`` (its own buffers; reads ``state`` only)."""
    sp = np.zeros((3, cols + 2), dtype=np.int8)
    kp = np.zeros((3, cols + 2), dtype=np.uint16)
    cnt = np.zeros(cols, dtype=np.int8)
    # ring slot of row i is (i + 3) % 3 (rows from r0 - 2 up)
    _load(state, r0 - 2, rows, cols, torus, sp[(r0 + 1) % 3])
    _load(state, r0 - 1, rows, cols, torus, sp[(r0 + 2) % 3])
    for i in range(r0 - 1, r1 + 1):
        _load(state, i + 1, rows, cols, torus, sp[(i + 4) % 3])
        _keys(
            sp[(i + 2) % 3], sp[(i + 3) % 3], sp[(i + 4) % 3], i, rows, cols, moore, torus,
            self_interaction, table, cnt, kp[(i + 3) % 3],
        )  # fmt: skip
        if i > r0:
            o = i - 1
            row = new[o * cols : (o + 1) * cols]
            _decide(kp[(o + 2) % 3], kp[(o + 3) % 3], kp[(o + 4) % 3], row, cols, moore)


@numba.njit(cache=True)
def _payoff_rows(state, pay, rows, cols, moore, torus, self_interaction, table, values, r0, r1):
    """Pay-offs of rows ``r0 .. r1 - 1``: each site's key's rank, looked up in ``values``."""
    sp = np.zeros((3, cols + 2), dtype=np.int8)
    kp = np.zeros(cols + 2, dtype=np.uint16)
    cnt = np.zeros(cols, dtype=np.int8)
    _load(state, r0 - 1, rows, cols, torus, sp[(r0 + 2) % 3])
    _load(state, r0, rows, cols, torus, sp[r0 % 3])
    for i in range(r0, r1):
        _load(state, i + 1, rows, cols, torus, sp[(i + 1) % 3])
        _keys(
            sp[(i + 2) % 3], sp[i % 3], sp[(i + 1) % 3], i, rows, cols, moore, torus,
            self_interaction, table, cnt, kp,
        )  # fmt: skip
        row = pay[i * cols : (i + 1) * cols]
        for c in range(cols):
            row[c] = values[kp[c + 1] >> 4]


@numba.njit(cache=True, parallel=True)
def _payoffs_parallel(
    state, pay, rows, cols, moore, torus, self_interaction, table, values, block
):  # fmt: skip
    blocks = (rows + block - 1) // block
    for b in prange(blocks):
        _payoff_rows(
            state, pay, rows, cols, moore, torus, self_interaction, table, values, b * block,
            min(rows, (b + 1) * block),
        )  # fmt: skip


@numba.njit(cache=True, parallel=True)
def _generation_parallel(state, new, rows, cols, moore, torus, self_interaction, table, block):
    blocks = (rows + block - 1) // block
    for b in prange(blocks):
        _rows(
            state, new, rows, cols, moore, torus, self_interaction, table, b * block,
            min(rows, (b + 1) * block),
        )  # fmt: skip


def _check(state, out, out_dtype, kind, rows, cols):
    if kind not in (MOORE, VON_NEUMANN):
        raise ValueError(f"kind must be MOORE ({MOORE}) or VON_NEUMANN ({VON_NEUMANN}), got {kind}")
    if state.shape != (rows * cols,) or out.shape != state.shape:
        raise ValueError(
            f"arrays must have shape ({rows * cols},), got {state.shape} and {out.shape}"
        )
    if state.dtype != np.int8 or out.dtype != out_dtype:
        raise TypeError(f"state must be an int8 array and the output {np.dtype(out_dtype)}")
    if np.shares_memory(state, out):
        raise ValueError("the output must not overlap state")


def _run(serial, parallel, rows: int, cols: int, threads: int | None, *args) -> None:
    """``serial(*args, 0, rows)`` on this thread, or ``parallel(*args, block)`` on
    ``threads`` numba threads (restored after) when there are several and enough sites."""
    current = numba.get_num_threads()
    threads = current if threads is None else min(int(threads), numba.config.NUMBA_NUM_THREADS)
    if threads <= 1 or rows * cols < SERIAL_SITES:
        serial(*args, 0, rows)
        return
    block = max(4, -(-rows // (4 * threads)))  # 4 blocks per thread balance uneven progress
    numba.set_num_threads(threads)
    try:
        parallel(*args, block)
    finally:
        numba.set_num_threads(current)


def lattice_generation(
    state: np.ndarray,
    new: np.ndarray,
    table: np.ndarray,
    kind: int,
    rows: int,
    cols: int,
    torus: bool,
    self_interaction: bool,
    threads: int | None = None,
) -> None:
    """One synchronous imitate-best generation of a two-strategy lattice: ``state`` -> ``new``.

    Parameters
    ----------
    state, new : numpy.ndarray
        ``int8[rows * cols]`` strategy indices (0 or 1), site ``x = r * cols + c``; ``new``
        is overwritten (it must not be ``state``).
    table : numpy.ndarray
        From :func:`lattice_table` for the same pay-offs, kind, edges and self-interaction.
    kind : int
        ``MOORE`` or ``VON_NEUMANN`` of :mod:`~coop_sim.engine.spatial_kernel`.
    rows, cols, torus, self_interaction
        The lattice (as the topology tuple) and whether sites play themselves.
    threads : int, optional
        numba threads (default: numba's current number); with 1, or under
        :data:`SERIAL_SITES` sites, the calling thread does it all.  The result does not
        depend on it.

    Examples
    --------
    >>> import numpy as np
    >>> m = np.array([[1.0, 0.0], [1.9, 0.0]])
    >>> table = lattice_table(m, MOORE, True, True, False)
    >>> state = np.zeros(25, dtype=np.int8)
    >>> state[12] = 1  # one defector at the centre of a 5 x 5 torus
    >>> new = np.empty_like(state)
    >>> lattice_generation(state, new, table, MOORE, 5, 5, True, True)
    >>> new.reshape(5, 5)[1:4, 1:4].tolist()  # its 3 x 3 neighbourhood defects
    [[1, 1, 1], [1, 1, 1], [1, 1, 1]]
    >>> int(new.sum())
    9
    """
    _check(state, new, np.int8, kind, rows, cols)
    args = (state, new, rows, cols, kind == MOORE, bool(torus), bool(self_interaction), table)
    _run(_rows, _generation_parallel, rows, cols, threads, *args)


def lattice_payoffs(
    state: np.ndarray,
    pay: np.ndarray,
    table: np.ndarray,
    values: np.ndarray,
    kind: int,
    rows: int,
    cols: int,
    torus: bool,
    self_interaction: bool,
    threads: int | None = None,
) -> None:
    """Every site's pay-off into ``pay`` (``float64[rows * cols]``), bit for bit those of
    :func:`~coop_sim.engine.spatial_kernel.payoff_pass` in the same setting.

    ``table`` and ``values`` come from :func:`lattice_table` and :func:`lattice_values`; the
    other arguments are as in :func:`lattice_generation`.

    Examples
    --------
    >>> import numpy as np
    >>> m = np.array([[1.0, 0.0], [1.9, 0.0]])
    >>> args = (m, MOORE, True, True, False)
    >>> state = np.zeros(25, dtype=np.int8)
    >>> state[12] = 1
    >>> pay = np.zeros(25)
    >>> lattice_payoffs(state, pay, lattice_table(*args), lattice_values(*args), MOORE, 5, 5,
    ...                 True, True)
    >>> float(pay[12]), float(pay[0]), float(pay[6])  # D among 8 C; C among 9 C, among 8 C
    (15.2, 9.0, 8.0)
    """
    _check(state, pay, np.float64, kind, rows, cols)
    args = (state, pay, rows, cols, kind == MOORE, bool(torus), bool(self_interaction), table)
    _run(_payoff_rows, _payoffs_parallel, rows, cols, threads, *args, values)
