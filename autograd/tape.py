"""``Tape``: record a scalar graph once, then replay it on NumPy arrays, a group at a time.

micrograd-style code builds one node per number; running it again builds the graph again.
A tape records the graph once and replays it: nodes with the same depth, operation and
number of inputs form a group (the on-the-fly batching of DyNet, Neubig et al. 2017),
and each group runs as a few NumPy calls on the table's own rules
(:data:`autograd.backends.ARRAYS`). At record time:

* outputs of a group are laid out contiguously, in the order of their inputs, so most
  gathers are slices;
* a group of ``linear`` nodes whose rows of weights repeat across samples (every
  sample's neuron j uses the same weights) becomes a matrix product: one matmul forward,
  two backward, and no scatter for the weights' gradients;
* constant leaves (numbers written in the code) are folded: never read again.

What a tape follows: the one path the scalar code took when it was recorded. Python
control flow that read a value (``if v.data > 0:``) is replayed as recorded, as with
``torch.jit.trace``; kinks inside operations (relu, abs, pow's conventions) are
evaluated per element on every replay, so they are not such branches. Record again when
the graph's shape changes (another batch size, another branch).

User primitives made with :func:`autograd.primitive` replay through their float rules,
one node and one row at a time: correct, but much slower than built-in rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograd.backends import ARRAYS, FLOATS
from autograd.graph import record
from autograd.primitives import CONSTANT, DOT, LINEAR, SUM, Primitive, domain_violation
from autograd.value import Value

__all__ = ["Held", "Tape"]

Array = np.ndarray[Any, np.dtype[np.float64]]
Index = np.ndarray[Any, np.dtype[np.intp]]


class Held:
    """Leaves whose numbers live in a tape's arrays between steps (see :meth:`Tape.hold`).

    ``data`` and ``grad`` are float arrays in the order of ``values``: the tape's forward
    reads ``data`` instead of each Value's ``.data``, and its backward adds into ``grad``
    instead of each Value's ``.grad``; optimizers from ``nn`` update them in place.
    :meth:`sync` copies both back into the Values.
    """

    def __init__(self, values: list[Value]) -> None:
        self.values = values
        self.data: Array = np.array([v.data for v in values], dtype=np.float64)
        self.grad: Array = np.array([v.grad for v in values], dtype=np.float64)

    def __len__(self) -> int:
        return len(self.values)

    def zero_grad(self) -> None:
        """Set every held gradient to 0."""
        self.grad[:] = 0.0

    def sync(self) -> None:
        """Write ``data`` and ``grad`` back into the Values' ``.data`` and ``.grad``."""
        for value, x, g in zip(self.values, self.data.tolist(), self.grad.tolist()):
            value.data = x
            value.grad = g

    def __repr__(self) -> str:
        return f"Held({len(self.values)} values)"


