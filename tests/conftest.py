"""Shared fixtures, the Hypothesis profiles, and the markers for tests that need programs.

Hypothesis profiles, chosen with HYPOTHESIS_PROFILE:

- ``default``: a quick run for development (the whole property suite in well under 60 s
  on 2 cores);
- ``ci``: the same number of examples, derandomised (a fixed seed), so CI runs are
  reproducible; ``.ci/run`` selects it;
- ``thorough``: twenty times the examples, for a nightly-style check;
- ``versions``: derandomised with a sixth of the examples, for the other Python versions
  CI runs (they check that the code runs there; the property search is ``ci``'s job).
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from autograd import PRIMITIVES, CustomPrimitive, Primitive, Value, primitive, register

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("default", max_examples=60, **_COMMON)
settings.register_profile("ci", max_examples=60, derandomize=True, print_blob=True, **_COMMON)
settings.register_profile("thorough", max_examples=1200, **_COMMON)
settings.register_profile("versions", max_examples=10, derandomize=True, **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.load_profile(PROFILE)


def pytest_report_header() -> str:
    """Show the Hypothesis profile in use at the top of the test run."""
    return f"hypothesis profile: {PROFILE} (set HYPOTHESIS_PROFILE=default|ci|thorough|versions)"


# ---------------------------------------------------------------- tests needing programs

_NEEDS = {
    "needs_dot": ("dot", "Graphviz's `dot` is not installed (apt-get install graphviz)"),
    "needs_chromium": (
        "chromedriver",
        "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
    ),
}


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip tests whose program is missing, with the reason; under CI, fail instead."""
    for marker, (program, reason) in _NEEDS.items():
        if item.get_closest_marker(marker) and shutil.which(program) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{reason}; CI must run this test", pytrace=False)
            pytest.skip(reason)


# ---------------------------------------------------------------- shared fixtures


@pytest.fixture
def count_values() -> Callable[[], int]:
    """A function counting the Value objects alive now (all of them: slow on a big heap).

    Values are tracked by the garbage collector, so ``gc.get_objects()`` lists them all.
    """

    def count() -> int:
        return sum(1 for obj in gc.get_objects() if type(obj) is Value)

    return count


class NewValues:
    """``with new_values as made:`` counts in ``made.count`` the Values made inside the
    block and still alive at its end (a traceback kept by ``pytest.raises`` keeps the
    frames of a failed call alive, so a node made before its check is counted).

    The collector is paused inside, so every new object stays in generation 0, the only
    one searched: cheap however large the heap has grown.
    """

    count = 0

    def __enter__(self) -> NewValues:
        gc.collect()
        gc.disable()
        self._before = self._young_values()
        return self

    def __exit__(self, *exc: object) -> None:
        self.count = self._young_values() - self._before
        gc.enable()

    @staticmethod
    def _young_values() -> int:
        return sum(1 for obj in gc.get_objects(generation=0) if type(obj) is Value)


@pytest.fixture
def new_values() -> NewValues:
    """Counts the Values an operation leaves behind (see :class:`NewValues`)."""
    return NewValues()


class UserPrimitives:
    """Registers user primitives for one test and removes them from the table afterwards."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def make(self, *args: Any, **kwargs: Any) -> CustomPrimitive:
        """``autograd.primitive(*args, **kwargs)``, removed when the test ends."""
        op = primitive(*args, **kwargs)
        self.names.append(op.name)
        return op

    def register(self, row: Primitive) -> Primitive:
        """``autograd.register(row)``, removed when the test ends."""
        self.names.append(row.name)
        return register(row)


@pytest.fixture
def user_primitives() -> Iterator[UserPrimitives]:
    """Make user primitives that leave ``PRIMITIVES`` as it was when the test ends."""
    made = UserPrimitives()
    yield made
    for name in made.names:
        PRIMITIVES.pop(name, None)
