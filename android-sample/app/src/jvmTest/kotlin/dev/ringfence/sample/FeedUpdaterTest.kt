package dev.ringfence.sample

import android.telecom.Call
import android.telecom.CallScreeningService
import dev.ringfence.Action
import dev.ringfence.CallTime
import dev.ringfence.DatabaseProblem
import dev.ringfence.IncomingCall
import dev.ringfence.Presentation
import dev.ringfence.Screener
import dev.ringfence.ScreenerInterface
import dev.ringfence.Verdict
import dev.ringfence.Verification
import dev.ringfence.android.RingfenceScreeningService
import dev.ringfence.android.callDetails
import dev.ringfence.android.tel
import dev.ringfence.screening.Outcome
import dev.ringfence.screening.ScreeningResult
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.io.IOException
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * The sample's feed updater with the real signed fixtures (tests/vectors/databases/build) and
 * the real library; only the network is replaced ([Fetch] serves fixture bytes). Verdicts are
 * checked through the library's screening service: real `Call.Details` → mapping → verdict →
 * the `CallResponse` passed to `respondToCall`.
 */
class FeedUpdaterTest {
    @TempDir
    lateinit var filesDir: File

    private val feedsDir get() = File(filesDir, "feeds")
    /** The feed's file in the library's store (the only one). */
    private val installedFile get() = File(feedsDir, "store").listFiles { f -> f.name.endsWith(".rfdb") }!!.single()
    private val screeners = mutableListOf<Screener>()

    /** What the "server" answers for [SOURCE]: bytes, or an exception. */
    private var download: () -> ByteArray = { throw IOException("offline") }

    private fun updater(keys: List<String> = listOf(testFeedKey)) =
        FeedUpdater(feedsDir, mapOf(FEED to keys), { url -> check(url == SOURCE); download() }, now = { NOW })

    /** A new process: a fresh screener, with the installed feeds loaded as Engine does at start-up. */
    private fun startApp(keys: List<String> = listOf(testFeedKey)): Pair<Screener, List<FeedLoad>> {
        val screener = swissScreener().also { screeners += it }
        return screener to updater(keys).loadInstalled(screener)
    }

    @AfterEach
    fun close() = screeners.forEach { it.close() }

    private fun serve(name: String) { val bytes = databaseFixture(name).readBytes(); download = { bytes } }

    private var daysBack = 0L

    /**
     * What the screener answers for [NUMBERS]. Each round is a day earlier than every call
     * screened before, at noon: burst detection only counts earlier calls, so the answers
     * depend on the installed feeds alone and compare exactly.
     */
    private fun Screener.verdicts(): List<Verdict> {
        val time = CallTime(NOON_UTC - 86_400 * ++daysBack, 60)
        return NUMBERS.map {
            screen(IncomingCall(number = it, presentation = Presentation.ALLOWED, verification = Verification.NOT_VERIFIED, region = "CH", time = time))
        }
    }

    /** The feeds directory and the store in it, the store's database file named `store/feed.rfdb`. */
    private fun dirListing(): List<String> {
        val store = File(feedsDir, "store").list().orEmpty().map { "store/" + if (it.endsWith(".rfdb")) "feed.rfdb" else it }
        return (feedsDir.list()!!.filter { it != "store" } + store).sorted()
    }

    @Test
    fun `v1 installs from the download, and a listed caller is rejected through respondToCall`() {
        val (screener, loads) = startApp()
        assertEquals(emptyList<FeedLoad>(), loads, "nothing installed yet")
        val (before, _) = ring(screener, "044 668 18 00")
        assertFalse(before.disallowCall, "not listed before the feed")

        serve("v1.rfdb")
        val result = updater().update(screener, listOf(SOURCE)).single()
        result as FeedResult.Installed
        assertEquals("ringfence-test" to 1uL, result.info.feed to result.info.version)
        assertNull(result.previousVersion)
        assertArrayEquals(databaseFixture("v1.rfdb").readBytes(), installedFile.readBytes())
        assertEquals(listOf("feeds.properties", "store/feed.rfdb", "store/version-floor"), dirListing(), "no temporary file left")

        val (response, screened) = ring(screener, "044 668 18 00")
        assertEquals(Outcome.SCREENED, screened.outcome, "${screened.error}")
        val verdict = screened.verdict!!
        assertEquals(Action.BLOCK, verdict.action)
        assertEquals("feed_listed", verdict.reasons.first())
        assertEquals("Fake bank", verdict.label)
        assertTrue(response.disallowCall && response.rejectCall && response.skipNotification, "rejected")
        val (rangeResponse, _) = ring(screener, "+41 21 560 00 42")
        assertTrue(rangeResponse.silenceCall && !rangeResponse.disallowCall, "v1 silences the range")

        val row = updater().status(screener, listOf(SOURCE)).single()
        assertEquals(FeedStatus("ringfence-test", SOURCE, screener.databases().single(), NOW, null), row)
        val installed = row.installed!!
        assertEquals(3uL to 1uL, installed.exactCount to installed.rangeCount, "v1.csv: 3 numbers, 1 range")
    }

