#!/usr/bin/env python3
"""Run the README's set-up commands as a new user would, each on its own.

The commands are the lines of README.md's first ```bash block (comments and blank lines
dropped). Each one runs in a new virtual environment, activated, inside its own clean
copy of the checkout: ``git archive`` of HEAD plus any uncommitted changes to tracked
files (``git stash create``, which touches nothing), so untracked files, build leftovers
and whatever the machine has installed cannot make a command pass.

Usage::

    python .ci/readme_commands.py                     # every command, with this Python
    python .ci/readme_commands.py --select pytest     # only the commands containing "pytest"
    python .ci/readme_commands.py --python python3.13 --select pytest

Exits 0 when every selected command exits 0; otherwise names the ones that failed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_FIRST_BASH_BLOCK = re.compile(r"^```bash[ \t]*\n(.*?)^```", re.DOTALL | re.MULTILINE)


def readme_commands(markdown: str) -> list[str]:
    """The shell commands of the first ```bash block in ``markdown``, one per item.

    Blank lines and ``#`` comment lines are dropped; a line ending in a backslash
    continues on the next one.

    Args:
        markdown: the README's text.

    Returns:
        The commands, in order, each stripped of surrounding whitespace.

    Raises:
        ValueError: when there is no ```bash block, or it holds no command.
    """
    block = _FIRST_BASH_BLOCK.search(markdown)
    if block is None:
        raise ValueError("README has no ```bash block: expected the set-up commands there")
    commands: list[str] = []
    pending = ""
    for raw in block.group(1).splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        commands.append(pending + line)
        pending = ""
    if pending:
        commands.append(pending.strip())
    if not commands:
        raise ValueError("README's first ```bash block holds no command")
    return commands


def clean_copy(repo: Path, destination: Path) -> str:
    """Extract the checkout's tracked files, with uncommitted edits, into ``destination``.

    Returns a one-line description of what was copied (the commit, and whether
    uncommitted changes were included).
    """
    stash = _git(repo, "stash", "create")  # a commit of the working tree; "" when clean
    revision = stash or "HEAD"
    destination.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", revision],
        check=True,
        capture_output=True,
    )
    subprocess.run(["tar", "-x", "-C", str(destination)], input=archive.stdout, check=True)
    head = _git(repo, "rev-parse", "--short", "HEAD")
    return f"HEAD {head}" + (" plus uncommitted changes to tracked files" if stash else "")


def run_in_new_environment(command: str, python: str, workdir: Path, venv: Path) -> int:
    """Make a virtual environment with ``python``, activate it, run ``command`` in bash.

    Returns the command's exit status.
    """
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME", "PYTHONPATH")}
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(["bash", "-c", command], cwd=workdir, env=env).returncode


def main(argv: list[str] | None = None) -> int:
    """Run the selected README commands; 0 when all pass, 1 otherwise."""
    parser = argparse.ArgumentParser(description="Run the README's set-up commands.")
    parser.add_argument("--python", default=sys.executable, help="interpreter for the venvs")
    parser.add_argument("--select", default="", help="run only commands containing this text")
    parser.add_argument("--keep", action="store_true", help="keep the copies and venvs")
    args = parser.parse_args(argv)
    # Stopped by .ci/run (SIGTERM to the process group): still remove the copies and venvs.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    commands = [c for c in readme_commands((REPO / "README.md").read_text()) if args.select in c]
    if not commands:
        print(f"no README command contains {args.select!r}", file=sys.stderr)
        return 1
    version = subprocess.run(
        [args.python, "-c", "import platform; print(platform.python_version())"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    failed = []
    for command in commands:
        work = Path(tempfile.mkdtemp(prefix="readme-command-"))
        try:
            copied = clean_copy(REPO, work / "chainrule")
            print(f"\n$ {command}\n  (Python {version}, new venv, clean copy of {copied})")
            start = time.monotonic()
            status = run_in_new_environment(command, args.python, work / "chainrule", work / "venv")
            print(f"  exit {status} after {time.monotonic() - start:.0f} s: {command}")
            if status != 0:
                failed.append(command)
        finally:
            if args.keep:
                print(f"  kept in {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
    for command in failed:
        print(f"FAILED on Python {version}: {command}", file=sys.stderr)
    return 1 if failed else 0


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
