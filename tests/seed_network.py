"""The seed notebooks' networks written with the engine's Values (for the seed tests)."""

from __future__ import annotations

from dataclasses import dataclass

from numpy.typing import ArrayLike

from autograd import Value, linear


@dataclass
class SigmoidNet:
    """A sigmoid network in Values: parameters, every intermediate node and the error."""

    weights: list[list[list[Value]]]  # weights[k][j][i]: input i → neuron j of layer k
    biases: list[list[Value]] | None
    z: list[list[Value]]  # pre-activations per layer
    a: list[list[Value]]  # activations per layer (a[0] are the inputs)
    error: Value  # E = ½ Σ (y − a_L)²


def sigmoid_net(
    weights: list[ArrayLike], biases: list[ArrayLike] | None, x: ArrayLike, y: ArrayLike
) -> SigmoidNet:
    """Build E = ½ Σ (y − σ(W_L … σ(W_1 x + b_1) … + b_L))² and run backward on it.

    ``weights[k]`` has shape (n_out, n_in), as in ``seed_reference``.
    """
    import numpy as np

    ws = [[[Value(float(w)) for w in row] for row in np.asarray(wl)] for wl in weights]
    bs = None if biases is None else [[Value(float(b)) for b in np.ravel(bl)] for bl in biases]
    a: list[list[Value]] = [[Value(float(v)) for v in np.ravel(x)]]
    z: list[list[Value]] = []
    for k, layer in enumerate(ws):
        zl = [linear(row, a[-1], 0.0 if bs is None else bs[k][j]) for j, row in enumerate(layer)]
        z.append(zl)
        a.append([v.sigmoid() for v in zl])
    error = sum(((t - out) ** 2 for t, out in zip(np.ravel(y), a[-1])), Value(0.0)) * 0.5
    error.backward()
    return SigmoidNet(ws, bs, z, a, error)


def grads(values: list[list[Value]]) -> list[list[float]]:
    """The ``.grad`` of a grid of Values."""
    return [[v.grad for v in row] for row in values]


def data(values: list[Value]) -> list[float]:
    """The ``.data`` of a list of Values."""
    return [v.data for v in values]
