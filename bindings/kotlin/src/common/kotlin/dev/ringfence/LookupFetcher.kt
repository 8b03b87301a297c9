package dev.ringfence

import java.io.IOException
import java.io.InputStream
import java.net.HttpURLConnection
import java.net.URL
import java.util.concurrent.Callable
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.Future
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.ThreadFactory
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger

/** Why a lookup gave no answer. The call is screened without it (fail open). */
enum class LookupFailure {
    /** No answer before the fetcher's deadline (connecting, waiting or reading). */
    TIMEOUT,

    /** The call's screening budget ran out first; the fetch goes on and a later call uses it. */
    LATE,

    /** The server answered another status than 200 (e.g. 404). */
    HTTP_STATUS,

    /** The response ended before its announced length, or the connection broke mid-body. */
    TRUNCATED_RESPONSE,

    /** The response is larger than any valid file. */
    TOO_LARGE,

    /** No connection (refused, unreachable, bad URL). */
    TRANSPORT,

    /** The library refused the file ([LookupOutcome.Failed.problem]: tampered, foreign, replayed…). */
    REFUSED,

    /** The caller's number cannot be read. */
    INVALID_NUMBER,

    /** Something else failed inside Ringfence or the fetcher (a bug). */
    INTERNAL,
}

/** What one lookup gave. */
sealed class LookupOutcome {
    /** The feed's answer: from the cache, or fetched and verified now. */
    data class Answered(val answer: LookupAnswer, val fromCache: Boolean) : LookupOutcome()

    /**
     * No answer, and why ([problem] for [LookupFailure.REFUSED], [httpStatus] for
     * [LookupFailure.HTTP_STATUS]). The cache is unchanged.
     */
    data class Failed(
        val reason: LookupFailure,
        val problem: LookupProblem? = null,
        val httpStatus: Int? = null,
    ) : LookupOutcome()
}

/**
 * Fetches lookup buckets for a [LookupClient] with [HttpURLConnection] (JVM and Android) and
 * hands them to the library, which verifies and caches them. Requests go to [baseUrl] plus a
 * path naming only the manifest or a bucket, never a number (docs/privacy.md); no redirects
 * are followed, no HTTP cache is used, no cookies are sent.
 *
 * Every lookup ends by [deadlineMillis] (default 2.5 s; a watchdog disconnects a fetch at the
 * deadline, so a stalled or trickling server cannot hold it longer) and never throws: it
 * answers from the cache when it can, else fetches, else fails open with a [LookupFailure].
 * Give the screener the same client (`Screener.useLookup`) so screening sees the answers.
 * National numbers are read in the call's region, else in [defaultRegion].
 */
