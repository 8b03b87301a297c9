package dev.ringfence.sample

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.util.Log
import dev.ringfence.CallTime
import dev.ringfence.screening.cleanOrNull
import java.util.TimeZone

/**
 * Records every call the user places, emergency numbers included, from the
 * `NEW_OUTGOING_CALL` broadcast (needs PROCESS_OUTGOING_CALLS).
 *
 * Why this and the screening service both: Android (API 29+) also shows outgoing calls to the
 * screening app, and the base service records those without any permission, but only calls to
 * `tel:` numbers that are not contacts, and we do not rely on Telecom screening emergency calls.
 * The broadcast is deprecated since API 29 yet still delivered to manifest receivers (it is
 * exempt from the implicit-broadcast limits), compiles on API 34, is a protected broadcast
 * (only the system can send it, so no app can fake a "recently dialled" number) and is sent
 * for emergency calls too, which is what opens the emergency call-back window. The call log
 * would need READ_CALL_LOG and shows a call only once it ended: too late for a call-back
 * during the emergency.
 */
class OutgoingCallReceiver : BroadcastReceiver() {
    @Suppress("DEPRECATION") // ACTION_NEW_OUTGOING_CALL: see the class comment
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action != Intent.ACTION_NEW_OUTGOING_CALL) return
        val number = intent.getStringExtra(Intent.EXTRA_PHONE_NUMBER).cleanOrNull() ?: return
        val nowMillis = System.currentTimeMillis()
        val time = CallTime(nowMillis / 1000, (TimeZone.getDefault().getOffset(nowMillis) / 60_000).toShort())
        val pending = goAsync()
        val app = context.applicationContext
        Engine.background.execute {
            try {
                Engine.get(app).recordOutgoing(number, time)
                OutgoingStore(app).remember(number, time)
            } catch (t: Throwable) {
                Log.w("RingfenceSample", "could not record an outgoing call (${t.javaClass.name})")
            } finally {
                pending.finish()
            }
        }
    }
}
