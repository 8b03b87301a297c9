package dev.ringfence.screening

import dev.ringfence.IncomingCall
import dev.ringfence.LookupFailure
import dev.ringfence.LookupOutcome
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

/**
 * The answer for one call, and how it was reached (for history and diagnostics). [lookup] is
 * what the online lookup gave before screening (`null`: none was made), e.g. a
 * [LookupFailure.LATE] when the call was screened without its answer.
 */
data class ScreeningResult(
    val decision: ResponseDecision,
    val outcome: Outcome,
    val event: CallEvent? = null,
    val verdict: Verdict? = null,
    val error: Throwable? = null,
    val lookup: LookupOutcome? = null,
) {
    companion object {
        /** Allow, because [error] was thrown while screening [event]. */
        fun failedOpen(error: Throwable, event: CallEvent? = null) =
            ScreeningResult(ResponseDecision.ALLOW, Outcome.FAILED_OPEN, event, error = error)

        /** Allow, because the time budget ran out (nothing known about the call). */
        val TIMED_OUT = ScreeningResult(ResponseDecision.ALLOW, Outcome.TIMED_OUT)

        /** Allow, because the time budget ran out while screening [event] (its facts, for history). */
        fun timedOut(event: CallEvent?) = ScreeningResult(ResponseDecision.ALLOW, Outcome.TIMED_OUT, event)
    }
}

/**
 * Screens calls and never throws: any [Throwable] on the way (reading the call, loading the
 * native library, the bindings rejecting a string, a bug) turns into an "allow" answer.
 * A phone that cannot screen must still ring.
 *
 * Fail-open is for the library failing, not for a missing fact: the app's own lookups
 * (contacts, region, own number) are guarded one by one before they get here (see
 * `RingfenceScreeningService.facts`), so a failed lookup means "unknown" or "not a contact"
 * and the user's block and allow rules still apply.
 *
 * [screener] is asked for lazily on every call, inside the guard, so a screener that is still
 * warming up or failed to load is handled like any other failure.
 *
 * [lookup] runs the online lookup of an incoming call before it is screened (within the call's
 * budget; the screener consults the cache it fills). It fails open on its own: a lookup that
 * throws is recorded as [LookupFailure.INTERNAL] and the call is screened without it.
 */
class FailOpenScreener(
    private val lookup: (IncomingCall) -> LookupOutcome? = { null },
    private val screener: () -> ScreenerInterface,
) {
    /**
     * Gathers the facts (inside the guard), then screens or records the call. [seen] gets the
     * call's event as soon as it is known (so a timeout can still report what the call was).
     */
    fun screen(seen: (CallEvent) -> Unit = {}, facts: () -> CallFacts): ScreeningResult {
        var event: CallEvent? = null
        return try {
            when (val e = facts().toCallEvent().also { event = it; seen(it) }) {
                is CallEvent.Incoming -> {
                    val looked = try { lookup(e.call) } catch (_: Throwable) { LookupOutcome.Failed(LookupFailure.INTERNAL) }
                    val verdict = screener().screen(e.call)
                    ScreeningResult(verdict.toDecision(), Outcome.SCREENED, e, verdict, lookup = looked)
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
