"""The entries of Axelrod's first tournament (Axelrod 1980), as Axelrod-Python 4.14 has them.

Axelrod (1980) published only prose descriptions of most entries; the behaviour here is
Axelrod-Python's reconstruction (Knight et al. 2016), reproduced exactly: same openings,
defaults, chi-squared randomness tests, end-game moves and random draws.  Tit For Tat,
Grudger and Random, the other three entrants, are registered in
:mod:`coop_sim.strategies.catalog_basic`.

Finite-state entries are automata (Davis as an FSM, Grofman and Joss as memory-one
strategies); Nydegger, Feld, Tullock and Anonymous run as programs but also carry their
finite-state form, so their exact expected pay-offs can be computed.
"""

from __future__ import annotations

from coop_sim.engine import programs_first as pf
from coop_sim.game import Game
from coop_sim.strategies import (
    catalog_basic,  # noqa: F401  (Tit For Tat etc. first)
    registry,
)
from coop_sim.strategies.registry import register
from coop_sim.strategies.spec import FSM, Automaton, MemoryOne, Program

AXELROD_1980 = (
    "Axelrod, R. (1980). Effective choice in the Prisoner's Dilemma. Journal of Conflict "
    "Resolution 24(1), 3-25."
)
KNIGHT_2016 = (
    "Knight, V. et al. (2016). An open reproducible framework for the study of the iterated "
    "Prisoner's Dilemma. J. Open Research Software 4(1)."
)
DOWNING_1975 = (
    "Downing, L. L. (1975). The Prisoner's Dilemma game as a problem-solving phenomenon: an "
    "outcome maximization interpretation. Simulation & Games 6(4), 366-391."
)
SHUBIK_1970 = (
    "Shubik, M. (1970). Game theory, behavior, and the paradox of the Prisoner's Dilemma: "
    "three solutions. Journal of Conflict Resolution 14(2), 181-193."
)
STEWART_PLOTKIN_2012 = (
    "Stewart, A. J. & Plotkin, J. B. (2012). Extortion and cooperation in the Prisoner's "
    "Dilemma. PNAS 109(26), 10134-10135."
)

#: Ids of the fifteen entries in the order of Axelrod-Python's ``axelrod_first_strategies``
#: (the order of the 1980 results table).
FIRST_TOURNAMENT_ORDER = (
    "tit_for_tat",
    "first_by_tideman_and_chieruzzi",
    "first_by_nydegger",
    "first_by_grofman",
    "first_by_shubik",
    "first_by_stein_and_rapoport",
    "grudger",
    "first_by_davis",
    "first_by_graaskamp",
    "first_by_downing",
    "first_by_feld",
    "first_by_joss",
    "first_by_tullock",
    "first_by_anonymous",
    "random",
)


def _game_values(game: Game) -> tuple[float, float, float, float]:
    return (game.R, game.S, game.T, game.P)


# --------------------------------------------------------------------------------------
# Finite-state forms
# --------------------------------------------------------------------------------------


def davis_transitions(rounds_to_cooperate: int = 10) -> list[tuple[int, str, int, str]]:
    """FSM rows of Davis: co-operate for the opening rounds, then Grudger on the whole game.

    State ``k`` (1..n) produces the move of round ``k`` (capped at n) with no defection
    seen yet; state ``n + k`` the same after a defection.
    """
    n = rounds_to_cooperate
    rows = []
    for seen in (0, 1):
        for k in range(1, n + 1):
            state = k + seen * n
            nxt = min(k + 1, n)
            for opp in "CD":
                now_seen = seen or opp == "D"
                action = "D" if k >= n and now_seen else "C"
                rows.append((state, opp, nxt + (n if now_seen else 0), action))
    return rows


