"""Evolutionary dynamics on the engine's pay-offs.

Population games (:mod:`~coop_sim.evolution.population`), deterministic dynamics
(ecological, replicator), finite populations (Moran birth-death and death-birth, pairwise
comparison) simulated and exact, and invasion analysis.
"""

from coop_sim.evolution.population import (
    FINITE_PROCESSES,
    FiniteProcess,
    PopulationGame,
    initial_counts,
    population_game,
)

__all__ = [
    "FINITE_PROCESSES",
    "FiniteProcess",
    "PopulationGame",
    "initial_counts",
    "population_game",
]
