"""draw_dot's DOT text everywhere; real rendering with Graphviz's dot where installed."""

from __future__ import annotations

import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from autograd import PRIMITIVES, GraphvizNotFoundError, Value, apply, draw_dot, explain, render
from autograd.explain import node_names
from autograd.render import dotted_groups, heat_color
from nn import MLP, hinge, l2

SVG = "{http://www.w3.org/2000/svg}"


def small() -> Value:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    d = (c + a).tanh()  # a used twice
    d.label = "d"
    d.backward()
    return d


def nodes(source: str) -> list[str]:
    """The DOT ids of every node statement."""
    return re.findall(r"^\t+((?:v|op)\d+) \[", source, re.MULTILINE)


def boxes(source: str) -> dict[str, list[str]]:
    """Each value box's rows (title first), by DOT id, without markup."""
    found = {}
    for node_id, table in re.findall(r"^\t+(v\d+) \[label=<(.*?)> id=", source, re.MULTILINE):
        cells = re.findall(r"<TD[^>]*>(.*?)</TD>", table)
        found[node_id] = [re.sub(r"<[^>]+>", "", cell) for cell in cells]
    return found


def ovals(source: str) -> list[str]:
    return re.findall(r"^\t+op\d+ \[label=<(.*?)>", source, re.MULTILINE)


def test_structure_counts_and_ids_follow_the_topological_order() -> None:
    source = draw_dot(small()).source
    # values a, b, c, add, d = v0..v4; operations op2 (mul), op3 (add), op4 (tanh)
    assert sorted(nodes(source)) == sorted(["v0", "v1", "v2", "v3", "v4", "op2", "op3", "op4"])
    assert source.count("->") == 2 + 1 + 2 + 1 + 1 + 1  # inputs → op, op → output
    assert "v0 -> op3 [id=e3_1]" in source and "op4 -> v4 [id=o4]" in source


def test_boxes_show_name_data_and_grad() -> None:
    source = draw_dot(small(), precision=3).source
    shown = boxes(source)
    assert shown["v2"][:2] == ["c", "data -6"] and shown["v2"][2].startswith("grad ")
    assert shown["v3"][0] == "add#1"  # unlabelled: the short name explain uses
    assert ovals(source) == ["×", "+", "tanh"]
    assert all(len(rows) == 2 for rows in boxes(draw_dot(small(), show_grad=False).source).values())


def test_every_name_in_explain_is_a_box_in_the_picture() -> None:
    model = MLP(2, [2, 1], activation="sigmoid", seed=1)
    out = model([Value(0.5, label="x0"), Value(0.1, label="x1")])
    assert isinstance(out, Value)
    loss = (out - 0.9) ** 2 * 0.5
    titles = {rows[0] for rows in boxes(draw_dot(loss, cluster=None).source).values()}
    named = set(re.findall(r"d\(([^()]+)\)/d\(", str(explain(loss))))
    assert named and named <= titles
    assert titles == {name for name in node_names(loss).values() if not name.startswith("const")}


def test_same_graph_same_text() -> None:
    assert draw_dot(small()).source == draw_dot(small()).source


def test_node_used_twice_has_two_edges() -> None:
    x = Value(3.0, label="x")
    source = draw_dot(x * x).source
    assert "v0 -> op1 [id=e1_0]" in source and "v0 -> op1 [id=e1_1]" in source


@pytest.mark.parametrize(
    "label", ["a<b>", 'say "hi"', "{x|y}", "back\\slash", "two\nlines", "&amp"]
)
def test_labels_are_escaped(label: str) -> None:
    x = Value(1.0, label=label)
    table = re.search(r"v0 \[label=<(.*)> id=v0", draw_dot(x * 2.0).source)
    assert table is not None
    title = re.findall(r"<B>(.*?)</B>", table.group(1))[0]
    assert "<" not in title.replace("<BR/>", "") and '"' not in title and "\\" not in title


@pytest.mark.parametrize(
    ("grad", "colour"), [(0.0, "#dddddd"), (1e-12, "#ffffcc"), (1e-4, "#fd8d3c"), (3.0, "#b10026")]
)
def test_heat_colour_on_a_log_scale(grad: float, colour: str) -> None:
    assert heat_color(grad) == colour
    assert heat_color(-grad) == colour


def test_boxes_are_tables_with_their_own_fill_so_no_band_shows() -> None:
    # The fill is the table's BGCOLOR on a node of shape plain (exactly the table's size),
    # never a filled node shape around the table.
    source = draw_dot(small()).source
    for line in re.findall(r"^\t+v\d+ \[.*$", source, re.MULTILINE):
        assert line.endswith("shape=plain]") and "style=filled" not in line
        assert 'BGCOLOR="#' in line


