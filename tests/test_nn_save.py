"""Module.save and Module.load: all-or-nothing writes, refused non-finite states, and
errors that name the file (and, for broken JSON, the position)."""

from __future__ import annotations

import errno
import json
import math
import os
import re
import sys
from pathlib import Path

import pytest

from nn import MLP

LAST_BIAS = "layers.1.neurons.0.b"


def make_model(seed: int = 1) -> MLP:
    return MLP(2, [4, 1], seed=seed)


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A folder holding one file, model.json, saved from make_model(seed=1)."""
    make_model(seed=1).save(tmp_path / "model.json")
    return tmp_path / "model.json"


# ---------------------------------------------------------------- save: all or nothing


def dump_half_then(error: BaseException):  # type: ignore[no-untyped-def]
    """A json.dump that writes the first half of the real output, then raises ``error``."""

    def dump(obj, f, **kwargs):  # type: ignore[no-untyped-def]
        text = json.dumps(obj, **kwargs)
        f.write(text[: len(text) // 2])
        f.flush()
        raise error

    return dump


def raise_(error: BaseException):  # type: ignore[no-untyped-def]
    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise error

    return fail


DISK_FULL = OSError(errno.ENOSPC, "No space left on device")
FAILURES = {
    # where the write fails: (module, attribute, replacement, the error save raises)
    "disk full mid-write": (json, "dump", dump_half_then(DISK_FULL), OSError),
    "interrupted mid-write": (json, "dump", dump_half_then(KeyboardInterrupt()), KeyboardInterrupt),
    "disk full at fsync": (os, "fsync", raise_(DISK_FULL), OSError),
    "rename refused": (os, "replace", raise_(OSError(errno.EACCES, "Permission denied")), OSError),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_save_leaves_the_previous_file_intact_and_no_temporary_file(
    saved: Path, failure: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved.read_bytes()
    module, attribute, replacement, error = FAILURES[failure]
    with monkeypatch.context() as patch:
        patch.setattr(module, attribute, replacement)
        with pytest.raises(error):
            make_model(seed=2).save(saved)
    assert saved.read_bytes() == before
    assert os.listdir(saved.parent) == ["model.json"]
    make_model(seed=3).load(saved)  # still loadable


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_first_save_leaves_no_file(
    tmp_path: Path, failure: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    module, attribute, replacement, error = FAILURES[failure]
    with monkeypatch.context() as patch:
        patch.setattr(module, attribute, replacement)
        with pytest.raises(error):
            make_model().save(tmp_path / "model.json")
    assert os.listdir(tmp_path) == []


def test_save_replaces_the_file_and_the_saved_state_round_trips_exactly(saved: Path) -> None:
    model = make_model(seed=2)
    for p in model.parameters():
        p.data = p.data / 3 + 1e-300  # thirds need 17 digits; the zero biases become 1e-300
    model.save(saved)
    loaded = make_model(seed=3)
    loaded.load(saved)
    assert loaded.state_dict() == model.state_dict()
    assert os.listdir(saved.parent) == ["model.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and symlinks")
def test_save_keeps_the_files_permissions_and_writes_through_a_symlink(saved: Path) -> None:
    saved.chmod(0o640)
    make_model(seed=2).save(saved)
    assert saved.stat().st_mode & 0o777 == 0o640
    fresh = saved.parent / "fresh.json"
    make_model().save(fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask  # as open(path, "w") gives
    link = saved.parent / "link.json"
    link.symlink_to(saved)
    make_model(seed=4).save(link)
    assert link.is_symlink()
    assert json.loads(saved.read_text()) == make_model(seed=4).state_dict()


# ---------------------------------------------------------------- save: non-finite refused


@pytest.mark.parametrize(
    ("bad", "shown"), [(math.nan, "nan"), (math.inf, "inf"), (-math.inf, "-inf")]
)
@pytest.mark.parametrize("existing", [True, False], ids=["over a file", "new file"])
def test_a_non_finite_parameter_is_refused_and_nothing_is_written(
    tmp_path: Path, bad: float, shown: str, existing: bool
) -> None:
    path = tmp_path / "model.json"
    if existing:
        make_model().save(path)
    before = path.read_bytes() if existing else None
    model = make_model(seed=2)
    dict(model.named_parameters())[LAST_BIAS].data = bad
    match = (
        rf"^cannot save model to {re.escape(repr(str(path)))}: parameter '{LAST_BIAS}' is "
        rf"{shown}, not a finite number; nothing was written$"
    )
    with pytest.raises(ValueError, match=match):
        model.save(path)
    assert (path.read_bytes() if existing else None) == before
    assert os.listdir(tmp_path) == (["model.json"] if existing else [])


def test_the_first_non_finite_parameter_is_named_and_the_rest_counted(tmp_path: Path) -> None:
    model = make_model()
    params = dict(model.named_parameters())
    for name in ("layers.0.neurons.1.w.0", LAST_BIAS, "layers.1.neurons.0.w.3"):
        params[name].data = math.nan
    with pytest.raises(
        ValueError, match=r"parameter 'layers.0.neurons.1.w.0' is nan \(and 2 more\)"
    ):
        model.save(tmp_path / "model.json")


# ---------------------------------------------------------------- load: errors name the file

_REMOVE = object()


def saved_state_with(name: str, value: object = _REMOVE) -> bytes:
    """A saved state's bytes with ``name`` set to ``value`` (removed when no value is given)."""
    state: dict[str, object] = dict(make_model(seed=5).state_dict())
    if value is _REMOVE:
        del state[name]
    else:
        state[name] = value
    return json.dumps(state).encode()  # NaN is written as NaN, as json.dump does by default


