"""The logic behind the app's pages: read and validate form fields, run, tabulate.

Plain functions of plain values (the text typed into a field, the names picked in a list),
so they are tested without Solara or a browser; the pages only wire them to widgets.  A
field that cannot be read raises :class:`FormError`, which maps each field to a message the
page shows beside it.

Runs go through one lock (:data:`RUN_LOCK`): several browser tabs share the server's
process, and numba's default thread pool must not be entered by two runs at once.

Examples
--------
>>> settings = tournament_settings(["tit_for_tat", "Defector"], turns="20", repetitions="3",
...                                seed="0")
>>> settings["strategies"], settings["game"], settings["turns"], settings["seed"]
(['tit_for_tat', 'defector'], (3.0, 0.0, 5.0, 1.0), 20, 0)
>>> [row["name"] for row in ranking_rows(run_settings(settings))]
['Defector', 'Tit For Tat']
>>> tournament_settings(["tit_for_tat"], noise="1.5")
Traceback (most recent call last):
...
coop_sim.app.forms.FormError: strategies: pick at least 2 strategies, got 1; noise: ...
"""

from __future__ import annotations

import html
import math
import numbers
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from coop_sim.demos._result import format_cell

if TYPE_CHECKING:  # pragma: no cover - typing only
    from coop_sim.demos import DemoResult, PlaySession
    from coop_sim.results import TournamentResult

__all__ = [
    "DEFAULT_SET",
    "FIGURE_LABELS",
    "HIDDEN",
    "LENGTH_MODES",
    "MASKED",
    "MAX_REPETITIONS",
    "MAX_ROUNDS_PER_RUN",
    "MAX_TURNS",
    "RUN_LOCK",
    "TABLE_CSS",
    "FormError",
    "api_call",
    "demo_choices",
    "format_cell",
    "game_note",
    "html_table",
    "new_play_session",
    "opponent_choices",
    "parse_seed",
    "play_rows",
    "play_rules",
    "play_settings",
    "play_status",
    "ranking_rows",
    "run_demo_seeded",
    "run_settings",
    "set_labels",
    "strategy_choices",
    "tournament_settings",
]

#: The strategy set the tournament page starts with.
DEFAULT_SET = "demo"
#: The two ways to set a match's length: key -> the label the page shows.
LENGTH_MODES = {"turns": "fixed turns", "continuation": "continuation probability w"}
#: Largest number of repetitions the page accepts.
MAX_REPETITIONS = 1000
#: Longest fixed match the page accepts.
MAX_TURNS = 100_000
#: Largest continuation probability the page accepts (mean length 10,000 rounds).
MAX_CONTINUATION = 0.9999
#: Most rounds one run of the page may play in all (pairs x repetitions x mean length):
#: bigger runs belong in the Python API or ``coop-sim tournament``.
MAX_ROUNDS_PER_RUN = 500_000_000
#: The opponent choice of the play page that draws a hidden strategy at random.
HIDDEN = "A random opponent"
#: What the play page's opponent list shows while a hidden game is played.
MASKED = "(hidden until the game ends)"
#: :data:`coop_sim.plot.FIGURES` key -> the label the tournament page shows.
FIGURE_LABELS = {
    "score_distribution": "Scores (per repetition)",
    "payoff_heatmap": "Pay-off matrix",
    "wins_distribution": "Wins",
    "score_differences": "Score differences",
    "match_lengths": "Match lengths",
    "cooperation_heatmap": "Co-operation",
}
#: The style of :func:`html_table`'s tables (a page adds it with ``solara.Style``).
TABLE_CSS = """
.coop-table { border-collapse: collapse; margin: 8px 0; font-size: 0.95em; }
.coop-table th, .coop-table td { padding: 3px 12px; border-bottom: 1px solid #ddd; }
.coop-table th { text-align: left; border-bottom: 2px solid #888; }
.coop-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
"""
#: One run at a time in this process (see the module's notes).
RUN_LOCK = threading.Lock()


