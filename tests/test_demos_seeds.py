"""Every seed demo runs, agrees with the hand-derived formulas, and shows the notebook's
numbers, on the terminal and in its report file."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

DEMOS = Path(__file__).resolve().parent.parent / "demos"

EXPECTED = {  # a printed notebook number and a note each demo must show
    "seed_000.py": ["0.48497343", "opposite sign"],
    "seed_001.py": ["0.64137491", "undefined MSE", "ascent"],
    "seed_002.py": ["-0.029155", "0.010953"],
    "seed_003.py": ["printout = iterations 20–35", "5.1221024e-07"],
    "seed_004.py": ["0.0308996", "notebook multiplies by ŷ, not η", "Vanishing gradients"],
}


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_seed_demo(
    script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.syspath_prepend(str(DEMOS))  # for seedtable and democli
    main = runpy.run_path(str(DEMOS / script), run_name="demo")["main"]
    assert main(["--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    report = (tmp_path / script.replace(".py", ".txt")).read_text(encoding="utf-8")
    assert printed.startswith(report)
    assert "every engine value agrees with the hand-derived formula" in report
    for text in EXPECTED[script]:
        assert text in report, text
