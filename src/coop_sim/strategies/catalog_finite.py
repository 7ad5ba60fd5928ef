"""Named finite-state strategies: memory-one and ZD vectors, cyclers, lookup tables, FSMs,
and the grudger / prober kin whose state is bounded.

Every strategy here behaves exactly as the Axelrod-Python 4.14 class of the same name
(Knight et al. 2016): same opening moves, same responses to the *actual* (possibly
noise-flipped) history, same default parameters.  All compile to automata, so they run on
the fast path and have exact (Markov) expected pay-offs.

Strategies defined by a rule on a bounded summary of the history (a few recent moves, the
opponent's opening, capped counts) use :class:`HistoryRule`, which enumerates the reachable
states once with :meth:`Automaton.from_rules`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import NamedTuple

from coop_sim.game import Game
from coop_sim.strategies.registry import register as _register_spec
from coop_sim.strategies.spec import (
    FSM,
    Automaton,
    Classifier,
    Cycler,
    LookupTable,
    MemoryOne,
    StrategySpec,
    _action_probability,
)
from coop_sim.strategies.zero_determinant import GenerousTitForTat, LinearRelation

__all__ = ["ALTERNATIVE_FORMS", "FINITE_IDS", "HistoryRule", "View", "pattern_table"]

#: The ids registered by this module, in registration order.
FINITE_IDS: list[str] = []


def _add(spec: StrategySpec) -> StrategySpec:
    """Register ``spec`` (in no strategy set) and remember its id."""
    _register_spec(spec, sets=())
    FINITE_IDS.append(spec.id)
    return spec


# ---------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------

AXELROD_1984 = "Axelrod, R. (1984). The Evolution of Cooperation. Basic Books."
KNIGHT_2016 = (
    "Knight, V. et al. (2016). An open reproducible framework for the study of the iterated "
    "Prisoner's Dilemma. J. Open Research Software 4(1), e35."
)
HARPER_2017 = (
    "Harper, M., Knight, V., Jones, M., Koutsovoulos, G., Glynatsi, N. E. & Campbell, O. "
    "(2017). Reinforcement learning produces dominant strategies for the Iterated Prisoner's "
    "Dilemma. PLoS ONE 12(12), e0188046."
)
NOWAK_SIGMUND_1992 = (
    "Nowak, M. A. & Sigmund, K. (1992). Tit for tat in heterogeneous populations. "
    "Nature 355, 250-253."
)
NOWAK_SIGMUND_1993 = (
    "Nowak, M. & Sigmund, K. (1993). A strategy of win-stay, lose-shift that outperforms "
    "tit-for-tat in the Prisoner's Dilemma game. Nature 364, 56-58."
)
PRESS_DYSON_2012 = (
    "Press, W. H. & Dyson, F. J. (2012). Iterated Prisoner's Dilemma contains strategies that "
    "dominate any evolutionary opponent. PNAS 109(26), 10409-10413."
)
STEWART_PLOTKIN_2012 = (
    "Stewart, A. J. & Plotkin, J. B. (2012). Extortion and cooperation in the Prisoner's "
    "Dilemma. PNAS 109(26), 10134-10135."
)
HILBE_2013 = (
    "Hilbe, C., Nowak, M. A. & Sigmund, K. (2013). Evolution of extortion in Iterated "
    "Prisoner's Dilemma games. PNAS 110(17), 6913-6918."
)
ROEMHELD_2013 = (
    "Roemheld, L. (2013). Evolutionary extortion and mischief: zero determinant strategies in "
    "iterated 2x2 games. Bachelor's thesis, University of Heidelberg (arXiv:1308.2576)."
)
KUHN_2017 = (
    "Kuhn, S. (2017). Prisoner's Dilemma. The Stanford Encyclopedia of Philosophy "
    "(Spring 2017 edition), E. N. Zalta (ed.)."
)
ADAMI_HINTZE_2013 = (
    "Adami, C. & Hintze, A. (2013). Evolutionary instability of zero-determinant strategies "
    "demonstrates that winning is not everything. Nature Communications 4, 2193."
)
FREAN_1994 = (
    "Frean, M. R. (1994). The Prisoner's Dilemma without synchrony. Proc. R. Soc. Lond. B "
    "257, 75-79."
)
AKIN_2015 = (
    "Akin, E. (2015). What you gotta know to play good in the iterated Prisoner's Dilemma. "
    "Games 6(3), 175-190."
)
PRISON_1998 = (
    "Beaufils, B., Delahaye, J.-P. & Mathieu, P. (1998). The PRISON project: a library of "
    "iterated Prisoner's Dilemma strategies. LIFL, Universite de Lille "
    "(http://www.lifl.fr/IPD/ipd.frame.html)."
)
LI_2011 = (
    "Li, J., Hingston, P. & Kendall, G. (2011). Engineering design of strategies for winning "
    "iterated Prisoner's Dilemma competitions. IEEE Trans. Computational Intelligence and AI "
    "in Games 3(4), 348-360."
)
MITTAL_DEB_2009 = (
    "Mittal, S. & Deb, K. (2009). Optimal strategies of the iterated Prisoner's Dilemma "
    "problem for multiple conflicting objectives. IEEE Trans. Evolutionary Computation "
    "13(3), 554-565."
)
ASHLOCK_2006 = (
    "Ashlock, D., Kim, E.-Y. & Leahy, N. (2006). Understanding representational sensitivity "
    "in the iterated Prisoner's Dilemma with fingerprints. IEEE Trans. Systems, Man, and "
    "Cybernetics C 36(4), 464-475."
)
ASHLOCK_2006B = (
    "Ashlock, W. & Ashlock, D. (2006). Changes in Prisoner's Dilemma strategies over "
    "evolutionary time with different population sizes. Proc. IEEE Congress on Evolutionary "
    "Computation 2006, 297-304. doi:10.1109/CEC.2006.1688322."
)
ASHLOCK_2008 = (
    "Ashlock, D. & Kim, E.-Y. (2008). Fingerprinting: visualization and automatic analysis "
    "of Prisoner's Dilemma strategies. IEEE Trans. Evolutionary Computation 12(5), 647-659. "
    "doi:10.1109/TEVC.2008.920675."
)
ASHLOCK_2009 = (
    "Ashlock, D., Kim, E.-Y. & Ashlock, W. (2009). Fingerprint analysis of the noisy "
    "Prisoner's Dilemma using a finite-state representation. IEEE Trans. Computational "
    "Intelligence and AI in Games 1(2), 154-167."
)
ASHLOCK_2014 = (
    "Ashlock, W., Tsang, J. & Ashlock, D. (2014). The evolution of exploitation. Proc. IEEE "
    "Symposium on Foundations of Computational Intelligence (FOCI), 135-142. "
    "doi:10.1109/FOCI.2014.7007818."
)
ASHLOCK_2015 = (
    "Ashlock, D., Brown, J. A. & Hingston, P. (2015). Multiple opponent optimization of "
    "Prisoner's Dilemma playing agents. IEEE Trans. Computational Intelligence and AI in "
    "Games 7(1), 53-65. doi:10.1109/TCIAIG.2014.2326012."
)
MATHIEU_2015 = (
    "Mathieu, P. & Delahaye, J.-P. (2015). New winning strategies for the iterated "
    "Prisoner's Dilemma. Proc. AAMAS 2015, 1665-1666."
)
ROBSON_1990 = (
    "Robson, A. J. (1990). Efficiency in evolutionary games: Darwin, Nash and the secret "
    "handshake. J. Theoretical Biology 144(3), 379-396."
)
BERG_WEISSING_2015 = (
    "van den Berg, P. & Weissing, F. J. (2015). The importance of mechanisms for the "
    "evolution of cooperation. Proc. R. Soc. B 282, 20151382."
)
PD_2017 = "The Prisoner's Dilemma competition (2017), http://www.prisoners-dilemma.com/."
HILBE_2017 = (
    "Hilbe, C., Martinez-Vaquero, L. A., Chatterjee, K. & Nowak, M. A. (2017). Memory-n "
    "strategies of direct reciprocity. PNAS 114(18), 4715-4720."
)
MURASE_BAEK_2020 = (
    "Murase, Y. & Baek, S. K. (2020). Five rules for friendly rivalry in direct reciprocity. "
    "Scientific Reports 10, 16904."
)
CASE_2017 = "Case, N. (2017). The Evolution of Trust. https://ncase.me/trust/."
ARNOLD_2015 = "Arnold, E. (2015). CoopSim v0.9.9 beta 6. https://github.com/jecki/CoopSim/."
MARINOFF_1992 = (
    "Marinoff, L. (1992). Maximizing expected utilities in the Prisoner's Dilemma. "
    "J. Conflict Resolution 36(1), 183-216."
)
WU_AXELROD_1995 = (
    "Wu, J. & Axelrod, R. (1995). How to cope with noise in the iterated Prisoner's Dilemma. "
    "J. Conflict Resolution 39(1), 183-189."
)

# ---------------------------------------------------------------------------------------------
# A spec for rules on a bounded summary of the history
# ---------------------------------------------------------------------------------------------


class View(NamedTuple):
    """What a :class:`HistoryRule` sees before a round (actual moves, as strings of C/D).

    Attributes
    ----------
    t : int
        Round index (0-based), capped at the rule's ``t_cap``.
    own, opp : str
        Own / opponent's last ``own_window`` / ``opp_window`` moves, oldest first (shorter in
        the first rounds).
    opp_head : str
        The opponent's first ``head`` moves (shorter in the first rounds).
    opp_d, opp_c : int
        The opponent's defections / co-operations so far, capped at ``count_cap``.
    intended : str
        The move the player intended last round ("" in round 0, or when not tracked).
    """

    t: int
    own: str
    opp: str
    opp_head: str
    opp_d: int
    opp_c: int
    intended: str


Outcome = tuple[float, Hashable, Hashable]


@dataclass(frozen=True)
class HistoryRule(StrategySpec):
    """A strategy given as a rule on a bounded summary of the history plus a finite state.

    Before each round the rule is called as ``rule(state, view)`` with the player's own
    finite state and a :class:`View`; it returns one of

    * a move ("C", "D" or a probability of co-operating): the state is kept;
    * ``(move, next_state)``;
    * ``(p, next_if_C, next_if_D)``: co-operate with probability ``p``, and move to the state
      that goes with the move drawn (the intended move, before noise).

    The reachable (state, view) pairs are enumerated once into an :class:`Automaton`.

    Parameters
    ----------
    rule : callable
        ``(state, view) -> outcome`` as above; must be a pure function.
    initial : hashable
        The state before round 0.
    own_window, opp_window, head, t_cap, count_cap : int
        Sizes of the summary (see :class:`View`).
    track_intended : bool
        Whether the view carries last round's intended move.
    memory_depth : float
        Classifier: rounds of history used (``math.inf`` for all).
    stochastic : bool
        Classifier: whether the rule draws random numbers.

    Examples
    --------
    >>> two_tits = HistoryRule(lambda state, v: "D" if "D" in v.opp else "C", opp_window=2)
    >>> two_tits.automaton(None).n_states
    7
    """

    rule: Callable[[Hashable, View], object] = lambda state, view: "C"
    initial: Hashable = None
    own_window: int = 0
    opp_window: int = 0
    head: int = 0
    t_cap: int = 0
    count_cap: int = 0
    track_intended: bool = False
    memory_depth: float = math.inf
    stochastic: bool = False

    family = "history_rule"

    #: Enumeration stops with an error beyond this many states (a rule whose state grows).
    MAX_STATES = 5000

    def __post_init__(self) -> None:
        if not callable(self.rule):
            raise TypeError(f"rule must be callable (state, view) -> outcome, got {self.rule!r}")
        for attr in ("own_window", "opp_window", "head", "t_cap", "count_cap"):
            value = getattr(self, attr)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12:
                raise ValueError(f"{attr} must be an int in 0..12, got {value!r}")

    @property
    def classifier(self) -> Classifier:
        return Classifier(memory_depth=self.memory_depth, stochastic=self.stochastic)

    def _outcome(self, state: Hashable, view: View) -> Outcome:
        result = self.rule(state, view)
        if isinstance(result, tuple) and len(result) == 3:
            p, next_c, next_d = result
            return (_action_probability(p, "rule outcome"), next_c, next_d)
        if isinstance(result, tuple) and len(result) == 2:
            move, nxt = result
            return (_action_probability(move, "rule outcome"), nxt, nxt)
        return (_action_probability(result, "rule outcome"), state, state)

    def _advance(self, view: View, intended: int, own: int, opp: int) -> View:
        own_c, opp_c = "CD"[own], "CD"[opp]
        return View(
            t=min(view.t + 1, self.t_cap),
            own=(view.own + own_c)[-self.own_window :] if self.own_window else "",
            opp=(view.opp + opp_c)[-self.opp_window :] if self.opp_window else "",
            opp_head=view.opp_head + opp_c if len(view.opp_head) < self.head else view.opp_head,
            opp_d=min(view.opp_d + opp, self.count_cap),
            opp_c=min(view.opp_c + 1 - opp, self.count_cap),
            intended="CD"[intended] if self.track_intended else "",
        )

    def automaton(self, game: Game | None) -> Automaton:
        memo: dict[tuple, Outcome] = {}

        def outcome(key: tuple) -> Outcome:
            if key not in memo:
                memo[key] = self._outcome(*key)
            return memo[key]

        def successor(key: tuple, intended: int, own: int, opp: int) -> tuple:
            _, next_c, next_d = outcome(key)
            if len(memo) > self.MAX_STATES:
                raise ValueError(
                    f"{self.label()}: more than {self.MAX_STATES} states; the rule's state "
                    "must take finitely many values"
                )
            return (next_d if intended else next_c, self._advance(key[1], intended, own, opp))

        start = (self.initial, View(0, "", "", "", 0, 0, ""))
        return Automaton.from_rules(start, lambda key: outcome(key)[0], successor)


def pattern_table(pattern: str, own_depth: int, opp_depth: int, head: int) -> dict:
    """A :class:`LookupTable` table from a pattern in Axelrod-Python's key order.

    Axelrod-Python's ``LookupTable.from_pattern`` assigns the pattern's moves to the keys
    ``(own last moves, opponent's last moves, opponent's opening moves)`` enumerated with
    ``itertools.product`` (C before D); coop_sim's keys are ``(opening, own, opponent)``.

    Examples
    --------
    >>> table = pattern_table("CDCD", 1, 1, 0)
    >>> table[("", "D", "C")], table[("", "C", "D")]
    ('C', 'D')
    """
    words = [
        ["".join(w) for w in itertools.product("CD", repeat=n)]
        for n in (own_depth, opp_depth, head)
    ]
    keys = list(itertools.product(*words))
    if len(pattern) != len(keys):
        raise ValueError(f"pattern must have {len(keys)} moves, got {len(pattern)}")
    return {
        (opening, own, opp): move for (own, opp, opening), move in zip(keys, pattern, strict=True)
    }


def _m1(
    vector: tuple[float, float, float, float], first: float | str, sid: str, name: str, **kw
) -> MemoryOne:
    return MemoryOne(*vector, first=first, id=sid, name=name, **kw)


# ---------------------------------------------------------------------------------------------
# Memory-one and reactive strategies
# ---------------------------------------------------------------------------------------------

_add(GenerousTitForTat(
    id="gtft", name="GTFT",
    aliases=("Generous Tit For Tat", "Generous TFT", "Naive peace maker"),
    references=(NOWAK_SIGMUND_1992, NOWAK_SIGMUND_1993),
    description="Copies the opponent's co-operation and forgives a defection with the "
    "game-dependent probability min(1 - (T - R)/(R - S), (R - P)/(T - P)).",
))  # fmt: skip
_add(_m1(
    (1.0, 1 - 0.9, 1, 1 - 0.9), "C", "soft_joss", "Soft Joss",
    references=(PRISON_1998,),
    description="Tit For Tat that answers a defection with D only nine times in ten.",
))  # fmt: skip
_add(_m1(
    (1, 0, 1, 2 / 3), "C", "firm_but_fair", "Firm But Fair",
    references=(FREAN_1994,),
    description="Co-operates except after being suckered; after mutual defection it "
    "co-operates with probability 2/3.",
))  # fmt: skip
_add(_m1(
    (1.0 - 0.05, 0.05, 0.05, 1.0 - 0.05), "C", "stochastic_wsls", "Stochastic WSLS",
    references=(KNIGHT_2016,),
    description="Win-Stay Lose-Shift that errs towards the other move with probability 0.05.",
))  # fmt: skip
_add(_m1(
    (0.935, 0.229, 0.266, 0.42), "C", "stochastic_cooperator", "Stochastic Cooperator",
    references=(ADAMI_HINTZE_2013,),
    description="The evolutionarily robust memory-one co-operator found by Adami & Hintze.",
))  # fmt: skip
_add(_m1(
    (1, 1, 0, 0), 0.6, "all_cor_alld", "ALLCorALLD",
    aliases=("ALLC or ALLD", "Repeat"), references=(AKIN_2015, KNIGHT_2016),
    description="Opens with C with probability 0.6, then repeats its own last move.",
))  # fmt: skip
_add(_m1(
    (1, 0, 0, 1), "C", "appeaser", "Appeaser",
    references=(KNIGHT_2016,),
    description="Opens with C and switches its move whenever the opponent defects "
    "(as a memory-one rule this is Win-Stay Lose-Shift).",
))  # fmt: skip
_add(_m1(
    (0, 0, 0, 1), 0.5, "desperate", "Desperate",
    references=(BERG_WEISSING_2015,),
    description="Opens at random, then co-operates only after mutual defection.",
))  # fmt: skip
_add(_m1(
    (0, 1, 1, 1), 0.5, "hopeless", "Hopeless",
    references=(BERG_WEISSING_2015,),
    description="Opens at random, then defects only after mutual co-operation.",
))  # fmt: skip
_add(_m1(
    (1, 1, 1, 0), 0.5, "willing", "Willing",
    references=(BERG_WEISSING_2015,),
    description="Opens at random, then defects only after mutual defection.",
))  # fmt: skip
_add(_m1(
    (0, 1, 0, 1), 0.5, "negation", "Negation",
    references=(PD_2017,),
    description="Opens at random, then plays the opposite of the opponent's last move.",
))  # fmt: skip
_add(_m1(
    (1 - 0.1, 0, 1 - 0.1, 0), "C", "naive_prober", "Naive Prober",
    references=(LI_2011,),
    description="Tit For Tat that defects with probability 0.1 after the opponent co-operates.",
))  # fmt: skip
_add(_m1(
    (0.9, 0, 0.9, 0), "C", "burn_both_ends", "Burn Both Ends",
    aliases=("BBE",), references=(MARINOFF_1992,),
    description="Tit For Tat that co-operates after the opponent's C only nine times in ten.",
))  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Zero-determinant (linear-relation) strategies
# ---------------------------------------------------------------------------------------------


def _zd(
    sid: str, name: str, phi: float, s: float, baseline: float | str, refs: tuple, text: str
) -> None:
    _add(LinearRelation(phi=phi, s=s, baseline=baseline, id=sid, name=name, references=refs,
                            description=text))  # fmt: skip


_zd("zd_extortion", "ZD-Extortion", 0.2, 0.1, 1, (ROEMHELD_2013, HILBE_2013),
    "Extortionate ZD strategy with phi=0.2, slope 0.1 and baseline 1.")  # fmt: skip
_zd("zd_extort_2", "ZD-Extort-2", 1 / 9, 0.5, "P", (STEWART_PLOTKIN_2012, PRESS_DYSON_2012),
    "Extort-2: enforces an opponent surplus over P half its own (baseline l = P).")  # fmt: skip
_zd("zd_extort_2v_2", "ZD-Extort-2 v2", 1 / 8, 0.5, 1, (KUHN_2017,),
    "EXTORT2 with phi=1/8, slope 1/2 and baseline 1.")  # fmt: skip
_zd("zd_extort_3", "ZD-Extort3", 3 / 26, 1 / 3, 1, (PRESS_DYSON_2012,),
    "Press and Dyson's extortionate strategy with extortion factor 3.")  # fmt: skip
_zd("zd_extort_4", "ZD-Extort-4", 4 / 17, 0.25, 1, (HILBE_2013,),
    "Extortionate ZD strategy with extortion factor 4 and baseline 1.")  # fmt: skip
_zd("zd_gen_2", "ZD-GEN-2", 1 / 8, 0.5, 3, (KUHN_2017,),
    "GEN2: generous ZD strategy with slope 1/2 and baseline 3.")  # fmt: skip
_zd("zdgtft_2", "ZD-GTFT-2", 0.25, 0.5, "R", (STEWART_PLOTKIN_2012,),
    "ZDGTFT-2: generous ZD strategy with slope 1/2 and baseline l = R.")  # fmt: skip
_zd("zd_mischief", "ZD-Mischief", 0.1, 0.0, 1, (ROEMHELD_2013,),
    "ZD strategy with slope 0 that pins the opponent's pay-off to 1.")  # fmt: skip
_zd("zd_set_2", "ZD-SET-2", 1 / 4, 0.0, 2, (KUHN_2017,),
    "SET2: equaliser that pins the opponent's pay-off to 2.")  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Cyclers
# ---------------------------------------------------------------------------------------------

for _pattern, _refs in (
    ("CCD", (MITTAL_DEB_2009, KNIGHT_2016)),
    ("DDC", (MITTAL_DEB_2009, KNIGHT_2016)),
    ("CCCD", (KNIGHT_2016,)),
    ("CCCCCD", (KNIGHT_2016,)),
    ("CCCDCD", (KNIGHT_2016,)),
):
    _add(Cycler(
        _pattern, id=f"cycler_{_pattern.lower()}", name=f"Cycler {_pattern}",
        aliases=(f"Periodic player {_pattern}",) if len(_pattern) == 3 else (),
        references=_refs,
        description=f"Repeats {', '.join(_pattern)} whatever the opponent does.",
    ))  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Lookup tables and short-memory Tit For Tat variants
# ---------------------------------------------------------------------------------------------

_add(LookupTable(
    {("", "", h): "D" if h == "DD" else "C" for h in ("CC", "CD", "DC", "DD")},
    opp_depth=2, opening="CC", id="tit_for_2_tats", name="Tit For 2 Tats",
    aliases=("TF2T", "Tit for two Tats", "Slow tit for two tats", "JMaynardSmith"),
    references=(AXELROD_1984,),
    description="Co-operates unless the opponent defected in both of the last two rounds.",
))  # fmt: skip
_add(HistoryRule(
    lambda state, v: "D" if "D" in v.opp else "C", opp_window=2, memory_depth=2,
    id="two_tits_for_tat", name="Two Tits For Tat", aliases=("2TFT", "Two Tits for Tats"),
    references=(AXELROD_1984,),
    description="Defects if the opponent defected in either of the last two rounds.",
))  # fmt: skip
_add(HistoryRule(
    lambda state, v: "D" if "D" in v.opp else "C", opp_window=3, memory_depth=3,
    id="hard_tit_for_tat", name="Hard Tit For Tat", references=(PD_2017,),
    description="Defects if the opponent defected in any of the last three rounds.",
))  # fmt: skip
_add(HistoryRule(
    lambda state, v: "D" if "DD" in v.opp else "C", opp_window=3, memory_depth=3,
    id="hard_tit_for_2_tats", name="Hard Tit For 2 Tats",
    aliases=("Hard Tit For Two Tats",), references=(STEWART_PLOTKIN_2012,),
    description="Defects if the opponent defected twice in a row within the last three rounds.",
))  # fmt: skip
_add(LookupTable(
    pattern_table("CDDDDCDD", 1, 1, 1), own_depth=1, opp_depth=1, opp_initial_depth=1,
    opening="C", id="evolved_looker_up_1_1_1", name="EvolvedLookerUp1_1_1",
    references=(HARPER_2017,),
    description="Evolved lookup table on both last moves and the opponent's first move.",
))  # fmt: skip
_add(LookupTable(
    pattern_table("CDDCDCDDCDDDCDDDDDCDCDCCCDDCCDCDDDCCCCCDDDCDDDDDDDDDCCDDCDDDCCCD", 2, 2, 2),
    own_depth=2, opp_depth=2, opp_initial_depth=2, opening="CC",
    id="evolved_looker_up_2_2_2", name="EvolvedLookerUp2_2_2", references=(HARPER_2017,),
    description="Evolved lookup table on both players' last two moves and the opponent's "
    "first two moves.",
))  # fmt: skip
_add(LookupTable(
    pattern_table("CDCDDCDD", 1, 2, 0), own_depth=1, opp_depth=2, opening="CC",
    id="winner_12", name="Winner12", references=(MATHIEU_2015,),
    description="Lookup table on its own last move and the opponent's last two moves.",
))  # fmt: skip
_add(LookupTable(
    pattern_table("CDCDCDDD", 1, 2, 0), own_depth=1, opp_depth=2, opening="DC",
    id="winner_21", name="Winner21", references=(MATHIEU_2015,),
    description="Lookup table on its own last move and the opponent's last two moves, "
    "opening D, C.",
))  # fmt: skip
_add(LookupTable(
    pattern_table("".join("CD"[1 - p] for p in (1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)),
                  2, 2, 0),
    own_depth=2, opp_depth=2, opening="CC", id="aon_2", name="AON2", references=(HILBE_2017,),
    description="All-or-none memory-two rule: co-operates only when both players' last two "
    "moves agree pairwise.",
))  # fmt: skip
_add(LookupTable(
    pattern_table("".join("CD"[1 - p] for p in (1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1)),
                  2, 2, 0),
    own_depth=2, opp_depth=2, opening="CC", id="delayed_aon_1", name="Delayed AON1",
    references=(HILBE_2017,),
    description="Memory-two all-or-none rule that acts like a delayed Win-Stay Lose-Shift.",
))  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Finite-state machines (tables: state, opponent's last move, next state, move)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _DepthFSM(FSM):
    """An FSM whose classifier carries a known (finite) memory depth."""

    memory_depth: float = math.inf

    @property
    def classifier(self) -> Classifier:
        return replace(super().classifier, memory_depth=self.memory_depth)


def _fsm(
    sid: str,
    name: str,
    rows: str,
    initial_state: int,
    initial_action: str,
    refs: tuple,
    text: str,
    memory_depth: float = math.inf,
) -> None:
    """Register an FSM given as whitespace-separated 'state,opp,next,move' rows."""
    table = [tuple(int(x) if x.isdigit() else x for x in row.split(",")) for row in rows.split()]
    _add(_DepthFSM(table, initial_state=initial_state, initial_action=initial_action,
                       memory_depth=memory_depth, id=sid, name=name, references=refs,
                       description=text))  # fmt: skip


_fsm("fortress_3", "Fortress3", "1,C,1,D 1,D,2,D 2,C,1,D 2,D,3,C 3,C,3,C 3,D,1,D", 1, "D",
     (ASHLOCK_2006B,), "Defects until the opponent defects twice in a row (its handshake), "
     "then co-operates for as long as the opponent does.", memory_depth=2)  # fmt: skip
_fsm("fortress_4", "Fortress4",
     "1,C,1,D 1,D,2,D 2,C,1,D 2,D,3,D 3,C,1,D 3,D,4,C 4,C,4,C 4,D,1,D", 1, "D",
     (ASHLOCK_2006B,), "Like Fortress3, with three defections in a row as the handshake.",
     memory_depth=3)  # fmt: skip
_fsm("predator", "Predator",
     "0,C,0,D 0,D,1,D 1,C,2,D 1,D,3,D 2,C,4,C 2,D,3,D 3,C,5,D 3,D,4,C 4,C,2,C 4,D,6,D "
     "5,C,7,D 5,D,3,D 6,C,7,C 6,D,7,D 7,C,8,D 7,D,7,D 8,C,8,D 8,D,6,D", 0, "C",
     (ASHLOCK_2006B,), "Nine-state machine evolved to exploit naive co-operators.")  # fmt: skip
_fsm("pun_1", "Pun1", "1,C,2,C 1,D,2,C 2,C,1,C 2,D,1,D", 1, "D", (ASHLOCK_2006,),
     "Opens with D, then alternates between co-operating and copying the opponent.")  # fmt: skip
_fsm("raider", "Raider",
     "0,C,2,D 0,D,2,D 1,C,1,C 1,D,1,D 2,C,0,D 2,D,3,C 3,C,0,D 3,D,1,C", 0, "D",
     (ASHLOCK_2014,), "Exploits co-operators; an opponent that answers with two defections in "
     "a row is met with Tit For Tat.")  # fmt: skip
_fsm("ripoff", "Ripoff", "1,C,2,C 1,D,3,C 2,C,1,D 2,D,3,C 3,C,3,C 3,D,3,D", 1, "D",
     (ASHLOCK_2008,), "Alternates against a co-operator; turns Tit For Tat once the opponent "
     "defects.", memory_depth=3)  # fmt: skip
_fsm("solution_b_1", "SolutionB1", "1,C,2,D 1,D,1,D 2,C,2,C 2,D,3,C 3,C,3,C 3,D,3,C", 1, "D",
     (ASHLOCK_2015,), "Three-state machine evolved against multiple opponents.",
     memory_depth=2)  # fmt: skip
_fsm("solution_b_5", "SolutionB5",
     "1,C,2,C 1,D,6,D 2,C,2,C 2,D,3,D 3,C,6,C 3,D,1,D 4,C,3,C 4,D,6,D 5,C,5,D 5,D,4,D "
     "6,C,3,C 6,D,5,D", 1, "D", (ASHLOCK_2015,),
     "Six-state machine evolved against multiple opponents.")  # fmt: skip
_fsm("thumper", "Thumper", "1,C,1,C 1,D,2,D 2,C,1,D 2,D,1,D", 1, "C", (ASHLOCK_2008,),
     "Answers a defection with two defections.")  # fmt: skip
_fsm("usually_cooperates", "UsuallyCooperates", "1,C,1,C 1,D,2,C 2,C,1,D 2,D,1,C", 1, "C",
     (ASHLOCK_2009,), "Co-operates except after a C that follows an opponent's D.")  # fmt: skip
_fsm("usually_defects", "UsuallyDefects", "1,C,2,D 1,D,1,D 2,C,1,D 2,D,1,C", 1, "D",
     (ASHLOCK_2009,), "Defects except after a D that follows an opponent's C.")  # fmt: skip
_fsm("evolved_fsm_4", "Evolved FSM 4",
     "0,C,0,C 0,D,2,D 1,C,3,D 1,D,0,C 2,C,2,D 2,D,1,C 3,C,3,D 3,D,1,D", 0, "C",
     (HARPER_2017,), "Four-state machine trained with an evolutionary algorithm.")  # fmt: skip
_fsm("evolved_fsm_16", "Evolved FSM 16",
     "0,C,0,C 0,D,12,D 1,C,3,D 1,D,6,C 2,C,2,D 2,D,14,D 3,C,3,D 3,D,3,D 5,C,12,D 5,D,10,D "
     "6,C,5,C 6,D,12,D 7,C,3,D 7,D,1,C 8,C,5,C 8,D,5,C 10,C,11,D 10,D,8,C 11,C,15,D "
     "11,D,5,D 12,C,8,C 12,D,11,D 13,C,13,D 13,D,7,D 14,C,13,D 14,D,13,D 15,C,15,D 15,D,2,C",
     0, "C", (HARPER_2017,), "Sixteen-state machine trained with an evolutionary "
     "algorithm.")  # fmt: skip
_fsm("evolved_fsm_16_noise_05", "Evolved FSM 16 Noise 05",
     "0,C,8,C 0,D,3,D 1,C,13,C 1,D,15,D 2,C,12,C 2,D,3,D 3,C,10,C 3,D,3,D 4,C,5,D 4,D,4,D "
     "5,C,4,D 5,D,10,D 6,C,8,C 6,D,6,D 8,C,2,C 8,D,4,D 10,C,4,D 10,D,1,D 11,C,14,D "
     "11,D,13,C 12,C,13,C 12,D,2,C 13,C,13,C 13,D,6,C 14,C,3,D 14,D,13,D 15,C,5,D 15,D,11,C",
     0, "C", (HARPER_2017,), "Sixteen-state machine trained in noisy matches "
     "(noise 0.05).")  # fmt: skip
_fsm("tf_1", "TF1",
     "0,C,7,C 0,D,1,C 1,C,11,D 1,D,11,D 2,C,8,D 2,D,8,C 3,C,3,C 3,D,12,D 4,C,6,C 4,D,3,C "
     "5,C,11,C 5,D,8,D 6,C,13,D 6,D,14,C 7,C,4,D 7,D,2,D 8,C,14,D 8,D,8,D 9,C,0,C 9,D,10,D "
     "10,C,8,C 10,D,15,C 11,C,6,D 11,D,5,D 12,C,6,D 12,D,9,D 13,C,9,D 13,D,8,D 14,C,8,D "
     "14,D,13,D 15,C,4,C 15,D,5,C", 0, "C", (HARPER_2017,),
     "Machine trained to maximise Moran fixation probabilities.")  # fmt: skip
_fsm("tf_2", "TF2",
     "0,C,13,D 0,D,12,D 1,C,3,D 1,D,4,D 2,C,14,D 2,D,9,D 3,C,0,C 3,D,1,D 4,C,1,D 4,D,2,D "
     "7,C,12,D 7,D,2,D 8,C,7,D 8,D,9,D 9,C,8,D 9,D,0,D 10,C,2,C 10,D,15,C 11,C,7,D 11,D,13,D "
     "12,C,3,C 12,D,8,D 13,C,7,C 13,D,10,D 14,C,10,D 14,D,7,D 15,C,15,C 15,D,11,D", 0, "C",
     (HARPER_2017,), "Machine trained to maximise Moran fixation probabilities.")  # fmt: skip
_fsm("tf_3", "TF3",
     "0,C,0,C 0,D,3,C 1,C,5,D 1,D,0,C 2,C,3,C 2,D,2,D 3,C,4,D 3,D,6,D 4,C,3,C 4,D,1,D "
     "5,C,6,C 5,D,3,D 6,C,6,D 6,D,6,D 7,C,7,D 7,D,5,C", 0, "C", (HARPER_2017,),
     "Machine trained to maximise Moran fixation probabilities.")  # fmt: skip
_fsm("evolved_fsm_6", "Evolved FSM 6",
     "2,C,2,D 2,D,7,D 3,C,6,D 3,D,4,C 4,C,4,C 4,D,6,D 5,C,2,D 5,D,7,D 6,C,3,C 6,D,5,D "
     "7,C,2,C 7,D,3,D", 4, "C", (KNIGHT_2016,),
     "Six-state machine evolved against short-run-time strategies.")  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Grudgers, probers and other bounded-state rules
# ---------------------------------------------------------------------------------------------


def _tft(v: View) -> str:
    """Tit For Tat's reply (C in round 0)."""
    return v.opp[-1:] or "C"


