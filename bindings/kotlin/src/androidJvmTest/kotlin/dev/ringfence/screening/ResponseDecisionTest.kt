package dev.ringfence.screening

import dev.ringfence.Action
import dev.ringfence.Category
import dev.ringfence.Verdict
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class ResponseDecisionTest {
    private fun verdict(action: Action, label: String? = null, advice: String? = null) =
        Verdict(action, 50u, Category.SPAM, listOf("user_block"), label, advice, "+41215601234")

    @Test
    fun `block disallows, rejects and skips the notification but keeps the call log`() {
        assertEquals(
            ResponseDecision(disallowCall = true, rejectCall = true, skipNotification = true),
            verdict(Action.BLOCK).toDecision(),
        )
    }

    @Test
    fun `silence only silences`() {
        assertEquals(ResponseDecision(silenceCall = true), verdict(Action.SILENCE).toDecision())
    }

    @Test
    fun `label allows and carries the label and advice for a notification`() {
        assertEquals(
            ResponseDecision(notice = Notice("Spam range", "Do not share codes")),
            verdict(Action.LABEL, "Spam range", "Do not share codes").toDecision(),
        )
        assertEquals(ResponseDecision.ALLOW, verdict(Action.LABEL).toDecision())
    }

    @Test
    fun `allow allows`() {
        assertEquals(ResponseDecision.ALLOW, verdict(Action.ALLOW, "x").toDecision())
    }
}
