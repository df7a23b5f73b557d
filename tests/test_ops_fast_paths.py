"""The operators autograd/value.py computes inline (``+ * -x relu tanh linear``) give
exactly the node the table row gives through ``apply``: the same bits for the value and
every local derivative, the same row, the same inputs, numbers wrapped as constants."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from autograd import PRIMITIVES, Value, apply, linear

from floats import same
from ops import OPS_LIST, FastPath, Op

EDGE_FLOATS = [0.0, -0.0, 1.0, -2.5, 0.7, 1e-300, -1e-300, 5e-324, 1e300]
EDGE_FLOATS += [700.0, -700.0, math.inf, -math.inf, math.nan]
# tanh switches formula at |x| = 0.5: both sides of it
EDGE_FLOATS += [0.5, -0.5, math.nextafter(0.5, 0.0), math.nextafter(-0.5, 0.0)]
EDGE_INTS = [0, 1, -2, 7, 2**60]
#: Random floats of every magnitude, for the unary paths (a grid of them for binary ones
#: would be large; the edge grid covers their branches).
RANDOM_FLOATS = (
    np.random.default_rng(12).normal(size=400)
    * 10.0 ** np.random.default_rng(13).uniform(-3, 3, 400)
).tolist()


def _operand(kind: str, x: float) -> Any:
    return Value(x) if kind == "V" else float(x) if kind == "f" else int(x)


def _same_node(fast: Value, general: Value, operands: tuple[Any, ...], op: Op) -> None:
    what = f"{op.name}{tuple(map(repr, operands))}"
    assert same(fast.data, general.data), f"{what}: {fast.data!r} != {general.data!r}"
    assert len(fast.local_grads) == len(general.local_grads) == len(operands)
    assert type(fast.data) is float and all(type(d) is float for d in fast.local_grads), what
    for got, want in zip(fast.local_grads, general.local_grads):
        assert same(got, want), f"{what}: {fast.local_grads!r} != {general.local_grads!r}"
    assert fast.primitive is general.primitive is op.row
    for given, recorded in zip(operands, fast.inputs, strict=True):
        if isinstance(given, Value):
            assert recorded is given
        else:  # a number: a fresh constant leaf holding it as a float
            assert recorded.is_constant and type(recorded.data) is float
            assert same(recorded.data, float(given))


def _cases() -> list[tuple[Op, FastPath]]:
    return [(op, path) for op in OPS_LIST for path in op.fast]


@pytest.mark.parametrize(
    ("op", "path"),
    [(op, p) for op, p in _cases() if op.row.arity != -1],
    ids=[p.why for op, p in _cases() if op.row.arity != -1],
)
def test_inlined_operator_gives_the_rows_node_bit_for_bit(op: Op, path: FastPath) -> None:
    kinds = path.kinds(op.width)
    floats = EDGE_FLOATS + RANDOM_FLOATS if len(kinds) == 1 else EDGE_FLOATS
    grids = [EDGE_INTS if kind == "i" else floats for kind in kinds]
    for xs in itertools.product(*grids):
        operands = tuple(_operand(kind, x) for kind, x in zip(kinds, xs))
        _same_node(path.call(*operands), apply(op.row, *operands), operands, op)


@pytest.mark.parametrize(
    "path", [p for op, p in _cases() if op.name == "linear"], ids=lambda p: p.why
)
@pytest.mark.parametrize("n", [0, 1, 2, 16])
def test_inlined_linear_gives_the_rows_node_bit_for_bit(path: FastPath, n: int) -> None:
    op = next(op for op in OPS_LIST if op.name == "linear")
    rng = np.random.default_rng(n)
    kinds = path.kinds(2 * n + 1)
    # random rows (where the order of the additions shows) and rows of edge values
    rows = [rng.normal(size=2 * n + 1) for _ in range(50)]
    rows += [rng.choice(EDGE_FLOATS, 2 * n + 1) for _ in range(10)]
    for xs in rows:
        operands = tuple(_operand(kind, float(x)) for kind, x in zip(kinds, xs))
        _same_node(path.call(*operands), apply(op.row, *operands), operands, op)


@pytest.mark.parametrize(
    ("ws", "xs", "b"),
    [
        ([Value(2.0), Value(3.0)], [4, np.float64(5.0)], 1),  # numbers as inputs and bias
        ([2.0, Value(3.0)], [Value(4.0), Value(5.0)], Value(1.0)),  # a number as a weight
        ([Value(2.0), Value(3.0)], [Value(4.0), Value(5.0)], 1.0),  # a number as the bias
        ([Value(2.0), Value(3.0)], [4.0, 5.0], Value(1.0)),  # raw float inputs: fast path
        ([Value(2.0), Value(3.0)], [Value(4.0), 5.0], Value(1.0)),  # mixed inputs
    ],
)
def test_linear_with_numbers_agrees_with_the_general_path(
    ws: list[object], xs: list[object], b: object
) -> None:
    node = linear(ws, xs, b)  # type: ignore[arg-type]
    assert node.data == 24.0
    assert node.local_grads == (4.0, 5.0, 2.0, 3.0, 1.0)
    for given_operand, recorded in zip((*ws, *xs, b), node.inputs, strict=True):
        assert recorded is given_operand or recorded.is_constant
    general = apply(PRIMITIVES["linear"], *ws, *xs, b)  # type: ignore[arg-type]
    assert (node.data, node.local_grads) == (general.data, general.local_grads)


NUMBERS: list[object] = [2, 2.0, True, np.float64(2.0), np.int64(2)]


@pytest.mark.parametrize("number", NUMBERS, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize(
    ("build", "constant_at"),
    [
        (lambda x, c: x + c, 1),
        (lambda x, c: c + x, 0),
        (lambda x, c: x * c, 1),
        (lambda x, c: c * x, 0),
    ],
    ids=["x + c", "c + x", "x * c", "c * x"],
)
def test_numbers_on_either_side_become_fresh_constant_leaves(
    number: object, build: Callable[[Value, object], Value], constant_at: int
) -> None:
    x = Value(3.0)
    node = build(x, number)
    constant = node.inputs[constant_at]
    assert node.inputs[1 - constant_at] is x
    assert constant.is_leaf and constant.is_constant and constant.op == ""
    assert constant.label == "" and constant.grad == 0.0
    assert type(constant.data) is float and constant.data == float(number)  # type: ignore[arg-type]