class Tape:
    """The graph below ``output``, recorded once and replayed on arrays.

    Args:
        output: the node to recompute and differentiate (a loss, a model's output).

    Raises:
        TypeError: if ``output`` is not a Value.

    >>> from autograd import Value
    >>> w, x = Value(2.0, "w"), Value(3.0, "x")
    >>> tape = Tape((w * x).tanh() + w)
    >>> w.data = 0.5
    >>> round(tape.forward(), 6)              # tanh(0.5 · 3) + 0.5
    1.405148
    >>> tape.backward(); round(w.grad, 5)     # 3 (1 - tanh²(1.5)) + 1
    1.54212
    >>> tape.forward(feed={x: np.array([0.0, 1.0, 2.0])}).round(4)   # three inputs at once
    array([0.5   , 0.9621, 1.2616])
    """

    def __init__(self, output: Value) -> None:
        if not isinstance(output, Value):
            raise TypeError(f"Tape: output must be a Value, not {type(output).__name__}")
        self.output = output
        plan = _compile(output)
        self._nodes = plan.nodes
        self._slots: dict[int, int] | None = None  # id(node) -> slot, made when first needed
        self._groups = plan.groups
        self._variables = plan.variables
        # Leaves were laid out first, the variables before the constants.
        self._variable_slots = np.arange(len(plan.variables), dtype=np.intp)
        self._position = {id(v): i for i, v in enumerate(plan.variables)}
        self._values: Array = plan.values
        self._constant_slots = plan.constant_slots
        self._grads: Array | None = None
        self._held: list[tuple[Held, np.ndarray[Any, np.dtype[np.intp]]]] = []
        self._batch: int | None = None
        self._ready = False

    # ------------------------------------------------------------ what the tape holds

    def __len__(self) -> int:
        """The number of recorded nodes."""
        return len(self._nodes)

    @property
    def leaves(self) -> list[Value]:
        """The leaves that are not constants (inputs and parameters), in recorded order."""
        return list(self._variables)

    @property
    def nbytes(self) -> int:
        """Bytes held by the tape's arrays (values, gradients, index arrays, constants)."""
        total = self._values.nbytes + (0 if self._grads is None else self._grads.nbytes)
        return int(total + sum(group.nbytes for group in self._groups))

    def __repr__(self) -> str:
        return f"Tape({len(self._nodes)} nodes in {len(self._groups)} groups)"

    # ------------------------------------------------------------ forward and backward

    def forward(self, feed: Mapping[Value, Any] | None = None) -> Any:
        """Recompute every node from the leaves, and return the output.

        Leaves take their current ``.data`` (held leaves: their ``Held.data``), except
        those in ``feed``, which maps leaves to numbers or to 1-D arrays of one common
        length B. With arrays, every node is evaluated for the B rows at once (the other
        leaves broadcast) and the result is an array of shape (B,); otherwise it is a
        float, also written to ``output.data``.

        Raises:
            ValueError: a key of ``feed`` that is not a non-constant leaf of the tape;
                arrays of different lengths or not 1-D; or, as the scalar engine raises
                them, an input outside an operation's domain (``log`` of x <= 0...),
                naming the operation, the node and the first offending row.
            ZeroDivisionError, OverflowError: as the scalar engine raises them.
            TypeError: a fed value that is not numeric.
        """
        fed, batch = self._check_feed(feed)
        values = self._start(batch)
        values[self._variable_slots] = _as_column([v.data for v in self._variables], batch)
        for held, slots in self._held:
            values[slots] = _as_column(held.data, batch)
        for slot, x in fed:
            values[slot] = x
        with np.errstate(all="ignore"):  # the domain checks report bad inputs instead
            for group in self._groups:
                group.forward(values, self._nodes)
        self._batch = batch
        self._ready = True
        result = values[-1]
        if batch is None:
            self.output.data = float(result)
            return float(result)
        return result.copy()

    def backward(self, grad: float = 1.0) -> None:
        """Add d(output)/d(leaf) · ``grad`` to each non-constant leaf's ``.grad``.

        What ``output.backward(grad)`` does to those leaves, except that gradients are
        summed over the rows of a batched forward. Interior nodes' and constants' ``.grad``
        are not written: read any node's gradient with :meth:`grad_of`. Held leaves
        receive theirs in ``Held.grad``.

        Raises:
            RuntimeError: if no forward ran since the tape was made.
        """
        grads = self._backward(grad)
        if self._batch is not None:
            grads = grads.sum(axis=1)
        own = grads[self._variable_slots].tolist()
        for value, g in zip(self._variables, own):
            value.grad += g
        for held, slots in self._held:
            held.grad += grads[slots]

    def gradients(self, feed: Mapping[Value, Any], wrt: Sequence[Value]) -> Array:
        """Per-sample gradients: d(output)/d(w) for each row of ``feed`` and each w in
        ``wrt``, an array of shape (B, len(wrt)) (one row when nothing fed is an array).

        No ``.grad`` is written.

        >>> from autograd import Value
        >>> w, x = Value(2.0, "w"), Value(0.0, "x")
        >>> tape = Tape(w * x * x)
        >>> tape.gradients({x: np.array([1.0, 2.0, 3.0])}, [w, x])   # (x², 2wx) per row
        array([[ 1.,  4.],
               [ 4.,  8.],
               [ 9., 12.]])
        """
        wrt = list(wrt)
        slots = [self._slot_of(v, "gradients") for v in wrt]
        self.forward(feed)
        grads = self._backward(1.0)
        rows = grads[slots]
        return np.ascontiguousarray(rows.T if self._batch is not None else rows[None, :])

    def grad_of(self, node: Value | Sequence[Value]) -> Any:
        """d(output)/d(node) from the latest :meth:`backward`, for interior nodes too, whose
        ``.grad`` the tape does not write: a float, or an array for a batched forward or
        a list of nodes (one entry per node, then per row)."""
        where = self._where(node, "grad_of")
        if self._grads is None:
            raise RuntimeError("grad_of: run tape.backward() first")
        return self._read(self._grads, where)

    def value_of(self, node: Value | Sequence[Value]) -> Any:
        """The node's value from the latest :meth:`forward`: a float, or an array for a
        batched forward or a list of nodes (one entry per node, then per row)."""
        where = self._where(node, "value_of")
        if not self._ready:
            raise RuntimeError("value_of: run tape.forward() first")
        return self._read(self._values, where)

    def _where(self, node: Value | Sequence[Value], who: str) -> int | Index:
        if isinstance(node, Value):
            return self._slot_of(node, who)
        return np.array([self._slot_of(v, who) for v in node], dtype=np.intp)

    def _read(self, array: Array, where: int | Index) -> Any:
        if isinstance(where, int) and self._batch is None:
            return float(array[where])
        return array[where].copy()

    def hold(self, values: Iterable[Value]) -> Held:
        """Keep these leaves' numbers in arrays between steps (parameters, typically).

        A training loop then moves no numbers between Python and NumPy: the forward reads
        ``Held.data``, the backward adds into ``Held.grad``, and ``nn.SGD`` / ``nn.Adam``
        given the ``Held`` update the arrays in place. The Values themselves are not
        touched until :meth:`Held.sync`.

        Raises:
            ValueError: if a value is not a non-constant leaf of this tape, is held
                already, or appears twice.
        """
        chosen = list(values)
        taken = {id(v) for held, _ in self._held for v in held.values}
        seen: set[int] = set()
        for v in chosen:
            if not isinstance(v, Value) or id(v) not in self._position:
                raise ValueError(f"hold: {v!r} is not an input or parameter of this tape")
            if id(v) in taken or id(v) in seen:
                raise ValueError(f"hold: {v!r} is held already")
            seen.add(id(v))
        held = Held(chosen)
        keep = [i for i, v in enumerate(self._variables) if id(v) not in seen]
        self._variables = [self._variables[i] for i in keep]
        self._variable_slots = self._variable_slots[keep]
        self._held.append((held, np.array([self._slot[id(v)] for v in chosen], dtype=np.intp)))
        return held

    # ------------------------------------------------------------ plumbing

    def _backward(self, grad: float) -> Array:
        if not self._ready:
            raise RuntimeError("Tape.backward: run tape.forward() first")
        grads = np.zeros_like(self._values)
        grads[-1] = grad
        with np.errstate(all="ignore"):
            for group in reversed(self._groups):
                group.backward(self._values, grads)
        self._grads = grads
        return grads

    def _start(self, batch: int | None) -> Array:
        shape = (len(self._nodes),) if batch is None else (len(self._nodes), batch)
        if self._values.shape != shape:
            constants = self._values[self._constant_slots]
            if constants.ndim == 2:
                constants = constants[:, 0]
            self._values = np.empty(shape)
            self._values[self._constant_slots] = _as_column(constants, batch)
        return self._values

    @property
    def _slot(self) -> dict[int, int]:
        if self._slots is None:
            self._slots = {id(node): s for s, node in enumerate(self._nodes)}
        return self._slots

    def _slot_of(self, node: object, who: str) -> int:
        if not isinstance(node, Value) or id(node) not in self._slot:
            raise ValueError(f"{who}: {node!r} is not a node of this tape")
        return self._slot[id(node)]

    def _check_feed(
        self, feed: Mapping[Value, Any] | None
    ) -> tuple[list[tuple[int, Any]], int | None]:
        if not feed:
            return [], None
        held = {id(v) for h, _ in self._held for v in h.values}
        fed: list[tuple[int, Any]] = []
        batch: int | None = None
        first = None
        for leaf, x in feed.items():
            if not isinstance(leaf, Value) or (
                id(leaf) not in self._position and id(leaf) not in held
            ):
                raise ValueError(
                    f"feed: {leaf!r} is not an input or parameter of this tape (feed maps "
                    "leaves that are not constants to numbers or arrays)"
                )
            array = np.asarray(x)
            if array.dtype.kind not in "biuf":
                raise TypeError(
                    f"feed: the value for {_name(leaf)} must be a number or a numeric array, "
                    f"got {type(x).__name__} of dtype {array.dtype}"
                )
            if array.ndim > 1:
                raise ValueError(
                    f"feed: the value for {_name(leaf)} must be a number or a 1-D array, got "
                    f"an array of shape {array.shape}"
                )
            if array.ndim == 1:
                if batch is not None and len(array) != batch:
                    raise ValueError(
                        f"feed: arrays must have one common length, but {_name(first)} has "
                        f"{batch} rows and {_name(leaf)} has {len(array)}"
                    )
                batch, first = len(array), leaf
            fed.append((self._slot[id(leaf)], array.astype(np.float64)))
        return fed, batch


