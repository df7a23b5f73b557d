"""Seed 000 (Understanding Backpropagation): softmax / sigmoid / ReLU helpers, a
perceptron, and a 3 → 2 sigmoid → 1 sigmoid network without biases.

The notebook's error is ``output − target`` and its "change in weights" is
``learning_rate × ∂E/∂W`` for E = ½(target − output)²: the gradient itself, to be
*subtracted*. Seed 004 prints the same quantities with the opposite sign (it uses
``target − output`` and adds the change); both agree with E = ½(y − ŷ)² (see
test_seed_004).
"""

from __future__ import annotations

import numpy as np
import pytest

from autograd import Value, sum_of

from seed_network import data, grads, sigmoid_net
from seed_reference import sigmoid, sigmoid_mlp_backprop, sigmoid_prime, softmax_jacobian

X = [0.5, 0.1, -0.2]
TARGET = 0.6
LEARNING_RATE = 0.5
W_INPUT_HIDDEN = np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]])  # notebook layout: x @ W
W_HIDDEN_OUTPUT = np.array([0.1, -0.3])
# The same weights in the reference layout (n_out, n_in).
WEIGHTS = [W_INPUT_HIDDEN.T, W_HIDDEN_OUTPUT[None, :]]


def engine_softmax(z: list[Value]) -> list[Value]:
    exps = [v.exp() for v in z]
    total = sum_of(exps)
    return [e / total for e in exps]


def test_helpers_match_the_printed_values() -> None:
    # In [3], In [5], In [7]
    z = [Value(2.0), Value(4.0), Value(5.0)]
    assert data(engine_softmax(z)) == pytest.approx([0.03511903, 0.25949646, 0.70538451], abs=5e-9)
    assert data([v.sigmoid() for v in z]) == pytest.approx(
        [0.88079708, 0.98201379, 0.99330715], abs=5e-9
    )
    assert data([v.relu() for v in z]) == [2.0, 4.0, 5.0]


@pytest.mark.parametrize("i", [0, 1, 2])
def test_softmax_gradient_is_the_jacobian_row_sum(i: int) -> None:
    # ∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ): backward from output i gives row i of the Jacobian.
    z = [Value(2.0), Value(4.0), Value(5.0)]
    engine_softmax(z)[i].backward()
    assert [v.grad for v in z] == pytest.approx(softmax_jacobian([2, 4, 5])[i], rel=1e-12)


def test_sigmoid_and_relu_gradients() -> None:
    for x in (-3.0, -0.5, 0.0, 0.5, 3.0):
        s, r = Value(x), Value(x)
        s.sigmoid().backward()
        r.relu().backward()
        assert s.grad == pytest.approx(float(sigmoid_prime(x)), rel=1e-12)
        assert r.grad == (1.0 if x > 0 else 0.0)  # relu'(0) = 0 by convention


def test_perceptron_gradient() -> None:
    # In [8]: sigmoid(b + X·w) with b = 10 and random w; ∂/∂w = σ'(z)·X, ∂/∂b = σ'(z).
    xs = [2.0, 4.0, 5.0]
    w = [Value(v) for v in (0.3, 0.1, 0.7)]
    b = Value(10.0)
    out = (b + sum_of([wi * xi for wi, xi in zip(w, xs)])).sigmoid()
    out.backward()
    z = 10.0 + 0.3 * 2 + 0.1 * 4 + 0.7 * 5
    assert out.data == pytest.approx(float(sigmoid(z)), rel=1e-12)
    assert [wi.grad for wi in w] == pytest.approx(list(sigmoid_prime(z) * np.array(xs)), rel=1e-9)
    assert b.grad == pytest.approx(float(sigmoid_prime(z)), rel=1e-9)


def test_forward_pass_matches_the_printout() -> None:
    net = sigmoid_net(WEIGHTS, None, X, [TARGET])
    assert data(net.a[1]) == pytest.approx([0.55971365, 0.38698582], abs=5e-9)  # In [13]
    assert net.a[2][0].data == pytest.approx(0.48497343084992534, rel=1e-15)  # In [15]


def test_error_terms_and_weight_changes_match_formula_and_printout() -> None:
    net = sigmoid_net(WEIGHTS, None, X, [TARGET])
    ref = sigmoid_mlp_backprop(WEIGHTS, None, X, [TARGET])
    # del_err_output = (output − target)·σ' is ∂E/∂z_out; del_err_hidden likewise.
    assert net.z[1][0].grad == pytest.approx(ref["delta"][1][0], rel=1e-12)
    assert data_grads(net.z[0]) == pytest.approx(list(ref["delta"][0]), rel=1e-12)
    # ∂E/∂W against the reference, then × learning rate against In [17]'s printout.
    d_who = np.array(grads(net.weights[1]))[0]
    d_wih = np.array(grads(net.weights[0])).T  # back to the notebook's (n_in, n_out)
    assert d_who == pytest.approx(ref["dW"][1][0], rel=1e-12)
    assert d_wih == pytest.approx(ref["dW"][0].T, rel=1e-12)
    assert LEARNING_RATE * d_who == pytest.approx([-0.00804047, -0.00555918], abs=5e-9)
    printed = [
        [-1.77005547e-04, 5.11178506e-04],
        [-3.54011093e-05, 1.02235701e-04],
        [7.08022187e-05, -2.04471402e-04],
    ]
    assert LEARNING_RATE * d_wih == pytest.approx(np.array(printed), rel=1e-8)


def data_grads(values: list[Value]) -> list[float]:
    return [v.grad for v in values]


def test_subtracting_the_printed_change_lowers_the_error() -> None:
    net = sigmoid_net(WEIGHTS, None, X, [TARGET])
    stepped = [
        np.array(data_w) - LEARNING_RATE * np.array(g)
        for data_w, g in zip(
            [[[w.data for w in row] for row in layer] for layer in net.weights],
            [grads(layer) for layer in net.weights],
        )
    ]
    assert sigmoid_mlp_backprop(stepped, None, X, [TARGET])["E"] < net.error.data
