package dev.ringfence

import java.nio.ByteBuffer
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNotSame
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test

/**
 * [LeanScreener]'s verdicts are [Screener.screen]'s, and [LeanCodec.decodeVerdict] reads what
 * the generated reader reads: on verdicts with labels, advice, brand names, reminders and
 * reason lists, in English and Italian, with the caches hit and missed.
 */
class LeanScreenerVerdictTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }

        /** Languages whose texts the lean path must read back exactly. */
        private val LANGUAGES = listOf(Language.EN, Language.IT)
    }

    @Test
    fun `lean verdicts equal screen's verdicts, in English and Italian`() {
        for (language in LANGUAGES) {
            ScreeningWorkload.screener(language).use { s ->
                LeanScreener(s).use { lean ->
                    val calls = ScreeningWorkload.calls(3_000)
                    repeat(2) { round -> // the second round reads every text from the cache
                        for ((k, call) in calls.withIndex()) assertEquals(s.screen(call), lean.screen(call), "$language #$k.$round")
                    }
                    val verdicts = calls.map(lean::screen)
                    assertTrue(verdicts.any { it.reminder != null } && verdicts.any { it.label != null }, "texts were tested")
                    assertTrue(verdicts.map { it.action }.toSet().size >= 3, "several actions were tested")
                }
            }
        }
    }

    @Test
    fun `decoding real verdicts' bytes reads what the generated reader reads`() {
        val codec = LeanCodec()
        ScreeningWorkload.screener(Language.IT).use { s ->
            for (verdict in ScreeningWorkload.calls(2_000).map(s::screen)) {
                val length = writeVerdict(codec, verdict)
                assertEquals(verdict, codec.decodeVerdict(length))
                codec.output.clear().limit(length)
                assertEquals(FfiConverterTypeVerdict.read(codec.output), codec.decodeVerdict(length))
            }
        }
    }

    @Test
    fun `repeating texts come from the cache, the caller's number never does`() {
        val codec = LeanCodec()
        val verdict = Verdict(
            Action.BLOCK, 90u, Category.SPAM, listOf("user_block", "brand_impersonation"),
            "Spam", "Non rispondere", "+39021234567", "Trend Micro non chiama mai",
        )
        val length = writeVerdict(codec, verdict)
        val first = codec.decodeVerdict(length)!!
        val second = codec.decodeVerdict(length)!!
        assertEquals(verdict, second)
        assertSame(first.label, second.label)
        assertSame(first.advice, second.advice)
        assertSame(first.reminder, second.reminder)
        assertSame(first.reasons, second.reasons)
        assertNotSame(first.e164, second.e164, "the number is decoded afresh")
        assertThrows(UnsupportedOperationException::class.java) { (second.reasons as MutableList<String>).add("x") }
    }

    @Test
    fun `a cache slot shared by two texts returns each its own`() {
        val codec = LeanCodec()
        val verdicts = (0 until 2_000).map { k ->
            Verdict(Action.LABEL, 50u, Category.NONE, listOf("reason_$k"), "label $k", null, null, "reminder ${k % 7}")
        }
        repeat(2) { for (verdict in verdicts) assertEquals(verdict, codec.decodeVerdict(writeVerdict(codec, verdict))) }
    }

    @Test
    fun `a verdict with bytes past the known layout is left to the generated reader`() {
        val codec = LeanCodec()
        val verdict = Verdict(Action.ALLOW, 0u, Category.NONE, emptyList(), null, null, "+41446681800", null)
        val length = writeVerdict(codec, verdict)
        codec.output.put(length, 0) // a field the decoder does not know, e.g. an absent optional
        assertNull(codec.decodeVerdict(length + 1))
        assertNull(codec.decodeVerdict(length - 1), "a truncated verdict")
        assertNotNull(codec.decodeVerdict(length))
    }

    @Test
    fun `no call leaves its number in the thread's buffers`() {
        ScreeningWorkload.screener(Language.EN).use { s ->
            LeanScreener(s).use { lean -> lean.screen(call("+39 02 1234 5678")) }
        }
        val codec = LeanCodec.current()
        for (buf in listOf(codec.input, codec.output)) {
            assertTrue((0 until buf.capacity()).all { buf.get(it).toInt() == 0 }, "buffer zeroed")
        }
    }

    private fun writeVerdict(codec: LeanCodec, verdict: Verdict): Int {
        val buf: ByteBuffer = codec.output
        buf.clear()
        FfiConverterTypeVerdict.write(verdict, buf)
        return buf.position()
    }
}
