"""The public strategies draw what they promise, and autograd imports without Hypothesis."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given

from autograd import Value, topological_order
from autograd.strategies import OPERATIONS, Expression, expressions, finite_floats, values


@given(finite_floats(-2.0, 5.0))
def test_finite_floats_are_finite_and_bounded(x: float) -> None:
    assert math.isfinite(x) and -2.0 <= x <= 5.0


@given(values())
def test_values_are_leaves(v: Value) -> None:
    assert v.is_leaf and v.grad == 0.0 and math.isfinite(v.data)


@given(expressions())
def test_expressions_build_valid_graphs(expr: Expression) -> None:
    xs = [Value(x) for x in expr.inputs]
    out = expr(*xs)
    assert math.isfinite(out.data)
    assert str(expr)  # readable formula
    # Every step is recorded: at least one node per step beyond the inputs.
    assert len(topological_order(out)) >= 1


def test_every_operation_is_reachable_and_agrees_on_floats() -> None:
    for op in OPERATIONS:
        args = [0.7, 1.3, 0.4, 2.0][: op.arity]
        engine = op.on_values(*[Value(a) for a in args]).data
        assert engine == pytest_approx(op.on_floats(*args)), op.name


def pytest_approx(x: float):  # type: ignore[no-untyped-def]
    import pytest

    return pytest.approx(x, rel=1e-12)


def test_expressions_reuse_nodes_sometimes() -> None:
    from hypothesis import find

    expr = find(
        expressions(),
        lambda e: any(len(set(s.operands)) < len(s.operands) for s in e.steps),
    )
    assert expr.steps


def test_autograd_imports_without_hypothesis() -> None:
    root = Path(__file__).resolve().parent.parent
    code = textwrap.dedent(
        """
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "hypothesis" or name.startswith("hypothesis."):
                    raise ImportError("hypothesis blocked for this test")
        sys.meta_path.insert(0, Block())
        import autograd, nn
        assert "hypothesis" not in sys.modules
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr
