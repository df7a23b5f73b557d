"""Pictures of computation graphs: ``draw_dot`` builds the Graphviz graph, ``render`` runs
Graphviz's ``dot`` to write SVG, PNG or PDF.

Two layers, as in the graphviz package: :func:`draw_dot` is pure (it needs only the
``graphviz`` Python package and returns a ``graphviz.Digraph`` whose ``.source`` is the
DOT text), and :func:`render` runs the ``dot`` binary. In Jupyter the graph displays
itself, so ``draw_dot(v)`` as the last line of a cell shows it (or, without ``dot``,
raises :class:`GraphvizNotFoundError` saying how to install it).

What a picture shows, by default:

* a box per Value with its name (the same name ``explain`` uses: its label, else
  ``mul#2``…), data and grad, and an oval per operation, with edges input → operation
  → output; an input used twice (``x * x``) has two edges;
* constants (numbers written in an operation, the 2 of ``v * 2``) folded into their
  operation's oval (``× 2``, ``** 2``, ``0.9 +``); those of operations with more inputs
  (a first layer fed plain floats) drawn once per number and input position, not once
  per use; ``show_constants=True`` draws every constant as a box of its own;
* boxes coloured by |grad| on a log scale (pale below 1e-8, dark red at 1 and above; grey
  where the gradient is exactly 0), so vanishing gradients are visible at a glance;
* labelled leaves grouped in nested frames by ``cluster`` (by default the parts of a
  dotted label that end in a number: ``layers.0`` › ``neurons.1`` › ``w.2``);
* ``collapse=True``: one box per neuron (a ``linear`` node whose weights and bias are
  labelled leaves, with its activation), for networks too big to draw node by node;
* node ids from the topological order (``v0``, ``v1``…, ``op3``…; edge ``e3_0`` enters
  ``op3`` at input 0), so the same graph gives the same DOT text every time.

Layout: top to bottom (left to right when collapsed), 10-point text, tight spacing, so
that small networks fit a screen at full size; bigger ones are meant to be scrolled, not
shrunk.
"""

from __future__ import annotations

import functools
import html
import math
import re
import shutil
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograd.explain import names_of, number, symbol_of
from autograd.graph import topological_order
from autograd.value import Value

if TYPE_CHECKING:
    import graphviz

__all__ = ["GraphvizNotFoundError", "dotted_groups", "draw_dot", "heat_color", "render"]

#: Default guard: drawing more nodes than this node by node raises, see ``draw_dot``.
MAX_NODES = 1500

