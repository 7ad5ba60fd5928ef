"""The rule-maker's levers as validated, composable data objects.

Each *intervention* is a frozen dataclass that changes one aspect of a
:class:`~coop_sim.design.scenario.Scenario`; a scenario holds at most one intervention of
each type, and :meth:`Scenario.apply` adds or replaces them, so designs compose.  Every
numeric field is also a named *lever* (:data:`LEVERS`) that thresholds and sweeps vary.

========================  ===============================================  =================
intervention              effect                                           lever(s)
========================  ===============================================  =================
:class:`DefectionFine`    ``T - f`` and ``P - f``: a fine on every D       fine_on_defection
:class:`ExploitationFine` ``T - f``: a fine on D against a co-operator     fine_on_exploitation
:class:`CooperationBonus` ``R + b``: a bonus for mutual co-operation       bonus_cooperation
:class:`Compensation`     ``S + c``: the exploited are compensated         compensation
:class:`Rescale`          every pay-off times ``k``                        scale
:class:`Shadow`           continuation ``w`` / fixed ``turns``;            continuation,
                          known final round or an unknown end              turns, known_end
:class:`Turnover`         a relationship ends with probability ``tau``    turnover
                          each round; a new partner is drawn
:class:`Reputation`       a public record (image or standing) that         --
                          discriminators read
:class:`Listing`          listed (good-record) players get a bonus per     listing_bonus,
                          round and/or more encounters                     listing_encounters
:class:`Assortment`       probability ``r`` of meeting one's own kind      assortment
:class:`Noise`            each move mis-executed with probability ``e``    noise
:class:`Teaching`         each generation a share is taught a strategy     teaching
========================  ===============================================  =================

Pay-off interventions apply in a fixed order whatever the order they are given in: the
fines, bonus and compensation are added first, then :class:`Rescale` multiplies, so
``Rescale(2)`` with ``DefectionFine(1)`` gives ``T' = 2 (T - 1)``.

Examples
--------
>>> from coop_sim import Game
>>> design = (DefectionFine(1.0), CooperationBonus(0.5))
>>> transform_game(Game(), design).as_tuple()  # (R, S, T, P)
(3.5, 0.0, 4.0, 0.0)
>>> transform_game(Game(), (DefectionFine(3.0),)).classify()
'harmony'
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, fields
from typing import ClassVar

from coop_sim import _validate
from coop_sim.design.rematching import RECORDS  # the kinds of public record
from coop_sim.game import Game

__all__ = [
    "INTERVENTIONS",
    "LEVERS",
    "Assortment",
    "Compensation",
    "CooperationBonus",
    "DefectionFine",
    "ExploitationFine",
    "Intervention",
    "Lever",
    "Listing",
    "Noise",
    "Reputation",
    "Rescale",
    "Shadow",
    "Teaching",
    "Turnover",
    "transform_game",
]


def _amount(value: object, parameter: str) -> float:
    """A finite real >= 0 (fines, bonuses and compensation are never negative)."""
    return _validate.positive_real(value, parameter, zero=True)


def _below_one(value: object, parameter: str) -> float:
    x = _validate.probability(value, parameter)
    if x >= 1.0:
        raise ValueError(f"{parameter} must be a probability in [0, 1), got {value!r}")
    return x


class _Default:
    """Marks a field left at its default (resolved in ``__post_init__``)."""

    def __repr__(self) -> str:
        return "<default>"


_DEFAULT_TURNS = _Default()


class Intervention:
    """Base of the interventions: ``key`` names the slot a scenario keeps it in."""

    key: ClassVar[str] = ""

    def transform(self, values: tuple[float, float, float, float]) -> tuple:
        """``(R, S, T, P)`` after this intervention (pay-off interventions only)."""
        return values

    def describe(self) -> str:
        """One line for reports, e.g. ``'fine on defection 1.5'``."""
        parts = [f"{f.name}={getattr(self, f.name)!r}" for f in fields(self)]  # type: ignore[arg-type]
        return f"{type(self).__name__}({', '.join(parts)})"

    def to_dict(self) -> dict:
        """The fields as plain data (for scenario files and sweep manifests)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class DefectionFine(Intervention):
    """A fine ``amount`` on every defection: ``T - amount`` and ``P - amount``.

    Examples
    --------
    >>> DefectionFine(1.0).transform((3, 0, 5, 1))
    (3.0, 0.0, 4.0, 0.0)
    """

    amount: float = 0.0
    key: ClassVar[str] = "fine_on_defection"

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _amount(self.amount, "fine_on_defection"))

    def transform(self, values):
        r, s, t, p = values
        return float(r), float(s), t - self.amount, p - self.amount

    def describe(self) -> str:
        return f"fine on defection {self.amount:g} (T and P)"


