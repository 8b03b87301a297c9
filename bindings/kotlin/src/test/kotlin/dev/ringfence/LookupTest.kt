package dev.ringfence

import dev.ringfence.LookupFixture.OWN
import dev.ringfence.LookupFixture.SCAM
import dev.ringfence.LookupFixture.TELEMARKETING
import dev.ringfence.LookupFixture.UNLISTED
import java.io.File
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * The private online lookup against a real nginx on 127.0.0.1 serving a feed published by the
 * CLI: verdicts, every bad answer a typed outcome that changes no cache and fails open, the
 * deadline, a late answer cached for the next call, and requests that name buckets only.
 */
class LookupTest {
    companion object {
        private lateinit var work: File
        private lateinit var nginx: Nginx

        @JvmStatic
        @BeforeAll
        fun start() {
            NativeLibrary.requireLoaded()
            work = kotlin.io.path.createTempDirectory("ringfence-lookup-nginx").toFile()
            nginx = Nginx(LookupFixture.www, work)
        }

        @JvmStatic
        @AfterAll
        fun stop() {
            nginx.close()
            work.deleteRecursively()
        }
    }

    private fun client(dir: File, ttlSecs: ULong = 86_400u) =
        LookupClient(dir.path, LookupFixture.publicKey, defaultLookupSettings().copy(ttlSecs = ttlSecs))

    private fun fetcher(client: LookupClient, variant: String = "good", deadlineMillis: Long = 2_500) =
        LookupFetcher(client, "${nginx.url}/$variant", deadlineMillis, defaultRegion = "CH")

    private fun screener(client: LookupClient) =
        Screener(ScreenerConfig(language = Language.EN, defaultRegion = "CH")).also { it.useLookup(client) }

    private fun nowSeconds() = (System.currentTimeMillis() / 1000).toULong()

    /** Every file under [dir] with its bytes. */
    private fun snapshot(dir: File): Map<String, List<Byte>> =
        dir.walkTopDown().filter { it.isFile }.associate { it.path to it.readBytes().toList() }

    /** A cache holding the verified manifest and SCAM's bucket (buckets answer for 0 s after). */
    private fun seeded(dir: File): LookupClient = client(dir, ttlSecs = 0u).also {
        val first = fetcher(it).lookup(SCAM)
        assertTrue(first is LookupOutcome.Answered && first.answer.listed, "$first")
    }

    @Test
    fun `nginx serves verdicts and the screener uses the cached answers`(@TempDir dir: File) {
        val client = client(dir)
        val fetcher = fetcher(client)
        val scam = fetcher.lookup("044 668 18 00")
        assertTrue(scam is LookupOutcome.Answered && !scam.fromCache, "$scam")
        val answer = (scam as LookupOutcome.Answered).answer
        assertEquals(Triple(true, Action.BLOCK, Category.SCAM), Triple(answer.listed, answer.action, answer.category))
        assertEquals(Pair("Fake bank …", 2uL), Pair(answer.label, answer.version))
        assertEquals(LookupOutcome.Answered(answer, fromCache = true), fetcher.lookup(SCAM), "the second lookup is cached")
        val telemarketing = fetcher.lookup(TELEMARKETING) as LookupOutcome.Answered
        assertEquals(Action.SILENCE, telemarketing.answer.action)
        val unlisted = fetcher.lookup(UNLISTED) as LookupOutcome.Answered
        assertFalse(unlisted.answer.listed)

        screener(client).use { s ->
            val verdict = s.screen(call(SCAM))
            assertEquals(Action.BLOCK, verdict.action)
            assertEquals("lookup_listed", verdict.reasons.first())
            val tele = s.screen(call(TELEMARKETING))
            assertTrue(tele.action >= Action.SILENCE && "lookup_listed" in tele.reasons, "$tele")
            assertFalse("lookup_listed" in s.screen(call(UNLISTED)).reasons)
        }
    }

