"""Tests of coop_sim.plot_spatial: lattice and network snapshots, shares, GIF animation."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from PIL import Image

from coop_sim import plot_spatial as ps
from coop_sim.spatial import LatticeModel, NetworkModel

BLUE, RED, GREEN, YELLOW = (to_rgba(c) for c in ps.CHANGE_COLOURS.values())


def cell_colours(fig: Figure) -> np.ndarray:
    """RGBA of every drawn cell, indexed [row y, column x] as on the page."""
    image = fig.axes[0].images[0]
    return image.to_rgba(image.get_array(), bytes=False)


def legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_four_colours_follow_nowak_and_may_on_a_crafted_pair():
    # [x, y] layout, 3 wide and 2 high; 0 = C, 1 = D
    before = np.array([[0, 1], [1, 0], [0, 1]])
    now = np.array([[0, 1], [0, 1], [1, 1]])
    fig = ps.lattice_snapshot(now, previous=before, names=["Cooperator", "Defector"])
    ax = fig.axes[0]
    image = ax.images[0]
    assert image.origin == "lower"  # y grows upwards
    assert image.get_array().shape == (2, 3)  # rows y, columns x
    rgba = cell_colours(fig)
    expected = {  # (x, y): colour
        (0, 0): BLUE,  # C stayed C
        (0, 1): RED,  # D stayed D
        (1, 0): GREEN,  # D became C
        (1, 1): YELLOW,  # C became D
        (2, 0): YELLOW,
        (2, 1): RED,
    }
    for (x, y), colour in expected.items():
        assert tuple(rgba[y, x]) == pytest.approx(colour), (x, y)
    assert legend_texts(ax) == ["C stayed C", "D stayed D", "D became C", "C became D"]
    assert ax.get_legend().get_title().get_text() == "C = Cooperator\nD = Defector"
    handles = ax.get_legend().legend_handles
    assert [to_rgba(h.get_facecolor()) for h in handles] == [BLUE, RED, GREEN, YELLOW]


def test_the_cooperator_is_found_by_name_and_can_be_chosen():
    before = np.array([[0, 0], [1, 1], [0, 0]])
    now = np.array([[0, 1], [1, 0], [0, 0]])
    # strategy 1 is the co-operator here: index 0 staying is "D stayed D"
    fig = ps.lattice_snapshot(now, previous=before, names=["Defector", "Cooperator"])
    assert tuple(cell_colours(fig)[0, 0]) == pytest.approx(RED)
    assert tuple(cell_colours(fig)[1, 0]) == pytest.approx(GREEN)  # (0, 1): D -> C
    assert fig.axes[0].get_legend().get_title().get_text() == "C = Cooperator\nD = Defector"
    fig = ps.lattice_snapshot(now, previous=before, names=["A", "B"], cooperator=1)
    assert tuple(cell_colours(fig)[0, 0]) == pytest.approx(RED)
    with pytest.raises(ValueError, match="cooperator must be 0 or 1"):
        ps.lattice_snapshot(now, previous=before, cooperator=2)


def test_strategy_colours_without_changes_and_for_three_strategies():
    assert ps.strategy_colours(3) == list(ps.OKABE_ITO[:3])
    model = LatticeModel(
        8, strategies=["cooperator", "defector", "tit_for_tat"], b=1.6, seed=2, agents=False
    )
    model.step()
    fig = ps.lattice_snapshot(model)  # three strategies: one colour each, previous ignored
    ax = fig.axes[0]
    assert ax.get_title() == "Generation 1"
    assert legend_texts(ax) == ["Cooperator", "Defector", "Tit For Tat"]
    assert np.array_equal(ax.images[0].get_array(), model.lattice.T)
    rgba = cell_colours(fig)
    palette = [to_rgba(c) for c in ps.OKABE_ITO[:3]]
    for x in range(8):
        for y in range(8):
            assert tuple(rgba[y, x]) == pytest.approx(palette[model.lattice[x, y]])
    two = LatticeModel(6, b=1.6, seed=1, agents=False)
    fig = ps.lattice_snapshot(two, changes=False, title="plain")
    assert legend_texts(fig.axes[0]) == ["Cooperator", "Defector"]
    assert fig.axes[0].get_title() == "plain"
    assert np.array_equal(fig.axes[0].images[0].get_array(), two.lattice.T)


def test_a_model_snapshot_uses_the_previous_lattice():
    model = LatticeModel(9, b=1.9, initial="mutant", torus=False, seed=1, agents=False)
    model.step()  # the central defector's 3 x 3 neighbourhood turns to defection
    codes = ps.lattice_snapshot(model).axes[0].images[0].get_array()
    expected = np.zeros((9, 9), dtype=int)
    expected[3:6, 3:6] = 3  # C became D
    expected[4, 4] = 1  # D stayed D (the mutant at (4, 4))
    assert np.array_equal(codes, expected)
    target = Figure().add_subplot()
    assert ps.lattice_snapshot(model, ax=target).axes[0] is target


def test_lattice_snapshot_refuses_bad_input():
    lattice = np.array([[0, 2], [1, 1]])
    with pytest.raises(ValueError, match="names must name every strategy"):
        ps.lattice_snapshot(lattice, names=["a", "b"])
    with pytest.raises(ValueError, match=r"previous must have the lattice's shape \(2, 2\)"):
        ps.lattice_snapshot(lattice % 2, previous=np.zeros((3, 2), dtype=int))
    with pytest.raises(ValueError, match="needs exactly 2 strategies"):
        ps.lattice_snapshot(lattice, previous=lattice)
    with pytest.raises(ValueError, match="array of strategy indices"):
        ps.lattice_snapshot(np.zeros((2, 2)))
    network = NetworkModel(nx.cycle_graph(5), b=1.2, seed=1)
    with pytest.raises(TypeError, match="use network_snapshot"):
        ps.lattice_snapshot(network)


@pytest.fixture(scope="module")
def network():
    model = NetworkModel(nx.barabasi_albert_graph(40, 2, seed=3), b=1.5, seed=3, agents=False)
    model.step()
    return model


def test_network_snapshot_colours_nodes_by_strategy(network):
    fig = ps.network_snapshot(network, layout="circular")
    ax = fig.axes[0]
    nodes = ax.collections[-1]  # drawn after the edges
    palette = np.array([to_rgba(c) for c in ps.strategy_colours(2)])
    assert np.allclose(nodes.get_facecolors(), palette[network.population.state])
    assert legend_texts(ax) == ["Cooperator", "Defector"]
    assert ax.get_title() == "Generation 1"
    segments = ax.collections[0].get_segments()  # the links, drawn first
    assert len(segments) == network.population.topology.idx.size // 2  # each link once
    positions = {node: (float(node), 0.0) for node in range(40)}
    fig = ps.network_snapshot(network, layout=positions)
    assert np.allclose(fig.axes[0].collections[-1].get_offsets()[:, 0], np.arange(40))
    with pytest.raises(ValueError, match="position to every node; 1 missing"):
        ps.network_snapshot(network, layout={k: v for k, v in positions.items() if k != 7})
    with pytest.raises(ValueError, match="layout must be one of"):
        ps.network_snapshot(network, layout="hairball")


def test_network_snapshot_refuses_large_networks_and_lattices(network, monkeypatch):
    monkeypatch.setattr(ps, "MAX_NETWORK_NODES", 39)
    with pytest.raises(ValueError, match="at most 39 nodes, the model has 40"):
        ps.network_snapshot(network)
    with pytest.raises(TypeError, match="use lattice_snapshot"):
        ps.network_snapshot(LatticeModel(5, b=1.5, seed=1, agents=False))


def test_spatial_shares_draws_the_collected_columns(network):
    model = LatticeModel(10, b=1.85, seed=4, agents=False)
    for _ in range(4):
        model.step()
    data = model.datacollector.model_vars
    fig = ps.spatial_shares(model)
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["Cooperator", "Defector"]
    for line, name in zip(ax.lines, model.names, strict=True):
        assert line.get_xdata().tolist() == [0, 1, 2, 3, 4]
        assert line.get_ydata().tolist() == data[f"share {name}"]
        assert to_rgba(line.get_color()) == to_rgba(ps.strategy_colours(2)[line is ax.lines[1]])
    assert ax.get_ylim() == (0.0, 1.0)
    fig = ps.spatial_shares(network, clusters=True)
    twin = fig.axes[1]
    assert [line.get_ydata().tolist() for line in twin.lines] == [
        network.datacollector.model_vars[f"clusters {n}"] for n in network.names
    ]
    bare = LatticeModel(5, b=1.5, seed=1, agents=False, clusters=False)
    with pytest.raises(ValueError, match="clusters=True"):
        ps.spatial_shares(bare, clusters=True)


def test_animate_lattice_writes_a_multi_frame_gif(tmp_path, capsys):
    model = LatticeModel(11, b=1.9, initial="mutant", torus=False, seed=1, agents=False)
    path = ps.animate_lattice(model, 5, tmp_path / "run.gif", every=2, fps=5, dpi=30,
                              progress=True)  # fmt: skip
    assert "100.0%  5/5 generations" in capsys.readouterr().err
    assert path == tmp_path / "run.gif"
    assert model.generation == 5
    assert [p.name for p in tmp_path.iterdir()] == ["run.gif"]  # no temporary left
    with Image.open(path) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames == 4  # generations 0, 2, 4 and the last, 5
        assert gif.size == (int(6.4 * 30), int(4.8 * 30))
        assert gif.info["duration"] == 200
        first = np.array(gif.convert("RGB"))
        gif.seek(3)
        last = np.array(gif.convert("RGB"))
    blue = np.array([0x00, 0x72, 0xB2])
    yellow = np.array([0xF0, 0xE4, 0x42])

    def has(frame, colour):
        return bool(np.any(np.abs(frame.astype(int) - colour).sum(axis=-1) < 40))

    assert has(first, blue) and not has(first[:, :120], yellow)  # nothing changed yet
    assert has(last, yellow)  # the defectors' front advances


def test_animate_lattice_leaves_nothing_on_error_or_interrupt(tmp_path):
    model = LatticeModel(7, b=1.9, initial="mutant", seed=1, agents=False)
    original = model.step
    calls = []

    def failing(exc):
        def step():
            calls.append(1)
            if len(calls) == 3:
                raise exc
            original()

        return step

    for exc in (RuntimeError("boom"), KeyboardInterrupt()):
        calls.clear()
        model.step = failing(exc)
        with pytest.raises(type(exc)):
            ps.animate_lattice(model, 6, tmp_path / "run.gif", dpi=20)
        assert list(tmp_path.iterdir()) == []
    (tmp_path / "old.gif").write_bytes(b"old")
    model.step = original
    ps.animate_lattice(model, 1, tmp_path / "old.gif", dpi=20)  # replaced whole
    assert (tmp_path / "old.gif").read_bytes()[:3] == b"GIF"
    with pytest.raises(ValueError, match=r"must name a \.gif file"):
        ps.animate_lattice(model, 1, tmp_path / "run.png")
    with pytest.raises(ValueError, match="every must be an int >= 1"):
        ps.animate_lattice(model, 1, tmp_path / "run.gif", every=0)
    with pytest.raises(ValueError, match="fps must be a finite real number > 0, got 0"):
        ps.animate_lattice(model, 1, tmp_path / "run.gif", fps=0)
    with pytest.raises(TypeError, match="changes must be True or False, got 1"):
        ps.animate_lattice(model, 1, tmp_path / "run.gif", changes=1)
    with pytest.raises(TypeError, match="LatticeModel"):
        ps.animate_lattice(NetworkModel(nx.cycle_graph(5), seed=1), 1, tmp_path / "n.gif")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.gif"]
