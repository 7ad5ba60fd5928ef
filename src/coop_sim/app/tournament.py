"""The tournament page: pick strategies and settings, run a round robin, see the ranking.

The sidebar holds the form: the strategies (a named set to start from, then any registered
strategy added or removed), the pay-offs R, S, T, P, the match length (fixed turns or a
continuation probability w), noise, repetitions and a seed (empty: a fresh one, which the
page then shows).  **Run tournament** validates the form with
:func:`coop_sim.app.forms.tournament_settings` -- a field that cannot be read is marked
and explained, nothing runs -- and runs :func:`coop_sim.run_tournament` in the background.
The main area shows the ranking (an HTML table ``#ranking-table``: rank, strategy, score
per round, wins, co-operation), one figure of :mod:`coop_sim.plot` at a time, and the Python
call that repeats the run.  The form and the last result are kept per browser session
(:data:`STATE`), so they are still there after a visit to another tab; when the form has
errors, the last result stays on screen greyed out and marked as the previous run.

Serve the page alone with ``coop-sim app tournament`` (or ``solara run
coop_sim.app.tournament``); ``coop-sim app`` serves it with the other pages.

Examples
--------
>>> element = Page()  # an element: nothing runs until Solara renders it
>>> element.component.name
'Page'
"""

from __future__ import annotations

from typing import Any

try:
    import solara
    import solara.lab
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("coop_sim.app needs Solara: pip install 'coop_sim[viz]'") from exc

from coop_sim.app import forms
from coop_sim.app._ui import PAGE_CSS, Code, Heading, PageState, Paragraph, Stale, run_into

__all__ = ["STATE", "Page", "RankingTable", "TournamentFigure", "TournamentPage", "figure"]

TITLE = "Tournament"
#: The columns of the ranking table: key of :func:`coop_sim.app.forms.ranking_rows` -> header.
RANKING_COLUMNS = {
    "rank": "rank",
    "name": "strategy",
    "score": "score per round",
    "wins": "wins",
    "cooperation": "co-operation",
}
#: The form's text fields (keyword arguments of :func:`coop_sim.app.forms.tournament_settings`)
#: and what they start with.
FIELDS = {
    "R": "3", "S": "0", "T": "5", "P": "1", "turns": "200", "continuation": "0.99",
    "noise": "0", "repetitions": "10", "seed": "1",
}  # fmt: skip
_FIGURE_KEYS = {label: key for key, label in forms.FIGURE_LABELS.items()}
#: The page's form and last run, per browser session: ``result`` is ``(settings,
#: TournamentResult)`` of the last run; ``stale`` marks it as not matching the form.
STATE = PageState(
    strategy_set=forms.DEFAULT_SET,
    chosen=tuple(forms.set_labels(forms.DEFAULT_SET)),
    fields=FIELDS,
    length=forms.LENGTH_MODES["turns"],
    figure=forms.FIGURE_LABELS["score_distribution"],
    errors={},
    result=None,
    running=False,
    error="",
    stale=False,
)


def figure(result, name: str = "score_distribution"):
    """The figure ``name`` (a key of :data:`coop_sim.plot.FIGURES`) of a tournament.

    Examples
    --------
    >>> from coop_sim import run_tournament
    >>> r = run_tournament(["tit_for_tat", "defector"], turns=5, repetitions=2, seed=1)
    >>> figure(r, "payoff_heatmap").axes[0].get_title().splitlines()[0]
    'Mean pay-off per round'
    """
    from coop_sim.plot import FIGURES

    if name not in FIGURES:
        raise ValueError(f"figure must be one of {', '.join(FIGURES)}, got {name!r}")
    return FIGURES[name](result)


@solara.component
def RankingTable(result):
    """The ranking as an HTML table with id ``ranking-table`` (rows of class
    ``ranking-row``)."""
    rows = forms.ranking_rows(result)
    table = forms.html_table(
        rows, RANKING_COLUMNS, table_id="ranking-table", row_class="ranking-row"
    )
    return solara.HTML(tag="div", unsafe_innerHTML=table, classes=["coop-ranking"])


@solara.component
def TournamentFigure(result):
    """One figure of the tournament at a time, picked with toggle buttons."""
    label = STATE.figure
    key = _FIGURE_KEYS[label.value]
    fig = solara.use_memo(lambda: figure(result, key), [result, key])
    with solara.Column():
        solara.ToggleButtonsSingle(value=label, values=list(forms.FIGURE_LABELS.values()))
        solara.FigureMatplotlib(fig, dependencies=[result, key], format="png")


