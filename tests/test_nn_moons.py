"""The main demo: the data, a quick run of the script, and full training to 100%."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pytest

DEMO = Path(__file__).resolve().parent.parent / "demos" / "moons.py"
moons = runpy.run_path(str(DEMO), run_name="moons_under_test")


def test_data_is_two_noisy_moons() -> None:
    points, labels = moons["make_moons"](seed=3)
    assert points.shape == (100, 2) and sorted(set(labels)) == [-1.0, 1.0]
    again, _ = moons["make_moons"](seed=3)
    assert np.array_equal(points, again)
    outer = points[labels < 0]
    # the outer moon sits around the unit circle, within the noise
    assert np.abs(np.hypot(outer[:, 0], outer[:, 1]) - 1.0).mean() < 0.2


def test_script_runs_and_writes_both_pngs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert moons["main"](["--steps", "3", "--out", str(tmp_path)]) == 0
    for name in ("moons_boundary.png", "moons_loss.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out = capsys.readouterr()
    assert "trained 3 steps" in out.out and "step   3/3" in out.err


def test_training_reaches_full_accuracy() -> None:
    _, losses, accuracy = moons["train"](seed=0, steps=100, quiet=True)
    assert accuracy == 1.0
    assert losses[-1] < 0.05 < losses[0]
