package dev.ringfence.screening

import dev.ringfence.CallTime
import dev.ringfence.IncomingCall
import dev.ringfence.Presentation
import dev.ringfence.Verification

/** What to do with a call the screening service was told about. */
sealed interface CallEvent {
    /** A ringing call: screen it. */
    data class Incoming(val call: IncomingCall) : CallEvent

    /** A call the user is placing: remember it (call-backs, emergency window). */
    data class Outgoing(val number: String?, val time: CallTime?) : CallEvent
}

/** Maps `TelecomManager.PRESENTATION_*`; anything unexpected counts as unknown. */
fun presentationOf(value: Int): Presentation = when (value) {
    Telecom.PRESENTATION_ALLOWED -> Presentation.ALLOWED
    Telecom.PRESENTATION_RESTRICTED -> Presentation.RESTRICTED
    Telecom.PRESENTATION_PAYPHONE -> Presentation.PAYPHONE
    Telecom.PRESENTATION_UNAVAILABLE -> Presentation.UNAVAILABLE
    else -> Presentation.UNKNOWN
}

/** Maps `Connection.VERIFICATION_STATUS_*`; anything unexpected counts as not verified. */
fun verificationOf(value: Int): Verification = when (value) {
    Telecom.VERIFICATION_PASSED -> Verification.PASSED
    Telecom.VERIFICATION_FAILED -> Verification.FAILED
    else -> Verification.NOT_VERIFIED
}

/**
 * The dialable part of a call handle: a `tel:` number as it is; for `sip:`/`sips:` the user
 * part before `@` and before any `;` parameter (`sip:+41215601234;user=phone@ims.example`).
 * Sanitized ([toWellFormed]) and trimmed; `null` when blank.
 */
fun numberOf(scheme: String?, schemeSpecificPart: String?): String? {
    val ssp = schemeSpecificPart.cleanOrNull() ?: return null
    return when (scheme?.lowercase()) {
        "sip", "sips" -> ssp.substringBefore('@').substringBefore(';').cleanOrNull()
        else -> ssp
    }
}

/** Epoch seconds (floored) and the UTC offset, or `null` when the time is unknown. */
fun callTimeOf(epochMillis: Long, utcOffsetMinutes: Int): CallTime? {
    if (epochMillis <= 0) return null
    val offset = utcOffsetMinutes.coerceIn(-18 * 60, 18 * 60).toShort()
    return CallTime(epochSeconds = Math.floorDiv(epochMillis, 1000L), utcOffsetMinutes = offset)
}

/** Turns the facts into the record the bindings screen, or an outgoing call to remember. */
fun CallFacts.toCallEvent(): CallEvent {
    val number = numberOf(handleScheme, handleNumber)
    val time = callTimeOf(creationTimeMillis, utcOffsetMinutes)
    if (direction == Telecom.DIRECTION_OUTGOING) return CallEvent.Outgoing(number, time)
    return CallEvent.Incoming(
        IncomingCall(
            number = number,
            presentation = presentationOf(presentation),
            verification = verificationOf(verificationStatus),
            region = region.cleanOrNull()?.uppercase(),
            userNumber = userNumber.cleanOrNull(),
            inContacts = inContacts,
            displayName = callerDisplayName.cleanOrNull(),
            time = time,
            line = line.cleanOrNull(),
        ),
    )
}
