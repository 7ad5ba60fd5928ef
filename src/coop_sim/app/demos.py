"""The demos page: run one of the seven demonstrations of Axelrod's principles.

Pick a demonstration (:mod:`coop_sim.demos`) and a seed in the sidebar and press **Run
demo**: the engine runs it afresh in the background and the page shows its title, the
takeaway computed from the run (``#demo-takeaway``), the figure, the background note and
the table (``#demo-table``).

Serve the page alone with ``coop-sim app demos`` (or ``solara run coop_sim.app.demos``);
``coop-sim app`` serves it with the other pages.

Examples
--------
>>> element = Page()  # an element: nothing runs until Solara renders it
>>> element.component.name
'Page'
"""

from __future__ import annotations

try:
    import solara
    import solara.lab
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("coop_sim.app needs Solara: pip install 'coop_sim[viz]'") from exc

from coop_sim.app import forms
from coop_sim.app._ui import Heading, Paragraph

__all__ = ["DemoView", "DemosPage", "Page"]

TITLE = "Demos"


@solara.component
def DemoView(result):
    """A demo's title, takeaway, figure, note and table."""
    fig = solara.use_memo(result.figure, [result])
    with solara.Column():
        Heading(result.title, 3, element_id="demo-title")
        Paragraph(result.takeaway, element_id="demo-takeaway", style="font-size: 1.1em")
        solara.FigureMatplotlib(fig, dependencies=[result], format="png")
        if result.note:
            with solara.Details("Background"):
                Paragraph(result.note)
        table = forms.html_table(list(result.table), table_id="demo-table")
        solara.HTML(tag="div", unsafe_innerHTML=table, style="max-height: 420px; overflow: auto")


@solara.component
def DemosPage():
    """The demo picker in the sidebar; the chosen demo's results in the main area."""
    choices = solara.use_memo(forms.demo_choices, [])
    title = solara.use_reactive(next(iter(choices)))
    seed = solara.use_reactive("1")
    error = solara.use_reactive("")
    task = solara.lab.use_task(forms.run_demo_seeded, dependencies=None, raise_error=False)

    def run() -> None:
        try:
            forms.parse_seed(seed.value)
        except forms.FormError as exc:
            error.set(exc.errors["seed"])
            return
        error.set("")
        task(choices[title.value], seed.value)

    solara.Title("coop_sim: demos")
    solara.Style(forms.TABLE_CSS)
    with solara.Sidebar():
        with solara.Card("Demonstration"):
            solara.Select("demo", values=list(choices), value=title, classes=["coop-demo-select"])
            solara.InputText("seed (empty: random)", value=seed, error=error.value or False,
                             continuous_update=True)  # fmt: skip
            solara.Button("Run demo", on_click=run, color="primary", disabled=task.pending,
                          classes=["coop-run-demo"])  # fmt: skip

    with solara.Column():
        Heading("Axelrod's principles")
        Paragraph(
            "Each demonstration runs the engine afresh; the takeaway is written from this run's "
            "numbers."
        )
        if error.value:
            solara.Error(f"seed: {error.value}")
        solara.ProgressLinear(task.pending)
        if task.pending:
            solara.Info("Running the demonstration (the first run compiles the engine)...")
        elif task.error:
            solara.Error(f"The demo could not run: {task.exception}")
        elif task.finished and task.value is not None:
            DemoView(task.value)
        else:
            solara.Info("Pick a demonstration and press Run demo.")


@solara.component
def Page():
    """The page, for ``solara run coop_sim.app.demos``."""
    DemosPage()
