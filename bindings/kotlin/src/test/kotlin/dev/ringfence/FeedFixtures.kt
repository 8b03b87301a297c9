package dev.ringfence

import java.io.File
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.assertThrows

/** The signed test databases (tests/vectors/databases, built by scripts/build-bindings.sh). */
object FeedFixtures {
    /** The feed of v1, v2 and other-key (`test-feed.public`). */
    const val FEED = "ringfence-test"
    /** A second feed, signed by `other.public`. */
    const val OTHER_FEED = "other-feed"

    private val dir get() = File(Vectors.dir, "databases")

    /** A built fixture file. */
    fun file(name: String) = File(dir, "build/$name").also {
        check(it.isFile) { "missing ${it.path}: run scripts/build-bindings.sh" }
    }

    fun bytes(name: String) = file(name).readBytes()

    /** A public key file's text, as read (with its trailing newline: `pinFeed` trims). */
    fun key(name: String) = File(dir, name).readText()

    /** A screener with [FEED] pinned to its key (and [OTHER_FEED] to the other key when [both]). */
    fun screener(both: Boolean = false) = Screener(ScreenerConfig(language = Language.EN, defaultRegion = "CH")).also {
        it.pinFeed(FEED, listOf(key("test-feed.public")))
        if (both) it.pinFeed(OTHER_FEED, listOf(key("other.public")))
    }
}

/** The kind of database rejection [block] throws; its message carries no number. */
fun rejection(block: () -> Unit): DatabaseProblem =
    assertThrows<RingfenceException.InvalidDatabase>(block).also {
        assertFalse(Regex("""\d{5,}""").containsMatchIn(it.message ?: ""), "no number in ${it.message}")
    }.kind

/** A screener's verdict for [number]. */
fun Screener.check(number: String) = screen(call(number))

/**
 * What an attack must leave unchanged: the installed databases, the answers for the fixtures'
 * numbers, the version floor of each feed and the store's files with their contents.
 */
fun Screener.state(store: File? = null): List<Any?> = listOf(
    databases(),
    listOf("+41446681800", "+41215600042", "+41215609999").map { check(it).let { v -> v.action to v.label } },
    versionFloor(FeedFixtures.FEED),
    versionFloor(FeedFixtures.OTHER_FEED),
    store?.listFiles()?.sortedBy { it.name }?.map { it.name to it.readBytes().contentHashCode() },
)
