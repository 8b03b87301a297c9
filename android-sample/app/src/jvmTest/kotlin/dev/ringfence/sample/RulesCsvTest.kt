package dev.ringfence.sample

import dev.ringfence.Action
import dev.ringfence.Category
import dev.ringfence.Rule
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class RulesCsvTest {
    @Test
    fun `saved rules import back unchanged through the real library`() {
        val rules = listOf(
            Rule("+4121560####", Action.BLOCK, Category.SPAM, "Spam, \"the usual\""),
            Rule("+41446681800", Action.ALLOW, null, null),
            Rule("+41215601234", Action.LABEL, Category.PREMIUM_RATE, "Premium"),
            Rule("+41215609999", Action.SILENCE, null, "Quiet · ruhig"),
            Rule("+41215608888", Action.BLOCK, Category.SPAM, "Work SIM", line = "sim-2", schedule = "mon-fri 09:00-17:00"),
            Rule("name-regex:(?i)^spam, \"inc\"", Action.SILENCE, null, null),
        )
        swissScreener().use { a ->
            a.addRules(rules)
            val csv = RulesCsv.write(a)
            assertTrue(csv.startsWith(RulesCsv.HEADER + "\n"))
            swissScreener().use { b ->
                val report = b.importRulesCsv(csv)
                assertEquals(emptyList<Any>(), report.rejected)
                assertEquals(a.rules(), b.rules())
            }
        }
    }
}
