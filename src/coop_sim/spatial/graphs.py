"""Networks for :class:`~coop_sim.spatial.models.NetworkModel`: thin, validated networkx helpers.

Every helper returns an undirected simple :class:`networkx.Graph` whose nodes are the ints
``0 .. N-1`` in that order, so node ``i`` is site ``i`` of a network model (sites follow
``list(graph.nodes)``), and each node's neighbours iterate in increasing order (network
models list a node's neighbours in that order whatever the graph's own).

* :func:`barabasi_albert` -- growth with preferential attachment (scale-free degrees);
* :func:`random_regular` -- every node has the same degree, links otherwise random;
* :func:`watts_strogatz` -- a ring lattice with links rewired at random (small world);
* :func:`lattice_graph` -- the lattice of :class:`~coop_sim.spatial.models.LatticeModel` as a
  graph: node ``x * height + y`` is cell ``(x, y)``, with the same neighbours.

Seeds follow :mod:`coop_sim._seeding` (an int, a ``SeedSequence``, a ``Generator`` or None for
fresh entropy).  networkx wants an int: it is derived from the seed's 64-bit key and the
generator's name, so the same seed gives the same graph every time.  ``graph.graph`` records
the generator, its parameters and the seed (``None`` for a Generator or SeedSequence; the
drawn entropy for ``seed=None``, which reproduces the graph when passed back).

Needs networkx (the ``graphs`` or ``mesa`` extra).
"""

from __future__ import annotations

import math
import numbers
from typing import TYPE_CHECKING

from coop_sim import _validate
from coop_sim._seeding import SeedLike, purpose_key, seed_key
from coop_sim.spatial.topology import lattice_topology

if TYPE_CHECKING:  # pragma: no cover - typing only
    import networkx

__all__ = [
    "NETWORKS",
    "barabasi_albert",
    "lattice_graph",
    "network",
    "random_regular",
    "watts_strogatz",
]

#: Random networks by name: Barabási–Albert, random regular, Watts–Strogatz.
NETWORKS = ("ba", "regular", "ws")
#: Default mean degree and Watts–Strogatz rewiring probability of :func:`network`.
DEFAULT_DEGREE = 4
DEFAULT_REWIRING = 0.1


def _nx():
    try:
        import networkx
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "coop_sim.spatial.graphs needs networkx: pip install 'coop_sim[graphs]'"
        ) from exc
    return networkx


def _nodes(nodes: object) -> int:
    return _validate.positive_int(nodes, "nodes", 3)


def _nx_seed(seed: SeedLike, generator: str) -> tuple[int, int | None]:
    """(int seed for networkx, recorded seed) of a coop_sim seed."""
    key, recorded = seed_key(seed)
    return purpose_key(key, f"spatial.graphs.{generator}"), recorded


def _ordered(nx, nodes: int, edges, info: dict) -> networkx.Graph:
    """A graph with nodes ``0..nodes-1`` in order, edges added in sorted order (so every
    node's neighbours iterate in increasing order) and ``info`` as its attributes."""
    out = nx.Graph(**info)
    out.add_nodes_from(range(nodes))
    out.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in edges))
    return out


def barabasi_albert(nodes: int, m: int, seed: SeedLike = None) -> networkx.Graph:
    """A Barabási–Albert network: nodes arrive one by one, each linking to ``m`` earlier nodes
    chosen with probability proportional to their degree (Barabási & Albert 1999).

    Parameters
    ----------
    nodes : int
        Number of nodes N >= 3.
    m : int
        Links of each arriving node, in ``[1, nodes - 1]``; the mean degree is close to
        ``2 m`` (Santos & Pacheco 2005 use ``m = 2``, mean degree 4).
    seed : int, SeedSequence, Generator or None
        See the module notes.

    Returns
    -------
    networkx.Graph
        Nodes ``0 .. N-1``, connected, ``m (N - m)`` edges (networkx starts from a star of
        ``m + 1`` nodes).

    Examples
    --------
    >>> g = barabasi_albert(100, 2, seed=1)
    >>> g.number_of_nodes(), g.number_of_edges(), min(d for _, d in g.degree())
    (100, 196, 2)
    >>> sorted(g.edges()) == sorted(barabasi_albert(100, 2, seed=1).edges())
    True
    >>> barabasi_albert(10, 10)
    Traceback (most recent call last):
    ...
    ValueError: m must be an int in [1, 9] (nodes - 1), got 10
    """
    nx = _nx()
    n = _nodes(nodes)
    m = _validate.int_in(m, "m", 1, n - 1, note=" (nodes - 1)")
    int_seed, recorded = _nx_seed(seed, "barabasi_albert")
    graph = nx.barabasi_albert_graph(n, m, seed=int_seed)
    info = {"generator": "barabasi_albert", "nodes": n, "m": m, "seed": recorded}
    return _ordered(nx, n, graph.edges(), info)


