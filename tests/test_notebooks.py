"""The learners' notebooks in demos/notebooks/ are stored without outputs and run cell by
cell (nbclient, a fresh kernel each): the graph cells show SVG, explain shows text, and
the numbers they check agree."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "demos" / "notebooks"
#: Fewer training steps and a coarser grid than a learner's (100 and 60), to stay fast.
MOONS_STEPS, MOONS_GRID = 8, 24


def run(name: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Execute a notebook from its folder; return it with its outputs."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith("STEPS = "):
            cell.source = f"STEPS = {MOONS_STEPS}\nGRID = {MOONS_GRID}"
    # The kernel imports this checkout's packages, installed or not, and draws off screen.
    path = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    monkeypatch.setenv("PYTHONPATH", path)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    return notebook


def outputs(notebook: Any, source_start: str) -> list[Any]:
    """The outputs of the one code cell whose source starts with ``source_start``."""
    cells = [
        c for c in notebook.cells if c.cell_type == "code" and c.source.startswith(source_start)
    ]
    assert len(cells) == 1, f"expected one cell starting {source_start!r}"
    return list(cells[0].outputs)


def printed(notebook: Any) -> str:
    return "".join(
        o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs
    )


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_stored_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.needs_dot
def test_tour(monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = run("tour.ipynb", monkeypatch)
    (graph,) = outputs(notebook, "draw_dot(o)")
    assert "image/svg+xml" in graph.data and "<svg" in graph.data["image/svg+xml"]
    (text,) = outputs(notebook, "explain(o)")
    shown = text.data["text/plain"]
    assert shown.startswith("d(o)/d(o) = 1\n1. o = tanh(n):") and not shown.startswith("'")
    assert "<pre>" in text.data["text/html"]
    (page,) = outputs(notebook, "step_through(o")
    assert page.data["text/html"].startswith("<iframe srcdoc=")
    assert "d(o)/d(w1):  by hand  1.000000   engine  1.000000" in printed(notebook)


@pytest.mark.needs_dot
def test_seed002_numbers_agree_with_the_notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = run("seed002.ipynb", monkeypatch)
    (graph,) = outputs(notebook, "draw_dot(E)")
    assert "image/svg+xml" in graph.data
    text = printed(notebook)
    assert text.count("  yes") == 23 and "NO" not in text  # 22 numbers, then E after
    assert "all agree: 0 mismatches" in text


def test_moons_trains_and_draws_the_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib")
    notebook = run("moons.ipynb", monkeypatch)
    text = printed(notebook)
    assert f"after {MOONS_STEPS} steps: accuracy" in text
    losses = [
        float(line.split("loss ")[1].split()[0]) for line in text.splitlines() if "loss " in line
    ]
    assert len(losses) >= 2 and losses[-1] < losses[0]
    (figure,) = outputs(notebook, "xs = np.linspace")
    assert "image/png" in figure.data
