"""The main demo: the data, a quick run of the script, full training to 100%, and
micrograd's demo.ipynb reproduced from its own data and initialisation."""

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
    run = moons["train"](seed=0, steps=100, quiet=True)
    assert run.accuracy == 1.0
    assert run.losses[-1] < 0.05 < run.losses[0]
    assert len(run.losses) == len(run.accuracies) == 100


def test_like_micrograd_reproduces_its_published_numbers() -> None:
    run = moons["train"](steps=100, quiet=True, like_micrograd=True)
    for step, (loss, accuracy) in moons["MICROGRAD_PRINTED"].items():
        assert run.losses[step] == pytest.approx(loss, rel=1e-9, abs=0), step
        assert run.accuracies[step] == accuracy, step
    assert run.accuracy == 1.0


def test_like_micrograd_data_and_initialisation() -> None:
    points, labels = moons["make_moons_like_sklearn"]()
    assert points.shape == (100, 2) and (labels == 1).sum() == (labels == -1).sum() == 50
    assert not np.array_equal(labels[:50], -np.ones(50))  # shuffled, as scikit-learn does
    model = moons["MLP"](2, [16, 16, 1])
    moons["init_like_micrograd"](model)
    state = model.state_dict()
    biases = [v for k, v in state.items() if k.endswith(".b")]
    weights = [v for k, v in state.items() if not k.endswith(".b")]
    assert biases == [0.0] * 33 and len(weights) == 304
    assert all(-1.0 <= w <= 1.0 for w in weights) and max(map(abs, weights)) > 0.9


def test_like_micrograd_flag_prints_the_comparison(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert moons["main"](["--like-micrograd", "--steps", "2", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "0.8958441028683222     0.8958441028683222" in out
    assert "1.7235905336972022" in out and "81% / 81%" in out