    @Test
    fun `v2 swaps in over v1 and replaces the installed file`() {
        val (screener, _) = startApp()
        serve("v1.rfdb")
        updater().update(screener, listOf(SOURCE))
        serve("v2.rfdb")
        val result = updater().update(screener, listOf(SOURCE)).single() as FeedResult.Installed
        assertEquals(2uL, result.info.version)
        assertEquals(1uL, result.previousVersion)
        assertEquals(listOf(2uL), screener.databases().map { it.version })
        assertArrayEquals(databaseFixture("v2.rfdb").readBytes(), installedFile.readBytes())
        assertEquals(listOf("feeds.properties", "store/feed.rfdb", "store/version-floor"), dirListing())
        assertEquals("Fake bank v2", ring(screener, "044 668 18 00").second.verdict!!.label)
        val (response, screened) = ring(screener, "+41 44 668 18 01")
        assertEquals("feed_listed", screened.verdict!!.reasons.first(), "only v2 lists it")
        assertTrue(response.disallowCall)
        assertTrue(ring(screener, "+41 21 560 00 42").first.disallowCall, "v2 blocks the range")
    }

    @Test
    fun `a downgrade, a foreign key, a tampered or failed download is refused and changes nothing`() {
        val (screener, _) = startApp()
        serve("v2.rfdb")
        updater().update(screener, listOf(SOURCE))
        val installed = installedFile.readBytes()
        val verdicts = screener.verdicts()
        val databases = screener.databases()

        val v2 = databaseFixture("v2.rfdb").readBytes()
        val tampered = v2.copyOf().also { it[it.size - 2] = (it[it.size - 2].toInt() xor 1).toByte() }
        val cases = listOf(
            Triple("downgrade to v1", { databaseFixture("v1.rfdb").readBytes() }, DatabaseProblem.DOWNGRADE),
            Triple("signed by another key", { databaseFixture("other-key.rfdb").readBytes() }, DatabaseProblem.UNKNOWN_KEY),
            Triple("one bit flipped", { tampered }, DatabaseProblem.CHECKSUM_MISMATCH),
            Triple("cut short", { v2.copyOf(100) }, DatabaseProblem.TRUNCATED),
            Triple("an HTML error page", { "<html>503</html>".toByteArray() }, null),
        )
        for ((what, bytes, problem) in cases) {
            download = bytes
            val result = updater().update(screener, listOf(SOURCE)).single()
            val failure = (result as? FeedResult.Failed)?.failure ?: error("$what: $result")
            if (problem != null) {
                assertEquals(problem, failure.problem, what)
                assertEquals(problem.name, failure.kind, what)
            } else {
                assertTrue(failure.problem != null, "$what: refused by the library (${failure.kind})")
            }
            assertUnchanged(what, screener, installed, verdicts, databases)
            assertEquals(failure.kind, updater().status(screener, listOf(SOURCE)).single().lastError, "$what: shown")
        }
        // Network failures never reach the library.
        for ((what, thrown, kind) in listOf(
            Triple("offline", IOException("offline"), "NETWORK"),
            Triple("not found", DownloadException("HTTP_404", "the server answered 404"), "HTTP_404"),
        )) {
            download = { throw thrown }
            val failure = (updater().update(screener, listOf(SOURCE)).single() as FeedResult.Failed).failure
            assertEquals(FeedFailure(kind), failure, what)
            assertUnchanged(what, screener, installed, verdicts, databases)
        }
        val row = updater().status(screener, listOf(SOURCE)).single()
        assertEquals(2uL, row.installed?.version)
        assertEquals("HTTP_404", row.lastError)
        val text = row.summary { "t$it" }
        assertTrue("ringfence-test v2 · 3 numbers, 1 ranges" in text, text)
        assertTrue("last update failed: HTTP_404 (this version stays)" in text, text)
        assertTrue(ring(screener, "044 668 18 00").first.disallowCall, "still rejected")

        // A later good download clears the error.
        serve("v2.rfdb")
        assertTrue(updater().update(screener, listOf(SOURCE)).single() is FeedResult.Installed)
        assertNull(updater().status(screener, listOf(SOURCE)).single().lastError)
    }

