"""Seed 001: 3 → 4 sigmoid → 2 sigmoid, no biases, np.random.seed(1) weights, x=[1, 2, 1]."""

import numpy as np
from seed_reference import sigmoid_mlp_backprop

from autograd import Value

X, LABEL = [1.0, 2.0, 1.0], [1.0, 0.0]


def _weights():
    rng = np.random.RandomState(1)
    return rng.random_sample((3, 4)), rng.random_sample((4, 2))


def _loss(W, V):
    w = [[Value(v) for v in r] for r in W]
    v = [[Value(e) for e in r] for r in V]
    h = [sum(X[i] * w[i][j] for i in range(3)).sigmoid() for j in range(4)]
    o = [sum(h[j] * v[j][k] for j in range(4)).sigmoid() for k in range(2)]
    e = sum(0.5 * (t - ok) ** 2 for t, ok in zip(LABEL, o))
    e.backward()
    return e, o, w, v


def test_seed_001_gradients_forward_and_ascent():
    W, V = _weights()
    e, o, w, v = _loss(W, V)
    # cell 142 printout
    np.testing.assert_allclose([ok.data for ok in o], [0.64137491, 0.8524445], atol=5e-9)
    ref = sigmoid_mlp_backprop([W.T, V.T], None, X, LABEL)
    dW = np.array([[x.grad for x in r] for r in w])
    dV = np.array([[x.grad for x in r] for r in v])
    np.testing.assert_allclose(dW, ref["dW"][0].T, rtol=1e-12)
    np.testing.assert_allclose(dV, ref["dW"][1].T, rtol=1e-12)
    # the notebook's `V += 0.01*grad` climbs the loss; the descent step lowers it
    up, *_ = _loss(W + 0.01 * dW, V + 0.01 * dV)
    down, *_ = _loss(W - 0.01 * dW, V - 0.01 * dV)
    assert up.data > e.data > down.data
