"""Vanishing gradients, visible: a chain of sigmoid layers rendered with heat colours.

Seed 004 remarks that sigmoid's derivative is at most 1/4, so each sigmoid layer cuts the
error signal by at least 75%. Each box's colour is log10 |grad|: dark red near the output,
fading towards the input. Writes vanishing.svg into --out (open it in a browser); the
README's copy is docs/vanishing.svg (demos/make_docs_pictures.py).

    python demos/render_vanishing.py [--layers 8] [--out out]
"""

from __future__ import annotations

from pathlib import Path

from autograd import Value, render

from democli import parser, report


def sigmoid_chain(layers: int) -> tuple[Value, Value]:
    """x → σ(w₁x) → σ(w₂·) → …, with every weight 1; returns (input, output) after backward."""
    x = Value(0.5, label="x")
    node = x
    for k in range(1, layers + 1):
        node = (node * Value(1.0, label=f"w{k}")).sigmoid()
        node.label = f"a{k}"
    node.backward()
    return x, node


def write_picture(folder: Path, layers: int = 8, png: bool = False) -> list[Path]:
    """Build the chain, print the input's gradient, render it into ``folder/vanishing.svg``
    (and, with ``png``, ``vanishing.png`` at its natural size, for the README)."""
    x, out = sigmoid_chain(layers)
    print(f"d{out.label}/dx = {x.grad:.3e}  (≤ 0.25^{layers} = {0.25**layers:.3e})")
    paths = [render(out, folder / "vanishing.svg")]
    if png:
        paths.append(render(out, folder / "vanishing.png", dpi=96))
    return paths


def main(argv: list[str] | None = None) -> int:
    """Parse the flags and write the picture into ``--out``."""
    writes = "vanishing.svg (open it in a browser) and render_vanishing.txt (what it prints)"
    cli = parser(__doc__, writes)
    cli.add_argument("--layers", type=int, default=8, help="number of sigmoid layers (default 8)")
    args = cli.parse_args(argv)
    if args.layers < 1:
        cli.error(f"--layers must be >= 1, got {args.layers}")
    with report(args.out, "render_vanishing") as out:
        out.files.extend(write_picture(out.folder, args.layers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
