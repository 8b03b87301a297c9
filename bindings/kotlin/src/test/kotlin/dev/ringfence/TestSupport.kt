package dev.ringfence

import java.io.File
import java.time.OffsetDateTime
import org.json.JSONArray
import org.json.JSONObject

/**
 * Loads the native library once and fails loudly (never skips) when it cannot be found or
 * does not match the generated bindings. Every test class calls [requireLoaded] from
 * `@BeforeAll`, so a load failure turns every test of the run into an error.
 */
object NativeLibrary {
    private val loaded: Result<String> by lazy {
        runCatching {
            val dir = System.getProperty("jna.library.path")
                ?: error("system property jna.library.path is not set (run through Maven / scripts/test-kotlin.sh)")
            val names = listOf("libringfence.so", "libringfence.dylib", "ringfence.dll")
            check(names.any { File(dir, it).isFile }) {
                "no libringfence in jna.library.path=$dir (absolute: ${File(dir).absolutePath}); " +
                    "run scripts/build-bindings.sh or pass -Dringfence.lib.dir=DIR"
            }
            // Forces JNA to register the library and runs UniFFI's contract/checksum checks.
            uniffiEnsureInitialized()
            ringfenceVersion()
        }
    }

    /** The library version; throws [AssertionError] with the cause when loading failed. */
    fun requireLoaded(): String = loaded.getOrElse { cause ->
        throw AssertionError("Ringfence native library failed to load: $cause", cause)
    }
}

/** Reads the shared vector files (`tests/vectors/`). */
object Vectors {
    val dir: File
        get() = File(
            System.getProperty("ringfence.vectors.dir")
                ?: error("system property ringfence.vectors.dir is not set (run through Maven)"),
        )

    fun load(name: String): JSONObject {
        val file = File(dir, name)
        check(file.isFile) { "vector file missing: ${file.absolutePath}" }
        return JSONObject(file.readText(Charsets.UTF_8))
    }
}

/** All elements of a JSON array, which must all be objects. */
fun JSONArray.objects(): List<JSONObject> = (0 until length()).map { getJSONObject(it) }

/** All elements of a JSON array, which must all be strings. */
fun JSONArray.strings(): List<String> = (0 until length()).map { getString(it) }

/** A string field; `null` when missing or JSON null; throws when it has another type. */
fun JSONObject.str(key: String): String? = if (isNull(key)) null else getString(key)

/** The enum constant whose lower-cased name is [code] (the CLI/JSON snake_case codes). */
inline fun <reified E : Enum<E>> fromCode(code: String): E =
    enumValues<E>().singleOrNull { it.name.lowercase() == code }
        ?: throw IllegalArgumentException("unknown ${E::class.simpleName} code '$code'")

/** The JSON/CLI code of an enum constant: its lower-cased name (`USER_LIST` -> `user_list`). */
val Enum<*>.code: String get() = name.lowercase()

/** An RFC 3339 time with offset as the FFI's [CallTime]. */
fun callTime(rfc3339: String): CallTime {
    val t = OffsetDateTime.parse(rfc3339)
    return CallTime(epochSeconds = t.toEpochSecond(), utcOffsetMinutes = (t.offset.totalSeconds / 60).toShort())
}

/** A call from the vector/JSONL field names; missing fields take their defaults. */
fun incomingCall(json: JSONObject): IncomingCall = IncomingCall(
    number = json.str("number"),
    presentation = json.str("presentation")?.let { fromCode<Presentation>(it) } ?: Presentation.ALLOWED,
    verification = json.str("verification")?.let { fromCode<Verification>(it) } ?: Verification.NOT_VERIFIED,
    region = json.str("region"),
    userNumber = json.str("user_number"),
    inContacts = if (json.isNull("in_contacts")) false else json.getBoolean("in_contacts"),
    displayName = json.str("display_name"),
    time = json.str("time")?.let(::callTime),
    line = json.str("line"),
)

/** A rule from the vector field names. */
fun rule(json: JSONObject): Rule = Rule(
    pattern = json.getString("pattern"),
    action = fromCode(json.getString("action")),
    category = json.str("category")?.let { fromCode<Category>(it) },
    label = json.str("label"),
    line = json.str("line"),
    schedule = json.str("schedule"),
)

/** A plain call from a number, with everything else defaulted. */
fun call(number: String?, region: String? = null, verification: Verification = Verification.NOT_VERIFIED) =
    IncomingCall(
        number = number,
        presentation = if (number == null) Presentation.RESTRICTED else Presentation.ALLOWED,
        verification = verification,
        region = region,
    )
