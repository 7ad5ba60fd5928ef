"""Invasion analysis: can a rare mutant invade a resident population?

A resident strategy R is challenged by a mutant M in a large, well-mixed population where
M is rare, so almost every game is played against R.  With ``E(X, Y)`` the mean pay-off per
round of X against Y, Maynard Smith's conditions (Maynard Smith & Price 1973) decide:

* the mutant **invades** when ``E(M, R) > E(R, R)``, or ``E(M, R) == E(R, R)`` and
  ``E(M, M) > E(R, M)``;
* it is **neutral** when ``E(M, R) == E(R, R)`` and ``E(M, M) == E(R, M)`` (it can spread
  only by drift);
* otherwise it is **resisted** (the resident is evolutionarily stable against it).

"Equal" means equal within :data:`TIE_RTOL` (1e-12) times the game's largest absolute
pay-off, so that rounding in the exact solver cannot invent an invasion; exact pay-offs of
deterministic strategies are typically exact to the last bit.

:func:`invasion_table` applies the rule to a list of mutants under fixed match settings;
:func:`critical_continuation` finds the smallest continuation probability w (the shadow of
the future) from which a resident resists them all -- e.g. Axelrod's threshold
``max((T - R) / (T - P), (T - R) / (R - S))`` for Tit For Tat against Always Defect and
Alternator.

References
----------
Maynard Smith, J. & Price, G. R. (1973). The logic of animal conflict. Nature 246, 15-18.
Axelrod, R. (1984). The Evolution of Cooperation. Basic Books (chapter 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from coop_sim import _validate
from coop_sim._version import __version__
from coop_sim.game import Game, resolve_game
from coop_sim.strategies.registry import resolve
from coop_sim.strategies.spec import StrategySpec

__all__ = [
    "TIE_RTOL",
    "VERDICTS",
    "InvasionTable",
    "critical_continuation",
    "invasion_table",
]

#: Pay-offs closer than this times the game's largest absolute pay-off count as equal.
TIE_RTOL = 1e-12
#: The possible verdicts on a mutant.
VERDICTS = ("invades", "neutral", "resisted")
#: Default match length when neither ``turns`` nor ``continuation`` is given (as play_match).
DEFAULT_TURNS = 200
#: Closest approach to w = 1 that :func:`critical_continuation` examines.
_NEAR_ONE = 1.0 - 1e-9


def _tie_tolerance(game: Game) -> float:
    scale = max(abs(v) for v in game.as_tuple())
    return TIE_RTOL * (scale if scale > 0 else 1.0)


def _verdict(rr: float, mr: float, rm: float, mm: float, tie: float) -> str:
    """Maynard Smith's rule for one mutant (see the module notes)."""
    if mr > rr + tie:
        return "invades"
    if mr < rr - tie:
        return "resisted"
    if mm > rm + tie:
        return "invades"
    if mm < rm - tie:
        return "resisted"
    return "neutral"


