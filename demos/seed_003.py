"""Seed 003: a linear neuron by gradient descent on one sample and on a dataset, then a
3 → 4 ReLU → 1 linear network trained for 60 epochs (np.random.seed(1), alpha 0.2).

    python demos/seed_003.py [--out out]
"""

from __future__ import annotations

import numpy as np

from nn import MLP, SGD, Neuron

from democli import parser, report
from seedtable import Table, load_weights

DATA = np.array([[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1], [0, 1, 1], [1, 0, 1]], float)
LABELS = np.array([0, 1, 0, 1, 1, 0], float)


def compare() -> int:
    """Run the notebook's computations with the engine and compare."""
    t = Table("Seed 003: linear neuron and ReLU network (printouts traced to their runs)")
    # The notebook's update w ← w − α·(p − goal)·x is SGD on ½(goal − p)² with rate α.
    neuron = Neuron(3, activation="linear", bias=False)
    neuron.load_state_dict({"w.0": 0.5, "w.1": 0.48, "w.2": -0.7})
    opt = SGD(neuron.parameters(), lr=0.1)
    w = np.array([0.5, 0.48, -0.7])
    printed = {20: "5.3169e-06", 25: "5.709e-07", 30: "6.13e-08", 35: "6.582e-09"}
    for it in range(36):
        p = neuron(list(DATA[0]))
        loss = 0.5 * (0.0 - p) ** 2
        opt.zero_grad()
        loss.backward()
        opt.step()
        pf = float(w @ DATA[0])
        w = w - 0.1 * (pf - 0.0) * DATA[0]
        if it in printed:
            t.row(
                f"single sample, iter {it}",
                (0.0 - p.data) ** 2,
                pf**2,
                printed[it],
                "printout = iterations 20–35" if it == 20 else "",
            )

    np.random.seed(1)
    w01 = 2 * np.random.random((3, 4)) - 1
    w12 = 2 * np.random.random((4, 1)) - 1
    model = MLP(3, [4, 1], activation="relu", output_activation="linear", bias=False)
    load_weights(model, [w01, w12])
    opt = SGD(model.parameters(), lr=0.2)
    printed_relu = [
        "0.31298811",
        "0.043272385",
        "0.0034372657",
        "0.00019649599",
        "1.0155932e-05",
        "5.1221024e-07",
    ]
    for epoch in range(60):
        total = total_ref = 0.0
        for row, label in zip(DATA, LABELS):
            out = model(list(row))
            loss = 0.5 * (out - label) ** 2  # the notebook's delta y − l2 is −∂/∂l2 of this
            opt.zero_grad()
            loss.backward()  # type: ignore[union-attr]
            opt.step()
            total += 2 * loss.data  # type: ignore[union-attr]
            l1 = np.maximum(row @ w01, 0.0)
            l2 = l1 @ w12
            total_ref += float((l2[0] - label) ** 2)
            d2 = label - l2
            d1 = d2 @ w12.T * (l1 > 0)
            w12 = w12 + 0.2 * np.outer(l1, d2)
            w01 = w01 + 0.2 * np.outer(row, d1)
        if epoch % 10 == 9:
            t.row(f"ReLU net, epoch {epoch + 1}", total, total_ref, printed_relu[epoch // 10])
    return t.done()


def main(argv: list[str] | None = None) -> int:
    """Parse ``--out``, compare, write the printout to ``seed_003.txt``; 0 when all agree."""
    args = parser(__doc__, "seed_003.txt (what it prints)").parse_args(argv)
    with report(args.out, "seed_003"):
        return compare()


if __name__ == "__main__":
    raise SystemExit(main())
