"""Game-aware memory-one strategies: Generous Tit For Tat and the linear-relation (ZD) family.

Their four-vectors are functions of the pay-offs, so they are computed for the game a
match is played under (as Axelrod-Python does when a player receives the match's game).

* Generous TFT (Nowak & Sigmund 1992): ``(1, g, 1, g)`` with the generosity
  ``g = min(1 - (T - R) / (R - S), (R - P) / (T - P))`` unless given -- 1/3 at (3, 0, 5, 1).
* Linear-relation strategies (Press & Dyson 2012; Hilbe, Nowak & Sigmund 2013, eq. 14) enforce
  ``s (pi_self - l) = pi_other - l`` on the long-run pay-offs with

  ``p_CC = 1 - phi (1 - s)(R - l)``, ``p_CD = 1 - phi (s (l - S) + (T - l))``,
  ``p_DC = phi ((l - S) + s (T - l))``, ``p_DD = phi (1 - s)(l - P)``.

Both open with co-operation.
"""

from __future__ import annotations

from dataclasses import dataclass

from coop_sim.game import Game
from coop_sim.strategies.spec import Classifier, MemoryOne

__all__ = ["GenerousTitForTat", "LinearRelation", "gtft_generosity", "linear_relation_vector"]

#: Baselines that are read from the game rather than given as numbers.
GAME_BASELINES = ("R", "P")


def gtft_generosity(game: Game) -> float:
    """Generous TFT's probability of forgiving a defection under ``game``.

    Parameters
    ----------
    game : Game
        The pay-offs.

    Returns
    -------
    float
        ``min(1 - (T - R) / (R - S), (R - P) / (T - P))``.

    Examples
    --------
    >>> from coop_sim import Game
    >>> round(gtft_generosity(Game()), 12)
    0.333333333333
    """
    R, S, T, P = game.R, game.S, game.T, game.P
    return min(1 - (T - R) / (R - S), (R - P) / (T - P))


def linear_relation_vector(
    phi: float, s: float, baseline: float, game: Game
) -> tuple[float, float, float, float]:
    """The four-vector (P(C | CC, CD, DC, DD)) of the linear-relation strategy (phi, s, l).

    Parameters
    ----------
    phi : float
        Scale of the relation (must keep every probability in [0, 1]).
    s : float
        Slope; the extortion factor is ``1 / s``.
    baseline : float
        The baseline pay-off l, between P and R.
    game : Game
        The pay-offs.

    Returns
    -------
    tuple of float

    Raises
    ------
    ValueError
        If ``(s, l)`` is not enforceable under ``game`` or a probability falls outside [0, 1].

    Examples
    --------
    >>> from coop_sim import Game
    >>> [round(p, 12) for p in linear_relation_vector(1 / 9, 0.5, 1.0, Game())]
    [0.888888888889, 0.5, 0.333333333333, 0.0]
    """
    R, S, T, P = game.R, game.S, game.T, game.P
    l = baseline  # noqa: E741 - the literature's name
    s_min = -min((T - l) / (l - S), (l - S) / (T - l))
    if l < P or l > R or s > 1 or s < s_min:
        raise ValueError(
            f"(s={s!r}, l={l!r}) is not enforceable under R={R:g}, S={S:g}, T={T:g}, P={P:g}: "
            f"need P <= l <= R and {s_min:.6g} <= s <= 1"
        )
    vector = (
        1 - phi * (1 - s) * (R - l),
        1 - phi * (s * (l - S) + (T - l)),
        phi * ((l - S) + s * (T - l)),
        phi * (1 - s) * (l - P),
    )
    _check_probabilities(vector, f"linear relation (phi={phi!r}, s={s!r}, l={l!r})", game)
    return vector


def _check_probabilities(vector: tuple[float, ...], what: str, game: Game) -> None:
    if not all(0.0 <= p <= 1.0 for p in vector):
        raise ValueError(
            f"{what} gives the four-vector {vector!r} under {game!r}; "
            "every entry must lie in [0, 1]"
        )


def _default_vector(spec: MemoryOne) -> tuple[float, ...] | None:
    try:
        return spec.vector(Game())
    except (ValueError, ZeroDivisionError):
        return None


