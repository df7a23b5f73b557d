"""``Value``: a scalar node of the computation graph, and its operators.

A Value holds one float (``data``), the gradient of the latest backward pass (``grad``),
and, when an operation made it, the table row that did (``primitive``), its ordered input
nodes (``inputs``) and the local derivatives d(self)/d(input), one float per input edge,
computed at forward time from the row. ``backward()`` then needs no closures: one loop
over the graph adds ``local * upstream`` along every edge.

Who owns what:

* :mod:`autograd.primitives`: the table, every operation's forward and derivative rules
  and its domain;
* this module: ``Value``, its operators (thin lookups into the table) and :func:`_node`,
  the one function that makes an operation's node (it reads the gradient mode);
* :mod:`autograd.graph`: the one traversal and the one backward loop;
* :mod:`autograd.grad_mode`: ``no_grad`` / ``enable_grad``;
* :mod:`autograd.higher_order`, :mod:`autograd.explain`, :mod:`autograd.render`,
  :mod:`autograd.gradcheck`, :mod:`autograd.tape`: gradients of gradients, the backward
  pass as text, pictures, checking, and batched replay.

Nodes refer only to their inputs, never back to their outputs, so a graph holds no
reference cycles and is freed by reference counting as soon as it is dropped. The
operations used most (``+ * -x relu tanh linear``) compute their output and local
derivatives inline instead of calling the row's functions: the same formulas, checked
against the table by the registry-driven tests (tests/ops.py,
tests/test_ops_fast_paths.py); they still make their node with :func:`_node`.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Iterable, Sequence
from threading import get_ident
from typing import Any, TypeAlias, Union

import numpy as np

from autograd.backends import FLOATS
from autograd.grad_mode import DISABLED_THREADS
from autograd.graph import backpropagate, depth_first, topological_order
from autograd.primitives import (
    ABS,
    ADD,
    CONSTANT,
    DOT,
    EXP,
    LINEAR,
    LOG,
    MUL,
    NEG,
    POW,
    RELU,
    SIGMOID,
    SQRT,
    SUM,
    TANH,
    VARIADIC,
    Primitive,
    _mul,
    domain_violation,
)

__all__ = [
    "Number",
    "Value",
    "ValueLike",
    "apply",
    "dot",
    "linear",
    "sum_of",
    "topological_order",
]

#: Anything accepted as a number: Python int, float and bool, and NumPy real scalars.
Number: TypeAlias = float | int | np.floating[Any] | np.integer[Any] | np.bool_
#: Anything that becomes a Value: a Value, or a number (wrapped as a constant leaf).
ValueLike: TypeAlias = Union["Value", Number]


def _real_or_none(x: object) -> float | None:
    """``x`` as a float if it is a real number (not complex, not an array), else None."""
    if type(x) is float:
        return x
    if isinstance(x, (numbers.Real, np.bool_)):
        return float(x)
    return None


def _to_float(x: object, what: str) -> float:
    """``x`` as a float, or TypeError naming ``what`` and the type received."""
    real = _real_or_none(x)
    if real is None:
        raise TypeError(
            f"{what} must be a real number (int, float, bool or a NumPy real scalar), "
            f"not {type(x).__name__}: {x!r}"
        )
    return real


class Value:
    """A scalar that remembers how it was computed, so gradients can flow back through it.

    Args:
        data: the number held; stored as a Python float.
        label: a name shown in reprs and rendered graphs.

    Raises:
        TypeError: if ``data`` is not a real number (str, None, list, complex, array).

    >>> x = Value(3.0, label="x")
    >>> y = x * x + 2 * x      # y = x² + 2x
    >>> y.backward()
    >>> y.data, x.grad         # 15 and dy/dx = 2x + 2 = 8
    (15.0, 8.0)
    """

    __slots__ = ("_inputs", "_local", "_mark", "_prim", "data", "grad", "label")

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """NumPy ufuncs on a Value: ``np.exp(v)`` is ``v.exp()``, ``np.float64(2) * v`` a
        Value, ``np.array([1.0, 2.0]) * v`` an array of Values; the ufuncs Values cannot
        run raise a ``TypeError`` saying what to write (see :mod:`autograd.arrays`)."""
        from autograd.arrays import ufunc_on_values

        return ufunc_on_values(ufunc, method, inputs, kwargs)

    data: float
    grad: float
    label: str

    def __init__(self, data: Number, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, not {type(label).__name__}: {label!r}")
        self.data = _to_float(data, "Value data")
        self.grad = 0.0
        self.label = label
        self._prim: Primitive | None = None
        self._inputs: tuple[Value, ...] = ()
        self._local: tuple[float, ...] = ()
        # Which traversal last visited this node (see graph.depth_first): no set lookups.
        self._mark: object = None

    # ------------------------------------------------------------ read access to the graph

    @property
    def op(self) -> str:
        """Name of the operation that produced this node; ``""`` for a leaf."""
        prim = self._prim
        return "" if prim is None or prim is CONSTANT else prim.name

    @property
    def primitive(self) -> Primitive | None:
        """The table row that produced this node, or None for a leaf."""
        prim = self._prim
        return None if prim is CONSTANT else prim

    @property
    def inputs(self) -> tuple[Value, ...]:
        """The input nodes of the operation, in order (``x * x`` has ``x`` twice)."""
        return self._inputs

    @property
    def local_grads(self) -> tuple[float, ...]:
        """d(self)/d(input) for each input, in the order of :attr:`inputs`: floats."""
        return self._local

    @property
    def is_leaf(self) -> bool:
        """True for a node no operation produced (an input, a parameter, a constant)."""
        return not self._inputs

    @property
    def is_constant(self) -> bool:
        """True for a leaf an operation made from a number in the code (``v * 2.0``).

        Inputs and parameters (``Value(...)`` made by you) are not constants; pictures,
        ``explain`` and the tape treat constants as fixed numbers.

        >>> x = Value(3.0); y = x * 2.0
        >>> x.is_constant, y.inputs[1].is_constant
        (False, True)
        """
        return self._prim is CONSTANT

    def detach(self) -> Value:
        """A new leaf holding the same number, cut off from the graph (as in PyTorch).

        >>> x = Value(2.0); y = (x * x).detach()
        >>> y.data, y.is_leaf
        (4.0, True)
        """
        return Value(self.data)

    def __repr__(self) -> str:
        extra = f", label={self.label!r}" if self.label else ""
        extra += f", op={self.op!r}" if self._inputs else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{extra})"

    # ------------------------------------------------------------ a Value as a Python number

    # As PyTorch does for one-element tensors: conversions, formatting and ordering read
    # ``data``; nothing here records a node. ``==`` and hashing are NOT redefined: they
    # stay by identity, because Values are graph nodes used as dictionary keys (by
    # ``gradients``, ``explain``, ...), and ``v == w`` building a node or comparing data
    # would break those lookups.

    def __float__(self) -> float:
        return self.data

    def __int__(self) -> int:
        """``int(v.data)``: truncates towards zero, like ``int()`` of a float."""
        return int(self.data)

    def __bool__(self) -> bool:
        """``v.data != 0``, as for a float (and for a one-element tensor in PyTorch)."""
        return self.data != 0.0

    def __round__(self, ndigits: int | None = None) -> float | int:
        """``round(v.data, ndigits)``: a plain number, not a Value.

        PyTorch returns a tensor here; a rounded value has zero derivative everywhere, so
        chainrule returns the number, which is what printing code wants.
        """
        return round(self.data) if ndigits is None else round(self.data, ndigits)

    def __format__(self, spec: str) -> str:
        """Format ``data`` with ``spec``: ``f"{loss:.4f}"`` works as for a float.

        As in PyTorch, an empty spec formats the number too: ``f"{v}"`` is ``"1.5"``, while
        ``repr(v)`` and ``str(v)`` show the whole node.
        """
        return format(self.data, spec)

    def __lt__(self, other: ValueLike) -> bool:
        o = _comparable(other)
        return NotImplemented if o is None else self.data < o

    def __le__(self, other: ValueLike) -> bool:
        o = _comparable(other)
        return NotImplemented if o is None else self.data <= o

    def __gt__(self, other: ValueLike) -> bool:
        o = _comparable(other)
        return NotImplemented if o is None else self.data > o

    def __ge__(self, other: ValueLike) -> bool:
        o = _comparable(other)
        return NotImplemented if o is None else self.data >= o

    # ------------------------------------------------------------ copying and pickling

    def __reduce_ex__(self, protocol: object) -> tuple[Any, ...]:
        """Pickle support, for graphs of any depth: see :mod:`autograd.pickling`."""
        from autograd.pickling import reduce_value

        return reduce_value(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> Value:
        """A copy of the graph below this node, iteratively; ``memo`` keeps shared nodes
        shared, with each other and with the other objects of the same ``deepcopy``."""
        from autograd.pickling import gc_paused

        with gc_paused():
            return self._deepcopy_graph(memo)

    def _deepcopy_graph(self, memo: dict[int, Any]) -> Value:
        for node in depth_first(self):
            if id(node) not in memo:
                inputs = tuple([memo[id(child)] for child in node._inputs])
                memo[id(node)] = _copy_of(node, inputs)
        return memo[id(self)]  # type: ignore[no-any-return]

    def __copy__(self) -> Value:
        """A new node with the same fields and the same input nodes (not copies of them)."""
        return _copy_of(self, self._inputs)

    # ------------------------------------------------------------ arithmetic

    # add, mul, neg, relu and tanh compute their output and local derivatives inline:
    # the same formulas as their rows (checked by tests/test_ops_fast_paths.py), without
    # the calls to the row's functions.

    def __add__(self, other: ValueLike) -> Value:
        if type(other) is Value:
            b = other
        elif type(other) is float or type(other) is int:
            b = _constant(float(other))
        else:
            return _binary(ADD, self, other)
        return _node(self.data + b.data, ADD, (self, b), _ONE_ONE)

    def __radd__(self, other: ValueLike) -> Value:
        if type(other) is float or type(other) is int:
            a = _constant(float(other))
        else:
            return _binary(ADD, other, self)
        return _node(a.data + self.data, ADD, (a, self), _ONE_ONE)

    def __mul__(self, other: ValueLike) -> Value:
        if type(other) is Value:
            b = other
        elif type(other) is float or type(other) is int:
            b = _constant(float(other))
        else:
            return _binary(MUL, self, other)
        x = self.data
        y = b.data
        return _node(x * y, MUL, (self, b), (y, x))

    def __rmul__(self, other: ValueLike) -> Value:
        if type(other) is float or type(other) is int:
            a = _constant(float(other))
        else:
            return _binary(MUL, other, self)
        x = a.data
        y = self.data
        return _node(x * y, MUL, (a, self), (y, x))

    def __pow__(self, other: ValueLike) -> Value:
        return _binary(POW, self, other)

    def __rpow__(self, other: ValueLike) -> Value:
        return _binary(POW, other, self)

    def __neg__(self) -> Value:
        return _node(-self.data, NEG, (self,), _MINUS_ONE)

    def __sub__(self, other: ValueLike) -> Value:
        # a - b = a + (-b)
        b = _operand(other)
        return NotImplemented if b is None else self + -b

    def __rsub__(self, other: ValueLike) -> Value:
        # a - b = a + (-b), with self as b
        a = _operand(other)
        return NotImplemented if a is None else a + -self

    def __truediv__(self, other: ValueLike) -> Value:
        # a / b = a * b**-1
        divisor = other.data if isinstance(other, Value) else _real_or_none(other)
        if divisor is None:
            return NotImplemented
        _check_divisor(self.data, divisor)
        return _binary(MUL, self, _binary(POW, other, -1.0))

    def __rtruediv__(self, other: ValueLike) -> Value:
        # a / b = a * b**-1, with self as b
        dividend = _real_or_none(other)
        if dividend is None:
            return NotImplemented
        _check_divisor(dividend, self.data)
        return _binary(MUL, other, _binary(POW, self, -1.0))

    # ------------------------------------------------------------ elementary functions

    def exp(self) -> Value:
        """e ** self. Raises OverflowError when the result exceeds a float (self > 709.78)."""
        return _unary(EXP, self)

    def log(self) -> Value:
        """Natural logarithm. Raises ValueError for self <= 0."""
        return _unary(LOG, self)

    def sqrt(self) -> Value:
        """√self; d/dx = 1 / (2√x). Raises ValueError for self < 0; sqrt'(0) = inf."""
        return _unary(SQRT, self)

    def __abs__(self) -> Value:
        """|self|; d/dx = sign(x), with abs'(0) = 0 (as PyTorch)."""
        return _unary(ABS, self)

    def tanh(self) -> Value:
        """Hyperbolic tangent; d/dx = 1 - tanh(x)², accurate for every finite input."""
        x = self.data
        out = _tanh(x)
        if -0.5 < x < 0.5:
            slope = 1.0 - out * out
        else:  # sech² without the cancellation of 1 - out² near ±1, as in the row
            e = _exp(-2.0 * x if x > 0.0 else 2.0 * x)
            slope = 4.0 * e / ((1.0 + e) * (1.0 + e))
        return _node(out, TANH, (self,), (slope,))

    def sigmoid(self) -> Value:
        """1 / (1 + e ** -self); d/dx = σ(x)(1 - σ(x)). Stable for every finite input."""
        return _unary(SIGMOID, self)

    def relu(self) -> Value:
        """max(0, self); d/dx = 1 for x > 0, else 0 (so relu'(0) = 0)."""
        x = self.data
        if x > 0.0:
            return _node(x, RELU, (self,), _ONE)
        return _node(0.0 if x <= 0.0 else x, RELU, (self,), _ZERO)  # NaN passes, slope 0

    # ------------------------------------------------------------ differentiation

    def backward(self, grad: Number = 1.0) -> None:
        """Fill ``.grad`` of every node this one depends on with d(self)/d(node) times ``grad``.

        As in PyTorch, leaf gradients accumulate across calls (zeroing them is the
        caller's job): a leaf ends with its earlier gradient plus this pass's total, added
        once. Nodes made by operations hold the gradient of this pass only. A node used
        several times receives the sum over all paths. Iterative: works on graphs of any
        depth.

        Args:
            grad: the seed, d(final output)/d(self); 1.0 differentiates self itself.

        Raises:
            TypeError: if ``grad`` is not a real number.

        >>> a = Value(2.0)
        >>> b = a + a; c = b + b   # c = 4a
        >>> c.backward(); a.grad
        4.0
        """
        seed = grad if type(grad) is float else _to_float(grad, "backward's grad argument")
        leaves, earlier = backpropagate(depth_first(self), seed, keep_leaves=True)  # type: ignore[misc]
        # A leaf's earlier gradient now receives this pass's total as one float addition.
        for leaf, old in zip(leaves, earlier):
            leaf.grad = old + leaf.grad


