#!/usr/bin/env bash
# build-ios.sh — RingfenceFFI.xcframework and the Swift bindings, for iOS apps and their extensions.
#
#   scripts/build-ios.sh [--debug] [--check]
#
# On macOS with Xcode:
#   1. static libraries (cargo rustc --crate-type staticlib) for
#        aarch64-apple-ios                          (devices)
#        aarch64-apple-ios-sim + x86_64-apple-ios   (simulator, lipo-merged)
#        aarch64-apple-darwin + x86_64-apple-darwin (macOS, lipo-merged: host `swift test` in binary mode)
#      with IPHONEOS_DEPLOYMENT_TARGET=15.0 / MACOSX_DEPLOYMENT_TARGET=12.0 (Package.swift's platforms);
#   2. the Swift bindings, generated from the unstripped host library (uniffi-bindgen library mode reads
#      the UNIFFI_META_* symbols; the static libraries themselves are never stripped here — the app's
#      final link strips them). Two UniFFI components: Ringfence.swift + RingfenceFFI.h (the screener
#      API) and RingfenceCore.swift + RingfenceCoreFFI.h (the core's enums and records); both headers
#      belong to the one C module RingfenceFFI;
#   3. the module map, post-processed after generation (see "Why framework slices" below);
#   4. app-extension safety: the Apple targets get `-C link-arg=-Wl,-application_extension` (it marks any
#      dylib cargo links for them), and since a static library has no link step of its own, the device
#      library's FFI symbols are linked into a throwaway dylib with -Wl,-application_extension, which
#      fails on anything that is not extension-safe (the Xcode targets set APPLICATION_EXTENSION_API_ONLY);
#   5. one static RingfenceFFI.framework per slice, and bindings/swift/RingfenceFFI.xcframework from them
#      (xcodebuild -create-xcframework -framework …), and the generated Swift and headers copied into
#      bindings/swift/Sources (git-ignored).
#   Package.swift then switches to the binary target by itself (see its header).
#
# Why framework slices (the layout, reasoned):
#   - An xcframework of `-library libringfence.a -headers DIR` slices puts the module map in the slice's
#     Headers/. Recent Xcode (reported by other UniFFI projects since Xcode 15/16) no longer finds a
#     module map in a Headers/<Module>/ subfolder by default, and a module.modulemap straight in Headers/
#     collides with every other UniFFI library's module.modulemap in the same app ("redefinition of
#     module"). A framework slice has neither problem: Xcode finds
#     RingfenceFFI.framework/Modules/module.modulemap by the framework's own name, and each framework
#     has its own Modules/ folder. So each slice is a static framework: RingfenceFFI.framework with the
#     static library as its binary (named RingfenceFFI), Headers/ with both generated headers,
#     Modules/module.modulemap (`framework module RingfenceFFI`) and an Info.plist; macOS slices use the
#     versioned bundle layout (Versions/A, symlinks), iOS ones the shallow layout, as Xcode expects.
#   - UniFFI's generated module map ends with `use "Darwin"`, `use "_Builtin_stdbool"` and
#     `use "_Builtin_stdint"`. `use` only declares module dependencies for -fmodules-decluse checking
#     and is never needed to compile; the _Builtin_* modules were renamed/split in recent Xcode's clang,
#     where those lines break the build ("no such module"). The module map is therefore rewritten after
#     generation: no `use` lines at all, the core header added, `framework module`; the script fails if
#     a `use` or `link` line survives or a header is missing (checked with --check too).
#
# On Linux (no Xcode) it does what it can and says what it cannot: installs the aarch64-apple-ios rustup
# target and runs `cargo check --target aarch64-apple-ios -p ringfence-ffi` (this must pass), generates
# the bindings and the post-processed module map (both also with --check), builds the device static
# library (pure Rust needs no Apple linker), assembles its RingfenceFFI.framework slice and lists the
# library's external symbols (libSystem only, nothing from UIKit/Objective-C). It cannot: link or lipo
# the other slices, run the app-extension link check, or create the xcframework. Outputs go to build/ios/.
source "$(dirname "$0")/lib.sh"

