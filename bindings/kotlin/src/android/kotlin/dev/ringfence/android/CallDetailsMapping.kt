package dev.ringfence.android

import android.annotation.SuppressLint
import android.os.Build
import android.telecom.Call
import android.telecom.CallScreeningService
import android.telecom.TelecomManager
import dev.ringfence.screening.CallFacts
import dev.ringfence.screening.ResponseDecision
import dev.ringfence.screening.Telecom
import java.util.TimeZone

/**
 * Reads a `Call.Details` into [CallFacts]: the handle (scheme and decoded scheme-specific
 * part), its presentation, the network's caller-ID verification (API 30+, "not verified"
 * before), the direction, the creation time with the phone's UTC offset at that moment, and
 * the CNAP name when it may be shown, and the line (the phone account's id). The app adds what
 * only it can look up; [line] is the app's guess (e.g. its only active SIM's subscription id),
 * used when the call carries no phone account.
 *
 * What a third-party screening app (ROLE_CALL_SCREENING) is given is exactly: direction,
 * verification status, connect and creation time, and the handle. The caller name (CNAP) and
 * the phone account are blanked, so the CNAP name read here is `null` for such an app; it is
 * read for OS-level integrations that do get it. Calls with a withheld, unknown or payphone
 * number are documented as "not provided" to screening apps: Android 14 still passes them
 * without a number, but a device maker may not, so anything that acts on them is best effort.
 *
 * [sdkInt] and [timeZone] are parameters so the mapping runs in plain JVM tests.
 */
@SuppressLint("NewApi") // getCallerNumberVerificationStatus is API 30: guarded by sdkInt
fun Call.Details.toCallFacts(
    region: String? = null,
    userNumber: String? = null,
    inContacts: Boolean = false,
    line: String? = null,
    timeZone: TimeZone = TimeZone.getDefault(),
    sdkInt: Int = Build.VERSION.SDK_INT,
): CallFacts {
    val handle = handle
    val created = creationTimeMillis
    val offsetAt = if (created > 0) created else System.currentTimeMillis()
    return CallFacts(
        handleScheme = handle?.scheme,
        handleNumber = handle?.schemeSpecificPart,
        presentation = handlePresentation,
        verificationStatus = if (sdkInt >= Build.VERSION_CODES.R) callerNumberVerificationStatus else Telecom.VERIFICATION_NOT_VERIFIED,
        direction = callDirection,
        creationTimeMillis = created,
        utcOffsetMinutes = timeZone.getOffset(offsetAt) / 60_000,
        callerDisplayName = callerDisplayName.takeIf { callerDisplayNamePresentation == TelecomManager.PRESENTATION_ALLOWED },
        region = region,
        userNumber = userNumber,
        inContacts = inContacts,
        line = accountHandle?.id ?: line,
    )
}

/** The framework response for a [ResponseDecision], flag for flag. */
fun ResponseDecision.toCallResponse(): CallScreeningService.CallResponse =
    CallScreeningService.CallResponse.Builder()
        .setDisallowCall(disallowCall)
        .setRejectCall(rejectCall)
        .setSilenceCall(silenceCall)
        .setSkipCallLog(skipCallLog)
        .setSkipNotification(skipNotification)
        .build()
