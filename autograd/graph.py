"""The one traversal of a graph, and the one backward loop over it.

:func:`depth_first` lists every node a root depends on, inputs first; everything that
walks a graph starts from it (``backward``, ``gradients``, ``explain``, the step-through,
pictures, pickling, ``deepcopy`` and the tape). :func:`backpropagate` is the reverse
walk that applies the chain rule along every edge; ``backward`` writes its result,
``gradients`` and ``explain`` read it and put every ``.grad`` back. :func:`record` turns
the order into integer indices, the form the tape replays.

Iterative throughout, so graphs of any depth work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.value import Value

__all__ = [
    "Recording",
    "backpropagate",
    "depth_first",
    "gradients_of",
    "record",
    "topological_order",
]


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, each once, inputs before the nodes made from them.

    Depth-first in input order (the order a recursive search would give), with an
    explicit stack, so graphs of any depth work. ``root`` is last.

    >>> from autograd import Value
    >>> a = Value(1.0, "a"); b = a * a; c = b + a
    >>> [v.label or v.op for v in topological_order(c)]
    ['a', 'mul', 'add']
    """
    return depth_first(root)


def depth_first(root: Value) -> list[Value]:
    """:func:`topological_order`, the engine's only graph search.

    No allocation per node (no (node, iterator) pairs: on a deep chain those would make
    the cyclic garbage collector run over and over). Each search marks nodes with two
    fresh tokens, so "seen already?" is an attribute load and an identity test, not a set
    lookup.
    """
    expanded, done = object(), object()
    order: list[Value] = []
    emit = order.append
    stack = [root]
    push = stack.append
    pop = stack.pop
    while stack:
        node = pop()
        mark = node._mark
        if mark is done:
            continue  # reached again through another path, already in order
        inputs = node._inputs
        if mark is expanded or not inputs:
            node._mark = done  # every input is in order: the node can follow them
            emit(node)
            continue
        node._mark = expanded
        push(node)
        # Reversed, so the first input is searched first. An input marked expanded would
        # be its own ancestor, which cannot happen: inputs exist before the node.
        for child in reversed(inputs):
            if child._mark is not done:
                push(child)
    return order


def backpropagate(
    order: list[Value], seed: float, keep_leaves: bool = False
) -> tuple[list[Value], list[float]] | None:
    """The chain rule over ``order`` (a :func:`depth_first` list, root last): afterwards
    every node's ``.grad`` is d(root)/d(node) times ``seed``, for this pass alone.

    Every ``.grad`` in ``order`` is overwritten. With ``keep_leaves``, the leaves and
    their earlier gradients are returned, collected in the same pass that resets them
    (``backward`` adds them back); ``gradients`` and ``explain`` save everything instead.
    Nodes are taken in reverse order, so a node's gradient is complete before it is
    passed on; each edge adds ``local * upstream`` to its input.
    """
    kept: tuple[list[Value], list[float]] | None = None
    if keep_leaves:
        leaves: list[Value] = []
        earlier: list[float] = []
        for node in order:
            if not node._inputs:
                leaves.append(node)
                earlier.append(node.grad)
            node.grad = 0.0
        kept = (leaves, earlier)
    else:
        for node in order:
            node.grad = 0.0
    order[-1].grad = seed
    for node in reversed(order):
        inputs = node._inputs
        arity = len(inputs)
        # Most nodes are binary or unary: unpacking beats building a zip for them.
        if arity == 2:
            upstream = node.grad
            a, b = inputs
            local_a, local_b = node._local
            a.grad += local_a * upstream
            b.grad += local_b * upstream
        elif arity == 1:
            inputs[0].grad += node._local[0] * node.grad
        elif arity:
            upstream = node.grad
            for child, local in zip(inputs, node._local):
                child.grad += local * upstream
    return kept


def gradients_of(order: list[Value], seed: float) -> list[float]:
    """Every node's d(root)/d(node) times ``seed``, in ``order``, leaving ``.grad`` as it was.

    :func:`backpropagate` run with every ``.grad`` saved and put back, for readers
    (``gradients``, ``explain``) that must not disturb a training loop's gradients.
    """
    saved = [node.grad for node in order]
    try:
        backpropagate(order, seed)
        return [node.grad for node in order]
    finally:
        for node, grad in zip(order, saved):
            node.grad = grad


@dataclass(frozen=True)
class Recording:
    """A graph as plain lists: its nodes in topological order (the root last), and for
    each node the positions of its inputs in that order.

    >>> from autograd import Value
    >>> x = Value(2.0, "x"); y = x * x + 1.0
    >>> r = record(y)
    >>> [v.label or v.op or "const" for v in r.nodes], r.inputs
    (['x', 'mul', 'const', 'add'], [(), (0, 0), (), (1, 2)])
    """

    nodes: list[Value]
    inputs: list[tuple[int, ...]]


def record(root: Value) -> Recording:
    """The graph below ``root`` as a :class:`Recording` (one :func:`depth_first` search)."""
    nodes = depth_first(root)
    # The search's marks are no longer needed: each node's mark becomes its position, so
    # finding an input's position is an attribute load (no dictionary, no id()).
    for i, node in enumerate(nodes):
        node._mark = i
    inputs: list[tuple[int, ...]] = [
        tuple([child._mark for child in node._inputs])  # type: ignore[misc]
        for node in nodes
    ]
    return Recording(nodes, inputs)
