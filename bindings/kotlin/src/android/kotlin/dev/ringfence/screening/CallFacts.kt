package dev.ringfence.screening

/**
 * What the phone knows about a call, as plain values: the framework-free mirror of
 * `android.telecom.Call.Details` plus the app's own lookups. The Android adapter
 * (`dev.ringfence.android.toCallFacts`) fills it; everything after that is pure Kotlin.
 *
 * Integer fields carry the framework's constants (see [Telecom]).
 */
data class CallFacts(
    /** URI scheme of `Call.Details#getHandle` (`tel`, `sip`…); `null` without a handle. */
    val handleScheme: String?,
    /** The handle's scheme-specific part, already URI-decoded (`+41 21 560 12 34`). */
    val handleNumber: String?,
    /** `Call.Details#getHandlePresentation`. */
    val presentation: Int,
    /** `Call.Details#getCallerNumberVerificationStatus` (API 30+), else not verified. */
    val verificationStatus: Int = Telecom.VERIFICATION_NOT_VERIFIED,
    /** `Call.Details#getCallDirection`. */
    val direction: Int = Telecom.DIRECTION_INCOMING,
    /** `Call.Details#getCreationTimeMillis`; 0 or less when unknown. */
    val creationTimeMillis: Long = 0,
    /** The phone's UTC offset at [creationTimeMillis], in minutes. */
    val utcOffsetMinutes: Int = 0,
    /**
     * CNAP name, only when its presentation is "allowed". Android blanks it for a third-party
     * screening app (the role holder); only an OS-level integration (the system dialer, an OEM
     * build) is given it. Kept for those; a screening app always sees `null` here.
     */
    val callerDisplayName: String? = null,
    /** ISO 3166 alpha-2 region of the network the phone is on. */
    val region: String? = null,
    /**
     * The user's own number, when the app may read it. A screening app is not told which line
     * (SIM) the call came in on (the phone account is blanked), so this is at best the default
     * line's number; a per-line number is for OS-level integrations.
     */
    val userNumber: String? = null,
    /** Whether the caller is in the user's contacts. */
    val inContacts: Boolean = false,
    /**
     * The line the call arrived on: `Call.Details#getAccountHandle`'s `PhoneAccountHandle#getId`
     * (a SIM subscription or phone account id), for rules and policies scoped to a line. Android
     * blanks the phone account for a third-party screening app, so such an app sees `null`
     * unless it knows the line another way (a single active SIM); OS-level integrations get it.
     */
    val line: String? = null,
)
