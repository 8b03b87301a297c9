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
