"""Pictures of computation graphs: ``draw_dot`` builds the Graphviz graph, ``render`` runs
Graphviz's ``dot`` to write SVG, PNG or PDF.

Two layers, as in the graphviz package: :func:`draw_dot` is pure (it needs only the
``graphviz`` Python package and returns a ``graphviz.Digraph`` whose ``.source`` is the
DOT text), and :func:`render` runs the ``dot`` binary. In Jupyter a Digraph displays
itself, so ``draw_dot(v)`` as the last line of a cell shows the graph.

What a picture shows:

* a box per Value with its label, data and grad, and an oval per operation (its symbol),
  with edges input → operation → output; an input used twice (``x * x``) has two edges;
* node ids from the topological order (``v0``, ``v1``…, ``op3``…), so the same graph gives
  the same DOT text every time;
* boxes coloured by |grad| on a log scale (pale below 1e-8, dark red at 1 and above; grey
  where the gradient is exactly 0), so vanishing gradients are visible at a glance;
* parameters named like ``nn``'s (``layers.0.neurons.1.w.2``) grouped in a cluster per
  neuron inside a cluster per layer;
* ``collapse=True``: one box per neuron (its ``linear`` node and activation, with its
  parameters folded in), for networks too big to draw node by node.
"""

from __future__ import annotations

import html
import math
import re
import shutil
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograd.value import Value, topological_order

if TYPE_CHECKING:
    import graphviz

__all__ = ["GraphvizNotFoundError", "draw_dot", "heat_color", "render"]

#: Default guard: drawing more nodes than this node by node raises, see ``draw_dot``.
MAX_NODES = 1500

