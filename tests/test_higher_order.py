"""``gradients``: first, second and third derivatives against closed forms and finite
differences, graphs that reuse nodes, unused inputs, and rules that only work on floats."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import PRIMITIVES, Primitive, Value, apply, dot, gradients, linear, sum_of
from autograd.higher_order import _BUILT_IN
from autograd.primitives import VARIADIC, register


def derivatives(f: Callable[[Value], Value], x: float, order: int) -> list[float]:
    """f(x), f'(x), …, up to the ``order``-th derivative, through nested ``gradients``."""
    leaf = Value(x)
    node = f(leaf)
    out = [node.data]
    for k in range(order):
        last = k == order - 1
        (node,) = gradients(node, [leaf], create_graph=not last, allow_unused=True)
        out.append(node if last else node.data)
    return out


def sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


# Each row: the function on Values, a point, and its closed-form f', f'', f'''.
CLOSED_FORMS = {
    "tanh": (
        lambda v: v.tanh(),
        0.7,
        lambda x: 1 - math.tanh(x) ** 2,
        lambda x: -2 * math.tanh(x) * (1 - math.tanh(x) ** 2),
        lambda x: (1 - math.tanh(x) ** 2) * (6 * math.tanh(x) ** 2 - 2),
    ),
    "sigmoid": (
        lambda v: v.sigmoid(),
        -0.4,
        lambda x: sig(x) * (1 - sig(x)),
        lambda x: sig(x) * (1 - sig(x)) * (1 - 2 * sig(x)),
        lambda x: sig(x) * (1 - sig(x)) * (1 - 6 * sig(x) + 6 * sig(x) ** 2),
    ),
    "exp": (lambda v: v.exp(), 1.3, math.exp, math.exp, math.exp),
    "log": (lambda v: v.log(), 2.5, lambda x: 1 / x, lambda x: -1 / x**2, lambda x: 2 / x**3),
    "relu positive": (lambda v: v.relu(), 1.5, lambda x: 1.0, lambda x: 0.0, lambda x: 0.0),
    "relu negative": (lambda v: v.relu(), -1.5, lambda x: 0.0, lambda x: 0.0, lambda x: 0.0),
    "sqrt": (
        lambda v: v.sqrt(),
        2.0,
        lambda x: 0.5 * x**-0.5,
        lambda x: -0.25 * x**-1.5,
        lambda x: 0.375 * x**-2.5,
    ),
    "abs negative": (
        lambda v: abs(v * v * v),
        -1.5,
        lambda x: -3 * x**2,
        lambda x: -6 * x,
        lambda x: -6.0,
    ),
    "abs positive": (lambda v: abs(v), 1.5, lambda x: 1.0, lambda x: 0.0, lambda x: 0.0),
    "neg": (lambda v: -v, 0.3, lambda x: -1.0, lambda x: 0.0, lambda x: 0.0),
    "add": (lambda v: v + v + 2.0, 0.3, lambda x: 2.0, lambda x: 0.0, lambda x: 0.0),
    "mul": (lambda v: v * v * v, 1.7, lambda x: 3 * x**2, lambda x: 6 * x, lambda x: 6.0),
    "pow number exponent": (
        lambda v: v**2.5,
        1.8,
        lambda x: 2.5 * x**1.5,
        lambda x: 3.75 * x**0.5,
        lambda x: 1.875 * x**-0.5,
    ),
    "pow number base": (
        lambda v: 3.0**v,
        0.6,
        lambda x: 3.0**x * math.log(3.0),
        lambda x: 3.0**x * math.log(3.0) ** 2,
        lambda x: 3.0**x * math.log(3.0) ** 3,
    ),
    "pow both": (  # x**x: f' = x^x (ln x + 1), f'' = x^x ((ln x + 1)² + 1/x)
        lambda v: v**v,
        1.4,
        lambda x: x**x * (math.log(x) + 1),
        lambda x: x**x * ((math.log(x) + 1) ** 2 + 1 / x),
        lambda x: x**x * ((math.log(x) + 1) ** 3 + 3 * (math.log(x) + 1) / x - 1 / x**2),
    ),
    "pow tiny base": (  # x² at 1e-200: out underflows, derivatives must not
        lambda v: v**2,
        1e-200,
        lambda x: 2 * x,
        lambda x: 2.0,
        lambda x: 0.0,
    ),
    "division": (
        lambda v: 1.0 / v,
        0.8,
        lambda x: -1 / x**2,
        lambda x: 2 / x**3,
        lambda x: -6 / x**4,
    ),
    "sum": (
        lambda v: sum_of([v, v * v, 3.0]),
        0.9,
        lambda x: 1 + 2 * x,
        lambda x: 2.0,
        lambda x: 0.0,
    ),
    "dot": (
        lambda v: dot([v, v * v], [v, 2.0]),  # x² + 2x²
        0.9,
        lambda x: 6 * x,
        lambda x: 6.0,
        lambda x: 0.0,
    ),
    "linear": (
        lambda v: linear([v, 3.0], [v * v, v], v.exp()),  # x³ + 3x + eˣ
        0.4,
        lambda x: 3 * x**2 + 3 + math.exp(x),
        lambda x: 6 * x + math.exp(x),
        lambda x: 6 + math.exp(x),
    ),
}


