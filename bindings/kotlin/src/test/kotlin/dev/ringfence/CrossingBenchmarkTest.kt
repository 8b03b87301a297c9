package dev.ringfence

import java.io.File
import java.lang.management.ManagementFactory
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test

/**
 * What `screen()` costs from Kotlin on top of the bare crossing, measured in the same run: a
 * bare String→Record call (`normalizeNumber`, the cheapest export that parses a number and
 * returns a record), `screen()` of a call from that number, and `screenBatch` of 100 such calls
 * (per call). Rounds take turns between the three after a JIT warm-up; the figures are medians
 * of the rounds' per-call times. One JSON line (`CROSSING_JSON {...}`) goes to stdout and to
 * target/crossing.json.
 *
 * The normal test run does a smoke run (a few rounds, so the harness cannot rot);
 * `scripts/bench-crossing.sh` runs it with `-Dringfence.bench=full` against a release library.
 */
class CrossingBenchmarkTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }
    }

    private val full = System.getProperty("ringfence.bench") == "full"

    private fun median(v: List<Double>): Double = v.sorted()[v.size / 2]

    private val threads = ManagementFactory.getThreadMXBean()

    /**
     * Wall and CPU nanoseconds (this thread's, which runs the Rust side too) per call of [calls]
     * calls of [body] (which makes [per] calls each time). CPU time is what a loaded machine
     * distorts least.
     */
    private inline fun timed(calls: Int, per: Int = 1, body: () -> Unit): Pair<Double, Double> {
        val (start, cpu) = System.nanoTime() to threads.currentThreadCpuTime
        repeat(calls / per) { body() }
        return (System.nanoTime() - start).toDouble() / calls to (threads.currentThreadCpuTime - cpu).toDouble() / calls
    }

    @Test
    fun `screen and screenBatch against the bare crossing`() {
        val rounds = if (full) 15 else 3
        val calls = if (full) 5_000 else 200
        val raw = "+41 44 668 18 00"
        val call = call(raw, region = "CH")
        val batch = List(100) { call }
        Screener(ScreenerConfig(Language.EN, "CH")).use { s ->
            warmUp(listOf("CH"))
            assertEquals("+41446681800", normalizeNumber(raw, "CH").e164)
            assertEquals("+41446681800", s.screen(call).e164)
            repeat(if (full) 5 else 1) { // JIT warm-up of all three paths
                timed(calls) { normalizeNumber(raw, "CH") }
                timed(calls) { s.screen(call) }
                timed(calls, 100) { s.screenBatch(batch) }
            }
            val bare = ArrayList<Pair<Double, Double>>()
            val screen = ArrayList<Pair<Double, Double>>()
            val batched = ArrayList<Pair<Double, Double>>()
            repeat(rounds) {
                bare += timed(calls) { normalizeNumber(raw, "CH") }
                screen += timed(calls) { s.screen(call) }
                batched += timed(calls, 100) { s.screenBatch(batch) }
            }
            val (b, sc, ba) = Triple(median(bare.map { it.first }), median(screen.map { it.first }), median(batched.map { it.first }))
            val (bc, scc, bac) = Triple(median(bare.map { it.second }), median(screen.map { it.second }), median(batched.map { it.second }))
            val json = """{"harness":"kotlin-jvm","jvm":"${System.getProperty("java.vm.name")} ${System.getProperty("java.version")}",""" +
                """"rounds":$rounds,"calls_per_round":$calls,"bare_normalize_ns":${"%.1f".format(b)},""" +
                """"screen_ns":${"%.1f".format(sc)},"screen_batch_per_call_ns":${"%.1f".format(ba)},""" +
                """"screen_vs_bare":${"%.3f".format(sc / b)},"batch_per_call_vs_bare":${"%.3f".format(ba / b)},""" +
                """"cpu_bare_normalize_ns":${"%.1f".format(bc)},"cpu_screen_ns":${"%.1f".format(scc)},""" +
                """"cpu_screen_batch_per_call_ns":${"%.1f".format(bac)},"cpu_screen_vs_bare":${"%.3f".format(scc / bc)},""" +
                """"load_average":"${File("/proc/loadavg").takeIf { it.canRead() }?.readText()?.split(" ")?.take(3)?.joinToString(" ") ?: ""}"}"""
            println("CROSSING_JSON $json")
            File("target").mkdirs()
            File("target/crossing.json").writeText(json + "\n")
            assertTrue(b > 0 && sc > 0 && ba > 0, json)
        }
    }
}