def _as_column(xs: Any, batch: int | None) -> Any:
    """Leaf numbers for ``values[slots] = ...``: as they are, or as a column to broadcast."""
    column = np.asarray(xs, dtype=np.float64)
    return column if batch is None else column[:, None]


def _name(node: Value | None) -> str:
    if node is None:
        return "?"
    return repr(node.label) if node.label else repr(node)


# ---------------------------------------------------------------- the compiled plan


@dataclass
class _Plan:
    nodes: list[Value]  # by slot
    groups: list[Any]
    variables: list[Value]
    values: Array
    constant_slots: Index


def _compile(output: Value) -> _Plan:
    """Group the recorded nodes and lay them out: leaves first, then group after group in
    order of depth. The output is alone at the greatest depth, so its slot is the last."""
    recording = record(output)
    order, inputs = recording.nodes, recording.inputs
    depth = [0] * len(order)
    groups_by_key: dict[tuple[int, str, int], list[int]] = {}
    for i, ins in enumerate(inputs):
        n = len(ins)
        if n == 0:
            continue
        # Unrolled for one and two inputs (nearly every node): no list to build.
        if n == 1:
            d = depth[ins[0]] + 1
        elif n == 2:
            a, b = depth[ins[0]], depth[ins[1]]
            d = (a if a > b else b) + 1
        else:
            d = max([depth[j] for j in ins]) + 1
        depth[i] = d
        groups_by_key.setdefault((d, order[i]._prim.name, n), []).append(i)  # type: ignore[union-attr]
    leaves = [i for i, ins in enumerate(inputs) if not ins]
    variables = [i for i in leaves if order[i]._prim is not CONSTANT]
    constants = [i for i in leaves if order[i]._prim is CONSTANT]
    layout = _Layout(order, inputs, [*variables, *constants])
    groups = []
    nodes, slots = layout.nodes, layout.slots
    slot_of = slots.item
    for (_, _, arity), members in sorted(groups_by_key.items(), key=_depth):
        if len(members) > 1 or arity > 2:
            groups.append(layout.add(members))
            continue
        # A single node (most nodes of a deep chain): into the current run, inlined here
        # because a deep chain has a million of them.
        i = members[0]
        if layout.run is None:
            layout.run = _ScalarRun()
            groups.append(layout.run)
        ins = inputs[i]
        ins_slots = [slot_of(ins[0]), slot_of(ins[1])] if arity == 2 else [slot_of(ins[0])]
        layout.run.append(order[i]._prim, ins_slots, len(nodes), i)  # type: ignore[arg-type]
        slots[i] = len(nodes)
        nodes.append(order[i])
    groups = [g for g in groups if g is not None]
    values = np.zeros(len(nodes))
    constant_slots = layout.slots[np.array(constants, dtype=np.intp)]
    values[constant_slots] = [order[i].data for i in constants]
    return _Plan(nodes, groups, [order[i] for i in variables], values, constant_slots)


