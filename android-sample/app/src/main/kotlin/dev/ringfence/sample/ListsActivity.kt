package dev.ringfence.sample

import android.app.AlertDialog
import android.content.Intent
import android.os.Bundle
import android.text.InputType
import android.widget.ArrayAdapter
import android.widget.EditText
import android.widget.ListView
import android.widget.Spinner
import android.widget.TextView
import dev.ringfence.Action
import dev.ringfence.ImportReport
import dev.ringfence.Rule
import dev.ringfence.screening.cleanOrNull
import dev.ringfence.screening.toWellFormed
import java.io.ByteArrayOutputStream
import java.io.InputStream

/**
 * The user's block and allow lists: add a number or `#` range with an action and label, tap a
 * rule to remove it, or import a CSV list file (`pattern,action,category,label`). Every change
 * is saved to the rules file so a new process gets the same rules.
 */
class ListsActivity : SampleActivity() {
    private lateinit var status: TextView
    private lateinit var rules: ArrayAdapter<String>
    private var shown: List<Rule> = emptyList()

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        title = "Block and allow lists"
        val pattern = EditText(this).apply { hint = "+41 21 560 12 34 or +4121560####"; inputType = InputType.TYPE_CLASS_PHONE }
        val label = EditText(this).apply { hint = "Label (optional)" }
        val actions = listOf(Action.BLOCK, Action.SILENCE, Action.LABEL, Action.ALLOW)
        val action = Spinner(this).apply {
            adapter = ArrayAdapter(this@ListsActivity, android.R.layout.simple_spinner_dropdown_item, actions.map { it.name.lowercase() })
        }
        status = text("", 14f)
        rules = ArrayAdapter(this, android.R.layout.simple_list_item_1, mutableListOf())
        val list = ListView(this).apply {
            adapter = rules
            setOnItemClickListener { _, _, position, _ -> confirmRemove(shown[position]) }
        }
        val form = column(
            pattern, action, label,
            button("Add rule") {
                val rule = Rule(
                    pattern = pattern.text.toString().toWellFormed().trim(),
                    action = actions[action.selectedItemPosition],
                    label = label.text.toString().cleanOrNull(),
                )
                change({ it.addRule(rule) }) { pattern.text.clear(); label.text.clear(); "Added." }
            },
            button("Import a list file (CSV)") { pickFile() },
            status,
        )
        setContentView(column(form, list).apply { setPadding(0, 0, 0, 0) })
        refresh()
    }

    private fun confirmRemove(rule: Rule) {
        AlertDialog.Builder(this)
            .setMessage("Remove the rule for ${rule.pattern}?")
            .setPositiveButton("Remove") { _, _ -> change({ it.removeRule(rule.pattern) }) { "Removed." } }
            .setNegativeButton("Keep", null)
            .show()
    }

    /** Runs [edit] on the screener, saves the rules, refreshes the list and shows [done]'s text. */
    private fun <T> change(edit: (dev.ringfence.Screener) -> T, done: (T) -> String) {
        inBackground({
            val screener = Engine.get(this)
            edit(screener).also { RuleFile(this).save(screener) }
        }) { result ->
            status.text = result.fold(done) { "Not changed: ${it.userMessage()}" }
            refresh()
        }
    }

    private fun refresh() {
        inBackground({ Engine.get(this).rules() }) { result ->
            shown = result.getOrDefault(emptyList())
            rules.clear()
            rules.addAll(shown.map { r -> "${r.action.name.lowercase()}  ${r.pattern}" + (r.label?.let { "  · $it" } ?: "") })
        }
    }

    private fun pickFile() {
        val intent = Intent(Intent.ACTION_OPEN_DOCUMENT).addCategory(Intent.CATEGORY_OPENABLE).setType("*/*")
            .putExtra(Intent.EXTRA_MIME_TYPES, arrayOf("text/csv", "text/comma-separated-values", "text/plain"))
        startActivityForResult(intent, REQUEST_IMPORT)
    }

    override fun onActivityResult(requestCode: Int, resultCode: Int, data: Intent?) {
        super.onActivityResult(requestCode, resultCode, data)
        val uri = data?.data
        if (requestCode != REQUEST_IMPORT || resultCode != RESULT_OK || uri == null) return
        change({ screener ->
            val bytes = contentResolver.openInputStream(uri)?.use { it.readAtMost(MAX_IMPORT_BYTES + 1) }
                ?: error("cannot open the file")
            require(bytes.size <= MAX_IMPORT_BYTES) { "file larger than ${MAX_IMPORT_BYTES / 1_048_576} MB" }
            screener.importRulesCsv(String(bytes, Charsets.UTF_8).toWellFormed())
        }) { report -> describe(report) }
    }

    private fun describe(report: ImportReport): String = buildString {
        append("Imported ${report.accepted} rules.")
        if (report.rejected.isNotEmpty()) {
            append(" Skipped ${report.rejected.size}: ")
            append(report.rejected.take(5).joinToString("; ") { "line ${it.line}: ${it.reason}" })
        }
    }

    /** InputStream.readNBytes is API 33; this app runs from API 29. */
    private fun InputStream.readAtMost(limit: Int): ByteArray {
        val out = ByteArrayOutputStream()
        val buffer = ByteArray(64 * 1024)
        while (out.size() < limit) {
            val n = read(buffer, 0, minOf(buffer.size, limit - out.size()))
            if (n < 0) break
            out.write(buffer, 0, n)
        }
        return out.toByteArray()
    }

    private companion object {
        const val REQUEST_IMPORT = 3
        const val MAX_IMPORT_BYTES = 8 * 1_048_576
    }
}
