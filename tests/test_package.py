"""The package itself: import location, version, exports."""

from pathlib import Path

import autograd
import nn

REPO = Path(__file__).resolve().parent.parent


def test_autograd_is_imported_from_this_repository_not_hips_autograd() -> None:
    # HIPS autograd shares the import name; make sure we are testing our own.
    assert Path(autograd.__file__).resolve().parent == REPO / "autograd"
    assert Path(nn.__file__).resolve().parent == REPO / "nn"


def test_version_is_single_sourced_in_the_package() -> None:
    text = (REPO / "pyproject.toml").read_text()
    assert 'version = { attr = "autograd.__version__" }' in text
    assert autograd.__version__.count(".") == 2


def test_every_public_name_is_exported_and_documented() -> None:
    for name in autograd.__all__:
        obj = getattr(autograd, name)
        if callable(obj) and getattr(obj, "__module__", "").startswith("autograd"):
            assert obj.__doc__, f"autograd.{name} has no docstring"
