"""The SolaraViz page of the spatial models (coop_sim.spatial.app), rendered headlessly.

The page is rendered with ``solara.render`` (as Mesa's own tests render SolaraViz) inside a
``solara.AppLayout`` -- the layout ``solara run`` wraps pages in -- so that the sidebar's
controls are part of the widget tree; buttons are clicked and controls set on the widgets.
"""

import os
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

solara = pytest.importorskip("solara")
pytest.importorskip("mesa.visualization")
v = pytest.importorskip("ipyvuetify")
widgets = pytest.importorskip("ipywidgets")

import coop_sim  # noqa: E402
from coop_sim.spatial import app  # noqa: E402

LATTICE_PX = (640, 480)  # app.LATTICE_INCHES at 100 dpi
SHARES_PX = (640, 360)  # app.SHARES_INCHES


def _png_size(data) -> tuple[int, int]:
    data = bytes(data)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _figures(rc) -> dict:
    """The page's PNG images by role (told apart by their sizes)."""
    images = rc.find(widgets.Image).widgets
    sizes = {_png_size(w.value): bytes(w.value) for w in images}
    assert len(images) == 2, [_png_size(w.value) for w in images]
    assert set(sizes) == {LATTICE_PX, SHARES_PX}, set(sizes)
    return {"lattice": sizes[LATTICE_PX], "shares": sizes[SHARES_PX]}


def _in_layout(element_factory):
    @solara.component
    def Shell():
        with solara.AppLayout():
            element_factory()

    return Shell()


