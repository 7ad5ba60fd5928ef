"""Play the iterated Prisoner's Dilemma against a strategy, one round at a time.

:class:`PlaySession` is the game loop without any input or output, so a terminal
(``coop-sim play``), the web app and a notebook share it.  :func:`new_session` starts a
game the same way for all three -- the same seed meets the same opponent and the same
draws everywhere -- and :func:`rules` and :func:`outcome` are the texts they show.

How the opponent moves
----------------------
The opponent's moves come from the engine itself: after you choose, the session replays the
match so far with :func:`coop_sim.play_match`, you being a fixed sequence of moves (a
:class:`~coop_sim.strategies.Cycler` of your intended moves) and the opponent the named
strategy, under the session's seed.  The opponent's move in a round depends only on the
earlier rounds and on its random stream, which the replay draws in the same order every
time, so earlier rounds never change (the session checks this); your choice in the current
round cannot influence the opponent's move in it.  Every registered strategy can play this
way, programs included.  Replaying costs time proportional to the rounds played, so a
session is limited to :data:`MAX_ROUNDS` rounds.

The opponent is not told how many rounds there are (``known_length=False``), so end-game
rules never see the last round coming.  With ``noise`` e, each intended move -- yours and
the opponent's -- is flipped with probability e; :attr:`RoundRecord.mistake` tells you when
yours was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coop_sim._seeding import SeedLike, seed_key
from coop_sim.demos._result import fresh_seed

__all__ = [
    "MAX_ROUNDS",
    "PLAY_POOL",
    "PlaySession",
    "RoundRecord",
    "choose_opponent",
    "new_session",
    "outcome",
    "rules",
    "verdict",
]

#: Most rounds a session can last (each move replays the match so far).
MAX_ROUNDS = 1000
#: The strategies :func:`choose_opponent` draws a hidden opponent from.
PLAY_POOL = (
    "tit_for_tat",
    "tit_for_2_tats",
    "grudger",
    "win_stay_lose_shift",
    "gtft",
    "suspicious_tit_for_tat",
    "cooperator",
    "defector",
    "alternator",
    "random",
    "first_by_joss",
)


@dataclass(frozen=True)
class RoundRecord:
    """One round of a session, from your side.

    Attributes
    ----------
    round : int
        Round number, from 1.
    intended : str
        The move you chose, 'C' or 'D'.
    you, opponent : str
        The moves actually played ('C' or 'D'; yours differs from ``intended`` after a
        mistake).
    payoff_you, payoff_opponent : float
        This round's pay-offs.
    score_you, score_opponent : float
        Totals after this round.
    """

    round: int
    intended: str
    you: str
    opponent: str
    payoff_you: float
    payoff_opponent: float
    score_you: float
    score_opponent: float

    @property
    def mistake(self) -> bool:
        """Whether noise flipped your move."""
        return self.you != self.intended


def choose_opponent(seed: SeedLike = None, pool: tuple[str, ...] = PLAY_POOL) -> str:
    """A strategy id drawn at random from ``pool`` (for a hidden opponent).

    Examples
    --------
    >>> choose_opponent(3) in PLAY_POOL
    True
    """
    if isinstance(pool, str) or len(pool) < 1:
        raise ValueError(f"pool must be a non-empty sequence of strategy ids, got {pool!r}")
    key, _ = seed_key(seed)
    return pool[int(np.random.default_rng(key).integers(len(pool)))]


class PlaySession:
    """A match between you and a strategy, played one round at a time.

    Parameters
    ----------
    strategy : str or StrategySpec
        The opponent (any registered name or spec).
    rounds : int
        Length of the match, 1 to :data:`MAX_ROUNDS`.
    game : Game or (R, S, T, P), optional
        Pay-offs; Axelrod's (3, 0, 5, 1) by default.
    noise : float
        Probability that an intended move (yours or the opponent's) is flipped.
    seed : int, SeedSequence, Generator or None
        Seed of the opponent's random stream and the noise (None: fresh entropy, recorded in
        :attr:`seed`).

    Examples
    --------
    >>> s = PlaySession("tit_for_tat", rounds=3, seed=1)
    >>> [(r.you, r.opponent, r.payoff_you) for r in (s.move("D"), s.move("c"), s.move("C"))]
    [('D', 'C', 5.0), ('C', 'D', 0.0), ('C', 'C', 3.0)]
    >>> s.finished, s.scores, s.opponent
    (True, (8.0, 8.0), 'Tit For Tat')
    """

    def __init__(
        self,
        strategy,
        rounds: int = 10,
        *,
        game=None,
        noise: float = 0.0,
        seed: SeedLike = None,
    ) -> None:
        from coop_sim import _validate
        from coop_sim.game import resolve_game
        from coop_sim.strategies import resolve

        self._spec = resolve(strategy)
        self.rounds = _validate.int_in(rounds, "rounds", 1, MAX_ROUNDS)
        self.game = resolve_game(game)
        self.noise = _validate.probability(noise, "noise")
        key, recorded = seed_key(seed)
        #: The int seed of the session's streams (reproduces it when passed back).
        self.seed = recorded if recorded is not None else key
        #: Whether :func:`new_session` drew the opponent at random (it is then hidden).
        self.drawn = False
        self._intended: list[int] = []
        self._moves = np.zeros((0, 2), dtype=np.int8)  # (round, [opponent, you])
        self._history: list[RoundRecord] = []

    # ------------------------------------------------------------------ state
    @property
    def opponent(self) -> str:
        """The opponent's name (keep it from the player until :attr:`finished`)."""
        return self._spec.label()

    @property
    def opponent_id(self) -> str:
        """The opponent's registry id ('' for an unregistered spec)."""
        return self._spec.id

    @property
    def description(self) -> str:
        """A sentence on how the opponent plays (may be empty)."""
        return self._spec.description

    @property
    def played(self) -> int:
        """Rounds played so far."""
        return len(self._history)

    @property
    def finished(self) -> bool:
        """Whether all rounds have been played."""
        return self.played >= self.rounds

    @property
    def history(self) -> tuple[RoundRecord, ...]:
        """The rounds played, in order."""
        return tuple(self._history)

    @property
    def scores(self) -> tuple[float, float]:
        """Your total and the opponent's."""
        if not self._history:
            return 0.0, 0.0
        last = self._history[-1]
        return last.score_you, last.score_opponent

    # ------------------------------------------------------------------ play
    def move(self, action) -> RoundRecord:
        """Play your move ('C' or 'D', any case; or 0 / 1) and return the round's record.

        Raises
        ------
        ValueError
            For anything but C or D.
        RuntimeError
            If the session is finished.
        """
        from coop_sim.match import play_match
        from coop_sim.strategies import Cycler
        from coop_sim.strategies.spec import action_code

        if self.finished:
            raise RuntimeError(f"the session is over: all {self.rounds} rounds were played")
        code = action_code(action, "action")
        intended = [*self._intended, code]
        you = Cycler("".join("CD"[c] for c in intended), name="You")
        match = play_match(self._spec, you, game=self.game, turns=len(intended),
                           noise=self.noise, seed=self.seed)  # fmt: skip
        moves = match.moves
        if not np.array_equal(moves[:-1], self._moves):  # pragma: no cover - a safeguard
            raise RuntimeError(
                "replaying the match changed earlier rounds; the opponent's moves cannot be "
                "reproduced"
            )
        self._intended, self._moves = intended, moves
        opp, mine = int(moves[-1, 0]), int(moves[-1, 1])
        pay_opp, pay_you = (float(x) for x in match.payoffs[-1])
        before = self.scores
        record = RoundRecord(
            round=len(intended),
            intended="CD"[code],
            you="CD"[mine],
            opponent="CD"[opp],
            payoff_you=pay_you,
            payoff_opponent=pay_opp,
            score_you=before[0] + pay_you,
            score_opponent=before[1] + pay_opp,
        )
        self._history.append(record)
        return record