class FormError(ValueError):
    """Fields that could not be read: ``errors`` maps a field's name to its message.

    Examples
    --------
    >>> error = FormError({"turns": "must be an int"})
    >>> error.errors, str(error)
    ({'turns': 'must be an int'}, 'turns: must be an int')
    """

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{name}: {message}" for name, message in self.errors.items()))


# ----------------------------------------------------------------------------- fields


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else repr(value)


def _bounds(low: float, high: float) -> str:
    return f"[{low:g}, {high:g}]"


def _integer(value: object, name: str, low: int, high: int | None, errors: dict) -> int | None:
    """``value`` (an int or the text of one) in [low, high] (no upper bound for None), or
    None after noting an error.  Commas are refused: '2,5' is not 25."""
    where = f"a whole number >= {low}" if high is None else f"a whole number in [{low}, {high}]"
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        number = int(value)
    else:
        text = str(value).strip()
        try:
            if "," in text:
                raise ValueError(text)
            number = int(text.replace("_", ""))
        except ValueError:
            errors[name] = f"must be {where}, got {_text(value)}"
            return None
    if number < low or (high is not None and number > high):
        errors[name] = f"must be {where}, got {number}"
        return None
    return number


def _real(
    value: object, name: str, errors: dict, low: float = -math.inf, high: float = math.inf
) -> float | None:
    """``value`` (a number or the text of one) in [low, high], or None after an error.
    Commas are refused (write decimals with a point), so '1,000' never becomes 1.0."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip()
        try:
            number = math.nan if "," in text else float(text)
        except ValueError:
            number = math.nan
    if (low, high) == (0.0, 1.0):
        where = f"a probability in {_bounds(low, high)}"
    elif math.isinf(low) and math.isinf(high):
        where = "a number"
    else:
        where = f"a number in {_bounds(low, high)}"
    if not math.isfinite(number) or not low <= number <= high:
        hint = " (write decimals with a point)" if "," in _text(value) else ""
        errors[name] = f"must be {where}, got {_text(value)}{hint}"
        return None
    return number


def parse_seed(value: object) -> int | None:
    """A seed field: a whole number >= 0, or None for an empty field (a fresh seed).

    Raises
    ------
    FormError
        For anything else (field ``seed``).

    Examples
    --------
    >>> parse_seed(" 42 "), parse_seed(""), parse_seed(None)
    (42, None, None)
    >>> parse_seed("4,2")
    Traceback (most recent call last):
    ...
    coop_sim.app.forms.FormError: seed: must be a whole number >= 0, or empty for a random seed, got 4,2
    """  # noqa: E501
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    errors: dict[str, str] = {}
    seed = _integer(value, "seed", 0, None, errors)
    if errors:
        got = _text(value)
        errors["seed"] = f"must be a whole number >= 0, or empty for a random seed, got {got}"
        raise FormError(errors)
    return seed


# ----------------------------------------------------------------------------- tournament


def strategy_choices() -> dict[str, str]:
    """Every registered strategy: display name -> id, sorted by display name.

    Examples
    --------
    >>> choices = strategy_choices()
    >>> choices["Tit For Tat"], len(choices) > 100
    ('tit_for_tat', True)
    """
    from coop_sim import strategies

    labels = {strategies.get(i).label(): i for i in strategies.names()}
    return dict(sorted(labels.items(), key=lambda item: item[0].casefold()))


def set_labels(name: str) -> list[str]:
    """The display names of a named strategy set ('basic', 'demo', 'first' or 'all'), in
    the set's order.

    Examples
    --------
    >>> set_labels("demo")
    ['Cooperator', 'Defector', 'Tit For Tat', 'Grudger', 'Random']
    """
    from coop_sim import strategies

    return [strategies.get(i).label() for i in strategies.strategy_set(name)]


def _strategy_ids(strategies: Iterable[str], errors: dict) -> list[str]:
    from coop_sim.strategies import get

    ids: list[str] = []
    unknown = []
    for name in strategies:
        try:
            spec = get(name)
        except (TypeError, ValueError):
            unknown.append(str(name))
            continue
        if spec.id not in ids:
            ids.append(spec.id)
    if unknown:
        errors["strategies"] = f"unknown strategies: {', '.join(unknown)}"
    elif len(ids) < 2:
        errors["strategies"] = f"pick at least 2 strategies, got {len(ids)}"
    return ids


def tournament_settings(
    strategies: Sequence[str],
    *,
    R: object = "3",
    S: object = "0",
    T: object = "5",
    P: object = "1",
    length: str = "turns",
    turns: object = "200",
    continuation: object = "0.99",
    noise: object = "0",
    repetitions: object = "10",
    seed: object = "1",
) -> dict[str, Any]:
    """The keyword arguments of :func:`coop_sim.run_tournament` for the tournament form.

    Parameters
    ----------
    strategies : sequence of str
        Strategy ids or display names, in the order that breaks ties in the ranking.
    R, S, T, P : str or float
        The pay-offs (text as typed, or numbers).
    length : {'turns', 'continuation'}
        Matches of fixed ``turns``, or going on after each round with probability
        ``continuation`` (the other field is then ignored).
    turns : str or int
        Rounds per match, 1 to :data:`MAX_TURNS`.
    continuation : str or float
        The continuation probability w, in [0, :data:`MAX_CONTINUATION`].
    noise : str or float
        Probability that a move is flipped, in [0, 1].
    repetitions : str or int
        Times each pair plays, 1 to :data:`MAX_REPETITIONS`.
    seed : str or int
        A whole number >= 0, or empty for a fresh random seed.

    Returns
    -------
    dict
        ``strategies`` (ids), ``game`` (R, S, T, P), ``turns``, ``continuation``, ``noise``,
        ``repetitions`` and ``seed``.

    Raises
    ------
    FormError
        Naming every field that cannot be read, or a run larger than
        :data:`MAX_ROUNDS_PER_RUN` rounds.

    Examples
    --------
    >>> s = tournament_settings(["cooperator", "defector"], length="continuation",
    ...                         continuation="0.9", seed="")
    >>> s["turns"], s["continuation"], s["seed"]
    (None, 0.9, None)
    >>> tournament_settings(["cooperator", "defector"], turns="ten", R="x")
    Traceback (most recent call last):
    ...
    coop_sim.app.forms.FormError: R: must be a number, got x; turns: must be a whole number ...
    """
    from coop_sim.game import Game

    errors: dict[str, str] = {}
    ids = _strategy_ids(strategies, errors)
    payoffs = [_real(value, name, errors) for name, value in zip("RSTP", (R, S, T, P), strict=True)]
    game = None
    if None not in payoffs:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the page says which game it is instead
                game = Game(*payoffs).as_tuple()
        except (TypeError, ValueError) as exc:
            errors["game"] = str(exc)
    if length not in LENGTH_MODES:
        errors["length"] = f"must be one of {', '.join(LENGTH_MODES)}, got {length!r}"
    n_turns = w = None
    if length == "turns":
        n_turns = _integer(turns, "turns", 1, MAX_TURNS, errors)
    elif length == "continuation":
        w = _real(continuation, "continuation", errors, 0.0, MAX_CONTINUATION)
    e = _real(noise, "noise", errors, 0.0, 1.0)
    reps = _integer(repetitions, "repetitions", 1, MAX_REPETITIONS, errors)
    try:
        chosen_seed = parse_seed(seed)
    except FormError as exc:
        errors.update(exc.errors)
        chosen_seed = None
    if not errors:
        mean_length = n_turns if n_turns is not None else 1.0 / (1.0 - w)
        pairs = len(ids) * (len(ids) + 1) // 2
        rounds = pairs * reps * mean_length
        if rounds > MAX_ROUNDS_PER_RUN:
            errors["repetitions"] = (
                f"this run would play about {rounds:.3g} rounds, more than the page's limit of "
                f"{MAX_ROUNDS_PER_RUN:.3g}: pick fewer strategies, repetitions or rounds (or use "
                "the Python API or `coop-sim tournament`)"
            )
    if errors:
        raise FormError(errors)
    return {
        "strategies": ids,
        "game": game,
        "turns": n_turns,
        "continuation": w,
        "noise": e,
        "repetitions": reps,
        "seed": chosen_seed,
    }


def game_note(game: Sequence[float]) -> str:
    """A note for a pay-off matrix that is not a Prisoner's Dilemma ('' for one that is).

    Examples
    --------
    >>> game_note((3, 0, 5, 1))
    ''
    >>> print(game_note((5, 0, 3, 1)))
    R, S, T, P = 5, 0, 3, 1 is a stag hunt, not a Prisoner's Dilemma (T > R > P > S).
    """
    from coop_sim.game import Game

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kind = Game(*game).classify()
    if kind in ("prisoners_dilemma", "weak_prisoners_dilemma"):
        return ""
    values = ", ".join(f"{float(v):g}" for v in game)
    article = "an" if kind[0] in "aeiou" else "a"
    return (
        f"R, S, T, P = {values} is {article} {kind.replace('_', ' ')}, not a Prisoner's "
        "Dilemma (T > R > P > S)."
    )


def run_settings(settings: Mapping[str, Any]) -> TournamentResult:
    """Run the tournament that :func:`tournament_settings` describes (one run at a time).

    Returns
    -------
    TournamentResult
        The same result as ``coop_sim.run_tournament(settings.pop("strategies"),
        **settings)``; for an empty seed field a short seed is drawn
        (:func:`coop_sim.demos._result.fresh_seed`), which ``settings["seed"]`` of the result
        records so the page can show it.
    """
    from coop_sim import run_tournament
    from coop_sim.demos._result import fresh_seed

    kwargs = dict(settings)
    strategies = kwargs.pop("strategies")
    if kwargs.get("seed") is None:
        kwargs["seed"] = fresh_seed()
    with RUN_LOCK:
        return run_tournament(strategies, progress=False, **kwargs)


def api_call(settings: Mapping[str, Any], seed: int | None = None) -> str:
    """The Python call that repeats a run of the page (``seed``: the one recorded).

    Examples
    --------
    >>> print(api_call(tournament_settings(["tit_for_tat", "defector"], seed="3")))
    run_tournament(['tit_for_tat', 'defector'], game=(3.0, 0.0, 5.0, 1.0), turns=200,
                   noise=0.0, repetitions=10, seed=3)
    """
    parts = [f"game={tuple(settings['game'])!r}"]
    if settings["turns"] is not None:
        parts.append(f"turns={settings['turns']}")
    else:
        parts += ["turns=None", f"continuation={settings['continuation']!r}"]
    parts += [
        f"noise={settings['noise']!r}",
        f"repetitions={settings['repetitions']}",
        f"seed={seed if seed is not None else settings['seed']!r}",
    ]
    head = f"run_tournament({list(settings['strategies'])!r}, "
    lines, line = [], head
    for k, part in enumerate(parts):
        piece = part + (")" if k == len(parts) - 1 else ", ")
        if len(line) + len(piece.rstrip()) > 88 and line.strip():
            lines.append(line.rstrip())
            line = " " * 15
        line += piece
    lines.append(line.rstrip())
    return "\n".join(lines)


def ranking_rows(result: TournamentResult) -> list[dict[str, Any]]:
    """The ranking the page shows, best first: rank, name, id, score (median pay-off per
    round), wins (median over repetitions; an int when whole) and co-operation (share of C
    moves).

    Examples
    --------
    >>> from coop_sim import run_tournament
    >>> r = run_tournament(["tit_for_tat", "defector"], turns=5, repetitions=1, seed=1)
    >>> [(row["rank"], row["name"], round(row["score"], 2)) for row in ranking_rows(r)]
    [(1, 'Defector', 1.8), (2, 'Tit For Tat', 0.8)]
    """
    return [
        {
            "rank": row["rank"],
            "name": row["name"],
            "id": row["id"],
            "score": row["median_score"],
            "wins": _whole(row["wins"]),
            "cooperation": row["cooperation_rating"],
        }
        for row in result.summary()
    ]


# ----------------------------------------------------------------------------- tables


_NUM = " num"


def _numeric(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def html_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Mapping[str, str] | None = None,
    *,
    table_id: str = "",
    row_class: str = "",
) -> str:
    """An HTML table of ``rows`` (escaped), one ``<td class="KEY">`` per column (``KEY num``
    for numbers, which :data:`TABLE_CSS` aligns right).

    Parameters
    ----------
    rows : sequence of mappings
        One mapping per row.
    columns : mapping, optional
        Key -> header; by default every key of the first row, as its own header.
    table_id : str
        The table's ``id`` (and ``data-testid``), for the browser and tests.
    row_class : str
        The class of each body row.

    Examples
    --------
    >>> print(html_table([{"name": "A & B", "score": 1.5}], table_id="t"))
    <table id="t" data-testid="t" class="coop-table"><thead><tr><th>name</th><th>score</th></tr></thead><tbody><tr><td class="name">A &amp; B</td><td class="score num">1.500</td></tr></tbody></table>
    """  # noqa: E501
    if columns is None:
        columns = {key: key for key in (rows[0] if rows else {})}
    attrs = ""
    if table_id:
        attrs = f' id="{html.escape(table_id)}" data-testid="{html.escape(table_id)}"'
    head = "".join(f"<th>{html.escape(str(title))}</th>" for title in columns.values())
    cls = f' class="{html.escape(row_class)}"' if row_class else ""
    body = "".join(
        f"<tr{cls}>"
        + "".join(
            f'<td class="{html.escape(key)}{_NUM if _numeric(row.get(key)) else ""}">'
            f"{html.escape(format_cell(row.get(key)))}</td>"
            for key in columns
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<table{attrs} class="coop-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


# ----------------------------------------------------------------------------- demos


def demo_choices() -> dict[str, str]:
    """The demonstrations: short title (what the page's list shows) -> name (a key of
    :data:`coop_sim.demos.DEMOS`).

    Examples
    --------
    >>> list(demo_choices().items())[:2]
    [("1. Don't be envious", 'envy'), ("2. Don't be the first to defect", 'nice')]
    """
    from coop_sim.demos import SHORT_TITLES

    return {title: name for name, title in SHORT_TITLES.items()}


def run_demo_seeded(name: str, seed: object = "1") -> DemoResult:
    """Run demo ``name`` with its defaults and the seed of a field (one run at a time); for
    an empty field a short seed is drawn, which ``settings["seed"]`` of the result records.

    Raises
    ------
    FormError
        For an unknown demo (field ``demo``) or a bad seed (field ``seed``).

    Examples
    --------
    >>> run_demo_seeded("shadow").settings["seed"]
    1
    """
    from coop_sim.demos import DEMOS, run_demo

    if name not in DEMOS:
        raise FormError({"demo": f"must be one of {', '.join(DEMOS)}, got {name!r}"})
    from coop_sim.demos._result import fresh_seed

    chosen = parse_seed(seed)
    if chosen is None:
        chosen = fresh_seed()
    with RUN_LOCK:
        return run_demo(name, seed=chosen)


# ----------------------------------------------------------------------------- play


def opponent_choices() -> dict[str, str]:
    """The play page's opponents: label -> strategy id, :data:`HIDDEN` (drawn at random)
    first.

    Examples
    --------
    >>> choices = opponent_choices()
    >>> list(choices)[0] == HIDDEN, choices["Tit For Tat"]
    (True, 'tit_for_tat')
    """
    return {HIDDEN: "", **strategy_choices()}


def play_settings(
    opponent: str, rounds: object = "10", noise: object = "0", seed: object = ""
) -> dict[str, Any]:
    """The arguments of :class:`~coop_sim.demos.PlaySession` for the play form.

    ``opponent`` is a label of :func:`opponent_choices`, an id, or :data:`HIDDEN` (then
    ``strategy`` is None: :func:`new_play_session` draws one).

    Raises
    ------
    FormError
        Naming the fields that cannot be read.

    Examples
    --------
    >>> play_settings("Tit For Tat", rounds="5")
    {'strategy': 'tit_for_tat', 'rounds': 5, 'noise': 0.0, 'seed': None}
    """
    from coop_sim.demos.play import MAX_ROUNDS
    from coop_sim.strategies import get

    errors: dict[str, str] = {}
    strategy = None
    if opponent != HIDDEN:
        try:
            strategy = get(opponent).id
        except (TypeError, ValueError) as exc:
            errors["opponent"] = str(exc)
    n = _integer(rounds, "rounds", 1, MAX_ROUNDS, errors)
    e = _real(noise, "noise", errors, 0.0, 1.0)
    try:
        chosen_seed = parse_seed(seed)
    except FormError as exc:
        errors.update(exc.errors)
        chosen_seed = None
    if errors:
        raise FormError(errors)
    return {"strategy": strategy, "rounds": n, "noise": e, "seed": chosen_seed}


def new_play_session(settings: Mapping[str, Any]) -> PlaySession:
    """A :class:`~coop_sim.demos.PlaySession` for :func:`play_settings`' output, started by
    :func:`coop_sim.demos.play.new_session` as ``coop-sim play`` starts it: a hidden
    opponent is drawn from :data:`coop_sim.demos.play.PLAY_POOL` with the seed, and an
    empty seed field draws a short seed (the session's ``seed``).

    Examples
    --------
    >>> from coop_sim.demos.play import new_session
    >>> session = new_play_session(play_settings(HIDDEN, rounds="3", seed="4"))
    >>> session.rounds, session.drawn, session.opponent_id == new_session(None, 3, seed=4).opponent_id
    (3, True, True)
    """  # noqa: E501
    from coop_sim.demos.play import new_session

    return new_session(settings["strategy"], settings["rounds"], noise=settings["noise"],
                       seed=settings["seed"])  # fmt: skip


def _whole(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def play_rows(session: PlaySession) -> list[dict[str, Any]]:
    """The rounds played, for the history table (newest last; whole pay-offs as ints).

    Examples
    --------
    >>> session = new_play_session(play_settings("Tit For Tat", rounds="2", seed="1"))
    >>> _ = session.move("D")
    >>> play_rows(session)
    [{'round': 1, 'you': 'D', 'opponent': 'C', 'your_payoff': 5, 'their_payoff': 0, 'you_total': 5, 'their_total': 0, 'note': ''}]
    """  # noqa: E501
    return [
        {
            "round": r.round,
            "you": r.you,
            "opponent": r.opponent,
            "your_payoff": _whole(r.payoff_you),
            "their_payoff": _whole(r.payoff_opponent),
            "you_total": _whole(r.score_you),
            "their_total": _whole(r.score_opponent),
            "note": f"noise flipped your {r.intended} to {r.you}" if r.mistake else "",
        }
        for r in session.history
    ]


def play_rules(session: PlaySession, hide: bool = True) -> list[str]:
    """The rules the play page shows: :func:`coop_sim.demos.play.rules` (the same text as
    ``coop-sim play``) and how to move.

    Examples
    --------
    >>> session = new_play_session(play_settings(HIDDEN, rounds="5", seed="1"))
    >>> play_rules(session)[0]
    "You are playing 5 rounds of the Prisoner's Dilemma against a hidden opponent (revealed at the end)."
    """  # noqa: E501
    from coop_sim.demos.play import rules

    return [*rules(session, hidden=hide), "Press C or D for your move each round."]


def play_status(session: PlaySession, hide: bool = True) -> str:
    """One line on the game: the round and the scores; at the end, the outcome
    (:func:`coop_sim.demos.play.outcome`, as ``coop-sim play`` says it) and who the opponent
    was.

    Examples
    --------
    >>> session = new_play_session(play_settings("Tit For Tat", rounds="1", seed="1"))
    >>> play_status(session)
    'Round 1 of 1. You 0, opponent 0.'
    >>> _ = session.move("C")
    >>> play_status(session)
    'Game over after 1 round. Final score: you 3, your opponent 3 (a tie). Your opponent was Tit For Tat.'
    """  # noqa: E501
    from coop_sim.demos.play import outcome

    you, them = session.scores
    if not session.finished:
        who = "opponent" if hide else session.opponent
        return f"Round {session.played + 1} of {session.rounds}. You {you:g}, {who} {them:g}."
    return f"{outcome(session)} Your opponent was {session.opponent}."