# ---------------------------------------------------------------- constants


# expression of x → the ovals drawn, constants folded
FOLDED: list[tuple[Callable[[Value], Value], list[str]]] = [
    (lambda x: x * 2.0, ["× 2"]),
    (lambda x: 2.0 * x, ["2 ×"]),
    (lambda x: x**2, ["** 2"]),
    (lambda x: 2.0**x, ["2 **"]),
    (lambda x: x + 6.5, ["+ 6.5"]),
    (lambda x: 0.9 - x, ["-", "0.9 +"]),
    (lambda x: x / 4.0, ["4 ** -1", "×"]),  # x * 4**-1: both inputs of ** constant
    (lambda x: apply(PRIMITIVES["exp"], 2.0) * x, ["exp(2)", "×"]),
]


@pytest.mark.parametrize(("build", "expected"), FOLDED)
def test_constants_are_folded_into_their_operation(
    build: Callable[[Value], Value], expected: list[str]
) -> None:
    source = draw_dot(build(Value(3.0, label="x"))).source
    assert ovals(source) == expected
    assert not any(rows[0].startswith("const") for rows in boxes(source).values())


def test_show_constants_draws_them_as_boxes() -> None:
    x = Value(3.0, label="x")
    source = draw_dot(x * 2.0 + 1.0, show_constants=True).source
    assert ovals(source) == ["×", "+"]
    titles = [rows[0] for rows in boxes(source).values()]
    assert titles == ["x", "const 2", "mul#1", "const 1", "add#2"]
    assert source.count('STYLE="dashed"') == 2  # constants look unlike inputs


def test_plain_float_inputs_are_drawn_once_not_once_per_neuron() -> None:
    model = MLP(2, [4, 1], seed=0)
    out = model([0.5, -1.25])
    assert isinstance(out, Value)
    source = draw_dot(out).source
    titles = [rows[0] for rows in boxes(source).values()]
    assert titles.count("const 0.5") == 1 and titles.count("const -1.25") == 1
    shared = [k for k, rows in boxes(source).items() if rows[0].startswith("const")]
    for node_id in shared:  # each feeds all four first-layer neurons
        assert len(re.findall(rf"^\t{node_id} -> op\d+ ", source, re.MULTILINE)) == 4


# ---------------------------------------------------------------- groups and collapsing


@pytest.mark.parametrize(
    ("label", "groups"),
    [
        ("layers.0.neurons.1.w.2", ("layers.0", "layers.0.neurons.1")),
        ("layers.0.neurons.1.b", ("layers.0", "layers.0.neurons.1")),
        ("blocks.3.weight", ("blocks.3",)),
        ("encoder.weight", ()),
        ("w.0", ()),
        ("x0", ()),
        ("", ()),
    ],
)
def test_dotted_groups(label: str, groups: tuple[str, ...]) -> None:
    assert dotted_groups(label) == groups


def test_parameters_are_framed_by_their_groups() -> None:
    model = MLP(2, [2, 1], seed=0)
    out = model([1.0, 2.0])
    assert isinstance(out, Value)
    source = draw_dot(out).source
    assert re.search(r'subgraph cluster_\d+_layers_0 \{\n\t\tcolor="#aaaaaa"', source)
    assert 'label="layers.0"' in source and 'label="neurons.1"' in source
    # inside its frames a parameter shows its label without the frames' prefix
    assert {rows[0] for rows in boxes(source).values()} >= {"w.0", "w.1", "b"}
    assert "subgraph cluster" not in draw_dot(out, cluster=None).source


def test_a_cluster_function_chooses_the_frames() -> None:
    w = [Value(1.0, label=f"enc/w{i}") for i in range(2)]
    out = (w[0] * w[1]).tanh()
    source = draw_dot(out, cluster=lambda label: (label.split("/")[0],)).source
    assert len(re.findall(r"subgraph cluster", source)) == 1 and "label=enc " in source
    assert {rows[0] for rows in boxes(source).values()} >= {"enc/w0", "enc/w1"}


def collapsed_loss() -> Value:
    model = MLP(2, [16, 16, 1], seed=0)
    loss = hinge([model([Value(0.5, label="x0"), Value(-0.3, label="x1")])], [1])  # type: ignore[list-item]
    loss.backward()
    return loss


