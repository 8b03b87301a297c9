package dev.ringfence

import java.io.File

/**
 * The body of [JvmMemoryTest], run in a JVM of its own with the default heap settings: screens
 * `args[0]` calls one at a time (never a batch) through one [LeanScreener], cycling through
 * [ScreeningWorkload]'s [ROTATION] calls (distinct numbers, mixed shapes, built before the loop
 * as a phone's call objects would be), and prints `calls=N blocked=B digest=D peak_rss_kb=K`:
 * the blocked calls, a [digest] of the first [ROTATION] verdicts (later rounds differ: the
 * screener remembers recent callers) and the highest VmRSS sampled every 10,000 calls.
 */
object MemoryProbe {
    /** How many distinct calls the loop cycles through. */
    const val ROTATION = 10_000

    /** The probe's screener, the same in the probe and in the test's reference run. */
    fun screener(): Screener = ScreeningWorkload.screener(Language.EN)

    /** A digest of [verdicts]' contents, the same in every JVM (enums by ordinal); allocates nothing. */
    fun digest(verdicts: Iterable<Verdict>): Int = verdicts.fold(0, ::mix)

    private fun mix(digest: Int, v: Verdict): Int {
        var h = 31 * digest + v.action.ordinal
        h = 31 * h + v.risk.toInt()
        h = 31 * h + v.category.ordinal
        h = 31 * h + v.reasons.hashCode()
        h = 31 * h + v.label.hashCode()
        h = 31 * h + v.advice.hashCode()
        h = 31 * h + v.e164.hashCode()
        return 31 * h + v.reminder.hashCode()
    }

    private fun residentKb(): Long = File("/proc/self/status").readLines()
        .first { it.startsWith("VmRSS:") }.split(Regex("\\s+"))[1].toLong()

    /** Entry point of the forked JVM. */
    @JvmStatic
    fun main(args: Array<String>) {
        val count = args.firstOrNull()?.toInt() ?: 1_000_000
        val calls = ScreeningWorkload.calls(ROTATION)
        var peak = 0L
        var blocked = 0L
        var firstRound = 0
        screener().use { s ->
            LeanScreener(s).use { lean ->
                for (i in 0 until count) {
                    val verdict = lean.screen(calls[i % ROTATION])
                    if (verdict.action == Action.BLOCK) blocked++
                    if (i < ROTATION) firstRound = mix(firstRound, verdict)
                    if (i % 10_000 == 0) peak = maxOf(peak, residentKb())
                }
            }
        }
        peak = maxOf(peak, residentKb())
        println("calls=$count blocked=$blocked digest=$firstRound peak_rss_kb=$peak")
    }
}
