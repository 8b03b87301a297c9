package dev.ringfence

import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test

/** Generated records print no phone number (their `toString` is Rust's redacting `Display`). */
class RedactionTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }

        private val digit = Regex("""\d""")
    }

    @Test
    fun `records carrying numbers redact them in toString`() {
        val call = IncomingCall(
            number = "+41 44 668 18 00", presentation = Presentation.ALLOWED,
            verification = Verification.NOT_VERIFIED, userNumber = "+41795550123",
        )
        val text = call.toString()
        assertFalse(digit.containsMatchIn(text), text)
        assertTrue(text.contains("<redacted>") && text.contains("Allowed"), text)
        assertTrue("$call" == text)
        val rule = Rule(pattern = "+4121560####", action = Action.BLOCK, label = "Spam")
        assertFalse(digit.containsMatchIn(rule.toString()), "$rule")
        assertTrue("$rule".contains("Spam"))
        val parsed = normalizeNumber("044 668 18 00", "CH")
        assertFalse(parsed.toString().contains("4466"), "$parsed")
        Screener(ScreenerConfig(language = Language.EN, defaultRegion = "CH")).use { s ->
            val verdict = s.screen(call)
            assertTrue(verdict.e164 != null)
            assertFalse(verdict.toString().contains("4466"), "$verdict")
            assertFalse(IdentificationEntry(41446681800, "Bank").toString().contains("4466"))
        }
        // Equality and fields are untouched.
        assertTrue(call == call.copy() && call.number == "+41 44 668 18 00")
    }
}
