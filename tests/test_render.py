"""draw_dot's DOT text everywhere; real rendering with Graphviz's dot where installed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograd import GraphvizNotFoundError, Value, draw_dot, linear, render
from autograd.render import heat_color
from nn import MLP, hinge


def small() -> Value:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    d = (c + a).tanh()  # a used twice
    d.label = "d"
    d.backward()
    return d


def nodes(source: str) -> list[str]:
    return re.findall(r"^\t+((?:v|op)\d+) \[", source, re.MULTILINE)


def test_structure_counts_and_ids_follow_the_topological_order() -> None:
    source = draw_dot(small()).source
    # values a, b, c, add, d = v0..v4; operations op2 (mul), op3 (add), op4 (tanh)
    assert sorted(nodes(source)) == sorted(["v0", "v1", "v2", "v3", "v4", "op2", "op3", "op4"])
    assert source.count("->") == 2 + 1 + 2 + 1 + 1 + 1  # inputs → op, op → output
    assert "v0 -> op3" in source and "op4 -> v4" in source


def test_labels_show_label_data_and_grad() -> None:
    source = draw_dot(small(), precision=3).source
    assert "<TD>c</TD><TD>data -6</TD><TD>grad " in source
    assert "<TD>a</TD><TD>data 2</TD>" in source
    assert 'label="*"' in source and "label=tanh" in source
    assert "grad" not in draw_dot(small(), show_grad=False).source


def test_same_graph_same_text() -> None:
    assert draw_dot(small()).source == draw_dot(small()).source


def test_node_used_twice_has_two_edges() -> None:
    x = Value(3.0, label="x")
    assert draw_dot(x * x).source.count("v0 -> op1") == 2


@pytest.mark.parametrize(
    "label", ["a<b>", 'say "hi"', "{x|y}", "back\\slash", "two\nlines", "&amp"]
)
def test_labels_are_escaped(label: str) -> None:
    x = Value(1.0, label=label)
    source = draw_dot(x * 2.0).source
    cell = re.search(r"<TD>(.*?)</TD><TD>data 1</TD>", source)
    assert cell is not None
    assert "<" not in cell.group(1).replace("<BR/>", "") and '"' not in cell.group(1)


@pytest.mark.parametrize(
    ("grad", "colour"), [(0.0, "#dddddd"), (1e-12, "#ffffcc"), (1e-4, "#fd8d3c"), (3.0, "#b10026")]
)
def test_heat_colour_on_a_log_scale(grad: float, colour: str) -> None:
    assert heat_color(grad) == colour
    assert heat_color(-grad) == colour


def test_parameters_are_clustered_by_layer_and_neuron() -> None:
    model = MLP(2, [2, 1], seed=0)
    out = model([1.0, 2.0])
    source = draw_dot(out).source  # type: ignore[arg-type]
    assert "subgraph cluster_layers_0 {" in source
    assert "subgraph cluster_layers_0_neurons_1 {" in source
    assert re.search(r'label="?layers\.0"?\s', source) and 'label="neuron 1"' in source
    assert "subgraph cluster" not in draw_dot(out, clusters=False).source  # type: ignore[arg-type]


def test_collapsed_view_is_one_box_per_neuron() -> None:
    model = MLP(2, [16, 16, 1], seed=0)
    loss = hinge([model([Value(0.5, label="x0"), Value(-0.3, label="x1")])], [1])  # type: ignore[list-item]
    loss.backward()
    full = draw_dot(loss, max_nodes=10**6).source
    collapsed = draw_dot(loss, collapse=True).source
    assert len(nodes(collapsed)) < len(nodes(full)) // 5
    assert collapsed.count(": relu(Σwx+b)") == 32 and collapsed.count(": Σwx+b") == 1
    assert "layers.0.neurons.0.w.0" not in collapsed  # parameters folded into their box
    # every input feeds every first-layer neuron: 2×16 + 16×16 + 16 edges between boxes
    box_edges = re.findall(r"^\tv\d+ -> v\d+$", collapsed, re.MULTILINE)
    assert len(box_edges) == 2 * 16 + 16 * 16 + 16


def test_max_nodes_guard_names_the_count_and_the_options() -> None:
    model = MLP(2, [16, 16, 1], seed=0)
    out = model([0.5, -0.3])
    with pytest.raises(
        ValueError, match=r"has \d+ nodes to draw, more than max_nodes=50; pass collapse=True"
    ):
        draw_dot(out, max_nodes=50)  # type: ignore[arg-type]


def test_grads_and_highlight_override_what_is_shown() -> None:
    a = Value(1.0, label="a")
    b = a * 3.0
    source = draw_dot(b, grads={b: 1.0}, highlight=[b]).source
    assert "<TD>a</TD><TD>data 1</TD><TD>grad ·</TD>" in source
    assert "penwidth=3" in source


def test_render_without_dot_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(
        GraphvizNotFoundError, match="apt-get install graphviz.*brew install graphviz"
    ):
        render(small(), tmp_path / "g.svg")
    assert draw_dot(small()).source.startswith("digraph")  # still works


def test_render_rejects_unknown_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format must be 'svg', 'png' or 'pdf', got 'gif'"):
        render(small(), tmp_path / "g.gif")


@pytest.mark.needs_dot
def test_svg_is_xml_with_every_label(tmp_path: Path) -> None:
    root = small()
    path = render(root, tmp_path / "graph.svg")
    tree = ET.parse(path)
    text = " ".join(t.text or "" for t in tree.iter() if t.tag.endswith("text"))
    for label in ("a", "b", "c", "d", "data 2", "data -3", "*", "tanh", "+"):
        assert label in text.split() or label in text
    assert text.count("grad") == 5


@pytest.mark.needs_dot
@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_png_and_pdf(tmp_path: Path, fmt: str) -> None:
    data = render(small(), tmp_path / f"graph.{fmt}").read_bytes()
    assert data[:4] in (b"\x89PNG", b"%PDF")


@pytest.mark.needs_dot
def test_collapsed_mlp_renders(tmp_path: Path) -> None:
    model = MLP(2, [16, 16, 1], seed=0)
    out = model([linear([Value(1.0)], [0.5], 0.0), Value(-0.3)])
    path = render(out, tmp_path / "mlp.svg", collapse=True)  # type: ignore[arg-type]
    assert "layers.1.neurons.15: relu(Σwx+b)" in path.read_text(encoding="utf-8")
