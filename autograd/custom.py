"""``primitive``: turn a float function and its hand-derived derivative into an engine op.

This is how a user checks hand-written gradient code: register the forward function and
the derivative you derived, then let :func:`autograd.gradcheck` compare it with finite
differences. The new operation joins the same table as the built-in ones
(:data:`autograd.PRIMITIVES`), so rendering, ``gradcheck`` and higher-order gradients
treat it like any other op.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from autograd.primitives import Primitive, register
from autograd.value import Value, ValueLike, _real_or_none, apply

__all__ = ["CustomPrimitive", "primitive"]


class CustomPrimitive:
    """A user-defined operation: call it on Values or numbers to record it in the graph.

    Made by :func:`primitive`; ``row`` is its entry in :data:`autograd.PRIMITIVES`.
    """

    def __init__(self, row: Primitive, doc: str | None) -> None:
        self.row = row
        self.name = row.name
        self.__doc__ = doc or f"The user primitive {row.name!r}."

    def __call__(self, *operands: ValueLike) -> Value:
        """Apply the operation: a new node whose local derivatives come from the rule."""
        return apply(self.row, *operands)

    def __repr__(self) -> str:
        return f"primitive({self.name!r}, arity={self.row.arity})"


def primitive(
    forward: Callable[..., float],
    derivative: Callable[..., Any],
    name: str,
    *,
    symbol: str | None = None,
    convention: str = "",
) -> CustomPrimitive:
    """Make a new engine operation from a float function and its derivative.

    For one input, ``derivative(x, out)`` returns d(out)/dx; for several inputs,
    ``derivative(x, y, ..., out)`` returns a tuple with one entry per input. ``out`` is
    the forward result, so rules such as σ' = σ(1 - σ) can reuse it. A derivative
    written with operations that also work on Values (``*``, ``+``, ``x.exp()``…) makes
    the op differentiable to any order with :func:`autograd.gradients`; one using
    ``math`` functions works for first-order gradients.

    Args:
        forward: ``forward(x, ...) -> float``, with a fixed number of positional inputs.
        derivative: the hand-derived local derivative(s), as described above.
        name: unique name in the table of primitives (shown as ``Value.op``).
        symbol: text for rendered graphs; defaults to ``name``.
        convention: the rule at points where the derivative is not defined, if any.

    Returns:
        A callable operation.

    Raises:
        ValueError: if ``name`` is taken, or ``forward``'s number of inputs cannot be
            read from its signature.

    >>> import math
    >>> softplus = primitive(lambda x: math.log1p(math.exp(x)),
    ...                      lambda x, out: 1 / (1 + (-x).exp()) if isinstance(x, Value)
    ...                      else 1 / (1 + math.exp(-x)), name="doc_softplus")
    >>> x = Value(0.0); y = softplus(x); y.backward()
    >>> y.op, round(y.data, 6), x.grad
    ('doc_softplus', 0.693147, 0.5)
    >>> from autograd import PRIMITIVES; del PRIMITIVES["doc_softplus"]
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"primitive: name must be a non-empty str, got {name!r}")
    arity = _arity(forward, name)

    def checked_forward(*xs: float) -> float:
        out = forward(*xs)
        real = _real_or_none(out)
        if real is None:
            raise TypeError(
                f"{name}: forward must return a real number, not {type(out).__name__}: {out!r}"
            )
        return real

    def checked_derivative(*args: Any) -> tuple[Any, ...]:
        local = derivative(*args)
        if arity == 1:
            local = (local,)
        elif not isinstance(local, (tuple, list)) or len(local) != arity:
            got = f"{len(local)} values" if isinstance(local, (tuple, list)) else repr(local)
            raise ValueError(
                f"{name}: derivative must return a tuple of {arity} local derivatives "
                f"(one per input), got {got}"
            )
        for i, d in enumerate(local):
            if not isinstance(d, Value) and _real_or_none(d) is None:
                raise TypeError(
                    f"{name}: local derivative {i} must be a number or a Value, "
                    f"not {type(d).__name__}: {d!r}"
                )
        return tuple(local)

    # The user's rules take plain numbers, not a math namespace: they are called one
    # float at a time (elementwise=False), also when a tape replays them.
    row = register(
        Primitive(
            name,
            arity,
            lambda m, *xs: checked_forward(*xs),
            lambda m, *args: checked_derivative(*args),
            symbol or name,
            convention,
            elementwise=False,
        )
    )
    return CustomPrimitive(row, getattr(forward, "__doc__", None))


def _arity(forward: Callable[..., float], name: str) -> int:
    try:
        parameters = inspect.signature(forward).parameters.values()
    except (TypeError, ValueError):
        parameters = None
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if parameters is None or any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in parameters):
        raise ValueError(
            f"{name}: cannot read how many inputs forward takes from its signature; "
            "give forward fixed positional parameters, e.g. def forward(x, y)"
        )
    arity = sum(1 for p in parameters if p.kind in kinds and p.default is p.empty)
    if arity == 0:
        raise ValueError(f"{name}: forward must take at least one input")
    return arity