# ---------------------------------------------------------------- building nodes

_new_value = object.__new__
_exp = math.exp
_tanh = math.tanh
_disabled = DISABLED_THREADS


def _node(
    data: float,
    prim: Primitive,
    inputs: tuple[Value, ...],
    local: tuple[float, ...],
    grad: float = 0.0,
    label: str = "",
    record: bool = False,
) -> Value:
    """The one function that makes a node: every operation's output, constants and copies.

    With gradients disabled (:func:`autograd.no_grad`) an operation's output is a leaf
    that keeps no inputs, so no graph is built and nothing is kept alive; ``record=True``
    keeps them regardless (copies of existing graphs).
    """
    node: Value = _new_value(Value)
    node.data = data
    node.grad = grad
    node.label = label
    if not _disabled or record or get_ident() not in _disabled:  # is_grad_enabled(), inlined
        node._prim = prim
        node._inputs = inputs
        node._local = local
    else:
        node._prim = None
        node._inputs = ()
        node._local = ()
    node._mark = None
    return node


def _constant(x: float) -> Value:
    """A constant leaf holding the float ``x``: a number written in an operation."""
    return _node(x, CONSTANT, (), (), 0.0, "", True)  # positional: a constant per number


def _copy_of(node: Value, inputs: tuple[Value, ...]) -> Value:
    """A node with ``node``'s fields and the given inputs (deepcopy, copy, pickle)."""
    return _node(node.data, node._prim, inputs, node._local, node.grad, node.label, True)  # type: ignore[arg-type]


