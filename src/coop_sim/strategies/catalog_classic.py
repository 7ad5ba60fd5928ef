"""Named classics that need counts, phases or the match length (the PROGRAM family).

Each entry behaves exactly as the Axelrod-Python 4.14 strategy class of the same name
(Knight et al. 2016): same opening, same responses, same default parameters, same use of
the noisy histories and, for end-aware ones, the same final moves when the length is known.
The move functions are in :mod:`coop_sim.engine.programs_classic`; ids are the snake_case
of the Axelrod-Python class names and display names are Axelrod-Python's ``name``.

:data:`CLASSIC_IDS` lists the ids registered here.
"""

from __future__ import annotations

import math

from coop_sim.engine import programs_classic as pc
from coop_sim.game import Game
from coop_sim.strategies.registry import register
from coop_sim.strategies.spec import Program

__all__ = ["CLASSIC_IDS"]

INF = math.inf

KNIGHT_2016 = (
    "Knight, V. et al. (2016). An open reproducible framework for the study of the iterated "
    "Prisoner's Dilemma. J. Open Research Software 4(1)."
)
AXELROD_1980B = (
    "Axelrod, R. (1980). More effective choice in the Prisoner's Dilemma. J. Conflict "
    "Resolution 24(3), 379-403."
)
AXELROD_1984 = "Axelrod, R. (1984). The Evolution of Cooperation. Basic Books."
BEAUFILS_1997 = (
    "Beaufils, B., Delahaye, J.-P. & Mathieu, P. (1997). Our meeting with Gradual: a good "
    "strategy for the iterated Prisoner's Dilemma. Proc. Artificial Life V, 202-209."
)
CRISTAL_SMAC_2018 = (
    "CRISTAL Lab, SMAC Team, Lille University (2018). IPD: the Iterated Prisoner's Dilemma. "
    "https://github.com/cristal-smac/ipd"
)
LI_2009 = (
    "Li, J. & Kendall, G. (2009). A strategy with novel evolutionary features for the "
    "iterated Prisoner's Dilemma. Evolutionary Computation 17(2), 257-274."
)
LI_2011 = (
    "Li, J., Hingston, P. & Kendall, G. (2011). Engineering design of strategies for winning "
    "iterated Prisoner's Dilemma competitions. IEEE Trans. Computational Intelligence and AI "
    "in Games 3(4), 348-360."
)
MITTAL_2009 = (
    "Mittal, S. & Deb, K. (2009). Optimal strategies of the iterated Prisoner's Dilemma "
    "problem for multiple conflicting objectives. IEEE Trans. Evolutionary Computation 13(3), "
    "554-565."
)
PRISON_1998 = "LIFL (1998). PRISON. http://www.lifl.fr/IPD/ipd.frame.html"
SLANY_2007 = (
    "Slany, W. & Kienreich, W. (2007). On some winning strategies for the iterated "
    "Prisoner's Dilemma. In Kendall, G., Yao, X. & Chong, S. (eds), The Iterated Prisoner's "
    "Dilemma: 20 Years On, World Scientific, ch. 8, 171-204."
)
LESSWRONG_2011 = (
    "Zoo of Strategies (2011). LessWrong. "
    "http://lesswrong.com/lw/7f2/prisoners_dilemma_tournament_results/"
)
ECKHART_2015 = "Arnold, E. (2016). CoopSim v0.9.9 beta 6. https://github.com/jecki/CoopSim/"
TZAFESTAS_2000 = (
    "Tzafestas, E. (2000). Toward adaptive cooperative behavior. From Animals to Animats 6: "
    "Proc. 6th Int. Conf. on Simulation of Adaptive Behavior (SAB-2000), vol. 2, 334-340."
)
ANDRE_2013 = (
    "Andre, L. C., Honovan, P., Felipe, T. & Frederico, G. (2013). Iterated Prisoner's "
    "Dilemma - an extended analysis. BRICS-CCI & CBIC 2013."
)


def _original(author: str) -> tuple[str, ...]:
    """References of a strategy first written for Axelrod-Python by ``author``."""
    return (f"{KNIGHT_2016} (original strategy by {author})",)


def _rstp(game: Game) -> tuple[float, float, float, float]:
    """The pay-offs in the order the programs read them: R, S, T, P."""
    return (float(game.R), float(game.S), float(game.T), float(game.P))


