package dev.ringfence.sample

import android.content.Context
import android.content.ContextWrapper
import android.content.Intent
import dev.ringfence.Action
import dev.ringfence.IncomingCall
import dev.ringfence.Presentation
import dev.ringfence.Rule
import dev.ringfence.Verification
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.concurrent.CountDownLatch
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * The outgoing-call receiver against android-all's real Intent: `onReceive` keeps the number
 * and returns at once; the screener's `recordOutgoing` happens later, on its own lane, even
 * while that lane is busy (here: blocked until the test lets it go).
 */
class OutgoingCallReceiverTest {
    class TestReceiver(private val recorder: OutgoingRecorder) : OutgoingCallReceiver() {
        override fun recorder(context: Context) = recorder
    }

    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private val lane = Dispatchers.IO.limitedParallelism(1)
    private val warnings = LinkedBlockingQueue<String>()

    @Suppress("DEPRECATION")
    private fun dial(number: String?) = Intent(Intent.ACTION_NEW_OUTGOING_CALL).apply {
        if (number != null) putExtra(Intent.EXTRA_PHONE_NUMBER, number)
    }

    @Test
    fun `onReceive returns at once, keeps the number, and records it later`() {
        val kept = LinkedBlockingQueue<OutgoingCall>()
        val recorded = LinkedBlockingQueue<OutgoingCall>()
        val screenerBusy = CountDownLatch(1)
        val recorder = OutgoingRecorder(
            keep = { kept.add(it) },
            record = { screenerBusy.await(); recorded.add(it) }, // e.g. the library still loading
            scope = scope, lane = lane, warn = { warnings.add(it) },
        )
        val started = System.nanoTime()
        TestReceiver(recorder).onReceive(ContextWrapper(null), dial(" 112 "))
        val elapsedMs = (System.nanoTime() - started) / 1_000_000
        assertTrue(elapsedMs < 500, "onReceive took $elapsedMs ms")
        assertEquals("112", kept.single().number, "kept in onReceive")
        assertTrue(recorded.isEmpty(), "recorded later, not in onReceive")
        val now = System.currentTimeMillis() / 1000
        assertTrue(kotlin.math.abs(kept.single().epochSeconds - now) <= 2)

        screenerBusy.countDown()
        assertEquals("112", recorded.poll(5, TimeUnit.SECONDS)?.number)
        assertTrue(warnings.isEmpty(), "$warnings")
    }

    @Test
    fun `other broadcasts and blank numbers are ignored`() {
        val kept = LinkedBlockingQueue<OutgoingCall>()
        val receiver = TestReceiver(OutgoingRecorder({ kept.add(it) }, { error("never") }, scope, lane) { warnings.add(it) })
        receiver.onReceive(ContextWrapper(null), Intent("android.intent.action.SOMETHING_ELSE").putExtra(Intent.EXTRA_PHONE_NUMBER, "112"))
        receiver.onReceive(ContextWrapper(null), dial("   "))
        receiver.onReceive(ContextWrapper(null), dial(null))
        assertTrue(kept.isEmpty())
    }

    @Test
    fun `a screener that fails to record is logged, never thrown at the receiver`() {
        val recorder = OutgoingRecorder({}, { throw UnsatisfiedLinkError("no libringfence.so") }, scope, lane) { warnings.add(it) }
        TestReceiver(recorder).onReceive(ContextWrapper(null), dial("112"))
        val warning = warnings.poll(5, TimeUnit.SECONDS)
        assertEquals("could not record an outgoing call (java.lang.UnsatisfiedLinkError)", warning)
    }

    @Test
    fun `a recorded emergency call opens the call-back window in the real screener`() {
        swissScreener().use { screener ->
            screener.addRule(Rule("+4121560####", Action.BLOCK, null, null))
            val recorder = OutgoingRecorder({}, { screener.recordOutgoing(it.number, it.callTime()) }, scope, lane) { warnings.add(it) }
            runBlocking { recorder.onDialled(OutgoingCall("112", 1_700_000_000, 60)).join() }
            val callBack = IncomingCall(
                number = "021 560 12 34", presentation = Presentation.ALLOWED, verification = Verification.NOT_VERIFIED,
                time = dev.ringfence.CallTime(1_700_000_600, 60),
            )
            val verdict = screener.screen(callBack)
            assertEquals(Action.ALLOW, verdict.action)
            assertEquals("emergency_callback", verdict.reasons.first())
            assertNull(warnings.poll())
        }
    }
}
