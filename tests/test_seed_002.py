"""Seed 002: 2 → 2 sigmoid → 1 sigmoid with biases, x = [0.5, 0.1], y = 0.9,
E = ½(y − ŷ)², learning rate 0.5. The notebook prints every intermediate of the
forward and backward pass; all of its code is right, so every printout is checked, to
the 6 digits it prints, and every gradient against the reference to 1e-12.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograd import Value

from seed_network import data, grads, sigmoid_net
from seed_reference import sigmoid_mlp_backprop, sigmoid_prime

X, Y, RATE = [0.5, 0.1], 0.9, 0.5
W1 = np.array([[0.15, 0.2], [0.24, 0.3]])  # notebook layout: x @ w1
B1 = np.array([1.0, 1.0])
W2 = np.array([[-0.4], [0.5]])
B2 = np.array([1.0])
WEIGHTS, BIASES = [W1.T, W2.T], [B1, B2]
PRINTED = 5e-7  # the notebook prints 6 decimals


@pytest.fixture
def net():  # type: ignore[no-untyped-def]
    return sigmoid_net(WEIGHTS, BIASES, X, [Y])


def test_sigmoid_derivative_helper() -> None:
    # In [4], In [5]
    for z, printed in ((1.13, 0.18454645770996225), (1, 0.196612), (2, 0.104994), (3, 0.045177)):
        v = Value(z)
        v.sigmoid().backward()
        assert v.grad == pytest.approx(printed, abs=PRINTED)
        assert v.grad == pytest.approx(float(sigmoid_prime(z)), rel=1e-12)


def test_forward_pass(net) -> None:  # type: ignore[no-untyped-def]
    # In [7]
    assert data(net.z[0]) == pytest.approx([1.099, 1.13], abs=PRINTED)
    assert data(net.a[1]) == pytest.approx([0.750073, 0.755839], abs=PRINTED)
    assert net.z[1][0].data == pytest.approx(1.07789, abs=PRINTED)
    assert net.a[2][0].data == pytest.approx(0.746095, abs=PRINTED)
    assert net.error.data == pytest.approx(0.011843, abs=PRINTED)  # In [8]


def test_layer_2_gradients(net) -> None:  # type: ignore[no-untyped-def]
    ref = sigmoid_mlp_backprop(WEIGHTS, BIASES, X, [Y])
    # In [9]: dEdOutL2, dEdInL2, dEdW2, dEdB2 — interior nodes keep their gradients
    assert net.a[2][0].grad == pytest.approx(-0.153905, abs=PRINTED)
    assert net.a[2][0].grad == pytest.approx(ref["a"][2][0] - Y, rel=1e-12)
    assert net.z[1][0].grad == pytest.approx(-0.029155, abs=PRINTED)
    assert net.z[1][0].grad == pytest.approx(ref["delta"][1][0], rel=1e-12)
    assert [row[0] for row in np.array(grads(net.weights[1])).T] == pytest.approx(
        [-0.021869, -0.022037], abs=PRINTED
    )
    assert np.array(grads(net.weights[1])) == pytest.approx(ref["dW"][1], rel=1e-12)
    assert net.biases[1][0].grad == pytest.approx(-0.029155, abs=PRINTED)
    assert net.biases[1][0].grad == pytest.approx(ref["db"][1][0], rel=1e-12)


def test_layer_1_gradients(net) -> None:  # type: ignore[no-untyped-def]
    ref = sigmoid_mlp_backprop(WEIGHTS, BIASES, X, [Y])
    # In [11]: dEdOutL1, dEdInL1, dEdW1, dEdB1
    assert [v.grad for v in net.a[1]] == pytest.approx([0.011662, -0.014578], abs=PRINTED)
    assert [v.grad for v in net.z[0]] == pytest.approx([0.002186, -0.00269], abs=PRINTED)
    assert [v.grad for v in net.z[0]] == pytest.approx(list(ref["delta"][0]), rel=1e-12)
    d_w1 = np.array(grads(net.weights[0])).T  # notebook layout
    assert d_w1 == pytest.approx(
        np.array([[0.001093, -0.001345], [0.000219, -0.000269]]), abs=PRINTED
    )
    assert d_w1 == pytest.approx(ref["dW"][0].T, rel=1e-12)
    assert [b.grad for b in net.biases[0]] == pytest.approx([0.002186, -0.00269], abs=PRINTED)


def test_error_before_and_after_one_update(net) -> None:  # type: ignore[no-untyped-def]
    # In [13]: one step of gradient descent with learning rate 0.5
    new_w = [
        np.array([[w.data - RATE * w.grad for w in row] for row in layer]) for layer in net.weights
    ]
    new_b = [np.array([b.data - RATE * b.grad for b in layer]) for layer in net.biases]
    after = sigmoid_net(new_w, new_b, X, [Y])
    assert net.error.data == pytest.approx(0.011843, abs=PRINTED)
    assert after.error.data == pytest.approx(0.010953, abs=PRINTED)
    assert after.error.data == pytest.approx(
        sigmoid_mlp_backprop(new_w, new_b, X, [Y])["E"], rel=1e-12
    )