FINITE = f"parameter '{LAST_BIAS}' must be a finite real number, got"
# (file contents, expected message after "cannot load model from '<path>': ")
BAD_FILES = {
    "empty": (b"", r"invalid JSON at line 1, column 1 \(char 0\): Expecting value"),
    "truncated": (
        b'{"layers.0.neurons.0.w.0": 0.5, ',
        r"invalid JSON at line 1, column 33 \(char 32\): "
        "Expecting property name enclosed in double quotes",
    ),
    "truncated on line 3": (
        b'{\n "w.0": 0.5,\n "w.1": 0.2',
        r"invalid JSON at line 3, column 12 \(char 26\): Expecting ',' delimiter",
    ),
    "not text": (b"\xff\xfe\x00garbage", "not UTF-8 text at byte 0: invalid start byte"),
    "an array": (b"[0.5, 1.0]", "expected a JSON object of parameter name -> number, got an array"),
    "a string": (b'"model"', "expected a JSON object .*, got a string"),
    "a number": (b"3", "expected a JSON object .*, got a number"),
    "null": (b"null", "expected a JSON object .*, got null"),
    "a string value": (saved_state_with(LAST_BIAS, "0.5"), f"{FINITE} str: '0.5'"),
    "an object value": (saved_state_with(LAST_BIAS, {"x": 1}), f"{FINITE} dict"),
    "a boolean value": (saved_state_with(LAST_BIAS, True), f"{FINITE} bool: True"),
    "NaN": (saved_state_with(LAST_BIAS, math.nan), f"{FINITE} float: nan"),
    "a missing parameter": (
        saved_state_with(LAST_BIAS),
        rf"missing parameter '{LAST_BIAS}' \(this MLP has 17, the state 16\)",
    ),
    "an unexpected parameter": (
        saved_state_with("layers.2.neurons.0.b", 0.5),
        r"unexpected parameter 'layers.2.neurons.0.b' \(this MLP has 17, the state 18\)",
    ),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_refused_naming_it_and_the_model_is_unchanged(
    tmp_path: Path, kind: str
) -> None:
    contents, expected = BAD_FILES[kind]
    path = tmp_path / "model.json"
    path.write_bytes(contents)
    model = make_model()
    before = model.state_dict()
    with pytest.raises(
        ValueError, match=rf"^cannot load model from {re.escape(repr(str(path)))}: {expected}"
    ):
        model.load(path)
    assert model.state_dict() == before


def test_a_truncated_save_is_refused_with_its_position(saved: Path) -> None:
    text = saved.read_text()
    saved.write_text(text[: len(text) // 2])
    model = make_model(seed=2)
    before = model.state_dict()
    with pytest.raises(ValueError, match=r"invalid JSON at line \d+, column \d+ \(char \d+\)") as e:
        model.load(saved)
    assert isinstance(e.value.__cause__, json.JSONDecodeError)
    assert f"(char {e.value.__cause__.pos})" in str(e.value)
    assert model.state_dict() == before


def test_a_missing_file_raises_file_not_found_and_the_model_is_unchanged(tmp_path: Path) -> None:
    model = make_model()
    before = model.state_dict()
    with pytest.raises(FileNotFoundError, match="nowhere.json"):
        model.load(tmp_path / "nowhere.json")
    assert model.state_dict() == before
