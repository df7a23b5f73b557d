"""Seed 000 (000_543715d2b08fc138.txt): activation helpers, a perceptron, and a
3 → 2 sigmoid → 1 sigmoid network without biases, x = [0.5, 0.1, −0.2], target 0.6,
learning rate 0.5, E = ½(t − ŷ)².

The notebook's code is right throughout. Its error is ``output − target`` (= dE/dŷ), so
its "change in weights" is +lr·dE/dW, the step to *subtract*; seed 004's second part
prints the same numbers with the opposite sign (see test_seed_004.py).
"""

from collections.abc import Callable

import numpy as np
import pytest

from autograd import Value, dot, sum_of

from seed_reference import (
    NET_000_CHANGES_HO,
    NET_000_CHANGES_IH,
    NET_000_LR,
    NET_000_TARGET,
    NET_000_W_HO,
    NET_000_WEIGHTS,
    NET_000_X,
    assert_printed,
    perceptron,
    relu,
    relu_prime,
    sigmoid,
    sigmoid_mlp_backprop,
    sigmoid_prime,
    softmax,
    softmax_jacobian,
)
from seed_values import assert_matches_reference, grads, leaves, sigmoid_mlp

REL = 1e-12  # engine vs NumPy reference: a few roundings apart

# --- cells 2-7: softmax, sigmoid and ReLU on [2, 4, 5] -----------------------------------

Z = [2.0, 4.0, 5.0]


def _softmax(zs: list[Value]) -> list[Value]:
    exps = [z.exp() for z in zs]
    total = sum_of(exps)
    return [e / total for e in exps]


def test_softmax_values_and_jacobian():
    zs = leaves(Z)
    ps = _softmax(zs)
    np.testing.assert_allclose([p.data for p in ps], softmax(Z), rtol=REL)
    assert_printed([p.data for p in ps], "[0.03511903, 0.25949646, 0.70538451]")  # cell 3
    # each output's gradient is one row of the Jacobian pᵢ(δᵢⱼ − pⱼ)
    for i, p in enumerate(ps):
        for z in zs:
            z.grad = 0.0
        p.backward()
        np.testing.assert_allclose(grads(zs), softmax_jacobian(Z)[i], rtol=1e-11, atol=1e-17)


ELEMENTWISE = [
    # name, engine op, reference value, reference derivative, cell's printout
    ("sigmoid", Value.sigmoid, sigmoid, sigmoid_prime, "[0.88079708, 0.98201379, 0.99330715]"),
    ("relu", Value.relu, relu, relu_prime, "[2., 4., 5.]"),
]


@pytest.mark.parametrize(("name", "op", "ref", "ref_prime", "printout"), ELEMENTWISE)
def test_elementwise_helper(
    name: str,
    op: Callable[[Value], Value],
    ref: Callable[[list[float]], np.ndarray],
    ref_prime: Callable[[list[float]], np.ndarray],
    printout: str,
):
    outs = [op(Value(z)) for z in Z]
    assert_printed([o.data for o in outs], printout)  # cells 5 and 7
    # values and derivatives, also at the kink and on the negative side
    zs = [-3.0, -0.5, 0.0, 0.5, *Z]
    for z in zs:
        v = Value(z)
        out = op(v)
        out.backward()
        assert out.data == pytest.approx(float(ref([z])[0]), rel=REL, abs=0), name
        assert v.grad == pytest.approx(float(ref_prime([z])[0]), rel=REL, abs=0), name


# --- cells 8-9: the perceptron σ(w·x + b), b = 10 ---------------------------------------


def test_perceptron():
    x, b = [2.0, 4.0, 5.0], 10.0
    w_data = [0.417022, 0.720324, 0.000114]  # 000 draws w unseeded; any w in [0, 1)³
    w, bias = leaves(w_data), Value(b)
    out = (dot(w, x) + bias).sigmoid()
    out.backward()
    ref = perceptron(x, w_data, b)
    assert out.data == pytest.approx(ref["out"], rel=REL)
    np.testing.assert_allclose(grads(w), ref["d_w"], rtol=REL)
    assert bias.grad == pytest.approx(ref["d_b"], rel=REL)
    # cell 9 prints 0.99999992 for its unseeded draw: consistent with some w in [0, 1)³,
    # i.e. w·x in [0, 11): the logit of the printout, minus b, lands in that range
    printed = 0.99999992
    assert sigmoid(b) < printed < sigmoid(b + sum(x))
    assert 0 <= np.log(printed / (1 - printed)) - b < sum(x)


# --- cells 10-17: the 3 → 2 → 1 network ---------------------------------------------------

# the data: seed_reference.NET_000_* (004's exercise uses it too)
X, TARGET, LR = NET_000_X, NET_000_TARGET, NET_000_LR


def _net():
    net = sigmoid_mlp(NET_000_WEIGHTS, None, X, TARGET)
    net.loss.backward()
    return net


def test_gradients_and_error_terms_match_reference():
    assert_matches_reference(_net().grads(), sigmoid_mlp_backprop(NET_000_WEIGHTS, None, X, TARGET))


def test_forward_printout():
    net = _net()
    assert_printed([a.data for a in net.a[1]], "[0.55971365 0.38698582]")  # cell 13
    assert_printed(net.yhat[0].data, "0.48497343084992534", rtol=1e-15)  # cell 15


def test_weight_changes_printout():
    got = _net().grads()
    # cell 17: delta_w_h_o = lr·δₒ·a and delta_w_i_o = lr·δₕ·x with δ = dE/dz (error ŷ − t)
    assert_printed(LR * got["dW"][1], NET_000_CHANGES_HO)
    assert_printed(LR * got["dW"][0].T, NET_000_CHANGES_IH)
    # the error terms themselves, from the cell's formulas (not printed)
    t, yhat, h = TARGET[0], got["a"][2][0], got["a"][1]
    del_err_output = (yhat - t) * yhat * (1 - yhat)
    del_err_hidden = del_err_output * NET_000_W_HO * h * (1 - h)
    assert got["delta"][1][0] == pytest.approx(del_err_output, rel=REL)
    np.testing.assert_allclose(got["delta"][0], del_err_hidden, rtol=REL)


def test_subtracting_the_changes_lowers_the_error():
    net = _net()
    got = net.grads()
    stepped = [w - LR * g for w, g in zip(NET_000_WEIGHTS, got["dW"])]
    after = sigmoid_mlp(stepped, None, X, TARGET).loss.data
    assert after == pytest.approx(sigmoid_mlp_backprop(stepped, None, X, TARGET)["E"], rel=REL)
    assert after < net.loss.data