    private fun assertUnchanged(what: String, screener: Screener, installed: ByteArray, verdicts: List<Verdict>, databases: Any) {
        assertArrayEquals(installed, installedFile.readBytes(), "$what: installed file")
        assertEquals(listOf("feeds.properties", "store/feed.rfdb", "store/version-floor"), dirListing(), "$what: no temporary file left")
        assertEquals(databases, screener.databases(), "$what: installed databases")
        assertEquals(verdicts, screener.verdicts(), "$what: verdicts")
    }

    @Test
    fun `after a restart the installed feeds answer the same`() {
        val (first, _) = startApp()
        serve("v1.rfdb")
        updater().update(first, listOf(SOURCE))
        serve("v2.rfdb")
        updater().update(first, listOf(SOURCE))
        download = { databaseFixture("v1.rfdb").readBytes() }
        updater().update(first, listOf(SOURCE)) // refused downgrade: v2 stays for the next start too
        File(feedsDir, "download-123.tmp").writeBytes(byteArrayOf(1, 2, 3)) // a download killed mid-way

        val (second, loads) = startApp()
        assertEquals(listOf("ringfence-test"), loads.map { it.feed })
        assertNull(loads.single().failure)
        assertEquals(first.databases(), second.databases())
        assertEquals(first.verdicts(), second.verdicts())
        assertEquals(listOf("feeds.properties", "store/feed.rfdb", "store/version-floor"), dirListing(), "leftover download deleted")
        val (response, screened) = ring(second, "044 668 18 00")
        assertEquals("Fake bank v2", screened.verdict!!.label)
        assertTrue(response.disallowCall && response.rejectCall)
        // The reopened v2 still refuses a downgrade.
        assertEquals(DatabaseProblem.DOWNGRADE, (updater().update(second, listOf(SOURCE)).single() as FeedResult.Failed).failure.problem)

        // The version floor is the high-water mark: an older feed stays refused after a restart even
        // when the installed file is gone, and the installed feed's answers stay.
        installedFile.delete()
        val (third, lost) = startApp()
        assertEquals("IO", lost.single().failure?.kind)
        assertEquals(2uL, third.versionFloor(FEED)?.version)
        val refused = updater().update(third, listOf(SOURCE)).single() as FeedResult.Failed
        assertEquals(DatabaseProblem.DOWNGRADE, refused.failure.problem)
        assertEquals(emptyList<Any>(), third.databases())
        assertEquals(2uL, third.versionFloor(FEED)?.version)
    }

    @Test
    fun `a stored feed that no longer loads is reported at start-up, and screening goes on without it`() {
        val (first, _) = startApp()
        serve("v1.rfdb")
        updater().update(first, listOf(SOURCE))

        // The app now pins another key (say a rotated one): the old file is refused, not trusted.
        val other = File(vectorsDir, "databases/other.public").readText().trim()
        val (second, loads) = startApp(keys = listOf(other))
        assertEquals(FeedFailure("UNKNOWN_KEY", DatabaseProblem.UNKNOWN_KEY), loads.single().failure)
        assertEquals(emptyList<Any>(), second.databases())
        assertFalse(ring(second, "044 668 18 00").first.disallowCall, "rings: the feed is not trusted")
        val row = FeedUpdater(feedsDir, mapOf(FEED to listOf(other)), { error("no network") }).status(second, listOf(SOURCE)).single()
        assertEquals("ringfence-test" to "UNKNOWN_KEY", row.feed to row.lastError)
        assertNull(row.installed)

        // A file that vanished: reported, the others and the user's rules still work.
        installedFile.delete()
        val (_, missing) = startApp()
        assertEquals("IO", missing.single().failure?.kind)
        // Malformed keys are a programming error: thrown, so Engine logs it and screens without feeds.
        assertThrows<dev.ringfence.RingfenceException.InvalidDatabase> { startApp(keys = listOf("not a key")) }
    }

