"""Leaves: inputs and parameters (``Value(...)``), constant leaves that operations make
from numbers in the code (``Value.is_constant``), and ``Value.detach()``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from autograd import Value, dot, linear, sum_of, topological_order

# ---------------------------------------------------------------- constants


def test_a_value_you_make_is_a_leaf_but_not_a_constant() -> None:
    x = Value(2.0, label="x")
    assert x.is_leaf and not x.is_constant
    assert x.op == "" and x.primitive is None


def _constants(node: Value) -> list[float]:
    return [v.data for v in topological_order(node) if v.is_constant]


WRAPPERS: list[tuple[str, Callable[[Value], Value], list[float]]] = [
    # (expression, how it is built from x, the constants it holds, in topological order)
    ("x * 2.0", lambda x: x * 2.0, [2.0]),
    ("2 * x", lambda x: 2 * x, [2.0]),
    ("x + 1", lambda x: x + 1, [1.0]),
    ("1.5 - x", lambda x: 1.5 - x, [1.5]),
    ("x - 1.5", lambda x: x - 1.5, [1.5]),
    ("x / 2.0 (x * 2.0**-1)", lambda x: x / 2.0, [2.0, -1.0]),
    ("2.0 / x (2.0 * x**-1)", lambda x: 2.0 / x, [2.0, -1.0]),
    ("x ** 3", lambda x: x**3, [3.0]),
    ("3.0 ** x", lambda x: 3.0**x, [3.0]),
    ("sum_of([x, 2.0])", lambda x: sum_of([x, 2.0]), [2.0]),
    ("dot([x], [4.0])", lambda x: dot([x], [4.0]), [4.0]),
    ("linear([x], [5.0], 1.0)", lambda x: linear([x], [5.0], 1.0), [5.0, 1.0]),
    (
        "linear([x, x], [5.0, 6.0], x): float inputs",
        lambda x: linear([x, x], [5.0, 6.0], x),
        [5.0, 6.0],
    ),
    ("x * x: no number", lambda x: x * x, []),
]


@pytest.mark.parametrize(("what", "build", "constants"), WRAPPERS, ids=[w[0] for w in WRAPPERS])
def test_numbers_wrapped_by_operations_are_constant_leaves(
    what: str, build: Callable[[Value], Value], constants: list[float]
) -> None:
    x = Value(3.0, label="x")
    out = build(x)
    assert _constants(out) == constants, what
    for node in topological_order(out):
        if node.is_constant:
            assert node.is_leaf and node.op == "" and node.primitive is None
            assert node.label == "" and type(node.data) is float
    assert not out.is_constant and not x.is_constant


def test_a_constant_takes_part_in_backward_like_any_leaf() -> None:
    x = Value(2.0)
    y = x * 3
    constant = y.inputs[1]
    y.backward()
    assert constant.is_constant and constant.grad == 2.0 and x.grad == 3.0


def test_repr_of_a_constant_is_that_of_a_leaf() -> None:
    constant = (Value(1.0) * 2.5).inputs[1]
    assert repr(constant) == "Value(data=2.5, grad=0.0)"


# ---------------------------------------------------------------- detach


def test_detach_is_a_new_leaf_with_the_same_data() -> None:
    x = Value(2.0, label="x")
    y = x * x
    d = y.detach()
    assert d is not y and d.data == 4.0
    assert d.is_leaf and d.inputs == () and d.op == "" and not d.is_constant
    assert d.grad == 0.0 and y.inputs == (x, x)  # y itself is unchanged


def test_no_gradient_flows_through_a_detached_value() -> None:
    x = Value(3.0)
    frozen = (x * x).detach()  # 9, as a number
    out = frozen * x  # d/dx = 9, not 3x² = 27
    out.backward()
    assert x.grad == 9.0 and frozen.grad == 3.0


def test_detaching_a_leaf_gives_another_leaf() -> None:
    x = Value(1.5)
    x.grad = 4.0
    d = x.detach()
    assert d is not x and d.data == 1.5 and d.grad == 0.0
