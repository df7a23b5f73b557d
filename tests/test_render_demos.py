"""The rendering demos run and write what they promise."""

from __future__ import annotations

import runpy
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

DEMOS = Path(__file__).resolve().parent.parent / "demos"


@pytest.fixture(autouse=True)
def demos_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(DEMOS))  # for their helper module, democli


def run(name: str, *args: str) -> None:
    assert runpy.run_path(str(DEMOS / name), run_name="demo")["main"](list(args)) == 0


@pytest.mark.needs_dot
def test_seed002_picture_step_through_and_explanation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("render_seed002.py", "--out", str(tmp_path))
    texts = [t.text for t in ET.parse(tmp_path / "seed002.svg").iter() if t.tag.endswith("text")]
    assert "layers.1.neurons.0.w.0" in texts and "grad -0.02187" in texts  # seed 002's dE/dW2
    assert (tmp_path / "seed002_steps.html").read_text(encoding="utf-8").count("<svg") > 10
    assert "d(E)/d(layers.0.neurons.0.w.0) = 0.001093" in capsys.readouterr().out


@pytest.mark.needs_dot
def test_vanishing_chain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("render_vanishing.py", "--layers", "6", "--out", str(tmp_path))
    assert (tmp_path / "vanishing.svg").exists()
    assert "≤ 0.25^6" in capsys.readouterr().out


@pytest.mark.needs_dot
def test_collapsed_mlp(tmp_path: Path) -> None:
    run("render_mlp.py", "--out", str(tmp_path))
    svg = (tmp_path / "mlp_collapsed.svg").read_text(encoding="utf-8")
    assert svg.count("relu(Σwx+b)") == 32
