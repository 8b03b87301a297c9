// Plugin versions for both modules (AGP 9 compiles Kotlin itself: no kotlin-android plugin).
buildscript {
    repositories { mavenCentral() }
    dependencies {
        // AGP 9 brings its own Kotlin Gradle plugin; pin the Kotlin the Maven builds use.
        classpath("org.jetbrains.kotlin:kotlin-gradle-plugin:2.4.21")
    }
}

plugins {
    id("com.android.application") version "9.2.1" apply false
    id("com.android.library") version "9.2.1" apply false
}
