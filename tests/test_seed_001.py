"""Seed 001 (Understanding Backpropagation - MLP): 3 → 4 sigmoid → 2 sigmoid without
biases, weights from ``np.random.seed(1)`` then ``np.random.random``, x = [1, 2, 1],
label [1, 0], E = Σ (y − label)² (its gradient 2(y − label) is the notebook's gMSE).

Where the notebook's code is wrong (see the seeds' README):

- its printed dE/dV comes from ``MSE``, a variable no cell shown defines, so it does not
  match the formula beside it (hOut ⊗ σ'·gMSE); the test checks the formula, and that the
  printout is not it;
- its updates ``V += 0.01*vGrad`` and ``W += 0.01*wGrad`` climb the loss: over its ten
  printed iterations both outputs move away from the label. The test reproduces that
  direction with the correct gradient, and checks that descent (−=) lowers the loss.
"""

from __future__ import annotations

import numpy as np
import pytest

from seed_network import data, grads, sigmoid_net
from seed_reference import sigmoid, sigmoid_mlp_backprop

X = np.array([1.0, 2.0, 1.0])
LABEL = np.array([1.0, 0.0])
PRINTED_OUTPUTS = [  # In [151], one row per iteration (printed before each update)
    [0.64137491, 0.8524445],
    [0.64054573, 0.85315437],
    [0.63971509, 0.85386169],
    [0.63888298, 0.85456648],
    [0.63804942, 0.85526872],
    [0.63721439, 0.85596842],
    [0.63637792, 0.85666558],
    [0.63553999, 0.8573602],
    [0.63470062, 0.85805229],
    [0.6338598, 0.85874184],
]


def initial_weights() -> tuple[np.ndarray, np.ndarray]:
    np.random.seed(1)
    w = np.random.random((3, 4))
    v = np.random.random((4, 2))
    return w, v


def gradients(w: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, list[float]]:
    """dE/dW, dE/dV (notebook layouts), E and the outputs, from the engine.

    sigmoid_net builds E = ½ Σ (label − y)², so the notebook's E is twice it.
    """
    net = sigmoid_net([w.T, v.T], None, X, LABEL)
    d_w = 2 * np.array(grads(net.weights[0])).T
    d_v = 2 * np.array(grads(net.weights[1])).T
    return d_w, d_v, 2 * net.error.data, data(net.a[2])


def test_printed_weights_and_forward_pass() -> None:
    w, v = initial_weights()
    assert w[0] == pytest.approx([4.17022005e-01, 7.20324493e-01, 1.14374817e-04, 3.02332573e-01])
    assert v[3] == pytest.approx([0.14038694, 0.19810149])
    net = sigmoid_net([w.T, v.T], None, X, LABEL)
    assert data(net.a[1]) == pytest.approx(
        [0.75162564, 0.80904526, 0.68822398, 0.8427288], abs=5e-9
    )
    assert data(net.a[2]) == pytest.approx(PRINTED_OUTPUTS[0], abs=5e-9)


def test_dE_dV_and_dE_dW_match_the_derivation() -> None:
    w, v = initial_weights()
    d_w, d_v, _, _ = gradients(w, v)
    # The notebook's formulas, written out: oDer·gMSE, then through V and hDer.
    h_out = sigmoid(X @ w)
    o_out = sigmoid(h_out @ v)
    t = o_out * (1 - o_out) * 2 * (o_out - LABEL)  # dE/dz at the output
    assert d_v == pytest.approx(np.outer(h_out, t), rel=1e-12)
    h_der = h_out * (1 - h_out) * (v @ t)
    assert d_w == pytest.approx(np.outer(X, h_der), rel=1e-12)
    ref = sigmoid_mlp_backprop([w.T, v.T], None, X, LABEL)
    assert d_w == pytest.approx(2 * ref["dW"][0].T, rel=1e-12)
    # The printed vGrad (from the undefined MSE) is not this gradient.
    printed_v_grad = np.array([[-0.11726854, 0.16179498], [-0.12602419, 0.1738751]])
    assert not np.allclose(d_v[:2], printed_v_grad, rtol=1e-3)


def test_the_printed_updates_climb_the_loss() -> None:
    printed = np.array(PRINTED_OUTPUTS)
    # In the printout, output 0 falls away from its label 1 and output 1 rises away from 0.
    assert np.all(np.diff(printed[:, 0]) < 0) and np.all(np.diff(printed[:, 1]) > 0)
    w, v = initial_weights()
    losses, outputs = [], []
    for _ in range(10):
        d_w, d_v, loss, out = gradients(w, v)
        losses.append(loss)
        outputs.append(out)
        v, w = v + 0.01 * d_v, w + 0.01 * d_w  # the notebook's +=: gradient ascent
    outputs_arr = np.array(outputs)
    assert np.all(np.diff(losses) > 0)
    assert np.all(np.diff(outputs_arr[:, 0]) < 0) and np.all(np.diff(outputs_arr[:, 1]) > 0)


def test_ten_iterations_of_descent_match_numpy_and_lower_the_loss() -> None:
    w, v = initial_weights()
    w_ref, v_ref = w.copy(), v.copy()
    losses = []
    for _ in range(10):
        d_w, d_v, loss, _ = gradients(w, v)
        ref = sigmoid_mlp_backprop([w_ref.T, v_ref.T], None, X, LABEL)
        assert loss == pytest.approx(2 * ref["E"], rel=1e-12)
        losses.append(loss)
        w, v = w - 0.01 * d_w, v - 0.01 * d_v
        w_ref, v_ref = w_ref - 0.01 * 2 * ref["dW"][0].T, v_ref - 0.01 * 2 * ref["dW"][1].T
    assert w == pytest.approx(w_ref, rel=1e-12)
    assert v == pytest.approx(v_ref, rel=1e-12)
    assert np.all(np.diff(losses) < 0)
