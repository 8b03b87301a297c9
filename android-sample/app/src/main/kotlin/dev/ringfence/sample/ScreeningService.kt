package dev.ringfence.sample

import android.telecom.Call
import dev.ringfence.ScreenerInterface
import dev.ringfence.android.RingfenceScreeningService
import dev.ringfence.screening.CallEvent
import dev.ringfence.screening.ScreeningResult

/**
 * The sample's call-screening service (declared in the manifest, bound by Android once the app
 * holds ROLE_CALL_SCREENING). The library's base class answers every call within 4 s and fails
 * open; this class only supplies the app's lookups and records what happened.
 */
class ScreeningService : RingfenceScreeningService() {
    override fun screener(): ScreenerInterface = Engine.get(this)

    override fun region(details: Call.Details): String? = PhoneInfo.region(this)

    override fun userNumber(details: Call.Details): String? = PhoneInfo.ownNumber(this, details.accountHandle)

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