_TABLE = '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">'
_PARAMETER = re.compile(r"^(?P<neuron>(?P<layer>.*)\.neurons\.\d+)\.(?:w\.\d+|b)$")
_ACTIVATIONS = frozenset({"relu", "tanh", "sigmoid"})
#: YlOrRd, pale to dark: the heat scale for log10 |grad| from -8 to 0.
_PALETTE = (
    *("#ffffcc", "#ffeda0", "#fed976", "#feb24c"),
    *("#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
)


class GraphvizNotFoundError(RuntimeError):
    """Graphviz's ``dot`` program is not installed, so graphs cannot be rendered."""


def heat_color(grad: float) -> str:
    """The fill colour for a gradient: log10 |grad| from −8 (pale) to 0 or more (dark red).

    Exactly zero is grey (no gradient reaches the node); NaN is white.

    >>> heat_color(0.0), heat_color(1e-9), heat_color(5.0)
    ('#dddddd', '#ffffcc', '#b10026')
    """
    if grad == 0.0:
        return "#dddddd"
    if math.isnan(grad):
        return "#ffffff"
    position = (math.log10(abs(grad)) + 8.0) / 8.0 if math.isfinite(grad) else 1.0
    index = round(min(max(position, 0.0), 1.0) * (len(_PALETTE) - 1))
    return _PALETTE[index]


def draw_dot(
    root: Value,
    rankdir: str = "LR",
    show_grad: bool = True,
    precision: int = 4,
    *,
    heat: bool = True,
    collapse: bool = False,
    clusters: bool = True,
    max_nodes: int = MAX_NODES,
    grads: Mapping[Value, float] | None = None,
    highlight: Collection[Value] = (),
) -> graphviz.Digraph:
    """The computation graph of ``root`` as a ``graphviz.Digraph`` (no ``dot`` needed).

    Args:
        root: the output node; everything it depends on is drawn.
        rankdir: Graphviz layout direction ("LR" left to right, "TB" top to bottom).
        show_grad: show each node's gradient (and colour by it when ``heat``).
        precision: significant digits of data and grad.
        heat: colour boxes by log10 |grad| (see :func:`heat_color`).
        collapse: one box per neuron (linear node + activation, parameters folded in).
        clusters: group parameters named ``….neurons.N.w.I`` by neuron and layer.
        max_nodes: raise instead of building a graph with more nodes than this.
        grads: gradients to show instead of each node's ``.grad`` (nodes missing from the
            mapping show none); the step-through uses this.
        highlight: nodes drawn with a thick blue border.

    Raises:
        ValueError: if the picture would have more than ``max_nodes`` nodes; the message
            gives the count and the options (``collapse=True``, a larger ``max_nodes``).

    >>> x = Value(2.0, label="x")
    >>> y = (x * x).tanh()
    >>> dot = draw_dot(y)
    >>> dot.source.count("->")          # x → * twice (x is used twice), * → x·x → tanh → y
    5
    >>> "<TD>x</TD><TD>data 2</TD><TD>grad 0</TD>" in dot.source
    True
    """
    import graphviz

    order = topological_order(root)
    index = {id(node): i for i, node in enumerate(order)}
    folded, boxes = _collapse(order) if collapse else ({}, {})
    drawn = [n for n in order if id(n) not in folded]
    n_nodes = len(drawn) + sum(1 for n in drawn if n.inputs and id(n) not in boxes)
    if n_nodes > max_nodes:
        raise ValueError(
            f"draw_dot: the graph has {n_nodes} nodes to draw, more than max_nodes={max_nodes}; "
            "pass collapse=True to draw one box per neuron, or raise max_nodes (dot may take "
            "minutes on thousands of nodes)"
        )
    marked = {id(n) for n in highlight}

    dot = graphviz.Digraph("computation_graph", graph_attr={"rankdir": rankdir})
    dot.attr("node", fontname="Helvetica", fontsize="11")
    dot.attr("edge", color="#555555", arrowsize="0.7")

    def grad_of(node: Value) -> float | None:
        if grads is None:
            return node.grad
        return grads.get(node)

    def value_node(graph: graphviz.Digraph, node: Value) -> None:
        i = index[id(node)]
        title = boxes[id(node)][0] if id(node) in boxes else node.label
        cells = [f"<TD>{_escape(title)}</TD>"] if title else []
        cells.append(f"<TD>data {_number(node.data, precision)}</TD>")
        g = grad_of(node)
        if show_grad:
            cells.append(f"<TD>grad {'·' if g is None else _number(g, precision)}</TD>")
        attrs = {"shape": "plaintext", "style": "filled", "margin": "0"}
        attrs["fillcolor"] = heat_color(g) if (heat and show_grad and g is not None) else "#ffffff"
        if attrs["fillcolor"] in _PALETTE[-2:]:
            attrs["fontcolor"] = "white"  # dark fills: keep the text readable
        if id(node) in marked:
            attrs.update(color="#1f4fd1", penwidth="3", shape="box", margin="0.05")
        table = f"<TR>{''.join(cells)}</TR>"
        graph.node(f"v{i}", f"<{_TABLE}{table}</TABLE>>", **attrs)

    # Parameters go into nested clusters: one per layer, one per neuron inside it.
    layers: dict[str, dict[str, list[Value]]] = {}
    for node in drawn:
        match = _PARAMETER.match(node.label) if (clusters and node.is_leaf) else None
        if match:
            layers.setdefault(match["layer"], {}).setdefault(match["neuron"], []).append(node)
        else:
            value_node(dot, node)
    for layer_name, neurons in layers.items():
        with dot.subgraph(name=f"cluster_{_slug(layer_name)}") as layer_graph:
            layer_graph.attr(label=layer_name, style="rounded", color="#999999", fontsize="10")
            for neuron_name, params in neurons.items():
                with layer_graph.subgraph(name=f"cluster_{_slug(neuron_name)}") as neuron_graph:
                    neuron_label = "neuron " + neuron_name.rsplit(".", 1)[-1]
                    neuron_graph.attr(label=neuron_label, style="dashed", color="#bbbbbb")
                    for p in params:
                        value_node(neuron_graph, p)

    for node in drawn:
        i = index[id(node)]
        if id(node) in boxes:
            for child in boxes[id(node)][1]:
                dot.edge(f"v{index[id(child)]}", f"v{i}")
        elif node.inputs:
            prim = node.primitive
            symbol = prim.symbol if prim is not None else node.op
            dot.node(
                f"op{i}", _escape(symbol), shape="ellipse", style="filled", fillcolor="#eeeeee"
            )
            for child in node.inputs:
                dot.edge(f"v{index[id(child)]}", f"op{i}")
            dot.edge(f"op{i}", f"v{i}")
    return dot


def render(root: Value, path: str | Path, format: str | None = None, **options: Any) -> Path:
    """Draw ``root``'s graph with :func:`draw_dot` and write it with Graphviz's ``dot``.

    Args:
        root: the output node.
        path: the file to write.
        format: "svg", "png" or "pdf"; by default taken from ``path``'s suffix, else svg.
        options: passed to :func:`draw_dot` (``collapse=True``, ``rankdir="TB"``…).

    Returns:
        ``path``, as a ``Path``.

    Raises:
        GraphvizNotFoundError: if the ``dot`` program is not installed (the message says
            how to install it); ``draw_dot(root).source`` works without it.
        ValueError: for an unknown format.
    """
    target = Path(path)
    fmt = (format or target.suffix.lstrip(".") or "svg").lower()
    if fmt not in ("svg", "png", "pdf"):
        raise ValueError(f"render: format must be 'svg', 'png' or 'pdf', got {fmt!r}")
    check_dot()
    data = draw_dot(root, **options).pipe(format=fmt)
    target.write_bytes(data)
    return target


def check_dot() -> None:
    """Raise :class:`GraphvizNotFoundError`, saying how to install it, if ``dot`` is missing."""
    if shutil.which("dot") is None:
        raise GraphvizNotFoundError(
            "rendering needs Graphviz's `dot` program, which is not on PATH. Install "
            "Graphviz: `apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` "
            "(macOS), `conda install graphviz`, or see https://graphviz.org/download/. "
            "draw_dot(root).source gives the DOT text without it."
        )


def _collapse(order: list[Value]) -> tuple[dict[int, Value], dict[int, tuple[str, list[Value]]]]:
    """Nodes hidden by the collapsed view, and each neuron box's title and inputs.

    A neuron is a ``linear`` node whose weights and bias are named parameters; with its
    activation (when the activation is its only consumer) it becomes one box.
    """
    consumers: dict[int, list[Value]] = {}
    for node in order:
        for child in node.inputs:
            consumers.setdefault(id(child), []).append(node)
    folded: dict[int, Value] = {}
    boxes: dict[int, tuple[str, list[Value]]] = {}
    for node in order:
        if node.op != "linear":
            continue
        n = (len(node.inputs) - 1) // 2
        params = [*node.inputs[:n], node.inputs[-1]]
        match = _PARAMETER.match(params[0].label)
        if not match or not all(p.is_leaf for p in params):
            continue
        for p in params:
            folded[id(p)] = p
        title = f"{match['neuron']}: Σwx+b"
        data_inputs = list(node.inputs[n : 2 * n])
        box = node
        users = consumers.get(id(node), [])
        if len(users) == 1 and users[0].op in _ACTIVATIONS:
            folded[id(node)] = node
            box = users[0]
            title = f"{match['neuron']}: {box.op}(Σwx+b)"
        boxes[id(box)] = (title, data_inputs)
    return folded, boxes


def _number(x: float, precision: int) -> str:
    return html.escape(f"{x:.{precision}g}")


def _escape(text: str) -> str:
    """Text safe inside an HTML-like Graphviz label (``<``, ``&``, quotes, newlines)."""
    return html.escape(text, quote=True).replace("\n", "<BR/>").replace("\\", "&#92;")


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)