profile=release; cargo_profile=(--release); check_only=0
for arg in "$@"; do
  case "$arg" in
    --debug) profile=debug; cargo_profile=() ;;
    --check) check_only=1 ;;
    -h|--help) sed -n '2,/^source/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-ios: unknown argument $arg" >&2; exit 2 ;;
  esac
done

export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-15.0}"
export MACOSX_DEPLOYMENT_TARGET="${MACOSX_DEPLOYMENT_TARGET:-12.0}"
DEVICE=aarch64-apple-ios
SIMULATOR=(aarch64-apple-ios-sim x86_64-apple-ios)
MACOS=(aarch64-apple-darwin x86_64-apple-darwin)
OUT="$REPO_ROOT/build/ios"
XCFRAMEWORK="$REPO_ROOT/bindings/swift/RingfenceFFI.xcframework"
SWIFT_PKG="$REPO_ROOT/bindings/swift"
on_mac=0; [[ "$(uname)" == Darwin ]] && on_mac=1
have_xcode=0; [[ $on_mac == 1 ]] && command -v xcodebuild >/dev/null 2>&1 && xcrun --sdk iphoneos --show-sdk-path >/dev/null 2>&1 && have_xcode=1

# Extension safety for anything cargo links for an Apple target (CARGO_TARGET_<TRIPLE>_RUSTFLAGS).
for t in "$DEVICE" "${SIMULATOR[@]}" "${MACOS[@]}"; do
  var="CARGO_TARGET_$(tr 'a-z-' 'A-Z_' <<<"$t")_RUSTFLAGS"
  export "$var=${!var:-} -C link-arg=-Wl,-application_extension"
done

section "cargo check --target $DEVICE -p ringfence-ffi"
rust_target "$DEVICE"
cargo check --target "$DEVICE" -p ringfence-ffi
echo "ok: ringfence-ffi type-checks for $DEVICE"

section "Swift bindings from the unstripped host library, and the framework module map"
cargo build -p ringfence-ffi
gen="$OUT/generated"
rm -rf "$gen"
bindgen "$(host_lib debug)" swift "$gen"
modulemap="$OUT/module.modulemap"
# UniFFI's map: module RingfenceFFI { header "RingfenceFFI.h" export * use "Darwin" use "_Builtin_…" }.
# Rewritten (see "Why framework slices"): a framework module, both components' headers, no `use` lines.
awk '/^[[:space:]]*use[[:space:]]/ { next }
     { sub(/^module /, "framework module "); print }
     sub(/header "RingfenceFFI.h"/, "header \"RingfenceCoreFFI.h\"") { print }' \
  "$gen/RingfenceFFI.modulemap" >"$modulemap"
grep -q '^framework module RingfenceFFI ' "$modulemap" || { echo "build-ios: not a framework module map" >&2; exit 1; }
for h in RingfenceFFI.h RingfenceCoreFFI.h; do
  grep -q "header \"$h\"" "$modulemap" || { echo "build-ios: $h missing from the module map" >&2; exit 1; }
done
if grep -Eq '^[[:space:]]*(use|link)[[:space:]]' "$modulemap"; then
  echo "build-ios: a use/link line survived in the module map" >&2; exit 1
fi
echo "ok: $gen/{Ringfence,RingfenceCore}.swift; module map (no use lines, both headers):"
sed 's/^/    /' "$modulemap"
if [[ $check_only == 1 ]]; then
  [[ $have_xcode == 1 ]] || echo "build-ios: --check given; no Xcode here anyway, so no libraries or xcframework."
  exit 0
fi

# staticlib TRIPLE: builds libringfence.a for TRIPLE; prints its path.
staticlib() {
  rust_target "$1" >&2
  cargo rustc -p ringfence-ffi --lib --crate-type staticlib --target "$1" "${cargo_profile[@]}" >&2
  echo "$CARGO_TARGET_DIR/$1/$profile/libringfence.a"
}

