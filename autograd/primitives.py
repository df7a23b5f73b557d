"""The table of primitive operations: one row per operation, forward rule beside its derivative.

Every operation the engine records is a :class:`Primitive` row in :data:`PRIMITIVES`.

* ``forward(m, *xs)`` maps the inputs to the output;
* ``derivative(m, *xs, out)`` returns one local derivative d(out)/d(x_i) per input,
  reusing the forward output ``out`` where that is cheaper (exp, tanh, sigmoid);
* ``domain`` lists where the operation is not defined: a test on the inputs and the error
  to raise (log of x <= 0, a negative base to a non-integer power...), kept apart from
  the arithmetic; ``overflow`` names the error when a finite input gives an infinite
  output.

``m`` is a math namespace (:mod:`autograd.backends`), so the same rule runs on Python
floats (the engine), on NumPy arrays (a recorded graph replayed for a batch) and on
Values (differentiating a rule, for higher-order gradients). Conventions at kinks and
domain edges are written in each row's ``convention`` and tested.

``Value``'s operators are thin lookups into this table (:mod:`autograd.value`); the
hottest rows also have an inlined form there, checked against these rows by the
registry-driven tests.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CONSTANT",
    "PRIMITIVES",
    "VARIADIC",
    "Domain",
    "Primitive",
    "domain_violation",
    "register",
]

#: ``arity`` of a row that takes any number of inputs.
VARIADIC = -1


@dataclass(frozen=True)
class Domain:
    """One way inputs can fall outside an operation's domain.

    Args:
        outside: ``outside(*xs)`` is true where the inputs are outside the domain; written
            with operators only, so it gives a bool on floats and a bool array on arrays.
        error: the exception type to raise there.
        message: the reason, formatted with the offending operands (``{0!r}`` is the
            first); the operation's name is put in front.
    """

    outside: Callable[..., Any]
    error: type[Exception]
    message: str


@dataclass(frozen=True)
class Primitive:
    """One operation of the engine: its forward rule and its local derivatives.

    Args:
        name: unique name, shown as ``Value.op`` (e.g. ``"mul"``).
        arity: number of inputs, or ``VARIADIC``.
        forward: ``forward(m, *xs)``, with ``m`` a math namespace (see the module doc).
        derivative: ``derivative(m, *xs, out)``: d(out)/d(x_i), one per input.
        symbol: short text for rendered graphs (``"*"``, ``"tanh"``).
        convention: the rule chosen where the derivative is not defined (kinks, domain
            edges), or ``""`` where there is none.
        domain: where the operation is undefined, checked before ``forward`` runs.
        overflow: the message when finite inputs give an infinite result (``"{0!r}"``
            is the first operand), or ``""`` when an infinite result is not an error.
        elementwise: the rules run on NumPy arrays too (every built-in row); a user
            primitive's rules are called one float at a time.

    >>> from autograd.backends import FLOATS
    >>> PRIMITIVES["mul"].derivative(FLOATS, 3.0, 4.0, 12.0)
    (4.0, 3.0)
    """

    name: str
    arity: int
    forward: Callable[..., Any]
    derivative: Callable[..., tuple[Any, ...]]
    symbol: str
    convention: str = ""
    domain: tuple[Domain, ...] = field(default=())
    overflow: str = ""
    elementwise: bool = True


#: Every known primitive by name, built-in and user-registered alike.
PRIMITIVES: dict[str, Primitive] = {}

#: The ``primitive`` of a constant leaf, a number written in the code (``v * 2.0``) that
#: an operation wrapped. Not in the table, since no operation makes it; its name is
#: reserved.
CONSTANT = Primitive("constant", 0, lambda m: None, lambda m, out: (), "const")


def register(primitive: Primitive) -> Primitive:
    """Add ``primitive`` to :data:`PRIMITIVES` and return it.

    Raises:
        ValueError: if a primitive of the same name is already registered.
    """
    if primitive.name in PRIMITIVES or primitive.name == CONSTANT.name:
        raise ValueError(
            f"a primitive named {primitive.name!r} is already registered; choose another name"
        )
    PRIMITIVES[primitive.name] = primitive
    return primitive


def domain_violation(prim: Primitive, xs: Sequence[Any], out: Any = None) -> Exception | None:
    """The error ``prim`` raises on the operands ``xs`` (floats, or arrays of one length),
    or None when they are inside its domain.

    Pass ``out`` (the forward result) to check for overflow as well. For arrays the error
    is the one a loop over the elements would meet first, and its message names that
    element's position (``at index 3``); at one element, the domain rules come in their
    order, then overflow.

    >>> domain_violation(PRIMITIVES["log"], [-1.0])
    ValueError('log: the argument must be > 0, got -1.0')
    """
    checks = [(rule.outside(*xs), rule.error, rule.message) for rule in prim.domain]
    if out is not None and prim.overflow:
        checks.append((_overflowed(out, xs), OverflowError, prim.overflow))
    first: tuple[int, type[Exception], str, Any] | None = None
    for bad, error, message in checks:
        if bad is True or bad is False:
            if bad:
                return error(f"{prim.name}: " + message.format(*xs))
            continue
        if bad.any():
            import numpy as np

            index = int(np.flatnonzero(bad)[0])
            if first is None or index < first[0]:
                first = (index, error, message, bad)
    if first is None:
        return None
    return _at_first(first[1], prim.name, first[2], xs, first[3])


def _overflowed(out: Any, xs: Sequence[Any]) -> Any:
    """Where the result is infinite although every input is finite (bool or bool array)."""
    infinite = (out == _INF) | (out == -_INF)
    for x in xs:
        infinite = infinite & (x - x == 0.0)  # x - x is 0 for finite x, NaN for ±inf
    return infinite


def _at_first(
    error: type[Exception], name: str, message: str, xs: Sequence[Any], bad: Any
) -> Exception:
    import numpy as np

    index = int(np.flatnonzero(bad)[0])
    operands = [x.flat[index] if np.ndim(x) else x for x in (np.asarray(x) for x in xs)]
    return error(f"{name}: " + message.format(*(float(x) for x in operands)) + f" at index {index}")


_INF = float("inf")


# ---------------------------------------------------------------- arithmetic


def _pow_derivative(m: Any, x: Any, y: Any, out: Any) -> tuple[Any, Any]:
    xn, yn = m.number(x), m.number(y)
    # d/dx = y x**(y-1), computed itself rather than as y·out/x: out may have underflowed
    # (x = 1e-200, y = 2: out = 0 but the slope is 2e-200). At x = 0 that formula holds
    # for y >= 1 (and stays a function of x, for higher derivatives); for 0 < y < 1 the
    # slope is +inf, and x**0 is constant, so d/dx = 0 for y = 0.
    # Where x**(y-1) alone overflows but y·x**(y-1) need not (x = 5e-324, y = 1e-38),
    # y·out/x gives the finite slope, or inf with the right sign.
    infinite = (xn == 0.0) & (yn < 1.0)
    safe_x = m.where(infinite, 1.0, x)
    power = m.pow(safe_x, y - 1.0)
    overflowed = m.abs(m.number(power)) == m.inf
    slope = m.where(overflowed, m.divide(y * out, m.where(overflowed, safe_x, 1.0)), y * power)
    d_base = m.where(yn == 0.0, 0.0, m.where(infinite, m.inf, slope))
    # d/dy = x**y ln x, defined for x > 0 only: 0 elsewhere, so a constant exponent, as
    # in (y - t)**2, never carries NaN.
    d_exponent = m.where(xn > 0.0, out * m.log(m.where(xn > 0.0, x, 1.0)), 0.0)
    return d_base, d_exponent


ADD = register(Primitive("add", 2, lambda m, x, y: x + y, lambda m, x, y, out: (1.0, 1.0), "+"))
MUL = register(Primitive("mul", 2, lambda m, x, y: x * y, lambda m, x, y, out: (y, x), "*"))
NEG = register(Primitive("neg", 1, lambda m, x: -x, lambda m, x, out: (-1.0,), "-"))
POW = register(
    Primitive(
        "pow",
        2,
        lambda m, x, y: m.pow(x, y),
        _pow_derivative,
        "**",
        convention=(
            "d/dx at x = 0: 0 for y = 0, inf for 0 < y < 1; d/dy is 0 where x <= 0, since "
            "x**y is not defined for nearby non-integer y (so a constant exponent, as in "
            "(y - t)**2, never carries NaN); 0**0 = 1"
        ),
        domain=(
            Domain(
                lambda x, y: (x < 0.0) & (y % 1.0 != 0.0),
                ValueError,
                "a negative base has no real non-integer power: {0!r} ** {1!r}; use an "
                "integer exponent or a positive base",
            ),
            Domain(
                lambda x, y: (x == 0.0) & (y < 0.0),
                ZeroDivisionError,
                "zero cannot be raised to a negative power: {0!r} ** {1!r}",
            ),
        ),
        overflow="{0!r} ** {1!r} overflows a float",
    )
)

# ---------------------------------------------------------------- elementary functions


def _tanh_derivative(m: Any, x: Any, out: Any) -> tuple[Any]:
    # sech²(x). 1 - out² cancels once |x| passes about 1 (at x = 20 it gives 0, not
    # 1.7e-17); 4e / (1 + e)² with e = exp(-2|x|) does not. Below 0.5, out² < 0.22 and
    # 1 - out² is exact enough and cheaper.
    e = m.exp(-2.0 * m.abs(x))
    return (m.where(m.abs(m.number(x)) < 0.5, 1.0 - out * out, 4.0 * e / ((1.0 + e) * (1.0 + e))),)


def _sigmoid_forward(m: Any, x: Any) -> Any:
    # With e = exp(-|x|) <= 1 nothing overflows: σ(x) = 1/(1 + e) for x >= 0, e/(1 + e) below.
    e = m.exp(-m.abs(x))
    s = 1.0 / (1.0 + e)
    return m.where(m.number(x) >= 0.0, s, e * s)


def _sigmoid_derivative(m: Any, x: Any, out: Any) -> tuple[Any]:
    # σ(x)σ(-x) = e/(1 + e)² with e = exp(-|x|): full relative precision where σ(x) rounds
    # to 1 and out·(1 - out) would cancel.
    e = m.exp(-m.abs(x))
    return (e / ((1.0 + e) * (1.0 + e)),)


def _sqrt_derivative(m: Any, x: Any, out: Any) -> tuple[Any]:
    at_zero = m.number(out) == 0.0
    return (m.where(at_zero, m.inf, 0.5 / m.where(at_zero, 1.0, out)),)


EXP = register(
    Primitive(
        "exp",
        1,
        lambda m, x: m.exp(x),
        lambda m, x, out: (out,),
        "exp",
        overflow="exp({0!r}) overflows a float (the largest finite result needs x <= 709.78)",
    )
)
LOG = register(
    Primitive(
        "log",
        1,
        lambda m, x: m.log(x),
        lambda m, x, out: (m.reciprocal(x),),
        "log",
        convention="defined for x > 0 only",
        domain=(Domain(lambda x: x <= 0.0, ValueError, "the argument must be > 0, got {0!r}"),),
    )
)
SQRT = register(
    Primitive(
        "sqrt",
        1,
        lambda m, x: m.sqrt(x),
        _sqrt_derivative,
        "sqrt",
        convention="defined for x >= 0; sqrt'(0) = inf (the slope from the right)",
        domain=(Domain(lambda x: x < 0.0, ValueError, "the argument must be >= 0, got {0!r}"),),
    )
)
ABS = register(
    Primitive(
        "abs",
        1,
        lambda m, x: m.abs(x),
        lambda m, x, out: (m.sign(m.number(x)),),
        "abs",
        convention="abs'(0) = 0 (sign(0) = 0, as PyTorch does)",
    )
)
TANH = register(Primitive("tanh", 1, lambda m, x: m.tanh(x), _tanh_derivative, "tanh"))
SIGMOID = register(Primitive("sigmoid", 1, _sigmoid_forward, _sigmoid_derivative, "sigmoid"))
RELU = register(
    Primitive(
        "relu",
        1,
        # x <= 0 selects 0, so NaN passes through (as it does in PyTorch)
        lambda m, x: m.where(x <= 0.0, 0.0, x),
        lambda m, x, out: (m.where(m.number(x) > 0.0, 1.0, 0.0),),
        "relu",
        convention="relu'(0) = 0 (the derivative from the left, as PyTorch does)",
    )
)

# ------------------------------------------------------ n-ary: one node, an edge per input

# The sums are Python's sum(): on floats from Python 3.12 it adds with compensation
# (Neumaier), more accurate than adding in order, which is what it does on arrays (and
# on floats before 3.12). A replay on arrays may then differ by the rounding of the sum.

#: Multiplication as a function; map(operator.mul, ...) is ~2.5x faster than a lambda.
_mul: Callable[[Any, Any], Any] = operator.mul


def _dot_forward(m: Any, *args: Any) -> Any:
    n = len(args) // 2  # args = w_1..w_n, x_1..x_n
    return sum(map(_mul, args[:n], args[n:]), 0.0)


def _dot_derivative(m: Any, *args: Any) -> tuple[Any, ...]:
    n = len(args) // 2  # args = w_1..w_n, x_1..x_n, out
    return args[n : 2 * n] + args[:n]


def _linear_forward(m: Any, *args: Any) -> Any:
    n = len(args) // 2  # args = w_1..w_n, x_1..x_n, b
    return sum(map(_mul, args[:n], args[n : 2 * n])) + args[-1]


def _linear_derivative(m: Any, *args: Any) -> tuple[Any, ...]:
    n = (len(args) - 1) // 2  # args = w_1..w_n, x_1..x_n, b, out
    return args[n : 2 * n] + args[:n] + (1.0,)


SUM = register(
    Primitive(
        "sum",
        VARIADIC,
        lambda m, *xs: sum(xs, 0.0),  # 0.0: with no terms, the float 0.0
        lambda m, *args: (1.0,) * (len(args) - 1),
        "sum",
    )
)
DOT = register(Primitive("dot", VARIADIC, _dot_forward, _dot_derivative, "dot"))
LINEAR = register(Primitive("linear", VARIADIC, _linear_forward, _linear_derivative, "linear"))
