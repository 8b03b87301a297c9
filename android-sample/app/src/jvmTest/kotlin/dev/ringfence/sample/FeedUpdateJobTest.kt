package dev.ringfence.sample

import android.app.job.JobInfo
import android.content.ComponentName
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The periodic feed update as JobScheduler gets it (android-all's real JobInfo). */
class FeedUpdateJobTest {
    @Test
    fun `daily, on an unmetered network, battery not low`() {
        // A network constraint builds a NetworkRequest, which needs a device (android.os.Build):
        // the JobInfo is built here without one, and the constraint's value checked on its own.
        assertEquals(JobInfo.NETWORK_TYPE_UNMETERED, FeedUpdateJob.NETWORK)
        val info = FeedUpdateJob.jobInfo(ComponentName("dev.ringfence.sample", FeedUpdateJob::class.java.name), JobInfo.NETWORK_TYPE_NONE)
        assertEquals(FeedUpdateJob.JOB_ID, info.id)
        assertTrue(info.isPeriodic)
        assertEquals(24 * 3_600_000L, info.intervalMillis)
        assertTrue(info.isRequireBatteryNotLow)
        assertEquals(FeedUpdateJob::class.java.name, info.service.className)
    }
}
