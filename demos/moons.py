"""The main demo: an MLP learns to separate two interleaving half-moons.

100 points with noise 0.1 (made with NumPy), MLP(2, [16, 16, 1]) with relu hidden layers,
hinge loss plus L2, SGD with a learning rate decaying from 1.0 to 0.1 over 100 steps:
micrograd's own demo, on chainrule. The loss is written as scalar code, one Value per
number, recorded once in a ``Tape`` and replayed on NumPy arrays at every step
(``--scalar`` builds and differentiates the graph node by node instead, as micrograd
does). It shows a tqdm progress bar with loss and accuracy on a terminal (a line every
tenth of the run when stderr is a file or a pipe), and writes the decision boundary (one
batched forward of a one-sample graph over a 200×200 grid) and the loss curve as PNG
files into --out.

With ``--like-micrograd`` it starts from exactly micrograd's demo.ipynb: scikit-learn's
``make_moons(n_samples=100, noise=0.1)`` after ``np.random.seed(1337)`` (``nn.make_moons``
with seed 1337), and micrograd's initialisation (weights U(−1, 1) from
``random.seed(1337)`` layer by layer, neuron by neuron; biases 0), then prints its
losses beside the ones micrograd's notebook published.

    python demos/moons.py [--seed 0] [--steps 100] [--out out] [--like-micrograd] [--scalar]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import NamedTuple, TextIO

import numpy as np
from tqdm import tqdm

from autograd import Tape, Value, no_grad
from nn import MLP, SGD, hinge, l2, linear_decay, make_moons

from democli import parser, report

#: micrograd's demo.ipynb seeds its data (np.random.seed) and its weights (random.seed) so.
MICROGRAD_SEED = 1337


def init_like_micrograd(model: MLP, seed: int = MICROGRAD_SEED) -> None:
    """Set ``model``'s weights as micrograd's ``MLP`` draws them after ``random.seed(seed)``:
    U(−1, 1) in parameter order (layer by layer, neuron by neuron), biases 0 (not drawn)."""
    rng = random.Random(seed)  # the same Mersenne Twister stream as random.seed(seed)
    model.load_state_dict(
        {
            name: 0.0 if name.endswith(".b") else rng.uniform(-1.0, 1.0)
            for name, _ in model.named_parameters()
        }
    )


#: micrograd's demo.ipynb printout: step → (loss before that step's update, accuracy).
MICROGRAD_PRINTED = {
    0: (0.8958441028683222, 0.5),
    1: (1.7235905336972022, 0.81),
    99: (0.010978370135492717, 1.0),
}


def loss_and_scores(
    model: MLP, points: np.ndarray, labels: np.ndarray
) -> tuple[Value, list[Value]]:
    """Hinge loss + 1e-4·L2 over the whole dataset, and the model's score for each point."""
    scores = [model([float(x), float(y)]) for x, y in points]
    loss = hinge(scores, [float(y) for y in labels]) + 1e-4 * l2(model.parameters())
    return loss, scores  # type: ignore[return-value]


def accuracy_of(scores: np.ndarray, labels: np.ndarray) -> float:
    """The fraction of points on the right side: score > 0 for label +1."""
    return float(np.mean((scores > 0) == (labels > 0)))