def random_regular(degree: int, nodes: int, seed: SeedLike = None) -> networkx.Graph:
    """A random ``degree``-regular graph: every node has ``degree`` neighbours, drawn uniformly
    among such graphs (networkx's Steger–Wormald generator).

    Parameters
    ----------
    degree : int
        Neighbours per node, in ``[1, nodes - 1]``; ``degree * nodes`` must be even.
    nodes : int
        Number of nodes N >= 3.
    seed : int, SeedSequence, Generator or None
        See the module notes.

    Returns
    -------
    networkx.Graph
        Nodes ``0 .. N-1`` (not necessarily connected, though for ``degree >= 3`` it almost
        always is).

    Examples
    --------
    >>> g = random_regular(4, 50, seed=2)
    >>> {d for _, d in g.degree()}, g.number_of_edges()
    ({4}, 100)
    >>> random_regular(3, 7)
    Traceback (most recent call last):
    ...
    ValueError: degree * nodes must be even, got degree=3, nodes=7 (product 21)
    """
    nx = _nx()
    n = _nodes(nodes)
    k = _validate.int_in(degree, "degree", 1, n - 1, note=" (nodes - 1)")
    if (k * n) % 2:
        raise ValueError(
            f"degree * nodes must be even, got degree={k}, nodes={n} (product {k * n})"
        )
    int_seed, recorded = _nx_seed(seed, "random_regular")
    graph = nx.random_regular_graph(k, n, seed=int_seed)
    info = {"generator": "random_regular", "nodes": n, "degree": k, "seed": recorded}
    return _ordered(nx, n, graph.edges(), info)


def watts_strogatz(nodes: int, k: int, p: float, seed: SeedLike = None) -> networkx.Graph:
    """A Watts–Strogatz small world: a ring where each node links to its ``k`` nearest
    neighbours (``k / 2`` on each side), then each link's far end is rewired with
    probability ``p`` (Watts & Strogatz 1998).

    Parameters
    ----------
    nodes : int
        Number of nodes N >= 3.
    k : int
        Even number of ring neighbours, in ``[2, nodes - 1]``.
    p : float
        Rewiring probability in ``[0, 1]`` (0: the ring lattice; 1: close to a random graph
        of the same number of links).
    seed : int, SeedSequence, Generator or None
        See the module notes.

    Returns
    -------
    networkx.Graph
        Nodes ``0 .. N-1``, ``N k / 2`` edges.

    Examples
    --------
    >>> ring = watts_strogatz(10, 4, 0.0)
    >>> list(ring.adj[0])
    [1, 2, 8, 9]
    >>> watts_strogatz(100, 4, 0.1, seed=3).number_of_edges()
    200
    >>> watts_strogatz(10, 3, 0.1)
    Traceback (most recent call last):
    ...
    ValueError: k must be an even int in [2, 9] (nodes - 1), got 3
    """
    nx = _nx()
    n = _nodes(nodes)
    k = _validate.int_in(k, "k", 2, n - 1, note=" (nodes - 1)", even=True)
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise TypeError(f"p must be a probability in [0, 1], got {p!r}")
    if not (math.isfinite(p) and 0.0 <= p <= 1.0):
        raise ValueError(f"p must be a probability in [0, 1], got {p!r}")
    int_seed, recorded = _nx_seed(seed, "watts_strogatz")
    graph = nx.watts_strogatz_graph(n, k, float(p), seed=int_seed)
    info = {"generator": "watts_strogatz", "nodes": n, "k": k, "p": float(p)}
    info["seed"] = recorded
    return _ordered(nx, n, graph.edges(), info)


