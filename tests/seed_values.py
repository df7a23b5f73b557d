"""The seed notebooks' networks written in ``autograd.Value``s, one scalar node per number.

Shapes follow tests/seed_reference.py: ``W[l]`` is ``(n_out, n_in)``. Builders return a
:class:`ValueNet` whose ``loss`` has not been back-propagated yet; after
``net.loss.backward()``, :meth:`ValueNet.grads` reads every gradient as NumPy arrays laid
out like the reference's, so the two compare directly. Only the engine's public API is
used (``Value``, ``dot``, ``linear``, ``sum_of``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd import Value, dot, linear, sum_of

Layer = list[list[Value]]  # W[j][i]: the weight from input i into unit j


def leaves(array: Any) -> Any:
    """A nested list of leaf Values with the data (and shape) of ``array``.

    >>> [v.data for v in leaves([1.0, 2.0])]
    [1.0, 2.0]
    """
    a = np.asarray(array, dtype=float)
    if a.ndim == 0:
        return Value(float(a))
    return [leaves(row) for row in a]


def grads(nested: Any) -> np.ndarray:
    """``.grad`` of a nested list of Values, as an array of the same shape.

    >>> v = Value(3.0); (v * v).backward(); grads([v]).tolist()
    [6.0]
    """
    if isinstance(nested, Value):
        return np.array(nested.grad)
    return np.array([grads(item) for item in nested])


def data(nested: Any) -> np.ndarray:
    """``.data`` of a nested list of Values, as an array of the same shape.

    >>> data([[Value(1.0)], [Value(2.0)]]).tolist()
    [[1.0], [2.0]]
    """
    if isinstance(nested, Value):
        return np.array(nested.data)
    return np.array([data(item) for item in nested])


@dataclass
class ValueNet:
    """A network built from Values: parameters, every intermediate node, and the loss.

    ``a[0]`` holds the input (plain floats); ``z[l]`` and ``a[l+1]`` are the nodes of
    layer ``l`` (pre-activation and activation), so after ``loss.backward()`` the
    error term dE/dz of unit j in layer l is ``z[l][j].grad``.
    """

    weights: list[Layer]
    biases: list[list[Value]] | None
    z: list[list[Value]] = field(default_factory=list)
    a: list[list[Any]] = field(default_factory=list)
    loss: Value = field(default_factory=lambda: Value(0.0))

    @property
    def yhat(self) -> list[Value]:
        """The output nodes, ``a[L]``."""
        return self.a[-1]

    def grads(self) -> dict[str, Any]:
        """Every gradient and value, keyed and shaped like ``sigmoid_mlp_backprop``'s."""
        return {
            "z": [data(zl) for zl in self.z],
            "a": [np.asarray(self.a[0], dtype=float)] + [data(al) for al in self.a[1:]],
            "delta": [grads(zl) for zl in self.z],
            "dW": [grads(w) for w in self.weights],
            "db": None if self.biases is None else [grads(b) for b in self.biases],
            "dE_dyhat": grads(self.yhat),
            "E": self.loss.data,
        }


def _layer(w: Layer, b: list[Value] | None, a_in: Sequence[Any]) -> list[Value]:
    # a biased layer is one `linear` node per unit, an unbiased one a `dot` node
    if b is None:
        return [dot(row, a_in) for row in w]
    return [linear(row, a_in, bj) for row, bj in zip(w, b)]


def feedforward(
    weights: Sequence[Any],
    biases: Sequence[Any] | None,
    x: Sequence[float],
    activations: Sequence[Callable[[Value], Value]],
) -> ValueNet:
    """Layers ``a[l+1] = f_l(W[l] a[l] + b[l])`` on leaf parameters; no loss yet.

    Args:
        weights: ``W[l]`` of shape ``(n_out, n_in)``, numbers (made into leaves).
        biases: ``None`` (no biases) or ``b[l]`` of shape ``(n_out,)``.
        x: the input, as plain floats (constants, not parameters).
        activations: one function per layer, e.g. ``Value.sigmoid``.

    >>> net = feedforward([[[2.0]]], None, [3.0], [Value.relu])
    >>> net.yhat[0].data
    6.0
    """
    net = ValueNet(
        weights=[leaves(w) for w in weights],
        biases=None if biases is None else [leaves(b) for b in biases],
    )
    net.a.append([float(v) for v in x])
    for k, f in enumerate(activations):
        b = None if net.biases is None else net.biases[k]
        net.z.append(_layer(net.weights[k], b, net.a[k]))
        net.a.append([f(zj) for zj in net.z[k]])
    return net


