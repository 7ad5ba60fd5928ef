"""Don't be too clever: clear rules get co-operation back after mistakes; opaque ones don't.

Two measurements, on finite-state strategies only:

* **Noisy round robin.**  Exact expected pay-offs and outcome frequencies of 200-round
  matches in which every move is flipped with probability ``noise``
  (:func:`coop_sim.run_tournament` with ``method='exact'``): each rule's score and the share
  of its rounds spent in mutual co-operation.
* **One mistake.**  For every ordered pair (A, B) the two rules play ``warmup`` clean rounds,
  then A's intended move in the next round is flipped once, and we count the rounds after
  the mistake until mutual co-operation resumes and holds for ``hold`` rounds in a row (at
  most ``horizon`` rounds; otherwise co-operation is "not recovered").  Only plays in which
  co-operation was *established* before the mistake (the ``hold`` rounds before it were all
  mutual co-operation) count: where the two rules were not co-operating anyway, there is
  nothing to recover, and the demo reports those pairs apart.  The play steps the
  strategies' own finite-state tables (:meth:`~coop_sim.strategies.StrategySpec.automaton`,
  the tables the compiled kernels run), with the same conventions for intended and actual
  moves; pairs with a stochastic rule are played ``runs`` times from a numpy Generator
  seeded by ``seed``, and the figures are means over runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from coop_sim._seeding import SeedLike
from coop_sim._version import __version__
from coop_sim.demos._result import DemoResult, generator, new_figure, percent

__all__ = ["CLEAR", "OPAQUE", "TITLE", "clever", "play_with_mistake", "recovery"]

TITLE = "Don't be too clever: clear rules recover co-operation after a mistake"
#: Clear, easily read rules.
CLEAR = ("tit_for_tat", "gtft", "win_stay_lose_shift")
#: Complex or opaque rules, whose next move a partner cannot read from the last few: a
#: random one, a sneaky one (Joss's, which defects at random 10% of the time) and rules
#: found by machine search (a 16-state machine, a lookup table on the last moves).  (Grudger,
#: though unforgiving, is one of the clearest rules there is, so it is not among them.)
OPAQUE = ("random", "first_by_joss", "evolved_fsm_16", "evolved_looker_up_2_2_2")


def _automaton(strategy, game):
    from coop_sim.strategies import resolve

    spec = resolve(strategy)
    automaton = spec.automaton(game)
    if automaton is None:
        raise ValueError(
            f"strategy {spec.label()!r} has no finite-state form; this demo steps finite-state "
            "strategies only"
        )
    return automaton


def play_with_mistake(
    a,
    b,
    *,
    turns: int,
    mistake: int | None,
    runs: int = 1,
    game=None,
    seed: SeedLike = None,
) -> np.ndarray:
    """Play two finite-state strategies, flipping A's intended move once in round ``mistake``.

    Parameters
    ----------
    a, b : str or StrategySpec
        Strategies with a finite-state form.
    turns : int
        Rounds to play.
    mistake : int or None
        Round (0-based) in which A's move is the opposite of what it intended; None for none.
    runs : int
        Independent plays (the intentions of stochastic rules are drawn per run).
    game : Game or (R, S, T, P), optional
        Pay-offs (strategies such as GTFT depend on them).
    seed : int, SeedSequence, Generator or None
        Seed of the draws.

    Returns
    -------
    numpy.ndarray
        int8 ``(runs, turns, 2)``: actual moves (0 = C, 1 = D) of A and B.

    Examples
    --------
    >>> m = play_with_mistake("tit_for_tat", "tit_for_tat", turns=6, mistake=2)
    >>> ["".join("CD"[x] for x in m[0, :, k]) for k in (0, 1)]
    ['CCDCDC', 'CCCDCD']
    """
    from coop_sim import _validate
    from coop_sim.game import resolve_game

    g = resolve_game(game)
    turns = _validate.positive_int(turns, "turns")
    runs = _validate.positive_int(runs, "runs")
    if mistake is not None:
        mistake = _validate.int_in(mistake, "mistake", 0, turns - 1, note=" (a round index)")
    auto_a, auto_b = _automaton(a, g), _automaton(b, g)
    rng, _ = generator(seed)
    s_a = np.full(runs, auto_a.start, dtype=np.int64)
    s_b = np.full(runs, auto_b.start, dtype=np.int64)
    moves = np.empty((runs, turns, 2), dtype=np.int8)
    for t in range(turns):
        i_a = _intend(auto_a.p_c[s_a], rng)
        i_b = _intend(auto_b.p_c[s_b], rng)
        m_a = 1 - i_a if t == mistake else i_a
        moves[:, t, 0], moves[:, t, 1] = m_a, i_b
        s_a = auto_a.nxt[s_a, i_a, m_a, i_b]
        s_b = auto_b.nxt[s_b, i_b, i_b, m_a]
    return moves


def _intend(p_c: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Intended moves (0 = C) for co-operation probabilities ``p_c``; no draw at 0 or 1."""
    certain = (p_c <= 0.0) | (p_c >= 1.0)
    out = np.where(p_c >= 1.0, 0, 1)
    if not certain.all():
        u = rng.random(p_c.shape[0])
        out = np.where(certain, out, np.where(u < p_c, 0, 1))
    return out.astype(np.int64)


