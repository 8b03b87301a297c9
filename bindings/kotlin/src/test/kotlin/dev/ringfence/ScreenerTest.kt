package dev.ringfence

import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.assertAll
import org.junit.jupiter.api.assertThrows

/** Behaviour of the bindings, written directly against the generated Kotlin API. */
class ScreenerTest {
    companion object {
        @JvmStatic
        @BeforeAll
        fun loadLibrary() {
            NativeLibrary.requireLoaded()
        }

        /** Three or more digits in a row: a phone number (or a piece of one) leaking into a text. */
        private val DIGIT_RUN = Regex("""\d{3,}""")
    }

    private fun screener(region: String? = "CH", language: Language = Language.EN) =
        Screener(ScreenerConfig(language = language, defaultRegion = region))

    @Test
    fun `library reports a version`() {
        assertTrue(Regex("""\d+\.\d+\.\d+.*""").matches(ringfenceVersion()), ringfenceVersion())
    }

    @Test
    fun `warm up compiles the home and frequent regions, and screening still answers`() {
        assertTrue(warmUp(listOf("CH", "not a region")).toInt() >= 2)
        assertTrue(warmUp(listOf("NZ")) > warmUp(emptyList()), "a region outside the frequent ones adds one")
        val verdict = screener().screen(call("044 668 18 00", region = "CH"))
        assertEquals("+41446681800", verdict.e164)
    }

    @Test
    fun `allow rule beats the block range around it, whatever the order they were added in`() {
        val block = Rule("+4121560####", Action.BLOCK, Category.SPAM, "Spam range")
        val allow = Rule("+41215601111", Action.ALLOW)
        for (rules in listOf(listOf(block, allow), listOf(allow, block))) {
            screener().use { s ->
                s.addRules(rules)
                val allowed = s.screen(call("+41215601111", verification = Verification.FAILED))
                assertEquals(Action.ALLOW, allowed.action, "$allowed")
                assertEquals(listOf("user_allow"), allowed.reasons)
                assertEquals(0, allowed.risk.toInt())
                val blocked = s.screen(call("021 560 11 12"))
                assertEquals(Action.BLOCK, blocked.action, "$blocked")
                assertEquals(Category.SPAM, blocked.category)
                assertEquals("+41215601112", blocked.e164)
            }
        }
    }

    @Test
    fun `emergency numbers are never blocked, even with a block rule on them`() {
        screener().use { s ->
            // "112" read in CH is the pattern +41112; the rule matches that caller ID, but a call
            // from the emergency number itself must still ring.
            s.addRules(listOf(Rule("112", Action.BLOCK, Category.SPAM), Rule("+41117", Action.BLOCK, Category.SCAM)))
            assertEquals(listOf("+41112", "+41117"), s.rules().map { it.pattern })
            for (number in listOf("112", "117", "1 1 2")) {
                val v = s.screen(call(number, region = "CH"))
                assertEquals(Action.ALLOW, v.action, "$number: $v")
                assertEquals(Category.EMERGENCY, v.category, "$number: $v")
                assertTrue("emergency" in v.reasons, "$number: $v")
            }
        }
        assertTrue(isEmergencyNumber("112", "CH"))
        assertTrue(isEmergencyNumber("911", "US"))
        assertFalse(isEmergencyNumber("+41791234567", "CH"))
        assertFalse(isEmergencyNumber("112", "not a region"))
    }

    @Test
    fun `a bad rule throws and a batch with one leaves the earlier rules untouched`() {
        screener().use { s ->
            val kept = Rule("+41449999999", Action.SILENCE, Category.TELEMARKETING)
            s.addRule(kept)
            val before = s.rules()
            assertEquals(1, before.size)

            val badRange = "+0123####"
            val e = assertThrows<RingfenceException.InvalidPattern> { s.addRule(Rule(badRange, Action.BLOCK)) }
            assertFalse("0123" in e.reason, "reason leaks the pattern: ${e.reason}")

            val notANumber = assertThrows<RingfenceException> { s.addRule(Rule("hello", Action.BLOCK)) }
            assertTrue(
                notANumber is RingfenceException.InvalidNumber || notANumber is RingfenceException.InvalidPattern,
                "unexpected $notANumber",
            )

            val good = Rule("+41791234567", Action.BLOCK, Category.SCAM)
            val err = assertThrows<RingfenceException> {
                s.addRules(listOf(good, Rule("+4179123####", Action.BLOCK), Rule("+41 not a number 42", Action.BLOCK)))
            }
            assertTrue(err is RingfenceException.InvalidNumber || err is RingfenceException.InvalidPattern, "$err")
            assertEquals(before, s.rules(), "a rejected batch must not add any of its rules")
            assertEquals(Action.ALLOW, s.screen(call("+41791234567")).action, "rule of a rejected batch is active")
            assertEquals(Action.SILENCE, s.screen(call("+41449999999")).action, "earlier rule was lost")
        }
    }

