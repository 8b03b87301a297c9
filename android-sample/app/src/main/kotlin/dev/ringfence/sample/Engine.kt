package dev.ringfence.sample

import android.content.Context
import android.util.Log
import dev.ringfence.Language
import dev.ringfence.Screener
import dev.ringfence.ScreenerConfig
import dev.ringfence.normalizeNumber
import kotlinx.coroutines.launch
import java.util.Locale

/**
 * The app's one [Screener]: created on first use (normally by [warmUp] from
 * `Application.onCreate`, on the screener lane) with the saved settings, rules, outgoing calls
 * and installed signed feeds (pinned keys, then each feed's file re-opened in O(1); a feed that
 * fails to load is shown on the settings screen and the rest still screens). If creation
 * fails (say the native library cannot load), the next use tries again and the screening
 * service fails open meanwhile.
 */
object Engine {
    private const val TAG = "RingfenceSample"

    @Volatile private var screener: Screener? = null

    /** The screener, creating it if needed (blocks: never call on the main thread). */
    fun get(context: Context): Screener =
        screener ?: synchronized(this) { screener ?: create(context.applicationContext).also { screener = it } }

    /** Loads the library and its data now (on [Lanes.screener]), so the first call is screened fast. */
    fun warmUp(context: Context) {
        val app = context.applicationContext
        Lanes.scope.launch(Lanes.screener) {
            try {
                get(app)
            } catch (t: Throwable) {
                Log.w(TAG, "warm-up failed (${t.javaClass.name}); calls ring until it works")
            }
        }
    }

    /** Outgoing calls: kept in [OutgoingStore] at once, recorded in the screener on [Lanes.outgoing]. */
    fun outgoingRecorder(context: Context): OutgoingRecorder {
        val app = context.applicationContext
        return OutgoingRecorder(
            keep = { OutgoingStore(app).remember(it) },
            record = { get(app).recordOutgoing(it.number, it.callTime()) },
        )
    }

    private fun create(context: Context): Screener {
        val language = if (isItalian(Locale.getDefault())) Language.IT else Language.EN
        val region = PhoneInfo.region(context)
        val screener = Screener(ScreenerConfig(language = language, defaultRegion = region))
        screener.applySettings(SettingsStore(context).load())
        RuleFile(context).loadInto(screener)
        OutgoingStore(context).replayInto(screener)
        try {
            FeedConfig.updater(context).loadInstalled(screener).forEach { load ->
                load.failure?.let { Log.w(TAG, "feed ${load.feed} not loaded (${it.kind}); update it from the settings screen") }
            }
        } catch (e: Exception) {
            Log.w(TAG, "feeds not loaded (${e.javaClass.name}); screening with the user's rules")
        }
        // Touch the number metadata once so the first real call does not pay for it.
        runCatching { normalizeNumber("+41446681800", "CH") }
        return screener
    }
}
