"""Every seed demo runs, agrees with the hand-derived formulas, and shows the notebook's
numbers (run as scripts, as a reader would)."""

from __future__ import annotations

import subprocess
import sys
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
def test_seed_demo(script: str) -> None:
    done = subprocess.run(
        [sys.executable, str(DEMOS / script)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every engine value agrees with the hand-derived formula" in done.stdout
    for text in EXPECTED[script]:
        assert text in done.stdout, text
