#!/usr/bin/env bash
# The Android build outside Gradle: what bindings/kotlin/build.gradle.kts does, step by step.
#
#   scripts/build-android.sh [--release]
#
# 1. `cargo check --target aarch64-linux-android -p ringfence-ffi` (needs no NDK). Installs the
#    rustup target when it can; says clearly when it cannot and goes on.
# 2. With an Android NDK (ANDROID_NDK_HOME, ANDROID_NDK_ROOT, or the newest $ANDROID_HOME/ndk/*)
#    and cargo-ndk (installed from crates.io when an NDK is there): builds libringfence.so for
#    arm64-v8a, armeabi-v7a, x86_64 and x86 into build/android/jniLibs/<abi>/, linked with 16 KB
#    page alignment (-z max-page-size=16384), and checks that alignment with readelf; prints the
#    stripped size of the arm64-v8a library. Without an NDK: prints what it would run and goes on.
# 3. Generates the Android copy of the Kotlin bindings (android = true, from
#    bindings/kotlin/uniffi-android.toml) into build/android/generated/kotlin: from the arm64-v8a
#    library when step 2 built it, else from the host library (the UniFFI metadata is the same).
#
# Exits non-zero only when a step that could run failed (a missing NDK, or a Rust target that
# cannot be installed for the type check, is not a failure). The caller's CARGO_TARGET_DIR is used (default /var/cache/ringfence/target).
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

profile=debug; flags=()
if [[ "${1:-}" == --release ]]; then profile=release; flags=(--release); fi
out="$REPO_ROOT/build/android"
abis=(arm64-v8a armeabi-v7a x86_64 x86)
declare -A triple=([arm64-v8a]=aarch64-linux-android [armeabi-v7a]=armv7-linux-androideabi
                   [x86_64]=x86_64-linux-android [x86]=i686-linux-android)
page_flags="-C link-arg=-Wl,-z,max-page-size=16384"
# rustflags_var TRIPLE: cargo's per-target RUSTFLAGS variable (host build scripts stay untouched).
rustflags_var() { local t=${1^^}; echo "CARGO_TARGET_${t//-/_}_RUSTFLAGS"; }

section "cargo check --target aarch64-linux-android -p ringfence-ffi"
if rust_target aarch64-linux-android; then
  cargo check --target aarch64-linux-android -p ringfence-ffi "${flags[@]}"
  echo "ringfence-ffi type-checks for aarch64-linux-android"
else
  echo "NOTE: no Rust target aarch64-linux-android here (above): the Android type check was SKIPPED."
fi

section "native libraries (cargo-ndk)"
ndk="${ANDROID_NDK_HOME:-${ANDROID_NDK_ROOT:-}}"
if [[ -z "$ndk" ]]; then
  for sdk in "${ANDROID_HOME:-}" "${ANDROID_SDK_ROOT:-}"; do
    [[ -n "$sdk" && -d "$sdk/ndk" ]] && ndk="$(ls -d "$sdk"/ndk/*/ 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$ndk" ]] && break
  done
fi
ndk_cmd=(cargo ndk --platform 29 -o "$out/jniLibs")
for abi in "${abis[@]}"; do ndk_cmd+=(-t "$abi"); done
ndk_cmd+=(build -p ringfence-ffi --lib "${flags[@]}")
built_lib=""
if [[ -z "$ndk" || ! -d "$ndk" ]]; then
  echo "NOTE: no Android NDK here (set ANDROID_NDK_HOME): the .so files were NOT built."
  echo "      With an NDK it would run:"
  for abi in "${abis[@]}"; do echo "        $(rustflags_var "${triple[$abi]}")='$page_flags'"; done
  echo "        ${ndk_cmd[*]}"
  echo "      giving build/android/jniLibs/{arm64-v8a,armeabi-v7a,x86_64,x86}/libringfence.so"
  echo "      and print the stripped size of the arm64-v8a library (the host's: scripts/size.sh)"
else
  export ANDROID_NDK_HOME="$ndk"
  echo "NDK: $ndk"
  for abi in "${abis[@]}"; do
    rust_target "${triple[$abi]}" || { echo "error: Rust target ${triple[$abi]} missing" >&2; exit 1; }
    export "$(rustflags_var "${triple[$abi]}")=$page_flags"
  done
  if ! cargo ndk --version >/dev/null 2>&1; then
    echo "installing cargo-ndk"
    cargo install --locked cargo-ndk --version '^4'
  fi
  rm -rf "$out/jniLibs"
  "${ndk_cmd[@]}"
  readelf=$(command -v readelf || ls "$ndk"/toolchains/llvm/prebuilt/*/bin/llvm-readelf 2>/dev/null | head -n 1 || true)
  for abi in arm64-v8a x86_64; do  # 16 KB pages matter on 64-bit devices
    so="$out/jniLibs/$abi/libringfence.so"
    [[ -f "$so" ]] || { echo "error: $so was not built" >&2; exit 1; }
    if [[ -n "$readelf" ]]; then
      for align in $("$readelf" -lW "$so" | awk '$1 == "LOAD" { print $NF }'); do
        (( align >= 16384 )) || { echo "error: $abi has a LOAD segment aligned to $align, not 16 KB" >&2; exit 1; }
      done
      echo "$abi: every LOAD segment is 16 KB aligned"
    fi
  done
  built_lib="$out/jniLibs/arm64-v8a/libringfence.so"
  # The size apps ship (goal and what makes it up: scripts/size.sh, docs/size.md).
  strip_tool=$(ls "$ndk"/toolchains/llvm/prebuilt/*/bin/llvm-strip 2>/dev/null | head -n 1 || true)
  if [[ -n "$strip_tool" ]]; then
    "$strip_tool" --strip-unneeded -o "$out/libringfence-arm64-v8a.stripped.so" "$built_lib"
    echo "arm64-v8a: $(wc -c <"$out/libringfence-arm64-v8a.stripped.so" | tr -d ' ') bytes stripped ($profile build; goal for release: 2097152)"
  fi
fi

section "Kotlin bindings for Android (android = true)"
lib="$built_lib"
if [[ -z "$lib" ]]; then
  lib="$STAGE_DIR/lib/$HOST_LIB"
  [[ -f "$lib" ]] || bash "$REPO_ROOT/scripts/build-bindings.sh"
  echo "from the host library $lib (no Android build here)"
fi
gen="$out/generated/kotlin"
rm -rf "$gen"
bindgen "$lib" kotlin "$gen" --config "$REPO_ROOT/bindings/kotlin/uniffi-android.toml"
grep -q '^import android.os.Build' "$gen/dev/ringfence/ringfence.kt" ||
  { echo "error: the generated bindings are not the android = true flavour" >&2; exit 1; }
echo "bindings: $gen/dev/ringfence/ringfence.kt"
