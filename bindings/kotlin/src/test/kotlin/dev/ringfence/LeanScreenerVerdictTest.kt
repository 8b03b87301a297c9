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

        private val DAY = callTime("2026-11-28T14:00:00+01:00")
        private val NIGHT = callTime("2026-11-28T03:00:00+01:00")
        private val NAMES = listOf(
            null, "Mario Rossi", "Microsoft", "Microsoft Dental", "\u041c\u0456crosoft Support", "Trend Micro Support",
            "Poste Italiane", "Banca d'Italia", "Zoë \uD83D\uDCDE",
        )

        /** Calls of every shape: numbers of several countries, withheld, named, in contacts, day and night. */
        fun mixedCalls(count: Int): List<IncomingCall> = (0 until count).map { k ->
            val number = when (k % 6) {
                0 -> "02 1234 %04d".format(k % 10_000)
                1 -> "+39 347 %07d".format(k * 7919 % 10_000_000)
                2 -> null
                3 -> "+222 22 %02d %02d %02d".format(k % 100, k / 100 % 100, k / 10_000 % 100)
                4 -> "+1 800 642 %04d".format(k % 10_000)
                else -> "+41 44 668 %04d".format(k % 10_000)
            }
            IncomingCall(
                number = number,
                presentation = if (number == null) Presentation.RESTRICTED else Presentation.ALLOWED,
                verification = Verification.entries[k % Verification.entries.size],
                region = if (k % 3 == 0) "IT" else null,
                inContacts = k % 11 == 0,
                displayName = NAMES[k % NAMES.size],
                time = if (k % 5 == 0) NIGHT else DAY,
            )
        }

        fun screener(language: Language) =
            Screener(ScreenerConfig(language, "IT", customerBrands = listOf("Trend Micro"), reminderIntervalHours = 0u)).also {
                it.addRule(Rule("+39021234####", Action.BLOCK, Category.SPAM, "Spam di prova"))
                it.addRule(Rule("+4144668####", Action.LABEL, Category.TELEMARKETING, "Call centre"))
            }
    }

    @Test
    fun `lean verdicts equal screen's verdicts, in English and Italian`() {
        for (language in listOf(Language.EN, Language.IT)) {
            screener(language).use { s ->
                LeanScreener(s).use { lean ->
                    val calls = mixedCalls(3_000)
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
        screener(Language.IT).use { s ->
            for (verdict in mixedCalls(2_000).map(s::screen)) {
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
        screener(Language.EN).use { s ->
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
