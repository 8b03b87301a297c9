package dev.ringfence.sample

import android.app.Activity
import android.os.Bundle
import android.text.format.DateFormat
import android.widget.ArrayAdapter
import android.widget.ListView
import java.util.Date

/** The screened calls, newest first, with the action, category, risk, reasons and label. */
class HistoryActivity : Activity() {
    private lateinit var entries: ArrayAdapter<String>

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        title = "Screened calls"
        entries = ArrayAdapter(this, android.R.layout.simple_list_item_1, mutableListOf())
        val clear = button("Clear history") { inBackground({ HistoryStore(this).clear() }) { load() } }
        setContentView(column(clear, ListView(this).apply { adapter = entries }))
        load()
    }

    private fun load() {
        inBackground({ HistoryStore(this).read().asReversed() }) { result ->
            val format = DateFormat.getDateFormat(this)
            val time = DateFormat.getTimeFormat(this)
            entries.clear()
            entries.addAll(
                result.getOrDefault(emptyList()).map { e ->
                    val at = Date(e.epochSeconds * 1000)
                    "${format.format(at)} ${time.format(at)}  ${e.caller}\n" +
                        "${e.action} · ${e.category} · risk ${e.risk}" + (e.label?.let { " · $it" } ?: "") +
                        "\n" + e.reasons.joinToString(", ")
                },
            )
        }
    }
}
