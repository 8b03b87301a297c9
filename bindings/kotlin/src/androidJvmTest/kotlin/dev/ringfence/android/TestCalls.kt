package dev.ringfence.android

import android.content.ComponentName
import android.net.Uri
import android.os.UserHandle
import android.telecom.Call
import android.telecom.PhoneAccountHandle
import dev.ringfence.screening.Telecom

/**
 * A real `android.telecom.Call.Details` (android-all, plain JVM), through its hidden
 * constructor as Telecom builds it (API 34 signature: a test helper, adjust when android-all
 * moves to another API level).
 */
fun callDetails(
    handle: Uri?,
    presentation: Int = Telecom.PRESENTATION_ALLOWED,
    verification: Int = Telecom.VERIFICATION_NOT_VERIFIED,
    direction: Int = Telecom.DIRECTION_INCOMING,
    createdMillis: Long = 1_700_000_000_000,
    cnapName: String? = null,
    cnapPresentation: Int = Telecom.PRESENTATION_ALLOWED,
    account: PhoneAccountHandle? = null,
): Call.Details = Call.Details(
    Call.STATE_RINGING, "test-call", handle, presentation, cnapName, cnapPresentation,
    account, 0, 0, null, 0L, null, 0, null, null, null, createdMillis, null, direction, verification, null,
)

/** `tel:` handle as Telecom delivers it. */
fun tel(number: String): Uri = Uri.fromParts("tel", number, null)

/** The phone account of a SIM line, as Telephony registers it (`id`: the subscription id). */
fun simAccount(id: String): PhoneAccountHandle =
    PhoneAccountHandle(ComponentName("com.android.phone", "com.android.services.telephony.TelephonyConnectionService"), id, UserHandle.of(0))
