package dev.ringfence.sample

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * The library's consumer R8 rules (bindings/kotlin/consumer-rules.pro) against what they must
 * protect: R8 itself is not on Maven Central, so this reads the rules as R8 would match them.
 * They must keep JNA and its annotations, every package of the generated bindings (read from
 * the generated sources), every class there that JNA binds reflectively, and nothing of the
 * app or the hand-written layers.
 */
class PackagingRulesTest {
    private val rules = File(repoRoot, "bindings/kotlin/consumer-rules.pro").readLines()
        .map { it.substringBefore('#').trim() }.filter { it.isNotEmpty() }
    private val generated = File(pomProperty("ringfence.generated.dir"))
    private val generatedSources = generated.walk().filter { it.extension == "kt" }.toList()

    /** The class-name patterns of `-keep class PATTERN` rules. */
    private val keptClasses = rules.mapNotNull { Regex("""^-keep class (\S+)""").find(it)?.groupValues?.get(1) }

    /** Whether [className] (a.b.C or a.b.C$D) matches a ProGuard class pattern (`*` within a package, `**` across). */
    private fun matches(pattern: String, className: String): Boolean {
        val regex = Regex(pattern.split("**").joinToString(".*") { part ->
            part.split("*").joinToString("[^.]*") { Regex.escape(it) }
        })
        return regex.matches(className)
    }

    private fun kept(className: String) = keptClasses.any { matches(it, className) }

    @Test
    fun `JNA, its annotations and its reflective members are kept`() {
        assertTrue("-keepattributes *Annotation*" in rules, "JNA reads @Structure.FieldOrder")
        assertTrue(kept("com.sun.jna.Native") && kept("com.sun.jna.Structure\$ByValue") && kept("com.sun.jna.ptr.IntByReference"))
        assertTrue(rules.any { it.startsWith("-keepclassmembers class * extends com.sun.jna.Structure") })
        assertTrue(rules.any { it.startsWith("-keep class * implements com.sun.jna.Callback") })
    }

    @Test
    fun `every package of the generated bindings is kept, with every class JNA binds`() {
        assertTrue(generatedSources.isNotEmpty(), "no generated bindings under $generated")
        val packages = generatedSources.map { f -> f.useLines { l -> l.first { it.startsWith("package ") }.removePrefix("package ").trim() } }.toSet()
        assertEquals(setOf("dev.ringfence", "dev.ringfence.core"), packages)
        for (source in generatedSources) {
            val pkg = source.useLines { l -> l.first { it.startsWith("package ") }.removePrefix("package ").trim() }
            val text = source.readText()
            val bound = Regex("""(?:class|interface|object) (\w+)[^{]*?(?:Structure\(\)|com\.sun\.jna\.Callback|Library)""")
                .findAll(text).map { it.groupValues[1] }.toList() + listOf("UniffiLib")
            for (name in bound.filter { Regex("""\b(class|interface|object) $it\b""").containsMatchIn(text) }) {
                assertTrue(kept("$pkg.$name"), "$pkg.$name is not kept")
            }
        }
    }

    @Test
    fun `nothing of the app or the hand-written layers is kept`() {
        for (className in listOf(
            "dev.ringfence.sample.MainActivity", "dev.ringfence.sample.Engine",
            "dev.ringfence.android.RingfenceScreeningService", "dev.ringfence.screening.FailOpenScreener",
        )) {
            assertTrue(!kept(className), "$className is kept by ${keptClasses.filter { matches(it, className) }}")
        }
        assertTrue(keptClasses.none { it.startsWith("dev.ringfence.**") }, "dev.ringfence.** would keep the app too")
    }
}
