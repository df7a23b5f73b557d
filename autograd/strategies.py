"""Hypothesis strategies for property-testing gradients: floats, Values and expressions.

The only module of ``autograd`` that imports Hypothesis (install it with the ``test``
extra); ``import autograd`` does not need it.

:func:`expressions` draws random expression graphs (DAGs: later steps reuse earlier
nodes, so shared subexpressions and nodes used several times are the rule) together
with their inputs and a pure-float evaluator of the same expression, every operation
kept inside its domain with a margin so finite differences stay valid.

>>> from hypothesis import given
>>> from autograd import gradcheck
>>> @given(expressions())
... def test_gradients(expr):
...     assert gradcheck(expr, expr.inputs)
>>> test_gradients()
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd.value import Value, dot, linear, sum_of

__all__ = [
    "OPERATIONS",
    "Expression",
    "Operation",
    "Step",
    "arrays",
    "expressions",
    "finite_floats",
    "values",
]

#: Results and intermediate values stay below this magnitude.
BOUND = 1e6
#: Log arguments, divisors and relu arguments stay this far from their kink or pole.
MARGIN = 1e-2


def finite_floats(min_value: float = -10.0, max_value: float = 10.0) -> st.SearchStrategy[float]:
    """Finite floats in ``[min_value, max_value]``: no NaN, no infinity."""
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)


def values(min_value: float = -10.0, max_value: float = 10.0) -> st.SearchStrategy[Value]:
    """Leaf Values holding :func:`finite_floats`."""
    return finite_floats(min_value, max_value).map(Value)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    return math.exp(x) / (1.0 + math.exp(x))


@dataclass(frozen=True)
class Operation:
    """One operation expressions may use: on Values, on floats, and where it is safe."""

    name: str
    arity: int
    on_values: Callable[..., Value]
    on_floats: Callable[..., float]
    safe: Callable[..., bool]


def _always(*xs: float) -> bool:
    return True


#: The operations drawn from, each written twice: with the engine and with plain floats.
OPERATIONS: tuple[Operation, ...] = (
    Operation("add", 2, lambda a, b: a + b, lambda a, b: a + b, _always),
    Operation("sub", 2, lambda a, b: a - b, lambda a, b: a - b, _always),
    Operation("mul", 2, lambda a, b: a * b, lambda a, b: a * b, _always),
    Operation("div", 2, lambda a, b: a / b, lambda a, b: a / b, lambda a, b: abs(b) > MARGIN),
    Operation("neg", 1, lambda a: -a, lambda a: -a, _always),
    Operation("square", 1, lambda a: a**2, lambda a: a * a, _always),
    Operation("cube", 1, lambda a: a**3, lambda a: a * a * a, _always),
    Operation("half power", 1, lambda a: a**0.5, math.sqrt, lambda a: a > MARGIN),
    Operation("sqrt", 1, lambda a: a.sqrt(), math.sqrt, lambda a: a > MARGIN),
    Operation("abs", 1, lambda a: abs(a), abs, lambda a: abs(a) > MARGIN),
    Operation("pow", 2, lambda a, b: a**b, math.pow, lambda a, b: a > MARGIN and abs(b) < 4),
    Operation("exp", 1, lambda a: a.exp(), math.exp, lambda a: a < 10.0),
    Operation("log", 1, lambda a: a.log(), math.log, lambda a: a > MARGIN),
    Operation("tanh", 1, lambda a: a.tanh(), math.tanh, _always),
    Operation("sigmoid", 1, lambda a: a.sigmoid(), _sigmoid, _always),
    Operation("relu", 1, lambda a: a.relu(), lambda a: max(a, 0.0), lambda a: abs(a) > MARGIN),
    Operation("sum", 3, lambda a, b, c: sum_of([a, b, c]), lambda a, b, c: a + b + c, _always),
    Operation(
        "dot", 4, lambda a, b, c, d: dot([a, b], [c, d]), lambda a, b, c, d: a * c + b * d, _always
    ),
    Operation(
        "linear",
        3,
        lambda a, b, c: linear([a], [b], c),
        lambda a, b, c: a * b + c,
        _always,
    ),
)
_BY_NAME = {op.name: op for op in OPERATIONS}


@dataclass(frozen=True)
class Step:
    """One node of an expression: an operation applied to earlier nodes (by index)."""

    op: str
    operands: tuple[int, ...]


@dataclass(frozen=True)
class Expression:
    """A drawn expression: its inputs and the steps that build it, last step the output.

    Node ``k`` is input ``k`` for ``k < len(inputs)``, then step ``k - len(inputs)``.
    Call it on Values (``expr(*vs)``, a Value) or evaluate it on floats
    (``expr.evaluate(xs)``); ``str(expr)`` shows it as a formula.
    """

    inputs: tuple[float, ...]
    steps: tuple[Step, ...]

    def __call__(self, *xs: Value) -> Value:
        """Build the expression with the engine on the Values ``xs``."""
        out: Value = self._run(list(xs), lambda op: op.on_values)
        return out

    def evaluate(self, xs: Sequence[float]) -> float:
        """The same expression computed with plain floats, without the engine."""
        return float(self._run(list(xs), lambda op: op.on_floats))

    def _run(self, nodes: list[Any], pick: Callable[[Operation], Callable[..., Any]]) -> Any:
        for step in self.steps:
            nodes.append(pick(_BY_NAME[step.op])(*(nodes[i] for i in step.operands)))
        return nodes[-1]

    def __str__(self) -> str:
        names = [f"x{i}" for i in range(len(self.inputs))]
        for step in self.steps:
            names.append(f"{step.op}({', '.join(names[i] for i in step.operands)})")
        return names[-1]


@st.composite
def expressions(
    draw: st.DrawFn,
    max_inputs: int = 3,
    max_steps: int = 8,
    input_range: float = 3.0,
) -> Expression:
    """Random expression DAGs over 1..``max_inputs`` inputs with 1..``max_steps`` steps.

    Each step draws an operation and operands among all earlier nodes, so nodes are
    reused (``x * x``, diamonds, shared subexpressions). An operation that would leave its
    domain at the drawn inputs (log of a value near or below 0, a divisor near 0, relu
    near its kink, exp of a large value, a result beyond ``BOUND``) is replaced by
    ``neg`` of its first operand, which keeps the draw valid and shrinks well: Hypothesis
    shrinks towards fewer steps, smaller indices and simpler inputs.
    """
    n_inputs = draw(st.integers(1, max_inputs))
    inputs = tuple(draw(finite_floats(-input_range, input_range)) for _ in range(n_inputs))
    current: list[float] = list(inputs)
    steps: list[Step] = []
    for _ in range(draw(st.integers(1, max_steps))):
        op = draw(st.sampled_from(OPERATIONS))
        operands = tuple(draw(st.integers(0, len(current) - 1)) for _ in range(op.arity))
        args = [current[i] for i in operands]
        result = None
        if op.safe(*args):
            try:
                result = op.on_floats(*args)
            except (OverflowError, ValueError, ZeroDivisionError):
                result = None
        if result is None or not abs(result) < BOUND:
            op, operands = _BY_NAME["neg"], operands[:1]
            result = -current[operands[0]]
        steps.append(Step(op.name, operands))
        current.append(result)
    return Expression(inputs, tuple(steps))


def arrays(
    shape: int | tuple[int, ...], min_value: float = -2.0, max_value: float = 2.0
) -> st.SearchStrategy[np.ndarray]:
    """Float64 arrays of ``shape`` with entries in ``[min_value, max_value]``: the weights
    and inputs for property-testing a hand-derived gradient with ``check_backprop``.

    The default range keeps sigmoid and tanh units away from saturation and ``exp`` far
    from overflow, so finite differences stay accurate. Built on
    ``hypothesis.extra.numpy.arrays``; an int ``shape`` is a vector, ``()`` a scalar.

    >>> from hypothesis import given
    >>> from autograd import check_backprop
    >>> @given(arrays((2, 3)), arrays(3))
    ... def test_linear_layer(W, x):
    ...     forward = lambda W: 0.5 * np.sum((W @ x) ** 2)     # E = ½ |Wx|²
    ...     assert check_backprop(forward, lambda W: np.outer(W @ x, x), W)
    >>> test_linear_layer()
    """
    return hnp.arrays(np.float64, shape, elements=finite_floats(min_value, max_value))