# framework SLICE_DIR LIB PLATFORM: RingfenceFFI.framework for one xcframework slice (PLATFORM ios or
# macos) in SLICE_DIR, with LIB (a static library) as its binary; prints the framework's path.
framework() {
  local dir="$1/RingfenceFFI.framework" lib=$2 platform=$3 contents
  rm -rf "$dir" && mkdir -p "$dir"
  if [[ $platform == macos ]]; then  # versioned bundle
    contents="$dir/Versions/A"
    mkdir -p "$contents/Resources"
    ln -s A "$dir/Versions/Current"
    for link in RingfenceFFI Headers Modules Resources; do ln -s "Versions/Current/$link" "$dir/$link"; done
  else
    contents="$dir"
  fi
  mkdir -p "$contents/Headers" "$contents/Modules"
  cp "$lib" "$contents/RingfenceFFI"
  cp "$gen/RingfenceFFI.h" "$gen/RingfenceCoreFFI.h" "$contents/Headers/"
  cp "$modulemap" "$contents/Modules/module.modulemap"
  local plist="$contents/Info.plist" min_key=MinimumOSVersion min=$IPHONEOS_DEPLOYMENT_TARGET
  [[ $platform == macos ]] && { plist="$contents/Resources/Info.plist"; min_key=LSMinimumSystemVersion; min=$MACOSX_DEPLOYMENT_TARGET; }
  local version; version="$(cargo metadata --no-deps --format-version 1 | sed -n 's/.*"name":"ringfence-ffi","version":"\([^"]*\)".*/\1/p')"
  cat >"$plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>CFBundleDevelopmentRegion</key><string>en</string>
  <key>CFBundleExecutable</key><string>RingfenceFFI</string>
  <key>CFBundleIdentifier</key><string>dev.ringfence.RingfenceFFI</string>
  <key>CFBundleInfoDictionaryVersion</key><string>6.0</string>
  <key>CFBundleName</key><string>RingfenceFFI</string>
  <key>CFBundlePackageType</key><string>FMWK</string>
  <key>CFBundleShortVersionString</key><string>${version:-0.0.0}</string>
  <key>CFBundleVersion</key><string>${version:-0.0.0}</string>
  <key>$min_key</key><string>$min</string>
</dict>
</plist>
PLIST
  echo "$dir"
}

# check_framework DIR: the files Xcode resolves the module through are where it looks.
check_framework() {
  local f
  for f in RingfenceFFI Headers/RingfenceFFI.h Headers/RingfenceCoreFFI.h Modules/module.modulemap; do
    [[ -e "$1/$f" ]] || { echo "build-ios: $1 lacks $f" >&2; exit 1; }
  done
  [[ -e "$1/Info.plist" || -e "$1/Resources/Info.plist" ]] || { echo "build-ios: $1 lacks Info.plist" >&2; exit 1; }
}

section "device static library ($DEVICE) and its framework slice"
device_lib="$(staticlib "$DEVICE")"
mkdir -p "$OUT/ios-arm64" && cp "$device_lib" "$OUT/ios-arm64/libringfence.a"
device_framework="$(framework "$OUT/frameworks/ios-arm64" "$OUT/ios-arm64/libringfence.a" ios)"
check_framework "$device_framework"
echo "ok: $device_framework (Headers/, Modules/module.modulemap, static binary, Info.plist)"
nm_tool=nm; command -v llvm-nm >/dev/null 2>&1 && nm_tool=llvm-nm
if [[ $on_mac == 1 ]]; then nm_tool="xcrun nm"; fi
# External symbols: undefined in the archive and not defined by another member.
# (An older llvm-nm cannot read members holding newer LLVM bitcode: those are skipped, hence `|| true`.)
externals="$({ $nm_tool -g "$OUT/ios-arm64/libringfence.a" 2>/dev/null || true; } | awk '
  $1 == "U" { u[$2] = 1 } NF == 3 && $2 != "U" { d[$3] = 1 }
  END { for (s in u) if (!(s in d)) print s }' | sort)"
if [[ -z "$externals" ]]; then
  echo "build-ios: could not list symbols of the device library ($nm_tool cannot read Mach-O?)" >&2
else
  echo "external symbols ($(wc -l <<<"$externals")): $(tr '\n' ' ' <<<"$externals")"
  if grep -E '^_(OBJC_|UI|NS|CF|Sec)' <<<"$externals"; then
    echo "build-ios: the library references framework or Objective-C symbols (above); check they are extension-safe" >&2
    exit 1
  fi
  echo "ok: only C runtime symbols (libSystem) — nothing that needs UIKit or another framework"
fi

if [[ $have_xcode == 0 ]]; then
  section "not done here (needs macOS with Xcode)"
  cat <<EOF
build-ios: this machine has no Xcode ($(uname)), so it did NOT:
  - build the simulator (${SIMULATOR[*]}) and macOS (${MACOS[*]}) slices or lipo-merge them,
  - run the -Wl,-application_extension link check against the iOS SDK,
  - create bindings/swift/RingfenceFFI.xcframework (xcodebuild -create-xcframework).
Done: cargo check for $DEVICE, the device static library ($OUT/ios-arm64/libringfence.a) and its
framework slice ($device_framework), the Swift bindings ($gen) and the module map ($modulemap).
Run scripts/build-ios.sh on a Mac with Xcode for the xcframework.
EOF
  exit 0
fi

section "simulator and macOS static libraries"
sim_libs=(); mac_libs=()
for t in "${SIMULATOR[@]}"; do sim_libs+=("$(staticlib "$t")"); done
for t in "${MACOS[@]}"; do mac_libs+=("$(staticlib "$t")"); done
mkdir -p "$OUT/ios-simulator" "$OUT/macos"
lipo -create "${sim_libs[@]}" -output "$OUT/ios-simulator/libringfence.a"
lipo -create "${mac_libs[@]}" -output "$OUT/macos/libringfence.a"
lipo -info "$OUT/ios-simulator/libringfence.a" "$OUT/macos/libringfence.a"

section "app-extension link check (-Wl,-application_extension)"
# Pull in every exported FFI function, as the app's link does, into an extension-safe dylib.
undefs=()
while read -r sym; do undefs+=("-Wl,-u,$sym"); done < <(xcrun nm -gU "$OUT/ios-arm64/libringfence.a" 2>/dev/null |
  awk '$3 ~ /^_(uniffi|ffi)_ringfence_/ { print $3 }' | sort -u)
check_log="$OUT/extension-link-check.log"
if xcrun --sdk iphoneos clang -target "arm64-apple-ios$IPHONEOS_DEPLOYMENT_TARGET" -dynamiclib \
     -Wl,-application_extension "${undefs[@]}" "$OUT/ios-arm64/libringfence.a" \
     -o "$OUT/extension-link-check.dylib" >"$check_log" 2>&1; then
  if grep -qi "application extension" "$check_log"; then
    cat "$check_log" >&2; echo "build-ios: the library is not app-extension safe (above)" >&2; exit 1
  fi
  echo "ok: ${#undefs[@]} FFI symbols link into an app-extension-safe dylib"
else
  cat "$check_log" >&2
  grep -qi "application extension" "$check_log" && { echo "build-ios: not app-extension safe" >&2; exit 1; }
  echo "build-ios: warning: the link check itself failed (above); the xcframework is still built" >&2
fi
rm -f "$OUT/extension-link-check.dylib"

section "RingfenceFFI.xcframework (framework slices)"
sim_framework="$(framework "$OUT/frameworks/ios-simulator" "$OUT/ios-simulator/libringfence.a" ios)"
mac_framework="$(framework "$OUT/frameworks/macos" "$OUT/macos/libringfence.a" macos)"
for f in "$sim_framework" "$mac_framework"; do check_framework "$f"; done
rm -rf "$XCFRAMEWORK"
xcodebuild -create-xcframework \
  -framework "$device_framework" \
  -framework "$sim_framework" \
  -framework "$mac_framework" \
  -output "$XCFRAMEWORK"
mkdir -p "$SWIFT_PKG/Sources/Ringfence"
cp "$gen/Ringfence.swift" "$gen/RingfenceCore.swift" "$SWIFT_PKG/Sources/Ringfence/"
cp "$gen/RingfenceFFI.h" "$gen/RingfenceCoreFFI.h" "$SWIFT_PKG/Sources/RingfenceFFI/"
echo "ok: $XCFRAMEWORK and bindings/swift/Sources/Ringfence/Ringfence.swift"
echo "Add bindings/swift as a package (products Ringfence, RingfenceCallDirectory) to the app and its extension;"
echo "'cd bindings/swift && swift test' now runs against the macOS slice (binary mode)."
