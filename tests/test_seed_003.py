"""Seed 003 (003_2dcaa274323a5ea0.txt): a linear neuron trained by per-sample gradient
descent (one sample, then a 6-sample dataset, alpha 0.1), and a 3 → 4 ReLU → 1 linear
network (``np.random.seed(1)`` weights, alpha 0.2, 60 epochs of per-sample updates).

The notebook's step ``w −= alpha·(ŷ − goal)·x`` is gradient descent on E = ½(ŷ − goal)²,
which is the engine loss here; the errors it prints are (goal − ŷ)², without the ½.
Its ReLU cell writes ``layer_2_delta = t − ŷ`` = −dE/dŷ and *adds* the steps: the same
descent. relu2deriv(0) = 0 is the engine's convention too.

Where the printouts are not what the cells compute from a fresh start: the first two
cells were run again without resetting the weights. The single-sample printout is
iterations 20, 25, 30, 35 of one continuous run (the cell ran twice: 40 iterations), not
0, 5, 10, 15; the dataset printout is epochs 30-34 of one continuous run (the cell ran
seven times). The ReLU cell reseeds, and reproduces from a fresh start, with the engine
and with ``nn``'s MLP.
"""

from itertools import pairwise

import numpy as np
import pytest

from autograd import dot
from nn import MLP, SGD, half_squared_error

from seed_reference import (
    SEED_003_GOALS,
    SEED_003_INPUTS,
    SEED_003_RELU_PRINTOUT,
    assert_printed,
    linear_neuron_sgd,
    relu_net_backprop,
    relu_net_sgd,
    seed_003_relu_weights,
)
from seed_values import leaves, relu_net

INPUTS, GOALS = SEED_003_INPUTS, SEED_003_GOALS
W0 = [0.5, 0.48, -0.7]
ALPHA = 0.1
REL = 1e-12


def _engine_linear_sgd(inputs, goals, epochs):
    """Per-sample descent with the engine's gradient of ½(ŷ − goal)²; (error, ŷs) per epoch."""
    w_data = list(W0)
    history = []
    for _ in range(epochs):
        error, predictions = 0.0, []
        for x, goal in zip(inputs, goals):
            w = leaves(w_data)
            prediction = dot(w, x.tolist())
            loss = 0.5 * (prediction - goal) ** 2
            loss.backward()
            error += (goal - prediction.data) ** 2
            predictions.append(prediction.data)
            w_data = [v.data - ALPHA * v.grad for v in w]
        history.append((error, predictions))
    return history


def test_single_sample_printout_is_iterations_20_to_35():
    engine = _engine_linear_sgd(INPUTS[:1], GOALS[:1], 40)
    ref = linear_neuron_sgd(W0, INPUTS[:1], GOALS[:1], ALPHA, 40)
    np.testing.assert_allclose([e for e, _ in engine], [r["error"] for r in ref], rtol=REL)
    np.testing.assert_allclose(
        [p for _, ps in engine for p in ps], [r["predictions"][0] for r in ref], rtol=REL
    )
    printout = [  # cell 2, "Error:…Prediction:…" every 5th iteration
        (5.316911983140017e-06, -0.0023058430092137705),
        (5.708990770825904e-07, -0.0007555786372592799),
        (6.129982163457715e-08, -0.0002475880078569581),
        (6.5820182292947054e-09, -8.112963841466758e-05),
    ]
    for k, (error, prediction) in zip([20, 25, 30, 35], printout):
        assert engine[k][0] == pytest.approx(error, rel=REL)
        assert engine[k][1][0] == pytest.approx(prediction, rel=REL)
        # the NumPy replay of the cell is bit-for-bit the printout
        assert (ref[k]["error"], ref[k]["predictions"][0]) == (error, prediction)
    # a fresh start prints something else: 0.04 at iteration 0
    assert engine[0][0] == pytest.approx(0.04, rel=REL)
    assert all(engine[k][0] > 1e-5 for k in (0, 5, 10, 15))


def test_dataset_printout_is_epochs_30_to_34():
    engine = _engine_linear_sgd(INPUTS, GOALS, 35)
    ref = linear_neuron_sgd(W0, INPUTS, GOALS, ALPHA, 35)
    np.testing.assert_allclose([e for e, _ in engine], [r["error"] for r in ref], rtol=REL)
    np.testing.assert_allclose([ps for _, ps in engine], [r["predictions"] for r in ref], rtol=REL)
    printout = [  # cell 9: row 0's prediction ("row % 10 == 0"), then the epoch's error
        (0.0018939739123713475, -0.003733415818170091),
        (0.0016451096996342332, -0.003565528921192253),
        (0.0014290353984827077, -0.0033920135266339822),
        (0.0012413985592149145, -0.003216638628616701),
        (0.0010784359268087556, -0.003042243679620596),
    ]
    for k, (error, prediction) in zip(range(30, 35), printout):
        assert engine[k][0] == pytest.approx(error, rel=REL)
        assert engine[k][1][0] == pytest.approx(prediction, rel=REL)
        assert (ref[k]["error"], ref[k]["predictions"][0]) == (error, prediction)
    assert engine[0][0] > 2.0  # a fresh start begins far higher


# --- the ReLU network ---------------------------------------------------------------------

ALPHA_RELU = 0.2


_relu_initial_weights = seed_003_relu_weights  # the notebook's np.random.seed(1) draws


