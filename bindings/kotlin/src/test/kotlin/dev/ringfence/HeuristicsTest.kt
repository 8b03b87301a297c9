package dev.ringfence

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Scam heuristics, brand impersonation and policy through the Kotlin bindings. */
class HeuristicsTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }

        private val NIGHT = callTime("2026-11-28T23:30:00+01:00")
        private val DAY = callTime("2026-11-28T14:00:00+01:00")
    }

    private fun screener(level: ProtectionLevel = ProtectionLevel.STANDARD) =
        Screener(ScreenerConfig(Language.EN, "IT", Policy(level = level)))

    @Test
    fun `wangiri call at night is flagged and silenced when strict`() {
        val call = call("+222 22 12 34 56").copy(time = NIGHT)
        screener().use { s ->
            val v = s.screen(call)
            assertEquals(Action.LABEL, v.action)
            assertEquals(Category.WANGIRI, v.category)
            assertEquals(listOf("wangiri_country", "unfamiliar_country", "night_call"), v.reasons)
        }
        screener(ProtectionLevel.STRICT).use { s -> assertEquals(Action.SILENCE, s.screen(call).action) }
    }

    @Test
    fun `spoofed brand is blocked and named in the advice`() {
        screener().use { s ->
            val v = s.screen(call("+41 44 668 18 00").copy(displayName = "Trend Micro Support", time = DAY))
            assertEquals(Action.BLOCK, v.action)
            assertEquals(Category.IMPERSONATION, v.category)
            assertEquals(
                "Trend Micro never calls customers unexpectedly. Hang up and contact support through the official website.",
                v.advice,
            )
            val inbound = s.screen(call("+1 800 642 7676").copy(time = DAY))
            assertEquals(listOf("brand_inbound_only"), inbound.reasons)
            assertEquals(Action.BLOCK, inbound.action)
        }
    }

    @Test
    fun `custom brand registry replaces the default and bad ones throw`() {
        screener().use { s ->
            val n = s.loadBrandsJson("""{"brands":[{"name":"Acme Bank","aliases":["Acme"],"never_calls":true,"inbound_only":["+41800123456"]}]}""")
            assertEquals(1u, n)
            assertEquals(Action.BLOCK, s.screen(call("+41800123456").copy(time = DAY)).action)
            assertEquals(Action.ALLOW, s.screen(call("+41 44 668 18 00").copy(displayName = "Trend Micro", time = DAY)).action)
            val e = assertThrows<RingfenceException.InvalidList> { s.loadBrandsJson("""{"brands":[{"name":"X","inbound_only":["0800 123 456"]}]}""") }
            assertTrue(e.message.none { it.isDigit() }, "no number in ${e.message}")
            assertEquals(Action.BLOCK, s.screen(call("+41800123456").copy(time = DAY)).action, "failed load changes nothing")
        }
    }

    @Test
    fun `emergency call-back window lets a spoofed call ring`() {
        screener().use { s ->
            s.recordOutgoing("112", callTime("2026-11-28T13:30:00+01:00"))
            val v = s.screen(call("+1 800 642 7676", verification = Verification.FAILED).copy(time = DAY))
            assertEquals(Action.ALLOW, v.action)
            assertEquals(listOf("emergency_callback"), v.reasons)
        }
    }

    @Test
    fun `contacts ring whatever the switches say`() {
        screener().use { s ->
            s.setPolicy(Policy(ProtectionLevel.STRICT, blockHidden = true, silenceUnknown = true, blockForeign = true, nightMode = true))
            assertEquals(Action.SILENCE, s.screen(call("+39 333 123 4567").copy(time = NIGHT)).action)
            val v = s.screen(call("+222 22 12 34 56", verification = Verification.FAILED).copy(inContacts = true, time = NIGHT))
            assertEquals(Action.ALLOW, v.action)
            assertEquals(listOf("contact"), v.reasons)
        }
    }

    @Test
    fun `out-of-range policy throws and changes nothing`() {
        screener().use { s ->
            assertThrows<RingfenceException.InvalidConfig> { s.setPolicy(Policy(ProtectionLevel.STRICT, nightStartMinute = 2000u)) }
            assertEquals(ProtectionLevel.STANDARD, s.policy().level)
            assertThrows<RingfenceException.LimitExceeded> { s.setContactCallingCodes(List(1000) { 39u }) }
        }
    }

    @Test
    fun `emergency call dialled while roaming with a prefix opens the call-back window`() {
        val everySwitch = Policy(ProtectionLevel.STRICT, blockHidden = true, silenceUnknown = true, blockForeign = true, nightMode = true)
        Screener(ScreenerConfig(Language.EN, "GB", everySwitch, homeRegion = "IT")).use { s ->
            // The Italian police number, caller ID hidden, dialled on a British network.
            s.recordOutgoing("#31#113,,1", callTime("2026-11-28T23:00:00+01:00"), region = "GB")
            val v = s.screen(call(null, region = "GB").copy(time = NIGHT))
            assertEquals(Action.ALLOW, v.action)
            assertEquals(listOf("emergency_callback"), v.reasons)
            val home = s.screen(call("+39 06 1234 5678", region = "GB").copy(time = callTime("2026-11-29T10:00:00+01:00")))
            assertEquals(listOf("policy_unknown"), home.reasons, "after the window: home is not abroad, only silenced as unknown")
        }
    }

    @Test
    fun `sip caller id with verstat is read as the number and its verification`() {
        screener().use { s ->
            s.addRule(Rule("+39 02 1234 5678", Action.BLOCK, Category.SPAM))
            val sip = "\"Offerte\" <sip:+390212345678;verstat=TN-Validation-Passed@ims.example.it;user=phone>;tag=1"
            val blocked = s.screen(call(sip).copy(time = DAY))
            assertEquals(Action.BLOCK, blocked.action)
            assertEquals("+390212345678", blocked.e164)
            val failed = s.screen(call("<sip:+390287654321;verstat=TN-Validation-Failed@ims.example.it>").copy(time = DAY))
            assertEquals(listOf("verification_failed"), failed.reasons)
        }
    }

    @Test
    fun `withheld words are hidden numbers`() {
        Screener(ScreenerConfig(Language.IT, "IT", Policy(ProtectionLevel.STANDARD, blockHidden = true))).use { s ->
            for (word in listOf("Numero privato", "anonymous", "sip:anonymous@anonymous.invalid")) {
                val v = s.screen(call(word).copy(time = DAY))
                assertEquals(Action.BLOCK, v.action, word)
                assertEquals(listOf("policy_hidden", "hidden_number"), v.reasons, word)
                assertEquals("Numero nascosto", v.label, word)
                assertEquals(null, v.e164, word)
            }
        }
    }

    @Test
    fun `satellite number is foreign, unfamiliar and labelled`() {
        screener().use { s ->
            val v = s.screen(call("+881 6 1234 5678").copy(time = DAY))
            assertEquals(Action.LABEL, v.action)
            assertEquals(Category.SATELLITE, v.category)
            assertEquals(listOf("satellite_number", "unfamiliar_country"), v.reasons)
            assertEquals("Satellite phone", v.label)
            assertTrue(v.advice!!.none { it.isDigit() })
        }
    }
}
