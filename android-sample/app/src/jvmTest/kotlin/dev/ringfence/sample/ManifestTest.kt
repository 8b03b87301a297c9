package dev.ringfence.sample

import android.app.Activity
import android.app.Application
import android.app.Service
import android.app.job.JobService
import android.content.BroadcastReceiver
import android.telecom.CallScreeningService
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.w3c.dom.Element
import java.io.File
import javax.xml.parsers.DocumentBuilderFactory

/**
 * The manifest is not compiled by the Maven check, so check it here: every component it names
 * exists with the right framework superclass, the screening service is bound the way Telecom
 * requires, and the namespace matches app/build.gradle.kts.
 */
class ManifestTest {
    private val appDir = File(repoRoot, "android-sample/app")
    private val namespace = Regex("""namespace\s*=\s*"([^"]+)"""").find(File(appDir, "build.gradle.kts").readText())!!.groupValues[1]
    private val manifest = DocumentBuilderFactory.newInstance().apply { isNamespaceAware = true }
        .newDocumentBuilder().parse(File(appDir, "src/main/AndroidManifest.xml")).documentElement

    private fun Element.attr(name: String) = getAttributeNS(ANDROID, name)
    private fun elements(tag: String) = manifest.getElementsByTagName(tag).let { l -> (0 until l.length).map { l.item(it) as Element } }
    private fun classOf(e: Element): Class<*> =
        Class.forName(e.attr("name").let { if (it.startsWith(".")) namespace + it else it }, false, javaClass.classLoader)

    @Test
    fun `every component exists and extends the right framework class`() {
        assertEquals("dev.ringfence.sample", namespace)
        val expected = mapOf(
            "application" to Application::class.java, "activity" to Activity::class.java,
            "service" to Service::class.java, "receiver" to BroadcastReceiver::class.java,
        )
        for ((tag, base) in expected) {
            val found = elements(tag)
            assertTrue(found.isNotEmpty(), "no <$tag>")
            found.forEach { assertTrue(base.isAssignableFrom(classOf(it)), "${it.attr("name")} is not a ${base.simpleName}") }
        }
        assertEquals(4, elements("activity").size)
    }

    /** The `<service>` [name], checked to extend [base], guarded by [permission] and exported or not. */
    private fun service(name: String, base: Class<*>, permission: String, exported: Boolean): Element =
        elements("service").single { it.attr("name") == name }.also {
            assertTrue(base.isAssignableFrom(classOf(it)), "$name is not a ${base.simpleName}")
            assertEquals(permission, it.attr("permission"), name)
            assertEquals(exported.toString(), it.attr("exported"), name)
        }

    @Test
    fun `the feed update job is a JobService only JobScheduler may bind`() {
        service(".FeedUpdateJob", JobService::class.java, "android.permission.BIND_JOB_SERVICE", exported = false)
    }

    @Test
    fun `the screening service is protected and bound by the framework action`() {
        val service = service(".ScreeningService", CallScreeningService::class.java, "android.permission.BIND_SCREENING_SERVICE", exported = true)
        val actions = service.getElementsByTagName("action").let { l -> (0 until l.length).map { (l.item(it) as Element).attr("name") } }
        assertEquals(listOf(CallScreeningService.SERVICE_INTERFACE), actions)
    }

    @Test
    fun `permissions the code checks are declared`() {
        val declared = elements("uses-permission").map { it.attr("name") }.toSet()
        for (p in listOf("READ_CONTACTS", "READ_PHONE_NUMBERS", "READ_PHONE_STATE", "PROCESS_OUTGOING_CALLS", "POST_NOTIFICATIONS", "INTERNET")) {
            assertTrue("android.permission.$p" in declared, "missing $p")
        }
    }

    private companion object {
        const val ANDROID = "http://schemas.android.com/apk/res/android"
    }
}
