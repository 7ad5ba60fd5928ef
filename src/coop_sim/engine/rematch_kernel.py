"""Kernel of the re-matching population (:mod:`coop_sim.design.rematching`).

A run is a population of ``N`` players (``N`` even).  Player ``i`` has a strategy ``kind[i]``,
an automaton state ``state[i]`` (a *global* state index: the states of all strategies are
stacked, strategy ``s`` owning ``start[s]`` and the states its table leads to), a partner
``partner[i]`` (-1 when free), the rounds ``age[i]`` spent with that partner and a public
record ``good[i]``.  The model is described in :mod:`coop_sim.design.rematching`; this note
fixes the order of the random draws, which the slow twin in ``tests/reference.py`` replays.

Generation ``g`` of run ``r`` draws from the stream ``stream_key(key, r, g, 0)`` (counter
reset to 0), serially, in this order:

1. each round ``t = 0 .. rounds - 1``:

   a. if some players are free: the free players, listed by increasing index, are shuffled
      by Fisher-Yates (for ``a = m - 1 .. 1``: ``b = floor(u * (a + 1))``, swap ``a, b``)
      and paired consecutively; both start their automata afresh;
   b. each pair ``(i, j)``, ``i < j``, in increasing order of ``i``: ``i``'s intention, then
      ``j``'s (a draw only when ``0 < p_c < 1``, as :func:`~coop_sim.engine.rng.choose`);
      a record reader whose partner's record is bad then intends D instead (no draw); if
      ``noise > 0``: ``i``'s flip, then ``j``'s; the automata advance on ``[state,
      intended, own actual, partner's actual]`` (the intention after the override); the
      records are updated from both players' records before the round; finally the pair
      ends when ``turns > 0`` and it has played ``turns`` rounds (no draw), else with
      probability ``end_prob`` (a draw only when ``0 < end_prob < 1``);

2. the update, from the generation's fitness (mean pay-off per round, listing included):

   * ``FERMI``: for ``i = 0 .. N - 1``: the model ``j`` uniform among the other ``N - 1``
     (``m = floor(u (N - 1))``, ``j = m + [m >= i]``); only when the model's strategy
     differs, the adoption draw (adopt when ``u < 1 / (1 + exp(-intensity (f_j - f_i)))``).
     Decisions use the strategies before the update (synchronous).
   * ``MORAN``: ``N`` birth-death events; each: the parent (``u * total`` walked over the
     players' fitness weights in index order; uniform ``floor(u N)`` when the total is
     <= 0), then the replaced player uniform among the other ``N - 1``, who takes the
     parent's strategy *and fitness weight* for the later events of the generation.
   * ``NONE``: nothing.

   then, if ``mutation > 0`` and ``n > 1``, for each player in index order: "mutates?" and,
   if it does, one of the other ``n - 1`` strategies uniformly; then, if
   ``teaching_share > 0``, for each player: "taught?" (it adopts ``teaching_strategy``).
   A player whose strategy differs from its strategy before the update leaves its
   relationship (its partner becomes free too).

Outputs per run (caller-allocated): counts per strategy before generation 0 and after each
generation; per generation the share of C moves, the mean game pay-off per player-round,
the mean listing transfer per player-round, the share of listed player-rounds and the mean
fitness pay-off per round of each strategy (NaN when absent); and a status code (0 = OK).
"""

import math

import numba
import numpy as np
from numba import prange

from coop_sim.engine import _cache  # noqa: F401  (sets the cache directory)
from coop_sim.engine.population_kernel import _index, _logistic, _other
from coop_sim.engine.rng import choose, stream_key, uniform

__all__ = [
    "ERR_NOT_FINITE",
    "FERMI",
    "IMAGE",
    "MORAN",
    "NO_RECORD",
    "NO_UPDATE",
    "OK",
    "STANDING",
    "simulate_parallel",
    "simulate_serial",
]

#: Update processes.
NO_UPDATE = 0
FERMI = 1
MORAN = 2
#: Public records.
NO_RECORD = 0
IMAGE = 1
STANDING = 2
#: Status codes (as in :mod:`coop_sim.engine.codes`).
OK = 0
ERR_NOT_FINITE = 1


@numba.njit(cache=True)
def _match_free(kind, start, state, partner, age, free, stream):
    """Pair the free players at random (see the module notes); return how many were free."""
    size = kind.shape[0]
    m = 0
    for i in range(size):
        if partner[i] < 0:
            free[m] = i
            m += 1
    for a in range(m - 1, 0, -1):
        b = _index(uniform(stream), a + 1)
        t = free[a]
        free[a] = free[b]
        free[b] = t
    for a in range(0, m - 1, 2):
        i = free[a]
        j = free[a + 1]
        partner[i] = j
        partner[j] = i
        age[i] = 0
        age[j] = 0
        state[i] = start[kind[i]]
        state[j] = start[kind[j]]
    return m


