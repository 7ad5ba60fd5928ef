"""Individual-based population kernels: populations on graphs, optionally playing real matches.

A population is an array ``nodes`` of N strategy indices; the interaction and reproduction
graphs are CSR arrays (``ptr`` of N + 1 offsets into ``idx``; every neighbour list sorted
ascending, no self-loops, no isolated nodes).  The pay-off of node ``x`` is the mean, over its
interaction neighbours ``y``, of the per-round pay-off of ``x``'s match against ``y``.

Pay-offs come from one of two sources per strategy pair ``(a, b)``:

* ``cached[a, b]``: the pair's outcome is known in advance (``matrix[a, b]``: expected pay-off
  matrix, or the one outcome of a deterministic, noiseless, fixed-length pair);
* otherwise the edge plays a real match every step, with a fresh stream.

When every pair is cached the kernel keeps, per node, the counts of its neighbours'
strategies and updates them in O(degree) when a node changes; a pay-off is then
``sum_s count[x, s] * matrix[nodes[x], s] / degree[x]`` (exact, no drift).

Streams (under ``seed_key``, run ``r``, step ``t``): the update rule draws from
``stream_key(seed_key, r, t, 0)``; the match of edge ``u < v`` at step ``t`` is keyed by
``stream_key(stream_key(seed_key, r, t, 1), u, v, 0)`` with ``u`` as player A (so it is
exactly the match :func:`~coop_sim.engine.match_kernel.tournament_kernel` would play under
that key); random placement of initial counts uses ``stream_key(seed_key, r, 0, 2)``.
Only the pay-offs a step needs are computed -- the result is the same as playing every
edge, since each match's stream depends only on its key.

Draws of one step (``U`` = next uniform of the step's stream, ``M`` = the mutation draws:
``U < mu``, then ``U`` picks one of the other ``n - 1`` strategies; no draws when mu = 0):

* birth-death: ``U`` parent (proportional to fitness among all N), ``U`` the reproduction
  neighbour it replaces, ``M``;
* death-birth: ``U`` the dead node, ``U`` the parent among its reproduction neighbours
  (proportional to fitness), ``M``;
* pairwise comparison: ``U`` the focal node, ``M`` (a mutation replaces the comparison),
  ``U`` the model among its reproduction neighbours, and, if their strategies differ,
  ``U`` against the Fermi probability.

A proportional choice draws among the candidates with weights given by the engine's one
fitness map (:func:`~coop_sim.engine.population_kernel.fitness_value`): linear, or
exponential shifted by the largest pay-off among the candidates (all N under birth-death,
the dead node's reproduction neighbours under death-birth), so it neither overflows nor
underflows; with total fitness 0 it is uniform.  Processes are coded as in
:data:`~coop_sim.engine.population_kernel.PROCESS_CODES`.

The abundance of a run is the time average of the shares of the state *after* each step
``burn_in + 1 .. T`` (``T = steps``, a run that stopped early holding its final state; with
``steps < 0`` the run's own last step; if ``T <= burn_in`` the final state's shares), as in
:mod:`~coop_sim.engine.population_kernel`.  Records at steps after a run stopped repeat its
final state.
"""

import math

import numba
import numpy as np

from coop_sim.engine import _cache  # noqa: F401  (sets the cache directory)
from coop_sim.engine.automaton_kernel import play_automata, threshold
from coop_sim.engine.match_kernel import NO_LENGTH, _play_pair_rep, draw_length
from coop_sim.engine.population_kernel import (
    MORAN,
    MORAN_DB,
    _index,
    _offspring,
    _other,
    fitness_value,
)
from coop_sim.engine.rng import stream_key, uniform

TAG_UPDATE = 0
TAG_MATCHES = 1
TAG_PLACEMENT = 2


@numba.njit(cache=True, inline="always")
def fermi_adoption(gain, intensity):
    """Probability ``1 / (1 + exp(-intensity * gain))`` of adopting a model whose pay-off
    exceeds one's own by ``gain`` (as ``(1 + tanh(intensity * gain / 2)) / 2``: no overflow)."""
    return 0.5 * (1.0 + math.tanh(0.5 * intensity * gain))


