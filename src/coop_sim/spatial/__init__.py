"""Spatial and network populations of IPD strategies, with Mesa models.

The arrays-and-kernels core (:class:`SpatialPopulation`, topologies, rules, initial
conditions) needs only the base install; the Mesa models :class:`LatticeModel` and
:class:`NetworkModel` need the ``mesa`` extra and are imported on first use.
"""

from coop_sim.spatial.initial import initial_state
from coop_sim.spatial.population import SpatialPopulation
from coop_sim.spatial.rules import UpdateRule
from coop_sim.spatial.topology import Topology, graph_topology, lattice_topology

__all__ = [
    "LatticeModel",
    "NetworkModel",
    "SpatialPopulation",
    "Topology",
    "UpdateRule",
    "graph_topology",
    "initial_state",
    "lattice_topology",
]


def __getattr__(name: str):
    if name in ("LatticeModel", "NetworkModel", "PlayerAgent"):
        from coop_sim.spatial import models

        return getattr(models, name)
    raise AttributeError(f"module 'coop_sim.spatial' has no attribute {name!r}")