    @Test
    fun `removeRule removes exactly the given pattern`() {
        screener().use { s ->
            s.addRules(listOf(Rule("+4121560####", Action.BLOCK), Rule("044 999 99 99", Action.SILENCE)))
            assertTrue(s.removeRule("+41 44 999 99 99"), "same number, other notation")
            assertFalse(s.removeRule("+41449999999"), "already removed")
            assertEquals(listOf("+4121560####"), s.rules().map { it.pattern })
            assertThrows<RingfenceException.InvalidPattern> { s.removeRule("+0###") }
        }
    }

    @Test
    fun `importRulesCsv adds the good rows and reports bad rows by line without the number`() {
        val csv = listOf(
            "pattern,action,category,label", // 1
            "+4121560####,block,spam,\"Spam, range\"", // 2
            "+41446681801,explode,spam,", // 3 unknown action
            "", // 4 blank: skipped but counted
            "+41 44 668 18 02,block,nonsense,", // 5 unknown category: kept as OTHER, with a warning
            "+0446681803###,block,spam,", // 6 bad pattern
            "044 668 18 04,allow,,Dr. Rossi", // 7
            "\"+41446681805,block,spam,", // 8 unbalanced quotes
            "+41446681806,silence,telemarketing,Call 044 668 18 06", // 9 number in the label
        ).joinToString("\n")
        screener().use { s ->
            val report = s.importRulesCsv(csv)
            assertEquals(4u, report.accepted, "$report")
            assertEquals(listOf(3u, 6u, 8u), report.rejected.map { it.line }, "$report")
            assertEquals(listOf(5u), report.warnings.map { it.line }, "$report")
            for (row in report.rejected + report.warnings) {
                assertTrue(row.reason.isNotBlank(), "$row")
                assertTrue(row.reason.none { it.isDigit() }, "reason contains digits: $row")
            }
            assertEquals(listOf("+4121560####", "+41446681802", "+41446681804", "+41446681806"), s.rules().map { it.pattern })
            val kept = s.screen(call("+41446681802"))
            assertEquals(Action.BLOCK to "nonsense", kept.action to kept.label, "the list's own category name is shown")
            assertEquals(Category.OTHER, s.rules().first { it.pattern == "+41446681802" }.category)
            assertEquals(Action.BLOCK, s.screen(call("+41215601234")).action)
            assertEquals(Action.ALLOW, s.screen(call("+41446681804", verification = Verification.FAILED)).action)
            val labelled = s.screen(call("+41446681806"))
            assertEquals(Action.SILENCE, labelled.action)
            assertFalse(DIGIT_RUN.containsMatchIn(labelled.label ?: ""), "label shows a number: $labelled")

            val noHeader = assertThrows<RingfenceException.InvalidList> { s.importRulesCsv("+41446681807,block") }
            assertFalse(DIGIT_RUN.containsMatchIn(noHeader.reason), noHeader.reason)
            assertThrows<RingfenceException.InvalidList> { s.importRulesCsv("") }
        }
    }

    @Test
    fun `screenBatch returns the verdicts in order`() {
        screener().use { s ->
            s.addRules(listOf(Rule("+4121560####", Action.BLOCK, Category.SPAM), Rule("+41449999999", Action.SILENCE)))
            val calls = listOf(
                call("+41215601234"),
                call("+41791234567"),
                call("112", region = "CH"),
                call(null),
                call("+41449999999"),
                call("abc"),
                call("+41215609999"),
            )
            val verdicts = s.screenBatch(calls)
            assertEquals(calls.size, verdicts.size)
            assertEquals(
                listOf(Action.BLOCK, Action.ALLOW, Action.ALLOW, Action.ALLOW, Action.SILENCE, Action.LABEL, Action.BLOCK),
                verdicts.map { it.action },
            )
            assertEquals(listOf("+41215601234", "+41791234567", "+41112", null, "+41449999999", null, "+41215609999"), verdicts.map { it.e164 })
            assertEquals(calls.map { s.screen(it) }, verdicts, "batch and single screening disagree")
            assertEquals(emptyList<Verdict>(), s.screenBatch(emptyList()))
        }
    }