@pytest.mark.parametrize("sample", range(len(INPUTS)))
def test_relu_net_gradients_match_reference(sample: int):
    w1, w2 = _relu_initial_weights()
    x, t = INPUTS[sample], GOALS[sample]
    net = relu_net(w1, w2, x, t)
    net.loss.backward()
    got = net.grads()
    ref = relu_net_backprop(w1, w2, x, t)
    assert net.loss.data == pytest.approx(ref["E"], rel=REL)
    np.testing.assert_allclose(got["a"][1], ref["h"], rtol=REL, atol=0)
    np.testing.assert_allclose(got["delta"][1], [ref["delta2"]], rtol=REL, atol=0)
    np.testing.assert_allclose(got["delta"][0], ref["delta1"], rtol=REL, atol=0)
    np.testing.assert_allclose(got["dW"][0], ref["dW1"], rtol=REL, atol=0)
    np.testing.assert_allclose(got["dW"][1][0], ref["dw2"], rtol=REL, atol=0)
    # the notebook's own formulas: layer_2_delta = t − ŷ, layer_1_delta = that · w2 ⊙ relu'
    layer_2_delta = t - got["a"][2][0]
    layer_1_delta = layer_2_delta * w2 * (got["a"][1] > 0)
    np.testing.assert_allclose(got["dW"][0], -np.outer(layer_1_delta, x), rtol=REL, atol=0)
    np.testing.assert_allclose(got["dW"][1][0], -layer_2_delta * got["a"][1], rtol=REL, atol=0)


def test_relu_net_60_epochs_reproduce_printout():
    w1, w2 = _relu_initial_weights()
    errors = []
    for _ in range(60):
        total = 0.0
        for x, t in zip(INPUTS, GOALS):
            net = relu_net(w1, w2, x, t)
            net.loss.backward()
            got = net.grads()
            total += (got["a"][2][0] - t) ** 2
            w1 = w1 - ALPHA_RELU * got["dW"][0]
            w2 = w2 - ALPHA_RELU * got["dW"][1][0]
        errors.append(total)
    ref = relu_net_sgd(*_relu_initial_weights(), INPUTS, GOALS, ALPHA_RELU, 60)
    # (today the three agree to the last bit; the tolerance leaves room for the engine to
    # sum in another order)
    np.testing.assert_allclose(errors, ref, rtol=REL)  # every epoch's error
    assert_printed(errors[9::10], SEED_003_RELU_PRINTOUT, rtol=REL)  # cell 2, every 10th epoch
    assert np.all(np.diff(errors) < 0)  # the curve only descends


def test_engine_step_equals_notebook_step():
    """One step of 003's update rule (+= alpha·layer.T·delta) is the engine's −alpha·grad."""
    w1, w2 = _relu_initial_weights()
    x, t = INPUTS[3], GOALS[3]
    net = relu_net(w1, w2, x, t)
    net.loss.backward()
    got = net.grads()
    # the notebook, in its own layout: layer_0 (1, 3), weights_0_1 (3, 4), weights_1_2 (4, 1)
    layer_0 = x[None, :]
    weights_0_1, weights_1_2 = w1.T.copy(), w2[:, None].copy()
    layer_1 = np.maximum(0, layer_0 @ weights_0_1)
    layer_2 = layer_1 @ weights_1_2
    layer_2_delta = t - layer_2
    layer_1_delta = layer_2_delta @ weights_1_2.T * (layer_1 > 0)
    weights_1_2 += ALPHA_RELU * layer_1.T @ layer_2_delta
    weights_0_1 += ALPHA_RELU * layer_0.T @ layer_1_delta
    np.testing.assert_allclose(weights_0_1.T, w1 - ALPHA_RELU * got["dW"][0], rtol=REL)
    np.testing.assert_allclose(weights_1_2[:, 0], w2 - ALPHA_RELU * got["dW"][1][0], rtol=REL)


# --- the same ReLU network built with nn ---------------------------------------------------


def _notebook_network() -> MLP:
    """The notebook's network and initial weights, in ``nn``'s parameter names."""
    w1, w2 = seed_003_relu_weights()  # w1[j, i]: from input i into hidden unit j
    model = MLP(3, [4, 1], activation="relu", output_activation="linear", bias=False)
    state = {f"layers.0.neurons.{j}.w.{i}": float(w1[j, i]) for i in range(3) for j in range(4)}
    state |= {f"layers.1.neurons.0.w.{j}": float(w2[j]) for j in range(4)}
    model.load_state_dict(state)
    return model


def test_nn_relu_network_reproduces_the_printed_errors() -> None:
    """Cell 2 with nn's MLP and SGD: per-sample updates, alpha 0.2, 60 epochs, the summed
    squared error of each epoch (each sample's error before its own update)."""
    model = _notebook_network()
    optimizer = SGD(model.parameters(), lr=ALPHA_RELU)
    errors = []
    for _ in range(60):
        total = 0.0
        for x, goal in zip(INPUTS.tolist(), GOALS.tolist()):
            prediction = model(x)
            loss = half_squared_error(prediction, goal)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += 2 * loss.data  # the notebook prints (ŷ − goal)², without the ½
        errors.append(total)
    assert_printed(errors[9::10], SEED_003_RELU_PRINTOUT, rtol=1e-9)
    assert all(later < earlier for earlier, later in pairwise(errors))
