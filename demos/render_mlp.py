"""A collapsed picture of micrograd's demo network: MLP(2, [16, 16, 1]) on one sample.

Node by node this graph has hundreds of boxes; collapsed it is one box per neuron, with
its weights folded in, coloured by gradient. Writes docs/mlp_collapsed.svg.

    python demos/render_mlp.py [--out docs]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from autograd import Value, draw_dot, render
from nn import MLP, hinge


def main(argv: list[str] | None = None) -> None:
    """Build the network's loss on one sample, backward, render collapsed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs"), help="output folder")
    args = parser.parse_args(argv)
    model = MLP(2, [16, 16, 1], seed=0)
    score = model([Value(0.5, label="x0"), Value(-0.3, label="x1")])
    loss = hinge([score], [1])  # type: ignore[list-item]
    loss.label = "loss"
    loss.backward()
    full = len(draw_dot(loss, max_nodes=10**6).body)
    start = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    path = render(loss, args.out / "mlp_collapsed.svg", collapse=True, rankdir="LR")
    seconds = time.perf_counter() - start
    print(f"node-by-node DOT has {full} statements; collapsed render took {seconds:.2f} s")
    print("wrote", path)


if __name__ == "__main__":
    main()
