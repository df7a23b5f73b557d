"""Before and after, side by side in one process: the engine of a git revision against the
working tree's.

    python -m benchmarks.compare --before HEAD~3 [--repeats 15]

The ``--before`` revision's ``autograd`` and ``nn`` are extracted with ``git archive`` into
a temporary folder and imported under other names (``autograd_before``, ``nn_before``), so
both engines live in one interpreter and their repetitions interleave: on a shared, noisy
machine only ratios measured this way mean anything. Reported: nanoseconds per operation
for ``+ * relu tanh`` and a 16-input ``linear`` node (building the node, no backward), and
micrograd's moons step (forward, backward, SGD) with the garbage collector on and off.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks.moons import ALPHA, LEARNING_RATE, SIZES, flatten, initial_weights, training_data

ROOT = Path(__file__).resolve().parent.parent


def load_revision(revision: str, suffix: str = "before") -> tuple[ModuleType, ModuleType]:
    """``autograd`` and ``nn`` as they were at ``revision``, imported as
    ``autograd_<suffix>`` and ``nn_<suffix>``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "autograd", "nn"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="chainrule-before-"))
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    names = {"autograd": f"autograd_{suffix}", "nn": f"nn_{suffix}"}
    pattern = re.compile(r"\b(from|import) (autograd|nn)\b")
    for package, renamed in names.items():
        (folder / package).rename(folder / renamed)
        for path in (folder / renamed).rglob("*.py"):
            text = pattern.sub(lambda m: f"{m[1]} {names[m[2]]}", path.read_text())
            path.write_text(text)
    sys.path.insert(0, str(folder))
    return importlib.import_module(names["autograd"]), importlib.import_module(names["nn"])


def per_op_costs(autograd: ModuleType, n: int = 20_000) -> dict[str, Callable[[], None]]:
    """Workloads building ``n`` nodes of one operation each, from the same leaves."""
    value = autograd.Value
    a, b = value(0.3), value(-0.7)
    ws = [value(0.01 * i) for i in range(16)]
    xs = [value(0.5 - 0.02 * i) for i in range(16)]
    bias = value(0.1)
    linear = autograd.linear
    rounds = range(n)
    return {
        "+": lambda: [a + b for _ in rounds] and None,
        "*": lambda: [a * b for _ in rounds] and None,
        "* float": lambda: [a * 2.0 for _ in rounds] and None,
        "relu": lambda: [a.relu() for _ in rounds] and None,
        "tanh": lambda: [b.tanh() for _ in rounds] and None,
        "exp": lambda: [a.exp() for _ in rounds] and None,
        "linear (16 inputs)": lambda: [linear(ws, xs, bias) for _ in rounds] and None,
    }


class MoonsStep:
    """micrograd's moons step on one engine: forward over 100 samples, hinge + L2, backward,
    SGD; every engine from the same weights."""

    def __init__(self, autograd: ModuleType, nn: ModuleType) -> None:
        self.autograd = autograd
        self.model = nn.MLP(SIZES[0], list(SIZES[1:]))
        self.params = self.model.parameters()
        for p, x in zip(self.params, flatten(initial_weights()), strict=True):
            p.data = x
        self.xs, self.ys = training_data()

    def __call__(self) -> float:
        value, sum_of, dot = self.autograd.Value, self.autograd.sum_of, self.autograd.dot
        scores = [self.model([value(a), value(b)]) for a, b in self.xs]
        losses = [(1 + -y * s).relu() for y, s in zip(self.ys, scores)]
        loss = sum_of(losses) * (1.0 / len(losses)) + ALPHA * dot(self.params, self.params)
        for p in self.params:
            p.grad = 0.0
        loss.backward()
        for p in self.params:
            p.data -= LEARNING_RATE * p.grad
        return float(loss.data)


def interleaved(workloads: dict[str, Callable[[], Any]], repeats: int) -> dict[str, float]:
    """The fastest of ``repeats`` timings of each workload, taking them in turn."""
    best = dict.fromkeys(workloads, float("inf"))
    for _ in range(repeats):
        for name, work in workloads.items():
            start = time.perf_counter()
            work()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    """Print the side-by-side table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__)
    parser.add_argument("--before", required=True, help="git revision to compare against")
    parser.add_argument("--repeats", type=int, default=15, help="timings per workload")
    args = parser.parse_args(argv)

    import autograd
    import nn

    old_autograd, old_nn = load_revision(args.before)
    engines = {"before": (old_autograd, old_nn), "after": (autograd, nn)}
    n = 20_000
    ops: dict[str, Callable[[], Any]] = {}
    for tag, (ag, _) in engines.items():
        for name, work in per_op_costs(ag, n).items():
            ops[f"{name}|{tag}"] = work
    steps = {tag: MoonsStep(ag, module) for tag, (ag, module) in engines.items()}
    losses = {tag: step() for tag, step in steps.items()}
    if abs(losses["before"] - losses["after"]) > 1e-9:
        raise SystemExit(f"the two engines disagree on the moons loss: {losses}")

    gc.collect()
    op_times = interleaved(ops, args.repeats)
    gc_on = interleaved({tag: step for tag, step in steps.items()}, args.repeats)
    gc.disable()
    try:
        gc_off = interleaved({tag: step for tag, step in steps.items()}, args.repeats)
    finally:
        gc.enable()

    print(f"before = {args.before}, after = working tree; best of {args.repeats}, interleaved")
    print(f"{'':24} {'before':>10} {'after':>10} {'after/before':>13}")
    for name in per_op_costs(autograd, 1):
        old, new = (op_times[f"{name}|{tag}"] / n * 1e9 for tag in ("before", "after"))
        print(f"{name + ' (ns/op)':24} {old:10.0f} {new:10.0f} {new / old:13.2f}")
    for label, times in (("moons step, gc on (ms)", gc_on), ("moons step, gc off (ms)", gc_off)):
        old, new = times["before"] * 1e3, times["after"] * 1e3
        print(f"{label:24} {old:10.2f} {new:10.2f} {new / old:13.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
