package dev.ringfence.sample

import android.app.Activity
import android.view.View
import android.widget.Button
import android.widget.LinearLayout
import android.widget.ScrollView
import android.widget.TextView
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Small builders for the sample's screens: plain framework views made in code, so the UI
 * compiles against android-all in the Maven check (no generated R class, no AndroidX).
 */
fun Activity.dp(value: Int): Int = (value * resources.displayMetrics.density).toInt()

fun Activity.text(value: CharSequence, sizeSp: Float = 16f): TextView =
    TextView(this).apply { text = value; textSize = sizeSp; setPadding(0, dp(4), 0, dp(4)) }

fun Activity.button(label: String, onClick: () -> Unit): Button =
    Button(this).apply { text = label; setOnClickListener { onClick() } }

/** A vertical column of [views] with padding. */
fun Activity.column(vararg views: View): LinearLayout = LinearLayout(this).apply {
    orientation = LinearLayout.VERTICAL
    setPadding(dp(16), dp(16), dp(16), dp(16))
    views.forEach { addView(it) }
}

/** Sets a scrolling column as the screen. */
fun Activity.showColumn(vararg views: View): LinearLayout =
    column(*views).also { setContentView(ScrollView(this).apply { addView(it) }) }

/**
 * A screen with a coroutine scope on the main thread (the framework's main executor: no
 * AndroidX), cancelled when the screen is destroyed.
 */
abstract class SampleActivity : Activity() {
    private val scope by lazy { CoroutineScope(SupervisorJob() + mainExecutor.asCoroutineDispatcher()) }

    /**
     * Runs [work] on [lane] ([Lanes.screener] unless given), then [done] on the main thread with
     * its result, unless the screen is gone by then. The work itself always finishes (a rule
     * change is saved even if the user leaves).
     */
    fun <T> inBackground(work: () -> T, lane: CoroutineDispatcher = Lanes.screener, done: (Result<T>) -> Unit) {
        scope.launch {
            val result = withContext(lane) { runCatching(work) }
            done(result)
        }
    }

    override fun onDestroy() {
        scope.cancel()
        super.onDestroy()
    }
}

/** A user-facing message for a failure (library messages never contain phone numbers). */
fun Throwable.userMessage(): String = message?.takeIf { it.isNotBlank() } ?: javaClass.simpleName
