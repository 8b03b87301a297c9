package dev.ringfence.sample

import android.content.Context
import dev.ringfence.CallTime
import dev.ringfence.ScreenerInterface
import java.io.File

/** The settings screen's values in SharedPreferences: the level by its enum name, one key per switch or value. */
class SettingsStore(context: Context) {
    private val prefs = context.getSharedPreferences("settings", Context.MODE_PRIVATE)

    /** The preference keys (their names are what is stored). */
    private enum class Key(val key: String) {
        LEVEL("level"), BLOCK_HIDDEN("block_hidden"), SILENCE_UNKNOWN("silence_unknown"),
        BLOCK_FOREIGN("block_foreign"), NIGHT_MODE("night_mode"), QUIET_HOURS("quiet_hours"),
        REPEATED_CALLS("repeated_call_breakthrough"), PAUSED_UNTIL("paused_until"), SILENT_LINES("silence_unknown_lines"),
    }

    fun load(): ProtectionSettings {
        val d = ProtectionSettings()
        val level = prefs.getString(Key.LEVEL.key, null)
        return ProtectionSettings(
            level = ProtectionSettings.Level.entries.firstOrNull { it.name == level } ?: d.level,
            blockHidden = prefs.getBoolean(Key.BLOCK_HIDDEN.key, d.blockHidden),
            silenceUnknown = prefs.getBoolean(Key.SILENCE_UNKNOWN.key, d.silenceUnknown),
            blockForeign = prefs.getBoolean(Key.BLOCK_FOREIGN.key, d.blockForeign),
            nightMode = prefs.getBoolean(Key.NIGHT_MODE.key, d.nightMode),
            quietHours = prefs.getBoolean(Key.QUIET_HOURS.key, d.quietHours),
            repeatedCallBreakthrough = prefs.getBoolean(Key.REPEATED_CALLS.key, d.repeatedCallBreakthrough),
            pausedUntilSeconds = prefs.getLong(Key.PAUSED_UNTIL.key, d.pausedUntilSeconds),
            silenceUnknownOnLines = prefs.getStringSet(Key.SILENT_LINES.key, null)?.toSet() ?: d.silenceUnknownOnLines,
        )
    }

    fun save(s: ProtectionSettings) {
        prefs.edit()
            .putString(Key.LEVEL.key, s.level.name)
            .putBoolean(Key.BLOCK_HIDDEN.key, s.blockHidden)
            .putBoolean(Key.SILENCE_UNKNOWN.key, s.silenceUnknown)
            .putBoolean(Key.BLOCK_FOREIGN.key, s.blockForeign)
            .putBoolean(Key.NIGHT_MODE.key, s.nightMode)
            .putBoolean(Key.QUIET_HOURS.key, s.quietHours)
            .putBoolean(Key.REPEATED_CALLS.key, s.repeatedCallBreakthrough)
            .putLong(Key.PAUSED_UNTIL.key, s.pausedUntilSeconds)
            .putStringSet(Key.SILENT_LINES.key, s.silenceUnknownOnLines)
            .apply()
    }
}

/** The user's rules as a CSV file in app-private storage ([RulesCsv]). */
class RuleFile(context: Context) {
    private val file = File(context.filesDir, "rules.csv")

    /** Imports the saved rules into a new screener. */
    fun loadInto(screener: ScreenerInterface) {
        if (file.exists()) screener.importRulesCsv(file.readText())
    }

    /** Saves the screener's current rules (after every change). */
    @Synchronized
    fun save(screener: ScreenerInterface) = writeAtomically(file, RulesCsv.write(screener))
}

/**
 * The calls the user placed, for this process only: dialled numbers are never written (see
 * docs/security.md). They are replayed into a screener created later in the same process; after
 * a restart they are gone, as in the library. Earlier versions of the sample kept them in
 * SharedPreferences: that file is deleted on first use.
 */
class OutgoingStore(context: Context) {
    init {
        if (!legacyDeleted) synchronized(lock) {
            legacyDeleted = runCatching { context.deleteSharedPreferences("outgoing") }.isSuccess
        }
    }

    fun remember(number: String, time: CallTime?) {
        val now = System.currentTimeMillis() / 1000
        remember(OutgoingCall(number, time?.epochSeconds ?: now, time?.utcOffsetMinutes?.toInt() ?: 0))
    }

    /** Keeps [call] in memory ([OutgoingLog]'s bounds). */
    fun remember(call: OutgoingCall) = synchronized(lock) {
        calls = OutgoingLog.add(calls, call, System.currentTimeMillis() / 1000)
    }

    /** Records the remembered calls in a new screener. */
    fun replayInto(screener: ScreenerInterface) {
        val now = System.currentTimeMillis() / 1000
        val kept = synchronized(lock) { calls }.filter { now - it.epochSeconds <= OutgoingLog.KEEP_SECONDS }
        for (c in kept) screener.recordOutgoing(c.number, c.callTime())
    }

    private companion object {
        val lock = Any()
        var calls: List<OutgoingCall> = emptyList()
        @Volatile var legacyDeleted = false
    }
}

/** The last [MAX] screened calls, newest last, in a text file ([HistoryEntry.encode]). */
class HistoryStore(context: Context) {
    private val file = File(context.filesDir, "history.tsv")

    fun add(entry: HistoryEntry) = synchronized(lock) {
        val lines = (read() + entry).takeLast(MAX)
        writeAtomically(file, lines.joinToString("") { HistoryEntry.encode(it) })
    }

    fun read(): List<HistoryEntry> = synchronized(lock) {
        if (!file.exists()) emptyList() else file.readLines().mapNotNull { HistoryEntry.decode(it) }
    }

    fun clear() = synchronized(lock) { file.delete(); Unit }

    private companion object {
        const val MAX = 200
        val lock = Any()
    }
}

private fun writeAtomically(file: File, text: String) {
    val tmp = File(file.parentFile, file.name + ".tmp")
    tmp.writeText(text)
    if (!tmp.renameTo(file)) error("could not replace ${file.name}")
}

/** This install's opaque pseudonym for reports: a random UUID, created once, never the user's number. */
class InstallPseudonym(context: Context) {
    private val prefs = context.getSharedPreferences("install", Context.MODE_PRIVATE)

    @Synchronized
    fun get(): String = prefs.getString("pseudonym", null) ?: java.util.UUID.randomUUID().toString().also {
        prefs.edit().putString("pseudonym", it).apply()
    }
}
