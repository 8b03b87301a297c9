package dev.ringfence

import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import kotlin.random.Random
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * [LeanCodec]'s hand-written [IncomingCall] encoding is byte-for-byte the generated converter's:
 * on random calls with every field set or unset, and on edge-case strings. A field added to
 * [IncomingCall] without the encoder following fails here (and [LeanCodec.handEncodingMatches]
 * turns the hand encoding off, so the library never reads a mis-encoded call).
 */
class LeanScreenerEncodingTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }

        /** Strings that stress the encoder: empty, every UTF-8 width, pairs, long. */
        val EDGE_TEXTS = listOf(
            "", "+39 02 1234 5678", "0", "IT", "Zoë Müller-Lüdenscheidt", "Ωμέγα", "Привет", "中国电信",
            "\u007F\u0080\u07FF\u0800\uFFFF", "\uD83D\uDCDE emoji \uD83C\uDDEE\uD83C\uDDF9", "\uD800\uDC00\uDBFF\uDFFF",
            "Trend Micro Support", "x".repeat(700), "é".repeat(400), "\uD83D\uDE00".repeat(300), "\u0000",
        )

        /** A random valid UTF-16 string (no lone surrogates) of up to [max] chars. */
        fun randomText(random: Random, max: Int = 40): String = buildString {
            repeat(random.nextInt(max + 1)) {
                when (random.nextInt(5)) {
                    0 -> append(random.nextInt(0x20, 0x7F).toChar())
                    1 -> append(random.nextInt(0x80, 0x800).toChar())
                    2 -> append(random.nextInt(0x800, 0xD800).toChar())
                    3 -> append(random.nextInt(0xE000, 0x10000).toChar())
                    else -> appendCodePoint(random.nextInt(0x10000, 0x110000))
                }
            }
        }

        fun randomCall(random: Random): IncomingCall {
            fun text(): String? = when (random.nextInt(4)) {
                0 -> null
                1 -> EDGE_TEXTS.random(random)
                else -> randomText(random)
            }
            return IncomingCall(
                number = text(),
                presentation = Presentation.entries.random(random),
                verification = Verification.entries.random(random),
                region = text(),
                userNumber = text(),
                inContacts = random.nextBoolean(),
                displayName = text(),
                time = if (random.nextBoolean()) null else CallTime(random.nextLong(), random.nextInt().toShort()),
                homeRegion = text(),
                line = text(),
            )
        }
    }

    @Test
    fun `the hand encoding passed its one check against the generated converter`() {
        assertTrue(LeanCodec.handEncodingMatches, "LeanCodec.writeCall no longer writes IncomingCall as UniFFI does")
    }

    @Test
    fun `random calls encode exactly as the generated converter writes them`() {
        val random = Random(18)
        repeat(5_000) {
            val call = randomCall(random)
            assertArrayEquals(LeanCodec.generatedEncoded(call), LeanCodec.handEncoded(call), "call #$it")
        }
    }

    @Test
    fun `every edge text in every string field encodes as the generated converter writes it`() {
        val base = IncomingCall(number = null, presentation = Presentation.ALLOWED, verification = Verification.NOT_VERIFIED)
        val fields: List<(String) -> IncomingCall> = listOf(
            { base.copy(number = it) }, { base.copy(region = it) }, { base.copy(userNumber = it) },
            { base.copy(displayName = it) }, { base.copy(homeRegion = it) }, { base.copy(line = it) },
        )
        for (text in EDGE_TEXTS) {
            for (field in fields) assertArrayEquals(LeanCodec.generatedEncoded(field(text)), LeanCodec.handEncoded(field(text)))
        }
    }

    @Test
    fun `utf-8 of every code point matches the JDK's`() {
        val buf = ByteBuffer.allocate(8)
        for (point in (0 until 0x110000).filter { it !in 0xD800..0xDFFF }) {
            val text = String(Character.toChars(point))
            buf.clear()
            assertTrue(putUtf8(text, buf))
            assertArrayEquals(text.toByteArray(Charsets.UTF_8), buf.array().copyOf(buf.position()), "U+%04X".format(point))
        }
    }

    @Test
    fun `lone surrogates are refused, and the lean screener throws as screen does`() {
        val lone = listOf("\uD800", "a\uDC00b", "\uD83D", "\uDE00\uD83D", "ok\uD83D\uD83D")
        Screener(ScreenerConfig(Language.EN, "IT")).use { s ->
            LeanScreener(s).use { lean ->
                for (text in lone) {
                    val call = call("+39 02 1234 5678").copy(displayName = text)
                    assertNull(LeanCodec.handEncoded(call), "refused: ${text.map { it.code }}")
                    assertThrows<CharacterCodingException> { LeanCodec.generatedEncoded(call) }
                    val expected = runCatching { s.screen(call) }.exceptionOrNull()
                    val actual = runCatching { lean.screen(call) }.exceptionOrNull()
                    assertEquals(expected?.javaClass, actual?.javaClass, "same failure as screen")
                    assertTrue(actual is CharacterCodingException, "$actual")
                }
            }
        }
    }

    @Test
    fun `calls too large for the lean buffers are screened through screen`() {
        Screener(ScreenerConfig(Language.EN, "IT")).use { s ->
            LeanScreener(s).use { lean ->
                val call = call("+39 02 1234 5678").copy(displayName = "x".repeat(LeanCodec.BUFFER_BYTES))
                assertEquals(s.screen(call), lean.screen(call))
            }
        }
    }
}
