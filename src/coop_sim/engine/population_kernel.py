"""Simulation kernels for well-mixed finite populations (Moran BD, Moran DB, Fermi).

The rules are those of :mod:`coop_sim.evolution.population`.  The state of a run is the
vector ``k`` of counts per strategy (``int64[n]``) together with ``A @ k`` (kept up to date
in O(n) per change and recomputed from scratch every :data:`REFRESH` changes, so rounding
cannot drift) and, in the Moran processes, each strategy's fitness.

Individuals are identified with their position when the population is listed *sorted by
strategy*: "the m-th individual" is the one at which the running sum of ``k`` first exceeds
m, and "the m-th among the other N - 1" is the same with one individual of the excluded
strategy removed.  A uniform choice among ``M`` individuals takes ``m = floor(u * M)``; a
choice proportional to fitness walks the strategies in order with weights
``k_s * fitness_s`` and takes the first whose running sum exceeds ``u * total`` (when the
total fitness is <= 0 the choice is uniform instead, as in ``FiniteProcess.transitions``).
Exponential fitness is computed as ``exp(intensity * (payoff - top))`` with ``top`` the
largest pay-off among the strategies the choice is made from (present in the population;
under death-birth, present among the other N - 1): the common factor leaves every Moran
probability unchanged, keeps the weights <= 1 and gives the fittest candidate weight 1, so
strong selection cannot underflow into neutral drift nor overflow.  :func:`fitness_value`
is the one fitness map of the engine (the structured kernel uses it too).

Run ``r`` draws from its own counter-based stream ``stream_key(seed_key, r, 0, 0)``, in
this order within a step (a draw "if mu > 0" is skipped when the mutation probability is 0):

* ``MORAN`` (birth-death): parent (by fitness); if mu > 0: mutation? and, if it mutates,
  which other strategy (uniform over the n - 1 others); the replaced individual (uniform
  among the N - 1 other than the parent).
* ``MORAN_DB`` (death-birth): the dying individual (uniform among N); the parent among the
  other N - 1 (by fitness as before the death); if mu > 0: mutation? and which strategy.
* ``FERMI`` (pairwise comparison): the focal individual (uniform among N); if mu > 0:
  mutation? and, if so, which other strategy (the step ends there); otherwise the model
  (uniform among the other N - 1) and, only when the model's strategy differs from the
  focal's, the adoption draw, adopting when ``u < 1 / (1 + exp(-intensity * (payoff_model -
  payoff_focal)))`` (computed without overflow).

Outputs per run (caller-allocated): the counts at the steps listed in ``record_at``
(ascending; records after the run stopped repeat its final state), the fixed strategy (the
final state's strategy if it is monomorphic, else -1), the first step at which the state was
monomorphic (0 for a monomorphic initial state, -1 if never), the abundance (the state's
shares averaged over steps ``burn_in + 1 .. T``, the state *after* each step; ``T`` is the
horizon when ``full_horizon`` -- a run that stopped early counts its final state for the
remaining steps -- else the run's own last step; if ``T <= burn_in`` the final state's
shares), the steps run, and a status code (0 = OK).  A run stops early only when
``stop_at_fixation`` is set and the state becomes monomorphic.
"""

import math

import numba
import numpy as np
from numba import prange

from coop_sim.engine import _cache  # noqa: F401  (sets the cache directory)
from coop_sim.engine.rng import stream_key, uniform

__all__ = [
    "ERR_NOT_FINITE",
    "FERMI",
    "MORAN",
    "MORAN_DB",
    "OK",
    "PROCESS_CODES",
    "fitness_value",
    "simulate_parallel",
    "simulate_serial",
]

#: Process codes (shared with :mod:`coop_sim.engine.structured_kernel`).
MORAN = 0
MORAN_DB = 1
FERMI = 2
#: Process name (:data:`coop_sim.evolution.population.FINITE_PROCESSES`) -> code.
PROCESS_CODES = {"moran": MORAN, "moran-db": MORAN_DB, "fermi": FERMI}
#: Status codes (as in :mod:`coop_sim.engine.codes`).
OK = 0
ERR_NOT_FINITE = 1
#: ``A @ k`` is recomputed from the counts after this many changes.
REFRESH = 4096


