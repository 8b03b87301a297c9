/*
 * Ringfence as an Android library module (AAR, namespace dev.ringfence, minSdk 29).
 *
 * Include it in an app's build (android-sample/settings.gradle.kts does):
 *     include(":ringfence"); project(":ringfence").projectDir = file("<repo>/bindings/kotlin")
 * The including build declares the plugin versions (android-sample/build.gradle.kts).
 *
 * Per variant (debug -> cargo dev profile, release -> cargo release profile):
 *  1. cargoNdk<Variant>: cargo-ndk builds the ringfence-ffi cdylib for arm64-v8a, armeabi-v7a,
 *     x86_64 and x86 into build/rust/<variant>/jniLibs/<abi>/libringfence.so, linked with 16 KB
 *     page alignment (-z max-page-size=16384).
 *  2. uniffiBindings<Variant>: the workspace's pinned uniffi-bindgen generates the Kotlin
 *     bindings from the built arm64-v8a library (unstripped; AGP strips when packaging) with
 *     uniffi-android.toml (android = true), from inside the Cargo workspace so cargo metadata
 *     finds bindings/ffi/uniffi.toml. Output: build/generated/uniffi/<variant>. Never committed.
 *  3. Both outputs become the variant's jniLibs and Kotlin sources.
 * Hand-written sources: src/android/kotlin (dev.ringfence.screening, pure Kotlin, and
 * dev.ringfence.android, the android.* adapter) and src/common/kotlin (dev.ringfence aliases of
 * the core types, shared with the JVM build). src/main/kotlin/generated is the plain-JVM copy
 * that scripts/build-bindings.sh writes for the Maven tests; it is not used here.
 *
 * Needs: Android SDK (compileSdk 35), an NDK (AGP's, or ANDROID_NDK_HOME), Rust with the four
 * Android targets (rustup target add aarch64-linux-android armv7-linux-androideabi
 * x86_64-linux-android i686-linux-android) and cargo-ndk 4 (cargo install cargo-ndk).
 * scripts/build-android.sh does steps 1-2 without Gradle.
 *
 * This file is not run in the repository's CI (no Android SDK there). android-sample/pom.xml
 * compiles the same sources (src/android/kotlin + the generated bindings, android = true copy
 * included) against android-all 15 = API 35 with the same Kotlin, JNA and androidx.annotation
 * versions, and runs the tests in src/androidJvmTest; scripts/test-android.sh checks that the
 * versions below match that build. Keep them in step.
 */
import javax.inject.Inject
import org.gradle.process.ExecOperations

plugins {
    id("com.android.library")
}

/** The Cargo workspace (this module lives in <repo>/bindings/kotlin). */
val workspaceDir: Directory = layout.projectDirectory.dir("../..")

