"""``gradients``: mixed partials, graphs that reuse nodes, unused inputs, a Hessian against
finite differences, and user rules that work on Values or only on floats.

Every built-in operation's 2nd and 3rd derivatives against closed forms are in
test_ops_higher_order.py, driven by the registry (tests/ops.py)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Primitive, Value, apply, dot, gradients, linear
from autograd.primitives import VARIADIC

from ops import derivatives
from seed_reference import sigmoid

if TYPE_CHECKING:
    from conftest import UserPrimitives


def test_pow_partials_in_both_arguments() -> None:
    x, y = Value(1.3), Value(2.2)
    out = x**y
    gx, gy = gradients(out, [x, y], create_graph=True)
    assert gx.data == pytest.approx(2.2 * 1.3**1.2)
    assert gy.data == pytest.approx(1.3**2.2 * math.log(1.3))
    # ∂²/∂x∂y (x^y) = x^(y-1) (1 + y ln x), from either order
    dxy = gradients(gx, [y])[0]
    dyx = gradients(gy, [x])[0]
    assert dxy == pytest.approx(1.3**1.2 * (1 + 2.2 * math.log(1.3)), rel=1e-12)
    assert dyx == pytest.approx(dxy, rel=1e-12)


def test_without_create_graph_results_are_floats_and_match_backward() -> None:
    a, b = Value(0.5, "a"), Value(-1.2, "b")
    c = (a * b + a.tanh()) * a  # a used three times
    ga, gb = gradients(c, [a, b])
    assert type(ga) is float and type(gb) is float
    c.backward()
    assert (ga, gb) == (a.grad, b.grad)


def test_no_grad_is_read_or_written() -> None:
    x = Value(2.0)
    x.grad = 5.0
    y = x * x
    y.grad = 7.0
    (g,) = gradients(y, [x], create_graph=True)
    gradients(g, [x])
    assert (x.grad, y.grad, g.grad) == (5.0, 7.0, 0.0)


def test_a_single_value_is_accepted_as_inputs() -> None:
    x = Value(3.0)
    assert gradients(x * x, x) == [6.0]


def test_diamond_sums_over_paths_at_every_order() -> None:
    a = Value(1.5)
    b = a + a
    c = b * b  # c = 4a², c' = 8a, c'' = 8
    (g,) = gradients(c, [a], create_graph=True)
    assert g.data == 12.0
    assert gradients(g, [a]) == [8.0]


def test_gradient_with_respect_to_an_interior_node() -> None:
    x = Value(0.3)
    h = x * 2.0
    y = h.tanh() * h
    gh, gx = gradients(y, [h, x])
    t = math.tanh(0.6)
    assert gh == pytest.approx((1 - t * t) * 0.6 + t)
    assert gx == pytest.approx(2 * gh)


def test_unused_input_raises_naming_it() -> None:
    x, unused = Value(1.0), Value(2.0, label="w")
    with pytest.raises(ValueError, match=r"does not depend on inputs\[1\] \('w'\).*allow_unused"):
        gradients(x * 3.0, [x, unused])


def test_unused_input_gives_zero_when_allowed() -> None:
    x, unused = Value(1.0), Value(2.0)
    assert gradients(x * 3.0, [x, unused], allow_unused=True) == [3.0, 0.0]
    g = gradients(x * 3.0, [unused], create_graph=True, allow_unused=True)[0]
    assert isinstance(g, Value) and g.data == 0.0


def test_constant_first_derivative_is_a_value_with_create_graph() -> None:
    x = Value(1.0)
    (g,) = gradients(x + 4.0, [x], create_graph=True)
    assert isinstance(g, Value) and g.data == 1.0
    assert gradients(g, [x], allow_unused=True) == [0.0]


def test_bad_arguments_raise_type_errors() -> None:
    with pytest.raises(TypeError, match="output must be a Value, not float"):
        gradients(1.0, [Value(1.0)])  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"inputs\[0\] must be a Value, not int"):
        gradients(Value(1.0), [1])  # type: ignore[list-item]


def test_deep_chain_second_derivative() -> None:
    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y = y * y  # x²
    (g,) = gradients(y, [x], create_graph=True)
    assert g.data == 2.0
    assert gradients(g, [x]) == [2.0]


def test_mlp_hessian_matches_finite_differences_of_its_gradient() -> None:
    # 2 → 3 tanh → 1 linear, squared error; Hessian over the first layer's weights.
    import random

    rng = random.Random(4)
    w1 = [[rng.uniform(-1, 1) for _ in range(2)] for _ in range(3)]
    w2 = [rng.uniform(-1, 1) for _ in range(3)]
    x, target = [0.4, -0.7], 0.3

    def loss(flat: list[Value]) -> Value:
        hidden = [linear(flat[2 * i : 2 * i + 2], x, 0.1).tanh() for i in range(3)]
        return (dot(w2, hidden) - target) ** 2

    def gradient(point: list[float]) -> list[float]:
        leaves = [Value(p) for p in point]
        return gradients(loss(leaves), leaves)

    point = [w for row in w1 for w in row]
    leaves = [Value(p) for p in point]
    first = gradients(loss(leaves), leaves, create_graph=True)
    hessian = [gradients(g, leaves, allow_unused=True) for g in first]
    eps = 1e-6
    for j in range(len(point)):
        up, down = list(point), list(point)
        up[j] += eps
        down[j] -= eps
        column = [(a - b) / (2 * eps) for a, b in zip(gradient(up), gradient(down))]
        for i in range(len(point)):
            assert hessian[i][j] == pytest.approx(column[i], abs=1e-7, rel=1e-5)
            assert hessian[i][j] == pytest.approx(hessian[j][i], rel=1e-12, abs=1e-15)


# ------------------------------------------------------------------ mixed partials


def expressions() -> st.SearchStrategy[Callable[[Value, Value], Value]]:
    """Small random compositions of the engine's smooth operations in two variables."""
    unary = st.sampled_from(
        [
            lambda v: v.tanh(),
            lambda v: v.sigmoid(),
            lambda v: (v * 0.3).exp(),
            lambda v: (v * v + 1.0).log(),
            lambda v: v * v,
            lambda v: -v,
        ]
    )
    binary = st.sampled_from(
        [lambda a, b: a * b, lambda a, b: a + b, lambda a, b: a / (b * b + 1.0), lambda a, b: a - b]
    )

    @st.composite
    def build(draw: st.DrawFn) -> Callable[[Value, Value], Value]:
        steps = draw(st.lists(st.tuples(unary, binary, st.booleans()), min_size=1, max_size=4))

        def f(x: Value, y: Value) -> Value:
            a, b = x, y
            for u, op, swap in steps:
                a, b = (op(u(a), b), a) if swap else (op(a, u(b)), b)
            return a * b

        return f

    return build()


