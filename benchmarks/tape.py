"""The tape against PyTorch and against chainrule's own scalar engine, on the moons step.

Every contestant starts from the same weights and data (:mod:`benchmarks.moons`), and the
losses are checked to agree before anything is timed. Repetitions interleave, and the
garbage collector is off while timing (the tape makes almost no Python objects; the
scalar engine's gc-on cost is in the main table). Measured:

* forward + backward: the tape with parameters held in its arrays (``Tape.hold``) and
  PyTorch eager, one thread, the batch as tensors;
* the whole training step, optimizer included: the tape with ``nn.SGD`` over the held
  arrays, PyTorch with ``torch.optim.SGD``, and chainrule's scalar engine (graph build,
  backward, ``nn.SGD`` over the Values);
* recording, ``Tape(loss)``, against one scalar ``loss.backward()`` of the same graph;
* memory: the tape's arrays per node and per edge, beside the Value graph's bytes per node.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from benchmarks.moons import ALPHA, LEARNING_RATE, SIZES, flatten, initial_weights, training_data

#: The tape and PyTorch must agree on the loss to this (absolute).
LOSS_TOLERANCE = 1e-9


class ScalarModel:
    """chainrule's scalar engine on the moons step, building a graph each time."""

    def __init__(self) -> None:
        import nn
        from autograd import Value, sum_of

        self.Value, self.sum_of = Value, sum_of
        self.model = nn.MLP(SIZES[0], list(SIZES[1:]))
        self.params = self.model.parameters()
        for p, x in zip(self.params, flatten(initial_weights()), strict=True):
            p.data = x
        self.xs, self.ys = training_data()
        self.optimizer = nn.SGD(self.params, lr=LEARNING_RATE)

    def loss(self) -> Any:
        """The moons loss as a graph: hinge over the samples + ALPHA · Σ p²."""
        value, sum_of = self.Value, self.sum_of
        scores = [self.model([value(a), value(b)]) for a, b in self.xs]
        hinge = sum_of([(1 + -y * s).relu() for y, s in zip(self.ys, scores)])
        return hinge * (1.0 / len(self.xs)) + ALPHA * sum_of([p * p for p in self.params])

    def step(self) -> float:
        """Build, backward, SGD."""
        loss = self.loss()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return float(loss.data)


class TapeModel:
    """The same graph recorded once in a tape, its parameters held in the tape's arrays."""

    def __init__(self) -> None:
        import nn
        from autograd import Tape

        scalar = ScalarModel()
        self.graph = scalar.loss()
        self.tape = Tape(self.graph)
        self.held = self.tape.hold(scalar.params)
        self.optimizer = nn.SGD(self.held, lr=LEARNING_RATE)

    def forward_backward(self) -> float:
        """Forward and backward, gradients zeroed first."""
        loss = self.tape.forward()
        self.held.grad[:] = 0.0
        self.tape.backward()
        return float(loss)

    def step(self) -> float:
        """Forward, backward, SGD on the held arrays."""
        loss = self.tape.forward()
        self.optimizer.zero_grad()
        self.tape.backward()
        self.optimizer.step()
        return float(loss)


class TorchModel:
    """PyTorch eager, one thread, float64, the whole batch as tensors; torch.optim.SGD."""

    def __init__(self) -> None:
        import torch

        from benchmarks.engines import Torch

        torch.set_num_threads(1)
        xs, ys = training_data()
        self.engine = Torch(initial_weights(), xs, ys)
        self.torch = torch
        self.optimizer = torch.optim.SGD(self.engine.params, lr=LEARNING_RATE)

    def forward_backward(self) -> float:
        """Forward and backward, gradients cleared first."""
        loss = self.engine.loss()
        self.optimizer.zero_grad()
        loss.backward()
        return float(loss.item())

    def step(self) -> float:
        """Forward, backward, torch.optim.SGD."""
        loss = self.engine.loss()
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return float(loss.item())


