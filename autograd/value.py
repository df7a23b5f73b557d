"""``Value``: a scalar node of the computation graph, and reverse-mode differentiation over it.

A Value holds one float (``data``), the gradient of the latest backward pass (``grad``),
and, when an operation made it, the primitive (``op``), its ordered input nodes
(``inputs``) and the local derivatives d(self)/d(input), one per input edge, computed at
forward time from the primitive's row in :mod:`autograd.primitives`. ``backward()`` then
needs no closures: it walks the nodes in reverse topological order and, along every edge,
adds ``local * upstream`` to the input's gradient.

Nodes refer only to their inputs, never back to their outputs, so a graph holds no
reference cycles and is freed by reference counting as soon as it is dropped. The
operations used most (``+ * -x relu tanh linear``) build their node inline rather than
through the table's functions: same formulas, checked bit for bit by the tests. Why each
speed-up is there, with figures: the commit messages and ``python -m benchmarks``.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias, Union

import numpy as np

from autograd.primitives import (
    ABS,
    ADD,
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

    # Make NumPy scalars and arrays defer to Value's reflected operators, so that
    # np.float64(2) * Value(3) is a Value and not an object array.
    __array_ufunc__ = None

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
        self._local: tuple[Any, ...] = ()
        # Which traversal last visited this node (see _depth_first): no set lookups.
        self._mark: object = None

    # ------------------------------------------------------------ read access to the graph

    @property
    def op(self) -> str:
        """Name of the operation that produced this node; ``""`` for a leaf."""
        return "" if self._prim is None else self._prim.name

    @property
    def primitive(self) -> Primitive | None:
        """The table row that produced this node, or None for a leaf."""
        return self._prim

    @property
    def inputs(self) -> tuple[Value, ...]:
        """The input nodes of the operation, in order (``x * x`` has ``x`` twice)."""
        return self._inputs

    @property
    def local_grads(self) -> tuple[float, ...]:
        """d(self)/d(input) for each input, in the order of :attr:`inputs`."""
        return self._local

    @property
    def is_leaf(self) -> bool:
        """True for a node no operation produced (an input, a parameter, a constant)."""
        return not self._inputs

    def __repr__(self) -> str:
        extra = f", label={self.label!r}" if self.label else ""
        extra += f", op={self.op!r}" if self._prim is not None else ""
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
        for node in _depth_first(self):
            if id(node) in memo:
                continue
            twin: Value = _new_value(Value)
            twin.data, twin.grad, twin.label = node.data, node.grad, node.label
            twin._prim, twin._local, twin._mark = node._prim, node._local, None
            twin._inputs = tuple([memo[id(child)] for child in node._inputs])
            memo[id(node)] = twin
        return memo[id(self)]  # type: ignore[no-any-return]

    def __copy__(self) -> Value:
        """A new node with the same fields and the same input nodes (not copies of them)."""
        node: Value = _new_value(Value)
        node.data, node.grad, node.label = self.data, self.grad, self.label
        node._prim, node._inputs, node._local, node._mark = (
            self._prim,
            self._inputs,
            self._local,
            None,
        )
        return node

    # ------------------------------------------------------------ arithmetic

    # The hot rows (add, mul, neg, relu, tanh) are inlined below: same formulas as their
    # rows in primitives.py (tests/test_fast_paths.py checks they agree bit for bit), but
    # without the per-op calls to the row's forward and derivative and to _node.

    def __add__(self, other: ValueLike) -> Value:
        if type(other) is Value:
            b = other
        elif type(other) is float or type(other) is int:
            b = _constant(float(other))
        else:
            return _binary(ADD, self, other)
        node: Value = _new_value(Value)
        node.data = self.data + b.data
        node.grad = 0.0
        node.label = ""
        node._prim = ADD
        node._inputs = (self, b)
        node._local = _ONE_ONE
        node._mark = None
        return node

    def __radd__(self, other: ValueLike) -> Value:
        if type(other) is float or type(other) is int:
            a = _constant(float(other))
        else:
            return _binary(ADD, other, self)
        node: Value = _new_value(Value)
        node.data = a.data + self.data
        node.grad = 0.0
        node.label = ""
        node._prim = ADD
        node._inputs = (a, self)
        node._local = _ONE_ONE
        node._mark = None
        return node

    def __mul__(self, other: ValueLike) -> Value:
        if type(other) is Value:
            b = other
        elif type(other) is float or type(other) is int:
            b = _constant(float(other))
        else:
            return _binary(MUL, self, other)
        x = self.data
        y = b.data
        node: Value = _new_value(Value)
        node.data = x * y
        node.grad = 0.0
        node.label = ""
        node._prim = MUL
        node._inputs = (self, b)
        node._local = (y, x)
        node._mark = None
        return node

    def __rmul__(self, other: ValueLike) -> Value:
        if type(other) is float or type(other) is int:
            a = _constant(float(other))
        else:
            return _binary(MUL, other, self)
        x = a.data
        y = self.data
        node: Value = _new_value(Value)
        node.data = x * y
        node.grad = 0.0
        node.label = ""
        node._prim = MUL
        node._inputs = (a, self)
        node._local = (y, x)
        node._mark = None
        return node

    def __pow__(self, other: ValueLike) -> Value:
        return _binary(POW, self, other)

    def __rpow__(self, other: ValueLike) -> Value:
        return _binary(POW, other, self)

    def __neg__(self) -> Value:
        node: Value = _new_value(Value)
        node.data = -self.data
        node.grad = 0.0
        node.label = ""
        node._prim = NEG
        node._inputs = (self,)
        node._local = _MINUS_ONE
        node._mark = None
        return node

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

    def tanh(self) -> Value:
        """Hyperbolic tangent; d/dx = 1 - tanh(x)², accurate for every finite input."""
        x = self.data
        out = math.tanh(x)
        node: Value = _new_value(Value)
        node.data = out
        node.grad = 0.0
        node.label = ""
        node._prim = TANH
        node._inputs = (self,)
        if -0.5 < x < 0.5:
            node._local = (1.0 - out * out,)
        else:  # tanh_slope inlined: sech² without the cancellation of 1 - out² near ±1
            e = _exp(-2.0 * x if x > 0.0 else 2.0 * x)
            node._local = (4.0 * e / ((1.0 + e) * (1.0 + e)),)
        node._mark = None
        return node

    def sigmoid(self) -> Value:
        """1 / (1 + e ** -self); d/dx = σ(x)(1 - σ(x)). Stable for every finite input."""
        return _unary(SIGMOID, self)

    def sqrt(self) -> Value:
        """√self; d/dx = 1 / (2√x). Raises ValueError for self < 0; sqrt'(0) = inf."""
        return _unary(SQRT, self)

    def __abs__(self) -> Value:
        """|self|; d/dx = sign(x), with abs'(0) = 0 (as PyTorch)."""
        return _unary(ABS, self)

    def relu(self) -> Value:
        """max(0, self); d/dx = 1 for x > 0, else 0 (so relu'(0) = 0)."""
        x = self.data
        node: Value = _new_value(Value)
        if x > 0.0:
            node.data = x
            node._local = _ONE
        else:
            node.data = 0.0 if x <= 0.0 else x  # NaN passes through, with slope 0
            node._local = _ZERO
        node.grad = 0.0
        node.label = ""
        node._prim = RELU
        node._inputs = (self,)
        node._mark = None
        return node

    # ------------------------------------------------------------ differentiation

    def backward(self, grad: Number = 1.0) -> None:
        """Fill ``.grad`` of every node this one depends on with d(self)/d(node) times ``grad``.

        As in PyTorch, leaf gradients accumulate across calls (zeroing them is the
        caller's job): a leaf ends with its earlier gradient plus this pass's total, added
        once. Nodes made by operations hold the gradient of this pass only: they are
        reset before propagating. A node used several times receives the sum over all
        paths. Iterative: works on graphs of any depth.

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
        interior, leaves, old_grads = _prepare_backward(self)
        self.grad = seed
        for node in reversed(interior):
            upstream = node.grad
            inputs = node._inputs
            arity = len(inputs)
            # Most nodes are binary or unary: unpacking beats building a zip for them.
            if arity == 2:
                a, b = inputs
                local_a, local_b = node._local
                a.grad += local_a * upstream
                b.grad += local_b * upstream
            elif arity == 1:
                (a,) = inputs
                a.grad += node._local[0] * upstream
            else:
                for child, local in zip(inputs, node._local):
                    child.grad += local * upstream
        # A leaf's earlier gradient was set aside: it now receives old + (this pass's
        # total) as one float addition, bit for bit what a fresh leaf's total plus old is.
        for leaf, old in zip(leaves, old_grads):
            leaf.grad = old + leaf.grad


# ---------------------------------------------------------------- building nodes


def _comparable(x: object) -> float | None:
    """The number a comparison with a Value reads: ``data`` of a Value, or a real number."""
    return x.data if isinstance(x, Value) else _real_or_none(x)


_new_value = object.__new__
_exp = math.exp


def _node(data: float, prim: Primitive, inputs: tuple[Value, ...], local: tuple[Any, ...]) -> Value:
    """A new interior node; bypasses ``__init__``'s checks since ``data`` is a float already."""
    node: Value = _new_value(Value)
    node.data = data
    node.grad = 0.0
    node.label = ""
    node._prim = prim
    node._inputs = inputs
    node._local = local
    node._mark = None
    return node