def _run(settings: dict[str, Any]) -> None:
    run_into(STATE, lambda: (settings, forms.run_settings(settings)))


@solara.component
def TournamentPage():
    """The form in the sidebar; the ranking, a figure and the Python call in the main area."""
    choices = solara.use_memo(forms.strategy_choices, [])
    task = solara.lab.use_task(_run, dependencies=None, raise_error=False)
    fields, errors = STATE.fields, STATE.errors
    running = STATE.running.value

    def pick_set(name: str) -> None:
        STATE.strategy_set.set(name)
        STATE.chosen.set(tuple(forms.set_labels(name)))

    def run() -> None:
        mode = {label: key for key, label in forms.LENGTH_MODES.items()}[STATE.length.value]
        try:
            settings = forms.tournament_settings(
                [choices[label] for label in STATE.chosen.value],
                length=mode,
                **fields.value,
            )
        except forms.FormError as exc:
            errors.set(exc.errors)
            STATE.stale.set(STATE.result.value is not None)
            return
        errors.set({})
        task(settings)

    def field(name: str, label: str) -> None:
        def update(text: str) -> None:
            fields.set({**fields.value, name: text})

        solara.InputText(label, value=fields.value[name], on_value=update,
                         error=errors.value.get(name, False), continuous_update=True)  # fmt: skip

    solara.Title("coop_sim: tournament")
    solara.Style(PAGE_CSS)
    with solara.Sidebar():
        with solara.Card("Strategies"):
            solara.Select("start from the set", values=["demo", "basic", "first", "all"],
                          value=STATE.strategy_set.value, on_value=pick_set)  # fmt: skip
            solara.SelectMultiple("strategies", values=list(STATE.chosen.value),
                                  all_values=list(choices),
                                  on_value=lambda v: STATE.chosen.set(tuple(v)))  # fmt: skip
            if "strategies" in errors.value:
                solara.Error(errors.value["strategies"], dense=True)
        with solara.Card("Pay-offs"):
            with solara.Row():
                for name in "RSTP":
                    field(name, name)
            if "game" in errors.value:
                solara.Error(errors.value["game"], dense=True)
        with solara.Card("Matches"):
            solara.Select("match length", values=list(forms.LENGTH_MODES.values()),
                          value=STATE.length)  # fmt: skip
            if STATE.length.value == forms.LENGTH_MODES["turns"]:
                field("turns", "turns")
            else:
                field("continuation", "continuation w")
            field("noise", "noise")
            field("repetitions", "repetitions")
            field("seed", "seed (empty: random)")
        solara.Button("Run tournament", on_click=run, color="primary",
                      disabled=running, classes=["coop-run-tournament"])  # fmt: skip

    with solara.Column():
        Heading("Tournament")
        Paragraph(
            "Every strategy plays every other in repeated matches, and a copy of itself too "
            "(shown in the pay-off matrix, but not scored): the ranking is by the median "
            "pay-off per round against the others."
        )
        if errors.value:
            solara.Error(
                "Please correct: "
                + "; ".join(f"{name}: {message}" for name, message in errors.value.items()),
                classes=["coop-form-error"],
            )
        solara.ProgressLinear(running)
        if running:
            solara.Info("Running the tournament (the first run compiles the engine)...")
            return
        if STATE.error.value:
            solara.Error(f"The tournament could not run: {STATE.error.value}")
        if STATE.result.value is None:
            return
        settings, result = STATE.result.value
        stale = STATE.stale.value
        note = (
            "Not re-run: the form above has errors, or the run failed. Below is the previous "
            "run, with its settings."
        )
        with Stale(stale=stale, note=note):
            game_note = forms.game_note(settings["game"])
            if game_note:
                solara.Warning(game_note)
            from coop_sim.plot import settings_text

            Heading("Ranking" + (" (previous run)" if stale else ""), 3)
            Paragraph(f"{settings_text(result)}, seed {result.settings['seed']}.",
                      element_id="ranking-settings")  # fmt: skip
            RankingTable(result)
            TournamentFigure(result)
            with solara.Details("The same run in Python"):
                call = forms.api_call(settings, seed=result.settings["seed"])
                Code(f"from coop_sim import run_tournament\n{call}")


@solara.component
def Page():
    """The page, for ``solara run coop_sim.app.tournament``."""
    TournamentPage()
