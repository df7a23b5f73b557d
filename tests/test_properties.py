"""Properties that must hold for every expression the strategies can draw."""

from __future__ import annotations

import math
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import (
    NonDifferentiablePointWarning,
    Value,
    gradcheck,
    gradgradcheck,
    topological_order,
)
from autograd.strategies import Expression, expressions, finite_floats


def run(expr: Expression) -> tuple[Value, list[Value]]:
    xs = [Value(x) for x in expr.inputs]
    return expr(*xs), xs


def grads(expr: Expression, seed: float = 1.0) -> list[float]:
    out, xs = run(expr)
    out.backward(seed)
    return [x.grad for x in xs]


@given(expressions())
def test_gradients_match_finite_differences(expr: Expression) -> None:
    out, _ = run(expr)
    # Finite differences of a large f lose about ulp(f)/eps to cancellation: scale atol.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonDifferentiablePointWarning)
        assert gradcheck(expr, expr.inputs, atol=1e-5 * max(1.0, abs(out.data)))


@given(expressions())
def test_float_evaluator_and_engine_agree(expr: Expression) -> None:
    out, _ = run(expr)
    assert out.data == pytest.approx(expr.evaluate(expr.inputs), rel=1e-12, abs=1e-300)


@given(expressions(), finite_floats(-4.0, 4.0).filter(lambda c: c == 0.0 or abs(c) > 1e-3))
def test_backward_is_linear_in_its_seed(expr: Expression, c: float) -> None:
    base = grads(expr)
    doubled = grads(expr, 2.0)
    if all(g == 0.0 or abs(g) > 1e-290 for g in base):  # subnormals round differently
        assert doubled == [2.0 * g for g in base]  # a power of two scales exactly
    # Exact but for rounding: terms that cancel (x/x) leave a few ulps of their size.
    scale = max([1.0, *map(abs, base)])
    for g, gc in zip(base, grads(expr, c)):
        assert gc == pytest.approx(c * g, rel=1e-12, abs=1e-13 * abs(c) * scale)


@given(expressions(), finite_floats())
def test_accumulation_across_calls_is_exact(expr: Expression, start: float) -> None:
    fresh = grads(expr)
    out, xs = run(expr)
    for x in xs:
        x.grad = start
    out.backward()
    assert [x.grad for x in xs] == [start + g for g in fresh]
    out.backward()  # the second pass adds this pass's total once more
    assert [x.grad for x in xs] == [(start + g) + g for g in fresh]


@given(expressions())
def test_topological_order_visits_each_node_once_inputs_first(expr: Expression) -> None:
    out, _ = run(expr)
    order = topological_order(out)
    assert len({id(node) for node in order}) == len(order)
    position = {id(node): k for k, node in enumerate(order)}
    assert order[-1] is out
    for node in order:
        for child in node.inputs:
            assert position[id(child)] < position[id(node)]


# |x0| >= 1e-3: nearer 0, a drawn x/x has a slope 1/x - x/x² whose terms, around 1/|x0|,
# leave rounding noise far above the tolerance (cancellation, not a wrong rule).
AWAY_FROM_ZERO = finite_floats(-2.0, 2.0).filter(lambda x: abs(x) >= 1e-3)


@given(expressions(max_inputs=1), expressions(max_inputs=1), AWAY_FROM_ZERO)
def test_product_quotient_and_chain_rules(f: Expression, g: Expression, x0: float) -> None:
    def value_and_slope(build) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        x = Value(x0)
        y = build(x)
        y.backward()
        return y.data, x.grad

    try:
        fv, fd = value_and_slope(f)
        gv, gd = value_and_slope(g)
    except (ValueError, ZeroDivisionError, OverflowError):
        return  # the drawn expression leaves its domain at this new point
    if not all(math.isfinite(v) and abs(v) < 1e6 for v in (fv, fd, gv, gd)):
        return  # near a pole of the drawn expression at this new point
    _, product = value_and_slope(lambda x: f(x) * g(x))
    assert product == pytest.approx(fd * gv + fv * gd, rel=1e-9, abs=1e-9)
    if abs(gv) > 1e-3:
        _, quotient = value_and_slope(lambda x: f(x) / g(x))
        assert quotient == pytest.approx((fd * gv - fv * gd) / gv**2, rel=1e-9, abs=1e-9)
    _, chain = value_and_slope(lambda x: f(x).tanh())
    assert chain == pytest.approx((1 - math.tanh(fv) ** 2) * fd, rel=1e-9, abs=1e-9)


@given(st.integers(1, 30), finite_floats(-1.0, 1.0))
def test_shared_subexpressions_receive_the_sum_over_paths(depth: int, x0: float) -> None:
    # a → b = a + a → c = b + b … doubles at each level: d/da = 2**depth
    a = Value(x0)
    node = a
    for _ in range(depth):
        node = node + node
    node.backward()
    assert a.grad == 2.0**depth


@given(expressions(max_steps=5))
def test_second_derivatives_match_finite_differences_of_the_gradient(expr: Expression) -> None:
    out, xs = run(expr)
    out.backward()
    scale = max([1.0, abs(out.data), *(abs(x.grad) for x in xs)])
    # Each Hessian entry is checked against central differences of the first-order gradient.
    assert gradgradcheck(expr, expr.inputs, atol=1e-5 * scale, rtol=1e-3)
