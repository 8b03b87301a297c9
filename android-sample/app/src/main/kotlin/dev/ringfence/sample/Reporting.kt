package dev.ringfence.sample

import dev.ringfence.Action
import dev.ringfence.CallTime
import dev.ringfence.Category
import dev.ringfence.IncomingCall
import dev.ringfence.Presentation
import dev.ringfence.ReportRecord
import dev.ringfence.ScreenerInterface
import dev.ringfence.Verification

/**
 * The history's "report" action: blocks the caller with a spam rule (the library's `report`) and
 * returns the record an app would send to its feed service (the sample sends nothing). The
 * record holds the reported number, the category, the call's time and the install pseudonym:
 * never the user's own number, which is only passed so the library can refuse a report of it.
 */
object Reporting {
    /** The call of a history [entry], or `null` when it has no number to report. */
    fun callOf(entry: HistoryEntry, userNumber: String?, utcOffsetMinutes: Int): IncomingCall? {
        val number = entry.caller ?: return null
        return IncomingCall(
            number = number,
            presentation = Presentation.ALLOWED,
            verification = Verification.NOT_VERIFIED,
            userNumber = userNumber,
            time = CallTime(entry.epochSeconds, utcOffsetMinutes.coerceIn(-18 * 60, 18 * 60).toShort()),
        )
    }

    /** Reports [entry] as spam and blocks its number; throws the library's typed error when refused. */
    fun report(screener: ScreenerInterface, entry: HistoryEntry, userNumber: String?, utcOffsetMinutes: Int, pseudonym: String): ReportRecord {
        val call = callOf(entry, userNumber, utcOffsetMinutes) ?: throw IllegalArgumentException("a call without a number cannot be reported")
        return screener.report(call, Category.SPAM, Action.BLOCK, pseudonym, "Reported as spam")
    }
}
