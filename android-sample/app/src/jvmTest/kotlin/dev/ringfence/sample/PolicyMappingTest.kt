package dev.ringfence.sample

import dev.ringfence.Action
import dev.ringfence.IncomingCall
import dev.ringfence.Presentation
import dev.ringfence.ProtectionLevel
import dev.ringfence.Verification
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class PolicyMappingTest {
    @Test
    fun `settings map field by field`() {
        val policy = ProtectionSettings(
            level = ProtectionSettings.Level.STRICT, blockHidden = true, silenceUnknown = false,
            blockForeign = true, nightMode = true, nightStartMinute = 23 * 60, nightEndMinute = 6 * 60,
            emergencyCallbackMinutes = 90,
        ).toPolicy()
        assertEquals(ProtectionLevel.STRICT, policy.level)
        assertEquals(true, policy.blockHidden)
        assertEquals(false, policy.silenceUnknown)
        assertEquals(true, policy.blockForeign)
        assertEquals(true, policy.nightMode)
        assertEquals((23 * 60).toUShort(), policy.nightStartMinute)
        assertEquals((6 * 60).toUShort(), policy.nightEndMinute)
        assertEquals(90u, policy.emergencyCallbackMinutes)
    }

    @Test
    fun `the defaults are the library's defaults`() {
        assertEquals(dev.ringfence.Policy(level = ProtectionLevel.STANDARD), ProtectionSettings().toPolicy())
    }

    @Test
    fun `applied settings change verdicts in the real library`() {
        swissScreener().use { screener ->
            val hidden = IncomingCall(number = null, presentation = Presentation.RESTRICTED, verification = Verification.NOT_VERIFIED)
            val before = screener.screen(hidden).action
            screener.applySettings(ProtectionSettings(blockHidden = true))
            assertEquals(ProtectionSettings(blockHidden = true).toPolicy(), screener.policy())
            assertEquals(Action.BLOCK, screener.screen(hidden).action, "was $before before")
        }
    }
}
