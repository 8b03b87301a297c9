package dev.ringfence.android

import android.os.Build
import android.telecom.Call
import android.telecom.CallScreeningService
import android.util.Log
import dev.ringfence.IncomingCall
import dev.ringfence.LookupFetcher
import dev.ringfence.LookupOutcome
import dev.ringfence.ScreenerInterface
import dev.ringfence.screening.CallEvent
import dev.ringfence.screening.CallFacts
import dev.ringfence.screening.DeadlineRunner
import dev.ringfence.screening.FailOpenScreener
import dev.ringfence.screening.ResponseDecision
import dev.ringfence.screening.ScreeningBudget
import dev.ringfence.screening.ScreeningResult
import dev.ringfence.screening.Telecom
import dev.ringfence.screening.numberOf
import java.util.Locale
import java.util.concurrent.atomic.AtomicReference

/**
 * A `CallScreeningService` that screens with Ringfence. Subclass it, return the app's
 * long-lived screener from [screener], declare the subclass in the manifest with
 * `android.permission.BIND_SCREENING_SERVICE`, and hold `RoleManager.ROLE_CALL_SCREENING`.
 *
 * Every call is answered exactly once with `respondToCall`, from a worker thread:
 * - with the verdict's response ([dev.ringfence.screening.toDecision]) when screening finishes
 *   within the call's budget ([ScreeningBudget]: Telecom's 5 s count from the call's creation,
 *   not from the bind, so the budget is `min(3 s, creation + 4 s − now)`);
 * - with "allow" on timeout or on any exception or error of the library (fail open).
 * The app's lookups ([region], [userNumber], [isContact]) are guarded one by one: a failed
 * lookup means "unknown" or "not a contact", and the user's block and allow rules still apply.
 *
 * What the role gives: for incoming calls the direction, verification status, creation time
 * and the number (none for withheld, unknown or payphone callers, which Android documents as
 * "not provided" to screening apps); no caller name, no phone account (line). Since Android 10
 * the role holder also sees outgoing calls to numbers that are not contacts (direction
 * outgoing): those are recorded with `recordOutgoing` and allowed.
 *
 * Online lookup ([lookupFetcher], off by default): for an incoming call from a number that is
 * not a contact, the bucket is fetched before screening, waiting at most
 * [ScreeningBudget.lookupWait] (the fetcher's deadline, within what is left of the call's
 * budget). A late answer does not hold the call: it is screened without it
 * ([dev.ringfence.LookupFailure.LATE] in [ScreeningResult.lookup]) while the fetch goes on and
 * caches the answer, which a later call from the same number uses at once.
 *
 * The native library and the screener are warmed up when Android creates the service (before
 * the first `onScreenCall`); [screener], [region], [userNumber] and [isContact] run on the
 * worker thread inside the budget; [onScreened] runs on the worker pool after the answer was
 * sent, for timed-out calls too (with what is known about the call).
 */
abstract class RingfenceScreeningService : CallScreeningService() {
    /** The app's screener, created once (it may still be warming up: waiting is fine). */
    protected abstract fun screener(): ScreenerInterface

    /** Region (ISO alpha-2) of the network the phone is on, if known. */
    protected open fun region(details: Call.Details): String? = null

    /**
     * The user's own number, if the app may read it. Android does not tell a screening app
     * which line the call arrived on (the phone account is blanked), so on a multi-SIM phone
     * this is the default line's number at best.
     */
    protected open fun userNumber(details: Call.Details): String? = null

    /**
     * The line (SIM subscription / phone account id) of a call whose phone account Android
     * blanked, if the app knows it another way; the call's own phone account comes first.
     */
    protected open fun line(details: Call.Details): String? = null

    /**
     * The online lookup's fetcher, created once (`null`: no online lookup). The screener must
     * use the same client (`Screener.useLookup`), so that screening sees the cached answers.
     */
    protected open fun lookupFetcher(): LookupFetcher? = null

    /** Whether [number] is one of the user's contacts (needs READ_CONTACTS). */
    protected open fun isContact(number: String): Boolean = false

    /** After the response was sent: history, the label notification… Exceptions are logged. */
    protected open fun onScreened(details: Call.Details, result: ScreeningResult) {}

