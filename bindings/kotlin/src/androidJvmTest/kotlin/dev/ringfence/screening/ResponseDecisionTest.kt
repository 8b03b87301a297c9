package dev.ringfence.screening

import dev.ringfence.Action
import dev.ringfence.Category
import dev.ringfence.Verdict
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class ResponseDecisionTest {
    private fun verdict(action: Action, label: String? = null, advice: String? = null, reminder: String? = null) =
        Verdict(action, 50u, Category.SPAM, listOf("user_block"), label, advice, "+41215601234", reminder)

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

    @Test
    fun `a customer-brand reminder is shown on calls that ring or are silenced, never on blocked ones`() {
        val r = "If the caller says they are from Acme: hang up."
        assertEquals(ResponseDecision(notice = Notice(r, null)), verdict(Action.ALLOW, reminder = r).toDecision())
        assertEquals(ResponseDecision(silenceCall = true, notice = Notice(r, null)), verdict(Action.SILENCE, reminder = r).toDecision())
        assertEquals(
            ResponseDecision(notice = Notice("Spam range", "Do not share codes\n\n$r")),
            verdict(Action.LABEL, "Spam range", "Do not share codes", r).toDecision(),
        )
        assertEquals(ResponseDecision(disallowCall = true, rejectCall = true, skipNotification = true), verdict(Action.BLOCK, reminder = r).toDecision())
    }
}