# Local-derivative tuples that never change, shared by every node that has them.
_ONE = (1.0,)
_ZERO = (0.0,)
_MINUS_ONE = (-1.0,)
_ONE_ONE = (1.0, 1.0)


def _comparable(x: object) -> float | None:
    """The number a comparison with a Value reads: ``data`` of a Value, or a real number."""
    return x.data if isinstance(x, Value) else _real_or_none(x)


def _operand(x: object) -> Value | None:
    """``x`` as a Value (numbers become constant leaves), or None if it cannot be one."""
    if isinstance(x, Value):
        return x
    real = _real_or_none(x)
    return None if real is None else _constant(real)


def _unary(prim: Primitive, a: Value) -> Value:
    if not prim.elementwise:
        return _apply_row(prim, (a,), (a.data,))
    x = a.data
    if prim.domain:
        _check_domain(prim, (x,))
    out = prim.forward(FLOATS, x)
    if prim.overflow and (out == _INF or out == -_INF):
        _check_domain(prim, (x,), out)
    return _node(out, prim, (a,), prim.derivative(FLOATS, x, out))


def _binary(prim: Primitive, a: object, b: object) -> Value:
    # Operands that are not numbers give NotImplemented, so Python raises its usual
    # "unsupported operand type(s)" TypeError naming both types.
    x = a.data if isinstance(a, Value) else _real_or_none(a)
    y = b.data if isinstance(b, Value) else _real_or_none(b)
    if x is None or y is None:
        return NotImplemented  # type: ignore[no-any-return]
    return _apply_row(prim, (a, b), (x, y))


