"""Spatial benchmarks: lattices and networks, side by side with Mesa's own pd_grid example.

Run from the repository root::

    python benchmarks/bench_spatial.py           # everything (~1-2 minutes on 2 cores)
    python benchmarks/bench_spatial.py --quick   # fewer generations, < 1 minute

Targets (issue 4):

* cell updates per second at 100 x 100 (Nowak–May's game with Mesa pd_grid's temptation
  T = 1.6) at least 1,000x those of Mesa's ``mesa.examples.advanced.pd_grid``
  ``PdGrid(width=100, height=100, activation_order="Simultaneous")`` stepped with
  ``model.step()`` (its agents' moves and scores, then its data collection: the number of
  co-operators).  Checked twice: the generation alone (``SpatialPopulation.step()``), and
  ``LatticeModel.step()`` collecting what pd_grid collects (the strategies' shares); the
  default collection (adding the mean pay-off and cluster statistics) is reported too;
* one synchronous Nowak–May generation of a 1000 x 1000 lattice in <= 5 ms on one core
  (``SpatialPopulation.step()``: the copy of the state into ``previous`` and the lattice fast
  path; pay-offs are computed only when asked for, so they are timed on their own).

Also measured, without targets: 2-thread scaling, the generic kernels on the same lattice, a
200 x 200 lattice of four IPD strategies (exact expected pay-offs of 200-round matches with
noise 0.01, Fermi rule) and a Barabási–Albert network of 10^4 nodes.

Times are wall-clock (``time.perf_counter``) after a warm-up (compilation excluded); each
row is the median of its repeats (generations differ, so best-of would pick the easiest).
The helpers come from ``bench_tournament.py``.  Read every figure against the load average
printed with it: the machine is shared.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
from bench_tournament import Verdicts, load, print_table, rate, run_suite, version_of

from coop_sim.spatial.models import LatticeModel, NetworkModel
from coop_sim.spatial.population import SpatialPopulation
from coop_sim.spatial.rules import UpdateRule
from coop_sim.spatial.topology import lattice_topology

SEED = 2026
IPD = ["tit_for_tat", "defector", "win_stay_lose_shift", "gtft"]


def per_call(call: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median and fastest seconds of ``repeats`` calls (after one warm-up call)."""
    call()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times)


def bench_mesa(quick: bool, verdicts: Verdicts) -> None:
    """Cell updates per second at 100 x 100: Mesa's pd_grid against LatticeModel."""
    cells = 100 * 100
    rows = []
    peer = None
    if importlib.util.find_spec("mesa.examples.advanced.pd_grid") is not None:
        from mesa.examples.advanced.pd_grid.model import PdGrid

        model = PdGrid(width=100, height=100, activation_order="Simultaneous", seed=SEED)
        steps = 3 if quick else 10
        median, _ = per_call(model.step, steps)
        peer = cells / median
        rows.append((f"mesa {version_of('mesa')} pd_grid", "Simultaneous, its DataCollector",
                     steps, f"{median * 1e3:.2f}", rate(peer), "1"))  # fmt: skip
    ours = {}
    shares_only = "LatticeModel, shares collected (as pd_grid collects its C count)"
    full = "LatticeModel, default data (shares, mean pay-off, clusters)"
    for label, kwargs in (
        (shares_only, {"clusters": False, "mean_payoff": False}),
        ("LatticeModel, shares and mean pay-off", {"clusters": False}),
        (full, {}),
    ):
        model = LatticeModel(100, b=1.6, seed=SEED, threads=1, **kwargs)
        steps = 200 if quick else 1000
        median, _ = per_call(model.step, steps)
        ours[label] = cells / median
        ratio = f"{ours[label] / peer:,.0f}" if peer else "-"
        rows.append(("coop_sim", label, steps, f"{median * 1e3:.4f}", rate(ours[label]), ratio))
    pop = LatticeModel(100, b=1.6, seed=SEED, threads=1).population
    median, _ = per_call(pop.step, 200 if quick else 1000)
    ours["generation"] = cells / median
    ratio = f"{cells / median / peer:,.0f}" if peer else "-"
    rows.append(("coop_sim", "SpatialPopulation.step() only (no data)", 200 if quick else 1000,
                 f"{median * 1e3:.4f}", rate(cells / median), ratio))  # fmt: skip
    print_table(
        "100 x 100 Nowak-May lattice (T = 1.6, Moore, torus), one thread",
        ("library", "stepping", "steps", "ms / step", "cell updates/s", "x Mesa"),
        rows,
    )
    print("pd_grid: no self-interaction, scores accumulate over steps; LatticeModel: "
          "Nowak-May (self-interaction, fresh pay-offs each generation), synchronous. "
          "Cluster labelling (union-find, ~16 ns a site) is what the default "
          "data add; pass clusters=False for speed runs.")  # fmt: skip
    if peer is not None:
        for label, name in (
            ("generation", "100x100 cell updates/s vs Mesa pd_grid"),
            (shares_only, "  model.step() with pd_grid's data (shares)"),
        ):
            ratio = ours[label] / peer
            verdicts.add(name, f"{ratio:,.0f}x", ">= 1000x", ratio >= 1000)
        verdicts.add("  model.step() with all default data", f"{ours[full] / peer:,.0f}x", "-",
                     None)  # fmt: skip
    else:
        verdicts.add("100x100 cell updates/s (no Mesa pd_grid)", rate(ours[full]), "-", None)


