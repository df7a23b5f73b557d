"""Seed 004: a 2 → 1 sigmoid → 1 sigmoid network without biases (x = (0.1, 0.3),
w = (0.4, −0.2), W = 0.1, y = 1, η = 0.5), the chain of hand-derived quantities, where the
notebook's code departs from its own comments, and the vanishing-gradient remark.

    python demos/seed_004.py [--out out]
"""

from __future__ import annotations

import numpy as np

from autograd import Value
from nn import MLP, half_squared_error

from democli import parser, report
from seedtable import Table, load_weights, sigmoid

X, W, HW, Y, ETA = [0.1, 0.3], [0.4, -0.2], 0.1, 1.0, 0.5


def compare() -> int:
    """Run the notebook's computation with the engine and compare."""
    model = MLP(2, [1, 1], activation="sigmoid", output_activation="sigmoid", bias=False)
    load_weights(model, [np.array(W), np.array([HW])])
    a = model.layers[0](X)
    y_hat = model.layers[1]([a])  # type: ignore[list-item]
    assert isinstance(a, Value) and isinstance(y_hat, Value)
    half_squared_error(y_hat, Y).backward()
    h_node, z_out = a.inputs[0], y_hat.inputs[0]

    h = float(np.dot(W, X))
    af = float(sigmoid(h))
    yf = float(sigmoid(HW * af))
    delta_o = (Y - yf) * yf * (1 - yf)  # δo = (y − ŷ) f'(W·a)
    delta_h = HW * delta_o * af * (1 - af)  # δh = W δo f'(h)
    t = Table("Seed 004: the chain h, a, ŷ, δo, δh, ΔW, Δwᵢ")
    t.row("h", h_node.data, h, "-0.02")
    t.row("a", a.data, af, "0.49500017")
    t.row("ŷ", y_hat.data, yf, "0.51237248")
    t.row(
        "δo = −dE/dz_out",
        -z_out.grad,
        delta_o,
        "0.12183224",
        "printed as (y−ŷ)ŷ(y−ŷ): right only as y = 1",
    )
    t.row(
        "δh = −dE/dh",
        -h_node.grad,
        delta_h,
        "0.0030455",
        "printed as Wδo·a(y−a): right only as y = 1",
    )
    hw = model.layers[1].neurons[0].w[0]
    t.row(
        "ΔW = −η dE/dW",
        -ETA * hw.grad,
        ETA * delta_o * af,
        "0.0308996",
        "notebook multiplies by ŷ, not η",
    )
    w = model.layers[0].neurons[0].w
    t.rows(
        "Δwᵢ = −η dE/dwᵢ",
        [-ETA * wi.grad for wi in w],
        ETA * delta_h * np.array(X),
        ["0.00015604", "0.00046813"],
        "notebook multiplies by ŷ, not η",
    )
    print(
        f"\nWith ŷ in place of η: ΔW = {yf * delta_o * af:.10f} (the printout); "
        f"the comment's ηδₒa = {ETA * delta_o * af:.4f}"
    )
    ratio_o = abs(z_out.grad / y_hat.grad)
    ratio_h = abs(h_node.grad / y_hat.grad)
    print(
        f"Vanishing gradients: |dE/dz_out| / |dE/dŷ| = {ratio_o:.4f} ≤ 0.25, "
        f"|dE/dh| / |dE/dŷ| = {ratio_h:.6f} ≤ 0.0625"
    )
    t.row("sigmoid'(z) ≤ 1/4 check", float(ratio_o <= 0.25 and ratio_h <= 0.0625), 1.0)
    return t.done()


def main(argv: list[str] | None = None) -> int:
    """Parse ``--out``, compare, write the printout to ``seed_004.txt``; 0 when all agree."""
    args = parser(__doc__, "seed_004.txt (what it prints)").parse_args(argv)
    with report(args.out, "seed_004"):
        return compare()


if __name__ == "__main__":
    raise SystemExit(main())