class LookupFetcher(
    private val client: LookupClient,
    baseUrl: String,
    val deadlineMillis: Long = DEFAULT_DEADLINE_MILLIS,
    private val defaultRegion: String? = null,
    private val nowSeconds: () -> Long = { System.currentTimeMillis() / 1000 },
) {
    private val base = baseUrl.trimEnd('/')

    init {
        require(deadlineMillis > 0) { "the deadline must be positive" }
    }

    /** Looks [number] up: from the cache, else fetched by the deadline. Never throws. */
    fun lookup(number: String, region: String? = null): LookupOutcome = guarded {
        val deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis)
        val region = region ?: defaultRegion
        cached(number, region) ?: fetch(number, region, deadline)
    }

    /**
     * Looks [number] up, waiting at most [waitMillis] (the rest of a call's budget): the cached
     * answer at once, else the fetch's outcome if it ends in time, else [LookupFailure.LATE]
     * while the fetch goes on (to its own deadline) and caches its answer for a later call.
     */
    fun lookupWithin(number: String, region: String?, waitMillis: Long): LookupOutcome = guarded {
        val region = region ?: defaultRegion
        cached(number, region) ?: run {
            val pending = start(number, region)
            try {
                pending.get(maxOf(0L, minOf(waitMillis, deadlineMillis)), TimeUnit.MILLISECONDS)
            } catch (_: TimeoutException) {
                LookupOutcome.Failed(LookupFailure.LATE)
            }
        }
    }

    /** Starts fetching [number]'s bucket on a background thread (the app's pre-fetch). */
    fun start(number: String, region: String? = null): Future<LookupOutcome> =
        fetchPool.submit(Callable { lookup(number, region) })

    private fun cached(number: String, region: String?): LookupOutcome? =
        client.cachedAnswer(number, region, nowSeconds().toULong())?.let { LookupOutcome.Answered(it, fromCache = true) }

    private fun fetch(number: String, region: String?, deadline: Long): LookupOutcome {
        val now = nowSeconds().toULong()
        if (!client.manifestIsFresh(now)) {
            val manifest = get(lookupManifestPath(), lookupManifestMaxBytes(), deadline)
            if (manifest is Fetched.Failed) return manifest.outcome
            client.acceptManifest((manifest as Fetched.Body).bytes, now)
        }
        val request = client.lookupPath(number, region)
        return when (val bucket = get(request.path(), request.maxBytes(), deadline)) {
            is Fetched.Failed -> bucket.outcome
            is Fetched.Body -> LookupOutcome.Answered(client.acceptBucket(request, bucket.bytes, now), fromCache = false)
        }
    }

    private sealed class Fetched {
        class Body(val bytes: ByteArray) : Fetched()

        class Failed(val outcome: LookupOutcome.Failed) : Fetched()
    }

    private fun failed(reason: LookupFailure, status: Int? = null) = Fetched.Failed(LookupOutcome.Failed(reason, httpStatus = status))

    /** GETs [path] below the base URL by [deadline] (System.nanoTime), reading at most [maxBytes]. */
    private fun get(path: String, maxBytes: ULong, deadline: Long): Fetched {
        val left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())
        if (left <= 0) return failed(LookupFailure.TIMEOUT)
        val connection = try {
            URL("$base/$path").openConnection() as HttpURLConnection
        } catch (_: Exception) {
            return failed(LookupFailure.TRANSPORT)
        }
        val expired = AtomicBoolean(false)
        var answered = false // a status line arrived: a failure after it is a cut body
        val watchdog = timer.schedule({ expired.set(true); connection.disconnect() }, left, TimeUnit.MILLISECONDS)
        return try {
            connection.apply {
                connectTimeout = left.toInt().coerceAtLeast(1)
                readTimeout = left.toInt().coerceAtLeast(1)
                instanceFollowRedirects = false
                useCaches = false
                setRequestProperty("Accept-Encoding", "identity")
            }
            val status = connection.responseCode
            answered = true
            if (status != HttpURLConnection.HTTP_OK) return failed(LookupFailure.HTTP_STATUS, status)
            val announced = connection.contentLengthLong
            if (announced > maxBytes.toLong()) return failed(LookupFailure.TOO_LARGE)
            val body = connection.inputStream.use { readAtMost(it, maxBytes.toLong()) }
                ?: return failed(LookupFailure.TOO_LARGE)
            if (announced >= 0 && body.size.toLong() != announced) return failed(LookupFailure.TRUNCATED_RESPONSE)
            Fetched.Body(body)
        } catch (e: IOException) {
            val late = expired.get() || System.nanoTime() >= deadline || e is java.net.SocketTimeoutException
            failed(if (late) LookupFailure.TIMEOUT else if (answered) LookupFailure.TRUNCATED_RESPONSE else LookupFailure.TRANSPORT)
        } finally {
            watchdog.cancel(false)
            connection.disconnect()
        }
    }

    /** The whole stream, or `null` when it holds more than [max] bytes. */
    private fun readAtMost(input: InputStream, max: Long): ByteArray? {
        val out = java.io.ByteArrayOutputStream()
        val buffer = ByteArray(16 * 1024)
        while (true) {
            val n = input.read(buffer)
            if (n < 0) return out.toByteArray()
            if (out.size() + n > max) return null
            out.write(buffer, 0, n)
        }
    }

    /** [block]'s outcome; a refusal, a bad number or anything thrown becomes a [LookupOutcome.Failed]. */
    private inline fun guarded(block: () -> LookupOutcome): LookupOutcome =
        try {
            block()
        } catch (e: RingfenceException.LookupRefused) {
            LookupOutcome.Failed(LookupFailure.REFUSED, problem = e.kind)
        } catch (_: RingfenceException.InvalidNumber) {
            LookupOutcome.Failed(LookupFailure.INVALID_NUMBER)
        } catch (_: RingfenceException.InvalidRegion) {
            LookupOutcome.Failed(LookupFailure.INVALID_NUMBER)
        } catch (_: Throwable) {
            LookupOutcome.Failed(LookupFailure.INTERNAL)
        }

    companion object {
        /** The deadline of one lookup when none is given. */
        const val DEFAULT_DEADLINE_MILLIS = 2_500L

        /** Runs fetches that outlive a call's budget (daemon threads, grows as needed). */
        private val fetchPool: ExecutorService by lazy { Executors.newCachedThreadPool(daemon("ringfence-lookup")) }

        /** Disconnects fetches at their deadline. */
        private val timer: ScheduledExecutorService by lazy {
            Executors.newSingleThreadScheduledExecutor(daemon("ringfence-lookup-deadline"))
        }

        private fun daemon(name: String): ThreadFactory {
            val n = AtomicInteger()
            return ThreadFactory { r -> Thread(r, "$name-${n.incrementAndGet()}").apply { isDaemon = true } }
        }
    }
}
