package dev.ringfence

// Ringfence's enums and plain records are the Rust core's own types, generated into the package
// dev.ringfence.core (a UniFFI component of its own: two components cannot share a package).
// These aliases keep the whole API in dev.ringfence. Hand-written, shared by the JVM build
// (bindings/kotlin/pom.xml), the AAR (build.gradle.kts) and android-sample/pom.xml.

/** What the phone should do with a call, mildest first. */
typealias Action = dev.ringfence.core.Action

/** What kind of call this is believed to be. */
typealias Category = dev.ringfence.core.Category

/** How the caller ID was presented. */
typealias Presentation = dev.ringfence.core.Presentation

/** The network's caller-ID verification (STIR/SHAKEN) result. */
typealias Verification = dev.ringfence.core.Verification

/** libphonenumber's number type. */
typealias NumberType = dev.ringfence.core.NumberType

/** Language of labels and advice. */
typealias Language = dev.ringfence.core.Language

/** How eagerly risk turns into action. */
typealias ProtectionLevel = dev.ringfence.core.ProtectionLevel

/** Protection settings. */
typealias Policy = dev.ringfence.core.Policy

/** A moment with the phone's UTC offset. */
typealias CallTime = dev.ringfence.core.CallTime

/** Result of importing a rule list. */
typealias ImportReport = dev.ringfence.core.ImportReport

/** A rejected list row. */
typealias RowError = dev.ringfence.core.RowError

/** A set of weekly windows in the call's local time (text form: [parseSchedule], [scheduleText]). */
typealias Schedule = dev.ringfence.core.Schedule

/** One weekly window of a [Schedule]. */
typealias Window = dev.ringfence.core.Window

/** A policy for the calls of one line (SIM subscription / phone account). */
typealias LinePolicy = dev.ringfence.core.LinePolicy

/** What `Screener.report` returns for the app to send to its feed service. */
typealias ReportRecord = dev.ringfence.core.ReportRecord

/** Why a regular-expression rule was refused. */
typealias RegexProblem = dev.ringfence.core.RegexProblem
