"""``no_grad()`` / ``enable_grad()`` / ``is_grad_enabled()``: as context managers and
decorators, nested, through exceptions, per thread, and what every operation returns
while gradients are off (a leaf that keeps nothing alive)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import pytest

from autograd import (
    Value,
    apply,
    enable_grad,
    gradients,
    is_grad_enabled,
    no_grad,
)

from ops import OPS_LIST, FastPath, Op

if TYPE_CHECKING:
    from conftest import UserPrimitives


def _assert_is_a_plain_leaf(node: Value, data: float) -> None:
    assert node.is_leaf and node.inputs == () and node.local_grads == ()
    assert node.op == "" and node.primitive is None and not node.is_constant
    assert node.data == data and node.grad == 0.0


# ---------------------------------------------------------------- what operations return


@pytest.mark.parametrize("op", OPS_LIST, ids=lambda op: op.name)
def test_every_operation_returns_a_leaf_that_keeps_nothing_alive(op: Op) -> None:
    xs = op.points[0].xs
    leaves = [Value(x) for x in xs]
    recorded = op.call(*leaves)
    counts = [sys.getrefcount(leaf) for leaf in leaves]
    with no_grad():
        out = op.call(*leaves)
    _assert_is_a_plain_leaf(out, recorded.data)
    # the new node holds no reference to its operands (Values take no weak references)
    assert [sys.getrefcount(leaf) for leaf in leaves] == counts
    # control: the same operation with gradients on does hold them
    again = op.call(*leaves)
    assert all(sys.getrefcount(leaf) > n for leaf, n in zip(leaves, counts)) and again.inputs


def _fast_paths() -> list[tuple[Op, FastPath]]:
    return [(op, path) for op in OPS_LIST for path in op.fast]


@pytest.mark.parametrize(("op", "path"), _fast_paths(), ids=[path.why for _, path in _fast_paths()])
def test_every_inlined_operator_returns_a_leaf(op: Op, path: FastPath) -> None:
    xs = op.points[0].xs
    kinds = path.kinds(len(xs))
    operands = [
        Value(x) if k == "V" else float(x) if k == "f" else int(x) for k, x in zip(kinds, xs)
    ]
    with no_grad():
        out = path.call(*operands)
    _assert_is_a_plain_leaf(out, path.call(*operands).data)


def test_a_user_primitive_and_apply_return_leaves(user_primitives: UserPrimitives) -> None:
    square = user_primitives.make(lambda x: x * x, lambda x, out: 2 * x, "test_ng_square")
    x = Value(3.0)
    with no_grad():
        by_call, by_apply = square(x), apply(square.row, x)
    _assert_is_a_plain_leaf(by_call, 9.0)
    _assert_is_a_plain_leaf(by_apply, 9.0)


def test_a_constant_in_an_expression_is_not_kept_either() -> None:
    x = Value(2.0)
    with no_grad():
        y = (x * 3.0 + 1).tanh()
    _assert_is_a_plain_leaf(y, (Value(2.0) * 3.0 + 1).tanh().data)
    y.backward()  # a leaf: backward only seeds it
    assert (y.grad, x.grad) == (1.0, 0.0)


# ---------------------------------------------------------------- the mode itself


def test_gradients_are_enabled_by_default_and_off_inside_no_grad() -> None:
    assert is_grad_enabled()
    with no_grad():
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_no_grad_as_a_decorator() -> None:
    @no_grad()
    def evaluate(x: Value) -> tuple[Value, bool]:
        """Evaluate without a graph."""
        return x * x, is_grad_enabled()

    y, enabled = evaluate(Value(3.0))
    assert not enabled and y.is_leaf and y.data == 9.0
    assert is_grad_enabled()
    assert evaluate.__name__ == "evaluate" and evaluate.__doc__ == "Evaluate without a graph."


def test_enable_grad_inside_no_grad_records_then_the_outer_mode_returns() -> None:
    x = Value(2.0)
    with no_grad():
        with enable_grad():
            assert is_grad_enabled()
            y = x * x
        assert not is_grad_enabled()
        z = x * x
    assert y.inputs == (x, x) and z.is_leaf


def test_enable_grad_as_a_decorator_inside_no_grad() -> None:
    @enable_grad()
    def square(x: Value) -> Value:
        return x * x

    x = Value(2.0)
    with no_grad():
        y = square(x)
        assert not is_grad_enabled()
    assert y.inputs == (x, x)


@pytest.mark.parametrize(
    "modes",
    [
        [no_grad, no_grad],
        [no_grad, enable_grad, no_grad],
        [enable_grad, enable_grad],
        [enable_grad, no_grad, enable_grad, no_grad],
    ],
    ids=lambda modes: " > ".join(m.__name__ for m in modes),
)
def test_nesting_restores_each_previous_mode(modes: list[type]) -> None:
    def enter(depth: int) -> None:
        if depth == len(modes):
            return
        before = is_grad_enabled()
        with modes[depth]():
            assert is_grad_enabled() is (modes[depth] is enable_grad)
            enter(depth + 1)
            assert is_grad_enabled() is (modes[depth] is enable_grad)
        assert is_grad_enabled() is before

    enter(0)
    assert is_grad_enabled()


def test_one_context_manager_object_can_be_nested_in_itself() -> None:
    off, on = no_grad(), enable_grad()
    with off:
        with on:
            with off:
                assert not is_grad_enabled()
            assert is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_an_exception_inside_restores_the_mode() -> None:
    with pytest.raises(ZeroDivisionError), no_grad():
        Value(1.0) / 0.0
    assert is_grad_enabled()
    with no_grad():
        with pytest.raises(ValueError, match="log"), enable_grad():
            Value(-1.0).log()
        assert not is_grad_enabled()

    @no_grad()
    def fails() -> None:
        raise RuntimeError("inside")

    with pytest.raises(RuntimeError, match="inside"):
        fails()
    assert is_grad_enabled()


# ---------------------------------------------------------------- threads

T = TypeVar("T")


def _in_thread(work: Callable[[], T]) -> T:
    found: list[T] = []
    thread = threading.Thread(target=lambda: found.append(work()))
    thread.start()
    thread.join(timeout=30)
    assert found, "the thread did not finish"
    return found[0]


def test_the_mode_belongs_to_the_thread() -> None:
    # One thread sits inside no_grad while another builds graphs, at the same time.
    inside, done = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def off_thread() -> None:
        with no_grad():
            inside.set()
            done.wait(timeout=30)
            seen["off thread enabled"] = is_grad_enabled()
            seen["off thread node"] = Value(2.0) * 3.0

    thread = threading.Thread(target=off_thread)
    thread.start()
    assert inside.wait(timeout=30)
    x = Value(2.0)
    y = x * 3.0  # here gradients are on, while the other thread is in no_grad
    enabled_here = is_grad_enabled()
    done.set()
    thread.join(timeout=30)
    assert enabled_here and y.inputs[0] is x
    assert seen["off thread enabled"] is False
    assert isinstance(seen["off thread node"], Value) and seen["off thread node"].is_leaf


def test_a_new_thread_starts_with_gradients_enabled() -> None:
    with no_grad():
        enabled, node = _in_thread(lambda: (is_grad_enabled(), Value(2.0) * Value(3.0)))
        assert not is_grad_enabled()
    assert enabled is True and not node.is_leaf


# ---------------------------------------------------------------- differentiating inside no_grad


def test_gradients_with_create_graph_builds_a_graph_inside_no_grad() -> None:
    x = Value(3.0)
    y = x**3
    with no_grad():
        (g,) = gradients(y, [x], create_graph=True)  # 3x² = 27, as a graph
        assert not is_grad_enabled()
        assert not g.is_leaf
        assert gradients(g, [x]) == [18.0]  # d(3x²)/dx = 6x
        (first,) = gradients(y, [x])
    assert g.data == 27.0 and first == 27.0


def test_backward_of_a_graph_built_earlier_works_inside_no_grad() -> None:
    x = Value(3.0)
    y = x * x + x
    with no_grad():
        y.backward()
    assert x.grad == 7.0


def test_an_optimizer_style_update_under_no_grad_keeps_parameters_leaves() -> None:
    w = Value(1.0)
    for _ in range(3):
        loss = (w * 2.0 - 1.0) ** 2
        w.grad = 0.0
        loss.backward()
        with no_grad():
            w = w - 0.1 * w.grad  # a new leaf: no graph grows across steps
        assert w.is_leaf and w.inputs == ()
    # d/dw (2w - 1)² = 4(2w - 1): w = 1 → 0.6 → 0.52 → 0.504
    assert w.data == pytest.approx(0.504, rel=1e-12)
