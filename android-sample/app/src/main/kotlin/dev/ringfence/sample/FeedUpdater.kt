package dev.ringfence.sample

import dev.ringfence.DatabaseInfo
import dev.ringfence.DatabaseProblem
import dev.ringfence.FeedFile
import dev.ringfence.FeedManifest
import dev.ringfence.FeedDeltaUpdate
import dev.ringfence.FeedFullUpdate
import dev.ringfence.FeedUpToDate
import dev.ringfence.ManifestProblem
import dev.ringfence.RingfenceException
import dev.ringfence.ScreenerInterface
import dev.ringfence.checkFeedDownload
import dev.ringfence.parseFeedManifest
import dev.ringfence.planFeedUpdate
import java.io.File
import java.io.IOException
import java.net.URI
import java.nio.file.Files
import java.nio.file.StandardCopyOption
import java.util.Properties

/** The network boundary: the bytes at an URL, or an exception ([DownloadException], [IOException]). */
typealias Fetch = (url: String) -> ByteArray

/** A download that failed for a reason worth showing ([kind]: `HTTP_404`, `TOO_LARGE`, `NOT_HTTPS`). */
class DownloadException(val kind: String, message: String) : IOException(message)

/**
 * Why a feed update or a start-up load failed: [problem] when the library refused the database
 * (its kind is also [kind]), [manifestProblem] when it refused a feed manifest or a download's
 * size or SHA-256 against it (kind `MANIFEST_<problem>`), else `NETWORK`, `HTTP_<code>`,
 * `TOO_LARGE`, `NOT_HTTPS`, `IO`, `STORAGE`…
 */
data class FeedFailure(val kind: String, val problem: DatabaseProblem? = null, val manifestProblem: ManifestProblem? = null) {
    companion object {
        fun of(error: Throwable): FeedFailure = when (error) {
            is RingfenceException.InvalidDatabase -> FeedFailure(error.kind.name, error.kind)
            is RingfenceException.InvalidManifest -> FeedFailure("MANIFEST_${error.kind.name}", manifestProblem = error.kind)
            is RingfenceException.Io -> FeedFailure("IO")
            is RingfenceException -> FeedFailure(error.javaClass.simpleName.uppercase())
            is DownloadException -> FeedFailure(error.kind)
            is StorageException -> FeedFailure("STORAGE")
            is IOException -> FeedFailure("NETWORK")
            else -> FeedFailure("ERROR")
        }
    }
}

/** What one source's update did. */
sealed interface FeedResult {
    val source: String

    /**
     * The download verified and is now the feed's installed file (and in the screener). From a
     * manifest: [delta] when the delta installed, else [deltaFailure] says why an offered delta
     * was refused before the full database installed instead.
     */
    data class Installed(
        override val source: String,
        val info: DatabaseInfo,
        val previousVersion: ULong?,
        val delta: Boolean = false,
        val deltaFailure: FeedFailure? = null,
    ) : FeedResult

    /** The manifest names the installed version (or an older one): nothing was fetched but it. */
    data class UpToDate(override val source: String, val info: DatabaseInfo?) : FeedResult

    /** Nothing changed: the installed file and the screener's databases are as they were. */
    data class Failed(override val source: String, val failure: FeedFailure) : FeedResult
}

/** A feed re-opened at start-up ([info]), or why it could not be ([failure]). */
data class FeedLoad(val feed: String, val info: DatabaseInfo?, val failure: FeedFailure?)

/** One row of the feeds list: an installed feed and/or a configured source, with its last error. */
data class FeedStatus(
    /** The feed's name, once a source delivered a database. */
    val feed: String?,
    /** The configured URL it comes from, if any. */
    val source: String?,
    /** What the screener holds for the feed now (version, counts). */
    val installed: DatabaseInfo?,
    /** When the source was last checked (seconds since 1970). */
    val checkedUnix: Long?,
    /** The last failure's kind (download or start-up load); null after a success. */
    val lastError: String?,
)

/**
 * Signed feeds for one app: downloads a database from each configured HTTPS source and lets the
 * library verify and keep it. A source ending in `.json` is a feed's `manifest.json` (`ringfence
 * feed publish`, docs/feed-manifest.md): the library reads it and says what to fetch for the
 * installed version (nothing; the delta, installed with `installDatabaseDelta`, falling back to
 * the full database when the delta is refused; or the full database), and checks each download's
 * size and SHA-256 against it before the verified install. Either way the library verifies (`installDatabaseFile`: size cap, key pinned for the feed it names,
 * signature, checksum, structure, same signer, not below the feed's version floor; atomic swap,
 * nothing changes on error). The library copies it into its own store ([storeDir], `useStore`),
 * the only files it maps, and keeps there each feed's version floor: the highest version ever
 * installed, so an older feed is refused after a restart too. This class keeps no file or
 * high-water mark of its own for the databases.
 *
 * Files: `<dir>/store/` (the library's: never written here), `<dir>/feeds.properties` (per
 * source the feed it delivered, when it was checked and the last error; per feed the last
 * start-up load error), and `<dir>/download-*.tmp` while a download is installed (deleted
 * right after: the store has its own copy).
 *
 * No Android classes: the network is [fetch] ([HttpsFetch] in the app), so plain-JVM tests
 * drive it with the real fixtures and the real library. Calls are serialized.
 */
