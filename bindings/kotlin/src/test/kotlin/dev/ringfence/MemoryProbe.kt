package dev.ringfence

import java.io.File

/**
 * The body of [JvmMemoryTest], run in a JVM of its own with the default heap settings: screens
 * `args[0]` calls one at a time (never a batch) through one [LeanScreener] and prints
 * `calls=N blocked=B peak_rss_kb=K` (the highest VmRSS sampled every 10,000 calls).
 */
object MemoryProbe {
    private fun residentKb(): Long = File("/proc/self/status").readLines()
        .first { it.startsWith("VmRSS:") }.split(Regex("\\s+"))[1].toLong()

    /** Entry point of the forked JVM. */
    @JvmStatic
    fun main(args: Array<String>) {
        val calls = args.firstOrNull()?.toInt() ?: 1_000_000
        val mix = listOf(
            call("+39 02 1234 5678"), call("+222 22 12 34 56"), call(null),
            call("+39 347 123 4567").copy(displayName = "Trend Micro Support"),
        )
        var peak = 0L
        var blocked = 0
        Screener(ScreenerConfig(Language.EN, "IT")).use { s ->
            s.addRule(Rule("+39021234####", Action.BLOCK, Category.SPAM, "Spam"))
            LeanScreener(s).use { lean ->
                for (i in 0 until calls) {
                    if (lean.screen(mix[i % mix.size]).action == Action.BLOCK) blocked++
                    if (i % 10_000 == 0) peak = maxOf(peak, residentKb())
                }
            }
        }
        peak = maxOf(peak, residentKb())
        println("calls=$calls blocked=$blocked peak_rss_kb=$peak")
    }
}
