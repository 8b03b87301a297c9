#!/usr/bin/env bash
# Builds the host library (libringfence.so/.dylib) and generates the Kotlin and Swift bindings
# from it with the workspace's pinned uniffi-bindgen (library mode reads the metadata symbols
# of the unstripped library). Nothing generated is committed.
#
#   scripts/build-bindings.sh [--release]
#
# This is the TEST build (fault-injection on). Release artefacts come from scripts/package.sh.
#
# Outputs: $STAGE_DIR/lib/libringfence.*   (unstripped, for tests)
#          bindings/kotlin/src/main/kotlin/generated/dev/ringfence/{ringfence.kt,core/ringfence_core.kt}
#          bindings/swift/Sources/Ringfence/{Ringfence,RingfenceCore}.swift,
#          Sources/RingfenceFFI/{RingfenceFFI,RingfenceCoreFFI}.h
#          tests/vectors/databases/build/*.rfdb (signed test databases, scripts/build-test-databases.sh)
source "$(dirname "$0")/lib.sh"
profile=debug; flags=()
if [[ "${1:-}" == --release ]]; then profile=release; flags=(--release); fi

# The test library is built with fault injection (a reserved input panics inside Rust) so the
# Kotlin/Swift suites can show panics never cross the FFI; device builds never enable it.
cargo build "${flags[@]}" -p ringfence-ffi --features fault-injection
lib="$(host_lib "$profile")"

mkdir -p "$STAGE_DIR/lib"
cp "$lib" "$STAGE_DIR/lib/"

gen="$STAGE_DIR/generated"
rm -rf "$gen"
bindgen "$lib" kotlin "$gen/kotlin"
bindgen "$lib" swift "$gen/swift"

kt_out="$REPO_ROOT/bindings/kotlin/src/main/kotlin/generated"
rm -rf "$kt_out" && mkdir -p "$kt_out"
cp -r "$gen/kotlin/." "$kt_out/"
place_swift_bindings "$gen/swift"
echo "bindings generated from $lib"
bash "$REPO_ROOT/scripts/build-test-databases.sh"