CLASSIC_IDS: list[str] = []


#: Programs whose state is finite: :mod:`catalog_finite` holds the same rule as an automaton
#: (``ALTERNATIVE_FORMS``, tested to play identically), which gives them exact evaluation.
_FINITE_TWINS = (
    "remorseful_prober",
    "spiteful_tit_for_tat",
    "tricky_cooperator",
    "tricky_defector",
)


def _finite_twin(sid: str):
    def automaton(game):
        from coop_sim.strategies.catalog_finite import ALTERNATIVE_FORMS

        return ALTERNATIVE_FORMS[sid].automaton(game)

    return automaton


def _add(**kwargs: object) -> Program:
    """Register a program spec (no strategy set) and remember its id."""
    if kwargs["id"] in _FINITE_TWINS:
        kwargs["finite"] = _finite_twin(kwargs["id"])
    spec = register(Program(**kwargs), sets=())
    CLASSIC_IDS.append(spec.id)
    return spec


# --- Gradual and its kin --------------------------------------------------------------
_add(code=pc.GRADUAL, state_size=3, id="gradual", name="Gradual",
     references=(CRISTAL_SMAC_2018, BEAUFILS_1997),
     description="Answers the n-th defection of the opponent with n defections (counted "
     "over the whole match), then two co-operations to calm things down.")  # fmt: skip
_add(code=pc.ORIGINAL_GRADUAL, state_size=4, id="original_gradual", name="Original Gradual",
     references=(BEAUFILS_1997,),
     description="Gradual as first published: each punishment is one defection longer than "
     "the last and is followed by two co-operations.")  # fmt: skip
_add(code=pc.ADAPTIVE, state_size=2, uses_game=True, game_values=_rstp, id="adaptive",
     name="Adaptive", references=(LI_2011,),
     description="Opens with six co-operations and five defections, then plays whichever "
     "move has earned it more in total.")  # fmt: skip

# --- testers and probers ----------------------------------------------------------------
_add(code=pc.SECOND_BY_TESTER, state_size=1, id="second_by_tester", name="Second by Tester",
     aliases=("Tester",), references=(AXELROD_1980B,),
     description="Defects first and then alternates to exploit soft opponents; once the "
     "opponent defects it apologises with a co-operation and plays Tit For Tat.")  # fmt: skip
_add(code=pc.PROBER_4, state_size=3, id="prober_4", name="Prober 4", references=(PRISON_1998,),
     description="Plays a fixed 20-move probe, defects for good if the opponent's provoked and "
     "unprovoked defections were nearly as frequent, else co-operates five times and plays "
     "Tit For Tat.")  # fmt: skip
_add(code=pc.COLLECTIVE_STRATEGY, state_size=1, id="collective_strategy",
     name="CollectiveStrategy", aliases=("Collective Strategy",), references=(LI_2009,),
     description="Signals with C then D; co-operates with an opponent that answered the same "
     "signal until it defects again, and defects against everyone else.")  # fmt: skip
_add(code=pc.REMORSEFUL_PROBER, values=(0.1,), state_size=1, memory_depth=2, stochastic=True,
     id="remorseful_prober", name="Remorseful Prober", references=(LI_2011,),
     description="Tit For Tat that probes with a random defection 10% of the time after a "
     "co-operation and takes one retaliation for a probe without answering it.")  # fmt: skip

# --- end-aware ones ---------------------------------------------------------------------
_add(code=pc.BACK_STABBER, values=(0.0,), state_size=2, uses_length=True, id="back_stabber",
     name="BackStabber", aliases=("Backstabber",), references=_original("Thomas Campbell"),
     description="Co-operates until the opponent's fourth defection, then defects for good; "
     "defects in the last two rounds when it knows the length.")  # fmt: skip
_add(code=pc.BACK_STABBER, values=(1.0,), state_size=2, uses_length=True, id="double_crosser",
     name="DoubleCrosser", aliases=("Double Crosser",), references=_original("Thomas Campbell"),
     description="BackStabber that, against an opponent who did not defect in the first seven "
     "rounds, plays Tit For Two Tats from round 8 to round 180.")  # fmt: skip
_add(code=pc.ALEXEI, values=(0.0,), state_size=1, uses_length=True, id="alexei",
     name="Alexei", references=(LESSWRONG_2011,),
     description="Tit For Tat that defects in the last round when it knows the "
     "length.")  # fmt: skip
