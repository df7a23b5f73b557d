"""Every built-in row run on NumPy arrays (``ARRAYS``) agrees element by element with the
same row run on floats (``FLOATS``): forward, local derivatives and domain errors.

Inputs are random points of each region of the registry, plus every combination of edge
values (0, -0, ±1e-300, 5e-324, ±700, ±1000, ±inf, NaN, integers and non-integers, the
registry's points and bad inputs). Results must be equal to the last bit, or within
``Op.array_ulps`` where the array function differs from ``math``'s (``Op.array_why``
says which); from Python 3.12 the summing rows' sums are compensated on floats only (see
``COMPENSATED_SUM``).
"""

from __future__ import annotations

import itertools
import math
import sys
from typing import Any

import numpy as np
import pytest

from autograd.backends import ARRAYS, FLOATS
from autograd.primitives import domain_violation

from floats import same, ulps
from ops import EDGES, OPS_LIST, Op


def _inputs(op: Op) -> list[np.ndarray]:
    """Columns of inputs, one per operand: edge combinations, then random region points."""
    values = [*EDGES, *(x for p in op.points for x in p.xs), *(x for b in op.errors for x in b.xs)]
    pool = list({repr(x): x for x in values}.values())  # by repr: keeps both 0.0 and -0.0
    rng = np.random.default_rng(sum(map(ord, op.name)))
    width = op.width
    if width <= 2:
        rows = list(itertools.product(pool, repeat=width))
        columns = [np.array(c, dtype=float) for c in zip(*rows)]
    else:
        columns = [rng.choice(np.array(pool), 500) for _ in range(width)]
    for region in op.regions:
        drawn = region.columns(rng, 300, width)
        columns = [np.concatenate([c, d]) for c, d in zip(columns, drawn)]
    return columns


#: From Python 3.12, sum() adds floats with compensation (Neumaier), as the float rules of
#: the summing rows (sum, dot, linear) use it; on arrays the same rules add in order, as
#: Python before 3.12 does. There the two are held each to the exactly rounded sum, within
#: the error bound of adding in order (tests/ops.py, Op.value_ok), not to each other.
COMPENSATED_SUM = sys.version_info >= (3, 12)


def _agree(op: Op, on_arrays: float, on_floats: float, xs: tuple[float, ...]) -> bool:
    if same(on_arrays, on_floats):
        return True
    if COMPENSATED_SUM and op.terms is not None and all(map(math.isfinite, xs)):
        return op.value_ok(on_arrays, xs) and op.value_ok(on_floats, xs)
    if op.array_ulps == 0:
        return same(on_arrays, on_floats)
    return ulps(on_arrays, on_floats) <= op.array_ulps


def _agree_exactly_or_in_ulps(op: Op, on_arrays: float, on_floats: float) -> bool:
    """Local derivatives: no sums in them, so the summing rows agree exactly too."""
    if op.array_ulps == 0:
        return same(on_arrays, on_floats)
    return ulps(on_arrays, on_floats) <= op.array_ulps


def _mismatches(op: Op, part: str) -> tuple[int, list[str]]:
    """Run ``op``'s row on arrays and on each element as floats; the number of elements
    compared and a description of each disagreement of the ``part`` ("forward" or
    "derivative")."""
    row = op.row
    columns = _inputs(op)
    with np.errstate(all="ignore"):  # the domain checks report bad inputs, not NumPy
        out = row.forward(ARRAYS, *columns)
        local = [np.broadcast_to(d, out.shape) for d in row.derivative(ARRAYS, *columns, out)]
    assert out.shape == columns[0].shape and len(local) == len(columns)
    found = []
    compared = 0
    for i in range(len(out)):
        xs = tuple(float(c[i]) for c in columns)
        if domain_violation(row, xs) is not None:
            continue  # the float rule does not run there (the errors are tested below)
        compared += 1
        expected = row.forward(FLOATS, *xs)
        if part == "forward" and not _agree(op, float(out[i]), expected, xs):
            found.append(f"{op.name}{xs}: arrays {float(out[i])!r}, floats {expected!r}")
        if part == "derivative":
            for k, d in enumerate(row.derivative(FLOATS, *xs, expected)):
                if not _agree_exactly_or_in_ulps(op, float(local[k][i]), float(d)):
                    found.append(f"d/dx{k} at {xs}: arrays {float(local[k][i])!r}, floats {d!r}")
    return compared, found


def _report(op: Op, compared: int, found: list[str]) -> str:
    tolerance = f"within {op.array_ulps} ulp ({op.array_why})" if op.array_ulps else "exactly"
    return (
        f"{op.name}: {len(found)} of {compared} elements differ (expected {tolerance}): "
        + "; ".join(found[:5])
    )


@pytest.mark.parametrize("op", OPS_LIST, ids=lambda op: op.name)
def test_forward_on_arrays_matches_the_float_rule_element_by_element(op: Op) -> None:
    compared, found = _mismatches(op, "forward")
    assert compared > 100
    assert not found, _report(op, compared, found)


@pytest.mark.parametrize(
    "op",
    OPS_LIST,
    ids=lambda op: op.name,
)
def test_derivative_on_arrays_matches_the_float_rule_element_by_element(op: Op) -> None:
    compared, found = _mismatches(op, "derivative")
    assert not found, _report(op, compared, found)


def _first_float_error(op: Op, rows: list[tuple[float, ...]]) -> tuple[int, Exception] | None:
    """Where a float loop over ``rows`` would stop first, and its error: the domain is
    checked before the forward rule, overflow after it (as the engine does)."""
    row = op.row
    for i, xs in enumerate(rows):
        error = domain_violation(row, xs)
        if error is None and row.overflow:
            error = domain_violation(row, xs, row.forward(FLOATS, *xs))
        if error is not None:
            return i, error
    return None


def _array_error(op: Op, columns: list[np.ndarray]) -> Exception | None:
    """The error for whole arrays: one check, the forward result passed for overflow."""
    row = op.row
    with np.errstate(all="ignore"):  # forward runs on the bad elements too: NaN or inf there
        out = row.forward(ARRAYS, *columns) if row.overflow else None
        return domain_violation(row, columns, out)


def _describe(error: Any) -> str:
    return "no error" if error is None else f"{type(error).__name__}({error})"


@pytest.mark.parametrize(
    "op",
    [op for op in OPS_LIST if op.row.domain or op.row.overflow],
    ids=lambda op: op.name,
)
def test_domain_errors_on_arrays_name_the_first_offending_element(op: Op) -> None:
    columns = _inputs(op)
    rows = list(zip(*(c.tolist() for c in columns)))
    bad = [i for i, xs in enumerate(rows) if _first_float_error(op, [xs]) is not None]
    assert bad, f"{op.name}: the inputs hold no bad element"
    # Every bad element in turn leads the arrays (and once none is left), so every kind
    # of error, and every order of two kinds, is checked.
    for start in [*bad, bad[-1] + 1]:
        tail = [c[start:] for c in columns]
        first = _first_float_error(op, rows[start:])
        got = _array_error(op, tail)
        if first is None:
            want: Any = None
        else:
            index, error = first
            want = type(error)(f"{error} at index {index}")
        assert (type(got), str(got)) == (type(want), str(want)), (
            f"{op.name}, arrays from element {start}: {_describe(got)}, "
            f"a float loop raises {_describe(want)}"
        )
