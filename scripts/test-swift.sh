#!/usr/bin/env bash
# test-swift.sh LIB_DIR [GEN_DIR] — run `swift test` for bindings/swift against a host-built library.
#
# LIB_DIR holds libringfence.so (unstripped; .dylib on macOS). The generated bindings
# (Ringfence.swift, RingfenceFFI.h, RingfenceCore.swift, RingfenceCoreFFI.h) are taken from GEN_DIR if given, else they must already be
# in bindings/swift/Sources/. The package, tests/vectors and the library are copied into a fresh
# scratch dir (inside the Swift chroot on Linux, see swift-env.sh) and tested there with
# RINGFENCE_LIB_DIR and RINGFENCE_VECTORS_DIR set. The chroot keeps SwiftPM's build dir across
# runs. XCTest only (Swift Testing is off, so the closing lines are XCTest's "Executed N tests").
# Before the tests, the iOS sample's extension sources are compiled against the package with a
# CallKit stub (ios-sample/ci), in Swift 6 language mode (strict concurrency). swift test's output
# goes to stdout; the exit status is swift test's, or 1 when the tests pass but the sample does not
# compile. RINGFENCE_SWIFT_TEST_ARGS adds `swift test` arguments (e.g. `-c release --filter X`);
# RINGFENCE_BENCH is passed to the tests (scripts/bench-crossing.sh).
source "$(dirname "$0")/lib.sh"
source "$REPO_ROOT/scripts/swift-env.sh"
lib_dir="$(cd "${1:?usage: test-swift.sh LIB_DIR [GEN_DIR]}" && pwd)"
gen_dir="${2:-}"
require_host_lib "$lib_dir"

ensure_swift_env
if swift_is_native; then
  inside="${TMPDIR:-/tmp}/ringfence-swift"; scratch="$inside"; build_args=""
else
  inside=/tmp/ringfence-swift; scratch="$RINGFENCE_SWIFT_ROOT$inside"
  build_args="--scratch-path /var/cache/ringfence-swift-build"  # kept in the chroot across runs
fi

# One run at a time per chroot: runs share the scratch dir and SwiftPM's build dir.
if ! swift_is_native; then exec 7>"$RINGFENCE_SWIFT_ROOT.test.lock"; flock 7; fi
rm -rf "$scratch" && mkdir -p "$scratch/lib" "$scratch/vectors"
tar -C "$REPO_ROOT/bindings" --exclude=.build -cf - swift | tar -C "$scratch" -xf -
[[ ! -d "$REPO_ROOT/tests/vectors" ]] || cp -R "$REPO_ROOT/tests/vectors/." "$scratch/vectors/"
cp "$lib_dir/$HOST_LIB" "$scratch/lib/"
if [[ -n "$gen_dir" ]]; then
  mkdir -p "$scratch/swift/Sources/Ringfence"
  cp "$gen_dir/Ringfence.swift" "$gen_dir/RingfenceCore.swift" "$scratch/swift/Sources/Ringfence/"
  cp "$gen_dir/RingfenceFFI.h" "$gen_dir/RingfenceCoreFFI.h" "$scratch/swift/Sources/RingfenceFFI/"
fi
rm -f "$scratch/swift/Sources/RingfenceFFI/RingfenceFFI.modulemap"  # module.modulemap is ours
for f in Sources/Ringfence/Ringfence.swift Sources/RingfenceFFI/RingfenceFFI.h \
  Sources/Ringfence/RingfenceCore.swift Sources/RingfenceFFI/RingfenceCoreFFI.h; do
  [[ -f "$scratch/swift/$f" ]] || { echo "test-swift: generated $f missing (pass GEN_DIR)" >&2; exit 1; }
done

q() { printf %q "$1"; }
# The lookup tests fetch from nginx (scripts/nginx-serve.sh) started here on the host, serving the
# published feed copied with the vectors (the chroot has no nginx and shares the host's 127.0.0.1);
# its logs are in the scratch dir, which the tests see at $inside/nginx.
lookup_env=""
if [[ -d "$scratch/vectors/databases/build/lookup/www" ]]; then
  lookup_url="$(bash "$REPO_ROOT/scripts/nginx-serve.sh" start "$scratch/vectors/databases/build/lookup/www" "$scratch/nginx" 7>&-)"
  trap 'bash "$REPO_ROOT/scripts/nginx-serve.sh" stop "$scratch/nginx"' EXIT
  lookup_env="export RINGFENCE_LOOKUP_URL=$(q "$lookup_url") RINGFENCE_LOOKUP_LOGS=$(q "$inside/nginx");"
