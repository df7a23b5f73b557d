"""chainrule's ``nn``: neural-network building blocks made only of ``autograd.Value``.

>>> from nn import MLP, SGD, hinge
>>> model = MLP(2, [4, 1], seed=0)
>>> loss = hinge([model([1.0, 2.0])], [1])
>>> loss.backward(); SGD(model.parameters(), lr=0.1).step()
"""

from nn.datasets import make_moons
from nn.init import make_rng, weight_bound
from nn.layers import ACTIVATIONS, MLP, Layer, Neuron
from nn.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    half_squared_error,
    hinge,
    l2,
    mse,
    softmax,
    softmax_cross_entropy,
)
from nn.module import Module
from nn.optim import SGD, Adam, Optimizer, exponential_decay, linear_decay

__all__ = [
    "ACTIVATIONS",
    "MLP",
    "SGD",
    "Adam",
    "Layer",
    "Module",
    "Neuron",
    "Optimizer",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "exponential_decay",
    "half_squared_error",
    "hinge",
    "l2",
    "linear_decay",
    "make_moons",
    "make_rng",
    "mse",
    "softmax",
    "softmax_cross_entropy",
    "weight_bound",
]