def test_collapsed_view_is_one_box_per_neuron() -> None:
    loss = collapsed_loss()
    full = draw_dot(loss, max_nodes=10**6).source
    collapsed = draw_dot(loss, collapse=True).source
    assert len(nodes(collapsed)) < len(nodes(full)) // 5
    bodies = [rows[1] for rows in boxes(collapsed).values() if len(rows) == 4]
    assert bodies.count("relu(Σwx+b)") == 32 and bodies.count("Σwx+b") == 1
    assert "w.0" not in collapsed  # parameters folded into their box
    titles = [rows[0] for rows in boxes(collapsed).values()]
    assert titles.count("neurons.3") == 2  # one in each hidden layer's frame
    assert 'label="layers.0"' in collapsed and 'label="layers.2"' in collapsed
    # every input feeds every first-layer neuron: 2×16 + 16×16 + 16 edges into boxes
    into_boxes = re.findall(r"^\tv\d+ -> v\d+ \[id=e\d+_\d+\]$", collapsed, re.MULTILINE)
    assert len(into_boxes) == 2 * 16 + 16 * 16 + 16
    assert "rankdir=LR" in collapsed and "rankdir=TB" in full


def test_collapse_is_generic_over_labels() -> None:
    # Not nn's names: any linear node whose weights and bias are labelled leaves.
    x = [Value(0.5, label="in0"), Value(-1.0, label="in1")]
    weights = [Value(0.1, label="enc.w0"), Value(0.2, label="enc.w1")]
    hidden = apply(PRIMITIVES["linear"], *weights, *x, Value(0.0, label="enc.bias")).tanh()
    out = apply(PRIMITIVES["dot"], Value(3.0, label="head"), hidden)
    source = draw_dot(out, collapse=True, cluster=lambda label: tuple(label.split(".")[:-1])).source
    shown = {rows[0]: rows[1:] for rows in boxes(source).values()}
    assert shown["enc"][0] == "tanh(Σwx+b)"  # titled by the group its parameters share
    assert shown["dot#3"][0] == "Σwx"  # no shared group: its own name
    assert "enc.w0" not in source and "head" not in source


def test_parameters_used_elsewhere_stay_drawn() -> None:
    model = MLP(1, [2, 1], seed=0)
    loss = hinge([model([Value(0.5, label="x")])], [1]) + l2(model.parameters())  # type: ignore[list-item]
    source = draw_dot(loss, collapse=True).source
    titles = [rows[0] for rows in boxes(source).values()]
    assert titles.count("w.0") == 3 and titles.count("b") == 3  # l2 reads every parameter
    assert sum(rows[1] == "relu(Σwx+b)" for rows in boxes(source).values() if len(rows) > 3) == 2
    assert not re.search(r"v\d+ -> v\d+ \[id=e\d+_0\]", source)  # no weight edge into a box


def test_sixteen_samples_sharing_a_network_collapse_to_a_box_per_neuron_each() -> None:
    model = MLP(2, [16, 16, 1], seed=0)
    rng = random.Random(0)
    scores = [model([rng.uniform(-1, 1), rng.uniform(-1, 1)]) for _ in range(16)]
    loss = hinge(scores, [1 if k % 2 else -1 for k in range(16)])  # type: ignore[arg-type]
    source = draw_dot(loss, collapse=True).source
    bodies = [rows[1] for rows in boxes(source).values() if len(rows) == 4]
    assert bodies.count("relu(Σwx+b)") == 16 * 32 and bodies.count("Σwx+b") == 16
    assert sum(rows[0].startswith("const") for rows in boxes(source).values()) == 32


# ---------------------------------------------------------------- options and errors


def test_max_nodes_guard_names_the_count_and_the_options() -> None:
    model = MLP(2, [16, 16, 1], seed=0)
    out = model([0.5, -0.3])
    with pytest.raises(
        ValueError, match=r"has \d+ nodes to draw, more than max_nodes=50; pass collapse=True"
    ):
        draw_dot(out, max_nodes=50)  # type: ignore[arg-type]


def test_node_count_is_boxes_and_ovals() -> None:
    x = Value(2.0, label="x")
    y = (x * 3.0).tanh()  # boxes x, mul#1, tanh#2; ovals × 3, tanh
    draw_dot(y, max_nodes=5)
    with pytest.raises(ValueError, match="has 5 nodes to draw, more than max_nodes=4"):
        draw_dot(y, max_nodes=4)


def test_unknown_rankdir_is_refused() -> None:
    with pytest.raises(ValueError, match="rankdir must be 'TB', 'LR', 'BT' or 'RL', got 'up'"):
        draw_dot(small(), rankdir="up")


