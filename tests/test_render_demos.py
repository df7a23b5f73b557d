"""The rendering demos run and write what they promise; the README's pictures are readable
at GitHub's column width."""

from __future__ import annotations

import re
import runpy
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMOS = ROOT / "demos"
SVG = "{http://www.w3.org/2000/svg}"
#: GitHub shows a README's images at most this many CSS pixels wide.
COLUMN = 880


@pytest.fixture(autouse=True)
def demos_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(DEMOS))  # for their helper module, democli


def run(name: str, *args: str) -> None:
    assert runpy.run_path(str(DEMOS / name), run_name="demo")["main"](list(args)) == 0


def svg_size(path: Path) -> tuple[float, float]:
    """An SVG's width and height in CSS pixels (Graphviz writes points: 1 pt = 4/3 px)."""
    root = ET.parse(path).getroot()
    return tuple(float(root.get(k, "0").removesuffix("pt")) * 4 / 3 for k in ("width", "height"))  # type: ignore[return-value]


def font_px(path: Path) -> float:
    """The smallest text of an SVG, in CSS pixels at its natural size."""
    sizes = [float(t.get("font-size", "0")) for t in ET.parse(path).iter(f"{SVG}text")]
    return min(sizes) * 4 / 3


@pytest.mark.needs_dot
def test_seed002_picture_step_through_and_explanation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("render_seed002.py", "--out", str(tmp_path))
    svg = tmp_path / "seed002.svg"
    texts = [t.text for t in ET.parse(svg).iter(f"{SVG}text")]
    assert "w.0" in texts and "grad -0.02187" in texts  # seed 002's dE/dW2
    assert "layers.1" in texts and "neurons.0" in texts  # the parameter's frames
    # fits a 1280-px window at full size, text at least 10 px
    width, _ = svg_size(svg)
    assert width <= 1280 - 40 and font_px(svg) >= 10
    page = (tmp_path / "seed002_steps.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 1
    printed = capsys.readouterr().out
    assert "d(E)/d(layers.0.neurons.0.w.0) = 0.001093" in printed
    assert "const" not in printed  # steps into constants are left out


@pytest.mark.needs_dot
def test_vanishing_chain(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("render_vanishing.py", "--layers", "6", "--out", str(tmp_path))
    assert svg_size(tmp_path / "vanishing.svg")[0] <= 1280 - 40
    assert "≤ 0.25^6" in capsys.readouterr().out


@pytest.mark.needs_dot
def test_collapsed_mlp(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("render_mlp.py", "--out", str(tmp_path))
    svg = tmp_path / "mlp_collapsed.svg"
    texts = [t.text for t in ET.parse(svg).iter(f"{SVG}text")]
    assert texts.count("relu(Σwx+b)") == 32 and "score" in texts
    assert svg_size(svg)[0] <= 1280 - 40 and font_px(svg) >= 10
    assert re.search(r"16 samples sharing the network: 528 neuron boxes", capsys.readouterr().out)


def readme_pictures() -> list[tuple[str, str]]:
    """(picture, link) of every image the README shows that links to another file."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"\[!\[[^\n]*?\]\((docs/[^)]+)\)\]\((docs/[^)]+)\)", readme)


def test_readme_pictures_are_pngs_readable_at_column_width_linking_their_svg() -> None:
    from PIL import Image

    pictures = readme_pictures()
    assert {png for png, _ in pictures} >= {"docs/seed002.png", "docs/mlp_collapsed.png"}
    for png, svg in pictures:
        assert png.endswith(".png") and svg == png.removesuffix(".png") + ".svg"
        assert (ROOT / svg).exists()
        with Image.open(ROOT / png) as image:
            width = image.size[0]
        # rendered at the SVG's natural size (96 dpi): text keeps its size unless the
        # column shrinks the picture, and stays at least 10 px when it does
        assert width == pytest.approx(svg_size(ROOT / svg)[0], abs=2)
        assert font_px(ROOT / svg) * min(1.0, COLUMN / width) >= 10