def _depth(item: tuple[tuple[int, str, int], list[int]]) -> int:
    return item[0][0]


class _Layout:
    """Places the leaves, then groups one after another, and makes each group's executor."""

    def __init__(self, order: list[Value], inputs: list[tuple[int, ...]], leaves: list[int]):
        self.order, self.inputs = order, inputs
        self.constant = np.array([v._prim is CONSTANT for v in order], dtype=bool)
        self.slots: Index = np.zeros(len(order), dtype=np.intp)  # topological index -> slot
        self.nodes: list[Value] = []
        self.run: _ScalarRun | None = None
        self._place(np.array(leaves, dtype=np.intp))

    def add(self, members: list[int]) -> Any:
        """The executor for one group, or None when its nodes joined the current run of
        nodes replayed one at a time (:class:`_ScalarRun`)."""
        prim = self.order[members[0]].primitive
        assert prim is not None
        if not prim.elementwise:  # a user primitive: its rules take floats
            started = self.run is None
            for i in members:
                self.add_single(i)
            return self.run if started else None
        arity = len(self.inputs[members[0]])
        self.run = None
        ins = np.array([self.inputs[i] for i in members], dtype=np.intp)  # (G, arity)
        rows = np.array(members, dtype=np.intp)
        if prim is LINEAR:
            product = _product_order(ins)
            if product is not None:
                perm, samples, neurons = product
                start = self._place(rows[perm])
                return _MatmulGroup(start, self.slots[ins[perm]], samples, neurons)
        # Elsewhere, outputs follow their inputs (constants aside), so that chains of groups
        # stay in step and most gathers are slices.
        slots = self.slots[ins]
        key = np.where(self.constant[ins], np.iinfo(np.intp).max, slots)
        perm = np.lexsort(key.T[::-1])
        start = self._place(rows[perm])
        slots, ins = slots[perm], ins[perm]
        if prim in (SUM, DOT, LINEAR) or arity > 2:
            return _MatrixGroup(prim, start, slots)
        folded = np.asarray(self.constant[ins].all(axis=0))
        names = [_node_name(self.order[i], prim, i) for i in rows[perm].tolist()]
        return _ElementwiseGroup(prim, start, slots, folded, self.nodes, names)

    def add_single(self, i: int) -> None:
        """Append node ``i`` to the current run of nodes replayed one at a time."""
        if self.run is None:
            self.run = _ScalarRun()
        nodes = self.nodes
        slot_of = self.slots.item
        self.run.append(self.order[i]._prim, [slot_of(j) for j in self.inputs[i]], len(nodes), i)  # type: ignore[arg-type]
        self.slots[i] = len(nodes)
        nodes.append(self.order[i])

    def _place(self, rows: Index) -> int:
        """Give the nodes ``rows`` (topological indices) the next slots, in that order."""
        start = len(self.nodes)
        self.slots[rows] = np.arange(start, start + len(rows))
        order = self.order
        self.nodes.extend([order[i] for i in rows.tolist()])
        return start


