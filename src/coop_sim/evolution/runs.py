"""The result of simulated finite-population runs: trajectories, fixations, abundances."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["PopulationRuns", "wilson_interval"]


def wilson_interval(successes: np.ndarray, trials: int, level: float = 0.95) -> np.ndarray:
    """Wilson score interval for binomial proportions; returns ``(len, 2)`` bounds.

    Examples
    --------
    >>> wilson_interval(np.array([50]), 100).round(4).tolist()
    [[0.4038, 0.5962]]
    """
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + level / 2)
    k = np.asarray(successes, dtype=np.float64)
    p = k / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return np.stack((centre - half, centre + half), axis=-1)


@dataclass(frozen=True)
class PopulationRuns:
    """Many simulated runs of a finite population.

    Attributes
    ----------
    names : tuple of str
        Strategy names.
    population : int
        Population size N.
    counts : ndarray, shape (runs, records, n)
        Counts of each strategy at the recorded steps (record 0 is the initial state).
        After a run fixes (mutation 0), its later records repeat the fixed state.
    record_steps : ndarray, shape (records,)
        The step number of each record.
    fixed : ndarray, shape (runs,)
        Index of the strategy that took over (all N individuals), -1 if none did.  With
        mutation > 0 this is the state at the end of the run.
    fixation_step : ndarray, shape (runs,)
        Step at which the run first reached a monomorphic state, -1 if it never did.
    abundance : ndarray, shape (runs, n)
        Each strategy's share averaged over the steps after ``burn_in`` (long-run abundance).
    steps : ndarray, shape (runs,)
        Steps each run took (a run without mutation stops at fixation).
    settings : dict
        The process, its conventions, the seed and the library version.
    nodes : ndarray, shape (runs, N), optional
        Populations on graphs: the strategy of each node at the end of each run.
    """

    names: tuple[str, ...]
    population: int
    counts: np.ndarray
    record_steps: np.ndarray
    fixed: np.ndarray
    fixation_step: np.ndarray
    abundance: np.ndarray
    steps: np.ndarray
    settings: dict = field(default_factory=dict)
    nodes: np.ndarray | None = None

    @property
    def runs(self) -> int:
        """Number of runs."""
        return int(self.fixed.shape[0])

    @property
    def shares(self) -> np.ndarray:
        """``counts / population``."""
        return self.counts / self.population

    @property
    def final_counts(self) -> np.ndarray:
        """Counts at the last record of each run, ``(runs, n)``."""
        return self.counts[:, -1, :]

    @property
    def fixation_counts(self) -> np.ndarray:
        """How many runs each strategy took over, ``(n,)``."""
        n = len(self.names)
        return np.bincount(self.fixed[self.fixed >= 0], minlength=n)

    @property
    def fixation_probability(self) -> np.ndarray:
        """Share of runs each strategy took over, ``(n,)``."""
        return self.fixation_counts / self.runs

    def fixation_interval(self, level: float = 0.95) -> np.ndarray:
        """Wilson confidence bounds on :attr:`fixation_probability`, ``(n, 2)``."""
        return wilson_interval(self.fixation_counts, self.runs, level)

    @property
    def mean_fixation_time(self) -> np.ndarray:
        """Mean steps to fixation of each strategy over the runs it took over (nan if none).

        Defined without mutation only (all nan with mutation, where a run's first
        monomorphic state need not be its final one)."""
        out = np.full(len(self.names), np.nan)
        if self.settings.get("mutation", 0.0):
            return out
        for s in range(len(self.names)):
            hit = self.fixed == s
            if hit.any():
                out[s] = float(self.fixation_step[hit].mean())
        return out

    @property
    def long_run_abundance(self) -> np.ndarray:
        """Share of each strategy averaged over time and runs, ``(n,)``."""
        return self.abundance.mean(axis=0)

    def summary(self) -> str:
        """A short text report: fixations (without mutation) or the share of runs that end
        monomorphic (with mutation), and long-run abundances."""
        s = self.settings
        mutating = bool(s.get("mutation", 0.0))
        lines = [
            f"{s.get('process', '?')} process, N = {self.population}, {self.runs} run(s), "
            f"intensity {s.get('intensity', '?')}, mutation {s.get('mutation', '?')}, "
            f"seed {s.get('seed')}",
            f"{'strategy':<28}{'ends all' if mutating else 'fixed':>9}"
            f"{'share' if mutating else 'P(fix)':>9}{'95% CI':>18}{'abundance':>11}",
        ]
        ci = self.fixation_interval()
        for k, name in enumerate(self.names):
            lines.append(
                f"{name[:27]:<28}{self.fixation_counts[k]:>9d}{self.fixation_probability[k]:>9.4f}"
                f"  [{ci[k, 0]:.4f}, {ci[k, 1]:.4f}]{self.long_run_abundance[k]:>11.4f}"
            )
        done = self.fixation_step >= 0
        if done.any():
            what = "first monomorphic state" if mutating else "fixation"
            lines.append(
                f"mean steps to {what}: {self.fixation_step[done].mean():.1f} "
                f"({int(done.sum())} of {self.runs} runs)"
            )
        return "\n".join(lines)

    def to_frame(self):
        """Tidy table (pandas): one row per run x record x strategy."""
        import pandas as pd

        runs, records, n = self.counts.shape
        run, rec, strat = np.meshgrid(
            np.arange(runs), np.arange(records), np.arange(n), indexing="ij"
        )
        return pd.DataFrame(
            {
                "run": run.ravel(),
                "step": self.record_steps[rec.ravel()],
                "strategy": np.asarray(self.names, dtype=object)[strat.ravel()],
                "count": self.counts.ravel(),
                "share": self.counts.ravel() / self.population,
            }
        )
