"""The benchmark suite's engines compute the same training step, its report reads right,
and it writes its JSON where it is told (no timing here: the suite itself is run with
``python -m benchmarks``)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks import suite
from benchmarks.engines import Chainrule, ChainruleBinaryNodes, Micrograd, PlainFloats, Torch
from benchmarks.moons import initial_weights, training_data

ENGINES = [PlainFloats, ChainruleBinaryNodes]
ENGINES += [Micrograd] if importlib.util.find_spec("micrograd") else []
ENGINES += [Torch] if importlib.util.find_spec("torch") else []


@pytest.mark.parametrize("other", ENGINES, ids=lambda e: e.name)
def test_every_engine_takes_the_same_two_steps_as_chainrule(other: type) -> None:
    xs, ys = training_data(20)
    reference = Chainrule(initial_weights(), xs, ys)
    engine = other(initial_weights(), xs, ys)
    for _ in range(2):
        assert engine.step() == pytest.approx(reference.step(), abs=1e-12)


def test_chainrule_model_is_one_linear_node_per_neuron_then_relu() -> None:
    xs, ys = training_data(1)
    loss = Chainrule(initial_weights(), xs, ys).build()
    from autograd import topological_order

    ops = [v.op for v in topological_order(loss) if v.op]
    assert ops.count("linear") == 16 + 16 + 1
    assert ops.count("relu") == 16 + 16 + 1  # the hidden neurons, and the hinge


# ---------------------------------------------------------------- the report


@pytest.mark.parametrize(
    ("reference", "value", "words", "expected"),
    [
        (88.0, 13.0, (), "6.8x faster"),
        (933.0, 14.4, (), "65x faster"),
        (9.96, 1.0, (), "10x faster"),  # rounds to 10.0: no decimal from 10 up
        (1.0, 1.3, (), "1.3x slower"),
        (1.0, 12.5, (), "12x slower"),
        (1.0, 1.04, (), "same"),  # 0.96x would read as a speed-up that is not there
        (1.04, 1.0, (), "same"),
        (1.0, 1.0, (), "same"),
        (584.0, 156.0, ("less", "more"), "3.7x less"),
        (156.0, 584.0, ("less", "more"), "3.7x more"),
        (584.0, 580.0, ("less", "more"), "same"),  # not "1.0x less"
    ],
)
def test_versus_reads_in_words(
    reference: float, value: float, words: tuple[str, ...], expected: str
) -> None:
    assert suite.versus(reference, value, *words) == expected


@pytest.mark.parametrize(
    ("reference", "value", "message"),
    [
        (0.0, 1.0, "versus: reference must be a positive finite number, got 0.0"),
        (1.0, -2.0, "versus: value must be a positive finite number, got -2.0"),
        (1.0, float("nan"), "versus: value must be a positive finite number, got nan"),
        (float("inf"), 1.0, "versus: reference must be a positive finite number, got inf"),
    ],
)
def test_versus_rejects_figures_that_are_not_positive(
    reference: float, value: float, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        suite.versus(reference, value)


def fake_results(torch: Any) -> dict[str, Any]:
    """What :func:`benchmarks.suite.run` returns, with made-up figures (seconds, bytes)."""
    chain = {"total": [1.0], "build": [0.6], "backward": [0.4]}
    return {
        "machine": {"python": "3.x", "processor": "cpu", "cpus": 2},
        "date": "2026-01-02T03:04:05+00:00",
        "quick": False,
        "torch": torch,
        "moons_step_gc_on": {
            "seconds": {"micrograd": [0.9], "chainrule": [0.015], "slow engine": [1.17]}
        },
        "moons_step_gc_off": {"seconds": {"micrograd": [0.088], "chainrule": [0.013]}},
        "build_backward_gc_off": {
            "micrograd": {"build": [0.05], "backward": [0.04]},
            "chainrule": {"build": [0.007], "backward": [0.0398]},
        },
        "chain": {
            "ops": 1_000_000,
            "chainrule": chain,
            "chainrule gc off": chain,
            "chainrule in this process": chain,
            "micrograd": {"status": "FAIL"},
        },
        "sum": {
            "terms": 100_000,
            "chainrule sum_of": [0.02],
            "chainrule builtin sum": [0.2],
            "micrograd builtin sum": {"status": "FAIL"},
        },
        "memory": {
            "micrograd chain": {"bytes_per_node": 584.0, "nodes": 3},
            "chainrule chain": {"bytes_per_node": 156.0, "nodes": 3},
            "micrograd moons graph": {"bytes_per_node": 600.0, "nodes": 3},
            "chainrule moons graph": {"bytes_per_node": 590.0, "nodes": 3},
        },
    }


def cells(table: str) -> dict[str, str]:
    """The table's rows: measurement → "vs micrograd" cell."""
    rows = [line.strip("| ").split(" | ") for line in table.splitlines()[2:]]
    return {row[0]: row[2] if len(row) > 2 else "" for row in rows}


