"""Table-driven unit tests of the engine: every primitive's value and local derivatives,
operators with numbers on either side, backward semantics, and the bad-input errors."""

from __future__ import annotations

import gc
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

from autograd import PRIMITIVES, Value, apply, dot, linear, sum_of, topological_order
from autograd.backends import FLOATS

# ---------------------------------------------------------------- the op table under test


@dataclass(frozen=True)
class OpCase:
    """One primitive at one point: its inputs, and independent NumPy formulas for it."""

    name: str
    inputs: tuple[float, ...]
    value: Callable[..., float]  # independent formula for the output
    grads: Callable[..., tuple[float, ...]]  # independent formulas for d out / d input


def _sig(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


CASES = [
    OpCase("add", (2.5, -4.0), lambda x, y: x + y, lambda x, y: (1.0, 1.0)),
    OpCase("mul", (2.5, -4.0), lambda x, y: x * y, lambda x, y: (y, x)),
    OpCase("neg", (3.0,), lambda x: -x, lambda x: (-1.0,)),
    OpCase(
        "pow",
        (1.7, 2.3),
        lambda x, y: float(np.power(x, y)),
        lambda x, y: (y * np.power(x, y - 1), np.power(x, y) * np.log(x)),
    ),
    OpCase("pow", (-2.0, 3.0), lambda x, y: -8.0, lambda x, y: (12.0, 0.0)),  # d/dy: 0, x < 0
    OpCase("pow", (0.0, 2.0), lambda x, y: 0.0, lambda x, y: (0.0, 0.0)),
    OpCase("pow", (0.0, 0.0), lambda x, y: 1.0, lambda x, y: (0.0, 0.0)),  # 0**0 = 1
    OpCase("pow", (0.0, 0.5), lambda x, y: 0.0, lambda x, y: (math.inf, 0.0)),
    OpCase("pow", (0.0, 1.0), lambda x, y: 0.0, lambda x, y: (1.0, 0.0)),
    OpCase("exp", (0.7,), lambda x: float(np.exp(x)), lambda x: (float(np.exp(x)),)),
    OpCase("log", (0.7,), lambda x: float(np.log(x)), lambda x: (1.0 / x,)),
    OpCase("tanh", (0.7,), lambda x: float(np.tanh(x)), lambda x: (1 - float(np.tanh(x)) ** 2,)),
    OpCase("tanh", (-800.0,), lambda x: -1.0, lambda x: (0.0,)),
    OpCase("sigmoid", (0.7,), _sig, lambda x: (_sig(x) * (1 - _sig(x)),)),
    OpCase("sigmoid", (-1000.0,), lambda x: 0.0, lambda x: (0.0,)),
    OpCase("sigmoid", (1000.0,), lambda x: 1.0, lambda x: (0.0,)),
    OpCase("relu", (0.7,), lambda x: x, lambda x: (1.0,)),
    OpCase("relu", (-0.7,), lambda x: 0.0, lambda x: (0.0,)),
    OpCase("relu", (0.0,), lambda x: 0.0, lambda x: (0.0,)),  # convention: relu'(0) = 0
    OpCase("sqrt", (2.25,), lambda x: 1.5, lambda x: (1 / 3,)),
    OpCase("sqrt", (0.0,), lambda x: 0.0, lambda x: (math.inf,)),  # convention: sqrt'(0) = inf
    OpCase("abs", (-2.5,), lambda x: 2.5, lambda x: (-1.0,)),
    OpCase("abs", (2.5,), lambda x: 2.5, lambda x: (1.0,)),
    OpCase("abs", (0.0,), lambda x: 0.0, lambda x: (0.0,)),  # convention: abs'(0) = 0
    OpCase("sum", (1.0, -2.0, 3.5), lambda *xs: sum(xs), lambda *xs: (1.0,) * len(xs)),
    OpCase(
        "dot",
        (1.0, 2.0, 3.0, 4.0),  # w = (1, 2), x = (3, 4)
        lambda a, b, c, d: a * c + b * d,
        lambda a, b, c, d: (c, d, a, b),
    ),
    OpCase(
        "linear",
        (1.0, 2.0, 3.0, 4.0, 0.5),  # w = (1, 2), x = (3, 4), b = 0.5
        lambda a, b, c, d, e: a * c + b * d + e,
        lambda a, b, c, d, e: (c, d, a, b, 1.0),
    ),
]


def _case_id(case: OpCase) -> str:
    return f"{case.name}{case.inputs}"


def test_every_builtin_primitive_has_a_case() -> None:
    builtin = {"add", "mul", "neg", "pow", "exp", "log", "tanh", "sigmoid", "relu", "sqrt", "abs"}
    builtin |= {"sum", "dot", "linear"}
    assert builtin <= set(PRIMITIVES), "a built-in row is missing from the table"
    assert {case.name for case in CASES} >= builtin


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_primitive_value_and_gradients_match_independent_formulas(case: OpCase) -> None:
    leaves = [Value(x) for x in case.inputs]
    out = apply(PRIMITIVES[case.name], *leaves)
    assert out.data == pytest.approx(case.value(*case.inputs), rel=1e-12, abs=1e-300)
    out.backward()
    expected = case.grads(*case.inputs)
    for leaf, want in zip(leaves, expected, strict=True):
        assert leaf.grad == pytest.approx(want, rel=1e-12, abs=1e-300)
    assert out.local_grads == pytest.approx(expected, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if all(abs(x) < 100 for x in c.inputs) and c.name != "pow"]
    + [c for c in CASES if c.name == "pow" and c.inputs[0] > 0],
    ids=_case_id,
)
def test_primitive_gradients_match_central_finite_differences(case: OpCase) -> None:
    if case.name in ("relu", "abs", "sqrt") and case.inputs == (0.0,):
        pytest.skip(f"{case.name} is not differentiable at 0; the convention is tested above")
    row = PRIMITIVES[case.name]
    leaves = [Value(x) for x in case.inputs]
    out = apply(row, *leaves)
    out.backward()
    h = 1e-6
    for i, leaf in enumerate(leaves):
        up = list(case.inputs)
        down = list(case.inputs)
        up[i] += h
        down[i] -= h
        numeric = (row.forward(*up) - row.forward(*down)) / (2 * h)
        assert leaf.grad == pytest.approx(numeric, rel=1e-6, abs=1e-8)


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