    @Test
    fun `bad input never throws from screen`() {
        val nasty = listOf(
            "",
            "+",
            " ",
            "1".repeat(300),
            (1..300).joinToString("") { "+-()#*x7"[it % 8].toString() },
            "\u0000",
            "\u0000\u0000",
            "+41\u000079 123 45 67",
            "＋４１ ７９ １２３ ４５ ６７",
            "١٢٣٤٥٦٧٨٩", // Arabic-Indic digits
            "📞",
            "+41 79 😀 123 45 67",
            "🇨🇭".repeat(100),
            "tel:",
            "tel:+41-79-123-45-67;ext=12",
            "*31#+41791234567",
            "++41791234567",
            "\r\n\t",
            "e\u0301\u200B\uFEFF",
        )
        val regions = listOf(null, "CH", "", "ZZ", "xx", "CHE", "\u0000", "🇨🇭")
        screener().use { s ->
            s.addRule(Rule("+4179123####", Action.BLOCK))
            for (number in nasty) for (region in regions) {
                val incoming = IncomingCall(
                    number = number,
                    presentation = Presentation.ALLOWED,
                    verification = Verification.FAILED,
                    region = region,
                    userNumber = number,
                    inContacts = false,
                    displayName = number,
                    time = CallTime(Long.MIN_VALUE, Short.MIN_VALUE),
                )
                val v = s.screen(incoming)
                val what = "number=${number.take(20)} region=$region: $v"
                assertTrue(v.risk.toInt() in 0..100, what)
                assertFalse("internal_error" in v.reasons, "a panic inside Ringfence: $what")
                assertFalse(DIGIT_RUN.containsMatchIn(v.label ?: ""), what)
                assertFalse(DIGIT_RUN.containsMatchIn(v.advice ?: ""), what)
                s.recordOutgoing(number, CallTime(Long.MAX_VALUE, Short.MAX_VALUE))
                // normalizeNumber may refuse, but only with its own typed error.
                if (region != null) {
                    try {
                        normalizeNumber(number, region)
                    } catch (e: RingfenceException) {
                        assertFalse(e is RingfenceException.Internal, "a panic inside Ringfence: $what")
                    }
                    isEmergencyNumber(number, region)
                }
            }
            assertEquals(listOf(Action.ALLOW, Action.LABEL), s.screenBatch(listOf(call(""), call("\u0000"))).map { it.action })
        }
    }

    @Test
    @Timeout(120)
    fun `one screener shared by 8 threads gives correct verdicts`() {
        val expected = listOf(
            call("+41215601234") to Action.BLOCK,
            call("021 560 11 11") to Action.ALLOW,
            call("+41449999999") to Action.SILENCE,
            call("+41791234567") to Action.ALLOW,
            call("+41791234567", verification = Verification.FAILED) to Action.LABEL,
            call("112", region = "CH") to Action.ALLOW,
            call(null) to Action.ALLOW,
            call("abc") to Action.LABEL,
        )
        val threads = 8
        val perThread = 2_000
        screener().use { s ->
            s.addRules(
                listOf(
                    Rule("+4121560####", Action.BLOCK, Category.SPAM),
                    Rule("+41215601111", Action.ALLOW),
                    Rule("+41449999999", Action.SILENCE, Category.TELEMARKETING),
                ),
            )
            val pool = Executors.newFixedThreadPool(threads + 1)
            val start = CountDownLatch(1)
            val done = AtomicBoolean(false)
            val screened = AtomicInteger()
            val wrong = AtomicInteger()
            val firstWrong = java.util.concurrent.atomic.AtomicReference<String>()
            try {
                val workers = (0 until threads).map { t ->
                    pool.submit {
                        start.await()
                        repeat(perThread) { i ->
                            val (incoming, action) = expected[(i + t) % expected.size]
                            val v = s.screen(incoming)
                            screened.incrementAndGet()
                            if (v.action != action) {
                                wrong.incrementAndGet()
                                firstWrong.compareAndSet(null, "${incoming.number}: want $action, got $v")
                            }
                        }
                    }
                }
                // A writer changing an unrelated rule while the readers screen.
                val writer = pool.submit(Callable {
                    start.await()
                    var n = 0
                    while (!done.get()) {
                        s.addRule(Rule("+41310000000", Action.BLOCK))
                        s.removeRule("+41310000000")
                        n++
                    }
                    n
                })
                start.countDown()
                workers.forEach { it.get(100, TimeUnit.SECONDS) }
                done.set(true)
                assertTrue(writer.get(10, TimeUnit.SECONDS) > 0, "the writer never ran")
            } finally {
                pool.shutdownNow()
            }
            assertAll(
                { assertEquals(threads * perThread, screened.get()) },
                { assertEquals(0, wrong.get(), "wrong verdicts, first: ${firstWrong.get()}") },
                { assertEquals(3, s.rules().size) },
            )
        }
    }

    @Test
    fun `setLanguage changes the labels`() {
        screener().use { s ->
            assertEquals("Unreadable caller ID", s.screen(call("abc")).label)
            s.setLanguage(Language.IT)
            assertEquals("ID chiamante illeggibile", s.screen(call("abc")).label)
        }
    }

    @Test
    fun `normalizeNumber parses and rejects an invalid region`() {
        val n = normalizeNumber("044 668 18 00", "CH")
        assertEquals(NormalizedNumber("+41446681800", true, NumberType.FIXED_LINE, "CH"), n)
        for (region in listOf("", "CHE", "C", "1A", "C-", "🇨🇭", "\u0000\u0000")) {
            assertThrows<RingfenceException.InvalidRegion>("region \"$region\"") { normalizeNumber("+41446681800", region) }
        }
        assertThrows<RingfenceException.InvalidRegion> { Screener(ScreenerConfig(Language.EN, "CHE")) }
        assertThrows<RingfenceException.InvalidNumber> { normalizeNumber("hello", "CH") }
    }
}
