"""Seed 001 (001_3490fc5d0dc00077.txt): 3 → 4 sigmoid → 2 sigmoid, no biases, weights from
``np.random.seed(1)`` then ``np.random.random``, x = [1, 2, 1], label [1, 0].

The notebook's loss is E = Σ(y − ŷ)² (its ``gMSE = 2(ŷ − y)`` is dE/dŷ), so the engine
loss here has scale 1 and the ½-loss reference's gradients are doubled.

Where the notebook's code is wrong:

- its dE/dV (cells 149-150) multiplies by ``MSE``, a variable never defined in the cells
  shown, so the printed dE/dV is not the formula beside it. It is a rank-one
  ``outer(h, tp)`` for a stale 2-vector ``tp``: the ten-iteration loop (cell 151) reuses
  that same stale ``tp`` (``tmp = tp.reshape(-1, 2)``) for every V update;
- its updates ``V += 0.01*vGrad`` and ``W += 0.01*wGrad`` step *up* the gradient: the
  outputs move away from the label [1, 0] over the ten iterations.

Its dE/dW (cell 146) is right, and the W it prints after ``W += 0.01*wGrad`` is exactly
the engine's W + 0.01·dE/dW; the V printed beside it is again rank-one stale.
"""

import numpy as np

from seed_reference import assert_printed, printed_numbers, sigmoid_mlp_backprop
from seed_values import assert_matches_reference, sigmoid_mlp

X, LABEL = [1.0, 2.0, 1.0], [1.0, 0.0]
STEP = 0.01  # the notebook's "r"


def _initial_weights():
    """Notebook layout: W (3, 4) input → hidden, V (4, 2) hidden → output."""
    np.random.seed(1)  # exactly the notebook's draws (global legacy generator)
    W = np.random.random((3, 4))
    V = np.random.random((4, 2))
    return W, V


def _net(W, V):
    """E = Σ(y − ŷ)² on reference-layout weights (transposes of the notebook's)."""
    net = sigmoid_mlp([W.T, V.T], None, X, LABEL, scale=1.0)
    net.loss.backward()
    return net


def _engine_grads(W, V):
    got = _net(W, V).grads()
    return got, got["dW"][0].T, got["dW"][1].T  # dE/dW (3, 4), dE/dV (4, 2)


def test_initial_weights_printout():
    W, V = _initial_weights()
    assert_printed(
        W,
        """[[4.17022005e-01 7.20324493e-01 1.14374817e-04 3.02332573e-01]
            [1.46755891e-01 9.23385948e-02 1.86260211e-01 3.45560727e-01]
            [3.96767474e-01 5.38816734e-01 4.19194514e-01 6.85219500e-01]]""",
    )
    assert_printed(
        V,
        """[[0.20445225 0.87811744] [0.02738759 0.67046751]
            [0.4173048  0.55868983] [0.14038694 0.19810149]]""",
    )


def test_gradients_and_error_terms_match_reference():
    W, V = _initial_weights()
    ref = sigmoid_mlp_backprop([W.T, V.T], None, X, LABEL)
    assert_matches_reference(_net(W, V).grads(), ref, scale=1.0)


def test_forward_printout():
    got = _net(*_initial_weights()).grads()
    assert_printed(got["a"][1], "[0.75162564 0.80904526 0.68822398 0.8427288 ]")  # cell 142
    assert_printed(got["a"][2], "[0.64137491 0.8524445 ]")  # cell 142
    # cell 143: gMSE = 2(ŷ − y) is the engine's dE/dŷ for E = Σ(y − ŷ)²
    np.testing.assert_allclose(got["dE_dyhat"], 2 * (got["a"][2] - LABEL), rtol=1e-15)


def test_printed_W_after_update_is_W_plus_step_times_dE_dW():
    W, V = _initial_weights()
    _, dW, _ = _engine_grads(W, V)
    # printed under cell 146 (from the update cell): right gradient, wrong direction
    assert_printed(
        W + STEP * dW,
        """[[4.17310579e-01 7.20539639e-01 2.23727077e-04 3.02358181e-01]
            [1.47333040e-01 9.27688852e-02 1.86478916e-01 3.45611943e-01]
            [3.97056049e-01 5.39031879e-01 4.19303867e-01 6.85245108e-01]]""",
    )


PRINTED_DV = """[[-0.11726854  0.16179498] [-0.12602419  0.1738751 ]
                 [-0.10716226  0.14785138] [-0.13101237  0.18075728]]"""  # cell 150
PRINTED_V_AFTER = """[[0.20329435 0.87979086] [0.02614124 0.67226878]
                      [0.41624458 0.5602221 ] [0.13908869 0.19997775]]"""  # cell 146
PRINTED_LOOP = """[[0.64137491 0.8524445 ]] [[0.64054573 0.85315437]] [[0.63971509 0.85386169]]
[[0.63888298 0.85456648]] [[0.63804942 0.85526872]] [[0.63721439 0.85596842]]
[[0.63637792 0.85666558]] [[0.63553999 0.8573602 ]] [[0.63470062 0.85805229]]
[[0.6338598  0.85874184]]"""  # cell 151, one row per iteration