@dataclass(frozen=True)
class GenerousTitForTat(MemoryOne):
    """Generous Tit For Tat: co-operates after C, forgives a D with probability ``generosity``.

    Parameters
    ----------
    generosity : float or None
        Probability of co-operating after the opponent's defection; None (default) computes
        it from the game, ``min(1 - (T - R) / (R - S), (R - P) / (T - P))``.

    Notes
    -----
    The inherited ``p_cc`` ... ``first`` fields show the vector under the default game
    (3, 0, 5, 1); the vector actually played comes from :meth:`vector` for the match's game.

    Examples
    --------
    >>> from coop_sim import Game
    >>> gtft = GenerousTitForTat()
    >>> [round(p, 4) for p in gtft.vector(Game())]
    [1.0, 1.0, 0.3333, 1.0, 0.3333]
    >>> [round(p, 4) for p in gtft.vector(Game(R=4, S=0, T=5, P=1))]
    [1.0, 1.0, 0.75, 1.0, 0.75]
    """

    generosity: float | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.generosity is not None:
            p = float(self.generosity)
            _check_probabilities((p,), "generosity", Game())
            object.__setattr__(self, "generosity", p)
        _show_default_vector(self)

    def vector(self, game: Game | None) -> tuple[float, float, float, float, float]:
        """(first, p_cc, p_cd, p_dc, p_dd) under ``game`` (None: the default game)."""
        game = Game() if game is None else game
        p = gtft_generosity(game) if self.generosity is None else self.generosity
        _check_probabilities((p,), "the GTFT generosity", game)
        return (1.0, 1.0, p, 1.0, p)

    @property
    def classifier(self) -> Classifier:
        p = self.p_cd if self.generosity is None else self.generosity
        return Classifier(
            memory_depth=1, stochastic=0.0 < p < 1.0, uses_game=self.generosity is None
        )


@dataclass(frozen=True)
class LinearRelation(MemoryOne):
    """A linear-relation (zero-determinant) memory-one strategy with parameters (phi, s, l).

    Parameters
    ----------
    phi : float
        Scale of the relation.
    s : float
        Slope of the enforced relation (``1 / s`` is the extortion factor).
    baseline : float or {'P', 'R'}
        The baseline pay-off l; 'P' or 'R' means the game's punishment or reward pay-off.

    Notes
    -----
    The inherited ``p_cc`` ... ``first`` fields show the vector under the default game
    (3, 0, 5, 1); the vector actually played comes from :meth:`vector` for the match's game.

    Examples
    --------
    >>> from coop_sim import Game
    >>> extort2 = LinearRelation(phi=1 / 9, s=0.5, baseline="P")
    >>> [round(p, 4) for p in extort2.vector(Game())]
    [1.0, 0.8889, 0.5, 0.3333, 0.0]
    """

    phi: float = 0.2
    s: float = 0.1
    baseline: float | str = 1.0

    def __post_init__(self) -> None:
        super().__post_init__()
        if isinstance(self.baseline, str):
            if self.baseline not in GAME_BASELINES:
                raise ValueError(
                    f"baseline must be a number or one of {GAME_BASELINES}, got {self.baseline!r}"
                )
        else:
            object.__setattr__(self, "baseline", float(self.baseline))
        object.__setattr__(self, "phi", float(self.phi))
        object.__setattr__(self, "s", float(self.s))
        _show_default_vector(self)

    def baseline_payoff(self, game: Game) -> float:
        """The baseline pay-off ``l`` under ``game``."""
        if isinstance(self.baseline, str):
            return float(getattr(game, self.baseline))
        return self.baseline

    def vector(self, game: Game | None) -> tuple[float, float, float, float, float]:
        """(first, p_cc, p_cd, p_dc, p_dd) under ``game`` (None: the default game)."""
        game = Game() if game is None else game
        return (1.0, *linear_relation_vector(self.phi, self.s, self.baseline_payoff(game), game))

    @property
    def classifier(self) -> Classifier:
        return Classifier(memory_depth=1, stochastic=True, uses_game=True)


def _show_default_vector(spec: MemoryOne) -> None:
    """Store the default game's vector in the inherited fields (for repr and inspection)."""
    vector = _default_vector(spec)
    if vector is not None:
        for attr, value in zip(("first", "p_cc", "p_cd", "p_dc", "p_dd"), vector, strict=True):
            object.__setattr__(spec, attr, float(value))
