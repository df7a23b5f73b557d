"""The engine demo runs and prints what it claims."""

import runpy
from pathlib import Path

import pytest

DEMOS = Path(__file__).resolve().parent.parent / "demos"


def test_engine_demo_prints_the_gradient_it_derives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.syspath_prepend(str(DEMOS))
    runpy.run_path(str(DEMOS / "engine_demo.py"), run_name="demo")["main"](["--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert "do/dw1 = x1 * (1 - o²) = 1.0000  (engine: 1.0000)" in out
    assert "do/dw1" in (tmp_path / "engine_demo.txt").read_text(encoding="utf-8")
