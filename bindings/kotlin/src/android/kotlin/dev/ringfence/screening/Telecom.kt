package dev.ringfence.screening

/**
 * The `android.telecom` integer constants this layer reads, mirrored as plain Kotlin so the
 * mapping compiles and is tested on a plain JVM. `TelecomConstantsTest` checks every value
 * against the real framework classes (android-all), so a drift fails the build.
 */
object Telecom {
    /** `TelecomManager.PRESENTATION_ALLOWED`: the number is shown. */
    const val PRESENTATION_ALLOWED = 1
    /** `TelecomManager.PRESENTATION_RESTRICTED`: withheld by the caller. */
    const val PRESENTATION_RESTRICTED = 2
    /** `TelecomManager.PRESENTATION_UNKNOWN`: not delivered. */
    const val PRESENTATION_UNKNOWN = 3
    /** `TelecomManager.PRESENTATION_PAYPHONE`. */
    const val PRESENTATION_PAYPHONE = 4
    /** `TelecomManager.PRESENTATION_UNAVAILABLE` (API 33). */
    const val PRESENTATION_UNAVAILABLE = 5

    /** `Connection.VERIFICATION_STATUS_NOT_VERIFIED` (API 30). */
    const val VERIFICATION_NOT_VERIFIED = 0
    /** `Connection.VERIFICATION_STATUS_PASSED` (API 30). */
    const val VERIFICATION_PASSED = 1
    /** `Connection.VERIFICATION_STATUS_FAILED` (API 30). */
    const val VERIFICATION_FAILED = 2

    /** `Call.Details.DIRECTION_UNKNOWN`. */
    const val DIRECTION_UNKNOWN = -1
    /** `Call.Details.DIRECTION_INCOMING`. */
    const val DIRECTION_INCOMING = 0
    /** `Call.Details.DIRECTION_OUTGOING`. */
    const val DIRECTION_OUTGOING = 1
}
