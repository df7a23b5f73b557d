"""``gradients``: derivatives of one node with respect to chosen nodes, differentiable again.

``Value.backward()`` is the first-order hot path: it fills ``.grad`` with floats from the
local derivatives computed at forward time. :func:`gradients` is the graph form (like
``torch.autograd.grad``): it returns d(output)/d(input) for the inputs asked for and
touches no ``.grad``. With ``create_graph=True`` it re-evaluates every primitive's
derivative rule on the Values themselves (the table's rules are written to work on floats
and on Values), so each gradient is a Value whose own graph can be differentiated again,
to any order.

Why ``backward`` stays first-order: recording the backward pass as a graph costs a node
per edge, and every training loop pays for ``backward``. Keeping the two apart leaves
``backward`` as fast as before and gives higher order to those who ask for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, overload

from autograd.backends import FLOATS, MathSpace
from autograd.grad_mode import enable_grad
from autograd.graph import gradients_of, topological_order
from autograd.primitives import PRIMITIVES, Primitive
from autograd.value import Value, apply

__all__ = ["gradients"]


def _on_values(method: str, on_floats: Any) -> Any:
    def function(x: Any) -> Any:
        return getattr(x, method)() if isinstance(x, Value) else on_floats(x)

    return function


def _power(x: Any, y: Any) -> Any:
    if not isinstance(x, Value) and not isinstance(y, Value):
        return FLOATS.pow(x, y)
    try:
        return x**y
    except OverflowError:
        # As on floats, an overflowing step is ±inf (a constant): the rules select around
        # it (pow's d/dx takes y·out/x there), so the derivative stays finite where it is.
        return FLOATS.pow(VALUES.number(x), VALUES.number(y))


def _divide(x: Any, y: Any) -> Any:
    if not isinstance(x, Value) and not isinstance(y, Value):
        return FLOATS.divide(x, y)
    try:
        return x / y
    except OverflowError:  # x/y beyond a float: ±inf, as on floats
        return FLOATS.divide(VALUES.number(x), VALUES.number(y))


def _reciprocal(x: Any) -> Any:
    return _divide(1.0, x)


#: The namespace the table's rules run on to be differentiated: operations on Values
#: record nodes; on plain numbers (constants in a rule) they are float math. Tests and
#: branches read the number held (``number``), so they pick a rule's branch, as on floats.
VALUES = MathSpace(
    name="values",
    exp=_on_values("exp", FLOATS.exp),
    log=_on_values("log", FLOATS.log),
    tanh=_on_values("tanh", FLOATS.tanh),
    sqrt=_on_values("sqrt", FLOATS.sqrt),
    abs=abs,
    sign=FLOATS.sign,
    pow=_power,
    reciprocal=_reciprocal,
    divide=_divide,
    where=FLOATS.where,
    number=lambda x: x.data if isinstance(x, Value) else x,
)

#: Rows present when the engine loaded: their rules are tested on Values. Rows registered
#: later (user primitives) are checked when differentiated twice, see ``_check_rule``.
_BUILT_IN = frozenset(PRIMITIVES)


@overload
def gradients(
    output: Value,
    inputs: Sequence[Value],
    *,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> list[Any]: ...


@overload
def gradients(
    output: Value,
    inputs: Value,
    *,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> list[Any]: ...


def gradients(
    output: Value,
    inputs: Sequence[Value] | Value,
    *,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> list[Any]:
    """d(output)/d(input) for each input, as a list in the order of ``inputs``.

    No ``.grad`` is read or written. Without ``create_graph`` the results are floats,
    computed from the local derivatives recorded at forward time. With
    ``create_graph=True`` they are Values built from the derivative rules applied to the
    graph's own Values, so ``gradients`` can be applied to them again (second, third…
    derivatives). Iterative: graphs of any depth work.

    Args:
        output: the node to differentiate.
        inputs: the nodes to differentiate with respect to (a Value or a sequence).
        create_graph: return Values that can themselves be differentiated.
        allow_unused: give 0.0 (or a constant Value) for an input ``output`` does not
            depend on, instead of raising.

    Returns:
        One gradient per input: floats, or Values with ``create_graph=True``.

    Raises:
        TypeError: if ``output`` or an input is not a Value, or a user primitive's
            derivative rule cannot be evaluated on Values (named in the message).
        ValueError: if ``output`` does not depend on an input and ``allow_unused`` is
            False.

    >>> x = Value(3.0, label="x")
    >>> y = x ** 3
    >>> (dy,) = gradients(y, [x], create_graph=True)   # 3x² = 27, as a Value
    >>> dy.data, gradients(dy, [x])                     # and d²y/dx² = 6x = 18
    (27.0, [18.0])
    """
    if not isinstance(output, Value):
        raise TypeError(f"gradients: output must be a Value, not {type(output).__name__}")
    targets = [inputs] if isinstance(inputs, Value) else list(inputs)
    for i, node in enumerate(targets):
        if not isinstance(node, Value):
            raise TypeError(
                f"gradients: inputs[{i}] must be a Value, not {type(node).__name__}: {node!r}"
            )

    order = topological_order(output)
    if create_graph:
        with enable_grad():  # the gradients are a graph even inside no_grad()
            found = _symbolic_adjoints(order, targets)
    else:
        found = dict(zip(map(id, order), gradients_of(order, 1.0)))

    results: list[Any] = []
    for i, node in enumerate(targets):
        if id(node) not in found:
            if not allow_unused:
                name = f" ({node.label!r})" if node.label else ""
                raise ValueError(
                    f"gradients: the output does not depend on inputs[{i}]{name}; "
                    "pass allow_unused=True to get 0.0 for it"
                )
            results.append(Value(0.0) if create_graph else 0.0)
            continue
        g = found[id(node)]
        results.append((g if isinstance(g, Value) else Value(g)) if create_graph else g)
    return results


def _symbolic_adjoints(order: list[Value], targets: list[Value]) -> dict[int, Any]:
    """d(root)/d(node) as Values, built from the derivative rules evaluated on the graph's
    own Values, for the nodes on a path to a target (keyed by ``id``).

    The first-order loop (:func:`autograd.graph.backpropagate`) multiplies stored floats;
    this one records every product and sum as a node, so the results can be
    differentiated again.
    """
    wanted = {id(node) for node in targets}
    leads_to_target: set[int] = set()
    for node in order:
        if id(node) in wanted or any(id(child) in leads_to_target for child in node.inputs):
            leads_to_target.add(id(node))
    adjoint: dict[int, Any] = {id(order[-1]): 1.0}
    for node in reversed(order):
        upstream = adjoint.get(id(node))
        if upstream is None or node.is_leaf:
            continue
        for child, local in zip(node.inputs, _local_derivatives(node)):
            if id(child) not in leads_to_target:
                continue
            # Skip the multiply by an exact 1.0 (add, sum, bias): one node less per edge.
            contribution = upstream if type(local) is float and local == 1.0 else local * upstream
            key = id(child)
            adjoint[key] = contribution if key not in adjoint else adjoint[key] + contribution
    return adjoint


def _local_derivatives(node: Value) -> tuple[Any, ...]:
    """The node's local derivatives, evaluated on its input Values (so they are nodes too)."""
    prim = node.primitive
    assert prim is not None  # only called on interior nodes
    inputs = node.inputs
    try:
        local = tuple(prim.derivative(VALUES, *inputs, node))
    except (TypeError, AttributeError, ValueError) as error:
        raise TypeError(
            f"{prim.name}: its derivative rule cannot be evaluated on Values ({error}), so "
            f"{prim.name} can be differentiated once but not twice; write the rule with "
            "Value operations (x * y, x.exp(), x.tanh(), ...) instead of math or NumPy "
            "functions"
        ) from error
    if prim.name not in _BUILT_IN:
        _check_rule(prim, [v.data for v in inputs])
    return local


