"""demos/check_seeds.py: check_backprop on the seed notebooks' own NumPy code.

The right derivations pass; the notebooks' known mistakes (their README, and
tests/test_seed_00*.py) fail with reports that point at the cause. The factors the reports
give are checked against the reference formulas of tests/seed_reference.py.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path
from typing import Any

import pytest

from seed_reference import sigmoid

DEMO = Path(__file__).resolve().parent.parent / "demos" / "check_seeds.py"


@pytest.fixture(scope="module")
def demo(request: pytest.FixtureRequest) -> dict[str, Any]:
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.syspath_prepend(str(DEMO.parent))  # for democli
    request.addfinalizer(monkeypatch.undo)
    return runpy.run_path(str(DEMO), run_name="demo")


@pytest.fixture(scope="module")
def reports(demo: dict[str, Any]) -> dict[tuple[str, str], str | None]:
    """(seed, start of the title) → check_backprop's report, None when it passes."""
    return {(c.seed, c.title): demo["run"](c) for c in demo["checks"]()}


def find(reports: dict[tuple[str, str], str | None], seed: str, title: str) -> str | None:
    (key,) = [k for k in reports if k[0] == seed and k[1].startswith(title)]
    return reports[key]


@pytest.mark.parametrize(
    "seed, title",
    [
        ("000", "the hand-derived weight changes"),
        ("001", "dE/dW (cell 146) and dE/dV"),
        ("002", "the same gradients, each reshaped"),
        ("003", "the relu network's deltas"),
        ("004", "cell 65's comments, y = 1"),
    ],
)
def test_right_derivations_pass(reports: Any, seed: str, title: str) -> None:
    assert find(reports, seed, title) is None


def test_001_update_is_a_sign_flip(reports: Any) -> None:
    text = find(reports, "001", "the update V += 0.01*vGrad")
    assert text is not None
    assert (
        "dE/dW, shape (3, 4): 12 of 12 entries disagree; yours = -engine everywhere: a sign flip"
        in text
    )
    assert (
        "dE/dV, shape (4, 2): 8 of 8 entries disagree; yours = -engine everywhere: a sign flip"
        in text
    )
    assert "one sign flip for the whole derivation" in text


def test_001_printed_dE_dV_fits_no_pattern(reports: Any) -> None:
    text = find(reports, "001", "dE/dV as printed")
    assert text is not None
    assert "dE/dW, shape (3, 4): agrees" in text
    assert "dE/dV, shape (4, 2): 8 of 8 entries disagree; no single pattern" in text
    assert "dE/dV[3,0]: yours -0.131, engine -0.139, finite differences -0.139" in text


def test_002_gradients_have_the_wrong_shapes_but_the_right_numbers(reports: Any) -> None:
    text = find(reports, "002", "dEdW1, dEdB1")
    assert text is not None
    assert "2 of 4 gradient(s) disagree" in text
    assert "dE/dw1, shape (2, 2): agrees" in text and "dE/dw2, shape (2, 1): agrees" in text
    assert (
        "dE/db1, shape (2,): yours has shape (1, 2) but b1 has shape (2,); the numbers agree "
        "once reshaped: return it as .reshape(b1.shape)"
    ) in text
    assert "dE/db2, shape (): yours has shape (1,) but b2 has shape (); the numbers agree" in text


def test_003_deltas_are_half_the_gradient_of_the_printed_error(reports: Any) -> None:
    text = find(reports, "003", "the same deltas")
    assert text is not None
    assert re.search(
        r"dE/dweights_0_1, shape \(3, 4\): \d+ of 12 entries disagree; yours = 0\.5 ×", text
    )
    assert "Every disagreeing gradient is 0.5 × the engine's" in text


def _chain_004(y: float) -> tuple[float, float]:
    """a and ŷ of 004's 2 → 1 → 1 net, by the reference formulas."""
    a = float(sigmoid(0.4 * 0.1 - 0.2 * 0.3))
    return a, float(sigmoid(0.1 * a))


