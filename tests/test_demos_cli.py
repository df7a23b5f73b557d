"""Every demo takes ``--help`` and ``--out``, writes only into ``--out`` (default ``out/``
in the current directory), prints the absolute path of each file it wrote, and leaves the
checkout alone: the README's pictures in docs/ change only through make_docs_pictures.py.

Each demo is run as a reader runs it, as a script in a fresh interpreter, from a scratch
folder, with the checkout first on the import path (so its own ``autograd`` and ``nn``
are the ones tested, installed or not).
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMOS = ROOT / "demos"
HELPERS = {"democli.py", "seedtable.py"}  # imported by the demos, not run

# demo → (arguments besides --out, the files it writes); render demos need Graphviz's dot.
RUNS: dict[str, tuple[list[str], list[str]]] = {
    "engine_demo.py": ([], ["engine_demo.txt"]),
    "newton.py": ([], ["newton.txt"]),
    "seed_000.py": ([], ["seed_000.txt"]),
    "seed_001.py": ([], ["seed_001.txt"]),
    "seed_002.py": ([], ["seed_002.txt"]),
    "seed_003.py": ([], ["seed_003.txt"]),
    "seed_004.py": ([], ["seed_004.txt"]),
    "check_seeds.py": ([], ["check_seeds.txt"]),
    "moons.py": (["--steps", "2"], ["moons_boundary.png", "moons_loss.png", "moons.txt"]),
    "render_mlp.py": ([], ["mlp_collapsed.svg", "render_mlp.txt"]),
    "render_seed002.py": ([], ["seed002.svg", "seed002_steps.html", "render_seed002.txt"]),
    "render_vanishing.py": (["--layers", "3"], ["vanishing.svg", "render_vanishing.txt"]),
    # the pictures the README shows, exactly the files in docs/
    "make_docs_pictures.py": (["--steps", "2"], sorted(p.name for p in (ROOT / "docs").iterdir())),
}
NEEDS_DOT = {"render_mlp.py", "render_seed002.py", "render_vanishing.py", "make_docs_pictures.py"}


def demo_params() -> list[object]:
    return [
        pytest.param(name, marks=[pytest.mark.needs_dot] if name in NEEDS_DOT else [])
        for name in sorted(RUNS)
    ]


def run_script(name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python demos/<name> args`` from ``cwd``, importing the checkout's packages."""
    path = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return subprocess.run(
        [sys.executable, str(DEMOS / name), *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def checkout_files() -> dict[Path, tuple[int, int]]:
    """Every file of the checkout with its modification time and size, leaving out hidden
    folders (.git, caches), virtual environments and Python's bytecode caches."""
    files = {}
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [
            d
            for d in subfolders
            if not d.startswith(".")
            and d != "__pycache__"
            and not (Path(folder, d) / "pyvenv.cfg").exists()
        ]
        for name in names:
            stat = Path(folder, name).stat()
            files[Path(folder, name)] = (stat.st_mtime_ns, stat.st_size)
    return files


def test_every_demo_is_in_the_table() -> None:
    assert {p.name for p in DEMOS.glob("*.py")} - HELPERS == set(RUNS)


@pytest.mark.parametrize("name", sorted(RUNS))
def test_help_describes_the_demo_and_out(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.syspath_prepend(str(DEMOS))
    main = runpy.run_path(str(DEMOS / name), run_name="demo_under_test")["main"]
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal width
    assert "--out OUT" in text
    for file in RUNS[name][1]:
        assert file in text, f"{name} --help does not say it writes {file}"
    if name == "make_docs_pictures.py":
        assert "docs" in text
    else:
        assert "default: out/ in the current directory" in text


@pytest.mark.parametrize("name", demo_params())
def test_demo_writes_only_into_out(name: str, tmp_path: Path) -> None:
    cwd, out = tmp_path / "cwd", tmp_path / "given" / "nested"
    cwd.mkdir()
    before = checkout_files()
    done = run_script(name, *RUNS[name][0], "--out", str(out), cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(RUNS[name][1])
    for file in RUNS[name][1]:
        assert (out / file).stat().st_size > 0
        assert f"wrote {out / file}" in done.stdout  # absolute paths, at the end
    assert list(cwd.iterdir()) == []
    assert checkout_files() == before, "the demo wrote into the checkout"


def test_out_defaults_to_out_in_the_current_directory(tmp_path: Path) -> None:
    done = run_script("engine_demo.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = tmp_path / "out" / "engine_demo.txt"
    assert done.stdout.rstrip().endswith(f"wrote {report.resolve()}")
    printed = done.stdout[: done.stdout.rindex("wrote ")]
    assert report.read_text(encoding="utf-8") == printed  # the .txt is what was printed


def test_relative_out_is_printed_absolute(tmp_path: Path) -> None:
    done = run_script("newton.py", "--out", "results/newton", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"wrote {(tmp_path / 'results' / 'newton' / 'newton.txt').resolve()}" in done.stdout


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("")
    done = run_script("seed_002.py", "--out", "taken", cwd=tmp_path)
    assert done.returncode == 2
    assert "argument --out: taken is a file, expected a folder" in done.stderr
    assert (tmp_path / "taken").read_text() == ""


def test_readme_says_where_every_demo_writes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Demos: where they write")
    section = readme[start : readme.index("\n## ", start + 1)]
    assert "`--out FOLDER` (default: `out/` in the" in section
    for name, (_, files) in RUNS.items():
        assert name in section, f"README's demos section does not mention {name}"
        if name == "make_docs_pictures.py" or files == [name.replace(".py", ".txt")]:
            continue  # "exactly the six files there"; "`<demo>.txt` only"
        for file in files:
            assert f"`{file}`" in section, f"README does not say that {name} writes {file}"
