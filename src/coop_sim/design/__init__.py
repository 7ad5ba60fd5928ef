"""The rule-maker's lab: pay-off designs, interventions, thresholds and sweeps.

Describe a population and a design (:class:`Scenario` with :mod:`interventions
<coop_sim.design.interventions>`), run it (:func:`evaluate`; partner turnover, public
records and listing schemes run the agent-based :func:`simulate_rematching`), find the
lever level at which an outcome flips (:func:`threshold`), and sweep levers at scale
(:func:`coop_sim.sweep.sweep`).

Examples
--------
>>> from coop_sim.design import Scenario, Dynamics, DefectionFine, Shadow, evaluate
>>> s = Scenario({"tit_for_tat": 0.5, "defector": 0.5},
...              interventions=[Shadow(continuation=0.6), DefectionFine(1.0)],
...              dynamics=Dynamics("replicator", generations=100))
>>> out = evaluate(s)
>>> round(out.final_cooperation, 3), out.takeover
(1.0, True)
"""

from coop_sim.design.evaluate import Outcome, evaluate, evaluate_replicates
from coop_sim.design.interventions import (
    INTERVENTIONS,
    LEVERS,
    Assortment,
    Compensation,
    CooperationBonus,
    DefectionFine,
    ExploitationFine,
    Intervention,
    Lever,
    Listing,
    Noise,
    Reputation,
    Rescale,
    Shadow,
    Teaching,
    Turnover,
    transform_game,
)
from coop_sim.design.rematching import RecordReader, RematchRuns, simulate_rematching
from coop_sim.design.scenario import DYNAMICS, Dynamics, Scenario
from coop_sim.design.scenario_file import (
    ScenarioFile,
    dump_scenario,
    load_scenario,
    loads_scenario,
)
from coop_sim.design.targets import Target, parse_target
from coop_sim.design.threshold import ThresholdResult, closed_form_threshold, threshold

__all__ = [
    "DYNAMICS",
    "INTERVENTIONS",
    "LEVERS",
    "Assortment",
    "Compensation",
    "CooperationBonus",
    "DefectionFine",
    "Dynamics",
    "ExploitationFine",
    "Intervention",
    "Lever",
    "Listing",
    "Noise",
    "Outcome",
    "RecordReader",
    "RematchRuns",
    "Reputation",
    "Rescale",
    "Scenario",
    "ScenarioFile",
    "Shadow",
    "Target",
    "Teaching",
    "ThresholdResult",
    "Turnover",
    "closed_form_threshold",
    "dump_scenario",
    "evaluate",
    "evaluate_replicates",
    "load_scenario",
    "loads_scenario",
    "parse_target",
    "simulate_rematching",
    "threshold",
    "transform_game",
]
