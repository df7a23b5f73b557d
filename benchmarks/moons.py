"""The shared workload: micrograd's demo problem, identical for every engine.

micrograd's demo data (``nn.make_moons`` with seed 1337: two interleaving half circles
with Gaussian noise, labels ±1) and the initial weights of an MLP(2, [16, 16, 1]) drawn
from one seeded generator, so that every engine starts from exactly the same numbers.
"""

from __future__ import annotations

import itertools
import random

from nn import make_moons

#: Layer widths after the 2 inputs: two ReLU layers of 16, one linear output.
SIZES = (2, 16, 16, 1)
#: Number of samples in the (full) batch.
N_SAMPLES = 100
#: L2 penalty weight: loss = mean(relu(1 - y·score)) + ALPHA · Σ p².
ALPHA = 1e-4
#: Seed of the data: micrograd's demo.ipynb calls np.random.seed(1337) before make_moons.
DATA_SEED = 1337
#: SGD step size.
LEARNING_RATE = 0.1

#: Weights as layers of neurons, each neuron ``(w, b)``: ``w`` a list of floats, ``b`` a float.
Weights = list[list[tuple[list[float], float]]]


def training_data(n: int = N_SAMPLES) -> tuple[list[list[float]], list[float]]:
    """``n`` points of ``nn.make_moons(n, noise=0.1, seed=1337)`` and their ±1 labels, as
    plain lists (micrograd's demo data when ``n`` is 100).

    >>> xs, ys = training_data(4)
    >>> len(xs), sorted(set(ys))
    (4, [-1.0, 1.0])
    """
    points, labels = make_moons(n, noise=0.1, seed=DATA_SEED)
    return points.tolist(), labels.tolist()


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
