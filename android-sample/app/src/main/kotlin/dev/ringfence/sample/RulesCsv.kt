package dev.ringfence.sample

import dev.ringfence.ScreenerInterface

/**
 * The user's rules as the list `importRulesCsv` reads, written by the library's own export
 * (`exportRulesCsv`: every rule field, regex targets, lines and schedules, quoted by the `csv`
 * crate). The sample keeps the user's rules in such a file and imports it when the screener is
 * created; the same text is the user's backup.
 */
object RulesCsv {
    const val HEADER = "pattern,action,category,label,line,schedule"

    fun write(screener: ScreenerInterface): String = screener.exportRulesCsv()
}
