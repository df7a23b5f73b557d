"""The registry of operations that drives every per-operation test.

One :class:`Op` per built-in row of ``autograd.PRIMITIVES``, written once, read by

* test_ops_values.py: value and local derivatives against independent NumPy references,
  at hand-picked points and over each input region (Hypothesis); bad inputs;
* test_ops_finite_differences.py: gradients against central differences;
* test_ops_higher_order.py: 2nd and 3rd derivatives against closed forms, and the rule
  on Values against the rule on floats;
* test_ops_arrays.py: the rule on NumPy arrays against the rule on floats, element by
  element (forward, derivative, domain);
* test_ops_fast_paths.py: the inlined operators against the row, bit for bit;
* test_ops_registry.py: the registry covers exactly the built-in rows.

An entry says how user code applies the operation to Values (``call``), where to look
(``points``: ordinary points, kinks, domain edges, extremes, each with what is known
exactly there), where inputs may be drawn at random (``regions``), how to compute it
independently (``value`` and ``grads``, NumPy on float64 scalars, conventions at kinks
written out), what its higher derivatives are (``closed``), which inputs it refuses
(``errors``), which inlined fast paths stand for it (``fast``) and how far NumPy's
functions may stray from ``math``'s on it (``array_ulps``).

>>> OPS["relu"].row.name, len(OPS)
('relu', 14)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st

from autograd import PRIMITIVES, Primitive, Value, dot, gradients, linear, sum_of

from floats import EPS
from seed_reference import relu, relu_prime, sigmoid, sigmoid_prime

INF = math.inf

# ---------------------------------------------------------------- the shape of an entry


@dataclass(frozen=True)
class Point:
    """One input point of an operation, with what is known exactly there.

    Args:
        xs: the inputs.
        why: what the point tests (shown in the test id).
        value: the exact output where it is known (a convention, an exact case), checked
            bit for bit; None to rely on the reference formula alone.
        grads: the exact local derivatives likewise.
        kink: the derivative here is a convention, not a limit: no finite differences.
    """

    xs: tuple[float, ...]
    why: str = ""
    value: float | None = None
    grads: tuple[float, ...] | None = None
    kink: bool = False


@dataclass(frozen=True)
class Bad:
    """Inputs outside an operation's domain, the error they raise and its message (regex)."""

    xs: tuple[float, ...]
    error: type[Exception]
    message: str


@dataclass(frozen=True)
class Closed:
    """A function of one variable built on the operation, and its first three derivatives
    in closed form, compared at ``x`` with nested ``gradients(create_graph=True)``."""

    why: str
    f: Callable[[Value], Value]
    x: float
    d1: Callable[[float], float]
    d2: Callable[[float], float]
    d3: Callable[[float], float]


