package dev.ringfence.sample

import android.Manifest
import android.content.Context
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Build
import android.provider.ContactsContract.PhoneLookup
import android.telecom.PhoneAccountHandle
import android.telecom.TelecomManager
import android.telephony.SubscriptionManager
import android.telephony.TelephonyManager
import java.util.Locale

/** What the phone can tell about itself and the user's contacts; each lookup fails soft. */
object PhoneInfo {
    /** ISO alpha-2 region: the network's, else the SIM's, else the locale's; `null` if none. */
    fun region(context: Context): String? {
        val tm = context.getSystemService(TelephonyManager::class.java)
        val candidates = listOf(
            runCatching { tm?.networkCountryIso }.getOrNull(),
            runCatching { tm?.simCountryIso }.getOrNull(),
            Locale.getDefault().country,
        )
        return candidates.firstOrNull { it != null && it.length == 2 && it.all(Char::isLetter) }?.uppercase(Locale.ROOT)
    }

    /**
     * The user's own number (READ_PHONE_NUMBERS; often unknown): the line the call arrived on
     * when Telecom says which (screening details usually leave it out), else the default SIM's.
     */
    @Suppress("DEPRECATION") // TelephonyManager.line1Number before API 33
    fun ownNumber(context: Context, account: PhoneAccountHandle?): String? {
        if (!granted(context, Manifest.permission.READ_PHONE_NUMBERS)) return null
        return try {
            val number = when {
                account != null -> context.getSystemService(TelecomManager::class.java)?.getLine1Number(account)
                Build.VERSION.SDK_INT >= 33 -> context.getSystemService(SubscriptionManager::class.java)
                    ?.getPhoneNumber(SubscriptionManager.getDefaultSubscriptionId())
                else -> context.getSystemService(TelephonyManager::class.java)?.line1Number
            }
            number?.takeIf { it.isNotBlank() }
        } catch (_: SecurityException) {
            null
        }
    }

    /** Whether [number] is in the contacts (READ_CONTACTS; `false` without it). */
    fun isContact(context: Context, number: String): Boolean {
        if (!granted(context, Manifest.permission.READ_CONTACTS)) return false
        val uri = Uri.withAppendedPath(PhoneLookup.CONTENT_FILTER_URI, Uri.encode(number))
        return context.contentResolver.query(uri, arrayOf(PhoneLookup._ID), null, null, null)
            ?.use { it.moveToFirst() } ?: false
    }

    fun granted(context: Context, permission: String) =
        context.checkSelfPermission(permission) == PackageManager.PERMISSION_GRANTED
}