@numba.njit(cache=True)
def play_edge(sa, sb, key, strat, match, work):
    """Per-round pay-offs ``(pay_a, pay_b, need)`` of one match between strategies sa and sb.

    ``strat`` = (families, offsets, params, is_auto, auto_thr, auto_nxt, auto_off,
    auto_start, is_m1), ``match`` = (turns, continuation, noise, known_length, game[4]), ``work`` =
    (state_a, state_b, hist_a, hist_b, counts[4], stream[2]).  If the histories are too
    short for a match that needs them, nothing is played and ``need`` is the length.
    """
    families, offsets, params, is_auto, auto_thr, auto_nxt, auto_off, auto_start, is_m1 = strat
    turns, continuation, noise, known_length, game = match
    st_a, st_b, hist_a, hist_b, counts, stream = work
    stream[0] = key
    stream[1] = 0
    n = draw_length(stream, turns, continuation)
    both_auto = is_auto[sa] and is_auto[sb]
    if not both_auto and n > hist_a.shape[0]:
        return 0.0, 0.0, n
    length = n if (known_length and continuation < 0.0) else NO_LENGTH
    counts[:] = 0
    if both_auto and is_m1[sa] and is_m1[sb]:  # as _play_pair_rep, with the memory-one form
        play_automata(
            auto_thr[auto_off[sa] : auto_off[sa + 1]],
            auto_nxt[8 * auto_off[sa] : 8 * auto_off[sa + 1]], auto_start[sa],
            auto_thr[auto_off[sb] : auto_off[sb + 1]],
            auto_nxt[8 * auto_off[sb] : 8 * auto_off[sb + 1]], auto_start[sb], n,
            threshold(noise), threshold(noise), stream[0], stream[1] + 1, counts, hist_a,
            hist_b, False, True,
        )  # fmt: skip
    else:
        _play_pair_rep(
            sa, sb, families[sa], params[offsets[sa] : offsets[sa + 1]], st_a, families[sb],
            params[offsets[sb] : offsets[sb + 1]], st_b, auto_thr, auto_nxt, auto_off, auto_start,
            both_auto, n, length, noise, stream, hist_a, hist_b, counts, False,
        )  # fmt: skip
    r, s, t, p = game[0], game[1], game[2], game[3]
    pay_a = (r * counts[0] + s * counts[1] + t * counts[2] + p * counts[3]) / n
    pay_b = (r * counts[0] + t * counts[1] + s * counts[2] + p * counts[3]) / n
    return pay_a, pay_b, 0


@numba.njit(cache=True)
def _edge(u, v, nodes, mkey, matrix, cached, strat, match, work):
    """Pay-offs of nodes u < v from their match this step (cached pairs are looked up)."""
    su = nodes[u]
    sv = nodes[v]
    if cached[su, sv]:
        return matrix[su, sv], matrix[sv, su], 0
    return play_edge(su, sv, stream_key(mkey, u, v, 0), strat, match, work)


@numba.njit(cache=True)
def _fresh_payoff(x, nodes, ptr, idx, mkey, matrix, cached, strat, match, work):
    """Pay-off of node x this step, summed over its neighbours in ascending order."""
    total = 0.0
    for q in range(ptr[x], ptr[x + 1]):
        y = idx[q]
        if y < x:
            _, pay_x, need = _edge(y, x, nodes, mkey, matrix, cached, strat, match, work)
        else:
            pay_x, _, need = _edge(x, y, nodes, mkey, matrix, cached, strat, match, work)
        if need > 0:
            return 0.0, need
        total += pay_x
    return total / (ptr[x + 1] - ptr[x]), 0


