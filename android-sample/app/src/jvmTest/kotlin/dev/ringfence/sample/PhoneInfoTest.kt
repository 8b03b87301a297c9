package dev.ringfence.sample

import android.content.ContentResolver
import android.content.ContextWrapper
import android.content.pm.PackageManager
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import java.util.Locale

/**
 * Each of the app's lookups fails soft on its own, against android-all's real Context API: a
 * phone whose telephony services and contacts provider throw (permission granted) gives
 * "unknown" and "not a contact", never an exception.
 */
class PhoneInfoTest {
    /** Everything granted; every system service and the contacts provider fail. */
    private val broken = object : ContextWrapper(null) {
        override fun checkSelfPermission(permission: String) = PackageManager.PERMISSION_GRANTED
        override fun getSystemServiceName(serviceClass: Class<*>) = serviceClass.simpleName
        override fun getSystemService(name: String): Any = throw IllegalStateException("$name is gone")
        override fun getContentResolver(): ContentResolver = throw SecurityException("provider refused")
    }

    /** Nothing granted. */
    private val denied = object : ContextWrapper(null) {
        override fun checkSelfPermission(permission: String) = PackageManager.PERMISSION_DENIED
    }

    @Test
    fun `a failing telephony service falls back to the locale's region`() {
        val saved = Locale.getDefault()
        try {
            Locale.setDefault(Locale.forLanguageTag("it-CH"))
            assertEquals("CH", PhoneInfo.region(broken))
            Locale.setDefault(Locale.ROOT)
            assertNull(PhoneInfo.region(broken))
        } finally {
            Locale.setDefault(saved)
        }
    }

    @Test
    fun `own number - no default line, a failing default-line lookup or a failing service mean unknown`() {
        assertNull(PhoneInfo.ownNumber(broken) { null }, "no default voice subscription")
        assertNull(PhoneInfo.ownNumber(broken) { throw IllegalStateException("ISub died") })
        assertNull(PhoneInfo.ownNumber(broken) { 1 }, "SubscriptionManager throws")
        assertNull(PhoneInfo.ownNumber(denied) { 1 }, "no READ_PHONE_NUMBERS")
    }

    @Test
    fun `the default voice subscription is unknown rather than invalid`() {
        // android-all has no telephony service behind the static call: it must not throw or give -1.
        val id = PhoneInfo.defaultVoiceSubscription()
        assertFalse(id != null && id < 0, "got $id")
    }

    @Test
    fun `a failing contacts provider means not a contact`() {
        assertFalse(PhoneInfo.isContact(broken, "+41446681800"))
        assertFalse(PhoneInfo.isContact(denied, "+41446681800"))
    }

    @Test
    fun `a permission check that throws means not granted`() {
        val throwing = object : ContextWrapper(null) {
            override fun checkSelfPermission(permission: String): Int = throw IllegalStateException("dead")
        }
        assertFalse(PhoneInfo.granted(throwing, "android.permission.READ_CONTACTS"))
    }
}
