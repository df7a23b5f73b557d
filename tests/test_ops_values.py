"""Every built-in operation's value and local derivatives against independent NumPy
references: at hand-picked points (kinks, domain edges and extremes included), over each
input region with Hypothesis, and the errors it raises outside its domain."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import assume, given

from autograd import Value
from autograd.backends import FLOATS
from autograd.primitives import domain_violation

from floats import same
from ops import OPS_LIST, Bad, Op, Point, Region, op_points, point_id

if TYPE_CHECKING:
    from conftest import NewValues


def _applied(op: Op, xs: tuple[float, ...]) -> tuple[Value, list[Value]]:
    leaves = [Value(x) for x in xs]
    return op.call(*leaves), leaves


@pytest.mark.parametrize("case", op_points(), ids=point_id)
def test_value_and_local_derivatives_at_each_point(case: tuple[Op, Point]) -> None:
    op, point = case
    out, leaves = _applied(op, point.xs)
    assert out.op == op.name and out.primitive is op.row
    assert out.inputs == tuple(leaves)
    assert type(out.data) is float, f"{op.name}{point.xs} holds {type(out.data).__name__}"
    assert all(type(d) is float for d in out.local_grads), f"{op.name}: {out.local_grads!r}"
    assert op.value_ok(out.data, point.xs), f"{op.name}{point.xs} = {out.data!r}"
    assert op.grads_ok(out.local_grads, point.xs), f"{op.name}{point.xs}: {out.local_grads!r}"
    if point.value is not None:
        assert same(out.data, point.value), f"{out.data!r} != {point.value!r}"
    if point.grads is not None:
        assert len(out.local_grads) == len(point.grads)
        for got, want in zip(out.local_grads, point.grads):
            assert same(got, want), f"{op.name}{point.xs}: {out.local_grads!r} != {point.grads!r}"
    out.backward()
    assert [leaf.grad for leaf in leaves] == list(out.local_grads)


def _regions() -> list[tuple[Op, Region]]:
    return [(op, region) for op in OPS_LIST for region in op.regions]


@pytest.mark.parametrize(
    ("op", "region"), _regions(), ids=[f"{op.name} {r.why}" for op, r in _regions()]
)
def test_value_and_local_derivatives_over_each_region(op: Op, region: Region) -> None:
    @given(region.strategy())
    def check(xs: tuple[float, ...]) -> None:
        row = op.row
        # Drawn points whose result overflows a float (5e-324 ** -3) are outside the domain.
        assume(domain_violation(row, xs, row.forward(FLOATS, *xs)) is None)
        out, leaves = _applied(op, xs)
        assert op.value_ok(out.data, xs), f"{op.name}{xs} = {out.data!r}"
        out.backward()
        slopes = [leaf.grad for leaf in leaves]
        assert op.grads_ok(slopes, xs), f"{op.name}{xs}: {slopes!r}"

    check()


def _bad_inputs() -> list[tuple[Op, Bad]]:
    return [(op, bad) for op in OPS_LIST for bad in op.errors]


@pytest.mark.parametrize(
    ("op", "bad"), _bad_inputs(), ids=[f"{op.name}{bad.xs}" for op, bad in _bad_inputs()]
)
@pytest.mark.parametrize("numbers", [False, True], ids=["Values", "numbers after the first"])
def test_bad_input_raises_a_clear_error_before_any_node_exists(
    op: Op, bad: Bad, numbers: bool, new_values: NewValues
) -> None:
    first = Value(bad.xs[0])
    rest = list(bad.xs[1:]) if numbers else [Value(x) for x in bad.xs[1:]]
    with new_values as made, pytest.raises(bad.error, match=bad.message) as excinfo:
        op.call(first, *rest)
    # The traceback keeps every frame of the failed call alive, so a node made before the
    # check (even a constant leaf for a number operand) would still be counted.
    assert excinfo.traceback
    assert made.count == 0, f"{op.name}{bad.xs} made {made.count} node(s) before raising"
    assert first.grad == 0.0 and first.is_leaf
    # the table's own check names the same error (domain first, then overflow)
    row = op.row
    error = domain_violation(row, bad.xs) or domain_violation(
        row, bad.xs, row.forward(FLOATS, *bad.xs)
    )
    assert type(error) is bad.error
