#!/usr/bin/env bash
# Runs every test suite: Rust (fmt, clippy, unit/integration/vector tests), the demo, the
# libphonenumber oracle, then the Kotlin (JVM + JNA) and Swift (XCTest) binding tests against
# the freshly built library. Installs what it needs; reuses caches in /var/cache/ringfence.
#
#   scripts/test-all.sh
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
start=$SECONDS
failed=()
step() { # step NAME CMD... : run a suite, remember failures, keep going
  local name=$1; shift
  section "$name"
  local t0=$SECONDS
  if "$@"; then echo "[$name] ok ($((SECONDS - t0)) s)"; else echo "[$name] FAILED"; failed+=("$name"); fi
}

step "rust format" cargo fmt --all -- --check
step "rust clippy" cargo clippy --workspace --all-targets -- -D warnings
step "rust tests" cargo test --workspace
step "demo" cargo run -q -p ringfence-cli -- demo
step "libphonenumber oracle" bash tests/oracle/run.sh "$CARGO_TARGET_DIR/debug/ringfence"
step "fuzz corpus replay" bash scripts/fuzz.sh replay
step "build bindings" bash scripts/build-bindings.sh
step "kotlin (JVM + JNA)" env RINGFENCE_SKIP_BUILD=1 bash scripts/test-kotlin.sh
step "android sample (android-all)" bash scripts/test-android.sh
step "iOS device check (aarch64-apple-ios)" bash scripts/build-ios.sh --check
step "swift (XCTest)" bash scripts/test-swift.sh "$STAGE_DIR/lib"

section "summary ($((SECONDS - start)) s)"
if ((${#failed[@]})); then
  printf 'failed: %s\n' "${failed[@]}"
  exit 1
fi
echo "all suites passed"
