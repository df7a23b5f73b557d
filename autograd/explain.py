"""``explain``: the backward pass as text, one line per chain-rule step.

The lines come in the order ``backward()`` takes them (reverse topological order): for
each node whose gradient is complete, and each of its inputs, the local derivative
d(node)/d(input), the upstream gradient d(root)/d(node), and their product, the
contribution added to the input's gradient. This is what the seed notebooks write out by
hand as dE/dOutL2, dE/dInL2, dE/dW2…
"""

from __future__ import annotations

from dataclasses import dataclass

from autograd.graph import gradients_of, topological_order
from autograd.value import Value

__all__ = ["Step", "backward_steps", "explain", "formula", "node_names"]


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


def node_names(root: Value) -> dict[int, str]:
    """A readable name per node (keyed by ``id``): its label, else ``op#index`` for an
    operation, ``const 2.0`` for an unlabelled leaf; indices are topological."""
    names = {}
    for i, node in enumerate(topological_order(root)):
        if node.label:
            names[id(node)] = node.label
        elif node.inputs:
            names[id(node)] = f"{node.op}#{i}"
        else:
            names[id(node)] = f"const {node.data:g}"
    return names


def explain(root: Value, grad: float = 1.0, precision: int = 4) -> str:
    """The backward pass of ``root`` as text: one line per chain-rule step.

    Reads nothing from and writes nothing to ``.grad``: it recomputes the gradients
    from the local derivatives recorded at forward time.

    >>> w, x = Value(-3.0, label="w"), Value(2.0, label="x")
    >>> out = (w * x).tanh(); out.label = "out"
    >>> print(explain(out))
    d(out)/d(out) = 1
    1. out = tanh(mul#2):  d(out)/d(mul#2) = 2.458e-05  ×  upstream 1  =  2.458e-05
    2. mul#2 = w * x:  d(mul#2)/d(w) = 2  ×  upstream 2.458e-05  =  4.915e-05
    3. mul#2 = w * x:  d(mul#2)/d(x) = -3  ×  upstream 2.458e-05  =  -7.373e-05
    d(out)/d(w) = 4.915e-05
    d(out)/d(x) = -7.373e-05
    """
    names = node_names(root)
    p = precision
    root_name = names[id(root)]
    lines = [f"d({root_name})/d({root_name}) = {grad:.{p}g}"]
    totals: dict[int, float] = {}  # labelled leaves' gradients, in first-reached order
    for k, s in enumerate(backward_steps(root, grad), start=1):
        node, child = names[id(s.node)], names[id(s.input)]
        lines.append(
            f"{k}. {node} = {formula(s.node, names)}:  d({node})/d({child}) = "
            f"{s.local:.{p}g}  ×  upstream {s.upstream:.{p}g}  =  {s.contribution:.{p}g}"
        )
        if s.input.is_leaf and s.input.label:
            totals[id(s.input)] = s.total
    for key in totals:
        lines.append(f"d({root_name})/d({names[key]}) = {totals[key]:.{p}g}")
    return "\n".join(lines)


def formula(node: Value, names: dict[int, str]) -> str:
    """How ``node`` was computed, in terms of ``names`` (``w * x``, ``tanh(h)``, ``-a``)."""
    args = [names[id(c)] for c in node.inputs]
    prim = node.primitive
    symbol = prim.symbol if prim is not None else node.op
    if len(args) == 2 and symbol in ("+", "*", "**"):
        return f"{args[0]} {symbol} {args[1]}"
    if len(args) == 1 and symbol == "-":
        return f"-{args[0]}"
    if len(args) > 3:  # n-ary nodes (linear, dot, sum): first and last inputs only
        return f"{symbol}({args[0]}, …, {args[-1]}; {len(args)} inputs)"
    return f"{symbol}({', '.join(args)})"
