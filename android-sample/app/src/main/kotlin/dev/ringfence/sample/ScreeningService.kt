package dev.ringfence.sample

import android.telecom.Call
import dev.ringfence.ScreenerInterface
import dev.ringfence.android.RingfenceScreeningService
import dev.ringfence.screening.CallEvent
import dev.ringfence.screening.ScreeningResult

/**
 * The sample's call-screening service (declared in the manifest, bound by Android once the app
 * holds ROLE_CALL_SCREENING). The library's base class warms the screener up when the service
 * is created, answers every call inside Telecom's budget (counted from the call's creation)
 * and fails open; this class only supplies the app's lookups (each may fail: that fact is then
 * unknown) and records what happened. [onScreened] runs on the library's worker pool.
 */
class ScreeningService : RingfenceScreeningService() {
    override fun screener(): ScreenerInterface = Engine.get(this)

    override fun region(details: Call.Details): String? = PhoneInfo.region(this)

    // The default line's number: Android does not tell a screening app which line rang.
    override fun userNumber(details: Call.Details): String? = PhoneInfo.ownNumber(this)

    override fun isContact(number: String): Boolean = PhoneInfo.isContact(this, number)

    override fun onScreened(details: Call.Details, result: ScreeningResult) {
        when (val event = result.event) {
            // Already recorded in the screener by the base class; keep it for the next process.
            is CallEvent.Outgoing -> event.number?.let { OutgoingStore(this).remember(it, event.time) }
            else -> {
                HistoryEntry.of(result, System.currentTimeMillis() / 1000)?.let { HistoryStore(this).add(it) }
                result.decision.notice?.let { Notifications.showLabel(this, it) }
            }
        }
    }
}
