#!/usr/bin/env bash
# Tests the release command as a newcomer would meet it: runs scripts/package.sh (unless
# RINGFENCE_SKIP_PACKAGE=1), checks what it produced, then
#   1. the release library has no test feature, and that check rejects the fault-injection test
#      build (build/host/lib, when scripts/build-bindings.sh made it);
#   2. the jar holds the generated classes, the aliases and the native library; the POM has what
#      Maven Central requires;
#   3. a fresh Maven project in a temp dir outside the repository, depending only on the
#      installed dev.ringfence:ringfence, screens calls (no system properties);
#   4. a fresh SwiftPM package depending on bindings/swift by path builds through pkg-config and
#      screens a call with LD_LIBRARY_PATH (Swift chroot on Linux), with no absolute RUNPATH.
#
#   scripts/test-package.sh
source "$(dirname "$0")/lib.sh"
source "$REPO_ROOT/scripts/swift-env.sh"
cd "$REPO_ROOT"
# A reserved example domain (RFC 2606): a real release passes the project's own URL.
[[ "${RINGFENCE_SKIP_PACKAGE:-0}" == 1 ]] || bash scripts/package.sh --project-url https://example.invalid/ringfence
dist="$REPO_ROOT/build/dist"
jar="$(ls "$dist"/maven/ringfence-*[0-9].jar)"
version="$(basename "$jar" .jar)"; version="${version#ringfence-}"
fail() { echo "test-package: FAILED: $*" >&2; exit 1; }

section "release library: no test feature"
assert_release_lib "$dist/lib/$HOST_LIB"
if [[ -f "$STAGE_DIR/lib/$HOST_LIB" ]]; then
  if assert_release_lib "$STAGE_DIR/lib/$HOST_LIB" 2>/dev/null; then
    fail "the check passed the fault-injection test build $STAGE_DIR/lib/$HOST_LIB"
  fi
  echo "the check rejects the fault-injection test build (${STAGE_DIR#"$REPO_ROOT"/}/lib/$HOST_LIB)"
fi

section "jar, sources jar and POM"
entries="$(unzip -Z1 "$jar")"
for e in dev/ringfence/Screener.class dev/ringfence/core/Action.class dev/ringfence/LeanScreener.class \
  "linux-x86-64/$HOST_LIB"; do
  grep -qxF "$e" <<<"$entries" || fail "$e missing from $(basename "$jar")"
done
# Listed first, then searched: `grep -q` may exit before unzip has written everything, and
# pipefail would turn unzip's SIGPIPE into a failure.
sources="$(unzip -Z1 "$dist/maven/ringfence-$version-sources.jar")"
grep -qx 'dev/ringfence/LeanScreener.kt' <<<"$sources" || fail "sources jar"
pom="$dist/maven/ringfence-$version.pom"
for tag in name description url licenses scm developers; do grep -q "<$tag>" "$pom" || fail "POM has no <$tag>"; done
grep -q "<version>$version</version>" "$pom" || fail "POM version"
grep -q "<url>https://example.invalid/ringfence</url>" "$pom" || fail "POM url is not the --project-url"
echo "$(basename "$jar"): generated classes, aliases, linux-x86-64/$HOST_LIB; POM fit for Central"

section "newcomer: a signed feed made with the packaged CLI"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cli="$dist/bin/ringfence"
"$cli" keygen --secret "$tmp/feed.secret" --public "$tmp/feed.public"
printf 'pattern,action,category,label\n+41445550000,block,scam,Fake support line\n' >"$tmp/feed.csv"
"$cli" build --feed demo --version 1 --key "$tmp/feed.secret" --out "$tmp/demo.rfdb" "$tmp/feed.csv"

section "newcomer: fresh Maven project"
mkdir -p "$tmp/app/src/main/kotlin"
kotlin_version="$(sed -n 's:.*<kotlin.version>\(.*\)</kotlin.version>.*:\1:p' bindings/kotlin/pom.xml)"
cat >"$tmp/app/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId><artifactId>newcomer</artifactId><version>1</version>
  <properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencies>
    <dependency><groupId>dev.ringfence</groupId><artifactId>ringfence</artifactId><version>$version</version></dependency>
  </dependencies>
  <build>
    <sourceDirectory>src/main/kotlin</sourceDirectory>
    <plugins>
      <plugin>
        <groupId>org.jetbrains.kotlin</groupId><artifactId>kotlin-maven-plugin</artifactId><version>$kotlin_version</version>
        <configuration><jvmTarget>17</jvmTarget></configuration>
        <executions><execution><id>compile</id><goals><goal>compile</goal></goals></execution></executions>
      </plugin>
      <plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId><version>3.5.1</version>
        <configuration><mainClass>MainKt</mainClass><arguments><argument>$tmp/feed.public</argument><argument>$tmp/demo.rfdb</argument></arguments></configuration></plugin>
    </plugins>
  </build>
