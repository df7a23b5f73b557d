"""``check_backprop``: a hand-derived NumPy gradient against the engine's, entry by entry.

You wrote a forward pass in NumPy and derived its backward pass by hand. Give both to
:func:`check_backprop` with the arrays they take: it runs your forward code on arrays of
Values (:func:`autograd.as_values`), backpropagates, and compares every entry of your
gradients with the engine's, and the engine's with central finite differences of your
forward code. It returns True, or raises :class:`GradcheckError` with a report a
learner can act on: per input its shape, how many entries disagree, the worst ones by
index with the three numbers side by side, and whether the disagreement looks like a
sign flip, a constant factor, a transpose or a shape mismatch.

Tolerances follow :mod:`autograd.gradcheck`: entries agree when ``|a - b| <= atol +
rtol * |b|``, ``b`` being the reference. Yours is held to the engine with ``rtol`` and
``atol`` (an exact derivation agrees to rounding); the engine is held to finite
differences with gradcheck's defaults (``atol = 1e-6``, ``rtol = 1e-4``), which only
guards the check itself: where they disagree, your forward code leaves the graph (its
numbers went through ``np.asarray(..., dtype=float)``) or is not differentiable there,
and the report says so instead of judging your gradient. At a kink (relu at 0) the
one-sided differences disagree; when the engine's gradient follows one side, your
gradient may follow either, and a :class:`NonDifferentiablePointWarning` says so.
"""

from __future__ import annotations

import inspect
import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd.arrays import _float_array, as_values
from autograd.grad_mode import no_grad
from autograd.gradcheck import GradcheckError, NonDifferentiablePointWarning
from autograd.value import Value, _real_or_none, topological_order

__all__ = ["check_backprop"]

#: The engine against finite differences: gradcheck's default tolerances.
FD_ATOL, FD_RTOL = 1e-6, 1e-4
#: How many disagreeing entries the report shows per input, worst first.
SHOWN = 3

Array = np.ndarray


def check_backprop(
    forward: Callable[..., Any],
    backward: Callable[..., Any],
    *arrays: Any,
    rtol: float = 1e-7,
    atol: float = 1e-10,
    eps: float = 1e-6,
    names: Sequence[str] | None = None,
) -> bool:
    """Check a hand-derived gradient ``backward`` of ``forward`` at ``arrays``.

    ``forward(*arrays)`` is your NumPy forward pass returning the loss E, one number (a
    Value, a number, or an array of one entry); it is called on arrays of Values of the
    same shapes. ``backward(*arrays)`` is your hand-derived dE/d(array) for each array,
    called on float copies: a tuple with one array per input, a single array for a
    single input, or a dict by name. Names come from ``forward``'s parameters (``def
    forward(W, V)`` names them W and V) unless ``names`` gives them. Finite differences run
    ``forward`` twice per entry: a few hundred entries take seconds.

    Args:
        forward, backward: your two functions.
        arrays: the point: NumPy arrays, nested lists or numbers (0-d).
        rtol, atol: how close yours must be to the engine's: ``|yours - engine| <= atol
            + rtol * |engine|``.
        eps: the finite-difference step.
        names: the inputs' names for the report, when ``forward``'s are not right.

    Returns:
        True when every entry of every gradient agrees.

    Raises:
        GradcheckError: naming, per input, how many entries disagree and the worst
            ones (``dE/dW[1,0]: yours 0.0309, engine 0.0302, finite differences
            0.0302``), the pattern (sign flip, constant factor, transpose, shape) and
            every array's shape. Also when the engine and finite differences disagree.
        ValueError: if ``forward`` returns an array of more than one entry, ``backward``
            returns the wrong number of gradients or names, an input is not finite,
            ``eps <= 0`` or a tolerance is negative, or ``forward`` cannot be evaluated
            at a point ``eps`` away.
        TypeError: if an input is not numbers, ``forward`` returns something that is
            not a number, or a gradient is not an array of numbers.

    >>> import numpy as np
    >>> x = np.array([1.0, 2.0])
    >>> def forward(w):                         # E = ½ (w·x)²
    ...     return 0.5 * np.sum(w * x) ** 2
    >>> def backward(w):                        # dE/dw = (w·x) x
    ...     return np.dot(w, x) * x
    >>> check_backprop(forward, backward, [0.5, -1.0])
    True
    """
    if not eps > 0.0:
        raise ValueError(f"check_backprop: eps must be > 0, got {eps!r}")
    if rtol < 0.0 or atol < 0.0:
        raise ValueError(
            f"check_backprop: tolerances must be >= 0, got rtol={rtol!r}, atol={atol!r}"
        )
    if not arrays:
        raise ValueError(
            "check_backprop: no arrays given; pass the arrays forward takes, e.g. "
            "check_backprop(forward, backward, W, V)"
        )
    labels = _names(forward, names, len(arrays))
    points = [_float_array(a, f"check_backprop: {name}") for a, name in zip(arrays, labels)]
    for point, name in zip(points, labels):
        if not np.isfinite(point).all():
            index = tuple(int(i) for i in np.argwhere(~np.isfinite(point))[0])
            raise ValueError(
                f"check_backprop: {_entry(name, index)} is {float(point[index])!r}; finite "
                "differences need finite inputs"
            )
    center, engine = _engine(forward, points, labels)
    yours = _gradients(backward(*[p.copy() for p in points]), labels, points)
    inputs = [
        _Input(
            name, point, engine[k], yours[k], *_differences(forward, points, k, name, eps, center)
        )
        for k, (name, point) in enumerate(zip(labels, points))
    ]
    findings = []
    for i in inputs:  # a loop, not a comprehension: _warn_kink's stacklevel counts frames
        findings.append(_judge(i, rtol, atol))
    if any(f.failed for f in findings):
        raise GradcheckError(_report(findings, center, rtol, atol))
    return True


