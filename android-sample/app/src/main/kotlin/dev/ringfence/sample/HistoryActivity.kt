package dev.ringfence.sample

import android.os.Bundle
import android.text.format.DateFormat
import android.widget.ArrayAdapter
import android.widget.ListView
import android.widget.TextView
import dev.ringfence.screening.Outcome
import kotlinx.coroutines.Dispatchers
import java.util.Date
import java.util.TimeZone

/**
 * The screened calls, newest first, with the action, category, risk, reasons and label; a call
 * that was let through unscreened says why (timed out, screening failed). Tapping a call reports
 * it as spam ([Reporting]).
 */
class HistoryActivity : SampleActivity() {
    private lateinit var entries: ArrayAdapter<String>
    private var shown: List<HistoryEntry> = emptyList()
    private lateinit var status: TextView

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        title = "Screened calls"
        entries = ArrayAdapter(this, android.R.layout.simple_list_item_1, mutableListOf())
        val clear = button("Clear history") { inBackground({ HistoryStore(this).clear() }, Dispatchers.IO) { load() } }
        status = text("Tap a call to report it as spam: its number is blocked.", 14f)
        val list = ListView(this).apply {
            adapter = entries
            setOnItemClickListener { _, _, position, _ -> shown.getOrNull(position)?.let(::report) }
        }
        setContentView(column(clear, status, list))
        load()
    }

    private fun load() {
        inBackground({ HistoryStore(this).read().asReversed() }, Dispatchers.IO) { result ->
            val format = DateFormat.getDateFormat(this)
            val time = DateFormat.getTimeFormat(this)
            shown = result.getOrDefault(emptyList())
            entries.clear()
            entries.addAll(
                shown.map { e ->
                    val at = Date(e.epochSeconds * 1000)
                    "${format.format(at)} ${time.format(at)}  ${e.caller ?: "number withheld"}\n" +
                        "${e.action.name.lowercase()} · ${e.category.name.lowercase()} · risk ${e.risk}" +
                        (e.label?.let { " · $it" } ?: "") + "\n" + why(e)
                },
            )
        }
    }

    /** Reports [entry] as spam (a block rule, saved with the others) on the screener lane. */
    private fun report(entry: HistoryEntry) {
        inBackground({
            val screener = Engine.get(this)
            val offset = TimeZone.getDefault().getOffset(entry.epochSeconds * 1000) / 60_000
            Reporting.report(screener, entry, PhoneInfo.ownNumber(this), offset, InstallPseudonym(this).get())
                .also { RuleFile(this).save(screener) }
        }) { result ->
            status.text = result.fold({ "Reported as spam and blocked." }, { "Not reported: ${it.userMessage()}" })
        }
    }

    private fun why(e: HistoryEntry): String = when (e.outcome) {
        Outcome.SCREENED, Outcome.OUTGOING_RECORDED -> e.reasons.joinToString(", ")
        Outcome.TIMED_OUT -> "not screened in time: allowed"
        Outcome.FAILED_OPEN -> "screening failed: allowed"
    }
}