def test_unary_minus_and_methods_record_their_op() -> None:
    x = Value(0.5)
    for method, op in [
        (lambda v: -v, "neg"),
        (Value.exp, "exp"),
        (Value.log, "log"),
        (Value.tanh, "tanh"),
        (Value.sigmoid, "sigmoid"),
        (Value.relu, "relu"),
    ]:
        out = method(x)
        assert out.op == op
        assert out.inputs == (x,)


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


# ---------------------------------------------------------------- backward semantics


def test_node_used_twice_gets_both_paths() -> None:
    x = Value(3.0)
    y = x * x
    y.backward()
    assert x.grad == 6.0


def test_repeated_doubling_sums_over_all_paths() -> None:
    a = Value(-4.0)
    b = a + a
    c = b + b
    c.backward()
    assert a.grad == 4.0
    assert b.grad == 2.0


def test_diamond_shared_subexpression() -> None:
    # f = (x*y) * (x*y + x): shared node s = x*y feeds two paths.
    x, y = Value(2.0), Value(-3.0)
    s = x * y
    f = s * (s + x)
    f.backward()
    # f = s² + s x ; df/dx = 2 s y + (s + x y) = 2sy + s + xy, df/dy = 2 s x + x²
    sv = -6.0
    assert x.grad == pytest.approx(2 * sv * -3.0 + sv + 2.0 * -3.0)
    assert y.grad == pytest.approx(2 * sv * 2.0 + 4.0)
    assert s.grad == pytest.approx(2 * sv + 2.0)


def test_leaf_gradients_accumulate_across_backward_calls() -> None:
    x = Value(3.0)
    y = x * x
    y.backward()
    y.backward()
    assert x.grad == 12.0


def test_interior_gradients_hold_the_latest_pass_only() -> None:
    x = Value(3.0)
    h = x * 2
    y = h * h
    y.backward()
    y.backward()
    assert h.grad == 12.0  # dy/dh = 2h, not accumulated
    assert y.grad == 1.0


def test_seed_gradient_scales_every_gradient() -> None:
    x = Value(0.3)
    y = (x * x).tanh()
    y.backward(2.5)
    reference = Value(0.3)
    (reference * reference).tanh().backward()
    assert x.grad == pytest.approx(2.5 * reference.grad)
    assert y.grad == 2.5


def test_backward_on_a_leaf_accumulates_the_seed() -> None:
    x = Value(1.0)
    x.backward()
    x.backward(2)
    assert x.grad == 3.0


def test_backward_seed_must_be_a_number() -> None:
    with pytest.raises(TypeError, match="backward's grad argument must be a real number"):
        Value(1.0).backward("1")  # type: ignore[arg-type]


def test_backward_from_an_inner_node() -> None:
    x = Value(2.0)
    h = x * x
    _ = h.exp()
    h.backward()
    assert x.grad == 4.0


