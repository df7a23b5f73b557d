"""A collapsed picture of micrograd's demo network: MLP(2, [16, 16, 1]) on one sample.

Node by node this graph has hundreds of boxes; collapsed it is one box per neuron, with
its weights folded in, coloured by d(loss)/d(node) after a backward pass from the hinge
loss. The picture stops at the network's output (the loss's few operations would make it
twice as wide). Writes mlp_collapsed.svg into --out (open it in a browser); the README's
copy is docs/mlp_collapsed.svg (demos/make_docs_pictures.py). Also times collapsing and
rendering 16 samples through the same network (one box per neuron per sample).

    python demos/render_mlp.py [--out out]
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from autograd import Value, draw_dot, render
from nn import MLP, hinge

from democli import parser, report


def write_picture(folder: Path, png: bool = False) -> list[Path]:
    """Build the network's loss on one sample, backward, render the network collapsed
    into ``folder/mlp_collapsed.svg`` (with ``png``, also ``mlp_collapsed.png`` at its
    natural size, for the README); print the node-by-node size and the render time."""
    model = MLP(2, [16, 16, 1], seed=0)
    score = model([Value(0.5, label="x0"), Value(-0.3, label="x1")])
    assert isinstance(score, Value)
    score.label = "score"
    loss = hinge([score], [1])
    loss.label = "loss"
    loss.backward()
    full = len(draw_dot(loss, max_nodes=10**6).body)
    start = time.perf_counter()
    paths = [render(score, folder / "mlp_collapsed.svg", collapse=True)]
    seconds = time.perf_counter() - start
    if png:
        paths.append(render(score, folder / "mlp_collapsed.png", collapse=True, dpi=96))
    print(f"node-by-node DOT has {full} statements; collapsed render took {seconds:.2f} s")
    return paths


def time_many_samples(samples: int = 16) -> None:
    """Collapse and render (to SVG, in memory) ``samples`` samples sharing one network."""
    model = MLP(2, [16, 16, 1], seed=0)
    rng = random.Random(0)
    scores = [model([rng.uniform(-1, 1), rng.uniform(-1, 1)]) for _ in range(samples)]
    loss = hinge(scores, [1 if k % 2 else -1 for k in range(samples)])  # type: ignore[arg-type]
    loss.backward()
    start = time.perf_counter()
    graph = draw_dot(loss, collapse=True)
    built = time.perf_counter()
    graph.pipe(format="svg")
    done = time.perf_counter()
    boxes = graph.source.count("Σwx+b")  # one per neuron: 16 × (16 + 16 + 1)
    print(
        f"{samples} samples sharing the network: {boxes} neuron boxes; draw_dot "
        f"{built - start:.2f} s, dot {done - built:.2f} s, {done - start:.2f} s in all"
    )


def main(argv: list[str] | None = None) -> int:
    """Parse ``--out`` and write the picture there."""
    writes = "mlp_collapsed.svg (open it in a browser) and render_mlp.txt (what it prints)"
    args = parser(__doc__, writes).parse_args(argv)
    with report(args.out, "render_mlp") as out:
        out.files.extend(write_picture(out.folder))
        time_many_samples()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