@numba.njit(cache=True)
def run_one(
    r, key, p_c, nxt, start, reader, kind0, pay, noise, end_prob, turns, record, bonus,
    encounters, process, intensity, baseline, exponential, mutation, teaching_share,
    teaching_strategy, rounds, out_counts, out_coop, out_welfare, out_subsidy, out_listed,
    out_payoff,
):  # fmt: skip
    """Simulate run ``r``; return the status.

    ``p_c`` float64[states], ``nxt`` int64[states * 8] (global state indices, flat
    ``state * 8 + intended * 4 + own * 2 + opp``), ``start`` int64[n] (global), ``reader``
    bool[n], ``kind0`` int64[N] (initial strategies), ``pay`` float64[4] = (R, S, T, P)
    indexed by ``2 own + opp``; ``turns`` 0 for no cap; ``out_counts`` int64[G + 1, n],
    ``out_payoff`` float64[G, n], the others float64[G].
    """
    size = kind0.shape[0]
    n = start.shape[0]
    generations = out_coop.shape[0]
    kind = kind0.copy()
    old = np.empty(size, dtype=np.int64)
    state = np.zeros(size, dtype=np.int64)
    partner = np.full(size, -1, dtype=np.int64)
    age = np.zeros(size, dtype=np.int64)
    good = np.ones(size, dtype=np.bool_)
    free = np.empty(size, dtype=np.int64)
    fit = np.empty(size, dtype=np.float64)
    weight = np.empty(size, dtype=np.float64)
    stream = np.zeros(2, dtype=np.uint64)
    for s in range(n):
        out_counts[0, s] = 0
    for i in range(size):
        out_counts[0, kind[i]] += 1
    listing = record != NO_RECORD
    noisy = noise > 0.0
    status = OK
    for g in range(generations):
        stream[0] = stream_key(key, r, g, 0)
        stream[1] = 0
        for i in range(size):
            fit[i] = 0.0
        coop = 0
        welfare = 0.0
        subsidy = 0.0
        listed = 0
        for _t in range(rounds):
            _match_free(kind, start, state, partner, age, free, stream)
            for i in range(size):
                j = partner[i]
                if j < i:
                    continue
                si = state[i]
                sj = state[j]
                ii = choose(stream, p_c[si])
                ij = choose(stream, p_c[sj])
                gi = good[i]
                gj = good[j]
                if reader[kind[i]] and not gj:
                    ii = 1
                if reader[kind[j]] and not gi:
                    ij = 1
                ai = ii
                aj = ij
                if noisy:
                    if uniform(stream) < noise:
                        ai = 1 - ai
                    if uniform(stream) < noise:
                        aj = 1 - aj
                state[i] = nxt[si * 8 + ii * 4 + ai * 2 + aj]
                state[j] = nxt[sj * 8 + ij * 4 + aj * 2 + ai]
                pi = pay[2 * ai + aj]
                pj = pay[2 * aj + ai]
                welfare += pi + pj
                coop += (1 - ai) + (1 - aj)
                if listing and gi:
                    extra = pi * (encounters - 1.0) + bonus
                    fit[i] += pi + extra
                    subsidy += extra
                    listed += 1
                else:
                    fit[i] += pi
                if listing and gj:
                    extra = pj * (encounters - 1.0) + bonus
                    fit[j] += pj + extra
                    subsidy += extra
                    listed += 1
                else:
                    fit[j] += pj
                if record == IMAGE:
                    good[i] = ai == 0
                    good[j] = aj == 0
                elif record == STANDING:
                    if ai == 0:
                        good[i] = True
                    elif gj:
                        good[i] = False
                    if aj == 0:
                        good[j] = True
                    elif gi:
                        good[j] = False
                age[i] += 1
                age[j] = age[i]
                end = False
                if turns > 0 and age[i] >= turns:
                    end = True
                elif end_prob >= 1.0:
                    end = True
                elif end_prob > 0.0:
                    end = uniform(stream) < end_prob
                if end:
                    partner[i] = -1
                    partner[j] = -1
        scale = 1.0 / (float(size) * rounds)
        out_coop[g] = coop * scale
        out_welfare[g] = welfare * scale
        out_subsidy[g] = subsidy * scale
        out_listed[g] = listed * scale
        for s in range(n):
            out_payoff[g, s] = 0.0
        for i in range(size):
            fit[i] = fit[i] / rounds
            out_payoff[g, kind[i]] += fit[i]
        for s in range(n):
            c = out_counts[g, s]
            out_payoff[g, s] = out_payoff[g, s] / c if c > 0 else np.nan
        # ---- update
        for i in range(size):
            old[i] = kind[i]
        if process == FERMI:
            for i in range(size):
                m = _index(uniform(stream), size - 1)
                j = m if m < i else m + 1
                if old[j] != old[i]:
                    if uniform(stream) < _logistic(intensity * (fit[j] - fit[i])):
                        kind[i] = old[j]
        elif process == MORAN:
            top = -math.inf
            for i in range(size):
                if fit[i] > top:
                    top = fit[i]
            for i in range(size):
                if exponential:
                    w = math.exp(intensity * (fit[i] - top))
                else:
                    w = baseline + intensity * fit[i]
                    if w < 0.0:
                        w = 0.0
                weight[i] = w
            for _e in range(size):
                total = 0.0
                for i in range(size):
                    total += weight[i]
                if not math.isfinite(total):
                    status = ERR_NOT_FINITE
                    break
                u = uniform(stream)
                parent = -1
                if total > 0.0:
                    target = u * total
                    cum = 0.0
                    for i in range(size):
                        if weight[i] > 0.0:
                            cum += weight[i]
                            parent = i
                            if target < cum:
                                break
                else:
                    parent = _index(u, size)
                m = _index(uniform(stream), size - 1)
                victim = m if m < parent else m + 1
                kind[victim] = kind[parent]
                weight[victim] = weight[parent]
        if mutation > 0.0 and n > 1:
            for i in range(size):
                if uniform(stream) < mutation:
                    kind[i] = _other(kind[i], n, uniform(stream))
        if teaching_share > 0.0:
            for i in range(size):
                if uniform(stream) < teaching_share:
                    kind[i] = teaching_strategy
        for i in range(size):
            if kind[i] != old[i] and partner[i] >= 0:
                partner[partner[i]] = -1
                partner[i] = -1
        for s in range(n):
            out_counts[g + 1, s] = 0
        for i in range(size):
            out_counts[g + 1, kind[i]] += 1
        if status != OK:
            for h in range(g + 1, generations):
                for s in range(n):
                    out_counts[h + 1, s] = out_counts[g + 1, s]
                    out_payoff[h, s] = np.nan
                out_coop[h] = np.nan
                out_welfare[h] = np.nan
                out_subsidy[h] = np.nan
                out_listed[h] = np.nan
            break
    return status


