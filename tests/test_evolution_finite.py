"""Simulated finite populations (coop_sim.evolution.finite) against exact results and a twin."""

import numpy as np
import pytest
from scipy import stats

from coop_sim._seeding import purpose_key, seed_key
from coop_sim.evolution.finite import simulate
from coop_sim.evolution.population import FiniteProcess
from coop_sim.evolution.runs import wilson_interval
from tests import reference as ref

PROCESSES = ("moran", "moran-db", "fermi")
GAME3 = [[3.0, 0.0, 2.0], [5.0, 1.0, 0.5], [2.5, 4.0, 1.5]]
TFT_ALLD = [[3.0, 0.9], [1.4, 1.0]]
PD = [[3.0, 0.0], [5.0, 1.0]]


def _rho(process: FiniteProcess) -> float:
    """Fixation probability of one 0-individual among N - 1 1-individuals (product formula)."""
    size = process.population
    total, prod = 1.0, 1.0
    for i in range(1, size):
        t = process.transitions([i, size - i])
        prod *= t[0, 1] / t[1, 0]
        total += prod
    return 1.0 / total


def _stationary_share(process: FiniteProcess) -> float:
    """Mean share of strategy 0 under the stationary law of the birth-death chain."""
    size = process.population
    weights = [1.0]
    for i in range(size):  # pi_{i+1} / pi_i = T+(i) / T-(i+1)
        up = process.transitions([i, size - i])[1, 0]
        down = process.transitions([i + 1, size - i - 1])[0, 1]
        weights.append(weights[-1] * up / down)
    pi = np.array(weights) / sum(weights)
    return float(pi @ np.arange(size + 1) / size)


# (a) the kernel against the slow twin -------------------------------------------------------


def test_twin_stream_is_the_engine_stream():
    from coop_sim.engine.rng import stream_key, uniform

    key = seed_key(7)[0]
    k = ref.stream_key(key, 5, 0, 0)
    assert k == int(stream_key(np.uint64(key), 5, 0, 0))
    stream = np.array([k, 0], dtype=np.uint64)
    twin = ref.Stream(k)
    assert [uniform(stream) for _ in range(5)] == [twin.uniform() for _ in range(5)]


@pytest.mark.parametrize(
    ("name", "fitness", "self_interaction", "mutation"),
    [
        ("moran", "linear", False, 0.1),
        ("moran", "exponential", True, 0.0),
        ("moran-db", "exponential", False, 0.1),
        ("moran-db", "linear", True, 0.0),
        ("fermi", "linear", False, 0.1),
        ("fermi", "linear", True, 0.0),
    ],
)
def test_identical_trajectories_to_twin(name, fitness, self_interaction, mutation):
    process = FiniteProcess(GAME3, population=7, process=name, intensity=0.6, fitness=fitness,
                            self_interaction=self_interaction, mutation=mutation)  # fmt: skip
    steps = 60
    out = simulate(process, [2, 3, 2], steps=steps, runs=3, record_every=1, seed=11)
    key = purpose_key(seed_key(11)[0], "evolution.wellmixed")
    for r in range(3):
        stream = ref.Stream(ref.stream_key(key, r, 0, 0)).uniform
        path, ran = ref.wellmixed_run(process, [2, 3, 2], steps, stream)
        np.testing.assert_array_equal(out.counts[r], path)
        assert out.steps[r] == ran
    assert np.ptp(out.counts[:, :, 0]) > 0  # the runs did move


@pytest.mark.parametrize("name", PROCESSES)
def test_same_distribution_as_twin_with_another_rng(name):
    process = FiniteProcess(PD, population=6, process=name, intensity=0.4, mutation=0.05)
    steps, twin_runs = 15, 300
    rng = np.random.default_rng(3)
    twin = np.array(
        [ref.wellmixed_run(process, [3, 3], steps, rng.random)[0][-1, 0] for _ in range(twin_runs)]
    )
    out = simulate(process, [3, 3], steps=steps, runs=20000, seed=4)
    ours = out.final_counts[:, 0]
    se = np.sqrt(twin.var(ddof=1) / twin_runs + ours.var(ddof=1) / ours.size)
    assert abs(twin.mean() - ours.mean()) < 4.5 * se


# (b) one step against FiniteProcess.transitions --------------------------------------------

