"""The main demo: the data (``nn.make_moons``, the project's one two-moons generator), its
progress display, a quick run of the script, full training to 100%, and micrograd's
demo.ipynb reproduced from its own data and initialisation."""

from __future__ import annotations

import io
import os
import re
import runpy
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nn import make_moons

ROOT = Path(__file__).resolve().parent.parent
DEMOS = ROOT / "demos"


@pytest.fixture(scope="module")
def moons() -> Iterator[dict[str, Any]]:
    """demos/moons.py's globals, loaded once, when a test first asks (not at collection)."""
    sys.path.insert(0, str(DEMOS))  # for its helper module, democli
    try:
        yield runpy.run_path(str(DEMOS / "moons.py"), run_name="moons_under_test")
    finally:
        sys.path.remove(str(DEMOS))


# ---------------------------------------------------------------- nn.make_moons

# scikit-learn 1.9.1's make_moons(..., random_state=seed), printed once with repr():
# (n_samples, noise, seed) → (first points, their classes 0/1).
SKLEARN = {
    (100, 0.1, 1337): (
        [
            [1.1221146075409685, 0.08147717341718697],
            [-0.8188294130836691, 0.058790063907949996],
            [1.613709660987544, -0.12464590012238597],
        ],
        [0, 0, 1],
    ),
    (7, 0.1, 0): (
        [
            [1.9157275946170713, 0.6969924447869893],
            [-0.8733881470142222, -0.05058765397605105],
            [0.25452007784710545, 1.1080811913055446],
            [0.04843121541206648, 0.5579140478706729],
            [0.9818417427268804, 0.1410204631131214],
            [1.462552830901979, -0.33850557222680666],
            [0.40392453882662105, -0.3283327062849103],
        ],
        [1, 0, 0, 1, 0, 1, 1],
    ),
}


@pytest.mark.parametrize(("n", "noise", "seed"), sorted(SKLEARN))
def test_make_moons_draws_scikit_learns_points(n: int, noise: float, seed: int) -> None:
    points, labels = make_moons(n, noise=noise, seed=seed)
    first, classes = SKLEARN[n, noise, seed]
    assert points[: len(first)].tolist() == first  # bit for bit
    assert labels[: len(classes)].tolist() == [2.0 * c - 1.0 for c in classes]


def test_make_moons_labels_upper_moon_minus_one_lower_moon_plus_one() -> None:
    points, labels = make_moons(50, noise=0.0, seed=0)
    upper, lower = points[labels == -1], points[labels == 1]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0) and (upper[:, 1] >= 0).all()
    assert np.allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert (lower[:, 1] <= 0.5).all()


@pytest.mark.parametrize("n", [1, 2, 7, 100])
def test_make_moons_shapes_and_class_sizes(n: int) -> None:
    points, labels = make_moons(n, seed=1)
    assert points.shape == (n, 2) and labels.shape == (n,)
    assert points.dtype == labels.dtype == np.float64
    assert (labels == -1).sum() == n // 2 and (labels == 1).sum() == n - n // 2


