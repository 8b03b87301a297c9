package dev.ringfence.android

import android.net.Uri
import dev.ringfence.Action
import dev.ringfence.CallTime
import dev.ringfence.Presentation
import dev.ringfence.Rule
import dev.ringfence.Verification
import dev.ringfence.screening.CallEvent
import dev.ringfence.screening.FailOpenScreener
import dev.ringfence.screening.Outcome
import dev.ringfence.screening.ResponseDecision
import dev.ringfence.screening.ScreeningResult
import dev.ringfence.screening.Telecom
import dev.ringfence.screening.realScreener
import dev.ringfence.screening.toCallEvent
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.util.TimeZone

/**
 * Call.Details (android-all) → CallFacts → IncomingCall → verdict from the real library (JNA)
 * → ResponseDecision → CallScreeningService.CallResponse (android-all).
 */
class CallDetailsMappingTest {
    private val zurich = TimeZone.getTimeZone("Europe/Zurich")

    private fun incoming(details: android.telecom.Call.Details, sdkInt: Int = 34) =
        (details.toCallFacts(region = "CH", timeZone = zurich, sdkInt = sdkInt).toCallEvent() as CallEvent.Incoming).call

    @Test
    fun `details become the call record`() {
        val call = incoming(
            callDetails(tel("+41 21 560 12 34"), verification = Telecom.VERIFICATION_FAILED, cnapName = "ACME"),
        )
        assertEquals("+41 21 560 12 34", call.number)
        assertEquals(Presentation.ALLOWED, call.presentation)
        assertEquals(Verification.FAILED, call.verification)
        assertEquals("CH", call.region)
        assertEquals("ACME", call.displayName)
        // 2023-11-14T22:13:20Z; Zurich is UTC+1 in November.
        assertEquals(CallTime(1_700_000_000, 60), call.time)
    }

    @Test
    fun `the phone account's id is the call's line, else the app's guess`() {
        val details = callDetails(tel("+41 21 560 12 34"), account = simAccount("sim-2"))
        assertEquals("sim-2", incoming(details).line)
        val blanked = callDetails(tel("+41 21 560 12 34"))
        assertNull(incoming(blanked).line, "a screening app is not told the line")
        val guessed = blanked.toCallFacts(region = "CH", line = " 1 ", timeZone = zurich, sdkInt = 34).toCallEvent()
        assertEquals("1", (guessed as CallEvent.Incoming).call.line)
        realScreener().use { screener ->
            screener.addRule(Rule("+4121560####", Action.BLOCK, null, "Work spam", line = "sim-2"))
            assertEquals(Action.BLOCK, screener.screen(incoming(details)).action)
            assertEquals(Action.ALLOW, screener.screen(incoming(blanked)).action)
        }
    }

    @Test
    fun `verification is read only from API 30`() {
        val details = callDetails(tel("0215601234"), verification = Telecom.VERIFICATION_PASSED)
        assertEquals(Verification.PASSED, incoming(details, sdkInt = 30).verification)
        assertEquals(Verification.NOT_VERIFIED, incoming(details, sdkInt = 29).verification)
    }

    @Test
    fun `withheld numbers, sip handles, encoded handles and hidden CNAP names`() {
        val withheld = incoming(callDetails(null, presentation = Telecom.PRESENTATION_RESTRICTED))
        assertNull(withheld.number)
        assertEquals(Presentation.RESTRICTED, withheld.presentation)
        assertEquals("+41215601234", incoming(callDetails(Uri.parse("sip:+41215601234;user=phone@ims.example"))).number)
        assertEquals("+41 21 560 12 34", incoming(callDetails(Uri.parse("tel:%2B41%2021%20560%2012%2034"))).number)
        val hiddenName = callDetails(tel("0215601234"), cnapName = "Secret", cnapPresentation = Telecom.PRESENTATION_RESTRICTED)
        assertNull(incoming(hiddenName).displayName)
    }