def _forgetful_grudger(state: tuple, v: View) -> tuple:
    grudged, memory = state
    if memory == 10:
        grudged, memory = False, 0
    if v.opp[-1:] == "D":
        grudged = True
    if grudged:
        return ("D", (True, memory + 1))
    return ("C", (False, memory))


def _soft_grudger(n: int, d: int, c: int) -> Callable[[tuple, View], tuple]:
    """Punish n consecutive defections with d - 1 more Ds then c Cs (after the first D)."""
    punishment = "D" * (d - 1) + "C" * c

    def rule(state: tuple, v: View) -> tuple:
        grudged, memory = state
        if grudged:
            memory += 1
            return (
                punishment[memory - 1],
                (False, 0) if memory == len(punishment) else (True, memory),
            )
        if v.opp == "D" * n:
            return ("D", (True, 0))
        return ("C", state)

    return rule


def _once_bitten(state: tuple, v: View) -> tuple:
    grudged, memory = state
    if memory >= 10:
        grudged, memory = False, 0
    if v.t < 2:
        return ("C", (grudged, memory))
    if grudged:
        return ("D", (True, memory + 1))
    if "C" not in v.opp:
        return ("D", (True, memory))
    return ("C", (grudged, memory))


def _tricky_cooperator(run: int, v: View) -> tuple:
    """``run``: the opponent's trailing co-operations, capped at 10."""
    if v.t:
        run = min(run + 1, 10) if v.opp == "C" else 0
    return ("D" if v.t >= 3 and (v.opp_d == 0 or run >= 10) else "C", run)


