"""Independent NumPy reference for the seed notebooks' hand-derived backpropagation.

The seeds (../shared/seeds/) derive backprop by hand; a few of their cells compute the
wrong thing. This module implements their derivations *correctly*, in NumPy and without
importing ``autograd``, so that the engine's gradients can be checked against something
that does not share its code. Read top to bottom: activations, the general sigmoid
network, the per-seed models that the general one does not cover, the helper that
compares a number with a notebook's printout at the precision it was printed, and last
the notebooks' data that several test modules share (each written here once).

It is also the tests' one sigmoid reference (:func:`sigmoid`, :func:`sigmoid_prime`).

Conventions used throughout:

- a layer maps activations ``a[l]`` (length ``n_in``) to ``a[l+1]`` (length ``n_out``)
  through ``z[l] = W[l] @ a[l] + b[l]``, so ``W[l]`` has shape ``(n_out, n_in)``: row j
  holds the weights *into* unit j. (The notebooks write ``x @ W``, i.e. the transpose.)
- error terms are ``delta[l] = dE/dz[l]`` for the loss ``E = ½ Σ (y − ŷ)²``; the
  notebooks that write ``δ = (y − ŷ) f'`` use the opposite sign, ``−dE/dz``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

ArrayLike = Any  # anything np.asarray turns into a float array

# --- activations (000's helpers, 002's sigmoid_derivative, 003's relu2deriv) ---------------


def sigmoid(z: ArrayLike) -> np.ndarray:
    """σ(z) = 1 / (1 + e^−z), elementwise.

    >>> sigmoid(np.array([0.0])).tolist()
    [0.5]
    """
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def sigmoid_prime(z: ArrayLike) -> np.ndarray:
    """σ'(z) = σ(z)(1 − σ(z)); its maximum is σ'(0) = 1/4.

    Computed as σ(z)·σ(−z), the same number: 1 − σ(z) would cancel for large z and
    lose about as many digits as σ'(z) is small (5e-11 relative at σ' ≈ 2e-6).

    >>> sigmoid_prime(np.array([0.0])).tolist()
    [0.25]
    """
    z = np.asarray(z, dtype=float)
    return sigmoid(z) * sigmoid(-z)


def softmax(z: ArrayLike) -> np.ndarray:
    """softmax(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ (shifted by max z, which cancels, to avoid overflow).

    >>> softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def softmax_jacobian(z: ArrayLike) -> np.ndarray:
    """J[i, j] = d softmax(z)ᵢ / d zⱼ = pᵢ (δᵢⱼ − pⱼ).

    >>> softmax_jacobian([0.0, 0.0]).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    """
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


def relu(z: ArrayLike) -> np.ndarray:
    """relu(z) = max(0, z), elementwise.

    >>> relu([-1.0, 2.0]).tolist()
    [0.0, 2.0]
    """
    return np.maximum(0.0, np.asarray(z, dtype=float))


def relu_prime(z: ArrayLike) -> np.ndarray:
    """relu'(z) = 1 if z > 0 else 0 (the convention at the kink, as 003's ``relu2deriv``).

    >>> relu_prime([-1.0, 0.0, 2.0]).tolist()
    [0.0, 0.0, 1.0]
    """
    return (np.asarray(z, dtype=float) > 0).astype(float)


def perceptron(x: ArrayLike, w: ArrayLike, b: float) -> dict[str, Any]:
    """000's perceptron ŷ = σ(w·x + b), with dŷ/dw = σ'(·) x and dŷ/db = σ'(·).

    000 draws w with an unseeded ``np.random.rand``; here w is an argument.

    >>> perceptron([0.0], [1.0], 0.0)["out"]
    0.5
    """
    x = np.asarray(x, dtype=float)
    z = float(np.dot(x, w) + b)
    out = float(sigmoid(z))
    slope = float(sigmoid_prime(z))
    return {"z": z, "out": out, "d_w": slope * x, "d_b": slope}


# --- the general fully-connected sigmoid network (000, 001, 002, 004) ----------------------


def sigmoid_mlp_backprop(
    weights: Sequence[ArrayLike],
    biases: Sequence[ArrayLike] | None,
    x: ArrayLike,
    y: ArrayLike,
) -> dict[str, Any]:
    """Forward and backward pass of E = ½ Σₖ (yₖ − ŷₖ)² through sigmoid layers.

    Every layer, the output one included, is ``a[l+1] = σ(W[l] @ a[l] + b[l])``. The
    backward pass is the seeds' derivation, layer by layer:

    - output layer: ``delta[L-1] = (ŷ − y) ⊙ σ'(z[L-1])``
    - hidden layers: ``delta[l] = (W[l+1]ᵀ @ delta[l+1]) ⊙ σ'(z[l])``
    - ``dW[l] = outer(delta[l], a[l])`` and ``db[l] = delta[l]``

    with ``σ'(z[l]) = a[l+1] (1 − a[l+1])``, computed without cancellation (see
    :func:`sigmoid_prime`).

    Args:
        weights: ``W[0] … W[L-1]``; ``W[l]`` has shape ``(n_out, n_in)`` (row j holds
            the weights into unit j), so consecutive shapes must chain.
        biases: ``None`` for a network without biases (000, 001, 004), else ``b[l]`` of
            shape ``(n_out,)`` per layer (002).
        x: the input, shape ``(n_in,)`` of the first layer.
        y: the target, shape ``(n_out,)`` of the last layer.

    Returns:
        A dict of NumPy arrays (lists indexed by layer ``l = 0 … L-1`` unless noted):
        ``"z"`` pre-activations; ``"a"`` activations, ``L+1`` of them with ``a[0] = x``
        and ``a[L] = ŷ``; ``"delta"`` error terms dE/dz; ``"dW"`` dE/dW (shape of W);
        ``"db"`` dE/db (all layers, whether or not the network has biases); ``"dE_dyhat"``
        = ŷ − y; ``"E"`` the loss, a float.

    >>> r = sigmoid_mlp_backprop([np.zeros((1, 2))], None, [1.0, 2.0], [1.0])
    >>> r["E"], r["delta"][0].tolist(), r["dW"][0].tolist()
    (0.125, [-0.125], [[-0.125, -0.25]])
    """
    a = [np.asarray(x, dtype=float)]
    zs = []
    for k, w in enumerate(weights):
        z = np.asarray(w, dtype=float) @ a[k]
        if biases is not None:
            z = z + np.asarray(biases[k], dtype=float)
        zs.append(z)
        a.append(sigmoid(z))
    y = np.asarray(y, dtype=float)
    yhat = a[-1]
    deltas = [np.empty(0)] * len(weights)
    upstream = yhat - y  # dE/dŷ
    for k in range(len(weights) - 1, -1, -1):
        deltas[k] = upstream * sigmoid_prime(zs[k])
        upstream = np.asarray(weights[k], dtype=float).T @ deltas[k]  # dE/da[k]
    return {
        "z": zs,
        "a": a,
        "delta": deltas,
        "dW": [np.outer(d, a_in) for d, a_in in zip(deltas, a)],
        "db": [d.copy() for d in deltas],
        "dE_dyhat": yhat - y,
        "E": float(0.5 * np.sum((y - yhat) ** 2)),
    }


# --- 003: a linear neuron, and a 3 → 4 ReLU → 1 linear network, with per-sample updates ---


def linear_neuron_sgd(
    w: ArrayLike, inputs: ArrayLike, goals: ArrayLike, alpha: float, epochs: int
) -> list[dict[str, Any]]:
    """Per-sample gradient descent on a linear neuron ŷ = w·x, as 003's first cells.

    Each sample: ``delta = ŷ − goal`` (= dE/dŷ of E = ½(ŷ − goal)²), then
    ``w ← w − alpha · delta · x``. The error reported is 003's ``(goal − ŷ)²``.

    Args:
        w: initial weights, shape ``(n,)``.
        inputs: samples, shape ``(m, n)``; goals: targets, shape ``(m,)``.
        alpha: learning rate; epochs: passes over the samples.

    Returns:
        One dict per epoch: ``"error"`` (sum over samples of (goal − ŷ)²),
        ``"predictions"`` (ŷ per sample, before its update) and ``"w"`` after the epoch.

    >>> linear_neuron_sgd([0.0], [[1.0]], [1.0], 0.5, 2)[1]["predictions"].tolist()
    [0.5]
    """
    w = np.array(w, dtype=float)
    inputs = np.asarray(inputs, dtype=float)
    history = []
    for _ in range(epochs):
        error = 0.0
        predictions = []
        for x, goal in zip(inputs, np.asarray(goals, dtype=float)):
            prediction = x.dot(w)
            error += (goal - prediction) ** 2
            predictions.append(prediction)
            w = w - alpha * (x * (prediction - goal))
        history.append({"error": error, "predictions": np.array(predictions), "w": w})
    return history


def relu_net_backprop(w1: ArrayLike, w2: ArrayLike, x: ArrayLike, t: float) -> dict[str, Any]:
    """003's 3 → 4 ReLU → 1 linear network on one sample, E = ½(ŷ − t)².

    ``h = relu(W1 @ x)``, ``ŷ = w2 · h``; ``delta2 = ŷ − t`` (003's ``layer_2_delta`` is
    ``t − ŷ``, i.e. −delta2), ``delta1 = delta2 · w2 ⊙ relu'(W1 @ x)``,
    ``dW1 = outer(delta1, x)``, ``dw2 = delta2 · h``.

    Args:
        w1: shape ``(hidden, n_in)`` (003's ``weights_0_1`` transposed).
        w2: shape ``(hidden,)`` (003's ``weights_1_2[:, 0]``).
        x: shape ``(n_in,)``; t: the target.

    >>> r = relu_net_backprop([[1.0], [-1.0]], [2.0, 3.0], [1.0], 1.0)
    >>> r["yhat"], r["dW1"].tolist(), r["dw2"].tolist()
    (2.0, [[2.0], [0.0]], [1.0, 0.0])
    """
    w1 = np.asarray(w1, dtype=float)
    w2 = np.asarray(w2, dtype=float)
    x = np.asarray(x, dtype=float)
    z1 = w1 @ x
    h = relu(z1)
    yhat = float(h @ w2)
    delta2 = yhat - float(t)
    delta1 = delta2 * w2 * relu_prime(z1)
    return {
        "z1": z1,
        "h": h,
        "yhat": yhat,
        "delta2": delta2,
        "delta1": delta1,
        "dW1": np.outer(delta1, x),
        "dw2": delta2 * h,
        "E": 0.5 * delta2**2,
    }


def relu_net_sgd(
    w1: ArrayLike, w2: ArrayLike, inputs: ArrayLike, targets: ArrayLike, alpha: float, epochs: int
) -> list[float]:
    """003's training loop: per-sample steps ``W ← W − alpha · dE/dW``; sum of (ŷ − t)².

    Both layers are updated from the gradients of the same forward pass (003 computes
    ``layer_1_delta`` with the old ``weights_1_2`` before updating either).

    Returns:
        Per epoch, Σ over samples of (ŷ − t)² (003's ``layer_2_error``, the squared error
        without the ½), each ŷ taken before that sample's update.

    >>> relu_net_sgd([[1.0]], [1.0], [[1.0]], [1.0], 0.1, 2)
    [0.0, 0.0]
    """
    w1 = np.array(w1, dtype=float)
    w2 = np.array(w2, dtype=float)
    errors = []
    for _ in range(epochs):
        total = 0.0
        for x, t in zip(np.asarray(inputs, dtype=float), np.asarray(targets, dtype=float)):
            r = relu_net_backprop(w1, w2, x, t)
            total += r["delta2"] ** 2
            w1 = w1 - alpha * r["dW1"]
            w2 = w2 - alpha * r["dw2"]
        errors.append(total)
    return errors


# --- comparing with a printout -------------------------------------------------------------

# a number not glued to a name, so the 2 of a label "dEdW2:" is not read as one
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def printed_numbers(text: str) -> np.ndarray:
    """The numbers in a notebook's printout, in order (brackets and labels ignored).

    >>> printed_numbers("dEdW2: [[ 0.25 -1.5e-02]]").tolist()
    [0.25, -0.015]
    """
    return np.array([float(s) for s in _NUMBER.findall(text)])


def assert_printed(got: ArrayLike, text: str, rtol: float = 0.0) -> None:
    """Check ``got`` against a printout, to within half a unit of each printed last digit.

    ``"0.55971365"`` allows ±5e-9 and ``"-1.77005547e-04"`` allows ±5e-13: the most a
    correctly rounded printout can be off by. NumPy drops trailing zeros, which only
    widens the bound. ``rtol`` widens it to ``rtol·|printed|`` for numbers printed to
    full ``repr`` precision, whose last digit is below the engine's rounding noise.

    Raises:
        AssertionError: naming the first number outside its bound.

    >>> assert_printed([0.123456], "[0.12346]")
    """
    got = np.ravel(np.asarray(got, dtype=float))
    texts = _NUMBER.findall(text)
    if len(texts) != got.size:
        raise AssertionError(f"{got.size} values to compare but {len(texts)} printed: {text!r}")
    for i, (value, s) in enumerate(zip(got, texts)):
        mantissa, _, exponent = s.lower().partition("e")
        decimals = len(mantissa.partition(".")[2])
        half_unit = 0.5 * 10.0 ** (int(exponent or 0) - decimals)
        # + a few ulps: the printed decimal itself is stored rounded to binary
        bound = max(half_unit, rtol * abs(float(s))) + 4 * float(np.spacing(abs(float(s))))
        if not math.isfinite(value) or abs(value - float(s)) > bound:
            raise AssertionError(f"value {i}: got {value!r}, printed {s} (allowed ±{bound:.3g})")


# --- the notebooks' data that several test modules use ------------------------------------

#: 000's 3 → 2 → 1 sigmoid network without biases (cells 10-17), which 004 takes up again
#: as an exercise (cells 75-76): the input, the target and the learning rate (000's ``lr``,
#: 004's η), and the weights in the notebook's layout ``(n_in, n_out)``.
NET_000_X = [0.5, 0.1, -0.2]
NET_000_TARGET = [0.6]
NET_000_LR = 0.5
NET_000_W_IH = np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]])
NET_000_W_HO = np.array([0.1, -0.3])
#: The same weights in this module's layout ``(n_out, n_in)``.
NET_000_WEIGHTS = [NET_000_W_IH.T, NET_000_W_HO[None, :]]
#: 000's printout of its weight changes lr·dE/dW (cell 17), hidden → output then input →
#: hidden; 004's exercise prints them again with the opposite sign, then as 000 did.
NET_000_CHANGES_HO = "[-0.00804047 -0.00555918]"
NET_000_CHANGES_IH = """[[-1.77005547e-04  5.11178506e-04]
                        [-3.54011093e-05  1.02235701e-04]
                        [ 7.08022187e-05 -2.04471402e-04]]"""

