"""Gradient checking: the engine's gradients against central finite differences.

``gradcheck`` checks first derivatives (what ``backward()`` computes), ``gradgradcheck``
second derivatives (what ``gradients(..., create_graph=True)`` computes). Both compare
``|analytic - numeric| <= atol + rtol * |numeric|`` input by input, in float64, and raise
:class:`GradcheckError` naming every input that fails.

At a point where the function has a kink (relu at 0), the derivative is not defined and
central differences average the two sides. There, the one-sided differences disagree:
if the engine's gradient matches one of them (its convention, e.g. relu'(0) = 0), the
input is skipped with a :class:`NonDifferentiablePointWarning` instead of reported as a
mismatch. Turn the warning into an error with ``warnings.simplefilter("error",
NonDifferentiablePointWarning)`` to make such points fail.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from autograd.higher_order import gradients
from autograd.value import Value, ValueLike, _real_or_none, topological_order

__all__ = [
    "GradcheckError",
    "NonDifferentiablePointWarning",
    "gradcheck",
    "gradgradcheck",
]


class GradcheckError(AssertionError):
    """The engine's gradient and the finite-difference estimate disagree beyond tolerance.

    An ``AssertionError``, so a failed check inside a test reads as a failed test.
    """


class NonDifferentiablePointWarning(UserWarning):
    """An input sits at a point where the function is not differentiable (a kink).

    Its check was skipped: the one-sided differences disagree and the engine's gradient
    matches one side (its documented convention).
    """


def gradcheck(
    f: Callable[..., Value],
    inputs: Sequence[ValueLike],
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-4,
) -> bool:
    """Check ``f``'s gradients from ``backward()`` against central finite differences.

    ``f`` is called as ``f(*inputs)`` on Values and must return a Value. The gradient of
    each input from ``backward()`` is compared with ``(f(x + eps) - f(x - eps)) / 2eps``
    evaluated in float64 (on fresh Values: the inputs' ``data`` are never modified).
    Every ``.grad`` in ``f``'s graph that held a value before is restored afterwards,
    also when the check fails.

    Args:
        f: the function to check.
        inputs: Values or numbers (numbers are wrapped as Values).
        eps: the finite-difference step (absolute).
        atol: absolute tolerance.
        rtol: relative tolerance, relative to the numeric estimate.

    Returns:
        True when every input passes.

    Raises:
        GradcheckError: naming each failing input (index and label), the point, the
            analytic and numeric values and the tolerance.
        TypeError: if ``f`` does not return a Value, or an input is not a number.
        ValueError: for empty ``inputs``, the same Value passed twice, ``eps <= 0`` or a
            negative tolerance, or when ``f`` cannot be evaluated at x ± eps.

    >>> gradcheck(lambda x, y: (x * y).tanh() + x.exp(), [0.3, -1.2])
    True
    """
    values = _prepare(inputs, eps, atol, rtol, "gradcheck")
    out = _output(f, values, "gradcheck")
    # Every leaf backward may touch, plus inputs f ignored: their grads are restored.
    leaves = [node for node in topological_order(out) if node.is_leaf]
    leaves = list({id(node): node for node in [*leaves, *values]}.values())
    saved = [node.grad for node in leaves]
    try:
        for value in values:
            value.grad = 0.0
        out.backward()
        analytic = [value.grad for value in values]
    finally:
        for node, grad in zip(leaves, saved):
            node.grad = grad
    points = [value.data for value in values]

    def evaluate(point: list[float]) -> float:
        return _output(f, [Value(x) for x in point], "gradcheck").data

    center = evaluate(points)
    failures = []
    for i, value in enumerate(values):
        up = _shifted(evaluate, points, i, eps, "gradcheck", value)
        down = _shifted(evaluate, points, i, -eps, "gradcheck", value)
        numeric = (up - down) / (2.0 * eps)
        tolerance = atol + rtol * abs(numeric)
        if _close(analytic[i], numeric, tolerance):
            continue
        right, left = (up - center) / eps, (center - down) / eps
        # One-sided slopes further apart than the tolerance allows: a kink between them
        # (on a smooth f they differ by about |f''|·eps).
        kink = abs(right - left) > 2.0 * (atol + rtol * max(abs(right), abs(left)))
        if kink and (_close(analytic[i], right, tolerance) or _close(analytic[i], left, tolerance)):
            warnings.warn(
                f"gradcheck: {_name(i, value)} at {value.data!r} is a point where f is not "
                f"differentiable (slope {left!r} from the left, {right!r} from the right); "
                f"the engine's gradient {analytic[i]!r} follows one side, so this input "
                "was not checked",
                NonDifferentiablePointWarning,
                stacklevel=2,
            )
            continue
        failures.append(
            f"{_name(i, value)} at {value.data!r}: analytic {analytic[i]!r}, numeric "
            f"{numeric!r} (central differences, eps={eps!r}); |difference| = "
            f"{abs(analytic[i] - numeric):.3g} > atol + rtol*|numeric| = {tolerance:.3g}"
        )
    if failures:
        raise GradcheckError(
            f"gradcheck: {len(failures)} of {len(values)} gradient(s) disagree with finite "
            "differences at the point " + repr(points) + ":\n  " + "\n  ".join(failures)
        )
    return True


def gradgradcheck(
    f: Callable[..., Value],
    inputs: Sequence[ValueLike],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """Check ``f``'s second derivatives against finite differences of its gradient.

    The Hessian from ``gradients(..., create_graph=True)`` differentiated again is
    compared, entry by entry, with central differences of the first-order gradient:
    ``H[i][j] ≈ (∂f/∂xᵢ(x + eps·eⱼ) - ∂f/∂xᵢ(x - eps·eⱼ)) / 2eps``. No ``.grad`` is
    touched. Tolerances are looser than :func:`gradcheck`'s, since the finite-difference
    estimate of a second derivative is less accurate.

    Raises:
        GradcheckError: naming each failing entry (i, j) with both values.
        TypeError, ValueError: as :func:`gradcheck`.

    >>> gradgradcheck(lambda x, y: x * x * y.sigmoid(), [0.5, 2.0])
    True
    """
    values = _prepare(inputs, eps, atol, rtol, "gradgradcheck")
    out = _output(f, values, "gradgradcheck")
    first = gradients(out, values, create_graph=True, allow_unused=True)
    analytic = [gradients(g, values, allow_unused=True) for g in first]
    points = [value.data for value in values]

    def gradient(point: list[float]) -> list[float]:
        fresh = [Value(x) for x in point]
        return gradients(_output(f, fresh, "gradgradcheck"), fresh, allow_unused=True)

    failures = []
    for j, value in enumerate(values):
        up = _shifted(gradient, points, j, eps, "gradgradcheck", value)
        down = _shifted(gradient, points, j, -eps, "gradgradcheck", value)
        for i in range(len(values)):
            numeric = (up[i] - down[i]) / (2.0 * eps)
            tolerance = atol + rtol * abs(numeric)
            if not _close(analytic[i][j], numeric, tolerance):
                failures.append(
                    f"d²f / d({_name(i, values[i])}) d({_name(j, value)}): analytic "
                    f"{analytic[i][j]!r}, numeric {numeric!r}; |difference| = "
                    f"{abs(analytic[i][j] - numeric):.3g} > {tolerance:.3g}"
                )
    if failures:
        raise GradcheckError(
            f"gradgradcheck: {len(failures)} second derivative(s) disagree with finite "
            f"differences of the gradient at the point {points!r}:\n  " + "\n  ".join(failures)
        )
    return True


# ---------------------------------------------------------------- shared steps


def _prepare(
    inputs: Sequence[ValueLike], eps: float, atol: float, rtol: float, who: str
) -> list[Value]:
    if not eps > 0.0:
        raise ValueError(f"{who}: eps must be > 0, got {eps!r}")
    if atol < 0.0 or rtol < 0.0:
        raise ValueError(f"{who}: tolerances must be >= 0, got atol={atol!r}, rtol={rtol!r}")
    if isinstance(inputs, Value) or _real_or_none(inputs) is not None:
        raise TypeError(f"{who}: inputs must be a sequence of Values or numbers, e.g. [x]")
    if len(inputs) == 0:
        raise ValueError(f"{who}: inputs is empty; pass the Values to check, e.g. [x, y]")
    values: list[Value] = []
    for i, x in enumerate(inputs):
        if isinstance(x, Value):
            for k, earlier in enumerate(values):
                if earlier is x:
                    raise ValueError(
                        f"{who}: inputs[{i}] is the same Value as inputs[{k}]; pass each once"
                    )
            values.append(x)
            continue
        real = _real_or_none(x)
        if real is None:
            raise TypeError(
                f"{who}: inputs[{i}] must be a Value or a real number, "
                f"not {type(x).__name__}: {x!r}"
            )
        values.append(Value(real))
    return values


def _output(f: Callable[..., Value], values: Sequence[Value], who: str) -> Value:
    out = f(*values)
    if not isinstance(out, Value):
        raise TypeError(
            f"{who}: f must return a Value, not {type(out).__name__}: {out!r} "
            "(a function that ignores its inputs has nothing to check)"
        )
    return out


def _shifted(
    evaluate: Callable[[list[float]], Any],
    points: list[float],
    i: int,
    step: float,
    who: str,
    value: Value,
) -> Any:
    shifted = list(points)
    shifted[i] += step
    try:
        return evaluate(shifted)
    except (ValueError, ZeroDivisionError, OverflowError) as error:
        raise ValueError(
            f"{who}: f cannot be evaluated at {_name(i, value)} = {shifted[i]!r} "
            f"(x {'+' if step > 0 else '-'} eps): {error}; move the point away from the "
            "edge of the domain or use a smaller eps"
        ) from error


def _close(a: float, b: float, tolerance: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tolerance


def _name(i: int, value: Value) -> str:
    return f"input {i} ({value.label!r})" if value.label else f"input {i}"
