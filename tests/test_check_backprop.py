"""check_backprop (autograd/backprop_check.py): a hand-derived NumPy gradient against the
engine's and finite differences, with a report per entry and a pattern per input.

The correct derivations come from tests/seed_reference.py (the seeds' formulas in NumPy,
independent of the engine); the wrong ones are the mistakes the seeds make.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from autograd import (
    GradcheckError,
    NonDifferentiablePointWarning,
    Value,
    as_values,
    check_backprop,
)
from autograd.strategies import arrays, finite_floats

from seed_reference import sigmoid, sigmoid_mlp_backprop

# 001's network: 3 → 4 sigmoid → 2 sigmoid, no biases, notebook layout (x @ W)
X, LABEL = np.array([1.0, 2.0, 1.0]), np.array([1.0, 0.0])
W0 = np.random.default_rng(1).uniform(0, 1, (3, 4))
V0 = np.random.default_rng(2).uniform(0, 1, (4, 2))


def forward(W: Any, V: Any) -> Any:
    """E = ½ Σ (ŷ − y)², ŷ = σ(σ(x W) V)."""
    h = 1 / (1 + np.exp(-np.dot(X, W)))
    y = 1 / (1 + np.exp(-np.dot(h, V)))
    return 0.5 * np.sum((y - LABEL) ** 2)


def backward(W: np.ndarray, V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The reference derivation, transposed to the notebook's layout."""
    ref = sigmoid_mlp_backprop([W.T, V.T], None, X, LABEL)
    return ref["dW"][0].T, ref["dW"][1].T


def report(
    backward_: Callable[..., Any], *arrays_: Any, forward_: Callable[..., Any] = forward
) -> str:
    with pytest.raises(GradcheckError) as error:
        check_backprop(forward_, backward_, *(arrays_ or (W0, V0)))
    return str(error.value)


def bumped(a: np.ndarray, index: tuple[int, ...], delta: float) -> np.ndarray:
    """A copy of ``a`` with ``delta`` added at ``index``."""
    out = a.copy()
    out[index] += delta
    return out


def test_a_correct_derivation_passes() -> None:
    assert check_backprop(forward, backward, W0, V0) is True


def test_the_report_in_full_for_a_sign_flip() -> None:
    x = np.array([1.0, -2.0])
    text = report(
        lambda w: (np.dot(w, x) - 1.0) * -x,  # wrong: (1 - w·x) x
        [0.5, 0.25],
        forward_=lambda w: 0.5 * (np.sum(w * x) - 1.0) ** 2,
    )
    assert text == (
        "check_backprop: 1 of 1 gradient(s) disagree, at E = 0.5 (yours against the "
        "engine's: |yours - engine| <= atol + rtol*|engine|, rtol=1e-07, atol=1e-10):\n"
        "  dE/dw, shape (2,): 2 of 2 entries disagree; yours = -engine everywhere: a sign "
        "flip (y - ŷ written where dE/dŷ = ŷ - y, or a step +η·g taken for the gradient?)\n"
        "    dE/dw[1]: yours -2, engine 2, finite differences 2\n"
        "    dE/dw[0]: yours 1, engine -1, finite differences -1"
    )


