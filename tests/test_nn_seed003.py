"""Seed 003's ReLU network built with ``nn`` reproduces the notebook's printed errors.

The notebook (cell 2): a 3 → 4 ReLU → 1 linear network without biases, weights
``2·np.random.random(shape) − 1`` after ``np.random.seed(1)``, per-sample updates with
alpha 0.2 for 60 epochs, printing every tenth epoch's summed squared error (each sample's
error measured before its own update). Its update is gradient descent on ½(ŷ − goal)².
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from nn import MLP, SGD, half_squared_error

INPUTS = [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]]
GOALS = [0, 1, 0, 1, 1, 0]
PRINTED = [  # the notebook's "Error:" lines, epochs 10, 20, …, 60
    0.31298811341557736,
    0.043272385299784624,
    0.0034372657015086937,
    0.00019649599346773566,
    1.015593230102771e-05,
    5.122102420300414e-07,
]


def notebook_network() -> MLP:
    """The notebook's network and initial weights, in ``nn``'s parameter names."""
    rng = np.random.RandomState(1)  # the stream np.random.seed(1) gives, without the global
    w01 = 2 * rng.random_sample((3, 4)) - 1  # x @ w01: (inputs, hidden)
    w12 = 2 * rng.random_sample((4, 1)) - 1
    model = MLP(3, [4, 1], activation="relu", output_activation="linear", bias=False)
    state = {f"layers.0.neurons.{j}.w.{i}": float(w01[i, j]) for i in range(3) for j in range(4)}
    state |= {f"layers.1.neurons.0.w.{j}": float(w12[j, 0]) for j in range(4)}
    model.load_state_dict(state)
    return model


def test_relu_network_reproduces_the_printed_errors() -> None:
    model = notebook_network()
    optimizer = SGD(model.parameters(), lr=0.2)
    errors = []
    for _ in range(60):
        total = 0.0
        for x, goal in zip(INPUTS, GOALS):
            prediction = model(x)
            loss = half_squared_error(prediction, goal)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += 2 * loss.data  # the notebook prints (ŷ − goal)², without the ½
        errors.append(total)
    assert errors[9::10] == pytest.approx(PRINTED, rel=1e-9, abs=0)
    assert all(later < earlier for earlier, later in pairwise(errors))
