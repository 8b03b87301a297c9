/*
 * The sample app (:app) and the Ringfence library module (:ringfence = ../bindings/kotlin) in
 * one Gradle build:  gradle :app:assembleDebug   (Gradle >= 9.4.1, Android SDK 35, an NDK,
 * Rust with the Android targets, cargo-ndk; see bindings/kotlin/build.gradle.kts).
 *
 * Not run in this repository's CI (no Android SDK there): scripts/test-android.sh compiles the
 * same sources with Maven (pom.xml here) against android-all and checks that the versions in
 * the Gradle files match it.
 */
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "ringfence-android-sample"
include(":app")
include(":ringfence")
project(":ringfence").projectDir = file("../bindings/kotlin")