@numba.njit(cache=True)
def _fresh_all(pay, nodes, ptr, idx, mkey, matrix, cached, strat, match, work):
    """Every node's pay-off this step, each edge played once (same sums as node by node)."""
    pay[:] = 0.0
    for u in range(nodes.shape[0]):
        for q in range(ptr[u], ptr[u + 1]):
            v = idx[q]
            if v > u:
                pay_u, pay_v, need = _edge(u, v, nodes, mkey, matrix, cached, strat, match, work)
                if need > 0:
                    return need
                pay[u] += pay_u
                pay[v] += pay_v
    for u in range(nodes.shape[0]):
        pay[u] /= ptr[u + 1] - ptr[u]
    return 0


@numba.njit(cache=True)
def _cached_payoff(x, nodes, nbr, matrix, degree):
    s_x = nodes[x]
    total = 0.0
    for s in range(nbr.shape[1]):
        total += nbr[x, s] * matrix[s_x, s]
    return total / degree


@numba.njit(cache=True)
def _proportional(u, pay, members, lo, hi, fit, rule):
    """Index among ``members[lo:hi]`` (or 0..N-1 if members is empty) chosen with weights the
    fitness of the candidates' pay-offs; ``fit`` (float64[>= hi - lo]) is a work array."""
    exponential, intensity, baseline = rule[1], rule[2], rule[3]
    m = hi - lo
    top = -math.inf
    for q in range(lo, hi):
        fit[q - lo] = pay[members[q]] if members.shape[0] > 0 else pay[q]
        top = max(top, fit[q - lo])
    total = 0.0
    for q in range(m):
        fit[q] = fitness_value(fit[q], top, intensity, baseline, exponential)
        total += fit[q]
    if not total > 0.0:
        return lo + _index(u, m)
    target = u * total
    acc = 0.0
    last = lo
    for q in range(m):
        if fit[q] > 0.0:
            last = lo + q
        acc += fit[q]
        if target < acc:
            return lo + q
    return last


@numba.njit(cache=True)
def _change(x, b, nodes, counts, all_cached, nbr, pay, int_ptr, int_idx, matrix):
    """Node x takes strategy b; keep counts (and, if cached, pay-offs) up to date."""
    a = nodes[x]
    if a == b:
        return
    nodes[x] = b
    counts[a] -= 1
    counts[b] += 1
    if not all_cached:
        return
    for q in range(int_ptr[x], int_ptr[x + 1]):
        y = int_idx[q]
        nbr[y, a] -= 1
        nbr[y, b] += 1
        pay[y] = _cached_payoff(y, nodes, nbr, matrix, int_ptr[y + 1] - int_ptr[y])
    pay[x] = _cached_payoff(x, nodes, nbr, matrix, int_ptr[x + 1] - int_ptr[x])