</project>
EOF
cat >"$tmp/app/src/main/kotlin/Main.kt" <<'EOF'
import dev.ringfence.*
import java.io.File

fun main(args: Array<String>) {
    val (publicKey, feed) = args
    Screener(ScreenerConfig(language = Language.EN, defaultRegion = "CH")).use { screener ->
        screener.addRule(Rule(pattern = "+4121560####", action = Action.BLOCK, category = Category.SPAM, label = "Spam range"))
        screener.pinFeed("demo", listOf(File(publicKey).readText()))
        screener.installDatabaseFile(feed)
        val calls = listOf("021 560 12 34", "112", "+41 44 668 18 00", "044 555 00 00")
        val actions = calls.map { screener.screen(IncomingCall(number = it, presentation = Presentation.ALLOWED,
            verification = Verification.NOT_VERIFIED, region = "CH")).action }
        println("newcomer-kotlin: $actions")
        check(actions == listOf(Action.BLOCK, Action.ALLOW, Action.ALLOW, Action.BLOCK)) { "unexpected verdicts $actions" }
    }
}
EOF
(cd "$tmp/app" && mvn -B -ntp -q -Dkotlin.compiler.daemon=false compile exec:java) | tee "$tmp/kotlin.out"
grep -q "newcomer-kotlin: \[BLOCK, ALLOW, ALLOW, BLOCK\]" "$tmp/kotlin.out" || fail "the Maven project did not screen"

section "newcomer: fresh SwiftPM package (path dependency, pkg-config)"
ensure_swift_env
if swift_is_native; then inside="$tmp/swift"; root=""; else inside=/tmp/ringfence-newcomer; root="$RINGFENCE_SWIFT_ROOT"; fi
rm -rf "$root$inside" && mkdir -p "$root$inside/ringfence/bindings" "$root$inside/ringfence/build/dist" "$root$inside/App/Sources/App"
tar -C bindings --exclude=.build --exclude=RingfenceFFI.xcframework -cf - swift | tar -C "$root$inside/ringfence/bindings" -xf -
cp -R "$dist/lib" "$root$inside/ringfence/build/dist/"
cp "$tmp/feed.public" "$tmp/demo.rfdb" "$root$inside/"
cat >"$root$inside/App/Package.swift" <<'EOF'
// swift-tools-version:5.9
import PackageDescription
let package = Package(
    name: "App",
    dependencies: [.package(path: "../ringfence/bindings/swift")],
    targets: [.executableTarget(name: "App", dependencies: [.product(name: "Ringfence", package: "swift")])]
)
EOF
cat >"$root$inside/App/Sources/App/main.swift" <<'EOF'
import Foundation
import Ringfence

let here = CommandLine.arguments[1]
let screener = try Screener(config: ScreenerConfig(language: .en, defaultRegion: "CH"))
try screener.addRule(rule: Rule(pattern: "+4121560####", action: .block, category: .spam, label: "Spam range"))
try screener.pinFeed(feed: "demo", keys: [String(contentsOfFile: here + "/feed.public", encoding: .utf8)])
_ = try screener.installDatabaseFile(path: here + "/demo.rfdb")
let actions = ["021 560 12 34", "112", "044 555 00 00"].map {
    screener.screen(call: IncomingCall(number: $0, presentation: .allowed, verification: .notVerified, region: "CH")).action
}
print("newcomer-swift:", actions.map { "\($0)" }.joined(separator: ","))
EOF
lib="$inside/ringfence/build/dist/lib"
swift_in_chroot "$inside/App" "env -u RINGFENCE_LIB_DIR PKG_CONFIG_PATH=$lib/pkgconfig swift build 2>&1 | tail -n 5 &&
  LD_LIBRARY_PATH=$lib .build/debug/App $inside" | tee "$tmp/swift.out"
grep -qF "newcomer-swift: block,allow,block" "$tmp/swift.out" || fail "the Swift package did not screen"
if command -v readelf >/dev/null && readelf -d "$root$inside/App/.build/debug/App" | grep -E 'R(UN)?PATH' | grep -F "$lib" >/dev/null; then
  fail "the Swift binary has an absolute RUNPATH to the library"
fi
rm -rf "$root$inside"
echo "test-package: release checks and both newcomer projects passed"