def _product_order(ins: Index) -> tuple[Index, int, int] | None:
    """For linear nodes (rows of ``ins``: w_1..w_n, x_1..x_n, b) whose (weights, bias)
    take K distinct values and whose inputs take S, each pair once: the permutation
    putting them in (sample, neuron) order, S and K. Samples and neurons are numbered in
    order of first appearance, which is the model's order for a recorded forward pass."""
    n = (ins.shape[1] - 1) // 2
    neuron = _first_seen_ids(np.concatenate((ins[:, :n], ins[:, 2 * n :]), axis=1))
    sample = _first_seen_ids(ins[:, n : 2 * n])
    S, K = int(sample.max()) + 1, int(neuron.max()) + 1
    if len(ins) != S * K:
        return None
    cell = sample * K + neuron
    if len(np.unique(cell)) != len(cell):
        return None
    perm = np.empty(len(cell), dtype=np.intp)
    perm[cell] = np.arange(len(cell))
    return perm, S, K


def _first_seen_ids(rows: Index) -> Index:
    """A number per row: equal rows share it; numbered in order of first appearance."""
    ids: dict[tuple[int, ...], int] = {}
    return np.array([ids.setdefault(row, len(ids)) for row in map(tuple, rows.tolist())])


# ---------------------------------------------------------------- group executors


