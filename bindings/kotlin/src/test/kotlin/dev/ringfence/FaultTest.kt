package dev.ringfence

import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * A panic inside Rust never crosses the FFI: the test library is built with fault injection
 * (scripts/build-bindings.sh), where a reserved input panics inside screening and rule import.
 * Screening fails open (allow, `internal_error`), a throwing function throws the typed
 * `Internal` error, and the screener keeps working afterwards, also from many threads.
 */
class FaultTest {
    companion object {
        /** The reserved input of ringfence-core's `fault` module (feature `fault-injection`). */
        private const val TRIGGER = "\u0001ringfence:inject-panic"

        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }
    }

    private fun screener() = Screener(ScreenerConfig(language = Language.EN, defaultRegion = "CH")).also {
        it.addRule(Rule("+41446681800", Action.BLOCK, Category.SCAM, null))
    }

    private fun faulty(number: String = "+41446681800") = call(number).copy(displayName = TRIGGER)

    @Test
    fun `a panic while screening fails open, and the screener keeps working`() {
        screener().use { s ->
            val v = s.screen(faulty())
            assertEquals(Action.ALLOW, v.action, "$v")
            assertEquals(listOf("internal_error"), v.reasons)
            assertEquals(Action.BLOCK, s.screen(call("+41446681800")).action, "the next call is screened normally")
            val batch = s.screenBatch(listOf(call("+41446681800"), faulty(), call("+41446681800")))
            assertEquals(listOf(Action.BLOCK, Action.ALLOW, Action.BLOCK), batch.map { it.action })
        }
    }

    @Test
    fun `a panic in a throwing function is the typed Internal error and changes nothing`() {
        screener().use { s ->
            assertThrows<RingfenceException.Internal> { s.importRulesCsv(TRIGGER + "pattern,action\n+41446681801,block\n") }
            assertEquals(1, s.rules().size)
            s.importRulesCsv("pattern,action,category,label\n+41446681801,block,spam,\n")
            assertEquals(Action.BLOCK, s.screen(call("+41446681801")).action)
        }
    }

    @Test
    fun `panics on many threads at once never crash the process`() {
        screener().use { s ->
            val pool = Executors.newFixedThreadPool(8)
            val results = (0 until 8).map { t ->
                pool.submit<List<Action>> {
                    (0 until 200).map { i -> s.screen(if ((i + t) % 3 == 0) faulty() else call("+41446681800")).action }
                }
            }
            results.forEachIndexed { t, f ->
                val actions = f.get(60, TimeUnit.SECONDS)
                actions.forEachIndexed { i, a ->
                    assertEquals(if ((i + t) % 3 == 0) Action.ALLOW else Action.BLOCK, a, "thread $t call $i")
                }
            }
            pool.shutdown()
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS))
        }
    }
}
