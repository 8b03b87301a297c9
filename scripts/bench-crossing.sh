#!/usr/bin/env bash
# Times what screen() and screenBatch cost on top of a bare String→Record call (normalizeNumber),
# from Kotlin on the JVM (JNA) and from Swift, against a release build of the library, and prints
# one JSON line per harness (CROSSING_JSON {...}; also in build/bench/crossing-*.json). The
# harnesses are the CrossingBenchmarkTest (Kotlin) and CrossingBenchmark (Swift) tests (the normal
# test runs do a smoke run of each). Uses the generated bindings (scripts/build-bindings.sh).
#
#   scripts/bench-crossing.sh [--kotlin-only|--swift-only]
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
RINGFENCE_SKIP_BUILD="${RINGFENCE_SKIP_BUILD:-0}" staged_bindings
section "release library"
cargo build --release -p ringfence-ffi
lib_dir="$REPO_ROOT/build/bench/lib"
mkdir -p "$lib_dir"
cp "$(host_lib release)" "$lib_dir/"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "${1:-}" != --swift-only ]]; then
  section "kotlin (JVM + JNA)"
  (cd bindings/kotlin && maven kotlin-bench test -Dtest=CrossingBenchmarkTest -Dringfence.bench=full \
    -Dringfence.lib.dir="$lib_dir" -Dsurefire.failIfNoSpecifiedTests=false)
  grep -h '^CROSSING_JSON' "$LOG_DIR/maven-kotlin-bench.log" | sed 's/^CROSSING_JSON //' | tee build/bench/crossing-kotlin.json
fi
if [[ "${1:-}" != --kotlin-only ]]; then
  section "swift (release build)"
  RINGFENCE_BENCH=full RINGFENCE_SWIFT_TEST_ARGS="-c release -Xswiftc -enable-testing --filter CrossingBenchmark" \
    bash scripts/test-swift.sh "$lib_dir" | tee "$LOG_DIR/swift-bench.log" | grep -E 'Executed|error' || true
  grep -h 'CROSSING_JSON' "$LOG_DIR/swift-bench.log" | sed 's/^.*CROSSING_JSON //' | tee build/bench/crossing-swift.json
fi
