package dev.ringfence.sample

import android.util.Log
import dev.ringfence.CallTime
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch

/**
 * What happens to a number the user dialled, without holding anybody up: [keep] keeps it at
 * once (cheap: [OutgoingStore] holds it in memory, never on disk), and the screener's
 * `recordOutgoing` ([record]) runs later on its own [lane], since the screener may still be
 * loading; a screener created later in the same process gets it too ([OutgoingStore.replayInto]).
 */
class OutgoingRecorder(
    private val keep: (OutgoingCall) -> Unit,
    private val record: (OutgoingCall) -> Unit,
    private val scope: CoroutineScope = Lanes.scope,
    private val lane: CoroutineDispatcher = Lanes.outgoing,
    private val warn: (String) -> Unit = { Log.w("RingfenceSample", it) },
) {
    /** Keeps [call] now and records it in the screener later; returns at once. */
    fun onDialled(call: OutgoingCall): Job {
        try {
            keep(call)
        } catch (e: Exception) {
            warn("could not keep an outgoing call (${e.javaClass.name})")
        }
        return scope.launch(lane) {
            try {
                record(call)
            } catch (t: Throwable) {
                if (t is CancellationException) throw t
                warn("could not record an outgoing call (${t.javaClass.name})")
            }
        }
    }
}

/** The call as the library records it. */
fun OutgoingCall.callTime() = CallTime(epochSeconds, utcOffsetMinutes.toShort())
