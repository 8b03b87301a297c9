package dev.ringfence.sample

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import dev.ringfence.screening.cleanOrNull
import java.util.TimeZone

/**
 * Records every call the user places, emergency numbers included, from the
 * `NEW_OUTGOING_CALL` broadcast (needs PROCESS_OUTGOING_CALLS).
 *
 * It never holds the broadcast: up to Android 14 the broadcast is ordered and the call is only
 * placed once every receiver has finished, so a receiver that waits (goAsync plus work on a
 * busy thread) delays dialling, and after ~10 s the app is reported not responding. So
 * [onReceive] only keeps the number ([OutgoingRecorder]: in memory only, never written) and
 * hands `recordOutgoing` to its own coroutine lane. From Android 15 the broadcast is delivered
 * unordered, in the background: it cannot delay the call at all.
 *
 * Why this and the screening service both: the role holder's screening service also sees
 * outgoing calls (direction outgoing; the library records those without any permission), but
 * only calls to `tel:` numbers that are not contacts, and Telecom does not promise to screen
 * emergency calls. The broadcast is deprecated since API 29 yet still delivered to manifest
 * receivers (it is exempt from the implicit-broadcast limits), is a protected broadcast (only
 * the system can send it, so no app can fake a "recently dialled" number) and is sent for
 * emergency calls too, which is what opens the emergency call-back window. The call log would
 * need READ_CALL_LOG and shows a call only once it ended: too late for a call-back during the
 * emergency.
 */
open class OutgoingCallReceiver : BroadcastReceiver() {
    @Suppress("DEPRECATION") // ACTION_NEW_OUTGOING_CALL: see the class comment
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action != Intent.ACTION_NEW_OUTGOING_CALL) return
        val number = intent.getStringExtra(Intent.EXTRA_PHONE_NUMBER).cleanOrNull() ?: return
        val nowMillis = System.currentTimeMillis()
        val offsetMinutes = TimeZone.getDefault().getOffset(nowMillis) / 60_000
        recorder(context).onDialled(OutgoingCall(number, nowMillis / 1000, offsetMinutes))
    }

    /** The app's recorder (a seam for tests). */
    protected open fun recorder(context: Context): OutgoingRecorder = Engine.outgoingRecorder(context)
}
