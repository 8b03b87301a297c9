#!/usr/bin/env bash
# check-android-packaging.sh — every native library the AAR would ship is 16 KB page aligned.
#
#   scripts/check-android-packaging.sh
#
# Android 15+ devices may use 16 KB memory pages, and Google Play requires 16 KB-aligned native
# code for apps targeting them: a library whose LOAD segments are aligned to 4 KB does not load
# there. The AAR ships two kinds of .so, and both are checked (readelf -lW: the Align column of
# every LOAD program header must be >= 0x4000):
#   - JNA's libjnidispatch.so for each Android ABI, from the JNA AAR of the version the builds
#     pin (android-sample/pom.xml's jna.version = the Gradle module's net.java.dev.jna:jna@aar),
#     fetched from Maven Central into ~/.m2 and unpacked into build/android/aar-inputs/;
#   - our libringfence.so per ABI in build/android/jniLibs/, when scripts/build-android.sh could
#     build it (it needs an Android NDK; without one it says so and this step has nothing of ours
#     to check, which is reported, not hidden).
# JNA >= 5.18.1 is required: older releases shipped Android libraries that were not 16 KB
# aligned on every ABI. Exits non-zero on any misaligned library, or when JNA's cannot be read.
source "$(dirname "$0")/lib.sh"
need readelf binutils
need unzip unzip

jna_version="$(sed -n 's:.*<jna.version>\(.*\)</jna.version>.*:\1:p' "$REPO_ROOT/android-sample/pom.xml" | head -n 1)"
[[ -n "$jna_version" ]] || { echo "check-android-packaging: no jna.version in android-sample/pom.xml" >&2; exit 1; }
if [[ "$(printf '%s\n5.18.1\n' "$jna_version" | sort -V | head -n 1)" != 5.18.1 ]]; then
  echo "check-android-packaging: JNA $jna_version is older than 5.18.1 (16 KB page fixes)" >&2
  exit 1
fi

aar="$HOME/.m2/repository/net/java/dev/jna/jna/$jna_version/jna-$jna_version.aar"
if [[ ! -f "$aar" ]]; then
  need mvn maven
  mvn -B -ntp -q dependency:get -Dartifact="net.java.dev.jna:jna:$jna_version:aar" >/dev/null
fi
inputs="$REPO_ROOT/build/android/aar-inputs/jna-$jna_version"
rm -rf "$inputs" && mkdir -p "$inputs"
unzip -q -o "$aar" 'jni/*' -d "$inputs"

# aligned SO: prints one line; returns 1 unless every LOAD segment is aligned to >= 16 KB.
aligned() {
  local aligns bad=0 a
  aligns="$(readelf -lW "$1" | awk '$1 == "LOAD" { print $NF }')"
  [[ -n "$aligns" ]] || { echo "FAIL ${1#"$REPO_ROOT"/}: no LOAD segments (not an ELF library?)"; return 1; }
  for a in $aligns; do (( a >= 0x4000 )) || bad=1; done
  if [[ $bad == 1 ]]; then
    echo "FAIL ${1#"$REPO_ROOT"/}: LOAD alignment $(tr '\n' ' ' <<<"$aligns")(needs >= 0x4000)"
    return 1
  fi
  echo "ok   ${1#"$REPO_ROOT"/}: LOAD alignment $(sort -u <<<"$aligns" | tr '\n' ' ')"
}

failed=0; checked=0
shopt -s nullglob
jna_libs=("$inputs"/jni/*/libjnidispatch.so)
[[ ${#jna_libs[@]} -gt 0 ]] || { echo "check-android-packaging: no jni/*/libjnidispatch.so in $aar" >&2; exit 1; }
for so in "${jna_libs[@]}" "$REPO_ROOT"/build/android/jniLibs/*/*.so; do
  checked=$((checked + 1))
  aligned "$so" || failed=1
done
ours=("$REPO_ROOT"/build/android/jniLibs/*/libringfence.so)
if [[ ${#ours[@]} -eq 0 ]]; then
  echo "NOTE: no libringfence.so built here (no Android NDK): only JNA's libraries were checked;"
  echo "      scripts/build-android.sh links ours with -z max-page-size=16384 and checks them when it builds them."
fi
[[ $failed == 0 ]] || { echo "check-android-packaging: a library the AAR would ship is not 16 KB aligned" >&2; exit 1; }
echo "check-android-packaging: $checked libraries, every LOAD segment 16 KB aligned (JNA $jna_version)"