def _nowak_may(size: int, threads: int, fast: bool = True) -> SpatialPopulation:
    rng = np.random.default_rng(SEED)
    start = (rng.random(size * size) < 0.1).astype(np.int8)  # 10% defectors
    pop = SpatialPopulation(
        lattice_topology(size, size), ["cooperator", "defector"], start, UpdateRule(),
        game=(1.0, 0.0, 1.85, 0.0), self_interaction=True, threads=threads,
    )  # fmt: skip
    if not fast:
        pop._fast_lattice = lambda: False
    pop.step(10)  # leave the uniform start: a chaotic kaleidoscope at b = 1.85
    return pop


def bench_nowak_may(quick: bool, verdicts: Verdicts) -> None:
    """One 1000 x 1000 synchronous generation: fast path, threads, generic kernels."""
    from coop_sim.engine import lattice_fast

    size = 1000
    repeats = 20 if quick else 100
    rows = []
    medians = {}
    for threads in (1, 2):
        pop = _nowak_may(size, threads)
        assert pop._fast_lattice()
        median, best = per_call(pop.step, repeats)
        medians[threads] = median
        rows.append(("SpatialPopulation.step() (fast path)", threads, repeats,
                     f"{median * 1e3:.3f}", f"{best * 1e3:.3f}",
                     rate(size * size / median)))  # fmt: skip
        if threads == 1:
            kind, r, c, torus = pop.topology.kernel_args()[:4]
            _, table, values = pop._lattice_fast
            shape = (kind, r, c, torus, True, 1)  # self-interaction, 1 thread
            new, pay = np.empty_like(pop.state), np.empty(size * size)
            kernel = partial(lattice_fast.lattice_generation, pop.state, new, table, *shape)
            median_k, best_k = per_call(kernel, repeats)
            rows.append(("lattice_generation kernel alone", 1, repeats, f"{median_k * 1e3:.3f}",
                         f"{best_k * 1e3:.3f}", rate(size * size / median_k)))  # fmt: skip
            median_p, best_p = per_call(pop._compute_payoffs, 3 if quick else 10)
            rows.append(("pay-offs when asked (SpatialPopulation._compute_payoffs)", 1,
                         3 if quick else 10, f"{median_p * 1e3:.3f}", f"{best_p * 1e3:.3f}",
                         rate(size * size / median_p)))  # fmt: skip
            payoffs = partial(lattice_fast.lattice_payoffs, pop.state, pay, table, values, *shape)
            median_p, best_p = per_call(payoffs, repeats)
            rows.append(("lattice_payoffs kernel alone (the same pay-offs)", 1, repeats,
                         f"{median_p * 1e3:.3f}", f"{best_p * 1e3:.3f}",
                         rate(size * size / median_p)))  # fmt: skip
    for threads in (1, 2):
        slow = _nowak_may(size, threads, fast=False)
        median, best = per_call(slow.step, 3 if quick else 10)
        rows.append(("generic kernels (payoff_pass + synchronous_generation)", threads,
                     3 if quick else 10, f"{median * 1e3:.3f}", f"{best * 1e3:.3f}",
                     rate(size * size / median)))  # fmt: skip
    print_table(
        "1000 x 1000 Nowak-May generation (b = 1.85, Moore, torus, self-interaction)",
        ("what", "threads", "repeats", "median ms", "best ms", "sites/s"),
        rows,
    )
    print(f"2-thread speed-up of step(): {medians[1] / medians[2]:.2f}x "
          f"(load average {load()})")  # fmt: skip
    verdicts.add("1000x1000 generation, 1 thread (median)", f"{medians[1] * 1e3:.2f} ms",
                 "<= 5 ms", medians[1] <= 5e-3)  # fmt: skip