def recovery(
    a,
    b,
    *,
    warmup: int = 10,
    horizon: int = 50,
    hold: int = 3,
    runs: int = 200,
    game=None,
    seed: SeedLike = None,
) -> tuple[float, float, float]:
    """Rounds until mutual co-operation returns, and holds, after A makes one mistake.

    A and B play ``warmup`` clean rounds; in the next round A's intended move is flipped.
    Co-operation counts as recovered at the first round after the mistake that starts
    ``hold`` consecutive rounds of mutual co-operation (so a chance C-C between feuding or
    random players does not count).  Only the runs in which co-operation was established
    before the mistake (its ``hold`` rounds before were all mutual co-operation) count
    towards ``recovered`` and ``rounds``: a run that was not co-operating has nothing to
    recover.

    Parameters
    ----------
    a, b : str or StrategySpec
        Finite-state strategies.
    warmup : int
        Clean rounds before the mistake (the mistake is in round ``warmup``, 0-based).
    horizon : int
        Rounds after the mistake within which co-operation must return.
    hold : int
        Consecutive rounds of mutual co-operation that count as co-operation (>= 1).
    runs : int
        Plays when a rule is stochastic (deterministic pairs are played once).
    game, seed
        As in :func:`play_with_mistake`.

    Returns
    -------
    recovered : float
        Among the runs that had established co-operation, the share in which it returned
        within ``horizon`` rounds (nan if no run had established it).
    rounds : float
        Mean number of rounds after the mistake until that run of co-operation starts, over
        the established runs that recovered (nan if none did): 1 means the very next round.
    established : float
        Share of runs that were co-operating (``hold`` rounds of mutual co-operation) just
        before the mistake.

    Examples
    --------
    >>> recovery("win_stay_lose_shift", "win_stay_lose_shift")
    (1.0, 2.0, 1.0)
    >>> recovery("tit_for_tat", "tit_for_tat")[0]  # the mistake echoes for ever
    0.0
    >>> recovery("defector", "tit_for_tat")  # never co-operating: nothing to recover
    (nan, nan, 0.0)
    """
    from coop_sim import _validate
    from coop_sim.game import resolve_game

    g = resolve_game(game)
    hold = _validate.positive_int(hold, "hold")
    warmup = _validate.positive_int(warmup, "warmup", hold)
    horizon = _validate.positive_int(horizon, "horizon")
    auto = (_automaton(a, g), _automaton(b, g))
    if all(x.deterministic for x in auto):
        runs = 1
    turns = warmup + 1 + horizon + hold - 1
    moves = play_with_mistake(a, b, turns=turns, mistake=warmup, runs=runs, game=g, seed=seed)
    mutual = (moves[:, :, 0] == 0) & (moves[:, :, 1] == 0)
    start = warmup + 1
    held = np.ones((moves.shape[0], horizon), dtype=bool)
    for k in range(hold):
        held &= mutual[:, start + k : start + k + horizon]
    hit = held.any(axis=1)
    first = np.argmax(held, axis=1) + 1
    established = mutual[:, warmup - hold : warmup].all(axis=1)
    if not established.any():
        return float("nan"), float("nan"), 0.0
    ok = hit & established
    rounds = float(first[ok].mean()) if ok.any() else float("nan")
    return float(hit[established].mean()), rounds, float(established.mean())


