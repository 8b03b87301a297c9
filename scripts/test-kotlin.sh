#!/usr/bin/env bash
# Builds the host library and Kotlin bindings (unless RINGFENCE_SKIP_BUILD=1), then runs the
# Kotlin/JVM test suite with Maven against the staged library. Surefire's "Tests run: N,
# Failures: ..." lines are left in the output for CI.
#
#   scripts/test-kotlin.sh [extra mvn args...]
#
# Needs: Java 17+, Maven 3.8+, network access to Maven Central on the first run (~/.m2 is
# reused afterwards). Never install Debian's libjna-java/libjna-jni: its libjnidispatch
# breaks newer JNA jars (the tests also pass -Djna.nosys=true).
source "$(dirname "$0")/common.sh"

if [[ "${RINGFENCE_SKIP_BUILD:-0}" != 1 ]]; then
  section "build library and bindings"
  bash "$REPO_ROOT/scripts/build-bindings.sh"
fi

lib_dir="$STAGE_DIR/lib"
generated="$REPO_ROOT/bindings/kotlin/src/main/kotlin/generated/dev/ringfence/ringfence.kt"
if ! ls "$lib_dir"/libringfence.* >/dev/null 2>&1; then
  echo "error: no libringfence in $lib_dir; run scripts/build-bindings.sh" >&2
  exit 1
fi
if [[ ! -f "$generated" ]]; then
  echo "error: generated Kotlin bindings missing ($generated); run scripts/build-bindings.sh" >&2
  exit 1
fi

section "kotlin tests (mvn test)"
need java openjdk-17-jdk-headless
need mvn maven
cd "$REPO_ROOT/bindings/kotlin"
mvn -B -ntp test -Dringfence.lib.dir="$lib_dir" "$@"
