"""The one traversal (``graph.depth_first`` / ``topological_order``), its recording as
integer positions (``graph.record``), and the readers of the one backward loop
(``graph.gradients_of``, ``explain.backward_steps``) against ``backward`` bit for bit."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from autograd import Value, topological_order
from autograd.explain import backward_steps
from autograd.graph import gradients_of, record
from autograd.strategies import Expression, expressions, finite_floats

from floats import same

# ---------------------------------------------------------------- the traversal


def test_topological_order_visits_each_node_once_inputs_first() -> None:
    a = Value(1.0)
    b = a * a
    c = b + a
    d = c * b
    order = topological_order(d)
    assert len(order) == len({id(v) for v in order})
    position = {id(v): i for i, v in enumerate(order)}
    for node in order:
        for child in node.inputs:
            assert position[id(child)] < position[id(node)]
    assert order[-1] is d
    assert {id(v) for v in order} == {id(v) for v in (a, b, c, d, *b.inputs, *c.inputs)}


def _recursive_order(root: Value) -> list[Value]:
    """Reference: the recursive depth-first search the iterative one must reproduce."""
    order: list[Value] = []
    seen: set[int] = set()

    def visit(node: Value) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        for child in node.inputs:
            visit(child)
        order.append(node)

    visit(root)
    return order


@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50), st.sampled_from("+*t")), max_size=40)
)
def test_topological_order_is_the_recursive_searchs_order(
    recipe: list[tuple[int, int, str]],
) -> None:
    nodes = [Value(1.0 + i) for i in range(3)]
    for i, j, op in recipe:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        nodes.append(a + b if op == "+" else a * b if op == "*" else a.tanh())
    root = nodes[-1]
    want = [id(v) for v in _recursive_order(root)]
    assert [id(v) for v in topological_order(root)] == want
    # again, and after a traversal of a subgraph: marks from other passes never leak
    assert [id(v) for v in topological_order(nodes[len(nodes) // 2])] == [
        id(v) for v in _recursive_order(nodes[len(nodes) // 2])
    ]
    assert [id(v) for v in topological_order(root)] == want


# ---------------------------------------------------------------- record


def test_record_gives_each_nodes_inputs_as_positions_in_the_order() -> None:
    x = Value(2.0, "x")
    y = x * x + 1.0
    r = record(y)
    assert r.nodes == topological_order(y)
    assert r.inputs == [(), (0, 0), (), (1, 2)]  # x; x*x (x twice); the constant 1.0; add


@given(expressions())
def test_record_positions_point_at_the_inputs_and_come_before_the_node(expr: Expression) -> None:
    root = expr(*(Value(x) for x in expr.inputs))
    r = record(root)
    assert [id(v) for v in r.nodes] == [id(v) for v in topological_order(root)]
    assert len(r.inputs) == len(r.nodes)
    for k, (node, positions) in enumerate(zip(r.nodes, r.inputs)):
        assert all(type(i) is int and 0 <= i < k for i in positions)
        assert len(positions) == len(node.inputs)
        assert all(r.nodes[i] is child for i, child in zip(positions, node.inputs))


# ---------------------------------------------------------------- readers of the backward loop


def _built(expr: Expression, grads: list[float]) -> tuple[Value, list[Value]]:
    """The expression on fresh leaves, every node's .grad set to a recognisable value."""
    leaves = [Value(x) for x in expr.inputs]
    root = expr(*leaves)
    for node, g in zip(topological_order(root), itertools.cycle(grads)):
        node.grad = g
    return root, leaves


def _backward_grads(expr: Expression, seed: float) -> list[float]:
    """Every node's .grad after backward(seed) on a fresh graph (leaves start at 0.0)."""
    root = expr(*(Value(x) for x in expr.inputs))
    root.backward(seed)
    return [node.grad for node in topological_order(root)]


SEEDS = finite_floats(-4.0, 4.0)
EARLIER = st.lists(st.floats(allow_nan=False), min_size=1, max_size=5)


@given(expressions(), SEEDS, EARLIER)
def test_gradients_of_leaves_every_grad_unchanged_and_equals_backward_bit_for_bit(
    expr: Expression, seed: float, earlier: list[float]
) -> None:
    root, _ = _built(expr, earlier)
    order = topological_order(root)
    before = [node.grad for node in order]
    found = gradients_of(order, seed)
    assert all(same(node.grad, g) for node, g in zip(order, before)), "a .grad was changed"
    for node, got, want in zip(order, found, _backward_grads(expr, seed)):
        # backward adds a leaf's total to its earlier .grad (0.0 here): 0.0 + g
        assert same(0.0 + got if node.is_leaf else got, want), f"{node!r}: {got!r} != {want!r}"


@given(expressions(), SEEDS)
def test_last_running_total_of_backward_steps_is_backwards_grad_exactly(
    expr: Expression, seed: float
) -> None:
    root = expr(*(Value(x) for x in expr.inputs))
    order = topological_order(root)
    last: dict[int, float] = {}
    for step in backward_steps(root, seed):
        assert same(step.contribution, step.local * step.upstream)
        last[id(step.input)] = step.total
    want = dict(zip(map(id, order), _backward_grads(expr, seed)))
    assert set(last) == {id(node) for node in order[:-1]}  # every node but the root
    for node in order[:-1]:
        total = last[id(node)]
        assert same(0.0 + total if node.is_leaf else total, want[id(node)]), (
            f"{node!r}: explain's last total {total!r}, backward {want[id(node)]!r}"
        )