@dataclass(frozen=True)
class ExploitationFine(Intervention):
    """A fine ``amount`` on defecting against a co-operator only: ``T - amount``.

    Examples
    --------
    >>> ExploitationFine(2.0).transform((3, 0, 5, 1))
    (3.0, 0.0, 3.0, 1.0)
    """

    amount: float = 0.0
    key: ClassVar[str] = "fine_on_exploitation"

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _amount(self.amount, "fine_on_exploitation"))

    def transform(self, values):
        r, s, t, p = values
        return float(r), float(s), t - self.amount, float(p)

    def describe(self) -> str:
        return f"fine on exploitation {self.amount:g} (T only)"


@dataclass(frozen=True)
class CooperationBonus(Intervention):
    """A bonus ``amount`` for mutual co-operation: ``R + amount``.

    Examples
    --------
    >>> CooperationBonus(1.0).transform((3, 0, 5, 1))
    (4.0, 0.0, 5.0, 1.0)
    """

    amount: float = 0.0
    key: ClassVar[str] = "bonus_cooperation"

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _amount(self.amount, "bonus_cooperation"))

    def transform(self, values):
        r, s, t, p = values
        return r + self.amount, float(s), float(t), float(p)

    def describe(self) -> str:
        return f"bonus for mutual co-operation {self.amount:g} (R)"


@dataclass(frozen=True)
class Compensation(Intervention):
    """Compensation ``amount`` for the exploited co-operator: ``S + amount``.

    Examples
    --------
    >>> Compensation(0.5).transform((3, 0, 5, 1))
    (3.0, 0.5, 5.0, 1.0)
    """

    amount: float = 0.0
    key: ClassVar[str] = "compensation"

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _amount(self.amount, "compensation"))

    def transform(self, values):
        r, s, t, p = values
        return float(r), s + self.amount, float(t), float(p)

    def describe(self) -> str:
        return f"compensation of the exploited {self.amount:g} (S)"


@dataclass(frozen=True)
class Rescale(Intervention):
    """Every pay-off multiplied by ``factor`` (> 0): stakes raised or lowered.

    Under selection of a given intensity, larger stakes mean stronger selection.

    Examples
    --------
    >>> Rescale(2.0).transform((3, 0, 5, 1))
    (6.0, 0.0, 10.0, 2.0)
    """

    factor: float = 1.0
    key: ClassVar[str] = "scale"

    def __post_init__(self) -> None:
        object.__setattr__(self, "factor", _validate.positive_real(self.factor, "scale"))

    def transform(self, values):
        return tuple(float(v) * self.factor for v in values)

    def describe(self) -> str:
        return f"pay-offs scaled by {self.factor:g}"


