/*
 * The sample call-screening app. Sources in the Gradle default places (src/main/kotlin,
 * src/main/AndroidManifest.xml); the UI is built in code, so there are no resources.
 * src/jvmTest holds plain-JVM tests that android-sample/pom.xml runs against android-all and
 * the host library (Gradle does not run them: they need android-all, not android.jar stubs).
 * Versions: see ../pom.xml (compileSdk 35 = android-all 15). targetSdk 35: what Google Play
 * requires of new apps and updates.
 */
plugins {
    id("com.android.application")
}

android {
    namespace = "dev.ringfence.sample"
    compileSdk = 35
    defaultConfig {
        applicationId = "dev.ringfence.sample"
        minSdk = 29 // RoleManager.ROLE_CALL_SCREENING
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        // The ABIs the library builds (JNA's AAR also carries armeabi, mips and mips64).
        ndk { abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64", "x86") }
    }
    buildTypes {
        release {
            // Exercises the library's consumer rules (JNA and the generated bindings kept, nothing of the app).
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"))
        }
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

dependencies {
    implementation(project(":ringfence"))
    // Lanes and jobs (Lanes.kt, FeedUpdateJob.kt); the version is android-sample/pom.xml's.
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.11.0")
}
