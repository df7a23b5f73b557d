"""explain(): one line per chain-rule step, matching backward(), with the pictures' names."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from autograd import PRIMITIVES, Value, apply, explain
from autograd.explain import Explanation, backward_steps, formula, node_names


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
    assert explain(y).splitlines() == [
        "d(y)/d(y) = 1",
        "1. y = x × x:  d(y)/d(x) = 3  ×  upstream 1  =  3",
        "2. y = x × x:  d(y)/d(x) = 3  ×  upstream 1  =  3",
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
    assert explain(x * 2.0, grad=0.5, precision=2).splitlines()[-1] == "d(mul#1)/d(x) = 1"


# expression of x (labelled "x") → the lines of explain, constants hidden / shown
CONSTANT_CASES: list[tuple[Callable[[Value], Value], list[str], list[str]]] = [
    (
        lambda x: x * 2.0,
        ["1. mul#1 = x × 2:  d(mul#1)/d(x) = 2  ×  upstream 1  =  2"],
        [
            "1. mul#1 = x × 2:  d(mul#1)/d(x) = 2  ×  upstream 1  =  2",
            "2. mul#1 = x × 2:  d(mul#1)/d(const 2) = 3  ×  upstream 1  =  3",
        ],
    ),
    (
        lambda x: (x + 6.5) ** 2,
        [
            "1. pow#2 = add#1 ** 2:  d(pow#2)/d(add#1) = 19  ×  upstream 1  =  19",
            "2. add#1 = x + 6.5:  d(add#1)/d(x) = 1  ×  upstream 19  =  19",
        ],
        [
            "1. pow#2 = add#1 ** 2:  d(pow#2)/d(add#1) = 19  ×  upstream 1  =  19",
            "2. pow#2 = add#1 ** 2:  d(pow#2)/d(const 2) = 203.2  ×  upstream 1  =  203.2",
            "3. add#1 = x + 6.5:  d(add#1)/d(x) = 1  ×  upstream 19  =  19",
            "4. add#1 = x + 6.5:  d(add#1)/d(const 6.5) = 1  ×  upstream 19  =  19",
        ],
    ),
    (
        lambda x: 0.5 - x,  # 0.5 + (-x)
        [
            "1. add#2 = 0.5 + neg#1:  d(add#2)/d(neg#1) = 1  ×  upstream 1  =  1",
            "2. neg#1 = -x:  d(neg#1)/d(x) = -1  ×  upstream 1  =  -1",
        ],
        [
            "1. add#2 = 0.5 + neg#1:  d(add#2)/d(const 0.5) = 1  ×  upstream 1  =  1",
            "2. add#2 = 0.5 + neg#1:  d(add#2)/d(neg#1) = 1  ×  upstream 1  =  1",
            "3. neg#1 = -x:  d(neg#1)/d(x) = -1  ×  upstream 1  =  -1",
        ],
    ),
]


@pytest.mark.parametrize(("build", "hidden", "shown"), CONSTANT_CASES)
def test_steps_into_constants_are_hidden_unless_asked_for(
    build: Callable[[Value], Value], hidden: list[str], shown: list[str]
) -> None:
    root = build(Value(3.0, label="x"))
    default = explain(root).splitlines()
    assert default[1:-1] == hidden and default[-1].startswith("d(")
    with_constants = explain(root, show_constants=True)
    assert with_constants.splitlines()[1:-1] == shown
    assert len(with_constants.steps) == len(backward_steps(root))
    # hiding a step changes no number: the gradient of x is the same either way
    assert default[-1] == with_constants.splitlines()[-1]


def test_names_are_labels_constants_and_numbered_operations() -> None:
    a = Value(2.0, label="a")
    free = Value(1.0)  # an unlabelled input: not a constant
    c = (a * 3.0 + free).tanh() * a
    c.label = "two\nlines"
    names = node_names(c)
    by_node = {names[id(n)] for n in (a, free, c)}
    assert by_node == {"a", "leaf#2", "two lines"}  # labels on one line
    assert sorted(names.values()) == [
        "a",
        "add#3",
        "const 3",
        "leaf#2",
        "mul#1",
        "tanh#4",
        "two lines",
    ]


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda x, y: x * y, "x × y"),
        (lambda x, y: x + y, "x + y"),
        (lambda x, y: x**3, "x ** 3"),
        (lambda x, y: 2.0**x, "2 ** x"),
        (lambda x, y: -x, "-x"),
        (lambda x, y: x.tanh(), "tanh(x)"),
        (lambda x, y: apply(PRIMITIVES["sum"], x, y, 4.0, x), "sum(x, …, x; 4 inputs)"),
    ],
)
def test_formula_writes_constants_as_numbers(
    build: Callable[[Value, Value], Value], expected: str
) -> None:
    node = build(Value(1.5, label="x"), Value(2.0, label="y"))
    assert formula(node, node_names(node)) == expected


def test_explanation_is_text_that_displays_as_text() -> None:
    x = Value(2.0, label="x<1>")
    text = explain(x * x)
    assert isinstance(text, str) and isinstance(text, Explanation)
    assert str(text) == "\n".join(text.splitlines())
    assert text._repr_html_() == f"<pre>{str(text).replace('<', '&lt;').replace('>', '&gt;')}</pre>"
    numbered = [line for line in text.splitlines() if line[0].isdigit()]
    assert len(numbered) == len(text.steps) == 2
    assert all(s.input is x for s in text.steps)


def test_ipython_shows_the_lines_not_a_quoted_string() -> None:
    pretty = pytest.importorskip("IPython.lib.pretty")
    x = Value(2.0, label="x")
    text = explain(x * x)
    shown = pretty.pretty(text)
    assert shown == str(text) and "\\n" not in shown and not shown.startswith("'")
