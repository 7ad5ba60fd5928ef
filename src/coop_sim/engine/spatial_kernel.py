"""Kernels of spatial populations: lattices and networks of players that imitate neighbours.

The state of record is ``state`` (``int8[N]``: each site's strategy index).  A *topology* is
the tuple ``(kind, rows, cols, torus, ptr, idx)``:

* ``kind = MOORE`` or ``VON_NEUMANN``: a ``rows x cols`` lattice, site ``x = r * cols + c``;
  neighbours in scan order (row offset -1, 0, +1, then column offset -1, 0, +1; the site
  itself excluded; von Neumann keeps the four orthogonal ones), wrapping around when
  ``torus`` else dropped at the edges (fixed boundaries: border sites have fewer neighbours);
* ``kind = GRAPH``: CSR arrays (``ptr[N + 1]`` offsets into ``idx``; each neighbour list
  sorted ascending, as :func:`~coop_sim.spatial.topology.graph_topology` builds it; no
  self-loops); ``rows = N``, ``cols = 1``.

Pay-offs (``payoff_pass``): site ``x`` plays each neighbour ``y`` (and itself when
``self_interaction``), getting ``matrix[s_x, s_y]`` per pair, or, for pairs that are not
``cached``, the per-round pay-off of a real match played afresh: the match of sites ``u < v``
in generation ``g`` is :func:`~coop_sim.engine.structured_kernel.play_edge` under
``stream_key(stream_key(seed_key, g, 0, TAG_MATCHES), u, v, 0)`` with ``u`` as player A (a
site's match against itself uses ``(x, x)``), so both ends see the same match whichever
computes it.  The pay-off is the sum over the games (``accumulated``) or their mean.  The
pay-offs held with a state are those of the generation that state plays next.

Update rules (``rule`` = float64 ``[code, exponential, intensity, baseline, mutation,
temperature, exponent]``; "neighbours" excludes the site itself):

* ``IMITATE_BEST`` (Nowak & May 1992): take the strategy of the highest pay-off among the
  site and its neighbours; ties go to the site itself, then to the first in neighbour order.
  No draws.
* ``FERMI`` (Szabo & Toke 1998): ``U`` picks a neighbour ``y`` uniformly; if its strategy
  differs, adopt it when ``U < 1 / (1 + exp((P_x - P_y) / K))``.
* ``PROPORTIONAL`` (Nowak, Bonhoeffer & May 1994): adopt the strategy of ``j`` among the
  site and its neighbours with probability ``P_j^m / sum P^m`` (one ``U``; weights computed
  as ``(P_j / P_max)^m``); if every pay-off is 0 the site keeps its strategy (no draw).
* ``DEATH_BIRTH`` (Ohtsuki et al. 2006): the site is replaced by the offspring of a neighbour
  chosen (one ``U``) with probability proportional to fitness
  (:func:`~coop_sim.engine.population_kernel.fitness_value`, as the structured kernel).

Then, when ``mutation > 0``: ``U < mutation`` switches the site to one of the other ``n - 1``
strategies (one more ``U``).

Activation:

* synchronous (``synchronous_generation``): every site decides from the previous state and
  its pay-offs; site ``x`` in generation ``g`` draws from ``stream_key(seed_key, g, x,
  TAG_SYNC)`` (not derived at all when the rule is deterministic and ``mutation = 0``).  The
  sites are independent, so any thread count gives the same lattice, bit for bit.
* asynchronous, random sequential (``asynchronous_generation``): ``N`` updates, each of a site
  drawn uniformly (with replacement) from the generation's stream ``stream_key(seed_key, g, 0,
  TAG_ASYNC)``; the pay-offs of the site and its neighbours are recomputed from the current
  state before it decides, and its new strategy is in place for the next update.  All draws
  of the generation come from that one stream in order: site, rule draws, mutation draws.
  With real matches, a pair re-evaluated within one generation replays its match stream
  (same length and noise draws, possibly with new strategies).

Death-birth under synchronous activation replaces every site at once by the offspring of a
neighbour chosen by fitness; the process of Ohtsuki et al. (2006), one death at a time, is
the asynchronous activation.
"""

