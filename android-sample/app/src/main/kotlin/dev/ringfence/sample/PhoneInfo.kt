package dev.ringfence.sample

import android.Manifest
import android.content.Context
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Build
import android.provider.ContactsContract.PhoneLookup
import android.telephony.SubscriptionManager
import android.telephony.TelephonyManager
import java.util.Locale

/**
 * What the phone can tell about itself and the user's contacts. Each lookup is guarded on its
 * own: any failure (a missing permission, a service that is not there, a provider that throws)
 * means "unknown" or "not a contact", never an exception. The library guards them again and
 * screens with the user's rules either way.
 */
object PhoneInfo {
    /** ISO alpha-2 region: the network's, else the SIM's, else the locale's; `null` if none. */
    fun region(context: Context): String? {
        val tm = runCatching { context.getSystemService(TelephonyManager::class.java) }.getOrNull()
        val candidates = listOf(
            { tm?.networkCountryIso },
            { tm?.simCountryIso },
            { Locale.getDefault().country },
        )
        return candidates.asSequence().mapNotNull { runCatching(it).getOrNull() }
            .firstOrNull { it.length == 2 && it.all(Char::isLetter) }?.uppercase(Locale.ROOT)
    }

    /**
     * The user's own number on the default voice line (READ_PHONE_NUMBERS; often unknown).
     * A screening app is not told which line a call came in on (the phone account is blanked),
     * so on a multi-SIM phone this is the default line's number, right or not; a per-line
     * number is for OS-level integrations. [subscription] is the default voice subscription
     * ([defaultVoiceSubscription]; a parameter for tests).
     */
    @Suppress("DEPRECATION") // TelephonyManager.line1Number before API 33
    fun ownNumber(context: Context, subscription: () -> Int? = ::defaultVoiceSubscription): String? {
        if (!granted(context, Manifest.permission.READ_PHONE_NUMBERS)) return null
        val number = runCatching {
            if (Build.VERSION.SDK_INT >= 33) {
                val id = subscription() ?: return null
                context.getSystemService(SubscriptionManager::class.java)?.getPhoneNumber(id)
            } else {
                context.getSystemService(TelephonyManager::class.java)?.line1Number
            }
        }.getOrNull()
        return number?.takeIf { it.isNotBlank() }
    }

    /** The default voice subscription, or `null` when there is none (invalid id) or it cannot be read. */
    fun defaultVoiceSubscription(): Int? =
        runCatching { SubscriptionManager.getDefaultVoiceSubscriptionId() }.getOrNull()
            ?.takeIf { it != SubscriptionManager.INVALID_SUBSCRIPTION_ID && it >= 0 }

    /**
     * The active SIM lines (READ_PHONE_STATE) as (line id, name shown): the subscription id, which
     * is what Telephony's phone accounts carry as their id; empty when unknown.
     */
    fun activeLines(context: Context): List<Pair<String, String>> {
        if (!granted(context, Manifest.permission.READ_PHONE_STATE)) return emptyList()
        return runCatching {
            context.getSystemService(SubscriptionManager::class.java)?.activeSubscriptionInfoList.orEmpty()
                .map { it.subscriptionId.toString() to "SIM ${it.simSlotIndex + 1} (${it.displayName})" }
        }.getOrDefault(emptyList())
    }

    /** Whether [number] is in the contacts (READ_CONTACTS); `false` without it or when the lookup fails. */
    fun isContact(context: Context, number: String): Boolean {
        if (!granted(context, Manifest.permission.READ_CONTACTS)) return false
        return runCatching {
            val uri = Uri.withAppendedPath(PhoneLookup.CONTENT_FILTER_URI, Uri.encode(number))
            context.contentResolver.query(uri, arrayOf(PhoneLookup._ID), null, null, null)?.use { it.moveToFirst() } ?: false
        }.getOrDefault(false)
    }

    /** Whether the app holds [permission]; `false` when that cannot be read. */
    fun granted(context: Context, permission: String) =
        runCatching { context.checkSelfPermission(permission) == PackageManager.PERMISSION_GRANTED }.getOrDefault(false)
}
