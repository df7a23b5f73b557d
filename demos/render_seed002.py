"""Render seed 002's network after backward, and its backward pass step by step.

2 → 2 sigmoid → 1 sigmoid with biases (weights from the notebook), x = [0.5, 0.1],
y = 0.9, E = ½(y − ŷ)². Writes docs/seed002.svg (the README's picture) and
docs/seed002_steps.html (open it in a browser; ← → step through), and prints explain().

    python demos/render_seed002.py [--out docs]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autograd import Value, explain, render, write_stepthrough
from nn import MLP, half_squared_error


def seed002_error() -> Value:
    """The notebook's network and error, built with nn, after backward."""
    model = MLP(2, [2, 1], activation="sigmoid", output_activation="sigmoid")
    model.load_state_dict(
        {
            "layers.0.neurons.0.w.0": 0.15, "layers.0.neurons.0.w.1": 0.24,
            "layers.0.neurons.0.b": 1.0,
            "layers.0.neurons.1.w.0": 0.2, "layers.0.neurons.1.w.1": 0.3,
            "layers.0.neurons.1.b": 1.0,
            "layers.1.neurons.0.w.0": -0.4, "layers.1.neurons.0.w.1": 0.5,
            "layers.1.neurons.0.b": 1.0,
        }
    )  # fmt: skip
    x = [Value(0.5, label="x0"), Value(0.1, label="x1")]
    out = model(x)
    assert isinstance(out, Value)
    out.label = "ŷ"
    error = half_squared_error(out, 0.9)
    error.label = "E"
    error.backward()
    return error


def main(argv: list[str] | None = None) -> None:
    """Write the SVG and the step-through page, print the chain-rule steps."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs"), help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    error = seed002_error()
    print(explain(error))
    print("wrote", render(error, args.out / "seed002.svg"))
    print(
        "wrote",
        write_stepthrough(error, args.out / "seed002_steps.html", title="Seed 002: backward pass"),
    )


if __name__ == "__main__":
    main()
