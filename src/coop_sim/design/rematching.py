"""Re-matching populations: relationship turnover, public records and listing schemes.

A population of ``N`` players (``N`` even, >= 2) plays the Prisoner's Dilemma in pairs that
form, last a while and break up; between generations the players revise their strategies.
This is the model behind the levers "stable relationships / partner turnover",
"recognition: reliable information on who co-operated" and "a public list that includes
co-operators and drops defectors" (:mod:`coop_sim.design.interventions`).

The model
---------
*Players and strategies.*  Player ``i`` has a strategy ``kind[i]`` among ``n`` strategies.
A strategy is a finite-state automaton (``spec.automaton(game)``; programs that count or use
the match length have none and are refused) and may be a *record reader*
(:class:`RecordReader`; ``'discriminator'`` is Nowak & Sigmund's discriminator, a
co-operator that reads the record).  Time runs in generations of ``rounds`` rounds.

*Relationships.*  Players are paired.  In every round each pair plays one round of the
Prisoner's Dilemma:

1. each player's intended move comes from its automaton state (C with probability ``p_c``);
2. a record reader intends D instead whenever its partner's public record is bad;
3. noise flips each actual move independently with probability ``noise``;
4. the pay-offs are the game's ``(R, S, T, P)``; each automaton advances on (its state, its
   intention after step 2, its actual move, the partner's actual move);
5. the public records are updated (below);
6. the relationship ends with probability ``1 - (1 - turnover) * w`` (``w = continuation``,
   1 when None), and always once the pair has played ``turns`` rounds together (when
   ``turns`` is given).

At the start of every round the free players (all of them at the very start; those whose
relationship ended; those freed by a strategy change) are shuffled uniformly at random and
paired consecutively; a new pair starts both automata afresh -- nothing carries over from
earlier partners.  Every player is in a pair in every round.  Relationships persist across
generations, except that a player whose strategy changes in an update leaves its
relationship (its partner is then free too).

With ``turnover = 0`` a relationship is a repeated game with continuation probability ``w``
(capped at ``turns`` rounds); with no revision the long-run mean pay-off per round of an
``i``-player is ``(A @ k - A[i, i]) / (N - 1)``, with ``A`` the per-round pay-off matrix of
matches with continuation probability ``w' = w (1 - turnover)`` (and the same cap) and ``k``
the counts -- partners are drawn from the other ``N - 1`` players (the tests check this).

*Public record* (``record``): one bit per player, good at the start.

* ``'image'`` -- first-order image scoring with binary scores (Nowak & Sigmund 1998): after
  a round a player is good if its actual move was C, bad if it was D.
* ``'standing'`` (Sugden 1986; Leimar & Hammerstein 2001): a C makes a player good; a D
  against a partner who was good before the round makes it bad; a D against a bad partner
  (justified defection) leaves its standing unchanged.

Records use the actual (noise-flipped) moves; a player keeps its record when it changes
strategy.

*Listing scheme* (``listing_bonus``, ``listing_encounters``; needs a record).  A player is
*listed* in a round when its record is good at the start of the round.  A listed player's
round pay-off counts ``listing_encounters`` times -- modelling that the list brings it
``listing_encounters`` encounters of the same kind per round; the extra encounters are
copies of the round played (no extra moves, records or statistics) -- and it receives
``listing_bonus`` on top.  Defectors lose the listing through the record.

*Fitness* is a player's mean pay-off per round over the generation, listing included.

*Revision* after each generation (``process``):

* ``'fermi'`` -- every player revises at once (decisions from the strategies before the
  update): it picks a uniformly random other player ``j`` and adopts ``kind[j]`` with
  probability ``1 / (1 + exp(-intensity (f_j - f_i)))``;
* ``'moran'`` -- ``N`` birth-death events with the generation's fitness fixed: a parent is
  chosen with probability proportional to its fitness weight (``fitness='linear'``:
  ``baseline + intensity * f`` clipped at 0, ``baseline=None`` meaning ``1 - intensity``;
  ``'exponential'``: ``exp(intensity * f)``; uniform if every weight is 0); its offspring
  (the parent's strategy and weight) replaces a uniformly chosen other player;
* ``'none'`` -- no revision (mutation and teaching still apply).

Then *mutation*: each player with probability ``mutation`` switches to a uniformly chosen
other strategy; then *teaching*: each player with probability ``teaching_share`` adopts
``teaching_strategy``.

*Initial state.*  Players ``0 .. k_0 - 1`` play strategy 0, the next ``k_1`` strategy 1,
and so on (``initial`` counts).  Every choice in the model is uniform over players, so the
labelling has no effect on the distribution of the results.

*Randomness.*  Generation ``g`` of run ``r`` draws from the counter-based stream
``stream_key(key, r, g, 0)`` in the order documented in
:mod:`coop_sim.engine.rematch_kernel`; ``key = purpose_key(seed_key(seed), 'design.rematching')``
unless ``key`` is given.  Results are bit-identical for any number of threads.

*Records* (:class:`RematchRuns`): counts per strategy at the start (record 0) and after
each generation; per generation the share of C among the actual moves (``cooperation``),
the mean game pay-off per player-round without listing transfers (``welfare``), the mean
listing transfer per player-round (``subsidy``: bonus plus the extra encounters' pay-off),
the share of listed player-rounds (``listed``; 0 without a record) and each strategy's mean
fitness per round (``payoff_by_strategy``, NaN where absent).

References
----------
Nowak, M. A. & Sigmund, K. (1998). Evolution of indirect reciprocity by image scoring.
Nature 393, 573-577.  Sugden, R. (1986). The Economics of Rights, Co-operation and Welfare.
Leimar, O. & Hammerstein, P. (2001). Evolution of cooperation through indirect reciprocity.
Proc. R. Soc. B 268, 745-753.

Examples
--------
>>> out = simulate_rematching(["tit_for_tat", "defector"], [10, 10], turnover=0.1,
...                           generations=5, rounds=20, seed=1)
>>> out.counts.shape, int(out.counts[0, -1].sum())
((1, 6, 2), 20)
>>> out.names
('Tit For Tat', 'Defector')
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coop_sim import _validate
from coop_sim._seeding import SeedLike, purpose_key, seed_key
from coop_sim._version import __version__
from coop_sim.game import Game, resolve_game
from coop_sim.strategies.registry import resolve
from coop_sim.strategies.spec import StrategySpec

__all__ = [
    "PROCESSES",
    "RECORDS",
    "RecordReader",
    "RematchRuns",
    "mean_payoffs_rematching",
    "resolve_rematching_strategy",
    "simulate_rematching",
]

#: Revision processes.
PROCESSES = ("fermi", "moran", "none")
#: Kinds of public record.
RECORDS = ("image", "standing")
FITNESS_MAPS = ("linear", "exponential")
#: Below this many player-rounds in all, the serial kernel runs (no thread wake-up).
_SERIAL_WORK = 500_000


@dataclass(frozen=True)
class RecordReader:
    """A strategy that reads the public record: it plays ``base`` with partners in good
    standing and D with partners whose record is bad (a *discriminator*).

    Parameters
    ----------
    base : StrategySpec or str
        The finite-state strategy played with good partners (default: Cooperator, which
        gives Nowak & Sigmund's discriminator).

    Examples
    --------
    >>> RecordReader().label()
    'Discriminator'
    >>> RecordReader("tit_for_tat").label()
    'Discriminator(Tit For Tat)'
    """

    base: StrategySpec | str = "cooperator"

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", resolve(self.base))

    def label(self) -> str:
        """The name shown in results."""
        return _label(self.base, True)


def _label(spec: StrategySpec, reader: bool) -> str:
    if not reader:
        return spec.label()
    if spec.id == "cooperator":
        return "Discriminator"
    return f"Discriminator({spec.label()})"


def resolve_rematching_strategy(strategy: str | StrategySpec | RecordReader) -> tuple:
    """``(spec, reads_record)`` for a strategy of the re-matching model.

    Parameters
    ----------
    strategy : str, StrategySpec or RecordReader
        ``'discriminator'`` (a co-operator that reads the record: Nowak & Sigmund's
        discriminator), ``'discriminator:<name>'`` (the registered strategy ``<name>`` played
        with good partners, D with bad ones), a :class:`RecordReader`, or any registered
        name or spec (which does not read the record).

    Returns
    -------
    tuple of (StrategySpec, bool)

    Examples
    --------
    >>> spec, reads = resolve_rematching_strategy("discriminator")
    >>> spec.id, reads
    ('cooperator', True)
    >>> spec, reads = resolve_rematching_strategy("discriminator:tit_for_tat")
    >>> spec.id, reads
    ('tit_for_tat', True)
    >>> resolve_rematching_strategy("defector")[1]
    False
    """
    if isinstance(strategy, RecordReader):
        return strategy.base, True
    if isinstance(strategy, str):
        text = strategy.strip()
        head, sep, rest = text.partition(":")
        if re.sub(r"[^a-z]+", "", head.lower()) == "discriminator":
            if not sep:
                return resolve("cooperator"), True
            if not rest.strip():
                raise ValueError(
                    f"strategy {strategy!r}: give a registered strategy after the colon, e.g. "
                    "'discriminator:tit_for_tat'"
                )
            return resolve(rest.strip()), True
    if isinstance(strategy, (str, StrategySpec)):
        return resolve(strategy), False
    raise TypeError(
        "a strategy must be a registered name, 'discriminator[:<name>]', a strategy spec or a "
        f"RecordReader, got {strategy!r}"
    )


@dataclass(frozen=True)
class RematchRuns:
    """Runs of the re-matching population (see the module notes for the model).

    Attributes
    ----------
    names : tuple of str
        Strategy names (readers as ``'Discriminator'`` / ``'Discriminator(<base>)'``).
    counts : ndarray, shape (runs, generations + 1, n)
        Players of each strategy at the start (record 0) and after each generation.
    cooperation : ndarray, shape (runs, generations)
        Share of C among the actual moves in each generation.
    welfare : ndarray, shape (runs, generations)
        Mean game pay-off per player-round (without listing transfers).
    subsidy : ndarray, shape (runs, generations)
        Mean listing transfer per player-round (bonus plus extra encounters' pay-off).
    listed : ndarray, shape (runs, generations)
        Share of listed (good-record) player-rounds; 0 without a record.
    payoff_by_strategy : ndarray, shape (runs, generations, n)
        Mean fitness per round (listing included) of each strategy's players in each
        generation; NaN where the strategy is absent.
    settings : dict
        Every parameter, the seed (an int that reproduces the run, or None), the key and
        the library version.
    """

    names: tuple[str, ...]
    counts: np.ndarray
    cooperation: np.ndarray
    welfare: np.ndarray
    subsidy: np.ndarray
    listed: np.ndarray
    payoff_by_strategy: np.ndarray
    settings: dict = field(default_factory=dict, compare=False)

    @property
    def runs(self) -> int:
        """Number of runs."""
        return int(self.counts.shape[0])

    @property
    def generations(self) -> int:
        """Number of generations."""
        return int(self.counts.shape[1] - 1)

    @property
    def population(self) -> int:
        """Population size N."""
        return int(self.counts[0, 0].sum())

    @property
    def shares(self) -> np.ndarray:
        """``counts / N``, shape (runs, generations + 1, n)."""
        return self.counts / self.population

    @property
    def final_shares(self) -> np.ndarray:
        """Shares after the last generation, shape (runs, n)."""
        return self.shares[:, -1, :]


def _int(value: object, parameter: str, low: int) -> int:
    return _validate.positive_int(value, parameter, low)


def _initial(initial: object, n: int) -> np.ndarray:
    if isinstance(initial, (str, bytes)) or not isinstance(initial, (Sequence, np.ndarray)):
        raise TypeError(
            f"initial must be a list of counts (ints >= 0, one per strategy), got {initial!r}"
        )
    values = list(np.asarray(initial).ravel()) if isinstance(initial, np.ndarray) else initial
    if len(values) != n:
        raise ValueError(
            f"initial must have one count per strategy ({n}), got {len(values)}: {initial!r}"
        )
    counts = []
    for v in values:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Integral) or v < 0:
            raise ValueError(f"initial must hold counts (ints >= 0), got {initial!r}")
        counts.append(int(v))
    total = sum(counts)
    if total < 2 or total % 2:
        raise ValueError(
            f"initial counts must sum to an even population N >= 2 (players are paired), "
            f"got N = {total}"
        )
    return np.array(counts, dtype=np.int64)


def _key(value: object) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Integral)
        or not (0 <= value < 2**64)
    ):
        raise ValueError(f"key must be an int in [0, 2**64) or None, got {value!r}")
    return int(value)


def _teaching_index(value: object, entries: list, specs: list, readers: list, names) -> int:
    n = len(specs)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if not 0 <= value < n:
            raise ValueError(f"teaching_strategy must be an index in [0, {n - 1}], got {value!r}")
        return int(value)
    if isinstance(value, str):
        fold = re.sub(r"[^0-9a-z]+", "", value.lower())
        for s in range(n):
            if entries[s] == value or re.sub(r"[^0-9a-z]+", "", names[s].lower()) == fold:
                return s
    try:
        target = resolve_rematching_strategy(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        target = None
    if target is not None:
        for s in range(n):
            try:
                if specs[s] == target[0] and readers[s] == target[1]:
                    return s
            except (TypeError, ValueError):  # specs with array fields may not compare
                continue
    raise ValueError(
        f"teaching_strategy must be one of the strategies {list(names)} or an index in "
        f"[0, {n - 1}], got {value!r}"
    )


def _compile(specs: list, names: list, game: Game) -> tuple:
    """Stack the strategies' automata: ``p_c``, flat ``nxt`` with global state indices,
    global ``start`` per strategy."""
    p_c, nxt, start = [], [], []
    offset = 0
    for spec, name in zip(specs, names, strict=True):
        auto = spec.automaton(game)
        if auto is None:
            raise ValueError(
                f"strategy {name!r} has no finite-state form (it is a program that keeps "
                "counts or uses the match length); the re-matching model needs finite-state "
                "strategies (memory-one, lookup tables, finite-state machines, cyclers)"
            )
        p_c.append(np.asarray(auto.p_c, dtype=np.float64))
        nxt.append(np.asarray(auto.nxt, dtype=np.int64).reshape(-1) + offset)
        start.append(offset + int(auto.start))
        offset += auto.n_states
    return (
        np.ascontiguousarray(np.concatenate(p_c)),
        np.ascontiguousarray(np.concatenate(nxt)),
        np.array(start, dtype=np.int64),
    )


def simulate_rematching(
    strategies: Sequence[str | StrategySpec | RecordReader],
    initial: Sequence[int] | np.ndarray,
    *,
    game: Game | tuple | None = None,
    noise: float = 0.0,
    turnover: float = 0.0,
    continuation: float | None = None,
    turns: int | None = None,
    record: str | None = None,
    listing_bonus: float = 0.0,
    listing_encounters: float = 1.0,
    process: str = "fermi",
    intensity: float = 1.0,
    fitness: str = "linear",
    baseline: float | None = None,
    mutation: float = 0.0,
    teaching_share: float = 0.0,
    teaching_strategy: int | str | StrategySpec | RecordReader | None = None,
    generations: int = 100,
    rounds: int = 50,
    runs: int = 1,
    seed: SeedLike = None,
    key: int | None = None,
    threads: int | None = None,
) -> RematchRuns:
    """Simulate the re-matching population (see the module notes for the model).

    Parameters
    ----------
    strategies : list
        Registered names, specs, ``'discriminator'``, ``'discriminator:<name>'`` or
        :class:`RecordReader` (at least one; every strategy needs a finite-state form).
    initial : list of int
        Players of each strategy; they sum to the population N (even, >= 2).
    game : Game or (R, S, T, P), optional
        Pay-offs (default Axelrod's 3, 0, 5, 1).
    noise : float
        Probability in [0, 0.5] that a move is flipped.
    turnover : float
        Probability in [0, 1] that a relationship ends after a round (besides the end of
        the game by ``continuation``).
    continuation : float, optional
        Continuation probability w in [0, 1) of a relationship (None: 1).
    turns : int, optional
        Most rounds a pair plays together (>= 1); None: no cap.  With ``turnover = 0``,
        ``continuation=None`` and ``turns=None`` relationships never end.
    record : {None, 'image', 'standing'}
        The public record (needed by record readers and by a listing scheme).
    listing_bonus : float
        Paid to a listed player per round (>= 0).
    listing_encounters : float
        A listed player's round pay-off counts this many times (>= 1).
    process : {'fermi', 'moran', 'none'}
        Revision after each generation.
    intensity : float
        Selection intensity (>= 0): beta of the Fermi rule, w of the Moran fitness map.
    fitness : {'linear', 'exponential'}
        Moran fitness map.
    baseline : float, optional
        Baseline of the linear map (default ``1 - intensity``).
    mutation : float
        Per-player probability in [0, 1] of switching to another strategy each generation
        (needs at least 2 strategies when > 0).
    teaching_share : float
        Per-player probability in [0, 1] of being taught ``teaching_strategy`` each
        generation.
    teaching_strategy : int, str, spec or RecordReader, optional
        The taught strategy: an index into ``strategies``, one of them, or its name
        (required when ``teaching_share > 0``).
    generations : int
        Generations (>= 1).
    rounds : int
        Rounds per generation (>= 1).
    runs : int
        Independent runs (>= 1).
    seed : int, SeedSequence, Generator or None
        Randomness (ignored when ``key`` is given).
    key : int, optional
        The 64-bit key of the streams, used as is (for callers that derive per-replicate
        keys); default ``purpose_key(seed_key(seed), 'design.rematching')``.
    threads : int, optional
        Threads of the parallel kernel (default: numba's setting); results do not depend
        on it.

    Returns
    -------
    RematchRuns

    Raises
    ------
    ValueError, TypeError
        For a bad parameter (the message names it and its allowed range), a strategy
        without a finite-state form, or record readers / a listing scheme without a
        ``record``.

    Examples
    --------
    Discriminators against defectors under a standing record, no revision:

    >>> out = simulate_rematching(["discriminator", "defector"], [10, 10], record="standing",
    ...                           turnover=0.2, process="none", generations=4, rounds=25,
    ...                           seed=3)
    >>> pay = np.nanmean(out.payoff_by_strategy[0, 1:], axis=0)
    >>> bool(pay[0] > pay[1])  # discriminators co-operate among themselves, not with ALLD
    True

    A tit-for-tat facing a defector in a fixed pair keeps its standing after its justified
    defection, and with it its listing (a bonus of 1 a round):

    >>> pair = simulate_rematching(["tit_for_tat", "defector"], [1, 1], record="standing",
    ...                            listing_bonus=1.0, process="none", generations=1,
    ...                            rounds=3, seed=0)
    >>> pair.payoff_by_strategy[0, 0].round(4).tolist()  # TFT: (S + 1 + 2 (P + 1)) / 3
    [1.6667, 2.6667]
    >>> pair.listed.tolist()  # TFT listed in all 3 rounds, the defector in the first only
    [[0.6666666666666666]]
    """
    if isinstance(strategies, (str, StrategySpec, RecordReader)) or not isinstance(
        strategies, Sequence
    ):
        raise TypeError(f"strategies must be a list of strategies, got {strategies!r}")
    entries = list(strategies)
    if not entries:
        raise ValueError("strategies must hold at least one strategy, got an empty list")
    resolved = [resolve_rematching_strategy(s) for s in entries]
    specs = [spec for spec, _ in resolved]
    readers = [reads for _, reads in resolved]
    names = [_label(spec, reads) for spec, reads in resolved]
    n = len(specs)
    k0 = _initial(initial, n)
    size = int(k0.sum())
    g = resolve_game(game)
    noise = _validate.probability(noise, "noise")
    if noise > 0.5:
        raise ValueError(f"noise must be a probability in [0, 0.5], got {noise!r}")
    turnover = _validate.probability(turnover, "turnover")
    w = _validate.continuation(continuation)
    cap = _validate.turns(turns)
    if record is not None and record not in RECORDS:
        raise ValueError(f"record must be None, 'image' or 'standing', got {record!r}")
    listing_bonus = _validate.positive_real(listing_bonus, "listing_bonus", zero=True)
    listing_encounters = _validate.real(listing_encounters, "listing_encounters")
    if not (math.isfinite(listing_encounters) and listing_encounters >= 1.0):
        raise ValueError(
            f"listing_encounters must be a finite real >= 1, got {listing_encounters!r}"
        )
    if record is None:
        if any(readers):
            who = ", ".join(repr(names[s]) for s in range(n) if readers[s])
            raise ValueError(
                f"strategy {who} reads the public record, but record=None; add a reputation "
                "intervention: record='image' or record='standing'"
            )
        if listing_bonus > 0 or listing_encounters > 1:
            raise ValueError(
                f"a listing scheme (listing_bonus={listing_bonus:g}, listing_encounters="
                f"{listing_encounters:g}) lists players by their public record, but "
                "record=None; add a reputation intervention: record='image' or "
                "record='standing'"
            )
    if process not in PROCESSES:
        raise ValueError(f"process must be one of {', '.join(PROCESSES)}, got {process!r}")
    intensity = _validate.positive_real(intensity, "intensity", zero=True)
    if fitness not in FITNESS_MAPS:
        raise ValueError(f"fitness must be 'linear' or 'exponential', got {fitness!r}")
    if baseline is None:
        base = 1.0 - intensity
    else:
        base = _validate.real(baseline, "baseline")
        if not math.isfinite(base):
            raise ValueError(f"baseline must be a finite real, got {baseline!r}")
    mutation = _validate.probability(mutation, "mutation")
    if mutation > 0 and n < 2:
        raise ValueError(
            f"mutation must be 0 with a single strategy (there is no other to mutate to), "
            f"got {mutation!r}"
        )
    teaching_share = _validate.probability(teaching_share, "teaching_share")
    teach = -1
    if teaching_share > 0:
        if teaching_strategy is None:
            raise ValueError(
                f"teaching_strategy is required when teaching_share > 0 (got teaching_share="
                f"{teaching_share!r}): give one of the strategies {names} or its index"
            )
        teach = _teaching_index(teaching_strategy, entries, specs, readers, names)
    generations = _int(generations, "generations", 1)
    rounds = _int(rounds, "rounds", 1)
    runs = _int(runs, "runs", 1)
    threads = _validate.threads(threads)
    if key is None:
        master, recorded = seed_key(seed)
        key = purpose_key(master, "design.rematching")
    else:
        key = _key(key)
        recorded = None
    p_c, nxt, start = _compile(specs, names, g)
    end_prob = 1.0 - (1.0 - turnover) * (1.0 if w is None else w)

    from coop_sim.engine.rematch_kernel import (
        FERMI,
        IMAGE,
        MORAN,
        NO_RECORD,
        NO_UPDATE,
        OK,
        STANDING,
        simulate_parallel,
        simulate_serial,
    )
    from coop_sim.tournament import _Threads

    counts = np.zeros((runs, generations + 1, n), dtype=np.int64)
    coop = np.zeros((runs, generations), dtype=np.float64)
    welfare = np.zeros((runs, generations), dtype=np.float64)
    subsidy = np.zeros((runs, generations), dtype=np.float64)
    listed = np.zeros((runs, generations), dtype=np.float64)
    payoff = np.zeros((runs, generations, n), dtype=np.float64)
    status = np.zeros(runs, dtype=np.int64)
    work = runs * generations * rounds * size
    serial = threads == 1 or runs == 1 or work < _SERIAL_WORK
    kernel = simulate_serial if serial else simulate_parallel
    record_code = {None: NO_RECORD, "image": IMAGE, "standing": STANDING}[record]
    process_code = {"none": NO_UPDATE, "fermi": FERMI, "moran": MORAN}[process]
    with _Threads(threads):
        kernel(
            np.uint64(key), p_c, nxt, start, np.array(readers, dtype=np.bool_),
            np.repeat(np.arange(n, dtype=np.int64), k0), np.array(g.as_tuple(), dtype=np.float64),
            float(noise), float(end_prob), np.int64(cap or 0), np.int64(record_code),
            float(listing_bonus), float(listing_encounters), np.int64(process_code),
            float(intensity), float(base), fitness == "exponential", float(mutation),
            float(teaching_share), np.int64(teach), np.int64(rounds), counts, coop, welfare,
            subsidy, listed, payoff, status,
        )  # fmt: skip
    if np.any(status != OK):
        bad = int(np.flatnonzero(status != OK)[0])
        raise RuntimeError(
            f"run {bad} met a non-finite fitness (status {int(status[bad])}); lower intensity "
            "or rescale the pay-offs"
        )
    settings = {
        "model": "rematching",
        "strategies": names,
        "readers": readers,
        "initial": k0.tolist(),
        "population": size,
        "game": list(g.as_tuple()),
        "noise": noise,
        "turnover": turnover,
        "continuation": w,
        "turns": cap,
        "record": record,
        "listing_bonus": listing_bonus,
        "listing_encounters": listing_encounters,
        "process": process,
        "intensity": intensity,
        "fitness": fitness,
        "baseline": base,
        "mutation": mutation,
        "teaching_share": teaching_share,
        "teaching_strategy": names[teach] if teach >= 0 else None,
        "generations": generations,
        "rounds": rounds,
        "runs": runs,
        "seed": recorded,
        "key": key,
        "version": __version__,
    }
    return RematchRuns(
        names=tuple(names),
        counts=counts,
        cooperation=coop,
        welfare=welfare,
        subsidy=subsidy,
        listed=listed,
        payoff_by_strategy=payoff,
        settings=settings,
    )


def mean_payoffs_rematching(
    strategies: Sequence[str | StrategySpec | RecordReader],
    initial: Sequence[int] | np.ndarray,
    *,
    game: Game | tuple | None = None,
    noise: float = 0.0,
    turnover: float = 0.0,
    continuation: float | None = None,
    turns: int | None = None,
    record: str | None = None,
    listing_bonus: float = 0.0,
    listing_encounters: float = 1.0,
    generations: int = 100,
    rounds: int = 50,
    runs: int = 1,
    burn_in: int = 1,
    seed: SeedLike = None,
    key: int | None = None,
    threads: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Long-run mean pay-off per round of each strategy in a fixed population (no revision).

    The population of :func:`simulate_rematching` plays ``generations`` generations with
    ``process='none'`` (no mutation or teaching); the first ``burn_in`` generations (all
    relationships start together at round 0) are left out.

    Parameters
    ----------
    strategies, initial, game, noise, turnover, continuation, turns, record, listing_bonus, \
listing_encounters, generations, rounds, runs, seed, key, threads
        As in :func:`simulate_rematching`.
    burn_in : int
        Generations left out, in ``[0, generations - 2]`` (at least two are kept).

    Returns
    -------
    mean : ndarray, shape (n,)
        Mean fitness per round (listing included) of each strategy's players (NaN if absent).
    sem : ndarray, shape (n,)
        Its standard error by batch means: the spread of the per-(run, generation) means
        over their number.  Consecutive generations of a run share the relationships that
        span their boundary, so generations should be long compared with a relationship.

    Examples
    --------
    >>> for turnover in (0.1, 0.6):
    ...     mean, sem = mean_payoffs_rematching(["tit_for_tat", "defector"], [10, 10],
    ...                                         turnover=turnover, generations=6, seed=1)
    ...     print(turnover, "TFT earns more" if mean[0] > mean[1] else "ALLD earns more")
    0.1 TFT earns more
    0.6 ALLD earns more
    """
    generations = _int(generations, "generations", 2)
    burn_in = _validate.int_in(burn_in, "burn_in", 0, generations - 2, note=" (generations - 2)")
    out = simulate_rematching(
        strategies, initial, game=game, noise=noise, turnover=turnover,
        continuation=continuation, turns=turns, record=record, listing_bonus=listing_bonus,
        listing_encounters=listing_encounters, process="none", generations=generations,
        rounds=rounds, runs=runs, seed=seed, key=key, threads=threads,
    )  # fmt: skip
    x = out.payoff_by_strategy[:, burn_in:, :].reshape(-1, len(out.names))
    mean = x.mean(axis=0)
    sem = x.std(axis=0, ddof=1) / math.sqrt(x.shape[0])
    return mean, sem
