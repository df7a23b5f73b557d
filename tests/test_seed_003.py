"""Seed 003 (Guided Intro to Backpropagation): a linear neuron trained on one sample and
on a 6-sample dataset, then a 3 → 4 ReLU → 1 linear network, 60 epochs.

The notebook's update is w ← w − α·delta·x with delta = prediction − goal, which is
α·½·∂error/∂w for error = (goal − prediction)²: the engine differentiates that error and
the tests take half of its gradient.

Where its printouts come from (see the seeds' README): the first two cells were run
again without resetting the weights. The single-sample printout is iterations 20, 25, 30
and 35 of one continuous run from the initial weights (not 0, 5, 10, 15), and the
dataset printout is epochs 30 to 34 of a continuous run; the ReLU network's cell
reproduces from a fresh start.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograd import Value, dot

from seed_reference import linear_neuron_step, relu_net_epoch

ALPHA = 0.1
START = [0.5, 0.48, -0.7]
DATA = np.array([[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]], float)
LABELS = np.array([0, 1, 0, 1, 1, 0], float)


def engine_step(w: list[Value], x: np.ndarray, goal: float, alpha: float) -> tuple[float, float]:
    """One update of the notebook's neuron with the engine: returns (prediction, error)."""
    prediction = dot(w, list(x))
    error = (goal - prediction) ** 2
    error.backward()
    for wi in w:
        wi.data -= alpha * 0.5 * wi.grad  # ½ ∂error/∂w = delta·x
        wi.grad = 0.0
    return prediction.data, error.data


def test_engine_gradient_is_twice_the_notebooks_delta() -> None:
    w = [Value(v) for v in START]
    x = DATA[0]
    p, _, _ = linear_neuron_step(np.array(START), x, 0.0, ALPHA)
    error = (0.0 - dot(w, list(x))) ** 2
    error.backward()
    assert [wi.grad for wi in w] == pytest.approx(list(2 * (p - 0.0) * x), rel=1e-15)


def test_single_sample_printout_is_iterations_20_to_35_of_one_run() -> None:
    printed = {  # In [None] (the second cell): error, prediction
        20: (5.316911983140017e-06, -0.0023058430092137705),
        25: (5.708990770825904e-07, -0.0007555786372592799),
        30: (6.129982163457715e-08, -0.0002475880078569581),
        35: (6.5820182292947054e-09, -8.112963841466758e-05),
    }
    w, ref = [Value(v) for v in START], np.array(START)
    for iteration in range(36):
        p, e = engine_step(w, DATA[0], 0.0, ALPHA)
        p_ref, e_ref, ref = linear_neuron_step(ref, DATA[0], 0.0, ALPHA)
        assert (p, e) == pytest.approx((p_ref, e_ref), rel=1e-12, abs=1e-18)
        if iteration in printed:
            assert (e, p) == pytest.approx(printed[iteration], rel=1e-9)
    # the cell's own iterations 0, 5, 10, 15 print something else
    assert linear_neuron_step(np.array(START), DATA[0], 0.0, ALPHA)[1] == pytest.approx(0.04)


def test_dataset_printout_is_epochs_30_to_34_of_one_run() -> None:
    printed = {  # In [9]: prediction for row 0, then the epoch's summed error
        30: (-0.003733415818170091, 0.0018939739123713475),
        31: (-0.003565528921192253, 0.0016451096996342332),
        32: (-0.0033920135266339822, 0.0014290353984827077),
        33: (-0.003216638628616701, 0.0012413985592149145),
        34: (-0.003042243679620596, 0.0010784359268087556),
    }
    w, ref = [Value(v) for v in START], np.array(START)
    for epoch in range(35):
        total, total_ref = 0.0, 0.0
        for row in range(len(DATA)):
            p, e = engine_step(w, DATA[row], LABELS[row], ALPHA)
            _, e_ref, ref = linear_neuron_step(ref, DATA[row], LABELS[row], ALPHA)
            total, total_ref = total + e, total_ref + e_ref
            if row == 0:
                first = p
        assert total == pytest.approx(total_ref, rel=1e-10)
        if epoch in printed:
            assert (first, total) == pytest.approx(printed[epoch], rel=1e-9)


def test_relu_network_reproduces_its_60_epochs() -> None:
    printed = [  # In [2]: the summed squared error after epochs 10, 20, …, 60
        0.31298811341557736,
        0.043272385299784624,
        0.0034372657015086937,
        0.00019649599346773566,
        1.015593230102771e-05,
        5.122102420300414e-07,
    ]
    np.random.seed(1)
    w01 = 2 * np.random.random((3, 4)) - 1
    w12 = 2 * np.random.random((4, 1)) - 1
    w_in = [[Value(v) for v in row] for row in w01.T]  # neuron j's weights from 3 inputs
    w_out = [Value(v) for v in w12[:, 0]]
    alpha, errors = 0.2, []
    for epoch in range(60):
        total = 0.0
        for row, label in zip(DATA, LABELS):
            hidden = [dot(wj, list(row)).relu() for wj in w_in]
            out = dot(w_out, hidden)
            loss = (out - label) ** 2
            loss.backward()
            total += loss.data
            for p in [*w_out, *(w for wj in w_in for w in wj)]:
                p.data -= alpha * 0.5 * p.grad  # the notebook's delta is −½ ∂loss/∂out
                p.grad = 0.0
        total_ref, w01, w12 = relu_net_epoch(w01, w12, DATA, LABELS, alpha)
        assert total == pytest.approx(total_ref, rel=1e-9)
        if epoch % 10 == 9:
            errors.append(total)
    assert errors == pytest.approx(printed, rel=1e-9)
    assert [w.data for w in w_out] == pytest.approx(list(w12[:, 0]), rel=1e-9)
