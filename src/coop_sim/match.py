"""Play one match (history available) and compute exact expected pay-offs.

Match semantics, in one place
-----------------------------
* Length: fixed ``turns``, or a continuation probability ``continuation`` (w, the shadow of
  the future): after each round the match goes on with probability w, so the length is
  Geometric(1 - w) with mean 1 / (1 - w), drawn from the match's own random stream.  Both
  given: the smaller of the two.  Neither given: 200 turns (Axelrod-Python's default).
* Noise: each intended move is flipped with probability ``noise`` independently per player
  (a pair gives each player its own), the first move included; histories hold the actual
  moves, as in Axelrod-Python.
* Players are told the length only with fixed turns and ``known_length=True``.  (Note that
  Axelrod-Python's ``Match`` tells them by default; pass ``known_length=True`` to compare
  end-aware strategies with it.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from coop_sim import _validate
from coop_sim._packing import compile_spec, pack
from coop_sim._seeding import SeedLike, seed_key
from coop_sim._version import __version__
from coop_sim.game import Game, resolve_game
from coop_sim.strategies.registry import resolve
from coop_sim.strategies.spec import StrategySpec

__all__ = ["DEFAULT_TURNS", "MatchResult", "expected_payoffs", "play_match"]

DEFAULT_TURNS = 200
_BYTES_PER_ROUND = 24  # moves (int8 x 2, twice while building) and pay-offs (float64 x 2)
#: Longest match play_match records (about 2 GiB of history).
MAX_MATCH_TURNS = 2 * 1024**3 // _BYTES_PER_ROUND


@dataclass(frozen=True)
class MatchResult:
    """The record of one match.

    Attributes
    ----------
    players : tuple of str
        The two players' names.
    moves : numpy.ndarray
        int8 ``(n, 2)``: actual moves per round (0 = C, 1 = D), player A in column 0.
    payoffs : numpy.ndarray
        float64 ``(n, 2)``: each player's pay-off per round.
    settings : dict
        Game, turns, continuation, noise, seed, known_length and library version.
    """

    players: tuple[str, str]
    moves: np.ndarray
    payoffs: np.ndarray
    settings: dict = field(repr=False)

    @property
    def turns(self) -> int:
        """Number of rounds played."""
        return int(self.moves.shape[0])

    @property
    def scores(self) -> np.ndarray:
        """Total pay-off of each player."""
        return self.payoffs.sum(axis=0)

    @property
    def mean_scores(self) -> np.ndarray:
        """Mean pay-off per round of each player."""
        return self.payoffs.mean(axis=0)

    @property
    def cooperation(self) -> np.ndarray:
        """Fraction of rounds in which each player co-operated."""
        return 1.0 - self.moves.mean(axis=0)

    @property
    def state_distribution(self) -> np.ndarray:
        """Fractions of rounds with outcome CC, CD, DC, DD (player A's move first)."""
        codes = 2 * self.moves[:, 0].astype(np.int64) + self.moves[:, 1]
        return np.bincount(codes, minlength=4) / self.turns

    @property
    def winner(self) -> str | None:
        """The name of the player with the higher total, or None for a tie.

        Decided on the outcome counts, so rounding in the totals cannot break a tie: A's
        total minus B's is (#DC - #CD) (T - S).
        """
        outcomes = 2 * self.moves[:, 0].astype(np.int64) + self.moves[:, 1]
        counts = np.bincount(outcomes, minlength=4)
        _, S, T, _ = self.settings["game"]
        margin = (counts[2] - counts[1]) * (T - S)
        if margin == 0:
            return None
        return self.players[0] if margin > 0 else self.players[1]

    def move_strings(self) -> tuple[str, str]:
        """Each player's moves as a string of C and D."""
        return tuple("".join("CD"[m] for m in self.moves[:, k]) for k in (0, 1))


def _settings(game: Game, turns, continuation, noise, seed, known_length) -> dict:
    return {
        "game": game.as_tuple(),
        "turns": turns,
        "continuation": continuation,
        "noise": noise,
        "seed": seed,
        "known_length": known_length,
        "version": __version__,
    }


def _length_args(turns: object, continuation: object) -> tuple[int, float]:
    """Validated (turns, continuation) in the kernels' encoding (-1 = not given)."""
    t = _validate.turns(turns)
    w = _validate.continuation(continuation)
    if t is None and w is None:
        t = DEFAULT_TURNS
    return (t if t is not None else -1), (w if w is not None else -1.0)


def play_match(
    a: str | StrategySpec,
    b: str | StrategySpec,
    *,
    game: Game | tuple | None = None,
    turns: int | None = None,
    continuation: float | None = None,
    noise: float | tuple[float, float] = 0.0,
    seed: SeedLike = None,
    known_length: bool = False,
) -> MatchResult:
    """Play one match between two strategies and keep its whole history.

    Parameters
    ----------
    a, b : str or StrategySpec
        Registered names (ids, display names or aliases) or specs.
    game : Game or (R, S, T, P), optional
        Pay-offs; Axelrod's (3, 0, 5, 1) by default.
    turns : int, optional
        Fixed number of rounds (>= 1).  With neither ``turns`` nor ``continuation``, 200
        (Axelrod-Python's default).
    continuation : float, optional
        Probability w in [0, 1) that the match goes on after each round.
    noise : float or pair of floats
        Probability that an intended move is flipped (per player if a pair).
    seed : int, SeedSequence, Generator or None
        Seed of the match's random stream.
    known_length : bool
        Tell the players the length (fixed turns only).

    Returns
    -------
    MatchResult

    Examples
    --------
    >>> from coop_sim import play_match
    >>> m = play_match("tit_for_tat", "defector", turns=5)
    >>> m.move_strings()
    ('CDDDD', 'DDDDD')
    >>> m.scores.tolist(), m.winner
    ([4.0, 9.0], 'Defector')
    """
    from coop_sim.engine.match_kernel import play_one

    spec_a, spec_b = resolve(a), resolve(b)
    g = resolve_game(game)
    t, w = _length_args(turns, continuation)
    _validate.simulated_length(t if t > 0 else None, w if w >= 0 else None)
    known_length = _validate.known_length(known_length, turns, continuation)
    if t > MAX_MATCH_TURNS:
        raise ValueError(
            f"turns must be at most {MAX_MATCH_TURNS} for play_match, which keeps every move "
            f"(about {_BYTES_PER_ROUND} bytes a round), got {t}; run_tournament keeps only counts"
        )
    e_a, e_b = _validate.noise_pair(noise)
    key, recorded = seed_key(seed)
    ca, cb = compile_spec(spec_a, g), compile_spec(spec_b, g)
    packed = pack([ca, cb])
    moves = play_one(
        ca.family, ca.params, ca.state_size, cb.family, cb.params, cb.state_size,
        packed.auto_thr, packed.auto_nxt, packed.auto_off, packed.auto_start, packed.is_auto,
        t, w, e_a, e_b, known_length, np.uint64(key), 0, 1, 0,
    )  # fmt: skip
    pay_a, pay_b = g.payoff_vectors()
    table = np.stack((pay_a, pay_b), axis=1)  # (outcome, player)
    payoffs = table[2 * moves[:, 0].astype(np.int64) + moves[:, 1]]
    settings = _settings(g, t if t > 0 else None, w if w >= 0 else None, noise, recorded,
                         known_length)  # fmt: skip
    return MatchResult((spec_a.label(), spec_b.label()), moves, payoffs, settings)


def expected_payoffs(
    a: str | StrategySpec,
    b: str | StrategySpec,
    *,
    game: Game | tuple | None = None,
    turns: int | None = None,
    continuation: float | None = None,
    noise: float | tuple[float, float] = 0.0,
) -> tuple[float, float]:
    """Exact expected mean pay-off per round of each player.

    Solved by linear algebra over the joint state of the two strategies' finite-state forms:
    discounted by the continuation probability w (normalised per round, i.e. the expected
    total divided by the expected length), over a fixed number of turns (finite-horizon
    recursion), both (length min(turns, Geometric)), or -- with ``turns=None`` and
    ``continuation=None`` -- the long-run (stationary, undiscounted) average.

    Raises
    ------
    ValueError
        If a strategy has no finite-state form (it names the strategy).

    Examples
    --------
    >>> from coop_sim import expected_payoffs
    >>> expected_payoffs("tit_for_tat", "defector", turns=10)
    (0.9, 1.4)
    >>> [round(x, 6) for x in expected_payoffs("defector", "tit_for_tat", continuation=2 / 3)]
    [2.333333, 0.666667]
    """
    result = exact_outcomes(a, b, game=game, turns=turns, continuation=continuation, noise=noise)
    return float(result[0]), float(result[1])


def exact_outcomes(
    a: str | StrategySpec,
    b: str | StrategySpec,
    *,
    game: Game | tuple | None = None,
    turns: int | None = None,
    continuation: float | None = None,
    noise: float | tuple[float, float] = 0.0,
) -> np.ndarray:
    """Like :func:`expected_payoffs` but returns 6 numbers: the two mean pay-offs and the
    expected frequencies of CC, CD, DC, DD under the same averaging."""
    from coop_sim.engine.exact import STATUS_NAMES, pair_expectation

    spec_a, spec_b = resolve(a), resolve(b)
    g = resolve_game(game)
    t = _validate.turns(turns)
    w = _validate.continuation(continuation)
    e_a, e_b = _validate.noise_pair(noise)
    auto_a, auto_b = finite_form(spec_a, g), finite_form(spec_b, g)
    pay_a, pay_b = g.payoff_vectors()
    out = np.zeros(6, dtype=np.float64)
    status = pair_expectation(
        auto_a.p_c, auto_a.nxt, auto_a.start, auto_b.p_c, auto_b.nxt, auto_b.start,
        e_a, e_b, pay_a, pay_b, -1.0 if w is None else w, -1 if t is None else t, out,
    )  # fmt: skip
    if status != 0:
        raise RuntimeError(
            f"exact evaluation of {spec_a.label()!r} vs {spec_b.label()!r} failed: "
            f"{STATUS_NAMES.get(int(status), status)}"
        )
    return out


def finite_form(spec: StrategySpec, game: Game):
    """The spec's automaton, or a ValueError naming the strategy if it has none."""
    automaton = spec.automaton(game)
    if automaton is None:
        raise ValueError(
            f"strategy {spec.label()!r} has no finite-state form, so its exact expected "
            "pay-offs cannot be computed; use play_match/run_tournament (sampling) instead"
        )
    return automaton