ONE_STEP = [
    (name, mutation, self_interaction, fitness)
    for name in PROCESSES
    for mutation in (0.0, 0.1)
    for self_interaction in (False, True)
    for fitness in (("linear",) if name == "fermi" else ("linear", "exponential"))
]


@pytest.mark.parametrize(("name", "mutation", "self_interaction", "fitness"), ONE_STEP)
def test_one_step_matches_transitions(name, mutation, self_interaction, fitness):
    process = FiniteProcess(GAME3, population=10, process=name, intensity=0.5, fitness=fitness,
                            mutation=mutation, self_interaction=self_interaction)  # fmt: skip
    state = np.array([3, 4, 3])
    runs = 20000
    out = simulate(process, state, steps=1, runs=runs, seed=5)
    delta = out.counts[:, 1, :] - state
    lost = np.where(delta.min(axis=1) < 0, delta.argmin(axis=1), -1)
    gained = np.where(delta.max(axis=1) > 0, delta.argmax(axis=1), -1)
    t = process.transitions(state)
    observed, expected = [], []
    for i in range(3):
        for j in range(3):
            if i != j:
                observed.append(np.sum((lost == i) & (gained == j)))
                expected.append(runs * t[i, j])
    observed.append(np.sum(lost < 0))
    expected.append(runs * (1 - t.sum()))
    observed, expected = np.array(observed), np.array(expected)
    assert observed.sum() == runs
    assert expected.min() > 20  # every cell is populated: a chi-square test is valid
    chi2 = float(((observed - expected) ** 2 / expected).sum())
    assert stats.chi2.sf(chi2, len(expected) - 1) > 1e-4, (observed, expected.round(1))


# (c) constant fitness: known fixation probabilities ----------------------------------------


@pytest.mark.parametrize(
    ("name", "exact"),
    [("moran", 0.147950), ("fermi", 0.150545)],
)
def test_constant_fitness_fixation(name, exact):
    size, r = 10, 1.1
    process = FiniteProcess([[r, r], [1.0, 1.0]], population=size, process=name)
    if name == "moran":
        formula = (1 - 1 / r) / (1 - r**-size)
    else:
        formula = (1 - np.exp(-0.1)) / (1 - np.exp(-0.1 * size))
    assert formula == pytest.approx(exact, abs=5e-7)
    runs = 20000
    out = simulate(process, [1, size - 1], runs=runs, seed=6)
    assert np.all(out.fixed >= 0) and np.all(out.steps == out.fixation_step)
    low, high = wilson_interval(np.array([out.fixation_counts[0]]), runs, 0.999)[0]
    assert low <= exact <= high, out.fixation_probability


@pytest.mark.parametrize("name", ["moran", "moran-db"])
def test_strong_selection_is_not_drift_when_an_absent_strategy_pays_hugely(name):
    # strategy 2 is absent: its pay-off 100 must not set the scale of exponential fitness
    # (exp(10 * (1.1 - 100)) underflows to 0 for everyone: selection would become drift)
    game = [[1.0, 1.0, 1.0], [1.1, 1.1, 1.1], [100.0, 100.0, 100.0]]
    size, intensity = 10, 10.0
    process = FiniteProcess(game, population=size, process=name, intensity=intensity,
                            fitness="exponential")  # fmt: skip
    pair = FiniteProcess([[1.1, 1.1], [1.0, 1.0]], population=size, process=name,
                         intensity=intensity, fitness="exponential")  # fmt: skip
    exact = _rho(pair)  # one 1-individual among 0-individuals
    if name == "moran":  # constant fitness r = e: (1 - 1/r) / (1 - r^-N)
        assert exact == pytest.approx((1 - np.exp(-1.0)) / (1 - np.exp(-1.0 * size)), rel=1e-12)
    runs = 20000
    out = simulate(process, [size - 1, 1, 0], runs=runs, seed=13)
    low, high = wilson_interval(np.array([out.fixation_counts[1]]), runs, 0.999)[0]
    assert low <= exact <= high, (out.fixation_probability, exact)
    assert not low <= 1 / size <= high  # not neutral drift
    assert out.fixation_counts[2] == 0