class _Column:
    """Where one input of every node of a group comes from: a slice of the values (the
    common case, laid out so), scattered slots, or constants folded at record time."""

    def __init__(self, slots: Index, constants: Array | None) -> None:
        self.slots = slots
        self.constants = constants
        first = int(slots[0])
        self.contiguous = bool(np.array_equal(slots, np.arange(first, first + len(slots))))
        self.start, self.stop = first, first + len(slots)
        self.unique = len(np.unique(slots)) == len(slots)
        self.nbytes = slots.nbytes + (0 if constants is None else constants.nbytes)

    def read(self, values: Array) -> Array:
        if self.constants is not None:
            return self.constants if values.ndim == 1 else self.constants[:, None]
        if self.contiguous:
            return values[self.start : self.stop]
        return values[self.slots]

    def add(self, grads: Array, contribution: Any) -> None:
        if self.constants is not None:
            return  # a constant's gradient is never read
        if self.contiguous:
            grads[self.start : self.stop] += contribution
        elif self.unique:
            grads[self.slots] += contribution
        else:
            np.add.at(grads, self.slots, contribution)


class _ElementwiseGroup:
    """Unary and binary built-in rows: the table's rules on arrays, a column per input."""

    def __init__(
        self,
        prim: Primitive,
        start: int,
        index: Index,
        folded: np.ndarray[Any, np.dtype[np.bool_]],
        nodes: list[Value],
        names: list[str],
    ) -> None:
        self.prim, self.start, self.stop = prim, start, start + len(index)
        self.columns = [
            _Column(index[:, k], _constants_of(index[:, k], nodes) if folded[k] else None)
            for k in range(index.shape[1])
        ]
        self.names = names  # each node's label or op#index, for error messages
        self.nbytes = sum(column.nbytes for column in self.columns)
        self._saved: tuple[list[Array], Array] | None = None

    def forward(self, values: Array, nodes: list[Value]) -> None:
        xs = [column.read(values) for column in self.columns]
        prim = self.prim
        out = prim.forward(ARRAYS, *xs)  # NaN or inf where inputs are bad: checked next
        if prim.domain or prim.overflow:
            _check(prim, xs, out, self.names)
        values[self.start : self.stop] = out
        self._saved = (xs, values[self.start : self.stop])

    def backward(self, values: Array, grads: Array) -> None:
        assert self._saved is not None
        xs, out = self._saved
        g = grads[self.start : self.stop]
        local = self.prim.derivative(ARRAYS, *xs, out)
        for column, d in zip(self.columns, local):
            if column.constants is None:
                column.add(grads, g if type(d) is float and d == 1.0 else d * g)


