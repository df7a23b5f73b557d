"""Every built-in operation's gradient against central finite differences of its own
forward pass, at the registry's points and at random points of each region."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd import Value

from floats import EPS
from ops import OPS_LIST, Op, Point, op_points, point_id

#: Relative step: h = STEP·|x| (STEP at x = 0), so a step never crosses 0, where every
#: built-in row has its kink or pole (relu, abs, sqrt, log, pow).
STEP = 1e-6


def _forward(op: Op, xs: list[float]) -> float:
    return op.call(*(Value(x) for x in xs)).data


def _unchecked(op: Op, xs: tuple[float, ...]) -> list[str]:
    """Compare each input's gradient with central differences; the reasons for the inputs
    that could not be compared (the step leaves the domain)."""
    leaves = [Value(x) for x in xs]
    out = op.call(*leaves)
    out.backward()
    reasons = []
    for i, leaf in enumerate(leaves):
        h = STEP * abs(xs[i]) if xs[i] else STEP
        if h == 0.0:
            reasons.append(f"x{i} = {xs[i]!r}: the step underflows")
            continue
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        try:
            f_up, f_down = _forward(op, up), _forward(op, down)
        except (ArithmeticError, ValueError) as error:
            reasons.append(f"x{i} ± {h:g} leaves the domain ({error})")
            continue
        if not (math.isfinite(f_up) and math.isfinite(f_down)):
            reasons.append(f"f(x{i} ± {h:g}) is not finite: no difference quotient")
            continue
        numeric = (f_up - f_down) / (2 * h)
        # Truncation error h²·f'''/6 is covered by the relative term; each forward value
        # rounds by up to a few eps·|f|, which the difference quotient divides by 2h.
        rounding = 4 * EPS * max(abs(f_up), abs(f_down)) / (2 * h)
        assert math.isclose(leaf.grad, numeric, rel_tol=1e-6, abs_tol=1e-8 + rounding), (
            f"{op.name}{xs}: d/dx{i} = {leaf.grad!r}, finite differences {numeric!r}"
        )
    return reasons if len(reasons) == len(xs) else []


@pytest.mark.parametrize("case", op_points(), ids=point_id)
def test_gradient_matches_finite_differences_at_each_point(case: tuple[Op, Point]) -> None:
    op, point = case
    if point.kink:
        pytest.skip(f"{op.name} is not differentiable at {point.xs}: {point.why} (a convention)")
    reasons = _unchecked(op, point.xs)
    if reasons:
        pytest.skip(f"{op.name}{point.xs}: " + "; ".join(reasons))


@pytest.mark.parametrize("op", OPS_LIST, ids=lambda op: op.name)
def test_gradient_matches_finite_differences_at_random_points(op: Op) -> None:
    rng = np.random.default_rng(sum(map(ord, op.name)))
    checked = 0
    for region in op.regions:
        width = max(region.widths) if region.widths else op.width
        columns = region.columns(rng, 20, width)
        for k in range(len(columns[0])):
            checked += not _unchecked(op, tuple(float(c[k]) for c in columns))
    assert checked >= 20, f"{op.name}: only {checked} random points could be checked"
