"""Function transforms in the HIPS autograd / JAX style: ``grad``, ``value_and_grad``,
``hessian`` and ``hvp`` for functions of plain floats.

``f`` takes scalar positional arguments and returns a Value (or a plain number, when it
does not depend on its arguments). Every number argument reaches ``f`` as a Value, so
``f`` may call ``.exp()`` or ``.tanh()`` on any of them. Called with floats, the
transformed functions return floats. Called with Values (as happens when transforms are
nested, ``grad(grad(f))``), they differentiate with ``create_graph=True`` and return
Values that depend on those arguments, which lets the outer transform differentiate again.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.higher_order import gradients
from autograd.value import Value, sum_of

__all__ = ["grad", "hessian", "hvp", "value_and_grad"]

Function = Callable[..., Any]


def grad(f: Function, argnums: int | tuple[int, ...] = 0) -> Function:
    """The gradient of ``f`` with respect to the argument(s) ``argnums``.

    Args:
        f: a function of scalar arguments returning a Value.
        argnums: the position of the argument to differentiate with respect to, or a
            tuple of positions (the result is then a tuple).

    Returns:
        A function with ``f``'s signature returning df/dx (or a tuple of them).

    Raises:
        IndexError: (when called) if an entry of ``argnums`` is not a position of the
            arguments given.
        TypeError: (when called) if ``f`` returns neither a Value nor a number.

    >>> f = lambda x: x ** 3            # f' = 3x², f'' = 6x
    >>> grad(f)(2.0), grad(grad(f))(2.0)
    (12.0, 12.0)
    """
    value_and_gradient = value_and_grad(f, argnums)

    def gradient(*args: Any) -> Any:
        return value_and_gradient(*args)[1]

    gradient.__doc__ = f"Gradient of {getattr(f, '__name__', 'f')} (argnums={argnums!r})."
    return gradient


def value_and_grad(f: Function, argnums: int | tuple[int, ...] = 0) -> Function:
    """Like :func:`grad`, but the new function returns ``(f(*args), gradient)``.

    >>> value_and_grad(lambda x, y: x * y, argnums=(0, 1))(3.0, 4.0)
    (12.0, (4.0, 3.0))
    """
    positions = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    if not positions or not all(isinstance(p, int) and not isinstance(p, bool) for p in positions):
        raise TypeError(f"argnums must be an int or a non-empty tuple of ints, got {argnums!r}")

    def value_and_gradient(*args: Any) -> tuple[Any, Any]:
        for p in positions:
            if not -len(args) <= p < len(args):
                raise IndexError(
                    f"argnums entry {p} is out of range for a call with {len(args)} "
                    "positional argument(s)"
                )
        nested = any(isinstance(a, Value) for a in args)
        for p in positions:
            if not isinstance(args[p], Value):
                _as_float(args[p], p)
        # Every number becomes a Value, so f may call .exp() or .tanh() on any argument;
        # arguments that are not numbers (data, options) pass through unchanged.
        call_args = [_as_value(a) for a in args]
        wrt = [call_args[p] for p in positions]
        out = _call(f, call_args)
        if isinstance(out, Value):
            grads = gradients(out, wrt, create_graph=nested, allow_unused=True)
            value: Any = out if nested else out.data
        else:  # f ignores its arguments: a constant has zero gradient
            grads = [Value(0.0) if nested else 0.0 for _ in wrt]
            value = out
        gradient = grads[0] if isinstance(argnums, int) else tuple(grads)
        return value, gradient

    return value_and_gradient


def hessian(f: Function) -> Callable[..., list[list[float]]]:
    """The matrix of second derivatives of ``f`` with respect to all its arguments.

    Returns a function of ``f``'s arguments (floats) returning H as a list of lists,
    ``H[i][j] = ∂²f/∂xᵢ∂xⱼ``.

    >>> hessian(lambda x, y: x * x * y)(3.0, 2.0)   # [[2y, 2x], [2x, 0]]
    [[4.0, 6.0], [6.0, 0.0]]
    """

    def hessian_at(*args: float) -> list[list[float]]:
        xs = [Value(_as_float(a, i)) for i, a in enumerate(args)]
        first = _first_order_graph(f, xs)
        return [gradients(g, xs, allow_unused=True) for g in first]

    return hessian_at


def hvp(f: Function) -> Callable[[Sequence[float], Sequence[float]], list[float]]:
    """Hessian-vector product: ``hvp(f)(xs, v)`` is H(xs) · v without forming H.

    One differentiable gradient, then one gradient of its dot product with ``v``.

    Raises:
        ValueError: if ``xs`` and ``v`` differ in length.

    >>> hvp(lambda x, y: x * x * y)([3.0, 2.0], [1.0, 0.0])   # first column of H
    [4.0, 6.0]
    """

    def product(xs: Sequence[float], v: Sequence[float]) -> list[float]:
        if len(xs) != len(v):
            raise ValueError(
                f"hvp: the point and the vector must have the same length, got {len(xs)} "
                f"and {len(v)}"
            )
        values = [Value(_as_float(a, i)) for i, a in enumerate(xs)]
        first = _first_order_graph(f, values)
        directional = sum_of([g * _as_float(vi, i) for i, (g, vi) in enumerate(zip(first, v))])
        return gradients(directional, values, allow_unused=True)

    return product


def _first_order_graph(f: Function, xs: list[Value]) -> list[Value]:
    out = _call(f, xs)
    if not isinstance(out, Value):
        return [Value(0.0) for _ in xs]
    return gradients(out, xs, create_graph=True, allow_unused=True)


def _call(f: Function, args: Sequence[Any]) -> Any:
    out = f(*args)
    if not isinstance(out, Value) and _real_or_none(out) is None:
        raise TypeError(
            f"{getattr(f, '__name__', 'f')} must return a Value or a real number, "
            f"not {type(out).__name__}: {out!r}"
        )
    return out


def _as_value(x: Any) -> Any:
    """A number as a constant Value; a Value or anything else unchanged."""
    real = None if isinstance(x, Value) else _real_or_none(x)
    return x if real is None else Value(real)


def _as_float(x: Any, position: int) -> float:
    real = _real_or_none(x)
    if real is None:
        raise TypeError(f"argument {position} must be a real number, not {type(x).__name__}: {x!r}")
    return real


def _real_or_none(x: object) -> float | None:
    """``x`` as a float if it is a real number (what ``Value`` accepts), else None."""
    if isinstance(x, (numbers.Real, np.bool_)):
        return float(x)
    return None
