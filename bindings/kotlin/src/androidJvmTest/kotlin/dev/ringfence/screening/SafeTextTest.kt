package dev.ringfence.screening

import dev.ringfence.IncomingCall
import dev.ringfence.Presentation
import dev.ringfence.Verification
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class SafeTextTest {
    @Test
    fun `well-formed strings are returned as they are`() {
        val s = "Zoë 📞 +41 21 560 12 34"
        assertSame(s, s.toWellFormed())
    }

    @Test
    fun `unpaired surrogates become U+FFFD, pairs survive`() {
        assertEquals("a\uFFFDb", "a\uD800b".toWellFormed())
        assertEquals("a\uFFFD", "a\uDC00".toWellFormed())
        assertEquals("\uFFFD📞\uFFFD", "\uDC00📞\uD83D".toWellFormed())
        assertEquals("\uFFFD\uFFFD", "\uD800\uD800".toWellFormed())
    }

    @Test
    fun `cleanOrNull trims and drops blanks`() {
        assertNull(null.cleanOrNull())
        assertNull("  ".cleanOrNull())
        assertEquals("x\uFFFD", " x\uD800 ".cleanOrNull())
    }

    @Test
    fun `the bindings reject an unpaired surrogate, and accept it once sanitized`() {
        realScreener().use { screener ->
            val raw = "Caller \uD800"
            fun call(name: String) = IncomingCall(
                number = "021 560 12 34", presentation = Presentation.ALLOWED,
                verification = Verification.NOT_VERIFIED, displayName = name,
            )
            assertThrows<Exception> { screener.screen(call(raw)) }
            screener.screen(call(raw.toWellFormed()))
        }
    }
}
