"""Seed 004: 2 → 1 sigmoid → 1 sigmoid without biases, x = (0.1, 0.3), w = (0.4, −0.2),
W = 0.1, y = 1, η = 0.5; then seed 000's 3 → 2 → 1 exercise; and the remark that sigmoid
makes gradients vanish.

Where the notebook's code is wrong (its comments derive the right formulas):

- δo is computed as ``(y − ŷ)·ŷ·(y − ŷ)`` instead of ``(y − ŷ)·ŷ·(1 − ŷ)``, and δh as
  ``W·δo·a·(y − a)`` instead of ``W·δo·a·(1 − a)``: right only because y = 1.
- ΔW and Δwᵢ multiply by the network output ``y1`` where the learning rate η belongs:
  it prints ΔW ≈ 0.0309 while its own comment derives ΔW = ηδₒa ≈ 0.0302.
- The exercise's first attempt (In [75]) is wrong throughout; In [76] corrects it.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value

from seed_network import grads, sigmoid_net
from seed_reference import sigmoid, sigmoid_mlp_backprop, sigmoid_prime

X1, X2, W1, W2, HW, Y, ETA = 0.1, 0.3, 0.4, -0.2, 0.1, 1.0, 0.5


def first_network() -> dict[str, Value]:
    w1, w2, hw = Value(W1, "w1"), Value(W2, "w2"), Value(HW, "W")
    h = w1 * X1 + w2 * X2
    a = h.sigmoid()
    z_out = hw * a
    y_hat = z_out.sigmoid()
    error = 0.5 * (Y - y_hat) ** 2
    error.backward()
    return {"w1": w1, "w2": w2, "W": hw, "h": h, "a": a, "z_out": z_out, "y_hat": y_hat}


def test_forward_chain_matches_comments_and_printout() -> None:
    n = first_network()
    assert n["h"].data == pytest.approx(-0.02, abs=1e-15)  # printed −0.01999999999999999
    assert n["a"].data == pytest.approx(0.49500016666, abs=5e-12)
    assert n["y_hat"].data == pytest.approx(0.512372477963, abs=5e-13)
    assert n["a"].data == pytest.approx(float(sigmoid(-0.02)), rel=1e-15)


def test_error_terms_are_minus_the_gradients_at_the_pre_activations() -> None:
    n = first_network()
    y_hat, a = n["y_hat"].data, n["a"].data
    delta_o = (Y - y_hat) * y_hat * (1 - y_hat)  # the comment's δo = (y − ŷ) f'(W·a)
    delta_h = HW * delta_o * a * (1 - a)  # δh = W δo f'(h)
    assert -n["z_out"].grad == pytest.approx(delta_o, rel=1e-12)
    assert -n["h"].grad == pytest.approx(delta_h, rel=1e-12)
    # Printed b = 0.121832235361 and bh = 0.00304550132373: right only because y = 1.
    assert delta_o == pytest.approx(0.121832235361, abs=5e-13)
    assert delta_h == pytest.approx(0.00304550132373, abs=5e-15)
    assert (Y - y_hat) * y_hat * (Y - y_hat) == pytest.approx(delta_o, rel=1e-12)


def test_weight_steps_use_the_learning_rate_not_the_output() -> None:
    n = first_network()
    delta_o, delta_h, a = -n["z_out"].grad, -n["h"].grad, n["a"].data
    step_w = -ETA * n["W"].grad  # ΔW = −η ∂E/∂W = η δo a
    step_wi = (-ETA * n["w1"].grad, -ETA * n["w2"].grad)
    assert step_w == pytest.approx(ETA * delta_o * a, rel=1e-12)
    assert step_w == pytest.approx(0.0302, abs=5e-5)  # the comment's ΔW ≈ 0.0302
    assert step_wi == pytest.approx((ETA * delta_h * X1, ETA * delta_h * X2), rel=1e-12)
    # the comment rounds δh to 0.003 first: (0.5×0.003×0.1, 0.5×0.003×0.3)
    assert step_wi == pytest.approx((0.00015, 0.00045), abs=1e-5)
    # The printout multiplies by y1 instead of η: that reproduces its numbers exactly.
    y1 = n["y_hat"].data
    assert y1 / ETA * step_w == pytest.approx(0.0308996351456, abs=5e-14)
    assert [y1 / ETA * s for s in step_wi] == pytest.approx(
        [0.000156043105988, 0.000468129317964], abs=5e-16
    )


# ---------------------------------------------------------------- the exercise (= seed 000)

X = [0.5, 0.1, -0.2]
TARGET, RATE = 0.6, 0.5
WEIGHTS = [np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]]).T, np.array([[0.1, -0.3]])]


def test_corrected_exercise_matches_its_printout() -> None:
    net = sigmoid_net(WEIGHTS, None, X, [TARGET])
    assert TARGET - net.a[2][0].data == pytest.approx(0.11502656915, abs=5e-12)  # In [76]
    # In [76] adds its change: Δ = −η ∂E/∂W, the opposite sign of seed 000's printout.
    step_ho = -RATE * np.array(grads(net.weights[1]))[0]
    step_ih = -RATE * np.array(grads(net.weights[0])).T
    assert step_ho == pytest.approx([0.00804047, 0.00555918], abs=5e-9)
    printed = [
        [1.77005547e-04, -5.11178506e-04],
        [3.54011093e-05, -1.02235701e-04],
        [-7.08022187e-05, 2.04471402e-04],
    ]
    assert step_ih == pytest.approx(np.array(printed), rel=1e-8)
    ref = sigmoid_mlp_backprop(WEIGHTS, None, X, [TARGET])
    assert step_ih == pytest.approx(-RATE * ref["dW"][0].T, rel=1e-12)


def test_first_attempt_error_is_not_the_error() -> None:
    # In [75] prints error = (t − o)·o·(t − o) = 0.00641673759167, then builds on it;
    # the next cell replaces it with t − o.
    out = sigmoid_net(WEIGHTS, None, X, [TARGET]).a[2][0].data
    wrong = (TARGET - out) * out * (TARGET - out)
    assert wrong == pytest.approx(0.00641673759167, abs=5e-15)
    assert wrong != pytest.approx(TARGET - out, rel=0.5)


# ---------------------------------------------------------------- vanishing gradients


def test_sigmoid_cuts_the_error_by_at_least_75_percent_per_layer() -> None:
    # "errors in the output layer get reduced by at least 75%, and errors in the hidden
    # layer are scaled down by at least 93.75%" (for |W| ≤ 1).
    n = first_network()
    upstream = n["y_hat"].grad  # ∂E/∂ŷ
    assert abs(n["z_out"].grad) <= 0.25 * abs(upstream)
    assert abs(n["h"].grad) <= 0.0625 * abs(upstream)


@given(
    depth=st.integers(1, 12),
    weights=st.lists(st.floats(-1.0, 1.0), min_size=12, max_size=12),
    x=st.floats(-3.0, 3.0),
)
def test_gradient_shrinks_by_a_quarter_per_sigmoid_layer(
    depth: int, weights: list[float], x: float
) -> None:
    leaf = Value(x)
    node = leaf
    for w in weights[:depth]:
        node = (node * w).sigmoid()
    node.backward()
    assert abs(leaf.grad) <= 0.25**depth * (1 + 1e-12)
    bound = np.prod([abs(w) for w in weights[:depth]]) * 0.25**depth
    assert abs(leaf.grad) <= bound * (1 + 1e-12) + 1e-300
    assert float(sigmoid_prime(0.0)) == 0.25  # the maximum of σ'
