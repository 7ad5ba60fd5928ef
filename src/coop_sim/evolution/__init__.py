"""Evolutionary dynamics on the engine's pay-offs.

Population games (:mod:`~coop_sim.evolution.population`), deterministic dynamics
(:mod:`~coop_sim.evolution.deterministic`: ecological, replicator), finite populations
(Moran birth-death and death-birth, pairwise comparison): simulated
(:mod:`~coop_sim.evolution.finite`, :mod:`~coop_sim.evolution.structured` for graphs and
real matches) and exact (:mod:`~coop_sim.evolution.exact`: fixation and the small-mutation
limit; :mod:`~coop_sim.evolution.chain`: the full chain's stationary distribution), and
invasion analysis
(:mod:`~coop_sim.evolution.invasion`).
"""

from coop_sim.evolution.chain import (
    StationaryResult,
    gradient_of_selection,
    stationary_distribution,
)
from coop_sim.evolution.deterministic import (
    DynamicsResult,
    FixedPoint,
    ecological,
    fixed_points,
    replicator,
)
from coop_sim.evolution.exact import (
    SmallMutationResult,
    fixation_matrix,
    fixation_probability,
    fixation_time,
    fixation_vs_population,
    small_mutation_stationary,
)
from coop_sim.evolution.finite import simulate
from coop_sim.evolution.invasion import InvasionTable, critical_continuation, invasion_table
from coop_sim.evolution.population import (
    FINITE_PROCESSES,
    FiniteProcess,
    PopulationGame,
    initial_counts,
    population_game,
)
from coop_sim.evolution.runs import PopulationRuns
from coop_sim.evolution.structured import simulate_structured

__all__ = [
    "FINITE_PROCESSES",
    "DynamicsResult",
    "FiniteProcess",
    "FixedPoint",
    "InvasionTable",
    "PopulationGame",
    "PopulationRuns",
    "SmallMutationResult",
    "StationaryResult",
    "critical_continuation",
    "ecological",
    "fixation_matrix",
    "fixation_probability",
    "fixation_time",
    "fixation_vs_population",
    "fixed_points",
    "gradient_of_selection",
    "initial_counts",
    "invasion_table",
    "population_game",
    "replicator",
    "simulate",
    "simulate_structured",
    "small_mutation_stationary",
    "stationary_distribution",
]