@dataclass(frozen=True)
class InvasionTable:
    """Pay-offs and verdicts of mutants against one resident.

    Attributes
    ----------
    resident : str
        The resident's name.
    mutants : tuple of str
        The mutants' names, one row each.
    resident_vs_resident : numpy.ndarray
        E(R, R) per row (the same number, unless rows were computed by different methods).
    mutant_vs_resident : numpy.ndarray
        E(M, R): a rare mutant's pay-off.
    resident_vs_mutant : numpy.ndarray
        E(R, M).
    mutant_vs_mutant : numpy.ndarray
        E(M, M).
    verdicts : tuple of str
        'invades', 'neutral' or 'resisted' per mutant (see :data:`VERDICTS`).
    methods : tuple of str
        'exact' (expected pay-offs of the finite-state forms) or 'simulate' (sampled
        matches) per row; all four pay-offs of a row come from the same method.
    settings : dict
        Game, turns, continuation, noise, method asked for, repetitions, seed and version.

    All pay-offs are means per round.
    """

    resident: str
    mutants: tuple[str, ...]
    resident_vs_resident: np.ndarray
    mutant_vs_resident: np.ndarray
    resident_vs_mutant: np.ndarray
    mutant_vs_mutant: np.ndarray
    verdicts: tuple[str, ...]
    methods: tuple[str, ...]
    settings: dict = field(repr=False, compare=False)

    @property
    def resists(self) -> bool:
        """Whether no mutant can invade (neutral mutants do not count as invaders)."""
        return "invades" not in self.verdicts

    @property
    def invaders(self) -> list[str]:
        """Names of the mutants that can invade, in table order."""
        return [m for m, v in zip(self.mutants, self.verdicts, strict=True) if v == "invades"]

    def to_frame(self):
        """The table as a pandas DataFrame indexed by mutant (needs pandas).

        Columns: ``resident_vs_resident``, ``mutant_vs_resident``, ``resident_vs_mutant``,
        ``mutant_vs_mutant``, ``verdict``, ``method``.
        """
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("InvasionTable.to_frame needs pandas: pip install pandas") from None
        frame = pd.DataFrame(
            {
                "resident_vs_resident": self.resident_vs_resident,
                "mutant_vs_resident": self.mutant_vs_resident,
                "resident_vs_mutant": self.resident_vs_mutant,
                "mutant_vs_mutant": self.mutant_vs_mutant,
                "verdict": list(self.verdicts),
                "method": list(self.methods),
            },
            index=pd.Index(list(self.mutants), name="mutant"),
        )
        frame.attrs["resident"] = self.resident
        return frame

    def summary(self, digits: int = 4) -> str:
        """A readable text table, one line per mutant.

        Parameters
        ----------
        digits : int
            Decimals shown for pay-offs.
        """
        s = self.settings
        length = (
            f"continuation {s['continuation']:g}"
            if s.get("continuation") is not None
            else f"{s.get('turns')} turns"
        )
        if s.get("continuation") is not None and s.get("turns") is not None:
            length += f", at most {s['turns']} turns"
        head = (
            f"Invasion of {self.resident}: game {s.get('game')}, {length}, "
            f"noise {s.get('noise', 0.0):g}"
        )
        width = max([len("mutant"), *(len(m) for m in self.mutants)])
        cols = ("E(R,R)", "E(M,R)", "E(R,M)", "E(M,M)")
        num = max(digits + 4, 7)
        header = "  ".join(f"{c:>{num}}" for c in cols)
        lines = [head, f"{'mutant':<{width}}  {header}  verdict   method"]
        values = np.stack(
            (
                self.resident_vs_resident,
                self.mutant_vs_resident,
                self.resident_vs_mutant,
                self.mutant_vs_mutant,
            ),
            axis=1,
        )
        rows = zip(self.mutants, values, self.verdicts, self.methods, strict=True)
        for name, row, verdict, method in rows:
            cells = "  ".join(f"{v:>{num}.{digits}f}" for v in row)
            lines.append(f"{name:<{width}}  {cells}  {verdict:<8}  {method}")
        lines.append(
            f"{self.resident} resists every mutant"
            if self.resists
            else f"invaders: {', '.join(self.invaders)}"
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _mutant_specs(mutants: object) -> list[StrategySpec]:
    if isinstance(mutants, (str, StrategySpec)) or not isinstance(mutants, Sequence):
        raise TypeError(f"mutants must be a list of names or specs, got {mutants!r}")
    if len(mutants) == 0:
        raise ValueError("mutants must hold at least one strategy, got an empty list")
    return [resolve(m) for m in mutants]


def _exact_row(
    resident: StrategySpec, mutant: StrategySpec, rr: float, game: Game, kwargs: dict
) -> tuple[float, float, float, float]:
    from coop_sim.match import expected_payoffs

    mr, rm = expected_payoffs(mutant, resident, game=game, **kwargs)
    mm = expected_payoffs(mutant, mutant, game=game, **kwargs)[0]
    return rr, mr, rm, mm


def invasion_table(
    resident: str | StrategySpec,
    mutants: Sequence[str | StrategySpec],
    *,
    game: Game | tuple | None = None,
    turns: int | None = None,
    continuation: float | None = None,
    noise: float = 0.0,
    method: str = "auto",
    repetitions: int = 10,
    seed=None,
) -> InvasionTable:
    """Whether each mutant can invade a population of ``resident``.

    Parameters
    ----------
    resident : str or StrategySpec
        The resident strategy (a registered name or a spec).
    mutants : list of str or StrategySpec
        The challengers (at least one).
    game : Game or (R, S, T, P), optional
        Pay-offs; Axelrod's (3, 0, 5, 1) by default.
    turns : int, optional
        Fixed match length.  With neither ``turns`` nor ``continuation``, 200 turns (as
        :func:`coop_sim.play_match`).
    continuation : float, optional
        Continuation probability w in [0, 1); with ``turns`` too, matches last the smaller
        of the two lengths.
    noise : float
        Probability that each intended move is flipped.
    method : {'auto', 'exact', 'simulate'}
        'exact' uses :func:`coop_sim.expected_payoffs` (every strategy needs a finite-state
        form); 'simulate' plays ``repetitions`` matches per pair through
        :func:`~coop_sim.evolution.population_game`; 'auto' is exact for every mutant for
        which it can be (resident and mutant have finite-state forms and their joint chain
        is small enough for the solver), simulated for the others.
    repetitions : int
        Matches per pair when simulating.
    seed : int, SeedSequence, Generator or None
        Seed of the simulated matches.

    Returns
    -------
    InvasionTable
        Per mutant: E(R, R), E(M, R), E(R, M), E(M, M) (mean pay-offs per round), the
        verdict and the method.

    Notes
    -----
    Verdicts follow Maynard Smith's conditions (see the module notes): a mutant invades
    when ``E(M, R) > E(R, R)``, or when they tie and ``E(M, M) > E(R, M)``; it is neutral
    when both pairs tie, within :data:`TIE_RTOL` times the largest absolute pay-off.
    Simulated pay-offs are estimates, so their verdicts are only as good as the sample
    (ties of stochastic strategies will essentially never be detected).

    Examples
    --------
    >>> from coop_sim.evolution.invasion import invasion_table
    >>> t = invasion_table("tit_for_tat", ["defector", "alternator", "cooperator"],
    ...                    continuation=0.9)
    >>> t.verdicts, t.resists
    (('resisted', 'resisted', 'neutral'), True)
    >>> invasion_table("tit_for_tat", ["alternator"], continuation=0.5).invaders
    ['Alternator']
    >>> print(invasion_table("cooperator", ["defector"], turns=10).summary(digits=2))
    Invasion of Cooperator: game (3.0, 0.0, 5.0, 1.0), 10 turns, noise 0
    mutant     E(R,R)   E(M,R)   E(R,M)   E(M,M)  verdict   method
    Defector     3.00     5.00     0.00     1.00  invades   exact
    invaders: Defector
    """
    from coop_sim.evolution.population import population_game

    if method not in ("auto", "exact", "simulate"):
        raise ValueError(f"method must be 'auto', 'exact' or 'simulate', got {method!r}")
    res = resolve(resident)
    specs = _mutant_specs(mutants)
    g = resolve_game(game)
    t = _validate.turns(turns)
    w = _validate.continuation(continuation)
    if t is None and w is None:
        t = DEFAULT_TURNS
    e = _validate.probability(noise, "noise")
    repetitions = _validate.positive_int(repetitions, "repetitions")
    kwargs = {"turns": t, "continuation": w, "noise": e}
    tie = _tie_tolerance(g)

    rows: list[tuple[float, float, float, float] | None] = [None] * len(specs)
    methods = ["simulate"] * len(specs)
    if method != "simulate" and (method == "exact" or res.automaton(g) is not None):
        rr_exact = _exact_rr(res, g, kwargs, strict=method == "exact")
        for i, m in enumerate(specs):
            if rr_exact is None or (method == "auto" and m.automaton(g) is None):
                continue
            try:
                rows[i] = _exact_row(res, m, rr_exact, g, kwargs)
            except RuntimeError:  # joint chain too large for the dense solver
                if method == "exact":
                    raise
                continue
            methods[i] = "exact"

    recorded_seed = None
    todo = [i for i, row in enumerate(rows) if row is None]
    if todo:
        pop = population_game(
            [res, *(specs[i] for i in todo)], game=g, turns=t, continuation=w, noise=e,
            method="simulate", repetitions=repetitions, seed=seed,
        )  # fmt: skip
        a = pop.matrix
        recorded_seed = pop.settings.get("seed")
        for k, i in enumerate(todo, start=1):
            rows[i] = (float(a[0, 0]), float(a[k, 0]), float(a[0, k]), float(a[k, k]))

    values = np.array(rows, dtype=np.float64).reshape(len(specs), 4)
    values.setflags(write=False)
    verdicts = tuple(_verdict(*row, tie) for row in values.tolist())
    settings = {
        "game": g.as_tuple(),
        "turns": t,
        "continuation": w,
        "noise": e,
        "method": method,
        "repetitions": repetitions,
        "seed": recorded_seed,
        "tie_rtol": TIE_RTOL,
        "version": __version__,
    }
    return InvasionTable(
        res.label(), tuple(m.label() for m in specs),
        values[:, 0], values[:, 1], values[:, 2], values[:, 3],
        verdicts, tuple(methods), settings,
    )  # fmt: skip


def _exact_rr(res: StrategySpec, g: Game, kwargs: dict, *, strict: bool) -> float | None:
    """E(R, R) exactly, or None (auto mode) if the solver cannot handle it."""
    from coop_sim.match import expected_payoffs

    try:
        return expected_payoffs(res, res, game=g, **kwargs)[0]
    except RuntimeError:
        if strict:
            raise
        return None


# --------------------------------------------------------------------------- critical w


def _grid() -> np.ndarray:
    """Continuation probabilities scanned for sign changes (dense, then towards 1)."""
    near_one = 1.0 - 10.0 ** -np.arange(3, 10)
    return np.unique(np.concatenate((np.linspace(0.0, 0.995, 200), near_one)))


class _Pairs:
    """Exact pay-offs of the resident and the mutants as functions of w."""

    def __init__(self, res, specs, game, noise, turns) -> None:
        from coop_sim.match import expected_payoffs, finite_form

        for s in (res, *specs):
            finite_form(s, game)  # a clear ValueError for strategies without one
        self._payoffs = expected_payoffs
        self.res, self.specs, self.game = res, specs, game
        self.kwargs = {"noise": noise, "turns": turns}

    def _e(self, a, b, w: float) -> tuple[float, float]:
        return self._payoffs(a, b, game=self.game, continuation=float(w), **self.kwargs)

    def f(self, k: int, w: float) -> float:
        """E_w(R, R) - E_w(M, R) for mutant k."""
        return self._e(self.res, self.res, w)[0] - self._e(self.specs[k], self.res, w)[0]

    def g(self, k: int, w: float) -> float:
        """E_w(R, M) - E_w(M, M) for mutant k."""
        return self._e(self.specs[k], self.res, w)[1] - self._e(self.specs[k], self.specs[k], w)[0]

    def invades(self, k: int, w: float, tie: float) -> bool:
        rr = self._e(self.res, self.res, w)[0]
        mr, rm = self._e(self.specs[k], self.res, w)
        mm = self._e(self.specs[k], self.specs[k], w)[0]
        return _verdict(rr, mr, rm, mm, tie) == "invades"


def _root(fun, lo: float, hi: float, tol: float, tie: float) -> float:
    """The crossing of ``fun`` from negative at ``lo`` to >= 0 at ``hi``."""
    from scipy.optimize import brentq

    f_hi = fun(hi)
    if f_hi <= tie:  # only reaches zero (within the tie band) at hi
        return hi
    return float(brentq(fun, lo, hi, xtol=tol))


def critical_continuation(
    resident: str | StrategySpec,
    mutants: Sequence[str | StrategySpec],
    *,
    game: Game | tuple | None = None,
    noise: float = 0.0,
    turns: int | None = None,
    tol: float = 1e-12,
) -> float | None:
    """The smallest continuation probability from which ``resident`` resists every mutant.

    Parameters
    ----------
    resident : str or StrategySpec
        The resident strategy; it and every mutant need a finite-state form (the pay-offs
        are exact, from :func:`coop_sim.expected_payoffs`).
    mutants : list of str or StrategySpec
        The challengers (at least one).
    game : Game or (R, S, T, P), optional
        Pay-offs; Axelrod's (3, 0, 5, 1) by default.
    noise : float
        Probability that each intended move is flipped.
    turns : int, optional
        Cap on the match length (matches last min(turns, Geometric)); None for purely
        geometric lengths.
    tol : float
        Absolute precision of the returned w (``xtol`` of the root finder), > 0.

    Returns
    -------
    float or None
        w* in [0, 1): the infimum of the last interval of w on which no mutant can invade
        (by the rule of :func:`invasion_table`), an interval that reaches up to w -> 1.
        0.0 if the resident resists for every w examined; None if some mutant can still
        invade as w -> 1 (at w = 1 - 1e-9), i.e. no shadow of the future is long enough.

    Raises
    ------
    ValueError
        If a strategy has no finite-state form (it is named), or for invalid arguments.

    Notes
    -----
    The resisting set need not be an interval, so the function scans a grid (200 points in
    [0, 0.995] and 1 - 10**-k for k = 3..9), finds the last point at which some mutant
    invades, and refines the crossing in the following grid cell with Brent's method on
    ``f_M(w) = E_w(R, R) - E_w(M, R)`` (or, for a mutant that ties there, on
    ``E_w(R, M) - E_w(M, M)``); w* is the largest of those crossings.  A resisting interval
    shorter than a grid cell can be missed.

    w* is an infimum: at w = w* itself the best mutant earns exactly the resident's pay-off,
    and whether the resident resists there depends on the second condition (Tit For Tat
    against Alternator at w* = 2/3 does, since E(TFT, Alt) > E(Alt, Alt)).

    Examples
    --------
    >>> from coop_sim.evolution.invasion import critical_continuation
    >>> round(critical_continuation("tit_for_tat", ["defector", "alternator"]), 9)
    0.666666667
    >>> round(critical_continuation("grudger", ["defector"], game=(3, 0, 5, 1)), 9)
    0.5
    >>> critical_continuation("defector", ["tit_for_tat"])
    0.0
    >>> critical_continuation("cooperator", ["defector"]) is None
    True
    """
    res = resolve(resident)
    specs = _mutant_specs(mutants)
    g = resolve_game(game)
    e = _validate.probability(noise, "noise")
    t = _validate.turns(turns)
    tol = _validate.real(tol, "tol")
    if not (0.0 < tol < 1.0):
        raise ValueError(f"tol must be in (0, 1), got {tol!r}")
    tie = _tie_tolerance(g)
    pairs = _Pairs(res, specs, g, e, t)
    grid = _grid()
    invading = np.array(
        [[pairs.invades(k, w, tie) for k in range(len(specs))] for w in grid], dtype=bool
    )
    if invading[-1].any():
        return None
    failing = np.flatnonzero(invading.any(axis=1))
    if failing.size == 0:
        return 0.0
    i = int(failing[-1])
    lo, hi = float(grid[i]), float(grid[i + 1])
    crossings = []
    for k in np.flatnonzero(invading[i]):
        k = int(k)
        if pairs.f(k, lo) < -tie:  # out-earns the resident at lo
            crossings.append(_root(lambda w, k=k: pairs.f(k, w), lo, hi, tol, tie))
        elif abs(pairs.f(k, hi)) > tie:  # ties at lo only: a single crossing point
            crossings.append(lo)
        else:  # ties throughout: the second condition decides
            crossings.append(_root(lambda w, k=k: pairs.g(k, w), lo, hi, tol, tie))
    return float(max(crossings))