    @Test
    fun `a blocked caller gets disallow + reject + skip notification`() {
        realScreener().use { screener ->
            screener.addRule(Rule("+4121560####", Action.BLOCK, null, "Spam range"))
            val result = FailOpenScreener { screener }.screen { callDetails(tel("021 560 12 34")).toCallFacts(region = "CH", sdkInt = 34) }
            assertEquals(Outcome.SCREENED, result.outcome, "${result.error}")
            assertEquals(Action.BLOCK, result.verdict?.action)
            val response = result.decision.toCallResponse()
            assertTrue(response.disallowCall)
            assertTrue(response.rejectCall)
            assertTrue(response.skipNotification)
            assertFalse(response.skipCallLog)
            assertFalse(response.silenceCall)
        }
    }

    @Test
    fun `a labelled caller rings, with the label for a notification`() {
        realScreener().use { screener ->
            screener.addRule(Rule("+41215601234", Action.LABEL, null, "Maybe the bank"))
            val result = FailOpenScreener { screener }.screen { callDetails(tel("+41215601234")).toCallFacts(sdkInt = 34) }
            assertEquals(Action.LABEL, result.verdict?.action)
            assertEquals("Maybe the bank", result.decision.notice?.title)
            val response = result.decision.toCallResponse()
            assertFalse(response.disallowCall)
            assertFalse(response.silenceCall)
        }
    }

    @Test
    fun `a silenced caller rings silently`() {
        realScreener().use { screener ->
            screener.addRule(Rule("+41215601234", Action.SILENCE, null, null))
            val response = FailOpenScreener { screener }.screen { callDetails(tel("+41215601234")).toCallFacts(sdkInt = 34) }
                .decision.toCallResponse()
            assertTrue(response.silenceCall)
            assertFalse(response.disallowCall)
        }
    }

    @Test
    fun `an outgoing call is recorded, and its call-back is let through as recently dialled`() {
        realScreener().use { screener ->
            val screening = FailOpenScreener { screener }
            val dialled = screening.screen {
                callDetails(tel("044 668 18 00"), direction = Telecom.DIRECTION_OUTGOING, createdMillis = 1_700_000_000_000)
                    .toCallFacts(region = "CH", sdkInt = 34)
            }
            assertEquals(Outcome.OUTGOING_RECORDED, dialled.outcome, "${dialled.error}")
            assertEquals(ResponseDecision.ALLOW, dialled.decision)
            val callBack = screening.screen {
                callDetails(tel("+41446681800"), createdMillis = 1_700_000_600_000).toCallFacts(region = "CH", sdkInt = 34)
            }
            assertEquals(Outcome.SCREENED, callBack.outcome, "${callBack.error}")
            assertEquals(Action.ALLOW, callBack.verdict?.action)
            assertTrue("recently_dialled" in callBack.verdict!!.reasons, "reasons: ${callBack.verdict?.reasons}")
        }
    }

    @Test
    fun `after dialling 112, unknown callers ring (emergency call-back window)`() {
        realScreener().use { screener ->
            screener.addRule(Rule("+4121560####", Action.BLOCK, null, null))
            val screening = FailOpenScreener { screener }
            screening.screen {
                callDetails(tel("112"), direction = Telecom.DIRECTION_OUTGOING, createdMillis = 1_700_000_000_000).toCallFacts(region = "CH", sdkInt = 34)
            }
            val result = screening.screen {
                callDetails(tel("021 560 12 34"), createdMillis = 1_700_000_900_000).toCallFacts(region = "CH", sdkInt = 34)
            }
            assertEquals(Action.ALLOW, result.verdict?.action)
            assertEquals("emergency_callback", result.verdict?.reasons?.first())
        }
    }

    @Test
    fun `fail open - an exception inside screening yields an allow CallResponse`() {
        val result = FailOpenScreener { throw IllegalStateException("boom") }
            .screen { callDetails(tel("021 560 12 34")).toCallFacts(region = "CH", sdkInt = 34) }
        assertEquals(Outcome.FAILED_OPEN, result.outcome)
        assertAllow(result)
    }

    private fun assertAllow(result: ScreeningResult) {
        val response = result.decision.toCallResponse()
        assertFalse(response.disallowCall)
        assertFalse(response.rejectCall)
        assertFalse(response.silenceCall)
        assertFalse(response.skipCallLog)
        assertFalse(response.skipNotification)
    }
}
