"""Seed 002 (002_f190b8f1f7c904c5.txt): 2 → 2 sigmoid → 1 sigmoid with biases,
x = [0.5, 0.1], y = 0.9, E = ½(y − ŷ)², learning rate 0.5, printed with 6 decimals.

The notebook's code is right: every printed intermediate of the forward and backward
pass is a node of the Value graph (dEdOutL2 is ŷ's gradient, dEdInL2 the output
pre-activation's, dEdOutL1 the hidden activations', dEdInL1 the hidden
pre-activations'), and its one update step lowers the error from 0.011843 to 0.010953.
(Cell 13 reuses ``dOutL1dInL1`` from cell 11, computed from the same weights: harmless.)
"""

from itertools import pairwise

import numpy as np
import pytest

from autograd import Value

from seed_reference import assert_printed, sigmoid_mlp_backprop, sigmoid_prime
from seed_values import assert_matches_reference, grads, sigmoid_mlp

X, Y, LR = [0.5, 0.1], [0.9], 0.5
W1_NB = np.array([[0.15, 0.2], [0.24, 0.3]])  # notebook layout, x @ w1: (n_in, n_out)
WEIGHTS = [W1_NB.T, np.array([[-0.4, 0.5]])]  # reference layout (n_out, n_in)
BIASES = [np.array([1.0, 1.0]), np.array([1.0])]


def _net(weights=WEIGHTS, biases=BIASES):
    net = sigmoid_mlp(weights, biases, X, Y)
    net.loss.backward()
    return net


@pytest.mark.parametrize(
    ("z", "printout"),
    [([1.13], "0.18454645770996225"), ([1.0, 2.0, 3.0], "[0.196612, 0.104994, 0.045177]")],
)
def test_sigmoid_derivative(z: list[float], printout: str):
    """Cells 4-5: the engine's d sigmoid/dz against σ(1 − σ) and the printout."""
    vs = [Value(v) for v in z]
    for v in vs:
        v.sigmoid().backward()
    np.testing.assert_allclose(grads(vs), sigmoid_prime(z), rtol=1e-12)
    assert_printed(grads(vs), printout, rtol=1e-14)


def test_gradients_and_error_terms_match_reference():
    assert_matches_reference(_net().grads(), sigmoid_mlp_backprop(WEIGHTS, BIASES, X, Y))


def test_forward_printout():
    got = _net().grads()  # cell 7
    assert_printed(got["z"][0], "[1.099 1.13 ]")
    assert_printed(got["a"][1], "[0.750073 0.755839]")
    assert_printed(got["z"][1], "[1.07789]")
    assert_printed(got["a"][2], "[0.746095]")
    assert_printed(got["E"], "[0.011843]")  # cell 8


def test_backward_printout():
    net = _net()
    got = net.grads()
    # cell 9, and its cleaner version cell 10
    assert_printed(got["dE_dyhat"], "dEdOutL2:  [-0.153905]")
    assert_printed(got["delta"][1], "dEdInL2:  [-0.029155]")
    assert_printed(got["dW"][1].T, "dEdW2:  [[-0.021869] [-0.022037]]")
    assert_printed(got["db"][1], "dEdB2:  [-0.029155]")
    # cell 11, and its cleaner version cell 12 (dEdW1 in the notebook's (n_in, n_out))
    assert_printed([a.grad for a in net.a[1]], "dEdOutL1:  [[ 0.011662 -0.014578]]")
    assert_printed(got["delta"][0], "dEdInL1:  [[ 0.002186 -0.00269 ]]")
    assert_printed(got["dW"][0].T, "dEdW1:  [[ 0.001093 -0.001345] [ 0.000219 -0.000269]]")
    assert_printed(got["db"][0], "dEdB1:  [[ 0.002186 -0.00269 ]]")
    # dEdOutL1 is W2ᵀ δ₂, the reference's upstream gradient into the hidden layer
    ref = sigmoid_mlp_backprop(WEIGHTS, BIASES, X, Y)
    np.testing.assert_allclose(
        [a.grad for a in net.a[1]], WEIGHTS[1].T @ ref["delta"][1], rtol=1e-12
    )


def test_error_after_one_update():
    """Cell 13: one step of every parameter by −0.5·gradient; the error drops."""
    got = _net().grads()
    weights = [w - LR * g for w, g in zip(WEIGHTS, got["dW"])]
    biases = [b - LR * g for b, g in zip(BIASES, got["db"])]
    after = _net(weights, biases).loss.data
    assert after == pytest.approx(sigmoid_mlp_backprop(weights, biases, X, Y)["E"], rel=1e-12)
    assert_printed(got["E"], "Error before:  [0.011843]")
    assert_printed(after, "Error afterL:  [[0.010953]]")


@pytest.mark.parametrize("sizes", [[2, 2, 1], [3, 5, 2], [4, 3, 3, 2], [1, 1, 1, 1, 1]])
def test_biased_nets_of_other_sizes_match_reference(sizes: list[int]):
    """002's derivation, generalised: any layer sizes, biases in every layer."""
    rng = np.random.default_rng(2)
    weights = [rng.uniform(-1, 1, (m, n)) for n, m in pairwise(sizes)]
    biases = [rng.uniform(-1, 1, m) for m in sizes[1:]]
    x, y = rng.uniform(-1, 1, sizes[0]), rng.uniform(0, 1, sizes[-1])
    net = sigmoid_mlp(weights, biases, x.tolist(), y.tolist())
    net.loss.backward()
    assert_matches_reference(net.grads(), sigmoid_mlp_backprop(weights, biases, x, y))
