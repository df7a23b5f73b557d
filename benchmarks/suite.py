"""Measurements, interleaved across engines in one process, and the report (table + JSON)."""

from __future__ import annotations

import argparse
import datetime
import gc
import importlib.util
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import engines
from benchmarks import tape as tape_bench
from benchmarks.moons import flatten, initial_weights, training_data

#: Losses of different engines on the same step must agree to this (absolute).
LOSS_TOLERANCE = 1e-9


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _check_losses(losses: dict[str, list[float]], what: str) -> float:
    """Largest disagreement between engines, step by step; raise if above the tolerance."""
    names = list(losses)
    worst = 0.0
    for name in names[1:]:
        for k, (a, b) in enumerate(zip(losses[names[0]], losses[name], strict=True)):
            worst = max(worst, abs(a - b))
            if abs(a - b) > LOSS_TOLERANCE:
                raise RuntimeError(
                    f"{what}: step {k} loss of {name} ({b!r}) differs from {names[0]} ({a!r}) "
                    f"by {abs(a - b):.3g} > {LOSS_TOLERANCE}; timings would not be comparable"
                )
    return worst


def moons_steps(
    makers: list[Any], reps: int, block: int, gc_on: bool
) -> tuple[dict[str, list[float]], float]:
    """Per-step times of each engine; ``block`` consecutive steps per engine per repetition.

    With the garbage collector on, the garbage of one step (micrograd's cyclic graph) is
    collected, as in a training loop, during the following steps of the same engine; the
    leftovers of a block are collected untimed before the next engine runs. With it off,
    everything is collected untimed after every step. Engines rotate order every rep.
    """
    start = flatten(initial_weights())
    times: dict[str, list[float]] = {e.name: [] for e in makers}
    losses: dict[str, list[float]] = {e.name: [] for e in makers}
    for rep in range(reps):
        shift = rep % len(makers)
        for engine in makers[shift:] + makers[:shift]:
            engine.load(start)
            gc.collect()
            if not gc_on:
                gc.disable()
            try:
                for _ in range(block):
                    seconds, loss = _timed(engine.step)
                    times[engine.name].append(seconds)
                    losses[engine.name].append(loss)
                    if not gc_on:
                        gc.collect()
            finally:
                gc.enable()
    ordered = {e.name: losses[e.name] for e in makers}
    return times, _check_losses({k: v for k, v in ordered.items()}, "moons step")


def build_and_backward(makers: list[Any], reps: int) -> dict[str, dict[str, list[float]]]:
    """Graph build (forward + loss) and backward timed separately, gc off."""
    start = flatten(initial_weights())
    out: dict[str, dict[str, list[float]]] = {e.name: {"build": [], "backward": []} for e in makers}
    for rep in range(reps):
        shift = rep % len(makers)
        for engine in makers[shift:] + makers[:shift]:
            engine.load(start)
            gc.collect()
            gc.disable()
            try:
                seconds, loss = _timed(engine.build)
                out[engine.name]["build"].append(seconds)
                start_backward = time.perf_counter()
                engine.backward(loss)
                out[engine.name]["backward"].append(time.perf_counter() - start_backward)
                del loss
                gc.collect()
            finally:
                gc.enable()
    return out


def _chain(value_type: Any, n: int) -> tuple[Any, Any]:
    x = value_type(1.0)
    y = x
    for _ in range(n):
        y = y * 1.0
    return x, y


def chain_chainrule(n: int, reps: int, gc_on: bool = True) -> dict[str, list[float]]:
    """Build a chain of ``n`` multiplications by a number, then backward.

    Every op also makes a constant leaf, so the graph has 2n + 1 nodes.
    """
    from autograd import Value

    out: dict[str, list[float]] = {"build": [], "backward": [], "total": []}
    for _ in range(reps):
        gc.collect()
        if not gc_on:
            gc.disable()
        try:
            build, (x, y) = _timed(lambda: _chain(Value, n))
            back, _ = _timed(y.backward)
        finally:
            gc.enable()
        if x.grad != 1.0:
            raise RuntimeError(f"chain of {n}: dx got {x.grad!r}, expected 1.0")
        del x, y
        out["build"].append(build)
        out["backward"].append(back)
        out["total"].append(build + back)
    return out


def in_fresh_process(function: str, *args: Any) -> Any:
    """``function(*args)`` from this module, run in a new interpreter; its JSON result.

    The cyclic garbage collector rescans every live object of the process while a big
    graph grows, so the chain's time depends on what else the process holds (PyTorch
    alone adds ~160,000 objects). A fresh interpreter measures the engine, not the harness.
    """
    code = f"import json, benchmarks.suite as s; print(json.dumps(s.{function}(*{args!r})))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(done.stdout.splitlines()[-1])


