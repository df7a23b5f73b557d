"""Pickling Values: a graph is saved flat, so graphs of any depth pickle.

Pickle saves an object's parts before the object, recursively, so a node that pickled its
inputs as ordinary attributes would need one level of recursion per level of the graph.
Instead, the node pickle reaches first (the root) saves everything below it as flat
arrays in topological order, with each input as an integer index, and primitives by
name; loading rebuilds the nodes in that order.

What stays shared: within one pickled graph, every node (``x * x``, diamonds); across
objects of one pickle, the leaves (inputs and parameters), which are saved as objects of
their own so pickle's memo keeps them shared with, say, a model pickled alongside. An
interior node pickled both inside a graph and on its own (``pickle.dumps([loss,
hidden])``) is saved twice and loads as two copies. ``copy.deepcopy`` has no such limit
(see ``Value.__deepcopy__``).
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from autograd.primitives import PRIMITIVES, Primitive
from autograd.value import Value, _depth_first, _new_value

__all__ = ["reduce_value"]


def reduce_value(node: Value) -> tuple[Any, ...]:
    """``node.__reduce_ex__``: a leaf as its fields, a graph as flat arrays."""
    if not node.inputs:
        return _restore_leaf, (node.data, node.grad, node.label)
    with gc_paused():
        return _reduce_graph(node)


def _reduce_graph(node: Value) -> tuple[Any, ...]:
    order = _depth_first(node)
    leaves = [v for v in order if not v.inputs]
    interior = [v for v in order if v.inputs]
    index = {id(v): i for i, v in enumerate(leaves)}
    for i, v in enumerate(interior, start=len(leaves)):
        index[id(v)] = i
    ops: dict[str, int] = {}  # op name -> code, in first-seen order
    codes, arities, inputs, local = array("q"), array("q"), array("q"), array("d")
    for v in interior:
        name = v.op
        codes.append(ops.setdefault(name, len(ops)))
        arities.append(len(v.inputs))
        inputs.extend([index[id(c)] for c in v.inputs])
        local.extend([float(d) for d in v.local_grads])
    labels = {i: v.label for i, v in enumerate(interior) if v.label}
    data = array("d", [v.data for v in interior])
    grads = array("d", [v.grad for v in interior])
    return _restore_graph, (leaves, list(ops), codes, arities, inputs, local, data, grads, labels)


def _restore_leaf(data: float, grad: float, label: str) -> Value:
    leaf: Value = _new_value(Value)
    leaf.data, leaf.grad, leaf.label = data, grad, label
    leaf._prim, leaf._inputs, leaf._local, leaf._mark = None, (), (), None
    return leaf


def _restore_graph(
    leaves: list[Value],
    op_names: list[str],
    codes: array[int],
    arities: array[int],
    inputs: array[int],
    local: array[float],
    data: array[float],
    grads: array[float],
    labels: dict[int, str],
) -> Value:
    """Rebuild the interior nodes in topological order; the last one is the root."""
    with gc_paused():
        return _rebuild(leaves, op_names, codes, arities, inputs, local, data, grads, labels)


def _rebuild(
    leaves: list[Value],
    op_names: list[str],
    codes: array[int],
    arities: array[int],
    inputs: array[int],
    local: array[float],
    data: array[float],
    grads: array[float],
    labels: dict[int, str],
) -> Value:
    prims = [_primitive_named(name) for name in op_names]
    nodes: list[Value] = list(leaves)
    start = 0
    for k in range(len(codes)):
        end = start + arities[k]
        node: Value = _new_value(Value)
        node.data, node.grad, node.label = data[k], grads[k], labels.get(k, "")
        node._prim = prims[codes[k]]
        node._inputs = tuple([nodes[i] for i in inputs[start:end]])
        node._local = tuple(local[start:end])
        node._mark = None
        nodes.append(node)
        start = end
    return nodes[-1]


def _primitive_named(name: str) -> Primitive:
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
