"""The registry of operations (tests/ops.py) covers exactly the built-in rows, and every
entry carries each kind of case the per-operation tests read."""

from __future__ import annotations

import pytest

from autograd import PRIMITIVES
from autograd.higher_order import _BUILT_IN

from ops import OPS, OPS_LIST, Op


def test_the_registry_covers_exactly_the_built_in_rows() -> None:
    # User primitives (elementwise=False) come and go during the run; built-in rows stay.
    built_in = {name for name, row in PRIMITIVES.items() if row.elementwise}
    assert set(OPS) == built_in == set(_BUILT_IN)
    assert len(OPS) == len(OPS_LIST), "two registry entries share a name"


@pytest.mark.parametrize("op", OPS_LIST, ids=lambda op: op.name)
def test_every_entry_has_points_regions_and_closed_forms(op: Op) -> None:
    assert op.points, f"{op.name}: no points"
    assert op.regions, f"{op.name}: no region to draw inputs from"
    assert op.closed, f"{op.name}: no closed-form higher derivatives"
    for point in op.points:
        assert op.row.arity < 0 or len(point.xs) == op.row.arity, point
    assert (op.array_ulps == 0) == (op.array_why == ""), "say which array function differs"


@pytest.mark.parametrize("op", [op for op in OPS_LIST if any(p.kink for p in op.points)])
def test_rows_with_a_kink_write_down_their_convention(op: Op) -> None:
    assert op.row.convention, f"{op.name} has a kink but states no convention"


def test_the_conventions_say_what_the_kink_points_check() -> None:
    assert "relu'(0) = 0" in PRIMITIVES["relu"].convention
    assert "abs'(0) = 0" in PRIMITIVES["abs"].convention
    assert "sqrt'(0) = inf" in PRIMITIVES["sqrt"].convention
    assert "0**0 = 1" in PRIMITIVES["pow"].convention
    assert "x > 0" in PRIMITIVES["log"].convention


def test_every_fast_path_in_value_py_is_in_the_registry() -> None:
    # The operators autograd/value.py computes inline (its docstring names them).
    inlined = {"add", "mul", "neg", "relu", "tanh", "linear"}
    assert {op.name for op in OPS_LIST if op.fast} == inlined
