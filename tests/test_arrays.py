"""Arrays of Values (autograd/arrays.py): the table of NumPy code that runs on them, each row
checked against the same code on floats and against finite differences; the relu forms
and their conventions at 0; the functions Values cannot run, refused by name with what to
write instead; ``as_values``, ``data_of``, ``grads_of``; pictures of the graph.

The README's table "NumPy on arrays of Values" lists exactly the rows of ``TABLE``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograd import Value, ValueArray, as_values, data_of, draw_dot, explain, grads_of, primitive

from seed_reference import relu_net_backprop

README = Path(__file__).resolve().parent.parent / "README.md"
RNG = np.random.default_rng(15)
X23 = RNG.uniform(-2, 2, (2, 3))
Y23 = RNG.uniform(-2, 2, (2, 3))
V3 = RNG.uniform(-2, 2, 3)
W3 = RNG.uniform(-2, 2, 3)
POS23 = RNG.uniform(0.5, 3, (2, 3))
S = np.array(0.7)  # a single number, given to the function as a lone Value
AWAY = np.array([[-1.5, 0.3, 2.0], [0.8, -0.4, -2.2]])  # away from the kink at 0

# README spelling → (function of the arrays, the arrays). Each runs on floats and on
# Values; the function of ``s`` receives a single Value (not an array) for ``S``.
TABLE: dict[str, tuple[Callable[..., Any], tuple[np.ndarray, ...]]] = {
    "x + y": (lambda x, y: x + y, (X23, Y23)),
    "x - y": (lambda x, y: x - y, (X23, Y23)),
    "x * y": (lambda x, y: x * y, (X23, Y23)),
    "x / y": (lambda x, y: x / y, (X23, POS23)),
    "x ** 2": (lambda x: x**2, (X23,)),
    "x ** y": (lambda x, y: x**y, (POS23, Y23)),
    "-x": (lambda x: -x, (X23,)),
    "2.0 * x - 1": (lambda x: 2.0 * x - 1, (X23,)),
    "1 / x": (lambda x: 1 / x, (POS23,)),
    "W + b (broadcasting)": (lambda w, b: w + b, (X23, V3)),
    "x * s (a single Value s)": (lambda x, s: x * s[()], (X23, S)),
    "s - x (a single Value s)": (lambda x, s: s[()] - x, (X23, S)),
    "x / s (a single Value s)": (lambda x, s: x / s[()], (X23, S)),
    "W @ v": (lambda w, v: w @ v, (X23, V3)),
    "np.dot(W, v)": (lambda w, v: np.dot(w, v), (X23, V3)),
    "np.dot(u, W)": (lambda u, w: np.dot(u, w), (V3[:2], X23)),
    "np.dot(v, w)": (lambda v, w: np.dot(v, w), (V3, W3)),
    "np.matmul(W, v)": (lambda w, v: np.matmul(w, v), (X23, V3)),
    "np.outer(v, w)": (lambda v, w: np.outer(v, w), (V3, W3)),
    "np.sum(x)": (lambda x: np.sum(x), (X23,)),
    "np.sum(x, axis=0)": (lambda x: np.sum(x, axis=0), (X23,)),
    "np.sum(x, axis=1, keepdims=True)": (lambda x: np.sum(x, axis=1, keepdims=True), (X23,)),
    "x.sum()": (lambda x: x.sum(), (X23,)),
    "np.mean(x)": (lambda x: np.mean(x), (X23,)),
    "np.mean(x, axis=1)": (lambda x: np.mean(x, axis=1), (X23,)),
    "np.max(x)": (lambda x: np.max(x), (X23,)),
    "np.max(x, axis=0)": (lambda x: np.max(x, axis=0), (X23,)),
    "np.exp(x)": (lambda x: np.exp(x), (X23,)),
    "np.log(x)": (lambda x: np.log(x), (POS23,)),
    "np.tanh(x)": (lambda x: np.tanh(x), (X23,)),
    "np.sqrt(x)": (lambda x: np.sqrt(x), (POS23,)),
    "np.abs(x)": (lambda x: np.abs(x), (AWAY,)),
    "np.power(x, 2)": (lambda x: np.power(x, 2), (X23,)),
    "np.square(x)": (lambda x: np.square(x), (X23,)),
    "np.subtract(x, y)": (lambda x, y: np.subtract(x, y), (X23, Y23)),
    "np.maximum(x, 0)": (lambda x: np.maximum(x, 0), (AWAY,)),
    "np.maximum(0, x)": (lambda x: np.maximum(0, x), (AWAY,)),
    "np.minimum(x, 0)": (lambda x: np.minimum(x, 0), (AWAY,)),
    "np.where(x > 0, x, 0)": (lambda x: np.where(x > 0, x, 0), (AWAY,)),
    "(x > 0) * x": (lambda x: (x > 0) * x, (AWAY,)),
    "1 / (1 + np.exp(-x))": (lambda x: 1 / (1 + np.exp(-x)), (X23,)),
    "x.T": (lambda x: x.T, (X23,)),
    "x.reshape(3, 2)": (lambda x: x.reshape(3, 2), (X23,)),
    "x[1:, ::2]": (lambda x: x[1:, ::2], (X23,)),
    "np.concatenate([x, y])": (lambda x, y: np.concatenate([x, y]), (X23, Y23)),
}


def _values(arrays: tuple[np.ndarray, ...]) -> list[ValueArray]:
    return [as_values(a, label=f"a{k}") for k, a in enumerate(arrays)]


def _weights(shape: tuple[int, ...]) -> np.ndarray:
    """Fixed weights for a scalar loss Σ c·f(x), so every output entry gets its own slope."""
    return np.random.default_rng(len(shape)).uniform(0.5, 1.5, shape)


@pytest.mark.parametrize("row", sorted(TABLE))
def test_numpy_code_on_values_computes_what_it_computes_on_floats(row: str) -> None:
    f, arrays = TABLE[row]
    got = f(*_values(arrays))
    want = f(*arrays)
    assert np.shape(got) == np.shape(want)
    np.testing.assert_allclose(data_of(got), want, rtol=1e-13, atol=1e-15)
    # The result is a ValueArray (so the checks follow it) or, for a single number, the
    # Value NumPy returns as its scalar.
    assert isinstance(got, ValueArray) if np.ndim(want) else isinstance(got, Value)


@pytest.mark.parametrize("row", sorted(TABLE))
def test_numpy_code_on_values_backpropagates_the_gradient(row: str) -> None:
    """The engine's gradient of Σ c·f(arrays) matches central differences of f on floats."""
    f, arrays = TABLE[row]
    c = _weights(np.shape(f(*arrays)))
    values = _values(arrays)
    out = f(*values)
    loss = np.sum(out * c) if isinstance(out, np.ndarray) else out * float(c)  # a lone Value
    loss.backward()
    eps = 1e-6
    for k, point in enumerate(arrays):
        numeric = np.zeros(point.shape)
        for index in np.ndindex(point.shape):
            shifted = [a.copy() for a in arrays]
            shifted[k][index] += eps
            up = np.sum(f(*shifted) * c)
            shifted[k][index] -= 2 * eps
            down = np.sum(f(*shifted) * c)
            numeric[index] = (up - down) / (2 * eps)
        np.testing.assert_allclose(grads_of(values[k]), numeric, rtol=1e-6, atol=1e-8)


