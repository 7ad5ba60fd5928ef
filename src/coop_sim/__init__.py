"""coop_sim: fast, exact and reproducible simulation of the iterated Prisoner's Dilemma.

>>> import coop_sim
>>> coop_sim.play_match("tit_for_tat", "win_stay_lose_shift", turns=3).move_strings()
('CCC', 'CCC')
"""

from coop_sim import strategies
from coop_sim._version import __version__
from coop_sim.game import Game
from coop_sim.match import MatchResult, expected_payoffs, play_match
from coop_sim.results import TournamentResult
from coop_sim.strategies import FSM, Cycler, LookupTable, MemoryOne
from coop_sim.tournament import Tournament, run_tournament

__all__ = [
    "FSM",
    "Cycler",
    "Game",
    "LookupTable",
    "MatchResult",
    "MemoryOne",
    "Tournament",
    "TournamentResult",
    "__version__",
    "expected_payoffs",
    "play_match",
    "run_tournament",
    "strategies",
]
