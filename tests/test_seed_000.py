"""Seed 000: 3 → 2 sigmoid → 1 sigmoid, no biases, x=[0.5, 0.1, -0.2], target 0.6, lr 0.5."""

import numpy as np
from seed_reference import sigmoid_mlp_backprop

from autograd import Value

W_IH = np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]])  # notebook layout (n_in, n_out)
W_HO = np.array([0.1, -0.3])
X, T, LR = [0.5, 0.1, -0.2], 0.6, 0.5


def test_seed_000_weight_changes_match_reference_and_printout():
    wih = [[Value(v) for v in row] for row in W_IH]
    who = [Value(v) for v in W_HO]
    h = [sum(X[i] * wih[i][j] for i in range(3)).sigmoid() for j in range(2)]
    out = sum(a * w for a, w in zip(h, who)).sigmoid()
    e = 0.5 * (T - out) ** 2
    e.backward()
    ref = sigmoid_mlp_backprop([W_IH.T, W_HO[None, :]], None, X, [T])
    np.testing.assert_allclose([v.grad for v in who], ref["dW"][1][0], rtol=1e-12)
    got = np.array([[v.grad for v in row] for row in wih])
    np.testing.assert_allclose(got, ref["dW"][0].T, rtol=1e-12)
    # cells 13/15 print the forward values
    np.testing.assert_allclose([a.data for a in h], [0.55971365, 0.38698582], atol=5e-9)
    assert abs(out.data - 0.48497343084992534) < 1e-15
    # cell 17 uses error = ŷ − y, so its "change" is +lr·dE/dW (004 prints the opposite sign)
    np.testing.assert_allclose(
        LR * np.array([v.grad for v in who]), [-0.00804047, -0.00555918], atol=5e-9
    )
    printed = [
        [-1.77005547e-04, 5.11178506e-04],
        [-3.54011093e-05, 1.02235701e-04],
        [7.08022187e-05, -2.04471402e-04],
    ]
    np.testing.assert_allclose(LR * got, printed, rtol=1e-8)