def clever(
    *,
    clear: Sequence[str] = CLEAR,
    opaque: Sequence[str] = OPAQUE,
    noise: float = 0.05,
    turns: int = 200,
    warmup: int = 10,
    horizon: int = 50,
    hold: int = 3,
    runs: int = 200,
    seed: SeedLike = 1,
) -> DemoResult:
    """Clear against complex rules: co-operation under noise and recovery after one mistake.

    Parameters
    ----------
    clear, opaque : sequence of str
        Finite-state strategy ids of the two groups (defaults :data:`CLEAR`, :data:`OPAQUE`).
    noise : float
        Probability that each intended move is flipped, for the round robin.
    turns : int
        Rounds per match of the round robin.
    warmup, horizon, hold, runs
        Of the one-mistake experiment (see :func:`recovery`).
    seed : int, SeedSequence, Generator or None
        Seeds the one-mistake runs (the round robin is exact).

    Returns
    -------
    DemoResult
        ``data``: ``names``, ``ids``, ``clear`` (flags), ``scores`` and ``mutual_cooperation``
        (share of rounds with mutual C, over opponents) under noise, ``payoff_matrix``,
        ``recovered``, ``rounds`` and ``established`` (N x N, row = the rule that made the
        mistake, column = its partner; ``recovered`` and ``rounds`` are nan where
        co-operation was never established), ``no_cooperation`` (the ordered pairs, as
        name pairs, that never established co-operation: nothing to recover), and the group
        means ``recovered_clear`` (pairs of clear rules), ``recovered_opaque`` (pairs with an
        opaque rule), ``rounds_clear``, ``rounds_opaque``, ``mutual_clear``,
        ``mutual_opaque``, ``score_clear``, ``score_opaque``.  The recovery means pool the
        runs that had established co-operation: each pair is weighted by its share of such
        runs.

    Examples
    --------
    >>> r = clever(runs=50)
    >>> bool(r.data["mutual_clear"] > r.data["mutual_opaque"])
    True
    >>> bool(r.data["recovered_clear"] > r.data["recovered_opaque"])
    True
    """
    from coop_sim.strategies import get
    from coop_sim.tournament import run_tournament

    for name, group in (("clear", clear), ("opaque", opaque)):
        if isinstance(group, str) or len(group) < 1:
            raise ValueError(f"{name} must be a non-empty list of strategy ids, got {group!r}")
    ids = [get(s).id for s in (*clear, *opaque)]
    if len(set(ids)) != len(ids):
        raise ValueError(f"clear and opaque must not share or repeat strategies, got {ids}")
    result = run_tournament(ids, turns=turns, noise=noise, method="exact", progress=False)
    n = len(ids)
    is_clear = np.array([k < len(clear) for k in range(n)])
    off = ~np.eye(n, dtype=bool)
    mutual = np.array([result.state_distribution[k][off[k]][:, 0].mean() for k in range(n)])
    scores = result.median_scores
    rng, recorded = generator(seed)
    recovered = np.zeros((n, n))
    rounds = np.full((n, n), np.nan)
    established = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            recovered[i, j], rounds[i, j], established[i, j] = recovery(
                ids[i], ids[j], warmup=warmup, horizon=horizon, hold=hold, runs=runs,
                seed=int(rng.integers(2**63)),
            )  # fmt: skip
    both = np.outer(is_clear, is_clear)

    def pooled(values: np.ndarray, weights: np.ndarray, mask: np.ndarray) -> float:
        """Mean of ``values`` over ``mask``, weighted (nan values and weights 0 left out)."""
        w = np.where(mask & np.isfinite(values), weights, 0.0)
        return float((w * np.nan_to_num(values)).sum() / w.sum()) if w.sum() > 0 else np.nan

    # recovery: pooled over the runs that had established co-operation
    ok = np.nan_to_num(recovered) * established  # share of all runs that recovered
    none = established == 0
    no_cooperation = [(result.names[i], result.names[j]) for i, j in np.argwhere(none)]
    data = {
        "names": list(result.names),
        "ids": ids,
        "clear": is_clear,
        "scores": scores,
        "mutual_cooperation": mutual,
        "payoff_matrix": result.payoff_matrix,
        "recovered": recovered,
        "rounds": rounds,
        "established": established,
        "no_cooperation": no_cooperation,
        "recovered_clear": pooled(recovered, established, both),
        "recovered_opaque": pooled(recovered, established, ~both),
        "rounds_clear": pooled(rounds, ok, both),
        "rounds_opaque": pooled(rounds, ok, ~both),
        "mutual_clear": float(mutual[is_clear].mean()),
        "mutual_opaque": float(mutual[~is_clear].mean()),
        "score_clear": float(scores[is_clear].mean()),
        "score_opaque": float(scores[~is_clear].mean()),
    }
    every = np.ones(n, dtype=bool)
    table = [
        {
            "name": result.names[k],
            "group": "clear" if is_clear[k] else "complex",
            "score": float(scores[k]),
            "mutual_cooperation": float(mutual[k]),
            "cooperating_before": float(established[k].mean()),
            "recovers_own_mistake": pooled(recovered[k], established[k], every),
            "recovers_partner_mistake": pooled(recovered[:, k], established[:, k], every),
        }
        for k in range(n)
    ]
    settings = {
        "clear": ids[: len(clear)],
        "opaque": ids[len(clear) :],
        "noise": float(noise),
        "turns": turns,
        "warmup": warmup,
        "horizon": horizon,
        "hold": hold,
        "runs": runs,
        "seed": recorded,
        "version": __version__,
    }
    headers = {
        "name": "strategy",
        "score": "score per round",
        "mutual_cooperation": "mutual co-operation",
        "cooperating_before": "co-operating before its mistake",
        "recovers_own_mistake": "recovers after its own mistake",
        "recovers_partner_mistake": "recovers after the partner's",
    }
    return DemoResult("clever", TITLE, _takeaway(data, settings), data, table, settings,
                      headers=headers, draw=_draw)  # fmt: skip