def chain_micrograd(n: int) -> dict[str, Any]:
    """The same chain in micrograd: its recursive topological sort fails; say how."""
    from micrograd.engine import Value

    gc.collect()
    gc.disable()  # only to spare the machine; the build is not what is measured here
    try:
        build, (x, y) = _timed(lambda: _chain(Value, n))
        try:
            y.backward()
        except RecursionError as error:
            result: dict[str, Any] = {"status": "FAIL", "error": f"RecursionError: {error}"}
        else:
            result = {"status": "ok", "grad": x.grad}
        result["build_seconds"] = build
        del x, y
    finally:
        gc.enable()
        gc.collect()
    return result


def sums(n: int, reps: int) -> dict[str, Any]:
    """Σ of ``n`` leaves, build + backward: chainrule's n-ary ``sum_of`` against chains."""
    from micrograd.engine import Value as MValue

    from autograd import Value, sum_of

    out: dict[str, Any] = {"chainrule sum_of": [], "chainrule builtin sum": []}
    for _ in range(reps):
        for name, total in (("chainrule sum_of", sum_of), ("chainrule builtin sum", sum)):
            leaves = [Value(float(i)) for i in range(n)]
            gc.collect()

            def run() -> None:
                s = total(leaves)  # noqa: B023
                s.backward()

            seconds, _ = _timed(run)
            if leaves[-1].grad != 1.0:
                raise RuntimeError(f"{name}: wrong gradient {leaves[-1].grad!r}")
            out[name].append(seconds)
    mleaves = [MValue(float(i)) for i in range(n)]
    gc.disable()
    try:
        s = sum(mleaves)
        s.backward()
        out["micrograd builtin sum"] = {"status": "ok"}
    except RecursionError as error:
        out["micrograd builtin sum"] = {"status": "FAIL", "error": f"RecursionError: {error}"}
    finally:
        del mleaves
        gc.enable()
        gc.collect()
    return out


def _count_nodes(root: Any, children: Callable[[Any], Any]) -> int:
    seen = {id(root)}
    stack = [root]
    while stack:
        for child in children(stack.pop()):
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


def _traced_bytes(make: Callable[[], Any]) -> tuple[int, Any]:
    gc.collect()
    gc.disable()
    try:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        graph = make()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    finally:
        gc.enable()
    return after - before, graph


def memory(n: int, makers: list[Any]) -> dict[str, Any]:
    """Bytes per node (tracemalloc) of an ``n``-op chain and of one moons step's graph."""
    from micrograd.engine import Value as MValue

    from autograd import Value

    def chainrule_children(v: Any) -> Any:
        return v.inputs

    def micrograd_children(v: Any) -> Any:
        return v._prev

    result: dict[str, Any] = {}
    for name, vtype, children in (
        ("micrograd", MValue, micrograd_children),
        ("chainrule", Value, chainrule_children),
    ):
        size, (_, y) = _traced_bytes(lambda: _chain(vtype, n))  # noqa: B023
        nodes = _count_nodes(y, children)
        result[f"{name} chain"] = {"bytes": size, "nodes": nodes, "bytes_per_node": size / nodes}
        del y
        gc.collect()
    start = flatten(initial_weights())
    for engine in makers:
        children = chainrule_children if engine.name == "chainrule" else micrograd_children
        engine.load(start)
        size, loss = _traced_bytes(engine.build)
        nodes = _count_nodes(loss, children)
        result[f"{engine.name} moons graph"] = {
            "bytes": size,
            "nodes": nodes,
            "bytes_per_node": size / nodes,
        }
        del loss
        gc.collect()
    return result


def _machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
    try:
        with open("/proc/cpuinfo") as f:
            models = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        if models:
            info["cpu_model"] = models[0]
    except OSError:
        pass
    try:
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        info["commit"] = None
    return info


def _ms(samples: list[float]) -> float:
    return 1000.0 * statistics.median(samples)


def versus(reference: float, value: float, better: str = "faster", worse: str = "slower") -> str:
    """How ``value`` compares with ``reference`` when smaller is better, in words.

    The ratio is reference / value, written as ``"6.8x faster"`` when above 1 and as the
    inverse, ``"1.3x slower"``, when below; ``"same"`` when it rounds to 1.0 either way.
    One decimal below 10, none from 10 up (after rounding).

    Args:
        reference: the baseline's figure (milliseconds, bytes: positive).
        value: the figure compared with it, positive.
        better, worse: the words for a smaller and for a larger ``value``.

    Raises:
        ValueError: if either figure is not a positive finite number.

    >>> versus(88.0, 13.0), versus(1.0, 1.3), versus(1.0, 1.04), versus(933.0, 14.4)
    ('6.8x faster', '1.3x slower', 'same', '65x faster')
    >>> versus(584, 156, "less", "more")
    '3.7x less'
    """
    for name, figure in (("reference", reference), ("value", value)):
        if not (math.isfinite(figure) and figure > 0):
            raise ValueError(f"versus: {name} must be a positive finite number, got {figure!r}")
    ratio, word = (reference / value, better) if reference >= value else (value / reference, worse)
    text = f"{ratio:.1f}"
    if float(text) >= 10:
        text = f"{ratio:.0f}"
    return "same" if text == "1.0" else f"{text}x {word}"


