"""Every primitive's derivative against an independent NumPy formula, over its whole safe
domain, edges and large magnitudes included."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from autograd import Value
from autograd.higher_order import _BUILT_IN


def slope(build, *xs: float) -> list[float]:  # type: ignore[no-untyped-def]
    leaves = [Value(x) for x in xs]
    build(*leaves).backward()
    return [leaf.grad for leaf in leaves]


def floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def close(got: float, want: float) -> None:
    assert got == pytest.approx(float(want), rel=1e-12, abs=1e-300)


# NumPy references: each derivative written from scratch in NumPy float64.


@given(floats(-745.0, 745.0))
def test_sigmoid(x: float) -> None:
    # σ'(x) = 1 / (4 cosh²(x/2)), free of the cancellation in σ(1 − σ) at large |x|
    with np.errstate(over="ignore"):
        want = 0.25 / np.cosh(np.float64(x) / 2) ** 2
    close(slope(lambda v: v.sigmoid(), x)[0], want)


@given(floats(-800.0, 800.0))
def test_tanh(x: float) -> None:
    with np.errstate(over="ignore"):
        want = 1 / np.cosh(np.float64(x)) ** 2  # cosh overflows to inf past 710: sech² → 0
    close(slope(lambda v: v.tanh(), x)[0], want)


@given(st.one_of(floats(-700.0, 709.7), st.just(709.78)))
def test_exp_up_to_overflow(x: float) -> None:
    close(slope(lambda v: v.exp(), x)[0], np.exp(np.float64(x)))


@given(st.one_of(floats(1e-300, 1e300), st.just(5e-324)))
def test_log_down_to_the_smallest_float(x: float) -> None:
    with np.errstate(over="ignore"):  # 1/5e-324 is beyond a float: inf on both sides
        want = np.reciprocal(np.float64(x))
    close(slope(lambda v: v.log(), x)[0], want)


@given(floats(-1e6, 1e6))
def test_relu(x: float) -> None:
    assert slope(lambda v: v.relu(), x)[0] == np.heaviside(x, 0.0)  # relu'(0) = 0


@given(st.one_of(floats(1e-300, 1e300), st.just(5e-324)))
def test_sqrt(x: float) -> None:
    close(slope(lambda v: v.sqrt(), x)[0], 0.5 / np.sqrt(np.float64(x)))


@given(floats(-1e300, 1e300))
def test_abs(x: float) -> None:
    assert slope(lambda v: abs(v), x)[0] == np.sign(x)  # abs'(0) = sign(0) = 0


@given(floats(-1e150, 1e150), floats(-1e150, 1e150))
def test_add_mul_neg(x: float, y: float) -> None:
    assert slope(lambda a, b: a + b, x, y) == [1.0, 1.0]
    assert slope(lambda a, b: a * b, x, y) == [y, x]
    assert slope(lambda a: -a, x) == [-1.0]


@given(st.one_of(floats(1e-200, 1e3), st.just(5e-324)), floats(-3.0, 3.0))
def test_pow_positive_base(x: float, y: float) -> None:
    bx, by = np.float64(x), np.float64(y)
    with np.errstate(over="ignore", invalid="ignore"):
        assume(np.isfinite(np.power(bx, by)))  # outside: the forward raises OverflowError
        want_x = by * np.power(bx, by - 1) if y != 0.0 else 0.0  # x**0 is constant
        if not np.isfinite(want_x):  # x**(y-1) beyond a float while y·x**y / x is not
            want_x = by * np.power(bx, by) / bx
        want_y = np.power(bx, by) * np.log(bx)
    got = slope(lambda a, b: a**b, x, y)
    if np.isfinite(want_x):
        close(got[0], want_x)
    else:
        assert got[0] == want_x
    close(got[1], want_y)


@given(floats(-1e3, 1e3).filter(lambda v: abs(v) > 1e-60), st.integers(-3, 4))
def test_pow_any_base_integer_exponent(x: float, n: int) -> None:
    bx = np.float64(x)  # |x| > 1e-60 keeps x**-3 finite
    got = slope(lambda a: a ** float(n), x)[0]
    close(got, n * bx ** (n - 1) if n != 0 else 0.0)


@given(st.lists(floats(-1e3, 1e3), min_size=2, max_size=8))
def test_n_ary_sum_dot_linear(xs: list[float]) -> None:
    from autograd import dot, linear, sum_of

    n = len(xs) // 2
    w, x = xs[:n], xs[n : 2 * n]
    assert slope(lambda *v: sum_of(v), *xs) == [1.0] * len(xs)
    assert slope(lambda *v: dot(v[:n], v[n:]), *w, *x) == list(np.array(x)) + list(np.array(w))
    assert slope(lambda *v: linear(v[:n], v[n : 2 * n], v[-1]), *w, *x, 0.5) == [*x, *w, 1.0]


def test_every_builtin_primitive_is_covered_here() -> None:
    covered = {"sigmoid", "tanh", "exp", "log", "relu", "add", "mul", "neg", "pow", "sqrt", "abs"}
    covered |= {"sum", "dot", "linear"}
    assert covered == set(_BUILT_IN)
