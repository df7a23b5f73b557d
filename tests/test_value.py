"""``Value`` itself: its operators with numbers on either side, derived operators,
construction and attributes, the n-ary helpers, and the errors of division.

Each primitive's value and derivatives are tested from the registry (tests/ops.py,
test_ops_*.py); backward's semantics in test_backward.py; traversal in test_graph.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pytest

from autograd import PRIMITIVES, Value, apply, dot, linear, sum_of

if TYPE_CHECKING:
    from conftest import NewValues

# ---------------------------------------------------------------- operators and reflected forms

OPERATORS: list[tuple[str, Callable[[object, object], object], float, float]] = [
    # (name, operator, d/da, d/db) at a = 3, b = 2
    ("+", lambda a, b: a + b, 1.0, 1.0),
    ("-", lambda a, b: a - b, 1.0, -1.0),
    ("*", lambda a, b: a * b, 2.0, 3.0),
    ("/", lambda a, b: a / b, 1 / 2, -3 / 4),
    ("**", lambda a, b: a**b, 2 * 3.0, 9 * math.log(3)),
]


@pytest.mark.parametrize(("name", "op", "da", "db"), OPERATORS, ids=[o[0] for o in OPERATORS])
@pytest.mark.parametrize(
    "left_type", [Value, float, int, np.float64, np.float32, np.int64], ids=lambda t: t.__name__
)
def test_operator_with_a_number_on_the_left(
    name: str, op: Callable[[object, object], object], da: float, db: float, left_type: type
) -> None:
    b = Value(2.0)
    out = op(left_type(3), b)
    assert isinstance(out, Value), f"{left_type.__name__} {name} Value gave {type(out).__name__}"
    assert out.data == pytest.approx(op(3.0, 2.0))
    out.backward()
    assert b.grad == pytest.approx(db)


@pytest.mark.parametrize(("name", "op", "da", "db"), OPERATORS, ids=[o[0] for o in OPERATORS])
@pytest.mark.parametrize("right_type", [Value, float, int, np.float64], ids=lambda t: t.__name__)
def test_operator_with_a_number_on_the_right(
    name: str, op: Callable[[object, object], object], da: float, db: float, right_type: type
) -> None:
    a = Value(3.0)
    out = op(a, right_type(2))
    assert isinstance(out, Value)
    assert out.data == pytest.approx(op(3.0, 2.0))
    out.backward()
    assert a.grad == pytest.approx(da)


def test_numpy_scalar_times_value_is_a_value_not_an_array() -> None:
    out = np.float64(2) * Value(3)
    assert type(out) is Value
    assert out.data == 6.0


def test_derived_operators_are_recorded_from_primitives() -> None:
    a, b = Value(3.0), Value(2.0)
    diff = a - b  # a + (-b)
    assert diff.op == "add"
    assert diff.inputs[0] is a
    assert diff.inputs[1].op == "neg"
    quotient = a / b  # a * b**-1
    assert quotient.op == "mul"
    assert quotient.inputs[1].op == "pow"
    assert quotient.inputs[1].inputs[1].data == -1.0


# ---------------------------------------------------------------- construction and attributes


@pytest.mark.parametrize(
    "data", [3, 3.5, True, np.float64(3.5), np.float32(0.5), np.int32(7), np.bool_(True)]
)
def test_value_accepts_real_numbers_and_stores_a_python_float(data: object) -> None:
    v = Value(data)  # type: ignore[arg-type]
    assert type(v.data) is float
    assert v.data == float(data)  # type: ignore[arg-type]
    assert type(v.grad) is float
    assert v.grad == 0.0
    assert v.label == ""
    assert v.op == ""
    assert v.inputs == ()
    assert v.is_leaf


@pytest.mark.parametrize(
    ("data", "type_name"),
    [
        ("3", "str"),
        (None, "NoneType"),
        ([1.0], "list"),
        (1 + 2j, "complex"),
        (np.complex128(1), "complex128"),
        (np.array([1.0]), "ndarray"),
        (np.array(1.0), "ndarray"),
    ],
)
def test_value_rejects_non_real_data_naming_the_type(data: object, type_name: str) -> None:
    with pytest.raises(TypeError, match=rf"Value data must be a real number .* not {type_name}"):
        Value(data)  # type: ignore[arg-type]


def test_label_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="Value label must be a str, not int"):
        Value(1.0, label=3)  # type: ignore[arg-type]


@pytest.mark.parametrize("other", ["2", None, [1.0], 1j])
def test_operators_with_non_numbers_raise_type_error(other: object) -> None:
    with pytest.raises(TypeError, match="unsupported operand type"):
        Value(1.0) + other  # type: ignore[operator]
    with pytest.raises(TypeError, match=r"unsupported operand type|can't multiply sequence"):
        other * Value(1.0)  # type: ignore[operator]


def test_float_repr_equality_and_hash() -> None:
    x = Value(2.0, label="x")
    y = x * 3
    assert float(y) == 6.0
    assert repr(x) == "Value(data=2.0, grad=0.0, label='x')"
    assert repr(y) == "Value(data=6.0, grad=0.0, op='mul')"
    twin = Value(2.0, label="x")
    assert x == x
    assert x != twin  # identity, not data
    assert len({x, twin}) == 2


def test_inputs_are_ordered_and_keep_duplicates() -> None:
    x = Value(3.0)
    sq = x * x
    assert sq.inputs == (x, x)
    two = Value(2.0)
    assert (two - x).inputs[0] is two


# ---------------------------------------------------------------- n-ary helpers and order


def test_sum_of_dot_and_linear_are_single_nodes_with_one_edge_per_input() -> None:
    ws = [Value(1.0), Value(2.0)]
    xs = [Value(3.0), Value(4.0)]
    b = Value(0.5)
    out = linear(ws, xs, b) + dot(ws, xs) + sum_of(xs)
    out.backward()
    assert [w.grad for w in ws] == [6.0, 8.0]
    assert [x.grad for x in xs] == [3.0, 5.0]
    assert b.grad == 1.0
    assert len(linear(ws, xs, b).inputs) == 5


@pytest.mark.parametrize("fn", [dot, lambda w, x: linear(w, x, 0.0)], ids=["dot", "linear"])
def test_dot_and_linear_reject_mismatched_lengths(fn: Callable[..., Value]) -> None:
    with pytest.raises(ValueError, match="got 3 weights and 2 inputs"):
        fn([1.0, 2.0, 3.0], [Value(1.0), Value(2.0)])


def test_apply_checks_arity_and_operand_types() -> None:
    with pytest.raises(ValueError, match="mul: expected 2 operand"):
        apply(PRIMITIVES["mul"], Value(1.0))
    with pytest.raises(TypeError, match="mul: operand 1 must be a Value or a real number, not str"):
        apply(PRIMITIVES["mul"], Value(1.0), "x")


@pytest.mark.parametrize("empty", [lambda: sum_of([]), lambda: dot([], [])], ids=["sum_of", "dot"])
def test_an_empty_sum_or_dot_holds_the_float_zero(empty: Callable[[], Value]) -> None:
    node = empty()
    assert type(node.data) is float and node.data == 0.0


# ---------------------------------------------------------------- division by zero

DIVISIONS: list[tuple[str, float, Callable[[Value], object], str]] = [
    # (what, operand, operation, message); pow's own errors are in the registry (tests/ops.py)
    ("divide by zero", 1.5, lambda a: a / 0, r"division: 1\.5 / 0\.0 divides by zero"),
    ("divide by a zero Value", 0.0, lambda a: 2 / a, r"division: 2\.0 / 0\.0 divides by zero"),
    ("divide a Value by a zero Value", 0.0, lambda a: a / a, r"division: 0\.0 / 0\.0 divides"),
]


@pytest.mark.parametrize(
    ("what", "operand", "operation", "message"), DIVISIONS, ids=[d[0] for d in DIVISIONS]
)
def test_division_by_zero_raises_before_any_node_exists(
    what: str,
    operand: float,
    operation: Callable[[Value], object],
    message: str,
    new_values: NewValues,
) -> None:
    a = Value(operand)
    with new_values as made, pytest.raises(ZeroDivisionError, match=message) as excinfo:
        operation(a)
    # The traceback keeps every frame of the failed call alive, so a node made before the
    # check (even a constant leaf) would still be counted.
    assert excinfo.traceback
    assert made.count == 0, f"{what} created a node before raising"
    assert a.grad == 0.0