class FeedUpdater(
    private val dir: File,
    /** Public keys pinned per feed name, 64 hex digits each ([FeedConfig.FEED_KEYS]). */
    private val keys: Map<String, List<String>>,
    private val fetch: Fetch,
    private val now: () -> Long = { System.currentTimeMillis() / 1000 },
) {
    private val stateFile = File(dir, "feeds.properties")

    /** The library's feed store. */
    val storeDir = File(dir, "store")

    /**
     * At start-up, before the first call is screened: pins [keys] per feed and opens the store
     * (`useStore`), which loads the newest file of each feed and refuses any below its version
     * floor. A feed installed before that does not load (say its key is no longer pinned, or its
     * file is gone: `IO`) is reported (also in [status]); the others load. Throws when [keys]
     * are malformed or the store cannot be used.
     */
    fun loadInstalled(screener: ScreenerInterface): List<FeedLoad> = synchronized(lock) {
        keys.toSortedMap().forEach { (feed, feedKeys) -> screener.pinFeed(feed, feedKeys) }
        dir.listFiles { f -> f.name.startsWith(TEMP_PREFIX) }?.forEach { it.delete() }  // an interrupted download
        val report = screener.useStore(storeDir.path)
        val state = FeedState.load(stateFile)
        val loaded = report.loaded.map { info ->
            state.setLoadError(info.feed, null)
            FeedLoad(info.feed, info, null)
        }
        // The store reports files, not feeds: a feed it used to hold that did not load takes the
        // refusal of a file that did not load, else it has no file left.
        val refusals = report.refused.map { FeedFailure(it.kind.name, it.kind) }.iterator()
        val lost = state.installedFeeds().filterNot { feed -> loaded.any { it.feed == feed } }.map { feed ->
            val failure = if (refusals.hasNext()) refusals.next() else FeedFailure("IO")
            state.setLoadError(feed, failure.kind)
            FeedLoad(feed, null, failure)
        }
        runCatching { state.save(stateFile) }
        (loaded + lost).sortedBy { it.feed }
    }

    /**
     * Downloads and installs each source in turn (network: call off the main thread). A source
     * that fails keeps its feed's installed version, in the store and in [screener].
     */
    fun update(screener: ScreenerInterface, sources: List<String>): List<FeedResult> = synchronized(lock) {
        sources.map { source ->
            val state = FeedState.load(stateFile)
            val result = updateOne(screener, source)
            state.setChecked(source, now(), (result as? FeedResult.Failed)?.failure?.kind)
            if (result is FeedResult.Installed) {
                state.setSourceFeed(source, result.info.feed)
                state.setInstalled(result.info.feed)
                state.setLoadError(result.info.feed, null)
            }
            if (result is FeedResult.UpToDate && result.info != null) state.setSourceFeed(source, result.info.feed)
            runCatching { state.save(stateFile) }
            result
        }
    }

    private fun updateOne(screener: ScreenerInterface, source: String): FeedResult = try {
        if (isManifest(source)) fromManifest(screener, source) else installFull(screener, source, fetch(source))
    } catch (e: Exception) {
        FeedResult.Failed(source, FeedFailure.of(e))
    }

    /** What [source]'s manifest says to fetch for the installed version; a refused delta falls back to the full file. */
    private fun fromManifest(screener: ScreenerInterface, source: String): FeedResult {
        val manifest: FeedManifest = parseFeedManifest(fetch(source))
        val installed = screener.databases().firstOrNull { it.feed == manifest.feed }
        return when (val plan = planFeedUpdate(manifest, installed?.version)) {
            is FeedUpToDate -> FeedResult.UpToDate(source, installed)
            is FeedFullUpdate -> installFull(screener, source, download(source, plan.full))
            is FeedDeltaUpdate -> try {
                val info = screener.installDatabaseDelta(manifest.feed, download(source, plan.delta.file))
                FeedResult.Installed(source, info, installed?.version, delta = true)
            } catch (e: Exception) {
                installFull(screener, source, download(source, plan.full)).copy(deltaFailure = FeedFailure.of(e))
            }
        }
    }

    /** The file the manifest at [manifestUrl] names (a bare name: next to it), checked against its size and SHA-256. */
    private fun download(manifestUrl: String, file: FeedFile): ByteArray =
        fetch(URI(manifestUrl).resolve(file.name).toString()).also { checkFeedDownload(file, it) }

    /** Installs a full database: full verification by the library, which keeps its own copy; on any error nothing changes. */
    private fun installFull(screener: ScreenerInterface, source: String, bytes: ByteArray): FeedResult.Installed {
        if (!dir.isDirectory && !dir.mkdirs()) throw StorageException("cannot create ${dir.name}")
        val temp = File.createTempFile(TEMP_PREFIX, ".tmp", dir)
        try {
            temp.writeBytes(bytes)
            val previous = screener.databases()
            val info = screener.installDatabaseFile(temp.path)
            return FeedResult.Installed(source, info, previous.firstOrNull { it.feed == info.feed }?.version)
        } finally {
            temp.delete() // the library never maps it: delete it at once
        }
    }

    /**
     * The feeds list: one row per configured source (with the feed it delivered), then any
     * other installed feed; versions and counts from [screener] when given.
     */
    fun status(screener: ScreenerInterface?, sources: List<String>): List<FeedStatus> = synchronized(lock) {
        val state = FeedState.load(stateFile)
        val held = screener?.databases().orEmpty().associateBy { it.feed }
        val rows = sources.map { source ->
            val feed = state.sourceFeed(source)
            FeedStatus(feed, source, feed?.let(held::get), state.checked(source),
                state.sourceError(source) ?: feed?.let(state::loadError))
        }
        val shown = rows.mapNotNull { it.feed }.toSet()
        val others = (state.installedFeeds() + held.keys).filterNot { it in shown }.distinct().sorted()
        rows + others.map { feed -> FeedStatus(feed, null, held[feed], null, state.loadError(feed)) }
    }

    companion object {
        private const val TEMP_PREFIX = "download-"
        private val lock = Any()

        /** Whether [source] is a feed manifest (its path ends in `.json`) rather than a database. */
        fun isManifest(source: String): Boolean = runCatching { URI(source).path.endsWith(".json") }.getOrDefault(false)
    }
}

