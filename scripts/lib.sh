# The one library every script in scripts/ sources first: shared settings, and each step that
# several scripts take (bindgen, the host library's name, Rust targets, the staged library,
# Maven) written once.
#
#   source "$(dirname "$0")/lib.sh"
#
# Settings: REPO_ROOT; RINGFENCE_CACHE (/var/cache/ringfence, or build/cache when that is not
# writable); CARGO_TARGET_DIR (exported; default $RINGFENCE_CACHE/target); STAGE_DIR (where the
# host library and generated bindings are staged for the Kotlin/Swift tests; RINGFENCE_STAGE_DIR);
# LOG_DIR (full logs of quieted tools, build/logs); HOST_LIB (libringfence.so, or .dylib on macOS).
# Caches are reused when present but never required.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RINGFENCE_CACHE="${RINGFENCE_CACHE:-/var/cache/ringfence}"
if ! mkdir -p "$RINGFENCE_CACHE" 2>/dev/null || [[ ! -w "$RINGFENCE_CACHE" ]]; then
  RINGFENCE_CACHE="$REPO_ROOT/build/cache"
  mkdir -p "$RINGFENCE_CACHE"
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$RINGFENCE_CACHE/target}"
STAGE_DIR="${RINGFENCE_STAGE_DIR:-$REPO_ROOT/build/host}"
LOG_DIR="$REPO_ROOT/build/logs"
case "$(uname)" in Darwin) HOST_LIB=libringfence.dylib ;; *) HOST_LIB=libringfence.so ;; esac
# The generated Kotlin bindings the JVM tests compile (scripts/build-bindings.sh writes them).
KOTLIN_BINDINGS="$REPO_ROOT/bindings/kotlin/src/main/kotlin/generated/dev/ringfence/ringfence.kt"

section() { printf '\n==== %s ====\n' "$*"; }

# need CMD DEBIAN_PACKAGE: installs the package with apt-get when CMD is missing (as root).
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $2 for $1"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "error: $1 not found (install $2)" >&2; return 1; }
}

# host_lib PROFILE: the path of the host library cargo builds (debug or release).
host_lib() { echo "$CARGO_TARGET_DIR/$1/$HOST_LIB"; }

# bindgen LIB LANGUAGE OUT_DIR [ARGS...]: generates LANGUAGE (kotlin, swift) bindings from the
# unstripped library LIB with the workspace's pinned uniffi-bindgen (library mode reads its
# UNIFFI_META_* symbols), unformatted. Run from the FFI crate so that library mode finds
# bindings/ffi/uniffi.toml through cargo metadata. ARGS go to `uniffi-bindgen generate`.
bindgen() {
  local lib=$1 language=$2 out=$3
  shift 3
  if [[ -z "${_RINGFENCE_BINDGEN_BUILT:-}" ]]; then
    cargo build -p uniffi-bindgen
    _RINGFENCE_BINDGEN_BUILT=1
  fi
  mkdir -p "$out"
  (cd "$REPO_ROOT/bindings/ffi" &&
    "$CARGO_TARGET_DIR/debug/uniffi-bindgen" generate "$lib" --language "$language" --out-dir "$out" --no-format "$@")
}

# rust_target TRIPLE: succeeds when the standard library for TRIPLE is installed, installing it
# with rustup when it is not. When it cannot (no rustup, offline), says why on stderr and
# returns 1: the caller decides whether that skips a step or fails the script.
rust_target() {
  [[ -d "$(rustc --print sysroot)/lib/rustlib/$1/lib" ]] && return 0
  if ! command -v rustup >/dev/null 2>&1; then
    echo "no rustup: cannot install the Rust target $1 (install rustup, or that target's standard library)" >&2
    return 1
  fi
  echo "installing rustup target $1"
  local log
  if ! log="$(rustup target add "$1" 2>&1)"; then
    printf '%s\n' "$log" >&2
    echo "'rustup target add $1' failed (offline?)" >&2
    return 1
  fi
}

