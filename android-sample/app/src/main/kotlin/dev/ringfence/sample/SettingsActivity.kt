package dev.ringfence.sample

import android.os.Bundle
import android.text.format.DateFormat
import android.view.View
import android.widget.AdapterView
import android.widget.ArrayAdapter
import android.widget.Button
import android.widget.CompoundButton
import android.widget.Spinner
import android.widget.Switch
import android.widget.TextView
import kotlinx.coroutines.Dispatchers
import java.util.Date

/**
 * Protection level, switches and controls (quiet hours, repeated-call breakthrough, a one-hour
 * pause, per-SIM silencing). Saved to SharedPreferences, then applied to the running
 * screener (PolicyMapping.kt) on the screener lane. Below them, the signed feeds
 * ([FeedUpdater]): installed version and counts, the last error, and "Check for updates"
 * (on `Dispatchers.IO`; [FeedUpdateJob] also checks once a day).
 */
class SettingsActivity : SampleActivity() {
    private lateinit var store: SettingsStore
    private lateinit var status: TextView
    private lateinit var feeds: TextView
    private lateinit var pause: Button

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        title = "Protection settings"
        store = SettingsStore(this)
        val s = store.load()
        status = text("", 14f)
        feeds = text("", 14f)
        pause = button("") { togglePause() }
        showPause(s)

        val levels = ProtectionSettings.Level.entries
        val level = Spinner(this).apply {
            adapter = ArrayAdapter(this@SettingsActivity, android.R.layout.simple_spinner_dropdown_item, levels.map { it.name.lowercase() })
            setSelection(levels.indexOf(s.level))
            onItemSelectedListener = object : AdapterView.OnItemSelectedListener {
                override fun onItemSelected(parent: AdapterView<*>?, view: View?, position: Int, id: Long) =
                    update { it.copy(level = levels[position]) }
                override fun onNothingSelected(parent: AdapterView<*>?) {}
            }
        }
        showColumn(
            text("Protection level"), level,
            switch("Block withheld numbers (best effort)", s.blockHidden) { c, on -> c.copy(blockHidden = on) },
            text(
                "Android does not promise to show calls without a number to screening apps: on some phones " +
                    "they ring without Ringfence being asked.",
                13f,
            ),
            switch("Silence callers who are not contacts", s.silenceUnknown) { c, on -> c.copy(silenceUnknown = on) },
            switch("Block calls from abroad", s.blockForeign) { c, on -> c.copy(blockForeign = on) },
            switch("Night mode: silence unknown callers 22:00–07:00", s.nightMode) { c, on -> c.copy(nightMode = on) },
            switch("Quiet hours 22:00–07:00: only contacts, allowed and repeated callers ring", s.quietHours) { c, on ->
                c.copy(quietHours = on)
            },
            switch("Let the same number ring when it calls again within 3 minutes", s.repeatedCallBreakthrough) { c, on ->
                c.copy(repeatedCallBreakthrough = on)
            },
            pause,
            *PhoneInfo.activeLines(this).map { (line, name) ->
                switch("$name: silence callers who are not contacts", line in s.silenceUnknownOnLines) { c, on ->
                    c.copy(silenceUnknownOnLines = if (on) c.silenceUnknownOnLines + line else c.silenceUnknownOnLines - line)
                }
            }.toTypedArray(),
            text("Emergency numbers, their call-backs, contacts, numbers you dialled and allow rules always ring.", 13f),
            status,
            text("Signed block lists", 18f),
            feeds,
            button("Check for updates") { updateFeeds() },
        )
    }

    override fun onResume() {
        super.onResume()
        showFeeds(null) { FeedConfig.updater(this).status(Engine.get(this), FeedConfig.SOURCES) }
    }

    /** Downloads each feed on `Dispatchers.IO`; the library verifies it before it is used. */
    private fun updateFeeds() {
        feeds.text = "Checking for updates…"
        showFeeds("Checked.") {
            val screener = Engine.get(this)
            val updater = FeedConfig.updater(this)
            updater.update(screener, FeedConfig.SOURCES)
            updater.status(screener, FeedConfig.SOURCES)
        }
    }

    private fun showFeeds(headline: String?, work: () -> List<FeedStatus>) {
        inBackground(work, Dispatchers.IO) { result ->
            val date = DateFormat.getDateFormat(this)
            val time = DateFormat.getTimeFormat(this)
            val format = { unix: Long -> Date(unix * 1000).let { "${date.format(it)} ${time.format(it)}" } }
            val rows = result.fold(
                { list -> list.joinToString("\n\n") { it.summary(format) }.ifEmpty { "No feeds configured." } },
                { "Feeds not available: ${it.userMessage()}" },
            )
            feeds.text = listOfNotNull(headline, rows).joinToString("\n")
        }
    }

    private fun switch(label: String, checked: Boolean, change: (ProtectionSettings, Boolean) -> ProtectionSettings) =
        Switch(this).apply {
            text = label
            isChecked = checked
            setOnCheckedChangeListener { _: CompoundButton, on: Boolean -> update { change(it, on) } }
        }

    /** Pauses protection for an hour, or resumes it (only the user's own rules act while paused). */
    private fun togglePause() {
        val now = System.currentTimeMillis() / 1000
        update { if (it.isPaused(now)) it.copy(pausedUntilSeconds = 0) else it.pausedFor(1, now) }
    }

    private fun showPause(s: ProtectionSettings) {
        pause.text = if (s.isPaused(System.currentTimeMillis() / 1000)) "Resume protection" else "Pause protection for 1 hour"
    }

    private fun update(change: (ProtectionSettings) -> ProtectionSettings) {
        val next = change(store.load())
        if (next == store.load()) return
        store.save(next)
        showPause(next)
        inBackground({ Engine.get(this).applySettings(next) }) { result ->
            status.text = result.fold({ "Saved." }, { "Saved; not applied: ${it.userMessage()}" })
        }
    }
}
