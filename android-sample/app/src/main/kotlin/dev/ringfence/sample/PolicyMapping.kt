package dev.ringfence.sample

import dev.ringfence.Policy
import dev.ringfence.ProtectionLevel
import dev.ringfence.ScreenerInterface

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
)

/** Applies the settings to a running screener (throws if the library rejects them). */
fun ScreenerInterface.applySettings(settings: ProtectionSettings) = setPolicy(settings.toPolicy())