@numba.njit(cache=True, parallel=True)
def simulate_parallel(
    key, p_c, nxt, start, reader, kind0, pay, noise, end_prob, turns, record, bonus,
    encounters, process, intensity, baseline, exponential, mutation, teaching_share,
    teaching_strategy, rounds, out_counts, out_coop, out_welfare, out_subsidy, out_listed,
    out_payoff, out_status,
):  # fmt: skip
    """Simulate ``out_status.shape[0]`` runs in parallel (run ``r`` uses the streams
    ``stream_key(key, r, g, 0)``); results do not depend on the number of threads.

    ``out_counts`` int64[runs, G + 1, n], ``out_payoff`` float64[runs, G, n],
    ``out_coop``, ``out_welfare``, ``out_subsidy``, ``out_listed`` float64[runs, G],
    ``out_status`` int64[runs]; the other arguments as in :func:`run_one`.
    """
    for r in prange(out_status.shape[0]):
        out_status[r] = run_one(
            r, key, p_c, nxt, start, reader, kind0, pay, noise, end_prob, turns, record, bonus,
            encounters, process, intensity, baseline, exponential, mutation, teaching_share,
            teaching_strategy, rounds, out_counts[r], out_coop[r], out_welfare[r],
            out_subsidy[r], out_listed[r], out_payoff[r],
        )  # fmt: skip


@numba.njit(cache=True)
def simulate_serial(
    key, p_c, nxt, start, reader, kind0, pay, noise, end_prob, turns, record, bonus,
    encounters, process, intensity, baseline, exponential, mutation, teaching_share,
    teaching_strategy, rounds, out_counts, out_coop, out_welfare, out_subsidy, out_listed,
    out_payoff, out_status,
):  # fmt: skip
    """The serial twin of :func:`simulate_parallel` (same arguments, same results)."""
    for r in range(out_status.shape[0]):
        out_status[r] = run_one(
            r, key, p_c, nxt, start, reader, kind0, pay, noise, end_prob, turns, record, bonus,
            encounters, process, intensity, baseline, exponential, mutation, teaching_share,
            teaching_strategy, rounds, out_counts[r], out_coop[r], out_welfare[r],
            out_subsidy[r], out_listed[r], out_payoff[r],
        )  # fmt: skip