def test_printed_dE_dV_is_not_the_derivation():
    W, V = _initial_weights()
    got, _, dV = _engine_grads(W, V)
    printed = printed_numbers(PRINTED_DV).reshape(4, 2)
    # The derivation dE/dV = outer(h, dE/dz) is what the engine gives; the printout
    # has the same signs, but every entry is off by far more than its 8 printed digits
    # (by 0.02% to 6%).
    np.testing.assert_allclose(dV, np.outer(got["a"][1], got["delta"][1]), rtol=1e-12)
    assert np.array_equal(np.sign(printed), np.sign(dV))
    assert np.all(np.abs(printed - dV) > 3e-5)
    assert np.max(np.abs(printed / dV - 1)) > 0.05
    # It is still rank one, outer(h', tp) for some hidden vector h' and 2-vector tp
    # (see the ten-iteration test for which).
    ratios = printed[:, 0] / printed[:, 1]
    np.testing.assert_allclose(ratios, ratios[0], rtol=2e-7)  # 8-digit rounding: ≤ 1.6e-7
    # And the V printed after the update is V + 0.01·outer(h, tp'') for the *current* h
    # but a tp'' that is not the current dE/dz either.
    v_after = printed_numbers(PRINTED_V_AFTER).reshape(4, 2)
    tp_after = (v_after - V) / STEP / got["a"][1][:, None]
    np.testing.assert_allclose(tp_after, tp_after[0:1].repeat(4, axis=0), rtol=2e-5)
    assert np.min(np.abs(tp_after[0] / got["delta"][1] - 1)) > 0.03


def _loop(W, V, tp=None, steps=10):
    """The cell-151 loop: W += 0.01·dE/dW; V += 0.01·dE/dV, or 0.01·outer(h, tp) if given.

    Returns the outputs, losses and hidden vectors of each iteration's forward pass.
    """
    W, V = W.copy(), V.copy()
    outputs, losses, hidden = [], [], []
    for _ in range(steps):
        got, dW, dV = _engine_grads(W, V)
        outputs.append(got["a"][2])
        losses.append(got["E"])
        hidden.append(got["a"][1])
        W += STEP * dW
        V += STEP * (dV if tp is None else np.outer(got["a"][1], tp))
    return np.array(outputs), np.array(losses), np.array(hidden)


def test_plus_step_times_gradient_climbs_the_loss():
    W, V = _initial_weights()
    outputs, losses, _ = _loop(W, V)
    assert np.all(np.diff(losses) > 0)
    assert np.all(np.diff(outputs[:, 0]) < 0)  # ŷ₀ leaves its label 1
    assert np.all(np.diff(outputs[:, 1]) > 0)  # ŷ₁ leaves its label 0
    printed = printed_numbers(PRINTED_LOOP).reshape(10, 2)
    assert np.all(np.diff(printed[:, 0]) < 0)
    assert np.all(np.diff(printed[:, 1]) > 0)
    # the same loop with −=, gradient descent, lowers it
    W2, V2 = W.copy(), V.copy()
    descent = []
    for _ in range(10):
        got, dW, dV = _engine_grads(W2, V2)
        descent.append(got["E"])
        W2 -= STEP * dW
        V2 -= STEP * dV
    assert np.all(np.diff(descent) < 0)


def test_ten_iteration_printout_is_explained_by_one_stale_tp():
    """Cell 151's V update uses the stale ``tp``; W's uses the right dE/dW (ascending).

    tp is read off the printout's *second* row alone: after one step the output
    pre-activation is h₁·V + 0.01 (h₁·h₀) tp, so tp = (logit ŷ₁ − h₁·V) / (0.01 h₁·h₀).
    That one 2-vector then reproduces the other eight rows to within 2e-8, i.e. four
    units of the last printed digit: reading tp off 8-digit numbers costs ~1e-6 in tp,
    which the later rows amplify by up to ~1e-2. The true dE/dV misses them by > 1e-4.
    """
    W, V = _initial_weights()
    printed = printed_numbers(PRINTED_LOOP).reshape(10, 2)
    got0, dW0, _ = _engine_grads(W, V)
    h0 = got0["a"][1]
    h1 = _net(W + STEP * dW0, V).grads()["a"][1]
    logit = np.log(printed[1] / (1 - printed[1]))
    tp = (logit - h1 @ V) / (STEP * (h1 @ h0))
    outputs, _, hidden = _loop(W, V, tp)
    np.testing.assert_allclose(outputs, printed, rtol=0, atol=2e-8)
    true_outputs, _, _ = _loop(W, V)
    assert np.max(np.abs(true_outputs[2:] - printed[2:])) > 1e-4
    # The printed dE/dV of cell 150 is outer(h, tp) with this tp and the hidden vector of
    # the loop's last pass: the cell was run after the loop, with its hOut still in scope.
    dv = printed_numbers(PRINTED_DV).reshape(4, 2)
    np.testing.assert_allclose(np.outer(hidden[-1], tp), dv, rtol=5e-6)  # tp read to ~1e-6
    assert np.max(np.abs(np.outer(h0, tp) - dv)) > 1e-5