@settings(max_examples=40, deadline=None)
@given(
    f=expressions(),
    x=st.floats(-1.5, 1.5),
    y=st.floats(-1.5, 1.5),
)
def test_mixed_partials_are_equal(f: Callable[[Value, Value], Value], x: float, y: float) -> None:
    vx, vy = Value(x), Value(y)
    gx, gy = gradients(f(vx, vy), [vx, vy], create_graph=True, allow_unused=True)
    dxy = gradients(gx, [vy], allow_unused=True)[0]
    dyx = gradients(gy, [vx], allow_unused=True)[0]
    assert dxy == pytest.approx(dyx, rel=1e-9, abs=1e-12)


# ------------------------------------------------------------------ user primitives


def test_rule_written_with_value_operations_differentiates_to_any_order(
    user_primitives: UserPrimitives,
) -> None:
    # softplus(x) = log(1 + eˣ); its derivative sigmoid(x), written with Value operations.
    softplus = user_primitives.make(
        lambda x: math.log1p(math.exp(x)),
        lambda x, out: x.sigmoid() if isinstance(x, Value) else float(sigmoid(x)),
        "test_softplus",
    )
    assert derivatives(softplus, 0.0, 2)[2] == 0.25  # σ'(0), exactly
    _, d1, d2, d3 = derivatives(softplus, 0.3, 3)
    s = float(sigmoid(0.3))
    assert d1 == pytest.approx(s)
    assert d2 == pytest.approx(s * (1 - s))
    assert d3 == pytest.approx(s * (1 - s) * (1 - 2 * s))