def _apply_row(prim: Primitive, operands: Sequence[object], xs: tuple[float, ...]) -> Value:
    """Run ``prim``'s row on the floats ``xs`` and record the node.

    The domain is checked first, and numbers are wrapped as constant leaves only once the
    row has accepted them: a failing operation leaves no node behind.
    """
    if prim.domain:
        _check_domain(prim, xs)
    out = prim.forward(FLOATS, *xs)
    if prim.overflow and (out == _INF or out == -_INF):
        _check_domain(prim, xs, out)
    local = prim.derivative(FLOATS, *xs, out)
    if not prim.elementwise:
        # A user primitive's rule may return ints, NumPy scalars or Values: the first-order
        # path stores floats.
        out = _to_float(out, f"{prim.name}: the forward result")
        local = tuple([_local_float(d, prim) for d in local])
    inputs = tuple([v if isinstance(v, Value) else _constant(x) for v, x in zip(operands, xs)])
    return _node(out, prim, inputs, tuple(local))


def _check_domain(prim: Primitive, xs: tuple[float, ...], out: float | None = None) -> None:
    error = domain_violation(prim, xs, out)
    if error is not None:
        raise error


_INF = math.inf


def _local_float(d: object, prim: Primitive) -> float:
    """A user rule's local derivative as the float the first-order path stores."""
    return d.data if isinstance(d, Value) else _to_float(d, f"{prim.name}: a local derivative")