@dataclass(frozen=True)
class Interval:
    """Where one input is drawn from: ``[lo, hi]``, with ``|x| >= min_abs``.

    Args:
        integers: draw integer-valued floats only.
        also: edge values drawn as well (outside ``[lo, hi]`` is allowed: 5e-324).
    """

    lo: float
    hi: float
    integers: bool = False
    min_abs: float = 0.0
    also: tuple[float, ...] = ()

    def strategy(self) -> st.SearchStrategy[float]:
        """The Hypothesis strategy for this input."""
        if self.integers:
            base = st.integers(math.ceil(self.lo), math.floor(self.hi)).map(float)
        else:
            base = st.floats(self.lo, self.hi, allow_nan=False, allow_infinity=False)
        if self.min_abs:
            base = base.filter(lambda x: abs(x) >= self.min_abs)
        return st.one_of(base, st.sampled_from(self.also)) if self.also else base

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` random inputs: half uniform on the interval, half log-uniform in
        magnitude (so 1e-200 and 1e3 both occur in ``[1e-200, 1e3]``), then ``also``."""
        if self.integers:
            drawn = rng.integers(math.ceil(self.lo), math.floor(self.hi) + 1, n).astype(float)
        else:
            top = math.log10(max(abs(self.lo), abs(self.hi), 1e-300))
            kept: list[float] = []
            while len(kept) < n:
                magnitude = 10.0 ** rng.uniform(-300.0, top, n)
                candidates = np.concatenate(
                    [rng.uniform(self.lo, self.hi, n), rng.choice([-1.0, 1.0], n) * magnitude]
                )
                inside = (candidates >= self.lo) & (candidates <= self.hi)
                kept += candidates[inside & (np.abs(candidates) >= self.min_abs)].tolist()
            drawn = np.array(kept[:n])
        return np.concatenate([drawn, np.array(self.also, dtype=float)])


@dataclass(frozen=True)
class Region:
    """A part of an operation's domain that inputs are drawn from.

    Args:
        why: what the region covers (shown in the test id).
        inputs: one :class:`Interval` per input; for a variadic row, one interval used
            for every input.
        widths: for a variadic row, the numbers of inputs drawn.
    """

    why: str
    inputs: tuple[Interval, ...]
    widths: tuple[int, ...] = ()

    def strategy(self) -> st.SearchStrategy[tuple[float, ...]]:
        """Hypothesis strategy for a tuple of inputs."""
        if self.widths:
            one = self.inputs[0].strategy()
            return st.sampled_from(self.widths).flatmap(lambda k: st.tuples(*[one] * k))
        return st.tuples(*[interval.strategy() for interval in self.inputs])

    def columns(self, rng: np.random.Generator, n: int, width: int) -> list[np.ndarray]:
        """``width`` arrays of ``n`` random inputs each (plus each interval's edges), shuffled
        independently so that every pairing occurs."""
        intervals = self.inputs * width if self.widths else self.inputs
        drawn = [interval.sample(rng, n) for interval in intervals]
        size = max(len(d) for d in drawn)
        return [rng.permutation(np.resize(d, size)) for d in drawn]


@dataclass(frozen=True)
class FastPath:
    """An inlined form of an operation in autograd/value.py, and how it is reached.

    Args:
        why: the expression (shown in the test id).
        call: applies the fast path to the operands.
        kinds: for ``n`` operands, a string with one letter each: ``V`` a Value, ``f`` a
            float, ``i`` an int (operands that are numbers become constant leaves).
    """

    why: str
    call: Callable[..., Value]
    kinds: Callable[[int], str]


@dataclass(frozen=True)
class Op:
    """Everything the tests know about one built-in row. See the module docstring.

    Args:
        name: the row's name in ``PRIMITIVES``.
        call: how user code applies it to Values (an operator, a method, a helper).
        width: the number of inputs (for a variadic row: the width used on arrays).
        value: NumPy reference for the output.
        grads: NumPy reference for the local derivatives, one per input.
        points, regions, closed, errors, fast: see the classes above.
        exact: value and local derivatives are single IEEE operations or copies of
            inputs: compared with ``==`` to the reference, not within ``rel``.
        terms: for a summing row, the terms it adds: its value is compared with the
            exactly rounded sum within the error bound of summing them in order.
        rel: relative tolerance against the reference where not ``exact``.
        array_ulps: how far the rule on arrays may stray from the rule on floats.
        array_why: which array function differs from ``math``'s, when ``array_ulps > 0``.
    """

    name: str
    call: Callable[..., Value]
    width: int
    value: Callable[..., Any]
    grads: Callable[..., tuple[Any, ...]]
    points: tuple[Point, ...]
    regions: tuple[Region, ...]
    closed: tuple[Closed, ...]
    errors: tuple[Bad, ...] = ()
    fast: tuple[FastPath, ...] = ()
    exact: bool = False
    terms: Callable[..., list[float]] | None = None
    rel: float = 1e-12
    array_ulps: int = 0
    array_why: str = ""

    @property
    def row(self) -> Primitive:
        """The row under test."""
        return PRIMITIVES[self.name]

    def value_ok(self, got: float, xs: Sequence[float]) -> bool:
        """Whether ``got`` is the reference value at ``xs`` within this entry's tolerance."""
        with np.errstate(all="ignore"):
            want = float(self.value(*map(np.float64, xs)))
        if self.terms is not None:
            terms = self.terms(*xs)
            # Adding n rounded products in order: each product and each addition rounds
            # once, so the error is at most (n + 1)·eps·Σ|terms| (Higham, recursive sum).
            return abs(got - want) <= (len(terms) + 1) * EPS * math.fsum(map(abs, terms))
        if self.exact:
            return got == want or (math.isnan(got) and math.isnan(want))
        if not math.isfinite(want):
            return got == want
        return abs(got - want) <= self.rel * abs(want) + 1e-300

    def grads_ok(self, got: Sequence[float], xs: Sequence[float]) -> bool:
        """Whether ``got`` are the reference local derivatives at ``xs``."""
        with np.errstate(all="ignore"):
            want = [float(w) for w in self.grads(*map(np.float64, xs))]
        if len(got) != len(want):
            return False
        for g, w in zip(got, want):
            if self.exact or not math.isfinite(w):
                if not (g == w or (math.isnan(g) and math.isnan(w))):
                    return False
            elif abs(g - w) > self.rel * abs(w) + 1e-300:
                return False
        return True


# ---------------------------------------------------------------- helpers for entries

F = np.float64


def _binary_paths(symbol: str, apply_op: Callable[[Any, Any], Value]) -> tuple[FastPath, ...]:
    """The five ways an operator's inlined form is reached: both Values, or a float or an
    int on either side."""
    return (
        FastPath(f"Value {symbol} Value", apply_op, lambda n: "VV"),
        FastPath(f"Value {symbol} float", apply_op, lambda n: "Vf"),
        FastPath(f"float {symbol} Value", apply_op, lambda n: "fV"),
        FastPath(f"Value {symbol} int", apply_op, lambda n: "Vi"),
        FastPath(f"int {symbol} Value", apply_op, lambda n: "iV"),
    )


def _halves(v: Sequence[Any]) -> tuple[Sequence[Any], Sequence[Any]]:
    n = len(v) // 2
    return v[:n], v[n:]


def _dot_call(*v: Value) -> Value:
    w, x = _halves(v)
    return dot(w, x)


def _linear_call(*v: Any) -> Value:
    w, x = _halves(v[:-1])
    return linear(w, x, v[-1])


def _pow_value(x: F, y: F) -> float:
    with np.errstate(all="ignore"):
        return float(np.power(x, y))


def _pow_grads(x: F, y: F) -> tuple[float, float]:
    """d/dx = y·x**(y-1), d/dy = x**y·ln x, with the row's conventions written out."""
    with np.errstate(all="ignore"):
        if y == 0.0:
            d_base = 0.0  # x**0 = 1 is constant, also at x = 0
        else:
            d_base = float(y * np.power(x, y - 1.0))  # at x = 0, 0 < y < 1: 0**(y-1) = inf
            if math.isinf(d_base) and x != 0.0:
                # x**(y-1) beyond a float where y·x**y / x is not (x = 5e-324, y = 1e-38)
                d_base = float(y * np.power(x, y) / x)
        d_exponent = float(np.power(x, y) * np.log(x)) if x > 0.0 else 0.0  # x <= 0: 0
    return d_base, d_exponent


def _zero(x: float) -> float:
    return 0.0


def _sig(x: float) -> float:
    return float(sigmoid(x))


def _sig1(x: float) -> float:
    return float(sigmoid_prime(x))


# ---------------------------------------------------------------- the registry

#: Edge values every row is also tried at on arrays (test_ops_arrays): zeros of both
#: signs, the smallest floats, where exp, tanh and sigmoid saturate, integers and
#: non-integers (for pow), huge values, infinities and NaN.
EDGES: tuple[float, ...] = (0.0, -0.0, 1e-300, -1e-300, 5e-324, 700.0, -700.0, 1000.0)
EDGES += (-1000.0, 1.0, -1.0, 2.0, -2.0, 3.0, -3.0, 0.5, -0.5, 2.5, -2.5, 1e300, -1e300)
EDGES += (INF, -INF, math.nan)

_WIDE = Interval(-1e150, 1e150)

OPS_LIST: tuple[Op, ...] = (
    Op(
        name="add",
        call=lambda a, b: a + b,
        width=2,
        value=lambda x, y: x + y,
        grads=lambda x, y: (1.0, 1.0),
        exact=True,
        points=(
            Point((2.5, -4.0), "ordinary", -1.5, (1.0, 1.0)),
            Point((0.1, 0.2), "rounds", 0.30000000000000004, (1.0, 1.0)),
            Point((-0.0, -0.0), "signed zeros", -0.0, (1.0, 1.0)),
        ),
        regions=(Region("wide", (_WIDE, _WIDE)),),
        closed=(Closed("x + x + 2", lambda v: v + v + 2.0, 0.3, lambda x: 2.0, _zero, _zero),),
        fast=_binary_paths("+", lambda a, b: a + b),
    ),
    Op(
        name="mul",
        call=lambda a, b: a * b,
        width=2,
        value=lambda x, y: x * y,
        grads=lambda x, y: (y, x),
        exact=True,
        points=(
            Point((2.5, -4.0), "ordinary", -10.0, (-4.0, 2.5)),
            Point((-0.0, 3.0), "signed zero", -0.0, (3.0, -0.0)),
            Point((1e200, 1e200), "overflows to inf: not an error", INF, (1e200, 1e200)),
        ),
        regions=(Region("wide", (_WIDE, _WIDE)),),
        closed=(
            Closed(
                "x * x * x",
                lambda v: v * v * v,
                1.7,
                lambda x: 3 * x**2,
                lambda x: 6 * x,
                lambda x: 6.0,
            ),
        ),
        fast=_binary_paths("*", lambda a, b: a * b),
    ),
    Op(
        name="neg",
        call=lambda a: -a,
        width=1,
        value=lambda x: -x,
        grads=lambda x: (-1.0,),
        exact=True,
        points=(Point((3.0,), "ordinary", -3.0, (-1.0,)), Point((0.0,), "zero", -0.0, (-1.0,))),
        regions=(Region("wide", (_WIDE,)),),
        closed=(Closed("-x", lambda v: -v, 0.3, lambda x: -1.0, lambda x: 0.0, lambda x: 0.0),),
        fast=(FastPath("-Value", lambda a: -a, lambda n: "V"),),
    ),
    Op(
        name="pow",
        call=lambda a, b: a**b,
        width=2,
        value=_pow_value,
        grads=_pow_grads,
        rel=1e-15,  # the reference computes the same products: only pow itself may round apart
        points=(
            Point((1.7, 2.3), "ordinary point"),
            Point((-2.0, 3.0), "negative base, integer power: d/dy = 0", -8.0, (12.0, 0.0)),
            Point((0.0, 2.0), "0**2", 0.0, (0.0, 0.0)),
            Point((0.0, 0.0), "0**0 = 1, constant in x", 1.0, (0.0, 0.0)),
            Point((0.0, 0.5), "0**0.5: slope from the right is inf", 0.0, (INF, 0.0), kink=True),
            Point((0.0, 1.0), "0**1", 0.0, (1.0, 0.0)),
            Point((1e-200, 2.0), "x**y underflows to 0", 0.0, (2e-200, -0.0)),
            Point((1e-160, 2.0), "x**y is subnormal"),
            Point((-1e-200, 3.0), "negative base, x**y underflows"),
            Point((3e-160, 2.0), "subnormal, not a power of two"),
            Point((1e150, 2.0), "x**y is large but finite"),
            Point((2.0, -1.0), "division: b**-1", 0.5),
            Point((3.0, -1.0), "division by 3"),
            Point((-1e-300, -1.0), "slope overflows to -inf", grads=(-INF, 0.0)),
            Point((5e-324, 1e-38), "x**(y-1) overflows, y·x**y/x does not"),
            Point((2.0, 0.5), "square root as a power"),
        ),
        regions=(
            Region(
                "positive base",
                (Interval(1e-200, 1e3, also=(5e-324,)), Interval(-3.0, 3.0)),
            ),
            Region(
                "any base, integer exponent",
                (Interval(-1e3, 1e3, min_abs=1e-60), Interval(-3.0, 4.0, integers=True)),
            ),
        ),
        closed=(
            Closed(
                "x ** 2.5",
                lambda v: v**2.5,
                1.8,
                lambda x: 2.5 * x**1.5,
                lambda x: 3.75 * x**0.5,
                lambda x: 1.875 * x**-0.5,
            ),
            Closed(
                "3 ** x",
                lambda v: 3.0**v,
                0.6,
                lambda x: 3.0**x * math.log(3.0),
                lambda x: 3.0**x * math.log(3.0) ** 2,
                lambda x: 3.0**x * math.log(3.0) ** 3,
            ),
            Closed(  # f' = x^x (ln x + 1), f'' = x^x ((ln x + 1)² + 1/x)
                "x ** x",
                lambda v: v**v,
                1.4,
                lambda x: x**x * (math.log(x) + 1),
                lambda x: x**x * ((math.log(x) + 1) ** 2 + 1 / x),
                lambda x: x**x * ((math.log(x) + 1) ** 3 + 3 * (math.log(x) + 1) / x - 1 / x**2),
            ),
            Closed(  # out underflows, the derivatives must not
                "x ** 2 at a tiny base",
                lambda v: v**2,
                1e-200,
                lambda x: 2 * x,
                lambda x: 2.0,
                lambda x: 0.0,
            ),
            Closed(
                "1 / x",
                lambda v: 1.0 / v,
                0.8,
                lambda x: -1 / x**2,
                lambda x: 2 / x**3,
                lambda x: -6 / x**4,
            ),
        ),
        errors=(
            Bad(
                (-8.0, 1 / 3),
                ValueError,
                r"pow: a negative base has no real non-integer power: -8\.0 \*\* 0\.333",
            ),
            Bad(
                (0.0, -2.0),
                ZeroDivisionError,
                r"pow: zero cannot be raised to a negative power: 0\.0 \*\* -2\.0",
            ),
            Bad((10.0, 400.0), OverflowError, r"pow: 10\.0 \*\* 400\.0 overflows a float"),
        ),
    ),
    Op(
        name="exp",
        call=Value.exp,
        width=1,
        value=np.exp,
        grads=lambda x: (np.exp(x),),
        points=(
            Point((0.7,), "ordinary"),
            Point((0.0,), "exp(0) = 1", 1.0, (1.0,)),
            Point((709.78,), "the largest finite result"),
            Point((-1000.0,), "underflows to 0", 0.0, (0.0,)),
        ),
        regions=(Region("up to overflow", (Interval(-700.0, 709.7, also=(709.78,)),)),),
        closed=(Closed("exp", Value.exp, 1.3, math.exp, math.exp, math.exp),),
        errors=(Bad((710.0,), OverflowError, r"exp: exp\(710\.0\) overflows a float"),),
    ),
    Op(
        name="log",
        call=Value.log,
        width=1,
        value=np.log,
        grads=lambda x: (1.0 / x,),
        points=(
            Point((0.7,), "ordinary"),
            Point((1.0,), "log 1 = 0", 0.0, (1.0,)),
            Point((1e-300,), "tiny"),
            Point((5e-324,), "the smallest float: 1/x overflows to inf", grads=(INF,)),
            Point((1e300,), "huge"),
        ),
        regions=(Region("down to the smallest float", (Interval(1e-300, 1e300, also=(5e-324,)),)),),
        closed=(
            Closed("log", Value.log, 2.5, lambda x: 1 / x, lambda x: -1 / x**2, lambda x: 2 / x**3),
        ),
        errors=(
            Bad((0.0,), ValueError, r"log: the argument must be > 0, got 0\.0"),
            Bad((-2.0,), ValueError, r"log: the argument must be > 0, got -2\.0"),
        ),
    ),
    Op(
        name="sqrt",
        call=Value.sqrt,
        width=1,
        value=np.sqrt,
        grads=lambda x: (0.5 / np.sqrt(x),),
        points=(
            Point((2.25,), "ordinary", 1.5, (1 / 3,)),
            Point((6.25,), "exact root", 2.5, (0.2,)),
            Point((0.0,), "sqrt'(0) = inf, the slope from the right", 0.0, (INF,), kink=True),
            Point((5e-324,), "the smallest float"),
        ),
        regions=(Region("non-negative", (Interval(1e-300, 1e300, also=(5e-324,)),)),),
        closed=(
            Closed(
                "sqrt",
                Value.sqrt,
                2.0,
                lambda x: 0.5 * x**-0.5,
                lambda x: -0.25 * x**-1.5,
                lambda x: 0.375 * x**-2.5,
            ),
        ),
        errors=(Bad((-4.0,), ValueError, r"sqrt: the argument must be >= 0, got -4\.0"),),
    ),
    Op(
        name="abs",
        call=abs,
        width=1,
        value=np.abs,
        grads=lambda x: (np.sign(x),),
        exact=True,
        points=(
            Point((-2.5,), "negative", 2.5, (-1.0,)),
            Point((2.5,), "positive", 2.5, (1.0,)),
            Point((-2.0,), "negative integer", 2.0, (-1.0,)),
            Point((3.0,), "positive integer", 3.0, (1.0,)),
            Point((0.0,), "abs'(0) = 0", 0.0, (0.0,), kink=True),
            Point((-0.0,), "abs'(-0) = 0", 0.0, kink=True),
        ),
        regions=(Region("wide", (Interval(-1e300, 1e300),)),),
        closed=(
            Closed(
                "|x³| for x < 0",
                lambda v: abs(v * v * v),
                -1.5,
                lambda x: -3 * x**2,
                lambda x: -6 * x,
                lambda x: -6.0,
            ),
            Closed("|x| for x > 0", abs, 1.5, lambda x: 1.0, lambda x: 0.0, lambda x: 0.0),
        ),
    ),
    Op(
        name="tanh",
        call=Value.tanh,
        width=1,
        value=np.tanh,
        grads=lambda x: (1.0 / np.cosh(x) ** 2,),  # cosh overflows past 710: sech² → 0
        points=(
            Point((0.7,), "ordinary"),
            Point((0.3,), "below 0.5: 1 - out²"),
            Point((20.0,), "1 - out² would cancel to 0"),
            Point((-800.0,), "saturated", -1.0, (0.0,)),
            Point((700.0,), "saturated", 1.0, (0.0,)),
            Point((-700.0,), "saturated", -1.0, (0.0,)),
            *(Point((x,), "extreme", math.copysign(1.0, x), (0.0,)) for x in (-1000.0, 1000.0)),
            *(Point((x,), "extreme", math.copysign(1.0, x), (0.0,)) for x in (-745.2, 710.0)),
            *(Point((x,), "extreme", math.copysign(1.0, x), (0.0,)) for x in (1e308, -1e308)),
        ),
        regions=(Region("wide", (Interval(-800.0, 800.0),)),),
        closed=(
            Closed(
                "tanh",
                Value.tanh,
                0.7,
                lambda x: 1 - math.tanh(x) ** 2,
                lambda x: -2 * math.tanh(x) * (1 - math.tanh(x) ** 2),
                lambda x: (1 - math.tanh(x) ** 2) * (6 * math.tanh(x) ** 2 - 2),
            ),
        ),
        fast=(FastPath("Value.tanh()", Value.tanh, lambda n: "V"),),
        # glibc's tanh is within 2 ulp of the true value (glibc manual, "Known Maximum
        # Errors in Math Functions", x86_64); NumPy's own tanh loop is not glibc's, so the
        # two may differ by the sum of their errors. Measured on 600,000 points: a fifth
        # differ, by at most 3 ulp (np.exp, np.log, np.sqrt and np.power agreed with math
        # to the last bit). The derivative uses exp, not tanh, above |x| = 0.5.
        array_ulps=4,
        array_why="np.tanh (NumPy's own loop) vs math.tanh (glibc)",
    ),
    Op(
        name="sigmoid",
        call=Value.sigmoid,
        width=1,
        value=sigmoid,
        grads=lambda x: (sigmoid_prime(x),),
        points=(
            Point((0.7,), "ordinary"),
            Point((0.0,), "σ(0) = 1/2", 0.5, (0.25,)),
            Point((-1000.0,), "saturated", 0.0, (0.0,)),
            Point((1000.0,), "saturated", 1.0, (0.0,)),
            Point((700.0,), "σ rounds to 1, σ' = e^-700 must not"),
            Point((-700.0,), "σ = σ' = e^-700"),
            Point((-745.2,), "σ and σ' underflow to 0", 0.0, (0.0,)),
            Point((710.0,), "σ rounds to 1, σ' is subnormal", 1.0),
            Point((1e308,), "extreme", 1.0, (0.0,)),
            Point((-1e308,), "extreme", 0.0, (0.0,)),
        ),
        regions=(Region("wide", (Interval(-745.0, 745.0),)),),
        closed=(
            Closed(
                "sigmoid",
                Value.sigmoid,
                -0.4,
                lambda x: _sig1(x),
                lambda x: _sig1(x) * (1 - 2 * _sig(x)),
                lambda x: _sig1(x) * (1 - 6 * _sig(x) + 6 * _sig(x) ** 2),
            ),
        ),
    ),
    Op(
        name="relu",
        call=Value.relu,
        width=1,
        value=relu,
        grads=lambda x: (relu_prime(x),),
        exact=True,
        points=(
            Point((0.7,), "positive", 0.7, (1.0,)),
            Point((-0.7,), "negative", 0.0, (0.0,)),
            Point((0.0,), "relu'(0) = 0", 0.0, (0.0,), kink=True),
            Point((-0.0,), "relu(-0) = +0", 0.0, (0.0,), kink=True),
            Point((1e-300,), "tiny positive", 1e-300, (1.0,)),
            Point((-3.0,), "negative integer", 0.0, (0.0,)),
        ),
        regions=(Region("wide", (Interval(-1e6, 1e6),)),),
        closed=(
            Closed("relu, x > 0", Value.relu, 1.5, lambda x: 1.0, lambda x: 0.0, lambda x: 0.0),
            Closed("relu, x < 0", Value.relu, -1.5, lambda x: 0.0, lambda x: 0.0, lambda x: 0.0),
        ),
        fast=(FastPath("Value.relu()", Value.relu, lambda n: "V"),),
    ),
    Op(
        name="sum",
        call=lambda *v: sum_of(v),
        width=3,
        value=lambda *xs: math.fsum(xs),
        grads=lambda *xs: (1.0,) * len(xs),
        exact=True,
        terms=lambda *xs: list(xs),
        points=(
            Point((1.0, -2.0, 3.5), "three terms", 2.5, (1.0, 1.0, 1.0)),
            Point((4.0,), "one term", 4.0, (1.0,)),
        ),
        regions=(Region("1 to 8 terms", (Interval(-1e3, 1e3),), widths=tuple(range(1, 9))),),
        closed=(
            Closed(
                "x + x² + 3",
                lambda v: sum_of([v, v * v, 3.0]),
                0.9,
                lambda x: 1 + 2 * x,
                lambda x: 2.0,
                lambda x: 0.0,
            ),
        ),
    ),
    Op(
        name="dot",
        call=_dot_call,
        width=4,
        value=lambda *v: math.fsum(w * x for w, x in zip(*_halves(v))),
        grads=lambda *v: (*_halves(v)[1], *_halves(v)[0]),
        exact=True,
        terms=lambda *v: [w * x for w, x in zip(*_halves(v))],
        points=(Point((1.0, 2.0, 3.0, 4.0), "w = (1, 2), x = (3, 4)", 11.0, (3.0, 4.0, 1.0, 2.0)),),
        regions=(Region("0 to 4 pairs", (Interval(-1e3, 1e3),), widths=(0, 2, 4, 6, 8)),),
        closed=(
            Closed(
                "x·x + x²·2",
                lambda v: dot([v, v * v], [v, 2.0]),
                0.9,
                lambda x: 6 * x,
                lambda x: 6.0,
                lambda x: 0.0,
            ),
        ),
    ),
    Op(
        name="linear",
        call=_linear_call,
        width=5,
        value=lambda *v: math.fsum([*(w * x for w, x in zip(*_halves(v[:-1]))), v[-1]]),
        grads=lambda *v: (*_halves(v[:-1])[1], *_halves(v[:-1])[0], 1.0),
        exact=True,
        terms=lambda *v: [*(w * x for w, x in zip(*_halves(v[:-1]))), v[-1]],
        points=(
            Point(
                (1.0, 2.0, 3.0, 4.0, 0.5),
                "w = (1, 2), x = (3, 4), b = 0.5",
                11.5,
                (3.0, 4.0, 1.0, 2.0, 1.0),
            ),
            Point((0.5,), "bias only", 0.5, (1.0,)),
        ),
        regions=(
            Region("0 to 4 pairs and a bias", (Interval(-1e3, 1e3),), widths=(1, 3, 5, 7, 9)),
        ),
        closed=(
            Closed(
                "x·x² + 3x + eˣ",
                lambda v: linear([v, 3.0], [v * v, v], v.exp()),
                0.4,
                lambda x: 3 * x**2 + 3 + math.exp(x),
                lambda x: 6 * x + math.exp(x),
                lambda x: 6 + math.exp(x),
            ),
        ),
        fast=(
            FastPath("linear(Values)", _linear_call, lambda n: "V" * n),
            FastPath(
                "linear(Values, floats, Value)",
                _linear_call,
                lambda n: "V" * (n // 2) + "f" * (n // 2) + "V",
            ),
        ),
    ),
)

#: The registry by row name.
OPS: dict[str, Op] = {op.name: op for op in OPS_LIST}


# ---------------------------------------------------------------- parametrization helpers


def op_points() -> list[tuple[Op, Point]]:
    """Every (entry, point) pair, for ``pytest.mark.parametrize``."""
    return [(op, point) for op in OPS_LIST for point in op.points]


def point_id(case: tuple[Op, Point]) -> str:
    """``name(xs) why``: a readable test id."""
    op, point = case
    return f"{op.name}{point.xs} {point.why}".strip()


def derivatives(f: Callable[[Value], Value], x: float, order: int) -> list[float]:
    """f(x), f'(x), …, up to the ``order``-th derivative, through nested ``gradients``.

    >>> derivatives(lambda v: v * v * v, 2.0, 3)   # x³: 8, 3x² = 12, 6x = 12, 6
    [8.0, 12.0, 12.0, 6.0]
    """
    leaf = Value(x)
    node = f(leaf)
    found = [node.data]
    for k in range(order):
        last = k == order - 1
        (node,) = gradients(node, [leaf], create_graph=not last, allow_unused=True)
        found.append(node if last else node.data)
    return found