def test_deep_chain_of_a_user_primitive_differentiates_twice(
    user_primitives: UserPrimitives,
) -> None:
    # Each user node's rule is checked on a few fresh nodes, not on the graph below it: a
    # check that walked the graph would make this chain quadratic (minutes, not a second).
    scale = user_primitives.make(lambda x: 0.5 * x, lambda x, out: x * 0.0 + 0.5, "test_scale")
    x = Value(3.0)
    y = x
    for _ in range(10_000):
        y = scale(y) * 2.0
    y = y * y  # x², through 20,000 scalings that cancel
    (g,) = gradients(y, [x], create_graph=True)
    assert g.data == 6.0
    assert gradients(g, [x]) == [2.0]


def test_wide_variadic_user_row(user_primitives: UserPrimitives) -> None:
    # Σ xᵢ³ over 200 inputs: ∂/∂xᵢ = 3xᵢ², ∂²/∂xᵢ∂xⱼ = 6xᵢ when i = j, else 0. A raw row
    # (primitive() takes a fixed number of inputs), with the table's rule signature.
    row = user_primitives.register(
        Primitive(
            "test_sum_cubes",
            VARIADIC,
            lambda m, *xs: sum(x**3 for x in xs),
            lambda m, *xs_out: tuple(3.0 * x * x for x in xs_out[:-1]),
            "sum_cubes",
            elementwise=False,
        )
    )
    leaves = [Value(0.01 * i - 1.0) for i in range(200)]
    first = gradients(apply(row, *leaves), leaves, create_graph=True)
    assert [g.data for g in first] == pytest.approx([3 * v.data**2 for v in leaves])
    row_7 = gradients(first[7], leaves, allow_unused=True)
    assert row_7 == pytest.approx([6 * leaves[7].data if j == 7 else 0.0 for j in range(200)])


def test_check_of_a_user_rule_skips_the_edge_of_its_domain(
    user_primitives: UserPrimitives,
) -> None:
    # x, computed as √x·√x so it is only defined for x ≥ 0: at 0 the forward cannot be
    # evaluated a step to the left, so the rule is not compared with finite differences there.
    root_squared = user_primitives.make(
        lambda x: math.sqrt(x) * math.sqrt(x), lambda x, out: x * 0.0 + 1.0, "test_root_squared"
    )
    x = Value(0.0)
    (g,) = gradients(root_squared(x) * x, [x], create_graph=True)  # x², d/dx = 2x, d² = 2
    assert g.data == 0.0
    assert gradients(g, [x]) == [2.0]


def test_rule_that_silently_turns_values_into_floats_is_named(
    user_primitives: UserPrimitives,
) -> None:
    # math.cos accepts a Value through float() and returns a plain float: a constant.
    sin = user_primitives.make(math.sin, lambda x, out: math.cos(x), "test_sin")
    x = Value(0.5)
    y = sin(x)
    assert gradients(y, [x]) == [math.cos(0.5)]  # first order is fine
    with pytest.raises(TypeError, match="test_sin: its derivative rule does not stay"):
        gradients(y, [x], create_graph=True)


def test_rule_that_fails_on_values_is_named(user_primitives: UserPrimitives) -> None:
    np_sin = user_primitives.make(math.sin, lambda x, out: np.cos(x), "test_np_sin")
    x = Value(0.5)
    y = np_sin(x)
    with pytest.raises(TypeError, match="test_np_sin: its derivative rule cannot be evaluated"):
        gradients(y, [x], create_graph=True)
