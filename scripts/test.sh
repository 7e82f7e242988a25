#!/usr/bin/env bash
# Install what the tests need into .venv and run the whole suite (SQLite and PostgreSQL).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh tests/services -x`.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

# The PostgreSQL tests use WORKSTATION_TEST_PG when set (as .ci/run does); otherwise the
# suite starts a throwaway server itself from Debian's postgresql package.
if [ -z "${WORKSTATION_TEST_PG:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
        echo "PostgreSQL server binaries are missing: install Debian's 'postgresql' package" >&2
        exit 1
    fi
fi

export QT_QPA_PLATFORM=offscreen
# Two workers: the machine this runs on has two cores.
exec .venv/bin/python -m pytest -n 2 "$@"