_add(code=pc.ALEXEI, values=(5.0,), state_size=1, uses_length=True, id="eugine_nier",
     name="EugineNier", aliases=("Eugine Nier",), references=(LESSWRONG_2011,),
     description="Tit For Tat that defects for good after the opponent's fifth defection and "
     "in the last round when it knows the length.")  # fmt: skip
_add(code=pc.MICHAELOS, state_size=1, stochastic=True, uses_length=True, id="michaelos",
     name="Michaelos", references=(LESSWRONG_2011,),
     description="Tit For Tat that, after exploiting a co-operator, either co-operates or "
     "turns into a permanent defector with even odds; defects in the last round when it "
     "knows the length.")  # fmt: skip
_add(code=pc.KNOWLEDGEABLE_WORSE_AND_WORSE, stochastic=True, uses_length=True,
     id="knowledgeable_worse_and_worse", name="Knowledgeable Worse and Worse",
     references=_original("Adam Pohl"),
     description="Defects with probability (round number) / (match length), so always in "
     "the last round; co-operates when it is not told the length.")  # fmt: skip
_add(code=pc.STALKER, state_size=1, stochastic=True, uses_length=True, uses_game=True,
     game_values=_rstp, id="stalker", name="Stalker", references=(ANDRE_2013,),
     description="Steers by its own mean pay-off: defects above R, co-operates between "
     "(R + P) / 2 and R or above 2, defects between 1 and 2, otherwise plays at random; "
     "defects in the last round when it knows the length.")  # fmt: skip

# --- majority rules ---------------------------------------------------------------------
for _memory in (5, 10, 20, 40):
    _add(code=pc.GO_BY_MAJORITY, values=(float(_memory), 1.0), memory_depth=_memory,
         id=f"go_by_majority_{_memory}", name=f"Soft Go By Majority: {_memory}",
         aliases=(f"Go By Majority {_memory}",), references=_original("Karol Langner"),
         description=f"Co-operates unless the opponent defected in more than half of the "
         f"last {_memory} rounds (ties co-operate).")  # fmt: skip
_add(code=pc.GO_BY_MAJORITY, values=(0.0, 0.0), id="hard_go_by_majority",
     name="Hard Go By Majority", aliases=("Hard Majority",), references=(MITTAL_2009,),
     description="Co-operates only while the opponent has co-operated more often than it "
     "has defected (ties, the first round included, defect).")  # fmt: skip
for _memory in (5, 10, 20, 40):
    _add(code=pc.GO_BY_MAJORITY, values=(float(_memory), 0.0), memory_depth=_memory,
         id=f"hard_go_by_majority_{_memory}", name=f"Hard Go By Majority: {_memory}",
         aliases=(f"Hard Go By Majority {_memory}",), references=_original("Karol Langner"),
         description=f"Defects unless the opponent co-operated in more than half of the last "
         f"{_memory} rounds (ties defect).")  # fmt: skip

# --- punishers and retaliators ----------------------------------------------------------
_add(code=pc.PUNISHER, values=(0.0,), state_size=4, id="punisher", name="Punisher",
     references=_original("Geraint Palmer"),
     description="Answers a defection with a run of defections whose length grows with the "
     "opponent's share of defections (up to 20).")  # fmt: skip
_add(code=pc.PUNISHER, values=(1.0,), state_size=4, id="inverse_punisher",
     name="Inverse Punisher", references=_original("Geraint Palmer"),
     description="Answers a defection with a run of defections whose length grows with the "
     "opponent's share of co-operations (1 to 20).")  # fmt: skip
_add(code=pc.LEVEL_PUNISHER, values=(0.0,), state_size=1, id="level_punisher",
     name="Level Punisher", references=(ECKHART_2015,),
     description="Co-operates for ten rounds, then defects whenever more than 20% of the "
     "opponent's moves were defections.")  # fmt: skip
_add(code=pc.LEVEL_PUNISHER, values=(1.0,), state_size=1, id="tricky_level_punisher",
     name="Tricky Level Punisher", references=(ECKHART_2015,),
     description="Defects when the opponent's defection rate exceeds 20% before round 10, "
     "10% before round 50 or 5% before round 100; co-operates otherwise.")  # fmt: skip
