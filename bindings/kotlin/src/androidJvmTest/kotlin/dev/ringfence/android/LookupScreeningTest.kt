package dev.ringfence.android

import android.telecom.Call
import android.telecom.CallScreeningService
import com.sun.net.httpserver.HttpServer
import dev.ringfence.Action
import dev.ringfence.LookupClient
import dev.ringfence.LookupFailure
import dev.ringfence.LookupFetcher
import dev.ringfence.LookupOutcome
import dev.ringfence.Screener
import dev.ringfence.ScreenerInterface
import dev.ringfence.screening.Outcome
import dev.ringfence.screening.ScreeningResult
import dev.ringfence.screening.realScreener
import java.io.File
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.concurrent.Executors
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/**
 * The screening service with an online lookup (real library, the published test feed served
 * over HTTP with a chosen delay): an answer in time decides the call; a late one lets the call
 * be screened without it (reason recorded) and is cached for the next call from that number.
 */
class LookupScreeningTest {
    class LookupService : RingfenceScreeningService() {
        override fun screener(): ScreenerInterface = state.screener
        override fun lookupFetcher(): LookupFetcher = state.fetcher
        override fun region(details: Call.Details) = "CH"
        override val budgetMillis: Long get() = state.budget
        override fun nowMillis() = CREATED
        override val sdkInt: Int get() = 34
        override fun respond(details: Call.Details, response: CallScreeningService.CallResponse) {
            responses.add(response)
        }
        override fun onScreened(details: Call.Details, result: ScreeningResult) {
            results.add(result)
        }
    }

    /** What the service uses (a framework Service is allocated without its constructor: no fields). */
    class State(val screener: Screener, val client: LookupClient, val fetcher: LookupFetcher, val budget: Long)

    companion object {
        const val CREATED = 1_700_000_000_000L
        const val SCAM_NATIONAL = "044 668 18 00"
        @Volatile lateinit var state: State
        @Volatile var delayMillis = 0L
        val responses = LinkedBlockingQueue<CallScreeningService.CallResponse>()
        val results = LinkedBlockingQueue<ScreeningResult>()

        fun newService(): LookupService {
            val unsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe").apply { isAccessible = true }.get(null)
            return unsafe.javaClass.getMethod("allocateInstance", Class::class.java).invoke(unsafe, LookupService::class.java) as LookupService
        }
    }

    private val www = File(System.getProperty("ringfence.vectors.dir"), "databases/build/lookup/www/good")
    private val cache = kotlin.io.path.createTempDirectory("ringfence-lookup-service").toFile()
    private val pool = Executors.newCachedThreadPool()

    /** Serves the published feed, each answer [delayMillis] late. */
    private val server = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0).apply {
        createContext("/") { exchange ->
            Thread.sleep(delayMillis)
            val file = File(www, exchange.requestURI.path.removePrefix("/"))
            val body = if (file.isFile) file.readBytes() else ByteArray(0)
            exchange.sendResponseHeaders(if (file.isFile) 200 else 404, if (body.isEmpty()) -1 else body.size.toLong())
            exchange.responseBody.use { it.write(body) }
        }
        executor = pool
        start()
    }

    @BeforeEach
    fun setUp() {
        check(File(www, "manifest.json").isFile) { "lookup fixture missing in $www: run scripts/build-bindings.sh" }
        responses.clear(); results.clear(); delayMillis = 0
    }

    @AfterEach
    fun tearDown() {
        state.screener.close()
        server.stop(0)
        pool.shutdownNow()
        cache.deleteRecursively()
    }

    private fun useLookup(budget: Long) {
        val key = File(www, "../../feed.public").readText().trim()
        val client = LookupClient(cache.path, key)
        client.acceptManifest(File(www, "manifest.json").readBytes(), nowSeconds())
        val fetcher = LookupFetcher(client, "http://127.0.0.1:${server.address.port}", defaultRegion = "CH")
        state = State(realScreener().also { it.useLookup(client) }, client, fetcher, budget)
    }

    private fun nowSeconds() = (System.currentTimeMillis() / 1000).toULong()

    private fun ring(): Pair<CallScreeningService.CallResponse, ScreeningResult> {
        newService().onScreenCall(callDetails(tel(SCAM_NATIONAL), createdMillis = CREATED))
        val response = responses.poll(6, TimeUnit.SECONDS) ?: error("no response within 6 s")
        return response to (results.poll(6, TimeUnit.SECONDS) ?: error("onScreened not called"))
    }

    @Test
    fun `an answer within the budget decides the call`() {
        useLookup(budget = 3_000)
        val (response, result) = ring()
        assertEquals(Outcome.SCREENED, result.outcome, "${result.error}")
        val looked = result.lookup
        assertTrue(looked is LookupOutcome.Answered && !looked.fromCache && looked.answer.listed, "$looked")
        assertEquals("lookup_listed", result.verdict?.reasons?.first())
        assertTrue(response.disallowCall && response.rejectCall)
    }

    @Test
    fun `a late answer lets the call ring, and the next call from the number uses it`() {
        useLookup(budget = 1_000)
        delayMillis = 1_200 // later than the budget allows, within the fetcher's 2.5 s deadline
        val started = System.nanoTime()
        val (response, result) = ring()
        val elapsed = (System.nanoTime() - started) / 1_000_000
        assertEquals(Outcome.SCREENED, result.outcome, "screened without the answer, not timed out: ${result.error}")
        assertEquals(LookupOutcome.Failed(LookupFailure.LATE), result.lookup)
        assertEquals(Action.ALLOW, result.verdict?.action)
        assertFalse(response.disallowCall)
        assertTrue(elapsed < 1_000, "answered within the budget: $elapsed ms")

        val deadline = System.nanoTime() + 5_000_000_000L
        while (state.client.cachedAnswer(SCAM_NATIONAL, "CH", nowSeconds()) == null) {
            assertTrue(System.nanoTime() < deadline, "the late answer was never cached")
            Thread.sleep(50)
        }
        val (next, nextResult) = ring()
        val looked = nextResult.lookup
        assertTrue(looked is LookupOutcome.Answered && looked.fromCache, "$looked")
        assertEquals("lookup_listed", nextResult.verdict?.reasons?.first())
        assertTrue(next.disallowCall && next.rejectCall)
    }
}