def lattice_graph(
    width: int, height: int, neighbourhood: str = "moore", torus: bool = True
) -> networkx.Graph:
    """The ``width x height`` lattice of :class:`~coop_sim.spatial.models.LatticeModel` as a
    graph.

    Node ``x * height + y`` is cell ``(x, y)`` (``divmod(node, height)`` gives it back) and
    its neighbours are the cell's neighbours on the lattice.  A
    :class:`~coop_sim.spatial.models.NetworkModel` on this graph (with the same
    ``self_interaction``, seed and initial condition) therefore plays the same games as the
    lattice model.  It also makes the same choices, generation for generation, wherever the
    order of neighbours does not matter (imitate-best without ties between different
    strategies, e.g. Nowak–May's game at a b that is no ratio of small integers).  Where it
    does matter (ties; a rule that picks "the k-th neighbour"), fixed edges still agree
    exactly -- networks list neighbours in increasing node order, which on a lattice without
    wrap-around is the kernels' scan order -- but on a torus the wrapped-around neighbours
    come in another order, so runs agree in distribution, not draw for draw.

    Parameters
    ----------
    width, height : int
        Lattice size (>= 3 each).
    neighbourhood : {'moore', 'von-neumann'}
        8 or 4 neighbours.
    torus : bool
        Wrap around the edges (False: fixed edges, border cells have fewer neighbours).

    Returns
    -------
    networkx.Graph
        ``width * height`` nodes; ``graph.graph`` records the shape, neighbourhood and torus.

    Examples
    --------
    >>> g = lattice_graph(4, 3, "von-neumann", torus=False)
    >>> list(g.adj[4])  # cell (1, 1): cells (0, 1), (1, 0), (1, 2), (2, 1)
    [1, 3, 5, 7]
    >>> t = lattice_graph(5, 5)
    >>> sorted(t.adj[0])  # cell (0, 0) of the torus: rows 4, 0 and 1, columns 4, 0 and 1
    [1, 4, 5, 6, 9, 20, 21, 24]
    >>> t.number_of_edges()  # 8 neighbours each
    100
    """
    _nx()
    top = lattice_topology(width, height, neighbourhood, torus)  # validates
    graph = top.to_networkx()  # nodes 0..N-1, neighbours in increasing order
    graph.graph.update(generator="lattice", shape=top.shape, neighbourhood=top.kind,
                       torus=top.torus)  # fmt: skip
    return graph


def network(
    kind: str,
    nodes: int,
    degree: int = DEFAULT_DEGREE,
    rewiring: float = DEFAULT_REWIRING,
    seed: SeedLike = None,
) -> networkx.Graph:
    """A random network by name with mean degree ``degree``: ``'ba'`` (Barabási–Albert with
    ``m = degree / 2``), ``'regular'`` (random regular) or ``'ws'`` (Watts–Strogatz with
    ``k = degree`` and rewiring probability ``rewiring``).

    Examples
    --------
    >>> g = network("ba", 50, degree=4, seed=1)
    >>> g.number_of_nodes(), 2 * g.number_of_edges() / 50
    (50, 3.84)
    """
    if kind == "ba":
        if isinstance(degree, numbers.Integral) and (degree % 2 or degree < 2):
            raise ValueError(
                f"degree must be an even number >= 2 for a Barabási–Albert network (each new "
                f"node makes degree / 2 links), got {degree}"
            )
        return barabasi_albert(nodes, degree // 2, seed=seed)
    if kind == "regular":
        return random_regular(degree, nodes, seed=seed)
    if kind == "ws":
        return watts_strogatz(nodes, degree, rewiring, seed=seed)
    raise ValueError(f"network must be one of {', '.join(NETWORKS)}, got {kind!r}")