@numba.njit(cache=True, inline="always")
def _index(u, size):
    """``floor(u * size)`` clipped to ``size - 1`` (guards the rounding of ``u * size``)."""
    m = np.int64(u * size)
    if m >= size:
        m = size - 1
    return m


@numba.njit(cache=True)
def _pick_counted(k, exclude, m):
    """Strategy of the m-th individual (sorted by strategy), one ``exclude`` removed."""
    cum = 0
    n = k.shape[0]
    for s in range(n):
        c = k[s]
        if s == exclude:
            c -= 1
        cum += c
        if m < cum:
            return s
    return n - 1


@numba.njit(cache=True)
def _pick_weighted(k, fit, exclude, total, u):
    """Strategy chosen with probability proportional to ``(k_s - [s == exclude]) fit_s``."""
    target = u * total
    cum = 0.0
    last = -1
    for s in range(k.shape[0]):
        c = k[s]
        if s == exclude:
            c -= 1
        if c > 0 and fit[s] > 0.0:
            cum += c * fit[s]
            last = s
            if target < cum:
                return s
    return last


@numba.njit(cache=True, inline="always")
def _other(s, n, u):
    """One of the n - 1 strategies other than ``s``, uniformly."""
    m = _index(u, n - 1)
    return m if m < s else m + 1


@numba.njit(cache=True, inline="always")
def _offspring(stream, s, n, mutation):
    """Strategy of an ``s`` parent's offspring: if mu > 0, draw "mutates?" and, if it does,
    one of the other strategies (:func:`_other`)."""
    if mutation > 0.0 and uniform(stream) < mutation:
        return _other(s, n, uniform(stream))
    return s


@numba.njit(cache=True, inline="always")
def fitness_value(payoff, top, intensity, baseline, exponential):
    """Fitness of ``payoff``: ``exp(intensity * (payoff - top))`` or ``baseline + intensity *
    payoff``; ``top`` is the largest pay-off among the candidates (ignored when linear)."""
    if exponential:
        return math.exp(intensity * (payoff - top))
    return baseline + intensity * payoff


@numba.njit(cache=True, inline="always")
def _payoff(a, ak, s, denom, self_interaction):
    if self_interaction:
        return ak[s] / denom
    return (ak[s] - a[s, s]) / denom


@numba.njit(cache=True, inline="always")
def _logistic(x):
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@numba.njit(cache=True)
def _adoption(a, ak, denom, self_interaction, intensity, table):
    """``table[i, j]``: probability that an ``i`` focal adopts a ``j`` model's strategy."""
    n = ak.shape[0]
    for i in range(n):
        p_i = _payoff(a, ak, i, denom, self_interaction)
        for j in range(n):
            table[i, j] = _logistic(intensity * (_payoff(a, ak, j, denom, self_interaction) - p_i))


@numba.njit(cache=True)
def _refresh(a, k, ak):
    n = k.shape[0]
    for s in range(n):
        t = 0.0
        for j in range(n):
            t += a[s, j] * k[j]
        ak[s] = t


@numba.njit(cache=True)
def _fitness(a, k, ak, fit, denom, self_interaction, intensity, baseline, exponential, exclude):
    """Fill ``fit`` for the candidates ``c_s = k_s - [s == exclude]`` and return their total
    fitness ``sum_s c_s fit_s`` (exponential fitness shifted by their largest pay-off)."""
    n = k.shape[0]
    top = -math.inf
    for s in range(n):  # pay-offs, and the largest among the candidates, in one pass
        p = _payoff(a, ak, s, denom, self_interaction)
        fit[s] = p
        c = k[s] - 1 if s == exclude else k[s]
        if c > 0 and p > top:
            top = p
    total = 0.0
    for s in range(n):
        c = k[s] - 1 if s == exclude else k[s]
        fit[s] = fitness_value(fit[s], top, intensity, baseline, exponential)
        if c > 0:  # a non-candidate's fitness may overflow; it is never used
            total += c * fit[s]
    return total


@numba.njit(cache=True)
def _death_birth_tables(a, k, ak, table, pools, denom, self_interaction, intensity, baseline,
                        exponential):  # fmt: skip
    """For each strategy ``i`` that may die: ``table[i]`` the fitness of the others and
    ``pools[i]`` their total (as :func:`_fitness` with ``exclude=i``); return False if a
    total is not finite."""
    ok = True
    for i in range(k.shape[0]):
        pools[i] = _fitness(a, k, ak, table[i], denom, self_interaction, intensity, baseline,
                            exponential, i)  # fmt: skip
        if k[i] > 0 and not math.isfinite(pools[i]):
            ok = False
    return ok