def _spiteful_tft(retaliating: bool, v: View) -> tuple:
    if v.t == 0:
        return ("C", retaliating)
    retaliating = retaliating or v.opp == "DD"
    return ("D" if retaliating else v.opp[-1], retaliating)


def _n_tits_for_m_tats(n: int, m: int) -> Callable[[int, View], tuple]:
    def rule(count: int, v: View) -> tuple:
        if not m or v.opp.count("D") == m:
            count = n
        return ("D", count - 1) if count else ("C", 0)

    return rule


def _contrite_tft(contrite: bool, v: View) -> tuple:
    if v.t == 0:
        return ("C", contrite)
    if contrite and v.own == "C":
        return ("C", False)
    if v.intended != v.own and v.own == "D" and v.opp == "C":
        contrite = True
    return (v.opp, contrite)


def _random_tft(act_random: bool, v: View) -> tuple:
    if v.t == 0:
        return ("C", act_random)
    if act_random:
        return (0.5, False, False)
    return (v.opp, True)


def _remorseful_prober(probing: bool, v: View) -> tuple:
    if v.t == 0:
        return ("C", probing)
    if v.opp == "D":
        return ("C" if probing else "D", False)
    return (1 - 0.1, False, True)


_CAPRI_COOPERATE = {
    tuple("".join(part) for part in zip(*history, strict=True))
    for history in (
        ("CC", "CC", "CC"), ("CC", "CC", "DC"), ("CC", "DC", "CD"), ("DC", "CD", "CC"),
        ("CD", "CC", "CC"), ("CC", "CD", "DC"), ("CD", "DC", "CC"), ("DC", "CC", "CC"),
        ("DD", "DD", "DC"), ("DD", "DC", "CC"), ("DD", "DD", "CD"), ("DD", "CD", "CC"),
        ("DD", "DD", "CC"), ("DD", "CC", "CC"),
    )
}  # fmt: skip