def squared_error(yhat: Sequence[Value], y: Sequence[float], scale: float = 0.5) -> Value:
    """``scale · Σₖ (yₖ − ŷₖ)²``; the seeds use scale ½ except 001 (scale 1).

    >>> squared_error([Value(3.0)], [1.0]).data
    2.0
    """
    return scale * sum_of((yk - yhk) ** 2 for yk, yhk in zip(y, yhat))


def sigmoid_mlp(
    weights: Sequence[Any],
    biases: Sequence[Any] | None,
    x: Sequence[float],
    y: Sequence[float],
    scale: float = 0.5,
) -> ValueNet:
    """The network of ``sigmoid_mlp_backprop``, in Values, with ``loss = scale·Σ(y − ŷ)²``.

    >>> net = sigmoid_mlp([[[0.0, 0.0]]], None, [1.0, 2.0], [1.0])
    >>> net.loss.backward(); net.grads()["dW"][0].tolist()
    [[-0.125, -0.25]]
    """
    net = feedforward(weights, biases, x, [Value.sigmoid] * len(weights))
    net.loss = squared_error(net.yhat, y, scale)
    return net


def relu_net(w1: Any, w2: Any, x: Sequence[float], t: float) -> ValueNet:
    """003's 3 → 4 ReLU → 1 linear network, ``loss = ½(ŷ − t)²``; ``w2`` has shape (hidden,).

    >>> net = relu_net([[1.0], [-1.0]], [2.0, 3.0], [1.0], 1.0)
    >>> net.loss.backward(); net.grads()["dW"][0].tolist()
    [[2.0], [0.0]]
    """
    net = feedforward([w1, [w2]], None, x, [Value.relu, lambda v: v])
    net.loss = squared_error(net.yhat, [t])
    return net


def assert_matches_reference(
    got: dict[str, Any], ref: dict[str, Any], rtol: float = 1e-12, scale: float = 0.5
) -> None:
    """Check :meth:`ValueNet.grads` against ``sigmoid_mlp_backprop`` layer by layer.

    ``scale`` is the engine loss's factor (``scale·Σ(y − ŷ)²``); the reference uses ½, so
    its gradients and loss are multiplied by ``2·scale``. ``rtol`` is relative per entry
    (``atol`` 0), so an exactly-zero gradient must come out exactly zero.

    >>> from seed_reference import sigmoid_mlp_backprop
    >>> net = sigmoid_mlp([[[0.3, -0.2]]], [[0.1]], [1.0, 2.0], [1.0]); net.loss.backward()
    >>> ref = sigmoid_mlp_backprop([[[0.3, -0.2]]], [[0.1]], [1.0, 2.0], [1.0])
    >>> assert_matches_reference(net.grads(), ref)
    """
    factor = 2 * scale
    pairs = [
        ("E", got["E"], factor * ref["E"]),
        ("dE/dŷ", got["dE_dyhat"], factor * ref["dE_dyhat"]),
    ]
    for k in range(len(ref["dW"])):  # layer k
        pairs += [
            (f"z[{k}]", got["z"][k], ref["z"][k]),
            (f"a[{k + 1}]", got["a"][k + 1], ref["a"][k + 1]),
            (f"delta[{k}]", got["delta"][k], factor * ref["delta"][k]),
            (f"dE/dW[{k}]", got["dW"][k], factor * ref["dW"][k]),
        ]
        if got["db"] is not None:
            pairs.append((f"dE/db[{k}]", got["db"][k], factor * ref["db"][k]))
    for name, actual, desired in pairs:
        np.testing.assert_allclose(actual, desired, rtol=rtol, atol=0, err_msg=name)
