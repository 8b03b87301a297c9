package dev.ringfence.sample

import java.util.Locale

/**
 * What the settings screen edits: the protection level, switches and controls (quiet hours,
 * repeated-call breakthrough, pause, per-SIM silencing), as plain values stored in
 * SharedPreferences ([SettingsStore]). [PolicyMapping] turns them into the library's policy.
 * No switch ever touches emergency numbers, contacts, recently dialled numbers or allow rules.
 */
data class ProtectionSettings(
    val level: Level = Level.STANDARD,
    val blockHidden: Boolean = false,
    val silenceUnknown: Boolean = false,
    val blockForeign: Boolean = false,
    val nightMode: Boolean = false,
    /** Night window, minutes after local midnight. */
    val nightStartMinute: Int = 22 * 60,
    val nightEndMinute: Int = 7 * 60,
    /** How long every call rings after the user dialled an emergency number. */
    val emergencyCallbackMinutes: Int = 60,
    /** Quiet hours: only contacts, allowed, emergency and repeated callers ring (others are silenced). */
    val quietHours: Boolean = false,
    /** Quiet hours' daily window, minutes after local midnight (may span midnight). */
    val quietStartMinute: Int = 22 * 60,
    val quietEndMinute: Int = 7 * 60,
    /** Whether the same number calling again within [repeatedCallMinutes] rings through. */
    val repeatedCallBreakthrough: Boolean = true,
    val repeatedCallMinutes: Int = 3,
    /** Protection paused until this moment (epoch seconds); 0: not paused. */
    val pausedUntilSeconds: Long = 0,
    /** Lines (SIM subscription / phone account ids) on which callers who are not contacts are silenced. */
    val silenceUnknownOnLines: Set<String> = emptySet(),
) {
    /** How eagerly risk turns into action. */
    enum class Level { RELAXED, STANDARD, STRICT }

    /** Paused for [hours] from [nowSeconds]. */
    fun pausedFor(hours: Int, nowSeconds: Long) = copy(pausedUntilSeconds = nowSeconds + hours * 3600L)

    /** Whether protection is paused at [nowSeconds]. */
    fun isPaused(nowSeconds: Long) = pausedUntilSeconds > nowSeconds
}

/** Italian labels for an Italian phone, English otherwise (the languages Ringfence has). */
fun isItalian(locale: Locale): Boolean = locale.language == "it"
