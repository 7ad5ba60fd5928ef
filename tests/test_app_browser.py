"""The web app in a real browser: serve it, drive it with Playwright and the system Chromium.

The app (coop_sim.app.main) is served by the very command ``coop-sim app`` runs
(:func:`coop_sim.cli_spatial.app_command`: ``python -m solara run ... --production``) on a
free local port; headless Chromium (Debian's, at /usr/bin/chromium or $COOP_SIM_CHROMIUM --
no browser is downloaded) runs a tournament through the page and checks the ranking shown
against :func:`coop_sim.run_tournament`, checks that the sidebar never covers the main area
when the tabs switch pages, runs a demo and checks its takeaway, plays a hidden game on the
play page (the opponent's name appears nowhere until the end, and the moves are those of
:func:`coop_sim.demos.play.new_session` with the same seed), comes back to the tournament
page to find its ranking, and opens the lattice page and steps it.

Without Chromium, Playwright or Solara the test is skipped, unless COOP_SIM_BROWSER_TESTS=1
(as .ci/run sets it), when it fails instead.  The page loads Solara's front-end files from
the solara-assets package when installed, else through Solara's proxy of a public CDN.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import coop_sim
from coop_sim import run_tournament
from coop_sim.cli_spatial import app_command
from coop_sim.demos import SHORT_TITLES, run_demo
from coop_sim.demos.play import choose_opponent, new_session

REQUIRED = os.environ.get("COOP_SIM_BROWSER_TESTS", "") == "1"
CHROMIUM = os.environ.get("COOP_SIM_CHROMIUM", "/usr/bin/chromium")
#: Flags this machine's Chromium needs (without the networking ones, connections fail).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT = 90  # seconds for the server to answer
PAGE_TIMEOUT = 90_000  # milliseconds for a page element (the first load can be slow)
RUN_TIMEOUT = 180_000  # milliseconds for a run (a cold numba cache compiles the engine)

# what the test types into the tournament form, and the same run through the API
STRATEGIES = ["cooperator", "defector", "tit_for_tat", "grudger", "random"]  # the 'demo' set
TURNS, REPETITIONS, SEED = 50, 5, 7
# the hidden game: the moves played, and opponents whose names appear nowhere else on the page
MY_MOVES = "CDCC"
CLEAR_NAMES = ("tit_for_tat", "grudger", "win_stay_lose_shift", "tit_for_2_tats")


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason}, and COOP_SIM_BROWSER_TESTS=1 requires the browser test")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@pytest.fixture(scope="module")
def playwright_api():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    for module in ("solara", "mesa.visualization"):
        try:
            __import__(module)
        except ImportError:
            _unavailable(f"{module} is not installed (pip install -e '.[viz]')")
    return sync_playwright


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The served app's URL; the server is stopped (its whole process group) afterwards."""
    port = _free_port()
    log = tmp_path_factory.mktemp("app") / "server.log"
    src = str(Path(coop_sim.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    env.setdefault("MPLBACKEND", "Agg")
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    command = app_command("all", port, host="127.0.0.1", open_browser=False)  # as coop-sim app
    assert "--production" in command
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   stdin=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server stopped with status {process.returncode}:\n{_tail(log)}")
            try:
                with urllib.request.urlopen(url + "/", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer in {START_TIMEOUT} s:\n{_tail(log)}")
            time.sleep(0.25)
        yield url, log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 15)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait(timeout=10)


def _numbers(texts: list[str]) -> list[float]:
    return [float(t) for t in texts]


def _layout(page) -> dict:
    """Where the sidebar and the main area's first heading are (pixels)."""
    return page.evaluate(
        """() => {
          const nav = document.querySelector('.v-navigation-drawer').getBoundingClientRect();
          const h2 = [...document.querySelectorAll('h2')].find(h => h.offsetParent !== null)
                     .getBoundingClientRect();
          return {navLeft: nav.left, navRight: nav.right, navWidth: nav.width,
                  headingLeft: h2.left};
        }"""
    )


def _check_layout(page, heading: str, widths: list) -> None:
    page.get_by_role("heading", name=heading, exact=True).wait_for()
    page.wait_for_timeout(300)  # the drawer's transition
    box = _layout(page)
    assert box["headingLeft"] >= box["navRight"] - 1, (heading, box)  # not under the sidebar
    widths.append(round(box["navWidth"]))


def test_tournament_demo_and_lattice_in_a_browser(playwright_api, server, tmp_path):
    url, log = server
    # the same tournament through the API (also compiles the engine for the server's cache)
    api = run_tournament(STRATEGIES, turns=TURNS, repetitions=REPETITIONS, seed=SEED)
    demo = run_demo("first_tournament", seed=1)

    with playwright_api() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=CHROMIUM_ARGS)  # fmt: skip
        except Exception as exc:  # a Chromium that cannot start here
            _unavailable(f"Chromium at {CHROMIUM} does not start: {exc}")
        errors: list[str] = []
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(PAGE_TIMEOUT)
        try:
            # ------------------------------------------------ the tournament page
            page.goto(url + "/")
            run = page.get_by_role("button", name="Run tournament")
            try:
                run.wait_for()
            except Exception:
                pytest.fail(
                    "the tournament page did not load (Solara's front end needs the "
                    f"solara-assets package or internet access); page errors {errors}; "
                    f"server log:\n{_tail(log)}"
                )
            chosen = page.locator(".v-select").filter(has_text="strategies")
            shown = " ".join(chosen.inner_text().split())
            assert "Cooperator, Defector, Tit For Tat, Grudger, Random" in shown
            page.get_by_label("turns", exact=True).fill(str(TURNS))
            page.get_by_label("repetitions", exact=True).fill(str(REPETITIONS))
            page.get_by_label("seed (empty: random)", exact=True).fill(str(SEED))
            run.click()
            rows = page.locator("#ranking-table tbody tr.ranking-row")
            rows.nth(len(STRATEGIES) - 1).wait_for(timeout=RUN_TIMEOUT)
            assert rows.count() == len(STRATEGIES)
            names = page.locator("#ranking-table td.name").all_inner_texts()
            ranks = page.locator("#ranking-table td.rank").all_inner_texts()
            scores = _numbers(page.locator("#ranking-table td.score").all_inner_texts())
            assert names == api.ranked_names
            assert ranks == [str(k) for k in range(1, len(STRATEGIES) + 1)]
            expected = [round(float(s), 3) for s in api.median_scores[api.ranking]]
            assert scores == pytest.approx(expected, abs=1e-9)
            shown = page.locator("#ranking-settings").inner_text()
            assert f"{TURNS} turns" in shown and shown.endswith(f"seed {SEED}.")
            page.locator("img.widget-image").first.wait_for()  # the figure

            widths: list[int] = []
            _check_layout(page, "Tournament", widths)

            # ------------------------------------------------ a demo (the sidebar stays put)
            page.get_by_role("tab", name="Demos").click()
            page.get_by_role("button", name="Run demo").wait_for()
            _check_layout(page, "Axelrod's principles", widths)
            page.locator(".coop-demo-select .v-input__slot").click()
            page.get_by_role("option", name=SHORT_TITLES["first_tournament"]).click()
            page.get_by_role("button", name="Run demo").click()
            takeaway = page.locator("#demo-takeaway")
            takeaway.wait_for(timeout=RUN_TIMEOUT)
            assert " ".join(takeaway.inner_text().split()) == " ".join(demo.takeaway.split())
            assert page.locator("#demo-title").inner_text() == demo.title
            assert page.locator("#demo-seed").inner_text().startswith("Seed 1: ")
            assert page.locator("#demo-table tbody tr").count() == len(demo.table)
            heads = page.locator("#demo-table th").all_inner_texts()
            assert heads == list(demo.column_headers().values())
            _check_layout(page, "Axelrod's principles", widths)  # a long title changes nothing

            # ------------------------------------------------ a hidden game
            page.get_by_role("tab", name="Play").click()
            page.locator("#play-status").wait_for()
            _check_layout(page, "Play against a strategy", widths)
            assert set(widths) == {400}, widths  # the same sidebar on every page
            body = page.locator("body")
            assert "A random opponent" in body.inner_text()  # the default: hidden, random
            seed = next(k for k in range(1, 100) if choose_opponent(k) in CLEAR_NAMES)
            expected = new_session(None, len(MY_MOVES), seed=seed)
            name = expected.opponent
            page.get_by_label("rounds", exact=True).fill(str(len(MY_MOVES)))
            page.get_by_label("seed (empty: random)", exact=True).fill(str(seed))
            page.get_by_role("button", name="New game").click()
            status = page.locator("#play-status")
            for k, move in enumerate(MY_MOVES, start=1):
                if k < len(MY_MOVES):
                    assert name not in body.inner_text(), (k, name)
                button = "C (co-operate)" if move == "C" else "D (defect)"
                page.get_by_role("button", name=button).click()
                if k < len(MY_MOVES):
                    page.wait_for_function(
                        "k => document.querySelector('#play-status').innerText"
                        ".startsWith(`Round ${k + 1} of`)",
                        arg=k,
                    )
                    assert name not in body.inner_text(), (k, name)
            expected_rows = [expected.move(m) for m in MY_MOVES]
            page.wait_for_function(
                "() => document.querySelector('#play-status').innerText.startsWith('Game over')"
            )
            assert status.inner_text().endswith(f"Your opponent was {name}.")
            assert page.locator(".coop-reveal").inner_text().startswith(f"{name}: ")
            theirs = page.locator("#play-history td.opponent").all_inner_texts()
            assert theirs == [r.opponent for r in expected_rows]
            assert page.locator("#play-seed").inner_text().startswith(f"Seed {seed}: ")

            # ------------------------------------------------ back: the ranking is kept
            page.get_by_role("tab", name="Tournament").click()
            page.locator("#ranking-table").wait_for()
            assert page.locator("#ranking-table td.name").all_inner_texts() == api.ranked_names
            _check_layout(page, "Tournament", widths)

            # ------------------------------------------------ the lattice page
            page.get_by_role("tab", name="Lattice").click()
            step = page.get_by_role("button", name="Step")
            step.wait_for(timeout=RUN_TIMEOUT)
            images = page.locator(".vue-grid-item img.widget-image")  # Mesa's grid of figures
            images.nth(1).wait_for(timeout=RUN_TIMEOUT)  # the lattice and the shares
            page.wait_for_function(
                "() => [...document.querySelectorAll('.vue-grid-item img.widget-image')]"
                ".filter(i => i.complete && i.naturalWidth > 0).length >= 2"
            )
            sizes = images.evaluate_all("els => els.map(i => [i.naturalWidth, i.naturalHeight])")
            assert [640, 480] in sizes, sizes  # the lattice figure (6.4 x 4.8 in at 100 dpi)
            before = images.first.get_attribute("src")
            step.click()
            page.wait_for_function(
                "before => document.querySelector('.vue-grid-item img.widget-image')"
                ".getAttribute('src') !== before",
                arg=before,
                timeout=RUN_TIMEOUT,
            )
            assert not errors, errors
            assert "found despite early return" not in log.read_text(errors="replace")
        except BaseException:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            print(f"screenshot: {tmp_path / 'failure.png'}\nserver log:\n{_tail(log)}")
            raise
        finally:
            browser.close()


def test_skips_or_fails_cleanly_without_chromium(monkeypatch):
    """Without Chromium the browser test skips -- or, when required, fails."""
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "REQUIRED", False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        module._unavailable("no Chromium at /nowhere")
    monkeypatch.setattr(module, "REQUIRED", True)
    with pytest.raises(pytest.fail.Exception, match="COOP_SIM_BROWSER_TESTS=1"):
        module._unavailable("no Chromium at /nowhere")
