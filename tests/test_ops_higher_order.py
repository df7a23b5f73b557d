"""Every built-in operation differentiated again: its rule evaluated on Values (the path
``gradients(create_graph=True)`` takes) equals its rule on floats, and second and third
derivatives through it match closed forms."""

from __future__ import annotations

import math

import pytest

from autograd import Value, apply, gradients
from autograd.backends import FLOATS
from autograd.higher_order import VALUES

from floats import same
from ops import OPS_LIST, Closed, Op, Point, derivatives, op_points, point_id


def _closed() -> list[tuple[Op, Closed]]:
    return [(op, c) for op in OPS_LIST for c in op.closed]


@pytest.mark.parametrize(("op", "f"), _closed(), ids=[f"{op.name}: {c.why}" for op, c in _closed()])
def test_first_second_and_third_derivatives_match_closed_forms(op: Op, f: Closed) -> None:
    got = derivatives(f.f, f.x, 3)[1:]
    want = [f.d1(f.x), f.d2(f.x), f.d3(f.x)]
    for order, (g, w) in enumerate(zip(got, want), start=1):
        assert math.isclose(g, w, rel_tol=1e-12, abs_tol=1e-300), (
            f"{op.name}, {f.why}: derivative {order} at {f.x} is {g!r}, closed form {w!r}"
        )


@pytest.mark.parametrize("case", op_points(), ids=point_id)
def test_rule_on_values_equals_the_rule_on_floats(case: tuple[Op, Point]) -> None:
    op, point = case
    row = op.row
    leaves = [Value(x) for x in point.xs]
    node = apply(row, *leaves)
    on_values = row.derivative(VALUES, *leaves, node)
    on_floats = row.derivative(FLOATS, *point.xs, row.forward(FLOATS, *point.xs))
    assert len(on_values) == len(on_floats)
    for got, want in zip(on_values, on_floats):
        number = got.data if isinstance(got, Value) else got
        assert same(number, want), f"{op.name}{point.xs}: {on_values!r} != {on_floats!r}"
    # gradients(create_graph=True) takes that rule: its first derivatives are backward's
    found = gradients(node, leaves, create_graph=True)
    assert [g.data for g in found] == [float(d) for d in node.local_grads]


@pytest.mark.parametrize("op", [op for op in OPS_LIST if op.row.arity == 1], ids=lambda o: o.name)
def test_a_unary_rule_on_values_records_a_graph_where_it_depends_on_x(op: Op) -> None:
    # At an ordinary point, the derivative of every non-linear unary row depends on x: on
    # Values it must come back as a node, or a second derivative would silently be 0.
    x = Value(op.points[0].xs[0])  # each entry's first point is an ordinary one
    (local,) = op.row.derivative(VALUES, x, apply(op.row, x))
    depends = op.name not in ("neg", "relu", "abs")  # piecewise constant slopes
    assert isinstance(local, Value) is depends, f"{op.name}: {local!r}"
