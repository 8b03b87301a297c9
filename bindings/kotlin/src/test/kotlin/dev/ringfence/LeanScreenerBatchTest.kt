package dev.ringfence

import java.nio.charset.CharacterCodingException
import kotlin.random.Random
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * [LeanScreener.screenBatch]'s verdicts are [Screener.screenBatch]'s: two screeners set up alike
 * get the same batches (so their call histories stay alike), one through each path, on the
 * realistic workload in English and Italian and on random calls; batches too large for the
 * first buffers, verdicts larger than the room first offered, lone surrogates and empty lists.
 */
class LeanScreenerBatchTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }

        /** Batch sizes taken in turn: single calls, small and typical batches, one past the first buffers. */
        private val SIZES = listOf(1, 7, 100, 0, 33, 1_000)
    }

    /** [calls] cut into batches of [SIZES] in turn. */
    private fun batches(calls: List<IncomingCall>): List<List<IncomingCall>> {
        val batches = ArrayList<List<IncomingCall>>()
        var at = 0
        while (at < calls.size) {
            val size = SIZES[batches.size % SIZES.size]
            batches += calls.subList(at, minOf(at + size, calls.size))
            at += size
        }
        return batches
    }

    /** Screens each batch through both paths and compares; the verdicts, for more checks. */
    private fun sameVerdicts(reference: Screener, lean: LeanScreener, calls: List<IncomingCall>): List<Verdict> =
        batches(calls).withIndex().flatMap { (k, batch) ->
            reference.screenBatch(batch).also { assertEquals(it, lean.screenBatch(batch), "batch #$k of ${batch.size}") }
        }

    @Test
    fun `batches get screenBatch's verdicts, in English and Italian`() {
        for (language in listOf(Language.EN, Language.IT)) {
            ScreeningWorkload.screener(language).use { reference ->
                ScreeningWorkload.screener(language).use { s ->
                    LeanScreener(s).use { lean ->
                        val calls = ScreeningWorkload.calls(3_000)
                        val verdicts = (1..2).flatMap { sameVerdicts(reference, lean, calls) } // then from the caches
                        assertTrue(verdicts.any { it.reminder != null } && verdicts.any { it.label != null }, "texts were tested")
                        assertTrue(verdicts.map { it.action }.toSet().size >= 3, "several actions were tested")
                    }
                }
            }
        }
    }

    @Test
    fun `random calls in batches get screenBatch's verdicts`() {
        val random = Random(13)
        val calls = List(4_000) { LeanScreenerEncodingTest.randomCall(random) }
        ScreeningWorkload.screener(Language.IT).use { reference ->
            ScreeningWorkload.screener(Language.IT).use { s ->
                LeanScreener(s).use { lean -> sameVerdicts(reference, lean, calls) }
            }
        }
    }

    @Test
    fun `verdicts larger than the room first offered come back whole, and the room grows`() {
        val names = List(12) { "品牌".repeat(39) + it } // 12 brands of 79 three-byte characters
        val brands = names.joinToString(",") { """{"name":"$it","aliases":[],"never_calls":true,"inbound_only":[]}""" }
        fun screener() = ScreeningWorkload.screener(Language.EN).also {
            it.loadBrandsJson("""{"brands":[$brands]}""")
            it.setCustomerBrands(names)
        }
        screener().use { reference ->
            screener().use { s ->
                LeanScreener(s).use { lean ->
                    val calls = ScreeningWorkload.calls(40).filter { !it.inContacts }
                    val verdicts = sameVerdicts(reference, lean, calls)
                    assertTrue(verdicts.any { (it.reminder?.toByteArray()?.size ?: 0) > 2_000 }, "large verdicts were tested")
                    val batch = calls.take(20)
                    assertEquals(reference.screenBatch(batch), lean.screenBatch(batch))
                    assertTrue(LeanCodec.current().output.capacity() >= 20 * 2_000, "room for 20 such verdicts is kept")
                }
            }
        }
    }

    @Test
    fun `a lone surrogate throws as screenBatch does, and an empty batch is empty`() {
        ScreeningWorkload.screener(Language.EN).use { s ->
            LeanScreener(s).use { lean ->
                val batch = ScreeningWorkload.calls(5).toMutableList()
                batch[3] = batch[3].copy(displayName = "Zo\uD83D")
                assertThrows<CharacterCodingException> { s.screenBatch(batch) }
                assertThrows<CharacterCodingException> { lean.screenBatch(batch) }
                assertEquals(emptyList<Verdict>(), lean.screenBatch(emptyList()))
            }
        }
    }

    @Test
    fun `a large batch leaves no number in the thread's buffers, and no grown buffer`() {
        ScreeningWorkload.screener(Language.EN).use { s ->
            LeanScreener(s).use { lean ->
                val calls = ScreeningWorkload.calls(2_000)
                assertEquals(s.screenBatch(calls).size, lean.screenBatch(calls).size)
                lean.screenBatch(calls.take(100))
            }
        }
        val codec = LeanCodec.current()
        for (buf in listOf(codec.input, codec.output)) {
            assertTrue(buf.capacity() <= LeanCodec.RETAINED_BYTES, "a buffer above the retained size was dropped")
            assertTrue((0 until buf.capacity()).all { buf.get(it).toInt() == 0 }, "buffer zeroed")
        }
    }

    @Test
    fun `a closed lean screener refuses batches`() {
        ScreeningWorkload.screener(Language.EN).use { s ->
            val lean = LeanScreener(s).also { it.close() }
            assertThrows<IllegalStateException> { lean.screenBatch(ScreeningWorkload.calls(2)) }
        }
    }
}
