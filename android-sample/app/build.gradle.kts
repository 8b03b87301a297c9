/*
 * The sample call-screening app. Sources in the Gradle default places (src/main/kotlin,
 * src/main/AndroidManifest.xml); the UI is built in code, so there are no resources.
 * src/jvmTest holds plain-JVM tests that android-sample/pom.xml runs against android-all and
 * the host library (Gradle does not run them: they need android-all, not android.jar stubs).
 * Versions: see ../pom.xml (compileSdk 34 = android-all 14).
 */
plugins {
    id("com.android.application")
}

android {
    namespace = "dev.ringfence.sample"
    compileSdk = 34
    defaultConfig {
        applicationId = "dev.ringfence.sample"
        minSdk = 29 // RoleManager.ROLE_CALL_SCREENING
        targetSdk = 34
        versionCode = 1
        versionName = "0.1.0"
    }
    buildTypes {
        release {
            // Exercises the library's consumer rules (JNA and dev.ringfence kept).
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
}
