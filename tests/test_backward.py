"""``backward``: sums over paths, accumulation into leaves, seeds, and the exact order
of the additions (the reference loop, bit for bit)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value, topological_order

from floats import same


def test_node_used_twice_gets_both_paths() -> None:
    x = Value(3.0)
    y = x * x
    y.backward()
    assert x.grad == 6.0


def test_repeated_doubling_sums_over_all_paths() -> None:
    a = Value(-4.0)
    b = a + a
    c = b + b
    c.backward()
    assert a.grad == 4.0
    assert b.grad == 2.0


def test_diamond_shared_subexpression() -> None:
    # f = (x*y) * (x*y + x): shared node s = x*y feeds two paths.
    x, y = Value(2.0), Value(-3.0)
    s = x * y
    f = s * (s + x)
    f.backward()
    # f = s² + s x ; df/dx = 2 s y + (s + x y) = 2sy + s + xy, df/dy = 2 s x + x²
    sv = -6.0
    assert x.grad == pytest.approx(2 * sv * -3.0 + sv + 2.0 * -3.0)
    assert y.grad == pytest.approx(2 * sv * 2.0 + 4.0)
    assert s.grad == pytest.approx(2 * sv + 2.0)


def test_leaf_gradients_accumulate_across_backward_calls() -> None:
    x = Value(3.0)
    y = x * x
    y.backward()
    y.backward()
    assert x.grad == 12.0


def test_interior_gradients_hold_the_latest_pass_only() -> None:
    x = Value(3.0)
    h = x * 2
    y = h * h
    y.backward()
    y.backward()
    assert h.grad == 12.0  # dy/dh = 2h, not accumulated
    assert y.grad == 1.0


def test_seed_gradient_scales_every_gradient() -> None:
    x = Value(0.3)
    y = (x * x).tanh()
    y.backward(2.5)
    reference = Value(0.3)
    (reference * reference).tanh().backward()
    assert x.grad == pytest.approx(2.5 * reference.grad)
    assert y.grad == 2.5


def test_backward_on_a_leaf_accumulates_the_seed() -> None:
    x = Value(1.0)
    x.backward()
    x.backward(2)
    assert x.grad == 3.0


def test_backward_seed_must_be_a_number() -> None:
    with pytest.raises(TypeError, match="backward's grad argument must be a real number"):
        Value(1.0).backward("1")  # type: ignore[arg-type]


def test_backward_from_an_inner_node() -> None:
    x = Value(2.0)
    h = x * x
    _ = h.exp()
    h.backward()
    assert x.grad == 4.0


def test_constants_from_numbers_are_fresh_leaves() -> None:
    x = Value(2.0)
    y = x * 3
    constant = y.inputs[1]
    assert constant.is_leaf
    assert constant.data == 3.0
    y.backward()
    assert constant.grad == 2.0


def test_a_100_000_operation_chain_needs_no_recursion() -> None:
    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0
    assert len(topological_order(y)) == 1 + 4 * 100_000
    del y  # dropping the graph must not recurse either


# ---------------------------------------------------------------- exact accumulation

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