def test_table_says_when_torch_is_not_installed() -> None:
    without = suite.table(fake_results("absent (pip install torch to include it)"))
    assert "torch loaded" not in without
    assert "chainrule, in this process (torch not installed), gc on" in without
    with_torch = suite.table(fake_results({"version": "2.0", "threads": 1}))
    assert "chainrule, in this process (torch loaded), gc on" in with_torch


def test_table_ratios_read_as_words() -> None:
    vs = cells(suite.table(fake_results("absent")))
    assert vs["moons step, gc on: micrograd"] == "baseline"
    assert vs["moons step, gc on: chainrule"] == "60x faster"
    assert vs["moons step, gc on: slow engine"] == "1.3x slower"
    assert vs["graph backward alone, gc off: chainrule"] == "same"
    assert vs["memory per node, chain: micrograd"] == "baseline"
    assert vs["memory per node, chain: chainrule"] == "3.7x less"
    assert vs["memory per node, moons graph: chainrule"] == "same"
    assert not [cell for cell in vs.values() if cell.startswith("1.0x")]


# ---------------------------------------------------------------- where the JSON goes


def test_write_json_names_the_file_by_date_and_creates_the_folder(tmp_path: Path) -> None:
    results = fake_results("absent")
    path = suite.write_json(results, tmp_path / "a" / "b")
    assert path == tmp_path / "a" / "b" / "2026-01-02T03-04-05Z.json"
    assert json.loads(path.read_text()) == results


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the measurements (minutes long) by made-up results."""
    monkeypatch.setattr(suite, "micrograd_installed", lambda: True)
    monkeypatch.setattr(suite, "run", lambda quick: fake_results("absent"))


@pytest.mark.usefixtures("measured")
def test_json_goes_to_out_benchmarks_in_the_current_directory_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert suite.main(["--quick"]) == 0
    written = tmp_path / "out" / "benchmarks" / "2026-01-02T03-04-05Z.json"
    assert written.exists()
    assert capsys.readouterr().out.rstrip().endswith(f"written to {written.resolve()}")


@pytest.mark.usefixtures("measured")
def test_json_goes_where_out_says(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert suite.main(["--out", str(tmp_path / "runs")]) == 0
    assert [p.name for p in (tmp_path / "runs").iterdir()] == ["2026-01-02T03-04-05Z.json"]


def test_help_names_the_default_folder(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        suite.main(["--help"])
    assert exit_.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--out OUT" in text and "default: out/benchmarks/ in the current directory" in text
    assert "--out benchmarks/results" in text


def test_without_micrograd_it_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(suite, "micrograd_installed", lambda: False)
    assert suite.main([]) == 2
    assert 'pip install "micrograd==0.1.0"' in capsys.readouterr().err


def test_the_tape_rows_and_targets_read_the_measurements() -> None:
    from benchmarks import tape as tape_bench

    measured = {
        "forward_backward": {"tape": 150e-6, "pytorch": 200e-6},
        "step": {"tape": 180e-6, "pytorch": 160e-6, "scalar": 9e-3},
        "record": 12e-3,
        "scalar_backward": 5e-3,
        "nodes": 1000,
        "edges": 4000,
        "tape_bytes": 80_000,
        "graph_bytes": 300_000,
    }
    rows = {label: (figure, note) for label, figure, note in tape_bench.rows(measured)}
    assert rows["tape / PyTorch, forward + backward"] == ("0.75", "target <= 1.0")
    assert rows["tape / PyTorch, training step"] == ("1.12", "target <= 1.3")
    assert rows["scalar step / tape step"] == ("50x", "target >= 30x")
    assert rows["recording Tape(loss) / one scalar backward"] == ("2.40", "target <= 3")
    assert rows["memory: tape (1,000 nodes, 4,000 edges)"] == (
        "80 B/node, 20 B/edge",
        "Value graph: 300 B/node",
    )
    assert all(ok for _, ok in tape_bench.targets(measured))
    measured["step"]["scalar"] = 1e-3  # only 5.6x: missed
    assert [ok for _, ok in tape_bench.targets(measured)] == [True, True, False, True]
    del measured["forward_backward"]["pytorch"], measured["step"]["pytorch"]
    assert len(tape_bench.targets(measured)) == 2  # without PyTorch: no PyTorch ratios