def test_004_code_multiplies_by_y1_where_eta_belongs(reports: Any) -> None:
    text = find(reports, "004", "cell 65's code, y = 1")
    assert text is not None
    _, y1 = _chain_004(1.0)
    factor = f"{y1 / 0.5:.6g}"
    assert factor == "1.02474"
    for name in ("w1", "w2", "hw"):
        assert (
            f"dE/d{name}, shape (): disagrees; yours = {factor} × engine: a constant factor" in text
        )
    assert f"Every disagreeing gradient is {factor} × the engine's" in text
    assert "dE/dhw: yours -0.0618, engine -0.06031, finite differences -0.06031" in text


def test_004_delta_terms_fail_away_from_y_1_by_the_factor_of_y_for_1(reports: Any) -> None:
    text = find(reports, "004", "the comments' steps with the code's δ terms, y = 0.6")
    assert text is not None
    y = 0.6
    a, y1 = _chain_004(y)
    out = (y - y1) / (1 - y1)  # the code's (y − ŷ) where σ' has (1 − ŷ)
    hidden = out * (y - a) / (1 - a)  # and (y − a) where it has (1 − a)
    assert f"dE/dhw, shape (): disagrees; yours = {out:.6g} × engine" in text
    for name in ("w1", "w2"):
        assert f"dE/d{name}, shape (): disagrees; yours = {hidden:.6g} × engine" in text
    assert "Every disagreeing gradient" not in text  # two different factors


def test_the_demo_runs_the_notebooks_forward_lines(demo: dict[str, Any]) -> None:
    """The forward code is the notebooks' own, line for line (spaces aside), in order."""
    source = re.sub(r"\s", "", DEMO.read_text(encoding="utf-8"))
    notebook_lines = {
        "000": [
            "hidden_layer_input = np.dot(x,weights_input_hidden)",
            "hidden_layer_output = sigmoid(hidden_layer_input)",
            "output_layer_in = np.dot(hidden_layer_output,weights_hidden_output)",
            "output = sigmoid(output_layer_in)",
        ],
        "001": [
            "hPer = np.dot(x,W)",
            "hOut = 1/(1+np.exp(-hPer))",
            "oPer = np.dot(hOut,V)",
            "oOut = 1/(1+np.exp(-oPer))",
        ],
        "002": [
            "inL1 = x@w1 + b1",
            "outL1 = sigmoid(inL1)",
            "inL2 = outL1@w2 + b2",
            "outL2 = sigmoid(inL2)",
            "e = 0.5*np.power(y-outL2, 2)",
        ],
        "003": [
            "layer_0 = matrix_value[i : 1 + i]".replace("matrix_value", "matrix_value_003"),
            "layer_1 = relu(np.dot(layer_0, weights_0_1))",
            "layer_2 = np.dot(layer_1, weights_1_2)",
        ],
        "004": ["h = w1*x1 + w2*x2", "a = sigmoid(h)", "y1 = sigmoid(hw*a)"],
    }
    for seed, lines in notebook_lines.items():
        position = 0
        for line in lines:
            found = source.find(re.sub(r"\s", "", line), position)
            assert found >= 0, f"seed {seed}: {line!r} is not in the demo (in order)"
            position = found


def test_one_seed_at_a_time(
    demo: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo["main"](["--seed", "004", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "Seed 004" in printed and "Seed 001" not in printed
    assert "all 3 checks came out as expected" in printed
    report = (tmp_path / "check_seeds.txt").read_text(encoding="utf-8")
    assert printed.startswith(report)


def test_every_seed_and_the_verdict(
    demo: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo["main"](["--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert {f"Seed {s}" for s in ("000", "001", "002", "003", "004")} <= set(
        re.findall(r"Seed \d{3}", printed)
    )
    assert "all 11 checks came out as expected: the right derivations pass" in printed
    assert "NOT WHAT WAS EXPECTED" not in printed
