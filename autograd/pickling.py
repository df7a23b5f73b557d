"""Pickling Values: a graph is saved flat, so graphs of any depth pickle.

Pickle saves an object's parts before the object, recursively, so a node that pickled its
inputs as ordinary attributes would need one level of recursion per level of the graph.
Instead, the node pickle reaches first (the root) saves everything below it as flat
arrays in topological order, with each input as an integer index, and primitives by
name; loading rebuilds the nodes in that order.

What stays shared: within one pickled graph, every node (``x * x``, diamonds); across
objects of one pickle, the inputs and parameters (leaves that are not constants), which
are saved as objects of their own so pickle's memo keeps them shared with, say, a model
pickled alongside. An interior node pickled both inside a graph and on its own
(``pickle.dumps([loss, hidden])``) is saved twice and loads as two copies.
``copy.deepcopy`` has no such limit (see ``Value.__deepcopy__``).
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from autograd.graph import record
from autograd.primitives import CONSTANT, PRIMITIVES, Primitive
from autograd.value import Value, _node

__all__ = ["reduce_value"]


def reduce_value(node: Value) -> tuple[Any, ...]:
    """``node.__reduce_ex__``: a leaf as its fields, a graph as flat arrays."""
    if not node.inputs:
        return _restore_leaf, (node.data, node.grad, node.label, node.is_constant)
    with gc_paused():
        return _reduce_graph(node)


def _reduce_graph(root: Value) -> tuple[Any, ...]:
    recording = record(root)
    # Inputs and parameters (leaves that are not constants) are saved as objects, so
    # pickle's memo shares them with the rest of the pickle: code -1. Every other node
    # (constants, operations' outputs) goes into flat arrays, in topological order.
    names: dict[str, int] = {}  # op name -> code, in first-seen order
    codes: list[int] = []
    arities: list[int] = []
    inputs: list[int] = []
    local: list[float] = []
    shared: list[Value] = []
    for node, ins in zip(recording.nodes, recording.inputs):
        prim = node._prim
        if prim is None:
            codes.append(-1)
            arities.append(0)
            shared.append(node)
            continue
        codes.append(names.setdefault(prim.name, len(names)))
        arities.append(len(ins))
        inputs.extend(ins)
        local.extend(node._local)
    nodes = recording.nodes
    labels = {i: v.label for i, v in enumerate(nodes) if v.label and v._prim is not None}
    arrays = [array("q", codes), array("q", arities), array("q", inputs), array("d", local)]
    numbers = [array("d", [v.data for v in nodes]), array("d", [v.grad for v in nodes])]
    return _restore_graph, (shared, list(names), *arrays, *numbers, labels)


def _restore_leaf(data: float, grad: float, label: str, constant: bool = False) -> Value:
    if constant:
        return _node(data, CONSTANT, (), (), grad, label, record=True)
    leaf = Value(data, label)
    leaf.grad = grad
    return leaf


def _restore_graph(
    shared: list[Value],
    op_names: list[str],
    codes: array[int],
    arities: array[int],
    inputs: array[int],
    local: array[float],
    data: array[float],
    grads: array[float],
    labels: dict[int, str],
) -> Value:
    """Rebuild the nodes in topological order; the last one is the root."""
    prims = [_primitive_named(name) for name in op_names]
    every = inputs.tolist()
    slopes = local.tolist()
    datas, gradients = data.tolist(), grads.tolist()
    leaves = iter(shared)
    nodes: list[Value] = []
    start = 0
    with gc_paused():
        for k, (code, arity) in enumerate(zip(codes.tolist(), arities.tolist())):
            if code < 0:
                nodes.append(next(leaves))
                continue
            end = start + arity
            parents = tuple([nodes[i] for i in every[start:end]])
            label = labels.get(k, "")
            nodes.append(
                _node(
                    datas[k],
                    prims[code],
                    parents,
                    tuple(slopes[start:end]),
                    gradients[k],
                    label,
                    True,
                )
            )
            start = end
    return nodes[-1]


def _primitive_named(name: str) -> Primitive:
    if name == CONSTANT.name:
        return CONSTANT
    prim = PRIMITIVES.get(name)
    if prim is None:
        raise ValueError(
            f"cannot load a Value made by the primitive {name!r}: no primitive of that name "
            f"is registered in this process; define it (autograd.primitive(..., name={name!r})) "
            "before unpickling"
        )
    return prim


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a block allocates one object per node.

    A graph holds no reference cycles, but CPython's collector rescans every tracked
    object each time enough new ones appear: copying a million-node graph with it on
    takes several times as long. The previous state is restored on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