    @Test
    fun `the app's pinned keys and sources are usable, and plain HTTP is refused before connecting`() {
        swissScreener().use { s -> FeedConfig.FEED_KEYS.forEach { (feed, keys) -> s.pinFeed(feed, keys) } }
        assertTrue(FeedConfig.FEED_KEYS.values.flatten().none { it.trim() == testFeedKey }, "never pin the published test key")
        assertTrue(FeedConfig.SOURCES.isNotEmpty() && FeedConfig.SOURCES.all { it.startsWith("https://") })
        val refused = assertThrows<DownloadException> { HttpsFetch(1024)("http://feeds.example.org/x.rfdb") }
        assertEquals(FeedFailure("NOT_HTTPS"), FeedFailure.of(refused))
    }

    @Test
    fun `the library names and keeps the installed files, and the download is deleted at once`() {
        val (screener, _) = startApp()
        serve("v1.rfdb")
        updater().update(screener, listOf(SOURCE))
        assertTrue(Regex("""feed-[0-9a-f]{16}\.rfdb""").matches(installedFile.name), installedFile.name)
        assertEquals(listOf("feeds.properties", "store/feed.rfdb", "store/version-floor"), dirListing())
        assertEquals(1uL, screener.versionFloor(FEED)?.version)
    }

    // The library's screening service on the plain JVM, answering into a queue (see
    // bindings/kotlin/src/androidJvmTest/.../RingfenceScreeningServiceTest.kt for why it is
    // allocated without its constructor and keeps its state in the companion).
    class FeedScreeningService : RingfenceScreeningService() {
        override fun screener(): ScreenerInterface = current ?: error("no screener")
        override fun region(details: Call.Details) = "CH"
        override val sdkInt: Int get() = 34
        override fun nowMillis() = 1_700_000_000_000L // callDetails' creation time: bound at once
        override fun respond(details: Call.Details, response: CallScreeningService.CallResponse) { responses.add(response) }
        override fun onScreened(details: Call.Details, result: ScreeningResult) { results.add(result) }
        override fun logFailure(where: String, error: Throwable) {}
    }

    private companion object {
        const val SOURCE = "https://feeds.example.org/ringfence/ringfence-test.rfdb"
        const val FEED = "ringfence-test"
        const val NOW = 1_700_000_000L
        const val NOON_UTC = 1_699_963_200L // 2023-11-14 12:00 UTC

        /** Every kind of v1/v2 entry: listed in both, only in v2, range, allow, label only in v1. */
        val NUMBERS = listOf("+41446681800", "+41446681801", "+41215600042", "+41215609999", "+41315550000", "+41215551234")

        @Volatile var current: ScreenerInterface? = null
        val responses = LinkedBlockingQueue<CallScreeningService.CallResponse>()
        val results = LinkedBlockingQueue<ScreeningResult>()

        /** Rings [number] through the service; the response sent with respondToCall and the result. */
        @Synchronized
        fun ring(screener: ScreenerInterface, number: String): Pair<CallScreeningService.CallResponse, ScreeningResult> {
            current = screener
            responses.clear(); results.clear()
            val unsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe").apply { isAccessible = true }.get(null)
            val service = unsafe.javaClass.getMethod("allocateInstance", Class::class.java)
                .invoke(unsafe, FeedScreeningService::class.java) as FeedScreeningService
            service.onScreenCall(callDetails(tel(number)))
            val response = responses.poll(6, TimeUnit.SECONDS) ?: error("no response within 6 s")
            val result = results.poll(6, TimeUnit.SECONDS) ?: error("onScreened not called")
            return response to result
        }
    }
}