    @Test
    fun `every bad answer is a typed outcome that changes no cache and fails open`(@TempDir root: File) {
        val cases = listOf(
            "tampered" to LookupOutcome.Failed(LookupFailure.REFUSED, LookupProblem.BAD_SIGNATURE),
            "foreign" to LookupOutcome.Failed(LookupFailure.REFUSED, LookupProblem.UNKNOWN_KEY),
            "swapped" to LookupOutcome.Failed(LookupFailure.REFUSED, LookupProblem.WRONG_BUCKET),
            "replay" to LookupOutcome.Failed(LookupFailure.REFUSED, LookupProblem.DOWNGRADE),
            "truncated" to LookupOutcome.Failed(LookupFailure.REFUSED, LookupProblem.TRUNCATED),
            "missing" to LookupOutcome.Failed(LookupFailure.HTTP_STATUS, httpStatus = 404),
        )
        for ((variant, expected) in cases) {
            val dir = File(root, variant)
            val client = seeded(dir)
            val before = snapshot(dir)
            assertEquals(expected, fetcher(client, variant).lookup(SCAM), variant)
            assertEquals(before, snapshot(dir), "$variant changed the cache")
            screener(client).use { s ->
                val verdict = s.screen(call(SCAM))
                assertEquals(Action.ALLOW, verdict.action, "$variant: screened without the answer")
                assertFalse("lookup_listed" in verdict.reasons, variant)
            }
        }
    }

    @Test
    fun `a stalled or cut response ends by the deadline and changes no cache`(@TempDir root: File) {
        val cut = "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n".toByteArray() + ByteArray(100) { 0x89.toByte() }
        MisbehavingServer(null).use { stalled ->
            MisbehavingServer(cut).use { short ->
                for ((server, expected) in listOf(stalled to LookupFailure.TIMEOUT, short to LookupFailure.TRUNCATED_RESPONSE)) {
                    val dir = File(root, expected.name)
                    val client = seeded(dir)
                    val before = snapshot(dir)
                    val started = System.nanoTime()
                    val outcome = LookupFetcher(client, server.url, deadlineMillis = 700).lookup(SCAM)
                    val tookMillis = (System.nanoTime() - started) / 1_000_000
                    assertEquals(LookupOutcome.Failed(expected), outcome)
                    assertTrue(tookMillis < 700 + 500, "the deadline holds: $tookMillis ms")
                    assertEquals(before, snapshot(dir), "$expected changed the cache")
                }
            }
        }
    }

    @Test
    fun `an answer too late for the call is cached for the next call`(@TempDir dir: File) {
        val client = client(dir)
        client.acceptManifest(File(LookupFixture.www, "good/manifest.json").readBytes(), nowSeconds())
        val slow = SlowProxy(nginx.url + "/good", delayMillis = 600)
        slow.use {
            val fetcher = LookupFetcher(client, slow.url, deadlineMillis = 2_500)
            assertEquals(LookupOutcome.Failed(LookupFailure.LATE), fetcher.lookupWithin(SCAM, null, waitMillis = 100))
            screener(client).use { s -> assertEquals(Action.ALLOW, s.screen(call(SCAM)).action, "screened without it") }
            val deadline = System.nanoTime() + 3_000_000_000L
            while (client.cachedAnswer(SCAM, null, nowSeconds()) == null) {
                assertTrue(System.nanoTime() < deadline, "the late answer was never cached")
                Thread.sleep(20)
            }
            val next = fetcher.lookupWithin(SCAM, null, waitMillis = 100)
            assertTrue(next is LookupOutcome.Answered && next.fromCache, "$next")
            screener(client).use { s -> assertEquals(Action.BLOCK, s.screen(call(SCAM)).action, "the next call uses it") }
        }
    }

    @Test
    fun `the server sees only bucket paths, never four digits of the numbers`(@TempDir dir: File) {
        val mark = nginx.requests().size to nginx.requestLines().size
        val looked = listOf(SCAM, TELEMARKETING, UNLISTED, "+41215601234", "+12125550123", "044 668 18 99")
        looked.forEachIndexed { i, n ->
            val outcome = fetcher(client(File(dir, "c$i"))).lookup(n)
            assertTrue(outcome is LookupOutcome.Answered, "$n: $outcome")
        }
        screener(client(File(dir, "c0"))).use { it.screen(call(SCAM).copy(userNumber = OWN)) }
        Thread.sleep(100) // nginx writes its log after answering
        val uris = nginx.requests().drop(mark.first)
        val lines = nginx.requestLines().drop(mark.second)
        assertEquals(2 * looked.size, uris.size, "a manifest and one bucket per fresh client: $uris")
        assertTrue(uris.all { it == "/good/manifest.json" || Regex("/good/b/[0-9a-f]{2}\\.bkt").matches(it) }, "$uris")
        val forbidden = (looked + OWN + "0446681800").flatMap { n ->
            val digits = n.filter(Char::isDigit)
            (4..digits.length).flatMap { len -> digits.windowed(len) }
        }.toSet()
        for (line in uris + lines) {
            assertTrue(forbidden.none { it in line }, "a request carries digits of a number: $line")
        }
    }
}