@numba.njit(cache=True)
def run_one(
    process, a, size, intensity, baseline, exponential, self_interaction, mutation, k0,
    horizon, stop_at_fixation, burn_in, full_horizon, record_at, stream, k, ak, fit, acc,
    table, out_counts, out_abundance,
):  # fmt: skip
    """Simulate one run; return ``(fixed, fixation_step, steps, status)``.

    ``k``, ``ak``, ``fit`` (float64[n]), ``acc`` (int64[n]) and ``table`` (float64[n, n])
    are work arrays, refreshed when the state changes: Moran birth-death keeps the fitness
    in ``fit``; death-birth keeps in ``table[i]`` the fitness of the others when an ``i``
    dies and their total in ``fit[i]``; Fermi keeps its adoption probabilities in ``table``;
    ``out_counts`` is ``int64[records, n]`` and ``out_abundance`` ``float64[n]``.
    """
    n = k0.shape[0]
    for s in range(n):
        k[s] = k0[s]
        acc[s] = 0
    _refresh(a, k, ak)
    denom = float(size) if self_interaction else size - 1.0
    n_rec = record_at.shape[0]
    rec = 0
    while rec < n_rec and record_at[rec] <= 0:
        for s in range(n):
            out_counts[rec, s] = k[s]
        rec += 1
    fix_step = -1
    for s in range(n):
        if k[s] == size:
            fix_step = 0
    status = OK
    total = 0.0
    if process == MORAN:
        total = _fitness(a, k, ak, fit, denom, self_interaction, intensity, baseline,
                         exponential, -1)  # fmt: skip
        if not math.isfinite(total):
            status = ERR_NOT_FINITE
    elif process == FERMI:
        _adoption(a, ak, denom, self_interaction, intensity, table)
    elif not _death_birth_tables(a, k, ak, table, fit, denom, self_interaction, intensity,
                                 baseline, exponential):  # fmt: skip
        status = ERR_NOT_FINITE
    done = status != OK or (stop_at_fixation and fix_step == 0)
    since = burn_in + 1  # first step whose state is not yet in ``acc``
    changes = 0
    step = 0
    while not done and step < horizon:
        step += 1
        old = -1
        new = -1
        if process == FERMI:
            i = _pick_counted(k, -1, _index(uniform(stream), size))
            if mutation > 0.0 and uniform(stream) < mutation:
                old = i
                new = _other(i, n, uniform(stream))
            else:
                j = _pick_counted(k, i, _index(uniform(stream), size - 1))
                if j != i and uniform(stream) < table[i, j]:
                    old = i
                    new = j
        elif process == MORAN:
            u = uniform(stream)
            if total > 0.0:
                parent = _pick_weighted(k, fit, -1, total, u)
            else:
                parent = _pick_counted(k, -1, _index(u, size))
            j = _offspring(stream, parent, n, mutation)
            i = _pick_counted(k, parent, _index(uniform(stream), size - 1))
            if i != j:
                old = i
                new = j
        else:  # death-birth
            i = _pick_counted(k, -1, _index(uniform(stream), size))
            # fitness of the other N - 1 (pay-offs as before the death), shifted by their top
            pool = fit[i]
            u = uniform(stream)
            if pool > 0.0:
                parent = _pick_weighted(k, table[i], i, pool, u)
            else:
                parent = _pick_counted(k, i, _index(u, size - 1))
            j = _offspring(stream, parent, n, mutation)
            if i != j:
                old = i
                new = j
        if new >= 0:
            if step > since:  # the old state held for steps since .. step - 1
                dt = step - since
                for s in range(n):
                    acc[s] += k[s] * dt
            if step > since - 1:
                since = step
            k[old] -= 1
            k[new] += 1
            changes += 1
            if changes % REFRESH == 0:
                _refresh(a, k, ak)
            else:
                for s in range(n):
                    ak[s] += a[s, new] - a[s, old]
            if process == MORAN:
                total = _fitness(a, k, ak, fit, denom, self_interaction, intensity, baseline,
                                 exponential, -1)  # fmt: skip
                if not math.isfinite(total):
                    status = ERR_NOT_FINITE
                    done = True
            elif process == FERMI:
                _adoption(a, ak, denom, self_interaction, intensity, table)
            elif not _death_birth_tables(a, k, ak, table, fit, denom, self_interaction,
                                         intensity, baseline, exponential):  # fmt: skip
                status = ERR_NOT_FINITE
                done = True
            if k[new] == size:
                if fix_step < 0:
                    fix_step = step
                if stop_at_fixation:
                    done = True
        if rec < n_rec and record_at[rec] == step:
            for s in range(n):
                out_counts[rec, s] = k[s]
            rec += 1
    while rec < n_rec:
        for s in range(n):
            out_counts[rec, s] = k[s]
        rec += 1
    last = horizon if full_horizon else step
    if last >= since:
        for s in range(n):
            acc[s] += k[s] * (last - since + 1)
    if last > burn_in:
        scale = 1.0 / (float(last - burn_in) * size)
        for s in range(n):
            out_abundance[s] = acc[s] * scale
    else:
        for s in range(n):
            out_abundance[s] = k[s] / size
    fixed = -1
    for s in range(n):
        if k[s] == size:
            fixed = s
    return fixed, fix_step, step, status


