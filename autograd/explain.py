"""``explain``: the backward pass as text, one line per chain-rule step.

The lines come in the order ``backward()`` takes them (reverse topological order): for
each node whose gradient is complete, and each of its inputs, the local derivative
d(node)/d(input), the upstream gradient d(root)/d(node), and their product, the
contribution added to the input's gradient. This is what the seed notebooks write out by
hand as dE/dOutL2, dE/dInL2, dE/dW2…

Names are shared with the pictures (:mod:`autograd.render`) and the step-through
(:mod:`autograd.stepthrough`), so a line of text and a box of a picture can be matched:
a node's label where it has one, else a short name such as ``mul#2`` (operations and
unlabelled leaves numbered in topological order), and ``const 2`` for a constant (a
number written in an operation, ``v * 2``). Constants are fixed numbers: their steps
are left out unless asked for, and formulas show them as numbers (``mul#1 + 6.5``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd.graph import gradients_of, topological_order
from autograd.value import Value

__all__ = [
    "Explanation",
    "Step",
    "backward_steps",
    "explain",
    "formula",
    "names_of",
    "node_names",
    "symbol_of",
]


@dataclass(frozen=True)
class Step:
    """One chain-rule step: ``contribution = local * upstream`` flows from ``node`` to ``input``."""

    node: Value
    input: Value
    position: int  # which input of node (x * x has positions 0 and 1)
    local: float  # d(node)/d(input)
    upstream: float  # d(root)/d(node), complete when the step is taken
    contribution: float  # local * upstream
    total: float  # d(root)/d(input) accumulated so far, this contribution included


def backward_steps(root: Value, grad: float = 1.0) -> list[Step]:
    """Every chain-rule step of ``root.backward(grad)``, in order, without touching ``.grad``.

    Steps into constants are included (``explain`` leaves them out by default).

    >>> x = Value(3.0, label="x")
    >>> [(s.local, s.upstream, s.contribution) for s in backward_steps(x * x)]
    [(3.0, 1.0, 3.0), (3.0, 1.0, 3.0)]
    """
    order = topological_order(root)
    # Each node's gradient is complete when backward takes it, so its final value is
    # the upstream gradient of its steps; the running totals repeat backward's sums in
    # backward's order, so the last one of each input is that input's gradient exactly.
    upstream_of = dict(zip(map(id, order), gradients_of(order, float(grad))))
    totals: dict[int, float] = {}
    steps = []
    for node in reversed(order):
        upstream = upstream_of[id(node)]
        for position, (child, local) in enumerate(zip(node.inputs, node.local_grads)):
            contribution = local * upstream
            totals[id(child)] = totals.get(id(child), 0.0) + contribution
            steps.append(
                Step(node, child, position, local, upstream, contribution, totals[id(child)])
            )
    return steps


# ---------------------------------------------------------------- names and symbols

#: How an operation's symbol from the table is shown, where it differs.
_SHOWN = {"*": "×"}
#: Symbols written between their two operands (``a + b``); others read ``f(a, b)``.
_INFIX = frozenset({"+", "×", "**"})


def node_names(root: Value) -> dict[int, str]:
    """A readable name per node below ``root``, keyed by ``id``: see :func:`names_of`.

    >>> x = Value(2.0, label="x")
    >>> sorted(node_names((x * 3.0).tanh()).values())
    ['const 3', 'mul#1', 'tanh#2', 'x']
    """
    return names_of(topological_order(root))


def names_of(order: Iterable[Value]) -> dict[int, str]:
    """A name per node of ``order`` (a topological order), keyed by ``id``.

    The node's label if it has one (on one line); ``const 2.5`` for a constant; else the
    operation's name (``leaf`` for an unlabelled leaf) and a number counting these
    unnamed nodes in ``order`` from 1: ``mul#1``, ``tanh#2``. Pictures, ``explain`` and
    the step-through all use these names.
    """
    names: dict[int, str] = {}
    count = 0
    for node in order:
        if node.label:
            names[id(node)] = " ".join(node.label.splitlines())
        elif node.is_constant:
            names[id(node)] = f"const {number(node.data)}"
        else:
            count += 1
            names[id(node)] = f"{node.op or 'leaf'}#{count}"
    return names


def number(x: float) -> str:
    """A constant as it is written in formulas and pictures: ``2``, ``0.5``, ``0.333333``."""
    return f"{x:g}"


def symbol_of(node: Value) -> str:
    """The symbol shown for the operation that made ``node`` (``×``, ``+``, ``tanh``).

    >>> symbol_of(Value(2.0) * 3), symbol_of(Value(1.0).tanh())
    ('×', 'tanh')
    """
    prim = node.primitive
    symbol = prim.symbol if prim is not None else node.op
    return _SHOWN.get(symbol, symbol)


def formula(node: Value, names: dict[int, str]) -> str:
    """How ``node`` was computed, in terms of ``names`` (``w × x``, ``tanh(h)``, ``-a``);
    constants are written as numbers (``mul#1 + 6.5``).

    >>> x = Value(2.0, label="x")
    >>> y = x * 3.0 + x
    >>> formula(y, node_names(y)), formula(y.inputs[0], node_names(y))
    ('mul#1 + x', 'x × 3')
    """
    args = [number(c.data) if c.is_constant and not c.label else names[id(c)] for c in node.inputs]
    symbol = symbol_of(node)
    if len(args) == 2 and symbol in _INFIX:
        return f"{args[0]} {symbol} {args[1]}"
    if len(args) == 1 and symbol == "-":
        return f"-{args[0]}"
    if len(args) > 3:  # n-ary nodes (linear, dot, sum): first and last inputs only
        return f"{symbol}({args[0]}, …, {args[-1]}; {len(args)} inputs)"
    return f"{symbol}({', '.join(args)})"


# ---------------------------------------------------------------- the text


class Explanation(str):
    """What :func:`explain` returns: the text itself (a ``str``: print it, split it,
    search it), which Jupyter and IPython display as text rather than as a quoted string.

    ``steps`` holds the :class:`Step` of each numbered line: line ``k`` (``k.``) is
    ``steps[k - 1]``. The first line states the seed; the lines after the steps give the
    gradient of every labelled leaf.
    """

    steps: tuple[Step, ...]

    def __new__(cls, lines: Sequence[str], steps: Sequence[Step]) -> Explanation:
        text = super().__new__(cls, "\n".join(lines))
        text.steps = tuple(steps)
        return text

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's plain-text display: the lines themselves."""
        printer.text(str(self))

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the lines, preformatted."""
        return f"<pre>{html.escape(str(self))}</pre>"


def explain(
    root: Value, grad: float = 1.0, precision: int = 4, *, show_constants: bool = False
) -> Explanation:
    """The backward pass of ``root`` as text: one line per chain-rule step.

    Reads nothing from and writes nothing to ``.grad``: it recomputes the gradients
    from the local derivatives recorded at forward time.

    Args:
        root: the node differentiated.
        grad: the seed, d(final output)/d(root).
        precision: significant digits of the numbers.
        show_constants: also list the steps into constants (``d(mul#1)/d(const 2)``),
            which the picture folds into their operation and which nothing updates.

    Returns:
        An :class:`Explanation`: a ``str`` (``print(explain(v))``) that also displays
        as text in Jupyter, with the steps behind its numbered lines in ``.steps``.

    >>> w, x = Value(-3.0, label="w"), Value(2.0, label="x")
    >>> out = (w * x * 0.5).tanh(); out.label = "out"
    >>> print(explain(out))
    d(out)/d(out) = 1
    1. out = tanh(mul#2):  d(out)/d(mul#2) = 0.009866  ×  upstream 1  =  0.009866
    2. mul#2 = mul#1 × 0.5:  d(mul#2)/d(mul#1) = 0.5  ×  upstream 0.009866  =  0.004933
    3. mul#1 = w × x:  d(mul#1)/d(w) = 2  ×  upstream 0.004933  =  0.009866
    4. mul#1 = w × x:  d(mul#1)/d(x) = -3  ×  upstream 0.004933  =  -0.0148
    d(out)/d(w) = 0.009866
    d(out)/d(x) = -0.0148
    """
    names = node_names(root)
    p = precision
    root_name = names[id(root)]
    lines = [f"d({root_name})/d({root_name}) = {grad:.{p}g}"]
    shown: list[Step] = []
    totals: dict[int, float] = {}  # labelled leaves' gradients, in first-reached order
    for s in backward_steps(root, grad):
        if s.input.is_constant and not show_constants:
            continue
        shown.append(s)
        node, child = names[id(s.node)], names[id(s.input)]
        lines.append(
            f"{len(shown)}. {node} = {formula(s.node, names)}:  d({node})/d({child}) = "
            f"{s.local:.{p}g}  ×  upstream {s.upstream:.{p}g}  =  {s.contribution:.{p}g}"
        )
        if s.input.is_leaf and s.input.label:
            totals[id(s.input)] = s.total
    for key in totals:
        lines.append(f"d({root_name})/d({names[key]}) = {totals[key]:.{p}g}")
    return Explanation(lines, shown)