fi
run_tests="swift test --disable-swift-testing $build_args ${RINGFENCE_SWIFT_TEST_ARGS:-} 2>&1"
# The iOS sample's Call Directory extension sources, compiled against this package with a CallKit
# stub (ios-sample/ci), before the tests; a compile failure fails the run after the tests have run.
if [[ -d "$REPO_ROOT/ios-sample/ci" ]]; then
  mkdir -p "$scratch/sample/Extension"
  cp -R "$REPO_ROOT/ios-sample/ci/." "$scratch/sample/"
  cp "$REPO_ROOT"/ios-sample/Shared/*.swift "$REPO_ROOT"/ios-sample/CallDirectoryExtension/*.swift \
    "$REPO_ROOT/ios-sample/App/FeedUpdater.swift" "$REPO_ROOT/ios-sample/App/ExtensionReload.swift" \
    "$scratch/sample/Extension/"
  sample_args=""; swift_is_native || sample_args="--scratch-path /var/cache/ringfence-swift-sample-build"
  run_tests="sample_rc=0
    if (cd $(q "$inside/sample") && swift build $sample_args) >$(q "$inside/sample.log") 2>&1; then
      echo 'test-swift: ios-sample extension sources compile (CallKit stub, Swift 6 language mode)'
    else
      cat $(q "$inside/sample.log"); echo 'test-swift: ios-sample extension sources do NOT compile'; sample_rc=1
    fi
    $run_tests; rc=\$?; [[ \$rc -ne 0 ]] || rc=\$sample_rc; exit \$rc"
fi

# The feed-manifest tests (RingfenceCallDirectoryTests/FeedManifestTests) fetch the published feed's
# variants (tests/vectors/databases/build/published/www, copied with the vectors) from nginx
# (scripts/nginx-serve.sh) started here on the host (the chroot has none; both share 127.0.0.1).
if [[ -d "$scratch/vectors/databases/build/published/www" ]]; then
  feed_url="$(bash "$REPO_ROOT/scripts/nginx-serve.sh" start "$scratch/vectors/databases/build/published/www" \
    "$scratch/nginx-feed" 7>&-)"
  trap 'for w in "$scratch"/nginx*; do bash "$REPO_ROOT/scripts/nginx-serve.sh" stop "$w"; done' EXIT
  run_tests="export RINGFENCE_FEED_URL=$(q "$feed_url") RINGFENCE_FEED_LOGS=$(q "$inside/nginx-feed"); $run_tests"
fi

# The fault tests make the library panic on purpose hundreds of times; each panic's line (the library's
# quiet hook prints one without the message; the default hook a message and backtrace) is dropped from the output and counted in one line before XCTest's summary.
hide_injected_panics() {
  awk 'function flush() { printf "%s", held; held = "" }
       /^$/ && !skip { flush(); held = "\n"; next }
       /^thread .* panicked at .*fault\.rs/ { held = ""; skip = 1; n++; next }
       /^ringfence: internal error caught at .*fault\.rs/ { n++; next }
       skip && /^(injected fault|stack backtrace:|note: |[[:space:]]+[0-9]+: |[[:space:]]+at |$)/ { next }
       /^Test Suite .All tests. (passed|failed)/ { count() }
       { skip = 0; flush(); print; fflush() }
       END { flush(); count() }
       function count() { if (n) printf "test-swift: %d panics injected by the fault tests were caught (messages hidden)\n", n; n = 0 }'
}
swift_in_chroot "$inside/swift" \
  "export RINGFENCE_LIB_DIR=$(q "$inside/lib") RINGFENCE_VECTORS_DIR=$(q "$inside/vectors") RINGFENCE_BENCH=$(q "${RINGFENCE_BENCH:-}"); $lookup_env" \
  "$run_tests" | hide_injected_panics