@numba.njit(cache=True)
def _step(
    stream, mkey, nodes, counts, n, rule, all_cached, nbr, pay, fit, int_ptr, int_idx, rep_ptr,
    rep_idx, matrix, cached, strat, match, work, no_members,
):  # fmt: skip
    """One step of the update rule; returns 0, or a history length to allocate and retry."""
    process, intensity, mutation = rule[0], rule[2], rule[4]
    size = nodes.shape[0]
    if process == MORAN:
        if not all_cached:
            need = _fresh_all(
                pay, nodes, int_ptr, int_idx, mkey, matrix, cached, strat, match, work
            )
            if need > 0:
                return need
        parent = _proportional(uniform(stream), pay, no_members, 0, size, fit, rule)
        deg = rep_ptr[parent + 1] - rep_ptr[parent]
        target = rep_idx[rep_ptr[parent] + _index(uniform(stream), deg)]
        child = _offspring(stream, nodes[parent], n, mutation)
        _change(target, child, nodes, counts, all_cached, nbr, pay, int_ptr, int_idx, matrix)
        return 0
    if process == MORAN_DB:
        dead = _index(uniform(stream), size)
        lo = rep_ptr[dead]
        hi = rep_ptr[dead + 1]
        u = uniform(stream)
        mixed = all_cached
        if not all_cached:
            for q in range(lo + 1, hi):
                mixed = mixed or nodes[rep_idx[q]] != nodes[rep_idx[lo]]
            work_needed = 0
            for q in range(lo, hi):
                work_needed += int_ptr[rep_idx[q] + 1] - int_ptr[rep_idx[q]]
            if mixed and 2 * work_needed > int_idx.shape[0]:  # cheaper: every edge once
                need = _fresh_all(
                    pay, nodes, int_ptr, int_idx, mkey, matrix, cached, strat, match, work
                )
                if need > 0:
                    return need
            elif mixed:  # only then do the parents' fitnesses matter
                for q in range(lo, hi):
                    y = rep_idx[q]
                    value, need = _fresh_payoff(
                        y, nodes, int_ptr, int_idx, mkey, matrix, cached, strat, match, work
                    )
                    if need > 0:
                        return need
                    pay[y] = value
        if mixed:
            parent = rep_idx[_proportional(u, pay, rep_idx, lo, hi, fit, rule)]
        else:  # every candidate has the same strategy: which one is the parent is moot
            parent = rep_idx[lo + _index(u, hi - lo)]
        child = _offspring(stream, nodes[parent], n, mutation)
        _change(dead, child, nodes, counts, all_cached, nbr, pay, int_ptr, int_idx, matrix)
        return 0
    focal = _index(uniform(stream), size)
    if mutation > 0.0 and uniform(stream) < mutation:
        child = _other(nodes[focal], n, uniform(stream))
        _change(focal, child, nodes, counts, all_cached, nbr, pay, int_ptr, int_idx, matrix)
        return 0
    deg = rep_ptr[focal + 1] - rep_ptr[focal]
    model = rep_idx[rep_ptr[focal] + _index(uniform(stream), deg)]
    if nodes[model] == nodes[focal]:
        return 0
    if all_cached:
        pay_f = pay[focal]
        pay_m = pay[model]
    else:
        pay_f, need = _fresh_payoff(
            focal, nodes, int_ptr, int_idx, mkey, matrix, cached, strat, match, work
        )
        if need > 0:
            return need
        pay_m, need = _fresh_payoff(
            model, nodes, int_ptr, int_idx, mkey, matrix, cached, strat, match, work
        )
        if need > 0:
            return need
    adopt = fermi_adoption(pay_m - pay_f, intensity)
    if uniform(stream) < adopt:
        _change(focal, nodes[model], nodes, counts, all_cached, nbr, pay, int_ptr, int_idx, matrix)
    return 0


@numba.njit(cache=True)
def _monomorphic(counts, size):
    for s in range(counts.shape[0]):
        if counts[s] == size:
            return s
    return -1