import numba
import numpy as np
from numba import prange

from coop_sim.engine import _cache  # noqa: F401  (sets the cache directory)
from coop_sim.engine.population_kernel import _index, _offspring
from coop_sim.engine.rng import stream_key, uniform
from coop_sim.engine.structured_kernel import _proportional, fermi_adoption, play_edge

MOORE = 0
VON_NEUMANN = 1
GRAPH = 2

IMITATE_BEST = 0
FERMI = 1
PROPORTIONAL = 2
DEATH_BIRTH = 3

TAG_SYNC = 0
TAG_ASYNC = 1
TAG_MATCHES = 2

#: Asynchronous updating keeps per-site game counts (N x n) for up to this many strategies.
COUNTED_STRATEGIES = 16
#: Sites per block of the parallel passes (each block owns its work buffers).
BLOCK = 4096


@numba.njit(cache=True, inline="always")
def _wrap(i, size, torus):
    """Index ``i`` on a ring of ``size`` (torus) or -1 when it falls off a fixed edge."""
    if i < 0:
        return i + size if torus else -1
    if i >= size:
        return i - size if torus else -1
    return i


@numba.njit(cache=True, inline="always")
def fill_neighbours(topo, x, buf):
    """Write the neighbours of site ``x`` into ``buf``; return how many there are."""
    kind, rows, cols, torus, ptr, idx = topo
    if kind == GRAPH:
        lo = ptr[x]
        k = ptr[x + 1] - lo
        for q in range(k):
            buf[q] = idx[lo + q]
        return k
    r = x // cols
    return fill_lattice(kind, rows, cols, torus, r, x - r * cols, buf)


@numba.njit(cache=True, inline="always")
def _outer_row(base, moore, left, c, right, buf, k):
    """Append the neighbours in the row above or below (``base``: its first site)."""
    if moore and left >= 0:
        buf[k] = base + left
        k += 1
    buf[k] = base + c
    k += 1
    if moore and right >= 0:
        buf[k] = base + right
        k += 1
    return k


@numba.njit(cache=True, inline="always")
def fill_lattice(kind, rows, cols, torus, r, c, buf):
    """Neighbours of lattice site (r, c) into ``buf`` in scan order; returns how many."""
    moore = kind == MOORE
    up = _wrap(r - 1, rows, torus)
    down = _wrap(r + 1, rows, torus)
    left = _wrap(c - 1, cols, torus)
    right = _wrap(c + 1, cols, torus)
    k = 0
    if up >= 0:
        k = _outer_row(up * cols, moore, left, c, right, buf, k)
    base = r * cols
    if left >= 0:
        buf[k] = base + left
        k += 1
    if right >= 0:
        buf[k] = base + right
        k += 1
    if down >= 0:
        k = _outer_row(down * cols, moore, left, c, right, buf, k)
    return k


@numba.njit(cache=True, inline="always")
def _pair(x, y, sx, sy, mkey, matrix, cached, strat, match, work):
    """Per-round pay-off of site x against site y, and a history length still needed."""
    if cached[sx, sy]:
        return matrix[sx, sy], 0
    if x <= y:
        pay, _, need = play_edge(sx, sy, stream_key(mkey, x, y, 0), strat, match, work)
    else:
        _, pay, need = play_edge(sy, sx, stream_key(mkey, y, x, 0), strat, match, work)
    return pay, need