@dataclass(frozen=True)
class Shadow(Intervention):
    """The shadow of the future: how long relationships last and whether the end is known.

    Parameters
    ----------
    continuation : float, optional
        After each round the match goes on with probability ``w`` in [0, 1) (an unknown
        end).  None: no continuation probability.
    turns : int, optional
        A fixed number of rounds (>= 1), or a cap on the length when ``continuation`` is
        given too.  Default 200 when ``continuation`` is None, else None.
    known_end : bool
        The players are told the number of rounds (fixed ``turns`` only), so end-aware
        strategies can defect in the last rounds (the unravelling argument).

    Examples
    --------
    >>> Shadow(continuation=0.9)
    Shadow(continuation=0.9, turns=None, known_end=False)
    >>> Shadow(turns=10, known_end=True).describe()
    '10 rounds (the number told to the players)'
    """

    continuation: float | None = None
    turns: int | None = _DEFAULT_TURNS  # type: ignore[assignment]
    known_end: bool = False
    key: ClassVar[str] = "shadow"

    def __post_init__(self) -> None:
        w = None if self.continuation is None else _below_one(self.continuation, "continuation")
        turns = self.turns
        if turns is _DEFAULT_TURNS:
            turns = 200 if w is None else None
        if turns is not None:
            turns = _validate.int_in(turns, "turns", 1, _validate.MAX_TURNS)
        if w is None and turns is None:
            raise ValueError(
                "the shadow of the future needs continuation (in [0, 1)) or turns (>= 1), "
                "got neither"
            )
        known = _validate.flag(self.known_end, "known_end")
        if known and (w is not None):
            raise ValueError(
                f"known_end=True needs a fixed number of turns and no continuation, got "
                f"continuation={w!r}: with a continuation probability the end is never known"
            )
        object.__setattr__(self, "continuation", w)
        object.__setattr__(self, "turns", turns)
        object.__setattr__(self, "known_end", known)

    def describe(self) -> str:
        if self.continuation is None:
            told = "told to" if self.known_end else "not told to"
            rounds = "1 round" if self.turns == 1 else f"{self.turns} rounds"
            return f"{rounds} (the number {told} the players)"
        cap = f", at most {self.turns} rounds" if self.turns is not None else ""
        return f"continuation probability {self.continuation:g}{cap}"


@dataclass(frozen=True)
class Turnover(Intervention):
    """Relationship turnover: each round a relationship ends with probability ``rate``.

    Both partners are then re-matched with new partners drawn from the population, and
    nothing built with the old partner carries over (see
    :mod:`coop_sim.design.rematching`).

    Examples
    --------
    >>> Turnover(0.05).describe()
    'relationships end with probability 0.05 a round'
    """

    rate: float = 0.0
    key: ClassVar[str] = "turnover"

    def __post_init__(self) -> None:
        object.__setattr__(self, "rate", _validate.probability(self.rate, "turnover"))

    def describe(self) -> str:
        return f"relationships end with probability {self.rate:g} a round"


def _record(value: object, parameter: str) -> str:
    if value not in RECORDS:
        raise ValueError(f"{parameter} must be one of {', '.join(RECORDS)}, got {value!r}")
    return str(value)


@dataclass(frozen=True)
class Reputation(Intervention):
    """A public record of who co-operated, read by discriminating strategies.

    Parameters
    ----------
    record : {'image', 'standing'}
        'image': good after a co-operation, bad after a defection (first-order, Nowak &
        Sigmund 1998); 'standing': only a defection against a partner in good standing
        makes a player bad (Sugden 1986; Leimar & Hammerstein 2001).

    Examples
    --------
    >>> Reputation("standing").describe()
    'public record: standing'
    """

    record: str = "image"
    key: ClassVar[str] = "reputation"

    def __post_init__(self) -> None:
        object.__setattr__(self, "record", _record(self.record, "reputation"))

    def describe(self) -> str:
        return f"public record: {self.record}"


@dataclass(frozen=True)
class Listing(Intervention):
    """A listing scheme: players with a good record are listed; defectors are delisted.

    Parameters
    ----------
    bonus : float
        Paid to a listed player each round (>= 0).
    encounters : float
        A listed player's encounters per round relative to an unlisted one (>= 1): its
        round pay-off counts this many times.
    record : {'image', 'standing'}
        The record that decides the listing when the scenario has no :class:`Reputation`
        (with one, the listing uses the reputation's record).

    Examples
    --------
    >>> Listing(bonus=1.0).describe()
    'listing: bonus 1 a round, 1x encounters (image record)'
    """

    bonus: float = 0.0
    encounters: float = 1.0
    record: str = "image"
    key: ClassVar[str] = "listing"

    def __post_init__(self) -> None:
        object.__setattr__(self, "bonus", _amount(self.bonus, "listing_bonus"))
        enc = _validate.real(self.encounters, "listing_encounters")
        if not (math.isfinite(enc) and enc >= 1.0):
            raise ValueError(
                f"listing_encounters must be a finite real >= 1, got {self.encounters!r}"
            )
        object.__setattr__(self, "encounters", enc)
        object.__setattr__(self, "record", _record(self.record, "listing record"))

    def describe(self) -> str:
        return (
            f"listing: bonus {self.bonus:g} a round, {self.encounters:g}x encounters "
            f"({self.record} record)"
        )


