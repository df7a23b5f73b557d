"""Seed 000: softmax / sigmoid / ReLU helpers, and a 3 → 2 sigmoid → 1 sigmoid network
without biases (x = [0.5, 0.1, −0.2], target 0.6, learning rate 0.5).

    python demos/seed_000.py [--out out]
"""

from __future__ import annotations

import numpy as np

from autograd import Value
from nn import MLP, half_squared_error, softmax

from democli import parser, report
from seedtable import Table, load_weights, sigmoid

X, TARGET, RATE = [0.5, 0.1, -0.2], 0.6, 0.5
W_IH = np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]])
W_HO = np.array([0.1, -0.3])


def compare() -> int:
    """Run the notebook's computation with the engine and compare."""
    t = Table("Seed 000: helpers, forward pass, error terms, weight changes")
    z = np.array([2.0, 4.0, 5.0])
    e = np.exp(z)
    t.rows(
        "softmax([2,4,5])",
        [p.data for p in softmax([Value(v) for v in z])],
        e / e.sum(),
        ["0.03511903", "0.25949646", "0.70538451"],
    )
    t.rows(
        "sigmoid([2,4,5])",
        [Value(v).sigmoid().data for v in z],
        sigmoid(z),
        ["0.88079708", "0.98201379", "0.99330715"],
    )

    model = MLP(3, [2, 1], activation="sigmoid", output_activation="sigmoid", bias=False)
    load_weights(model, [W_IH, W_HO])
    hidden = model.layers[0](X)
    output = model.layers[1](hidden)
    assert isinstance(hidden, list) and isinstance(output, Value)
    half_squared_error(output, TARGET).backward()

    h = sigmoid(np.array(X) @ W_IH)
    o = float(sigmoid(h @ W_HO))
    err_o = (o - TARGET) * o * (1 - o)  # the notebook's del_err_output
    err_h = err_o * W_HO * h * (1 - h)  # del_err_hidden
    t.rows("hidden_layer_output", [v.data for v in hidden], h, ["0.55971365", "0.38698582"])
    t.row("output", output.data, o, "0.48497343")
    t.row("del_err_output", output.inputs[0].grad, err_o, "", "= dE/d(output_layer_in)")
    t.rows("del_err_hidden", [v.inputs[0].grad for v in hidden], err_h)
    w_ho = model.layers[1].neurons[0].w
    t.rows(
        "delta_w_h_o",
        [RATE * w.grad for w in w_ho],
        RATE * err_o * h,
        ["-0.00804047", "-0.00555918"],
        "= rate·dE/dW: subtract it",
    )
    engine = [RATE * n.w[i].grad for i in range(3) for n in model.layers[0].neurons]
    printed = [
        "-1.77005547e-04",
        "5.11178506e-04",
        "-3.54011093e-05",
        "1.02235701e-04",
        "7.08022187e-05",
        "-2.04471402e-04",
    ]
    t.rows(
        "delta_w_i_o (row-major)", engine, (RATE * err_h * np.array(X)[:, None]).ravel(), printed
    )
    print("\nNote: error = output − target here; seed 004 uses target − output and adds its")
    print(
        "changes, so it prints the same numbers with the opposite sign. Both descend E = ½(y − ŷ)²."
    )
    return t.done()


def main(argv: list[str] | None = None) -> int:
    """Parse ``--out``, compare, write the printout to ``seed_000.txt``; 0 when all agree."""
    args = parser(__doc__, "seed_000.txt (what it prints)").parse_args(argv)
    with report(args.out, "seed_000"):
        return compare()


if __name__ == "__main__":
    raise SystemExit(main())