# ---------------------------------------------------------------- the three gradients


@dataclass(frozen=True)
class _Input:
    """One input: its name, the point, and the gradients to compare (float arrays)."""

    name: str
    point: Array
    engine: Array
    yours: Array
    numeric: Array  # central differences
    left: Array  # one-sided slopes, to recognise a kink
    right: Array


def _engine(
    forward: Callable[..., Any], points: list[Array], labels: list[str]
) -> tuple[float, list[Array]]:
    """E at the point, and dE/d(each input) from ``backward()`` on arrays of Values."""
    values = [as_values(p, label=name) for p, name in zip(points, labels)]
    leaves = [list(v.flat) for v in values]  # ours, even if forward reassigns entries
    loss = _loss(forward(*values))
    if not isinstance(loss, Value):  # E does not depend on the Values (every relu off)
        return loss, [np.zeros(p.shape) for p in points]
    # Values forward closes over (a bias made elsewhere) keep the grad they had.
    others = [n for n in topological_order(loss) if n.is_leaf]
    saved = [n.grad for n in others]
    try:
        loss.backward()
        grads = [
            np.array([leaf.grad for leaf in ls], dtype=np.float64).reshape(p.shape)
            for ls, p in zip(leaves, points)
        ]
    finally:
        for node, grad in zip(others, saved):
            node.grad = grad
    return loss.data, grads


def _differences(
    forward: Callable[..., Any], points: list[Array], k: int, name: str, eps: float, center: float
) -> tuple[Array, Array, Array]:
    """Central differences and one-sided slopes of E along every entry of input ``k``."""
    up, down = np.empty(points[k].shape), np.empty(points[k].shape)
    for index in np.ndindex(points[k].shape):
        for step, out in ((eps, up), (-eps, down)):
            shifted = list(points)
            shifted[k] = points[k].copy()
            shifted[k][index] += step
            try:
                with no_grad():
                    loss = _loss(forward(*[as_values(p) for p in shifted]))
            except (ValueError, ZeroDivisionError, OverflowError) as error:
                sign = "+" if step > 0 else "-"
                raise ValueError(
                    f"check_backprop: forward cannot be evaluated at {_entry(name, index)} = "
                    f"{float(shifted[k][index])!r} (x {sign} eps): {error}; move the point "
                    "away from the edge of the domain or use a smaller eps"
                ) from error
            out[index] = loss.data if isinstance(loss, Value) else loss
    return (up - down) / (2.0 * eps), (center - down) / eps, (up - center) / eps


