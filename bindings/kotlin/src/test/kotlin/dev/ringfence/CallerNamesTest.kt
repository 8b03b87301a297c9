package dev.ringfence

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Caller names, spoofs behind trusted numbers and customer-brand reminders through Kotlin. */
class CallerNamesTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }

        private val DAY = callTime("2026-11-28T14:00:00+01:00")
    }

    private fun screener() = Screener(ScreenerConfig(Language.EN, "IT", customerBrands = listOf("Trend Micro")))

    private fun named(name: String) = call("+39 06 1234 5678").copy(displayName = name, time = DAY)

    @Test
    fun `a brand's word in a dental practice's name is not blocked`() {
        screener().use { s ->
            val v = s.screen(named("Microsoft Dental"))
            assertEquals(Action.ALLOW, v.action)
            assertEquals(emptyList<String>(), v.reasons)
            assertEquals(Action.LABEL, s.screen(named("Microsoft")).action, "a bare brand name: a label, no more")
        }
    }

    @Test
    fun `a confusable support name is blocked with the brand named`() {
        screener().use { s ->
            val v = s.screen(named("\u041c\u0456crosoft Support")) // Cyrillic EM and BYELORUSSIAN-UKRAINIAN I
            assertEquals(Action.BLOCK, v.action)
            assertEquals(listOf("brand_impersonation", "mixed_script_name"), v.reasons.take(2))
            assertEquals("Fake Microsoft call", v.label)
            assertTrue(v.advice!!.startsWith("Microsoft never calls"), v.advice)
        }
    }

    @Test
    fun `a contact on a brand's inbound-only number rings, labelled`() {
        screener().use { s ->
            val v = s.screen(call("+1 800 642 7676").copy(inContacts = true, time = DAY))
            assertEquals(Action.LABEL, v.action)
            assertEquals(Category.IMPERSONATION, v.category)
            assertEquals(listOf("brand_inbound_only", "contact"), v.reasons)
            assertEquals("Fake Microsoft call", v.label)
        }
    }

    @Test
    fun `customer brands are reminded on unknown calls, never on contacts`() {
        screener().use { s ->
            assertNull(s.screen(call("+39 347 765 4321").copy(inContacts = true, time = DAY)).reminder)
            assertEquals(
                "If the caller says they are from Trend Micro: Trend Micro never calls unexpectedly, " +
                    "and knowing your ticket number proves nothing — hang up.",
                s.screen(call("+39 347 765 4321").copy(time = DAY)).reminder,
            )
            assertNull(s.screen(call("+39 347 765 4322").copy(time = DAY)).reminder, "at most once a day per brand")
            assertThrows<RingfenceException.InvalidConfig> { s.setCustomerBrands(listOf("Acme")) }
            s.setReminderIntervalHours(0u)
            assertTrue(s.screen(call("+39 347 765 4323").copy(time = DAY)).reminder!!.contains("Trend Micro"))
        }
    }
}