/** The feeds directory could not be written. */
class StorageException(message: String) : IOException(message)

/** `feeds.properties`: a small key-value file, replaced atomically (write new, rename). */
private class FeedState(private val props: Properties) {
    /** The feeds ever installed through this updater (their files are the library's). */
    fun installedFeeds(): List<String> =
        props.stringPropertyNames().filter { it.startsWith(INSTALLED) }.map { it.removePrefix(INSTALLED) }.sorted()

    fun setInstalled(feed: String) { props.setProperty(INSTALLED + feed, "1") }
    fun sourceFeed(source: String): String? = props.getProperty(SOURCE_FEED + source)
    fun setSourceFeed(source: String, feed: String) { props.setProperty(SOURCE_FEED + source, feed) }
    fun checked(source: String): Long? = props.getProperty(CHECKED + source)?.toLongOrNull()
    fun sourceError(source: String): String? = props.getProperty(SOURCE_ERROR + source)
    fun loadError(feed: String): String? = props.getProperty(LOAD_ERROR + feed)

    fun setChecked(source: String, unix: Long, error: String?) {
        props.setProperty(CHECKED + source, unix.toString())
        set(SOURCE_ERROR + source, error)
    }

    fun setLoadError(feed: String, error: String?) = set(LOAD_ERROR + feed, error)

    private fun set(key: String, value: String?) {
        if (value == null) props.remove(key) else props.setProperty(key, value)
    }

    fun save(file: File) {
        file.parentFile?.mkdirs()
        val tmp = File(file.parentFile, file.name + ".new")
        tmp.outputStream().use { props.store(it, "Ringfence feeds") }
        Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING)
    }

    companion object {
        const val INSTALLED = "feed.installed."
        const val SOURCE_FEED = "source.feed."
        const val CHECKED = "source.checked."
        const val SOURCE_ERROR = "source.error."
        const val LOAD_ERROR = "load.error."

        fun load(file: File): FeedState = FeedState(Properties().apply {
            if (file.isFile) runCatching { file.inputStream().use { load(it) } }
        })
    }
}

/** The feeds list's text for one row; [time] formats seconds since 1970. */
fun FeedStatus.summary(time: (Long) -> String): String = buildString {
    append(feed ?: "(not downloaded yet)")
    installed?.let { db ->
        append(" v${db.version} · ${db.exactCount} numbers, ${db.rangeCount} ranges · built ${time(db.createdUnix.toLong())}")
    } ?: append(if (feed != null) " · not installed" else "")
    source?.let { append("\nfrom $it") }
    checkedUnix?.let { append("\nchecked ${time(it)}") }
    lastError?.let { append(if (installed != null) "\nlast update failed: $it (this version stays)" else "\nfailed: $it") }
}