_add(code=pc.GRUMPY, values=(10.0, -10.0), state_size=2, id="grumpy", name="Grumpy",
     references=_original("Jason Young"),
     description="Turns grumpy (defects) once the opponent's defections outnumber its "
     "co-operations by more than 10, and nice again once they fall 10 behind.")  # fmt: skip
for _suffix, _threshold in (("", 0.1), ("_2", 0.08), ("_3", 0.05)):
    _add(code=pc.RETALIATE, values=(_threshold,), state_size=2, id=f"retaliate{_suffix}",
         name="Retaliate" + _suffix.replace("_", " "), references=_original("Owen Campbell"),
         description=f"Defects while the rounds in which it was exploited exceed "
         f"{_threshold:g} times the rounds in which it exploited the opponent.")  # fmt: skip
for _suffix, _threshold, _limit in (("", 0.1, 20), ("_2", 0.08, 15), ("_3", 0.05, 20)):
    _add(code=pc.LIMITED_RETALIATE, values=(_threshold, float(_limit)), state_size=4,
         id=f"limited_retaliate{_suffix}", name="Limited Retaliate" + _suffix.replace("_", " "),
         references=_original("Owen Campbell"),
         description=f"Retaliate with threshold {_threshold:g} that stops after {_limit} "
         f"retaliations in a row.")  # fmt: skip
_add(code=pc.SPITEFUL_TIT_FOR_TAT, state_size=1, id="spiteful_tit_for_tat",
     name="Spiteful Tit For Tat", references=(PRISON_1998,),
     description="Tit For Tat until the opponent defects twice in a row, then defects for "
     "good.")  # fmt: skip
_add(code=pc.OMEGA_TFT, values=(3.0, 8.0), state_size=2, id="omega_tft", name="Omega TFT",
     aliases=("OmegaTFT",), references=(SLANY_2007,),
     description="Tit For Tat that breaks C/D deadlocks by co-operating and defects for good "
     "once the opponent looks random.")  # fmt: skip

# --- tricksters and hunters -------------------------------------------------------------
_add(code=pc.TRICKY_COOPERATOR, state_size=1, memory_depth=10, id="tricky_cooperator",
     name="Tricky Cooperator", references=_original("Karol Langner"),
     description="Co-operates, but from round 4 on defects whenever the opponent has not "
     "defected in the last ten rounds.")  # fmt: skip
_add(code=pc.TRICKY_DEFECTOR, state_size=1, id="tricky_defector", name="Tricky Defector",
     references=_original("Karol Langner"),
     description="Defects, but co-operates after three opponent defections in a row if the "
     "opponent has ever co-operated.")  # fmt: skip
_add(code=pc.SNEAKY_TIT_FOR_TAT, state_size=1, id="sneaky_tit_for_tat",
     name="Sneaky Tit For Tat", references=_original("Karol Langner"),
     description="Co-operates twice, then defects until punished, apologises once and plays "
     "Tit For Tat.")  # fmt: skip
_add(code=pc.ALTERNATOR_HUNTER, state_size=1, id="alternator_hunter", name="Alternator Hunter",
     references=_original("Karol Langner"),
     description="Co-operates for six rounds and defects for good if the opponent alternated "
     "in all of them.")  # fmt: skip
_add(code=pc.MOVE_HUNTER, values=(0.0,), state_size=1, id="cooperator_hunter",
     name="Cooperator Hunter", references=_original("Karol Langner"),
     description="Co-operates, but from round 5 on defects while the opponent has always "
     "co-operated.")  # fmt: skip
_add(code=pc.MOVE_HUNTER, values=(1.0,), state_size=1, id="defector_hunter",
     name="Defector Hunter", references=_original("Karol Langner"),
     description="Co-operates, but from round 5 on defects while the opponent has always "
     "defected.")  # fmt: skip
_add(code=pc.CYCLE_HUNTER, state_size=12, id="cycle_hunter", name="Cycle Hunter",
     references=_original("Marc Harper"),
     description="Defects for good once the opponent's whole history is a repeated "
     "non-constant cycle of length 3 to 12.")  # fmt: skip
_add(code=pc.EVENTUAL_CYCLE_HUNTER, state_size=12, id="eventual_cycle_hunter",
     name="Eventual Cycle Hunter", references=_original("Marc Harper"),
     description="Every ten rounds checks whether the opponent has cycled (period 3 to 12) "
     "since round 10 and defects while it has.")  # fmt: skip
