package dev.ringfence

import dev.ringfence.FeedFixtures.FEED
import dev.ringfence.FeedFixtures.OTHER_FEED
import dev.ringfence.FeedFixtures.bytes
import dev.ringfence.FeedFixtures.file
import dev.ringfence.FeedFixtures.screener
import java.io.File
import java.io.RandomAccessFile
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * The feed attacks of issue 14 through the bindings, each refused with a typed error while the
 * installed feed, the answers, the version floor and the store's files stay as they were.
 */
class FeedAttackTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }
    }

    @Test
    fun `a delta made for feed B never turns feed A into B`(@TempDir store: File) {
        screener(both = true).use { s ->
            s.useStore(store.path)
            s.installDatabaseFile(file("v1.rfdb").path)
            s.installDatabaseFile(file("other-feed-v1.rfdb").path)
            val before = s.state(store)
            // The shipped-CLI attack: `ringfence diff B1 B9`, then offered as an update of feed A.
            val forB = bytes("other-feed-v1-to-v2.rfdelta")
            assertEquals(DatabaseProblem.FEED_MISMATCH, rejection { s.installDatabaseDelta(FEED, forB) })
            assertEquals(before, s.state(store), "installed feed, answers, floor and files unchanged")
            assertEquals("Fake bank", s.check("+41446681800").label)
            // Applied to the feed it was made for, it works.
            assertEquals(OTHER_FEED to 9uL, s.installDatabaseDelta(OTHER_FEED, forB).let { it.feed to it.version })
        }
    }

    @Test
    fun `a database for feed A signed by feed B's key is refused`(@TempDir store: File) {
        screener(both = true).use { s ->
            s.useStore(store.path)
            s.installDatabaseFile(file("v1.rfdb").path)
            val before = s.state(store)
            // `other-key.rfdb` names feed A (version 3) but is signed by feed B's pinned key.
            assertEquals(DatabaseProblem.KEY_NOT_PINNED_FOR_FEED, rejection { s.installDatabase(bytes("other-key.rfdb")) })
            assertEquals(DatabaseProblem.KEY_NOT_PINNED_FOR_FEED, rejection { s.installDatabaseFile(file("other-key.rfdb").path) })
            assertEquals(before, s.state(store))
            assertEquals(1uL, s.versionFloor(FEED)?.version)
            // Pinning B's key for A too does not change A's signer: that takes a rotation.
            s.pinFeed(FEED, listOf(FeedFixtures.key("test-feed.public"), FeedFixtures.key("other.public")))
            assertEquals(DatabaseProblem.SIGNER_CHANGED, rejection { s.installDatabase(bytes("other-key.rfdb")) })
            assertEquals(before, s.state(store))
            assertEquals(listOf(OTHER_FEED to 1, FEED to 2), s.feedKeys().map { it.feed to it.keys.size }, "by feed name")
        }
    }

    @Test
    fun `an older version is refused after a restart`(@TempDir store: File) {
        screener().use { s ->
            assertEquals(0, s.useStore(store.path).loaded.size)
            s.installDatabaseFile(file("v2.rfdb").path)
        }
        screener().use { s -> // a new screener on the same store: the app restarted
            val report = s.useStore(store.path)
            assertEquals(listOf(2uL), report.loaded.map { it.version })
            assertEquals(false, report.floorWasCorrupt)
            val before = s.state(store)
            assertEquals(2uL, s.versionFloor(FEED)?.version)
            assertEquals(DatabaseProblem.DOWNGRADE, rejection { s.installDatabaseFile(file("v1.rfdb").path) })
            assertEquals(DatabaseProblem.DOWNGRADE, rejection { s.installDatabase(bytes("v1.rfdb")) })
            assertEquals(DatabaseProblem.DOWNGRADE, rejection { s.loadInstalledDatabaseFile(file("v1.rfdb").path) })
            assertEquals(before, s.state(store))
            // Uninstalled, the feed keeps its floor.
            assertTrue(s.removeDatabase(FEED))
            assertEquals(DatabaseProblem.DOWNGRADE, rejection { s.installDatabase(bytes("v1.rfdb")) })
        }
        screener().use { s -> // and across the next restart too, with no database file left
            assertEquals(0, s.useStore(store.path).loaded.size)
            assertEquals(2uL, s.versionFloor(FEED)?.version)
            assertEquals(DatabaseProblem.DOWNGRADE, rejection { s.installDatabase(bytes("v1.rfdb")) })
        }
    }

    @Test
    fun `truncating and rewriting the app's file never reaches a running screener`(@TempDir tmp: File) {
        val download = File(tmp, "download.rfdb").also { file("v2.rfdb").copyTo(it) }
        val store = File(tmp, "store")
        screener().use { s ->
            s.useStore(store.path)
            s.installDatabaseFile(download.path)
            val before = s.state(store)
            RandomAccessFile(download, "rw").use { it.setLength(16) } // would be SIGBUS if mapped
            assertEquals(before, s.state(store))
            download.writeBytes(bytes("v1.rfdb")) // rewritten in place: answers must not change
            assertEquals(before, s.state(store))
            assertEquals("Fake bank v2", s.check("+41446681800").label)
            assertTrue(download.delete())
            assertEquals(before, s.state(store))
        }
        screener().use { s ->
            val again = file("v2.rfdb").copyTo(File(tmp, "again.rfdb"))
            s.installDatabaseFile(again.path)
            again.writeBytes(ByteArray(8))
            assertEquals("Fake bank v2", s.check("+41446681800").label, "without a store, too")
        }
    }
}
