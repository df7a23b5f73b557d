"""Seed 004 (004_ac78b582796d27ec.txt): a 2 → 1 sigmoid → 1 sigmoid network without biases
(x = (0.1, 0.3), w = (0.4, −0.2), W = 0.1, y = 1, η = 0.5), the vanishing-gradient
remark, then the 3 → 2 → 1 exercise of seed 000.

004 writes error terms as δ = (y − ŷ) f' = −dE/dz for E = ½(y − ŷ)² and weight changes
as Δ = +η δ a = −η dE/dW, the step to *add*; 000 prints the same numbers with the
opposite sign (its error is ŷ − y). Both are consistent with E = ½(y − ŷ)².

Where the notebook's code is wrong:

- first cell: the weight changes multiply by the network output ``y1`` where η belongs,
  so it prints ΔW ≈ 0.0309 while its comment derives ΔW = ηδₒa ≈ 0.0302, and likewise
  Δwᵢ. Its error terms ``(y − y1)·y1·(y − y1)`` and ``hw·b·a·(y − a)`` put y where 1
  belongs (in ``1 − y1`` and ``1 − a``): right only because y = 1.
- exercise, cell 75: a wrong first attempt (error = (t − ŷ)²ŷ), which the notebook itself
  flags and corrects in cell 76.
"""

from itertools import pairwise

import numpy as np
import pytest

from autograd import Value

from seed_reference import (
    NET_000_CHANGES_HO,
    NET_000_CHANGES_IH,
    NET_000_TARGET,
    NET_000_W_HO,
    NET_000_W_IH,
    NET_000_WEIGHTS,
    NET_000_X,
    assert_printed,
    sigmoid_mlp_backprop,
)
from seed_values import assert_matches_reference, sigmoid_mlp

REL = 1e-12

# --- cell 65: the 2 → 1 → 1 chain ---------------------------------------------------------

X, Y, ETA = [0.1, 0.3], 1.0, 0.5
WEIGHTS = [np.array([[0.4, -0.2]]), np.array([[0.1]])]  # w (into the hidden unit), W


def _net(y: float = Y):
    net = sigmoid_mlp(WEIGHTS, None, X, [y])
    net.loss.backward()
    return net


def test_gradients_and_error_terms_match_reference():
    assert_matches_reference(_net().grads(), sigmoid_mlp_backprop(WEIGHTS, None, X, [Y]))


def test_chain_printout():
    got = _net().grads()
    delta_o = -got["delta"][1][0]  # δₒ = (y − ŷ) f'(W·a) = −dE/dz
    delta_h = -got["delta"][0][0]
    assert_printed(got["z"][0], "-0.01999999999999999", rtol=REL)  # h
    assert_printed(got["a"][1], "0.49500016666")  # a
    assert_printed(got["a"][2], "0.512372477963")  # y1 = ŷ
    assert_printed(delta_o, "0.121832235361")  # b
    assert_printed(delta_h, "0.00304550132373")  # bh


def test_chain_comments():
    """The hand derivation in the comments, at the precision it is written."""
    got = _net().grads()
    delta_o, delta_h = -got["delta"][1][0], -got["delta"][0][0]
    assert_printed(got["z"][0], "h = -0.02")
    assert_printed(got["a"][1], "a = 0.495")
    assert_printed(got["a"][2], "y^ = 0.512")
    assert_printed(delta_o, "δo = 0.122")
    assert_printed(delta_h, "δh = 0.003")
    # ΔW = ηδₒa = −η dE/dW
    assert_printed(-ETA * got["dW"][1][0, 0], "ΔW = 0.0302")
    assert -ETA * got["dW"][1][0, 0] == pytest.approx(ETA * delta_o * got["a"][1][0], rel=REL)
    # Δwᵢ = ηδₕxᵢ = (0.00015, 0.00045): the comment rounds δₕ to 0.003 first
    np.testing.assert_allclose(-ETA * got["dW"][0][0], ETA * delta_h * np.array(X), rtol=REL)
    assert_printed(ETA * round(delta_h, 3) * np.array(X), "(0.00015, 0.00045)")


def test_printed_weight_changes_use_y1_where_eta_belongs():
    got = _net().grads()
    y1 = got["a"][2][0]
    # the code's gdw = y1·b·a and w1, w2 = y1·bh·xᵢ: the engine's −dE/dW times y1, not η
    assert_printed(-y1 * got["dW"][1][0, 0], "0.0308996351456")
    assert_printed(-y1 * got["dW"][0][0], "0.000156043105988 0.000468129317964")
    # with η, as derived: 0.0302, and the printed 0.0309 is off by the ratio y1/η
    assert -ETA * got["dW"][1][0, 0] == pytest.approx(0.0302, abs=5e-5)
    assert 0.0308996351456 / (-ETA * got["dW"][1][0, 0]) == pytest.approx(y1 / ETA, rel=1e-11)


@pytest.mark.parametrize("y", [1.0, 0.0, 0.6])
def test_output_and_hidden_error_formulas_hold_only_for_y_1(y: float):
    got = _net(y).grads()
    a, y1 = got["a"][1][0], got["a"][2][0]
    b = (y - y1) * y1 * (y - y1)  # the code's δₒ
    bh = 0.1 * b * a * (y - a)  # the code's δₕ
    if y == 1.0:
        assert b == pytest.approx(-got["delta"][1][0], rel=REL)
        assert bh == pytest.approx(-got["delta"][0][0], rel=REL)
    else:
        assert b != pytest.approx(-got["delta"][1][0], rel=1e-3)
        assert bh != pytest.approx(-got["delta"][0][0], rel=1e-3)