def _loss(out: Any) -> Value | float:
    """forward's result as the one Value or number it must be."""
    if isinstance(out, np.ndarray):
        if out.size != 1:
            raise ValueError(
                "check_backprop: forward must return one number, the loss E; it returned "
                f"an array of shape {out.shape}: sum it (np.sum(...)) or pick the entry "
                "you mean"
            )
        out = out.reshape(-1)[0]
    if isinstance(out, Value):
        return out
    real = _real_or_none(out)
    if real is None:
        raise TypeError(
            "check_backprop: forward must return the loss E, a Value or a number, not "
            f"{type(out).__name__}: {out!r}"
        )
    return real


def _gradients(result: Any, labels: list[str], points: list[Array]) -> list[Array]:
    """backward's result as one float array per input, in the inputs' order."""
    n, listed = len(points), ", ".join(labels)
    if isinstance(result, dict):
        missing = [name for name in labels if name not in result]
        extra = [key for key in result if key not in labels]
        if missing or extra:
            problem = (
                f"has no gradient for {missing[0]!r}"
                if missing
                else f"has {extra[0]!r}, which is not an input name"
            )
            raise ValueError(f"check_backprop: backward's dict {problem} (the inputs are {listed})")
        grads = [result[name] for name in labels]
    elif n == 1:
        grads = [result[0] if isinstance(result, tuple) and len(result) == 1 else result]
    elif isinstance(result, (tuple, list)):
        if len(result) != n:
            raise ValueError(
                f"check_backprop: backward returned {len(result)} gradients for {n} inputs "
                f"({listed}); return one per input, in order"
            )
        grads = list(result)
    else:
        raise TypeError(
            f"check_backprop: backward must return one gradient per input ({listed}), as "
            f"a tuple or a dict by name, not {type(result).__name__}"
        )
    arrays = []
    for name, grad in zip(labels, grads):
        try:
            arrays.append(np.array(grad, dtype=np.float64))
        except (TypeError, ValueError) as error:
            raise TypeError(
                f"check_backprop: backward's gradient for {name} is not an array of "
                f"numbers: {error}"
            ) from error
    return arrays


def _names(forward: Callable[..., Any], names: Sequence[str] | None, n: int) -> list[str]:
    if names is not None:
        labels = list(names)
        if len(labels) != n or not all(isinstance(s, str) and s for s in labels):
            raise ValueError(
                f"check_backprop: names must be {n} non-empty strings, one per array, got {names!r}"
            )
        if len(set(labels)) != n:
            raise ValueError(f"check_backprop: names must differ, got {labels!r}")
        return labels
    try:
        parameters = list(inspect.signature(forward).parameters.values())
    except (TypeError, ValueError):  # a builtin or a callable without a signature
        parameters = []
    positional = [
        p.name
        for p in parameters
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ]
    if len(positional) >= n:
        return positional[:n]
    return [f"x{k}" for k in range(n)]


# ---------------------------------------------------------------- judging one input


@dataclass
class _Finding:
    """What the report says about one input."""

    lines: list[str]
    failed: bool
    factor: float | None = None  # yours = factor × engine everywhere, if so


def _close(a: Array, b: Array, rtol: float, atol: float) -> Array:
    """``|a - b| <= atol + rtol*|b|`` entry by entry; an infinity only matches itself."""
    with np.errstate(invalid="ignore"):
        near = np.abs(a - b) <= atol + rtol * np.abs(b)
    return np.where(np.isinf(a) | np.isinf(b), a == b, near)  # type: ignore[no-any-return]