    /** The longest one call may take from `onScreenCall` ([ScreeningBudget.MAX_MILLIS]). */
    protected open val budgetMillis: Long get() = ScreeningBudget.MAX_MILLIS

    /** The wall clock the call's creation time is compared with (a seam for tests). */
    protected open fun nowMillis(): Long = System.currentTimeMillis()

    /** The platform's API level (a parameter for plain-JVM tests). */
    protected open val sdkInt: Int get() = Build.VERSION.SDK_INT

    override fun onCreate() {
        super.onCreate()
        warmUp()
    }

    /**
     * Regions whose numbering plans to compile before the first call (the regions most calls
     * come from are always included): by default the country of the default locale.
     */
    protected open fun warmUpRegions(): List<String> = listOfNotNull(Locale.getDefault().country.takeIf { it.length == 2 })

    /**
     * Loads the native library, compiles the numbering plans of [warmUpRegions] and creates the
     * screener off the main thread, before the first call.
     */
    protected open fun warmUp() {
        DeadlineRunner.sharedWorker.execute {
            try {
                dev.ringfence.warmUp(warmUpRegions())
                screener()
            } catch (t: Throwable) { logFailure("warm-up", t) }
        }
    }

    final override fun onScreenCall(callDetails: Call.Details) {
        val budget = ScreeningBudget.forCall(callDetails.creationTimeMillis, nowMillis(), budgetMillis)
        val started = System.nanoTime()
        val screening = FailOpenScreener(lookup = { call -> onlineLookup(call, budget, started) }) { screener() }
        val event = AtomicReference<CallEvent?>()
        DeadlineRunner(budget).run(
            work = { screening.screen(seen = event::set) { facts(callDetails) } },
            answer = { result -> answer(callDetails, result) },
            timedOut = { ScreeningResult.timedOut(event.get()) },
        )
    }

    /** The online lookup of [call] within what is left of [budget] since [started] (nanoTime). */
    private fun onlineLookup(call: IncomingCall, budget: Long, started: Long): LookupOutcome? {
        val number = call.number?.takeUnless { call.inContacts } ?: return null
        val fetcher = lookup("lookup fetcher", null) { lookupFetcher() } ?: return null
        val elapsed = (System.nanoTime() - started) / 1_000_000
        return fetcher.lookupWithin(number, call.region, ScreeningBudget.lookupWait(budget, elapsed, fetcher.deadlineMillis))
    }

    /** The facts for a call, with the app's lookups, each guarded on its own ([lookup]). */
    protected open fun facts(details: Call.Details): CallFacts {
        val incoming = details.callDirection != Telecom.DIRECTION_OUTGOING
        val number = numberOf(details.handle?.scheme, details.handle?.schemeSpecificPart)
        return details.toCallFacts(
            region = lookup("region lookup", null) { region(details) },
            userNumber = if (incoming) lookup("own number lookup", null) { userNumber(details) } else null,
            inContacts = incoming && number != null && lookup("contacts lookup", false) { isContact(number) },
            line = lookup("line lookup", null) { line(details) },
            sdkInt = sdkInt,
        )
    }

    /** [block]'s answer, or [unknown] when it throws (logged): a missing fact, not a failure. */
    protected fun <T> lookup(what: String, unknown: T, block: () -> T): T =
        try {
            block()
        } catch (e: Exception) {
            logFailure(what, e)
            unknown
        }

    /** Sends [response]: `respondToCall`, which is final in the framework (a seam for tests). */
    protected open fun respond(details: Call.Details, response: CallScreeningService.CallResponse) = respondToCall(details, response)

    /** Logs a failure without the number (only where and the exception's class). */
    protected open fun logFailure(where: String, error: Throwable) {
        Log.w(TAG, "$where failed (${error.javaClass.name})")
    }

    private fun answer(details: Call.Details, result: ScreeningResult) {
        try {
            respond(details, result.decision.toCallResponse())
        } catch (t: Throwable) {
            logFailure("respond", t)
            try { respond(details, ResponseDecision.ALLOW.toCallResponse()) } catch (_: Throwable) {}
        }
        result.error?.let { logFailure("screening", it) }
        try { onScreened(details, result) } catch (t: Throwable) { logFailure("onScreened", t) }
    }

    private companion object {
        const val TAG = "Ringfence"
    }
}
