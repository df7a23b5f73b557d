"""Graphs hold no reference cycles: reference counting alone frees them, and the cyclic
garbage collector finds nothing of a dropped graph."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from autograd import Value, dot, linear, sum_of


def _neurons_graph() -> Value:
    """A small network's loss: linear + relu neurons, shared weights, constants."""
    ws = [[Value(0.1 * (i - j)) for j in range(3)] for i in range(4)]
    bs = [Value(0.05 * i) for i in range(4)]
    losses = []
    for x in ([0.5, -1.0, 2.0], [1.5, 0.25, -0.5]):
        inputs = [Value(v) for v in x]
        hidden = [linear(w, inputs, b).relu() for w, b in zip(ws, bs)]
        score = sum_of(hidden) / 4 - 0.1
        losses.append((1 + -1.0 * score).relu() ** 2)
    params = [p for w in ws for p in w] + bs
    return sum_of(losses) * 0.5 + 1e-4 * dot(params, params)


def _every_op_graph() -> Value:
    x, y = Value(0.7), Value(1.3)
    z = (x * y + x - y / 2) ** 2 + (-x).exp() + y.log() + x.tanh() * y.sigmoid()
    return z - 3 + 2 * z + (1 / y)


def _chain() -> Value:
    z = Value(1.0)
    for _ in range(10_000):
        z = z * 1.0 + 0.0
    return z


@pytest.fixture
def no_automatic_gc() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.parametrize("build", [_neurons_graph, _every_op_graph, _chain])
@pytest.mark.parametrize("run_backward", [False, True], ids=["built", "after backward"])
def test_dropping_a_graph_frees_every_node_by_reference_counting(
    no_automatic_gc: None,
    build: Callable[[], Value],
    run_backward: bool,
    count_values: Callable[[], int],
) -> None:
    before = count_values()
    root = build()
    if run_backward:
        root.backward()
        root.backward()
    assert count_values() > before
    del root
    # No collection has run: only reference counting could have freed the nodes.
    assert count_values() == before


@pytest.mark.parametrize("build", [_neurons_graph, _every_op_graph, _chain])
def test_the_cyclic_collector_finds_nothing_of_a_dropped_graph(
    no_automatic_gc: None, build: Callable[[], Value]
) -> None:
    root = build()
    root.backward()
    del root
    gc.set_debug(gc.DEBUG_SAVEALL)  # keep whatever the collector finds unreachable
    try:
        gc.collect()
        leftovers = [obj for obj in gc.garbage if type(obj) is Value]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert leftovers == []


def test_a_node_refers_only_to_its_inputs_never_to_its_consumers() -> None:
    x = Value(2.0)
    y = x * 3
    y.backward()
    referred = [obj for obj in gc.get_referents(x) if type(obj) is Value]
    assert referred == []  # a leaf refers to no node
    inputs = {id(obj) for obj in gc.get_referents(y.inputs) if type(obj) is Value}
    assert inputs == {id(x), id(y.inputs[1])}
