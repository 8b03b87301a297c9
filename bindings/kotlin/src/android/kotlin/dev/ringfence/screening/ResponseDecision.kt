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

/** A warning to show for a call that rings: the verdict's localized label and advice. */
data class Notice(val title: String, val text: String?)

/**
 * How each verdict action answers the framework:
 * - `BLOCK`: disallow + reject + skip the missed-call notification (it stays in the call log);
 * - `SILENCE`: ring silently (allowed, no sound);
 * - `LABEL`: allow, plus a [Notice] with the localized label and advice;
 * - `ALLOW`: allow.
 */
fun Verdict.toDecision(): ResponseDecision = when (action) {
    Action.BLOCK -> ResponseDecision(disallowCall = true, rejectCall = true, skipNotification = true)
    Action.SILENCE -> ResponseDecision(silenceCall = true)
    Action.LABEL -> ResponseDecision(notice = label?.let { Notice(it, advice) })
    Action.ALLOW -> ResponseDecision.ALLOW
}
