"""gradcheck and gradgradcheck: passing, failing with a clear message, kinks, bad input,
and gradients left as they were."""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

import pytest

from autograd import (
    CustomPrimitive,
    GradcheckError,
    NonDifferentiablePointWarning,
    Value,
    gradcheck,
    gradgradcheck,
)

from seed_reference import sigmoid

if TYPE_CHECKING:
    from conftest import UserPrimitives


def test_passes_on_correct_gradients_with_reused_nodes() -> None:
    assert gradcheck(lambda a, b: (a * b + a).tanh() * a / (b * b + 1.0), [0.7, -0.4])


def test_accepts_values_and_numbers() -> None:
    x = Value(0.2, label="x")
    assert gradcheck(lambda a, b: a.sigmoid() * b, [x, 3])


@pytest.fixture
def wrong_sigmoid(user_primitives: UserPrimitives) -> CustomPrimitive:
    """σ with a wrong derivative: σ(1 + σ) where σ(1 − σ) is right."""
    return user_primitives.make(
        lambda x: float(sigmoid(x)), lambda x, out: out * (1.0 + out), "wrong_sigmoid"
    )


def test_wrong_derivative_is_caught_and_the_message_names_everything(
    wrong_sigmoid: CustomPrimitive,
) -> None:
    x = Value(0.5, label="z")
    with pytest.raises(GradcheckError) as caught:
        gradcheck(lambda v: wrong_sigmoid(v), [x])
    message = str(caught.value)
    s = float(sigmoid(0.5))
    assert "1 of 1 gradient(s) disagree" in message
    assert "input 0 ('z') at 0.5" in message
    assert f"analytic {s * (1 + s)!r}" in message
    assert "numeric 0.2350" in message  # σ(0.5)(1 − σ(0.5)) = 0.23500…
    assert "atol + rtol*|numeric|" in message


def test_every_failing_input_is_listed(user_primitives: UserPrimitives) -> None:
    bad = user_primitives.make(lambda x, y: x * y, lambda x, y, out: (y + 1.0, x + 1.0), "bad_mul")
    with pytest.raises(GradcheckError, match=r"2 of 2 gradient\(s\)[\s\S]*input 0[\s\S]*input 1"):
        gradcheck(bad, [2.0, 3.0])


def test_relu_at_its_kink_warns_instead_of_failing() -> None:
    with pytest.warns(
        NonDifferentiablePointWarning,
        match=r"input 0 at 0.0 is a point where f is not differentiable",
    ):
        assert gradcheck(lambda x: x.relu(), [0.0])


def test_kink_warning_can_be_made_an_error() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", NonDifferentiablePointWarning)
        with pytest.raises(NonDifferentiablePointWarning):
            gradcheck(lambda x: x.relu() * 2.0, [0.0])


def test_a_wrong_gradient_at_a_kink_still_fails(user_primitives: UserPrimitives) -> None:
    bad_relu = user_primitives.make(
        lambda x: max(x, 0.0), lambda x, out: 1.0 if x > 0 else 0.25, "bad_relu"
    )
    with pytest.raises(GradcheckError, match=r"analytic 0\.25"):
        gradcheck(bad_relu, [0.0])


def test_gradients_are_left_as_they_were() -> None:
    w = Value(2.0, label="w")  # captured by f, not an input
    x, unused = Value(0.5, label="x"), Value(9.0)
    x.grad, w.grad, unused.grad = 1.5, -3.0, 7.0
    gradcheck(lambda a, b: (a * w).tanh(), [x, unused])
    assert (x.grad, w.grad, unused.grad) == (1.5, -3.0, 7.0)
    assert x.data == 0.5


def test_gradients_are_restored_when_the_check_fails(wrong_sigmoid: CustomPrimitive) -> None:
    x = Value(0.5)
    x.grad = 4.0
    with pytest.raises(GradcheckError):
        gradcheck(wrong_sigmoid, [x])
    assert x.grad == 4.0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"inputs": []}, ValueError, "inputs is empty"),
        ({"inputs": [1.0], "eps": 0.0}, ValueError, "eps must be > 0, got 0.0"),
        ({"inputs": [1.0], "atol": -1.0}, ValueError, "tolerances must be >= 0"),
        ({"inputs": ["a"]}, TypeError, r"inputs\[0\] must be a Value or a real number, not str"),
        ({"inputs": 1.0}, TypeError, "inputs must be a sequence"),
    ],
)
def test_bad_arguments(kwargs: dict, error: type[Exception], match: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(error, match=match):
        gradcheck(lambda x: x * 2.0, **kwargs)


def test_same_value_twice_is_refused() -> None:
    x = Value(1.0)
    with pytest.raises(ValueError, match=r"inputs\[1\] is the same Value as inputs\[0\]"):
        gradcheck(lambda a, b: a * b, [x, x])


def test_f_must_return_a_value() -> None:
    with pytest.raises(TypeError, match="f must return a Value, not float"):
        gradcheck(lambda x: 3.0, [1.0])


def test_points_at_the_edge_of_the_domain_are_reported() -> None:
    with pytest.raises(ValueError, match=r"cannot be evaluated at input 0 = -5e-07 \(x - eps\)"):
        gradcheck(lambda x: x.log(), [5e-7])


def test_gradgradcheck_passes_on_the_engine() -> None:
    assert gradgradcheck(lambda x, y: (x * y).tanh() + x.exp() * y.sigmoid(), [0.3, -0.8])


def test_gradgradcheck_catches_a_rule_right_at_first_order_only(
    monkeypatch: pytest.MonkeyPatch, user_primitives: UserPrimitives
) -> None:
    # d(x³)/dx written as 3x² + (x − x.data): the right value, but a slope of 6x + 1.
    cube = user_primitives.make(
        lambda x: x**3,
        lambda x, out: x * x * 3.0 + (x - float(x)) if isinstance(x, Value) else 3 * x * x,
        "test_cube",
    )
    # gradients() already vets user rules when differentiating them twice; let this one
    # through as if it were built in, so gradgradcheck's own comparison is what fails.
    import autograd.higher_order as higher_order

    monkeypatch.setattr(higher_order, "_BUILT_IN", higher_order._BUILT_IN | {"test_cube"})
    assert gradcheck(cube, [0.7])
    with pytest.raises(
        GradcheckError, match=r"1 second derivative\(s\) disagree[\s\S]*analytic 5.19"
    ):
        gradgradcheck(cube, [0.7])


def test_user_rule_that_loses_its_slope_is_reported_by_name(
    user_primitives: UserPrimitives,
) -> None:
    sine = user_primitives.make(math.sin, lambda x, out: math.cos(x), "test_sine")
    assert gradcheck(sine, [0.4])
    with pytest.raises(TypeError, match="test_sine: its derivative rule does not stay"):
        gradgradcheck(sine, [0.4])
