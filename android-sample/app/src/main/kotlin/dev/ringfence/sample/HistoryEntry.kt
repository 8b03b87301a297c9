package dev.ringfence.sample

import dev.ringfence.screening.CallEvent
import dev.ringfence.screening.Outcome
import dev.ringfence.screening.ScreeningResult

/** One screened call, as the history screen shows it. */
data class HistoryEntry(
    val epochSeconds: Long,
    /** E.164 when the library could read the caller ID, else as delivered, or "hidden". */
    val caller: String,
    /** `allow`, `label`, `silence`, `block`. */
    val action: String,
    val category: String,
    val risk: Int,
    /** Reason codes, strongest first; for an unscreened call, why (`timed_out`, `failed_open`). */
    val reasons: List<String>,
    val label: String?,
) {
    companion object {
        const val HIDDEN = "hidden"

        /** The entry for an incoming call's result; `null` for outgoing calls. */
        fun of(result: ScreeningResult, nowSeconds: Long): HistoryEntry? {
            val call = (result.event as? CallEvent.Incoming)?.call
            if (result.event is CallEvent.Outgoing) return null
            val v = result.verdict
            val caller = v?.e164 ?: call?.number ?: HIDDEN
            val time = call?.time?.epochSeconds ?: nowSeconds
            return when {
                v != null -> HistoryEntry(time, caller, v.action.name.lowercase(), v.category.name.lowercase(), v.risk.toInt(), v.reasons, v.label)
                else -> HistoryEntry(time, caller, "allow", "none", 0, listOf(result.outcome.code()), null)
            }
        }

        private fun Outcome.code() = name.lowercase()

        /** Tab-separated, one entry per line; reasons joined with commas. */
        fun encode(e: HistoryEntry): String = listOf(
            e.epochSeconds.toString(), e.caller, e.action, e.category, e.risk.toString(), e.reasons.joinToString(","), e.label.orEmpty(),
        ).joinToString("\t") { oneLine(it) } + "\n"

        fun decode(line: String): HistoryEntry? {
            val f = line.split('\t')
            if (f.size < 7) return null
            val epoch = f[0].toLongOrNull() ?: return null
            val reasons = f[5].split(',').filter { it.isNotBlank() }
            return HistoryEntry(epoch, f[1], f[2], f[3], f[4].toIntOrNull() ?: 0, reasons, f[6].ifEmpty { null })
        }
    }
}
