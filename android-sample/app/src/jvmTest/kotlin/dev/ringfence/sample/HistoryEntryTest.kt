package dev.ringfence.sample

import dev.ringfence.Action
import dev.ringfence.CallTime
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
        assertEquals(
            HistoryEntry(1_700_000_000, "+41215601234", Outcome.SCREENED, Action.BLOCK, Category.SPAM, 90, listOf("user_block", "verification_failed"), "Spam\trange"),
            entry,
        )
        assertEquals(entry.copy(label = "Spam range"), HistoryEntry.decode(HistoryEntry.encode(entry).trimEnd('\n')))
    }

    @Test
    fun `an unscreened call says why it was allowed, outgoing calls are not history`() {
        val failed = HistoryEntry.of(ScreeningResult.failedOpen(IllegalStateException(), CallEvent.Incoming(call)), 5)!!
        assertEquals(HistoryEntry(5, "021 560 12 34", Outcome.FAILED_OPEN, Action.ALLOW, Category.NONE, 0, emptyList(), null), failed)
        assertEquals(Outcome.TIMED_OUT, HistoryEntry.of(ScreeningResult.TIMED_OUT, 5)!!.outcome)
        assertNull(HistoryEntry.of(ScreeningResult.TIMED_OUT, 5)!!.caller, "nothing known about the call")
        assertNull(HistoryEntry.of(ScreeningResult(ResponseDecision.ALLOW, Outcome.OUTGOING_RECORDED, CallEvent.Outgoing("112", null)), 5))
        assertNull(HistoryEntry.decode("not\tenough"))
        assertEquals(failed, HistoryEntry.decode(HistoryEntry.encode(failed).trimEnd('\n')))
    }

    @Test
    fun `a timed-out call is kept with its facts, not as hidden`() {
        val timed = call.copy(time = CallTime(1_700_000_000, 60))
        val entry = HistoryEntry.of(ScreeningResult.timedOut(CallEvent.Incoming(timed)), 5)!!
        assertEquals(HistoryEntry(1_700_000_000, "021 560 12 34", Outcome.TIMED_OUT, Action.ALLOW, Category.NONE, 0, emptyList(), null), entry)
        assertEquals(entry, HistoryEntry.decode(HistoryEntry.encode(entry).trimEnd('\n')))
    }

    @Test
    fun `a line with an unknown enum name is skipped, not guessed`() {
        val line = HistoryEntry.encode(HistoryEntry(5, null, Outcome.SCREENED, Action.BLOCK, Category.SPAM, 1, emptyList(), null))
        assertNull(HistoryEntry.decode(line.replace("BLOCK", "EXPLODE").trimEnd('\n')))
        assertNull(HistoryEntry.decode(line.replace("SCREENED", "screened").trimEnd('\n')))
    }
}