# FAULT_MARKER: a string only the test-only `fault-injection` feature compiles into the library
# (core/src/fault.rs's reserved trigger). assert_release_lib LIB fails when LIB contains it.
FAULT_MARKER="ringfence:inject-panic"
assert_release_lib() {
  [[ -f "$1" ]] || { echo "error: no library at $1" >&2; return 1; }
  if grep -q -a -F "$FAULT_MARKER" "$1"; then
    echo "error: $1 contains the test-only fault-injection code ('$FAULT_MARKER'); never ship it" >&2
    return 1
  fi
  echo "release check: $(basename "$1") has no fault-injection code"
}

# place_swift_bindings GEN_DIR: the generated Swift and headers (two UniFFI components, one Swift
# module: ringfence, the FFI crate, and ringfence_core, core's enums and records) where SwiftPM
# expects them in bindings/swift (git-ignored).
place_swift_bindings() {
  local name swift="$REPO_ROOT/bindings/swift"
  mkdir -p "$swift/Sources/Ringfence"
  for name in Ringfence RingfenceCore; do
    cp "$1/$name.swift" "$swift/Sources/Ringfence/$name.swift"
    cp "$1/${name}FFI.h" "$swift/Sources/RingfenceFFI/${name}FFI.h"
  done
}

# require_host_lib DIR: fails with a clear message unless DIR holds the host library.
require_host_lib() {
  [[ -f "$1/$HOST_LIB" ]] || { echo "error: no $HOST_LIB in $1; run scripts/build-bindings.sh" >&2; return 1; }
}

# staged_bindings: the host library and the generated Kotlin bindings in $STAGE_DIR, built by
# scripts/build-bindings.sh unless RINGFENCE_SKIP_BUILD=1 (a caller that built them already,
# such as test-all.sh); fails with a clear message when they are missing.
staged_bindings() {
  if [[ "${RINGFENCE_SKIP_BUILD:-0}" != 1 ]]; then
    section "build library and bindings"
    bash "$REPO_ROOT/scripts/build-bindings.sh"
  fi
  require_host_lib "$STAGE_DIR/lib"
  [[ -f "$KOTLIN_BINDINGS" ]] ||
    { echo "error: generated Kotlin bindings missing ($KOTLIN_BINDINGS); run scripts/build-bindings.sh" >&2; return 1; }
}

# maven NAME ARGS...: `mvn -B -ntp ARGS` (batch mode, no transfer progress, no colours) with its
# full output in $LOG_DIR/maven-NAME.log; shown are only Surefire's "Tests run:" lines, [ERROR]
# lines (failed tests with their messages, compile errors) and the BUILD result. The exit status
# is mvn's.
maven() {
  local log="$LOG_DIR/maven-$1.log"
  shift
  need java openjdk-17-jdk-headless
  need mvn maven
  mkdir -p "$LOG_DIR"
  echo "mvn $* (full log: ${log#"$REPO_ROOT"/})"
  mvn -B -ntp -Dstyle.color=never "$@" 2>&1 | tee "$log" | awk '/Tests run:|\[ERROR\]|BUILD (SUCCESS|FAILURE)/ { print; fflush() }'
}

# cli_bin: the path of the workspace's `ringfence` binary: $RINGFENCE_CLI when set (a binary the
# caller built, e.g. test-all.sh's test build), else built here with `cargo build -p ringfence-cli`.
cli_bin() {
  if [[ -n "${RINGFENCE_CLI:-}" ]]; then
    [[ -x "$RINGFENCE_CLI" ]] || { echo "error: RINGFENCE_CLI=$RINGFENCE_CLI is not an executable" >&2; return 1; }
    echo "$RINGFENCE_CLI"
    return
  fi
  cargo build -q -p ringfence-cli >&2
  echo "$CARGO_TARGET_DIR/debug/ringfence"
}