@numba.njit(cache=True, inline="always")
def site_payoff(x, state, topo, buf, cnt, games, mkey, matrix, cached, strat, match, work):
    """Pay-off of site ``x`` in the present state; ``games`` = (self_interaction, average,
    all_cached); ``buf``, ``cnt`` (int64[n]) are work arrays.  Returns ``(payoff, need)``;
    ``need > 0`` asks for longer histories.

    With every pair cached the pay-off is ``sum_j matrix[s_x, j] * count_j`` (``count_j``: the
    games against strategy ``j``), summed in strategy order.
    """
    self_interaction, average, all_cached = games
    k = fill_neighbours(topo, x, buf)
    sx = state[x]
    total = 0.0
    if all_cached:  # by counts, in strategy order: ties in exact arithmetic stay ties
        cnt[:] = 0
        if self_interaction:
            cnt[sx] += 1
        for q in range(k):
            cnt[state[buf[q]]] += 1
        for j in range(cnt.shape[0]):
            total += matrix[sx, j] * cnt[j]
    else:
        if self_interaction:
            pay, need = _pair(x, x, sx, sx, mkey, matrix, cached, strat, match, work)
            if need > 0:
                return 0.0, need
            total = pay
        for q in range(k):
            y = buf[q]
            pay, need = _pair(x, y, sx, state[y], mkey, matrix, cached, strat, match, work)
            if need > 0:
                return 0.0, need
            total += pay
    if average:
        games_played = k + 1 if self_interaction else k
        if games_played > 0:
            total /= games_played
    return total, 0


@numba.njit(cache=True)
def _work(state_size, hist_size):
    return (
        np.zeros(state_size, dtype=np.float64), np.zeros(state_size, dtype=np.float64),
        np.empty(hist_size, dtype=np.int8), np.empty(hist_size, dtype=np.int8),
        np.zeros(4, dtype=np.int64), np.zeros(2, dtype=np.uint64),
    )  # fmt: skip


@numba.njit(cache=True, parallel=True)
def payoff_pass(
    state, pay, topo, max_degree, games, seed_key, generation, matrix, cached, strat, match,
    state_size, hist_size,
):  # fmt: skip
    """Every site's pay-off (into ``pay``); returns 0 or the history length a match needs
    (then ``pay`` is incomplete: call again with ``hist_size`` at least that)."""
    size = state.shape[0]
    mkey = stream_key(seed_key, generation, 0, TAG_MATCHES)
    blocks = (size + BLOCK - 1) // BLOCK
    needs = np.zeros(blocks, dtype=np.int64)
    for b in prange(blocks):
        buf = np.empty(max(max_degree, 1), dtype=np.int64)
        cnt = np.zeros(matrix.shape[0], dtype=np.int64)
        work = _work(state_size, 0 if games[2] else hist_size)
        for x in range(b * BLOCK, min(size, (b + 1) * BLOCK)):
            value, need = site_payoff(
                x, state, topo, buf, cnt, games, mkey, matrix, cached, strat, match, work
            )
            if need > 0:
                needs[b] = max(needs[b], need)
                break
            pay[x] = value
    return needs.max()


@numba.njit(cache=True, inline="always")
def decide(x, k, buf, state, pay, rule, stream, fit):
    """The strategy site ``x`` takes under ``rule``, its neighbours being ``buf[:k]``."""
    code = np.int64(rule[0])
    sx = state[x]
    if code == IMITATE_BEST:
        best = pay[x]
        choice = sx
        for q in range(k):
            y = buf[q]
            if pay[y] > best:
                best = pay[y]
                choice = state[y]
        return choice
    if code == FERMI:
        y = buf[_index(uniform(stream), k)]
        if state[y] == sx:
            return sx
        adopt = fermi_adoption(pay[y] - pay[x], 1.0 / rule[5])
        return state[y] if uniform(stream) < adopt else sx
    if code == PROPORTIONAL:
        exponent = rule[6]
        top = pay[x]
        for q in range(k):
            top = max(top, pay[buf[q]])
        if not top > 0.0:
            return sx
        total = (pay[x] / top) ** exponent
        for q in range(k):
            total += (pay[buf[q]] / top) ** exponent
        target = uniform(stream) * total
        acc = (pay[x] / top) ** exponent
        if target < acc:
            return sx
        choice = sx
        for q in range(k):
            weight = (pay[buf[q]] / top) ** exponent
            if weight > 0.0:
                choice = state[buf[q]]
            acc += weight
            if target < acc:
                return state[buf[q]]
        return choice
    parent = buf[_proportional(uniform(stream), pay, buf, 0, k, fit, rule)]
    return state[parent]