@numba.njit(cache=True)
def run_one(
    run, seed_key, rule, start, place, n, matrix, cached, all_cached, int_ptr, int_idx,
    rep_ptr, rep_idx, strat, match, state_size, hist_size, steps, max_steps, record_steps,
    burn_in, out_counts, out_abundance, out_nodes,
):  # fmt: skip
    """Simulate run ``run``; returns (steps taken, first monomorphic step or -1).

    Writes ``out_counts[records, n]``, ``out_abundance[n]`` and ``out_nodes[N]`` (final).
    ``steps < 0``: run until fixation (mutation 0) or ``max_steps``.
    """
    mutation = rule[4]
    size = start.shape[0]
    nodes = start.copy()
    stream = np.zeros(2, dtype=np.uint64)
    if place:  # random placement: Fisher-Yates
        stream[0] = stream_key(seed_key, run, 0, TAG_PLACEMENT)
        for x in range(size - 1, 0, -1):
            y = _index(uniform(stream), x + 1)
            nodes[x], nodes[y] = nodes[y], nodes[x]
    counts = np.zeros(n, dtype=np.int64)
    for x in range(size):
        counts[nodes[x]] += 1
    pay = np.zeros(size)
    fit = np.zeros(size)  # work array of the proportional choices
    nbr = np.zeros((size if all_cached else 0, n), dtype=np.int64)
    if all_cached:
        for x in range(size):
            for q in range(int_ptr[x], int_ptr[x + 1]):
                nbr[x, nodes[int_idx[q]]] += 1
        for x in range(size):
            pay[x] = _cached_payoff(x, nodes, nbr, matrix, int_ptr[x + 1] - int_ptr[x])
    hist_a = np.empty(hist_size, dtype=np.int8)
    hist_b = np.empty(hist_size, dtype=np.int8)
    work = (
        np.zeros(state_size, dtype=np.float64), np.zeros(state_size, dtype=np.float64),
        hist_a, hist_b, np.zeros(4, dtype=np.int64), np.zeros(2, dtype=np.uint64),
    )  # fmt: skip
    no_members = np.zeros(0, dtype=np.int64)
    acc = np.zeros(n)
    horizon = steps if steps >= 0 else max_steps
    n_records = record_steps.shape[0]
    rec = 0
    fixed_at = 0 if _monomorphic(counts, size) >= 0 else -1
    t = 0
    while True:
        while rec < n_records and record_steps[rec] == t:
            out_counts[rec, :] = counts
            rec += 1
        if t >= horizon or (mutation == 0.0 and _monomorphic(counts, size) >= 0):
            break
        stream[0] = stream_key(seed_key, run, t, TAG_UPDATE)
        stream[1] = 0
        mkey = stream_key(seed_key, run, t, TAG_MATCHES)
        need = _step(
            stream, mkey, nodes, counts, n, rule, all_cached, nbr, pay, fit, int_ptr, int_idx,
            rep_ptr, rep_idx, matrix, cached, strat, match, work, no_members,
        )  # fmt: skip
        while need > 0:  # a longer match than the histories hold: grow them, replay the step
            grown = max(need, 2 * work[2].shape[0])
            work = (
                work[0], work[1], np.empty(grown, dtype=np.int8), np.empty(grown, dtype=np.int8),
                work[4], work[5],
            )  # fmt: skip
            stream[1] = 0
            need = _step(
                stream, mkey, nodes, counts, n, rule, all_cached, nbr, pay, fit, int_ptr,
                int_idx, rep_ptr, rep_idx, matrix, cached, strat, match, work, no_members,
            )  # fmt: skip
        t += 1
        if t > burn_in:  # the state after step t
            for s in range(n):
                acc[s] += counts[s]
        if fixed_at < 0 and _monomorphic(counts, size) >= 0:
            fixed_at = t
    for r in range(rec, n_records):
        out_counts[r, :] = counts
    end = steps if steps >= 0 else t
    held = end - max(t, burn_in)  # a fixed run holds its state to the end of the horizon
    if held > 0:
        for s in range(n):
            acc[s] += held * counts[s]
    span = end - burn_in
    for s in range(n):
        out_abundance[s] = acc[s] / (span * size) if span > 0 else counts[s] / size
    out_nodes[:] = nodes
    return t, fixed_at


@numba.njit(cache=True, parallel=True)
def structured_kernel(
    seed_key, rule, start, place, n, matrix, cached, all_cached, int_ptr, int_idx, rep_ptr,
    rep_idx, strat, match, state_size, hist_size, steps, max_steps, record_steps, burn_in,
    out_counts, out_abundance, out_nodes, out_steps, out_fixation_step,
):  # fmt: skip
    """Simulate ``out_counts.shape[0]`` independent runs in parallel (see :func:`run_one`).

    ``rule`` = (process code, exponential fitness?, intensity, baseline, mutation).  Each
    run's streams depend only on (seed_key, run, step), so results do not depend on the
    thread count.
    """
    for run in numba.prange(out_counts.shape[0]):
        taken, fixed_at = run_one(
            run, seed_key, rule, start, place, n, matrix, cached, all_cached, int_ptr, int_idx,
            rep_ptr, rep_idx, strat, match, state_size, hist_size, steps, max_steps,
            record_steps, burn_in, out_counts[run], out_abundance[run], out_nodes[run],
        )  # fmt: skip
        out_steps[run] = taken
        out_fixation_step[run] = fixed_at
