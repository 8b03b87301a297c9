package dev.ringfence.screening

import dev.ringfence.ScreenerInterface
import dev.ringfence.Verdict

/** How a screening ended. */
enum class Outcome {
    /** The library screened an incoming call. */
    SCREENED,

    /** An outgoing call was recorded; outgoing calls are always allowed. */
    OUTGOING_RECORDED,

    /** Something threw (library not loadable, bad input, a bug): the call was allowed. */
    FAILED_OPEN,

    /** Screening did not finish within the budget: the call was allowed. */
    TIMED_OUT,
}

/** The answer for one call, and how it was reached (for history and diagnostics). */
data class ScreeningResult(
    val decision: ResponseDecision,
    val outcome: Outcome,
    val event: CallEvent? = null,
    val verdict: Verdict? = null,
    val error: Throwable? = null,
) {
    companion object {
        /** Allow, because [error] was thrown while screening [event]. */
        fun failedOpen(error: Throwable, event: CallEvent? = null) =
            ScreeningResult(ResponseDecision.ALLOW, Outcome.FAILED_OPEN, event, error = error)

        /** Allow, because the time budget ran out. */
        val TIMED_OUT = ScreeningResult(ResponseDecision.ALLOW, Outcome.TIMED_OUT)
    }
}

/**
 * Screens calls and never throws: any [Throwable] on the way (gathering the facts, loading the
 * native library, the bindings rejecting a string, a bug) turns into an "allow" answer.
 * A phone that cannot screen must still ring.
 *
 * [screener] is asked for lazily on every call, inside the guard, so a screener that is still
 * warming up or failed to load is handled like any other failure.
 */
class FailOpenScreener(private val screener: () -> ScreenerInterface) {
    /** Gathers the facts (inside the guard), then screens or records the call. */
    fun screen(facts: () -> CallFacts): ScreeningResult {
        var event: CallEvent? = null
        return try {
            when (val e = facts().toCallEvent().also { event = it }) {
                is CallEvent.Incoming -> {
                    val verdict = screener().screen(e.call)
                    ScreeningResult(verdict.toDecision(), Outcome.SCREENED, e, verdict)
                }
                is CallEvent.Outgoing -> {
                    if (e.number != null) screener().recordOutgoing(e.number, e.time)
                    ScreeningResult(ResponseDecision.ALLOW, Outcome.OUTGOING_RECORDED, e)
                }
            }
        } catch (t: Throwable) {
            ScreeningResult.failedOpen(t, event)
        }
    }
}
