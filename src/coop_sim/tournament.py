"""Round-robin tournaments: every pair (self-play included) over repetitions.

As in Axelrod-Python, self-play enters the pay-off matrix but not scores, wins or the
ranking, and players are ranked by the median over repetitions of their mean per-round
pay-off averaged over opponents.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

import numpy as np

from coop_sim import _validate
from coop_sim._packing import compile_spec, pack
from coop_sim._seeding import SeedLike, seed_key
from coop_sim._version import __version__
from coop_sim.game import Game, resolve_game
from coop_sim.match import finite_form
from coop_sim.results import TournamentResult, aggregate
from coop_sim.strategies.registry import resolve
from coop_sim.strategies.spec import StrategySpec

__all__ = ["DEFAULT_MEMORY_LIMIT", "Tournament", "estimate_memory", "run_tournament"]

#: Bytes a tournament may allocate unless the caller raises ``memory_limit``.
DEFAULT_MEMORY_LIMIT = 2 * 1024**3
_BYTES_PER_MATCH = 4 * 4 + 1 + 2 + 4  # counts, first move, first C flags, length
_PROGRESS_AFTER_SECONDS = 2.0


def estimate_memory(
    n_strategies: int, repetitions: int, longest_match: int = 200, threads: int = 1
) -> int:
    """Bytes a simulated tournament of this size needs at its peak (an upper estimate).

    Per match: outcome counts, first moves and length; per player: the result tables; per
    thread: the move histories of the longest match (pairs with a program keep them).

    Examples
    --------
    >>> estimate_memory(400, 100) < 1024**3
    True
    """
    pairs = n_strategies * (n_strategies + 1) // 2
    return (
        pairs * repetitions * _BYTES_PER_MATCH
        + 80 * n_strategies**2
        + 64 * n_strategies * repetitions
        + 2 * longest_match * threads
    )


def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    i, j = np.triu_indices(n)
    return i.astype(np.int64), j.astype(np.int64)


class _Threads:
    """Context manager: run numba's parallel kernels on ``n`` threads, then restore."""

    def __init__(self, n: int | None) -> None:
        self.n = n

    def __enter__(self) -> None:
        import numba

        self.old = numba.get_num_threads()
        if self.n is not None:
            numba.set_num_threads(min(self.n, numba.config.NUMBA_NUM_THREADS))

    def __exit__(self, *exc: object) -> None:
        import numba

        numba.set_num_threads(self.old)


def _progress(done: int, total: int, started: float, unit: str = "pairs", stream=None) -> None:
    stream = stream or sys.stderr
    frac = done / total
    bar = "#" * int(30 * frac)
    elapsed = time.perf_counter() - started
    stream.write(f"\r[{bar:<30}] {100 * frac:5.1f}%  {done}/{total} {unit}  {elapsed:6.1f}s")
    if done == total:
        stream.write("\n")
    stream.flush()


