"""Strategy specs and the registry of named strategies.

>>> from coop_sim import strategies
>>> spec = strategies.get("tit_for_tat")
>>> spec.name, spec.classifier.memory_depth
('Tit For Tat', 1)
"""

from coop_sim.strategies.registry import get, names, register, resolve, set_names, strategy_set
from coop_sim.strategies.spec import (
    FSM,
    Automaton,
    Classifier,
    Compiled,
    Cycler,
    LookupTable,
    MemoryOne,
    Program,
    StrategySpec,
)

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
    "get",
    "names",
    "register",
    "resolve",
    "set_names",
    "strategy_set",
]