# ----------------------------------------------------------------------------- one way to start


def new_session(
    strategy=None,
    rounds: int = 10,
    *,
    noise: float = 0.0,
    seed: int | None = None,
    game=None,
    pool: tuple[str, ...] = PLAY_POOL,
) -> PlaySession:
    """Start a game: the one way ``coop-sim play``, the web app and the notebooks do it.

    Parameters
    ----------
    strategy : str, StrategySpec or None
        The opponent; None draws one from ``pool`` with the seed (:func:`choose_opponent`),
        and the session is marked :attr:`PlaySession.drawn`.
    rounds, noise, game
        As in :class:`PlaySession`.
    seed : int or None
        The game's seed (an int >= 0); None draws a short one (:attr:`PlaySession.seed`
        tells it, so the game can be replayed).  The same seed gives the same opponent and
        the same draws wherever the game is played.
    pool : tuple of str
        The strategies a hidden opponent is drawn from.

    Examples
    --------
    >>> a = new_session(None, 5, seed=9)
    >>> b = new_session(None, 5, seed=9)
    >>> a.drawn, a.seed, a.opponent_id == b.opponent_id == choose_opponent(9)
    (True, 9, True)
    >>> new_session("grudger", 3).seed < 2**31
    True
    """
    if seed is None:
        seed = fresh_seed()
    drawn = strategy is None
    if drawn:
        strategy = choose_opponent(seed, pool)
    session = PlaySession(strategy, rounds, game=game, noise=noise, seed=seed)
    session.drawn = drawn
    return session


