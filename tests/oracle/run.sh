#!/usr/bin/env bash
# Oracle test: `ringfence normalize` against the PyPI `phonenumbers` package (the Python
# port of Google's libphonenumber).
#
#   tests/oracle/run.sh [BIN] [extra normalize_oracle.py options...]
#
# BIN defaults to ${CARGO_TARGET_DIR:-/var/cache/ringfence/target}/debug/ringfence (build it
# with `cargo build -p ringfence-cli`). The venv lives at
# ${RINGFENCE_PY_VENV:-/var/cache/ringfence/oracle-venv} and is reused when it already has
# the pinned phonenumbers. When the venv or the install cannot be made (no network), the
# test is skipped with exit status 0.
set -euo pipefail

PHONENUMBERS_VERSION=9.0.43   # newest on PyPI when pinned; bump deliberately

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${1:-${CARGO_TARGET_DIR:-/var/cache/ringfence/target}/debug/ringfence}"
[ $# -gt 0 ] && shift
venv="${RINGFENCE_PY_VENV:-/var/cache/ringfence/oracle-venv}"

skip() {
    echo "SKIP: libphonenumber oracle (phonenumbers could not be installed): $*"
    exit 0
}

if [ ! -x "$bin" ]; then
    echo "FAIL: ringfence binary not found or not executable: $bin" >&2
    echo "oracle: 0 passed, 3 failed"
    exit 1
fi

py="$venv/bin/python"
if ! "$py" -c "import phonenumbers, sys; sys.exit(phonenumbers.__version__ != '$PHONENUMBERS_VERSION')" 2>/dev/null; then
    log="$(mktemp)"
    trap 'rm -f "$log"' EXIT
    if [ ! -x "$py" ]; then
        command -v python3 >/dev/null 2>&1 || skip "python3 not found"
        mkdir -p "$(dirname "$venv")" 2>"$log" || skip "cannot create $(dirname "$venv"): $(tail -n1 "$log")"
        if ! python3 -m venv "$venv" >"$log" 2>&1; then
            rm -rf "$venv"
            skip "python3 -m venv $venv failed: $(grep -v '^\s*$' "$log" | tail -n1)"
        fi
    fi
    if ! "$py" -m pip install --disable-pip-version-check --quiet --timeout 30 --retries 2 \
            "phonenumbers==$PHONENUMBERS_VERSION" >"$log" 2>&1; then
        skip "pip install phonenumbers==$PHONENUMBERS_VERSION failed: $(grep -v '^\s*$' "$log" | tail -n1)"
    fi
    "$py" -c "import phonenumbers" >"$log" 2>&1 \
        || skip "import phonenumbers failed after install: $(tail -n1 "$log")"
fi

exec "$py" "$here/normalize_oracle.py" --bin "$bin" "$@"
