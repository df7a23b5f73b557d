"""Properties that must hold for every expression the strategies can draw."""

from __future__ import annotations

import math
import warnings

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from autograd import (
    NonDifferentiablePointWarning,
    Value,
    gradcheck,
    gradgradcheck,
    topological_order,
)
from autograd.strategies import Expression, Step, expressions, finite_floats

from floats import EPS


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


def path_sums(out: Value) -> dict[int, float]:
    """For every node v below ``out``: S(v) = Σ over paths from ``out`` to v of
    |∏ local derivatives along the path|, the size of the terms backward adds up into v's
    gradient before any of them cancel (S(v) ≥ |d out/dv|, equal when nothing cancels)."""
    order = topological_order(out)
    sums = {id(node): 0.0 for node in order}
    sums[id(out)] = 1.0
    for node in reversed(order):
        for child, local in zip(node.inputs, node.local_grads):
            sums[id(child)] += abs(local) * sums[id(node)]
    return sums


# x/x - x/x style cancellation: d/dx of x⁹ - x³·x³·x³ is 9x⁸ - 9x⁸ ≈ 5e4 - 5e4, so a
# gradient that should be 0 is 2e-11 with one seed and another 2e-11 with another.
CANCELLING = Expression(
    (2.9,),
    (
        Step("cube", (0,)),
        Step("cube", (1,)),
        Step("mul", (1, 1)),
        Step("mul", (3, 1)),
        Step("sub", (2, 4)),
    ),
)


@example(CANCELLING, 3.3)
@given(expressions(), finite_floats(-4.0, 4.0).filter(lambda c: c == 0.0 or abs(c) > 1e-3))
def test_backward_is_linear_in_its_seed(expr: Expression, c: float) -> None:
    base = grads(expr)
    doubled = grads(expr, 2.0)
    if all(g == 0.0 or abs(g) > 1e-290 for g in base):  # subnormals round differently
        assert doubled == [2.0 * g for g in base]  # a power of two scales exactly
    # Exact but for rounding. Both passes multiply the same stored local derivatives, so
    # they differ only by backward's own roundings: each term of v's gradient (one path's
    # product, times the seed) goes through at most 2E roundings (a multiplication and an
    # addition per edge, E edges), each of relative size eps, so each pass is within
    # 2E·eps·|seed|·S(v) of the exact sum of its terms, S(v) as in path_sums, however much
    # the terms cancel. Hence |g_c − c·g_1| ≤ 4E·eps·|c|·S(v), plus eps·|c·g_1| for
    # rounding c·g_1 itself, plus 1e-300·|c| where terms are subnormal (absolute rounding).
    out, xs = run(expr)
    sums = path_sums(out)
    edges = sum(len(node.inputs) for node in topological_order(out))
    for x, g, gc in zip(xs, base, grads(expr, c)):
        bound = (4 * edges * EPS * sums.get(id(x), 0.0) + EPS * abs(g) + 1e-300) * abs(c)
        assert abs(gc - c * g) <= bound, f"{gc!r} != {c!r}·{g!r} (bound {bound:.3g})"


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
