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
 * or with `timedOut()` (allow; [ScreeningResult.TIMED_OUT] unless given) when [budgetMillis]
 * passes first. The service computes the budget per call ([ScreeningBudget]).
 *
 * `answer` always runs on the [worker] pool, never on the [timer] thread: the timer only hands
 * the timeout over, so a slow `answer` (history file I/O in the app's `onScreened`) never delays
 * another call's deadline. Only when the pool refuses work does `answer` run where it is. It
 * must not throw.
 */
class DeadlineRunner(
    private val budgetMillis: Long = DEFAULT_BUDGET_MILLIS,
    private val worker: Executor = sharedWorker,
    private val timer: ScheduledExecutorService = sharedTimer,
) {
    /** Starts [work]; returns at once. [timedOut] is the answer when the budget runs out. */
    fun run(
        work: () -> ScreeningResult,
        answer: (ScreeningResult) -> Unit,
        timedOut: () -> ScreeningResult = { ScreeningResult.TIMED_OUT },
    ) {
        val answered = AtomicBoolean(false)
        val once = { result: ScreeningResult -> if (answered.compareAndSet(false, true)) answer(result) }
        val timeout = timer.schedule({ onWorker { once(timedOut()) } }, budgetMillis, TimeUnit.MILLISECONDS)
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

    /** Runs [block] on the worker pool; where it is only when the pool refuses it. */
    private fun onWorker(block: () -> Unit) {
        try {
            worker.execute(block)
        } catch (_: Throwable) {
            block()
        }
    }

    companion object {
        /** Screening budget when none is given ([ScreeningBudget.MAX_MILLIS]). */
        const val DEFAULT_BUDGET_MILLIS = ScreeningBudget.MAX_MILLIS

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