# wrong derivation → what the report must say (regular expressions, in order)
MISTAKES: dict[str, tuple[Callable[..., Any], list[str]]] = {
    "sign flip": (
        lambda W, V: tuple(-g for g in backward(W, V)),
        [
            r"2 of 2 gradient\(s\) disagree",
            r"dE/dW, shape \(3, 4\): 12 of 12 entries disagree; yours = -engine everywhere: "
            r"a sign flip",
            r"… and 9 more",
            r"dE/dV, shape \(4, 2\): 8 of 8 entries disagree; yours = -engine everywhere",
            r"Every disagreeing gradient has the opposite sign of the engine's",
        ],
    ),
    "the ½ of the loss forgotten": (
        lambda W, V: tuple(2 * g for g in backward(W, V)),
        [
            r"dE/dW, shape \(3, 4\): 12 of 12 entries disagree; yours = 2 × engine everywhere: "
            r"a constant factor",
            r"Every disagreeing gradient is 2 × the engine's",
        ],
    ),
    "a learning rate left in one gradient": (
        lambda W, V: (backward(W, V)[0], 0.5 * backward(W, V)[1]),
        [
            r"1 of 2 gradient\(s\) disagree",
            r"dE/dW, shape \(3, 4\): agrees",
            r"dE/dV, shape \(4, 2\): 8 of 8 entries disagree; yours = 0.5 × engine everywhere",
        ],
    ),
    "one hidden unit's error term wrong": (
        lambda W, V: (backward(W, V)[0] * np.array([1.0, 1.0, 1.3, 1.0]), backward(W, V)[1]),
        [
            r"dE/dW, shape \(3, 4\): 3 of 12 entries disagree; no single pattern .*; the "
            r"disagreeing entries are exactly column\(s\) 2",
            r"dE/dW\[\d,2\]: yours",
        ],
    ),
    "one entry wrong": (
        lambda W, V: (backward(W, V)[0], bumped(backward(W, V)[1], (1, 0), 1e-3)),
        [r"dE/dV, shape \(4, 2\): 1 of 8 entries disagree", r"dE/dV\[1,0\]: yours"],
    ),
    "not computed": (
        lambda W, V: (np.zeros((3, 4)), backward(W, V)[1]),
        [r"dE/dW, shape \(3, 4\): 12 of 12 entries disagree; yours is 0 everywhere"],
    ),
    "transposed, other shape": (
        lambda W, V: (backward(W, V)[0].T, backward(W, V)[1]),
        [
            r"dE/dW, shape \(3, 4\): yours has shape \(4, 3\) but W has shape \(3, 4\); it is "
            r"the engine's transposed: return it as \.T",
            r"dE/dV, shape \(4, 2\): agrees",
        ],
    ),
    "a column for a vector": (
        lambda W, V: (backward(W, V)[0], backward(W, V)[1].reshape(1, 8)),
        [
            r"dE/dV, shape \(4, 2\): yours has shape \(1, 8\) but V has shape \(4, 2\); the "
            r"numbers agree once reshaped: return it as \.reshape\(V\.shape\)"
        ],
    ),
    "reshaped and wrong": (
        lambda W, V: (backward(W, V)[0], -backward(W, V)[1].reshape(8)),
        [r"yours has shape \(8,\) but V has shape \(4, 2\); and even reshaped, the numbers"],
    ),
    "too few entries": (
        lambda W, V: (backward(W, V)[0], backward(W, V)[1][:3]),
        [r"yours has shape \(3, 2\) but V has shape \(4, 2\): 6 entries for 8"],
    ),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_the_report_names_the_pattern_of_the_mistake(mistake: str) -> None:
    wrong, expected = MISTAKES[mistake]
    text = report(wrong)
    position = 0
    for pattern in expected:
        found = re.compile(pattern).search(text, position)
        assert found, f"{pattern!r} not found (in order) in:\n{text}"
        position = found.end()


def test_a_transposed_square_gradient() -> None:
    x = np.array([0.3, -1.2, 0.8])

    def energy(W: Any) -> Any:  # E = ½ |tanh(W x)|²
        return 0.5 * np.sum(np.tanh(W @ x) ** 2)

    def right(W: np.ndarray) -> np.ndarray:
        y = np.tanh(W @ x)
        return np.outer(y * (1 - y**2), x)

    W = np.random.default_rng(5).uniform(-1, 1, (3, 3))
    assert check_backprop(energy, right, W)
    text = report(lambda W: right(W).T, W, forward_=energy)
    assert "yours is the engine's transposed: W[i,j] and W[j,i] swapped" in text


def test_the_worst_entries_come_first_with_digits_that_tell_them_apart() -> None:
    def wrong(W: np.ndarray, V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dW, dV = backward(W, V)
        dV = dV.copy()
        dV[0, 1] *= 1 + 1e-6  # the smallest relative error, still beyond rtol = 1e-7
        dV[2, 0] += 0.5  # the largest
        dV[3, 1] -= 0.01
        dV[1, 1] += 0.001
        return dW, dV

    text = report(wrong)
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("dE/dV[")]
    assert [line.split(":")[0] for line in lines] == ["dE/dV[2,0]", "dE/dV[3,1]", "dE/dV[1,1]"]
    assert "… and 1 more" in text
    yours, engine = re.search(r"yours (\S+), engine (\S+),", lines[0]).groups()  # type: ignore[union-attr]
    assert yours != engine
    # 1e-6 relative apart: the numbers are printed with enough digits to differ
    _, dV = backward(W0, V0)
    single = report(
        lambda W, V: (
            backward(W, V)[0],
            dV * np.where(np.arange(8).reshape(4, 2) == 1, 1 + 1e-6, 1),
        )
    )
    yours, engine, _ = re.search(  # type: ignore[union-attr]
        r"dE/dV\[0,1\]: yours (\S+), engine (\S+), finite differences (\S+)", single
    ).groups()
    assert yours != engine and len(yours) >= 8


def test_gradients_by_name_single_arrays_and_names() -> None:
    assert check_backprop(forward, lambda W, V: dict(zip("WV", backward(W, V))), W0, V0)
    x = np.array([1.0, 2.0])
    assert check_backprop(lambda w: np.sum(w * x) ** 2, lambda w: 2 * np.dot(w, x) * x, [0.1, 0.2])
    assert check_backprop(
        lambda w: np.sum(w * x) ** 2, lambda w: (2 * np.dot(w, x) * x,), [0.1, 0.2]
    )
    # names: from forward's parameters, from names=, or x0, x1 for *args
    text = report(lambda *a: (0 * a[0], backward(*a)[1]), W0, V0, forward_=lambda *a: forward(*a))
    assert "dE/dx0, shape (3, 4)" in text and "dE/dx1, shape (4, 2): agrees" in text
    with pytest.raises(
        GradcheckError,
        match=r"dE/dhidden, shape \(3, 4\): 12 of 12(.|\n)*dE/dout, shape \(4, 2\): agrees",
    ):
        check_backprop(
            forward, lambda W, V: (0 * W, backward(W, V)[1]), W0, V0, names=["hidden", "out"]
        )


@pytest.mark.parametrize("shape", [(), (1,), (1, 1)])
def test_a_loss_of_one_entry_in_an_array_is_a_scalar(shape: tuple[int, ...]) -> None:
    x = np.array([1.0, 2.0])
    loss = lambda w: (np.sum(w * x, keepdims=True) ** 2).reshape(shape)
    assert check_backprop(loss, lambda w: 2 * np.dot(w, x) * x, [0.1, 0.2])


def test_a_loss_that_no_value_reaches_has_gradient_0() -> None:
    """Every relu off: np.maximum gives the number 0 everywhere, so E is the number 0."""
    dead = lambda w: np.sum(np.maximum(w, 0))
    assert check_backprop(dead, lambda w: np.zeros(2), [-1.0, -2.0])
    with pytest.raises(GradcheckError, match=r"yours 1, engine 0, finite differences 0"):
        check_backprop(dead, lambda w: np.ones(2), [-1.0, -2.0])


def test_a_forward_pass_that_leaves_the_graph_is_reported_not_judged() -> None:
    leaves = lambda W, V: forward(np.asarray(W, dtype=float), V)
    text = report(backward, forward_=leaves)
    assert re.search(
        r"dE/dW, shape \(3, 4\): at 12 of 12 entries the engine and finite differences "
        r"disagree, so yours cannot be judged there: the forward pass leaves the graph",
        text,
    )
    assert re.search(r"dE/dW\[\d,\d\]: yours \S+, engine 0, finite differences", text)
    assert "dE/dV, shape (4, 2): agrees" in text


def test_at_a_kink_either_side_is_accepted_with_a_warning() -> None:
    """np.maximum(w, 0) takes relu'(0) = 1; a derivation with (w > 0) takes 0: both sides."""
    c = np.array([1.0, 2.0])
    relu_sum = lambda w: np.sum(np.maximum(w, 0) * c)
    with pytest.warns(
        NonDifferentiablePointWarning,
        match=r"dE/dw\[0\] sits where E is not differentiable \(slope 0.0 from the left, "
        r"1.0000\d* from the right\)",
    ) as record:
        assert check_backprop(relu_sum, lambda w: (w > 0) * c, [0.0, 1.0])
    assert record[0].filename == __file__  # points at the call of check_backprop
    with (
        pytest.warns(NonDifferentiablePointWarning),
        pytest.raises(GradcheckError, match=r"dE/dw\[0\]: yours 0.5"),
    ):
        check_backprop(relu_sum, lambda w: np.where(w > 0, c, 0.5), [0.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error", NonDifferentiablePointWarning)
        with pytest.raises(NonDifferentiablePointWarning):
            check_backprop(relu_sum, lambda w: (w > 0) * c, [0.0, 1.0])


def test_a_broken_graph_is_reported_before_a_wrong_shape() -> None:
    leaves = lambda W, V: forward(np.asarray(W, dtype=float), V)
    text = report(lambda W, V: (backward(W, V)[0].T, backward(W, V)[1]), forward_=leaves)
    assert "dE/dW, shape (3, 4): at 12 of 12 entries the engine and finite differences" in text
    assert re.search(r"dE/dW\[\d,\d\]: engine 0, finite differences", text)  # no "yours"


def test_nothing_given_is_changed_and_outside_values_keep_their_grad() -> None:
    W, V = W0.copy(), V0.copy()
    bias = Value(0.1, label="bias")
    bias.grad = 7.0

    def with_bias(W: Any, V: Any) -> Any:
        return forward(W, V) + bias * 0.0

    def scribbles(W: np.ndarray, V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        grads = backward(W, V)
        W[...] = 0.0  # backward works on copies
        return grads

    assert check_backprop(with_bias, scribbles, W, V)
    assert np.array_equal(W, W0) and np.array_equal(V, V0) and bias.grad == 7.0


BAD_CALLS: dict[str, tuple[type[Exception], str, Callable[[], Any]]] = {
    "array loss": (
        ValueError,
        r"forward must return one number, the loss E; it returned an array of shape \(2,\): sum it",
        lambda: check_backprop(lambda w: w * 2, lambda w: w, [1.0, 2.0]),
    ),
    "no number": (
        TypeError,
        r"forward must return the loss E, a Value or a number, not list",
        lambda: check_backprop(lambda w: [w], lambda w: w, [1.0]),
    ),
    "too many gradients": (
        ValueError,
        r"backward returned 3 gradients for 2 inputs \(W, V\); return one per input",
        lambda: check_backprop(forward, lambda W, V: (W, V, V), W0, V0),
    ),
    "one array for two inputs": (
        TypeError,
        r"backward must return one gradient per input \(W, V\), as a tuple or a dict by name, "
        r"not ndarray",
        lambda: check_backprop(forward, lambda W, V: W, W0, V0),
    ),
    "missing name": (
        ValueError,
        r"backward's dict has no gradient for 'V' \(the inputs are W, V\)",
        lambda: check_backprop(forward, lambda W, V: {"W": W}, W0, V0),
    ),
    "unknown name": (
        ValueError,
        r"backward's dict has 'dV', which is not an input name \(the inputs are W, V\)",
        lambda: check_backprop(forward, lambda W, V: {"W": W, "V": V, "dV": V}, W0, V0),
    ),
    "gradient not numbers": (
        TypeError,
        r"backward's gradient for V is not an array of numbers",
        lambda: check_backprop(forward, lambda W, V: (W, "dV"), W0, V0),
    ),
    "no arrays": (
        ValueError,
        r"no arrays given; pass the arrays forward takes",
        lambda: check_backprop(forward, backward),
    ),
    "input not numbers": (
        TypeError,
        r"check_backprop: V: entry \[1\] is str 'a', not a real number",
        lambda: check_backprop(forward, backward, W0, [1.0, "a"]),
    ),
    "input not finite": (
        ValueError,
        r"check_backprop: V\[1,0\] is nan; finite differences need finite inputs",
        lambda: check_backprop(forward, backward, W0, bumped(V0, (1, 0), np.nan)),
    ),
    "eps": (
        ValueError,
        r"eps must be > 0, got 0",
        lambda: check_backprop(forward, backward, W0, V0, eps=0),
    ),
    "tolerance": (
        ValueError,
        r"tolerances must be >= 0, got rtol=-1",
        lambda: check_backprop(forward, backward, W0, V0, rtol=-1),
    ),
    "names": (
        ValueError,
        r"names must be 2 non-empty strings, one per array, got \['W'\]",
        lambda: check_backprop(forward, backward, W0, V0, names=["W"]),
    ),
    "same names": (
        ValueError,
        r"names must differ, got \['W', 'W'\]",
        lambda: check_backprop(forward, backward, W0, V0, names=["W", "W"]),
    ),
    "edge of the domain": (
        ValueError,
        r"forward cannot be evaluated at w\[1\] = -9(\.\d+)?e-07 \(x - eps\): log: the argument "
        r"must be > 0.*; move the point away",
        lambda: check_backprop(lambda w: np.sum(np.log(w)), lambda w: 1 / w, [1.0, 1e-7]),
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_bad_calls_say_what_was_wrong(case: str) -> None:
    error, match, call = BAD_CALLS[case]
    with pytest.raises(
        error, match=f"^check_backprop: {match}" if not match.startswith("check") else f"^{match}"
    ):
        call()


# ---------------------------------------------------------------- property tests

X1, X2 = 0.1, 0.3  # 004's inputs


def net_004(y: float) -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """004's 2 → 1 sigmoid → 1 sigmoid net with target y, on its scalars w1, w2, W (0-d
    arrays): the loss, the derivation of its comments (δ with 1 − ŷ), and its code's δ
    terms (y − ŷ where 1 − ŷ belongs)."""

    def loss(w1: Any, w2: Any, W: Any) -> Any:
        a = 1 / (1 + np.exp(-(w1 * X1 + w2 * X2)))
        return 0.5 * (y - 1 / (1 + np.exp(-(W * a)))) ** 2

    def derived(w1: Any, w2: Any, W: Any, one_minus: Callable[[Any], Any]) -> Any:
        a = sigmoid(w1 * X1 + w2 * X2)
        y1 = sigmoid(W * a)
        delta_o = (y - y1) * y1 * one_minus(y1)
        delta_h = W * delta_o * a * one_minus(a)
        return -delta_h * X1, -delta_h * X2, -delta_o * a

    right = lambda *w: derived(*w, lambda v: 1 - v)
    notebook = lambda *w: derived(*w, lambda v: y - v)
    return loss, right, notebook


@given(arrays(()), arrays(()), arrays(()))
def test_property_the_notebooks_delta_terms_pass_at_y_1(
    w1: np.ndarray, w2: np.ndarray, W: np.ndarray
) -> None:
    loss, right, notebook = net_004(1.0)
    assert check_backprop(loss, right, w1, w2, W)
    assert check_backprop(loss, notebook, w1, w2, W)


def test_property_testing_over_y_finds_the_delta_terms_wrong() -> None:
    # No explain phase: before Python 3.12 it traces every line, 30 s here.
    @settings(database=None, phases=[Phase.generate, Phase.shrink])
    @given(arrays(()), arrays(()), arrays(()), finite_floats(0.0, 1.0))
    def notebook_derivation(w1: np.ndarray, w2: np.ndarray, W: np.ndarray, y: float) -> None:
        loss, right, notebook = net_004(y)
        assert check_backprop(loss, right, w1, w2, W)
        assert check_backprop(loss, notebook, w1, w2, W)

    with pytest.raises(GradcheckError, match=r"dE/dW, shape \(\): disagrees; yours = "):
        notebook_derivation()


@given(st.data())
def test_arrays_strategy_draws_finite_float64_arrays_in_range(data: st.DataObject) -> None:
    shape = data.draw(st.sampled_from([(), 3, (2, 3), (1, 4, 2)]))
    low = data.draw(st.floats(-5, 0))
    drawn = data.draw(arrays(shape, low, low + 2))
    assert drawn.dtype == np.float64
    assert drawn.shape == ((shape,) if isinstance(shape, int) else shape)
    assert np.isfinite(drawn).all() and (drawn >= low).all() and (drawn <= low + 2).all()


def test_values_in_gradients_are_refused_as_inputs() -> None:
    with pytest.raises(TypeError, match=r"^check_backprop: W: entry \[0,0\] is a Value"):
        check_backprop(forward, backward, as_values(W0), V0)