def _takeaway(d: dict, s: dict) -> str:
    n = len(d["ids"])
    text = (
        f"Under {percent(s['noise'])} noise the clear rules spent "
        f"{percent(d['mutual_clear'])} of their rounds in mutual co-operation, the complex ones "
        f"{percent(d['mutual_opaque'])}. After a single mistake that broke established "
        f"co-operation ({s['hold']} rounds of mutual C in a row), co-operation came back "
        f"within {s['horizon']} rounds in {percent(d['recovered_clear'])} of the plays between "
        "clear rules"
    )
    if np.isfinite(d["rounds_clear"]):
        text += f" (after {d['rounds_clear']:.1f} rounds on average)"
    text += f" and in {percent(d['recovered_opaque'])} of those involving a complex rule"
    if np.isfinite(d["rounds_opaque"]):
        text += f" (after {d['rounds_opaque']:.1f})"
    text += "."
    missing = len(d["no_cooperation"])
    if missing:
        left_out = "it is" if missing == 1 else "they are"
        text += (
            f" In {missing} of the {n * n} ordered pairs co-operation was never established "
            f"before the mistake, so there was nothing to recover; {left_out} left out."
        )
    if d["score_clear"] >= d["score_opaque"]:
        text += (
            f" Clarity also paid: the clear rules scored {d['score_clear']:.2f} a round on "
            f"average, the complex ones {d['score_opaque']:.2f}."
        )
    else:
        best = int(np.argmax(d["scores"]))
        text += (
            f" Scores: clear {d['score_clear']:.2f}, complex {d['score_opaque']:.2f} a round on "
            f"average, the best {d['names'][best]} ({d['scores'][best]:.2f}): clarity buys "
            "co-operation, not always the top score."
        )
    return text


