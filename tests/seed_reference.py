"""NumPy reference for the seed notebooks' hand-derived backprop (no autograd import)."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function, elementwise.

    >>> float(sigmoid(np.array(0.0)))
    0.5
    """
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_mlp_backprop(weights, biases, x, y) -> dict:
    """Backprop of E = ½Σ(y − ŷ)² through a fully-connected sigmoid network.

    weights[l] has shape (n_out, n_in); biases is None or biases[l] of shape (n_out,).
    Returns acts (a[0] = x, …, a[L] = ŷ), deltas (dE/dz per layer), dW, db, E.

    >>> r = sigmoid_mlp_backprop([np.zeros((1, 1))], None, [1.0], [1.0])
    >>> float(r["E"])
    0.125
    """
    acts = [np.asarray(x, dtype=float)]
    for i, w in enumerate(weights):
        z = w @ acts[-1] + (0.0 if biases is None else biases[i])
        acts.append(sigmoid(z))
    yhat = acts[-1]
    y = np.asarray(y, dtype=float)
    delta = (yhat - y) * yhat * (1 - yhat)
    deltas = [delta]
    for i in range(len(weights) - 1, 0, -1):
        a = acts[i]
        delta = (weights[i].T @ delta) * a * (1 - a)
        deltas.insert(0, delta)
    dW = [np.outer(d, a) for d, a in zip(deltas, acts[:-1])]
    return {
        "acts": acts,
        "deltas": deltas,
        "dW": dW,
        "db": list(deltas),
        "E": 0.5 * np.sum((y - yhat) ** 2),
    }
