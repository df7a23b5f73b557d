"""Hypothesis profiles for the property suite, chosen with HYPOTHESIS_PROFILE.

- ``default``: a quick run for development (the whole property suite in well under 60 s
  on 2 cores);
- ``ci``: the same number of examples, derandomised (a fixed seed), so CI runs are
  reproducible; ``.ci/run`` selects it;
- ``thorough``: twenty times the examples, for a nightly-style check.
"""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("default", max_examples=60, **_COMMON)
settings.register_profile("ci", max_examples=60, derandomize=True, print_blob=True, **_COMMON)
settings.register_profile("thorough", max_examples=1200, **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.load_profile(PROFILE)


def pytest_report_header() -> str:
    """Show the Hypothesis profile in use at the top of the test run."""
    return f"hypothesis profile: {PROFILE} (set HYPOTHESIS_PROFILE=default|ci|thorough)"


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
