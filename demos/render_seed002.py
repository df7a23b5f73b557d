"""Render seed 002's network after backward, and its backward pass step by step.

2 → 2 sigmoid → 1 sigmoid with biases (weights from the notebook), x = [0.5, 0.1],
y = 0.9, E = ½(y − ŷ)². Prints explain() and writes into --out seed002.svg and
seed002_steps.html (open them in a browser; ← → step through the page, one step per
line of explain); the README's copies are in docs/ (demos/make_docs_pictures.py).

    python demos/render_seed002.py [--out out]
"""

from __future__ import annotations

from pathlib import Path

from autograd import Value, explain, render, write_stepthrough
from nn import MLP, half_squared_error

from democli import parser, report


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


def write_pictures(error: Value, folder: Path, png: bool = False) -> list[Path]:
    """``folder/seed002.svg`` (the graph after backward), with ``png`` also
    ``seed002.png`` (the same at its natural size, for the README), and
    ``folder/seed002_steps.html`` (the backward pass, one frame per step of explain)."""
    paths = [render(error, folder / "seed002.svg")]
    if png:
        paths.append(render(error, folder / "seed002.png", dpi=PNG_DPI))
    title = "Seed 002: backward pass"
    paths.append(write_stepthrough(error, folder / "seed002_steps.html", title=title))
    return paths


#: PNG resolution: 96 dots per inch shows a picture at the size a browser shows its SVG.
PNG_DPI = 96


def main(argv: list[str] | None = None) -> int:
    """Print the chain-rule steps, write the SVG and the step-through page into ``--out``."""
    writes = (
        "seed002.svg and seed002_steps.html (open them in a browser) "
        "and render_seed002.txt (what it prints)"
    )
    args = parser(__doc__, writes).parse_args(argv)
    with report(args.out, "render_seed002") as out:
        error = seed002_error()
        print(explain(error))
        out.files.extend(write_pictures(error, out.folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
