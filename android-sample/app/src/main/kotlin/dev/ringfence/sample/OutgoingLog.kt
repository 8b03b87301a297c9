package dev.ringfence.sample

/** A call the user placed. */
data class OutgoingCall(val number: String, val epochSeconds: Long, val utcOffsetMinutes: Int)

/**
 * The calls the user placed, kept in memory ([OutgoingStore]) so they can be replayed into a
 * screener created later in the same process; never written. Bounded like the library's
 * history: 14 days, 512 calls.
 */
object OutgoingLog {
    const val KEEP_SECONDS = 14 * 86_400L
    const val MAX_CALLS = 512
    /** The screening service and the broadcast receiver may both report one call. */
    const val DUPLICATE_SECONDS = 120L

    fun add(calls: List<OutgoingCall>, call: OutgoingCall, nowSeconds: Long): List<OutgoingCall> {
        val duplicate = calls.any { it.number == call.number && kotlin.math.abs(it.epochSeconds - call.epochSeconds) <= DUPLICATE_SECONDS }
        val all = if (duplicate) calls else calls + call
        return all.filter { nowSeconds - it.epochSeconds in -60..KEEP_SECONDS }.takeLast(MAX_CALLS)
    }
}

/** Tabs and line breaks would break the line formats: they become spaces. */
internal fun oneLine(s: String) = s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ')
