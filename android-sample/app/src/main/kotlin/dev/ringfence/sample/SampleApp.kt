package dev.ringfence.sample

import android.app.Application

/**
 * Creates the notification channel, warms the library up on the screener lane and schedules
 * the daily feed update ([FeedUpdateJob]).
 */
class SampleApp : Application() {
    override fun onCreate() {
        super.onCreate()
        Notifications.createChannel(this)
        Engine.warmUp(this)
        FeedUpdateJob.schedule(this)
    }
}
