package dev.ringfence.sample

import dev.ringfence.Action
import dev.ringfence.CallTime
import dev.ringfence.IncomingCall
import dev.ringfence.Presentation
import dev.ringfence.ProtectionLevel
import dev.ringfence.Schedule
import dev.ringfence.Verification
import dev.ringfence.Window
import dev.ringfence.scheduleText
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
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
    fun `the controls map to quiet hours, the breakthrough window, the pause and line policies`() {
        val settings = ProtectionSettings(
            quietHours = true, quietStartMinute = 22 * 60, quietEndMinute = 7 * 60, repeatedCallBreakthrough = false,
            silenceUnknownOnLines = setOf("2", " ", "1"),
        ).pausedFor(1, nowSeconds = 1_800_000_000)
        val policy = settings.toPolicy()
        assertEquals(Schedule(listOf(Window(0x7fu, (22 * 60).toUShort(), (7 * 60).toUShort()))), policy.quietHours)
        assertEquals("daily 22:00-07:00", scheduleText(policy.quietHours!!))
        assertEquals(0u, policy.repeatedCallMinutes, "0 turns the breakthrough off")
        assertEquals(1_800_003_600L, policy.pausedUntil)
        assertEquals(listOf("1", "2"), settings.linePolicies().map { it.line })
        assertEquals(policy.copy(silenceUnknown = true), settings.linePolicies()[0].policy)
        assertNull(ProtectionSettings(quietHours = true, quietStartMinute = 60, quietEndMinute = 60).toPolicy().quietHours)
        assertEquals(3u, ProtectionSettings(repeatedCallBreakthrough = true).toPolicy().repeatedCallMinutes)
        assertTrue(settings.isPaused(1_800_003_599))
        assertFalse(settings.isPaused(1_800_003_600))
    }

    @Test
    fun `quiet hours, the pause and a SIM's policy change verdicts in the real library`() {
        swissScreener().use { screener ->
            // Monday 2026-11-23 23:00 UTC.
            val at = { hour: Long, line: String? ->
                IncomingCall(
                    number = "+41791234567", presentation = Presentation.ALLOWED, verification = Verification.NOT_VERIFIED,
                    time = CallTime(1_795_392_000 + hour * 3600, 0), line = line,
                )
            }
            screener.applySettings(ProtectionSettings(quietHours = true))
            assertEquals(listOf("quiet_hours"), screener.screen(at(23, null)).reasons)
            assertEquals(Action.ALLOW, screener.screen(at(12, null)).action)
            screener.applySettings(ProtectionSettings(silenceUnknownOnLines = setOf("2")))
            assertEquals(Action.SILENCE, screener.screen(at(12, "2")).action)
            assertEquals(Action.ALLOW, screener.screen(at(12, "1")).action)
            screener.applySettings(ProtectionSettings(silenceUnknown = true).pausedFor(1, nowSeconds = 1_795_392_000 + 11 * 3600))
            val paused = screener.screen(at(11, null))
            assertEquals(Action.ALLOW, paused.action)
            assertTrue("protection_paused" in paused.reasons, "${paused.reasons}")
            assertEquals(Action.SILENCE, screener.screen(at(12, null)).action, "the pause has ended")
        }
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
