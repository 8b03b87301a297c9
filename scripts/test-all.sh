#!/usr/bin/env bash
# Runs every test suite: Rust (fmt, clippy, unit/integration/vector tests), the demo, the feed
# aggregation on DataFusion = Spark (scripts/test-spark.sh), the
# libphonenumber oracle, the fuzz corpus replay, then the Kotlin (JVM + JNA), Android-layer and
# Swift (XCTest) binding tests against the freshly built library, and the release package
# (scripts/package.sh) with a newcomer's Maven project and SwiftPM package on it. Installs what it needs; reuses
# caches in /var/cache/ringfence. Each artefact is built once: the CLI the Rust tests built serves
# the demo, the oracle and the test databases; the host library and bindings are built once for
# the Kotlin, Android and Swift suites. Each suite ends with its summary line; Maven's full logs
# are in build/logs/. Exit status 0 only when every suite passed.
#
#   scripts/test-all.sh
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
start=$SECONDS
failed=()
timings=()
step() { # step NAME CMD... : run a suite, remember failures and its time, keep going
  local name=$1 t0=$SECONDS result=ok
  shift
  section "$name"
  "$@" || result=FAILED
  echo "[$name] $result ($((SECONDS - t0)) s)"
  timings+=("$(printf '%6d s  %-6s  %s' $((SECONDS - t0)) "$result" "$name")")
  [[ $result == ok ]] || failed+=("$name")
}

# cargo test --workspace, then one line with the totals of every test binary.
rust_tests() {
  local log="$LOG_DIR/cargo-test.log" rc=0
  mkdir -p "$LOG_DIR"
  cargo test --workspace 2>&1 | tee "$log" || rc=$?
  awk '/^test result:/ { p += $4; f += $6; i += $8; n++ }
       END { printf "rust tests: %d passed, %d failed, %d ignored (%d test binaries)\n", p, f, i, n }' "$log"
  return $rc
}

# nginx serves published lookup buckets to the CLI, Kotlin and Swift lookup tests
# (scripts/nginx-serve.sh; installed when missing).
step "nginx for the lookup tests" need nginx nginx
step "rust format" cargo fmt --all -- --check
step "rust clippy" cargo clippy --workspace --all-targets -- -D warnings
step "rust tests" rust_tests
# The `ringfence` binary the Rust tests just built and exercised (cli/tests) is the one the demo,
# the oracle and build-test-databases.sh run; without a passing test build they build it themselves.
[[ " ${failed[*]} " == *" rust tests "* ]] || export RINGFENCE_CLI="$CARGO_TARGET_DIR/debug/ringfence"
demo() { "$(cli_bin)" demo; }
oracle() { bash tests/oracle/run.sh "$(cli_bin)"; }
step "demo" demo
# Smoke runs of the benchmarks (tiny inputs; their figures are not checked, only that they run and
# that their own consistency checks pass). The Kotlin and Swift crossing harnesses run inside
# their suites. Full runs: README "Performance".
bench_smoke() {
  local cli
  cli="$(cli_bin)"
  "$cli" bench build --rows 2000 --json && "$cli" bench first-call --shapes 1 --json &&
    "$cli" bench lookup --numbers 5000 --json &&
    cargo test -q -p ringfence-core --bench regex # 200 regex rules, one pass (full: docs/controls.md)
}
step "benchmark smoke runs" bench_smoke
lookup_bench_smoke() { "$(cli_bin)" bench lookup-publish --numbers 20000 --bits 6; }
step "lookup publish bench (smoke)" lookup_bench_smoke
feed_bench_smoke() { "$(cli_bin)" bench aggregate --reports 20000 && "$(cli_bin)" bench feed-delta --reports 20000; }
step "feed aggregate and delta benches (smoke)" feed_bench_smoke
# DataFusion = Spark on 1,000,000 generated reports (PySpark in local mode from PyPI, Java 17).
step "spark parity (DataFusion = Spark)" bash scripts/test-spark.sh
step "libphonenumber oracle" oracle
step "fuzz corpus replay" bash scripts/fuzz.sh replay
step "build bindings" bash scripts/build-bindings.sh
export RINGFENCE_SKIP_BUILD=1 # the suites below use the library and bindings built just above
step "kotlin (JVM + JNA)" bash scripts/test-kotlin.sh
step "android sample (android-all)" bash scripts/test-android.sh
step "iOS device check (aarch64-apple-ios)" bash scripts/build-ios.sh --check
step "swift (XCTest)" bash scripts/test-swift.sh "$STAGE_DIR/lib"
# The release command (release library, checked for test features) and a newcomer's Maven
# project and SwiftPM package on its output.
step "package + newcomer projects" bash scripts/test-package.sh

section "summary ($((SECONDS - start)) s)"
printf '%s\n' "${timings[@]}"
if ((${#failed[@]})); then
  printf 'failed: %s\n' "${failed[@]}"
  exit 1
fi
echo "all suites passed"
