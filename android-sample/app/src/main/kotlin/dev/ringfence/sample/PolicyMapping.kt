package dev.ringfence.sample

import dev.ringfence.LinePolicy
import dev.ringfence.Policy
import dev.ringfence.ProtectionLevel
import dev.ringfence.Schedule
import dev.ringfence.ScreenerInterface
import dev.ringfence.Window

/** The library's limit on per-line policies. */
private const val MAX_LINES = 16

/** Every day of the week, as `Window.days` bits (Monday = 1 … Sunday = 64). */
private const val EVERY_DAY: UByte = 0x7fu

/** The one place the sample's settings meet the library's policy record. */
fun ProtectionSettings.toPolicy(): Policy = Policy(
    level = when (level) {
        ProtectionSettings.Level.RELAXED -> ProtectionLevel.RELAXED
        ProtectionSettings.Level.STANDARD -> ProtectionLevel.STANDARD
        ProtectionSettings.Level.STRICT -> ProtectionLevel.STRICT
    },
    blockHidden = blockHidden,
    silenceUnknown = silenceUnknown,
    blockForeign = blockForeign,
    nightMode = nightMode,
    nightStartMinute = nightStartMinute.coerceIn(0, 24 * 60 - 1).toUShort(),
    nightEndMinute = nightEndMinute.coerceIn(0, 24 * 60 - 1).toUShort(),
    emergencyCallbackMinutes = emergencyCallbackMinutes.coerceAtLeast(0).toUInt(),
    quietHours = quietHoursSchedule(),
    repeatedCallMinutes = if (repeatedCallBreakthrough) repeatedCallMinutes.coerceIn(1, 60).toUInt() else 0u,
    pausedUntil = pausedUntilSeconds.takeIf { it > 0 },
)

/** Quiet hours as a daily window, or `null` when off (or an empty window). */
private fun ProtectionSettings.quietHoursSchedule(): Schedule? {
    val start = quietStartMinute.coerceIn(0, 24 * 60 - 1)
    val end = quietEndMinute.coerceIn(0, 24 * 60)
    if (!quietHours || start == end) return null
    return Schedule(listOf(Window(days = EVERY_DAY, startMinute = start.toUShort(), endMinute = end.toUShort())))
}

/** The per-SIM policies: the same policy, with unknown callers silenced on the chosen lines. */
fun ProtectionSettings.linePolicies(): List<LinePolicy> {
    val policy = toPolicy().copy(silenceUnknown = true)
    return silenceUnknownOnLines.map(String::trim).filter(String::isNotEmpty).sorted().take(MAX_LINES)
        .map { LinePolicy(line = it, policy = policy) }
}

/** Applies the settings to a running screener (throws if the library rejects them). */
fun ScreenerInterface.applySettings(settings: ProtectionSettings) {
    setPolicy(settings.toPolicy())
    setLinePolicies(settings.linePolicies())
}
