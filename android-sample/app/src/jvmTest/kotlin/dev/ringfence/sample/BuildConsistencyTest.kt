package dev.ringfence.sample

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * The Gradle build cannot run here (no Android SDK), so it must not drift from the Maven check
 * that does: same versions, same source directories, same SDK levels.
 */
class BuildConsistencyTest {
    private val library = File(repoRoot, "bindings/kotlin/build.gradle.kts").readText()
    private val app = File(repoRoot, "android-sample/app/build.gradle.kts").readText()
    private val root = File(repoRoot, "android-sample/build.gradle.kts").readText()
    private val jvmPom = File(repoRoot, "bindings/kotlin/pom.xml").readText()

    private fun pomVersion(pom: String, property: String) =
        Regex("<$property>([^<]+)</$property>").find(pom)!!.groupValues[1]

    @Test
    fun `Kotlin, JNA and androidx_annotation versions match the Maven builds`() {
        val kotlin = pomProperty("kotlin.version")
        assertEquals(kotlin, pomVersion(jvmPom, "kotlin.version"), "bindings/kotlin/pom.xml")
        assertEquals(pomProperty("jna.version"), pomVersion(jvmPom, "jna.version"), "bindings/kotlin/pom.xml")
        assertTrue("kotlin-gradle-plugin:$kotlin\"" in root, "android-sample/build.gradle.kts pins Kotlin $kotlin")
        assertTrue("net.java.dev.jna:jna:${pomProperty("jna.version")}@aar\"" in library, "library depends on jna ${pomProperty("jna.version")}@aar")
        assertTrue("androidx.annotation:annotation:${pomProperty("androidx.annotation.version")}\"" in library)
    }

    @Test
    fun `the app uses the coroutines version the Maven check compiles`() {
        assertTrue("kotlinx-coroutines-core:${pomProperty("kotlinx-coroutines.version")}\"" in app, "app depends on kotlinx-coroutines-core")
    }

    @Test
    fun `the app targets API 35 (Google Play's floor for new apps and updates)`() {
        assertTrue(Regex("""targetSdk\s*=\s*35\b""").containsMatchIn(app), "app: targetSdk = 35")
    }

    @Test
    fun `compileSdk is android-all's API level, minSdk 29`() {
        val api = mapOf("14" to 34, "15" to 35, "16" to 36)[pomProperty("android-all.version").substringBefore('-')]
        for ((name, text) in listOf("library" to library, "app" to app)) {
            assertTrue(Regex("""compileSdk\s*=\s*$api\b""").containsMatchIn(text), "$name: compileSdk = $api")
            assertTrue(Regex("""minSdk\s*=\s*29\b""").containsMatchIn(text), "$name: minSdk = 29")
        }
    }

    @Test
    fun `the Gradle module compiles the directories the Maven check compiles`() {
        assertTrue("\"src/android/kotlin\"" in library)
        assertTrue("\"src/android/AndroidManifest.xml\"" in library)
        assertTrue(File(repoRoot, "bindings/kotlin/uniffi-android.toml").readText().contains("android = true"))
        assertTrue(File(repoRoot, "android-sample/app/src/main/AndroidManifest.xml").isFile)
    }

    @Test
    fun `the pure screening layer imports nothing from android`() {
        val pure = File(repoRoot, "bindings/kotlin/src/android/kotlin/dev/ringfence/screening").listFiles()!!.filter { it.extension == "kt" }
        assertTrue(pure.size >= 5)
        for (f in pure) assertTrue(f.readLines().none { it.startsWith("import android") }, "${f.name} imports android.*")
    }
}
