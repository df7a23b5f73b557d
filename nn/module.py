"""``Module``: the base of every model: named parameters, gradients, and saved state."""

from __future__ import annotations

import contextlib
import json
import math
import os
import secrets
import stat
from collections.abc import Callable, Mapping
from os import PathLike
from typing import TextIO

from autograd import Value

__all__ = ["Module"]


class Module:
    """Something with parameters: a neuron, a layer, a network.

    Subclasses implement :meth:`named_parameters`; everything else builds on it.
    Parameter names are dotted paths (``layers.0.neurons.1.w.2``), stable from run to
    run, and double as the parameters' labels in rendered graphs.
    """

    def named_parameters(self) -> list[tuple[str, Value]]:
        """(dotted name, Value) for every parameter, in a stable order."""
        raise NotImplementedError(f"{type(self).__name__} must define named_parameters()")

    def parameters(self) -> list[Value]:
        """Every parameter, in the order of :meth:`named_parameters`."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set every parameter's ``.grad`` to 0.0 (leaf gradients accumulate otherwise)."""
        for p in self.parameters():
            p.grad = 0.0

    def state_dict(self) -> dict[str, float]:
        """The parameters' values as plain floats keyed by dotted name (JSON-serialisable)."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, float]) -> None:
        """Set every parameter from ``state``, which must name exactly this model's parameters.

        Everything is checked before anything is assigned: on error the model is unchanged.

        Raises:
            ValueError: naming the first missing or unexpected parameter.
            TypeError: naming the first value that is not a finite real number.
        """
        self._assign(state, "load_state_dict", TypeError)

    def save(self, path: str | PathLike[str]) -> None:
        """Write :meth:`state_dict` to ``path`` as JSON, all or nothing.

        The state goes to a temporary file in the same folder, is flushed to disk, and only
        then renamed over ``path``: if writing fails (a full disk, an interrupt), the
        previous file at ``path`` is intact and the temporary file is removed. (A process
        killed mid-write leaves a hidden ``.<name>.<random>.tmp`` beside it; delete it.)

        Raises:
            ValueError: if a parameter is NaN or ±inf (naming it); nothing is written.
            OSError: if the file cannot be written; ``path`` is unchanged.

        >>> import os, tempfile
        >>> from nn import Neuron
        >>> a, b = Neuron(2, seed=0), Neuron(2, seed=1)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     a.save(os.path.join(folder, "neuron.json"))
        ...     b.load(os.path.join(folder, "neuron.json"))
        >>> b.state_dict() == a.state_dict()
        True
        """
        state = self.state_dict()
        bad = [name for name, x in state.items() if not math.isfinite(x)]
        if bad:
            more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
            raise ValueError(
                f"cannot save model to {os.fspath(path)!r}: parameter {bad[0]!r} is "
                f"{state[bad[0]]}{more}, not a finite number; nothing was written"
            )
        _write_atomically(path, lambda f: json.dump(state, f, indent=1, allow_nan=False))

    def load(self, path: str | PathLike[str]) -> None:
        """Read a JSON state written by :meth:`save` and load it (see :meth:`load_state_dict`).

        Everything is checked before anything is assigned: on error the model is unchanged.

        Raises:
            OSError: if the file cannot be read (FileNotFoundError…).
            ValueError: naming the file, if it is not JSON (with the line, column and
                character where parsing stopped), is not an object of parameter name ->
                finite number, or names other parameters than this model's.
        """
        where = f"cannot load model from {os.fspath(path)!r}"
        try:
            with open(path, encoding="utf-8") as f:
                state = json.load(f)
        except json.JSONDecodeError as e:
            raise ValueError(
                f"{where}: invalid JSON at line {e.lineno}, column {e.colno} "
                f"(char {e.pos}): {e.msg}"
            ) from e
        except UnicodeDecodeError as e:
            raise ValueError(f"{where}: not UTF-8 text at byte {e.start}: {e.reason}") from e
        if not isinstance(state, dict):
            raise ValueError(
                f"{where}: expected a JSON object of parameter name -> number, "
                f"got {_json_kind(state)}"
            )
        self._assign(state, where, ValueError)

    def _assign(
        self, state: Mapping[str, object], where: str, value_error: type[Exception]
    ) -> None:
        """Check ``state`` against this model, then assign it; errors start with ``where``.

        A value that is not a finite real number raises ``value_error``: a TypeError for
        :meth:`load_state_dict` (a wrong argument), a ValueError for :meth:`load` (a
        wrong file).
        """
        params = self.named_parameters()
        names = [name for name, _ in params]
        known = set(names)
        sizes = f"(this {type(self).__name__} has {len(names)}, the state {len(state)})"
        for name in names:
            if name not in state:
                raise ValueError(f"{where}: missing parameter {name!r} {sizes}")
        for name in state:
            if name not in known:
                raise ValueError(f"{where}: unexpected parameter {name!r} {sizes}")
        values = []
        for name in names:
            x = state[name]
            if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
                raise value_error(
                    f"{where}: parameter {name!r} must be a finite real number, "
                    f"got {type(x).__name__}: {x!r}"
                )
            values.append(float(x))
        for (_, p), x in zip(params, values):
            p.data = x


def _json_kind(x: object) -> str:
    """The JSON name of what :func:`json.load` returned (for error messages)."""
    kinds = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return kinds.get(type(x), "a number")


def _write_atomically(path: str | PathLike[str], write: Callable[[TextIO], None]) -> None:
    """Call ``write`` on a new file and put it at ``path`` only once it is complete and on disk.

    The temporary file sits in the target's folder, since ``os.replace`` is atomic only
    within one file system. It is created with the permissions a plain ``open(path, "w")``
    would give (the umask's, or the existing file's), and removed if anything fails.
    """
    target = os.path.realpath(path)  # through a symlink, as open(path, "w") would write
    folder, name = os.path.split(target)
    tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        # Keep an existing file's permissions (best effort: a new file, or one we do not
        # own, keeps the umask's).
        with contextlib.suppress(OSError):
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(folder)


def _sync_folder(folder: str) -> None:
    """Flush ``folder``'s entry for the renamed file to disk, where the OS allows it."""
    if os.name != "posix":
        return  # Windows cannot open a folder for fsync; the rename is still atomic
    # The new file is already in place; a file system that cannot sync folders (EINVAL)
    # only loses the durability of the rename across a power cut, so that is not an error.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