def _constant(x: float) -> Value:
    """A constant leaf holding the float ``x`` (what ``Value(x)`` makes, without its checks)."""
    leaf: Value = _new_value(Value)
    leaf.data = x
    leaf.grad = 0.0
    leaf.label = ""
    leaf._prim = None
    leaf._inputs = ()
    leaf._local = ()
    leaf._mark = None
    return leaf


# Local-derivative tuples that never change, shared by every node that has them.
_ONE = (1.0,)
_ZERO = (0.0,)
_MINUS_ONE = (-1.0,)
_ONE_ONE = (1.0, 1.0)


def _operand(x: object) -> Value | None:
    """``x`` as a Value (numbers become constant leaves), or None if it cannot be one."""
    if isinstance(x, Value):
        return x
    real = _real_or_none(x)
    return None if real is None else Value(real)


def _unary(prim: Primitive, a: Value) -> Value:
    x = a.data
    out = prim.forward(x)
    return _node(out, prim, (a,), prim.derivative(x, out))


def _binary(prim: Primitive, a: object, b: object) -> Value:
    # Numbers are checked and computed on first, and wrapped as constant leaves only once
    # the forward rule has accepted them: a failing operation leaves no node behind.
    # Operands that are not numbers give NotImplemented, so Python raises its usual
    # "unsupported operand type(s)" TypeError naming both types.
    x = a.data if isinstance(a, Value) else _real_or_none(a)
    y = b.data if isinstance(b, Value) else _real_or_none(b)
    if x is None or y is None:
        return NotImplemented  # type: ignore[no-any-return]
    out = prim.forward(x, y)
    inputs = (
        a if isinstance(a, Value) else Value(x),
        b if isinstance(b, Value) else Value(y),
    )
    return _node(out, prim, inputs, prim.derivative(x, y, out))


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
    inputs: tuple[Value, ...]
    if set(map(type, operands)) <= _ONLY_VALUE:
        # Fast path (every operand is a Value already, as in a neuron's linear node): one
        # C-level pass instead of a per-operand isinstance chain.
        inputs = operands  # type: ignore[assignment]
    else:
        inputs = tuple(_checked_operands(prim, operands))
    xs = list(map(_data_of, inputs))
    out = float(prim.forward(*xs))
    return _node(out, prim, inputs, tuple(prim.derivative(*xs, out)))


