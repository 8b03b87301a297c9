package dev.ringfence.sample

import dev.ringfence.Language
import dev.ringfence.Screener
import dev.ringfence.ScreenerConfig
import java.io.File

/** The repository root (set by android-sample/pom.xml). */
val repoRoot: File = File(System.getProperty("ringfence.repo.root") ?: error("ringfence.repo.root not set")).canonicalFile

/** A property the pom passes to the tests. */
fun pomProperty(name: String): String = System.getProperty(name) ?: error("$name not set by the pom")

/** A real screener through the host library, for Switzerland. */
fun swissScreener(): Screener = Screener(ScreenerConfig(language = Language.EN, defaultRegion = "CH"))

/** tests/vectors (set by android-sample/pom.xml, like the library's own JVM tests). */
val vectorsDir: File = File(pomProperty("ringfence.vectors.dir")).canonicalFile

/** A signed test database built by scripts/build-bindings.sh (tests/vectors/databases/build). */
fun databaseFixture(name: String): File = File(vectorsDir, "databases/build/$name").also {
    check(it.isFile) { "missing ${it.path}: run scripts/build-bindings.sh" }
}

/** The test feed's public key (published on purpose: tests only). */
val testFeedKey: String get() = File(vectorsDir, "databases/test-feed.public").readText().trim()
