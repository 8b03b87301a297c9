package dev.ringfence

import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/**
 * A feed published from people's reports (`ringfence feed aggregate`, then `feed publish`, by
 * scripts/build-test-databases.sh): the day-2 delta named in manifest.json installs over day 1
 * through the verified delta path and rebuilds the published day-2 file exactly; the library
 * reads the manifest, decides what to fetch and checks the downloads against it (the HTTP side
 * against nginx: android-sample's PublishedFeedUpdaterTest).
 */
class PublishedFeedTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }
    }

    @Test
    fun `the delta feed publish wrote installs over the previous version`(@TempDir tmp: File) {
        val manifest = FeedFixtures.file("published/manifest.json").readText()
        val deltaName = Regex(""""file"\s*:\s*"([^"]+\.rfdelta)"""").find(manifest)!!.groupValues[1]
        assertEquals("ringfence-test-101-to-102.rfdelta", deltaName)
        FeedFixtures.screener().use { s ->
            s.useStore(tmp.path)
            assertEquals(101uL, s.installDatabaseFile(FeedFixtures.file("published/ringfence-test-101.rfdb").path).version)
            val delta = FeedFixtures.bytes("published/$deltaName")
            val full = FeedFixtures.bytes("published/ringfence-test-102.rfdb")
            assertTrue(delta.size < full.size / 2, "a day's delta is much smaller than the file (${delta.size} of ${full.size})")
            assertEquals(102uL, s.installDatabaseDelta(FeedFixtures.FEED, delta).version)
            val stored = tmp.listFiles()!!.single { it.name.endsWith(".rfdb") }
            assertTrue(stored.readBytes().contentEquals(full), "the published day-2 file, rebuilt")
        }
    }

    @Test
    fun `the library reads the manifest, plans the update and checks the downloads`(@TempDir tmp: File) {
        val manifest = parseFeedManifest(FeedFixtures.bytes("published/manifest.json"))
        assertEquals(FeedFixtures.FEED to 102uL, manifest.feed to manifest.version)
        assertEquals(listOf("ringfence-test-102.rfdb"), listOf(manifest.database.name))
        val plan = planFeedUpdate(manifest, 101uL) as FeedDeltaUpdate
        assertEquals(101uL to "ringfence-test-101-to-102.rfdelta", plan.delta.fromVersion to plan.delta.file.name)
        assertEquals(FeedFullUpdate(manifest.database), planFeedUpdate(manifest, null))
        assertEquals(FeedFullUpdate(manifest.database), planFeedUpdate(manifest, 100uL))
        assertTrue(planFeedUpdate(manifest, 102uL) is FeedUpToDate)
        val day1 = parseFeedManifest(FeedFixtures.bytes("published/manifest-101.json"))
        assertEquals(null to 101uL, day1.delta to day1.version)

        val delta = FeedFixtures.bytes("published/${plan.delta.file.name}")
        checkFeedDownload(plan.delta.file, delta)
        checkFeedDownload(plan.full, FeedFixtures.bytes("published/ringfence-test-102.rfdb"))
        val flipped = delta.copyOf().also { it[it.size / 2] = (it[it.size / 2].toInt() xor 1).toByte() }
        assertEquals(ManifestProblem.CHECKSUM_MISMATCH, assertThrows<RingfenceException.InvalidManifest> { checkFeedDownload(plan.delta.file, flipped) }.kind)
        assertEquals(ManifestProblem.SIZE_MISMATCH, assertThrows<RingfenceException.InvalidManifest> { checkFeedDownload(plan.delta.file, delta.copyOf(10)) }.kind)
        for ((bytes, kind) in listOf(
            "<html>503</html>".toByteArray() to ManifestProblem.NOT_A_MANIFEST,
            """{"format": 2}""".toByteArray() to ManifestProblem.UNSUPPORTED_FORMAT,
            """{"format": 1}""".toByteArray() to ManifestProblem.MISSING_FIELD,
        )) {
            val e = assertThrows<RingfenceException.InvalidManifest> { parseFeedManifest(bytes) }
            assertEquals(kind, e.kind)
        }

        // The delta that passes the transport check with a re-hashed manifest is still the library's
        // to refuse, and the installed feed stays as it was.
        FeedFixtures.screener().use { s ->
            s.useStore(tmp.path)
            s.installDatabaseFile(FeedFixtures.file("published/ringfence-test-101.rfdb").path)
            val before = s.state(tmp)
            val forged = FeedFixtures.bytes("published/www/bad-signature/${plan.delta.file.name}")
            checkFeedDownload(parseFeedManifest(FeedFixtures.bytes("published/www/bad-signature/manifest.json")).delta!!.file, forged)
            rejection { s.installDatabaseDelta(FeedFixtures.FEED, forged) }
            assertEquals(before, s.state(tmp))
            assertEquals(102uL, s.installDatabaseDelta(FeedFixtures.FEED, delta).version)
        }
    }
}
