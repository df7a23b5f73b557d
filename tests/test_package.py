"""The package itself: import location, version, exports."""

import re
from pathlib import Path

import autograd
import nn

REPO = Path(__file__).resolve().parent.parent


def test_autograd_is_imported_from_this_repository_not_hips_autograd() -> None:
    # HIPS autograd shares the import name; make sure we are testing our own.
    assert Path(autograd.__file__).resolve().parent == REPO / "autograd"
    assert Path(nn.__file__).resolve().parent == REPO / "nn"


def test_supported_pythons_agree_in_pyproject_readme_and_ci() -> None:
    # The classifiers are the list; requires-python, the README's claim and the
    # interpreters CI looks for must say the same.
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    versions = re.findall(r'"Programming Language :: Python :: (3\.\d+)"', pyproject)
    assert versions == ["3.10", "3.11", "3.12", "3.13"]
    assert f'requires-python = ">={versions[0]}"' in pyproject
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"Python {versions[0]} to {versions[-1]}, each tested." in readme
    ci = (REPO / ".ci" / "other_pythons.sh").read_text(encoding="utf-8")
    assert f"SUPPORTED=({' '.join(versions)})" in ci


def test_every_public_name_is_exported_and_documented() -> None:
    for name in autograd.__all__:
        obj = getattr(autograd, name)
        if callable(obj) and getattr(obj, "__module__", "").startswith("autograd"):
            assert obj.__doc__, f"autograd.{name} has no docstring"
