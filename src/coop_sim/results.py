"""Tournament results: frozen arrays, a summary table, pandas export and exact save/load."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from coop_sim.game import Game

__all__ = ["TournamentResult", "aggregate"]

_ARRAYS = (
    "payoff_matrix",
    "payoff_std",
    "scores",
    "normalised_scores",
    "wins",
    "score_diffs",
    "payoff_diff_matrix",
    "cooperation",
    "cooperating_rating",
    "initial_cooperation_rate",
    "state_distribution",
    "match_lengths",
    "pairs",
    "ranking",
)


@dataclass(frozen=True, eq=False)
class TournamentResult:
    """Everything a round-robin tournament measured, as numpy arrays.

    ``N`` players, ``R`` repetitions (1 for exact tournaments), ``K = N (N + 1) / 2`` pairs.

    Attributes
    ----------
    names, ids : list of str
        Display names and registry ids, in input order.
    payoff_matrix : ndarray (N, N)
        Mean pay-off per round of row against column (self-play on the diagonal), pooled
        over repetitions: total pay-off / rounds played.  With fixed turns this is the
        average of the matches' per-round means, as in Axelrod-Python; under a
        continuation probability pooling makes the simulated figure converge to the exact
        one, expected total / expected length = (1 - w) sum_t w^t E[u_t] (Axelrod-Python
        averages per-match means instead, which weights short matches more).
    payoff_std : ndarray (N, N)
        Standard deviation over repetitions of the matches' per-round means.
    scores : ndarray (N, R)
        Total pay-off per repetition summed over opponents (self-play excluded).
    normalised_scores : ndarray (N, R)
        Pay-off per round against all opponents, per repetition (total / rounds; with
        fixed turns the mean over opponents of the per-round pay-off).
    wins : ndarray (N, R)
        Matches won (strictly higher total, decided exactly on the outcome counts) per
        repetition.
    score_diffs : ndarray (N, R)
        Per-round pay-off minus the opponents', over all opponents (pooled like
        ``normalised_scores``).
    payoff_diff_matrix : ndarray (N, N)
        Mean per-round pay-off difference, row minus column.
    cooperation : ndarray (N, N)
        Fraction of rounds in which row co-operated against column, pooled over
        repetitions (consistent with ``state_distribution``).
    cooperating_rating : ndarray (N,)
        Fraction of all rounds (self-play excluded) in which the player co-operated.
    initial_cooperation_rate : ndarray (N,)
        Fraction of first moves that were C (self-play excluded).
    state_distribution : ndarray (N, N, 4)
        Fractions of rounds with outcome CC, CD, DC, DD, row's move first.
    match_lengths : ndarray (K, R)
        Rounds played in each match of pair ``pairs[k]``.
    pairs : ndarray (K, 2)
        The pairs (i <= j), in the order of ``match_lengths``.
    ranking : ndarray (N,)
        Player indices, best first: by median normalised score (ties: input order).
    settings : dict
        Game, turns, continuation, noise, repetitions, seed, method, library version.

    Examples
    --------
    >>> from coop_sim import run_tournament
    >>> r = run_tournament(["tit_for_tat", "defector"], turns=5, repetitions=1, seed=1)
    >>> r.wins[:, 0].tolist(), r.summary()[0]["name"]
    ([0, 1], 'Defector')
    """

    names: list
    ids: list
    payoff_matrix: np.ndarray
    payoff_std: np.ndarray
    scores: np.ndarray
    normalised_scores: np.ndarray
    wins: np.ndarray
    score_diffs: np.ndarray
    payoff_diff_matrix: np.ndarray
    cooperation: np.ndarray
    cooperating_rating: np.ndarray
    initial_cooperation_rate: np.ndarray
    state_distribution: np.ndarray
    match_lengths: np.ndarray
    pairs: np.ndarray
    ranking: np.ndarray
    settings: dict = field(default_factory=dict)

    @property
    def ranked_names(self) -> list[str]:
        """Names, best first."""
        return [self.names[i] for i in self.ranking]

    @property
    def median_scores(self) -> np.ndarray:
        """Median over repetitions of the normalised score, per player."""
        return np.median(self.normalised_scores, axis=1)

    def summary(self) -> list[dict]:
        """One row per player, best first: rank, name, median score, co-operation rating,
        wins (median over repetitions), initial C rate and CC/CD/DC/DD rates."""
        n = len(self.names)
        mask = ~np.eye(n, dtype=bool)
        rows = []
        for rank, i in enumerate(self.ranking, start=1):
            states = self.state_distribution[i][mask[i]].mean(axis=0)
            rows.append(
                {
                    "rank": rank,
                    "name": self.names[i],
                    "id": self.ids[i],
                    "median_score": float(self.median_scores[i]),
                    "cooperation_rating": float(self.cooperating_rating[i]),
                    "wins": float(np.median(self.wins[i])),
                    "initial_c_rate": float(self.initial_cooperation_rate[i]),
                    "CC": float(states[0]),
                    "CD": float(states[1]),
                    "DC": float(states[2]),
                    "DD": float(states[3]),
                }
            )
        return rows

    def summary_table(self) -> str:
        """The summary as aligned text, for terminals."""
        head = f"{'rank':>4}  {'name':<34} {'score':>6} {'coop':>5} {'wins':>5} {'init C':>6}"
        head += f" {'CC':>5} {'CD':>5} {'DC':>5} {'DD':>5}"
        lines = [head]
        for row in self.summary():
            lines.append(
                f"{row['rank']:>4}  {row['name'][:34]:<34} {row['median_score']:6.3f} "
                f"{row['cooperation_rating']:5.2f} {row['wins']:5.1f} {row['initial_c_rate']:6.2f} "
                f"{row['CC']:5.2f} {row['CD']:5.2f} {row['DC']:5.2f} {row['DD']:5.2f}"
            )
        return "\n".join(lines)

    def to_frame(self):
        """The summary as a pandas DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError("to_frame() needs pandas: pip install pandas") from error
        return pd.DataFrame(self.summary()).set_index("rank")

    def to_csv(self, path: str | Path) -> Path:
        """Write the summary table as CSV."""
        import csv

        path = Path(path)
        rows = self.summary()
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return path

    def save(self, path: str | Path) -> Path:
        """Save everything; ``.npz`` (default) or ``.json``. :meth:`load` restores it exactly.

        Examples
        --------
        >>> import tempfile, os, numpy as np
        >>> from coop_sim import run_tournament
        >>> from coop_sim.results import TournamentResult
        >>> r = run_tournament(["random", "tit_for_tat"], turns=10, repetitions=2, seed=3)
        >>> p = r.save(os.path.join(tempfile.mkdtemp(), "r.json"))
        >>> s = TournamentResult.load(p)
        >>> bool(np.array_equal(s.scores, r.scores)) and s.settings == r.settings
        True
        """
        path = Path(path)
        meta = {"names": self.names, "ids": self.ids, "settings": self.settings}
        if path.suffix == ".json":
            data = dict(meta)
            for name in _ARRAYS:
                array = getattr(self, name)
                data[name] = {"dtype": str(array.dtype), "shape": array.shape,
                              "data": array.ravel().tolist()}  # fmt: skip
            path.write_text(json.dumps(data))
            return path
        if path.suffix != ".npz":
            path = (
                path.with_suffix(path.suffix + ".npz") if path.suffix else path.with_suffix(".npz")
            )
        arrays = {name: getattr(self, name) for name in _ARRAYS}
        np.savez_compressed(path, meta=np.array(json.dumps(meta)), **arrays)
        return path

    @classmethod
    def load(cls, path: str | Path) -> TournamentResult:
        """Load a result written by :meth:`save` (the ``.npz`` it added may be left off)."""
        path = Path(path)
        if not path.exists() and path.with_name(path.name + ".npz").exists():
            path = path.with_name(path.name + ".npz")
        try:
            return cls._load(path)
        except (KeyError, ValueError, TypeError, OSError) as error:
            if isinstance(error, FileNotFoundError):
                raise
            raise ValueError(f"{str(path)!r} is not a coop_sim results file ({error})") from None

    @classmethod
    def _load(cls, path: Path) -> TournamentResult:
        if path.suffix == ".json":
            data = json.loads(path.read_text())
            arrays = {
                name: np.array(data[name]["data"], dtype=data[name]["dtype"]).reshape(
                    data[name]["shape"]
                )
                for name in _ARRAYS
            }
            meta = data
        else:
            with np.load(path, allow_pickle=False) as archive:
                meta = json.loads(str(archive["meta"]))
                arrays = {name: archive[name] for name in _ARRAYS}
        settings = meta["settings"]
        settings["game"] = tuple(settings["game"])
        return cls(names=list(meta["names"]), ids=list(meta["ids"]), settings=settings, **arrays)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TournamentResult):
            return NotImplemented
        return all(
            np.array_equal(getattr(self, f.name), getattr(other, f.name))
            if isinstance(getattr(self, f.name), np.ndarray)
            else getattr(self, f.name) == getattr(other, f.name)
            for f in fields(self)
        )


