"""A collapsed picture of micrograd's demo network: MLP(2, [16, 16, 1]) on one sample.

Node by node this graph has hundreds of boxes; collapsed it is one box per neuron, with
its weights folded in, coloured by gradient. Writes mlp_collapsed.svg into --out (open it
in a browser); the README's copy is docs/mlp_collapsed.svg (demos/make_docs_pictures.py).

    python demos/render_mlp.py [--out out]
"""

from __future__ import annotations

import time
from pathlib import Path

from democli import parser, report

from autograd import Value, draw_dot, render
from nn import MLP, hinge


def write_picture(folder: Path) -> Path:
    """Build the network's loss on one sample, backward, render it collapsed into
    ``folder/mlp_collapsed.svg``; print the node-by-node size and the render time."""
    model = MLP(2, [16, 16, 1], seed=0)
    score = model([Value(0.5, label="x0"), Value(-0.3, label="x1")])
    loss = hinge([score], [1])  # type: ignore[list-item]
    loss.label = "loss"
    loss.backward()
    full = len(draw_dot(loss, max_nodes=10**6).body)
    start = time.perf_counter()
    path = render(loss, folder / "mlp_collapsed.svg", collapse=True, rankdir="LR")
    seconds = time.perf_counter() - start
    print(f"node-by-node DOT has {full} statements; collapsed render took {seconds:.2f} s")
    return path


def main(argv: list[str] | None = None) -> int:
    """Parse ``--out`` and write the picture there."""
    writes = "mlp_collapsed.svg (open it in a browser) and render_mlp.txt (what it prints)"
    args = parser(__doc__, writes).parse_args(argv)
    with report(args.out, "render_mlp") as out:
        out.files.append(write_picture(out.folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