def _best(work: dict[str, Callable[[], Any]], reps: int) -> dict[str, float]:
    """Fastest time of each workload over ``reps`` interleaved rounds, gc off."""
    best = dict.fromkeys(work, float("inf"))
    gc.collect()
    gc.disable()
    try:
        for _ in range(reps):
            for name, run in work.items():
                start = time.perf_counter()
                run()
                best[name] = min(best[name], time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def measure(reps: int, with_torch: bool) -> dict[str, Any]:
    """Every tape measurement, in seconds and bytes."""
    scalar, tape = ScalarModel(), TapeModel()
    losses = {"scalar": scalar.loss().data, "tape": tape.forward_backward()}
    torch = TorchModel() if with_torch else None
    if torch is not None:
        losses["pytorch"] = torch.forward_backward()
    worst = max(abs(a - losses["scalar"]) for a in losses.values())
    if worst > LOSS_TOLERANCE:
        raise RuntimeError(f"tape benchmark: the losses disagree: {losses}")

    forward_backward: dict[str, Callable[[], Any]] = {"tape": tape.forward_backward}
    steps: dict[str, Callable[[], Any]] = {"tape": tape.step}
    if torch is not None:
        forward_backward["pytorch"] = torch.forward_backward
        steps["pytorch"] = torch.step
    fb = _best(forward_backward, reps * 40)
    step = _best(steps, reps * 40)
    step["scalar"] = _best({"scalar": scalar.step}, reps * 3)["scalar"]

    from autograd import Tape

    graph = scalar.loss()
    recording = _best({"record": lambda: Tape(graph), "backward": graph.backward}, max(3, reps))
    nodes = len(tape.tape)
    edges = sum(len(v.inputs) for v in tape.tape._nodes)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    rebuilt = scalar.loss()
    graph_bytes = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del rebuilt
    return {
        "losses": losses,
        "forward_backward": fb,
        "step": step,
        "record": recording["record"],
        "scalar_backward": recording["backward"],
        "nodes": nodes,
        "edges": edges,
        "tape_bytes": tape.tape.nbytes,
        "graph_bytes": graph_bytes,
    }


def rows(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Table rows: (measurement, figure, ratio)."""
    fb, step = result["forward_backward"], result["step"]
    us = lambda seconds: f"{seconds * 1e6:,.0f} µs"
    out = [("tape: forward + backward (parameters held)", us(fb["tape"]), "")]
    if "pytorch" in fb:
        ratio = fb["tape"] / fb["pytorch"]
        out.append(("PyTorch eager, 1 thread: forward + backward", us(fb["pytorch"]), ""))
        out.append(("tape / PyTorch, forward + backward", f"{ratio:.2f}", "target <= 1.0"))
    out.append(("tape: training step with nn.SGD", us(step["tape"]), ""))
    if "pytorch" in step:
        ratio = step["tape"] / step["pytorch"]
        out.append(("PyTorch eager: training step with torch.optim.SGD", us(step["pytorch"]), ""))
        out.append(("tape / PyTorch, training step", f"{ratio:.2f}", "target <= 1.3"))
    speedup = step["scalar"] / step["tape"]
    out.append(("chainrule scalar engine: training step", us(step["scalar"]), ""))
    out.append(("scalar step / tape step", f"{speedup:.0f}x", "target >= 30x"))
    ratio = result["record"] / result["scalar_backward"]
    out.append(("recording Tape(loss) / one scalar backward", f"{ratio:.2f}", "target <= 3"))
    n, e = result["nodes"], result["edges"]
    out.append(
        (
            f"memory: tape ({n:,} nodes, {e:,} edges)",
            f"{result['tape_bytes'] / n:.0f} B/node, {result['tape_bytes'] / e:.0f} B/edge",
            f"Value graph: {result['graph_bytes'] / n:.0f} B/node",
        )
    )
    return out


def targets(result: dict[str, Any]) -> list[tuple[str, bool]]:
    """The tape's targets from its issue, each with the figure measured."""
    fb, step = result["forward_backward"], result["step"]
    checks = []
    if "pytorch" in fb:
        r = fb["tape"] / fb["pytorch"]
        checks.append((f"tape forward + backward <= PyTorch's: {r:.2f}", r <= 1.0))
        r = step["tape"] / step["pytorch"]
        checks.append((f"tape training step <= 1.3x PyTorch's: {r:.2f}", r <= 1.3))
    r = step["scalar"] / step["tape"]
    checks.append((f"tape step >= 30x faster than the scalar step: {r:.0f}x", r >= 30))
    r = result["record"] / result["scalar_backward"]
    checks.append((f"recording <= 3x one scalar backward: {r:.2f}", r <= 3))
    return checks


if __name__ == "__main__":
    import importlib.util

    measured = measure(5, importlib.util.find_spec("torch") is not None)
    for a, b, c in rows(measured):
        print(f"{a:55} {b:>28} {c}")
    for text, ok in targets(measured):
        print(("met    " if ok else "MISSED ") + text)
