"""Where players sit: lattices and networks as the kernels see them.

A :class:`Topology` numbers the sites ``0 .. N-1`` and knows each site's neighbours
(:mod:`coop_sim.engine.spatial_kernel` gives the order).  On a lattice of ``width x height``
site ``(x, y)`` -- Mesa's cell coordinate -- is number ``x * height + y``, so a state
reshaped to ``(width, height)`` is indexed ``[x, y]``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from coop_sim import _validate

__all__ = ["NEIGHBOURHOODS", "Topology", "graph_topology", "lattice_topology"]

#: Lattice neighbourhoods: the 8 surrounding cells or the 4 orthogonal ones.
NEIGHBOURHOODS = {"moore": 0, "von-neumann": 1}
_GRAPH = 2
_ALIASES = {"von_neumann": "von-neumann", "vonneumann": "von-neumann", "vn": "von-neumann"}


@dataclass(frozen=True)
class Topology:
    """Sites and their neighbours (lattice computed on the fly, graph as CSR arrays).

    Attributes
    ----------
    kind : str
        'moore', 'von-neumann' or 'graph'.
    shape : tuple of int
        ``(width, height)`` of a lattice, ``(N,)`` of a graph.
    torus : bool
        Lattice edges wrap around (False: fixed edges, border sites have fewer neighbours).
    ptr, idx : numpy.ndarray
        CSR neighbour lists of a graph (empty for lattices).
    labels : tuple
        Node labels of a graph in site order (``()`` for lattices).
    """

    kind: str
    shape: tuple[int, ...]
    torus: bool = False
    ptr: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64), repr=False)
    idx: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), repr=False)
    labels: tuple = field(default=(), repr=False)

    @cached_property
    def size(self) -> int:
        """Number of sites N."""
        return int(np.prod(self.shape))

    @property
    def max_degree(self) -> int:
        """Largest number of neighbours of a site."""
        if self.kind == "graph":
            return int(np.diff(self.ptr).max()) if self.size else 0
        return 8 if self.kind == "moore" else 4

    def degrees(self) -> np.ndarray:
        """Number of neighbours of every site (``int64[N]``)."""
        from coop_sim.engine.spatial_kernel import degrees

        out = np.zeros(self.size, dtype=np.int64)
        degrees(self.kernel_args(), out)
        return out

    def kernel_args(self) -> tuple:
        """The tuple ``(kind, rows, cols, torus, ptr, idx)`` the kernels take."""
        if self.kind == "graph":
            return (_GRAPH, self.size, 1, False, self.ptr, self.idx)
        width, height = self.shape
        return (NEIGHBOURHOODS[self.kind], width, height, self.torus, self.ptr, self.idx)

    def neighbours(self, site: int) -> np.ndarray:
        """Neighbours of ``site`` in the kernels' order."""
        from coop_sim.engine.spatial_kernel import fill_neighbours_of

        if isinstance(site, bool) or not isinstance(site, numbers.Integral):
            raise TypeError(f"site must be an int in 0..{self.size - 1}, got {site!r}")
        if not 0 <= site < self.size:
            raise ValueError(f"site must be in 0..{self.size - 1}, got {site}")

        buf = np.zeros(max(self.max_degree, 1), dtype=np.int64)
        k = fill_neighbours_of(self.kernel_args(), int(site), buf)
        return buf[:k].copy()

    def to_networkx(self):
        """These sites and neighbours as an undirected :class:`networkx.Graph` (needs networkx).

        Nodes are :attr:`labels` for a graph, ``0 .. N-1`` for a lattice (node
        ``x * height + y`` is cell ``(x, y)``), in site order; edges are added in sorted
        site order, so each node's neighbours iterate in increasing site order.

        Examples
        --------
        >>> g = lattice_topology(3, 3, "von-neumann", torus=False).to_networkx()
        >>> list(g.adj[4]), g.number_of_edges()
        ([1, 3, 5, 7], 12)
        """
        import networkx as nx

        if self.kind == "graph":
            labels, ptr, idx = list(self.labels), self.ptr, self.idx
        else:
            labels = list(range(self.size))
            rows = [self.neighbours(site) for site in range(self.size)]
            ptr = np.concatenate([[0], np.cumsum([row.size for row in rows])])
            idx = np.concatenate(rows)
        src = np.repeat(np.arange(self.size), np.diff(ptr))
        keep = src < idx  # each edge once
        src, idx = src[keep], idx[keep]
        order = np.lexsort((idx, src))
        graph = nx.Graph()
        graph.add_nodes_from(labels)
        pairs = zip(src[order].tolist(), idx[order].tolist(), strict=True)
        graph.add_edges_from((labels[a], labels[b]) for a, b in pairs)
        return graph


def neighbourhood_name(neighbourhood: object) -> str:
    """Validated neighbourhood name ('moore' or 'von-neumann')."""
    name = _ALIASES.get(neighbourhood, neighbourhood) if isinstance(neighbourhood, str) else None
    if name not in NEIGHBOURHOODS:
        raise ValueError(
            f"neighbourhood must be one of {', '.join(NEIGHBOURHOODS)}, got {neighbourhood!r}"
        )
    return name


def lattice_topology(
    width: int, height: int, neighbourhood: str = "moore", torus: bool = True
) -> Topology:
    """A ``width x height`` lattice (sizes >= 3).

    Examples
    --------
    >>> t = lattice_topology(5, 4, "von-neumann", torus=False)
    >>> t.size, t.neighbours(0).tolist()  # (0, 0): cells (0, 1) and (1, 0)
    (20, [1, 4])
    """
    torus = _validate.flag(torus, "torus")
    return Topology(
        neighbourhood_name(neighbourhood),
        (_validate.positive_int(width, "width", 3), _validate.positive_int(height, "height", 3)),
        bool(torus),
    )


def graph_topology(graph: object) -> Topology:
    """A network: a networkx graph (sites in ``list(graph.nodes)`` order), a scipy sparse or
    numpy ``(N, N)`` adjacency matrix, or a list of neighbour lists.

    Isolated nodes are allowed here; rules that need a neighbour refuse them.

    Examples
    --------
    >>> import networkx as nx
    >>> t = graph_topology(nx.path_graph(4))
    >>> t.size, t.neighbours(1).tolist(), t.max_degree
    (4, [0, 2], 2)
    """
    from coop_sim.evolution.structured import _graph

    labels, ptr, idx = _graph(graph, "graph", isolated_ok=True)
    if len(labels) < 3:
        raise ValueError(f"graph must have at least 3 nodes, got {len(labels)}")
    return Topology("graph", (len(labels),), False, ptr, idx, tuple(labels))
