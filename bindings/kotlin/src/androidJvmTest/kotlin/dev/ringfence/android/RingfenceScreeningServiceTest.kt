package dev.ringfence.android

import android.telecom.Call
import android.telecom.CallScreeningService
import dev.ringfence.Action
import dev.ringfence.Rule
import dev.ringfence.Screener
import dev.ringfence.ScreenerInterface
import dev.ringfence.screening.Outcome
import dev.ringfence.screening.ScreeningResult
import dev.ringfence.screening.fakeScreener
import dev.ringfence.screening.realScreener
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * The base service end to end on the plain JVM: onScreenCall(real Call.Details) → worker →
 * real library → respond(CallResponse), with `respondToCall` (final, needs the bound
 * framework) replaced through the `respond` seam.
 *
 * A framework `Service` cannot be constructed outside Android (its Handler needs the main
 * Looper), so the test service is allocated without running constructors (as mocking
 * libraries do). It therefore keeps its state in the companion object, not in fields.
 */
class RingfenceScreeningServiceTest {
    class TestService : RingfenceScreeningService() {
        override fun screener(): ScreenerInterface = screenerFor()
        override fun region(details: Call.Details) = "CH"
        override fun isContact(number: String) = contacts.contains(number)
        override val budgetMillis: Long get() = budget
        override val sdkInt: Int get() = 34
        override fun respond(details: Call.Details, response: CallScreeningService.CallResponse) {
            if (failFirstResponse) { failFirstResponse = false; error("binder died") }
            responses.add(response)
        }
        override fun onScreened(details: Call.Details, result: ScreeningResult) { results.add(result) }
        override fun logFailure(where: String, error: Throwable) { failures.add(where) }
    }

    companion object {
        @Volatile var screenerFor: () -> ScreenerInterface = { error("unset") }
        @Volatile var budget = 4_000L
        @Volatile var failFirstResponse = false
        @Volatile var contacts = emptySet<String>()
        val responses = LinkedBlockingQueue<CallScreeningService.CallResponse>()
        val results = LinkedBlockingQueue<ScreeningResult>()
        val failures = LinkedBlockingQueue<String>()
        private val real: Screener by lazy {
            realScreener().apply { addRule(Rule("+4121560####", Action.BLOCK, null, "Spam range")) }
        }

        @JvmStatic @AfterAll
        fun closeScreener() = real.close()

        fun newService(): TestService {
            val unsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe").apply { isAccessible = true }.get(null)
            val allocate = unsafe.javaClass.getMethod("allocateInstance", Class::class.java)
            return allocate.invoke(unsafe, TestService::class.java) as TestService
        }
    }

    @BeforeEach
    fun reset() {
        screenerFor = { real }; budget = 4_000; failFirstResponse = false; contacts = emptySet()
        responses.clear(); results.clear(); failures.clear()
    }

    private fun ring(handle: String = "021 560 12 34"): Pair<CallScreeningService.CallResponse, ScreeningResult> {
        newService().onScreenCall(callDetails(tel(handle)))
        val response = responses.poll(6, TimeUnit.SECONDS) ?: error("no response within 6 s")
        val result = results.poll(6, TimeUnit.SECONDS) ?: error("onScreened not called")
        return response to result
    }

    @Test
    fun `a listed caller is rejected through respondToCall`() {
        val (response, result) = ring()
        assertEquals(Outcome.SCREENED, result.outcome, "${result.error}")
        assertTrue(response.disallowCall && response.rejectCall && response.skipNotification)
    }

    @Test
    fun `the contact lookup reaches the library`() {
        contacts = setOf("044 668 18 00")
        val (response, result) = ring("044 668 18 00")
        assertEquals(Action.ALLOW, result.verdict?.action)
        assertTrue("contact" in result.verdict!!.reasons, "reasons: ${result.verdict?.reasons}")
        assertFalse(response.disallowCall)
    }

    @Test
    fun `fail open - a screener that throws yields an allow response`() {
        screenerFor = { fakeScreener { throw RuntimeException("boom") } }
        val (response, result) = ring()
        assertEquals(Outcome.FAILED_OPEN, result.outcome)
        assertFalse(response.disallowCall || response.rejectCall || response.silenceCall)
        assertEquals(listOf("screening"), failures.toList())
    }

    @Test
    fun `fail open - a library that cannot load yields an allow response`() {
        screenerFor = { throw UnsatisfiedLinkError("libringfence.so not found") }
        val (response, result) = ring()
        assertEquals(Outcome.FAILED_OPEN, result.outcome)
        assertFalse(response.disallowCall)
    }

    @Test
    fun `a screening slower than the budget is answered allow in time`() {
        budget = 300
        screenerFor = { Thread.sleep(3_000); real }
        val started = System.nanoTime()
        val (response, result) = ring()
        assertTrue((System.nanoTime() - started) / 1_000_000 < 2_000)
        assertEquals(Outcome.TIMED_OUT, result.outcome)
        assertFalse(response.disallowCall)
        assertTrue(responses.poll(3_500, TimeUnit.MILLISECONDS) == null, "answered twice")
    }

    @Test
    fun `when the verdict's response cannot be sent, allow is sent instead`() {
        failFirstResponse = true
        val (response, _) = ring()
        assertFalse(response.disallowCall)
        assertEquals(listOf("respond"), failures.toList())
    }
}
