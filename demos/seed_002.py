"""Seed 002: every intermediate of a 2 → 2 sigmoid → 1 sigmoid network with biases,
x = [0.5, 0.1], y = 0.9, E = ½(y − ŷ)², one update with learning rate 0.5.

    python demos/seed_002.py [--out out]
"""

from __future__ import annotations

import numpy as np

from autograd import Value
from nn import MLP, half_squared_error

from democli import parser, report
from seedtable import Table, load_weights, sigmoid

X, Y, RATE = [0.5, 0.1], 0.9, 0.5
W1, B1 = np.array([[0.15, 0.2], [0.24, 0.3]]), np.array([1.0, 1.0])
W2, B2 = np.array([[-0.4], [0.5]]), np.array([1.0])


def compare() -> int:
    """Run the notebook's computation with the engine and compare."""
    model = MLP(2, [2, 1], activation="sigmoid", output_activation="sigmoid")
    load_weights(model, [W1, W2], [B1, B2])
    x = [Value(v) for v in X]
    out_l1 = model.layers[0](x)
    out_l2 = model.layers[1](out_l1)
    assert isinstance(out_l1, list) and isinstance(out_l2, Value)
    in_l1, in_l2 = [h.inputs[0] for h in out_l1], out_l2.inputs[0]
    error = half_squared_error(out_l2, Y)
    error.backward()

    # The notebook's formulas, in NumPy
    i1 = np.array(X) @ W1 + B1
    o1 = sigmoid(i1)
    i2 = o1 @ W2 + B2
    o2 = sigmoid(i2)
    d_out2 = o2 - Y
    d_in2 = d_out2 * o2 * (1 - o2)
    d_out1 = d_in2 * W2.T[0]
    d_in1 = d_out1 * o1 * (1 - o1)

    t = Table("Seed 002: forward, backward, one update (the notebook's code is right)")
    t.rows("inL1", [v.data for v in in_l1], i1, ["1.099", "1.13"])
    t.rows("outL1", [v.data for v in out_l1], o1, ["0.750073", "0.755839"])
    t.row("inL2", in_l2.data, i2[0], "1.07789")
    t.row("outL2", out_l2.data, o2[0], "0.746095")
    t.row("E", error.data, 0.5 * (Y - o2[0]) ** 2, "0.011843")
    t.row("dE/dOutL2", out_l2.grad, d_out2[0], "-0.153905")
    t.row("dE/dInL2", in_l2.grad, d_in2[0], "-0.029155")
    w2 = model.layers[1].neurons[0]
    t.rows("dE/dW2", [w.grad for w in w2.w], o1 * d_in2[0], ["-0.021869", "-0.022037"])
    t.row("dE/dB2", w2.b.grad, d_in2[0], "-0.029155")  # type: ignore[union-attr]
    t.rows("dE/dOutL1", [v.grad for v in out_l1], d_out1, ["0.011662", "-0.014578"])
    t.rows("dE/dInL1", [v.grad for v in in_l1], d_in1, ["0.002186", "-0.00269"])
    d_w1 = [n.w[i].grad for i in range(2) for n in model.layers[0].neurons]
    t.rows(
        "dE/dW1 (row-major)",
        d_w1,
        np.outer(X, d_in1).ravel(),
        ["0.001093", "-0.001345", "0.000219", "-0.000269"],
    )
    t.rows("dE/dB1", [n.b.grad for n in model.layers[0].neurons], d_in1, ["0.002186", "-0.00269"])  # type: ignore[union-attr]

    for p in model.parameters():
        p.data -= RATE * p.grad
    after = half_squared_error(model([Value(v) for v in X]), Y)  # type: ignore[arg-type]
    w1n, b1n = W1 - RATE * np.outer(X, d_in1), B1 - RATE * d_in1
    w2n, b2n = W2 - RATE * np.outer(o1, d_in2), B2 - RATE * d_in2
    o2n = sigmoid(sigmoid(np.array(X) @ w1n + b1n) @ w2n + b2n)
    t.row("E after one update", after.data, 0.5 * (Y - o2n[0]) ** 2, "0.010953")
    return t.done()


def main(argv: list[str] | None = None) -> int:
    """Parse ``--out``, compare, write the printout to ``seed_002.txt``; 0 when all agree."""
    args = parser(__doc__, "seed_002.txt (what it prints)").parse_args(argv)
    with report(args.out, "seed_002"):
        return compare()


if __name__ == "__main__":
    raise SystemExit(main())
