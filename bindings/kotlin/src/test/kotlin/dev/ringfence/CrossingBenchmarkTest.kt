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
 * returns a record), `screen()` of a call from that number and `screenBatch` of 100 such calls
 * (per call) through the generated UniFFI code, and the same two through [LeanScreener]. Rounds
 * take turns between the five after a JIT warm-up; the figures are medians of the rounds'
 * per-call times, wall and CPU. One JSON line (`CROSSING_JSON {...}`) goes to stdout and to
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

    /** A timed path: its JSON name, how many calls one [run] makes, and the run. */
    private class Path(val name: String, val per: Int, val run: () -> Unit) {
        val wall = ArrayList<Double>()
        val cpu = ArrayList<Double>()
    }

    /**
     * Times [calls] calls of [path] (this thread's CPU time, which covers the Rust side too, and
     * wall time, per call); with [record], adds them to the path's rounds. CPU time is what a
     * loaded machine distorts least.
     */
    private fun time(path: Path, calls: Int, record: Boolean = true) {
        val (start, cpu) = System.nanoTime() to threads.currentThreadCpuTime
        repeat(calls / path.per) { path.run() }
        if (!record) return
        path.wall += (System.nanoTime() - start).toDouble() / calls
        path.cpu += (threads.currentThreadCpuTime - cpu).toDouble() / calls
    }

    @Test
    fun `screen and screenBatch against the bare crossing`() {
        val rounds = if (full) 15 else 3
        val calls = if (full) 5_000 else 200
        val raw = "+41 44 668 18 00"
        val call = call(raw, region = "CH")
        val batch = List(100) { call }
        Screener(ScreenerConfig(Language.EN, "CH")).use { s ->
            LeanScreener(s).use { lean ->
                warmUp(listOf("CH"))
                assertEquals("+41446681800", normalizeNumber(raw, "CH").e164)
                assertEquals(s.screen(call), lean.screen(call))
                assertEquals(s.screenBatch(batch), lean.screenBatch(batch))
                val paths = listOf(
                    Path("bare_normalize", 1) { normalizeNumber(raw, "CH") },
                    Path("screen", 1) { s.screen(call) },
                    Path("screen_batch_per_call", 100) { s.screenBatch(batch) },
                    Path("lean_screen", 1) { lean.screen(call) },
                    Path("lean_screen_batch_per_call", 100) { lean.screenBatch(batch) },
                )
                repeat(if (full) 5 else 1) { paths.forEach { time(it, calls, record = false) } } // JIT warm-up
                repeat(rounds) { paths.forEach { time(it, calls) } }
                val json = json(rounds, calls, paths.associate { it.name to (median(it.wall) to median(it.cpu)) })
                println("CROSSING_JSON $json")
                File("target").mkdirs()
                File("target/crossing.json").writeText(json + "\n")
                assertTrue(paths.all { median(it.wall) > 0 && median(it.cpu) >= 0 }, json)
            }
        }
    }

    /** The JSON line: each path's wall and CPU median, and ratios to the bare call. */
    private fun json(rounds: Int, calls: Int, medians: Map<String, Pair<Double, Double>>): String {
        fun ns(name: String, cpu: Boolean) = medians.getValue(name).let { if (cpu) it.second else it.first }
        fun ratio(name: String, cpu: Boolean) = "%.3f".format(ns(name, cpu) / ns("bare_normalize", cpu))
        val fields = LinkedHashMap<String, String>()
        for (cpu in listOf(false, true)) {
            val prefix = if (cpu) "cpu_" else ""
            for (name in medians.keys) fields["$prefix${name}_ns"] = "%.1f".format(ns(name, cpu))
        }
        fields["screen_vs_bare"] = ratio("screen", false)
        fields["batch_per_call_vs_bare"] = ratio("screen_batch_per_call", false)
        fields["cpu_screen_vs_bare"] = ratio("screen", true)
        fields["lean_screen_vs_bare"] = ratio("lean_screen", false)
        fields["cpu_lean_screen_vs_bare"] = ratio("lean_screen", true)
        fields["cpu_lean_batch_per_call_vs_bare"] = ratio("lean_screen_batch_per_call", true)
        val load = File("/proc/loadavg").takeIf { it.canRead() }?.readText()?.split(" ")?.take(3)?.joinToString(" ") ?: ""
        val jvm = "${System.getProperty("java.vm.name")} ${System.getProperty("java.version")}"
        return """{"harness":"kotlin-jvm","jvm":"$jvm","rounds":$rounds,"calls_per_round":$calls,""" +
            fields.entries.joinToString(",") { (k, v) -> "\"$k\":$v" } + ""","load_average":"$load"}"""
    }
}
