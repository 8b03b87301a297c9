package dev.ringfence

import java.io.File
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test

/**
 * 1,000,000 single `screen` calls ([LeanScreener]) in a JVM of their own with the DEFAULT heap
 * settings (no -Xmx/-Xms: this suite's own JVM pins its heap, which hides native growth) stay
 * under 300 MB resident. [MemoryProbe] runs the loop and reports its peak VmRSS (Linux only;
 * skipped elsewhere with a message).
 */
class JvmMemoryTest {
    companion object {
        const val CALLS = 1_000_000
        const val LIMIT_MB = 300

        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }
    }

    @Test
    fun `a million single screens stay under 300 MB with the default heap`() {
        if (!File("/proc/self/status").canRead()) return println("SKIP: no /proc/self/status here")
        val command = listOf(
            File(System.getProperty("java.home"), "bin/java").path,
            "-Djna.library.path=${System.getProperty("jna.library.path")}",
            "-Djna.nosys=true",
            "-cp", System.getProperty("java.class.path"),
            MemoryProbe::class.java.name, CALLS.toString(),
        )
        assertTrue(command.none { it.startsWith("-Xm") || it.startsWith("-XX") }, "default heap settings")
        val process = ProcessBuilder(command).redirectErrorStream(true).start()
        val output = process.inputStream.bufferedReader().readText()
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "probe finished")
        assertEquals(0, process.exitValue(), output)
        val report = Regex("calls=(\\d+) blocked=(\\d+) peak_rss_kb=(\\d+)").find(output)
            ?: throw AssertionError("no report from the probe: $output")
        val (calls, blocked, peakKb) = report.destructured
        assertEquals(CALLS.toString(), calls)
        assertEquals((CALLS / 2).toString(), blocked, "verdicts stayed correct")
        val peakMb = peakKb.toLong() / 1024.0
        println("JvmMemoryTest: $calls single screens, default heap: peak RSS ${"%.0f".format(peakMb)} MB")
        assertTrue(peakMb < LIMIT_MB, "peak RSS $peakMb MB")
    }
}
