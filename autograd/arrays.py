"""Arrays of Values: NumPy code run on them records the graph, entry by entry.

A NumPy object array runs its elementwise operations by calling each entry's own
operators and methods (``+``, ``*``, ``exp()``, ``>=``...), so NumPy code written for
floats (``W @ x``, ``np.exp``, ``np.sum``) builds the engine's graph when the entries are
Values, and ``backward()`` on the result fills every entry's ``.grad``:

>>> import numpy as np
>>> W = as_values([[0.1, 0.2], [0.3, 0.4]], label="W")
>>> x, t = np.array([1.0, 2.0]), np.array([0.0, 1.0])
>>> E = 0.5 * np.sum((1 / (1 + np.exp(-(W @ x))) - t) ** 2)
>>> E.backward()
>>> grads_of(W).round(4)
array([[ 0.1463,  0.2926],
       [-0.0468, -0.0936]])

What runs on Values is the table in the README ("Check your own backprop"), each row
tested in tests/test_arrays.py.

How a function that cannot work on Values is refused: :func:`as_values` returns a
:class:`ValueArray`, an ``ndarray`` subclass of dtype object that uses NumPy's two
dispatch protocols, each for what it sees:

* ``__array_ufunc__`` sees every ufunc applied to the array (``np.exp``, ``np.sin``,
  ``==``, and the ufuncs inside ``np.sum`` or ``np.var``) before NumPy runs it. The
  supported ones (:data:`SUPPORTED`, the tested table) run unchanged on the plain object
  array; any other NumPy ufunc raises a ``TypeError`` naming it and saying what to write
  instead, rather than NumPy's message about a missing ``sin`` method. Ufuncs with only
  object loops, which ``np.frompyfunc`` and ``np.vectorize`` make from your own Python
  function, run too: they call that function on each Value.
* ``__array_function__`` refuses the few functions that fail before any ufunc reaches
  the array (``np.vdot``, ``np.linalg.norm``, ``np.round``) or that compare numbers
  (``np.allclose``), and runs every other function as NumPy does, turning object
  results back into ValueArrays so that the checks follow the computation
  (``np.where``, ``np.dot``, ``np.concatenate``).

Why an allow-list for ufuncs but a deny-list for functions: a ufunc either works on
Values (it calls a method the engine has) or fails, so the table of tested ufuncs is the
whole truth; NumPy's hundreds of other functions mostly rearrange entries or call those
ufuncs, and listing them all would refuse working code. A wrapper namespace
(``vnp.exp``) was the alternative: it would make users rewrite their NumPy code, which is
what this module exists to avoid.

A single Value (the result of ``np.sum``, of ``np.dot`` of two vectors, an entry) takes
part too: ``Value.__array_ufunc__`` sends NumPy's ufuncs on it to
:func:`ufunc_on_values`, so ``np.exp(np.sum(W))`` is a Value and ``x * np.sum(W)`` a
ValueArray. What NumPy does not let it reach:

* ``np.asarray(W, dtype=float)``, which NumPy converts without asking the array:
  it gives numbers, and no gradient flows past it (``W.astype(float)`` is refused).
  :func:`autograd.check_backprop` reports such a break: the engine's gradient then
  disagrees with finite differences.

Two conventions of NumPy's object loops matter for relu. ``np.maximum(a, b)`` returns
``a`` when ``a >= b``, else ``b``: the very operand, so an entry of
``np.maximum(x, 0)`` is either the Value ``x`` (the gradient flows through it) or the
number ``0`` (a constant, no gradient). At ``x = 0`` it returns ``x``, so relu'(0) = 1
for ``np.maximum(x, 0)`` and 0 for ``np.maximum(0, x)``; ``np.where(x > 0, x, 0)`` and
``(x > 0) * x`` give relu'(0) = 0, as ``Value.relu``. Comparisons (``x > 0``) give bool
arrays.

A ufunc applied elementwise keeps its operands' shape, 0-d included: on 0-d ValueArrays
(scalars given as arrays) it returns a 0-d ValueArray, not a bare Value, so that NumPy
code on scalars (``1 / (1 + np.exp(-(w1 * x1 + w2 * x2)))``) keeps working. Reductions
(``np.sum``, ``np.mean``, ``np.max``), products of two vectors and indexing return a
single Value, as NumPy returns a scalar: that is the loss you call ``backward()`` on.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from autograd.value import Value

__all__ = ["SUPPORTED", "ValueArray", "as_values", "data_of", "grads_of"]


# ---------------------------------------------------------------- the NumPy ufuncs Values support

#: The NumPy ufuncs that run on arrays of Values, each row of the README's table tested
#: in tests/test_arrays.py. The functions built on them work too: ``np.sum``, ``np.mean``
#: and ``np.max`` reduce with ``add``, ``true_divide`` and ``maximum``; ``np.outer``
#: multiplies; ``np.dot``, ``np.where``, ``.T`` and ``reshape`` are not ufuncs at all.
SUPPORTED: frozenset[np.ufunc] = frozenset(
    {
        np.add,
        np.subtract,
        np.multiply,
        np.true_divide,
        np.negative,
        np.power,
        np.square,
        np.matmul,
        np.exp,
        np.log,
        np.tanh,
        np.sqrt,
        np.absolute,
        np.maximum,
        np.minimum,
        np.greater,
        np.greater_equal,
        np.less,
        np.less_equal,
    }
)

_WITH_DATA = "a constant, with derivative 0 where it is defined: compute it on the numbers"

#: What to write instead of a NumPy ufunc that Values do not support; others get the
#: general advice of :func:`_refusal`.
_INSTEAD: dict[str, str] = {
    "equal": "== on Values compares graph nodes by identity, not numbers; compare the "
    "numbers: data_of(x) == 0",
    "not_equal": "!= on Values compares graph nodes by identity, not numbers; compare the "
    "numbers: data_of(x) != 0",
    "sign": f"the sign is {_WITH_DATA}, np.sign(data_of(x))",
    "rint": f"rounding is {_WITH_DATA}, np.round(data_of(x))",
    "floor": f"rounding is {_WITH_DATA}, np.floor(data_of(x))",
    "ceil": f"rounding is {_WITH_DATA}, np.ceil(data_of(x))",
    "trunc": f"rounding is {_WITH_DATA}, np.trunc(data_of(x))",
    "floor_divide": f"floor division is {_WITH_DATA}, data_of(x) // y",
    "remainder": "write x - y * np.floor(data_of(x) / y)",
    "fmod": "write x - y * np.trunc(data_of(x) / y)",
    "isnan": "test the numbers: np.isnan(data_of(x))",
    "isinf": "test the numbers: np.isinf(data_of(x))",
    "isfinite": "test the numbers: np.isfinite(data_of(x))",
    "heaviside": f"the step is {_WITH_DATA}, np.heaviside(data_of(x), 0.0)",
    "conjugate": "np.var, np.std and np.vdot call np.conjugate, which real Values lack; "
    "write np.mean((x - np.mean(x)) ** 2) for the variance, its .sqrt() for the standard "
    "deviation, np.sum(a * b) for np.vdot",
    "expm1": "write np.exp(x) - 1",
    "log1p": "write np.log(1 + x)",
    "exp2": "write 2 ** x",
    "log2": "write np.log(x) / np.log(2)",
    "log10": "write np.log(x) / np.log(10)",
    "sinh": "write (np.exp(x) - np.exp(-x)) / 2",
    "cosh": "write (np.exp(x) + np.exp(-x)) / 2",
    "logaddexp": "write np.log(np.exp(a) + np.exp(b))",
    "float_power": "write x ** y",
    "reciprocal": "write 1 / x",
    "positive": "write x itself",
    "fmax": "use np.maximum",
    "fmin": "use np.minimum",
    "clip": "write np.minimum(np.maximum(x, low), high)",
}


#: NumPy functions that fail on Values before reaching a ufunc this module could refuse
#: (NumPy would raise an AttributeError about ``conjugate``, or strip the array and raise
#: about a single Value), or that compare numbers. ``np.round`` and ``np.clip`` are here
#: too: when the array's method raises a TypeError, NumPy retries on a plain array,
#: past ``__array_ufunc__``.
_FUNCTIONS_INSTEAD: dict[Callable[..., Any], str] = {
    np.vdot: "it calls conjugate() on each entry, which Values lack (they are real); "
    "write np.sum(a * b)",
    np.round: "rounding is " + _WITH_DATA + ", np.round(data_of(x))",
    np.around: "rounding is " + _WITH_DATA + ", np.around(data_of(x))",
    np.clip: "write np.minimum(np.maximum(x, low), high)",
    np.isclose: "compare the numbers: np.isclose(data_of(a), data_of(b))",
    np.allclose: "compare the numbers: np.allclose(data_of(a), data_of(b))",
    np.linalg.norm: "it converts its argument to a plain array and takes the square root "
    "of a single Value; write np.sum(x ** 2).sqrt(), or np.sqrt(np.sum(x ** 2, axis=..., "
    "keepdims=True)) along an axis",
}


def _qualified(func: Callable[..., Any]) -> str:
    module = getattr(func, "__module__", None) or "numpy"
    return f"{module.replace('numpy', 'np', 1)}.{func.__name__}"


def _refusal(ufunc: np.ufunc, method: str) -> TypeError:
    name = f"np.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
    instead = _INSTEAD.get(ufunc.__name__) or (
        f"chainrule has no {ufunc.__name__} operation; write it with the supported "
        "functions, or define one with autograd.primitive(forward, derivative, "
        f"name={ufunc.__name__!r}) and apply it to each entry with "
        "np.frompyfunc(op, 1, 1)(x)"
    )
    supported = ", ".join(sorted(f"np.{u.__name__}" for u in SUPPORTED))
    return TypeError(
        f"{name} does not work on arrays of Values: {instead}. "
        f"The NumPy ufuncs that do: {supported}"
    )


def _user_made(ufunc: np.ufunc) -> bool:
    """A ufunc with only object loops: made by np.frompyfunc or np.vectorize from a Python
    function, which it calls on each entry (no NumPy ufunc is object-only)."""
    return all(set(types.replace("->", "")) == {"O"} for types in ufunc.types)


# ---------------------------------------------------------------- plumbing of the array type


def _boxed(value: Value) -> np.ndarray:
    box = np.empty((), dtype=object)
    box[()] = value
    return box


def ufunc_on_values(ufunc: np.ufunc, method: str, inputs: tuple[Any, ...], kwargs: Any) -> Any:
    """``Value.__array_ufunc__``: a NumPy ufunc with a single Value among its operands.

    The supported ufuncs run on the Value boxed as a 0-d object array, so NumPy's object
    loop calls its operators and methods: ``np.exp(s)`` is ``s.exp()`` and
    ``np.float64(2) * s`` is ``2.0 * s``, both Values; with an array among the operands
    (``x * s``) the result is a :class:`ValueArray`. Others raise what arrays of Values
    raise.
    """
    if method != "__call__" or "out" in kwargs:
        return NotImplemented
    if ufunc not in SUPPORTED and not _user_made(ufunc):
        raise _refusal(ufunc, method)
    result = ufunc(*(_boxed(x) if isinstance(x, Value) else _plain(x) for x in inputs), **kwargs)
    if isinstance(result, np.ndarray) and result.ndim == 0:
        result = result[()]
    if isinstance(result, np.bool_):
        return bool(result)  # a comparison of two numbers reads as Python's
    return _wrap(result, keep_0d=False)


def _plain(x: Any) -> Any:
    """A ValueArray as the plain object array it views; anything else unchanged."""
    return x.view(np.ndarray) if isinstance(x, ValueArray) else x


def _wrap(result: Any, keep_0d: bool) -> Any:
    if isinstance(result, tuple):
        return tuple(_wrap(r, keep_0d) for r in result)
    if isinstance(result, np.ndarray):
        return result.view(ValueArray) if result.dtype == object else result
    if keep_0d and not isinstance(result, (bool, np.bool_)):
        return _boxed(result).view(ValueArray)
    return result


# ---------------------------------------------------------------- the array type


class ValueArray(np.ndarray):
    """A NumPy object array of Values whose ufuncs are checked against :data:`SUPPORTED`.

    Made by :func:`as_values`; behaves as the object array it is, except that

    * a NumPy ufunc that does not work on Values raises a ``TypeError`` saying what to
      write instead (see the module docstring);
    * with a single Value as the other operand (``h * s``, ``s - h``, ``h > s``) the
      operation runs entry by entry (``Value.__array_ufunc__`` boxes the Value);
    * ``astype`` to a numeric dtype is refused: the numbers would leave the graph.

    >>> h = as_values([1.0, -2.0], label="h")
    >>> type(np.maximum(h, 0)).__name__, (h > 0).dtype
    ('ValueArray', dtype('bool'))
    """

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        if ufunc not in SUPPORTED and not _user_made(ufunc):
            raise _refusal(ufunc, method)
        outs = kwargs.get("out")
        if outs is not None:
            kwargs["out"] = tuple(_plain(o) for o in outs)
        result = getattr(ufunc, method)(*(_plain(x) for x in inputs), **kwargs)
        if outs is not None:
            return outs[0] if len(outs) == 1 else outs  # the caller's arrays, filled
        if method == "at":
            return None
        # Elementwise calls keep their operands' shape, 0-d too; reductions and the
        # generalized ufuncs (matmul) return NumPy's scalar, the bare Value.
        return _wrap(result, keep_0d=method == "__call__" and ufunc.signature is None)

    def __array_function__(
        self, func: Callable[..., Any], types: Any, args: Any, kwargs: Any
    ) -> Any:
        instead = _FUNCTIONS_INSTEAD.get(func)
        if instead is not None:
            raise TypeError(f"{_qualified(func)} does not work on arrays of Values: {instead}")
        # NumPy's own implementation; object results become ValueArrays again, so that
        # np.where(x > 0, x, 0) or np.concatenate keep the checks and the operators above.
        return _wrap(super().__array_function__(func, types, args, kwargs), keep_0d=False)

    def round(self, *args: Any, **kwargs: Any) -> Any:
        """Refused, as ``np.round``: NumPy rounds object arrays without a ufunc call."""
        raise TypeError(f"round() does not work on arrays of Values: {_INSTEAD['rint']}")

    def astype(self, dtype: Any, *args: Any, **kwargs: Any) -> Any:
        """As ``ndarray.astype``, but only to ``object``: numbers would leave the graph."""
        if np.dtype(dtype) != np.dtype(object):
            raise TypeError(
                f"astype({np.dtype(dtype).name}) does not work on arrays of Values: it would "
                "give numbers without the graph, so no gradient flows past it; use "
                "data_of(x) if you want the numbers (a constant), or keep the Values"
            )
        return super().astype(dtype, *args, **kwargs)


# ---------------------------------------------------------------- making and reading arrays


def as_values(array_like: Any, label: str = "") -> ValueArray:
    """New leaf Values holding ``array_like``'s numbers, as a :class:`ValueArray` of the
    same shape; entry ``(1, 0)`` is labelled ``W[1,0]`` for ``label="W"``.

    Args:
        array_like: numbers: a NumPy array, nested lists, or a single number (0-d).
        label: the name each entry's label starts with; ``""`` leaves them unlabelled.

    Returns:
        A ValueArray (dtype object) of fresh leaves: the input is not modified.

    Raises:
        TypeError: if ``label`` is not a str, or an entry is not a real number (a string,
            None, a complex number, a Value: the message names its position).

    >>> W = as_values([[1.0, 2.0], [3.0, 4.0]], label="W")
    >>> W.shape, W[1, 0].label, W[1, 0].data, W[1, 0].is_leaf
    ((2, 2), 'W[1,0]', 3.0, True)
    """
    if not isinstance(label, str):
        raise TypeError(f"as_values: label must be a str, not {type(label).__name__}: {label!r}")
    numbers_ = _float_array(array_like, "as_values")
    out = np.empty(numbers_.shape, dtype=object)
    if numbers_.ndim == 0:
        out[()] = Value(float(numbers_[()]), label=label)
    else:
        for index, x in np.ndenumerate(numbers_):
            out[index] = Value(x, label=f"{label}{_index(index)}" if label else "")
    return out.view(ValueArray)


def data_of(array: Any) -> np.ndarray:
    """The numbers an array of Values holds: ``v.data`` of each Value, numbers as they are.

    Args:
        array: an array (or nested lists) of Values and numbers, or a single Value.

    Returns:
        A float64 array of the same shape.

    Raises:
        TypeError: naming the position of an entry that is neither.

    >>> data_of(np.maximum(as_values([-1.0, 2.0]), 0))
    array([0., 2.])
    """
    return _per_entry(array, "data_of", _data)


def grads_of(array: Any) -> np.ndarray:
    """The gradients an array of Values holds: ``v.grad`` of each, as a float64 array.

    Raises:
        TypeError: naming the position of an entry that is not a Value (a number has no
            gradient: ``np.maximum(x, 0)`` puts the number 0 where x < 0).

    >>> W = as_values([1.0, 2.0, 3.0])
    >>> np.sum(W * W).backward()
    >>> grads_of(W)
    array([2., 4., 6.])
    """
    return _per_entry(array, "grads_of", _grad)


def _index(index: tuple[int, ...]) -> str:
    return "[" + ",".join(map(str, index)) + "]" if index else ""


def _float_array(array_like: Any, who: str) -> np.ndarray:
    """``array_like`` as a new float64 array, or TypeError naming the first entry that is
    not a real number (NumPy alone would turn ``"1.5"`` into 1.5)."""
    array = np.array(array_like)
    if array.dtype.kind in "biuf":
        return array.astype(np.float64)
    array = np.array(array_like, dtype=object)  # the entries as given, to name the culprit
    for index, x in np.ndenumerate(array):
        if isinstance(x, Value) or not isinstance(x, (numbers.Real, np.bool_)):
            what = "a Value" if isinstance(x, Value) else f"{type(x).__name__} {x!r}"
            raise TypeError(
                f"{who}: entry {_index(index) or '()'} is {what}, not a real number; "
                "pass numbers (data_of(x) gives the numbers of Values)"
            )
    return array.astype(np.float64)


def _per_entry(array: Any, who: str, read: Callable[[Any], float | None]) -> np.ndarray:
    objects = np.asarray(_plain(array) if isinstance(array, ValueArray) else array, dtype=object)
    out = np.empty(objects.shape, dtype=np.float64)
    for index, x in np.ndenumerate(objects):
        number = read(x)
        if number is None:
            wanted = "a Value" if read is _grad else "a Value or a real number"
            raise TypeError(
                f"{who}: entry {_index(index) or '()'} is {type(x).__name__} {x!r}, not {wanted}"
            )
        out[index] = number
    return out


def _data(x: Any) -> float | None:
    if isinstance(x, Value):
        return x.data
    return float(x) if isinstance(x, (numbers.Real, np.bool_)) else None


def _grad(x: Any) -> float | None:
    return x.grad if isinstance(x, Value) else None
