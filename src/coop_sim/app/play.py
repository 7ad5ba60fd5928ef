"""The play page: play the iterated Prisoner's Dilemma against a strategy, round by round.

The sidebar sets up a game: the opponent (any registered strategy, or one drawn at random
from :data:`coop_sim.demos.play.PLAY_POOL`), whether its name stays hidden until the end,
the number of rounds, noise and a seed.  The main area has a **C** (co-operate) and a **D**
(defect) button, the running scores (``#play-status``) and the rounds so far
(``#play-history``); after the last round the opponent is revealed.  The game itself is a
:class:`coop_sim.demos.PlaySession`, the loop behind ``coop-sim play``.

Serve the page alone with ``coop-sim app play`` (or ``solara run coop_sim.app.play``);
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
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("coop_sim.app needs Solara: pip install 'coop_sim[viz]'") from exc

from coop_sim.app import forms
from coop_sim.app._ui import Heading, Paragraph

__all__ = ["Page", "PlayPage"]

TITLE = "Play"
#: The opponent a new page starts with.
DEFAULT_OPPONENT = "Tit For Tat"
HISTORY_COLUMNS = {
    "round": "round",
    "you": "you",
    "opponent": "opponent",
    "your_payoff": "your pay-off",
    "their_payoff": "their pay-off",
    "you_total": "your total",
    "their_total": "their total",
    "note": "",
}


@solara.component
def PlayPage():
    """The game's settings in the sidebar; the moves, scores and history in the main area."""
    choices = solara.use_memo(forms.opponent_choices, [])
    opponent = solara.use_reactive(DEFAULT_OPPONENT)
    hide = solara.use_reactive(True)
    rounds = solara.use_reactive("10")
    noise = solara.use_reactive("0")
    seed = solara.use_reactive("")
    errors = solara.use_reactive({})
    first = solara.use_memo(
        lambda: forms.new_play_session(forms.play_settings(DEFAULT_OPPONENT)), []
    )
    session = solara.use_reactive(first)
    hidden = solara.use_reactive(True)  # whether the current game hides its opponent
    played = solara.use_reactive(0)  # re-renders after each move (the session mutates)

    def new_game() -> None:
        try:
            settings = forms.play_settings(opponent.value, rounds.value, noise.value, seed.value)
        except forms.FormError as exc:
            errors.set(exc.errors)
            return
        errors.set({})
        session.set(forms.new_play_session(settings))
        hidden.set(hide.value or settings["strategy"] is None)
        played.set(0)

    def move(action: str) -> None:
        game = session.value
        if game.finished:
            return
        with forms.RUN_LOCK:
            game.move(action)
        played.set(game.played)

    def field(value, label: str, name: str) -> None:
        solara.InputText(label, value=value, error=errors.value.get(name, False),
                         continuous_update=True)  # fmt: skip

    game = session.value
    moves = played.value  # read here, so that each move re-renders the page
    solara.Title("coop_sim: play")
    solara.Style(forms.TABLE_CSS)
    with solara.Sidebar():
        with solara.Card("New game"):
            solara.Select("opponent", values=list(choices), value=opponent)
            if "opponent" in errors.value:
                solara.Error(errors.value["opponent"], dense=True)
            solara.Checkbox(label="hide the opponent's name until the end", value=hide)
            field(rounds, "rounds", "rounds")
            field(noise, "noise (chance a move is flipped)", "noise")
            field(seed, "seed (empty: random)", "seed")
            solara.Button("New game", on_click=new_game, color="primary",
                          classes=["coop-new-game"])  # fmt: skip

    with solara.Column():
        R, S, T, P = (f"{v:g}" for v in game.game.as_tuple())
        Heading("Play against a strategy")
        Paragraph(
            "Each round, co-operate (<b>C</b>) or defect (<b>D</b>). "
            f"Both C: {R} each; both D: {P} each; D against C: {T} for the defector, {S} for "
            "the co-operator.",
            markup=True,
        )
        if errors.value:
            solara.Error(
                "Please correct: "
                + "; ".join(f"{name}: {message}" for name, message in errors.value.items())
            )
        if not hidden.value and not game.finished:
            solara.Info(f"Your opponent: {game.opponent}. {game.description}")
        status = forms.play_status(game, hide=hidden.value)
        Paragraph(status, element_id="play-status", style="font-size: 1.2em")
        with solara.Row():
            solara.Button("C (co-operate)", on_click=lambda: move("C"), color="success",
                          disabled=game.finished, classes=["coop-move-c"])  # fmt: skip
            solara.Button("D (defect)", on_click=lambda: move("D"), color="error",
                          disabled=game.finished, classes=["coop-move-d"])  # fmt: skip
        if game.finished:
            solara.Success(f"{game.opponent}: {game.description}", classes=["coop-reveal"])
        if moves:
            rows = forms.play_rows(game)
            solara.HTML(tag="div", unsafe_innerHTML=forms.html_table(
                rows, HISTORY_COLUMNS, table_id="play-history"))  # fmt: skip


@solara.component
def Page():
    """The page, for ``solara run coop_sim.app.play``."""
    PlayPage()
