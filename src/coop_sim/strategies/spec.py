"""Strategy specs: frozen, validated data that compile to arrays for the numba kernels.

Every spec compiles, for a given :class:`~coop_sim.game.Game`, to a :class:`Compiled`
record: a family code, a float64 parameter array and a state size.  Two families exist:

``AUTOMATON``
    Any finite-state strategy (memory-one, lookup table, finite-state machine, cycler).
    The parameters hold ``[n, start, p_c[0:n], nxt[0:n*8]]`` where ``p_c[s]`` is the
    probability of intending C in state ``s`` and ``nxt[s, intended, own, opp]`` (flattened
    row-major over a ``(n, 2, 2, 2)`` array) is the next state after a round in which the
    player intended ``intended`` and the actual (possibly noise-flipped) moves were ``own``
    and ``opp``.  Automata are also what the exact (Markov) evaluation works on.
``PROGRAM``
    Classics that need counts, phases or the match length.  The parameters are
    ``[code, *values]``; ``code`` selects a compiled move function in
    :mod:`coop_sim.engine.programs_classic` or ``programs_first``, which reads the history
    arrays and a float64 state.

Actions are C = 0 and D = 1 throughout.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from coop_sim.engine.codes import AUTOMATON, PROGRAM
from coop_sim.game import Game

__all__ = [
    "FSM",
    "Automaton",
    "Classifier",
    "Compiled",
    "Cycler",
    "LookupTable",
    "MemoryOne",
    "Program",
    "StrategySpec",
    "action_code",
]


def action_code(action: object, parameter: str = "action") -> int:
    """Return 0 for C and 1 for D, accepting 'C'/'D' (any case), 0/1 and Axelrod's Actions."""
    text = str(action).strip().upper()
    if text in ("C", "0"):
        return 0
    if text in ("D", "1"):
        return 1
    raise ValueError(f"{parameter} must be 'C' or 'D' (or 0 / 1), got {action!r}")