# --- the vanishing-gradient remark ----------------------------------------------------------


def test_sigmoid_slope_is_at_most_a_quarter():
    for z in np.linspace(-8, 8, 161):
        v = Value(z)
        v.sigmoid().backward()
        assert 0 < v.grad <= 0.25
    v = Value(0.0)
    v.sigmoid().backward()
    assert v.grad == 0.25  # attained at 0


def test_error_terms_shrink_by_75_percent_per_sigmoid_layer():
    """The remark, on the engine's gradients of the 2 → 1 → 1 net."""
    net = _net()
    got = net.grads()
    w_out = WEIGHTS[1][0, 0]
    # output layer: |δₒ| ≤ ¼|y − ŷ|; hidden: |δₕ| ≤ ¼|W δₒ| ≤ (1/16)|W||y − ŷ|
    assert abs(got["delta"][1][0]) <= 0.25 * abs(got["dE_dyhat"][0])
    assert abs(got["delta"][0][0]) <= 0.25 * abs(w_out * got["delta"][1][0])
    assert abs(got["delta"][0][0]) <= 0.0625 * abs(w_out * got["dE_dyhat"][0])


@pytest.mark.parametrize("sizes", [[1] * 11, [3, 4, 4, 4, 2], [2, 6, 5, 4, 3, 2, 1]])
def test_vanishing_gradient_in_deeper_sigmoid_nets(sizes: list[int]):
    """Through every sigmoid node, |dE/dz| ≤ ¼|dE/da|: each layer keeps ≤ 25% of its error.

    With unit weights in a chain of ten sigmoid layers, the first layer's error term is at
    most 4⁻¹⁰ of the output's dE/dŷ.
    """
    rng = np.random.default_rng(4)
    chain = sizes == [1] * 11
    weights = [np.ones((m, n)) if chain else rng.uniform(-2, 2, (m, n)) for n, m in pairwise(sizes)]
    x, y = rng.uniform(-1, 1, sizes[0]), rng.uniform(0, 1, sizes[-1])
    net = sigmoid_mlp(weights, None, x.tolist(), y.tolist())
    net.loss.backward()
    assert_matches_reference(net.grads(), sigmoid_mlp_backprop(weights, None, x, y))
    for zs, acts in zip(net.z, net.a[1:]):
        for z, a in zip(zs, acts):
            assert abs(z.grad) <= 0.25 * abs(a.grad)
    if chain:
        assert abs(net.z[0][0].grad) <= 4.0**-10 * abs(net.yhat[0].grad)


# --- cells 75-76: the 3 → 2 → 1 exercise of seed 000 -----------------------------------------

# the data: seed_reference.NET_000_* (000 uses it too); η = 0.5 is 000's lr as well
X3, TARGET, WEIGHTS3 = NET_000_X, NET_000_TARGET, NET_000_WEIGHTS


def _net3():
    net = sigmoid_mlp(WEIGHTS3, None, X3, TARGET)
    net.loss.backward()
    return net


def test_exercise_matches_reference():
    assert_matches_reference(_net3().grads(), sigmoid_mlp_backprop(WEIGHTS3, None, X3, TARGET))


def test_exercise_corrected_cell_printout():
    """Cell 76: error = t − ŷ = −dE/dŷ and the changes −η dE/dW, to be added."""
    got = _net3().grads()
    assert_printed(-got["dE_dyhat"], "0.11502656915")
    assert_printed(-ETA * got["dW"][1], "[ 0.00804047  0.00555918]")
    printout_76 = """[[  1.77005547e-04  -5.11178506e-04]
                      [  3.54011093e-05  -1.02235701e-04]
                      [ -7.08022187e-05   2.04471402e-04]]"""
    assert_printed(-ETA * got["dW"][0].T, printout_76)
    # 000 printed the same changes with the opposite sign (its error is ŷ − t)
    assert_printed(ETA * got["dW"][0].T, NET_000_CHANGES_IH)
    assert_printed(ETA * got["dW"][1], NET_000_CHANGES_HO)


def test_exercise_wrong_first_attempt_is_explained():
    """Cell 75 is wrong (the notebook says so): its printout follows from its formulas."""
    got = _net3().grads()
    t, out, h, x = TARGET[0], got["a"][2][0], got["a"][1], np.array(X3)
    error = (t - out) * out * (t - out)  # should be t − ŷ, as cell 76 fixes
    assert_printed(error, "0.00641673759167")
    assert error != pytest.approx(-got["dE_dyhat"][0], rel=0.5)
    del_err_output = NET_000_W_HO * error * out * (t - out)
    del_err_hidden = NET_000_W_IH * del_err_output * h * (t - h)
    assert_printed(out * error * h, "[ 0.0017418   0.00120428]")  # gdw
    assert_printed(out * del_err_output * h, "[  9.71659803e-06  -2.01541576e-05]")
    printout = """[[  9.78615691e-08   1.28793638e-06]
                   [  3.91446276e-09   8.58624255e-08]
                   [ -7.82892553e-09   6.01036978e-07]]"""
    assert_printed(out * del_err_hidden * x[:, None], printout)
