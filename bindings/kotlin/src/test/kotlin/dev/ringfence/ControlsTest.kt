package dev.ringfence

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The controls through the Kotlin API: reports, regex rules and their typed errors, backup. */
class ControlsTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }

        private const val CALLER = "+41791234567"
        private const val USER = "+41781112233"
        private fun screener() = Screener(ScreenerConfig(language = Language.EN, defaultRegion = "CH"))
    }

    @Test
    fun `a report adds the rule and its record never holds the user's number`() {
        screener().use { s ->
            val call = call(CALLER).copy(userNumber = USER, displayName = "ACME Ltd", time = callTime("2026-11-23T10:00:00+01:00"))
            val record = s.report(call, Category.SCAM, Action.BLOCK, "install-7f3a")
            assertEquals(CALLER, record.number)
            assertEquals(Category.SCAM, record.category)
            assertEquals("2026-11-23T10:00:00+01:00", record.time)
            assertEquals("install-7f3a", record.reporter)
            assertEquals("ACME Ltd", record.callerName)
            val fields = listOfNotNull(record.number, record.region, record.time, record.reporter, record.callerName)
            assertFalse(fields.any { it.contains(USER.drop(3)) }, "$fields")
            assertEquals(Action.BLOCK, s.screen(call).action)
            val own = assertThrows<RingfenceException.InvalidReport> {
                s.report(call.copy(number = USER), Category.SCAM, Action.BLOCK, "install-7f3a")
            }
            assertFalse(own.message.orEmpty().any(Char::isDigit), own.message)
        }
    }

    @Test
    fun `a regex rule matches and an invalid one is a typed error that adds nothing`() {
        screener().use { s ->
            s.addRule(Rule(pattern = "regex:^\\+4179123", action = Action.BLOCK, label = "Range"))
            assertEquals(Action.BLOCK, s.screen(call(CALLER)).action)
            assertEquals(Action.ALLOW, s.screen(call("+41441234567")).action)
            val before = s.rules()
            val e = assertThrows<RingfenceException.InvalidRegex> {
                s.addRules(listOf(Rule("+41440000000", Action.BLOCK), Rule("regex:+41(", Action.BLOCK)))
            }
            assertEquals(RegexProblem.SYNTAX, e.kind)
            assertFalse(e.reason.any(Char::isDigit), e.reason)
            assertEquals(before, s.rules(), "nothing half-applied")
            assertThrows<RingfenceException.InvalidSchedule> {
                s.addRule(Rule(CALLER, Action.BLOCK, schedule = "someday 09:00-10:00"))
            }
        }
    }

    @Test
    fun `the Call Directory snapshot counts what it cannot carry`() {
        screener().use { s ->
            s.addRules(
                listOf(
                    Rule(CALLER, Action.BLOCK, Category.SPAM, null, line = "sim-2"),
                    Rule("+4121560####", Action.SILENCE, schedule = "daily 22:00-07:00"),
                    Rule("name-regex:(?i)^spam", Action.LABEL),
                    Rule("+41446681899", Action.BLOCK),
                ),
            )
            s.setPolicy(Policy(level = ProtectionLevel.STANDARD, quietHours = parseSchedule("daily 22:00-07:00")))
            val skipped = s.exportSnapshot().skipped()
            assertEquals(Triple(1u, 1u, 1u), Triple(skipped.regexRules, skipped.lineRules, skipped.scheduledRules))
            assertEquals(listOf("quiet_hours", "repeated_call"), skipped.policyControls)
        }
    }

    @Test
    fun `exportRulesCsv then importRulesCsv on a fresh screener reproduces the rules`() {
        screener().use { s ->
            s.addRules(
                listOf(
                    Rule(CALLER, Action.BLOCK, Category.SPAM, "Work, \"spam\"", line = "sim-2", schedule = "mon-fri 09:00-17:00"),
                    Rule("+4121560####", Action.SILENCE),
                    Rule("name-regex:(?i)^spam", Action.LABEL, schedule = "daily 22:00-07:00"),
                ),
            )
            screener().use { fresh ->
                assertTrue(fresh.importRulesCsv(s.exportRulesCsv()).rejected.isEmpty())
                assertEquals(s.rules(), fresh.rules())
            }
            screener().use { fresh ->
                assertTrue(fresh.importRulesJson(s.exportRulesJson()).rejected.isEmpty())
                assertEquals(s.rules(), fresh.rules())
            }
        }
    }
}
