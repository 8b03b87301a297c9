package dev.ringfence.screening

import dev.ringfence.CallTime
import dev.ringfence.Presentation
import dev.ringfence.Verification
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class CallMappingTest {
    @Test
    fun `presentation constants map one to one, unknown values to UNKNOWN`() {
        assertEquals(Presentation.ALLOWED, presentationOf(Telecom.PRESENTATION_ALLOWED))
        assertEquals(Presentation.RESTRICTED, presentationOf(Telecom.PRESENTATION_RESTRICTED))
        assertEquals(Presentation.UNKNOWN, presentationOf(Telecom.PRESENTATION_UNKNOWN))
        assertEquals(Presentation.PAYPHONE, presentationOf(Telecom.PRESENTATION_PAYPHONE))
        assertEquals(Presentation.UNAVAILABLE, presentationOf(Telecom.PRESENTATION_UNAVAILABLE))
        assertEquals(Presentation.UNKNOWN, presentationOf(99))
    }

    @Test
    fun `verification constants map one to one, unknown values to NOT_VERIFIED`() {
        assertEquals(Verification.NOT_VERIFIED, verificationOf(Telecom.VERIFICATION_NOT_VERIFIED))
        assertEquals(Verification.PASSED, verificationOf(Telecom.VERIFICATION_PASSED))
        assertEquals(Verification.FAILED, verificationOf(Telecom.VERIFICATION_FAILED))
        assertEquals(Verification.NOT_VERIFIED, verificationOf(-7))
    }

    @Test
    fun `handles - tel as is, sip user part, blanks are null`() {
        assertEquals("+41 21 560 12 34", numberOf("tel", " +41 21 560 12 34 "))
        assertEquals("+41215601234", numberOf("sip", "+41215601234;user=phone@ims.example.net"))
        assertEquals("0215601234", numberOf("SIPS", "0215601234@example.net"))
        assertNull(numberOf("tel", ""))
        assertNull(numberOf("sip", "@example.net"))
        assertNull(numberOf(null, null))
    }

    @Test
    fun `creation time becomes epoch seconds with the offset, unknown time is null`() {
        assertEquals(CallTime(1_700_000_000, 60), callTimeOf(1_700_000_000_999, 60))
        assertEquals(CallTime(0, 840), callTimeOf(1, 840))
        assertEquals(CallTime(0, (18 * 60).toShort()), callTimeOf(1, 5000))
        assertNull(callTimeOf(0, 0))
    }

    @Test
    fun `incoming facts become the call record`() {
        val facts = CallFacts(
            handleScheme = "tel", handleNumber = "021 560 12 34", presentation = Telecom.PRESENTATION_ALLOWED,
            verificationStatus = Telecom.VERIFICATION_FAILED, direction = Telecom.DIRECTION_INCOMING,
            creationTimeMillis = 1_700_000_000_000, utcOffsetMinutes = 60, callerDisplayName = " ACME ",
            region = "ch", userNumber = "079 123 45 67", inContacts = true,
        )
        val event = facts.toCallEvent()
        assertTrue(event is CallEvent.Incoming)
        val call = (event as CallEvent.Incoming).call
        assertEquals("021 560 12 34", call.number)
        assertEquals(Presentation.ALLOWED, call.presentation)
        assertEquals(Verification.FAILED, call.verification)
        assertEquals("CH", call.region)
        assertEquals("079 123 45 67", call.userNumber)
        assertEquals(true, call.inContacts)
        assertEquals("ACME", call.displayName)
        assertEquals(CallTime(1_700_000_000, 60), call.time)
    }

    @Test
    fun `unknown direction is screened like an incoming call, outgoing is recorded`() {
        val base = CallFacts(handleScheme = "tel", handleNumber = "112", presentation = Telecom.PRESENTATION_ALLOWED)
        assertTrue(base.copy(direction = Telecom.DIRECTION_UNKNOWN).toCallEvent() is CallEvent.Incoming)
        assertEquals(
            CallEvent.Outgoing("112", CallTime(1_700_000_000, 0)),
            base.copy(direction = Telecom.DIRECTION_OUTGOING, creationTimeMillis = 1_700_000_000_000).toCallEvent(),
        )
    }
}
