"""Like-mindedness: on a lattice, clusters of co-operators survive; well mixed, they vanish.

Nowak & May's (1992) spatial game: co-operators and defectors on a square lattice (Moore
neighbourhood, a torus), R = 1, T = b, S = P = 0, each site plays its eight neighbours and
itself, then every site copies its best-scoring neighbour (itself included), all at once.
The same players, with the same rule, are also run *well mixed*: before every generation
the strategies are re-seated on the lattice at random (a random permutation), so whom a
player meets no longer depends on who its neighbours were -- clusters cannot form.  Both
populations are :class:`coop_sim.spatial.SpatialPopulation` objects stepped by the engine's
kernels; they start from the same random placement.
"""

from __future__ import annotations

import numpy as np

from coop_sim._seeding import SeedLike
from coop_sim._version import __version__
from coop_sim.demos._result import DemoResult, generator, new_figure, percent

__all__ = ["TITLE", "like_mindedness"]

TITLE = "Like-mindedness: clusters keep co-operators alive on a lattice, not in a mixed crowd"
_NAMES = ("Cooperator", "Defector")


def like_mindedness(
    *,
    size: int = 60,
    b: float = 1.85,
    cooperators: float = 0.9,
    generations: int = 100,
    seed: SeedLike = 1,
) -> DemoResult:
    """Co-operators on a lattice against the same population re-mixed every generation.

    Parameters
    ----------
    size : int
        Side of the square lattice (>= 3).
    b : float
        Temptation T = b of Nowak & May's game (R = 1, S = P = 0); b > 1.
    cooperators : float
        Share of co-operators in the random initial placement, in [0, 1].
    generations : int
        Generations to run (>= 1).
    seed : int, SeedSequence, Generator or None
        Seeds the initial placement and the re-seating.

    Returns
    -------
    DemoResult
        ``data``: ``generations`` (0..G), ``lattice_share`` and ``mixed_share``
        (co-operators' share per generation), ``lattice`` and ``previous`` (the final and
        the previous lattice, ``[x, y]``, 0 = co-operator), ``clusters`` and
        ``mean_cluster_size`` (of co-operators on the final lattice), ``lattice_mean``
        (mean share over the second half of the run), ``mixed_extinct`` (first generation
        without co-operators when well mixed, or None).

    Examples
    --------
    >>> r = like_mindedness(size=30, generations=40)
    >>> bool(r.data["lattice_mean"] > 0.2), float(r.data["mixed_share"][-1])
    (True, 0.0)
    """
    from coop_sim import _validate
    from coop_sim.spatial import SpatialPopulation, UpdateRule, initial_state, lattice_topology

    size = _validate.positive_int(size, "size", 3)
    generations = _validate.positive_int(generations, "generations")
    b = _validate.real(b, "b")
    if not 1.0 < b < np.inf:
        raise ValueError(f"b must be a finite number > 1 (T = b > R = 1), got {b!r}")
    cooperators = _validate.probability(cooperators, "cooperators")
    rng, recorded = generator(seed)
    top = lattice_topology(size, size, "moore", torus=True)
    start = initial_state(top, 2, "random", shares=[cooperators, 1.0 - cooperators], rng=rng)
    kwargs = dict(game=(1.0, 0.0, b, 0.0), self_interaction=True)
    key = int(rng.integers(2**63))
    lattice = SpatialPopulation(top, ["cooperator", "defector"], start, UpdateRule(), seed=key,
                                **kwargs)  # fmt: skip
    mixed = SpatialPopulation(top, ["cooperator", "defector"], start, UpdateRule(), seed=key,
                              **kwargs)  # fmt: skip
    lattice_share = np.empty(generations + 1)
    mixed_share = np.empty(generations + 1)
    for g in range(generations + 1):
        lattice_share[g] = lattice.shares()[0]
        mixed_share[g] = mixed.shares()[0]
        if g == generations:
            break
        lattice.step()
        mixed.set_state(rng.permutation(np.asarray(mixed.state)))
        mixed.step()
    clusters, sizes = lattice.cluster_summary()
    half = generations // 2
    extinct = np.flatnonzero(mixed_share == 0.0)
    data = {
        "generations": np.arange(generations + 1),
        "lattice_share": lattice_share,
        "mixed_share": mixed_share,
        "lattice": np.asarray(lattice.state).reshape(size, size),
        "previous": np.asarray(lattice.previous).reshape(size, size),
        "clusters": int(clusters[0]),
        "mean_cluster_size": float(sizes[0]),
        "lattice_mean": float(lattice_share[half + 1 :].mean()),
        "mixed_mean": float(mixed_share[half + 1 :].mean()),
        "mixed_extinct": int(extinct[0]) if extinct.size else None,
    }
    table = [
        {
            "generation": g,
            "cooperators_lattice": float(lattice_share[g]),
            "cooperators_well_mixed": float(mixed_share[g]),
        }
        for g in range(generations + 1)
    ]
    settings = {
        "size": size,
        "b": b,
        "game": (1.0, 0.0, b, 0.0),
        "cooperators": cooperators,
        "generations": generations,
        "neighbourhood": "moore",
        "torus": True,
        "self_interaction": True,
        "rule": "imitate-best",
        "activation": "synchronous",
        "seed": recorded,
        "version": __version__,
    }
    headers = {
        "cooperators_lattice": "co-operators on the lattice",
        "cooperators_well_mixed": "co-operators well mixed",
    }
    return DemoResult("like_mindedness", TITLE, _takeaway(data, settings), data, table,
                      settings, headers=headers, draw=_draw)  # fmt: skip


def _takeaway(d: dict, s: dict) -> str:
    g = s["generations"]
    text = (
        f"On the {s['size']} x {s['size']} lattice (b = {s['b']:g}), co-operators held "
        f"{percent(d['lattice_mean'])} of the sites over generations {g // 2 + 1}-{g}, in "
        f"{d['clusters']} clusters of {d['mean_cluster_size']:.0f} sites on average at the end. "
        f"The same players re-seated at random every generation"
    )
    if d["mixed_extinct"] is not None:
        text += f" lost every co-operator by generation {d['mixed_extinct']}."
    else:
        text += f" kept only {percent(d['mixed_mean'])} co-operators."
    return text + " Meeting like-minded neighbours is what keeps co-operation alive."


def _draw(result: DemoResult):
    from coop_sim.plot_spatial import lattice_snapshot

    d = result.data
    fig, (left, right) = new_figure((13.0, 5.2), ncols=2, width_ratios=[1.0, 1.2])
    g = result.settings["generations"]
    lattice_snapshot(d["lattice"], names=_NAMES, previous=d["previous"], ax=left,
                     title=f"Lattice, generation {g}")  # fmt: skip
    right.plot(d["generations"], d["lattice_share"], color="#0072B2", linewidth=2,
               label="on the lattice (neighbours stay)")  # fmt: skip
    right.plot(d["generations"], d["mixed_share"], color="#D55E00", linewidth=2,
               label="well mixed (re-seated every generation)")  # fmt: skip
    right.set_ylim(-0.02, 1.02)
    right.set_xlabel("generation")
    right.set_ylabel("share of co-operators")
    right.legend(fontsize=9)
    s = result.settings
    right.set_title(
        f"Nowak & May's game, b = {s['b']:g}, imitate the best neighbour, "
        f"{s['size']} x {s['size']} torus",
        fontsize=10,
    )
    fig.suptitle("Like-mindedness: clusters keep co-operators alive", fontsize=12)
    return fig