def _check_rule(prim: Primitive, xs: list[float]) -> None:
    """Raise if a user rule evaluated on Values lost its dependence on the inputs.

    A rule such as ``math.cos(x)`` accepts a Value (through ``float()``) but returns a
    plain float, silently a constant: its derivative would come out as zero. Compare each
    local derivative's slope through the engine with central differences of the rule
    evaluated on floats.
    """
    # The rule is re-evaluated on fresh leaves holding the same numbers: differentiating
    # the local derivatives computed on the graph's own inputs would walk everything below
    # them, once per node, which is quadratic in the depth of a chain of user primitives.
    inputs = [Value(x) for x in xs]
    local = tuple(prim.derivative(VALUES, *inputs, apply(prim, *inputs)))
    # Slopes through the engine, slope[j][k] = d(local j)/d(input k): one pass per local
    # derivative and two float evaluations per input, so a wide (variadic) rule stays cheap.
    slopes = [
        gradients(d, inputs, allow_unused=True) if isinstance(d, Value) else [0.0] * len(xs)
        for d in local
    ]
    for k, x in enumerate(xs):
        h = 1e-6 * max(1.0, abs(x))
        try:
            up, down = _rule_on_floats(prim, xs, k, h), _rule_on_floats(prim, xs, k, -h)
        except (ArithmeticError, ValueError):
            continue  # at the edge of the domain (sqrt at 0): no slope to compare with here
        for j in range(len(local)):
            numeric = (up[j] - down[j]) / (2.0 * h)
            engine = slopes[j][k]
            if not math.isfinite(numeric) or not math.isfinite(engine):
                continue
            # Rounding in up - down is about 1e-16 of their size, magnified by 1/h.
            tolerance = 1e-4 + 1e-3 * abs(numeric) + 1e-9 * max(abs(up[j]), abs(down[j])) / h
            if abs(engine - numeric) > tolerance:
                raise TypeError(
                    f"{prim.name}: its derivative rule does not stay differentiable on Values "
                    f"(d/dx{k} of local derivative {j} at {xs!r}: {engine!r} through the "
                    f"engine, {numeric!r} by finite differences of the rule); it probably "
                    "uses math or NumPy functions, which turn a Value into a plain float. "
                    f"Write the rule with Value operations to differentiate {prim.name} "
                    "twice"
                )


def _rule_on_floats(prim: Primitive, xs: list[float], k: int, h: float) -> tuple[float, ...]:
    shifted = list(xs)
    shifted[k] += h
    out = prim.forward(FLOATS, *shifted)
    return tuple(float(d) for d in prim.derivative(FLOATS, *shifted, out))
