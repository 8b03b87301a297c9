package dev.ringfence.sample

import android.app.Activity
import android.os.Bundle
import android.view.View
import android.widget.AdapterView
import android.widget.ArrayAdapter
import android.widget.CompoundButton
import android.widget.Spinner
import android.widget.Switch
import android.widget.TextView

/**
 * Protection level and switches. Saved to SharedPreferences, then applied to the running
 * screener (PolicyMapping.kt) on the background thread.
 */
class SettingsActivity : Activity() {
    private lateinit var store: SettingsStore
    private lateinit var status: TextView

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        title = "Protection settings"
        store = SettingsStore(this)
        val s = store.load()
        status = text("", 14f)

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
            switch("Block withheld numbers", s.blockHidden) { c, on -> c.copy(blockHidden = on) },
            switch("Silence callers who are not contacts", s.silenceUnknown) { c, on -> c.copy(silenceUnknown = on) },
            switch("Block calls from abroad", s.blockForeign) { c, on -> c.copy(blockForeign = on) },
            switch("Night mode: silence unknown callers 22:00–07:00", s.nightMode) { c, on -> c.copy(nightMode = on) },
            text("Emergency numbers, their call-backs, contacts, numbers you dialled and allow rules always ring.", 13f),
            status,
        )
    }

    private fun switch(label: String, checked: Boolean, change: (ProtectionSettings, Boolean) -> ProtectionSettings) =
        Switch(this).apply {
            text = label
            isChecked = checked
            setOnCheckedChangeListener { _: CompoundButton, on: Boolean -> update { change(it, on) } }
        }

    private fun update(change: (ProtectionSettings) -> ProtectionSettings) {
        val next = change(store.load())
        if (next == store.load()) return
        store.save(next)
        inBackground({ Engine.get(this).applySettings(next) }) { result ->
            status.text = result.fold({ "Saved." }, { "Saved; not applied: ${it.userMessage()}" })
        }
    }
}