def _capri(state: None, v: View) -> str:
    """CAPRI's five rules, as the set of (own, opponent) 3-move histories that get a C."""
    return "C" if (v.own.rjust(3, "C"), v.opp.rjust(3, "C")) in _CAPRI_COOPERATE else "D"


#: Finite-state forms of strategies that another catalogue registers (as programs); they
#: behave identically and are kept here, unregistered, for exact evaluation and testing.
ALTERNATIVE_FORMS: dict[str, StrategySpec] = {}


def _rule(
    sid: str, name: str, rule: Callable, refs: tuple, text: str, *, registered: bool = True, **kw
) -> None:
    spec = HistoryRule(rule, id=sid, name=name, references=refs, description=text, **kw)
    if registered:
        _add(spec)
    else:
        ALTERNATIVE_FORMS[sid] = spec


_rule("forgetful_grudger", "Forgetful Grudger", _forgetful_grudger, (KNIGHT_2016,),
      "Grudger that forgives after defecting for ten rounds.",
      initial=(False, 0), opp_window=1, memory_depth=10)  # fmt: skip
_rule("soft_grudger", "Soft Grudger", _soft_grudger(1, 4, 2), (LI_2011,),
      "Answers a defection with D, D, D, D, C, C, then co-operates again.",
      aliases=("SGRIM",), initial=(False, 0), opp_window=1, memory_depth=6)  # fmt: skip
