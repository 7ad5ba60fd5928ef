"""The tournament page: pick strategies and settings, run a round robin, see the ranking.

The sidebar holds the form: the strategies (a named set to start from, then any registered
strategy added or removed), the pay-offs R, S, T, P, the match length (fixed turns or a
continuation probability w), noise, repetitions and a seed (empty: a fresh one, which the
page then shows).  **Run tournament** validates the form with
:func:`coop_sim.app.forms.tournament_settings` -- a field that cannot be read is marked
and explained, nothing runs -- and runs :func:`coop_sim.run_tournament` in the background.
The main area shows the ranking (an HTML table ``#ranking-table``: rank, strategy, score
per round, wins, co-operation), one figure of :mod:`coop_sim.plot` at a time, and the Python
call that repeats the run.

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
from coop_sim.app._ui import Code, Heading, Paragraph

__all__ = ["Page", "RankingTable", "TournamentFigure", "TournamentPage", "figure"]

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
    label = solara.use_reactive(forms.FIGURE_LABELS["score_distribution"])
    key = _FIGURE_KEYS[label.value]
    fig = solara.use_memo(lambda: figure(result, key), [result, key])
    with solara.Column():
        solara.ToggleButtonsSingle(value=label, values=list(forms.FIGURE_LABELS.values()))
        solara.FigureMatplotlib(fig, dependencies=[result, key], format="png")


def _run(settings: dict[str, Any]):
    return settings, forms.run_settings(settings)


@solara.component
def TournamentPage():
    """The form in the sidebar; the ranking, a figure and the Python call in the main area."""
    choices = solara.use_memo(forms.strategy_choices, [])
    strategy_set = solara.use_reactive(forms.DEFAULT_SET)
    chosen = solara.use_reactive(forms.set_labels(forms.DEFAULT_SET))
    fields = solara.use_reactive(FIELDS)
    length = solara.use_reactive(forms.LENGTH_MODES["turns"])
    errors = solara.use_reactive({})
    task = solara.lab.use_task(_run, dependencies=None, raise_error=False)

    def pick_set(name: str) -> None:
        strategy_set.set(name)
        chosen.set(forms.set_labels(name))

    def run() -> None:
        mode = {label: key for key, label in forms.LENGTH_MODES.items()}[length.value]
        try:
            settings = forms.tournament_settings(
                [choices[label] for label in chosen.value],
                length=mode,
                **fields.value,
            )
        except forms.FormError as exc:
            errors.set(exc.errors)
            return
        errors.set({})
        task(settings)

    def field(name: str, label: str) -> None:
        def update(text: str) -> None:
            fields.set({**fields.value, name: text})

        solara.InputText(label, value=fields.value[name], on_value=update,
                         error=errors.value.get(name, False), continuous_update=True)  # fmt: skip

    solara.Title("coop_sim: tournament")
    solara.Style(forms.TABLE_CSS)
    with solara.Sidebar():
        with solara.Card("Strategies"):
            solara.Select("start from the set", values=["demo", "basic", "first", "all"],
                          value=strategy_set.value, on_value=pick_set)  # fmt: skip
            solara.SelectMultiple("strategies", values=chosen, all_values=list(choices))
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
                          value=length)  # fmt: skip
            if length.value == forms.LENGTH_MODES["turns"]:
                field("turns", "turns")
            else:
                field("continuation", "continuation w")
            field("noise", "noise")
            field("repetitions", "repetitions")
            field("seed", "seed (empty: random)")
        solara.Button("Run tournament", on_click=run, color="primary",
                      disabled=task.pending, classes=["coop-run-tournament"])  # fmt: skip

    with solara.Column():
        Heading("Tournament")
        Paragraph(
            "Every strategy plays every other (and a copy of itself) in repeated matches; the "
            "ranking is by the median pay-off per round."
        )
        if errors.value:
            solara.Error(
                "Please correct: "
                + "; ".join(f"{name}: {message}" for name, message in errors.value.items()),
                classes=["coop-form-error"],
            )
        solara.ProgressLinear(task.pending)
        if task.pending:
            solara.Info("Running the tournament (the first run compiles the engine)...")
        elif task.error:
            solara.Error(f"The tournament could not run: {task.exception}")
        elif task.finished and task.value is not None:
            settings, result = task.value
            note = forms.game_note(settings["game"])
            if note:
                solara.Warning(note)
            from coop_sim.plot import settings_text

            Heading("Ranking", 3)
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
