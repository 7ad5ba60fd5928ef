"""The web app (coop_sim.app): its form logic, and its pages rendered headlessly.

The pages are rendered with ``solara.render`` inside ``solara.AppLayout`` (the layout
``solara run`` wraps pages in), so the sidebar's form is part of the widget tree; fields are
typed into and buttons clicked on the widgets.  Runs happen in Solara tasks (threads), so
the tests wait for their output.  tests/test_app_browser.py drives the served app in a real
browser.
"""

import html
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import coop_sim
from coop_sim import run_tournament
from coop_sim.app import forms
from coop_sim.demos import run_demo

solara = pytest.importorskip("solara")
pytest.importorskip("mesa.visualization")
v = pytest.importorskip("ipyvuetify")
widgets = pytest.importorskip("ipywidgets")

from coop_sim.app import demos, main, play, tournament  # noqa: E402

TIMEOUT = 180  # seconds; a cold numba cache compiles the engine on the first run


# ----------------------------------------------------------------------------- helpers


def _wait(predicate, timeout: float = TIMEOUT, what: str = "the page"):
    """Poll ``predicate`` until it returns something truthy (runs are in threads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _html_widgets(rc) -> list:
    return rc.find(solara.widgets.HTML).widgets


def _shown_text(rc) -> str:
    """Everything the page shows as text: its HTML, alerts, and the values in its fields and
    lists (not the lists' closed menus)."""
    parts = [w.unsafe_innerHTML or "" for w in _html_widgets(rc)]
    parts += _alerts(rc)
    for w in rc.find(v.Select).widgets + rc.find(v.TextField).widgets:
        value = w.v_model
        parts += [str(x) for x in value] if isinstance(value, list) else [str(value)]
    return html.unescape(" ".join(parts))


def _html_with(rc, needle: str) -> str | None:
    """The inner HTML of the first HTML widget that contains ``needle``."""
    for w in _html_widgets(rc):
        if w.unsafe_innerHTML and needle in w.unsafe_innerHTML:
            return w.unsafe_innerHTML
    return None


def _html_by_id(rc, element_id: str) -> str | None:
    for w in _html_widgets(rc):
        if w.attributes.get("id") == element_id:
            return html.unescape(w.unsafe_innerHTML or "")
    return None


def _column(table: str, key: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(rf'<td class="{key}(?: num)?">(.*?)</td>', table)]


def _alerts(rc) -> list[str]:
    return [" ".join(str(c) for c in w.children) for w in rc.find(v.Alert).widgets]


def _field(rc, label: str):
    return rc.find(v.TextField, label=label).widget


def _type(rc, label: str, text: str) -> None:
    _field(rc, label).v_model = text


def _click(rc, label: str) -> None:
    rc.find(v.Btn, children=[label]).widget.click()


def _in_layout(component):
    @solara.component
    def Shell():
        with solara.AppLayout():
            component()

    return Shell()


@pytest.fixture
def render():
    """Render a page component in the app layout; close every render context at the end.
    Every page starts fresh (the pages keep their state per browser session, here the
    test process's one)."""
    for module in (tournament, demos, play):
        module.STATE.reset()
    contexts = []

    def _render(component):
        _, rc = solara.render(_in_layout(component), handle_error=False)
        contexts.append(rc)
        return rc

    yield _render
    for rc in contexts:
        rc.close()


# ----------------------------------------------------------------------------- imports


def test_importing_the_package_imports_neither_solara_nor_a_page():
    src = str(Path(coop_sim.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    code = (
        "import sys, coop_sim.app, coop_sim.app.forms\n"
        "bad = [m for m in ('solara', 'coop_sim.app.main', 'coop_sim.app.tournament') "
        "if m in sys.modules]\n"
        "assert not bad, bad\n"
        "assert set(coop_sim.app.PAGES) == {'tournament', 'demos', 'play', 'lattice'}\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


# ----------------------------------------------------------------------------- form logic


def test_tournament_settings_reproduce_the_api():
    settings = forms.tournament_settings(
        ["Tit For Tat", "grudger", "Random", "Defector"], R="4", S="-1", T="6", P="0.5",
        turns="30", noise="0.05", repetitions="4", seed="11",
    )  # fmt: skip
    assert settings == {
        "strategies": ["tit_for_tat", "grudger", "random", "defector"],
        "game": (4.0, -1.0, 6.0, 0.5),
        "turns": 30,
        "continuation": None,
        "noise": 0.05,
        "repetitions": 4,
        "seed": 11,
    }
    shown = forms.run_settings(settings)
    direct = run_tournament(
        ["tit_for_tat", "grudger", "random", "defector"], game=(4, -1, 6, 0.5), turns=30,
        noise=0.05, repetitions=4, seed=11,
    )  # fmt: skip
    assert shown.ranked_names == direct.ranked_names
    assert np.array_equal(shown.normalised_scores, direct.normalised_scores)
    rows = forms.ranking_rows(shown)
    assert [r["name"] for r in rows] == direct.ranked_names
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]
    assert [r["score"] for r in rows] == pytest.approx(direct.median_scores[direct.ranking])
    # the Python call the page prints runs the same tournament
    call = forms.api_call(settings, seed=shown.settings["seed"])
    again = eval(call, {"run_tournament": run_tournament})
    assert again.ranked_names == direct.ranked_names


def test_continuation_mode_and_fresh_seed_are_recorded():
    settings = forms.tournament_settings(
        ["tit_for_tat", "defector"], length="continuation", continuation="0.8", turns="oops",
        seed=" ", repetitions="3",
    )  # fmt: skip
    assert settings["turns"] is None and settings["continuation"] == 0.8
    assert settings["seed"] is None
    result = forms.run_settings(settings)
    seed = result.settings["seed"]
    assert isinstance(seed, int)
    again = run_tournament(["tit_for_tat", "defector"], turns=None, continuation=0.8,
                           repetitions=3, seed=seed)  # fmt: skip
    assert np.array_equal(result.match_lengths, again.match_lengths)
    assert "continuation=0.8" in forms.api_call(settings, seed=seed)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("turns", "0", "turns: must be a whole number in [1, 100000], got 0"),
        ("turns", "2.5", "turns: must be a whole number"),
        ("turns", "2,5", "turns: must be a whole number in [1, 100000], got 2,5"),
        ("repetitions", "1,000", "repetitions: must be a whole number in [1, 1000], got 1,000"),
        ("noise", "1.5", "noise: must be a probability in [0, 1], got 1.5"),
        ("noise", "-0.1", "noise: must be a probability in [0, 1]"),
        ("noise", "0,1", "noise: must be a probability in [0, 1], got 0,1 (write decimals with"),
        ("seed", "1,2", "seed: must be a whole number >= 0, or empty for a random seed, got 1,2"),
        ("repetitions", "abc", "repetitions: must be a whole number in [1, 1000], got abc"),
        ("seed", "-3", "seed: must be a whole number >= 0, or empty for a random seed"),
        ("seed", "x1", "seed: must be a whole number >= 0"),
        ("R", "", "R: must be a number, got "),
        ("T", "inf", "T: must be a number, got inf"),
        ("continuation", "1", "continuation: must be a number in [0, 0.9999], got 1"),
        ("R", "1,000", "R: must be a number, got 1,000 (write decimals with a point)"),
        ("length", "forever", "length: must be one of turns, continuation"),
    ],
)
def test_bad_fields_are_named(field, value, message):
    kwargs = {field: value}
    if field == "continuation":
        kwargs["length"] = "continuation"
    with pytest.raises(forms.FormError) as info:
        forms.tournament_settings(["tit_for_tat", "defector"], **kwargs)
    assert list(info.value.errors) == [field]
    assert message in str(info.value)


def test_every_bad_field_is_reported_at_once_and_runs_are_capped():
    with pytest.raises(forms.FormError) as info:
        forms.tournament_settings(["tit_for_tat", "nobody"], noise="x", seed="y")
    assert set(info.value.errors) == {"strategies", "noise", "seed"}
    assert "unknown strategies: nobody" in info.value.errors["strategies"]
    with pytest.raises(forms.FormError, match="pick at least 2 strategies, got 1"):
        forms.tournament_settings(["tit_for_tat", "Tit For Tat"])  # the same one twice
    everyone = forms.set_labels("all")
    with pytest.raises(forms.FormError, match="more than the page's limit") as info:
        forms.tournament_settings(everyone, turns="100000", repetitions="100")
    assert list(info.value.errors) == ["repetitions"]
    assert forms.tournament_settings(everyone)["strategies"][0] == "cooperator"


def test_game_note_names_games_that_are_not_a_prisoners_dilemma():
    settings = forms.tournament_settings(["tit_for_tat", "defector"], R="5", T="3")
    assert settings["game"] == (5.0, 0.0, 3.0, 1.0)  # legal: the page says which game it is
    assert "stag hunt" in forms.game_note(settings["game"])
    assert forms.game_note((3, 0, 5, 1)) == ""


def test_html_tables_escape_and_format():
    table = forms.html_table(
        [{"name": "<b>A</b>", "x": 0.5, "n": np.int64(3), "ok": True, "gap": None}],
        {"name": "strategy", "x": "x", "n": "n", "ok": "ok", "gap": "gap"},
        table_id="t1",
        row_class="r",
    )
    assert '<table id="t1" data-testid="t1" class="coop-table">' in table
    assert "&lt;b&gt;A&lt;/b&gt;" in table and "<b>A</b>" not in table
    assert _column(table, "x") == ["0.500"] and _column(table, "n") == ["3"]
    assert _column(table, "ok") == ["yes"] and _column(table, "gap") == ["-"]
    assert '<td class="x num">' in table and '<td class="name">' in table
    assert table.count('<tr class="r">') == 1


def test_play_helpers():
    with pytest.raises(forms.FormError) as info:
        forms.play_settings("Tit For Tat", rounds="0", noise="2", seed="s")
    assert set(info.value.errors) == {"rounds", "noise", "seed"}
    with pytest.raises(forms.FormError, match="opponent"):
        forms.play_settings("Nobody At All")
    with pytest.raises(forms.FormError, match=r"rounds: must be a whole number in .*got 1,0"):
        forms.play_settings("Tit For Tat", rounds="1,0")
    hidden = forms.new_play_session(forms.play_settings(forms.HIDDEN, rounds="2", seed="5"))
    from coop_sim.demos.play import PLAY_POOL, choose_opponent, outcome

    assert hidden.opponent_id in PLAY_POOL and hidden.opponent_id == choose_opponent(5)
    assert hidden.seed == 5 and hidden.drawn
    assert forms.play_status(hidden) == "Round 1 of 2. You 0, opponent 0."
    assert hidden.opponent not in forms.play_status(hidden)
    assert hidden.opponent not in " ".join(forms.play_rules(hidden))
    assert forms.play_status(hidden, hide=False).endswith(f"{hidden.opponent} 0.")
    hidden.move("C")
    hidden.move("D")
    assert forms.play_status(hidden) == f"{outcome(hidden)} Your opponent was {hidden.opponent}."
    assert forms.play_status(hidden).startswith("Game over after 2 rounds. Final score: you ")
    assert [r["round"] for r in forms.play_rows(hidden)] == [1, 2]
    # an empty seed draws a short one, which replays the game
    fresh = forms.new_play_session(forms.play_settings(forms.HIDDEN, rounds="2"))
    again = forms.new_play_session(forms.play_settings(forms.HIDDEN, rounds="2",
                                                       seed=str(fresh.seed)))  # fmt: skip
    assert 0 <= fresh.seed < 2**31 and again.opponent_id == fresh.opponent_id


# ----------------------------------------------------------------------------- pages


def test_tournament_page_runs_the_form_and_shows_the_apis_ranking(render):
    rc = render(tournament.Page)
    labels = {w.label for w in rc.find(v.TextField).widgets}
    assert labels >= {"R", "S", "T", "P", "turns", "noise", "repetitions", "seed (empty: random)"}
    chosen = rc.find(v.Select, label="strategies").widget
    assert chosen.v_model == forms.set_labels("demo")
    _type(rc, "turns", "40")
    _type(rc, "repetitions", "3")
    _type(rc, "seed (empty: random)", "5")
    _type(rc, "T", "6")
    _click(rc, "Run tournament")
    table = _wait(lambda: _html_with(rc, 'id="ranking-table"'), what="the ranking")
    api = run_tournament(["cooperator", "defector", "tit_for_tat", "grudger", "random"],
                         game=(3, 0, 6, 1), turns=40, repetitions=3, seed=5)  # fmt: skip
    assert _column(table, "name") == api.ranked_names
    assert _column(table, "rank") == ["1", "2", "3", "4", "5"]
    assert _column(table, "score") == [f"{s:.3f}" for s in api.median_scores[api.ranking]]
    assert len(rc.find(widgets.Image).widgets) == 1  # the figure
    first = bytes(rc.find(widgets.Image).widget.value)
    rc.find(v.BtnToggle).widget.v_model = list(forms.FIGURE_LABELS).index("payoff_heatmap")
    _wait(lambda: bytes(rc.find(widgets.Image).widget.value) != first, what="the new figure")

    # another set and a continuation probability
    rc.find(v.Select, label="start from the set").widget.v_model = "basic"
    assert chosen.v_model == forms.set_labels("basic")
    rc.find(v.Select, label="match length").widget.v_model = forms.LENGTH_MODES["continuation"]
    _type(rc, "continuation w", "0.9")
    _click(rc, "Run tournament")
    ids = forms.tournament_settings(forms.set_labels("basic"))["strategies"]
    api = run_tournament(ids, game=(3, 0, 6, 1), turns=None, continuation=0.9, repetitions=3,
                         seed=5)  # fmt: skip
    table = _wait(
        lambda: (t := _html_with(rc, 'id="ranking-table"')) and len(_column(t, "name")) == 10
        and t, what="the second ranking",
    )  # fmt: skip
    assert _column(table, "name") == api.ranked_names


def test_tournament_page_keeps_its_result_across_tabs_and_marks_it_stale(render):
    rc = render(tournament.Page)
    _type(rc, "turns", "20")
    _type(rc, "seed (empty: random)", "")
    _click(rc, "Run tournament")
    table = _wait(lambda: _html_with(rc, 'id="ranking-table"'), what="the ranking")
    shown = _html_by_id(rc, "ranking-settings")
    seed = int(shown.rsplit("seed ", 1)[1].rstrip("."))  # drawn: short, shown, reusable
    assert 0 <= seed < 2**31
    api = run_tournament(["cooperator", "defector", "tit_for_tat", "grudger", "random"],
                         turns=20, repetitions=10, seed=seed)  # fmt: skip
    assert _column(table, "name") == api.ranked_names
    rc.close()  # another tab, then back: the form and the result are still there
    rc = render(tournament.Page)
    assert _html_with(rc, 'id="ranking-table"') == table
    assert _field(rc, "turns").v_model == "20"
    assert not rc.find(v.Html, class_="coop-stale").widgets
    # a form error: the old ranking stays, greyed out and marked as the previous run
    _type(rc, "noise", "0,5")
    _click(rc, "Run tournament")
    assert any("Not re-run: the form above has errors" in a for a in _alerts(rc))
    stale = rc.find(v.Html, class_="coop-stale").widgets
    assert len(stale) == 1 and _html_with(rc, 'id="ranking-table"') == table
    assert any(w.unsafe_innerHTML == "Ranking (previous run)" for w in _html_widgets(rc))
    _type(rc, "noise", "0")
    _click(rc, "Run tournament")
    _wait(lambda: not rc.find(v.Html, class_="coop-stale").widgets, what="a fresh run")
    assert not any("Not re-run" in a for a in _alerts(rc))


def test_tournament_page_says_self_play_is_not_scored(render):
    rc = render(tournament.Page)
    assert _html_with(rc, "a copy of itself too (shown in the pay-off matrix, but not scored)")


def test_tournament_page_shows_validation_errors_instead_of_running(render):
    rc = render(tournament.Page)
    _type(rc, "noise", "lots")
    _type(rc, "turns", "0")
    _click(rc, "Run tournament")
    alerts = _alerts(rc)
    assert any("noise: must be a probability in [0, 1], got lots" in a for a in alerts), alerts
    assert _field(rc, "noise").error
    assert _field(rc, "noise").messages == ["must be a probability in [0, 1], got lots"]
    assert _field(rc, "turns").messages[0].startswith("must be a whole number")
    assert _html_with(rc, 'id="ranking-table"') is None
    rc.find(v.Select, label="strategies").widget.v_model = ["Tit For Tat"]
    _click(rc, "Run tournament")
    assert any("pick at least 2 strategies, got 1" in a for a in _alerts(rc))
    # fixed, the errors go and the run happens
    rc.find(v.Select, label="strategies").widget.v_model = ["Tit For Tat", "Defector"]
    _type(rc, "noise", "0")
    _type(rc, "turns", "10")
    _click(rc, "Run tournament")
    table = _wait(lambda: _html_with(rc, 'id="ranking-table"'), what="the ranking")
    assert _column(table, "name") == ["Defector", "Tit For Tat"]
    assert not any("Please correct" in a for a in _alerts(rc))
    assert not _field(rc, "noise").error and not _field(rc, "noise").messages


def test_demos_page_runs_a_demo(render):
    rc = render(demos.Page)
    select = rc.find(v.Select, label="demo").widget
    assert select.items == list(forms.demo_choices())
    assert select.items[0] == "1. Don't be envious"  # short names: the sidebar stays narrow
    select.v_model = next(t for t, n in forms.demo_choices().items() if n == "shadow")
    _click(rc, "Run demo")
    takeaway = _wait(lambda: _html_by_id(rc, "demo-takeaway"), what="the takeaway")
    expected = run_demo("shadow", seed=1)
    assert takeaway == expected.takeaway
    assert _html_by_id(rc, "demo-title") == expected.title
    assert _html_by_id(rc, "demo-seed").startswith("Seed 1: ")
    table = _html_with(rc, 'id="demo-table"')
    assert len(re.findall("<tr>", table)) == len(expected.table) + 1  # and the header
    headers = re.findall("<th>(.*?)</th>", table)
    assert headers == list(expected.column_headers().values())
    assert "share Tit For Tat" in headers and "advantage of Alternator" in headers
    assert len(rc.find(widgets.Image).widgets) == 1
    # the result survives a visit to another tab
    rc.close()
    rc = render(demos.Page)
    assert _html_by_id(rc, "demo-takeaway") == expected.takeaway
    # a bad seed is explained, not run, and the previous result is marked as such
    _type(rc, "seed (empty: random)", "minus one")
    _click(rc, "Run demo")
    assert any("seed: must be a whole number" in a for a in _alerts(rc))
    assert any(a.startswith("Not re-run") for a in _alerts(rc))
    assert len(rc.find(v.Html, class_="coop-stale").widgets) == 1


def test_demos_page_shows_the_seed_it_drew(render):
    rc = render(demos.Page)
    rc.find(v.Select, label="demo").widget.v_model = "6. Like-mindedness"
    _type(rc, "seed (empty: random)", "")
    _click(rc, "Run demo")
    shown = _wait(lambda: _html_by_id(rc, "demo-seed"), what="the seed")
    seed = int(shown.split(":")[0].split()[1])
    assert 0 <= seed < 2**31
    assert _html_by_id(rc, "demo-takeaway") == run_demo("like_mindedness", seed=seed).takeaway


def test_play_page_hides_the_opponent_until_the_end(render):
    rc = render(play.Page)
    assert rc.find(v.Select, label="opponent").widget.v_model == forms.HIDDEN  # the default
    assert _html_by_id(rc, "play-status") == "Round 1 of 10. You 0, opponent 0."
    assert "against a hidden opponent" in _html_by_id(rc, "play-rules")
    first = play.STATE.session.value
    assert first is not None and first.drawn
    assert first.opponent not in _shown_text(rc)
    assert _html_by_id(rc, "play-seed").startswith(f"Seed {first.seed}: ")
    # a named opponent, hidden: while the game runs the list does not show it either
    rc.find(v.Select, label="opponent").widget.v_model = "Tit For Tat"
    _type(rc, "rounds", "3")
    _type(rc, "seed (empty: random)", "2")
    _click(rc, "New game")
    assert rc.find(v.Select, label="opponent").widget.v_model == forms.MASKED
    assert "Tit For Tat" not in _shown_text(rc)
    for move in ("C (co-operate)", "D (defect)"):
        _click(rc, move)
        assert "Tit For Tat" not in _shown_text(rc)
    assert _html_by_id(rc, "play-status") == "Round 3 of 3. You 8, opponent 3."
    history = _html_with(rc, 'id="play-history"')
    assert _column(history, "you") == ["C", "D"] and _column(history, "opponent") == ["C", "C"]
    # the game survives a visit to another tab
    rc.close()
    rc = render(play.Page)
    assert _html_by_id(rc, "play-status") == "Round 3 of 3. You 8, opponent 3."
    assert "Tit For Tat" not in _shown_text(rc)
    _click(rc, "C (co-operate)")
    assert _html_by_id(rc, "play-status") == (
        "Game over after 3 rounds. Final score: you 8, your opponent 8 (a tie). "
        "Your opponent was Tit For Tat."
    )
    assert any(a.startswith("Tit For Tat: ") for a in _alerts(rc))
    assert rc.find(v.Select, label="opponent").widget.v_model == "Tit For Tat"  # revealed
    assert rc.find(v.Btn, children=["C (co-operate)"]).widget.disabled


def test_play_page_shows_an_opponent_picked_for_the_next_game(render):
    rc = render(play.Page)
    rc.find(v.Select, label="opponent").widget.v_model = "Tit For Tat"
    _click(rc, "New game")
    _click(rc, "C (co-operate)")
    assert rc.find(v.Select, label="opponent").widget.v_model == forms.MASKED
    # picked meanwhile, for the next game: shown as picked, whichever it is (no tell-tale)
    for label in ("Grudger", "Tit For Tat"):
        rc.find(v.Select, label="opponent").widget.v_model = label
        assert rc.find(v.Select, label="opponent").widget.v_model == label
    assert _html_by_id(rc, "play-status").startswith("Round 2 of 10. You 3, opponent 3.")


def test_play_page_named_opponent_and_bad_fields(render):
    rc = render(play.Page)
    rc.find(v.Checkbox, label="hide the opponent's name until the end").widget.v_model = False
    rc.find(v.Select, label="opponent").widget.v_model = "Defector"
    _type(rc, "rounds", "3")
    _click(rc, "New game")
    assert rc.find(v.Select, label="opponent").widget.v_model == "Defector"
    assert any(a.startswith("Your opponent: Defector.") for a in _alerts(rc))
    assert _html_by_id(rc, "play-rules").startswith(
        "You are playing 3 rounds of the Prisoner&#x27;s Dilemma against Defector."
    ) or "against Defector." in _html_by_id(rc, "play-rules")
    _click(rc, "D (defect)")
    assert _html_by_id(rc, "play-status") == "Round 2 of 3. You 1, Defector 1."
    _type(rc, "rounds", "0")
    _click(rc, "New game")
    assert any("rounds: must be a whole number in [1, 1000], got 0" in a for a in _alerts(rc))
    assert _html_by_id(rc, "play-status") == "Round 2 of 3. You 1, Defector 1."  # unchanged
    # a random opponent is hidden even with the box unticked
    rc.find(v.Select, label="opponent").widget.v_model = forms.HIDDEN
    _type(rc, "rounds", "2")
    _type(rc, "seed (empty: random)", "")
    _click(rc, "New game")
    game = play.STATE.session.value
    assert game.drawn and game.opponent not in _shown_text(rc)
    assert _html_by_id(rc, "play-status") == "Round 1 of 2. You 0, opponent 0."


def test_full_app_routes_and_tabs():
    from solara.autorouting import RenderPage

    play.STATE.reset()
    assert [r.path for r in main.routes] == ["/", "demos", "play", "lattice"]
    from coop_sim.spatial import app as lattice

    assert main.routes[3].component is lattice.Page

    @solara.component
    def Shell():
        solara.RoutingProvider(routes=main.routes, pathname="/play", children=[RenderPage()])

    _, rc = solara.render(Shell(), handle_error=False)
    try:
        assert [w.children for w in rc.find(v.Tab).widgets] == [
            ["Tournament"],
            ["Demos"],
            ["Play"],
            ["Lattice"],
        ]
        assert rc.find(v.Tabs).widget.v_model == 2
        assert _html_by_id(rc, "play-status").startswith("Round 1 of 10")
    finally:
        rc.close()


def test_cli_serves_the_full_app_by_default(capsys):
    from coop_sim import cli

    assert cli.main(["app", "--dry-run", "--port", "9002"]) == 0
    out = capsys.readouterr().out
    assert out.split()[1:] == ["-m", "solara", "run", "coop_sim.app.main", "--port", "9002",
                               "--production"]  # fmt: skip
    from coop_sim.app import PAGES

    for page, module in {**PAGES, "spatial": "coop_sim.spatial.app"}.items():
        assert cli.main(["app", page, "--dry-run"]) == 0
        assert capsys.readouterr().out.split()[4] == module