@pytest.mark.parametrize("name", list(CLOSED_FORMS))
def test_first_second_and_third_derivatives_match_closed_forms(name: str) -> None:
    f, x, d1, d2, d3 = CLOSED_FORMS[name]
    _, g1, g2, g3 = derivatives(f, x, 3)
    for got, want in ((g1, d1(x)), (g2, d2(x)), (g3, d3(x))):
        assert got == pytest.approx(want, rel=1e-12, abs=1e-300)


def test_every_builtin_primitive_has_a_closed_form_row() -> None:
    covered = {"tanh", "sigmoid", "exp", "log", "relu", "neg", "add", "mul", "pow", "sum"}
    covered |= {"sqrt", "abs"}
    covered |= {"dot", "linear"}
    assert covered == set(_BUILT_IN)


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


@pytest.fixture
def registered() -> Iterator[list[str]]:
    names: list[str] = []
    yield names
    for name in names:
        PRIMITIVES.pop(name, None)


def test_rule_written_with_value_operations_differentiates_to_any_order(
    registered: list[str],
) -> None:
    # softplus(x) = log(1 + eˣ); its derivative sigmoid(x), written with Value operations.
    row = register(
        Primitive(
            "test_softplus",
            1,
            lambda x: math.log1p(math.exp(x)),
            lambda x, out: (x.sigmoid() if isinstance(x, Value) else sig(x),),
            "softplus",
        )
    )
    registered.append(row.name)
    _, d1, d2, d3 = derivatives(lambda v: apply(row, v), 0.3, 3)
    s = sig(0.3)
    assert d1 == pytest.approx(s)
    assert d2 == pytest.approx(s * (1 - s))
    assert d3 == pytest.approx(s * (1 - s) * (1 - 2 * s))


def test_deep_chain_of_a_user_primitive_differentiates_twice(registered: list[str]) -> None:
    # Each user node's rule is checked on a few fresh nodes, not on the graph below it: a
    # check that walked the graph would make this chain quadratic (minutes, not a second).
    row = register(
        Primitive("test_scale", 1, lambda x: 0.5 * x, lambda x, out: (x * 0.0 + 0.5,), "scale")
    )
    registered.append(row.name)
    x = Value(3.0)
    y = x
    for _ in range(10_000):
        y = apply(row, y) * 2.0
    y = y * y  # x², through 20,000 scalings that cancel
    (g,) = gradients(y, [x], create_graph=True)
    assert g.data == 6.0
    assert gradients(g, [x]) == [2.0]


def test_wide_variadic_user_primitive(registered: list[str]) -> None:
    # Σ xᵢ³ over 200 inputs: ∂/∂xᵢ = 3xᵢ², ∂²/∂xᵢ∂xⱼ = 6xᵢ when i = j, else 0.
    row = register(
        Primitive(
            "test_sum_cubes",
            VARIADIC,
            lambda *xs: sum(x**3 for x in xs),
            lambda *xs_out: tuple(3.0 * x * x for x in xs_out[:-1]),
            "sum_cubes",
        )
    )
    registered.append(row.name)
    leaves = [Value(0.01 * i - 1.0) for i in range(200)]
    first = gradients(apply(row, *leaves), leaves, create_graph=True)
    assert [g.data for g in first] == pytest.approx([3 * v.data**2 for v in leaves])
    row_7 = gradients(first[7], leaves, allow_unused=True)
    assert row_7 == pytest.approx([6 * leaves[7].data if j == 7 else 0.0 for j in range(200)])


def test_check_of_a_user_rule_skips_the_edge_of_its_domain(registered: list[str]) -> None:
    # x, computed as √x·√x so it is only defined for x ≥ 0: at 0 the forward cannot be
    # evaluated a step to the left, so the rule is not compared with finite differences there.
    row = register(
        Primitive(
            "test_root_squared",
            1,
            lambda x: math.sqrt(x) * math.sqrt(x),
            lambda x, out: (x * 0.0 + 1.0,),
            "root_squared",
        )
    )
    registered.append(row.name)
    x = Value(0.0)
    (g,) = gradients(apply(row, x) * x, [x], create_graph=True)  # x², d/dx = 2x, d² = 2
    assert g.data == 0.0
    assert gradients(g, [x]) == [2.0]


def test_rule_that_silently_turns_values_into_floats_is_named(registered: list[str]) -> None:
    # math.cos accepts a Value through float() and returns a plain float: a constant.
    row = register(Primitive("test_sin", 1, math.sin, lambda x, out: (math.cos(x),), "sin"))
    registered.append(row.name)
    x = Value(0.5)
    y = apply(row, x)
    assert gradients(y, [x]) == [math.cos(0.5)]  # first order is fine
    with pytest.raises(TypeError, match="test_sin: its derivative rule does not stay"):
        gradients(y, [x], create_graph=True)


def test_rule_that_fails_on_values_is_named(registered: list[str]) -> None:
    import numpy as np

    row = register(Primitive("test_np_sin", 1, math.sin, lambda x, out: (np.cos(x),), "sin"))
    registered.append(row.name)
    x = Value(0.5)
    y = apply(row, x)
    with pytest.raises(TypeError, match="test_np_sin: its derivative rule cannot be evaluated"):
        gradients(y, [x], create_graph=True)