@numba.njit(cache=True, parallel=True)
def synchronous_generation(state, new, pay, topo, max_degree, rule, n, seed_key, generation):
    """Every site decides at once from ``state`` and ``pay``; the result goes into ``new``."""
    size = state.shape[0]
    mutation = rule[4]
    random = np.int64(rule[0]) != IMITATE_BEST or mutation > 0.0
    blocks = (size + BLOCK - 1) // BLOCK
    for b in prange(blocks):
        buf = np.empty(max(max_degree, 1), dtype=np.int64)
        fit = np.empty(max(max_degree, 1), dtype=np.float64)
        stream = np.zeros(2, dtype=np.uint64)
        for x in range(b * BLOCK, min(size, (b + 1) * BLOCK)):
            if random:
                stream[0] = stream_key(seed_key, generation, x, TAG_SYNC)
                stream[1] = 0
            k = fill_neighbours(topo, x, buf)
            s = decide(x, k, buf, state, pay, rule, stream, fit)
            new[x] = _offspring(stream, s, n, mutation)


@numba.njit(cache=True, inline="always")
def _counted_payoff(y, state, counts, matrix, average):
    """Pay-off of site y from its games per strategy (same arithmetic as site_payoff)."""
    sy = state[y]
    total = 0.0
    played = 0
    for j in range(counts.shape[1]):
        total += matrix[sy, j] * counts[y, j]
        played += counts[y, j]
    if average and played > 0:
        total /= played
    return total


@numba.njit(cache=True)
def asynchronous_generation(
    state, pay, topo, max_degree, rule, n, seed_key, generation, games, matrix, cached, strat,
    match, state_size, hist_size,
):  # fmt: skip
    """``N`` random sequential updates of ``state`` in place; returns 0 or a history length
    a match needs (then the generation is incomplete: restore the state and call again).

    Before a site decides, the pay-offs its rule reads are recomputed from the current state
    (Fermi: the site and the chosen model -- the model draw is peeked, then drawn again by
    the rule; the other rules: the site and all its neighbours).  With every pair cached and
    at most :data:`COUNTED_STRATEGIES` strategies the games each site plays against each
    strategy are counted once and kept up to date, so a pay-off costs O(n).  ``pay`` is left
    holding fresh pay-offs only for the sites last read.
    """
    size = state.shape[0]
    mutation = rule[4]
    fermi = np.int64(rule[0]) == FERMI
    self_interaction, average, all_cached = games
    buf = np.empty(max(max_degree, 1), dtype=np.int64)
    other = np.empty(max(max_degree, 1), dtype=np.int64)
    fit = np.empty(max(max_degree, 1), dtype=np.float64)
    cnt = np.zeros(n, dtype=np.int64)
    work = _work(state_size, 0 if all_cached else hist_size)
    mkey = stream_key(seed_key, generation, 0, TAG_MATCHES)
    counted = all_cached and n <= COUNTED_STRATEGIES
    counts = np.zeros((size if counted else 0, n), dtype=np.int32)
    if counted:
        for x in range(size):
            k = fill_neighbours(topo, x, buf)
            if self_interaction:
                counts[x, state[x]] += 1
            for q in range(k):
                counts[x, state[buf[q]]] += 1
    stream = np.zeros(2, dtype=np.uint64)
    stream[0] = stream_key(seed_key, generation, 0, TAG_ASYNC)
    for _ in range(size):
        x = _index(uniform(stream), size)
        k = fill_neighbours(topo, x, buf)
        hi = k
        model = x
        if fermi:  # only the site and its model matter: peek at the model draw
            model = buf[_index(uniform(stream), k)]
            stream[1] -= np.uint64(1)
            hi = 1
        for q in range(-1, hi):
            y = x if q < 0 else (model if fermi else buf[q])
            if counted:
                pay[y] = _counted_payoff(y, state, counts, matrix, average)
            else:
                value, need = site_payoff(
                    y, state, topo, other, cnt, games, mkey, matrix, cached, strat, match, work
                )
                if need > 0:
                    return need
                pay[y] = value
        old = state[x]
        s = _offspring(stream, decide(x, k, buf, state, pay, rule, stream, fit), n, mutation)
        if s != old:
            state[x] = s
            if counted:
                if self_interaction:
                    counts[x, old] -= 1
                    counts[x, s] += 1
                for q in range(k):
                    counts[buf[q], old] -= 1
                    counts[buf[q], s] += 1
    return 0


