package dev.ringfence.sample

import android.app.Application

/** Creates the notification channel and warms the library up off the main thread. */
class SampleApp : Application() {
    override fun onCreate() {
        super.onCreate()
        Notifications.createChannel(this)
        Engine.warmUp(this)
    }
}
