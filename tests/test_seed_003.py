"""Seed 003, ReLU network: 3 → 4 ReLU → 1 linear, np.random.seed(1), alpha 0.2, 60 epochs."""

import numpy as np

from autograd import Value

DATA = np.array([[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]], dtype=float)
TARGET = [0.0, 1.0, 0.0, 1.0, 1.0, 0.0]
# cell 2's printout, every 10th epoch
PRINTED = [
    0.31298811341557736,
    0.043272385299784624,
    0.0034372657015086937,
    0.00019649599346773566,
    1.015593230102771e-05,
    5.122102420300414e-07,
]


def test_seed_003_relu_net_per_sample_updates_reproduce_printout():
    rng = np.random.RandomState(1)
    w01 = (2 * rng.random_sample((3, 4)) - 1).tolist()
    w12 = (2 * rng.random_sample((4, 1)) - 1)[:, 0].tolist()
    errors = []
    for epoch in range(60):
        total = 0.0
        for row, t in zip(DATA, TARGET):
            a = [[Value(v) for v in r] for r in w01]
            b = [Value(v) for v in w12]
            h = [sum(row[i] * a[i][j] for i in range(3)).relu() for j in range(4)]
            out = sum(hj * bj for hj, bj in zip(h, b))
            loss = 0.5 * (out - t) ** 2  # the notebook's delta (t − ŷ) is −dE/dŷ of this loss
            loss.backward()
            total += (out.data - t) ** 2
            w12 = [bj.data - 0.2 * bj.grad for bj in b]
            w01 = [[v.data - 0.2 * v.grad for v in r] for r in a]
        if epoch % 10 == 9:
            errors.append(total)
    np.testing.assert_allclose(errors, PRINTED, rtol=1e-9)
