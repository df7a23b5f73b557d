"""A Value used as a Python number: formatting, ordering, conversions, abs and sqrt.

Each choice follows PyTorch's one-element tensors unless a comment says otherwise; the
README's "A Value as a Python number" lists them.
"""

from __future__ import annotations

import math
import operator

import numpy as np
import pytest

from autograd import Value

# ---------------------------------------------------------------- formatting


@pytest.mark.parametrize("spec", ["", ".3f", "8.2e", "+.1%", "g", ">12", "_.2f", "010.4f"])
@pytest.mark.parametrize("x", [0.0, -1.25, 1234567.891, 1e-300, math.inf, math.nan])
def test_every_format_spec_formats_data(spec: str, x: float) -> None:
    assert format(Value(x), spec) == format(x, spec)


def test_fstring_in_a_training_loop_print() -> None:
    loss = Value(0.123456) * 2
    assert f"loss {loss:.4f}" == "loss 0.2469"
    assert f"{loss}" == "0.246912"  # as PyTorch: an empty spec formats the number
    assert str(loss).startswith("Value(data=0.246912")  # str and repr show the node


def test_a_bad_format_spec_names_it() -> None:
    with pytest.raises(ValueError, match="Unknown format code 'd'"):
        format(Value(1.5), "d")


# ---------------------------------------------------------------- ordering

ORDERINGS = [operator.lt, operator.le, operator.gt, operator.ge]


@pytest.mark.parametrize("compare", ORDERINGS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a, b", [(1.0, 2.0), (2.0, 1.0), (2.0, 2.0), (-0.0, 0.0)])
@pytest.mark.parametrize(
    "wrap_b", [Value, float, int, np.float64, np.float32], ids=lambda t: t.__name__
)
def test_comparisons_read_data_and_return_bool(compare, a: float, b: float, wrap_b) -> None:  # type: ignore[no-untyped-def]
    if wrap_b is int and b != int(b):
        pytest.skip("not an integer")
    right = wrap_b(b)
    got = compare(Value(a), right)
    assert type(got) is bool
    assert got == compare(a, b)
    flipped = compare(right, Value(a))  # number on the left: Python uses the reflection
    assert type(flipped) is bool
    assert flipped == compare(b, a)


def test_comparisons_with_nan_are_false_as_for_floats() -> None:
    nan = Value(math.nan)
    assert not (nan < 1) and not (nan >= 1) and not (nan > 1)


@pytest.mark.parametrize("compare", ORDERINGS, ids=lambda f: f.__name__)
def test_comparing_with_a_non_number_raises_the_usual_type_error(compare) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match="not supported between instances of 'Value' and 'str'"):
        compare(Value(1.0), "1")


def test_max_min_sorted_return_the_values_themselves_and_gradients_flow() -> None:
    a, b, c = Value(3.0, "a"), Value(-1.0, "b"), Value(2.0, "c")
    assert max(a, b, c) is a and min(a, b, c) is b
    assert sorted([a, b, c]) == [b, c, a]  # list == compares elements by identity
    assert max(a, 5.0) == 5.0 and max(a, 1.0) is a
    out = max(a, b) * min(b, c)  # a * b
    out.backward()
    assert (a.grad, b.grad, c.grad) == (-1.0, 3.0, 0.0)


def test_equality_and_hashing_stay_by_identity() -> None:
    # Values are graph nodes and dictionary keys: == must not compare data (nor build a
    # node), so two Values holding the same number are different keys.
    a, b = Value(1.0), Value(1.0)
    assert a != b and a == a
    assert len({a, b}) == 2
    assert hash(a) == id(a) // 16 or hash(a) != hash(b)
    assert (a == 1.0) is False


# ---------------------------------------------------------------- conversions


@pytest.mark.parametrize("x", [0.0, -0.0, 2.5, -2.7, 1e-300, math.nan, math.inf])
def test_bool_is_data_nonzero(x: float) -> None:
    assert bool(Value(x)) is bool(x)


@pytest.mark.parametrize("x", [0.0, 2.5, -2.7, 1e20])
def test_int_truncates_like_int_of_a_float(x: float) -> None:
    got = int(Value(x))
    assert type(got) is int and got == int(x)


@pytest.mark.parametrize(("x", "error"), [(math.nan, ValueError), (math.inf, OverflowError)])
def test_int_of_nan_or_inf_raises_as_for_a_float(x: float, error: type[Exception]) -> None:
    with pytest.raises(error, match="cannot convert float"):
        int(Value(x))


@pytest.mark.parametrize(("x", "ndigits"), [(2.5, None), (3.5, None), (-2.567, 2), (2.675, 2)])
def test_round_gives_the_number_round_gives_for_data(x: float, ndigits: int | None) -> None:
    got = round(Value(x)) if ndigits is None else round(Value(x), ndigits)
    want = round(x) if ndigits is None else round(x, ndigits)
    assert type(got) is type(want) and got == want


def test_conversions_build_no_node() -> None:
    x = Value(2.0)
    int(x), float(x), bool(x), round(x), format(x, ".2f"), x < 3
    assert x.is_leaf and x.grad == 0.0


# ---------------------------------------------------------------- abs and sqrt

# Their values, slopes, kinks and errors are in the registry (tests/ops.py).


def test_numpy_sqrt_and_abs_work_on_values() -> None:
    # np.sqrt / np.abs on object arrays call the elements' sqrt / __abs__.
    xs = np.array([Value(4.0), Value(-9.0)], dtype=object)
    roots = np.sqrt(np.abs(xs))
    assert [r.data for r in roots] == [2.0, 3.0]