def _check_divisor(dividend: float, divisor: float) -> None:
    if divisor == 0.0:
        raise ZeroDivisionError(f"division: {dividend!r} / {divisor!r} divides by zero")


def apply(prim: Primitive, *operands: ValueLike) -> Value:
    """Record ``prim`` applied to ``operands`` (Values or numbers) and return the new node.

    Raises:
        TypeError: if an operand is not a Value or a real number.
        ValueError: if the number of operands does not match ``prim.arity``.

    >>> from autograd.primitives import PRIMITIVES
    >>> apply(PRIMITIVES["mul"], Value(3.0), 4).data
    12.0
    """
    if prim.arity != VARIADIC and len(operands) != prim.arity:
        raise ValueError(f"{prim.name}: expected {prim.arity} operand(s), got {len(operands)}")
    if set(map(type, operands)) <= _ONLY_VALUE:
        # Every operand is a Value already (as in a neuron's linear node): one C-level pass
        # for the data instead of a per-operand isinstance chain.
        xs = tuple(map(_data_of, operands))
    else:
        xs = _checked_numbers(prim, operands)
    return _apply_row(prim, operands, xs)


_ONLY_VALUE = frozenset({Value})
_VALUE_OR_FLOAT = frozenset({Value, float})
_data_of = operator.attrgetter("data")