@numba.njit(cache=True, inline="always")
def _root(parent, x):
    """Root of x's tree (path halving)."""
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


@numba.njit(cache=True, inline="always")
def _join(parent, x, y):
    rx = _root(parent, x)
    ry = _root(parent, y)
    if rx != ry:
        parent[max(rx, ry)] = min(rx, ry)


@numba.njit(cache=True)
def cluster_stats(state, topo, max_degree, out_clusters):
    """Number of clusters (connected sets of neighbours sharing a strategy) per strategy.

    Union-find: each site is joined to its same-strategy neighbours of smaller index (every
    link is seen once, from its larger end), then each tree's root counts one cluster.  On a
    lattice those neighbours are found by index arithmetic, except at wrapped edges.
    """
    size = state.shape[0]
    parent = np.empty(size, dtype=np.int32)
    for x in range(size):
        parent[x] = x
    buf = np.empty(max(max_degree, 1), dtype=np.int64)
    kind, rows, cols, torus = topo[0], topo[1], topo[2], topo[3]
    lattice = kind != GRAPH
    moore = kind == MOORE
    for x in range(size):
        sx = state[x]
        r = x // cols if lattice else 0
        c = x - r * cols if lattice else 0
        if lattice and not (torus and (r == 0 or c == 0 or r == rows - 1 or c == cols - 1)):
            # no wrap-around here: the smaller-index neighbours are left, and the row above
            if c > 0 and state[x - 1] == sx:
                _join(parent, x, x - 1)
            if r > 0:
                up = x - cols
                if state[up] == sx:
                    _join(parent, x, up)
                if moore and c > 0 and state[up - 1] == sx:
                    _join(parent, x, up - 1)
                if moore and c < cols - 1 and state[up + 1] == sx:
                    _join(parent, x, up + 1)
            continue
        k = fill_neighbours(topo, x, buf)
        for q in range(k):
            y = buf[q]
            if y < x and state[y] == sx:
                _join(parent, x, y)
    out_clusters[:] = 0
    for x in range(size):
        if parent[x] == x:
            out_clusters[state[x]] += 1


@numba.njit(cache=True)
def fill_neighbours_of(topo, x, buf):
    """:func:`fill_neighbours`, callable from Python."""
    return fill_neighbours(topo, x, buf)


@numba.njit(cache=True)
def degrees(topo, out):
    """Number of neighbours of every site into ``out``."""
    buf = np.empty(8 if topo[0] != GRAPH else max(1, out.shape[0]), dtype=np.int64)
    for x in range(out.shape[0]):
        out[x] = fill_neighbours(topo, x, buf)


@numba.njit(cache=True)
def count_strategies(state, out):
    """Sites per strategy into ``out`` (``int64[n]``)."""
    n = out.shape[0]
    if n <= 8:  # one vectorisable pass per strategy beats a histogram's dependent updates
        for s in range(n):
            total = 0
            for x in range(state.shape[0]):
                total += state[x] == s
            out[s] = total
        return
    out[:] = 0
    for x in range(state.shape[0]):
        out[state[x]] += 1