android {
    namespace = "dev.ringfence"
    compileSdk = 35 // = android-all 15 in android-sample/pom.xml
    defaultConfig {
        minSdk = 29 // RoleManager.ROLE_CALL_SCREENING
        consumerProguardFiles("consumer-rules.pro")
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    sourceSets {
        getByName("main") {
            manifest.srcFile("src/android/AndroidManifest.xml")
            kotlin.setSrcDirs(listOf("src/android/kotlin", "src/common/kotlin"))
            java.setSrcDirs(emptyList<String>())
        }
        // src/test holds the plain-JVM Maven tests of the bindings (scripts/test-kotlin.sh); the
        // Android layer's tests (src/androidJvmTest) need android-all and run from
        // android-sample/pom.xml. Neither is a Gradle unit-test source set.
        getByName("test") {
            kotlin.setSrcDirs(emptyList<String>())
            java.setSrcDirs(emptyList<String>())
        }
    }
}

dependencies {
    // The generated bindings call Rust through JNA (direct mapping); the AAR carries JNA's
    // libjnidispatch.so for every ABI. >= 5.18.1: race and 16 KB-page fixes (every LOAD segment
    // of its Android libraries 16 KB aligned; scripts/check-android-packaging.sh checks it).
    implementation("net.java.dev.jna:jna:5.18.1@aar")
    // android = true bindings annotate the Android system cleaner with @RequiresApi.
    implementation("androidx.annotation:annotation:1.9.1")
}

/** Rust targets of the four ABIs. */
val androidTriples = mapOf(
    "arm64-v8a" to "aarch64-linux-android",
    "armeabi-v7a" to "armv7-linux-androideabi",
    "x86_64" to "x86_64-linux-android",
    "x86" to "i686-linux-android",
)

/** `cargo ndk … build -p ringfence-ffi`: libringfence.so per ABI in jniLibs layout. */
abstract class CargoNdkTask @Inject constructor(private val exec: ExecOperations) : DefaultTask() {
    @get:Input abstract val cargoProfile: Property<String>
    @get:Input abstract val abiTriples: MapProperty<String, String>
    @get:Input abstract val platform: Property<Int>
    @get:Internal abstract val workspace: DirectoryProperty
    @get:Internal abstract val ndkDirectory: DirectoryProperty
    @get:OutputDirectory abstract val outputDir: DirectoryProperty

    init {
        outputs.upToDateWhen { false } // cargo decides what is up to date
    }

    @TaskAction
    fun build() {
        val args = mutableListOf("cargo", "ndk", "--platform", platform.get().toString(), "-o", outputDir.get().asFile.path)
        abiTriples.get().keys.forEach { args += listOf("-t", it) }
        args += listOf("build", "-p", "ringfence-ffi", "--lib")
        if (cargoProfile.get() == "release") args += "--release"
        exec.exec {
            workingDir = workspace.get().asFile
            commandLine(args)
            if (ndkDirectory.isPresent) environment("ANDROID_NDK_HOME", ndkDirectory.get().asFile.path)
            // 16 KB pages (Android 15+ devices, required by Google Play). NDK r28+ links this way
            // by default and cargo-ndk adds it for older NDKs; stated here so it never depends on either.
            abiTriples.get().values.forEach { triple ->
                environment("CARGO_TARGET_${triple.uppercase().replace('-', '_')}_RUSTFLAGS", "-C link-arg=-Wl,-z,max-page-size=16384")
            }
        }
    }
}

/** uniffi-bindgen on the built library, with android = true (uniffi-android.toml). */
abstract class UniffiBindingsTask @Inject constructor(private val exec: ExecOperations) : DefaultTask() {
    @get:InputFile @get:PathSensitive(PathSensitivity.NONE) abstract val library: RegularFileProperty
    @get:InputFile @get:PathSensitive(PathSensitivity.NONE) abstract val config: RegularFileProperty
    @get:Internal abstract val workspace: DirectoryProperty
    @get:OutputDirectory abstract val outputDir: DirectoryProperty

    @TaskAction
    fun generate() {
        val out = outputDir.get().asFile
        out.deleteRecursively()
        out.mkdirs()
        exec.exec {
            workingDir = workspace.get().dir("bindings/ffi").asFile
            commandLine(
                "cargo", "run", "-q", "-p", "uniffi-bindgen", "--",
                "generate", library.get().asFile.path, "--language", "kotlin",
                "--out-dir", out.path, "--no-format", "--config", config.get().asFile.path,
            )
        }
    }
}

androidComponents {
    val ndk = sdkComponents.ndkDirectory
    onVariants { variant ->
        val suffix = variant.name.replaceFirstChar { it.uppercase() }
        val cargo = tasks.register<CargoNdkTask>("cargoNdk$suffix") {
            cargoProfile.set(if (variant.buildType == "release") "release" else "debug")
            abiTriples.set(androidTriples)
            platform.set(variant.minSdk.apiLevel)
            workspace.set(workspaceDir)
            ndkDirectory.set(ndk)
            outputDir.set(layout.buildDirectory.dir("rust/${variant.name}/jniLibs"))
        }
        val bindings = tasks.register<UniffiBindingsTask>("uniffiBindings$suffix") {
            library.set(cargo.flatMap { it.outputDir.file("arm64-v8a/libringfence.so") })
            config.set(layout.projectDirectory.file("uniffi-android.toml"))
            workspace.set(workspaceDir)
            outputDir.set(layout.buildDirectory.dir("generated/uniffi/${variant.name}"))
        }
        variant.sources.jniLibs?.addGeneratedSourceDirectory(cargo, CargoNdkTask::outputDir)
        variant.sources.kotlin?.addGeneratedSourceDirectory(bindings, UniffiBindingsTask::outputDir)
    }
}