def run(quick: bool) -> dict[str, Any]:
    """Every measurement; returns the JSON-ready results."""
    xs, ys = training_data()
    weights = initial_weights()
    graph_engines = [engines.Micrograd(weights, xs, ys), engines.Chainrule(weights, xs, ys)]
    all_engines = [
        *graph_engines,
        engines.ChainruleBinaryNodes(weights, xs, ys),
        engines.PlainFloats(weights, xs, ys),
    ]
    if engines.torch_available():
        import torch

        all_engines.append(engines.Torch(weights, xs, ys))
        torch_info: Any = {"version": torch.__version__, "threads": torch.get_num_threads()}
    else:
        torch_info = "absent (pip install torch to include it)"

    reps, block = (3, 2) if quick else (5, 3)
    chain_n = 100_000 if quick else 1_000_000
    results: dict[str, Any] = {
        "machine": _machine(),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "quick": quick,
        "torch": torch_info,
        "loss_tolerance": LOSS_TOLERANCE,
    }
    say = lambda text: print(text, file=sys.stderr, flush=True)
    say("moons step, gc on ...")
    times, worst = moons_steps(all_engines, reps, block, gc_on=True)
    results["moons_step_gc_on"] = {"seconds": times, "max_loss_difference": worst}
    say("moons step, gc off ...")
    times, worst = moons_steps(all_engines, reps, block, gc_on=False)
    results["moons_step_gc_off"] = {"seconds": times, "max_loss_difference": worst}
    say("build and backward ...")
    results["build_backward_gc_off"] = build_and_backward(graph_engines, reps * 2)
    say(f"{chain_n:,}-op chain ...")
    chain_reps = 1 if quick else 3
    results["chain"] = {
        "ops": chain_n,
        "chainrule": in_fresh_process("chain_chainrule", chain_n, chain_reps, True),
        "chainrule gc off": in_fresh_process("chain_chainrule", chain_n, chain_reps, False),
        "chainrule in this process": chain_chainrule(chain_n, chain_reps),
        "micrograd": chain_micrograd(chain_n),
    }
    say("100,000-term sum ...")
    results["sum"] = {"terms": 100_000, **sums(100_000, 3)}
    say("memory ...")
    results["memory"] = memory(100_000, graph_engines)
    say("tape against PyTorch ...")
    results["tape"] = tape_bench.measure(reps, isinstance(torch_info, dict))
    return results


