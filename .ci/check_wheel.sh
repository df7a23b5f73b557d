#!/usr/bin/env bash
# Packaging check: `python -m build` makes a wheel that installs and imports in a fresh
# virtual environment outside the checkout, with the version the package declares.
# PYTHON is an interpreter with `build` and pip >= 22.3 (the `check` extra pins build;
# .ci/run passes its venv's).
set -euo pipefail
python="${PYTHON:-python}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$python" -c "import build" 2>/dev/null || {
    echo "check_wheel: $python has no 'build'; install the check extra: pip install -e '.[check]'" >&2
    exit 1
}
"$python" -m build --wheel --outdir "$work/dist" "$repo" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
# A venv without its own pip (ensurepip costs seconds); PYTHON's pip installs into it.
"$python" -m venv --without-pip "$work/venv"
"$python" -m pip --python "$work/venv/bin/python" install -q --no-compile "$work"/dist/chainrule-*.whl
cd "$work"
"$work/venv/bin/python" - <<'PY'
import importlib.metadata, pathlib, autograd, nn
from autograd import Value
for module in (autograd, nn):
    assert "site-packages" in module.__file__, module.__file__
    assert (pathlib.Path(module.__file__).parent / "py.typed").exists(), module.__name__
installed = importlib.metadata.version("chainrule")
assert installed == autograd.__version__, f"wheel says {installed}, package says {autograd.__version__}"
x = Value(3.0); y = x * x; y.backward(); assert x.grad == 6.0
print(f"wheel ok: chainrule {installed} imports from {pathlib.Path(autograd.__file__).parent}")
PY
