"""Axelrod-Python's ``basic_strategies`` and ``demo_strategies``, plus their closest kin.

Behaviour and display names follow Axelrod-Python 4.14 (Knight et al. 2016); the
classic references are Axelrod (1984) and Nowak & Sigmund (1993).
"""

from coop_sim.strategies.registry import register
from coop_sim.strategies.spec import FSM, Cycler, MemoryOne, Program

AXELROD_1984 = "Axelrod, R. (1984). The Evolution of Cooperation. Basic Books."
KNIGHT_2016 = (
    "Knight, V. et al. (2016). An open reproducible framework for the study of the iterated "
    "Prisoner's Dilemma. J. Open Research Software 4(1)."
)
NOWAK_SIGMUND_1993 = (
    "Nowak, M. & Sigmund, K. (1993). A strategy of win-stay, lose-shift that outperforms "
    "tit-for-tat in the Prisoner's Dilemma game. Nature 364, 56-58."
)

register(
    MemoryOne(1, 1, 1, 1, first=1, id="cooperator", name="Cooperator",
              aliases=("ALLC", "Always Cooperate"), references=(AXELROD_1984,),
              description="Always co-operates."),
    sets=("basic", "demo"),
)  # fmt: skip
register(
    MemoryOne(0, 0, 0, 0, first=0, id="defector", name="Defector",
              aliases=("ALLD", "Always Defect"), references=(AXELROD_1984,),
              description="Always defects."),
    sets=("basic", "demo"),
)  # fmt: skip
register(
    MemoryOne(1, 0, 1, 0, first=1, id="tit_for_tat", name="Tit For Tat",
              aliases=("TFT", "TitForTat"), references=(AXELROD_1984,),
              description="Co-operates first, then copies the opponent's last move."),
    sets=("basic", "demo", "first"),
)  # fmt: skip
register(
    MemoryOne(0, 0, 1, 1, first=1, id="alternator", name="Alternator",
              aliases=("ALT",), references=(AXELROD_1984,),
              description="Co-operates first, then plays the opposite of its own last move."),
    sets=("basic",),
)  # fmt: skip
register(
    MemoryOne(0, 1, 0, 1, first=1, id="anti_tit_for_tat", name="Anti Tit For Tat",
              aliases=("Psycho", "ATFT"), references=(KNIGHT_2016,),
              description="Co-operates first, then plays the opposite of the other's last move."),
    sets=("basic",),
)  # fmt: skip
register(
    MemoryOne(0, 1, 0, 1, first=0, id="bully", name="Bully",
              aliases=("Reverse Tit For Tat",), references=(KNIGHT_2016,),
              description="Defects first, then plays the opposite of the opponent's last move."),
    sets=("basic",),
)  # fmt: skip
register(
    Cycler("DC", id="cycler_dc", name="Cycler DC", references=(KNIGHT_2016,),
           description="Plays D, C, D, C, ... whatever happens."),
    sets=("basic",),
)  # fmt: skip
register(
    MemoryOne(1, 0, 1, 0, first=0, id="suspicious_tit_for_tat", name="Suspicious Tit For Tat",
              aliases=("STFT", "Mistrust"), references=(KNIGHT_2016,),
              description="Defects first, then copies the opponent's last move."),
    sets=("basic",),
)  # fmt: skip
register(
    MemoryOne(0, 1, 1, 0, first=0, id="win_shift_lose_stay", name="Win-Shift Lose-Stay",
              aliases=("WShLSt",), references=(KNIGHT_2016,),
              description="Defects first; changes its move after R or T, keeps it after S or P."),
    sets=("basic",),
)  # fmt: skip
register(
    MemoryOne(1, 0, 0, 1, first=1, id="win_stay_lose_shift", name="Win-Stay Lose-Shift",
              aliases=("WSLS", "Pavlov", "Simpleton"), references=(NOWAK_SIGMUND_1993,),
              description="Co-operates first; keeps its move after R or T, else switches."),
    sets=("basic",),
)  # fmt: skip
register(
    FSM([(0, "C", 0, "C"), (0, "D", 1, "D"), (1, "C", 1, "D"), (1, "D", 1, "D")],
        id="grudger", name="Grudger",
        aliases=("Grim Trigger", "Spiteful", "Friedman", "Grim"), references=(AXELROD_1984,),
        description="Co-operates until the opponent defects once, then always defects."),
    sets=("demo", "first"),
)  # fmt: skip
register(
    MemoryOne(0.5, 0.5, 0.5, 0.5, first=0.5, id="random", name="Random",
              aliases=("Lunatic",), references=(AXELROD_1984,),
              description="Co-operates with probability 1/2 in every round."),
    sets=("demo", "first"),
)  # fmt: skip
register(
    Program(code=100, values=(0.0, 1.0), id="go_by_majority", name="Soft Go By Majority",
            aliases=("Go By Majority", "Soft Majority"), references=(AXELROD_1984,),
            description="Co-operates while the opponent has co-operated at least as often as "
            "it has defected (ties co-operate)."),
    sets=(),
)  # fmt: skip