@dataclass(frozen=True)
class Assortment(Intervention):
    """Like-mindedness in a well-mixed population: with probability ``r`` an individual
    meets its own kind, otherwise a random member (Eshel & Cavalli-Sforza 1982; Grafen 1979).

    The pay-off of ``i`` against ``j`` becomes ``r A[i, i] + (1 - r) A[i, j]``.

    Examples
    --------
    >>> Assortment(0.2).describe()
    'assortment r = 0.2'
    """

    r: float = 0.0
    key: ClassVar[str] = "assortment"

    def __post_init__(self) -> None:
        object.__setattr__(self, "r", _validate.probability(self.r, "assortment"))

    def describe(self) -> str:
        return f"assortment r = {self.r:g}"


@dataclass(frozen=True)
class Noise(Intervention):
    """Interference from outside the game: each move is flipped with probability ``rate``.

    Examples
    --------
    >>> Noise(0.01).describe()
    'noise 0.01 per move'
    """

    rate: float = 0.0
    key: ClassVar[str] = "noise"

    def __post_init__(self) -> None:
        x = _validate.probability(self.rate, "noise")
        if x > 0.5:
            raise ValueError(f"noise must be a probability in [0, 0.5], got {self.rate!r}")
        object.__setattr__(self, "rate", x)

    def describe(self) -> str:
        return f"noise {self.rate:g} per move"


@dataclass(frozen=True)
class Teaching(Intervention):
    """Teaching: after each generation a share of the population is taught ``strategy``.

    Examples
    --------
    >>> Teaching(0.05, "tit_for_tat").describe()
    'each generation 0.05 of the population is taught tit_for_tat'
    """

    share: float = 0.0
    strategy: str = "tit_for_tat"
    key: ClassVar[str] = "teaching"

    def __post_init__(self) -> None:
        object.__setattr__(self, "share", _validate.probability(self.share, "teaching"))
        if not isinstance(self.strategy, str) or not self.strategy:
            raise TypeError(f"teaching strategy must be a strategy name, got {self.strategy!r}")

    def describe(self) -> str:
        return f"each generation {self.share:g} of the population is taught {self.strategy}"


#: The intervention types, by the key a scenario keeps them under.
INTERVENTIONS: dict[str, type[Intervention]] = {
    cls.key: cls
    for cls in (
        DefectionFine, ExploitationFine, CooperationBonus, Compensation, Rescale, Shadow,
        Turnover, Reputation, Listing, Assortment, Noise, Teaching,
    )
}  # fmt: skip

_PAYOFF_ORDER = ("fine_on_defection", "fine_on_exploitation", "bonus_cooperation",
                 "compensation", "scale")  # fmt: skip


@dataclass(frozen=True)
class Lever:
    """A numeric (or boolean) setting that thresholds and sweeps vary.

    ``target`` is ``'intervention'`` (``owner`` = an intervention key, ``field`` its field),
    ``'dynamics'`` (a field of :class:`~coop_sim.design.scenario.Dynamics`) or
    ``'scenario'`` (a field of the scenario itself); ``kind`` is 'real', 'int' or 'bool';
    ``low``/``high`` bound the values (inclusive; None for unbounded).
    """

    name: str
    target: str
    owner: str
    field: str
    kind: str
    low: float | None
    high: float | None
    description: str

    def check(self, value: object) -> float | int | bool:
        """``value`` validated for this lever (one clear error otherwise)."""
        if self.kind == "bool":
            return _validate.flag(value, self.name)
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                else:
                    raise TypeError(f"{self.name} must be an int, got {value!r}")
        x = _validate.real(value, self.name)
        bad = not math.isfinite(x)
        bad |= self.low is not None and x < self.low
        bad |= self.high is not None and x > self.high
        if bad:
            raise ValueError(f"{self.name} must be {self.allowed()}, got {value!r}")
        return int(x) if self.kind == "int" else x

    def allowed(self) -> str:
        """The allowed range in words, e.g. ``'a real in [0, 1)'``."""
        noun = {"real": "a real", "int": "an int", "bool": "true or false"}[self.kind]
        if self.kind == "bool":
            return noun
        if self.low is not None and self.high is not None and self.low != _POSITIVE:
            if self.high == _BELOW_ONE:
                return f"{noun} in [{self.low:g}, 1)"
            return f"{noun} in [{self.low:g}, {self.high:g}]"
        if self.low == _POSITIVE:
            return f"{noun} > 0"
        if self.low is not None:
            return f"{noun} >= {self.low:g}"
        return noun


