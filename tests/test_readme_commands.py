"""The parser behind CI's fresh-environment step (.ci/readme_commands.py).

CI runs each command of README.md's first ```bash block in its own new virtual
environment; these tests pin which commands that is, so the README and CI cannot drift.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent


def _load() -> ModuleType:
    # .ci is not a package (its name starts with a dot), so load the script by path.
    spec = importlib.util.spec_from_file_location(
        "readme_commands", REPO / ".ci" / "readme_commands.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_module = _load()
readme_commands = _module.readme_commands
clean_copy = _module.clean_copy


def test_the_readme_has_exactly_the_demo_command_and_the_test_command() -> None:
    demo, test = readme_commands((REPO / "README.md").read_text(encoding="utf-8"))
    assert demo == 'python -m pip install -e ".[demos]" && python demos/moons.py'
    assert test == 'python -m pip install -e ".[test]" && python -m pytest'


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("```bash\na\nb\n```\n", ["a", "b"]),
        ("# title\n```bash\n# comment\n\n  a  \n```\n", ["a"]),
        ("```bash\na && \\\n  b\n```\n", ["a && b"]),
        ("```python\nx\n```\n```bash\nfirst\n```\n```bash\nsecond\n```\n", ["first"]),
        ("```bash\necho '# not a comment'\n```\n", ["echo '# not a comment'"]),
    ],
    ids=["two lines", "comments and blanks dropped", "continuation", "first block only", "hash"],
)
def test_commands_are_the_lines_of_the_first_bash_block(markdown: str, expected: list[str]) -> None:
    assert readme_commands(markdown) == expected


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("no code here\n```python\nx = 1\n```\n", "README has no ```bash block"),
        ("```bash\n# only a comment\n\n```\n", "first ```bash block holds no command"),
    ],
    ids=["no bash block", "empty block"],
)
def test_a_readme_without_commands_is_an_error(markdown: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        readme_commands(markdown)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_clean_copy_has_tracked_edits_and_no_untracked_files(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
        ).stdout

    git("init", "-q")
    (repo / "tracked.txt").write_text("committed\n")
    git("add", "tracked.txt")
    git("-c", "user.name=ci", "-c", "user.email=ci@example.invalid", "commit", "-qm", "one")
    (repo / "tracked.txt").write_text("edited, not committed\n")
    (repo / "untracked.txt").write_text("left behind\n")

    described = clean_copy(repo, tmp_path / "copy")

    assert (tmp_path / "copy" / "tracked.txt").read_text() == "edited, not committed\n"
    assert not (tmp_path / "copy" / "untracked.txt").exists()
    assert described.endswith("plus uncommitted changes to tracked files")
    # the checkout is left as it was: edit still there, nothing stashed
    assert (repo / "tracked.txt").read_text() == "edited, not committed\n"
    assert git("stash", "list") == ""