def test_make_moons_is_deterministic_and_leaves_numpys_global_state_alone() -> None:
    state = np.random.get_state()[1].copy()  # type: ignore[index]
    points, labels = make_moons(seed=3)
    again, labels_again = make_moons(seed=3)
    assert np.array_equal(points, again) and np.array_equal(labels, labels_again)
    assert not np.array_equal(points, make_moons(seed=4)[0])
    assert not np.array_equal(labels[:50], -np.ones(50))  # shuffled, as scikit-learn does
    assert np.array_equal(np.random.get_state()[1], state)  # type: ignore[index]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_samples": 0}, ValueError, "make_moons: n_samples must be at least 1, got 0"),
        ({"n_samples": 2.5}, TypeError, "make_moons: n_samples must be an int, got 2.5"),
        ({"n_samples": True}, TypeError, "make_moons: n_samples must be an int, got True"),
        ({"noise": -0.1}, ValueError, r"make_moons: noise must be finite and >= 0, got -0.1"),
        ({"noise": float("nan")}, ValueError, "noise must be finite and >= 0, got nan"),
    ],
)
def test_make_moons_rejects_bad_arguments(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        make_moons(**kwargs)


def test_there_is_one_make_moons_in_the_project() -> None:
    sources = [
        p for d in ("autograd", "nn", "demos", "benchmarks") for p in (ROOT / d).glob("*.py")
    ]
    defining = [
        p.relative_to(ROOT).as_posix() for p in sources if "def make_moons" in p.read_text()
    ]
    assert defining == ["nn/datasets.py"]


def test_the_demo_and_the_benchmarks_train_on_micrograds_data(moons: dict[str, Any]) -> None:
    from benchmarks.moons import training_data

    points, labels = moons["dataset"](like_micrograd=True)
    reference = make_moons(100, noise=0.1, seed=1337)
    assert np.array_equal(points, reference[0]) and np.array_equal(labels, reference[1])
    assert training_data() == (reference[0].tolist(), reference[1].tolist())
    assert np.array_equal(moons["dataset"](seed=5)[0], make_moons(seed=5)[0])


# ---------------------------------------------------------------- progress


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_progress_is_a_tqdm_bar_on_a_terminal(moons: dict[str, Any]) -> None:
    stream = Terminal()
    progress = moons["Progress"](3, stream)
    for step in (1, 2, 3):
        progress.update(step, 0.5 / step, 0.9)
    progress.close()
    shown = stream.getvalue()
    assert shown.count("\r") >= 2  # redrawn in place
    assert "3/3" in shown and "100%" in shown and "loss 0.1667  accuracy  90.0%" in shown


def test_progress_is_plain_lines_elsewhere(moons: dict[str, Any]) -> None:
    stream = io.StringIO()
    progress = moons["Progress"](25, stream)
    for step in range(1, 26):
        progress.update(step, 1.0, 0.5)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert [line.split()[1] for line in lines] == [
        f"{k}/25" for k in (2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 25)
    ]
    assert lines[-1] == "step 25/25  loss 1.0000  accuracy  50.0%"


def test_output_redirected_to_a_file_is_readable_lines(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    with log.open("w", encoding="utf-8") as file:
        done = subprocess.run(
            [sys.executable, str(DEMOS / "moons.py"), "--steps", "10", "--out", str(tmp_path)],
            stdout=file,
            stderr=subprocess.STDOUT,
            env=env,
            check=False,
        )
    text = log.read_text(encoding="utf-8")
    assert done.returncode == 0, text
    assert "\r" not in text
    assert max(map(len, text.splitlines())) <= 200
    assert "step 10/10  loss" in text and "trained 10 steps" in text


# ---------------------------------------------------------------- the demo


def test_script_runs_and_writes_both_pngs(
    moons: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert moons["main"](["--steps", "3", "--out", str(tmp_path)]) == 0
    for name in ("moons_boundary.png", "moons_loss.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out = capsys.readouterr()
    assert "trained 3 steps" in out.out and "step 3/3  loss" in out.err
    assert (tmp_path / "moons.txt").read_text(encoding="utf-8").startswith("trained 3 steps")


def test_training_reaches_full_accuracy(moons: dict[str, Any]) -> None:
    run = moons["train"](seed=0, steps=100, quiet=True)
    assert run.accuracy == 1.0
    assert run.losses[-1] < 0.05 < run.losses[0]
    assert len(run.losses) == len(run.accuracies) == 100


def test_like_micrograd_reproduces_its_published_numbers(moons: dict[str, Any]) -> None:
    run = moons["train"](steps=100, quiet=True, like_micrograd=True)
    for step, (loss, accuracy) in moons["MICROGRAD_PRINTED"].items():
        assert run.losses[step] == pytest.approx(loss, rel=1e-9, abs=0), step
        assert run.accuracies[step] == accuracy, step
    assert run.accuracy == 1.0


def test_like_micrograd_initialisation(moons: dict[str, Any]) -> None:
    model = moons["MLP"](2, [16, 16, 1])
    moons["init_like_micrograd"](model)
    state = model.state_dict()
    biases = [v for k, v in state.items() if k.endswith(".b")]
    weights = [v for k, v in state.items() if not k.endswith(".b")]
    assert biases == [0.0] * 33 and len(weights) == 304
    assert all(-1.0 <= w <= 1.0 for w in weights) and max(map(abs, weights)) > 0.9


def test_like_micrograd_flag_prints_the_comparison(
    moons: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert moons["main"](["--like-micrograd", "--steps", "2", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "0.8958441028683222     0.8958441028683222" in out
    assert "1.7235905336972022" in out and "81% / 81%" in out


# ---------------------------------------------------------------- through a tape


def test_training_through_the_tape_follows_the_scalar_training(moons: dict[str, Any]) -> None:
    tape_run = moons["train"](seed=1, steps=6, quiet=True)
    scalar_run = moons["train"](seed=1, steps=6, quiet=True, scalar=True)
    assert tape_run.losses == pytest.approx(scalar_run.losses, rel=1e-12)
    assert tape_run.accuracies == scalar_run.accuracies
    for a, b in zip(tape_run.model.parameters(), scalar_run.model.parameters()):
        assert a.data == pytest.approx(b.data, rel=1e-12, abs=1e-15)


def test_the_decision_grid_is_one_scalar_evaluation_per_point(moons: dict[str, Any]) -> None:
    from nn import MLP

    model = MLP(2, [16, 16, 1], seed=4)
    xs, ys = np.linspace(-1.0, 2.0, 7), np.linspace(-0.5, 1.0, 5)
    grid = moons["decision_grid"](model, xs, ys)
    assert grid.shape == (5, 7)
    for i, y in enumerate(ys.tolist()):
        for j, x in enumerate(xs.tolist()):
            assert grid[i, j] == pytest.approx(model([x, y]).data, rel=1e-12, abs=1e-15)