def nydegger_automaton(game: Game | None = None) -> Automaton:
    """Nydegger as an automaton on (round capped at 3, outcomes of the last three rounds)."""

    def p_cooperate(key: tuple) -> float:
        t, outs = key
        opp = [o // 2 for o in outs]
        if t == 0:
            move = 0
        elif t == 1:
            move = opp[0]
        elif t == 2:
            move = 1 if opp == [1, 0] else opp[1]
        else:
            a = 16 * outs[2] + 4 * outs[1] + outs[0]
            move = (pf._NYDEGGER_DEFECT >> a) & 1
        return 1.0 - move

    def successor(key: tuple, intended: int, own: int, opp: int) -> tuple:
        t, outs = key
        return (min(t + 1, 3), (*outs, own + 2 * opp)[-3:])

    return Automaton.from_rules((0, ()), p_cooperate, successor)


def _feld_probability(t: int, start: float, end: float, rounds: float) -> float:
    slope = (end - start) / rounds
    return max(start + slope * t, end)


def feld_automaton(
    game: Game | None = None, start: float = 1.0, end: float = 0.5, rounds: int = 200
) -> Automaton:
    """Feld as an automaton on (round capped where the decay ends, opponent's last move)."""
    cap = 1
    while start + (end - start) / rounds * cap > end:
        cap += 1

    def p_cooperate(key: tuple) -> float:
        t, last = key
        if t == 0:
            return 1.0
        return 0.0 if last == 1 else _feld_probability(t, start, end, rounds)

    def successor(key: tuple, intended: int, own: int, opp: int) -> tuple:
        return (min(key[0] + 1, cap), opp)

    return Automaton.from_rules((0, None), p_cooperate, successor)


def tullock_automaton(game: Game | None = None) -> Automaton:
    """Tullock as an automaton on (round capped at 11, opponent's moves that still matter).

    The opponent's first move is never used (round 11 looks at rounds 1..10), so the window
    holds the moves of rounds ``max(1, t - 10) .. t - 1``: 2,048 states.
    """

    def p_cooperate(key: tuple) -> float:
        t, window = key
        if t < 11:
            return 1.0
        p = (len(window) - sum(window)) / 10 - 0.10
        return max(0.0, p)

    def successor(key: tuple, intended: int, own: int, opp: int) -> tuple:
        t, window = key
        if t > 0:
            window = (*window, opp)[-10:]
        return (min(t + 1, 11), window)

    return Automaton.from_rules((0, ()), p_cooperate, successor)


def anonymous_automaton(game: Game | None = None) -> Automaton:
    """Anonymous in distribution: each round independently C with probability 1/2.

    (The program draws P(C) uniformly from [0.3, 0.7) and then the move, whose marginal
    probability of C is the mean, 1/2.)
    """
    return Automaton.from_rules(0, lambda key: 0.5, lambda key, i, own, opp: 0)


# --------------------------------------------------------------------------------------
# Registration
# --------------------------------------------------------------------------------------

register(
    Program(code=pf.TIDEMAN_AND_CHIERUZZI, state_size=8, uses_length=True, uses_game=True,
            game_values=_game_values,
            id="first_by_tideman_and_chieruzzi", name="First by Tideman and Chieruzzi",
            aliases=("Tideman and Chieruzzi", "TidemanAndChieruzzi"),
            references=(AXELROD_1980, KNIGHT_2016),
            description="Tit for tat whose punishment grows by one defection with each run of "
            "the opponent's defections, with occasional fresh starts for an opponent that is "
            "well behind, and defections in the last two rounds."),
    sets=("first",),
)  # fmt: skip
register(
    Program(code=pf.NYDEGGER, memory_depth=3, finite=nydegger_automaton,
            id="first_by_nydegger", name="First by Nydegger", aliases=("Nydegger",),
            references=(AXELROD_1980, KNIGHT_2016),
            description="After a tit-for-tat opening, defects exactly when a weighted score of "
            "the last three outcomes falls in a fixed list of values."),
    sets=("first",),
)  # fmt: skip
register(
    MemoryOne(1, 2 / 7, 2 / 7, 1, first=1, id="first_by_grofman", name="First by Grofman",
              aliases=("Grofman",), references=(AXELROD_1980, KNIGHT_2016),
              description="Co-operates when both players made the same move last round, "
              "otherwise co-operates with probability 2/7."),
    sets=("first",),
)  # fmt: skip
register(
    Program(code=pf.SHUBIK, state_size=3, id="first_by_shubik", name="First by Shubik",
            aliases=("Shubik",), references=(AXELROD_1980, SHUBIK_1970, KNIGHT_2016),
            description="Answers each defection made against its co-operation with a run of "
            "defections one longer than the previous run."),
    sets=("first",),
)  # fmt: skip
register(
    Program(code=pf.STEIN_AND_RAPOPORT, values=(0.05,), state_size=2, uses_length=True,
            id="first_by_stein_and_rapoport", name="First by Stein and Rapoport",
            aliases=("Stein and Rapoport", "SteinAndRapoport"),
            references=(AXELROD_1980, KNIGHT_2016),
            description="Tit for tat after four co-operations, defecting throughout while a "
            "chi-squared test every 15 rounds finds the opponent random, and in the last two "
            "rounds."),
    sets=("first",),
)  # fmt: skip
register(
    FSM(davis_transitions(10), initial_state=1, initial_action="C",
        id="first_by_davis", name="First by Davis", aliases=("Davis",),
        references=(AXELROD_1980, KNIGHT_2016),
        description="Co-operates for ten rounds, then defects for good if the opponent has "
        "ever defected."),
    sets=("first",),
)  # fmt: skip
register(
    Program(code=pf.GRAASKAMP, values=(0.05,), state_size=5, stochastic=True,
            id="first_by_graaskamp", name="First by Graaskamp", aliases=("Graaskamp",),
            references=(AXELROD_1980, KNIGHT_2016),
            description="Tit for tat with a probe on round 51; then defects against a random "
            "opponent, mirrors tit for tat or its twin, and otherwise co-operates with a "
            "defection every 5 to 14 rounds."),
    sets=("first",),
)  # fmt: skip
register(
    Program(code=pf.DOWNING, state_size=4, uses_game=True, game_values=_game_values,
            id="first_by_downing", name="First by Downing", aliases=("Downing",),
            references=(AXELROD_1980, DOWNING_1975, KNIGHT_2016),
            description="Estimates how often the opponent co-operates after its own C and "
            "after its own D, and plays whichever move pays more against those estimates."),
    sets=("first",),
)  # fmt: skip
register(
    Program(code=pf.FELD, values=(1.0, 0.5, 200.0), memory_depth=200, stochastic=True,
            finite=feld_automaton, id="first_by_feld", name="First by Feld",
            aliases=("Feld",), references=(AXELROD_1980, KNIGHT_2016),
            description="Defects after a defection; after a co-operation co-operates with a "
            "probability falling linearly from 1 to 1/2 over 200 rounds."),
    sets=("first",),
)  # fmt: skip
register(
    MemoryOne(0.9, 0, 0.9, 0, first=1, id="first_by_joss", name="First by Joss",
              aliases=("Joss", "Hard Joss"),
              references=(AXELROD_1980, STEWART_PLOTKIN_2012, KNIGHT_2016),
              description="Tit for tat that co-operates only 90% of the time after the "
              "opponent co-operates."),
    sets=("first",),
)  # fmt: skip
register(
    Program(code=pf.TULLOCK, state_size=1, stochastic=True, finite=tullock_automaton,
            id="first_by_tullock", name="First by Tullock", aliases=("Tullock",),
            references=(AXELROD_1980, KNIGHT_2016),
            description="Co-operates for eleven rounds, then co-operates 10 points less often "
            "than the opponent did in the last ten rounds."),
    sets=("first",),
)  # fmt: skip
register(
    Program(code=pf.ANONYMOUS, memory_depth=0, stochastic=True, finite=anonymous_automaton,
            id="first_by_anonymous", name="First by Anonymous",
            aliases=("Anonymous", "Name withheld"), references=(AXELROD_1980, KNIGHT_2016),
            description="Each round draws a probability of co-operating uniformly from "
            "[0.3, 0.7) and co-operates with it."),
    sets=("first",),
)  # fmt: skip

# The registry lists a set in registration order; put "first" in the tournament's order.
# (Tit For Tat, Grudger and Random come from catalog_basic, registered earlier.)
registry.order_set("first", FIRST_TOURNAMENT_ORDER)