def _draw(result: DemoResult):
    from matplotlib import colormaps
    from matplotlib.colors import ListedColormap

    d = result.data
    n = len(d["ids"])
    names = d["names"]
    fig, (left, right) = new_figure((9.0, 0.62 * n + 0.32 * n + 4.4), nrows=2,
                                    height_ratios=[1.6, 1.0])  # fmt: skip
    rounds = np.asarray(d["rounds"], dtype=float)
    recovered = np.asarray(d["recovered"], dtype=float)
    established = np.asarray(d["established"], dtype=float)
    none = established == 0
    never = ~none & (np.nan_to_num(recovered) == 0)
    shown = np.where(~none & ~never, rounds, np.nan)
    cmap = colormaps["viridis_r"].with_extremes(bad="#444444")
    top = max(2.0, float(np.nanmax(shown))) if np.isfinite(shown).any() else 2.0
    image = left.imshow(shown, cmap=cmap, vmin=1, vmax=top, aspect="auto")
    # no co-operation before the mistake: nothing to recover (light, hatched)
    left.imshow(np.where(none, 1.0, np.nan), cmap=ListedColormap(["#E8E8E8"]), vmin=0, vmax=1,
                aspect="auto")  # fmt: skip
    for i, j in np.argwhere(none):
        left.add_patch(_hatch(j, i))
    for i in range(n):
        for j in range(n):
            if none[i, j]:
                text, dark = "no co-op", False
            elif never[i, j]:
                text, dark = "never", True
            else:
                text = f"{rounds[i, j]:.1f}"
                if recovered[i, j] < 0.995:
                    text += f"\n{percent(recovered[i, j])}"
                dark = rounds[i, j] > 1 + 0.6 * (top - 1)
            left.text(j, i, text, ha="center", va="center", fontsize=8,
                      color="white" if dark else "black")  # fmt: skip
    labels = [f"{'* ' if d['clear'][k] else ''}{names[k]}" for k in range(n)]
    left.set_xticks(range(n), labels, rotation=30, ha="right", fontsize=9)
    left.set_yticks(range(n), labels, fontsize=9)
    left.set_xlabel("partner", fontsize=10)
    left.set_ylabel("rule that made one mistake", fontsize=10)
    left.set_title(
        "Rounds until mutual co-operation returns after one mistake (* clear rule)\n"
        "%: share of the co-operating runs that recovered; never: none did;\n"
        "no co-op: not co-operating before the mistake, nothing to recover",
        fontsize=10,
    )
    fig.colorbar(image, ax=left, shrink=0.8, label="rounds after the mistake")
    y = np.arange(n)
    colours = ["#0072B2" if d["clear"][k] else "#D55E00" for k in range(n)]
    right.barh(y, d["mutual_cooperation"], color=colours)
    for k in range(n):
        right.text(d["mutual_cooperation"][k], k, f" score {d['scores'][k]:.2f}", va="center",
                   fontsize=9)  # fmt: skip
    right.set_yticks(y, names, fontsize=9)
    right.invert_yaxis()
    right.set_xlim(0, 1)
    right.set_xlabel("share of rounds in mutual co-operation", fontsize=10)
    s = result.settings
    right.set_title(
        f"Round robin under noise {s['noise']:g} ({s['turns']} rounds, exact): "
        "blue = clear rules, orange = complex ones",
        fontsize=10,
    )
    fig.suptitle("Don't be too clever", fontsize=13)
    return fig


def _hatch(x: float, y: float):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, hatch="///", edgecolor="#BBBBBB",
                     linewidth=0)  # fmt: skip