# ----------------------------------------------------------------------------- texts


def _points(x: float) -> str:
    return f"{x:g}"


def rules(session: PlaySession, hidden: bool = True) -> list[str]:
    """The rules of a game, one sentence a line: who you play, the moves, the points, the
    noise (``hidden``: the opponent's name is not said).

    Examples
    --------
    >>> for line in rules(PlaySession("tit_for_tat", rounds=3), hidden=False):
    ...     print(line)
    You are playing 3 rounds of the Prisoner's Dilemma against Tit For Tat.
    Each round you both choose at the same time: C (co-operate) or D (defect).
    Points a round: both C: 3 each; both D: 1 each; you D and they C: you 5, they 0; you C and they D: you 0, they 5.
    """  # noqa: E501
    r, s, t, p = (_points(v) for v in session.game.as_tuple())
    rounds = session.rounds
    who = "a hidden opponent (revealed at the end)" if hidden else session.opponent
    lines = [
        f"You are playing {rounds} round{'s' if rounds != 1 else ''} of the Prisoner's Dilemma "
        f"against {who}.",
        "Each round you both choose at the same time: C (co-operate) or D (defect).",
        f"Points a round: both C: {r} each; both D: {p} each; you D and they C: you {t}, they "
        f"{s}; you C and they D: you {s}, they {t}.",
    ]
    if session.noise > 0:
        lines.append(
            f"Noise: every intended move, yours too, is flipped with probability {session.noise:g}."
        )
    return lines


def verdict(you: float, opponent: float) -> str:
    """Who scored more, in words.

    Examples
    --------
    >>> verdict(8, 3), verdict(3, 8), verdict(5, 5)
    ('you scored more', 'your opponent scored more', 'a tie')
    """
    if you > opponent:
        return "you scored more"
    if opponent > you:
        return "your opponent scored more"
    return "a tie"


def outcome(session: PlaySession, stopped: bool = False) -> str:
    """The end of a game in one sentence: rounds played, the final scores and who scored
    more (``stopped``: the player quit early).

    Examples
    --------
    >>> s = PlaySession("tit_for_tat", rounds=2, seed=1)
    >>> _ = s.move("D"), s.move("C")
    >>> outcome(s)
    'Game over after 2 rounds. Final score: you 5, your opponent 5 (a tie).'
    """
    you, them = session.scores
    if stopped:
        head = f"You stopped after {session.played} of {session.rounds} rounds."
    else:
        head = f"Game over after {session.rounds} round{'s' if session.rounds != 1 else ''}."
    text = f"{head} Final score: you {_points(you)}, your opponent {_points(them)}"
    if session.played:
        text += f" ({verdict(you, them)})"
    return text + "."
