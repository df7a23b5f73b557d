"""The shared workload: micrograd's demo problem, identical for every engine.

Two interleaving half circles ("two moons") with Gaussian noise, labels ±1, and the
initial weights of an MLP(2, [16, 16, 1]) drawn from one seeded generator, so that every
engine starts from exactly the same numbers.
"""

from __future__ import annotations

import itertools
import math
import random

#: Layer widths after the 2 inputs: two ReLU layers of 16, one linear output.
SIZES = (2, 16, 16, 1)
#: Number of samples in the (full) batch.
N_SAMPLES = 100
#: L2 penalty weight: loss = mean(relu(1 - y·score)) + ALPHA · Σ p².
ALPHA = 1e-4
#: SGD step size.
LEARNING_RATE = 0.1

#: Weights as layers of neurons, each neuron ``(w, b)``: ``w`` a list of floats, ``b`` a float.
Weights = list[list[tuple[list[float], float]]]


def make_moons(
    n: int = N_SAMPLES, noise: float = 0.1, seed: int = 0
) -> tuple[list[list[float]], list[float]]:
    """``n`` points of two noisy half moons and their labels (+1 upper moon, -1 lower).

    >>> xs, ys = make_moons(4)
    >>> len(xs), sorted(set(ys))
    (4, [-1.0, 1.0])
    """
    rng = random.Random(seed)
    xs: list[list[float]] = []
    ys: list[float] = []
    for i in range(n):
        t = rng.uniform(0.0, math.pi)
        if i % 2 == 0:
            point, label = [math.cos(t), math.sin(t)], 1.0
        else:
            point, label = [1.0 - math.cos(t), 0.5 - math.sin(t)], -1.0
        xs.append([point[0] + rng.gauss(0.0, noise), point[1] + rng.gauss(0.0, noise)])
        ys.append(label)
    return xs, ys


def initial_weights(seed: int = 1337) -> Weights:
    """Weights uniform in [-1, 1] and biases 0, as micrograd initialises its neurons.

    >>> [len(layer) for layer in initial_weights()]
    [16, 16, 1]
    """
    rng = random.Random(seed)
    return [
        [([rng.uniform(-1.0, 1.0) for _ in range(nin)], 0.0) for _ in range(nout)]
        for nin, nout in itertools.pairwise(SIZES)
    ]


def flatten(weights: Weights) -> list[float]:
    """Every parameter in micrograd's order: layer by layer, neuron by neuron, w then b."""
    return [p for layer in weights for w, b in layer for p in (*w, b)]
