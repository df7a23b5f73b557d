"""Seed 001: 3 → 4 sigmoid → 2 sigmoid without biases, weights from np.random.seed(1),
x = [1, 2, 1], label [1, 0], E = Σ (y − label)²; dE/dV, dE/dW, and ten iterations.

    python demos/seed_001.py [--out out]
"""

from __future__ import annotations

import numpy as np

from autograd import Value, sum_of
from nn import MLP

from democli import parser, report
from seedtable import Table, load_weights, sigmoid

X, LABEL = np.array([1.0, 2.0, 1.0]), np.array([1.0, 0.0])


def loss_of(model: MLP) -> tuple[Value, list[Value]]:
    """E = Σ (y − label)² for the notebook's sample, and the outputs."""
    out = model(list(X))
    assert isinstance(out, list)
    return sum_of([(y - t) ** 2 for y, t in zip(out, LABEL)]), out


def compare() -> int:
    """Run the notebook's computation with the engine and compare."""
    np.random.seed(1)
    w, v = np.random.random((3, 4)), np.random.random((4, 2))
    model = MLP(3, [4, 2], activation="sigmoid", output_activation="sigmoid", bias=False)
    load_weights(model, [w, v])
    loss, out = loss_of(model)
    loss.backward()
    h = sigmoid(X @ w)
    o = sigmoid(h @ v)
    t_out = o * (1 - o) * 2 * (o - LABEL)  # oDer·gMSE = dE/dz at the outputs
    t = Table("Seed 001: forward pass, dE/dV and dE/dW (the correct derivation)")
    t.rows("oOut", [y.data for y in out], o, ["0.64137491", "0.8524445"])
    d_v = [n.w[i].grad for i in range(4) for n in model.layers[1].neurons]
    t.rows(
        "dE/dV (row-major)",
        d_v,
        np.outer(h, t_out).ravel(),
        ["-0.11726854", "0.16179498"],
        "printout uses an undefined MSE: not this formula",
    )
    d_w = [n.w[i].grad for i in range(3) for n in model.layers[0].neurons]
    t.rows("dE/dW (row-major)", d_w, np.outer(X, h * (1 - h) * (v @ t_out)).ravel())

    print("\nTen iterations: the notebook adds 0.01·gradient (ascent) and its outputs move away")
    print("from the label [1, 0]; subtracting it (descent) moves them towards it.\n")
    print(f"{'iter':>4}  {'ascent (notebook)':>24}  {'descent':>24}")
    ascent = MLP(3, [4, 2], activation="sigmoid", output_activation="sigmoid", bias=False)
    load_weights(ascent, [w, v])
    for k in range(10):
        rows = []
        for m, sign in ((ascent, 1.0), (model, -1.0)):
            m.zero_grad()
            loss, out = loss_of(m)
            loss.backward()
            rows.append(f"[{out[0].data:.8f} {out[1].data:.8f}]")
            for p in m.parameters():
                p.data += sign * 0.01 * p.grad
        print(f"{k:>4}  {rows[0]:>24}  {rows[1]:>24}")
    return t.done()


def main(argv: list[str] | None = None) -> int:
    """Parse ``--out``, compare, write the printout to ``seed_001.txt``; 0 when all agree."""
    args = parser(__doc__, "seed_001.txt (what it prints)").parse_args(argv)
    with report(args.out, "seed_001"):
        return compare()


if __name__ == "__main__":
    raise SystemExit(main())
