#!/usr/bin/env bash
# Builds the host library and Kotlin bindings (unless RINGFENCE_SKIP_BUILD=1), then runs the
# Kotlin/JVM test suite with Maven against the staged library. Only Surefire's "Tests run: N,
# Failures: ..." lines, errors and the build result are shown (the full Maven log is in
# build/logs/maven-kotlin.log).
#
#   scripts/test-kotlin.sh [extra mvn args...]
#
# Needs: Java 17+, Maven 3.8+, network access to Maven Central on the first run (~/.m2 is
# reused afterwards). Never install Debian's libjna-java/libjna-jni: its libjnidispatch
# breaks newer JNA jars (the tests also pass -Djna.nosys=true).
source "$(dirname "$0")/lib.sh"
staged_bindings

section "kotlin tests (mvn clean test)"
cd "$REPO_ROOT/bindings/kotlin"
maven kotlin clean test -Dringfence.lib.dir="$STAGE_DIR/lib" "$@"
