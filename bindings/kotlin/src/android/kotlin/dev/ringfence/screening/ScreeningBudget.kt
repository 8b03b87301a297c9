package dev.ringfence.screening

/**
 * How long the screening of one call may take.
 *
 * Telecom runs one 5 s timer for the whole incoming-call filtering: its own lookups, the
 * carrier's screener, and binding (or cold-starting) this app's service all come out of it. A
 * verdict that arrives after it is dropped and the call rings. So the deadline counts from the
 * call's creation time (`Call.Details#getCreationTimeMillis`, wall clock): at most
 * [DEADLINE_AFTER_CREATION_MILLIS] after it (a second of margin for the answer's way back),
 * never more than [MAX_MILLIS] from now, and never less than [MIN_MILLIS], so a warm screener
 * (microseconds) still answers a call whose service was bound late.
 */
object ScreeningBudget {
    /** The longest one call may take from when the service is asked. */
    const val MAX_MILLIS = 3_000L

    /** The deadline, counted from the call's creation. */
    const val DEADLINE_AFTER_CREATION_MILLIS = 4_000L

    /** The shortest budget, however late the service was bound. */
    const val MIN_MILLIS = 200L

    /** Kept for screening when an online lookup waits inside the budget. */
    const val SCREEN_RESERVE_MILLIS = 300L

    /**
     * How long a call may wait for its online lookup ([dev.ringfence.LookupFetcher]): what is
     * left of [budgetMillis] after [elapsedMillis], less [SCREEN_RESERVE_MILLIS] for screening,
     * at most the fetcher's [lookupDeadlineMillis], never negative (0: answer only from the
     * cache; the fetch goes on for a later call).
     */
    fun lookupWait(budgetMillis: Long, elapsedMillis: Long, lookupDeadlineMillis: Long): Long =
        maxOf(0L, minOf(lookupDeadlineMillis, budgetMillis - elapsedMillis - SCREEN_RESERVE_MILLIS))

    /**
     * The budget for a call created at [creationTimeMillis] (0 or less: unknown) when the
     * service is asked at [nowMillis]: `min(maxMillis, creation + 4 s − now)`, at least
     * [MIN_MILLIS] (unless [maxMillis] is smaller). A creation time in the future (a clock
     * change) gives [maxMillis].
     */
    fun forCall(creationTimeMillis: Long, nowMillis: Long, maxMillis: Long = MAX_MILLIS): Long {
        if (creationTimeMillis <= 0) return maxMillis
        val left = creationTimeMillis + DEADLINE_AFTER_CREATION_MILLIS - nowMillis
        return minOf(maxMillis, maxOf(MIN_MILLIS, left))
    }
}
