package dev.ringfence.sample

import android.app.job.JobInfo
import android.app.job.JobParameters
import android.app.job.JobScheduler
import android.app.job.JobService
import android.content.ComponentName
import android.content.Context
import android.util.Log
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import kotlinx.coroutines.runInterruptible
import java.util.concurrent.TimeUnit

/**
 * Periodic feed updates with the framework's JobScheduler (no AndroidX): once a day, on an
 * unmetered network and a battery that is not low, [FeedUpdater.update] downloads and installs
 * every configured feed (a feed that fails keeps its installed version and shows the error on
 * the settings screen). The work runs in a coroutine on `Dispatchers.IO`; when the system stops
 * the job, the coroutine is cancelled (the blocking download interrupted) and the job is
 * rescheduled. Scheduled from [SampleApp] once per install.
 */
class FeedUpdateJob : JobService() {
    @Volatile private var running: Job? = null

    override fun onStartJob(params: JobParameters): Boolean {
        val app = applicationContext
        running = Lanes.scope.launch(Dispatchers.IO) {
            try {
                runInterruptible { FeedConfig.updater(app).update(Engine.get(app), FeedConfig.SOURCES) }
                    .filterIsInstance<FeedResult.Failed>()
                    .forEach { Log.w(TAG, "feed update failed (${it.failure.kind}); the installed version stays") }
            } catch (e: Exception) {
                if (e is kotlinx.coroutines.CancellationException) throw e
                Log.w(TAG, "feed update failed (${e.javaClass.name})")
            }
            jobFinished(params, false) // periodic: it runs again next period
        }
        return true
    }

    override fun onStopJob(params: JobParameters): Boolean {
        running?.cancel()
        return true // try again later
    }

    companion object {
        private const val TAG = "RingfenceSample"

        /** The job's id in this app. */
        const val JOB_ID = 1001

        /** How often the feeds are checked. */
        val PERIOD_MILLIS: Long = TimeUnit.HOURS.toMillis(24)

        /** The network the job waits for: unmetered (feeds may be tens of MB). */
        const val NETWORK = JobInfo.NETWORK_TYPE_UNMETERED

        /** The job: daily, on [network] ([NETWORK]; a parameter for plain-JVM tests), battery not low. */
        fun jobInfo(component: ComponentName, network: Int = NETWORK): JobInfo =
            JobInfo.Builder(JOB_ID, component)
                .setPeriodic(PERIOD_MILLIS, TimeUnit.HOURS.toMillis(6))
                .setRequiredNetworkType(network)
                .setRequiresBatteryNotLow(true)
                .build()

        /** Schedules the job unless it is already scheduled. */
        fun schedule(context: Context) {
            val scheduler = context.getSystemService(JobScheduler::class.java) ?: return
            if (scheduler.getPendingJob(JOB_ID) == null) {
                scheduler.schedule(jobInfo(ComponentName(context, FeedUpdateJob::class.java)))
            }
        }
    }
}
