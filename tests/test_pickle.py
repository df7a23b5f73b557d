"""Pickle, deepcopy and copy of graphs: fields round-trip, shared nodes stay shared, any depth."""

from __future__ import annotations

import copy
import math
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from autograd import PRIMITIVES, Value, linear, primitive, topological_order

ROUND_TRIPS: dict[str, Callable[[Any], Any]] = {
    "pickle": lambda obj: pickle.loads(pickle.dumps(obj)),
    "pickle protocol 0": lambda obj: pickle.loads(pickle.dumps(obj, protocol=0)),
    "deepcopy": copy.deepcopy,
}


def _fields(root: Value) -> list[tuple[Any, ...]]:
    """Every node's fields, with its inputs as topological indices (structure, not ids)."""
    order = topological_order(root)
    index = {id(node): i for i, node in enumerate(order)}
    return [
        (n.data, n.grad, n.label, n.op, tuple(index[id(c)] for c in n.inputs), n.local_grads)
        for n in order
    ]


def _graph() -> tuple[Value, Value]:
    x = Value(2.0, label="x")
    w = Value(-0.5, label="w")
    h = (x * x + 3).tanh()  # x used twice by one node
    out = linear([w, h], [h, x], Value(0.25, "b")) * h  # h shared by three nodes
    out.label = "out"
    out.backward()
    return out, x


@pytest.mark.parametrize("round_trip", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_round_trip_keeps_data_grad_label_op_inputs_and_locals(round_trip) -> None:  # type: ignore[no-untyped-def]
    out, _ = _graph()
    copied = round_trip(out)
    assert copied is not out
    assert _fields(copied) == _fields(out)
    assert all(a is not b for a, b in zip(topological_order(copied), topological_order(out)))


@pytest.mark.parametrize("round_trip", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_shared_nodes_stay_shared_within_and_across_objects(round_trip) -> None:  # type: ignore[no-untyped-def]
    out, x = _graph()
    copied_out, copied_x = round_trip([out, x])
    square = copied_out.inputs[1].inputs[0].inputs[0]  # out = linear(...) * h, h = tanh(x*x + 3)
    assert square.op == "mul" and square.inputs[0] is square.inputs[1] is copied_x
    h = copied_out.inputs[1]
    assert copied_out.inputs[0].inputs[1] is h and copied_out.inputs[0].inputs[2] is h


@pytest.mark.parametrize("round_trip", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_a_copied_graph_backpropagates_like_the_original(round_trip) -> None:  # type: ignore[no-untyped-def]
    out, x = _graph()
    copied_out, copied_x = round_trip([out, x])
    x.grad = copied_x.grad = 0.0
    out.backward()
    copied_out.backward()
    assert copied_x.grad == x.grad != 0.0


def test_the_issue_example_pickles() -> None:
    copied = pickle.loads(pickle.dumps(Value(2.0) * 2))
    assert (copied.data, copied.op, [c.data for c in copied.inputs]) == (4.0, "mul", [2.0, 2.0])
    assert copied.primitive is PRIMITIVES["mul"]  # primitives travel by name


def test_pickling_twice_and_pickling_a_node_inside_a_pickled_graph() -> None:
    out, _ = _graph()
    first = pickle.dumps(out)
    assert pickle.dumps(out) == first
    inner = out.inputs[0]
    assert _fields(pickle.loads(pickle.dumps(inner))) == _fields(inner)


def test_shallow_copy_shares_the_inputs() -> None:
    out, _ = _graph()
    twin = copy.copy(out)
    assert twin is not out and twin.inputs is out.inputs
    assert (twin.data, twin.grad, twin.label, twin.op) == (out.data, out.grad, "out", "mul")


@pytest.mark.slow
@pytest.mark.parametrize("round_trip", [ROUND_TRIPS["pickle"], ROUND_TRIPS["deepcopy"]])
def test_a_million_node_chain(round_trip) -> None:  # type: ignore[no-untyped-def]
    x = Value(1.5, label="x")
    y = x
    for _ in range(500_000):  # each step adds a mul node and a constant leaf: 1,000,001 nodes
        y = y * 1.0
    copied = round_trip(y)
    depth, node = 0, copied
    while node.inputs:
        node = node.inputs[0]
        depth += 1
    assert depth == 500_000 and node.label == "x" and node.data == 1.5


def test_a_node_of_an_unregistered_user_primitive_names_it_on_load() -> None:
    cube = primitive(lambda x: x**3, lambda x, out: 3 * x * x, name="test_pickle_cube")
    try:
        data = pickle.dumps(cube(Value(2.0)))
    finally:
        del PRIMITIVES["test_pickle_cube"]
    with pytest.raises(ValueError, match="'test_pickle_cube': no primitive of that name is regis"):
        pickle.loads(data)


def test_a_node_of_a_registered_user_primitive_round_trips() -> None:
    cube = primitive(lambda x: x**3, lambda x, out: 3 * x * x, name="test_pickle_cube2")
    try:
        copied = pickle.loads(pickle.dumps(cube(Value(2.0))))
        assert (copied.op, copied.data, copied.local_grads) == ("test_pickle_cube2", 8.0, (12.0,))
    finally:
        del PRIMITIVES["test_pickle_cube2"]


def test_non_finite_values_round_trip() -> None:
    v = Value(math.inf) + Value(1.0)
    assert pickle.loads(pickle.dumps(v)).data == math.inf
