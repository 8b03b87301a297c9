package dev.ringfence.sample

import android.Manifest
import android.app.role.RoleManager
import android.content.Intent
import android.os.Build
import android.os.Bundle
import android.widget.TextView
import dev.ringfence.ringfenceVersion

/**
 * Start screen: asks for the call-screening role and the optional permissions, shows the
 * status, and opens the settings, lists and history screens.
 */
class MainActivity : SampleActivity() {
    private lateinit var status: TextView

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        title = "Ringfence"
        status = text("")
        showColumn(
            status,
            button("Screen my calls with Ringfence") { requestRole() },
            button("Allow contacts, own number, outgoing calls, notifications") { requestPermissions() },
            button("Protection settings") { startActivity(Intent(this, SettingsActivity::class.java)) },
            button("Block and allow lists") { startActivity(Intent(this, ListsActivity::class.java)) },
            button("Screened calls") { startActivity(Intent(this, HistoryActivity::class.java)) },
        )
    }

    override fun onResume() {
        super.onResume()
        val roles = getSystemService(RoleManager::class.java)
        val held = roles?.isRoleHeld(RoleManager.ROLE_CALL_SCREENING) == true
        status.text = if (held) "Ringfence screens your calls." else "Ringfence does not screen calls yet: tap the first button."
        inBackground({ Engine.get(this); ringfenceVersion() }) { result ->
            val library = result.fold({ "Ringfence library $it ready" }, { "Library not available (${it.userMessage()}): calls ring normally" })
            status.append("\n$library")
        }
    }

    /** Android shows its own dialog; the user picks this app as the call-screening app. */
    private fun requestRole() {
        val roles = getSystemService(RoleManager::class.java) ?: return
        if (!roles.isRoleAvailable(RoleManager.ROLE_CALL_SCREENING) || roles.isRoleHeld(RoleManager.ROLE_CALL_SCREENING)) return
        startActivityForResult(roles.createRequestRoleIntent(RoleManager.ROLE_CALL_SCREENING), REQUEST_ROLE)
    }

    /** Everything is optional: without a permission that lookup is skipped, screening goes on. */
    private fun requestPermissions() {
        val wanted = mutableListOf(
            Manifest.permission.READ_CONTACTS,
            Manifest.permission.READ_PHONE_NUMBERS,
            Manifest.permission.READ_PHONE_STATE,
            @Suppress("DEPRECATION") Manifest.permission.PROCESS_OUTGOING_CALLS,
        )
        if (Build.VERSION.SDK_INT >= 33) wanted += Manifest.permission.POST_NOTIFICATIONS
        requestPermissions(wanted.filterNot { PhoneInfo.granted(this, it) }.toTypedArray(), REQUEST_PERMISSIONS)
    }

    override fun onActivityResult(requestCode: Int, resultCode: Int, data: Intent?) {
        super.onActivityResult(requestCode, resultCode, data)
        if (requestCode == REQUEST_ROLE && resultCode == RESULT_OK) Engine.warmUp(this)
    }

    private companion object {
        const val REQUEST_ROLE = 1
        const val REQUEST_PERMISSIONS = 2
    }
}
