"""Exact expected pay-offs of two finite-state strategies, by linear algebra on their joint chain.

Automaton convention (shared with the rest of the engine): ``p_c`` float64[n] is the
probability of *intending* C (action 0) in state ``s``; ``nxt`` int64[n, 2, 2, 2] is the next
state indexed ``[s, intended_own, actual_own, actual_opp]``; ``start`` is the state in round 0.
Each player's intended action is flipped with probability ``noise`` (its own), pay-offs are
paid on actual actions.

Encodings used by every kernel in this module
---------------------------------------------
* ``continuation < 0`` means *no* continuation probability; ``turns <= 0`` means *no* fixed
  length.  The averaging is chosen from the two:

  ========================  =============================================================
  continuation, turns       per-round mean of a quantity ``u_t``
  ========================  =============================================================
  ``w >= 0``, none          discounted: ``(1 - w) * sum_t w**t E[u_t]`` (needs ``w < 1``)
  none, ``n > 0``           fixed length: ``(1/n) sum_{t<n} E[u_t]``
  ``w >= 0``, ``n > 0``     both (length ``min(n, Geometric)``):
                            ``sum_{t<n} w**t E[u_t] / sum_{t<n} w**t`` (``w = 1`` allowed)
  none, none                stationary: the Cesaro limit ``lim (1/N) sum_{t<N} E[u_t]``
  ========================  =============================================================

* Outcomes are indexed ``2 * a + b`` with ``a``, ``b`` the *actual* moves of players A and B:
  0 = CC, 1 = CD, 2 = DC, 3 = DD, all from A's side.
* ``payoff_a[o]`` / ``payoff_b[o]`` are A's / B's pay-offs in outcome ``o`` (A's indexing). For
  the symmetric game ``(R, S, T, P)``: ``payoff_a = (R, S, T, P)``, ``payoff_b = (R, T, S, P)``
  (see :func:`payoff_vectors`).
* A result row (``out``, 6 float64) is ``[payoff_a, payoff_b, f_CC, f_CD, f_DC, f_DD]``: mean
  per-round pay-offs and outcome frequencies under the same averaging.  On a non-zero status
  the row is NaN.

Status codes returned by the kernels: :data:`OK` (0), :data:`ERR_NOT_FINITE` (1, a non-finite
result), :data:`ERR_SINGULAR` (2, a zero pivot in a linear solve), :data:`ERR_INVALID` (3, a
bad argument: state index out of range, ``continuation`` NaN, above 1, or equal to 1 with no
fixed length), :data:`ERR_TOO_LARGE` (4, more than :data:`MAX_JOINT_STATES` reachable joint
states, or ``n_a * n_b`` above :data:`MAX_PRODUCT_STATES`).

Method
------
The joint chain is built on the joint states ``(s_a, s_b)`` reachable with positive
probability from ``(start_a, start_b)`` (breadth-first).  When both automata are
*outcome-determined* (the next state depends on the actual outcome only, as for every memory-one
strategy) a 4-state chain on "last outcome" is used instead, with the round-0 outcome
distribution as initial distribution.  Then:

* discounted: one dense solve of ``(I - w M)^T x = d0``;
* fixed length: the distribution is propagated round by round, or, when cheaper, the sum
  ``sum_{t<n} (w M)^t`` is built by binary doubling (``O(m^3 log n)``);
* stationary: strongly connected components (Tarjan), closed classes, absorption
  probabilities from the initial distribution (one dense solve on the transient states), and
  each reached class's stationary distribution by the Grassmann-Taksar-Heyman (GTH)
  algorithm, which is subtraction-free and valid for periodic classes.

For two outcome-determined automata the 4-state case is hand-inlined (no pivoting is needed
for ``(I - w M)^T``, which is strictly column diagonally dominant; stationary with every entry
of ``M`` positive goes straight to GTH); other 4-state cases (a zero in ``M``, e.g. without
noise) go through the general solver.  Frequencies are normalised to sum to one.  Both public
kernels run the same code per pair (:func:`_run_chunk`), so they agree bit for bit and the
batch result does not depend on the number of threads.  Nothing compiles at import time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numba
import numpy as np
from numba import prange

from coop_sim.engine import _cache  # noqa: F401  (sets the cache directory)
from coop_sim.engine.codes import ERR_INVALID, ERR_NOT_FINITE, ERR_SINGULAR, ERR_TOO_LARGE, OK

__all__ = [
    "ERR_INVALID",
    "ERR_NOT_FINITE",
    "ERR_SINGULAR",
    "ERR_TOO_LARGE",
    "MAX_JOINT_STATES",
    "MAX_PRODUCT_STATES",
    "OK",
    "STATUS_NAMES",
    "batch_expectation",
    "expected_pair",
    "expected_pairs",
    "pack_automata",
    "pair_expectation",
    "payoff_vectors",
]

#: What each status code means, for error messages.
STATUS_NAMES = {
    ERR_NOT_FINITE: "the result is not finite",
    ERR_SINGULAR: "a linear solve met a zero pivot",
    ERR_INVALID: "invalid arguments",
    ERR_TOO_LARGE: "the joint chain has too many reachable states for dense linear algebra",
}

#: Most reachable joint states handled (four dense ``m x m`` float64 matrices per thread).
MAX_JOINT_STATES = 2048
#: Most ``n_a * n_b`` for the breadth-first index map.
MAX_PRODUCT_STATES = 1 << 24

_NEED_SPACE = -1  # internal: the matrix workspace is too small; never returned to callers
_CHUNK = 256  # pairs per work item of the batch kernel (no effect on results)
_MIN_CAP = 8  # initial workspace capacity (joint states)

# rows of the float vector workspace
_FX = 0  # solution / accumulated distribution
_FT = 1  # temporary
_FU = 2  # doubling: current distribution
_FPI = 3  # stationary distribution of one class
_FCM = 4  # probability mass absorbed by each component
_FD0 = 5  # initial distribution
_NF = 6
# rows of the int vector workspace
_IIDX = 0
_ILOW = 1
_IONS = 2
_ISTK = 3
_ICN = 4
_ICX = 5
_ICOMP = 6
_ITL = 7
_ICL = 8
_IMEM = 9
_NI = 10


# --------------------------------------------------------------------------- small helpers


@numba.njit(cache=True)
def _effective(p, e):
    """Probability that the *actual* move is C, given intended-C probability and noise."""
    return p * (1.0 - e) + (1.0 - p) * e


@numba.njit(cache=True)
def _prepare(p_c, nxt, start, noise, c4, row):
    """Per-automaton data for the outcome-determined fast path.

    Writes into ``c4[row, o]`` the probability of an actual C after own-view outcome ``o``
    (``2 * own + opp``) and returns ``(valid, fast, c_first)``.  ``valid`` is False when
    ``start`` is out of range; ``fast`` is True when the next state depends on the actual
    outcome only (and those states are in range).
    """
    n = p_c.shape[0]
    if n < 1 or start < 0 or start >= n:
        for o in range(4):
            c4[row, o] = np.nan
        return False, False, np.nan
    c_first = _effective(p_c[start], noise)
    fast = True
    for x in range(2):
        for y in range(2):
            f = nxt[0, 0, x, y]
            if f < 0 or f >= n:
                fast = False
                break
            for s in range(n):
                for i in range(2):
                    if nxt[s, i, x, y] != f:
                        fast = False
                        break
                if not fast:
                    break
            if not fast:
                break
            c4[row, 2 * x + y] = _effective(p_c[f], noise)
        if not fast:
            break
    if not fast:
        for o in range(4):
            c4[row, o] = np.nan
    return True, fast, c_first


@numba.njit(cache=True)
def _gauss(A, b, row, m):
    """Solve ``A[:m, :m] x = b[row, :m]`` in place (partial pivoting); ``x`` is left in ``b``."""
    for k in range(m):
        p = k
        best = abs(A[k, k])
        for i in range(k + 1, m):
            v = abs(A[i, k])
            if v > best:
                best = v
                p = i
        if not (best > 0.0):
            return ERR_SINGULAR
        if p != k:
            for j in range(k, m):
                tmp = A[k, j]
                A[k, j] = A[p, j]
                A[p, j] = tmp
            tmp = b[row, k]
            b[row, k] = b[row, p]
            b[row, p] = tmp
        piv = A[k, k]
        for i in range(k + 1, m):
            f = A[i, k] / piv
            if f != 0.0:
                for j in range(k + 1, m):
                    A[i, j] -= f * A[k, j]
                b[row, i] -= f * b[row, k]
    for i in range(m - 1, -1, -1):
        s = b[row, i]
        for j in range(i + 1, m):
            s -= A[i, j] * b[row, j]
        b[row, i] = s / A[i, i]
    return OK


@numba.njit(cache=True)
def _gth(P, c, fv):
    """Stationary distribution of the irreducible chain ``P[:c, :c]`` (destroyed) by GTH.

    The result goes to ``fv[_FPI, :c]``.  Diagonal entries are never read, so a class's
    rounding-level leakage does not matter; periodic classes are fine.
    """
    for k in range(c - 1, 0, -1):
        s = 0.0
        for j in range(k):
            s += P[k, j]
        if not (s > 0.0):
            return ERR_SINGULAR
        for i in range(k):
            P[i, k] /= s
        for i in range(k):
            f = P[i, k]
            if f != 0.0:
                for j in range(k):
                    P[i, j] += f * P[k, j]
    fv[_FPI, 0] = 1.0
    tot = 1.0
    for k in range(1, c):
        acc = 0.0
        for i in range(k):
            acc += fv[_FPI, i] * P[i, k]
        fv[_FPI, k] = acc
        tot += acc
    for k in range(c):
        fv[_FPI, k] /= tot
    return OK


@numba.njit(cache=True)
def _tarjan(m, M, iv):
    """Strongly connected components of the graph ``M[i, j] > 0`` (iterative Tarjan).

    Component ids go to ``iv[_ICOMP, :m]``; returns the number of components.
    """
    for i in range(m):
        iv[_IIDX, i] = -1
        iv[_IONS, i] = 0
    counter = 0
    sp = 0
    ncomp = 0
    for root in range(m):
        if iv[_IIDX, root] >= 0:
            continue
        iv[_IIDX, root] = counter
        iv[_ILOW, root] = counter
        counter += 1
        iv[_ISTK, sp] = root
        sp += 1
        iv[_IONS, root] = 1
        iv[_ICN, 0] = root
        iv[_ICX, 0] = 0
        cp = 1
        while cp > 0:
            v = iv[_ICN, cp - 1]
            j = iv[_ICX, cp - 1]
            while j < m and not (M[v, j] > 0.0):
                j += 1
            if j < m:
                iv[_ICX, cp - 1] = j + 1
                if iv[_IIDX, j] < 0:
                    iv[_IIDX, j] = counter
                    iv[_ILOW, j] = counter
                    counter += 1
                    iv[_ISTK, sp] = j
                    sp += 1
                    iv[_IONS, j] = 1
                    iv[_ICN, cp] = j
                    iv[_ICX, cp] = 0
                    cp += 1
                elif iv[_IONS, j] == 1 and iv[_IIDX, j] < iv[_ILOW, v]:
                    iv[_ILOW, v] = iv[_IIDX, j]
            else:
                cp -= 1
                if iv[_ILOW, v] == iv[_IIDX, v]:
                    while True:
                        sp -= 1
                        w = iv[_ISTK, sp]
                        iv[_IONS, w] = 0
                        iv[_ICOMP, w] = ncomp
                        if w == v:
                            break
                    ncomp += 1
                if cp > 0:
                    u = iv[_ICN, cp - 1]
                    if iv[_ILOW, v] < iv[_ILOW, u]:
                        iv[_ILOW, u] = iv[_ILOW, v]
    return ncomp


# --------------------------------------------------------------------------- chain solvers


@numba.njit(cache=True, inline="always")
def _normalise(res, payoff_a, payoff_b):
    """Scale ``res[2:6]`` (outcome weights) to frequencies and put the mean pay-offs in
    ``res[0:2]``; ERR_NOT_FINITE if the weights do not give a finite positive total."""
    tot = res[2] + res[3] + res[4] + res[5]
    if not (tot > 0.0) or not np.isfinite(tot):
        return ERR_NOT_FINITE
    pa = 0.0
    pb = 0.0
    for o in range(4):
        res[2 + o] /= tot
        pa += res[2 + o] * payoff_a[o]
        pb += res[2 + o] * payoff_b[o]
    res[0] = pa
    res[1] = pb
    if not (np.isfinite(pa) and np.isfinite(pb)):
        return ERR_NOT_FINITE
    return OK


@numba.njit(cache=True)
def _finish(m, R, fv, row, payoff_a, payoff_b, res):
    """``res = [pay_a, pay_b, q]`` with ``q = R^T fv[row]`` normalised to sum one."""
    for o in range(4):
        acc = 0.0
        for i in range(m):
            acc += fv[row, i] * R[i, o]
        res[2 + o] = acc
    return _normalise(res, payoff_a, payoff_b)


@numba.njit(cache=True)
def _discounted(m, M, w, W1, fv):
    """``fv[_FX] = d0 (I - w M)^{-1}`` (the discounted occupation measure, unnormalised)."""
    for i in range(m):
        for j in range(m):
            W1[i, j] = -w * M[j, i]
        W1[i, i] += 1.0
        fv[_FX, i] = fv[_FD0, i]
    return _gauss(W1, fv, _FX, m)


@numba.njit(cache=True)
def _matmul(A, B, C, m):
    """``C[:m, :m] = A[:m, :m] @ B[:m, :m]``."""
    for i in range(m):
        for j in range(m):
            C[i, j] = 0.0
        for k in range(m):
            a = A[i, k]
            if a != 0.0:
                for j in range(m):
                    C[i, j] += a * B[k, j]


@numba.njit(cache=True)
def _horizon(m, M, g, n, W1, W2, W3, fv):
    """``fv[_FX] = d0 sum_{t<n} (g M)^t``, by iteration or binary doubling, whichever is cheaper."""
    bits = 0
    k = n
    while k > 0:
        bits += 1
        k >>= 1
    if n <= 2 * m * bits + 8:
        for i in range(m):
            fv[_FX, i] = 0.0
            fv[_FU, i] = fv[_FD0, i]
        for t in range(n):
            for i in range(m):
                fv[_FX, i] += fv[_FU, i]
            if t + 1 < n:
                for j in range(m):
                    fv[_FT, j] = 0.0
                for i in range(m):
                    u = fv[_FU, i]
                    if u != 0.0:
                        for j in range(m):
                            fv[_FT, j] += u * M[i, j]
                for j in range(m):
                    fv[_FU, j] = g * fv[_FT, j]
        return OK
    # doubling, least significant bit first: P = A^(2^j), S = sum_{t<2^j} A^t; the vectors
    # u = d0 A^acc and x = d0 sum_{t<acc} A^t cover the bits already consumed.
    P = W1
    S = W2
    T = W3
    for i in range(m):
        for j in range(m):
            P[i, j] = g * M[i, j]
            S[i, j] = 0.0
        S[i, i] = 1.0
        fv[_FU, i] = fv[_FD0, i]
        fv[_FX, i] = 0.0
    k = n
    while k > 0:
        if k & 1:
            for j in range(m):
                acc = 0.0
                acc2 = 0.0
                for i in range(m):
                    acc += fv[_FU, i] * S[i, j]
                    acc2 += fv[_FU, i] * P[i, j]
                fv[_FX, j] += acc
                fv[_FT, j] = acc2
            for j in range(m):
                fv[_FU, j] = fv[_FT, j]
        k >>= 1
        if k > 0:
            _matmul(P, S, T, m)  # T = A^(2^j) S
            for i in range(m):
                for j in range(m):
                    S[i, j] += T[i, j]
            _matmul(P, P, T, m)
            P, T = T, P
    return OK


@numba.njit(cache=True)
def _stationary(m, M, R, W1, W2, fv, iv, payoff_a, payoff_b, res):
    """Cesaro-limit outcome distribution from the initial distribution ``fv[_FD0]``."""
    allpos = True
    for i in range(m):
        for j in range(m):
            if not (M[i, j] > 0.0):
                allpos = False
                break
        if not allpos:
            break
    if allpos:
        ncomp = 1
        for i in range(m):
            iv[_ICOMP, i] = 0
        iv[_ICL, 0] = 1
    else:
        ncomp = _tarjan(m, M, iv)
        for c in range(ncomp):
            iv[_ICL, c] = 1
        for i in range(m):
            ci = iv[_ICOMP, i]
            if iv[_ICL, ci] == 1:
                for j in range(m):
                    if M[i, j] > 0.0 and iv[_ICOMP, j] != ci:
                        iv[_ICL, ci] = 0
                        break
    # mass entering each closed class: initial mass plus mass absorbed from transient states
    for c in range(ncomp):
        fv[_FCM, c] = 0.0
    nt = np.int64(0)  # not a literal (avoids extra compiled signatures)
    tmass = False
    for i in range(m):
        ci = iv[_ICOMP, i]
        if iv[_ICL, ci] == 1:
            fv[_FCM, ci] += fv[_FD0, i]
        else:
            iv[_ITL, nt] = i
            nt += 1
            if fv[_FD0, i] != 0.0:
                tmass = True
    if tmass:
        # expected visits x to transient states: x (I - M_TT) = d0_T
        for a in range(nt):
            ia = iv[_ITL, a]
            for b in range(nt):
                W2[a, b] = -M[iv[_ITL, b], ia]
            W2[a, a] += 1.0
            fv[_FX, a] = fv[_FD0, ia]
        st = _gauss(W2, fv, _FX, nt)
        if st != OK:
            return st
        for a in range(nt):
            xa = fv[_FX, a]
            if xa != 0.0:
                ia = iv[_ITL, a]
                for j in range(m):
                    cj = iv[_ICOMP, j]
                    if iv[_ICL, cj] == 1 and M[ia, j] > 0.0:
                        fv[_FCM, cj] += xa * M[ia, j]
    # combine the stationary distributions of the classes that are reached
    for o in range(4):
        res[2 + o] = 0.0
    for c in range(ncomp):
        mass = fv[_FCM, c]
        if iv[_ICL, c] != 1 or not (mass > 0.0):
            continue
        sz = np.int64(0)
        for i in range(m):
            if iv[_ICOMP, i] == c:
                iv[_IMEM, sz] = i
                sz += 1
        for a in range(sz):
            for b in range(sz):
                W1[a, b] = M[iv[_IMEM, a], iv[_IMEM, b]]
        st = _gth(W1, sz, fv)
        if st != OK:
            return st
        for a in range(sz):
            wa = mass * fv[_FPI, a]
            ia = iv[_IMEM, a]
            for o in range(4):
                res[2 + o] += wa * R[ia, o]
    return _normalise(res, payoff_a, payoff_b)


@numba.njit(cache=True)
def _mode_status(continuation, turns):
    """ERR_INVALID for an unusable continuation, else OK."""
    if continuation != continuation or continuation > 1.0:
        return ERR_INVALID
    if continuation >= 1.0 and turns <= 0:
        return ERR_INVALID
    return OK


@numba.njit(cache=True)
def _solve(m, M, R, W1, W2, W3, fv, iv, payoff_a, payoff_b, continuation, turns, res):
    """Per-round means for the chain ``(M, R)`` from the initial distribution ``fv[_FD0]``."""
    if turns > 0:
        g = continuation if continuation >= 0.0 else 1.0
        st = _horizon(m, M, g, turns, W1, W2, W3, fv)
    elif continuation >= 0.0:
        st = _discounted(m, M, continuation, W1, fv)
    else:
        return _stationary(m, M, R, W1, W2, fv, iv, payoff_a, payoff_b, res)
    if st != OK:
        return st
    return _finish(m, R, fv, _FX, payoff_a, payoff_b, res)


# --------------------------------------------------------------------------- the two paths


@numba.njit(cache=True, inline="always")
def _direct_ok(ca, cb, continuation, turns):
    """Whether :func:`_m1_direct` applies: any mode but stationary with a zero in ``M``."""
    if turns > 0 or continuation >= 0.0:
        return True
    for o in range(4):
        if not (0.0 < ca[o] < 1.0 and 0.0 < cb[o] < 1.0):
            return False
    return True


@numba.njit(cache=True, inline="always")
def _m1_direct(ca, cb, ca0, cb0, w, turns, pay_a, pay_b, ws, res):
    """The hot path: the 4-state outcome chain of two outcome-determined automata.

    ``ca[o]``, ``cb[o]`` are A's and B's actual-C probabilities after outcome ``o`` (A's
    indexing), ``ca0``, ``cb0`` in round 0; ``pay_a``, ``pay_b`` are 4-tuples; ``ws`` is
    float64[20, 4] scratch.  Handles every mode except stationary with a zero entry in ``M``
    (see :func:`_direct_ok`).  Inlined, so no reference counts are touched per pair.
    """
    for o in range(4):
        a = ca[o]
        b = cb[o]
        ws[o, 0] = a * b
        ws[o, 1] = a * (1.0 - b)
        ws[o, 2] = (1.0 - a) * b
        ws[o, 3] = (1.0 - a) * (1.0 - b)
    res[2] = ca0 * cb0
    res[3] = ca0 * (1.0 - cb0)
    res[4] = (1.0 - ca0) * cb0
    res[5] = (1.0 - ca0) * (1.0 - cb0)
    if turns > 0:
        # sum_{t<n} q0 (g M)^t; rows 4-7 P, 8-11 S, 12-15 T, 16 u, 17 x, 18 tmp
        g = w if w >= 0.0 else 1.0
        bits = 0
        k = turns
        while k > 0:
            bits += 1
            k >>= 1
        for j in range(4):
            ws[16, j] = res[2 + j]
            ws[17, j] = 0.0
        if turns <= 8 * bits + 8:
            for t in range(turns):
                for j in range(4):
                    ws[17, j] += ws[16, j]
                if t + 1 < turns:
                    for j in range(4):
                        acc = 0.0
                        for i in range(4):
                            acc += ws[16, i] * ws[i, j]
                        ws[18, j] = g * acc
                    for j in range(4):
                        ws[16, j] = ws[18, j]
        else:
            for i in range(4):
                for j in range(4):
                    ws[4 + i, j] = g * ws[i, j]
                    ws[8 + i, j] = 1.0 if i == j else 0.0
            k = turns
            while k > 0:
                if k & 1:
                    for j in range(4):
                        acc = 0.0
                        acc2 = 0.0
                        for i in range(4):
                            acc += ws[16, i] * ws[8 + i, j]
                            acc2 += ws[16, i] * ws[4 + i, j]
                        ws[17, j] += acc
                        ws[18, j] = acc2
                    for j in range(4):
                        ws[16, j] = ws[18, j]
                k >>= 1
                if k > 0:
                    for i in range(4):  # T = P S; S += T
                        for j in range(4):
                            acc = 0.0
                            for q in range(4):
                                acc += ws[4 + i, q] * ws[8 + q, j]
                            ws[12 + i, j] = acc
                    for i in range(4):
                        for j in range(4):
                            ws[8 + i, j] += ws[12 + i, j]
                    for i in range(4):  # T = P P; P = T
                        for j in range(4):
                            acc = 0.0
                            for q in range(4):
                                acc += ws[4 + i, q] * ws[4 + q, j]
                            ws[12 + i, j] = acc
                    for i in range(4):
                        for j in range(4):
                            ws[4 + i, j] = ws[12 + i, j]
        for j in range(4):
            res[2 + j] = ws[17, j]
    elif w >= 0.0:
        # x (I - w M) = q0, as (I - w M)^T x = q0: strictly column diagonally dominant for
        # w < 1, so elimination needs no pivoting (partial pivoting would never swap).
        for i in range(4):
            for j in range(4):
                ws[4 + i, j] = -w * ws[j, i]
            ws[4 + i, i] += 1.0
        for k in range(4):
            piv = ws[4 + k, k]
            for i in range(k + 1, 4):
                f = ws[4 + i, k] / piv
                for j in range(k + 1, 4):
                    ws[4 + i, j] -= f * ws[4 + k, j]
                res[2 + i] -= f * res[2 + k]
        for i in range(3, -1, -1):
            acc = res[2 + i]
            for j in range(i + 1, 4):
                acc -= ws[4 + i, j] * res[2 + j]
            res[2 + i] = acc / ws[4 + i, i]
    else:
        # GTH on the positive (so irreducible, aperiodic) 4-state chain
        for k in range(3, 0, -1):
            acc = 0.0
            for j in range(k):
                acc += ws[k, j]
            for i in range(k):
                ws[i, k] /= acc
            for i in range(k):
                f = ws[i, k]
                for j in range(k):
                    ws[i, j] += f * ws[k, j]
        res[2] = 1.0
        for k in range(1, 4):
            acc = 0.0
            for i in range(k):
                acc += res[2 + i] * ws[i, k]
            res[2 + k] = acc
    return _normalise(res, pay_a, pay_b)


@numba.njit(cache=True)
def _fast_pair(
    ca, cb, ca0, cb0, payoff_a, payoff_b, continuation, turns, res, M, R, W1, W2, W3, fv, iv
):
    """Both automata outcome-determined: the 4-state chain on the last outcome, any mode."""
    fv[_FD0, 0] = ca0 * cb0
    fv[_FD0, 1] = ca0 * (1.0 - cb0)
    fv[_FD0, 2] = (1.0 - ca0) * cb0
    fv[_FD0, 3] = (1.0 - ca0) * (1.0 - cb0)
    for o in range(4):
        a = ca[o]
        b = cb[o]
        M[o, 0] = a * b
        M[o, 1] = a * (1.0 - b)
        M[o, 2] = (1.0 - a) * b
        M[o, 3] = (1.0 - a) * (1.0 - b)
        for j in range(4):
            R[o, j] = 0.0
        R[o, o] = 1.0
    m = np.int64(4)  # not a literal: share _solve's compiled code with the general path
    return _solve(m, M, R, W1, W2, W3, fv, iv, payoff_a, payoff_b, continuation, turns, res)


@numba.njit(cache=True, inline="always")
def _successors(sa, sb, p_a, nxt_a, p_b, nxt_b, noise_a, noise_b, to_a, to_b, prob):
    """The joint states one round leads to from ``(sa, sb)``, with their probabilities
    (intended moves, then noise flips; zero-probability branches skipped): fills ``to_a``,
    ``to_b``, ``prob`` and returns how many (at most 16; a state may appear twice)."""
    pa = p_a[sa]
    pb = p_b[sb]
    count = 0
    for ia in range(2):
        pia = pa if ia == 0 else 1.0 - pa
        if not (pia > 0.0):
            continue
        for xa in range(2):
            pxa = pia * ((1.0 - noise_a) if xa == ia else noise_a)
            if not (pxa > 0.0):
                continue
            for ib in range(2):
                pib = pxa * (pb if ib == 0 else 1.0 - pb)
                if not (pib > 0.0):
                    continue
                for xb in range(2):
                    pr = pib * ((1.0 - noise_b) if xb == ib else noise_b)
                    if not (pr > 0.0):
                        continue
                    to_a[count] = nxt_a[sa, ia, xa, xb]
                    to_b[count] = nxt_b[sb, ib, xb, xa]
                    prob[count] = pr
                    count += 1
    return count


@numba.njit(cache=True)
def _general_pair(
    p_a, nxt_a, start_a, p_b, nxt_b, start_b, noise_a, noise_b, payoff_a, payoff_b,
    continuation, turns, res, idx_map, st_ab, need,
    M, R, W1, W2, W3, fv, iv,
):  # fmt: skip
    """Breadth-first joint chain, then :func:`_solve`.

    ``idx_map`` (at least ``n_a * n_b``, all -1) is restored before returning; ``st_ab`` has
    shape ``(2, >= n_a * n_b)``.  Returns ``_NEED_SPACE`` with ``need[0] = m`` when the
    matrices are smaller than the ``m`` reachable joint states.
    """
    n_a = p_a.shape[0]
    n_b = p_b.shape[0]
    if start_a < 0 or start_a >= n_a or start_b < 0 or start_b >= n_b:
        return ERR_INVALID
    m = np.int64(1)  # not a literal (avoids extra compiled signatures)
    to_a = np.empty(16, dtype=np.int64)  # one state's successors (at most 2**4)
    to_b = np.empty(16, dtype=np.int64)
    prob = np.empty(16, dtype=np.float64)
    st_ab[0, 0] = start_a
    st_ab[1, 0] = start_b
    idx_map[start_a * n_b + start_b] = 0
    status = OK
    head = 0
    while head < m and status == OK:
        sa = st_ab[0, head]
        sb = st_ab[1, head]
        count = _successors(sa, sb, p_a, nxt_a, p_b, nxt_b, noise_a, noise_b, to_a, to_b, prob)
        for q in range(count):
            na = to_a[q]
            nb = to_b[q]
            if na < 0 or na >= n_a or nb < 0 or nb >= n_b:
                status = ERR_INVALID
                continue
            key = na * n_b + nb
            if idx_map[key] < 0:
                if m >= MAX_JOINT_STATES:
                    status = ERR_TOO_LARGE
                    continue
                idx_map[key] = m
                st_ab[0, m] = na
                st_ab[1, m] = nb
                m += 1
        head += 1
    if status == OK and m > M.shape[0]:
        need[0] = m
        status = _NEED_SPACE
    if status == OK:
        for i in range(m):
            for j in range(m):
                M[i, j] = 0.0
            fv[_FD0, i] = 0.0
        fv[_FD0, 0] = 1.0
        for i in range(m):
            sa = st_ab[0, i]
            sb = st_ab[1, i]
            pa = p_a[sa]
            pb = p_b[sb]
            ca = _effective(pa, noise_a)
            cb = _effective(pb, noise_b)
            R[i, 0] = ca * cb
            R[i, 1] = ca * (1.0 - cb)
            R[i, 2] = (1.0 - ca) * cb
            R[i, 3] = (1.0 - ca) * (1.0 - cb)
            count = _successors(sa, sb, p_a, nxt_a, p_b, nxt_b, noise_a, noise_b, to_a, to_b,
                                prob)  # fmt: skip
            for q in range(count):
                M[i, idx_map[to_a[q] * n_b + to_b[q]]] += prob[q]
    for i in range(m):
        idx_map[st_ab[0, i] * n_b + st_ab[1, i]] = -1
    if status != OK:
        return status
    return _solve(m, M, R, W1, W2, W3, fv, iv, payoff_a, payoff_b, continuation, turns, res)


@numba.njit(cache=True)
def _alloc_mats(cap):
    """Matrix and vector workspace for chains of up to ``cap`` joint states."""
    M = np.zeros((cap, cap))
    R = np.zeros((cap, 4))
    W1 = np.zeros((cap, cap))
    W2 = np.zeros((cap, cap))
    W3 = np.zeros((cap, cap))
    fv = np.zeros((_NF, cap))
    iv = np.zeros((_NI, cap), dtype=np.int64)
    return M, R, W1, W2, W3, fv, iv


@numba.njit(cache=True)
def _general_retry(
    p_a, nxt_a, start_a, p_b, nxt_b, start_b, noise_a, noise_b, payoff_a, payoff_b,
    continuation, turns, res, idx_map, st_ab, M, R, W1, W2, W3, fv, iv,
):  # fmt: skip
    """:func:`_general_pair`, retried once with a private, large enough workspace if needed."""
    need = np.zeros(1, dtype=np.int64)
    st = _general_pair(
        p_a, nxt_a, start_a, p_b, nxt_b, start_b, noise_a, noise_b, payoff_a, payoff_b,
        continuation, turns, res, idx_map, st_ab, need, M, R, W1, W2, W3, fv, iv,
    )  # fmt: skip
    if st == _NEED_SPACE:
        M2, R2, W12, W22, W32, fv2, iv2 = _alloc_mats(need[0])
        st = _general_pair(
            p_a, nxt_a, start_a, p_b, nxt_b, start_b, noise_a, noise_b, payoff_a, payoff_b,
            continuation, turns, res, idx_map, st_ab, need, M2, R2, W12, W22, W32, fv2, iv2,
        )  # fmt: skip
    return st


@numba.njit(cache=True)
def _prepare_all(p_flat, p_offsets, nxt_flat, starts, noise, valid, fast, c0, c4):
    """:func:`_prepare` for every packed automaton."""
    for k in range(starts.shape[0]):
        lo = p_offsets[k]
        hi = p_offsets[k + 1]
        v, f, c = _prepare(p_flat[lo:hi], nxt_flat[lo:hi], starts[k], noise[k], c4, k)
        valid[k] = v
        fast[k] = f
        c0[k] = c


@numba.njit(cache=True)
def _run_chunk(
    lo, hi, p_flat, p_offsets, nxt_flat, starts, noise, pair_i, pair_j, payoff_a, payoff_b,
    continuation, turns, valid, fast, c0, c4, out, status,
):  # fmt: skip
    """Pairs ``lo:hi``: the shared body of both public kernels.

    Workspace is allocated once here; no array variable is rebound inside the pair loop, so
    the hot (memory-one) path runs without reference-count traffic.
    """
    n_auto = starts.shape[0]
    mode = _mode_status(continuation, turns)
    pay_a = (payoff_a[0], payoff_a[1], payoff_a[2], payoff_a[3])
    pay_b = (payoff_b[0], payoff_b[1], payoff_b[2], payoff_b[3])
    max_prod = 1
    for k in range(lo, hi):
        i = pair_i[k]
        j = pair_j[k]
        if 0 <= i < n_auto and 0 <= j < n_auto and not (fast[i] and fast[j]):
            prod = (p_offsets[i + 1] - p_offsets[i]) * (p_offsets[j + 1] - p_offsets[j])
            if max_prod < prod <= MAX_PRODUCT_STATES:
                max_prod = prod
    M, R, W1, W2, W3, fv, iv = _alloc_mats(max(_MIN_CAP, min(max_prod, 64)))
    idx_map = np.full(max_prod, -1, dtype=np.int64)
    st_ab = np.empty((2, max_prod), dtype=np.int64)
    ws = np.empty((20, 4))
    res = np.empty(6)
    for k in range(lo, hi):
        i = pair_i[k]
        j = pair_j[k]
        st = mode
        if st == OK and not (0 <= i < n_auto and 0 <= j < n_auto):
            st = ERR_INVALID
        if st == OK and not (valid[i] and valid[j]):
            st = ERR_INVALID
        if st == OK:
            if fast[i] and fast[j]:
                ca = (c4[i, 0], c4[i, 1], c4[i, 2], c4[i, 3])
                cb = (c4[j, 0], c4[j, 2], c4[j, 1], c4[j, 3])  # B's view -> A's indexing
                if _direct_ok(ca, cb, continuation, turns):
                    st = _m1_direct(
                        ca, cb, c0[i], c0[j], continuation, turns, pay_a, pay_b, ws, res
                    )
                else:
                    st = _fast_pair(
                        ca, cb, c0[i], c0[j], payoff_a, payoff_b, continuation, turns, res,
                        M, R, W1, W2, W3, fv, iv,
                    )  # fmt: skip
            else:
                lo_a = p_offsets[i]
                hi_a = p_offsets[i + 1]
                lo_b = p_offsets[j]
                hi_b = p_offsets[j + 1]
                if (hi_a - lo_a) * (hi_b - lo_b) > max_prod:
                    st = ERR_TOO_LARGE
                else:
                    st = _general_retry(
                        p_flat[lo_a:hi_a], nxt_flat[lo_a:hi_a], starts[i],
                        p_flat[lo_b:hi_b], nxt_flat[lo_b:hi_b], starts[j],
                        noise[i], noise[j], payoff_a, payoff_b, continuation, turns, res,
                        idx_map, st_ab, M, R, W1, W2, W3, fv, iv,
                    )  # fmt: skip
        status[k] = st
        if st == OK:
            for q in range(6):
                out[k, q] = res[q]
        else:
            for q in range(6):
                out[k, q] = np.nan


# --------------------------------------------------------------------------- public kernels


@numba.njit(cache=True)
def pair_expectation(
    p_a, nxt_a, start_a, p_b, nxt_b, start_b, noise_a, noise_b, payoff_a, payoff_b,
    continuation, turns, out,
):  # fmt: skip
    """Exact per-round means for one pair of automata.

    Runs the code of :func:`batch_expectation` on one pair, so the two agree bit for bit.

    Parameters
    ----------
    p_a, p_b : numpy.ndarray
        float64[n] intended-C probabilities.
    nxt_a, nxt_b : numpy.ndarray
        int64[n, 2, 2, 2] next states, ``[s, intended_own, actual_own, actual_opp]``.
    start_a, start_b : int
        States in round 0.
    noise_a, noise_b : float
        Probabilities that each player's intended move is flipped.
    payoff_a, payoff_b : numpy.ndarray
        float64[4] pay-offs of A and B per outcome (A's indexing, see module docstring).
    continuation : float
        Continuation probability ``w``; negative means none.
    turns : int
        Fixed number of rounds; ``<= 0`` means none.
    out : numpy.ndarray
        float64[6] receiving ``[pay_a, pay_b, f_CC, f_CD, f_DC, f_DD]`` (NaN on failure).

    Returns
    -------
    int
        Status code (``OK`` = 0).
    """
    n_a = p_a.shape[0]
    n_b = p_b.shape[0]
    p_flat = np.empty(n_a + n_b)
    nxt_flat = np.empty((n_a + n_b, 2, 2, 2), dtype=np.int64)
    for s in range(n_a + n_b):
        own = s < n_a
        r = s if own else s - n_a
        p_flat[s] = p_a[r] if own else p_b[r]
        for i in range(2):
            for x in range(2):
                for y in range(2):
                    nxt_flat[s, i, x, y] = nxt_a[r, i, x, y] if own else nxt_b[r, i, x, y]
    offsets = np.array([0, n_a, n_a + n_b], dtype=np.int64)
    starts = np.array([start_a, start_b], dtype=np.int64)
    noise = np.array([noise_a, noise_b])
    pair_i = np.zeros(1, dtype=np.int64)
    pair_j = np.ones(1, dtype=np.int64)
    valid = np.zeros(2, dtype=np.bool_)
    fast = np.zeros(2, dtype=np.bool_)
    c0 = np.empty(2)
    c4 = np.empty((2, 4))
    res = np.empty((1, 6))
    status = np.empty(1, dtype=np.int64)
    _prepare_all(p_flat, offsets, nxt_flat, starts, noise, valid, fast, c0, c4)
    _run_chunk(
        0, 1, p_flat, offsets, nxt_flat, starts, noise, pair_i, pair_j, payoff_a, payoff_b,
        continuation, turns, valid, fast, c0, c4, res, status,
    )  # fmt: skip
    for q in range(6):
        out[q] = res[0, q]
    return status[0]


@numba.njit(cache=True, parallel=True)
def batch_expectation(
    p_flat, p_offsets, nxt_flat, starts, noise, pair_i, pair_j, payoff_a, payoff_b,
    continuation, turns, out, status,
):  # fmt: skip
    """Exact per-round means for many pairs of automata, in parallel over pairs.

    Automaton ``k`` has states ``p_offsets[k]:p_offsets[k + 1]`` of the flat arrays (its state
    indices are local, ``0..n_k - 1``).  Each pair is computed independently by the same code
    as :func:`pair_expectation`, so results do not depend on the number of threads and equal
    the single-pair kernel's bit for bit.

    Parameters
    ----------
    p_flat : numpy.ndarray
        float64[total_states] intended-C probabilities of all automata, concatenated.
    p_offsets : numpy.ndarray
        int64[N + 1] offsets into ``p_flat`` / ``nxt_flat``.
    nxt_flat : numpy.ndarray
        int64[total_states, 2, 2, 2] next states (local indices).
    starts : numpy.ndarray
        int64[N] start states (local indices).
    noise : numpy.ndarray
        float64[N] each automaton's own noise.
    pair_i, pair_j : numpy.ndarray
        int64[K] automaton indices of player A and player B of each pair.
    payoff_a, payoff_b : numpy.ndarray
        float64[4] pay-offs of A and B per outcome (A's indexing).
    continuation : float
        Continuation probability ``w``; negative means none.
    turns : int
        Fixed number of rounds; ``<= 0`` means none.
    out : numpy.ndarray
        float64[K, 6] receiving ``[pay_a, pay_b, f_CC, f_CD, f_DC, f_DD]`` per pair.
    status : numpy.ndarray
        int64[K] receiving each pair's status code.

    Returns
    -------
    int
        The number of pairs whose status is not ``OK``.
    """
    n_auto = starts.shape[0]
    n_pairs = pair_i.shape[0]
    valid = np.zeros(n_auto, dtype=np.bool_)
    fast = np.zeros(n_auto, dtype=np.bool_)
    c0 = np.empty(n_auto)
    c4 = np.empty((n_auto, 4))
    _prepare_all(p_flat, p_offsets, nxt_flat, starts, noise, valid, fast, c0, c4)
    n_chunks = (n_pairs + _CHUNK - 1) // _CHUNK
    for chunk in prange(n_chunks):
        _run_chunk(
            chunk * _CHUNK, min(n_pairs, (chunk + 1) * _CHUNK), p_flat, p_offsets, nxt_flat,
            starts, noise, pair_i, pair_j, payoff_a, payoff_b, continuation, turns, valid,
            fast, c0, c4, out, status,
        )  # fmt: skip
    n_bad = 0
    for k in range(n_pairs):
        if status[k] != OK:
            n_bad += 1
    return n_bad


# --------------------------------------------------------------------------- Python helpers


def payoff_vectors(game: object = (3.0, 0.0, 5.0, 1.0)) -> tuple[np.ndarray, np.ndarray]:
    """Pay-off vectors ``(payoff_a, payoff_b)`` of a symmetric game, indexed by outcome.

    Parameters
    ----------
    game : sequence of float or object with ``as_tuple()``
        ``(R, S, T, P)``, or a :class:`coop_sim.Game`.

    Returns
    -------
    tuple of numpy.ndarray
        ``(R, S, T, P)`` and ``(R, T, S, P)`` as float64[4].
    """
    as_tuple = getattr(game, "as_tuple", None)
    r, s, t, p = (float(v) for v in (as_tuple() if callable(as_tuple) else game))
    return np.array([r, s, t, p]), np.array([r, t, s, p])


def _encode(continuation: float | None, turns: int | None) -> tuple[float, int]:
    return (-1.0 if continuation is None else float(continuation)), (
        0 if turns is None else int(turns)
    )


def expected_pair(
    a: tuple[np.ndarray, np.ndarray, int],
    b: tuple[np.ndarray, np.ndarray, int],
    *,
    noise_a: float = 0.0,
    noise_b: float = 0.0,
    game: object = (3.0, 0.0, 5.0, 1.0),
    continuation: float | None = None,
    turns: int | None = None,
) -> tuple[np.ndarray, int]:
    """Exact per-round means for one pair (thin wrapper of :func:`pair_expectation`).

    Validates nothing (the API layer does).

    Parameters
    ----------
    a, b : tuple
        ``(p_c, nxt, start)`` automata.
    noise_a, noise_b : float
        Each player's noise.
    game : sequence of float or Game
        ``(R, S, T, P)``.
    continuation : float or None
        Continuation probability; None for none.
    turns : int or None
        Fixed length; None for none.

    Returns
    -------
    out : numpy.ndarray
        ``[pay_a, pay_b, f_CC, f_CD, f_DC, f_DD]``.
    status : int
        Status code.
    """
    pay_a, pay_b = payoff_vectors(game)
    w, n = _encode(continuation, turns)
    out = np.empty(6)
    st = pair_expectation(
        np.ascontiguousarray(a[0], dtype=np.float64),
        np.ascontiguousarray(a[1], dtype=np.int64),
        int(a[2]),
        np.ascontiguousarray(b[0], dtype=np.float64),
        np.ascontiguousarray(b[1], dtype=np.int64),
        int(b[2]),
        float(noise_a),
        float(noise_b),
        pay_a,
        pay_b,
        w,
        n,
        out,
    )
    return out, int(st)


def pack_automata(
    automata: Sequence[tuple[np.ndarray, np.ndarray, int]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pack ``(p_c, nxt, start)`` automata into the flat arrays of :func:`batch_expectation`.

    Parameters
    ----------
    automata : sequence of tuple
        ``(p_c, nxt, start)`` per automaton.

    Returns
    -------
    tuple of numpy.ndarray
        ``(p_flat, p_offsets, nxt_flat, starts)``.
    """
    sizes = [len(p) for p, _, _ in automata]
    offsets = np.zeros(len(automata) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(sizes)
    if automata:
        p_flat = np.concatenate([np.asarray(p, dtype=np.float64) for p, _, _ in automata])
        nxt_flat = np.concatenate(
            [np.asarray(x, dtype=np.int64).reshape(-1, 2, 2, 2) for _, x, _ in automata]
        )
    else:
        p_flat = np.zeros(0)
        nxt_flat = np.zeros((0, 2, 2, 2), dtype=np.int64)
    starts = np.array([int(s) for _, _, s in automata], dtype=np.int64)
    return p_flat, offsets, nxt_flat, starts


def expected_pairs(
    packed: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    pair_i: np.ndarray,
    pair_j: np.ndarray,
    *,
    noise: float | np.ndarray = 0.0,
    game: object = (3.0, 0.0, 5.0, 1.0),
    continuation: float | None = None,
    turns: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Exact per-round means for many pairs (thin wrapper of :func:`batch_expectation`).

    Parameters
    ----------
    packed : tuple
        Output of :func:`pack_automata`.
    pair_i, pair_j : numpy.ndarray
        Indices of player A and player B of each pair.
    noise : float or numpy.ndarray
        One noise for all, or each automaton's own.
    game : sequence of float or Game
        ``(R, S, T, P)``.
    continuation : float or None
        Continuation probability; None for none.
    turns : int or None
        Fixed length; None for none.

    Returns
    -------
    out : numpy.ndarray
        float64[K, 6] rows ``[pay_a, pay_b, f_CC, f_CD, f_DC, f_DD]``.
    status : numpy.ndarray
        int64[K] status codes.
    """
    p_flat, offsets, nxt_flat, starts = packed
    n_auto = starts.shape[0]
    noise_arr = np.broadcast_to(np.asarray(noise, dtype=np.float64), (n_auto,)).copy()
    pi = np.ascontiguousarray(pair_i, dtype=np.int64)
    pj = np.ascontiguousarray(pair_j, dtype=np.int64)
    pay_a, pay_b = payoff_vectors(game)
    w, n = _encode(continuation, turns)
    out = np.empty((pi.shape[0], 6))
    status = np.empty(pi.shape[0], dtype=np.int64)
    batch_expectation(
        p_flat, offsets, nxt_flat, starts, noise_arr, pi, pj, pay_a, pay_b, w, n, out, status
    )
    return out, status