def bench_ipd(quick: bool, verdicts: Verdicts) -> None:
    """Full-strategy IPD lattice and a scale-free network: seconds per generation."""
    import networkx as nx

    rows = []
    repeats = 5 if quick else 20
    match = {"turns": 200, "noise": 0.01, "payoffs": "expected"}
    cases = [
        ("lattice 200 x 200, 4 IPD strategies, Fermi", 40_000,
         lambda threads, clusters: LatticeModel(
             200, strategies=IPD, rule="fermi", temperature=0.1, seed=SEED, threads=threads,
             clusters=clusters, agents=False, **match)),
        ("BA network 10^4 nodes m=2, C/D b=1.8, imitate-best", 10_000,
         lambda threads, clusters: NetworkModel(
             nx.barabasi_albert_graph(10_000, 2, seed=SEED), b=1.8, seed=SEED,
             threads=threads, clusters=clusters, agents=False)),
        ("BA network 10^4 nodes m=2, 4 IPD strategies, Fermi", 10_000,
         lambda threads, clusters: NetworkModel(
             nx.barabasi_albert_graph(10_000, 2, seed=SEED), strategies=IPD, rule="fermi",
             temperature=0.1, seed=SEED, threads=threads, clusters=clusters, agents=False,
             **match)),
    ]  # fmt: skip
    for label, sites, make in cases:
        for threads in (1, 2):
            model = make(threads, True)
            median_m, _ = per_call(model.step, repeats)
            pop = make(threads, False).population
            median_p, _ = per_call(pop.step, repeats)
            rows.append((label, threads, f"{median_p * 1e3:.3f}", f"{median_m * 1e3:.3f}",
                         rate(sites / median_p)))  # fmt: skip
    print_table(
        "IPD strategies on a lattice and a network (expected pay-offs, turns 200, noise 0.01)",
        ("population", "threads", "ms / population.step()", "ms / model.step()", "sites/s"),
        rows,
    )
    print("model.step() includes Mesa data collection (shares, mean pay-off, clusters); "
          "population.step() is the dynamics alone (pay-offs + updates).")  # fmt: skip
    verdicts.add("IPD lattice 200x200 Fermi step", rows[0][2] + " ms", "(no target)", None)


def main(argv: Sequence[str] | None = None) -> int:
    return run_suite(
        __doc__.splitlines()[0],
        "fewer generations",
        "mesa",
        (bench_mesa, bench_nowak_may, bench_ipd),
        argv,
    )


if __name__ == "__main__":
    sys.exit(main())
