package dev.ringfence.screening

import dev.ringfence.Action
import dev.ringfence.Verdict

/**
 * A `CallScreeningService.CallResponse` as plain data: the adapter
 * (`dev.ringfence.android.toCallResponse`) copies each flag onto the framework builder.
 */
data class ResponseDecision(
    val disallowCall: Boolean = false,
    val rejectCall: Boolean = false,
    val silenceCall: Boolean = false,
    val skipCallLog: Boolean = false,
    val skipNotification: Boolean = false,
    /** For a labelled call: what the app should show in a notification while it rings. */
    val notice: Notice? = null,
) {
    companion object {
        /** Let the call ring normally: the fail-open answer. */
        val ALLOW = ResponseDecision()
    }
}

/**
 * A warning to show for a call that rings: the verdict's localized label and advice, then its
 * customer-brand reminder; or the reminder alone (as the title) for a call without a label.
 */
data class Notice(val title: String, val text: String?)

/**
 * How each verdict action answers the framework:
 * - `BLOCK`: disallow + reject + skip the missed-call notification (it stays in the call log);
 * - `SILENCE`: ring silently (allowed, no sound), with a [Notice] only for a reminder;
 * - `LABEL`: allow, plus a [Notice] with the localized label, advice and reminder;
 * - `ALLOW`: allow, with a [Notice] only for a reminder.
 */
fun Verdict.toDecision(): ResponseDecision = when (action) {
    Action.BLOCK -> ResponseDecision(disallowCall = true, rejectCall = true, skipNotification = true)
    Action.SILENCE -> ResponseDecision(silenceCall = true, notice = reminderNotice())
    Action.LABEL -> ResponseDecision(notice = labelNotice() ?: reminderNotice())
    Action.ALLOW -> reminderNotice()?.let { ResponseDecision(notice = it) } ?: ResponseDecision.ALLOW
}

private fun Verdict.labelNotice(): Notice? =
    label?.let { Notice(it, listOfNotNull(advice, reminder).joinToString("\n\n").ifEmpty { null }) }

private fun Verdict.reminderNotice(): Notice? = reminder?.let { Notice(it, null) }
