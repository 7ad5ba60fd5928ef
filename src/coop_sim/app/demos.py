"""The demos page: run one of the seven demonstrations of Axelrod's principles.

Pick a demonstration (:mod:`coop_sim.demos`, listed by short title) and a seed in the
sidebar and press **Run demo**: the engine runs it afresh in the background and the page
shows its title, the takeaway computed from the run (``#demo-takeaway``), the seed it ran
with (``#demo-seed``: an empty seed field draws one, and typing it back repeats the run),
the figure, the background note and the table (``#demo-table``, with readable headers).
The choice and the last result are kept per browser session (:data:`STATE`).

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
from coop_sim.app._ui import PAGE_CSS, Heading, PageState, Paragraph, Stale, run_into

__all__ = ["STATE", "DemoView", "DemosPage", "Page"]

TITLE = "Demos"
#: The page's form and last result, per browser session.
STATE = PageState(
    title=next(iter(forms.demo_choices())),
    seed="1",
    seed_error="",
    result=None,
    running=False,
    error="",
    stale=False,
)


@solara.component
def DemoView(result):
    """A demo's title, takeaway, seed, figure, note and table."""
    fig = solara.use_memo(result.figure, [result])
    with solara.Column():
        Heading(result.title, 3, element_id="demo-title")
        Paragraph(result.takeaway, element_id="demo-takeaway", style="font-size: 1.1em")
        seed = result.settings.get("seed")
        Paragraph(f"Seed {seed}: type it into the seed field to repeat this run.",
                  element_id="demo-seed", style="color: #555")  # fmt: skip
        solara.FigureMatplotlib(fig, dependencies=[result], format="png", dpi=100)
        if result.note:
            with solara.Details("Background"):
                Paragraph(result.note)
        table = forms.html_table(list(result.table), result.column_headers(),
                                 table_id="demo-table")  # fmt: skip
        solara.HTML(tag="div", unsafe_innerHTML=table, style="max-height: 420px; overflow: auto")


def _run(name: str, seed: str) -> None:
    run_into(STATE, forms.run_demo_seeded, name, seed)


@solara.component
def DemosPage():
    """The demo picker in the sidebar; the chosen demo's results in the main area."""
    choices = solara.use_memo(forms.demo_choices, [])
    task = solara.lab.use_task(_run, dependencies=None, raise_error=False)
    running = STATE.running.value

    def run() -> None:
        try:
            forms.parse_seed(STATE.seed.value)
        except forms.FormError as exc:
            STATE.seed_error.set(exc.errors["seed"])
            STATE.stale.set(STATE.result.value is not None)
            return
        STATE.seed_error.set("")
        task(choices[STATE.title.value], STATE.seed.value)

    solara.Title("coop_sim: demos")
    solara.Style(PAGE_CSS)
    with solara.Sidebar():
        with solara.Card("Demonstration"):
            solara.Select("demo", values=list(choices), value=STATE.title,
                          classes=["coop-demo-select"])  # fmt: skip
            solara.InputText("seed (empty: random)", value=STATE.seed,
                             error=STATE.seed_error.value or False,
                             continuous_update=True)  # fmt: skip
            solara.Button("Run demo", on_click=run, color="primary", disabled=running,
                          classes=["coop-run-demo"])  # fmt: skip

    with solara.Column():
        Heading("Axelrod's principles")
        Paragraph(
            "Each demonstration runs the engine afresh; the takeaway is written from this run's "
            "numbers."
        )
        if STATE.seed_error.value:
            solara.Error(f"seed: {STATE.seed_error.value}")
        solara.ProgressLinear(running)
        if running:
            solara.Info("Running the demonstration (the first run compiles the engine)...")
            return
        if STATE.error.value:
            solara.Error(f"The demo could not run: {STATE.error.value}")
        if STATE.result.value is None:
            if not STATE.error.value:
                solara.Info("Pick a demonstration and press Run demo.")
            return
        note = (
            "Not re-run: the seed field has an error, or the run failed. Below is the previous run."
        )
        with Stale(stale=STATE.stale.value, note=note):
            DemoView(STATE.result.value)


@solara.component
def Page():
    """The page, for ``solara run coop_sim.app.demos``."""
    DemosPage()
