#!/usr/bin/env bash
# The release command: release library and CLI (never with the test-only fault-injection
# feature), bindings generated once from the unstripped library, and everything a developer
# adds to a project, under build/dist/.
#
#   scripts/package.sh [--project-url URL] [--native JNA_PREFIX=PATH]...
#     --project-url  where the project is published (POM url, scm, developers; Maven Central needs
#                    it); default: the git remote "origin", else the local checkout (local use only)
#     --native       another platform's library for the jar, e.g. darwin-aarch64=libringfence.dylib
#
# Outputs (VERSION = the Cargo workspace version):
#   build/dist/maven/ringfence-VERSION.jar          dev.ringfence:ringfence: generated Kotlin (dev.ringfence,
#                                                   dev.ringfence.core), the src/common aliases, and the
#                                                   stripped host library under JNA's resource layout
#                                                   (linux-x86-64/libringfence.so, plus each --native)
#   build/dist/maven/ringfence-VERSION-sources.jar
#   build/dist/maven/ringfence-VERSION.pom          flattened: name, description, url, licenses, developers, scm
#   ~/.m2/repository/dev/ringfence/ringfence/VERSION/   the same, installed (mvn install): any Maven or
#                                                   Gradle project (mavenLocal()) can depend on it
#   build/dist/lib/libringfence.so + lib/pkgconfig/ringfence.pc   for the Swift package on Linux
#   bindings/swift/Sources/...                      the generated Swift and headers, where SwiftPM expects them
#   build/dist/bin/ringfence                        the CLI
# Android (AAR inputs) and the iOS XCFramework: built by scripts/build-android.sh --release and
# scripts/build-ios.sh where an NDK / Xcode is present; otherwise this prints what would run.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"  # a one-off release build: no incremental cache

natives=()
project_url="$(git -C "$REPO_ROOT" remote get-url origin 2>/dev/null || true)"
while (($#)); do
  case "$1" in
    --native) natives+=("${2:?--native needs JNA_PREFIX=PATH}"); shift 2 ;;
    --project-url) project_url="${2:?--project-url needs a URL}"; shift 2 ;;
    *) echo "usage: scripts/package.sh [--project-url URL] [--native JNA_PREFIX=PATH]..." >&2; exit 2 ;;
  esac
done
url_args=()
if [[ -n "$project_url" ]]; then
  url_args=(-Dringfence.project.url="$project_url")
else
  echo "note: no --project-url and no git remote: the POM points at this checkout (fine for mvn install, not for Maven Central)"
fi

dist="$REPO_ROOT/build/dist"
gen="$REPO_ROOT/build/package/generated"
version="$(cargo metadata --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "ringfence-ffi"))')"
rm -rf "$dist" "$gen"
mkdir -p "$dist"/{maven,lib/pkgconfig,bin,natives}

section "release library and CLI (cargo build --release)"
cargo build --release -p ringfence-ffi -p ringfence-cli
lib="$(host_lib release)"
assert_release_lib "$lib"

section "bindings (from the unstripped release library)"
bindgen "$lib" kotlin "$gen/kotlin"
bindgen "$lib" swift "$gen/swift"
place_swift_bindings "$gen/swift"

section "native libraries (stripped copies)"
# JNA's resource prefix of this host (com.sun.jna.Platform.RESOURCE_PREFIX).
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) host_prefix=linux-x86-64 ;;
  Linux-aarch64) host_prefix=linux-aarch64 ;;
  Darwin-arm64) host_prefix=darwin-aarch64 ;;
  Darwin-x86_64) host_prefix=darwin-x86-64 ;;
  *) echo "error: no JNA resource prefix known for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
strip_copy() { # strip_copy SRC DEST: a stripped copy (symbols are only needed by bindgen)
  mkdir -p "$(dirname "$2")"
  if [[ "$(uname)" == Darwin ]]; then cp "$1" "$2" && strip -x "$2"; else strip --strip-unneeded -o "$2" "$1"; fi
}
strip_copy "$lib" "$dist/natives/$host_prefix/$HOST_LIB"
for spec in "${natives[@]}"; do
  prefix="${spec%%=*}" path="${spec#*=}"
  assert_release_lib "$path"
  mkdir -p "$dist/natives/$prefix" && cp "$path" "$dist/natives/$prefix/"
done
cp "$dist/natives/$host_prefix/$HOST_LIB" "$dist/lib/"
# Relocatable (pcfiledir): the directory can be copied or installed anywhere.
cat >"$dist/lib/pkgconfig/ringfence.pc" <<EOF
libdir=\${pcfiledir}/..

Name: ringfence
Description: Ringfence call screening (UniFFI C ABI; headers in bindings/swift/Sources/RingfenceFFI)
Version: $version
Libs: -L\${libdir} -lringfence
EOF
strip_copy "$(dirname "$lib")/ringfence" "$dist/bin/ringfence"
ls -l "$dist/natives"/*/* "$dist/bin/ringfence"

section "JVM jar, sources jar and POM (mvn -P dist install)"
(cd bindings/kotlin && maven dist -P dist clean install -Dmaven.test.skip=true -Drevision="$version" "${url_args[@]}" \
  -Dringfence.generated.dir="$gen/kotlin" -Dringfence.natives.dir="$dist/natives")
for f in "ringfence-$version.jar" "ringfence-$version-sources.jar"; do cp "bindings/kotlin/target/$f" "$dist/maven/"; done
cp bindings/kotlin/target/.flattened-pom.xml "$dist/maven/ringfence-$version.pom"
rm -rf bindings/kotlin/target  # the test build (scripts/test-kotlin.sh) compiles its own
echo "installed dev.ringfence:ringfence:$version into the local Maven repository (~/.m2)"

section "Android and iOS"
if [[ -n "${ANDROID_NDK_HOME:-${ANDROID_NDK_ROOT:-}}" ]]; then
  bash scripts/build-android.sh --release
else
  echo "no Android NDK (ANDROID_NDK_HOME): would run scripts/build-android.sh --release" \
    "(cargo-ndk libraries for four ABIs + the android = true bindings; Gradle: ./gradlew :ringfence:assembleRelease)"
fi
if [[ "$(uname)" == Darwin ]] && command -v xcodebuild >/dev/null 2>&1; then
  bash scripts/build-ios.sh
else
  echo "no Xcode: would run scripts/build-ios.sh (bindings/swift/RingfenceFFI.xcframework)"
fi

section "done: dev.ringfence:ringfence:$version"
find "$dist" -type f | sed "s|^$REPO_ROOT/||" | sort