def _ranking(normalised_scores: np.ndarray) -> np.ndarray:
    medians = np.median(normalised_scores, axis=1)
    return np.array(sorted(range(len(medians)), key=lambda i: (-medians[i], i)), dtype=np.int64)


def aggregate(
    names: list[str],
    ids: list[str],
    game: Game,
    outcomes: np.ndarray,
    lengths: np.ndarray,
    first: tuple[np.ndarray, np.ndarray],
    settings: dict,
) -> TournamentResult:
    """Reduce per-match outcome counts (or exact rates) to a :class:`TournamentResult`.

    Parameters
    ----------
    outcomes : ndarray (K, R, 4)
        Counts (or expected frequencies) of CC, CD, DC, DD per match of pair ``k``.
    lengths : ndarray (K, R)
        Match lengths (inf for stationary exact results; outcomes are then rates).
    first : pair of ndarray (K, R)
        Whether (or the probability that) player i, player j opened with C.
    """
    from coop_sim.engine.aggregate_kernel import aggregate_kernel

    n = len(names)
    pair_i, pair_j = np.triu_indices(n)
    reps = outcomes.shape[1]
    pay_a, pay_b = game.payoff_vectors()
    tables = {
        "payoff_matrix": np.zeros((n, n)),
        "payoff_std": np.zeros((n, n)),
        "cooperation": np.zeros((n, n)),
        "state_distribution": np.zeros((n, n, 4)),
        "scores": np.zeros((n, reps)),
        "wins": np.zeros((n, reps), dtype=np.int64),
        "score_diffs": np.zeros((n, reps)),
    }
    coop_rounds, all_rounds, initial = np.zeros(n), np.zeros(n), np.zeros(n)
    rounds = np.zeros((n, reps))
    aggregate_kernel(
        outcomes, lengths, first[0], first[1], pair_i, pair_j, pay_a, pay_b,
        tables["payoff_matrix"], tables["payoff_std"], tables["cooperation"],
        tables["state_distribution"], tables["scores"], rounds, tables["wins"],
        tables["score_diffs"], coop_rounds, all_rounds, initial,
    )  # fmt: skip
    tables["normalised_scores"] = tables["scores"] / rounds
    tables["score_diffs"] /= rounds
    matrix = tables["payoff_matrix"]
    return TournamentResult(
        names=list(names),
        ids=list(ids),
        payoff_diff_matrix=matrix - matrix.T,
        cooperating_rating=coop_rounds / all_rounds,
        initial_cooperation_rate=initial / (n - 1),
        match_lengths=np.asarray(lengths),
        pairs=np.stack((pair_i, pair_j), axis=1).astype(np.int64),
        ranking=_ranking(tables["normalised_scores"]),
        settings=settings,
        **tables,
    )