class Progress:
    """Training progress on ``file``: a tqdm bar on a terminal; anywhere else (a file, a
    pipe, a notebook's captured stream) one plain line every ``every`` steps and at the
    last step, so that a log stays readable instead of one long line of carriage returns."""

    def __init__(self, steps: int, file: TextIO, every: int | None = None) -> None:
        self.steps, self.file = steps, file
        self.every = every or max(1, steps // 10)
        # disable=None: tqdm turns itself off when file is not a terminal
        self.bar = tqdm(total=steps, file=file, disable=None, unit="step", desc="training")

    def update(self, step: int, loss: float, accuracy: float) -> None:
        """Step ``step`` (counted from 1) is done, with this loss and training accuracy."""
        summary = f"loss {loss:.4f}  accuracy {accuracy:6.1%}"
        if not self.bar.disable:
            self.bar.set_postfix_str(summary, refresh=False)
            self.bar.update(1)
        elif step % self.every == 0 or step == self.steps:
            print(f"step {step:>{len(str(self.steps))}}/{self.steps}  {summary}", file=self.file)

    def close(self) -> None:
        """End the bar (a no-op for plain lines)."""
        self.bar.close()


def dataset(seed: int = 0, like_micrograd: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The 100 training points and their ±1 labels (micrograd's with ``like_micrograd``)."""
    return make_moons(100, noise=0.1, seed=MICROGRAD_SEED if like_micrograd else seed)


class Run(NamedTuple):
    """What :func:`train` returns."""

    model: MLP
    losses: list[float]  # step k's loss, computed before step k's update
    accuracies: list[float]  # step k's training accuracy, before step k's update
    accuracy: float  # the training accuracy after the last update


def train(
    seed: int = 0,
    steps: int = 100,
    quiet: bool = False,
    like_micrograd: bool = False,
    scalar: bool = False,
) -> Run:
    """Train the demo's model with SGD at rate 1.0 − 0.9·k/steps for ``steps`` steps,
    through a tape (or node by node with ``scalar``); the same numbers either way, up to
    the order of sums."""
    points, labels = dataset(seed, like_micrograd)
    model = MLP(2, [16, 16, 1], seed=seed)
    if like_micrograd:
        init_like_micrograd(model)
    schedule = linear_decay(1.0, 0.1, steps)
    losses: list[float] = []
    accuracies: list[float] = []
    progress = None if quiet else Progress(steps, sys.stderr)
    if scalar:
        optimizer = SGD(model.parameters(), lr=schedule)
        for step in range(steps):
            loss, scores = loss_and_scores(model, points, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.data)
            accuracies.append(accuracy_of(np.array([s.data for s in scores]), labels))
            if progress is not None:
                progress.update(step + 1, losses[-1], accuracies[-1])
    else:
        # Recorded once: the same graph every step, only the parameters change. They live
        # in the tape's arrays (hold), where the optimizer updates them in place.
        loss, scores = loss_and_scores(model, points, labels)
        tape = Tape(loss)
        held = tape.hold(model.parameters())
        optimizer = SGD(held, lr=schedule)
        for step in range(steps):
            losses.append(tape.forward())
            accuracies.append(accuracy_of(tape.value_of(scores), labels))
            optimizer.zero_grad()
            tape.backward()
            optimizer.step()
            if progress is not None:
                progress.update(step + 1, losses[-1], accuracies[-1])
        held.sync()  # the trained numbers back into the model's Values
    if progress is not None:
        progress.close()
    with no_grad():  # evaluating only: no graph
        final = [model([float(x), float(y)]).data for x, y in points]  # type: ignore[union-attr]
    return Run(model, losses, accuracies, accuracy_of(np.array(final), labels))


def compare_with_micrograd(run: Run) -> list[str]:
    """Lines setting this run's losses beside micrograd's published ones."""
    lines = ["step  chainrule loss         micrograd demo.ipynb   rel. diff  accuracy (both)"]
    for step, (loss, accuracy) in MICROGRAD_PRINTED.items():
        if step < len(run.losses):
            ours = run.losses[step]
            rel = abs(ours - loss) / abs(loss)
            lines.append(
                f"{step:>4}  {ours!r:<21}  {loss!r:<21}  {rel:9.1e}  "
                f"{run.accuracies[step]:.0%} / {accuracy:.0%}"
            )
    return lines


def decision_grid(model: MLP, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """The model's score at every (x, y) of the grid: one sample's graph, recorded once,
    replayed for all the points at once (rows of ys, columns of xs)."""
    a, b = Value(0.0, "x"), Value(0.0, "y")
    tape = Tape(model([a, b]))  # type: ignore[arg-type]
    gx, gy = np.meshgrid(xs, ys)
    return tape.forward(feed={a: gx.ravel(), b: gy.ravel()}).reshape(gx.shape)  # type: ignore[no-any-return]


def plot(
    model: MLP, losses: list[float], points: np.ndarray, labels: np.ndarray, out: Path
) -> list[Path]:
    """Write the decision boundary and the loss curve as PNG files in ``out``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = np.linspace(points[:, 0].min() - 0.5, points[:, 0].max() + 0.5, 200)
    ys = np.linspace(points[:, 1].min() - 0.5, points[:, 1].max() + 0.5, 200)
    grid = decision_grid(model, xs, ys)
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
    writes = (
        "moons_boundary.png and moons_loss.png (open them in an image viewer or a browser) "
        "and moons.txt (what it prints; the progress bar goes to stderr only)"
    )
    cli = parser(__doc__, writes)
    cli.add_argument("--seed", type=int, default=0, help="data and initialisation seed (default 0)")
    cli.add_argument("--steps", type=int, default=100, help="SGD steps (default 100)")
    cli.add_argument(
        "--scalar",
        action="store_true",
        help="build and differentiate the graph node by node every step (no tape)",
    )
    cli.add_argument(
        "--like-micrograd",
        action="store_true",
        help="micrograd demo.ipynb's data and initialisation (seed 1337; --seed is ignored)",
    )
    args = cli.parse_args(argv)
    if args.steps < 1:
        cli.error(f"--steps must be >= 1, got {args.steps}")
    with report(args.out, "moons") as out:
        start = time.perf_counter()
        run = train(args.seed, args.steps, like_micrograd=args.like_micrograd, scalar=args.scalar)
        seconds = time.perf_counter() - start
        points, labels = dataset(args.seed, args.like_micrograd)
        start = time.perf_counter()
        out.files.extend(plot(run.model, run.losses, points, labels, out.folder))
        drawing = time.perf_counter() - start
        if args.like_micrograd:
            print("\n".join(compare_with_micrograd(run)))
        how = "node by node (--scalar)" if args.scalar else "through a tape"
        print(f"trained {args.steps} steps {how} in {seconds:.2f} s: accuracy {run.accuracy:.0%}")
        print(f"decision boundary (200×200 points, one batched forward) and plots: {drawing:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
