package dev.ringfence.sample

import android.content.Context
import dev.ringfence.CallTime
import dev.ringfence.ScreenerInterface
import java.io.File

/** The settings screen's values in SharedPreferences. */
class SettingsStore(context: Context) {
    private val prefs = context.getSharedPreferences("settings", Context.MODE_PRIVATE)

    fun load(): ProtectionSettings {
        val d = ProtectionSettings()
        return ProtectionSettings(
            level = runCatching { ProtectionSettings.Level.valueOf(prefs.getString("level", d.level.name)!!) }.getOrDefault(d.level),
            blockHidden = prefs.getBoolean("block_hidden", d.blockHidden),
            silenceUnknown = prefs.getBoolean("silence_unknown", d.silenceUnknown),
            blockForeign = prefs.getBoolean("block_foreign", d.blockForeign),
            nightMode = prefs.getBoolean("night_mode", d.nightMode),
        )
    }

    fun save(s: ProtectionSettings) {
        prefs.edit()
            .putString("level", s.level.name)
            .putBoolean("block_hidden", s.blockHidden)
            .putBoolean("silence_unknown", s.silenceUnknown)
            .putBoolean("block_foreign", s.blockForeign)
            .putBoolean("night_mode", s.nightMode)
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
    fun save(screener: ScreenerInterface) = writeAtomically(file, RulesCsv.write(screener.rules()))
}

/** Outgoing calls in SharedPreferences ([OutgoingLog]). */
class OutgoingStore(context: Context) {
    private val prefs = context.getSharedPreferences("outgoing", Context.MODE_PRIVATE)

    fun remember(number: String, time: CallTime?) = synchronized(lock) {
        val now = System.currentTimeMillis() / 1000
        val call = OutgoingCall(number, time?.epochSeconds ?: now, time?.utcOffsetMinutes?.toInt() ?: 0)
        val calls = OutgoingLog.add(OutgoingLog.decode(prefs.getString("calls", "")!!), call, now)
        prefs.edit().putString("calls", OutgoingLog.encode(calls)).apply()
    }

    /** Records the remembered calls in a new screener. */
    fun replayInto(screener: ScreenerInterface) {
        val now = System.currentTimeMillis() / 1000
        val calls = OutgoingLog.decode(prefs.getString("calls", "")!!).filter { now - it.epochSeconds <= OutgoingLog.KEEP_SECONDS }
        for (c in calls) screener.recordOutgoing(c.number, CallTime(c.epochSeconds, c.utcOffsetMinutes.toShort()))
    }

    private companion object { val lock = Any() }
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
