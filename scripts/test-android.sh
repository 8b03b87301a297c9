#!/usr/bin/env bash
# CI proof for the Android code, without an Android SDK: compiles the library's Android layer
# (bindings/kotlin/src/android/kotlin), the UniFFI-generated bindings and the sample app
# (android-sample/app/src/main/kotlin) against the real Android 14 framework classes of
# org.robolectric:android-all (Maven Central), and runs their JUnit 5 tests on the plain JVM,
# screening through the real host library via JNA. Surefire's "Tests run:" lines, errors and the
# build results are shown (full Maven logs: build/logs/maven-android*.log).
#
#   scripts/test-android.sh [extra mvn args...]
#
# 1. host library + JVM bindings: scripts/build-bindings.sh (skipped with RINGFENCE_SKIP_BUILD=1)
# 2. scripts/build-android.sh: cargo check for aarch64-linux-android, the NDK build when an NDK
#    is present, and the android = true bindings the AAR ships (build/android/generated/kotlin)
# 3. scripts/check-android-packaging.sh: every .so the AAR would ship (JNA's libjnidispatch.so
#    for each Android ABI, from the pinned JNA AAR, and ours when an NDK built it) is 16 KB
#    page aligned (readelf: every LOAD segment's alignment >= 0x4000)
# 4. mvn test in android-sample/: compile all of it against android-all, run the tests (among
#    them PackagingRulesTest: the consumer R8 rules keep JNA and the generated bindings, nothing
#    of the app)
# 5. mvn -P aar-bindings compile: the same sources with the android = true bindings instead
#    (compile only: that copy needs a real Android runtime)
#
# Needs: Java 17+, Maven 3.8+, Maven Central on the first run (~/.m2 is reused; android-all is
# ~140 MB). Never install Debian's libjna-java/libjna-jni (see bindings/kotlin/README.md).
source "$(dirname "$0")/lib.sh"
staged_bindings

bash "$REPO_ROOT/scripts/build-android.sh"

section "16 KB page alignment of every .so the AAR would ship"
bash "$REPO_ROOT/scripts/check-android-packaging.sh"

cd "$REPO_ROOT/android-sample"
section "android layer + sample against android-all (mvn clean test)"
maven android clean test -Dringfence.lib.dir="$STAGE_DIR/lib" "$@"

section "the same with the bindings the AAR ships, android = true (mvn -P aar-bindings clean compile)"
maven android-aar -P aar-bindings clean compile "$@"
echo "android = true bindings, Android layer and sample compile against android-all"