def _judge(i: _Input, rtol: float, atol: float) -> _Finding:
    head = f"dE/d{i.name}, shape {i.point.shape}"
    fd_ok = _close(i.engine, i.numeric, FD_RTOL, FD_ATOL)
    apart = np.abs(i.right - i.left) > 2.0 * (
        FD_ATOL + FD_RTOL * np.maximum(np.abs(i.right), np.abs(i.left))
    )
    kink = (
        ~fd_ok
        & apart
        & (_close(i.engine, i.right, FD_RTOL, FD_ATOL) | _close(i.engine, i.left, FD_RTOL, FD_ATOL))
    )
    broken = ~fd_ok & ~kink
    if broken.any():
        lines = [
            f"{head}: at {int(broken.sum())} of {i.point.size} entries the engine and finite "
            "differences disagree, so yours cannot be judged there: the forward pass "
            "leaves the graph (numbers taken out with np.asarray(..., dtype=float) or "
            "float()) or is not differentiable at this point"
        ]
        return _Finding(lines + _worst(i, broken, np.abs(i.engine - i.numeric)), True)
    if i.yours.shape != i.point.shape:
        return _Finding([f"{head}: {_shape_mismatch(i, rtol, atol)}"], True)
    agree = _close(i.yours, i.engine, rtol, atol)
    at_kink = kink & (
        agree
        | _close(i.yours, i.right, FD_RTOL, FD_ATOL)
        | _close(i.yours, i.left, FD_RTOL, FD_ATOL)
    )
    if kink.any():
        _warn_kink(i, kink)
    wrong = ~agree & ~at_kink
    if not wrong.any():
        return _Finding([f"{head}: agrees"], False)
    pattern, factor = _pattern(i, wrong, rtol, atol)
    count = (
        "disagrees"
        if i.point.size == 1
        else f"{int(wrong.sum())} of {i.point.size} entries disagree"
    )
    lines = [f"{head}: {count}; {pattern}"]
    return _Finding(lines + _worst(i, wrong, np.abs(i.yours - i.engine)), True, factor)


def _pattern(i: _Input, wrong: Array, rtol: float, atol: float) -> tuple[str, float | None]:
    """What the disagreement looks like, over the whole array; and the factor, if any."""
    yours, engine = i.yours, i.engine
    everywhere = "" if yours.size == 1 else " everywhere"
    if _close(yours, -engine, rtol, atol).all():
        return (
            f"yours = -engine{everywhere}: a sign flip (y - ŷ written where dE/dŷ = ŷ - y, "
            "or a step +η·g taken for the gradient?)",
            -1.0,
        )
    if (
        yours.ndim == 2
        and yours.shape[0] == yours.shape[1]
        and _close(yours.T, engine, rtol, atol).all()
    ):
        return (
            f"yours is the engine's transposed: {i.name}[i,j] and {i.name}[j,i] swapped "
            "(the layouts x @ W and W @ x mixed up?)",
            None,
        )
    scale = float(np.sum(engine * engine))
    if scale > 0.0 and math.isfinite(scale):
        factor = float(np.sum(yours * engine)) / scale
        if _close(yours, factor * engine, rtol, atol).all():
            if factor == 0.0:
                return f"yours is 0{everywhere}: was this gradient computed?", None
            return (
                f"yours = {factor:.6g} × engine{everywhere}: a constant factor (a learning "
                "rate, a 2 or a ½ from the loss, or another number where it does not "
                "belong?)",
                factor,
            )
    elif not engine.any():
        return f"the engine's gradient is 0{everywhere}: E does not depend on {i.name} here", None
    where = _rows_or_columns(wrong)
    return (
        "no single pattern (not a sign flip, a constant factor or a transpose)" + where,
        None,
    )


def _rows_or_columns(wrong: Array) -> str:
    """'; ... exactly row(s) 1' when the disagreeing entries fill whole rows (or columns):
    one unit's error term is off."""
    if wrong.ndim != 2:
        return ""
    for axis, what in ((1, "row"), (0, "column")):
        full = wrong.all(axis=axis)
        if full.any() and not full.all() and (wrong == np.expand_dims(full, axis)).all():
            indices = ", ".join(str(int(k)) for k in np.flatnonzero(full))
            return f"; the disagreeing entries are exactly {what}(s) {indices}"
    return ""


