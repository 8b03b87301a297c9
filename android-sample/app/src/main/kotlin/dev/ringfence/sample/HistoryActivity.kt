package dev.ringfence.sample

import android.os.Bundle
import android.text.format.DateFormat
import android.widget.ArrayAdapter
import android.widget.ListView
import dev.ringfence.screening.Outcome
import kotlinx.coroutines.Dispatchers
import java.util.Date

/**
 * The screened calls, newest first, with the action, category, risk, reasons and label; a call
 * that was let through unscreened says why (timed out, screening failed).
 */
class HistoryActivity : SampleActivity() {
    private lateinit var entries: ArrayAdapter<String>

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        title = "Screened calls"
        entries = ArrayAdapter(this, android.R.layout.simple_list_item_1, mutableListOf())
        val clear = button("Clear history") { inBackground({ HistoryStore(this).clear() }, Dispatchers.IO) { load() } }
        setContentView(column(clear, ListView(this).apply { adapter = entries }))
        load()
    }

    private fun load() {
        inBackground({ HistoryStore(this).read().asReversed() }, Dispatchers.IO) { result ->
            val format = DateFormat.getDateFormat(this)
            val time = DateFormat.getTimeFormat(this)
            entries.clear()
            entries.addAll(
                result.getOrDefault(emptyList()).map { e ->
                    val at = Date(e.epochSeconds * 1000)
                    "${format.format(at)} ${time.format(at)}  ${e.caller ?: "number withheld"}\n" +
                        "${e.action.name.lowercase()} · ${e.category.name.lowercase()} · risk ${e.risk}" +
                        (e.label?.let { " · $it" } ?: "") + "\n" + why(e)
                },
            )
        }
    }

    private fun why(e: HistoryEntry): String = when (e.outcome) {
        Outcome.SCREENED, Outcome.OUTGOING_RECORDED -> e.reasons.joinToString(", ")
        Outcome.TIMED_OUT -> "not screened in time: allowed"
        Outcome.FAILED_OPEN -> "screening failed: allowed"
    }
}
