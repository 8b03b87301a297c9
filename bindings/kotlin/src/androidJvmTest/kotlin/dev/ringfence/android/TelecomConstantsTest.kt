package dev.ringfence.android

import android.telecom.Call
import android.telecom.Connection
import android.telecom.TelecomManager
import dev.ringfence.screening.Telecom
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The pure layer's mirrored constants equal the framework's (android-all). */
class TelecomConstantsTest {
    @Test
    fun `presentation, verification and direction constants match android_telecom`() {
        assertEquals(TelecomManager.PRESENTATION_ALLOWED, Telecom.PRESENTATION_ALLOWED)
        assertEquals(TelecomManager.PRESENTATION_RESTRICTED, Telecom.PRESENTATION_RESTRICTED)
        assertEquals(TelecomManager.PRESENTATION_UNKNOWN, Telecom.PRESENTATION_UNKNOWN)
        assertEquals(TelecomManager.PRESENTATION_PAYPHONE, Telecom.PRESENTATION_PAYPHONE)
        assertEquals(TelecomManager.PRESENTATION_UNAVAILABLE, Telecom.PRESENTATION_UNAVAILABLE)
        assertEquals(Connection.VERIFICATION_STATUS_NOT_VERIFIED, Telecom.VERIFICATION_NOT_VERIFIED)
        assertEquals(Connection.VERIFICATION_STATUS_PASSED, Telecom.VERIFICATION_PASSED)
        assertEquals(Connection.VERIFICATION_STATUS_FAILED, Telecom.VERIFICATION_FAILED)
        assertEquals(Call.Details.DIRECTION_UNKNOWN, Telecom.DIRECTION_UNKNOWN)
        assertEquals(Call.Details.DIRECTION_INCOMING, Telecom.DIRECTION_INCOMING)
        assertEquals(Call.Details.DIRECTION_OUTGOING, Telecom.DIRECTION_OUTGOING)
    }
}