_rule("general_soft_grudger", "General Soft Grudger", _soft_grudger(1, 4, 2), (KNIGHT_2016,),
      "Soft Grudger in its general form (n=1 defection triggers d=4 Ds then c=2 Cs).",
      initial=(False, 0), opp_window=1)  # fmt: skip
_rule("once_bitten", "Once Bitten", _once_bitten, (KNIGHT_2016,),
      "Forgives a single defection; two in a row trigger eleven rounds of defection.",
      initial=(False, 0), opp_window=2, t_cap=2, memory_depth=12)  # fmt: skip
_rule("aggravater", "Aggravater",
      lambda s, v: "D" if v.t < 3 or v.opp_d else "C", (KNIGHT_2016,),
      "Grudger that also defects in the first three rounds.",
      t_cap=3, count_cap=1)  # fmt: skip
_rule("grudger_alternator", "GrudgerAlternator",
      lambda s, v: "D" if v.opp_d and v.own == "C" else "C", (PRISON_1998,),
      "Co-operates until the opponent's first defection, then alternates D, C.",
      aliases=("c_then_per_dc",), own_window=1, count_cap=1)  # fmt: skip
_rule("fool_me_once", "Fool Me Once",
      lambda s, v: "D" if v.opp_d > 1 else "C", (KNIGHT_2016,),
      "Forgives the opponent's first defection and defects for ever after the second.",
      count_cap=2)  # fmt: skip