class _MatrixGroup:
    """Sum, dot and linear nodes of one width: a (nodes × inputs) gather, a row sum."""

    def __init__(self, prim: Primitive, start: int, index: Index) -> None:
        self.prim, self.start, self.stop, self.index = prim, start, start + len(index), index
        self.unique = len(np.unique(index)) == index.size
        self.nbytes = index.nbytes
        self._saved: Array | None = None

    def forward(self, values: Array, nodes: list[Value]) -> None:
        m = values[self.index]  # (nodes, inputs) or (nodes, inputs, batch)
        self._saved = m
        width = self.index.shape[1]
        if self.prim is SUM:
            out = m.sum(axis=1)
        elif self.prim is DOT:
            n = width // 2
            out = (m[:, :n] * m[:, n:]).sum(axis=1)
        else:
            n = (width - 1) // 2
            out = (m[:, :n] * m[:, n : 2 * n]).sum(axis=1) + m[:, -1]
        values[self.start : self.stop] = out

    def backward(self, values: Array, grads: Array) -> None:
        m = self._saved
        assert m is not None
        g = grads[self.start : self.stop][:, None]
        if self.prim is SUM:
            contribution = np.broadcast_to(g, m.shape)
        elif self.prim is DOT:
            n = m.shape[1] // 2
            contribution = np.concatenate((m[:, n:] * g, m[:, :n] * g), axis=1)
        else:
            n = (m.shape[1] - 1) // 2
            parts = (m[:, n : 2 * n] * g, m[:, :n] * g, g)
            contribution = np.concatenate(parts, axis=1)
        if self.unique:
            grads[self.index] += contribution
        else:
            np.add.at(grads, self.index, contribution)


class _MatmulGroup:
    """Linear nodes that are every (sample, neuron) pair of S input rows and K rows of
    weights: out = X Wᵀ + b, one matrix product; gradients X·g and gᵀ·X, no scatter for
    the weights. In a batched forward it runs as a :class:`_MatrixGroup`."""

    def __init__(self, start: int, index: Index, samples: int, neurons: int) -> None:
        self.start, self.stop = start, start + len(index)
        self.S, self.K = samples, neurons
        n = (index.shape[1] - 1) // 2
        grid = index.reshape(samples, neurons, -1)
        self.w = grid[0, :, :n]  # (K, n): neuron k's weights
        self.b = grid[0, :, -1]  # (K,)
        self.x = _Column(grid[:, 0, n : 2 * n].ravel(), None)  # (S·n,) sample rows
        self.n = n
        self.w_unique = len(np.unique(self.w)) == self.w.size
        self.b_unique = len(np.unique(self.b)) == self.b.size
        self.general = _MatrixGroup(LINEAR, start, index)
        self.nbytes = self.w.nbytes + self.b.nbytes + self.x.nbytes + self.general.nbytes
        self._saved: tuple[Array, Array] | None = None

    def forward(self, values: Array, nodes: list[Value]) -> None:
        if values.ndim != 1:
            self.general.forward(values, nodes)
            return
        x = self.x.read(values).reshape(self.S, self.n)
        w = values[self.w]
        out = x @ w.T
        out += values[self.b]
        values[self.start : self.stop] = out.ravel()
        self._saved = (x, w)

    def backward(self, values: Array, grads: Array) -> None:
        if values.ndim != 1:
            self.general.backward(values, grads)
            return
        assert self._saved is not None
        x, w = self._saved
        g = grads[self.start : self.stop].reshape(self.S, self.K)
        self.x.add(grads, (g @ w).ravel())
        _scatter(grads, self.w, g.T @ x, self.w_unique)
        _scatter(grads, self.b, g.sum(axis=0), self.b_unique)