def table(results: dict[str, Any]) -> str:
    """The results as a Markdown table of medians and ratios."""
    rows: list[tuple[str, str, str]] = []
    for key, label in (("moons_step_gc_on", "gc on"), ("moons_step_gc_off", "gc off")):
        secs = results[key]["seconds"]
        ref = _ms(secs["micrograd"])
        for name, samples in secs.items():
            ms = _ms(samples)
            rows.append((f"moons step, {label}: {name}", f"{ms:,.1f} ms", _vs(name, ref, ms)))
    bb = results["build_backward_gc_off"]
    for part in ("build", "backward"):
        ref = _ms(bb["micrograd"][part])
        for name in bb:
            ms = _ms(bb[name][part])
            label = f"graph {part} alone, gc off: {name}"
            rows.append((label, f"{ms:,.1f} ms", _vs(name, ref, ms)))
    chain = results["chain"]
    # PyTorch's ~160,000 objects slow the collector down; say whether they were there.
    torch = "torch loaded" if isinstance(results["torch"], dict) else "torch not installed"
    for key, label in (
        ("chainrule", "chainrule, fresh process, gc on"),
        ("chainrule gc off", "chainrule, fresh process, gc off"),
        ("chainrule in this process", f"chainrule, in this process ({torch}), gc on"),
    ):
        total, build, back = (
            statistics.median(chain[key][k]) for k in ("total", "build", "backward")
        )
        figure = f"{total:.2f} s (build {build:.2f} + backward {back:.2f})"
        rows.append(
            (f"{chain['ops']:,}-op chain y = y * 1.0, build + backward: {label}", figure, "")
        )
    mg = chain["micrograd"]
    rows.append(
        (
            f"{chain['ops']:,}-op chain y = y * 1.0, build + backward: micrograd",
            "FAIL RecursionError" if mg["status"] == "FAIL" else "ok",
            "",
        )
    )
    s = results["sum"]
    for name in ("chainrule sum_of", "chainrule builtin sum"):
        rows.append((f"{s['terms']:,}-term sum + backward: {name}", f"{_ms(s[name]):,.1f} ms", ""))
    status = s["micrograd builtin sum"]["status"]
    rows.append(
        (
            f"{s['terms']:,}-term sum + backward: micrograd builtin sum",
            "FAIL RecursionError" if status == "FAIL" else "ok",
            "",
        )
    )
    mem = results["memory"]
    for what in ("chain", "moons graph"):
        ref = mem[f"micrograd {what}"]["bytes_per_node"]
        for name in ("micrograd", "chainrule"):
            m = mem[f"{name} {what}"]
            rows.append(
                (
                    f"memory per node, {what}: {name}",
                    f"{m['bytes_per_node']:.0f} B ({m['nodes']:,} nodes)",
                    _vs(name, ref, m["bytes_per_node"], "less", "more"),
                )
            )
    lines = ["| measurement | median | vs micrograd |", "| --- | ---: | ---: |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    if "tape" in results:
        lines += ["", "| the tape (best of interleaved runs, gc off) | figure | |"]
        lines += ["| --- | ---: | ---: |"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in tape_bench.rows(results["tape"])]
    return "\n".join(lines)


def _vs(
    name: str, reference: float, value: float, better: str = "faster", worse: str = "slower"
) -> str:
    """The "vs micrograd" cell: ``baseline`` on micrograd's own row, else :func:`versus`."""
    return "baseline" if name == "micrograd" else versus(reference, value, better, worse)


def targets(results: dict[str, Any]) -> list[str]:
    """Issue 5's targets, each with the figure measured and met/MISSED."""
    on = results["moons_step_gc_on"]["seconds"]
    off = results["moons_step_gc_off"]["seconds"]
    r_on = _ms(on["micrograd"]) / _ms(on["chainrule"])
    r_off = _ms(off["micrograd"]) / _ms(off["chainrule"])
    per_node = results["memory"]["chainrule chain"]["bytes_per_node"]
    chain = results["chain"]
    chain_s = statistics.median(chain["chainrule"]["total"])
    checks = [
        (f"moons step gc on >= 30x faster than micrograd: {r_on:.1f}x", r_on >= 30),
        (f"moons step gc off >= 5x faster than micrograd: {r_off:.1f}x", r_off >= 5),
        (f"memory per node <= 200 B: {per_node:.0f} B", per_node <= 200),
    ]
    if "tape" in results:
        checks += tape_bench.targets(results["tape"])
    lines = [f"{'met   ' if ok else 'MISSED'} {text}" for text, ok in checks]
    if chain["ops"] == 1_000_000:
        text = f"1,000,000-op chain build + backward < 3 s (fresh process, gc on): {chain_s:.2f} s"
        lines.append(f"{'met   ' if chain_s < 3 else 'MISSED'} {text}")
    else:
        lines.append(
            f"n/a    1,000,000-op chain < 3 s: this run used {chain['ops']:,} ops (--quick)"
        )
    return lines


def micrograd_installed() -> bool:
    """Whether the baseline, micrograd, can be imported."""
    return importlib.util.find_spec("micrograd") is not None


def write_json(results: dict[str, Any], folder: Path) -> Path:
    """Write ``results`` as ``folder/<the run's UTC date>.json``, creating ``folder``;
    return the file's absolute path."""
    name = results["date"].replace(":", "-").replace("+00-00", "Z") + ".json"
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(results, indent=1) + "\n")
    return path


def _folder(text: str) -> Path:
    """``--out``'s type: a path that is a folder or does not exist yet."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file, expected a folder")
    return path


def main(argv: list[str] | None = None) -> int:
    """Parse the flags, run every measurement, print the table, write the JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time chainrule against micrograd (and PyTorch if installed) on "
        "micrograd's demo step, a long chain, a long sum and memory per node.",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller chain")
    parser.add_argument(
        "--out",
        type=_folder,
        default=Path("out", "benchmarks"),
        help="folder for the JSON results, one file named by the run's UTC date "
        "(default: out/benchmarks/ in the current directory, created if missing; "
        "--out benchmarks/results adds the run to the ones the README cites)",
    )
    args = parser.parse_args(argv)
    if not micrograd_installed():
        print(
            "the benchmarks compare against micrograd, which is not installed: "
            'run python -m pip install "micrograd==0.1.0" (or the "bench" extra)',
            file=sys.stderr,
        )
        return 2
    results = run(args.quick)
    m = results["machine"]
    print(
        f"\nchainrule benchmarks ({'quick' if args.quick else 'full'} run), Python {m['python']}, "
        f"{m.get('cpu_model', m['processor'])}, {m['cpus']} CPUs, torch: {results['torch']}"
    )
    print(table(results))
    print()
    for line in targets(results):
        print(line)
    print(f"\nwritten to {write_json(results, args.out)}")
    return 0
