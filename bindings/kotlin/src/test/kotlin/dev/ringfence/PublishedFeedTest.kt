package dev.ringfence

import java.io.File
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * A feed published from people's reports (`ringfence feed aggregate`, then `feed publish`, by
 * scripts/build-test-databases.sh): the day-2 delta named in manifest.json installs over day 1
 * through the verified delta path and rebuilds the published day-2 file exactly.
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
}
