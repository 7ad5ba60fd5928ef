"""Individual-based populations: on graphs, and playing real matches every step.

:func:`simulate_structured` follows each of N individuals.  Two graphs on the same nodes
give the population its structure: individuals *interact* with their interaction-graph
neighbours and *reproduce* (or imitate) along the reproduction graph.  Without graphs both
are the complete graph without self-loops, and the process is exactly the well-mixed
:class:`~coop_sim.evolution.population.FiniteProcess`.

Rules (one step changes at most one individual; ``nbr(x)`` = reproduction neighbours):

* pay-off of ``x``: the mean over its interaction neighbours ``y`` of ``x``'s per-round
  pay-off against ``y`` (on the complete graph ``(A @ k - A_ss) / (N - 1)``);
* fitness: ``baseline + intensity * payoff`` (``baseline=None`` means ``1 - intensity``) or
  ``exp(intensity * payoff)``, as in :class:`FiniteProcess`;
* ``'moran'`` (birth-death): a parent is chosen among all N proportionally to fitness; its
  offspring replaces a uniformly chosen member of ``nbr(parent)``;
* ``'moran-db'`` (death-birth): a uniformly chosen individual dies and is replaced by the
  offspring of a member of its ``nbr`` chosen proportionally to fitness;
* ``'fermi'`` (pairwise comparison): a uniformly chosen focal individual compares itself with
  a uniformly chosen member of its ``nbr`` and adopts that model's strategy with probability
  ``1 / (1 + exp(-intensity * (payoff_model - payoff_focal)))``;
* mutation ``mu``: an offspring (Moran) takes one of the other strategies uniformly with
  probability ``mu``; under ``'fermi'`` the focal individual does so instead of comparing.

Pay-offs come from the expected pay-off matrix (``payoffs='expected'``) or from real matches
that every interacting pair plays afresh at every step (``payoffs='matches'``, as in
Axelrod-Python's ``MoranProcess``).  When every match's outcome is certain (deterministic
strategies, no noise, fixed length) the two are the same process, and ``'auto'`` takes the
fast path.

Runs, records and abundances follow the conventions of :mod:`coop_sim.evolution.finite`:
record 0 is the initial state and records after a run stopped (at fixation, mutation 0)
repeat its final state; ``abundance`` averages the shares of the state *after* each step
``burn_in + 1 .. T`` (``T = steps``, or the run's own last step with ``steps=None``).
The update streams hang off ``purpose_key(key, 'evolution.structured')`` of the seed's key,
so they never reuse a tournament's match streams under the same seed.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from coop_sim import _validate
from coop_sim._packing import compile_spec, pack
from coop_sim._seeding import SeedLike, purpose_key, seed_key
from coop_sim._version import __version__
from coop_sim.evolution.finite import (
    MAX_DEFAULT_RECORDS,
    _default_record_every,
    _horizon,
    _int,
    _record_steps,
)
from coop_sim.evolution.population import (
    FiniteProcess,
    PopulationGame,
    initial_counts,
    population_game,
)
from coop_sim.evolution.runs import PopulationRuns
from coop_sim.game import Game, resolve_game
from coop_sim.strategies.registry import resolve
from coop_sim.strategies.spec import StrategySpec

__all__ = ["PAYOFF_MODES", "simulate_structured"]

#: Sources of pay-offs: expected pay-off matrix, real matches every step, or the fast one when
#: it gives the same distribution.
PAYOFF_MODES = ("auto", "expected", "matches")
_COMPLETE_GRAPH_LIMIT = 50_000_000  # neighbour entries of the implicit complete graph


def _connected(ptr: np.ndarray, idx: np.ndarray) -> bool:
    """Whether the graph in CSR form is connected (breadth-first search from node 0)."""
    seen = np.zeros(ptr.shape[0] - 1, dtype=bool)
    seen[0] = True
    frontier = [0]
    while frontier:
        nxt = []
        for x in frontier:
            for y in idx[ptr[x] : ptr[x + 1]]:
                if not seen[y]:
                    seen[y] = True
                    nxt.append(int(y))
        frontier = nxt
    return bool(seen.all())


def _csr_from_lists(
    neighbours: list[list[int]], labels: list, name: str, isolated_ok: bool = False
):
    """Check an undirected simple graph (without isolated nodes unless ``isolated_ok``);
    return sorted CSR arrays."""
    size = len(neighbours)
    for x, nb in enumerate(neighbours):
        if x in nb:
            raise ValueError(f"{name} has a self-loop at node {labels[x]!r}; remove it")
        if not nb and not isolated_ok:
            raise ValueError(
                f"{name} has an isolated node {labels[x]!r}: every individual needs at least "
                "one neighbour"
            )
    ptr = np.zeros(size + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(nb) for nb in neighbours])
    idx = np.concatenate(
        [np.sort(np.asarray(nb, dtype=np.int64)) for nb in neighbours] + [np.zeros(0, np.int64)]
    )
    # undirected: the multiset of (x, y) equals that of (y, x)
    src = np.repeat(np.arange(size), np.diff(ptr))
    fwd = np.lexsort((idx, src))
    back = np.lexsort((src, idx))
    if not (np.array_equal(src[fwd], idx[back]) and np.array_equal(idx[fwd], src[back])):
        raise ValueError(f"{name} must be undirected (symmetric adjacency)")
    if np.any(np.diff(idx) == 0) and np.any((np.diff(idx) == 0) & (np.diff(src) == 0)):
        raise ValueError(f"{name} lists an edge twice")
    return ptr, idx


def _graph(graph: object, name: str, labels: list | None = None, isolated_ok: bool = False):
    """(labels, ptr, idx) of a networkx graph, scipy sparse matrix, 0/1 array or lists."""
    if hasattr(graph, "adj") and hasattr(graph, "nodes"):  # networkx
        if graph.is_directed() or graph.is_multigraph():
            raise ValueError(f"{name} must be an undirected simple graph (nx.Graph)")
        own = list(graph.nodes)
        if labels is not None and set(own) != set(labels):
            raise ValueError(f"{name} must have the same nodes as interaction_graph")
        order = labels if labels is not None else own
        index = {node: k for k, node in enumerate(order)}
        lists = [[index[y] for y in graph.adj[x]] for x in order]
        return order, *_csr_from_lists(lists, order, name, isolated_ok)
    if hasattr(graph, "tocsr"):  # scipy sparse
        m = graph.tocsr()
        if m.shape[0] != m.shape[1]:
            raise ValueError(f"{name} must be a square adjacency matrix, got shape {m.shape}")
        m.eliminate_zeros()
        if np.any(m.data != 1):
            raise ValueError(
                f"{name} must be an unweighted adjacency matrix (entries 0 or 1); weights "
                "are not used"
            )
        lists = [m.indices[m.indptr[x] : m.indptr[x + 1]].tolist() for x in range(m.shape[0])]
    elif isinstance(graph, np.ndarray) and graph.ndim == 2:
        if graph.shape[0] != graph.shape[1]:
            raise ValueError(f"{name} must be a square adjacency matrix, got shape {graph.shape}")
        if not np.all((graph == 0) | (graph == 1)):
            raise ValueError(
                f"{name} must be an unweighted adjacency matrix (entries 0 or 1); weights "
                "are not used"
            )
        lists = [np.flatnonzero(row).tolist() for row in graph]
    elif (
        isinstance(graph, Sequence)
        and not isinstance(graph, str)
        and all(isinstance(nb, Sequence) and not isinstance(nb, str) for nb in graph)
    ):
        lists = [[int(y) for y in nb] for nb in graph]
        if any(y < 0 or y >= len(lists) for nb in lists for y in nb):
            raise ValueError(f"{name}: neighbour indices must be in 0..{len(lists) - 1}")
    else:
        raise TypeError(
            f"{name} must be a networkx graph, a scipy sparse or numpy (N, N) adjacency matrix "
            f"or a list of neighbour lists, got {type(graph).__name__}"
        )
    order = list(range(len(lists)))
    if labels is not None and len(labels) != len(order):
        raise ValueError(f"{name} has {len(order)} nodes but interaction_graph has {len(labels)}")
    return order, *_csr_from_lists(lists, order, name, isolated_ok)


def _complete(size: int):
    if size * (size - 1) > _COMPLETE_GRAPH_LIMIT:
        raise ValueError(
            f"a well-mixed population of {size} is too large for the individual-based "
            "simulation; use coop_sim.evolution.finite.simulate (counts-based) instead"
        )
    full = np.tile(np.arange(size, dtype=np.int64), (size, 1))
    idx = full[~np.eye(size, dtype=bool)]
    ptr = np.arange(0, size * (size - 1) + 1, size - 1, dtype=np.int64)
    return list(range(size)), ptr, idx


def _initial(initial: object, n: int, size: int | None) -> tuple[np.ndarray, bool]:
    """Per-node strategies and whether to place them at random (given as counts)."""
    if isinstance(initial, (str, bytes)) or not isinstance(initial, (Sequence, np.ndarray)):
        raise TypeError(
            f"initial must be counts per strategy or one strategy per node, got {initial!r}"
        )
    x = np.asarray(initial)
    if x.ndim != 1:
        raise ValueError(f"initial must be one-dimensional, got shape {x.shape}")
    if size is None:  # well mixed: counts only
        if x.shape != (n,) or not all(isinstance(v, numbers.Integral) for v in x.tolist()):
            raise ValueError(
                f"initial must give an int count for each of the {n} strategies, got {initial!r}"
            )
        counts = x.astype(np.int64)
        if np.any(counts < 0) or counts.sum() < 2:
            raise ValueError(f"initial counts must be >= 0 and sum to >= 2, got {counts.tolist()}")
    elif x.shape == (n,):
        counts = initial_counts(initial, n, size)
    elif x.shape == (size,):
        if not all(isinstance(v, numbers.Integral) for v in x.tolist()) or np.any(
            (x < 0) | (x >= n)
        ):
            raise ValueError(f"initial per node must hold strategy indices in 0..{n - 1}")
        return x.astype(np.int64), False
    else:
        raise ValueError(
            f"initial must have one entry per strategy ({n}) or per node ({size}), "
            f"got length {x.shape[0]}"
        )
    return np.repeat(np.arange(n, dtype=np.int64), counts), True


def _strategies(strategies: object):
    if isinstance(strategies, PopulationGame):
        return None, list(strategies.names)
    if isinstance(strategies, (str, StrategySpec)) or not isinstance(strategies, Sequence):
        raise TypeError(
            f"strategies must be a list of names or specs (or a PopulationGame), got {strategies!r}"
        )
    specs = [resolve(s) for s in strategies]
    if len(specs) < 2:
        raise ValueError(f"strategies must hold at least 2 strategies, got {len(specs)}")
    names = [s.label() for s in specs]
    for k, name in enumerate(names):
        if name in names[:k]:
            raise ValueError(f"strategies must be distinct; {name!r} appears twice")
    return specs, names


def _choose_payoffs(payoffs, specs, game, turns, continuation, noise):
    """Return (mode, reason, deterministic flags per strategy)."""
    if payoffs not in PAYOFF_MODES:
        raise ValueError(f"payoffs must be one of {', '.join(PAYOFF_MODES)}, got {payoffs!r}")
    if specs is None:
        if payoffs == "matches":
            raise ValueError("payoffs='matches' needs strategies, not a PopulationGame")
        return "expected", "a pay-off matrix was given", None
    det = np.array([compile_spec(s, game).deterministic for s in specs], dtype=bool)
    if turns is None and continuation is None:
        if payoffs == "matches":
            raise ValueError(
                "turns=None and continuation=None describe infinitely long matches, which "
                "cannot be played; use payoffs='expected' (long-run pay-offs)"
            )
        return "expected", "infinitely long matches: only expected pay-offs exist", det
    certain = bool(det.all()) and noise == 0.0 and continuation is None
    if payoffs == "auto":
        if certain:
            return "expected", "every match is deterministic (same distribution)", det
        why = [
            "stochastic strategies" if not det.all() else "",
            "noise" if noise > 0 else "",
            "random match lengths" if continuation is not None else "",
        ]
        return "matches", "match outcomes are random: " + ", ".join(w for w in why if w), det
    if payoffs == "expected":
        why = "requested" + ("" if certain else " (the mean of random match outcomes)")
        return "expected", why, det
    return "matches", "requested", det


def _played_matrix(specs, game, turns, known_length, pairs_mask):
    """Per-round pay-offs of one played match for the pairs ``pairs_mask`` (deterministic)."""
    from coop_sim.engine.match_kernel import tournament_kernel
    from coop_sim.tournament import _Threads

    n = len(specs)
    packed = pack([compile_spec(s, game) for s in specs])
    i, j = np.triu_indices(n)
    keep = pairs_mask[i, j]
    i = i[keep].astype(np.int64)
    j = j[keep].astype(np.int64)
    counts = np.zeros((i.shape[0], 1, 4), dtype=np.int32)
    first = np.zeros((i.shape[0], 1), dtype=np.int8)
    with _Threads(1):
        tournament_kernel(
            *packed.kernel_args(), i, j, 1, turns, -1.0, 0.0, known_length, np.uint64(0),
            counts, first,
        )  # fmt: skip
    r, s, t, p = game.as_tuple()
    c = counts[:, 0, :].astype(np.float64)
    m = np.zeros((n, n))
    m[i, j] = (r * c[:, 0] + s * c[:, 1] + t * c[:, 2] + p * c[:, 3]) / turns
    m[j, i] = (r * c[:, 0] + t * c[:, 1] + s * c[:, 2] + p * c[:, 3]) / turns
    return m


def match_settings(game, turns, continuation, noise, known_length) -> tuple:
    """Validated ``(game, turns, continuation, noise, known_length)`` of the matches played
    in a population."""
    g = resolve_game(game)
    turns = _validate.turns(turns)
    continuation = _validate.continuation(continuation)
    noise = _validate.probability(noise, "noise")
    return g, turns, continuation, noise, _validate.known_length(known_length, turns, continuation)


class KernelPayoffs(NamedTuple):
    """Where the kernels take pay-offs from (see :func:`kernel_payoffs`)."""

    matrix: np.ndarray  # float64[n, n]: per-round pay-offs of the cached pairs
    cached: np.ndarray  # bool[n, n]: pairs looked up in matrix; the others play matches
    strat: tuple  # the strategies' packed arrays, as play_edge takes them
    match: tuple  # (turns, continuation, noise, known_length, game[4]), -1 for "not given"
    state_size: int
    hist_size: int  # history length to start with (kernels ask for more when needed)


def kernel_payoffs(
    strategies, specs, det, mode, game, turns, continuation, noise, known_length, key
) -> KernelPayoffs:
    """The pay-off sources of an individual-based kernel for a pay-off ``mode``.

    ``mode='expected'``: every pair cached, from the given PopulationGame (``specs`` None),
    from one played match when every match is certain, else from
    :func:`~coop_sim.evolution.population.population_game` (exact where possible, seeded
    with ``key``).  ``mode='matches'``: only the certain pairs (deterministic strategies, no
    noise, fixed turns; ``det`` flags the deterministic strategies) are cached.
    """
    n = len(det) if det is not None else strategies.n
    if mode == "expected":
        if specs is None:
            matrix = np.array(strategies.matrix, dtype=np.float64)
        elif det is not None and det.all() and noise == 0.0 and continuation is None:
            matrix = _played_matrix(specs, game, turns, known_length, np.ones((n, n), bool))
        else:
            pg = population_game(
                specs, game=game, turns=turns, continuation=continuation, noise=noise,
                known_length=known_length, seed=key,
            )  # fmt: skip
            matrix = np.array(pg.matrix, dtype=np.float64)
        cached = np.ones((n, n), dtype=bool)
    else:
        certain = det[:, None] & det[None, :] & (noise == 0.0) & (continuation is None)
        matrix = (
            _played_matrix(specs, game, turns, known_length, certain) if certain.any() else
            np.zeros((n, n))
        )  # fmt: skip
        cached = certain
    if specs is not None:
        packed = pack([compile_spec(s, game) for s in specs])
        strat = (
            packed.families, packed.offsets, packed.params, packed.is_auto, packed.auto_thr,
            packed.auto_nxt, packed.auto_off, packed.auto_start, packed.is_m1,
        )  # fmt: skip
        state_size = max(1, int(packed.state_sizes.max()))
    else:
        z = np.zeros(n + 1, dtype=np.int64)
        strat = (
            z[:n], z, np.zeros(1), np.zeros(n, dtype=np.bool_), z[:0], z[:0], z, z[:n],
            np.zeros(n, dtype=np.bool_),
        )  # fmt: skip
        state_size = 1
    match = (
        turns if turns is not None else -1,
        continuation if continuation is not None else -1.0,
        noise, known_length, np.array(game.as_tuple(), dtype=np.float64),
    )  # fmt: skip
    hist_size = turns if turns is not None else int(min(10_000, 40 / (1 - continuation)))
    return KernelPayoffs(matrix, cached, strat, match, state_size, hist_size)


def simulate_structured(
    strategies: Sequence[str | StrategySpec] | PopulationGame,
    initial: Sequence[int] | np.ndarray,
    *,
    process: str = "moran",
    interaction_graph: object = None,
    reproduction_graph: object = None,
    game: Game | tuple | None = None,
    turns: int | None = 200,
    continuation: float | None = None,
    noise: float = 0.0,
    known_length: bool = False,
    payoffs: str = "auto",
    intensity: float = 1.0,
    baseline: float | None = None,
    fitness: str = "linear",
    mutation: float = 0.0,
    steps: int | None = None,
    runs: int = 1,
    record_every: int | None = None,
    burn_in: int = 0,
    seed: SeedLike = None,
    threads: int | None = None,
    max_steps: int = 10_000_000,
) -> PopulationRuns:
    """Simulate an individual-based population, well mixed or on graphs.

    Parameters
    ----------
    strategies : list of str or StrategySpec, or PopulationGame
        The n distinct strategies (registered names or specs).  A
        :class:`~coop_sim.evolution.population.PopulationGame` gives the pay-off matrix
        directly (expected pay-offs only; match settings are then ignored).
    initial : sequence of int
        Counts per strategy (the population size N is their sum).  With a graph, counts (or
        shares summing to 1) are placed on the nodes uniformly at random in each run;
        alternatively give one strategy index per node (length N; a length equal to the
        number of strategies is read as counts).
    process : {'moran', 'moran-db', 'fermi'}
        Moran birth-death, Moran death-birth, or pairwise comparison with the Fermi rule
        (see the module notes).
    interaction_graph, reproduction_graph : optional
        Undirected graphs without self-loops or isolated nodes: a networkx graph (node order
        ``list(graph.nodes)``), a scipy sparse or numpy ``(N, N)`` adjacency matrix, or a
        list of neighbour lists (node order 0..N-1).  ``interaction_graph=None`` is the
        complete graph; ``reproduction_graph=None`` is the interaction graph.  A networkx
        reproduction graph is matched to the interaction graph by node label.
    game, turns, continuation, noise, known_length
        Match settings, as in :func:`coop_sim.run_tournament`.
    payoffs : {'auto', 'expected', 'matches'}
        'expected': the expected pay-off matrix
        (:func:`~coop_sim.evolution.population.population_game`, exact where possible);
        'matches': every interacting pair plays a fresh match every step and fitness comes
        from those matches; 'auto' (default): 'expected' when every match is deterministic
        (deterministic strategies, no noise, fixed turns) -- the same distribution -- else
        'matches'.  ``settings['payoffs']`` and ``settings['payoffs_reason']`` record the
        choice.
    intensity, baseline, fitness, mutation
        As in :class:`~coop_sim.evolution.population.FiniteProcess` (validated by it).
    steps : int, optional
        Steps per run (>= 1).  Without mutation a run stops early at fixation (later records
        repeat the fixed state); ``None`` runs to fixation (mutation 0 only) or ``max_steps``.
    runs : int
        Independent runs (in parallel).
    record_every : int, optional
        Record the counts every this many steps (needs ``steps``); the last step is always
        recorded.  Default as in :func:`coop_sim.evolution.finite.simulate`: with ``steps``,
        at most 1000 records; with ``steps=None``, the runs are simulated twice with the same
        streams (so the same runs), the second time recording about 1000 states up to the
        longest run's last step.
    burn_in : int
        Steps left out of the long-run abundance, in ``[0, steps)`` (see the module notes).
    seed : int, SeedSequence, Generator or None
        Master seed.  Results are bit-identical for any thread count.  A sampled pay-off
        matrix uses the master key as a tournament would; the dynamics use
        ``purpose_key(key, 'evolution.structured')``.
    threads : int, optional
        numba threads (default: all; one for a single run).
    max_steps : int
        Safety cap on a run's length when ``steps`` is None (a warning says if hit).

    Returns
    -------
    PopulationRuns
        Counts of each strategy over time, fixations, abundances; ``settings`` records the
        process, the graphs and the pay-off mode.

    Examples
    --------
    >>> import networkx as nx
    >>> r = simulate_structured(
    ...     ["tit_for_tat", "defector"], [10, 10], turns=200, runs=20, seed=1
    ... )
    >>> r.settings["payoffs"], r.population, int(r.fixation_counts.sum())
    ('expected', 20, 20)
    >>> ring = simulate_structured(
    ...     ["cooperator", "defector"], [9, 1], process="moran-db",
    ...     interaction_graph=nx.cycle_graph(10), turns=5, runs=10, seed=2,
    ... )
    >>> bool(ring.record_steps[-1] == ring.steps.max())  # recorded up to the longest run
    True
    """
    from coop_sim.engine.population_kernel import PROCESS_CODES
    from coop_sim.engine.structured_kernel import structured_kernel
    from coop_sim.tournament import _Threads

    specs, names = _strategies(strategies)
    n = len(names)
    g, turns, continuation, noise, known_length = match_settings(
        game, turns, continuation, noise, known_length
    )
    runs = _int(runs, "runs", 1)
    max_steps = _int(max_steps, "max_steps", 1)
    threads = _validate.threads(threads)
    if record_every is not None:
        record_every = _int(record_every, "record_every", 1)
        if steps is None:
            raise ValueError("record_every needs steps (the length of the recorded trajectories)")
    mode, reason, det = _choose_payoffs(payoffs, specs, g, turns, continuation, noise)
    if mode == "matches":
        _validate.simulated_length(turns, continuation)

    # graphs and the initial population
    if interaction_graph is None and reproduction_graph is None:
        nodes, place = _initial(initial, n, None)
        labels, int_ptr, int_idx = _complete(nodes.shape[0])
        rep_ptr, rep_idx = int_ptr, int_idx
        graph_info = "complete"
    else:
        if interaction_graph is not None:
            labels, int_ptr, int_idx = _graph(interaction_graph, "interaction_graph")
        else:
            labels, rep_ptr, rep_idx = _graph(reproduction_graph, "reproduction_graph")
            _, int_ptr, int_idx = _complete(len(labels))
        if reproduction_graph is None:
            rep_ptr, rep_idx = int_ptr, int_idx
        elif interaction_graph is not None:
            _, rep_ptr, rep_idx = _graph(reproduction_graph, "reproduction_graph", labels)
        nodes, place = _initial(initial, n, len(labels))
        graph_info = "given"
    size = nodes.shape[0]
    if size < 2:
        raise ValueError(f"the population needs at least 2 individuals, got {size}")
    if steps is None and not _connected(rep_ptr, rep_idx):
        raise ValueError(
            "the reproduction graph is not connected, so no strategy can take over the whole "
            "population and runs to fixation would never end: give steps=<int >= 1>"
        )

    key, recorded = seed_key(seed)
    sources = kernel_payoffs(
        strategies, specs, det, mode, g, turns, continuation, noise, known_length, key
    )
    matrix, cached, strat, match = sources.matrix, sources.cached, sources.strat, sources.match
    state_size, hist_size = sources.state_size, sources.hist_size
    all_cached = bool(cached.all())
    # the process and its fitness map, validated as the well-mixed one (a played pair's
    # per-round pay-off can be as low as the game's lowest pay-off)
    rule_of = FiniteProcess(
        np.where(cached, matrix, min(g.as_tuple())), population=size, process=process,
        intensity=intensity, mutation=mutation, baseline=baseline, fitness=fitness,
    )  # fmt: skip
    horizon = _horizon(steps, rule_of.mutation, max_steps)
    steps = None if steps is None else horizon
    burn_in = _int(burn_in, "burn_in", 0, horizon)
    every = _default_record_every(steps, horizon, runs, n) if record_every is None else record_every
    record_steps = _record_steps(horizon, every)

    rule = (
        PROCESS_CODES[rule_of.process], rule_of.fitness == "exponential", rule_of.intensity,
        rule_of.baseline, rule_of.mutation,
    )  # fmt: skip
    dynamics_key = np.uint64(purpose_key(key, "evolution.structured"))

    def run(cap: int, at: np.ndarray) -> tuple:
        counts = np.zeros((runs, at.shape[0], n), dtype=np.int64)
        abundance = np.zeros((runs, n))
        final_nodes = np.zeros((runs, size), dtype=np.int64)
        taken = np.zeros(runs, dtype=np.int64)
        fixation_step = np.zeros(runs, dtype=np.int64)
        with _Threads(threads if threads is not None else (1 if runs == 1 else None)):
            structured_kernel(
                dynamics_key, rule, nodes, place, n, matrix, cached, all_cached, int_ptr,
                int_idx, rep_ptr, rep_idx, strat, match, state_size, hist_size,
                steps if steps is not None else -1, cap, at, burn_in, counts, abundance,
                final_nodes, taken, fixation_step,
            )  # fmt: skip
        return counts, abundance, final_nodes, taken, fixation_step

    if steps is None and record_every is None:
        # run to fixation once to learn the longest run, then replay the same runs (same
        # streams) recording about MAX_DEFAULT_RECORDS states up to it, as simulate does
        longest = max(1, int(run(max_steps, record_steps)[3].max()))
        record_steps = _record_steps(longest, max(1, math.ceil(longest / MAX_DEFAULT_RECORDS)))
        counts, abundance, final_nodes, taken, fixation_step = run(longest, record_steps)
    else:
        counts, abundance, final_nodes, taken, fixation_step = run(max_steps, record_steps)
    final = counts[:, -1, :]
    fixed = np.where(final.max(axis=1) == size, final.argmax(axis=1), -1)
    if steps is None and np.any(fixed < 0):
        warnings.warn(
            f"{int(np.sum(fixed < 0))} of {runs} run(s) did not fix within max_steps="
            f"{max_steps}; raise max_steps",
            RuntimeWarning,
            stacklevel=2,
        )
    settings = {
        "process": process,
        "population": size,
        "intensity": rule_of.intensity,
        "baseline": rule_of.baseline,
        "fitness": rule_of.fitness,
        "mutation": rule_of.mutation,
        "payoffs": mode,
        "payoffs_reason": reason,
        "interaction_graph": graph_info if interaction_graph is not None else "complete",
        "reproduction_graph": "given" if reproduction_graph is not None else "interaction",
        "interaction_edges": int(int_idx.shape[0] // 2),
        "reproduction_edges": int(rep_idx.shape[0] // 2),
        "node_order": [str(v) for v in labels] if graph_info == "given" else None,
        "random_placement": bool(place),
        "game": g.as_tuple(),
        "turns": turns,
        "continuation": continuation,
        "noise": noise,
        "known_length": known_length,
        "steps": steps,
        "max_steps": max_steps,
        "burn_in": burn_in,
        "record_every": int(record_steps[1] - record_steps[0]) if len(record_steps) > 1 else None,
        "runs": runs,
        "seed": recorded,
        "version": __version__,
    }
    return PopulationRuns(
        names=tuple(names), population=size, counts=counts, record_steps=record_steps, fixed=fixed,
        fixation_step=fixation_step, abundance=abundance, steps=taken, settings=settings,
        nodes=final_nodes,
    )  # fmt: skip