def test_constants_from_numbers_are_fresh_leaves() -> None:
    x = Value(2.0)
    y = x * 3
    constant = y.inputs[1]
    assert constant.is_leaf
    assert constant.data == 3.0
    y.backward()
    assert constant.grad == 2.0


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


def test_topological_order_visits_each_node_once_inputs_first() -> None:
    a = Value(1.0)
    b = a * a
    c = b + a
    d = c * b
    order = topological_order(d)
    assert len(order) == len({id(v) for v in order})
    position = {id(v): i for i, v in enumerate(order)}
    for node in order:
        for child in node.inputs:
            assert position[id(child)] < position[id(node)]
    assert order[-1] is d
    assert {id(v) for v in order} == {id(v) for v in (a, b, c, d, *b.inputs, *c.inputs)}


def test_a_100_000_operation_chain_needs_no_recursion() -> None:
    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0
    assert len(topological_order(y)) == 1 + 4 * 100_000
    del y  # dropping the graph must not recurse either


# ---------------------------------------------------------------- bad input


def _count_values() -> int:
    return sum(1 for obj in gc.get_objects() if type(obj) is Value)


ERRORS: list[tuple[str, float, Callable[[Value], object], type[Exception], str]] = [
    # (what, operand, operation, error, message)
    ("log of zero", 0.0, Value.log, ValueError, r"log: the argument must be > 0, got 0\.0"),
    ("log of negative", -2.0, Value.log, ValueError, r"log: .* got -2\.0"),
    ("divide by zero", 1.5, lambda a: a / 0, ZeroDivisionError, r"division: 1\.5 / 0\.0 divides"),
    (
        "divide by a zero Value",
        0.0,
        lambda a: 2 / a,
        ZeroDivisionError,
        r"division: 2\.0 / 0\.0 divides by zero",
    ),
    (
        "negative base, fractional power",
        -8.0,
        lambda a: a ** (1 / 3),
        ValueError,
        r"pow: a negative base has no real non-integer power: -8\.0 \*\* 0\.333",
    ),
    (
        "zero to a negative power",
        0.0,
        lambda a: a**-2,
        ZeroDivisionError,
        r"pow: zero cannot be raised to a negative power: 0\.0 \*\* -2\.0",
    ),
    ("pow overflow", 10.0, lambda a: a**400, OverflowError, r"pow: 10\.0 \*\* 400\.0 overflows"),
    ("exp overflow", 710.0, Value.exp, OverflowError, r"exp: exp\(710\.0\) overflows"),
]


@pytest.mark.parametrize(
    ("what", "operand", "operation", "error", "message"), ERRORS, ids=[e[0] for e in ERRORS]
)
def test_bad_input_raises_a_clear_error_before_any_node_exists(
    what: str,
    operand: float,
    operation: Callable[[Value], object],
    error: type[Exception],
    message: str,
) -> None:
    a = Value(operand)
    gc.collect()
    before = _count_values()
    with pytest.raises(error, match=message) as excinfo:
        operation(a)
    # The traceback keeps every frame of the failed call alive, so a node made before the
    # check (even a constant leaf) would still be counted here.
    assert excinfo.traceback
    assert _count_values() == before, f"{what} created a node before raising"
    assert a.grad == 0.0


def test_failed_operation_creates_no_output_node() -> None:
    x = Value(-1.0)
    node_count = len(topological_order(x))
    with pytest.raises(ValueError, match="log"):
        x.log()
    assert len(topological_order(x)) == node_count
    assert x.grad == 0.0


def test_sigmoid_and_tanh_are_stable_at_extremes() -> None:
    for x in (-1000.0, -745.2, 710.0, 1000.0, 1e308, -1e308):
        s = Value(x).sigmoid()
        t = Value(x).tanh()
        assert s.data == (1.0 if x > 0 else 0.0)
        assert t.data == (1.0 if x > 0 else -1.0)
        s.backward()
        t.backward()
        # The true slopes, e^-|x| and 4e^-2|x|, are 0.0 or subnormal here, never NaN/inf
        # (their accuracy over the whole range is in test_properties_primitives.py).
        assert 0.0 <= s.inputs[0].grad == PRIMITIVES['sigmoid'].derivative(FLOATS, x, s.data)[0] < 1e-300
        assert 0.0 <= t.inputs[0].grad == PRIMITIVES['tanh'].derivative(FLOATS, x, t.data)[0] < 1e-300
    assert Value(-1000.0).sigmoid().local_grads == (0.0,)


def test_every_builtin_row_writes_down_its_kink_conventions() -> None:
    assert "relu'(0) = 0" in PRIMITIVES["relu"].convention
    assert "0**0 = 1" in PRIMITIVES["pow"].convention
    assert "x > 0" in PRIMITIVES["log"].convention
