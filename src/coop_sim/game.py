"""The 2x2 symmetric game a match is played under: pay-offs R, S, T, P and their names.

Actions are coded C = 0 (co-operate) and D = 1 (defect).  A round pays the row player
``R`` for (C, C), ``S`` for (C, D), ``T`` for (D, C) and ``P`` for (D, D).
"""

from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["GAME_CLASSES", "Game"]

#: The names :meth:`Game.classify` can return.
GAME_CLASSES = (
    "prisoners_dilemma",
    "weak_prisoners_dilemma",
    "stag_hunt",
    "snowdrift",
    "harmony",
    "deadlock",
    "other",
)

_warned: set[tuple[float, float, float, float]] = set()


@dataclass(frozen=True)
class Game:
    """Pay-offs of the symmetric 2x2 game (Axelrod's values by default).

    Parameters
    ----------
    R : float
        Reward for mutual co-operation.
    S : float
        Sucker's pay-off: co-operating against a defector.
    T : float
        Temptation: defecting against a co-operator.
    P : float
        Punishment for mutual defection.

    Notes
    -----
    Any finite real pay-offs are accepted.  A matrix that is not a Prisoner's Dilemma
    (T > R > P > S) is legal -- analysts redesign pay-offs -- but warns once, naming the
    game it is (see :meth:`classify`); the weak Prisoner's Dilemma T > R > P = S of spatial
    games does not warn.

    Examples
    --------
    >>> from coop_sim import Game
    >>> g = Game()
    >>> g.classify(), g.is_iterated_pd
    ('prisoners_dilemma', True)
    >>> Game(R=3, S=1, T=5, P=0).classify()
    'snowdrift'
    """

    R: float = 3.0
    S: float = 0.0
    T: float = 5.0
    P: float = 1.0

    def __post_init__(self) -> None:
        for name in ("R", "S", "T", "P"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(f"Game pay-off {name} must be a real number, got {value!r}")
            if not math.isfinite(float(value)):
                raise ValueError(f"Game pay-off {name} must be finite, got {value!r}")
            object.__setattr__(self, name, float(value))
        kind = self.classify()
        key = self.as_tuple()
        if kind not in ("prisoners_dilemma", "weak_prisoners_dilemma") and key not in _warned:
            _warned.add(key)
            warnings.warn(
                f"pay-offs R={self.R:g}, S={self.S:g}, T={self.T:g}, P={self.P:g} are not a "
                f"Prisoner's Dilemma (T > R > P > S); this game is: {kind}",
                UserWarning,
                stacklevel=3,
            )

    def as_tuple(self) -> tuple[float, float, float, float]:
        """Return ``(R, S, T, P)``."""
        return (self.R, self.S, self.T, self.P)

    def classify(self) -> str:
        """Name the game by the order of its pay-offs.

        Returns
        -------
        str
            ``"prisoners_dilemma"`` (T > R > P > S), ``"weak_prisoners_dilemma"`` (T > R > P = S,
            the game of Nowak & May 1992; no warning), ``"stag_hunt"`` (R > T > P > S),
            ``"snowdrift"`` (T > R > S > P, also called Chicken or Hawk-Dove),
            ``"harmony"`` (R > T and S > P), ``"deadlock"`` (T > P > R > S) or ``"other"``.

        Examples
        --------
        >>> Game(R=4, S=0, T=3, P=1).classify()
        'stag_hunt'
        """
        R, S, T, P = self.as_tuple()
        if T > R > P > S:
            return "prisoners_dilemma"
        if T > R > P == S:
            return "weak_prisoners_dilemma"
        if R > T and S > P:
            return "harmony"
        if R > T > P > S:
            return "stag_hunt"
        if T > R > S > P:
            return "snowdrift"
        if T > P > R > S:
            return "deadlock"
        return "other"

    @property
    def is_iterated_pd(self) -> bool:
        """True for a Prisoner's Dilemma where alternation does not pay: 2R > T + S.

        Examples
        --------
        >>> Game(R=3, S=0, T=7, P=1).is_iterated_pd
        False
        """
        return self.T > self.R > self.P > self.S and 2 * self.R > self.T + self.S

    def payoff_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Pay-offs of the two players for outcomes (CC, CD, DC, DD), seen from player A.

        Examples
        --------
        >>> a, b = Game().payoff_vectors()
        >>> a.tolist(), b.tolist()
        ([3.0, 0.0, 5.0, 1.0], [3.0, 5.0, 0.0, 1.0])
        """
        a = np.array([self.R, self.S, self.T, self.P], dtype=np.float64)
        b = np.array([self.R, self.T, self.S, self.P], dtype=np.float64)
        return a, b

    def matrix(self) -> np.ndarray:
        """The row player's 2x2 pay-off matrix, indexed ``[own action, other's action]``."""
        return np.array([[self.R, self.S], [self.T, self.P]], dtype=np.float64)


def resolve_game(game: Game | tuple | None) -> Game:
    """Accept a :class:`Game`, a ``(R, S, T, P)`` sequence or None (Axelrod's values)."""
    if game is None:
        return Game()
    if isinstance(game, Game):
        return game
    if isinstance(game, (tuple, list, np.ndarray)) and len(game) == 4:
        return Game(*(float(v) if isinstance(v, np.generic) else v for v in game))
    raise TypeError(f"game must be a Game or a sequence (R, S, T, P), got {game!r}")
