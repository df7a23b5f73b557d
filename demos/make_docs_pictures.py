"""Regenerate the README's pictures in docs/ (and nothing else there).

The demos write into out/ by default and never touch the tracked files in docs/; this
script is the one way to refresh them, after a change to the rendering or to a demo:
seed002.svg, seed002_steps.html, vanishing.svg and mlp_collapsed.svg (Graphviz's ``dot``
needed), moons_boundary.png and moons_loss.png (matplotlib needed; trains for ~100 steps).

    python demos/make_docs_pictures.py [--out docs] [--steps 100]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import democli
import moons
import render_mlp
import render_seed002
import render_vanishing

#: The checkout's docs/ folder, wherever the script is run from.
DOCS = Path(__file__).resolve().parent.parent / "docs"


def write_pictures(folder: Path, steps: int = 100) -> list[Path]:
    """Write every picture the README shows into ``folder``, the moons after ``steps``
    training steps; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = render_seed002.write_pictures(render_seed002.seed002_error(), folder)
    paths.append(render_vanishing.write_picture(folder))
    paths.append(render_mlp.write_picture(folder))
    run = moons.train(steps=steps, quiet=True)
    points, labels = moons.dataset()
    paths.extend(moons.plot(run.model, run.losses, points, labels, folder))
    return paths


def main(argv: list[str] | None = None) -> int:
    """Parse ``--out`` and write the pictures there."""
    cli = argparse.ArgumentParser(
        description=__doc__.strip().splitlines()[0],
        epilog="Writes into --out: seed002.svg, seed002_steps.html, vanishing.svg, "
        "mlp_collapsed.svg, moons_boundary.png and moons_loss.png. "
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