_rule("easy_go", "EasyGo", lambda s, v: "C" if v.opp_d else "D", (PRISON_1998, LI_2011),
      "Defects until the opponent defects once, then co-operates for ever.",
      aliases=("Fool Me Forever", "Reverse Grudger", "RGRIM"), count_cap=1)  # fmt: skip
_rule("opposite_grudger", "Opposite Grudger", lambda s, v: "C" if v.opp_c else "D",
      (KNIGHT_2016,), "Defects until the opponent co-operates once, then co-operates for ever.",
      count_cap=1)  # fmt: skip
_rule("spiteful_cc", "SpitefulCC",
      lambda s, v: "C" if v.t < 2 or not v.opp_d else "D", (MATHIEU_2015,),
      "Co-operates twice, then plays Grudger.", t_cap=2,
      count_cap=1)  # fmt: skip
_rule("prober", "Prober",
      lambda s, v: "DCC"[v.t] if v.t < 3 else ("D" if v.opp_head[1:3] == "CC" else _tft(v)),
      (LI_2011,), "Opens D, C, C; defects for ever if the opponent co-operated in rounds two "
      "and three, else plays Tit For Tat.", opp_window=1, head=3, t_cap=3)  # fmt: skip
_rule("prober_2", "Prober 2",
      lambda s, v: "DCC"[v.t] if v.t < 3 else ("C" if v.opp_head[1:3] == "DC" else _tft(v)),
      (PRISON_1998,), "Opens D, C, C; co-operates for ever if the opponent answered D, C, "
      "else plays Tit For Tat.", opp_window=1, head=3, t_cap=3)  # fmt: skip
