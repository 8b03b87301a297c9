package dev.ringfence

import kotlin.concurrent.thread
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test

/**
 * [LeanScreener] screens a call once whatever the size of its output buffer: verdicts that
 * outgrow it are taken from the library (`ringfence_lean_take`), never screened again. The
 * screener lets a caller's third call within three minutes break through all-day quiet hours,
 * so a call screened twice would break through a call early; a twin screener fed each call once
 * through the generated [Screener.screen] and [Screener.screenBatch] gives the expected verdicts.
 */
class LeanScreenerOverflowTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }

        /** 2026-11-23T23:00:00Z. */
        private const val NIGHT = 1_795_392_000L + 23 * 3600
        private const val CALLER = "+41 79 123 45 67"

        /** Output bytes that no verdict fits in. */
        private const val CRAMPED = 16

        private fun screener() = Screener(
            ScreenerConfig(
                language = Language.EN,
                defaultRegion = "CH",
                policy = Policy(
                    level = ProtectionLevel.STANDARD,
                    quietHours = parseSchedule("daily 00:00-24:00"),
                    repeatedCallMinutes = 3u,
                    repeatedCallCount = 3u,
                ),
            ),
        )

        /** [CALLER] at [NIGHT] + [secs]. */
        private fun ring(secs: Long) = IncomingCall(
            number = CALLER,
            presentation = Presentation.ALLOWED,
            verification = Verification.NOT_VERIFIED,
            time = CallTime(epochSeconds = NIGHT + secs, utcOffsetMinutes = 0),
        )

        /**
         * Runs [body] with a lean screener and a twin screener set up alike, on a thread of its
         * own (whose codec the cramped buffers leave behind with it).
         */
        private fun withTwins(body: (lean: LeanScreener, twin: Screener) -> Unit) {
            var failure: Throwable? = null
            thread {
                try {
                    screener().use { twin -> screener().use { s -> LeanScreener(s).use { lean -> body(lean, twin) } } }
                } catch (t: Throwable) {
                    failure = t
                }
            }.join()
            failure?.let { throw it }
        }

        private fun assertWiped() {
            val output = LeanCodec.current().output
            assertTrue((0 until output.capacity()).all { output.get(it).toInt() == 0 }, "output zeroed")
        }
    }

    @Test
    fun `single calls whose verdicts outgrow the output buffer are screened once`() = withTwins { lean, twin ->
        val verdicts = listOf(0L, 60L, 120L).map { secs ->
            LeanCodec.current().crampForTest(CRAMPED)
            lean.screen(ring(secs)).also {
                assertEquals(twin.screen(ring(secs)), it, "the call $secs s in")
                assertTrue(LeanCodec.current().output.capacity() > CRAMPED, "the output grew")
                assertWiped()
            }
        }
        assertEquals(listOf(Action.SILENCE, Action.SILENCE, Action.LABEL), verdicts.map { it.action }, "the third breaks through")
    }

    @Test
    fun `a batch whose verdicts outgrow the output buffer is screened once`() = withTwins { lean, twin ->
        LeanCodec.current().crampForTest(CRAMPED)
        val first = listOf(ring(0), ring(60))
        val verdicts = lean.screenBatch(first)
        assertEquals(twin.screenBatch(first), verdicts)
        assertEquals(listOf(Action.SILENCE, Action.SILENCE), verdicts.map { it.action })
        assertWiped()
        LeanCodec.current().crampForTest(CRAMPED)
        val third = lean.screenBatch(listOf(ring(120)))
        assertEquals(twin.screenBatch(listOf(ring(120))), third)
        assertEquals(listOf(Action.LABEL), third.map { it.action }, "the third call, not the fifth")
        assertWiped()
    }

    @Test
    fun `single calls and batches mixed stay screened once`() = withTwins { lean, twin ->
        LeanCodec.current().crampForTest(CRAMPED)
        assertEquals(twin.screen(ring(0)), lean.screen(ring(0)))
        val batch = listOf(ring(60), ring(120))
        LeanCodec.current().crampForTest(CRAMPED)
        val verdicts = lean.screenBatch(batch)
        assertEquals(twin.screenBatch(batch), verdicts)
        assertEquals(listOf(Action.SILENCE, Action.LABEL), verdicts.map { it.action })
    }
}
