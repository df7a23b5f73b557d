"""primitive(): user operations join the table and behave like built-in ones."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest

from autograd import PRIMITIVES, CustomPrimitive, Value, gradcheck, gradients, primitive


@pytest.fixture
def names() -> Iterator[list[str]]:
    made: list[str] = []
    yield made
    for name in made:
        PRIMITIVES.pop(name, None)


def make(names: list[str], *args, **kwargs) -> CustomPrimitive:  # type: ignore[no-untyped-def]
    op = primitive(*args, **kwargs)
    names.append(op.name)
    return op


def test_one_input_op_records_a_node_in_the_table(names: list[str]) -> None:
    square = make(names, lambda x: x * x, lambda x, out: 2 * x, "test_square", symbol="²")
    x = Value(3.0)
    y = square(x)
    y.backward()
    assert (y.data, x.grad, y.op, y.inputs) == (9.0, 6.0, "test_square", (x,))
    assert PRIMITIVES["test_square"].symbol == "²"
    assert repr(square) == "primitive('test_square', arity=1)"


def test_several_inputs_return_a_tuple(names: list[str]) -> None:
    hyp = make(
        names,
        lambda x, y: math.hypot(x, y),
        lambda x, y, out: (x / out, y / out),
        "test_hypot",
    )
    a, b = Value(3.0), Value(4.0)
    out = hyp(a, b)
    out.backward()
    assert (out.data, a.grad, b.grad) == (5.0, 0.6, 0.8)
    assert gradcheck(hyp, [1.5, -2.0])


def test_numbers_and_values_mix(names: list[str]) -> None:
    add3 = make(names, lambda x, y: x + 3 * y, lambda x, y, out: (1.0, 3.0), "test_add3")
    assert add3(1, Value(2.0)).data == 7.0
    assert add3(1.0, 2.0).data == 7.0


def test_derivative_with_value_operations_is_differentiable_twice(names: list[str]) -> None:
    softplus = make(
        names,
        lambda x: math.log1p(math.exp(x)),
        lambda x, out: x.sigmoid() if isinstance(x, Value) else 1 / (1 + math.exp(-x)),
        "test_softplus",
    )
    x = Value(0.0)
    (g,) = gradients(softplus(x), [x], create_graph=True)
    assert gradients(g, [x]) == [0.25]


def test_duplicate_name_raises(names: list[str]) -> None:
    make(names, lambda x: x, lambda x, out: 1.0, "test_dup")
    with pytest.raises(ValueError, match="'test_dup' is already registered"):
        primitive(lambda x: x, lambda x, out: 1.0, "test_dup")
    with pytest.raises(ValueError, match="already registered"):
        primitive(lambda x: x, lambda x, out: 1.0, "mul")


def test_derivative_of_the_wrong_shape_is_named(names: list[str]) -> None:
    op = make(names, lambda x, y: x * y, lambda x, y, out: (y,), "test_short")
    with pytest.raises(ValueError, match="test_short: derivative must return a tuple of 2 local"):
        op(1.0, 2.0)
    bad = make(names, lambda x: x, lambda x, out: "one", "test_str")
    with pytest.raises(TypeError, match="test_str: local derivative 0 must be a number"):
        bad(1.0)


def test_forward_must_return_a_real_number(names: list[str]) -> None:
    op = make(names, lambda x: complex(x, 1), lambda x, out: 1.0, "test_complex")
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


def test_wrong_operand_count_is_named(names: list[str]) -> None:
    op = make(names, lambda x: x, lambda x, out: 1.0, "test_one")
    with pytest.raises(ValueError, match="test_one: expected 1 operand"):
        op(1.0, 2.0)