@pytest.mark.parametrize("name", ["moran", "moran-db"])
def test_exponential_fitness_with_large_payoffs(name):
    # exp(801) overflows: fitness must be shifted; the process is that of the shifted game
    size = 10
    process = FiniteProcess([[801.1, 801.1], [801.0, 801.0]], population=size, process=name,
                            fitness="exponential")  # fmt: skip
    shifted = FiniteProcess([[0.1, 0.1], [0.0, 0.0]], population=size, process=name,
                            fitness="exponential")  # fmt: skip
    exact = _rho(shifted)
    if name == "moran":
        assert exact == pytest.approx((1 - np.exp(-0.1)) / (1 - np.exp(-0.1 * size)), rel=1e-12)
    runs = 20000
    out = simulate(process, [1, size - 1], runs=runs, seed=14)
    low, high = wilson_interval(np.array([out.fixation_counts[0]]), runs, 0.999)[0]
    assert low <= exact <= high, (out.fixation_probability, exact)
    assert not low <= 1 / size <= high


# (d) frequency-dependent fixation against the closed-form product --------------------------


@pytest.mark.parametrize(
    ("name", "fitness"), [("moran", "linear"), ("moran-db", "exponential"), ("fermi", "linear")]
)
def test_frequency_dependent_fixation(name, fitness):
    process = FiniteProcess(TFT_ALLD, population=10, process=name, intensity=0.5, fitness=fitness)
    exact = _rho(process)
    wrong = _rho(FiniteProcess(TFT_ALLD, population=10, process=name, intensity=0.5,
                               fitness=fitness, self_interaction=True))  # fmt: skip
    runs = 20000
    out = simulate(process, [1, 9], runs=runs, seed=7)
    low, high = wilson_interval(np.array([out.fixation_counts[0]]), runs, 0.999)[0]
    assert low <= exact <= high, (out.fixation_probability[0], exact)
    assert not low <= wrong <= high  # the test can tell the conventions apart


# (e) long-run abundance with mutation against the stationary distribution ------------------


@pytest.mark.parametrize("name", PROCESSES)
def test_abundance_matches_stationary_distribution(name):
    process = FiniteProcess(PD, population=10, process=name, intensity=0.3, mutation=0.05)
    exact = _stationary_share(process)
    out = simulate(process, steps=100_000, runs=20, burn_in=1_000, seed=8)
    share = out.abundance[:, 0]
    se = share.std(ddof=1) / np.sqrt(share.size)  # runs are independent
    assert se < 0.01  # long enough to have power
    assert abs(share.mean() - exact) < 4.5 * se, (share.mean(), exact, se)


# conventions: records, abundance, fixation ---------------------------------------------------


@pytest.mark.parametrize("mutation", [0.0, 0.05])
def test_abundance_and_fixation_conventions(mutation):
    process = FiniteProcess(PD, population=8, process="moran", intensity=0.5, mutation=mutation)
    steps, burn_in = 300, 50
    out = simulate(process, [4, 4], steps=steps, runs=30, record_every=1, burn_in=burn_in,
                   seed=9)  # fmt: skip
    assert out.record_steps.tolist() == list(range(steps + 1))
    expected = out.counts[:, burn_in + 1 :, :].mean(axis=1) / 8
    np.testing.assert_allclose(out.abundance, expected, rtol=1e-12)
    mono = out.counts.max(axis=2) == 8
    first = np.where(mono.any(axis=1), mono.argmax(axis=1), -1)
    np.testing.assert_array_equal(out.fixation_step, first)
    final_mono = out.counts[:, -1, :].max(axis=1) == 8
    np.testing.assert_array_equal(out.fixed >= 0, final_mono)
    if mutation == 0:
        assert np.all(out.fixed >= 0)  # N = 8 fixes well within 300 steps here
        np.testing.assert_array_equal(out.steps, out.fixation_step)
    else:
        assert np.all(out.steps == steps)


def test_record_steps_and_cap():
    process = FiniteProcess(PD, population=50, process="fermi", intensity=0.1)
    out = simulate(process, steps=25, record_every=10, runs=2, seed=1)
    assert out.record_steps.tolist() == [0, 10, 20, 25]
    capped = simulate(process, runs=3, max_steps=5, seed=1)
    assert capped.record_steps.tolist() == [0, 1, 2, 3, 4, 5]
    assert capped.fixed.tolist() == [-1, -1, -1] and capped.steps.tolist() == [5, 5, 5]
    done = simulate(FiniteProcess(PD, population=4), [4, 0], runs=2, seed=1)
    assert done.fixed.tolist() == [0, 0] and done.fixation_step.tolist() == [0, 0]
    assert done.steps.tolist() == [0, 0]


