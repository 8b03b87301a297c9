package dev.ringfence.screening

import java.util.concurrent.Executor
import java.util.concurrent.Executors
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.ThreadFactory
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger

/**
 * Runs screening off the caller's thread and answers exactly once: with the screening result,
 * or with [ScreeningResult.TIMED_OUT] (allow) when [budgetMillis] passes first. Android gives a
 * `CallScreeningService` 5 s before it lets the call through unanswered; the default budget of
 * 4 s keeps the answer well inside that.
 *
 * `answer` runs on the worker or the timer thread and must not throw.
 */
class DeadlineRunner(
    private val budgetMillis: Long = DEFAULT_BUDGET_MILLIS,
    private val worker: Executor = sharedWorker,
    private val timer: ScheduledExecutorService = sharedTimer,
) {
    /** Starts [work]; returns at once. */
    fun run(work: () -> ScreeningResult, answer: (ScreeningResult) -> Unit) {
        val answered = AtomicBoolean(false)
        val once = { result: ScreeningResult -> if (answered.compareAndSet(false, true)) answer(result) }
        val timeout = timer.schedule({ once(ScreeningResult.TIMED_OUT) }, budgetMillis, TimeUnit.MILLISECONDS)
        try {
            worker.execute {
                val result = try { work() } catch (t: Throwable) { ScreeningResult.failedOpen(t) }
                timeout.cancel(false)
                once(result)
            }
        } catch (t: Throwable) { // e.g. RejectedExecutionException
            timeout.cancel(false)
            once(ScreeningResult.failedOpen(t))
        }
    }

    companion object {
        /** Screening budget: Android's limit is 5 s. */
        const val DEFAULT_BUDGET_MILLIS = 4_000L

        /** Grows with stuck calls, so one hung screening never delays the next call. */
        val sharedWorker: Executor by lazy { Executors.newCachedThreadPool(daemon("ringfence-screen")) }

        /** Fires the deadlines. */
        val sharedTimer: ScheduledExecutorService by lazy {
            Executors.newSingleThreadScheduledExecutor(daemon("ringfence-deadline"))
        }

        private fun daemon(name: String): ThreadFactory {
            val n = AtomicInteger()
            return ThreadFactory { r -> Thread(r, "$name-${n.incrementAndGet()}").apply { isDaemon = true } }
        }
    }
}
