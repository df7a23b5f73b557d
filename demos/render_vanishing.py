"""Vanishing gradients, visible: a chain of sigmoid layers rendered with heat colours.

Seed 004 remarks that sigmoid's derivative is at most 1/4, so each sigmoid layer cuts the
error signal by at least 75%. Each box's colour is log10 |grad|: dark red near the output,
fading towards the input. Writes docs/vanishing.svg.

    python demos/render_vanishing.py [--layers 8] [--out docs]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autograd import Value, render


def sigmoid_chain(layers: int) -> tuple[Value, Value]:
    """x → σ(w₁x) → σ(w₂·) → …, with every weight 1; returns (input, output) after backward."""
    x = Value(0.5, label="x")
    node = x
    for k in range(1, layers + 1):
        node = (node * Value(1.0, label=f"w{k}")).sigmoid()
        node.label = f"a{k}"
    node.backward()
    return x, node


def main(argv: list[str] | None = None) -> None:
    """Build the chain, print the gradient per layer, write the SVG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=8, help="number of sigmoid layers")
    parser.add_argument("--out", type=Path, default=Path("docs"), help="output folder")
    args = parser.parse_args(argv)
    x, out = sigmoid_chain(args.layers)
    print(f"d{out.label}/dx = {x.grad:.3e}  (≤ 0.25^{args.layers} = {0.25**args.layers:.3e})")
    args.out.mkdir(parents=True, exist_ok=True)
    print("wrote", render(out, args.out / "vanishing.svg", rankdir="LR"))


if __name__ == "__main__":
    main()
