package dev.ringfence

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows

/**
 * Runs the shared controls vectors (`tests/vectors/controls.json`: quiet hours, repeated calls,
 * pause, lines, schedules, regex rules, reports) through the bindings, exactly as the core's
 * `core/tests/vectors_controls.rs` and the Swift `ControlsVectorsTests` do.
 */
class ControlsVectorsTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }
    }

    private val file = Vectors.load("controls.json")

    /** One dynamic test per case of the array [key] (at least [atLeast] of them), named after the case. */
    private fun each(key: String, atLeast: Int, body: (case: JSONObject, name: String) -> Unit): List<DynamicTest> {
        val cases = file.getJSONArray(key).objects()
        assertTrue(cases.size >= atLeast, "controls.json has too few $key")
        return cases.map { case -> case.getString("name").let { name -> dynamicTest(name) { body(case, name) } } }
    }

    @TestFactory
    fun controls(): List<DynamicTest> = each("cases", 30) { case, name ->
        screener(case).use { screener ->
            val verdict = screener.screen(incomingCall(case.getJSONObject("call")))
            assertMatches(name, case.getJSONObject("expect"), verdictJson(verdict))
        }
    }

    @TestFactory
    fun reports(): List<DynamicTest> = each("reports", 3) { case, name ->
        val r = case.getJSONObject("report")
        val want = case.getJSONObject("expect")
        screener(case).use { screener ->
            val call = incomingCall(case.getJSONObject("call"))
            val report = {
                screener.report(
                    call,
                    fromCode(r.getString("category")),
                    fromCode(r.getString("action")),
                    r.getString("reporter"),
                    r.str("label"),
                )
            }
            if (want.has("error")) {
                assertEquals("invalid_report", want.getString("error"), name)
                assertThrows<RingfenceException.InvalidReport>(name) { report() }
                return@use
            }
            val record = report()
            val got = JSONObject()
                .put("number", record.number).put("region", record.region ?: JSONObject.NULL)
                .put("category", record.category.code).put("time", record.time)
                .put("reporter", record.reporter).put("caller_name", record.callerName ?: JSONObject.NULL)
            assertMatches(name, want, got)
            want.optJSONObject("then")?.let { assertMatches("$name (then)", it, verdictJson(screener.screen(call))) }
        }
    }

    /** The screener of a case: the file's config, the case's policy, line policies, rules and history. */
    private fun screener(case: JSONObject): Screener {
        val config = file.getJSONObject("config")
        val linePolicies = case.optJSONArray("line_policies")?.objects().orEmpty()
            .map { LinePolicy(it.getString("line"), policy(it.optJSONObject("policy"))) }
        val screener = Screener(
            ScreenerConfig(
                language = fromCode(config.getString("language")),
                defaultRegion = config.str("default_region"),
                policy = policy(case.optJSONObject("policy")),
                linePolicies = linePolicies,
            ),
        )
        screener.addRules(case.optJSONArray("rules")?.objects().orEmpty().map(::rule))
        case.optJSONArray("outgoing")?.objects()?.forEach { o ->
            screener.recordOutgoing(o.getString("number"), o.str("time")?.let(::callTime))
        }
        case.optJSONArray("earlier_calls")?.objects()?.forEach { screener.screen(incomingCall(it)) }
        return screener
    }

    /** A policy object: the screening vectors' keys plus the controls' (schedules in text form). */
    private fun policy(p: JSONObject?): Policy {
        val d = Policy(level = ProtectionLevel.STANDARD)
        if (p == null) return d
        fun flag(key: String) = p.optBoolean(key, false)
        fun count(key: String, default: UInt) = if (p.has(key)) p.getInt(key).toUInt() else default
        return d.copy(
            level = p.str("level")?.let { fromCode<ProtectionLevel>(it) } ?: d.level,
            blockHidden = flag("block_hidden"),
            silenceUnknown = flag("silence_unknown"),
            blockForeign = flag("block_foreign"),
            nightMode = flag("night_mode"),
            emergencyCallbackMinutes = count("emergency_callback_minutes", d.emergencyCallbackMinutes),
            schedule = p.str("schedule")?.let(::parseSchedule),
            quietHours = p.str("quiet_hours")?.let(::parseSchedule),
            repeatedCallMinutes = count("repeated_call_minutes", d.repeatedCallMinutes),
            repeatedCallCount = count("repeated_call_count", d.repeatedCallCount),
            pausedUntil = p.str("paused_until")?.let { callTime(it).epochSeconds },
        )
    }

    private fun verdictJson(v: Verdict): JSONObject = JSONObject()
        .put("action", v.action.code).put("category", v.category.code)
        .put("reasons", v.reasons).put("label", v.label ?: JSONObject.NULL)

    /** Every key of [want] but `then` equals [got]'s (JSON null for a missing value). */
    private fun assertMatches(name: String, want: JSONObject, got: JSONObject) {
        val mismatches = want.keySet().filter { it != "then" }.filterNot { key ->
            val w = want.get(key)
            val g = got.opt(key) ?: JSONObject.NULL
            if (w is org.json.JSONArray) g is org.json.JSONArray && w.similar(g) else w == g
        }
        assertTrue(mismatches.isEmpty(), "$name: ${mismatches.map { "$it = ${got.opt(it)} (want ${want.get(it)})" }}")
    }
}
