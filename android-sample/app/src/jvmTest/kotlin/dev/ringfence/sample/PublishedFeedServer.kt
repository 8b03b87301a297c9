package dev.ringfence.sample

import java.io.File
import java.util.concurrent.TimeUnit

/**
 * A published feed on a real web server: nginx on 127.0.0.1 (scripts/nginx-serve.sh) serving
 * tests/vectors/databases/build/published/www, the day-1/day-2 feed that
 * scripts/build-test-databases.sh publishes with `ringfence feed aggregate` and `feed publish
 * --previous`, in variants (day1/, day2/, bad-sha/, bad-signature/, all-bad/, html/: see that
 * script). Its configuration and logs are in [work].
 */
class PublishedFeedServer(private val work: File) : AutoCloseable {
    private val script = File(pomProperty("ringfence.repo.root"), "scripts/nginx-serve.sh")

    /** The base URL, `http://127.0.0.1:PORT`. */
    val url: String = run("start", published("www/day2").parentFile.path, work.path).trim()

    /** The manifest URL of variant [name]. */
    fun manifest(name: String) = "$url/$name/manifest.json"

    /** The paths requested so far, in order (nginx's access log). */
    fun requests(): List<String> = File(work, "access.log").takeIf { it.isFile }?.readLines().orEmpty()

    override fun close() {
        run("stop", work.path)
    }

    private fun run(vararg args: String): String {
        val process = ProcessBuilder(listOf("bash", script.path) + args).redirectError(ProcessBuilder.Redirect.INHERIT).start()
        val out = process.inputStream.bufferedReader().readText()
        check(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) { "nginx-serve.sh ${args[0]} failed" }
        return out
    }

    companion object {
        const val DAY1 = "ringfence-test-101.rfdb"
        const val DAY2 = "ringfence-test-102.rfdb"

        /** A file (or directory) `ringfence feed publish` and build-test-databases.sh wrote for the fixtures. */
        fun published(name: String): File = File(vectorsDir, "databases/build/published/$name").also {
            check(it.exists()) { "missing ${it.path}: run scripts/build-bindings.sh" }
        }
    }
}
