"""primitive(): user operations join the table and behave like built-in ones."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pytest

from autograd import PRIMITIVES, Value, gradcheck, primitive

if TYPE_CHECKING:
    from conftest import UserPrimitives


def test_one_input_op_records_a_node_in_the_table(user_primitives: UserPrimitives) -> None:
    square = user_primitives.make(lambda x: x * x, lambda x, out: 2 * x, "test_square", symbol="²")
    x = Value(3.0)
    y = square(x)
    y.backward()
    assert (y.data, x.grad, y.op, y.inputs) == (9.0, 6.0, "test_square", (x,))
    assert PRIMITIVES["test_square"].symbol == "²"
    assert repr(square) == "primitive('test_square', arity=1)"


def test_several_inputs_return_a_tuple(user_primitives: UserPrimitives) -> None:
    hyp = user_primitives.make(
        lambda x, y: math.hypot(x, y),
        lambda x, y, out: (x / out, y / out),
        "test_hypot",
    )
    a, b = Value(3.0), Value(4.0)
    out = hyp(a, b)
    out.backward()
    assert (out.data, a.grad, b.grad) == (5.0, 0.6, 0.8)
    assert gradcheck(hyp, [1.5, -2.0])


def test_numbers_and_values_mix(user_primitives: UserPrimitives) -> None:
    add3 = user_primitives.make(lambda x, y: x + 3 * y, lambda x, y, out: (1.0, 3.0), "test_add3")
    assert add3(1, Value(2.0)).data == 7.0
    assert add3(1.0, 2.0).data == 7.0


def test_duplicate_name_raises(user_primitives: UserPrimitives) -> None:
    user_primitives.make(lambda x: x, lambda x, out: 1.0, "test_dup")
    with pytest.raises(ValueError, match="'test_dup' is already registered"):
        primitive(lambda x: x, lambda x, out: 1.0, "test_dup")
    with pytest.raises(ValueError, match="already registered"):
        primitive(lambda x: x, lambda x, out: 1.0, "mul")


def test_derivative_of_the_wrong_shape_is_named(user_primitives: UserPrimitives) -> None:
    op = user_primitives.make(lambda x, y: x * y, lambda x, y, out: (y,), "test_short")
    with pytest.raises(ValueError, match="test_short: derivative must return a tuple of 2 local"):
        op(1.0, 2.0)
    bad = user_primitives.make(lambda x: x, lambda x, out: "one", "test_str")
    with pytest.raises(TypeError, match="test_str: local derivative 0 must be a number"):
        bad(1.0)


def test_forward_must_return_a_real_number(user_primitives: UserPrimitives) -> None:
    op = user_primitives.make(lambda x: complex(x, 1), lambda x, out: 1.0, "test_complex")
    with pytest.raises(TypeError, match="test_complex: forward must return a real number"):
        op(1.0)


def test_signature_must_give_the_arity() -> None:
    with pytest.raises(ValueError, match="cannot read how many inputs"):
        primitive(lambda *xs: sum(xs), lambda *a: (1.0,), "test_var")
    with pytest.raises(ValueError, match="at least one input"):
        primitive(lambda: 1.0, lambda out: (), "test_none")
    with pytest.raises(ValueError, match="name must be a non-empty str"):
        primitive(lambda x: x, lambda x, out: 1.0, "")
    assert "test_var" not in PRIMITIVES and "test_none" not in PRIMITIVES


def test_wrong_operand_count_is_named(user_primitives: UserPrimitives) -> None:
    op = user_primitives.make(lambda x: x, lambda x, out: 1.0, "test_one")
    with pytest.raises(ValueError, match="test_one: expected 1 operand"):
        op(1.0, 2.0)


def test_the_name_constant_is_reserved_for_constant_leaves() -> None:
    from autograd import Primitive, register

    with pytest.raises(ValueError, match="a primitive named 'constant' is already registered"):
        primitive(lambda x: x, lambda x, out: 1.0, "constant")
    with pytest.raises(ValueError, match="'constant' is already registered"):
        register(Primitive("constant", 1, lambda m, x: x, lambda m, x, out: (1.0,), "c"))
    assert "constant" not in PRIMITIVES


DERIVATIVES_OF_OTHER_TYPES = [
    (lambda x, out: Value(2.0) * x, "a Value"),
    (lambda x, out: 2 * int(x), "an int"),
    (lambda x, out: np.float64(2.0 * x), "a NumPy scalar"),
]


@pytest.mark.parametrize(
    ("derivative", "kind"),
    DERIVATIVES_OF_OTHER_TYPES,
    ids=[d[1] for d in DERIVATIVES_OF_OTHER_TYPES],
)
def test_local_derivatives_and_gradients_are_floats_whatever_the_rule_returns(
    user_primitives: UserPrimitives, derivative: object, kind: str
) -> None:
    # Fixed bug: a rule returning a Value stored it as a local derivative, and after
    # backward a leaf's .grad was a Value.
    square = user_primitives.make(lambda x: x * x, derivative, "test_square_" + kind.split()[-1])
    x = Value(3.0)
    y = square(x) * 1.0
    assert [type(d) for d in square(x).local_grads] == [float]
    y.backward()
    assert type(x.grad) is float and x.grad == 6.0, f"{kind}: x.grad = {x.grad!r}"
    assert all(type(node.grad) is float for node in (y, *y.inputs))


def test_forward_results_are_stored_as_floats(user_primitives: UserPrimitives) -> None:
    three = user_primitives.make(lambda x: 3, lambda x, out: 0.0, "test_three")
    half = user_primitives.make(lambda x: np.float64(x) / 2, lambda x, out: 0.5, "test_half")
    assert type(three(Value(1.0)).data) is float and three(1.0).data == 3.0
    assert type(half(Value(1.0)).data) is float and half(1.0).data == 0.5
