"""d(x**y)/dx stays exact where x**y underflows or overflows, on floats and on Values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd import PRIMITIVES, Value

POW = PRIMITIVES["pow"]


def _reference(x: float, y: float) -> float:
    """y · x**(y-1) in NumPy, where overflow gives inf instead of raising."""
    with np.errstate(over="ignore", under="ignore"):
        return float(np.float64(y) * np.power(np.float64(x), np.float64(y - 1.0)))


POINTS = [
    # (x, y, why)
    (1e-200, 2.0, "x**y underflows to 0"),
    (1e-160, 2.0, "x**y is subnormal"),
    (-1e-200, 3.0, "negative base, x**y underflows"),
    (3e-160, 2.0, "subnormal, not a power of two"),
    (1e150, 2.0, "x**y is large but finite"),
    (1.7, 2.3, "ordinary point"),
    (2.0, -1.0, "division: b**-1"),
    (3.0, -1.0, "division by 3"),
    (-2.0, 3.0, "negative base, integer power"),
]


@pytest.mark.parametrize(("x", "y", "why"), POINTS, ids=[p[2] for p in POINTS])
def test_pow_base_derivative_is_y_times_x_to_the_y_minus_1(x: float, y: float, why: str) -> None:
    out = POW.forward(x, y)
    d_base, _ = POW.derivative(x, y, out)
    assert d_base == pytest.approx(_reference(x, y), rel=1e-15, abs=0.0), why
    if x == 1e-200:
        assert d_base == 2e-200  # exactly: y * x**1 is one exact multiplication


def test_pow_base_derivative_overflows_to_signed_infinity_without_raising() -> None:
    # x**-1 = -1e300 is a float, but the slope -x**-2 = -1e600 is not.
    x, y = -1e-300, -1.0
    out = POW.forward(x, y)
    d_base, _ = POW.derivative(x, y, out)
    assert d_base == -math.inf
    leaf = Value(x)
    (leaf**y).backward()
    assert leaf.grad == -math.inf


@pytest.mark.parametrize(("x", "y", "why"), POINTS, ids=[p[2] for p in POINTS])
def test_pow_derivative_rule_on_values_agrees_with_floats(x: float, y: float, why: str) -> None:
    out = POW.forward(x, y)
    on_floats = POW.derivative(x, y, out)
    on_values = POW.derivative(Value(x), Value(y), Value(out))
    assert isinstance(on_values[0], Value), "the rule must record a graph on Values"
    assert on_values[0].data == on_floats[0], why
    got = on_values[1].data if isinstance(on_values[1], Value) else on_values[1]
    assert got == on_floats[1]


def test_second_derivative_of_a_square_through_the_rule() -> None:
    x = Value(1e-200)
    sq = x**2
    (d_base,) = POW.derivative(x, sq.inputs[1], sq)[:1]
    d_base.backward()
    assert d_base.data == 2e-200
    assert x.grad == 2.0  # d/dx (2x) = 2, not lost to the underflow of x**2