class Tournament:
    """A round-robin tournament; :meth:`play` runs it.

    Parameters are those of :func:`run_tournament`.

    Examples
    --------
    >>> from coop_sim import Tournament
    >>> t = Tournament(["tit_for_tat", "defector", "cooperator"], turns=10, repetitions=2, seed=1)
    >>> t.play().ranked_names
    ['Defector', 'Tit For Tat', 'Cooperator']
    """

    def __init__(
        self,
        strategies: Sequence[str | StrategySpec],
        *,
        game: Game | tuple | None = None,
        turns: int | None = 200,
        continuation: float | None = None,
        noise: float = 0.0,
        repetitions: int = 10,
        seed: SeedLike = None,
        threads: int | None = None,
        method: str = "simulate",
        known_length: bool = False,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
        progress: bool | None = None,
    ) -> None:
        if isinstance(strategies, (str, StrategySpec)) or not isinstance(strategies, Sequence):
            raise TypeError(f"strategies must be a list of names or specs, got {strategies!r}")
        if len(strategies) < 2:
            raise ValueError(f"strategies must hold at least 2 strategies, got {len(strategies)}")
        self.specs = [resolve(s) for s in strategies]
        self.game = resolve_game(game)
        self.turns = _validate.turns(turns)
        self.continuation = _validate.continuation(continuation)
        self.noise = _validate.probability(noise, "noise")
        self.repetitions = _validate.positive_int(repetitions, "repetitions")
        self.threads = _validate.threads(threads)
        if method not in ("simulate", "exact"):
            raise ValueError(f"method must be 'simulate' or 'exact', got {method!r}")
        self.method = method
        self.known_length = _validate.known_length(known_length, self.turns, self.continuation)
        self.memory_limit = _validate.positive_int(memory_limit, "memory_limit")
        self.progress = progress
        self.seed = seed
        if method == "simulate" and self.turns is None and self.continuation is None:
            raise ValueError(
                "turns=None and continuation=None describe infinitely long matches: give turns "
                "or continuation, or use method='exact' for the stationary long-run pay-offs"
            )
        if method == "simulate":
            _validate.simulated_length(self.turns, self.continuation)

    def play(self) -> TournamentResult:
        """Run the tournament and return its :class:`~coop_sim.results.TournamentResult`."""
        n = len(self.specs)
        names = [s.label() for s in self.specs]
        ids = [s.id or s.label() for s in self.specs]
        if self.method == "exact":
            rates, lengths, first, recorded = self._play_exact()
            repetitions = 1
        else:
            import numba

            if self.turns is not None:
                longest = self.turns
            else:  # a generous quantile of the geometric length
                longest = int(40 / (1 - self.continuation))
            threads = self.threads or numba.config.NUMBA_NUM_THREADS
            need = estimate_memory(n, self.repetitions, longest, threads)
            if need > self.memory_limit:
                raise ValueError(
                    f"a tournament of {n} strategies x {self.repetitions} repetitions needs about "
                    f"{need / 1024**3:.2f} GiB, above memory_limit={self.memory_limit} bytes "
                    f"({self.memory_limit / 1024**3:.2f} GiB); raise memory_limit or shrink the run"
                )
            rates, lengths, first, recorded = self._play_simulated()
            repetitions = self.repetitions
        settings = {
            "game": self.game.as_tuple(),
            "turns": self.turns,
            "continuation": self.continuation,
            "noise": self.noise,
            "repetitions": repetitions,
            "seed": recorded,
            "method": self.method,
            "known_length": self.known_length,
            "version": __version__,
        }
        return aggregate(names, ids, self.game, rates, lengths, first, settings)

    def _play_simulated(self):
        from coop_sim.engine.match_kernel import tournament_kernel

        n = len(self.specs)
        packed = pack([compile_spec(s, self.game) for s in self.specs])
        pair_i, pair_j = _pairs(n)
        n_pairs = pair_i.shape[0]
        reps = self.repetitions
        key, recorded = seed_key(self.seed)
        counts = np.zeros((n_pairs, reps, 4), dtype=np.int32)
        first = np.zeros((n_pairs, reps), dtype=np.int8)
        turns = self.turns if self.turns is not None else -1
        w = self.continuation if self.continuation is not None else -1.0
        expected_rounds = n_pairs * reps * (turns if turns > 0 else 1 / (1 - w))
        threads = self.threads
        if threads is None and expected_rounds < 50_000:
            threads = 1  # waking the thread pool costs more than the work
        show = self.progress if self.progress is not None else sys.stderr.isatty()
        chunk = max(1, min(n_pairs, int(2e7 // max(1.0, reps * expected_rounds / n_pairs / reps))))
        started = time.perf_counter()
        with _Threads(threads):
            for lo in range(0, n_pairs, chunk):
                hi = min(n_pairs, lo + chunk)
                tournament_kernel(
                    *packed.kernel_args(),
                    pair_i[lo:hi], pair_j[lo:hi], reps, turns, w, self.noise,
                    self.known_length, np.uint64(key), counts[lo:hi], first[lo:hi],
                )  # fmt: skip
                if show and time.perf_counter() - started > _PROGRESS_AFTER_SECONDS:
                    _progress(hi, n_pairs, started)
        lengths = counts.sum(axis=2, dtype=np.int32)
        return counts, lengths, (first < 2, first % 2 == 0), recorded

    def _play_exact(self):
        from coop_sim.engine.exact import STATUS_NAMES, expected_pairs, pack_automata

        n = len(self.specs)
        automata = [finite_form(s, self.game) for s in self.specs]
        pair_i, pair_j = _pairs(n)
        packed = pack_automata([(a.p_c, a.nxt, a.start) for a in automata])
        with _Threads(self.threads):
            out, status = expected_pairs(
                packed, pair_i, pair_j, noise=self.noise, game=self.game,
                continuation=self.continuation, turns=self.turns,
            )  # fmt: skip
        bad = np.flatnonzero(status)
        if bad.size:
            k = bad[0]
            raise RuntimeError(
                f"exact evaluation failed for {self.specs[pair_i[k]].label()!r} vs "
                f"{self.specs[pair_j[k]].label()!r}: {STATUS_NAMES.get(int(status[k]), status[k])}"
            )
        rates = out[:, None, 2:6]
        if self.turns is not None and self.continuation is None:
            length = float(self.turns)
        elif self.continuation is not None and self.turns is None:
            length = 1.0 / (1.0 - self.continuation)
        elif self.continuation is not None:
            length = (1.0 - self.continuation**self.turns) / (1.0 - self.continuation)
        else:
            length = np.inf
        lengths = np.full((pair_i.shape[0], 1), length)
        # first round: each player's opening move, exactly
        opening = np.array([_first_cooperation(a, self.noise) for a in automata])
        first = (opening[pair_i][:, None], opening[pair_j][:, None])
        return rates, lengths, first, None


def _first_cooperation(automaton, noise: float) -> float:
    p = float(automaton.p_c[automaton.start])
    return p * (1 - noise) + (1 - p) * noise


def run_tournament(
    strategies: Sequence[str | StrategySpec],
    *,
    game: Game | tuple | None = None,
    turns: int | None = 200,
    continuation: float | None = None,
    noise: float = 0.0,
    repetitions: int = 10,
    seed: SeedLike = None,
    threads: int | None = None,
    method: str = "simulate",
    known_length: bool = False,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
    progress: bool | None = None,
) -> TournamentResult:
    """Run a round-robin tournament (all pairs, self-play included).

    Parameters
    ----------
    strategies : list of str or StrategySpec
        At least two registered names or specs.
    game : Game or (R, S, T, P), optional
        Pay-offs; Axelrod's (3, 0, 5, 1) by default.
    turns : int or None
        Fixed match length (default 200); None with ``continuation`` for geometric lengths.
    continuation : float, optional
        Probability w in [0, 1) that a match goes on after each round.  With ``turns`` too,
        a match lasts the smaller of the two lengths.
    noise : float
        Probability that each intended move is flipped.
    repetitions : int
        Times each pair plays (>= 1).
    seed : int, SeedSequence, Generator or None
        Master seed; match (i, j, r) uses its own counter-based stream, so results are
        bit-identical for any thread count.
    threads : int, optional
        numba threads (default: all; tiny jobs run on one).
    method : {'simulate', 'exact'}
        'exact' computes expected pay-offs by linear algebra over the joint states (every
        strategy needs a finite-state form; ``turns=None, continuation=None`` gives the
        long-run averages).
    known_length : bool
        Tell players the length (fixed turns only).
    memory_limit : int
        Refuse to allocate more than this many bytes (the error gives the estimate).
    progress : bool, optional
        Show a progress bar on stderr for long runs (default: when stderr is a terminal).

    Returns
    -------
    TournamentResult

    Examples
    --------
    >>> from coop_sim import run_tournament
    >>> r = run_tournament(["tit_for_tat", "defector", "grudger"], turns=20, repetitions=3, seed=0)
    >>> r.ranked_names
    ['Tit For Tat', 'Grudger', 'Defector']
    >>> r.payoff_matrix.round(2).tolist()[1]
    [1.2, 1.0, 1.2]
    """
    return Tournament(
        strategies, game=game, turns=turns, continuation=continuation, noise=noise,
        repetitions=repetitions, seed=seed, threads=threads, method=method,
        known_length=known_length, memory_limit=memory_limit, progress=progress,
    ).play()  # fmt: skip
