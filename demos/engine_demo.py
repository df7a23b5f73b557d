"""A first look at the engine: one neuron, forward and backward, printed step by step.

Run: python demos/engine_demo.py [--out out]
"""

from __future__ import annotations

from autograd import Value, topological_order

from democli import parser, report


def show() -> None:
    """Build o = tanh(x1*w1 + x2*w2 + b), backpropagate, and print every node."""
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2 = Value(-3.0, "w1"), Value(1.0, "w2")
    b = Value(6.8813735870195432, "b")
    n = x1 * w1 + x2 * w2 + b
    o = n.tanh()
    o.backward()
    print("node        op        data       grad")
    for node in topological_order(o):
        name = node.label or "·"
        print(f"{name:<10}  {node.op or 'leaf':<8}  {node.data:>9.4f}  {node.grad:>9.4f}")
    print(f"\ndo/dw1 = x1 * (1 - o²) = {x1.data * (1 - o.data**2):.4f}  (engine: {w1.grad:.4f})")


def main(argv: list[str] | None = None) -> int:
    """Parse ``--out``, show the neuron, write the printout to ``engine_demo.txt``."""
    args = parser(__doc__, "engine_demo.txt (what it prints)").parse_args(argv)
    with report(args.out, "engine_demo"):
        show()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
