package dev.ringfence.sample

import android.Manifest
import android.app.Notification
import android.app.NotificationChannel
import android.app.NotificationManager
import android.content.Context
import android.os.Build
import dev.ringfence.screening.Notice

/** The notification shown while a labelled call rings (its localized label and advice), or a
 *  customer-brand reminder alone (shown in full when expanded). */
object Notifications {
    private const val CHANNEL = "call_labels"
    private const val LABEL_ID = 1

    fun createChannel(context: Context) {
        val channel = NotificationChannel(CHANNEL, "Call warnings", NotificationManager.IMPORTANCE_HIGH)
        channel.description = "Shown while a suspicious call rings"
        context.getSystemService(NotificationManager::class.java)?.createNotificationChannel(channel)
    }

    fun showLabel(context: Context, notice: Notice) {
        if (Build.VERSION.SDK_INT >= 33 && !PhoneInfo.granted(context, Manifest.permission.POST_NOTIFICATIONS)) return
        val notification = Notification.Builder(context, CHANNEL)
            .setSmallIcon(android.R.drawable.ic_dialog_alert)
            .setContentTitle(notice.title)
            .setContentText(notice.text)
            .setStyle(Notification.BigTextStyle().bigText(notice.text ?: notice.title))
            .setCategory(Notification.CATEGORY_CALL)
            .setTimeoutAfter(2 * 60_000L)
            .setAutoCancel(true)
            .build()
        context.getSystemService(NotificationManager::class.java)?.notify(LABEL_ID, notification)
    }
}
