"""The functional forms: grad, value_and_grad, hessian and hvp on functions of floats."""

from __future__ import annotations

import math
import runpy
from pathlib import Path

import pytest

from autograd import Value, grad, hessian, hvp, value_and_grad


def rosenbrock(x: Value, y: Value) -> Value:
    return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2


def test_grad_and_its_nesting_give_successive_derivatives() -> None:
    f = lambda x: x.exp() * x  # x eˣ
    x = 0.7
    e = math.exp(x)
    assert grad(f)(x) == pytest.approx(e * (x + 1))
    assert grad(grad(f))(x) == pytest.approx(e * (x + 2))
    assert grad(grad(grad(f)))(x) == pytest.approx(e * (x + 3))


def test_results_are_floats() -> None:
    assert type(grad(lambda x: x * x)(3.0)) is float
    value, gradient = value_and_grad(lambda x: x * x)(3)
    assert (type(value), type(gradient)) == (float, float)
    assert (value, gradient) == (9.0, 6.0)


def test_argnums_int_and_tuple() -> None:
    f = lambda x, y: x * y * y
    assert grad(f, argnums=1)(2.0, 3.0) == 12.0
    assert grad(f, argnums=(0, 1))(2.0, 3.0) == (9.0, 12.0)
    assert grad(f, argnums=-1)(2.0, 3.0) == 12.0


def test_mixed_partial_by_nesting_argnums() -> None:
    f = lambda x, y: x * x * y.tanh()
    dxdy = grad(grad(f, argnums=0), argnums=1)(1.2, 0.4)
    assert dxdy == pytest.approx(2 * 1.2 * (1 - math.tanh(0.4) ** 2))


def test_function_ignoring_its_argument_has_zero_gradient() -> None:
    assert grad(lambda x: 3.0)(1.0) == 0.0
    assert grad(lambda x, y: y * 2.0)(1.0, 5.0) == 0.0
    assert grad(grad(lambda x: x * 5.0))(1.0) == 0.0


def test_hessian_of_rosenbrock_matches_closed_form() -> None:
    x, y = -1.2, 1.0
    h = hessian(rosenbrock)(x, y)
    assert h == [
        [pytest.approx(1200 * x * x - 400 * y + 2), pytest.approx(-400 * x)],
        [pytest.approx(-400 * x), pytest.approx(200.0)],
    ]


def test_hvp_equals_hessian_times_vector() -> None:
    point, v = [0.3, -0.8], [1.5, -2.0]
    h = hessian(rosenbrock)(*point)
    expected = [sum(h[i][j] * v[j] for j in range(2)) for i in range(2)]
    assert hvp(rosenbrock)(point, v) == pytest.approx(expected, rel=1e-12)


def test_hvp_size_mismatch() -> None:
    with pytest.raises(ValueError, match="same length, got 2 and 3"):
        hvp(rosenbrock)([1.0, 2.0], [1.0, 0.0, 0.0])


def test_errors_name_what_was_wrong() -> None:
    with pytest.raises(IndexError, match="argnums entry 2 is out of range for a call with 2"):
        grad(rosenbrock, argnums=2)(1.0, 2.0)
    with pytest.raises(TypeError, match="argnums must be an int or a non-empty tuple"):
        grad(rosenbrock, argnums=())
    with pytest.raises(TypeError, match=r"argnums must be an int or a non-empty tuple.*True"):
        grad(rosenbrock, argnums=True)
    with pytest.raises(TypeError, match="must return a Value or a real number, not str"):
        grad(lambda x: "no")(1.0)
    with pytest.raises(TypeError, match="argument 0 must be a real number, not str"):
        grad(lambda x: x)("1.0")


def test_newton_demo_converges() -> None:
    demo = Path(__file__).resolve().parent.parent / "demos" / "newton.py"
    result = runpy.run_path(str(demo), run_name="newton_test")
    path = result["newton"](rosenbrock, [-1.2, 1.0], steps=20, tol=1e-12)
    assert len(path) <= 10  # a handful of steps
    assert path[-1] == pytest.approx([1.0, 1.0], abs=1e-10)
