package dev.ringfence

/**
 * A realistic mix of calls for [LeanScreener]'s tests and [MemoryProbe]: distinct numbers of
 * several countries (national and international notation), withheld callers, caller names
 * (plain, brands, a confusable spoof, emoji), contacts, day and night; and a screener with a
 * block rule, a labelling rule and a customer brand reminded on every unknown call.
 */
object ScreeningWorkload {
    private val DAY = callTime("2026-11-28T14:00:00+01:00")
    private val NIGHT = callTime("2026-11-28T03:00:00+01:00")
    private val NAMES = listOf(
        null, "Mario Rossi", "Microsoft", "Microsoft Dental", "\u041c\u0456crosoft Support", "Trend Micro Support",
        "Poste Italiane", "Banca d'Italia", "Zoë \uD83D\uDCDE",
    )

    /** [count] calls; up to 10,000 of them, every caller with a number has a number of its own. */
    fun calls(count: Int): List<IncomingCall> = (0 until count).map { k ->
        val number = when (k % 6) {
            0 -> "02 1234 %04d".format(k % 10_000)
            1 -> "+39 347 %07d".format(k * 7919 % 10_000_000)
            2 -> null
            3 -> "+222 22 %02d %02d %02d".format(k % 100, k / 100 % 100, k / 10_000 % 100)
            4 -> "+1 800 642 %04d".format(k % 10_000)
            else -> "+41 44 668 %04d".format(k % 10_000)
        }
        IncomingCall(
            number = number,
            presentation = if (number == null) Presentation.RESTRICTED else Presentation.ALLOWED,
            verification = Verification.entries[k % Verification.entries.size],
            region = if (k % 3 == 0) "IT" else null,
            inContacts = k % 11 == 0,
            displayName = NAMES[k % NAMES.size],
            time = if (k % 5 == 0) NIGHT else DAY,
        )
    }

    /** The screener the calls go to (Italian home region). */
    fun screener(language: Language): Screener {
        val config = ScreenerConfig(language, "IT", customerBrands = listOf("Trend Micro"), reminderIntervalHours = 0u)
        return Screener(config).also {
            it.addRule(Rule("+39021234####", Action.BLOCK, Category.SPAM, "Spam di prova"))
            it.addRule(Rule("+4144668####", Action.LABEL, Category.TELEMARKETING, "Call centre"))
        }
    }
}
