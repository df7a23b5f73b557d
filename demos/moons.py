"""The main demo: an MLP learns to separate two interleaving half-moons.

100 points with noise 0.1 (made with NumPy), MLP(2, [16, 16, 1]) with relu hidden layers,
hinge loss plus L2, SGD with a learning rate decaying from 1.0 to 0.1 over 100 steps:
micrograd's own demo, on chainrule. It prints a progress bar with loss and accuracy,
and writes the decision boundary and the loss curve as PNG files.

    python demos/moons.py [--seed 0] [--steps 100] [--out out]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from autograd import Value
from nn import MLP, SGD, hinge, l2, linear_decay


def make_moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points on two half-circles with Gaussian noise; labels −1 and +1."""
    rng = np.random.default_rng(seed)
    n_outer = n // 2
    t_outer = np.linspace(0.0, np.pi, n_outer)
    t_inner = np.linspace(0.0, np.pi, n - n_outer)
    outer = np.stack([np.cos(t_outer), np.sin(t_outer)], axis=1)
    inner = np.stack([1.0 - np.cos(t_inner), 0.5 - np.sin(t_inner)], axis=1)
    points = np.concatenate([outer, inner]) + rng.normal(0.0, noise, size=(n, 2))
    labels = np.concatenate([-np.ones(n_outer), np.ones(n - n_outer)])
    return points, labels


def loss_and_accuracy(model: MLP, points: np.ndarray, labels: np.ndarray) -> tuple[Value, float]:
    """Hinge loss + 1e-4·L2 over the whole dataset, and the training accuracy."""
    scores = [model([float(x), float(y)]) for x, y in points]
    loss = hinge(scores, [float(y) for y in labels]) + 1e-4 * l2(model.parameters())
    correct = sum((s.data > 0) == (y > 0) for s, y in zip(scores, labels))  # type: ignore[union-attr]
    return loss, correct / len(labels)


def progress(step: int, steps: int, loss: float, accuracy: float, width: int = 30) -> str:
    """One line of the progress bar."""
    filled = round(width * step / steps)
    bar = "#" * filled + "." * (width - filled)
    return f"\rstep {step:>3}/{steps} [{bar}] loss {loss:.4f}  accuracy {accuracy:6.1%}"


def train(seed: int = 0, steps: int = 100, quiet: bool = False) -> tuple[MLP, list[float], float]:
    """Train the demo's model; returns it, the loss per step and the final accuracy."""
    points, labels = make_moons(seed=seed)
    model = MLP(2, [16, 16, 1], seed=seed)
    optimizer = SGD(model.parameters(), lr=linear_decay(1.0, 0.1, steps))
    losses: list[float] = []
    accuracy = 0.0
    for step in range(steps):
        loss, accuracy = loss_and_accuracy(model, points, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.data)
        if not quiet:
            print(progress(step + 1, steps, loss.data, accuracy), end="", file=sys.stderr)
    _, accuracy = loss_and_accuracy(model, points, labels)
    if not quiet:
        print(file=sys.stderr)
    return model, losses, accuracy


def plot(model: MLP, losses: list[float], seed: int, out: Path) -> list[Path]:
    """Write the decision boundary and the loss curve as PNG files in ``out``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    points, labels = make_moons(seed=seed)
    xs = np.linspace(points[:, 0].min() - 0.5, points[:, 0].max() + 0.5, 80)
    ys = np.linspace(points[:, 1].min() - 0.5, points[:, 1].max() + 0.5, 80)
    grid = np.array([[model([float(x), float(y)]).data for x in xs] for y in ys])  # type: ignore[union-attr]
    out.mkdir(parents=True, exist_ok=True)
    boundary, curve = out / "moons_boundary.png", out / "moons_loss.png"

    fig, ax = plt.subplots(figsize=(5, 4.5))
    ax.contourf(xs, ys, grid > 0, levels=1, colors=["#c6dbef", "#f4c7c3"], alpha=0.8)
    ax.contour(xs, ys, grid, levels=[0.0], colors="k", linewidths=1)
    ax.scatter(points[:, 0], points[:, 1], c=labels, cmap="coolwarm", edgecolors="k", s=25)
    ax.set_title("MLP(2, [16, 16, 1]) decision boundary")
    fig.tight_layout()
    fig.savefig(boundary, dpi=100)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(range(1, len(losses) + 1), losses)
    ax.set_xlabel("step")
    ax.set_ylabel("hinge loss + L2")
    ax.set_yscale("log")
    ax.set_title("training loss")
    fig.tight_layout()
    fig.savefig(curve, dpi=100)
    plt.close(fig)
    return [boundary, curve]


def main(argv: list[str] | None = None) -> int:
    """Parse the flags, train, plot, print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="data and initialisation seed")
    parser.add_argument("--steps", type=int, default=100, help="SGD steps (default 100)")
    parser.add_argument("--out", type=Path, default=Path("out"), help="folder for the PNGs")
    args = parser.parse_args(argv)
    if args.steps < 1:
        parser.error(f"--steps must be >= 1, got {args.steps}")
    start = time.perf_counter()
    model, losses, accuracy = train(args.seed, args.steps)
    seconds = time.perf_counter() - start
    files = plot(model, losses, args.seed, args.out)
    print(f"trained {args.steps} steps in {seconds:.1f} s: accuracy {accuracy:.0%}")
    print("wrote " + ", ".join(str(f) for f in files))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