_ONLY_VALUE = frozenset({Value})
_VALUE_OR_FLOAT = frozenset({Value, float})
_data_of = operator.attrgetter("data")


def _checked_operands(prim: Primitive, operands: tuple[object, ...]) -> list[Value]:
    """Every operand as a Value (numbers become constant leaves); TypeError naming the first
    that cannot be one. All are checked before any leaf is made."""
    for i, operand in enumerate(operands):
        if not isinstance(operand, Value) and _real_or_none(operand) is None:
            raise TypeError(
                f"{prim.name}: operand {i} must be a Value or a real number, "
                f"not {type(operand).__name__}: {operand!r}"
            )
    return [v if isinstance(v, Value) else Value(v) for v in operands]  # type: ignore[arg-type]


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
    # Inlined "linear" row (a neuron's hot path): Σ wᵢxᵢ + b, locals (x..., w..., 1). The
    # comprehensions fetch the data and check the types in one pass each: they come out
    # short if any operand is not a Value, and the general path handles numbers then.
    w = [v.data for v in weights if type(v) is Value]
    x = [v.data for v in xs if type(v) is Value]
    if len(w) != n or type(bias) is not Value:
        return apply(LINEAR, *weights, *xs, bias)
    if len(x) != n:
        if not set(map(type, xs)) <= _VALUE_OR_FLOAT:
            return apply(LINEAR, *weights, *xs, bias)
        # Plain floats as inputs (a first layer fed raw data): constant leaves, made here.
        inputs = [v if type(v) is Value else _constant(v) for v in xs]  # type: ignore[arg-type]
        x = [v.data for v in inputs]
        xs = inputs
    node: Value = _new_value(Value)
    node.data = sum(map(_mul, w, x)) + bias.data
    node.grad = 0.0
    node.label = ""
    node._prim = LINEAR
    node._inputs = (*weights, *xs, bias)  # type: ignore[arg-type]  # all Values: checked
    node._local = (*x, *w, 1.0)
    node._mark = None
    return node


