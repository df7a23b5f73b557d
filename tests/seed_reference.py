"""The seed notebooks' hand-derived backpropagation, written correctly in NumPy.

An independent reference for the engine: nothing here imports ``autograd``. The
formulas are the ones the notebooks derive (error terms δ, dE/dW = δ·aᵀ, updates
-η·dE/dW), generalised to fully-connected sigmoid networks of any layer sizes.

Layout: ``weights[k]`` has shape (n_out, n_in), so z = W a + b (the notebooks write
``x @ W`` with the transpose, shape (n_in, n_out)).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def sigmoid(z: ArrayLike) -> Array:
    """σ(z) = 1 / (1 + e^-z), elementwise."""
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


def sigmoid_prime(z: ArrayLike) -> Array:
    """σ'(z) = σ(z)(1 − σ(z)), the derivative every seed notebook uses."""
    s = sigmoid(z)
    return s * (1.0 - s)


def softmax(z: ArrayLike) -> Array:
    """e^zᵢ / Σ e^zⱼ (seed 000's helper), shifted by max(z) for stability."""
    e = np.exp(np.asarray(z, dtype=np.float64) - np.max(z))
    return e / e.sum()


def softmax_jacobian(z: ArrayLike) -> Array:
    """∂softmaxᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ)."""
    s = softmax(z)
    return np.diag(s) - np.outer(s, s)


def sigmoid_mlp_backprop(
    weights: list[Array], biases: list[Array] | None, x: ArrayLike, y: ArrayLike
) -> dict[str, list[Array] | float]:
    """Forward and backward pass of a sigmoid network with E = ½ Σ (y − a_L)².

    Every layer, output included, applies σ. Returns a dict with
    ``"z"`` and ``"a"`` (pre-activations and activations per layer, ``a[0] = x``),
    ``"delta"`` (δ_l = ∂E/∂z_l: δ_L = (a_L − y) σ'(z_L), δ_l = (W_{k+1}ᵀ δ_{k+1}) σ'(z_l)),
    ``"dW"`` (∂E/∂W_l = δ_l a_{k−1}ᵀ), ``"db"`` (∂E/∂b_l = δ_l) and ``"E"``.
    """
    a: list[Array] = [np.asarray(x, dtype=np.float64)]
    z: list[Array] = []
    for k, w in enumerate(weights):
        zl = np.asarray(w, dtype=np.float64) @ a[-1]
        if biases is not None:
            zl = zl + np.asarray(biases[k], dtype=np.float64)
        z.append(zl)
        a.append(sigmoid(zl))
    target = np.asarray(y, dtype=np.float64)
    error = 0.5 * float(np.sum((target - a[-1]) ** 2))
    delta: list[Array] = [np.empty(0)] * len(weights)
    delta[-1] = (a[-1] - target) * sigmoid_prime(z[-1])
    for k in range(len(weights) - 2, -1, -1):
        delta[k] = (np.asarray(weights[k + 1]).T @ delta[k + 1]) * sigmoid_prime(z[k])
    d_w = [np.outer(delta[k], a[k]) for k in range(len(weights))]
    return {"z": z, "a": a, "delta": delta, "dW": d_w, "db": list(delta), "E": error}


def linear_neuron_step(w: Array, x: Array, goal: float, alpha: float) -> tuple[float, float, Array]:
    """Seed 003's update on one sample: prediction p = w·x, error (goal − p)²,
    delta = p − goal (= ½ ∂error/∂p), w ← w − α·delta·x. Returns (p, error, new w)."""
    p = float(w @ x)
    return p, (goal - p) ** 2, w - alpha * (p - goal) * x


def relu_net_epoch(
    w01: Array, w12: Array, data: Array, labels: Array, alpha: float
) -> tuple[float, Array, Array]:
    """One epoch of seed 003's 3 → 4 ReLU → 1 linear network, per-sample updates.

    layer_2_delta = y − l2 (= −½ ∂(l2 − y)²/∂l2), layer_1_delta = δ₂ W₁₂ᵀ · relu'(l1),
    W ← W + α · (layer input)ᵀ · delta. Returns (Σ squared errors, W₀₁, W₁₂).
    """
    total = 0.0
    for i in range(len(data)):
        l0 = data[i : i + 1].astype(np.float64)
        l1 = np.maximum(l0 @ w01, 0.0)
        l2 = l1 @ w12
        total += float(np.sum((l2 - labels[i : i + 1]) ** 2))
        d2 = labels[i : i + 1] - l2
        d1 = d2 @ w12.T * (l1 > 0)
        w12 = w12 + alpha * l1.T @ d2
        w01 = w01 + alpha * l0.T @ d1
    return total, w01, w12
