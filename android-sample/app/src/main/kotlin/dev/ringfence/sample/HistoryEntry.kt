package dev.ringfence.sample

import dev.ringfence.Action
import dev.ringfence.Category
import dev.ringfence.screening.CallEvent
import dev.ringfence.screening.Outcome
import dev.ringfence.screening.ScreeningResult

/** One screened call, as the history screen shows it. */
data class HistoryEntry(
    val epochSeconds: Long,
    /** E.164 when the library could read the caller ID, else as delivered; `null` without a number. */
    val caller: String?,
    /** How the answer was reached: screened, or allowed because screening failed or timed out. */
    val outcome: Outcome,
    val action: Action,
    val category: Category,
    val risk: Int,
    /** Reason codes, strongest first (empty for an unscreened call: see [outcome]). */
    val reasons: List<String>,
    val label: String?,
) {
    companion object {
        /**
         * The entry for an incoming call's result; `null` for outgoing calls. A call that timed
         * out or failed open is kept with what was known about it (its number and time).
         */
        fun of(result: ScreeningResult, nowSeconds: Long): HistoryEntry? {
            if (result.event is CallEvent.Outgoing) return null
            val call = (result.event as? CallEvent.Incoming)?.call
            val v = result.verdict
            val time = call?.time?.epochSeconds ?: nowSeconds
            return when {
                v != null -> HistoryEntry(time, v.e164 ?: call?.number, result.outcome, v.action, v.category, v.risk.toInt(), v.reasons, v.label)
                else -> HistoryEntry(time, call?.number, result.outcome, Action.ALLOW, Category.NONE, 0, emptyList(), null)
            }
        }

        /** Tab-separated, one entry per line; enums by name, reasons joined with commas. */
        fun encode(e: HistoryEntry): String = listOf(
            e.epochSeconds.toString(), e.caller.orEmpty(), e.outcome.name, e.action.name, e.category.name,
            e.risk.toString(), e.reasons.joinToString(","), e.label.orEmpty(),
        ).joinToString("\t") { oneLine(it) } + "\n"

        /** The entry [encode] wrote, or `null` for a damaged line. */
        fun decode(line: String): HistoryEntry? {
            val f = line.split('\t')
            if (f.size < 8) return null
            return HistoryEntry(
                epochSeconds = f[0].toLongOrNull() ?: return null,
                caller = f[1].ifEmpty { null },
                outcome = enumOrNull<Outcome>(f[2]) ?: return null,
                action = enumOrNull<Action>(f[3]) ?: return null,
                category = enumOrNull<Category>(f[4]) ?: return null,
                risk = f[5].toIntOrNull() ?: 0,
                reasons = f[6].split(',').filter { it.isNotBlank() },
                label = f[7].ifEmpty { null },
            )
        }

        private inline fun <reified E : Enum<E>> enumOrNull(name: String): E? = enumValues<E>().firstOrNull { it.name == name }
    }
}
