"""The table of primitive operations: one row per operation, forward rule beside its derivative.

Every operation the engine records is a :class:`Primitive` row in :data:`PRIMITIVES`.

* ``forward(*xs)`` maps the input floats to the output float. It checks the domain and
  raises a clear error (naming the operation and the operands) before any node exists.
* ``derivative(*xs, out)`` receives the same inputs plus the forward output and returns a
  tuple with one local derivative d(out)/d(x_i) per input. Reusing ``out`` keeps exp, tanh
  and sigmoid cheap.

Derivative rules use only arithmetic, ``float()`` for branch decisions and :func:`_log`,
so the same rule evaluates on floats (the first-order backward pass, where locals are
computed at forward time) and on Values (higher-order gradients: differentiating the
rule itself). ``Value``'s operators are thin lookups into this table; subtraction,
division and the reflected operators are derived from these rows in ``value.py``. The
hottest rows (add, mul, neg, relu, tanh, linear) are also written out inline there, for
speed; tests/test_fast_paths.py checks them bit for bit against the rows here.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["PRIMITIVES", "VARIADIC", "Primitive", "register"]

#: ``arity`` of a row that takes any number of inputs.
VARIADIC = -1


@dataclass(frozen=True)
class Primitive:
    """One operation of the engine: its forward rule and its local derivatives.

    Args:
        name: unique name, shown as ``Value.op`` (e.g. ``"mul"``).
        arity: number of inputs, or ``VARIADIC``.
        forward: ``forward(*xs) -> float``; raises on inputs outside the domain.
        derivative: ``derivative(*xs, out) -> tuple`` of d(out)/d(x_i), one per input.
        symbol: short text for rendered graphs (``"*"``, ``"tanh"``).
        convention: the rule chosen where the derivative is not defined (kinks, domain
            edges), or ``""`` where there is none.

    >>> PRIMITIVES["mul"].derivative(3.0, 4.0, 12.0)
    (4.0, 3.0)
    """

    name: str
    arity: int
    forward: Callable[..., float]
    derivative: Callable[..., tuple[Any, ...]]
    symbol: str
    convention: str = ""


#: Every known primitive by name, built-in and user-registered alike.
PRIMITIVES: dict[str, Primitive] = {}


def register(primitive: Primitive) -> Primitive:
    """Add ``primitive`` to :data:`PRIMITIVES` and return it.

    Raises:
        ValueError: if a primitive of the same name is already registered.
    """
    if primitive.name in PRIMITIVES:
        raise ValueError(
            f"a primitive named {primitive.name!r} is already registered; choose another name"
        )
    PRIMITIVES[primitive.name] = primitive
    return primitive


def _log(x: Any) -> Any:
    """Natural log of a float, or of a Value (recorded as a node), for derivative rules."""
    return math.log(x) if type(x) is float else x.log()


#: Float multiplication as a function; map(operator.mul, ...) is ~2.5x faster than
#: map(float.__mul__, ...) and gives the same products.
_mul: Callable[[float, float], float] = operator.mul


# ---------------------------------------------------------------- forward rules with checks


def _pow_forward(x: float, y: float) -> float:
    if x < 0.0 and not y.is_integer():
        raise ValueError(
            f"pow: a negative base has no real non-integer power: {x!r} ** {y!r}; "
            "use an integer exponent or a positive base"
        )
    if x == 0.0 and y < 0.0:
        raise ZeroDivisionError(f"pow: zero cannot be raised to a negative power: {x!r} ** {y!r}")
    try:
        return float(x**y)
    except OverflowError:
        raise OverflowError(f"pow: {x!r} ** {y!r} overflows a float") from None


def _exp_forward(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        raise OverflowError(
            f"exp: exp({x!r}) overflows a float (the largest finite result needs x <= 709.78)"
        ) from None


def _log_forward(x: float) -> float:
    if x <= 0.0:
        raise ValueError(f"log: the argument must be > 0, got {x!r}")
    return math.log(x)


def _sqrt_forward(x: float) -> float:
    if x < 0.0:
        raise ValueError(f"sqrt: the argument must be >= 0, got {x!r}")
    return math.sqrt(x)


def _sqrt_derivative(x: Any, out: Any) -> tuple[Any]:
    # 1 / (2 sqrt(x)); at x = 0 the one-sided slope is +inf (PyTorch gives inf too).
    return (0.5 / out if float(out) != 0.0 else math.inf,)


def _abs_derivative(x: Any, out: Any) -> tuple[float]:
    value = float(x)
    return (1.0 if value > 0.0 else -1.0 if value < 0.0 else 0.0,)


def _sigmoid_forward(x: float) -> float:
    # Two branches so exp never sees a large positive argument: stable for every input.
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def tanh_slope(x: float, out: float) -> float:
    """1 - tanh²(x) to full relative precision, also where tanh(x) rounds to ±1.

    ``1 - out * out`` cancels once |x| passes about 1 (at x = 20 it gives 0, not 1.7e-17);
    sech²(x) = 4e/(1 + e)² with e = exp(-2|x|) does not.
    """
    if -0.5 < x < 0.5:
        return 1.0 - out * out  # out² < 0.22 here: no cancellation
    e = math.exp(-2.0 * abs(x))
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


def sigmoid_slope(x: float) -> float:
    """σ(x)(1 - σ(x)) to full relative precision: e/(1 + e)² with e = exp(-|x|).

    ``out * (1 - out)`` cancels for large x, where σ(x) rounds towards 1.
    """
    e = math.exp(-abs(x))
    return e / ((1.0 + e) * (1.0 + e))


def _pow_derivative(x: Any, y: Any, out: Any) -> tuple[Any, Any]:
    base, exponent = float(x), float(y)
    if base != 0.0:
        # y * x**(y-1) itself, not y * out / x: out = x**y may have underflowed to 0 or to a
        # subnormal (x = 1e-200, y = 2 gives out = 0, and out / x = 0 instead of 2e-200).
        try:
            d_base = y * x ** (y - 1.0)
        except OverflowError:
            # x**(y-1) beyond a float while x**y is not (|x| < 1): the slope is infinite,
            # and y * out / x overflows to inf with the right sign instead of raising.
            d_base = y * out / x
    elif exponent == 0.0:
        d_base = 0.0  # x**0 is 1 for every x
    elif exponent < 1.0:
        d_base = math.inf  # slope of x**y at 0 for 0 < y < 1
    else:
        d_base = y * x ** (y - 1.0)
    d_exponent = out * _log(x) if base > 0.0 else 0.0
    return d_base, d_exponent


def _linear_forward(*args: float) -> float:
    n = len(args) // 2  # args = w_1..w_n, x_1..x_n, b
    return sum(map(_mul, args[:n], args[n : 2 * n])) + args[-1]


def _linear_derivative(*args: Any) -> tuple[Any, ...]:
    n = (len(args) - 1) // 2  # args = w_1..w_n, x_1..x_n, b, out
    return args[n : 2 * n] + args[:n] + (1.0,)


def _dot_forward(*args: float) -> float:
    n = len(args) // 2  # args = w_1..w_n, x_1..x_n
    return sum(map(_mul, args[:n], args[n:]))


def _dot_derivative(*args: Any) -> tuple[Any, ...]:
    n = len(args) // 2  # args = w_1..w_n, x_1..x_n, out
    return args[n : 2 * n] + args[:n]


# ---------------------------------------------------------------- arithmetic

ADD = register(Primitive("add", 2, lambda x, y: x + y, lambda x, y, out: (1.0, 1.0), "+"))
MUL = register(Primitive("mul", 2, lambda x, y: x * y, lambda x, y, out: (y, x), "*"))
NEG = register(Primitive("neg", 1, lambda x: -x, lambda x, out: (-1.0,), "-"))
POW = register(
    Primitive(
        "pow",
        2,
        _pow_forward,
        _pow_derivative,
        "**",
        convention=(
            "d/dx at x = 0: 0 for y = 0, inf for 0 < y < 1; d/dy is 0 where x <= 0, since "
            "x**y is not defined for nearby non-integer y (so a constant exponent, as in "
            "(y - t)**2, never carries NaN); 0**0 = 1"
        ),
    )
)

# ---------------------------------------------------------------- elementary functions

EXP = register(Primitive("exp", 1, _exp_forward, lambda x, out: (out,), "exp"))
LOG = register(
    Primitive("log", 1, _log_forward, lambda x, out: (1.0 / x,), "log", "defined for x > 0 only")
)
TANH = register(
    Primitive(
        "tanh",
        1,
        math.tanh,
        lambda x, out: (tanh_slope(x, out) if type(x) is float else 1.0 - out * out,),
        "tanh",
    )
)
SIGMOID = register(
    Primitive(
        "sigmoid",
        1,
        _sigmoid_forward,
        lambda x, out: (sigmoid_slope(x) if type(x) is float else out * (1.0 - out),),
        "sigmoid",
    )
)
RELU = register(
    Primitive(
        "relu",
        1,
        lambda x: 0.0 if x <= 0.0 else x,
        lambda x, out: (1.0 if float(x) > 0.0 else 0.0,),
        "relu",
        convention="relu'(0) = 0 (the derivative from the left, as PyTorch does)",
    )
)

SQRT = register(
    Primitive(
        "sqrt",
        1,
        _sqrt_forward,
        _sqrt_derivative,
        "sqrt",
        convention="defined for x >= 0; sqrt'(0) = inf (the slope from the right)",
    )
)
ABS = register(
    Primitive(
        "abs",
        1,
        abs,
        _abs_derivative,
        "abs",
        convention="abs'(0) = 0 (sign(0) = 0, as PyTorch does)",
    )
)

# ------------------------------------------------------ n-ary: one node, an edge per input

SUM = register(
    Primitive("sum", VARIADIC, lambda *xs: sum(xs), lambda *args: (1.0,) * (len(args) - 1), "sum")
)
DOT = register(Primitive("dot", VARIADIC, _dot_forward, _dot_derivative, "dot"))
LINEAR = register(Primitive("linear", VARIADIC, _linear_forward, _linear_derivative, "linear"))
