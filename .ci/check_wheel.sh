#!/usr/bin/env bash
# Packaging check: `python -m build` makes a wheel that installs and imports in a fresh
# virtual environment outside the checkout.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python -m pip install -q --disable-pip-version-check build
python -m build --wheel --outdir "$work/dist" "$repo" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
python -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check "$work"/dist/chainrule-*.whl
cd "$work"
"$work/venv/bin/python" - <<'PY'
import pathlib, autograd, nn
from autograd import Value
for module in (autograd, nn):
    assert "site-packages" in module.__file__, module.__file__
    assert (pathlib.Path(module.__file__).parent / "py.typed").exists(), module.__name__
x = Value(3.0); y = x * x; y.backward(); assert x.grad == 6.0
print(f"wheel ok: chainrule {autograd.__version__} imports from {pathlib.Path(autograd.__file__).parent}")
PY
