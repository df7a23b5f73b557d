#!/usr/bin/env bash
# The README's test command on other supported Pythons, one after the other, each in a new
# virtual environment and clean copy of the checkout (.ci/readme_commands.py --select
# pytest). An interpreter that is not installed is skipped with a notice; one that is
# installed and fails makes this script fail.
#
# Which Pythons: CI_PYTHONS, a space-separated list, "all" or "none"; by default the oldest and
# the newest supported (3.10 and 3.13). Each suite costs about 70 s of CPU, and all four
# on top of the README's own run do not fit in five minutes on this shared 2-core
# machine; the two ends catch what the versions between them break (3.13 keeps 3.12's
# changes, such as its compensated float sum()). `CI_PYTHONS=all bash .ci/run` runs all.
#
# Usage: .ci/other_pythons.sh LOGDIR [VERSION_TO_SKIP ...]
#   LOGDIR gets one log per interpreter (3.10.log ...). Several copies of this script may
#   share one LOGDIR: each interpreter is claimed by the first to reach it (mkdir is
#   atomic), so .ci/run starts one copy in the background and, when its own steps are
#   done, a second one that takes whatever is still queued.
set -uo pipefail
cd "$(dirname "$0")/.."
SUPPORTED=(3.10 3.11 3.12 3.13)  # keep in step with pyproject's classifiers (test_package.py)
logs="$1"
shift
mkdir -p "$logs"
selected="${CI_PYTHONS:-${SUPPORTED[0]} ${SUPPORTED[-1]}}"
[ "$selected" = all ] && selected="${SUPPORTED[*]}"
[ "$selected" = none ] && selected=""

# python3.X on PATH if it runs (a pyenv shim for an unselected version does not), else the
# newest pyenv build of 3.X.
find_python() {
    local version="$1" candidate
    if candidate="$(command -v "python$version")" && "$candidate" -c '' 2>/dev/null; then
        echo "$candidate"
        return 0
    fi
    candidate="$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/python"$version" \
        2>/dev/null | sort -V | tail -n 1)"
    [ -n "$candidate" ] && "$candidate" -c '' 2>/dev/null && echo "$candidate"
}

status=0
for version in $selected; do
    if [[ " $* " == *" $version "* ]] || ! mkdir "$logs/$version.claimed" 2>/dev/null; then
        continue
    fi
    if [[ " ${SUPPORTED[*]} " != *" $version "* ]]; then
        echo "Python $version: not a supported version (${SUPPORTED[*]})"
        status=1
        continue
    fi
    if ! python="$(find_python "$version")"; then
        echo "Python $version: SKIPPED, not installed on this machine"
        continue
    fi
    start=$SECONDS
    # PIP_COMPILE=false: no bytecode at install time (pip's --no-compile), a third less
    # CPU; the modules the tests import are compiled when imported.
    # The default Python runs every test as the README says; these check that the code runs
    # on another version, so they leave out what does not depend on it: the tests marked
    # slow (million-node chains), those that drive Graphviz's dot and Chromium (programs,
    # not Python), and most of the property search (HYPOTHESIS_PROFILE=versions, a sixth
    # of the examples). About 60 s of CPU less each.
    if PIP_COMPILE=false HYPOTHESIS_PROFILE=versions \
        PYTEST_ADDOPTS='-m "not slow and not needs_chromium and not needs_dot"' \
        "$python" .ci/readme_commands.py --select pytest >"$logs/$version.log" 2>&1; then
        result="ok"
    else
        result="FAILED (log: $logs/$version.log)"
        status=1
    fi
    summary="$(grep -E '^=* ?[0-9]+ (passed|failed)' "$logs/$version.log" | tail -n 1 | tr -d '=' | xargs)"
    echo "Python $version ($python): $result in $((SECONDS - start)) s; ${summary:-no pytest summary}"
done
for version in "${SUPPORTED[@]}"; do
    if [[ " $selected $* " != *" $version "* ]] && mkdir "$logs/$version.claimed" 2>/dev/null; then
        echo "Python $version: not selected (CI_PYTHONS=all includes it)"
    fi
done
exit "$status"
