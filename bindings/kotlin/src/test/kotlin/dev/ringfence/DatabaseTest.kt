package dev.ringfence

import java.io.File
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir

/**
 * Signed databases through the bindings: pin the key, install, swap to a newer version, and
 * reject a downgrade, a foreign key, a tampered file and a missing file — each leaving the
 * installed database in place. Fixtures: tests/vectors/databases (built by build-bindings.sh).
 */
class DatabaseTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }

        private fun fixture(name: String) = FeedFixtures.file(name)
    }

    private fun screener() = FeedFixtures.screener()

    @Test
    fun `installed database screens its numbers, and a newer version swaps in`() {
        screener().use { s ->
            assertEquals(Action.ALLOW, s.check("+41446681800").action, "nothing installed yet")
            val v1 = s.installDatabaseFile(fixture("v1.rfdb").path)
            assertEquals("ringfence-test" to 1uL, v1.feed to v1.version)
            val blocked = s.check("044 668 18 00")
            assertEquals(Action.BLOCK, blocked.action, "$blocked")
            assertEquals(Category.SCAM, blocked.category)
            assertEquals("feed_listed", blocked.reasons.first())
            assertEquals("Fake bank", blocked.label)
            assertEquals(Action.SILENCE, s.check("+41215600042").action, "range entry")
            assertEquals(listOf("feed_allow"), s.check("+41215609999").reasons)

            val v2 = s.installDatabase(fixture("v2.rfdb").readBytes())
            assertEquals(2uL, v2.version)
            assertEquals(listOf(2uL), s.databases().map { it.version })
            assertEquals("Fake bank v2", s.check("+41446681800").label)
            assertEquals(Action.BLOCK, s.check("+41215600042").action, "v2 blocks the range")

            assertTrue(s.removeDatabase("ringfence-test"))
            assertEquals(Action.ALLOW, s.check("+41446681800").action)
        }
    }

    @Test
    fun `rejected files leave the installed database untouched`() {
        screener().use { s ->
            s.installDatabaseFile(fixture("v2.rfdb").path)
            val tampered = fixture("v2.rfdb").readBytes().also { it[it.size - 2] = (it[it.size - 2].toInt() xor 1).toByte() }
            assertEquals(DatabaseProblem.DOWNGRADE, rejection { s.installDatabaseFile(fixture("v1.rfdb").path) })
            assertEquals(DatabaseProblem.UNKNOWN_KEY, rejection { s.installDatabase(fixture("other-key.rfdb").readBytes()) })
            assertEquals(DatabaseProblem.CHECKSUM_MISMATCH, rejection { s.installDatabase(tampered) })
            assertEquals(DatabaseProblem.TRUNCATED, rejection { s.installDatabase(tampered.copyOf(100)) })
            assertEquals(DatabaseProblem.NOT_A_DATABASE, rejection { s.installDatabase(ByteArray(4096) { 7 }) })
            assertEquals(DatabaseProblem.INVALID_KEY, rejection { s.pinFeed("ringfence-test", listOf("not a key")) })
            assertThrows<RingfenceException.Io> { s.installDatabaseFile(File(fixture("v1.rfdb").parent, "missing.rfdb").path) }
            assertEquals(listOf(2uL), s.databases().map { it.version })
            assertEquals("Fake bank v2", s.check("+41446681800").label)
            // The fast reopen path at app start still checks key and version.
            assertEquals(DatabaseProblem.DOWNGRADE, rejection { s.loadInstalledDatabaseFile(fixture("v1.rfdb").path) })
            assertEquals("ringfence-test", s.loadInstalledDatabaseFile(fixture("v2.rfdb").path).feed)
        }
    }

    @Test
    fun `a delta updates the installed feed, and a corrupt one changes nothing`(@TempDir tmp: File) {
        screener().use { s ->
            s.useStore(tmp.path)
            s.installDatabaseFile(fixture("v1.rfdb").path)
            val delta = fixture("v1-to-v2.rfdelta").readBytes()
            assertTrue(delta.size < fixture("v2.rfdb").length(), "a delta is smaller than the file")
            val stored = { tmp.listFiles()!!.filter { it.name.endsWith(".rfdb") } }
            val before = stored().map { it.name }
            val corrupt = delta.copyOf().also { it[it.size - 1] = (it[it.size - 1].toInt() xor 1).toByte() }
            rejection { s.installDatabaseDelta("ringfence-test", corrupt) }
            assertEquals(before, stored().map { it.name }, "nothing written")
            assertEquals("Fake bank", s.check("+41446681800").label)
            assertEquals(2uL, s.installDatabaseDelta("ringfence-test", delta).version)
            val out = stored().single()
            assertTrue(out.readBytes().contentEquals(fixture("v2.rfdb").readBytes()), "the signed v2 file, rebuilt")
            assertEquals("Fake bank v2", s.check("+41446681800").label)
        }
    }

    @Test
    @Timeout(120)
    fun `screening threads see whole databases while another thread swaps and rejects them`() {
        screener().use { s ->
            val files = listOf(fixture("v1.rfdb"), fixture("v2.rfdb")).map { it.readBytes() }
            s.installDatabase(files[0])
            val done = AtomicBoolean(false)
            val pool = Executors.newFixedThreadPool(4)
            val readers = (0 until 4).map {
                pool.submit<Int> {
                    var n = 0
                    while (!done.get() || n < 20) {
                        val v = s.check("+41446681800")
                        assertEquals(Action.BLOCK, v.action, "$v")
                        assertTrue(v.label == "Fake bank" || v.label == "Fake bank v2", "${v.label}")
                        n++
                    }
                    n
                }
            }
            // Swap in v2 (re-installing the same version swaps it again), with refused
            // downgrades in between: readers only ever see a whole v1 or v2.
            repeat(200) {
                s.installDatabase(files[1])
                assertEquals(DatabaseProblem.DOWNGRADE, rejection { s.installDatabase(files[0]) })
            }
            done.set(true)
            assertTrue(readers.sumOf { it.get(60, TimeUnit.SECONDS) } >= 80)
            pool.shutdown()
        }
    }
}
