"""Shared by every demo: the ``--out`` flag, and a record of what the demo printed.

Every demo writes into one folder, ``--out`` (default ``out/`` in the current directory,
created if missing): its pictures, if it draws any, and everything it prints, as
``<demo>.txt``. It ends by printing the absolute path of each file it wrote.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

OUT_HELP = (
    "folder for the files this demo writes (default: out/ in the current directory; "
    "created if missing)"
)


def parser(doc: str, writes: str) -> argparse.ArgumentParser:
    """An argument parser with the demo's one-line description and the ``--out`` flag.

    Args:
        doc: the demo's module docstring; its first line is the description.
        writes: what the demo writes into ``--out``, for the end of ``--help``.
    """
    result = argparse.ArgumentParser(
        description=doc.strip().splitlines()[0],
        epilog=f"Writes into --out: {writes}. Prints the absolute path of each file at the end.",
    )
    result.add_argument("--out", type=folder, default=Path("out"), help=OUT_HELP)
    return result


def folder(text: str) -> Path:
    """``--out``'s type: a path that is a folder or does not exist yet."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file, expected a folder")
    return path


class Outputs:
    """The output folder (absolute, created) and the files written into it so far."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.files: list[Path] = []

    def path(self, name: str) -> Path:
        """``folder / name``, remembered to be listed at the end."""
        path = self.folder / name
        self.files.append(path)
        return path


@contextlib.contextmanager
def report(folder: Path, name: str) -> Iterator[Outputs]:
    """Create ``folder``; while open, what is printed goes to the terminal and to
    ``folder/name.txt`` too; on exit, print the absolute path of every file written.
    """
    outputs = Outputs(folder)
    text = outputs.folder / f"{name}.txt"
    with (
        text.open("w", encoding="utf-8") as file,
        contextlib.redirect_stdout(_Tee(sys.stdout, file)),
    ):
        yield outputs
    for path in [*outputs.files, text]:
        print("wrote", path)


class _Tee:
    """A write-only stream that copies everything to several streams."""

    def __init__(self, *streams: TextIO) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()
