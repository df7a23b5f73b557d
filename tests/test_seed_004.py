"""Seed 004, first cell: 2 → 1 sigmoid → 1 sigmoid, no biases, y=1, η=0.5."""

import numpy as np
from seed_reference import sigmoid_mlp_backprop

from autograd import Value

X, Y, ETA = [0.1, 0.3], 1.0, 0.5


def test_seed_004_chain_and_wrong_factor():
    w = [Value(0.4), Value(-0.2)]
    hw = Value(0.1)
    a = (w[0] * X[0] + w[1] * X[1]).sigmoid()
    y1 = (hw * a).sigmoid()
    e = 0.5 * (Y - y1) ** 2
    e.backward()
    ref = sigmoid_mlp_backprop([np.array([[0.4, -0.2]]), np.array([[0.1]])], None, X, [Y])
    assert abs(hw.grad - ref["dW"][1][0, 0]) <= 1e-12 * abs(hw.grad)
    np.testing.assert_allclose([v.grad for v in w], ref["dW"][0][0], rtol=1e-12)
    # printed a and y1 (cell 65)
    assert abs(a.data - 0.49500016666) < 1e-11
    assert abs(y1.data - 0.512372477963) < 1e-12
    # ΔW = −η dE/dW ≈ 0.0302 (the comment); the code multiplies by y1 instead of η: 0.0309
    assert round(-ETA * hw.grad, 4) == 0.0302
    assert abs(-y1.data * hw.grad - 0.0308996351456) < 1e-12
    # vanishing gradient: each sigmoid layer scales the error term by at most 1/4
    assert abs(ref["delta"][0][0]) <= 0.25 * abs(0.1 * ref["delta"][1][0])
