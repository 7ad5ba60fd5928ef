"""The play page: play the iterated Prisoner's Dilemma against a strategy, round by round.

The sidebar sets up a game: the opponent (any registered strategy, or -- the default -- one
drawn at random from :data:`coop_sim.demos.play.PLAY_POOL`), whether its name stays hidden
until the end, the number of rounds, noise and a seed.  The main area has the rules, a
**C** (co-operate) and a **D** (defect) button, the running scores (``#play-status``), the
game's seed (``#play-seed``) and the rounds so far (``#play-history``); after the last round
the opponent is revealed.  While a hidden game is played the opponent's name appears
nowhere on the page, the sidebar's list included (it shows :data:`~coop_sim.app.forms.MASKED`
until the end).  The game starts as ``coop-sim play`` starts it
(:func:`coop_sim.demos.play.new_session`): the same seed meets the same opponent and the
same draws.  The form and the game in progress are kept per browser session
(:data:`STATE`).

Serve the page alone with ``coop-sim app play`` (or ``solara run coop_sim.app.play``);
``coop-sim app`` serves it with the other pages.

Examples
--------
>>> element = Page()  # an element: nothing runs until Solara renders it
>>> element.component.name
'Page'
"""

from __future__ import annotations

import html

try:
    import solara
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("coop_sim.app needs Solara: pip install 'coop_sim[viz]'") from exc

from coop_sim.app import forms
from coop_sim.app._ui import PAGE_CSS, Heading, PageState, Paragraph

__all__ = ["STATE", "Page", "PlayPage"]

TITLE = "Play"
#: The opponent a new page starts with: one drawn at random, hidden.
DEFAULT_OPPONENT = forms.HIDDEN
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
#: The page's form and game, per browser session: ``session`` is the game in progress
#: (None until the page first shows), ``hidden`` whether it hides its opponent,
#: ``picked`` whether an opponent was picked since it started, ``played`` the rounds played
#: (it re-renders the page after each move).
STATE = PageState(
    opponent=DEFAULT_OPPONENT,
    hide=True,
    rounds="10",
    noise="0",
    seed="",
    errors={},
    session=None,
    hidden=True,
    picked=False,
    played=0,
)


def _first_game():
    return forms.new_play_session(forms.play_settings(DEFAULT_OPPONENT))


@solara.component
def PlayPage():
    """The game's settings in the sidebar; the moves, scores and history in the main area."""
    choices = solara.use_memo(forms.opponent_choices, [])
    first = solara.use_memo(_first_game, [])
    errors = STATE.errors

    def adopt() -> None:
        if STATE.session.value is None:
            STATE.session.set(first)

    solara.use_effect(adopt, [])

    def new_game() -> None:
        try:
            settings = forms.play_settings(STATE.opponent.value, STATE.rounds.value,
                                           STATE.noise.value, STATE.seed.value)  # fmt: skip
        except forms.FormError as exc:
            errors.set(exc.errors)
            return
        errors.set({})
        STATE.session.set(forms.new_play_session(settings))
        STATE.hidden.set(STATE.hide.value or settings["strategy"] is None)
        STATE.picked.set(False)
        STATE.played.set(0)

    def move(action: str) -> None:
        adopt()
        game = STATE.session.value
        if game.finished:
            return
        with forms.RUN_LOCK:
            game.move(action)
        STATE.played.set(game.played)

    def pick(label: str) -> None:
        if label != forms.MASKED:
            STATE.opponent.set(label)
            STATE.picked.set(True)

    def field(value, label: str, name: str) -> None:
        solara.InputText(label, value=value, error=errors.value.get(name, False),
                         continuous_update=True)  # fmt: skip

    game = STATE.session.value if STATE.session.value is not None else first
    moves = STATE.played.value  # read here, so that each move re-renders the page
    hidden = STATE.hidden.value
    # while a hidden game is played, the list does not show the opponent picked for it (one
    # picked meanwhile, for the next game, it shows)
    masked = (hidden and not game.finished and not STATE.picked.value
              and STATE.opponent.value != forms.HIDDEN)  # fmt: skip
    solara.Title("coop_sim: play")
    solara.Style(PAGE_CSS)
    with solara.Sidebar():
        with solara.Card("New game"):
            if masked:
                solara.Select("opponent", values=[forms.MASKED, *choices], value=forms.MASKED,
                              on_value=pick)  # fmt: skip
            else:
                solara.Select("opponent", values=list(choices), value=STATE.opponent.value,
                              on_value=pick)  # fmt: skip
            if "opponent" in errors.value:
                solara.Error(errors.value["opponent"], dense=True)
            solara.Checkbox(label="hide the opponent's name until the end", value=STATE.hide)
            field(STATE.rounds, "rounds", "rounds")
            field(STATE.noise, "noise (chance a move is flipped)", "noise")
            field(STATE.seed, "seed (empty: random)", "seed")
            solara.Button("New game", on_click=new_game, color="primary",
                          classes=["coop-new-game"])  # fmt: skip

    with solara.Column():
        Heading("Play against a strategy")
        rules = forms.play_rules(game, hide=hidden)
        Paragraph("<br>".join(html.escape(line) for line in rules), markup=True,
                  element_id="play-rules")  # fmt: skip
        if errors.value:
            solara.Error(
                "Please correct: "
                + "; ".join(f"{name}: {message}" for name, message in errors.value.items())
            )
        if not hidden and not game.finished and game.description:
            solara.Info(f"Your opponent: {game.opponent}. {game.description}")
        status = forms.play_status(game, hide=hidden)
        Paragraph(status, element_id="play-status", style="font-size: 1.2em")
        with solara.Row():
            solara.Button("C (co-operate)", on_click=lambda: move("C"), color="success",
                          disabled=game.finished, classes=["coop-move-c"])  # fmt: skip
            solara.Button("D (defect)", on_click=lambda: move("D"), color="error",
                          disabled=game.finished, classes=["coop-move-d"])  # fmt: skip
        if game.finished:
            solara.Success(f"{game.opponent}: {game.description}", classes=["coop-reveal"])
        Paragraph(f"Seed {game.seed}: type it into the seed field, with the same settings, to "
                  "replay this game.", element_id="play-seed", style="color: #555")  # fmt: skip
        if moves:
            rows = forms.play_rows(game)
            solara.HTML(tag="div", unsafe_innerHTML=forms.html_table(
                rows, HISTORY_COLUMNS, table_id="play-history"))  # fmt: skip


@solara.component
def Page():
    """The page, for ``solara run coop_sim.app.play``."""
    PlayPage()