def test_grads_and_highlight_override_what_is_shown() -> None:
    a = Value(1.0, label="a")
    b = a * 3.0
    source = draw_dot(b, grads={b: 1.0}, highlight=[b], highlight_edges=[(b, 0)]).source
    assert boxes(source)["v0"] == ["a", "data 1", "grad ·"]
    assert 'BORDER="3" COLOR="#1f4fd1"' in source
    assert 'v0 -> op2 [id=e2_0 color="#1f4fd1" penwidth=3]' in source


def test_autograd_does_not_import_nn() -> None:
    code = "import sys, autograd, autograd.render, autograd.stepthrough; print('nn' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# ---------------------------------------------------------------- without dot


def test_render_without_dot_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(
        GraphvizNotFoundError, match="apt-get install graphviz.*brew install graphviz"
    ):
        render(small(), tmp_path / "g.svg")
    assert draw_dot(small()).source.startswith("digraph")  # still works


@pytest.mark.parametrize(
    "show",
    [
        lambda graph: graph._repr_mimebundle_(),  # what Jupyter calls for a cell's result
        lambda graph: graph._repr_image_svg_xml(),
        lambda graph: graph.pipe(format="svg"),
    ],
)
def test_jupyter_display_without_dot_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, show: Callable[[object], object]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        show(draw_dot(small()))


def test_ipython_display_without_dot_shows_the_install_commands(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    formatters = pytest.importorskip("IPython.core.formatters")
    monkeypatch.setenv("PATH", str(tmp_path))
    formatters.DisplayFormatter().format(draw_dot(small()))  # a cell ending in draw_dot(v)
    shown = capsys.readouterr().err
    assert "GraphvizNotFoundError" in shown and "apt-get install graphviz" in shown
    assert "ExecutableNotFound" not in shown


def test_render_rejects_unknown_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format must be 'svg', 'png' or 'pdf', got 'gif'"):
        render(small(), tmp_path / "g.gif")


# ---------------------------------------------------------------- with dot


@pytest.mark.needs_dot
def test_svg_is_xml_with_every_label(tmp_path: Path) -> None:
    path = render(small(), tmp_path / "graph.svg")
    tree = ET.parse(path)
    text = [t.text or "" for t in tree.iter(f"{SVG}text")]
    for label in ("a", "b", "c", "d", "data 2", "data -3", "×", "tanh", "+", "add#1"):
        assert label in text
    assert sum(t.startswith("grad") for t in text) == 5


@pytest.mark.needs_dot
def test_one_font_family_throughout(tmp_path: Path) -> None:
    model = MLP(2, [2, 1], seed=0)
    path = render(model([1.0, 2.0]), tmp_path / "graph.svg")  # type: ignore[arg-type]
    families = {t.get("font-family") for t in ET.parse(path).iter(f"{SVG}text")}
    assert len(families) == 1  # frame titles too


@pytest.mark.needs_dot
def test_box_fill_is_exactly_the_box(tmp_path: Path) -> None:
    # No coloured band: the filled shape of every box has the bounds of its border.
    path = render(small(), tmp_path / "graph.svg")
    for group in ET.parse(path).iter(f"{SVG}g"):
        if not (group.get("id") or "").startswith("v"):
            continue
        shapes = [e for e in group if e.tag in (f"{SVG}path", f"{SVG}polygon")]
        fills = [e for e in shapes if e.get("fill") not in (None, "none")]
        borders = [e for e in shapes if e.get("fill") == "none"]
        assert len(fills) == 1 and len(borders) == 1
        assert bounds(fills[0]) == bounds(borders[0])


def bounds(shape: ET.Element) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or "")]
    numbers = numbers or [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("points", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.needs_dot
@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_png_and_pdf(tmp_path: Path, fmt: str) -> None:
    data = render(small(), tmp_path / f"graph.{fmt}").read_bytes()
    assert data[:4] in (b"\x89PNG", b"%PDF")


@pytest.mark.needs_dot
def test_png_dpi_sets_the_size(tmp_path: Path) -> None:
    from PIL import Image

    sizes = []
    for dpi in (48, 96):
        with Image.open(render(small(), tmp_path / f"g{dpi}.png", dpi=dpi)) as image:
            sizes.append(image.size[0])
    assert sizes[1] == pytest.approx(2 * sizes[0], abs=4)


@pytest.mark.needs_dot
def test_collapsed_mlp_renders(tmp_path: Path) -> None:
    path = render(collapsed_loss(), tmp_path / "mlp.svg", collapse=True)
    text = [t.text for t in ET.parse(path).iter(f"{SVG}text")]
    assert text.count("relu(Σwx+b)") == 32 and text.count("neurons.15") == 2