def test_the_readme_table_lists_exactly_the_tested_rows() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("| NumPy code on arrays of Values |")
    table = text[start : text.index("\n\n", start)]
    listed = set()
    for line in table.splitlines()[2:]:
        first_cell = line.split(" | ")[0]
        listed.update(re.findall(r"`([^`]+)`", first_cell))
    assert listed == set(TABLE)


def test_the_engines_domains_and_conventions_hold_on_arrays() -> None:
    with pytest.raises(ValueError, match=r"^log: the argument must be > 0, got -1.0"):
        np.log(as_values([1.0, -1.0]))
    x = as_values([0.0, 0.0])
    np.sum(np.abs(x[:1]) + np.sqrt(x[1:])).backward()
    assert grads_of(x).tolist() == [0.0, float("inf")]  # abs'(0) = 0, sqrt'(0) = inf


# ---------------------------------------------------------------- relu and comparisons

# form → relu'(0) by the object loops' convention (module docstring of autograd.arrays)
RELU_FORMS: dict[str, tuple[Callable[[Any], Any], float]] = {
    "np.maximum(x, 0)": (lambda x: np.maximum(x, 0), 1.0),
    "np.maximum(x, 0.0)": (lambda x: np.maximum(x, 0.0), 1.0),
    "np.maximum(0, x)": (lambda x: np.maximum(0, x), 0.0),
    "np.where(x > 0, x, 0)": (lambda x: np.where(x > 0, x, 0), 0.0),
    "(x > 0) * x": (lambda x: (x > 0) * x, 0.0),
    "np.frompyfunc(Value.relu, 1, 1)(x)": (lambda x: np.frompyfunc(Value.relu, 1, 1)(x), 0.0),
}


