package dev.ringfence.sample

import android.util.Log
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineExceptionHandler
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob

/**
 * The app's own work, in kotlinx.coroutines lanes, so no kind of work waits behind another:
 * - [screener]: one lane (a single-parallelism view of `Dispatchers.IO`) for changes to the
 *   screener and the files behind it: warm-up, rule edits and their save, settings. A rule edit
 *   and its save never interleave with another.
 * - [outgoing]: recording outgoing calls into the screener, apart from the above, so a
 *   dialled number never waits for the screener lane (the receiver does not wait at all).
 * - `Dispatchers.IO`: feed downloads ([FeedUpdateJob], "Check for updates") and file reads.
 *   [FeedUpdater] serializes its own installs.
 * Incoming calls use none of these: the library screens them on its own worker pool.
 */
object Lanes {
    private const val TAG = "RingfenceSample"

    /** Lives as long as the process; one failed job never cancels the others. */
    val scope = CoroutineScope(
        SupervisorJob() + Dispatchers.Default +
            CoroutineExceptionHandler { _, t -> Log.w(TAG, "background work failed (${t.javaClass.name})") },
    )

    /** Screener changes, one at a time. */
    val screener: CoroutineDispatcher = Dispatchers.IO.limitedParallelism(1)

    /** Outgoing calls into the screener, one at a time. */
    val outgoing: CoroutineDispatcher = Dispatchers.IO.limitedParallelism(1)
}
