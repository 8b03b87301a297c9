package dev.ringfence.sample

import android.app.Activity
import android.view.View
import android.widget.Button
import android.widget.LinearLayout
import android.widget.ScrollView
import android.widget.TextView

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

/** Runs [work] on the app's background thread, then [done] on the main thread with its result. */
fun <T> Activity.inBackground(work: () -> T, done: (Result<T>) -> Unit) {
    Engine.background.execute {
        val result = runCatching(work)
        runOnUiThread { if (!isDestroyed) done(result) }
    }
}

/** A user-facing message for a failure (library messages never contain phone numbers). */
fun Throwable.userMessage(): String = message?.takeIf { it.isNotBlank() } ?: javaClass.simpleName