_BELOW_ONE = 1 - 1e-12  # the largest continuation a lever accepts: [0, 1)
_POSITIVE = 1e-300  # the smallest scale a lever accepts: > 0


def _levers() -> dict[str, Lever]:
    inf = None
    rows = [
        ("fine_on_defection", "intervention", "fine_on_defection", "amount", "real", 0, inf,
         "fine on every defection (T and P)"),
        ("fine_on_exploitation", "intervention", "fine_on_exploitation", "amount", "real", 0,
         inf, "fine on defecting against a co-operator (T)"),
        ("bonus_cooperation", "intervention", "bonus_cooperation", "amount", "real", 0, inf,
         "bonus for mutual co-operation (R)"),
        ("compensation", "intervention", "compensation", "amount", "real", 0, inf,
         "compensation of the exploited (S)"),
        ("scale", "intervention", "scale", "factor", "real", _POSITIVE, inf, "pay-off scale"),
        ("continuation", "intervention", "shadow", "continuation", "real", 0, _BELOW_ONE,
         "continuation probability w"),
        ("turns", "intervention", "shadow", "turns", "int", 1, _validate.MAX_TURNS,
         "rounds per match (a cap on the length when a continuation is set)"),
        ("known_end", "intervention", "shadow", "known_end", "bool", None, None,
         "players know the final round"),
        ("turnover", "intervention", "turnover", "rate", "real", 0, 1,
         "probability a relationship ends each round"),
        ("listing_bonus", "intervention", "listing", "bonus", "real", 0, inf,
         "bonus a round for listed players"),
        ("listing_encounters", "intervention", "listing", "encounters", "real", 1, inf,
         "encounters of a listed player relative to an unlisted one"),
        ("assortment", "intervention", "assortment", "r", "real", 0, 1,
         "probability of meeting one's own kind"),
        ("noise", "intervention", "noise", "rate", "real", 0, 0.5,
         "probability a move is mis-executed"),
        ("teaching", "intervention", "teaching", "share", "real", 0, 1,
         "share taught the teaching strategy each generation"),
        ("intensity", "dynamics", "", "intensity", "real", 0, inf, "selection intensity"),
        ("mutation", "dynamics", "", "mutation", "real", 0, 1, "mutation probability"),
        ("generations", "dynamics", "", "generations", "int", 1, inf, "generations"),
        ("population", "scenario", "", "population", "int", 2, 10**7, "population size"),
    ]  # fmt: skip
    return {row[0]: Lever(*row) for row in rows}


#: Every lever by name.  Initial shares are levers too: ``'initial:<strategy>'`` (see
#: :meth:`~coop_sim.design.scenario.Scenario.with_levers`).
LEVERS: dict[str, Lever] = _levers()


def transform_game(game: Game, interventions) -> Game:
    """The game after the pay-off interventions among ``interventions`` (fixed order:
    fines, bonus, compensation, then rescaling).

    The result may no longer be a Prisoner's Dilemma; :meth:`Game.classify` names it (no
    warning is raised here: a design that turns the dilemma into a harmony game is a
    finding, not an error).
    """
    by_key = {iv.key: iv for iv in interventions}
    values = game.as_tuple()
    for key in _PAYOFF_ORDER:
        if key in by_key:
            values = by_key[key].transform(values)
    if values == game.as_tuple():
        return game
    return _quiet_game(values)


def _quiet_game(values) -> Game:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Game(*(float(v) for v in values))
