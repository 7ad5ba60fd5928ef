"""Reduce per-match outcome counts to a tournament's tables in one pass (no temporaries)."""

import math

import numba
import numpy as np

from coop_sim.engine import _cache  # noqa: F401  (sets the cache directory)


@numba.njit(cache=True)
def aggregate_kernel(
    outcomes, lengths, first_a, first_b, pair_i, pair_j, pay_a, pay_b,
    payoff_matrix, payoff_std, cooperation, states, scores, rounds, wins, score_diffs,
    coop_rounds, all_rounds, initial,
):  # fmt: skip
    """Accumulate every table of :class:`coop_sim.results.TournamentResult`.

    ``outcomes[k, r, 0:4]``: counts (or expected frequencies) of CC, CD, DC, DD in match r
    of pair (pair_i[k], pair_j[k]); ``lengths[k, r]``: its length (inf: a stationary rate);
    ``first_a/first_b[k, r]``: whether (or the probability that) each player opened with C.
    Output arrays must be zeroed; per-player sums leave out self-play.  Everything is
    pooled -- totals over rounds -- so that with random match lengths the simulated
    tables converge to the exact ones (expected total / expected length); for fixed
    lengths this equals averaging each match's per-round figures.  ``rounds[i, r]`` gets the
    rounds player i played in repetition r; ``scores``/``score_diffs`` get totals.
    """
    reps = outcomes.shape[1]
    mean_a = np.empty(reps)
    mean_b = np.empty(reps)
    for k in range(outcomes.shape[0]):
        i = pair_i[k]
        j = pair_j[k]
        sum_a = 0.0
        sum_b = 0.0
        weight_sum = 0.0
        pooled = np.zeros(4)
        first_sum_a = 0.0
        first_sum_b = 0.0
        for r in range(reps):
            total = 0.0
            for c in range(4):
                total += outcomes[k, r, c]
            ma = 0.0
            mb = 0.0
            for c in range(4):
                ma += outcomes[k, r, c] * pay_a[c]
                mb += outcomes[k, r, c] * pay_b[c]
            ma /= total
            mb /= total
            mean_a[r] = ma
            mean_b[r] = mb
            ca = (outcomes[k, r, 0] + outcomes[k, r, 1]) / total
            cb = (outcomes[k, r, 0] + outcomes[k, r, 2]) / total
            length = np.float64(lengths[k, r])
            weight = length if math.isfinite(length) else 1.0
            sum_a += ma
            sum_b += mb
            weight_sum += weight
            for c in range(4):
                pooled[c] += outcomes[k, r, c] / total * weight
            first_sum_a += np.float64(first_a[k, r])
            first_sum_b += np.float64(first_b[k, r])
            if i != j:
                scores[i, r] += ma * weight
                scores[j, r] += mb * weight
                rounds[i, r] += weight
                rounds[j, r] += weight
                # A's total minus B's is (#DC - #CD) (T - S): exact on the counts, so
                # rounding in the totals cannot turn a tie into a win
                margin = (outcomes[k, r, 2] - outcomes[k, r, 1]) * (pay_a[2] - pay_a[1])
                if margin > 0:
                    wins[i, r] += 1
                elif margin < 0:
                    wins[j, r] += 1
                score_diffs[i, r] += (ma - mb) * weight
                score_diffs[j, r] += (mb - ma) * weight
                coop_rounds[i] += ca * weight
                coop_rounds[j] += cb * weight
                all_rounds[i] += weight
                all_rounds[j] += weight
        # spread of the per-match averages over repetitions
        spread_a = sum_a / reps
        spread_b = sum_b / reps
        var_a = 0.0
        var_b = 0.0
        for r in range(reps):
            var_a += (mean_a[r] - spread_a) ** 2
            var_b += (mean_b[r] - spread_b) ** 2
        # pay-offs pooled over repetitions (total / rounds): what the exact mode computes
        avg_a = (pooled[0] * pay_a[0] + pooled[1] * pay_a[1] + pooled[2] * pay_a[2]
                 + pooled[3] * pay_a[3]) / weight_sum  # fmt: skip
        avg_b = (pooled[0] * pay_b[0] + pooled[1] * pay_b[1] + pooled[2] * pay_b[2]
                 + pooled[3] * pay_b[3]) / weight_sum  # fmt: skip
        std_a = math.sqrt(var_a / reps)
        std_b = math.sqrt(var_b / reps)
        # co-operation is pooled over repetitions too (rounds co-operated / rounds played)
        pooled_ca = (pooled[0] + pooled[1]) / weight_sum
        pooled_cb = (pooled[0] + pooled[2]) / weight_sum
        if i == j:
            payoff_matrix[i, i] = (avg_a + avg_b) / 2
            payoff_std[i, i] = (std_a + std_b) / 2
            cooperation[i, i] = (pooled_ca + pooled_cb) / 2
        else:
            payoff_matrix[i, j] = avg_a
            payoff_matrix[j, i] = avg_b
            payoff_std[i, j] = std_a
            payoff_std[j, i] = std_b
            cooperation[i, j] = pooled_ca
            cooperation[j, i] = pooled_cb
            initial[i] += first_sum_a / reps
            initial[j] += first_sum_b / reps
        states[j, i, 0] = pooled[0] / weight_sum
        states[j, i, 1] = pooled[2] / weight_sum
        states[j, i, 2] = pooled[1] / weight_sum
        states[j, i, 3] = pooled[3] / weight_sum
        for c in range(4):  # after the mirror, so self-play keeps the first player's view
            states[i, j, c] = pooled[c] / weight_sum
