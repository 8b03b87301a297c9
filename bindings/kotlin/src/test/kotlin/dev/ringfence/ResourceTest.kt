package dev.ringfence

import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test

/**
 * Objects and buffers crossing the FFI are released: 100,000 calls (and 5,000 short-lived
 * screeners) do not grow the process. Resident memory is read from /proc (Linux only; the
 * test is skipped elsewhere with a message).
 */
class ResourceTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }
    }

    private fun residentKb(): Long? = File("/proc/self/status").takeIf { it.canRead() }
        ?.readLines()?.firstOrNull { it.startsWith("VmRSS:") }
        ?.split(Regex("\\s+"))?.get(1)?.toLong()

    private fun settle(): Long? {
        repeat(3) { System.gc(); Thread.sleep(50) }
        return residentKb()
    }

    @Test
    fun `100,000 screens and 5,000 screeners do not grow the process`() {
        Screener(ScreenerConfig(Language.EN, "IT")).use { s ->
            s.addRule(Rule("+39021234####", Action.BLOCK, Category.SPAM, "Spam"))
            val calls = listOf(
                call("+39 02 1234 5678"), call("+222 22 12 34 56"), call(null),
                call("+39 347 123 4567").copy(displayName = "Trend Micro Support"),
            )
            repeat(20_000) { s.screen(calls[it % calls.size]) } // warm-up: JIT, caches, histories
            val before = settle() ?: return println("SKIP: no /proc/self/status here")
            var blocked = 0
            repeat(100_000) { if (s.screen(calls[it % calls.size]).action == Action.BLOCK) blocked++ }
            repeat(5_000) { Screener(ScreenerConfig(Language.IT)).use { t -> t.screen(calls[0]) } }
            val after = settle()!!
            assertEquals(50_000, blocked, "verdicts stayed correct")
            val growthMb = (after - before) / 1024.0
            println("ResourceTest: RSS $before kB -> $after kB (+${"%.1f".format(growthMb)} MB) over 100,000 calls")
            assertTrue(growthMb < 32, "process grew by $growthMb MB")
        }
    }
}
