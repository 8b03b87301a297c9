package dev.ringfence.sample

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class OutgoingLogTest {
    private val now = 1_700_000_000L

    @Test
    fun `adds, drops duplicates from the two sources, forgets after 14 days`() {
        var log = OutgoingLog.add(emptyList(), OutgoingCall("112", now - 30, 60), now)
        log = OutgoingLog.add(log, OutgoingCall("112", now, 60), now) // service + receiver
        assertEquals(1, log.size)
        log = OutgoingLog.add(log, OutgoingCall("044 668 18 00", now, 60), now)
        assertEquals(2, log.size)
        val later = now + OutgoingLog.KEEP_SECONDS + 31
        assertEquals(listOf("0791234567"), OutgoingLog.add(log, OutgoingCall("0791234567", later, 0), later).map { it.number })
    }

    @Test
    fun `keeps at most 512 calls, newest last`() {
        var log = emptyList<OutgoingCall>()
        for (i in 0 until 600) log = OutgoingLog.add(log, OutgoingCall("+4144668$i", now + i, 0), now + i)
        assertEquals(OutgoingLog.MAX_CALLS, log.size)
        assertEquals("+4144668599", log.last().number)
    }
}
