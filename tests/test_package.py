"""The package itself: import location and exports; and the test modules, which run no
demo when they are imported (pytest imports every one of them to collect the tests)."""

import ast
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


def _module_level_calls(tree: ast.Module) -> list[str]:
    """Dotted names of the calls made when a module runs, outside functions and classes
    (decorators and default values included: they run at import too)."""
    names = []
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            nodes: list[ast.AST] = [*statement.decorator_list]
            if not isinstance(statement, ast.ClassDef):
                defaults = [*statement.args.defaults, *statement.args.kw_defaults]
                nodes += [d for d in defaults if d is not None]
        else:
            nodes = [statement]
        for node in nodes:
            for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
                names.append(ast.unparse(call.func))
    return names


def test_no_test_module_runs_a_demo_or_a_program_when_imported() -> None:
    forbidden = ("runpy.", "subprocess.", "os.system", "exec", "main")
    for path in sorted((REPO / "tests").glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        imports = [n.module or "" for n in tree.body if isinstance(n, ast.ImportFrom)]
        imports += [a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names]
        assert not any(name.split(".")[0] == "demos" for name in imports), path.name
        calls = _module_level_calls(tree)
        bad = [c for c in calls if c.startswith(forbidden) or c.endswith(".main")]
        assert not bad, f"{path.name} calls {bad} when imported"
