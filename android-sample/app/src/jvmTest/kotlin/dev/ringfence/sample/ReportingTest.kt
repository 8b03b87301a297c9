package dev.ringfence.sample

import dev.ringfence.Action
import dev.ringfence.Category
import dev.ringfence.RingfenceException
import dev.ringfence.screening.Outcome
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class ReportingTest {
    private val own = "+41781112233"
    private val entry = HistoryEntry(1_795_392_000, "+41791234567", Outcome.SCREENED, Action.ALLOW, Category.NONE, 0, emptyList(), null)

    @Test
    fun `reporting a history entry blocks the number and returns a record without the user's number`() {
        swissScreener().use { screener ->
            val record = Reporting.report(screener, entry, userNumber = own, utcOffsetMinutes = 60, pseudonym = "install-1")
            assertEquals("+41791234567", record.number)
            assertEquals(Category.SPAM, record.category)
            assertEquals("2026-11-23T01:00:00+01:00", record.time)
            assertEquals("install-1", record.reporter)
            val fields = listOfNotNull(record.number, record.region, record.time, record.reporter, record.callerName)
            assertFalse(fields.any { it.contains(own.drop(3)) }, "$fields")
            assertEquals(Action.BLOCK, screener.screen(Reporting.callOf(entry, null, 0)!!).action)
            assertEquals("Reported as spam", screener.rules().single().label)
        }
    }

    @Test
    fun `the user's own number and withheld callers are not reported`() {
        swissScreener().use { screener ->
            assertThrows<RingfenceException.InvalidReport> {
                Reporting.report(screener, entry.copy(caller = own), own, 0, "install-1")
            }
            assertNull(Reporting.callOf(entry.copy(caller = null), own, 0))
            assertEquals(emptyList<Any>(), screener.rules())
        }
    }
}
