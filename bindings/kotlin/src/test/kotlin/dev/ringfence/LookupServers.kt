package dev.ringfence

import com.sun.net.httpserver.HttpServer
import java.io.File
import java.net.HttpURLConnection
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.URL
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * The published lookup feed of the lookup tests (scripts/lookup-fixture.sh, built by
 * scripts/build-bindings.sh into tests/vectors/databases/build/lookup): `www/<variant>/` and
 * the feed's public key.
 */
object LookupFixture {
    val dir: File
        get() = File(Vectors.dir, "databases/build/lookup").also {
            check(File(it, "www/good/manifest.json").isFile) { "lookup fixture missing in $it: run scripts/build-bindings.sh" }
        }

    val www: File get() = File(dir, "www")

    val publicKey: String get() = File(dir, "feed.public").readText().trim()

    const val SCAM = "+41446681800"
    const val TELEMARKETING = "+390255512345"
    const val UNLISTED = "+41446681899"

    /** The user's own number: it must never reach the server either. */
    const val OWN = "+41791234567"
}

/** nginx serving [root] on 127.0.0.1 (scripts/nginx-serve.sh) until closed. */
class Nginx(root: File, private val work: File) : AutoCloseable {
    val url: String = script("start", root.path, work.path).trim()

    /** One line per request: its URI. */
    fun requests(): List<String> = File(work, "access.log").takeIf { it.isFile }?.readLines().orEmpty()

    /** One line per request: the request line, User-Agent, Referer and Cookie. */
    fun requestLines(): List<String> = File(work, "requests.log").takeIf { it.isFile }?.readLines().orEmpty()

    override fun close() {
        script("stop", work.path)
    }

    private fun script(vararg args: String): String {
        val scripts = System.getProperty("ringfence.scripts.dir") ?: error("ringfence.scripts.dir is not set (run through Maven)")
        val process = ProcessBuilder(listOf("bash", File(scripts, "nginx-serve.sh").path) + args)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start()
        val out = process.inputStream.bufferedReader().readText()
        check(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) { "nginx-serve.sh ${args[0]} failed" }
        return out
    }
}

/**
 * A server nginx cannot play, on a free port of 127.0.0.1: it reads each request and answers
 * [reply] (raw bytes), or never answers when [reply] is null. Runs until closed.
 */
class MisbehavingServer(private val reply: ByteArray?) : AutoCloseable {
    private val socket = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    private val held = mutableListOf<Socket>()
    val url = "http://127.0.0.1:${socket.localPort}"

    init {
        Thread {
            while (!socket.isClosed) {
                val s = try { socket.accept() } catch (_: Exception) { break }
                s.getInputStream().read(ByteArray(4096))
                if (reply == null) synchronized(held) { held += s } else s.use { it.getOutputStream().write(reply) }
            }
        }.apply { isDaemon = true }.start()
    }

    override fun close() {
        socket.close()
        synchronized(held) { held.forEach { it.close() } }
    }
}

/** An HTTP server that answers each request [delayMillis] late with what [upstream] serves for its path. */
class SlowProxy(private val upstream: String, delayMillis: Long) : AutoCloseable {
    private val pool = Executors.newCachedThreadPool()
    private val server = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0).apply {
        createContext("/") { exchange ->
            Thread.sleep(delayMillis)
            val c = URL(upstream + exchange.requestURI.path).openConnection() as HttpURLConnection
            val body = if (c.responseCode == 200) c.inputStream.use { it.readBytes() } else ByteArray(0)
            exchange.sendResponseHeaders(c.responseCode, if (body.isEmpty()) -1 else body.size.toLong())
            exchange.responseBody.use { it.write(body) }
        }
        executor = pool
        start()
    }
    val url = "http://127.0.0.1:${server.address.port}"

    override fun close() {
        server.stop(0)
        pool.shutdownNow()
    }
}