_rule("prober_3", "Prober 3",
      lambda s, v: "DC"[v.t] if v.t < 2 else ("D" if v.opp_head[1] == "C" else _tft(v)),
      (PRISON_1998,), "Opens D, C; defects for ever if the opponent co-operated in round two, "
      "else plays Tit For Tat.", opp_window=1, head=2, t_cap=2)  # fmt: skip
_rule("hard_prober", "Hard Prober",
      lambda s, v: "DDCC"[v.t] if v.t < 4 else ("D" if v.opp_head[1:3] == "CC" else _tft(v)),
      (PRISON_1998,), "Opens D, D, C, C; defects for ever if the opponent co-operated in "
      "rounds two and three, else plays Tit For Tat.", opp_window=1, head=3, t_cap=4)  # fmt: skip
_rule("detective", "Detective",
      lambda s, v: "CDCC"[v.t] if v.t < 4 else ("D" if "D" not in v.opp_head else _tft(v)),
      (CASE_2017,), "Opens C, D, C, C; exploits an opponent that never defected in those "
      "rounds, else plays Tit For Tat.", opp_window=1, head=4, t_cap=4)  # fmt: skip
_rule("handshake", "Handshake",
      lambda s, v: "CD"[v.t] if v.t < 2 else ("C" if v.opp_head == "CD" else "D"),
      (ROBSON_1990,), "Opens C, D; co-operates for ever with an opponent that opened the same "
      "way, defects for ever otherwise.", head=2, t_cap=2)  # fmt: skip
