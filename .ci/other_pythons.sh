#!/usr/bin/env bash
# The README's test command on every supported Python found on this machine, one after the
# other, each in a new virtual environment and clean copy of the checkout
# (.ci/readme_commands.py --select pytest). An interpreter that is not installed is
# skipped with a notice; one that is installed and fails makes this script fail.
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
for version in "${SUPPORTED[@]}"; do
    if [[ " $* " == *" $version "* ]] || ! mkdir "$logs/$version.claimed" 2>/dev/null; then
        continue
    fi
    if ! python="$(find_python "$version")"; then
        echo "Python $version: SKIPPED, not installed on this machine"
        continue
    fi
    start=$SECONDS
    # PIP_COMPILE=false: no bytecode at install time (pip's --no-compile), a third less
    # CPU; the modules the tests import are compiled when imported.
    if PIP_COMPILE=false "$python" .ci/readme_commands.py --select pytest \
        >"$logs/$version.log" 2>&1; then
        result="ok"
    else
        result="FAILED (log: $logs/$version.log)"
        status=1
    fi
    summary="$(grep -E '^=* ?[0-9]+ (passed|failed)|^[0-9]+ (passed|failed)' "$logs/$version.log" | tail -n 1 | tr -d '=' | xargs)"
    echo "Python $version ($python): $result in $((SECONDS - start)) s; ${summary:-no pytest summary}"
done
exit "$status"
