package dev.ringfence.android

import android.os.Build
import android.telecom.Call
import android.telecom.CallScreeningService
import android.util.Log
import dev.ringfence.ScreenerInterface
import dev.ringfence.screening.CallFacts
import dev.ringfence.screening.DeadlineRunner
import dev.ringfence.screening.FailOpenScreener
import dev.ringfence.screening.ResponseDecision
import dev.ringfence.screening.ScreeningResult
import dev.ringfence.screening.Telecom
import dev.ringfence.screening.numberOf
import dev.ringfence.warmUp
import java.util.Locale

/**
 * A `CallScreeningService` that screens with Ringfence. Subclass it, return the app's
 * long-lived screener from [screener], declare the subclass in the manifest with
 * `android.permission.BIND_SCREENING_SERVICE`, and hold `RoleManager.ROLE_CALL_SCREENING`.
 *
 * Every call is answered exactly once with `respondToCall`, from a worker thread:
 * - with the verdict's response ([dev.ringfence.screening.toDecision]) when screening finishes
 *   within [budgetMillis] (4 s; Android allows 5 s);
 * - with "allow" on timeout or on any exception or error (fail open), including one thrown by
 *   the app's own hooks below.
 * Outgoing calls (Android reports those to non-contacts to the screening app too) are recorded
 * with `recordOutgoing` and allowed.
 *
 * [screener], [region], [userNumber] and [isContact] run on the worker thread inside the time
 * budget; [onScreened] runs after the answer was sent.
 */
abstract class RingfenceScreeningService : CallScreeningService() {
    /** The app's screener, created once (it may still be warming up: waiting is fine). */
    protected abstract fun screener(): ScreenerInterface

    /** Region (ISO alpha-2) of the network the phone is on, if known. */
    protected open fun region(details: Call.Details): String? = null

    /** The user's own number on the line the call arrived on, if the app may read it. */
    protected open fun userNumber(details: Call.Details): String? = null

    /** Whether [number] is one of the user's contacts (needs READ_CONTACTS). */
    protected open fun isContact(number: String): Boolean = false

    /** After the response was sent: history, the label notification… Exceptions are logged. */
    protected open fun onScreened(details: Call.Details, result: ScreeningResult) {}

    /** Time budget for one call. */
    protected open val budgetMillis: Long get() = DeadlineRunner.DEFAULT_BUDGET_MILLIS

    /** The platform's API level (a parameter for plain-JVM tests). */
    protected open val sdkInt: Int get() = Build.VERSION.SDK_INT

    /**
     * Regions whose numbering plans to compile before the first call ([warmUp]; the regions
     * most calls come from are always included): by default the country of the default locale.
     */
    protected open fun warmUpRegions(): List<String> = listOfNotNull(Locale.getDefault().country.takeIf { it.length == 2 })

    /** Starts [warmUp] on a background thread, so that the first call does not pay for it. */
    override fun onCreate() {
        super.onCreate()
        Thread({
            try { warmUp(warmUpRegions()) } catch (t: Throwable) { Log.w(TAG, "warm-up failed (${t.javaClass.name})") }
        }, "ringfence-warm-up").apply { isDaemon = true }.start()
    }

    final override fun onScreenCall(callDetails: Call.Details) {
        val screening = FailOpenScreener { screener() }
        DeadlineRunner(budgetMillis).run(
            work = { screening.screen { facts(callDetails) } },
            answer = { result -> answer(callDetails, result) },
        )
    }

    /** The facts for a call, with the app's lookups (runs inside the fail-open guard). */
    protected open fun facts(details: Call.Details): CallFacts {
        val incoming = details.callDirection != Telecom.DIRECTION_OUTGOING
        val number = numberOf(details.handle?.scheme, details.handle?.schemeSpecificPart)
        return details.toCallFacts(
            region = region(details),
            userNumber = if (incoming) userNumber(details) else null,
            inContacts = incoming && number != null && isContact(number),
            sdkInt = sdkInt,
        )
    }

    /** Sends [response]: `respondToCall`, which is final in the framework (a seam for tests). */
    protected open fun respond(details: Call.Details, response: CallScreeningService.CallResponse) = respondToCall(details, response)

    /** Logs a failure without the number (only the exception's class). */
    protected open fun logFailure(where: String, error: Throwable) {
        Log.w(TAG, "$where failed (${error.javaClass.name}); the call was allowed")
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