#: 003's dataset: six samples of three inputs, and their goals.
SEED_003_INPUTS = np.array(
    [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]], dtype=float
)
SEED_003_GOALS = np.array([0, 1, 0, 1, 1, 0], dtype=float)
#: 003's ReLU cell: the summed squared error (ŷ − goal)² of epochs 10, 20, …, 60.
SEED_003_RELU_PRINTOUT = """Error:0.31298811341557736 Error:0.043272385299784624
Error:0.0034372657015086937 Error:0.00019649599346773566 Error:1.015593230102771e-05
Error:5.122102420300414e-07"""


def seed_003_relu_weights() -> tuple[np.ndarray, np.ndarray]:
    """003's initial ReLU-network weights, ``W1`` (4, 3) and ``w2`` (4,) in this module's
    layout: the notebook's ``weights_0_1`` (3, 4) transposed and ``weights_1_2[:, 0]``.

    The notebook calls ``np.random.seed(1)`` then draws ``2·random((3, 4)) − 1`` and
    ``2·random((4, 1)) − 1``; ``RandomState(1)`` gives the same stream without touching
    NumPy's global generator.

    >>> w1, w2 = seed_003_relu_weights(); w1.shape, w2.shape
    ((4, 3), (4,))
    """
    rng = np.random.RandomState(1)
    weights_0_1 = 2 * rng.random_sample((3, 4)) - 1
    weights_1_2 = 2 * rng.random_sample((4, 1)) - 1
    return weights_0_1.T, weights_1_2[:, 0]
