"""Seed 002: 2 → 2 sigmoid → 1 sigmoid with biases, x=[0.5, 0.1], y=0.9."""

import numpy as np
from seed_reference import sigmoid_mlp_backprop

from autograd import Value

W1 = np.array([[0.15, 0.24], [0.2, 0.3]])  # (n_out, n_in): notebook's w1 transposed
B1 = np.array([1.0, 1.0])
W2 = np.array([[-0.4, 0.5]])
B2 = np.array([1.0])
X, Y = [0.5, 0.1], [0.9]


def test_seed_002_gradients_match_reference_and_printout():
    w1 = [[Value(v) for v in row] for row in W1]
    b1 = [Value(v) for v in B1]
    w2 = [Value(v) for v in W2[0]]
    b2 = Value(B2[0])
    h = [(sum(w * x for w, x in zip(row, X)) + b).sigmoid() for row, b in zip(w1, b1)]
    out = (sum(w * a for w, a in zip(w2, h)) + b2).sigmoid()
    e = 0.5 * (Y[0] - out) ** 2
    e.backward()
    ref = sigmoid_mlp_backprop([W1, W2], [B1, B2], X, Y)
    got_dw1 = np.array([[v.grad for v in row] for row in w1])
    np.testing.assert_allclose(got_dw1, ref["dW"][0], rtol=1e-12)
    np.testing.assert_allclose([v.grad for v in w2], ref["dW"][1][0], rtol=1e-12)
    np.testing.assert_allclose([v.grad for v in b1], ref["db"][0], rtol=1e-12)
    assert abs(b2.grad - ref["db"][1][0]) <= 1e-12 * abs(b2.grad)
    # printed values, cells 8-11 (6 significant digits)
    assert round(e.data, 6) == 0.011843
    np.testing.assert_allclose([v.grad for v in w2], [-0.021869, -0.022037], atol=5e-7)
    assert round(b2.grad, 6) == -0.029155
    np.testing.assert_allclose(got_dw1.T, [[0.001093, -0.001345], [0.000219, -0.000269]], atol=5e-7)
