package dev.ringfence.android

import android.telecom.Call
import android.telecom.CallScreeningService
import dev.ringfence.Action
import dev.ringfence.Rule
import dev.ringfence.Screener
import dev.ringfence.ScreenerInterface
import dev.ringfence.screening.CallEvent
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
        override fun region(details: Call.Details) = regionOf()
        override fun userNumber(details: Call.Details) = ownNumber()
        override fun isContact(number: String) = contactsHave(number)
        override val budgetMillis: Long get() = budget
        override fun nowMillis() = CREATED + bindDelayMillis
        override val sdkInt: Int get() = 34
        override fun respond(details: Call.Details, response: CallScreeningService.CallResponse) {
            if (failFirstResponse) { failFirstResponse = false; error("binder died") }
            responses.add(response)
        }
        override fun onScreened(details: Call.Details, result: ScreeningResult) {
            screenedOn = Thread.currentThread().name
            results.add(result)
        }
        override fun logFailure(where: String, error: Throwable) { failures.add(where) }
    }

    companion object {
        @Volatile var screenerFor: () -> ScreenerInterface = { error("unset") }
        @Volatile var budget = 4_000L
        @Volatile var failFirstResponse = false
        @Volatile var contacts = emptySet<String>()
        @Volatile var regionOf: () -> String? = { "CH" }
        @Volatile var ownNumber: () -> String? = { null }
        @Volatile var contactsHave: (String) -> Boolean = { contacts.contains(it) }
        /** How long after the call's creation Telecom got to bind the service. */
        @Volatile var bindDelayMillis = 0L
        @Volatile var screenedOn: String? = null
        const val CREATED = 1_700_000_000_000L
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
        screenerFor = { real }; budget = 3_000; failFirstResponse = false; contacts = emptySet()
        regionOf = { "CH" }; ownNumber = { null }; contactsHave = { contacts.contains(it) }
        bindDelayMillis = 0; screenedOn = null
        responses.clear(); results.clear(); failures.clear()
    }

    private fun ring(handle: String = "021 560 12 34"): Pair<CallScreeningService.CallResponse, ScreeningResult> {
        newService().onScreenCall(callDetails(tel(handle), createdMillis = CREATED))
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

    @Test
    fun `a late bind gets a shorter budget and is still answered in time, with the call's facts`() {
        bindDelayMillis = 3_500 // Telecom's 5 s started 3.5 s ago: 500 ms are left for us
        screenerFor = { Thread.sleep(2_000); real }
        val started = System.nanoTime()
        val (response, result) = ring()
        val elapsed = (System.nanoTime() - started) / 1_000_000
        assertTrue(elapsed in 400..1_500, "answered after $elapsed ms, budget 500 ms")
        assertEquals(Outcome.TIMED_OUT, result.outcome)
        assertFalse(response.disallowCall)
        assertEquals("021 560 12 34", (result.event as? CallEvent.Incoming)?.call?.number, "reported with its facts")
        assertTrue(screenedOn!!.startsWith("ringfence-screen"), "onScreened ran on $screenedOn, not the worker pool")
    }

    @Test
    fun `a late bind with a warm screener is still screened`() {
        ring() // warm: library loaded, screener built
        bindDelayMillis = 3_750 // 250 ms left
        val (response, result) = ring()
        assertEquals(Outcome.SCREENED, result.outcome, "${result.error}")
        assertTrue(response.disallowCall && response.rejectCall)
    }

    /** Rings the block-listed caller: still screened and rejected, with [failure] logged. */
    private fun assertBlockListStillApplies(failure: String): ScreeningResult {
        val (response, result) = ring()
        assertEquals(Outcome.SCREENED, result.outcome, "${result.error}")
        assertTrue(response.disallowCall && response.rejectCall)
        assertEquals(listOf(failure), failures.toList())
        return result
    }

    @Test
    fun `a failed region lookup means unknown region, and the block list still applies`() {
        regionOf = { throw IllegalStateException("TelephonyManager gone") }
        assertBlockListStillApplies("region lookup")
    }

    @Test
    fun `a failed own-number lookup means unknown, and the block list still applies`() {
        ownNumber = { throw SecurityException("no READ_PHONE_NUMBERS") }
        assertBlockListStillApplies("own number lookup")
    }

    @Test
    fun `a failed contacts lookup means not a contact - a block-listed caller is still rejected`() {
        contactsHave = { throw IllegalArgumentException("contacts provider failed") }
        val result = assertBlockListStillApplies("contacts lookup")
        assertEquals(false, (result.event as CallEvent.Incoming).call.inContacts)
    }

    @Test
    fun `an allow rule still applies when the contacts lookup fails`() {
        real.addRule(Rule("+41215609999", Action.ALLOW, null, null))
        try {
            contactsHave = { throw SecurityException("no READ_CONTACTS") }
            val (response, result) = ring("021 560 99 99")
            assertEquals(Action.ALLOW, result.verdict?.action)
            assertTrue("user_allow" in result.verdict!!.reasons, "reasons: ${result.verdict?.reasons}")
            assertFalse(response.disallowCall)
        } finally {
            real.removeRule("+41215609999")
        }
    }

    @Test
    fun `the screener is warmed up off the calling thread when the service is created`() {
        val warmed = LinkedBlockingQueue<String>()
        screenerFor = { warmed.add(Thread.currentThread().name); real }
        newService().onCreate()
        // Generous: the lane may still be finishing an earlier test's stalled call on a loaded machine.
        val thread = warmed.poll(60, TimeUnit.SECONDS) ?: error("screener() not called at creation")
        assertTrue(thread.startsWith("ringfence-screen"), "warmed on $thread")
        assertEquals(emptyList<String>(), failures.toList())
    }
}
