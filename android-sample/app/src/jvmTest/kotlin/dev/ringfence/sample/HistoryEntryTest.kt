package dev.ringfence.sample

import dev.ringfence.Action
import dev.ringfence.Category
import dev.ringfence.IncomingCall
import dev.ringfence.Presentation
import dev.ringfence.Verdict
import dev.ringfence.Verification
import dev.ringfence.screening.CallEvent
import dev.ringfence.screening.Outcome
import dev.ringfence.screening.ResponseDecision
import dev.ringfence.screening.ScreeningResult
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test

class HistoryEntryTest {
    private val call = IncomingCall(number = "021 560 12 34", presentation = Presentation.ALLOWED, verification = Verification.FAILED)

    @Test
    fun `a screened call keeps the verdict's fields`() {
        val verdict = Verdict(Action.BLOCK, 90u, Category.SPAM, listOf("user_block", "verification_failed"), "Spam\trange", null, "+41215601234")
        val result = ScreeningResult(ResponseDecision.ALLOW, Outcome.SCREENED, CallEvent.Incoming(call), verdict)
        val entry = HistoryEntry.of(result, 1_700_000_000)!!
        assertEquals(HistoryEntry(1_700_000_000, "+41215601234", "block", "spam", 90, listOf("user_block", "verification_failed"), "Spam\trange"), entry)
        assertEquals(entry.copy(label = "Spam range"), HistoryEntry.decode(HistoryEntry.encode(entry).trimEnd('\n')))
    }

    @Test
    fun `an unscreened call says why it was allowed, outgoing calls are not history`() {
        val failed = HistoryEntry.of(ScreeningResult.failedOpen(IllegalStateException(), CallEvent.Incoming(call)), 5)!!
        assertEquals(HistoryEntry(5, "021 560 12 34", "allow", "none", 0, listOf("failed_open"), null), failed)
        assertEquals(listOf("timed_out"), HistoryEntry.of(ScreeningResult.TIMED_OUT, 5)!!.reasons)
        assertEquals(HistoryEntry.HIDDEN, HistoryEntry.of(ScreeningResult.TIMED_OUT, 5)!!.caller)
        assertNull(HistoryEntry.of(ScreeningResult(ResponseDecision.ALLOW, Outcome.OUTGOING_RECORDED, CallEvent.Outgoing("112", null)), 5))
        assertNull(HistoryEntry.decode("not\tenough"))
    }
}