def test_importing_the_package_does_not_import_solara():
    src = str(Path(coop_sim.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]))
    code = (
        "import sys, coop_sim.spatial\n"
        "bad = [m for m in ('solara', 'coop_sim.spatial.app') if m in sys.modules]\n"
        "assert not bad, bad\n"
        "from coop_sim.spatial import LatticeModel\n"  # imports Mesa, not the page
        "assert 'coop_sim.spatial.app' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_four_colours_of_previous_and_current_strategy():
    from matplotlib.colors import to_rgba

    from coop_sim.plot_spatial import CHANGE_COLOURS

    fake = types.SimpleNamespace(
        lattice=np.array([[0, 1], [0, 1]], dtype=np.int8),  # [x, y]
        previous_lattice=np.array([[0, 0], [1, 1]], dtype=np.int8),
        names=("Cooperator", "Defector"),
        generation=4,
        shares=lambda: np.array([0.5, 0.5]),
    )
    ax = app.lattice_figure(fake).axes[0]
    image = ax.get_images()[0]
    codes = image.get_array()  # shown transposed: row y, column x
    expected = {(0, 0): "C stayed C", (0, 1): "C became D", (1, 0): "D became C",
                (1, 1): "D stayed D"}  # fmt: skip
    for (x, y), change in expected.items():
        assert image.cmap(image.norm(codes[y, x])) == to_rgba(CHANGE_COLOURS[change]), (x, y)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == list(CHANGE_COLOURS)
    assert "C = Cooperator" in legend.get_title().get_text()
    assert ax.get_title() == "Generation 4: Cooperator 50.0%, Defector 50.0%"
    assert (LATTICE_PX[0] / 100, LATTICE_PX[1] / 100) == app.LATTICE_INCHES


def test_more_strategies_are_coloured_by_current_strategy():
    fake = types.SimpleNamespace(
        lattice=np.array([[0, 1, 2]], dtype=np.int8),
        previous_lattice=np.array([[2, 2, 2]], dtype=np.int8),
        names=("A", "B", "C"),
        generation=0,
        shares=lambda: np.full(3, 1 / 3),
    )
    ax = app.lattice_figure(fake).axes[0]
    image = ax.get_images()[0]
    colours = [image.cmap(image.norm(c)) for c in image.get_array()[:, 0]]
    assert len(set(colours)) == 3
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A", "B", "C"]


def test_page_renders_steps_and_rebuilds_from_its_controls():
    model = solara.reactive(app.LatticeExplorer(size=20, seed=3))
    first = model.value
    _, rc = solara.render(_in_layout(lambda: app.viz(model)), handle_error=False)
    try:
        # every control of the brief is in the sidebar
        sliders = {w.label for w in rc.find(v.Slider).widgets}
        for spec in app.model_params.values():
            if spec["type"].startswith("Slider"):
                assert spec["label"] in sliders
        selects = {w.label: w for w in rc.find(v.Select).widgets}
        assert selects["rule"].items == ["imitate-best", "fermi", "proportional", "death-birth"]
        assert set(selects) >= {"rule", "neighbourhood", "initial", "activation"}

        before = _figures(rc)
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert model.value is first and first.generation == 1
        after = _figures(rc)
        assert after["lattice"] != before["lattice"]
        assert after["shares"] != before["shares"]
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert first.generation == 2 and _figures(rc)["lattice"] != after["lattice"]

        # controls take effect on Reset: a new model built from them
        rc.find(v.Slider, label="size (cells per side)").widget.v_model = 21
        rc.find(v.Slider, label="b (temptation)").widget.v_model = 1.6
        selects["rule"].v_model = "fermi"
        rc.find(v.Slider, label="K (Fermi temperature)").widget.v_model = 0.4
        selects["neighbourhood"].v_model = "von-neumann"
        rc.find(v.Checkbox, label="torus (wrap around)").widget.v_model = False
        seed = rc.find(v.TextField, label="seed (int; empty: random)").widget
        seed.v_model = "11"
        seed.fire_event("focusout", {})
        assert model.value is first  # nothing rebuilt before Reset
        rc.find(v.Btn, children=["Reset"]).widget.click()
        new = model.value
        assert new is not first and isinstance(new, app.LatticeExplorer)
        assert new.generation == 0 and new.lattice.shape == (21, 21)
        settings = new.population.settings
        assert settings["game"] == (1.0, 0.0, 1.6, 0.0)
        assert settings["rule"] == "fermi" and settings["temperature"] == 0.4
        assert settings["topology"] == "von-neumann" and settings["torus"] is False
        assert new.controls["seed"] == 11
        assert new.grid is None  # no Mesa agents: the page draws from the arrays
        reference = app.LatticeExplorer(**new.controls)
        assert np.array_equal(new.lattice, reference.lattice)
        shown = _figures(rc)
        assert shown["lattice"] != after["lattice"]
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert new.generation == 1 and _figures(rc)["shares"] != shown["shares"]

        # the full pay-offs instead of Nowak and May's game, and a mutant start
        rc.find(v.Checkbox, label=app.model_params["nowak_may"]["label"]).widget.v_model = False
        rc.find(v.Slider, label="T").widget.v_model = 4.0
        selects["initial"].v_model = "mutant"
        rc.find(v.Btn, children=["Reset"]).widget.click()
        mutant = model.value
        assert mutant.population.settings["game"] == (3.0, 0.0, 4.0, 1.0)
        assert mutant.population.counts().tolist() == [21 * 21 - 1, 1]
    finally:
        rc.close()


def test_page_component_renders_its_own_model():
    _, rc = solara.render(_in_layout(app.Page), handle_error=False)
    try:
        before = _figures(rc)
        rc.find(v.Btn, children=["Step"]).widget.click()
        after = _figures(rc)
        assert after["lattice"] != before["lattice"] and after["shares"] != before["shares"]
    finally:
        rc.close()


def test_controls_map_to_the_model():
    model = app.LatticeExplorer(
        size=20, initial="random", cooperators=1.0, rule="proportional", exponent=2.5,
        activation="asynchronous", seed="",
    )  # fmt: skip
    assert model.population.counts().tolist() == [400, 0]
    assert model.population.settings["exponent"] == 2.5
    assert model.population.settings["activation"] == "asynchronous"
    assert model.controls["seed"] is None
    block = app.LatticeExplorer(size=20, initial="block", block=4, seed=0)
    assert block.population.counts().tolist() == [400 - 16, 16]
    one = app.LatticeExplorer(size=20, seed="one")  # text that is not a number: a seed still
    assert one.controls["seed"] == app.LatticeExplorer(size=20, seed="one").controls["seed"]
    assert isinstance(one.controls["seed"], int)
    with pytest.raises(ValueError, match="cooperators"):
        app.LatticeExplorer(size=20, cooperators=1.5)


def test_large_lattice_draws_without_agents():
    model = app.LatticeExplorer(size=200, seed=5)
    model.step()
    assert model.grid is None and len(list(model.agents)) == 0
    image = app.lattice_figure(model).axes[0].get_images()[0]
    assert image.get_array().shape == (200, 200)
    shares = app.share_figure(model).axes[0].get_lines()
    assert [line.get_label() for line in shares] == ["Cooperator", "Defector"]
    assert len(shares[0].get_ydata()) == 2