def _probability(value: object, parameter: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{parameter} must be a probability (a real number), got {value!r}")
    value = float(value)
    if not (0.0 <= value <= 1.0) or math.isnan(value):
        raise ValueError(f"{parameter} must be a probability in [0, 1], got {value!r}")
    return value


def _action_probability(value: object, parameter: str) -> float:
    """'C' -> 1.0, 'D' -> 0.0, or a probability of co-operating."""
    if isinstance(value, str) or type(value).__name__ == "Action":
        return 1.0 - action_code(value, parameter)
    return _probability(value, parameter)


@dataclass(frozen=True)
class Classifier:
    """What a strategy looks at, in Axelrod-Python's terms.

    Attributes
    ----------
    memory_depth : float
        How many past rounds the strategy uses (``math.inf`` for the whole history).
    stochastic : bool
        Whether it draws random numbers.
    uses_length : bool
        Whether it uses the match length when the players are told it.
    uses_game : bool
        Whether its behaviour depends on the pay-offs.
    """

    memory_depth: float = 1
    stochastic: bool = False
    uses_length: bool = False
    uses_game: bool = False


@dataclass(frozen=True)
class Automaton:
    """A finite-state strategy in table form (see the module notes).

    Attributes
    ----------
    p_c : numpy.ndarray
        float64 ``(n,)``: probability of intending C in each state.
    nxt : numpy.ndarray
        int64 ``(n, 2, 2, 2)``: next state by ``[state, intended, own, opponent]``.
    start : int
        State in round 0.
    """

    p_c: np.ndarray
    nxt: np.ndarray
    start: int = 0

    @property
    def n_states(self) -> int:
        return int(self.p_c.shape[0])

    @property
    def deterministic(self) -> bool:
        return bool(np.all((self.p_c == 0.0) | (self.p_c == 1.0)))

    def params(self) -> np.ndarray:
        """The AUTOMATON family's parameter array."""
        n = self.n_states
        return np.concatenate(
            (
                np.array([n, self.start], dtype=np.float64),
                self.p_c.astype(np.float64),
                self.nxt.reshape(n * 8).astype(np.float64),
            )
        )

    @classmethod
    def from_rules(
        cls,
        start: Hashable,
        p_cooperate: Callable[[Hashable], float],
        successor: Callable[[Hashable, int, int, int], Hashable],
    ) -> Automaton:
        """Enumerate the states reachable from ``start`` under a rule given as functions.

        Parameters
        ----------
        start : hashable
            The state key of round 0.
        p_cooperate : callable
            ``key -> probability of intending C``.
        successor : callable
            ``(key, intended, own, opponent) -> next key``.

        Examples
        --------
        >>> tft = Automaton.from_rules("start", lambda k: 1.0 if k in ("start", 0) else 0.0,
        ...                            lambda k, i, own, opp: opp)
        >>> tft.n_states, tft.p_c.tolist()
        (3, [1.0, 1.0, 0.0])
        """
        index: dict[Hashable, int] = {start: 0}
        order = [start]
        rows: list[list[int]] = []
        probs: list[float] = []
        k = 0
        while k < len(order):
            key = order[k]
            probs.append(float(p_cooperate(key)))
            row = []
            for intended in (0, 1):
                for own in (0, 1):
                    for opp in (0, 1):
                        nxt_key = successor(key, intended, own, opp)
                        if nxt_key not in index:
                            index[nxt_key] = len(order)
                            order.append(nxt_key)
                        row.append(index[nxt_key])
            rows.append(row)
            k += 1
        nxt = np.array(rows, dtype=np.int64).reshape(len(order), 2, 2, 2)
        return cls(np.array(probs, dtype=np.float64), nxt, 0)


@dataclass(frozen=True)
class Compiled:
    """What the kernels receive for one player: family code, parameters, state size."""

    family: int
    params: np.ndarray
    state_size: int
    deterministic: bool
    automaton: Automaton | None = None


@dataclass(frozen=True)
class StrategySpec:
    """Base class of every strategy spec (pure data; see :mod:`coop_sim.strategies.spec`).

    The keyword-only fields carry the literature: ``name`` (display name, as in
    Axelrod-Python), ``id`` (registry id), ``aliases``, ``references`` and ``description``.
    """

    name: str = field(default="", kw_only=True)
    id: str = field(default="", kw_only=True)
    aliases: tuple[str, ...] = field(default=(), kw_only=True)
    references: tuple[str, ...] = field(default=(), kw_only=True)
    description: str = field(default="", kw_only=True, repr=False)

    family = "abstract"

    @property
    def classifier(self) -> Classifier:  # pragma: no cover - overridden
        raise NotImplementedError

    def automaton(self, game: Game) -> Automaton | None:
        """The finite-state form under ``game``, or None if the strategy has none."""
        return None

    def compile(self, game: Game) -> Compiled:
        """Arrays for the kernels under ``game``."""
        automaton = self.automaton(game)
        if automaton is None:  # pragma: no cover - programs override compile
            raise NotImplementedError
        return Compiled(AUTOMATON, automaton.params(), 1, automaton.deterministic, automaton)

    def label(self) -> str:
        """The name shown in tables and figures (a short description if unnamed)."""
        return self.name or self.id or self._describe()

    def _describe(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class MemoryOne(StrategySpec):
    """A memory-one strategy: P(C) after each outcome of the previous round.

    Parameters
    ----------
    p_cc, p_cd, p_dc, p_dd : float
        Probability of co-operating after (own, opponent's) last moves CC, CD, DC, DD
        -- own move first, Axelrod-Python's order.
    first : float or {'C', 'D'}
        Probability of co-operating in the first round (default 1: co-operate).

    Examples
    --------
    >>> from coop_sim import MemoryOne, play_match
    >>> gtft = MemoryOne(1, 1 / 3, 1, 1 / 3, name="My GTFT")
    >>> play_match(gtft, "defector", turns=3, seed=1).moves[:, 1].tolist()
    [1, 1, 1]
    """

    p_cc: float = 1.0
    p_cd: float = 0.0
    p_dc: float = 1.0
    p_dd: float = 0.0
    first: float = 1.0

    family = "memory_one"

    def __post_init__(self) -> None:
        for attr in ("p_cc", "p_cd", "p_dc", "p_dd"):
            object.__setattr__(self, attr, _probability(getattr(self, attr), attr))
        object.__setattr__(self, "first", _action_probability(self.first, "first"))

    def _describe(self) -> str:
        probs = ", ".join(f"{p:.3g}" for p in (self.p_cc, self.p_cd, self.p_dc, self.p_dd))
        return (
            f"MemoryOne({probs}" + ("" if self.first == 1.0 else f", first={self.first:.3g}") + ")"
        )

    def vector(self, game: Game) -> tuple[float, float, float, float, float]:
        """(first, p_cc, p_cd, p_dc, p_dd) under ``game``; game-aware subclasses override."""
        return (self.first, self.p_cc, self.p_cd, self.p_dc, self.p_dd)

    @property
    def classifier(self) -> Classifier:
        probs = (self.first, self.p_cc, self.p_cd, self.p_dc, self.p_dd)
        stochastic = any(0.0 < p < 1.0 for p in probs)
        reactive = (self.p_cc, self.p_cd) == (self.p_dc, self.p_dd)
        depth = 0 if reactive and self.p_cc == self.p_cd and self.first == self.p_cc else 1
        return Classifier(memory_depth=depth, stochastic=stochastic)

    def automaton(self, game: Game) -> Automaton:
        first, *after = self.vector(game)
        p_c = np.array([first, *after], dtype=np.float64)
        nxt = np.empty((5, 2, 2, 2), dtype=np.int64)
        for own in (0, 1):
            for opp in (0, 1):
                nxt[:, :, own, opp] = 1 + 2 * own + opp
        return Automaton(p_c, nxt, 0)


@dataclass(frozen=True)
class Cycler(StrategySpec):
    """Plays a fixed sequence of moves over and over, whatever the opponent does.

    Parameters
    ----------
    pattern : str
        The cycle, e.g. ``"CCD"``.

    Examples
    --------
    >>> from coop_sim import Cycler, play_match
    >>> "".join("CD"[m] for m in play_match(Cycler("CCD"), "cooperator", turns=7).moves[:, 0])
    'CCDCCDC'
    """

    pattern: str = "CD"

    family = "cycler"

    def __post_init__(self) -> None:
        if not isinstance(self.pattern, str) or not self.pattern:
            raise ValueError(f"pattern must be a non-empty string of C and D, got {self.pattern!r}")
        codes = [action_code(c, "pattern") for c in self.pattern]
        object.__setattr__(self, "pattern", "".join("CD"[c] for c in codes))

    def _describe(self) -> str:
        return f"Cycler {self.pattern}"

    @property
    def classifier(self) -> Classifier:
        depth = 0 if len(set(self.pattern)) == 1 else len(self.pattern) - 1
        return Classifier(memory_depth=depth)

    def automaton(self, game: Game) -> Automaton:
        n = len(self.pattern)
        p_c = np.array([1.0 if c == "C" else 0.0 for c in self.pattern])
        nxt = np.empty((n, 2, 2, 2), dtype=np.int64)
        for s in range(n):
            nxt[s] = (s + 1) % n
        return Automaton(p_c, nxt, 0)


@dataclass(frozen=True)
class LookupTable(StrategySpec):
    """A lookup table on the last moves of both players and the opponent's opening moves.

    The key of round ``t >= len(opening)`` is ``(opponent's first opp_initial_depth moves,
    own last own_depth moves, opponent's last opp_depth moves)``, each a string of C/D
    (oldest first); the value is the move or the probability of co-operating.  In the first
    ``len(opening)`` rounds the strategy plays ``opening`` (as Axelrod-Python's LookerUp).

    Parameters
    ----------
    table : mapping
        ``{(opp_initial, own_last, opp_last): "C" | "D" | probability}``; every key with the
        given depths must be present.
    own_depth, opp_depth, opp_initial_depth : int
        Lengths of the three parts of the key.
    opening : str
        Moves played before the table is used; must be at least as long as the deepest part
        of the key.  Default: "C" repeated to that depth.

    Examples
    --------
    >>> from coop_sim import LookupTable
    >>> tf2t = LookupTable({("", "", h): "D" if h == "DD" else "C"
    ...                     for h in ("CC", "CD", "DC", "DD")}, opp_depth=2)
    >>> tf2t.classifier.memory_depth
    2
    """

    table: dict = field(default_factory=dict)
    own_depth: int = 0
    opp_depth: int = 1
    opp_initial_depth: int = 0
    opening: str | None = None

    family = "lookup"

    def __post_init__(self) -> None:
        for attr in ("own_depth", "opp_depth", "opp_initial_depth"):
            value = getattr(self, attr)
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"{attr} must be an int in 0..6, got {value!r}")
            if not 0 <= value <= 6:
                raise ValueError(f"{attr} must be an int in 0..6, got {value!r}")
        depth = max(self.own_depth, self.opp_depth, self.opp_initial_depth)
        opening = "C" * depth if self.opening is None else self.opening
        opening = "".join("CD"[action_code(c, "opening")] for c in opening)
        if len(opening) < depth:
            raise ValueError(
                f"opening must have at least {depth} moves (the deepest key), got {opening!r}"
            )
        object.__setattr__(self, "opening", opening)
        clean = {}
        lengths = (self.opp_initial_depth, self.own_depth, self.opp_depth)
        for key, value in dict(self.table).items():
            if not isinstance(key, tuple) or len(key) != 3:
                raise ValueError(
                    f"table keys must be (opp_initial, own_last, opp_last), got {key!r}"
                )
            parts = tuple(
                "".join("CD"[action_code(c, f"table key {key!r}")] for c in part) for part in key
            )
            if tuple(len(part) for part in parts) != lengths:
                raise ValueError(
                    f"table key {key!r} must have parts of lengths {lengths} "
                    "(opp_initial_depth, own_depth, opp_depth)"
                )
            clean[parts] = _action_probability(value, f"table[{key!r}]")
        for key in self._keys():
            if key not in clean:
                raise ValueError(f"table is missing the key {key!r}")
        object.__setattr__(self, "table", clean)

    def _describe(self) -> str:
        depths = (self.opp_initial_depth, self.own_depth, self.opp_depth)
        return "LookupTable({}, {}, {})".format(*depths)

    def _keys(self) -> Iterable[tuple[str, str, str]]:
        import itertools

        def words(n: int) -> list[str]:
            return ["".join(w) for w in itertools.product("CD", repeat=n)]

        for a in words(self.opp_initial_depth):
            for b in words(self.own_depth):
                for c in words(self.opp_depth):
                    yield (a, b, c)

    @property
    def classifier(self) -> Classifier:
        stochastic = any(0.0 < p < 1.0 for p in self.table.values())
        depth = max(self.own_depth, self.opp_depth, len(self.opening))
        if self.opp_initial_depth:
            depth = math.inf
        return Classifier(memory_depth=depth, stochastic=stochastic)

    def automaton(self, game: Game) -> Automaton:
        k = len(self.opening)
        m, a, b = self.opp_initial_depth, self.own_depth, self.opp_depth

        def p_cooperate(key: tuple) -> float:
            t, first, own, opp = key
            if t < k:
                return 1.0 if self.opening[t] == "C" else 0.0
            return self.table[
                (first, own[len(own) - a :] if a else "", opp[len(opp) - b :] if b else "")
            ]

        keep = max(a, b)

        def successor(key: tuple, intended: int, own_move: int, opp_move: int) -> tuple:
            t, first, own, opp = key
            own = (own + "CD"[own_move])[-keep:] if keep else ""
            opp = (opp + "CD"[opp_move])[-keep:] if keep else ""
            if len(first) < m:
                first = first + "CD"[opp_move]
            return (min(t + 1, k), first, own, opp)

        return Automaton.from_rules((0, "", "", ""), p_cooperate, successor)


@dataclass(frozen=True)
class FSM(StrategySpec):
    """A finite-state machine: (state, opponent's last move) -> (next state, action).

    As in Axelrod-Python's FSMPlayer, the first move is ``initial_action`` and each later
    move comes from the transition taken on the opponent's previous move.

    Parameters
    ----------
    transitions : sequence
        Rows ``(state, opponent_move, next_state, action)``; ``action`` is "C", "D" or a
        probability of co-operating.  A stochastic transition is a row
        ``(state, opponent_move, ((p, next_if_C), (1 - p, next_if_D)))``: with probability
        ``p`` the machine plays C and goes to ``next_if_C``, otherwise plays D and goes to
        ``next_if_D``.  Every (state, opponent_move) pair of every state must have one row.
    initial_state : int
        State before the first transition.
    initial_action : str or float
        The first move (or probability of co-operating in round 0).

    Examples
    --------
    >>> from coop_sim import FSM
    >>> from coop_sim import play_match
    >>> grudger = FSM([(0, "C", 0, "C"), (0, "D", 1, "D"), (1, "C", 1, "D"), (1, "D", 1, "D")])
    >>> play_match(grudger, "alternator", turns=6).move_strings()
    ('CCDDDD', 'CDCDCD')
    """

    transitions: Sequence = ()
    initial_state: int = 0
    initial_action: str | float = "C"

    family = "fsm"

    def __post_init__(self) -> None:
        rows: dict[tuple[int, int], tuple[int, int, float]] = {}
        for row in self.transitions:
            if not isinstance(row, (tuple, list)):
                raise TypeError(f"a transition must be a tuple, got {row!r}")
            if len(row) == 4:
                state, opp, nxt, action = row
                p = _action_probability(action, f"action of transition {row!r}")
                outcome = (int(nxt), int(nxt), p)
            elif len(row) == 3:
                state, opp, branches = row
                try:
                    (p, next_c), (q, next_d) = branches
                except (TypeError, ValueError):
                    raise ValueError(
                        f"transition {row!r}: the third entry must be the next state (with an "
                        "action as fourth entry) or ((p, next_if_C), (1 - p, next_if_D))"
                    ) from None
                p = _probability(p, f"probability of transition {row!r}")
                if abs(p + q - 1.0) > 1e-12:
                    raise ValueError(
                        f"branch probabilities of {row!r} must sum to 1, they sum to {p + q!r}"
                    )
                outcome = (int(next_c), int(next_d), p)
            else:
                raise ValueError(f"a transition must have 3 or 4 entries, got {row!r}")
            key = (int(state), action_code(opp, "opponent_move"))
            if key in rows:
                raise ValueError(f"transitions has two rows for state {key[0]}, move {opp!r}")
            rows[key] = outcome
        states = (
            {s for s, _ in rows} | {o[0] for o in rows.values()} | {o[1] for o in rows.values()}
        )
        states.add(int(self.initial_state))
        defined = {s for s, _ in rows}
        for (s, o), (next_c, next_d, _) in sorted(rows.items()):
            for target in (next_c, next_d):
                if target not in defined:
                    raise ValueError(
                        f"transition (state {s}, opponent move {'CD'[o]}) leads to state "
                        f"{target}, which has no rows"
                    )
        if int(self.initial_state) not in defined:
            raise ValueError(f"initial_state {self.initial_state!r} has no rows in transitions")
        for s in states:
            for o in (0, 1):
                if (s, o) not in rows:
                    raise ValueError(
                        f"transitions has no row for state {s}, opponent move {'CD'[o]}"
                    )
        object.__setattr__(self, "transitions", tuple(sorted((k, v) for k, v in rows.items())))
        object.__setattr__(
            self, "initial_action", _action_probability(self.initial_action, "initial_action")
        )

    def _describe(self) -> str:
        return f"FSM({len({s for (s, _), _ in self.transitions})} states)"

    @property
    def classifier(self) -> Classifier:
        stochastic = 0.0 < self.initial_action < 1.0 or any(
            0.0 < p < 1.0 for _, (_, _, p) in self.transitions
        )
        return Classifier(memory_depth=math.inf, stochastic=stochastic)

    def automaton(self, game: Game | None) -> Automaton:
        rows = dict(self.transitions)

        def p_cooperate(key: tuple) -> float:
            state, opp = key
            if opp is None:
                return float(self.initial_action)
            return rows[(state, opp)][2]

        def successor(key: tuple, intended: int, own: int, opp_move: int) -> tuple:
            state, opp = key
            if opp is None:
                return (state, opp_move)
            next_c, next_d, _ = rows[(state, opp)]
            return (next_c if intended == 0 else next_d, opp_move)

        return Automaton.from_rules((int(self.initial_state), None), p_cooperate, successor)


@dataclass(frozen=True)
class Program(StrategySpec):
    """A classic that needs counts, phases or the match length (the PROGRAM family).

    ``code`` selects a compiled move function in :mod:`coop_sim.engine.programs_classic`
    (100-199) or :mod:`coop_sim.engine.programs_first` (200-299); ``values``
    are its parameters (already resolved, e.g. from the game), ``state_size`` the number of
    float64 slots it keeps between moves.  Use the registry's named programs; new move
    functions need a kernel.
    """

    code: int = 0
    values: tuple[float, ...] = ()
    state_size: int = 0
    memory_depth: float = math.inf
    stochastic: bool = False
    uses_length: bool = False
    uses_game: bool = False
    game_values: Callable[[Game], tuple[float, ...]] | None = field(default=None, repr=False)
    finite: Callable[[Game], Automaton] | None = field(default=None, repr=False)

    family = "program"

    @property
    def classifier(self) -> Classifier:
        return Classifier(self.memory_depth, self.stochastic, self.uses_length, self.uses_game)

    def automaton(self, game: Game) -> Automaton | None:
        return None if self.finite is None else self.finite(game)

    def compile(self, game: Game) -> Compiled:
        values = tuple(self.values)
        if self.game_values is not None:
            values = values + tuple(self.game_values(game))
        params = np.array([float(self.code), *values], dtype=np.float64)
        return Compiled(PROGRAM, params, max(int(self.state_size), 1), not self.stochastic, None)
