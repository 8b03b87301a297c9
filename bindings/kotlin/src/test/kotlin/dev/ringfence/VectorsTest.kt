package dev.ringfence

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertAll
import org.junit.jupiter.api.assertThrows

/**
 * Runs every case of the shared vectors (`tests/vectors/`) through the real bindings. The
 * Rust (`cli/tests/vectors.rs`) and Swift suites run the same files, so the core and both
 * bindings cannot drift apart. Each case is its own dynamic test, named after the case.
 */
class VectorsTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }
    }

    @TestFactory
    fun screening(): List<DynamicTest> {
        val file = Vectors.load("screening.json")
        val config = file.getJSONObject("config")
        val defaultLanguage = config.getString("language")
        val defaultRegion = config.str("default_region")
        val rulesJson = file.getJSONArray("rules").objects()
        val cases = file.getJSONArray("cases").objects()
        assertTrue(cases.isNotEmpty(), "screening.json has no cases")
        return cases.mapIndexed { i, case ->
            val name = case.str("name") ?: "case #${i + 1}"
            dynamicTest(name) {
                val language = fromCode<Language>(case.str("language") ?: defaultLanguage)
                val policy = policy(config, case.optJSONObject("policy"))
                Screener(ScreenerConfig(language = language, defaultRegion = defaultRegion, policy = policy)).use { screener ->
                    screener.addRules(rulesJson.map(::rule))
                    file.optJSONObject("brands")?.let { screener.loadBrandsJson(it.toString()) }
                    screener.setContactCallingCodes(
                        case.optJSONArray("contact_codes")?.let { a -> (0 until a.length()).map { a.getInt(it).toUShort() } },
                    )
                    case.optJSONArray("outgoing")?.objects()?.forEach { o ->
                        screener.recordOutgoing(o.getString("number"), o.str("time")?.let(::callTime))
                    }
                    case.optJSONArray("earlier_calls")?.objects()?.forEach { screener.screen(incomingCall(it)) }
                    val verdict = screener.screen(incomingCall(case.getJSONObject("call")))
                    checkVerdict(name, verdict, case.getJSONObject("expect"))
                }
            }
        }
    }

    private fun checkVerdict(name: String, got: Verdict, want: JSONObject) {
        val checks = mutableListOf<() -> Unit>()
        for (key in listOf("action", "category", "reasons", "e164")) {
            checks += { assertTrue(want.has(key), "$name: expect.$key is missing from the vector") }
        }
        if (want.has("action")) {
            checks += { assertEquals(want.getString("action"), got.action.code, "$name: action") }
        }
        if (want.has("category")) {
            checks += { assertEquals(want.getString("category"), got.category.code, "$name: category") }
        }
        if (want.has("reasons")) {
            checks += { assertEquals(want.getJSONArray("reasons").strings(), got.reasons, "$name: reasons") }
        }
        if (want.has("e164")) {
            checks += { assertEquals(want.str("e164"), got.e164, "$name: e164") }
        }
        if (want.has("label")) {
            checks += { assertEquals(want.str("label"), got.label, "$name: label") }
        }
        if (want.has("advice")) {
            checks += { assertEquals(want.str("advice"), got.advice, "$name: advice") }
        }
        val risk = got.risk.toInt()
        if (want.has("risk_min")) {
            checks += { assertTrue(risk >= want.getInt("risk_min"), "$name: risk $risk < risk_min ${want.getInt("risk_min")}") }
        }
        if (want.has("risk_max")) {
            checks += { assertTrue(risk <= want.getInt("risk_max"), "$name: risk $risk > risk_max ${want.getInt("risk_max")}") }
        }
        checks += { assertTrue(risk in 0..100, "$name: risk $risk outside 0..100") }
        assertAll("$name (got $got)", checks)
    }

    /** The case's policy: the file's level, overridden by the case's `policy` object. */
    private fun policy(config: JSONObject, p: JSONObject?): Policy {
        val level = p?.str("level") ?: config.str("level") ?: "standard"
        fun flag(key: String) = p?.optBoolean(key, false) ?: false
        return Policy(
            level = fromCode(level),
            blockHidden = flag("block_hidden"),
            silenceUnknown = flag("silence_unknown"),
            blockForeign = flag("block_foreign"),
            nightMode = flag("night_mode"),
            emergencyCallbackMinutes = (p?.optInt("emergency_callback_minutes", 60) ?: 60).toUInt(),
        )
    }

    @TestFactory
    fun normalize(): List<DynamicTest> {
        val cases = Vectors.load("normalize.json").getJSONArray("cases").objects()
        assertTrue(cases.isNotEmpty(), "normalize.json has no cases")
        return cases.mapIndexed { i, case ->
            val raw = case.getString("raw")
            val region = case.getString("region")
            val shown = if (raw.length > 40) raw.take(37) + "… (${raw.length} chars)" else raw
            dynamicTest("[${i + 1}] \"$shown\" in $region") {
                val want = case.str("e164")
                if (want == null) {
                    assertThrows<RingfenceException.InvalidNumber>("\"$shown\" should not be a number") {
                        normalizeNumber(raw, region)
                    }
                } else {
                    val got = normalizeNumber(raw, region)
                    assertAll(
                        "\"$shown\" in $region (got $got)",
                        { assertEquals(want, got.e164, "e164") },
                        { assertEquals(case.getBoolean("valid"), got.valid, "valid") },
                        { assertEquals(case.getString("type"), got.numberType.code, "type") },
                    )
                }
            }
        }
    }
}
