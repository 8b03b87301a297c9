package dev.ringfence.sample

import android.content.Context
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.InputStream
import java.net.HttpURLConnection
import java.net.URL

/**
 * The signed feeds this app trusts (what a `BuildConfig` field would hold; kept in code so the
 * Maven check compiles it too). Replace both with your own: the public key `ringfence keygen`
 * printed for your feed, and where you publish the `.rfdb` files `ringfence build` signs.
 */
object FeedConfig {
    /**
     * The ed25519 public keys (64 hex digits) pinned per feed name: a feed is accepted only when
     * signed by a key pinned for its name. A placeholder: nobody holds its secret key, so no
     * download verifies until you put your feed's key here. Never pin the repository's test
     * keys (tests/vectors/databases) in an app.
     */
    val FEED_KEYS: Map<String, List<String>> =
        mapOf("ch-spam" to listOf("67b40e23ad34d244d8cd58fed86897a4bb8c100f9ef5df54900ab77f3e4db586"))

    /**
     * Where each feed comes from (HTTPS only), one URL per feed: the `manifest.json` that
     * `ringfence feed publish` writes (daily updates then fetch only the small signed delta), or
     * a database file (`.rfdb`, fetched whole every time).
     */
    val SOURCES: List<String> = listOf("https://feeds.example.org/ringfence/ch-spam/manifest.json")

    /** Larger downloads are refused before they are read into memory. */
    const val MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024

    /** The app's updater: files in `files/feeds` (the library's store in `files/feeds/store`), downloads over HTTPS. */
    fun updater(context: Context): FeedUpdater =
        FeedUpdater(File(context.applicationContext.filesDir, "feeds"), FEED_KEYS, HttpsFetch(MAX_DOWNLOAD_BYTES))
}

/**
 * [Fetch] over `HttpURLConnection`: HTTPS only (redirects to plain HTTP are not followed), no
 * caches, timeouts, a 200 response, at most [maxBytes]. Blocks: never call on the main thread.
 * Integrity and authenticity are the library's job (checksum and signature), not TLS's alone.
 */
class HttpsFetch(
    private val maxBytes: Int,
    private val connectTimeoutMillis: Int = 15_000,
    private val readTimeoutMillis: Int = 30_000,
    /** Hosts reached over plain HTTP: none in the app; tests name the loopback server they start. */
    private val plainHttpHosts: Set<String> = emptySet(),
) : Fetch {
    override fun invoke(url: String): ByteArray {
        val target = URL(url)
        val allowed = target.protocol == "https" || (target.protocol == "http" && target.host in plainHttpHosts)
        if (!allowed) throw DownloadException("NOT_HTTPS", "feeds are downloaded over HTTPS only")
        val connection = target.openConnection() as HttpURLConnection
        try {
            connection.connectTimeout = connectTimeoutMillis
            connection.readTimeout = readTimeoutMillis
            connection.useCaches = false
            connection.instanceFollowRedirects = true
            connection.setRequestProperty("Accept", "application/octet-stream")
            val code = connection.responseCode
            if (code != HttpURLConnection.HTTP_OK) throw DownloadException("HTTP_$code", "the server answered $code")
            if (connection.contentLengthLong > maxBytes) throw tooLarge()
            return connection.inputStream.use { it.readAtMost(maxBytes) }
        } finally {
            connection.disconnect()
        }
    }

    private fun tooLarge() = DownloadException("TOO_LARGE", "larger than ${maxBytes / 1_048_576} MB")

    /** InputStream.readNBytes is API 33; this app runs from API 29. */
    private fun InputStream.readAtMost(limit: Int): ByteArray {
        val out = ByteArrayOutputStream()
        val buffer = ByteArray(64 * 1024)
        while (true) {
            val n = read(buffer)
            if (n < 0) return out.toByteArray()
            if (out.size() + n > limit) throw tooLarge()
            out.write(buffer, 0, n)
        }
    }
}