_add(code=pc.MATH_CONSTANT_HUNTER, state_size=8, id="math_constant_hunter",
     name="Math Constant Hunter", references=_original("Karol Langner"),
     description="Defects when the share of co-operation is about the same in the first, "
     "middle and last halves of the match so far.")  # fmt: skip
_add(code=pc.RANDOM_HUNTER, state_size=3, id="random_hunter", name="Random Hunter",
     references=_original("Karol Langner"),
     description="Defects when the opponent's replies to its moves look like coin "
     "flips.")  # fmt: skip
_add(code=pc.CALCULATOR, state_size=1, stochastic=True, id="calculator", name="Calculator",
     references=(PRISON_1998,),
     description="Plays Joss for 20 rounds, then defects for good if the opponent's first "
     "20 moves were periodic and plays Tit For Tat otherwise.")  # fmt: skip

# --- sequences and counters -------------------------------------------------------------
_add(code=pc.ANTI_CYCLER, state_size=2, id="anti_cycler", name="AntiCycler",
     aliases=("Anti Cycler",), references=_original("Marc Harper"),
     description="Plays C D D, then C D, C C D, C C C D, ... so that it never "
     "cycles.")  # fmt: skip
_add(code=pc.FORGIVER, values=(0.0,), state_size=1, id="forgiver", name="Forgiver",
     references=_original("Thomas Campbell"),
     description="Defects while more than 10% of the opponent's moves were "
     "defections.")  # fmt: skip
_add(code=pc.FORGIVER, values=(1.0,), state_size=1, id="forgiving_tit_for_tat",
     name="Forgiving Tit For Tat", references=_original("Thomas Campbell"),
     description="Co-operates while at most 10% of the opponent's moves were defections and "
     "plays Tit For Tat otherwise.")  # fmt: skip
_add(code=pc.ADAPTIVE_TIT_FOR_TAT, values=(0.5,), state_size=1, id="adaptive_tit_for_tat",
     name="Adaptive Tit For Tat", references=(TZAFESTAS_2000,),
     description="Keeps an exponentially weighted estimate of the opponent's co-operation "
     "(rate 0.5) and co-operates while it is at least one half.")  # fmt: skip
_add(code=pc.AVERAGE_COPIER, values=(1.0,), state_size=1, stochastic=True,
     id="nice_average_copier", name="Nice Average Copier", references=_original("Owen Campbell"),
     description="Co-operates first, then with probability equal to the opponent's "
     "co-operation rate.")  # fmt: skip
_add(code=pc.AVERAGE_COPIER, values=(0.0,), state_size=1, stochastic=True,
     id="average_copier", name="Average Copier", references=_original("Geraint Palmer"),
     description="Co-operates with probability 1/2 first, then with probability equal to "
     "the opponent's co-operation rate.")  # fmt: skip
_add(code=pc.DYNAMIC_TWO_TITS_FOR_TAT, state_size=1, stochastic=True,
     id="dynamic_two_tits_for_tat", name="Dynamic Two Tits For Tat",
     references=_original("Grant Garrett-Grossman"),
     description="Co-operates unless the opponent defected in one of the last two rounds; "
     "then co-operates with probability equal to the opponent's co-operation "
     "rate.")  # fmt: skip
_add(code=pc.WORSE_AND_WORSE, values=(1000.0,), stochastic=True, id="worse_and_worse",
     name="Worse and Worse", references=(PRISON_1998,),
     description="Defects with probability (round number) / 1000.")  # fmt: skip
_add(code=pc.WORSE_AND_WORSE_2, values=(20.0,), stochastic=True, id="worse_and_worse_2",
     name="Worse and Worse 2", references=(PRISON_1998,),
     description="Tit For Tat for 20 rounds, then co-operates with probability "
     "20 / (round number).")  # fmt: skip
_add(code=pc.WORSE_AND_WORSE_3, state_size=1, stochastic=True, id="worse_and_worse_3",
     name="Worse and Worse 3", references=(PRISON_1998,),
     description="Co-operates first, then defects with probability equal to the opponent's "
     "defection rate.")  # fmt: skip
_add(code=pc.INVERSE, state_size=1, stochastic=True, id="inverse", name="Inverse",
     references=_original("Karol Langner"),
     description="Co-operates until the opponent defects; then co-operates with probability "
     "1 - 1/k, k being the number of rounds since the opponent's last "
     "defection.")  # fmt: skip