#: One font family for everything (boxes, ovals, frames); ``dot`` falls back to a sans.
FONT = "Helvetica"
#: The highlight colour (step-through, ``highlight=``).
HIGHLIGHT = "#1f4fd1"
_MARKED_EDGE = f' color="{HIGHLIGHT}" penwidth=3'
_ACTIVATIONS = frozenset({"relu", "tanh", "sigmoid"})
#: YlOrRd, pale to dark: the heat scale for log10 |grad| from -8 to 0.
_PALETTE = (
    *("#ffffcc", "#ffeda0", "#fed976", "#feb24c"),
    *("#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
)
#: A function from a label to its groups, outermost first (see :func:`dotted_groups`).
Cluster = Callable[[str], Sequence[str]]


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


def text_color(fill: str) -> str:
    """Black, or white on the darkest heat colours, so box text stays readable."""
    return "white" if fill in _PALETTE[-2:] else "black"


def dotted_groups(label: str) -> tuple[str, ...]:
    """The groups of a dotted label: each prefix ending in a number, outermost first.

    The default ``cluster`` of :func:`draw_dot`: numbered parts (``layers.0``,
    ``neurons.1``) are the items of a list, so every parameter of one item shares a
    frame. A label without numbered parts has no group.

    >>> dotted_groups("layers.0.neurons.1.w.2")
    ('layers.0', 'layers.0.neurons.1')
    >>> dotted_groups("encoder.bias"), dotted_groups("x0")
    ((), ())
    """
    parts = label.split(".")
    return tuple(".".join(parts[: i + 1]) for i in range(len(parts) - 1) if parts[i].isdigit())


def draw_dot(
    root: Value,
    rankdir: str | None = None,
    show_grad: bool = True,
    precision: int = 4,
    *,
    heat: bool = True,
    collapse: bool = False,
    cluster: Cluster | None = dotted_groups,
    show_constants: bool = False,
    max_nodes: int = MAX_NODES,
    grads: Mapping[Value, float] | None = None,
    highlight: Collection[Value] = (),
    highlight_edges: Collection[tuple[Value, int]] = (),
) -> graphviz.Digraph:
    """The computation graph of ``root`` as a ``graphviz.Digraph`` (no ``dot`` needed).

    Args:
        root: the output node; everything it depends on is drawn.
        rankdir: layout direction, "TB" (top to bottom) or "LR" (left to right); by
            default "TB", or "LR" with ``collapse``.
        show_grad: show each node's gradient (and colour by it when ``heat``).
        precision: significant digits of data and grad.
        heat: colour boxes by log10 |grad| (see :func:`heat_color`).
        collapse: one box per neuron: a ``linear`` (or ``dot``) node whose weights and
            bias are labelled leaves, with its activation when that is its only user;
            the parameters are folded in unless something else uses them too.
        cluster: the groups of a labelled leaf, outermost first (a function of the
            label); leaves sharing groups are framed together, and a box inside a group
            shows its label without the group's prefix. ``None`` draws no frames.
        show_constants: draw every constant as a box of its own instead of folding it.
        max_nodes: raise instead of building a graph with more nodes than this.
        grads: gradients to show instead of each node's ``.grad`` (nodes missing from the
            mapping show ``·``); the step-through uses this.
        highlight: nodes drawn with a thick blue border (their box and oval).
        highlight_edges: edges drawn thick and blue, as (node, input position) pairs.

    Raises:
        ValueError: if the picture would have more than ``max_nodes`` nodes (the message
            gives the count and the options: ``collapse=True``, a larger ``max_nodes``),
            or for an unknown ``rankdir``.

    >>> x = Value(2.0, label="x")
    >>> y = (x * x * 3).tanh()
    >>> dot = draw_dot(y)
    >>> dot.source.count("->")          # x → × twice, × → mul#1 → × 3 → mul#2 → tanh → tanh#3
    7
    >>> "label=<× 3>" in dot.source      # the constant 3, folded into its operation
    True
    """
    import graphviz  # noqa: F401  (the package is needed to build the graph)

    if rankdir is None:
        rankdir = "LR" if collapse else "TB"
    if rankdir not in ("TB", "LR", "BT", "RL"):
        raise ValueError(f"draw_dot: rankdir must be 'TB', 'LR', 'BT' or 'RL', got {rankdir!r}")
    order = topological_order(root)
    names = names_of(order)
    plan = _plan(order, names, collapse, cluster, show_constants)
    if plan.count > max_nodes:
        raise ValueError(
            f"draw_dot: the graph has {plan.count} nodes to draw, more than "
            f"max_nodes={max_nodes}; pass collapse=True to draw one box per neuron, or raise "
            "max_nodes (dot may take minutes on thousands of nodes)"
        )
    marked = {id(n) for n in highlight}
    marked_edges = {(id(n), p) for n, p in highlight_edges}

    dot = _picture_class()(
        "computation_graph",
        graph_attr={
            "rankdir": rankdir,
            "newrank": "true",  # ranks across frames; also far faster on big graphs
            "nodesep": "0.12",
            # Collapsed layers are all connected to all: room for the edges to fan out.
            "ranksep": "1.2" if collapse else "0.22",
            "fontname": FONT,
            "fontsize": "10",
        },
        node_attr={"fontname": FONT, "fontsize": "10"},
        edge_attr={"color": "#555555", "arrowsize": "0.6"},
    )

    def grad_text(node: Value) -> tuple[str, str]:
        """(text of the grad row, fill colour) of a box."""
        g = node.grad if grads is None else grads.get(node)
        fill = heat_color(g) if (heat and g is not None) else "#ffffff"
        return ("·" if g is None else _number(g, precision)), fill

    frames = _Frame()
    for i, node in enumerate(order):
        key = id(node)
        if key in plan.hidden:
            continue
        node_id = f"v{i}"
        if key in plan.shared:
            frames.items.append((node_id, _constant_box(names[key]), {}))
            continue
        neuron = plan.neurons.get(key)
        groups: Sequence[str] = ()
        if neuron is not None:
            title, groups = neuron.title, neuron.groups
            rows = [neuron.body]
        else:
            title = names[key]
            if cluster is not None and node.is_leaf and node.label and not node.is_constant:
                groups = tuple(cluster(node.label))
                title = _relative(names[key], groups[-1] if groups else "")
            rows = []
        rows.append(f"data {_number(node.data, precision)}")
        fill = "#ffffff"
        if show_grad:
            text, fill = grad_text(node)
            rows.append(f"grad {text}")
        table = _box(title, rows, fill, key in marked, dashed=node.is_constant)
        frames.at(groups).items.append((node_id, table, {}))

    # Edges are written as DOT lines: on big graphs graphviz's quoting of each statement
    # would cost more than the rest of draw_dot, and these ids and attributes need none.
    edge_lines: list[str] = []
    for key, edges in plan.edges.items():
        i = plan.index[key]
        node = order[i]
        head = f"op{i}"
        if key in plan.neurons:
            head = f"v{i}"
        else:
            attrs = {"id": head, "shape": "ellipse", "style": "filled", "fillcolor": "#eeeeee"}
            attrs.update(margin="0.04,0.02", height="0.28", width="0.3")
            if key in marked:
                attrs.update(color=HIGHLIGHT, penwidth="3")
            label = _escape(_operation_label(node, plan.folded.get(key, ())))
            frames.items.append((head, label, attrs))
            edge_lines.append(f"\t{head} -> v{i} [id=o{i}]\n")
        for position, tail in edges:
            style = _MARKED_EDGE if (key, position) in marked_edges else ""
            edge_lines.append(f"\t{tail} -> {head} [id=e{i}_{position}{style}]\n")

    frames.emit(dot)
    dot.body.extend(edge_lines)
    return dot


def render(root: Value, path: str | Path, format: str | None = None, **options: Any) -> Path:
    """Draw ``root``'s graph with :func:`draw_dot` and write it with Graphviz's ``dot``.

    Args:
        root: the output node.
        path: the file to write.
        format: "svg", "png" or "pdf"; by default taken from ``path``'s suffix, else svg.
        options: passed to :func:`draw_dot` (``collapse=True``, ``rankdir="LR"``…), and
            ``dpi`` (PNG pixels per inch; 96 shows the picture at its natural size).

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
    dpi = options.pop("dpi", None)
    graph = draw_dot(root, **options)
    if dpi is not None:
        graph.graph_attr["dpi"] = str(dpi)
    target.write_bytes(graph.pipe(format=fmt))
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


@functools.cache
def _picture_class() -> Any:
    """``graphviz.Digraph``, checking for ``dot`` before it runs it (Jupyter's display,
    ``pipe``, ``render``), so a missing ``dot`` raises :class:`GraphvizNotFoundError`
    with the install commands instead of graphviz's own error. Built on first use, so
    that importing autograd does not import graphviz."""
    import graphviz

    class Picture(graphviz.Digraph):  # type: ignore[misc]
        """A computation graph from :func:`draw_dot`: a ``graphviz.Digraph``."""

        def _repr_mimebundle_(self, *args: Any, **kwargs: Any) -> Any:
            check_dot()
            return super()._repr_mimebundle_(*args, **kwargs)

        def pipe(self, *args: Any, **kwargs: Any) -> Any:
            check_dot()
            return super().pipe(*args, **kwargs)

        def render(self, *args: Any, **kwargs: Any) -> Any:
            check_dot()
            return super().render(*args, **kwargs)

    return Picture


# ---------------------------------------------------------------- what is drawn where


@dataclass
class _Neuron:
    """A collapsed neuron: the ``linear`` (or ``dot``) node inside its box, the box's title
    and formula, and the frames the box goes in."""

    linear: Value
    title: str
    body: str
    groups: tuple[str, ...]


@dataclass
class _Plan:
    """What a picture draws: nodes without a box of their own (``hidden``: folded
    constants, folded parameters, linear nodes inside a neuron's box), constants drawn as
    one shared box (``shared``), collapsed neurons by their box's node, the constants
    folded into each operation's oval, and the edges into each drawn node, as (input
    position, DOT id of the tail)."""

    index: dict[int, int]
    hidden: set[int] = field(default_factory=set)
    shared: set[int] = field(default_factory=set)
    neurons: dict[int, _Neuron] = field(default_factory=dict)
    folded: dict[int, list[int]] = field(default_factory=dict)
    edges: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """Boxes and ovals drawn."""
        boxes = len(self.index) - len(self.hidden)
        return boxes + sum(1 for key in self.edges if key not in self.neurons)


def _plan(
    order: list[Value],
    names: dict[int, str],
    collapse: bool,
    cluster: Cluster | None,
    show_constants: bool,
) -> _Plan:
    """Decide, in one pass over ``order`` (after finding the neurons), what is drawn."""
    plan = _Plan({id(node): i for i, node in enumerate(order)})
    if collapse:
        _collapse(order, names, plan, cluster)
    shared_box: dict[tuple[float, int], str] = {}
    for node in order:
        key = id(node)
        if not node.inputs:
            if node.is_constant and not node.label and not show_constants:
                plan.hidden.add(key)  # folded into its operation, or drawn as a shared box
            continue
        if key in plan.hidden:
            continue
        neuron = plan.neurons.get(key)
        owner = node if neuron is None else neuron.linear  # whose inputs the edges carry
        inputs = owner.inputs
        positions = range(len(inputs)) if neuron is None else _data_positions(owner)
        edges = plan.edges[key] = []
        for position in positions:
            child = inputs[position]
            if not child.is_constant or child.label or show_constants:
                edges.append((position, f"v{plan.index[id(child)]}"))
            elif len(inputs) <= 2:
                plan.folded.setdefault(key, []).append(position)
            else:
                # One box per number and input position: a first layer fed plain floats
                # shows each input once, not once per neuron.
                slot = (child.data, position)
                if slot not in shared_box:
                    shared_box[slot] = f"v{plan.index[id(child)]}"
                    plan.hidden.discard(id(child))
                    plan.shared.add(id(child))
                edges.append((position, shared_box[slot]))
    return plan


def _collapse(
    order: list[Value], names: dict[int, str], plan: _Plan, cluster: Cluster | None
) -> None:
    """Find the neurons: one box each, recorded in ``plan``.

    A neuron is a ``linear`` (or ``dot``) node whose weights (and bias) are labelled
    leaves; with its activation, when that is its only user, it becomes one box, titled
    by its label, else by the innermost group its parameters share, else by its name. A
    parameter is folded into its neurons if nothing else uses it.
    """
    users: dict[int, list[Value]] = {}
    for node in order:
        for child in node.inputs:
            users.setdefault(id(child), []).append(node)
    linears: dict[int, Value] = {}
    # Per parameter, once (samples sharing a network share its parameters): its groups,
    # or None if it is not a labelled leaf.
    groups_of: dict[int, tuple[str, ...] | None] = {}
    for node in order:
        params = _parameters(node)
        for p in params:
            if id(p) not in groups_of:
                is_parameter = p.is_leaf and bool(p.label) and not p.is_constant
                found = tuple(cluster(p.label)) if cluster and is_parameter else ()
                groups_of[id(p)] = found if is_parameter else None
        all_groups = [g for g in (groups_of[id(p)] for p in params) if g is not None]
        if not params or len(all_groups) < len(params):
            continue
        linears[id(node)] = node
        box = node
        after = users.get(id(node), [])
        if len(after) == 1 and after[0].op in _ACTIVATIONS:
            box = after[0]
            plan.hidden.add(id(node))
        formula = "Σwx+b" if node.op == "linear" else "Σwx"
        body = formula if box is node else f"{box.op}({formula})"
        groups = _common_groups(all_groups)
        if groups and not box.label:
            title = _relative(groups[-1], groups[-2] if len(groups) > 1 else "")
        else:
            title = names[id(box)]
        plan.neurons[id(box)] = _Neuron(node, title, body, groups[:-1])
    for key, known in groups_of.items():
        if known is not None and all(id(user) in linears for user in users[key]):
            plan.hidden.add(key)


def _parameters(node: Value) -> list[Value]:
    """The weights and bias of a ``linear`` node, the weights of a ``dot`` node (the first
    half of its inputs); none for any other node."""
    inputs = node.inputs
    if node.op == "linear":
        n = (len(inputs) - 1) // 2
        return [*inputs[:n], inputs[-1]]
    if node.op == "dot":
        return list(inputs[: len(inputs) // 2])
    return []


def _data_positions(linear: Value) -> range:
    """The positions of a ``linear`` or ``dot`` node's data inputs (its second half)."""
    n = len(_parameters(linear)) - (linear.op == "linear")
    return range(n, 2 * n)


def _common_groups(all_groups: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The groups every parameter shares, from the outermost."""
    common = all_groups[0]
    for groups in all_groups[1:]:
        k = 0
        while k < min(len(common), len(groups)) and common[k] == groups[k]:
            k += 1
        common = common[:k]
    return common


# ---------------------------------------------------------------- DOT text


@dataclass
class _Frame:
    """A frame (Graphviz cluster) of the picture: its nodes and the frames inside it."""

    items: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    inner: dict[str, _Frame] = field(default_factory=dict)

    def at(self, groups: Sequence[str]) -> _Frame:
        """The frame for ``groups`` (outermost first), made on first use."""
        frame = self
        for group in groups:
            frame = frame.inner.setdefault(group, _Frame())
        return frame

    def emit(self, graph: Any, parent: str = "", counter: list[int] | None = None) -> None:
        """Add this frame's nodes to ``graph``, then each inner frame as a cluster."""
        counter = [0] if counter is None else counter
        for node_id, label, attrs in self.items:
            graph.node(node_id, f"<{label}>", **(attrs or {"id": node_id, "shape": "plain"}))
        for group, frame in self.inner.items():
            counter[0] += 1
            with graph.subgraph(name=f"cluster_{counter[0]}_{_slug(group)}") as sub:
                sub.attr(
                    label=_relative(group, parent),
                    style="rounded,dashed",
                    color="#aaaaaa",
                    fontcolor="#444444",
                    margin="6",
                )
                frame.emit(sub, group, counter)


def _box(title: str, rows: list[str], fill: str, marked: bool, dashed: bool = False) -> str:
    """A value's box as a Graphviz HTML-like table: the title, then one row per line."""
    color = text_color(fill)
    border = f'BORDER="3" COLOR="{HIGHLIGHT}"' if marked else 'BORDER="1" COLOR="#444444"'
    style = "dashed" if dashed else "rounded"
    cells = [f"<TR><TD><B>{_font(_escape(title), color)}</B></TD></TR>"]
    cells += [f'<TR><TD ALIGN="LEFT">{_font(_escape(row), color)}</TD></TR>' for row in rows]
    return (
        f'<TABLE {border} CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" '
        f'BGCOLOR="{fill}" STYLE="{style}">{"".join(cells)}</TABLE>'
    )


def _constant_box(name: str) -> str:
    """A shared constant: its name only, in a dashed grey box."""
    return (
        '<TABLE BORDER="1" COLOR="#888888" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" '
        f'BGCOLOR="#f4f4f4" STYLE="dashed"><TR><TD>{_escape(name)}</TD></TR></TABLE>'
    )


def _font(text: str, color: str) -> str:
    return text if color == "black" else f'<FONT COLOR="{color}">{text}</FONT>'


def _operation_label(node: Value, folded: Sequence[int]) -> str:
    """An operation's oval: its symbol, with the constants folded in (``× 2``, ``0.9 +``,
    ``** 2``, ``exp(2)``); ``·`` stands for an input drawn as an edge."""
    symbol = symbol_of(node)
    if not folded:
        return symbol
    args = [number(c.data) if k in folded else "·" for k, c in enumerate(node.inputs)]
    if len(args) == 2 and symbol in ("+", "×", "**"):
        return " ".join(a for a in (args[0], symbol, args[1]) if a != "·")
    if len(args) == 2 and symbol == "-":
        return " ".join(a for a in (args[0], symbol, args[1]) if a != "·")
    return f"{symbol}({', '.join(args)})"


def _relative(name: str, group: str) -> str:
    """``name`` without the prefix ``group.`` (``w.0`` inside ``layers.0.neurons.1``)."""
    if group and name.startswith(group + ".") and len(name) > len(group) + 1:
        return name[len(group) + 1 :]
    return name


def _number(x: float, precision: int) -> str:
    return f"{x:.{precision}g}"


def _escape(text: str) -> str:
    """Text safe inside an HTML-like Graphviz label (``<``, ``&``, quotes, newlines)."""
    return html.escape(text, quote=True).replace("\n", "<BR/>").replace("\\", "&#92;")


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)