class _ScalarRun:
    """Nodes replayed one at a time, in order: single nodes (a chain) on floats, and user
    primitives, whose rules take floats, one row at a time."""

    def __init__(self) -> None:
        # (row, input slots, output slot, topological index for messages)
        self.items: list[tuple[Primitive, list[int], int, int]] = []
        self._saved: list[tuple[Any, Any]] = []

    def append(self, prim: Primitive, ins: list[int], slot: int, index: int) -> None:
        self.items.append((prim, ins, slot, index))

    @property
    def nbytes(self) -> int:
        return sum(8 * (len(ins) + 2) for _, ins, _, _ in self.items)

    def forward(self, values: Array, nodes: list[Value]) -> None:
        if values.ndim == 2:
            self._forward_rows(values, nodes)
            return
        # A long run (a deep chain) works on a list of floats: one conversion each way
        # instead of a NumPy element access per read and write.
        whole = len(self.items) * 8 > len(values)
        numbers: Any = values.tolist() if whole else values
        get = numbers.__getitem__ if whole else values.item
        saved: list[tuple[Any, Any]] = []
        keep = saved.append
        for prim, ins, slot, index in self.items:
            xs = [get(j) for j in ins]
            if prim.domain or prim.overflow:
                _check_floats(prim, xs, nodes[slot], index)
            out = prim.forward(FLOATS, *xs)
            numbers[slot] = out
            keep((xs, out))
        if whole:
            values[:] = numbers
        self._saved = saved

    def _forward_rows(self, values: Array, nodes: list[Value]) -> None:
        saved: list[tuple[Any, Any]] = []
        for prim, ins, slot, index in self.items:
            xs = [values[j] for j in ins]
            if not prim.elementwise:
                out = np.array([prim.forward(FLOATS, *row) for row in zip(*xs)])
            else:
                out = prim.forward(ARRAYS, *xs)
                if prim.domain or prim.overflow:
                    name = [_node_name(nodes[slot], prim, index)]
                    _check(prim, [x[None] for x in xs], out[None], name)
            values[slot] = out
            saved.append((xs, out))
        self._saved = saved

    def backward(self, values: Array, grads: Array) -> None:
        batched = values.ndim == 2
        whole = not batched and len(self.items) * 8 > len(values)
        numbers: Any = grads.tolist() if whole else grads
        for (prim, ins, slot, _), (xs, out) in zip(reversed(self.items), reversed(self._saved)):
            g = numbers[slot]
            local: Sequence[Any]
            if not batched:
                local = prim.derivative(FLOATS, *xs, out)
            elif prim.elementwise:
                local = prim.derivative(ARRAYS, *xs, out)
            else:
                rows = [prim.derivative(FLOATS, *row, o) for *row, o in zip(*xs, out)]
                local = [np.array(column, dtype=np.float64) for column in zip(*rows)]
            for j, d in zip(ins, local):
                numbers[j] += d * g
        if whole:
            grads[:] = numbers


def _node_name(node: Value, prim: Primitive, index: int) -> str:
    """How errors name a node: its label, else ``op#index`` (its topological index)."""
    return node.label or f"{prim.name}#{index}"


def _check_floats(prim: Primitive, xs: list[float], node: Value, index: int) -> None:
    error = domain_violation(prim, xs)
    if error is None:
        error = domain_violation(prim, xs, prim.forward(FLOATS, *xs))
    if error is not None:
        raise type(error)(f"{error} (node {_node_name(node, prim, index)})")


def _scatter(grads: Array, slots: Index, contribution: Array, unique: bool) -> None:
    if unique:
        grads[slots] += contribution
    else:
        np.add.at(grads, slots, contribution)


def _constants_of(slots: Index, nodes: list[Value]) -> Array:
    return np.array([nodes[s].data for s in slots.tolist()], dtype=np.float64)


def _check(prim: Primitive, xs: list[Any], out: Any, names: list[str]) -> None:
    """Raise what the scalar engine raises for the first node and row outside the domain
    (``xs``: the group's input columns, a row per node of ``names``; ``out``: the forward
    result). At one element the domain rules come first, then overflow, as on floats."""
    shape = np.broadcast_shapes(np.shape(out), *(np.shape(x) for x in xs))
    checks = [(rule.outside(*xs), rule.error, rule.message) for rule in prim.domain]
    if prim.overflow:
        infinite = np.isinf(out)
        for x in xs:
            infinite = infinite & np.isfinite(x)
        checks.append((infinite, OverflowError, prim.overflow))
    first: tuple[int, type[Exception], str] | None = None
    for bad, error, message in checks:
        flat = np.broadcast_to(bad, shape).ravel()
        if flat.any():
            k = int(np.argmax(flat))
            if first is None or k < first[0]:
                first = (k, error, message)
    if first is None:
        return
    k, error, message = first
    where = np.unravel_index(k, shape)
    operands = [float(np.broadcast_to(x, shape)[where]) for x in xs]
    row = f", row {int(where[1])}" if len(where) > 1 else ""
    raise error(f"{prim.name}: {message.format(*operands)} (node {names[int(where[0])]}{row})")