# (f) reproducibility ---------------------------------------------------------------------


def _fields(out):
    return (out.counts, out.fixed, out.fixation_step, out.abundance, out.steps)


def test_seeds_and_threads():
    process = FiniteProcess(GAME3, population=30, process="fermi", intensity=0.2, mutation=0.01)
    kw = {"steps": 10_000, "runs": 40, "burn_in": 100}
    a = simulate(process, seed=3, threads=1, **kw)
    b = simulate(process, seed=3, threads=2, **kw)  # parallel kernel: 400,000 steps in all
    c = simulate(process, seed=4, threads=2, **kw)
    for x, y in zip(_fields(a), _fields(b), strict=True):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.counts, c.counts)
    assert a.settings["seed"] == 3 and a.settings["process"] == "fermi"
    fresh = simulate(process, steps=200, runs=3)
    again = simulate(process, steps=200, runs=3, seed=fresh.settings["seed"])
    np.testing.assert_array_equal(fresh.counts, again.counts)
    gen = simulate(process, steps=200, runs=3, seed=np.random.default_rng(5))
    assert gen.settings["seed"] is None
    for name in ("population", "intensity", "baseline", "fitness", "self_interaction",
                 "mutation", "steps", "runs", "version"):  # fmt: skip
        assert name in a.settings


# (g) bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"steps": 10, "runs": 0}, ValueError, "runs"),
        ({"steps": 0}, ValueError, "steps"),
        ({"steps": 1.5}, TypeError, "steps"),
        ({"steps": 10, "burn_in": 10}, ValueError, r"burn_in.*\[0, 10\)"),
        ({"steps": 10, "burn_in": -1}, ValueError, "burn_in"),
        ({"steps": 10, "record_every": 0}, ValueError, "record_every"),
        ({"steps": 10, "threads": 0}, ValueError, "threads"),
        ({"steps": 10**6, "runs": 1000, "record_every": 1}, ValueError, "memory_limit"),
        ({"steps": 10, "initial": [5, 4]}, ValueError, "initial"),
    ],
)
def test_bad_input(kwargs, error, match):
    process = FiniteProcess(PD, population=10, process="moran")
    with pytest.raises(error, match=match):
        simulate(process, **kwargs)


def test_mutation_needs_steps_and_process_type():
    with pytest.raises(ValueError, match="steps"):
        simulate(FiniteProcess(PD, population=10, mutation=0.01))
    with pytest.raises(TypeError, match="FiniteProcess"):
        simulate(PD, steps=10)


def test_progress_chunks_give_the_same_runs(capsys, monkeypatch):
    import coop_sim.evolution.finite as finite

    monkeypatch.setattr(finite, "_PROGRESS_AFTER_SECONDS", -1.0)
    proc = FiniteProcess([[3, 0], [5, 1]], population=12, process="fermi", mutation=0.01)
    whole = simulate(proc, [6, 6], steps=500, runs=120, seed=4, threads=1, progress=False)
    assert capsys.readouterr().err == ""
    chunked = simulate(proc, [6, 6], steps=500, runs=120, seed=4, threads=1, progress=True)
    np.testing.assert_array_equal(whole.counts, chunked.counts)
    np.testing.assert_array_equal(whole.abundance, chunked.abundance)
    assert "120/120 runs" in capsys.readouterr().err


def test_runs_to_fixation_record_their_real_trajectories():
    process = FiniteProcess(PD, population=30, process="moran", intensity=0.2)
    default = simulate(process, [3, 27], runs=50, seed=6)
    assert default.record_steps[-1] == default.steps.max()  # no record past the last step
    assert len(default.record_steps) <= 1001
    longest = int(default.steps.max())
    every = simulate(process, [3, 27], runs=50, seed=6, record_every=1, max_steps=longest)
    np.testing.assert_array_equal(default.steps, every.steps)
    np.testing.assert_array_equal(default.fixed, every.fixed)
    at = default.record_steps
    np.testing.assert_array_equal(default.counts, every.counts[:, at, :])
