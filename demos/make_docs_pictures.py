"""Regenerate the README's pictures in docs/ (and nothing else there).

The demos write into out/ by default and never touch the tracked files in docs/; this
script is the one way to refresh them, after a change to the rendering or to a demo:
seed002.svg and seed002.png, seed002_steps.html, vanishing.svg, mlp_collapsed.svg and
mlp_collapsed.png (Graphviz's ``dot`` needed), moons_boundary.png and moons_loss.png
(matplotlib needed; trains for ~100 steps). The PNG files are the README's inline
pictures, at the size a browser shows the SVG (text 13 px); each links to its SVG.

    python demos/make_docs_pictures.py [--out docs] [--steps 100]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import moons
import render_mlp
import render_seed002
import render_vanishing

import democli

#: The checkout's docs/ folder, wherever the script is run from.
DOCS = Path(__file__).resolve().parent.parent / "docs"


def write_pictures(folder: Path, steps: int = 100) -> list[Path]:
    """Write every picture the README shows into ``folder``, the moons after ``steps``
    training steps; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = render_seed002.write_pictures(render_seed002.seed002_error(), folder, png=True)
    paths.extend(render_vanishing.write_picture(folder))
    paths.extend(render_mlp.write_picture(folder, png=True))
    for path in paths:
        if path.suffix == ".png":
            _shrink(path)
    run = moons.train(steps=steps, quiet=True)
    points, labels = moons.dataset()
    paths.extend(moons.plot(run.model, run.losses, points, labels, folder))
    return paths


def _shrink(path: Path) -> None:
    """Store a rendered PNG with a palette of 128 colours (a third of the bytes; the
    pictures have a dozen fill colours and anti-aliased edges)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            128, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    """Parse ``--out`` and write the pictures there."""
    cli = argparse.ArgumentParser(
        description=__doc__.strip().splitlines()[0],
        epilog="Writes into --out: seed002.svg, seed002.png, seed002_steps.html, "
        "vanishing.svg, mlp_collapsed.svg, mlp_collapsed.png, moons_boundary.png and "
        "moons_loss.png. "
        "Prints the absolute path of each.",
    )
    cli.add_argument(
        "--out",
        type=democli.folder,
        default=DOCS,
        help=f"folder for the pictures (default: this checkout's docs/, {DOCS})",
    )
    cli.add_argument(
        "--steps", type=int, default=100, help="moons training steps (default 100, as the README)"
    )
    args = cli.parse_args(argv)
    if args.steps < 1:
        cli.error(f"--steps must be >= 1, got {args.steps}")
    for path in write_pictures(args.out.resolve(), args.steps):
        print("wrote", path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
