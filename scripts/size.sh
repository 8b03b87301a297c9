#!/usr/bin/env bash
# The size of the mobile library: builds the release cdylib for the host (x86_64 stands in for
# arm64 here; scripts/build-android.sh prints the arm64 size wherever an NDK is present), strips
# a copy and prints one JSON line, also written to build/bench/size.json:
#
#   {"stripped_bytes":…,"goal_bytes":2097152,"ratio":…}     (ratio = stripped / goal; ≤ 1 meets it)
#
# What makes up the library and what each cut cost: docs/size.md.
#
#   scripts/size.sh [--no-build]     (--no-build: measure the release library already built)
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
goal_bytes=2097152 # 2 MiB (issue 13)

[[ "${1:-}" == --no-build ]] || cargo build --release -p ringfence-ffi >&2
lib="$(host_lib release)"
[[ -f "$lib" ]] || { echo "error: no release library at $lib (run without --no-build)" >&2; exit 1; }
stripped="$(mktemp)"
trap 'rm -f "$stripped"' EXIT
# GNU strip (Linux); Apple's strip has no --strip-unneeded: -x keeps the exported symbols.
strip --strip-unneeded -o "$stripped" "$lib" 2>/dev/null || { cp "$lib" "$stripped" && strip -x "$stripped"; }
bytes=$(wc -c <"$stripped" | tr -d ' ')
mkdir -p build/bench
awk -v b="$bytes" -v g="$goal_bytes" \
  'BEGIN { printf "{\"stripped_bytes\":%d,\"goal_bytes\":%d,\"ratio\":%.3f}\n", b, g, b / g }' |
  tee build/bench/size.json