@numba.njit(cache=True)
def _simulate_run(
    r, process, a, size, intensity, baseline, exponential, self_interaction, mutation, k0,
    horizon, stop_at_fixation, burn_in, full_horizon, record_at, seed_key, first_run,
    out_counts, out_fixed, out_fix_step, out_abundance, out_steps, out_status,
):  # fmt: skip
    n = k0.shape[0]
    stream = np.zeros(2, dtype=np.uint64)
    stream[0] = stream_key(seed_key, first_run + r, 0, 0)
    k = np.empty(n, dtype=np.int64)
    acc = np.empty(n, dtype=np.int64)
    ak = np.empty(n, dtype=np.float64)
    fit = np.empty(n, dtype=np.float64)
    table = np.empty((n, n), dtype=np.float64)
    fixed, fix_step, steps, status = run_one(
        process, a, size, intensity, baseline, exponential, self_interaction, mutation, k0,
        horizon, stop_at_fixation, burn_in, full_horizon, record_at, stream, k, ak, fit, acc,
        table, out_counts[r], out_abundance[r],
    )  # fmt: skip
    out_fixed[r] = fixed
    out_fix_step[r] = fix_step
    out_steps[r] = steps
    out_status[r] = status


@numba.njit(cache=True, parallel=True)
def simulate_parallel(
    process, a, size, intensity, baseline, exponential, self_interaction, mutation, k0,
    horizon, stop_at_fixation, burn_in, full_horizon, record_at, seed_key, first_run,
    out_counts, out_fixed, out_fix_step, out_abundance, out_steps, out_status,
):  # fmt: skip
    """Simulate ``out_fixed.shape[0]`` runs in parallel (row ``r`` is run ``first_run + r``
    and uses that run's stream, so chunks of runs give the same results as one call).

    ``out_counts``: int64[runs, records, n]; ``out_abundance``: float64[runs, n]; the
    others int64[runs].  Results do not depend on the number of threads.
    """
    for r in prange(out_fixed.shape[0]):
        _simulate_run(
            r, process, a, size, intensity, baseline, exponential, self_interaction, mutation,
            k0, horizon, stop_at_fixation, burn_in, full_horizon, record_at, seed_key, first_run,
            out_counts, out_fixed, out_fix_step, out_abundance, out_steps, out_status,
        )  # fmt: skip


@numba.njit(cache=True)
def simulate_serial(
    process, a, size, intensity, baseline, exponential, self_interaction, mutation, k0,
    horizon, stop_at_fixation, burn_in, full_horizon, record_at, seed_key, first_run,
    out_counts, out_fixed, out_fix_step, out_abundance, out_steps, out_status,
):  # fmt: skip
    """The serial twin of :func:`simulate_parallel` (same arguments, same results)."""
    for r in range(out_fixed.shape[0]):
        _simulate_run(
            r, process, a, size, intensity, baseline, exponential, self_interaction, mutation,
            k0, horizon, stop_at_fixation, burn_in, full_horizon, record_at, seed_key, first_run,
            out_counts, out_fixed, out_fix_step, out_abundance, out_steps, out_status,
        )  # fmt: skip
