package dev.ringfence.sample

import java.util.Locale

/**
 * What the settings screen edits: the protection level and switches, as plain values stored in
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
) {
    /** How eagerly risk turns into action. */
    enum class Level { RELAXED, STANDARD, STRICT }
}

/** Italian labels for an Italian phone, English otherwise (the languages Ringfence has). */
fun isItalian(locale: Locale): Boolean = locale.language == "it"
