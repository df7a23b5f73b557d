"""The engine demo runs and prints what it claims."""

import runpy
from pathlib import Path

import pytest

DEMOS = Path(__file__).resolve().parent.parent / "demos"


def test_engine_demo_prints_the_gradient_it_derives(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(DEMOS / "engine_demo.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "do/dw1 = x1 * (1 - o²) = 1.0000  (engine: 1.0000)" in out
