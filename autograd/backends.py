"""The math namespaces the table's rules are written against: floats and NumPy arrays.

A rule in :mod:`autograd.primitives` never calls ``math`` or NumPy directly; it receives a
namespace ``m`` and writes ``m.exp(x)``, ``m.where(c, a, b)``, ``m.number(x)``. So one rule
runs on

* :data:`FLOATS`: Python floats, one node at a time (the engine's forward pass);
* :data:`ARRAYS`: NumPy float64 arrays, elementwise (a recorded graph replayed for a
  whole batch, see :mod:`autograd.tape`);
* the Value namespace of :mod:`autograd.higher_order`: Values, so that differentiating a
  rule records a graph (higher-order gradients).

Rules are written as array code is: ``where`` evaluates both branches, so each branch
must be safe on every input (``m.log(m.where(x > 0, x, 1.0))``, not ``m.log(x)`` under a
test). Functions here return ±inf where a float operation would overflow instead of
raising: the table's domain checks raise the engine's own errors, the same way for
floats and arrays. ``number(x)`` is the plain number inside an operand, for kink and
branch tests: Values compare by identity under ``==``, so rules test ``m.number(y) == 0``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["ARRAYS", "FLOATS", "MathSpace"]


@dataclass(frozen=True)
class MathSpace:
    """The functions a rule may call, for one kind of number.

    Args:
        name: "floats", "arrays" or "values".
        exp, log, tanh, sqrt, abs, sign, pow, reciprocal, divide: elementwise functions;
            ``exp``, ``pow``, ``reciprocal`` and ``divide`` give ±inf rather than raise on
            overflow; ``sign(0) = 0``.
        where: ``where(condition, a, b)``: ``a`` where the condition holds, else ``b``.
        number: the plain number (float or array) an operand holds, for tests.
    """

    name: str
    exp: Callable[[Any], Any]
    log: Callable[[Any], Any]
    tanh: Callable[[Any], Any]
    sqrt: Callable[[Any], Any]
    abs: Callable[[Any], Any]
    sign: Callable[[Any], Any]
    pow: Callable[[Any, Any], Any]
    reciprocal: Callable[[Any], Any]
    divide: Callable[[Any, Any], Any]
    where: Callable[[Any, Any, Any], Any]
    number: Callable[[Any], Any]
    inf: float = math.inf


def _float_exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _float_pow(x: float, y: float) -> float:
    try:
        return float(x**y)
    except OverflowError:
        # |x**y| beyond a float: its sign is negative only for a negative base and an odd
        # integer exponent.
        return -math.inf if x < 0.0 and y % 2.0 == 1.0 else math.inf
    except ZeroDivisionError:  # 0.0 ** negative: the limit from the right
        return math.inf


def _float_sign(x: float) -> float:
    # sign(±0) = +0.0 and sign(NaN) = NaN, as np.sign gives them
    return 1.0 if x > 0.0 else -1.0 if x < 0.0 else (x if x != x else 0.0)


def _float_reciprocal(x: float) -> float:
    return 1.0 / x  # a subnormal x gives inf: float division rounds, it does not raise


def _select(condition: Any, a: Any, b: Any) -> Any:
    return a if condition else b


def _identity(x: Any) -> Any:
    return x


#: Python floats: ``math``'s functions.
FLOATS = MathSpace(
    name="floats",
    exp=_float_exp,
    log=math.log,
    tanh=math.tanh,
    sqrt=math.sqrt,
    abs=abs,
    sign=_float_sign,
    pow=_float_pow,
    reciprocal=_float_reciprocal,
    divide=operator.truediv,
    where=_select,
    number=_identity,
)

#: NumPy float64 arrays, elementwise: NumPy's ufuncs. Callers silence NumPy's
#: floating-point warnings (``np.errstate``): the domain checks report bad inputs.
ARRAYS = MathSpace(
    name="arrays",
    exp=np.exp,
    log=np.log,
    tanh=np.tanh,
    sqrt=np.sqrt,
    abs=np.abs,
    sign=np.sign,
    pow=np.power,
    reciprocal=np.reciprocal,
    divide=np.divide,
    where=np.where,
    number=_identity,
)