def _check_same_length(op: str, weights: Sequence[object], xs: Sequence[object]) -> None:
    if len(weights) != len(xs):
        raise ValueError(
            f"{op}: weights and inputs must have the same length, got {len(weights)} weights "
            f"and {len(xs)} inputs"
        )


# ---------------------------------------------------------------- graph traversal


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, each once, inputs before the nodes made from them.

    Depth-first in input order (the order a recursive search would give), with an
    explicit stack, so graphs of any depth work. ``root`` is last.

    >>> a = Value(1.0, "a"); b = a * a; c = b + a
    >>> [v.label or v.op for v in topological_order(c)]
    ['a', 'mul', 'add']
    """
    return _depth_first(root)


def _depth_first(root: Value) -> list[Value]:
    # The order of the recursive search, without recursion and without allocating per
    # node (no (node, iterator) pairs: on a deep chain those would make the cyclic garbage
    # collector run over and over). Each traversal marks nodes with two fresh tokens, so
    # "seen already?" is an attribute load and an identity test, not a set lookup.
    expanded, done = object(), object()
    order: list[Value] = []
    emit = order.append
    stack = [root]
    push = stack.append
    pop = stack.pop
    while stack:
        node = pop()
        mark = node._mark
        if mark is done:
            continue  # reached again through another path, already in order
        inputs = node._inputs
        if mark is expanded or not inputs:
            node._mark = done  # every input is in order: the node can follow them
            emit(node)
            continue
        node._mark = expanded
        push(node)
        # Reversed, so the first input is searched first. An input marked expanded would
        # be its own ancestor, which cannot happen: inputs exist before the node.
        for child in reversed(inputs):
            if child._mark is not done:
                push(child)
    return order


def _prepare_backward(root: Value) -> tuple[list[Value], list[Value], list[float]]:
    """One pass over the graph for ``backward``: the interior nodes in topological order,
    each reset to grad 0; the leaves, each reset to 0 with its earlier grad set aside.

    The same search as :func:`_depth_first` (so interior nodes come in the same order and
    gradients are summed in the same order), except that a leaf is handled as soon as it
    is found and never enters the order: the propagation loop only visits nodes with
    inputs, and resetting needs no second loop.
    """
    expanded, done = object(), object()
    interior: list[Value] = []
    emit = interior.append
    leaves: list[Value] = []
    old_grads: list[float] = []  # parallel to leaves: (leaf, grad) pairs would be tracked
    if not root._inputs:
        root._mark = done
        leaves.append(root)
        old_grads.append(root.grad)
        root.grad = 0.0
        return interior, leaves, old_grads
    stack = [root]
    push = stack.append
    pop = stack.pop
    while stack:
        node = pop()
        mark = node._mark
        if mark is done:
            continue
        if mark is expanded:
            node._mark = done
            emit(node)
            continue
        node._mark = expanded
        node.grad = 0.0
        push(node)
        for child in reversed(node._inputs):
            if child._mark is not done:
                if child._inputs:
                    push(child)
                else:
                    child._mark = done
                    leaves.append(child)
                    old_grads.append(child.grad)
                    child.grad = 0.0
    return interior, leaves, old_grads