_rule("tricky_cooperator", "Tricky Cooperator", _tricky_cooperator, (KNIGHT_2016,),
      "Co-operates, but from round four defects whenever the opponent has not defected in "
      "the last ten rounds.", initial=0, opp_window=1, t_cap=3, count_cap=1,
      memory_depth=10, registered=False)  # fmt: skip
_rule("tricky_defector", "Tricky Defector",
      lambda s, v: "C" if v.opp_c and v.opp == "DDD" else "D", (KNIGHT_2016,),
      "Defects, but co-operates when an opponent that has co-operated before defected in each "
      "of the last three rounds.", opp_window=3, count_cap=1, registered=False)  # fmt: skip
_rule("capri", "CAPRI", _capri, (MURASE_BAEK_2020,),
      "Memory-three rule built from five principles: co-operate, accept punishment, punish, "
      "recover, otherwise defect.", own_window=3, opp_window=3, memory_depth=3)  # fmt: skip
_rule("slow_tit_for_two_tats_2", "Slow Tit For Two Tats 2",
      lambda s, v: "C" if v.t < 2 else (v.opp[1] if v.opp[0] == v.opp[1] else v.own),
      (PRISON_1998,), "Co-operates twice, then copies a move the opponent made twice in a "
      "row, else repeats its own last move.", own_window=1, opp_window=2, t_cap=2,
      memory_depth=2)  # fmt: skip
_rule("spiteful_tit_for_tat", "Spiteful Tit For Tat", _spiteful_tft, (PRISON_1998,),
      "Tit For Tat until the opponent defects twice in a row, then defects for ever.",
      initial=False, opp_window=2, t_cap=1, registered=False)  # fmt: skip
_rule("n_tits_for_m_tats", "N Tit(s) For M Tat(s)", _n_tits_for_m_tats(3, 2), (KNIGHT_2016,),
      "Answers two consecutive defections with three defections.",
      initial=0, opp_window=2, memory_depth=3)  # fmt: skip
_rule("contrite_tit_for_tat", "Contrite Tit For Tat", _contrite_tft, (WU_AXELROD_1995,),
      "Tit For Tat that, after its own move was flipped to D by noise, accepts the "
      "opponent's retaliation and co-operates until it has co-operated again.",
      initial=False, own_window=1, opp_window=1, t_cap=1, track_intended=True,
      memory_depth=3)  # fmt: skip
_rule("random_tit_for_tat", "Random Tit for Tat", _random_tft, (KNIGHT_2016,),
      "Co-operates first, then alternates between copying the opponent and a fair coin.",
      initial=False, opp_window=1, t_cap=1, memory_depth=1, stochastic=True)  # fmt: skip
_rule("remorseful_prober", "Remorseful Prober", _remorseful_prober, (LI_2011,),
      "Naive Prober that does not retaliate when the opponent punishes its own random probe.",
      initial=False, opp_window=1, t_cap=1, memory_depth=2, stochastic=True,
      registered=False)  # fmt: skip
_rule("resurrection", "Resurrection",
      lambda s, v: "D" if v.own == "DDDDD" else _tft(v), (ARNOLD_2015,),
      "Tit For Tat, except that it keeps defecting once its own last five moves were Ds.",
      own_window=5, opp_window=1, memory_depth=5)  # fmt: skip
_rule("double_resurrection", "DoubleResurrection",
      lambda s, v: "D" if v.own == "CCCCC" else ("C" if v.own == "DDDDD" else _tft(v)),
      (ARNOLD_2015,), "Tit For Tat, except that it defects after five own Cs and co-operates "
      "after five own Ds.", own_window=5, opp_window=1, memory_depth=5)  # fmt: skip
