"""explain(): one line per chain-rule step, matching backward()."""

from __future__ import annotations

from autograd import Value, explain
from autograd.explain import backward_steps


def test_steps_reproduce_backward_and_leave_grads_alone() -> None:
    a, b = Value(0.5, label="a"), Value(-1.5, label="b")
    c = (a * b + a).sigmoid() * a
    a.grad = 7.0
    steps = backward_steps(c)
    assert a.grad == 7.0 and b.grad == 0.0
    totals: dict[int, float] = {}
    for s in steps:
        assert s.contribution == s.local * s.upstream
        totals[id(s.input)] = s.total
    a.grad = 0.0
    c.backward()
    assert totals[id(a)] == a.grad and totals[id(b)] == b.grad


def test_one_line_per_step_in_backward_order() -> None:
    x = Value(3.0, label="x")
    y = x * x
    y.label = "y"
    lines = explain(y).splitlines()
    assert lines == [
        "d(y)/d(y) = 1",
        "1. y = x * x:  d(y)/d(x) = 3  ×  upstream 1  =  3",
        "2. y = x * x:  d(y)/d(x) = 3  ×  upstream 1  =  3",
        "d(y)/d(x) = 6",
    ]


def test_seed_002_style_quantities() -> None:
    # dE/dOutL2, dE/dInL2 and dE/dW2 of a one-neuron sigmoid output, as seed 002 prints.
    w, h = Value(0.5, label="W2"), Value(0.75, label="outL1")
    in_l2 = w * h
    in_l2.label = "inL2"
    out_l2 = in_l2.sigmoid()
    out_l2.label = "outL2"
    e = 0.5 * (0.9 - out_l2) ** 2
    e.label = "E"
    text = explain(e)
    s = out_l2.data
    assert f"d(outL2)/d(inL2) = {s * (1 - s):.4g}" in text
    assert "d(inL2)/d(W2) = 0.75" in text
    e.backward()
    assert f"d(E)/d(W2) = {w.grad:.4g}" in text


def test_seed_and_precision() -> None:
    x = Value(1.0, label="x")
    assert explain(x * 2.0, grad=0.5, precision=2).splitlines()[-1] == "d(mul#2)/d(x) = 1"