def _checked_numbers(prim: Primitive, operands: tuple[object, ...]) -> tuple[float, ...]:
    """Every operand's number; TypeError naming the first that is neither a Value nor a
    real number. All are checked before any leaf is made."""
    xs = []
    for i, operand in enumerate(operands):
        x = operand.data if isinstance(operand, Value) else _real_or_none(operand)
        if x is None:
            raise TypeError(
                f"{prim.name}: operand {i} must be a Value or a real number, "
                f"not {type(operand).__name__}: {operand!r}"
            )
        xs.append(x)
    return tuple(xs)


# ---------------------------------------------------------------- n-ary helpers


def sum_of(values: Iterable[ValueLike]) -> Value:
    """Σ values as one node with one edge per term (not a chain of ``+``).

    >>> sum_of([Value(1.0), 2, Value(3.5)]).data
    6.5
    """
    return apply(SUM, *values)


def dot(weights: Sequence[ValueLike], xs: Sequence[ValueLike]) -> Value:
    """Σ wᵢxᵢ as one node; d/dwᵢ = xᵢ and d/dxᵢ = wᵢ.

    Raises:
        ValueError: if the two sequences differ in length.

    >>> dot([Value(2.0), Value(3.0)], [4, 5]).data
    23.0
    """
    _check_same_length("dot", weights, xs)
    return apply(DOT, *weights, *xs)


def linear(weights: Sequence[ValueLike], xs: Sequence[ValueLike], bias: ValueLike) -> Value:
    """Σ wᵢxᵢ + b as one node (a neuron's pre-activation); d/db = 1.

    Raises:
        ValueError: if ``weights`` and ``xs`` differ in length.

    >>> linear([Value(2.0), Value(3.0)], [4, 5], Value(1.0)).data
    24.0
    """
    n = len(weights)
    if len(xs) != n:
        _check_same_length("linear", weights, xs)
    # The "linear" row inlined (a neuron's hot path): Σ wᵢxᵢ + b, locals (x..., w..., 1).
    # The comprehensions fetch the data and check the types in one pass each: they come
    # out short if any operand is not a Value, and the general path handles numbers then.
    w = [v.data for v in weights if type(v) is Value]
    x = [v.data for v in xs if type(v) is Value]
    if len(w) != n or type(bias) is not Value:
        return apply(LINEAR, *weights, *xs, bias)
    if len(x) != n:
        if not set(map(type, xs)) <= _VALUE_OR_FLOAT:
            return apply(LINEAR, *weights, *xs, bias)
        # Plain floats as inputs (a first layer fed raw data): constant leaves, made here.
        constants: list[Value] = [v if type(v) is Value else _constant(v) for v in xs]  # type: ignore[arg-type]
        x = [v.data for v in constants]
        xs = constants
    data = sum(map(_mul, w, x)) + bias.data
    return _node(data, LINEAR, (*weights, *xs, bias), (*x, *w, 1.0))  # type: ignore[arg-type]


def _check_same_length(op: str, weights: Sequence[object], xs: Sequence[object]) -> None:
    if len(weights) != len(xs):
        raise ValueError(
            f"{op}: weights and inputs must have the same length, got {len(weights)} weights "
            f"and {len(xs)} inputs"
        )