def _shape_mismatch(i: _Input, rtol: float, atol: float) -> str:
    yours, shape = i.yours, i.point.shape
    text = f"yours has shape {yours.shape} but {i.name} has shape {shape}"
    transposed = yours.ndim == 2 and len(shape) == 2 and yours.shape == shape[::-1]
    if transposed and _close(yours.T, i.engine, rtol, atol).all():
        return f"{text}; it is the engine's transposed: return it as .T"
    if yours.size == i.point.size:
        if _close(yours.reshape(shape), i.engine, rtol, atol).all():
            return (
                f"{text}; the numbers agree once reshaped: return it as "
                f".reshape({i.name}.shape) (a gradient has its input's shape)"
            )
        return f"{text}; and even reshaped, the numbers disagree"
    return f"{text}: {yours.size} entries for {i.point.size}"


def _worst(i: _Input, bad: Array, distance: Array) -> list[str]:
    indices = [tuple(int(k) for k in ix) for ix in np.argwhere(bad)]
    order = sorted(indices, key=lambda ix: -float(distance[ix]))
    lines = []
    for index in order[:SHOWN]:
        engine, numeric = i.engine[index], i.numeric[index]
        if i.yours.shape == i.point.shape:
            yours, engine, numeric = _digits(i.yours[index], engine, numeric)
            mine = f"yours {yours}, "
        else:  # no entry of yours to set beside it
            engine, numeric = _digits(engine, numeric)
            mine = ""
        lines.append(
            f"  dE/d{_entry(i.name, index)}: {mine}engine {engine}, finite differences {numeric}"
        )
    if len(order) > SHOWN:
        lines.append(f"  … and {len(order) - SHOWN} more")
    return lines


def _digits(*numbers: Any) -> list[str]:
    """The numbers with the fewest significant digits (4 or more) that tell the first
    two apart, so yours and the engine's never print the same unless they are."""
    numbers = tuple(float(x) for x in numbers)
    for digits in range(4, 18):
        texts = [f"{x:.{digits}g}" for x in numbers]
        if texts[0] != texts[1] or numbers[0] == numbers[1]:
            return texts
    return [repr(x) for x in numbers]


def _entry(name: str, index: tuple[int, ...]) -> str:
    return name + ("[" + ",".join(map(str, index)) + "]" if index else "")


def _warn_kink(i: _Input, kink: Array) -> None:
    index = tuple(int(k) for k in np.argwhere(kink)[0])
    more = int(kink.sum()) - 1
    warnings.warn(
        f"check_backprop: dE/d{_entry(i.name, index)}{f' (and {more} more)' if more else ''} "
        f"sits where E is not differentiable (slope {float(i.left[index])!r} from the left, "
        f"{float(i.right[index])!r} from the right); the engine's gradient follows one side, and "
        "yours was accepted if it matches either side",
        NonDifferentiablePointWarning,
        stacklevel=4,  # the caller of check_backprop
    )


# ---------------------------------------------------------------- the report


def _report(findings: list[_Finding], center: float, rtol: float, atol: float) -> str:
    failed = sum(f.failed for f in findings)
    lines = [
        f"check_backprop: {failed} of {len(findings)} gradient(s) disagree, at E = "
        f"{center:.6g} (yours against the engine's: |yours - engine| <= atol + "
        f"rtol*|engine|, rtol={rtol:g}, atol={atol:g}):"
    ]
    for finding in findings:
        lines.extend("  " + line for line in finding.lines)
    factors = [f.factor for f in findings if f.failed]
    if len(factors) > 1 and factors[0] is not None:
        first = factors[0]
        if all(f is not None and abs(f - first) <= 1e-9 * abs(first) for f in factors):
            lines.append(
                "  Every disagreeing gradient has the opposite sign of the engine's: one sign "
                "flip for the whole derivation"
                if first == -1.0
                else f"  Every disagreeing gradient is {first:.6g} × the engine's: one number "
                "multiplies the whole derivation"
            )
    return "\n".join(lines)