@pytest.mark.parametrize("form", sorted(RELU_FORMS))
def test_relu_forms_and_their_convention_at_0(form: str) -> None:
    f, slope_at_0 = RELU_FORMS[form]
    x = as_values([-1.0, 0.0, 2.0], label="x")
    out = f(x)
    assert data_of(out).tolist() == [0.0, 0.0, 2.0]
    np.sum(out * np.array([1.0, 1.0, 1.0])).backward()
    assert grads_of(x).tolist() == [0.0, slope_at_0, 1.0]


def test_maximum_returns_the_value_itself_or_the_number_0() -> None:
    """NumPy's object loop returns one of its operands: the Value, or the int 0."""
    x = as_values([-1.0, 0.0, 2.0])
    out = np.maximum(x, 0)
    assert out[0] == 0 and type(out[0]) is int
    assert out[1] is x[1] and out[2] is x[2]
    assert np.maximum(0, x)[1] == 0


def test_relu_network_with_dead_units_backpropagates_through_the_mixed_array() -> None:
    """003's network, relu as np.maximum(z, 0): dead units hold the number 0, live units
    their Value, and the gradients are the reference formulas' (seed_reference)."""
    rng = np.random.default_rng(3)
    w1, w2, x, t = rng.uniform(-1, 1, (6, 3)), rng.uniform(-1, 1, 6), rng.uniform(0, 1, 3), 0.3
    ref = relu_net_backprop(w1, w2, x, t)
    assert 0 < np.sum(ref["z1"] < 0) < 6  # some units dead, some alive
    W1, W2 = as_values(w1, label="W1"), as_values(w2, label="w2")
    h = np.maximum(W1 @ x, 0)
    assert {type(e) for e in h} == {int, Value}
    E = 0.5 * (h @ W2 - t) ** 2
    E.backward()
    np.testing.assert_allclose(grads_of(W1), ref["dW1"], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(grads_of(W2), ref["dw2"], rtol=1e-13, atol=1e-15)


def test_every_unit_dead_gives_a_number_not_a_value() -> None:
    E = np.sum(np.maximum(as_values([-1.0, -2.0]), 0))
    assert E == 0 and not isinstance(E, Value)  # nothing to backpropagate: dE/dx = 0


@pytest.mark.parametrize(
    "compare, want",
    [
        (lambda x: x > 0, [False, False, True]),
        (lambda x: x >= 0, [False, True, True]),
        (lambda x: x < 0, [True, False, False]),
        (lambda x: x <= 0, [True, True, False]),
        (lambda x: 0 < x, [False, False, True]),  # noqa: SIM300 (the reflected comparison)
        (lambda x: x > Value(0.0), [False, False, True]),
    ],
)
def test_comparisons_give_plain_bool_arrays(
    compare: Callable[[Any], Any], want: list[bool]
) -> None:
    """NumPy's object comparison loop ('OO->?') returns bools, as on floats."""
    out = compare(as_values([-1.0, 0.0, 2.0]))
    assert type(out) is np.ndarray and out.dtype == bool
    assert out.tolist() == want


# ---------------------------------------------------------------- shapes of results


def test_elementwise_on_0d_arrays_stays_an_array_so_numpy_keeps_working() -> None:
    """004's scalar code, on 0-d arrays: every step stays a 0-d ValueArray."""
    w1, w2, hw = as_values(0.4, "w1"), as_values(-0.2, "w2"), as_values(0.1, "hw")
    h = w1 * 0.1 + w2 * 0.3
    a = 1 / (1 + np.exp(-h))
    y1 = 1 / (1 + np.exp(-(hw * a)))
    assert all(isinstance(v, ValueArray) and v.shape == () for v in (h, a, y1))
    E = 0.5 * (1 - y1) ** 2
    E.item().backward()  # the Value inside
    assert w1.item().grad < 0 < -hw.item().grad


@pytest.mark.parametrize(
    "make",
    [
        lambda W, v: np.sum(W),
        lambda W, v: np.mean(W),
        lambda W, v: W.max(),
        lambda W, v: np.dot(v, v),
        lambda W, v: v @ v,
        lambda W, v: W[1, 0],
    ],
)
def test_reductions_products_of_vectors_and_indexing_give_a_single_value(
    make: Callable[..., Any],
) -> None:
    assert type(make(as_values(X23), as_values(V3))) is Value


def test_a_single_value_combines_with_a_value_array_and_receives_the_summed_gradient() -> None:
    W, s = as_values(X23), Value(0.7, label="s")
    E = np.sum(W * s) + np.sum(s * W) + np.sum(W / s) + np.sum(s - W)
    E.backward()
    n = X23.size
    want = 2 * X23.sum() - X23.sum() / 0.7**2 + n
    assert s.grad == pytest.approx(want, rel=1e-12)
    assert (W > s).dtype == bool  # noqa: SIM300 (an array against a single Value)


def test_numpy_functions_of_a_single_value() -> None:
    """A reduction gives a single Value; NumPy's ufuncs take it on, alone or with arrays."""
    W, x = as_values(X23), np.array([1.0, 2.0])
    s = np.sum(W)
    e = np.exp(s)
    assert type(e) is Value and e.data == pytest.approx(np.exp(X23.sum()))
    e.backward()
    assert W[0, 0].grad == pytest.approx(np.exp(X23.sum()))
    scaled = x * s  # a float array times a single Value: an array of Values
    assert isinstance(scaled, ValueArray) and data_of(scaled).tolist() == (x * X23.sum()).tolist()
    assert type(np.float64(2) * s) is Value and type(np.sqrt(abs(s))) is Value
    with pytest.raises(TypeError, match="np.sin does not work on arrays of Values"):
        np.sin(s)
    assert isinstance(np.exp(np.sum(W, keepdims=True)), ValueArray)


def test_user_functions_run_through_frompyfunc_and_vectorize() -> None:
    softplus = primitive(
        lambda x: float(np.log1p(np.exp(x))), lambda x, out: 1 / (1 + np.exp(-x)), "softplus_15"
    )
    x = as_values([-1.0, 0.5])
    out = np.frompyfunc(softplus, 1, 1)(x)
    assert isinstance(out, ValueArray)
    np.sum(out + np.vectorize(Value.tanh, otypes=[object])(x)).backward()
    z = np.array([-1.0, 0.5])
    np.testing.assert_allclose(grads_of(x), 1 / (1 + np.exp(-z)) + 1 - np.tanh(z) ** 2)


# ---------------------------------------------------------------- what Values cannot run

W_ = as_values([[0.5, -1.0], [2.0, 0.25]], label="W")

# call → (the name the message must give, what it says to write instead)
REFUSED: dict[str, tuple[Callable[[], Any], str, str]] = {
    "np.sin": (lambda: np.sin(W_), "np.sin", r"autograd\.primitive.*np\.frompyfunc"),
    "np.cos": (lambda: np.cos(W_ @ np.ones(2)), "np.cos", "no cos operation"),
    "np.sign": (lambda: np.sign(W_), "np.sign", r"np\.sign\(data_of\(x\)\)"),
    "np.round": (lambda: np.round(W_, 2), "np.round", r"np\.round\(data_of\(x\)\)"),
    "W.round()": (lambda: W_.round(), r"round\(\)", r"np\.round\(data_of\(x\)\)"),
    "W == 0": (lambda: W_ == 0, "np.equal", r"identity.*data_of\(x\) == 0"),
    "W != 0": (lambda: W_ != 0, "np.not_equal", r"data_of\(x\) != 0"),
    "W == s": (lambda: W_ == Value(1.0), "np.equal", "identity"),  # noqa: SIM300
    "np.var": (lambda: np.var(W_), "np.conjugate", r"np\.var.*np\.mean\(\(x - np\.mean\(x\)\)"),
    "np.std": (lambda: np.std(W_, axis=0), "np.conjugate", r"np\.std.*\.sqrt\(\)"),
    "np.vdot": (lambda: np.vdot(W_, W_), "np.vdot", r"np\.sum\(a \* b\)"),
    "np.linalg.norm": (lambda: np.linalg.norm(W_), "np.linalg.norm", r"np\.sum\(x \*\* 2\)"),
    "np.allclose": (lambda: np.allclose(W_, 0), "np.allclose", r"data_of\(a\)"),
    "np.expm1": (lambda: np.expm1(W_), "np.expm1", r"np\.exp\(x\) - 1"),
    "np.log1p": (lambda: np.log1p(W_), "np.log1p", r"np\.log\(1 \+ x\)"),
    "np.isnan": (lambda: np.isnan(W_), "np.isnan", r"np\.isnan\(data_of\(x\)\)"),
    "np.clip": (lambda: np.clip(W_, 0, 1), "np.clip", r"np\.minimum\(np\.maximum"),
    "W.clip()": (lambda: W_.clip(0, 1), "np.clip", r"np\.minimum\(np\.maximum"),
    "np.reciprocal": (lambda: np.reciprocal(W_), "np.reciprocal", "1 / x"),
    "W // 2": (lambda: W_ // 2, "np.floor_divide", r"data_of\(x\) // y"),
    "np.sin after np.where": (lambda: np.sin(np.where(W_ > 0, W_, 0)), "np.sin", "no sin"),
    "np.sin after np.dot": (lambda: np.sin(np.dot(np.ones(2), W_)), "np.sin", "no sin"),
    "W.astype(float)": (lambda: W_.astype(float), r"astype\(float64\)", r"data_of\(x\)"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_functions_values_cannot_run_say_what_to_write_instead(name: str) -> None:
    call, names, instead = REFUSED[name]
    with pytest.raises(TypeError, match=f"^{names} does not work on arrays of Values: .*{instead}"):
        call()


def test_the_refusal_lists_the_supported_ufuncs() -> None:
    with pytest.raises(TypeError, match=r"The NumPy ufuncs that do: np\.absolute, np\.add, "):
        np.arctan(W_)


# ---------------------------------------------------------------- making and reading arrays


@pytest.mark.parametrize(
    "given, label, labels",
    [
        (2.5, "b", ["b"]),
        ([1.0, 2.0, 3.0], "x", ["x[0]", "x[1]", "x[2]"]),
        ([[1, 2], [3, 4]], "W", ["W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]"]),
        (np.ones((1, 2, 1)), "T", ["T[0,0,0]", "T[0,1,0]"]),
        ([True, 0], "", ["", ""]),
        (np.float32(1.5), "s", ["s"]),
    ],
)
def test_as_values_makes_new_labelled_leaves_of_the_same_shape(
    given: Any, label: str, labels: list[str]
) -> None:
    out = as_values(given, label=label)
    numbers = np.asarray(given, dtype=float)
    assert isinstance(out, ValueArray) and out.dtype == object and out.shape == numbers.shape
    leaves = list(out.flat)
    assert [v.label for v in leaves] == labels
    assert all(
        type(v) is Value and v.is_leaf and not v.is_constant and v.grad == 0.0 for v in leaves
    )
    assert data_of(out).tolist() == numbers.tolist()


def test_as_values_leaves_its_input_alone_and_makes_fresh_leaves_each_time() -> None:
    given = np.array([1.0, 2.0])
    a, b = as_values(given), as_values(given)
    a[0] = 5.0
    assert given.tolist() == [1.0, 2.0] and a[1] is not b[1]


@pytest.mark.parametrize(
    "given, match",
    [
        ([1.0, "a"], r"entry \[1\] is str 'a', not a real number"),
        ([[1.0], [Value(2.0)]], r"entry \[1,0\] is a Value, not a real number.*data_of"),
        (Value(1.0), r"entry \(\) is a Value"),
        ([1 + 2j], r"entry \[0\] is complex \(1\+2j\)"),
        (None, r"entry \(\) is NoneType None"),
        ("1.5", r"entry \(\) is str '1.5'"),
    ],
)
def test_as_values_refuses_what_is_not_a_number_by_position(given: Any, match: str) -> None:
    with pytest.raises(TypeError, match=f"^as_values: {match}"):
        as_values(given)


def test_as_values_label_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="^as_values: label must be a str, not int: 3"):
        as_values([1.0], label=3)  # type: ignore[arg-type]


def test_data_of_and_grads_of_read_each_entry() -> None:
    W = as_values([[1.0, -2.0], [3.0, 0.5]])
    h = np.maximum(W, 0)
    assert data_of(h).tolist() == [[1.0, 0.0], [3.0, 0.5]]  # the number 0 reads as 0.0
    np.sum(h * h).backward()
    assert grads_of(W).tolist() == [[2.0, 0.0], [6.0, 1.0]]
    assert data_of([Value(1.0), 2]).dtype == np.float64
    assert data_of(Value(3.0)).shape == ()
    with pytest.raises(TypeError, match=r"^grads_of: entry \[0,1\] is int 0, not a Value"):
        grads_of(h)
    with pytest.raises(TypeError, match=r"^data_of: entry \[1\] is str 'x', not a Value or a"):
        data_of([Value(1.0), "x"])


# ---------------------------------------------------------------- pictures of the graph


def test_draw_dot_and_explain_show_the_entries_by_position() -> None:
    W = as_values([[0.1, 0.2], [0.3, 0.4]], label="W")
    E = np.sum(np.tanh(W @ np.array([1.0, 2.0])))
    E.label = "E"
    E.backward()
    source = draw_dot(E).source
    steps = explain(E)
    for label in ("W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]"):
        assert f">{label}<" in source  # the box shows the label
        assert f"d(E)/d({label}) = " in steps
    assert f"d(E)/d(W[1,0]) = {grads_of(W)[1, 0]:.4g}" in steps
