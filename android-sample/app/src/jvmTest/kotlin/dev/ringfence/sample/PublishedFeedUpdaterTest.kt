package dev.ringfence.sample

import dev.ringfence.DatabaseProblem
import dev.ringfence.ManifestProblem
import dev.ringfence.Screener
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

/**
 * The sample's updater on a manifest source, against a real nginx serving what `ringfence feed
 * publish` wrote for day 1 and day 2 ([PublishedFeedServer]), downloading with the app's own
 * [HttpsFetch] (plain HTTP allowed for the loopback server only) into the real library's store.
 */
class PublishedFeedUpdaterTest {
    @TempDir
    lateinit var tmp: File

    private lateinit var server: PublishedFeedServer
    private val screeners = mutableListOf<Screener>()

    private val feedsDir get() = File(tmp, "feeds")
    private val installedFile get() = File(feedsDir, "store").listFiles { f -> f.name.endsWith(".rfdb") }!!.single()

    @BeforeEach
    fun start() {
        server = PublishedFeedServer(File(tmp, "nginx"))
    }

    @AfterEach
    fun stop() {
        screeners.forEach { it.close() }
        server.close()
    }

    private fun updater() = FeedUpdater(
        feedsDir, mapOf(FEED to listOf(testFeedKey)), HttpsFetch(FeedConfig.MAX_DOWNLOAD_BYTES, plainHttpHosts = setOf("127.0.0.1")),
    )

    /** A started app with day 1 installed from its manifest (database and manifest fetched, nothing else). */
    private fun dayOne(): Screener {
        val screener = swissScreener().also { screeners += it }
        updater().loadInstalled(screener)
        val result = updater().update(screener, listOf(server.manifest("day1"))).single() as FeedResult.Installed
        assertEquals(101uL to false, result.info.version to result.delta)
        assertArrayEquals(PublishedFeedServer.published(PublishedFeedServer.DAY1).readBytes(), installedFile.readBytes())
        assertEquals(listOf("/day1/manifest.json", "/day1/ringfence-test-101.rfdb"), server.requests().takeLast(2))
        return screener
    }

    /** Updates from variant [name]'s manifest; the paths it requested. */
    private fun update(screener: Screener, name: String): Pair<FeedResult, List<String>> {
        val before = server.requests().size
        val result = updater().update(screener, listOf(server.manifest(name))).single()
        return result to server.requests().drop(before)
    }

    @Test
    fun `day 2 installs through the delta, and an up-to-date manifest fetches nothing more`() {
        val screener = dayOne()
        val (result, requests) = update(screener, "day2")
        result as FeedResult.Installed
        assertEquals(listOf("/day2/manifest.json", "/day2/ringfence-test-101-to-102.rfdelta"), requests, "the delta, not the database")
        assertEquals(Triple(102uL, 101uL, true), Triple(result.info.version, result.previousVersion, result.delta))
        assertNull(result.deltaFailure)
        assertArrayEquals(PublishedFeedServer.published(PublishedFeedServer.DAY2).readBytes(), installedFile.readBytes(), "day 2, rebuilt exactly")
        assertEquals(listOf(102uL), screener.databases().map { it.version })

        val (again, fetched) = update(screener, "day2")
        assertEquals(FeedResult.UpToDate(server.manifest("day2"), screener.databases().single()), again)
        assertEquals(listOf("/day2/manifest.json"), fetched, "only the manifest")
        val row = updater().status(screener, listOf(server.manifest("day2"))).single()
        assertEquals(FEED to null, row.feed to row.lastError)
        assertEquals(102uL, row.installed?.version)
    }

    @Test
    fun `a delta that fails the transport check or the signature falls back to the full database`() {
        for ((variant, kind) in listOf("bad-sha" to "MANIFEST_CHECKSUM_MISMATCH", "bad-signature" to null)) {
            tmp.resolve("feeds").deleteRecursively()
            val screener = dayOne()
            val (result, requests) = update(screener, variant)
            result as FeedResult.Installed
            assertEquals(listOf("manifest.json", "ringfence-test-101-to-102.rfdelta", "ringfence-test-102.rfdb").map { "/$variant/$it" }, requests)
            assertEquals(102uL to false, result.info.version to result.delta, variant)
            val failure = result.deltaFailure!!
            if (kind != null) {
                assertEquals(FeedFailure(kind, manifestProblem = ManifestProblem.CHECKSUM_MISMATCH), failure)
            } else {
                assertTrue(failure.problem != null, "$variant: refused by the library, not the transport check ($failure)")
            }
            assertArrayEquals(PublishedFeedServer.published(PublishedFeedServer.DAY2).readBytes(), installedFile.readBytes(), variant)
        }
    }

    @Test
    fun `with no good file to fall back to, or no manifest, the installed feed stays as it was`() {
        val screener = dayOne()
        val installed = installedFile.readBytes()
        val databases = screener.databases()
        for ((variant, kind) in listOf(
            "all-bad" to FeedFailure("MANIFEST_CHECKSUM_MISMATCH", manifestProblem = ManifestProblem.CHECKSUM_MISMATCH),
            "html" to FeedFailure("MANIFEST_NOT_A_MANIFEST", manifestProblem = ManifestProblem.NOT_A_MANIFEST),
            "missing" to FeedFailure("HTTP_404"),
        )) {
            val (result, _) = update(screener, variant)
            assertEquals(FeedResult.Failed(server.manifest(variant), kind), result, variant)
            assertArrayEquals(installed, installedFile.readBytes(), "$variant: installed file")
            assertEquals(databases, screener.databases(), "$variant: installed databases")
            val rows = updater().status(screener, listOf(server.manifest(variant)))
            assertEquals(listOf(null to kind.kind, FEED to null), rows.map { it.feed to it.lastError }, "$variant: shown, day 1 stays")
            assertEquals(101uL, rows.last().installed?.version)
        }
        // The app after a restart has day 1, and day 2 still comes through the delta.
        val (second, loads) = swissScreener().also { screeners += it }.let { it to updater().loadInstalled(it) }
        assertEquals(listOf(101uL), loads.map { it.info?.version })
        assertTrue((update(second, "day2").first as FeedResult.Installed).delta)
        assertEquals(DatabaseProblem.DOWNGRADE, (updater().update(second, listOf(server.url + "/day1/ringfence-test-101.rfdb")).single() as FeedResult.Failed).failure.problem)
    }

    @Test
    fun `a source is a manifest when its path ends in json`() {
        assertTrue(FeedUpdater.isManifest("https://feeds.example.org/ringfence/ch-spam/manifest.json"))
        assertTrue(FeedUpdater.isManifest("https://feeds.example.org/feed.json?day=1"))
        assertEquals(false, FeedUpdater.isManifest("https://feeds.example.org/ringfence/ch-spam.rfdb"))
        assertEquals(false, FeedUpdater.isManifest("not a url"))
    }

    private companion object {
        const val FEED = "ringfence-test"
    }
}
