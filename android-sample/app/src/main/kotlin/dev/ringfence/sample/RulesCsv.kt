package dev.ringfence.sample

import dev.ringfence.Rule

/**
 * Writes rules in the list format `importRulesCsv` reads (`pattern,action,category,label`,
 * every field quoted, `""` for a quote). The sample keeps the user's rules in such a file and
 * imports it when the screener is created.
 */
object RulesCsv {
    const val HEADER = "pattern,action,category,label"

    fun write(rules: List<Rule>): String = buildString {
        append(HEADER).append('\n')
        for (r in rules) {
            val fields = listOf(r.pattern, r.action.name.lowercase(), r.category?.name?.lowercase().orEmpty(), r.label.orEmpty())
            fields.joinTo(this, ",") { quote(it) }
            append('\n')
        }
    }

    private fun quote(field: String) = "\"" + field.replace("\r", " ").replace("\n", " ").replace("\"", "\"\"") + "\""
}
