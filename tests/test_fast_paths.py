"""The engine's inlined hot paths agree bit for bit with the table rows they stand for,
record the same graph, and the bookkeeping of backward (marks, exact accumulation) holds."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import PRIMITIVES, Value, apply, linear, topological_order


def same(a: float, b: float) -> bool:
    """Equal as floats bit for bit: NaN matches NaN, and 0.0 does not match -0.0."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


EDGE_FLOATS = [0.0, -0.0, 1.0, -2.5, 0.7, 1e-300, -1e-300, 5e-324, 1e300, math.inf, -math.inf]
EDGE_FLOATS += [math.nan]

# (row name, how the fast path is reached, arity); numbers on either side are included.
FAST_PATHS: list[tuple[str, Callable[..., Value], int]] = [
    ("add", lambda a, b: a + b, 2),
    ("add", lambda a, b: a + b.data, 2),  # Value + float
    ("add", lambda a, b: a.data + b, 2),  # float + Value
    ("mul", lambda a, b: a * b, 2),
    ("mul", lambda a, b: a * b.data, 2),
    ("mul", lambda a, b: a.data * b, 2),
    ("neg", lambda a: -a, 1),
    ("relu", Value.relu, 1),
    ("tanh", Value.tanh, 1),
]


@pytest.mark.parametrize(("name", "fast", "arity"), FAST_PATHS)
@pytest.mark.parametrize("x", EDGE_FLOATS)
def test_inlined_op_gives_exactly_the_rows_value_and_local_derivatives(
    name: str, fast: Callable[..., Value], arity: int, x: float
) -> None:
    row = PRIMITIVES[name]
    for y in EDGE_FLOATS if arity == 2 else [None]:
        xs = (x,) if y is None else (x, y)
        node = fast(*(Value(v) for v in xs))
        want = row.forward(*xs)
        assert same(node.data, want), f"{name}{xs}: {node.data!r} != {want!r}"
        for got, expected in zip(node.local_grads, row.derivative(*xs, want), strict=True):
            assert same(got, expected), f"{name}{xs} local: {got!r} != {expected!r}"
        assert node.op == name
        assert node.primitive is row


@pytest.mark.parametrize("n", [0, 1, 2, 16])
def test_inlined_linear_matches_the_row_exactly(n: int) -> None:
    rng = np.random.default_rng(n)
    ws = [Value(float(v)) for v in rng.normal(size=n)]
    xs = [Value(float(v)) for v in rng.normal(size=n)]
    b = Value(0.3)
    node = linear(ws, xs, b)
    slow = apply(PRIMITIVES["linear"], *ws, *xs, b)  # the general path, through the row
    assert node.data == slow.data
    assert node.local_grads == slow.local_grads
    assert node.inputs == (*ws, *xs, b)


@pytest.mark.parametrize(
    ("ws", "xs", "b"),
    [
        ([Value(2.0), Value(3.0)], [4, np.float64(5.0)], 1),  # numbers as inputs and bias
        ([2.0, Value(3.0)], [Value(4.0), Value(5.0)], Value(1.0)),  # a number as a weight
        ([Value(2.0), Value(3.0)], [Value(4.0), Value(5.0)], 1.0),  # a number as the bias
        ([Value(2.0), Value(3.0)], [4.0, 5.0], Value(1.0)),  # raw float inputs: fast path
        ([Value(2.0), Value(3.0)], [Value(4.0), 5.0], Value(1.0)),  # mixed inputs
    ],
)
def test_linear_with_numbers_takes_the_general_path_and_agrees(
    ws: list[object], xs: list[object], b: object
) -> None:
    node = linear(ws, xs, b)  # type: ignore[arg-type]
    assert node.data == 24.0
    assert node.local_grads == (4.0, 5.0, 2.0, 3.0, 1.0)
    assert all(type(v) is Value for v in node.inputs)
    for given_operand, recorded in zip((*ws, *xs, b), node.inputs, strict=True):
        assert recorded is given_operand or recorded.is_leaf
    general = apply(PRIMITIVES["linear"], *ws, *xs, b)  # type: ignore[arg-type]
    assert (node.data, node.local_grads) == (general.data, general.local_grads)


@pytest.mark.parametrize(
    "number", [2, 2.0, True, np.float64(2.0), np.int64(2)], ids=lambda v: type(v).__name__
)
def test_numbers_on_either_side_become_fresh_constant_leaves(number: object) -> None:
    x = Value(3.0)
    for node, constant_at in ((x + number, 1), (number + x, 0), (x * number, 1), (number * x, 0)):
        constant = node.inputs[constant_at]
        assert node.inputs[1 - constant_at] is x
        assert constant.is_leaf and constant.op == "" and constant.label == ""
        assert type(constant.data) is float and constant.data == float(number)  # type: ignore[arg-type]
        assert constant.grad == 0.0


def test_relu_at_and_around_zero_keeps_the_convention() -> None:
    for x, out, slope in [
        (0.0, 0.0, 0.0),
        (-0.0, 0.0, 0.0),
        (1e-300, 1e-300, 1.0),
        (-3.0, 0.0, 0.0),
    ]:
        node = Value(x).relu()
        assert same(node.data, out)
        assert node.local_grads == (slope,)


# ---------------------------------------------------------------- traversal and accumulation


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


finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@given(finite, finite, finite, finite, st.floats(allow_nan=False, allow_infinity=False))
def test_leaf_gradient_accumulates_as_one_addition(
    x0: float, a: float, b: float, c: float, old: float
) -> None:
    def graph(x: Value) -> Value:
        return x * a + (x * b).tanh() + x * x * c + x  # four paths into x

    fresh = Value(x0)
    graph(fresh).backward()
    x = Value(x0)
    x.grad = old
    graph(x).backward()
    assert same(x.grad, old + fresh.grad), f"{x.grad!r} != {old!r} + {fresh.grad!r}"


def test_backward_twice_on_the_same_graph_adds_the_pass_total_once() -> None:
    x = Value(0.1)
    y = x * 0.3 + x * 0.7 + x * 1e-17
    y.backward()
    first = x.grad
    y.backward()
    assert same(x.grad, first + first)


BUILDERS: dict[str, Callable[[Value, Value], Value]] = {
    "+": lambda a, b: a + b,
    "*": lambda a, b: a * 0.5 * b,
    "-": lambda a, b: a - b,
    "t": lambda a, b: a.tanh(),
    "r": lambda a, b: a.relu(),
}


def _reference_backward(root: Value) -> None:
    """Backward written plainly over topological_order, leaves assumed fresh (grad 0)."""
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for child, local in zip(node.inputs, node.local_grads):
            child.grad += local * node.grad


@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 60), st.sampled_from("+*tr-")), max_size=60
    ),
    st.lists(finite, min_size=3, max_size=3),
)
def test_backward_sums_gradients_in_the_reference_order_bit_for_bit(
    recipe: list[tuple[int, int, str]], start: list[float]
) -> None:
    def build() -> tuple[list[Value], Value]:
        leaves = [Value(x) for x in start]
        nodes = list(leaves)
        for i, j, op in recipe:
            a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
            nodes.append(BUILDERS[op](a, b))
        return leaves, nodes[-1]

    fast_leaves, fast_root = build()
    fast_root.backward()
    ref_leaves, ref_root = build()
    _reference_backward(ref_root)
    for fast, ref in zip(fast_leaves, ref_leaves, strict=True):
        assert same(fast.grad, ref.grad)
