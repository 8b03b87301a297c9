// The shared controls vectors (tests/vectors/controls.json: quiet hours, repeated calls, pause,
// lines, schedules, regex rules, reports), run as core/tests/vectors_controls.rs and the Kotlin
// ControlsVectorsTest run them; plus reports, regex rules and backup through the Swift API.
import Foundation
import XCTest
@testable import Ringfence

final class ControlsVectorsTests: XCTestCase {
    private static let caller = "+41791234567"
    private static let user = "+41781112233"

    /// A policy object: the screening vectors' keys plus the controls' (schedules in text form).
    private func policy(_ p: [String: Any]?) throws -> Policy {
        var policy = Vectors.policy([:], p)
        guard let p else { return policy }
        func count(_ key: String) -> UInt32? { (p[key] as? Int).map { UInt32($0) } }
        policy.schedule = try (p["schedule"] as? String).map { try parseSchedule(text: $0) }
        policy.quietHours = try (p["quiet_hours"] as? String).map { try parseSchedule(text: $0) }
        policy.repeatedCallMinutes = count("repeated_call_minutes") ?? policy.repeatedCallMinutes
        policy.repeatedCallCount = count("repeated_call_count") ?? policy.repeatedCallCount
        policy.pausedUntil = Vectors.time(p["paused_until"] as? String)?.epochSeconds
        return policy
    }

    private func rule(_ r: [String: Any]) -> Rule {
        Rule(
            pattern: r["pattern"] as! String,
            action: Vectors.action(r["action"] as! String)!,
            category: (r["category"] as? String).flatMap(Vectors.category),
            label: r["label"] as? String,
            line: r["line"] as? String,
            schedule: r["schedule"] as? String
        )
    }

    /// The screener of a case: the file's config, the case's policy, line policies, rules and history.
    private func screener(_ file: [String: Any], _ c: [String: Any]) throws -> Screener {
        let config = try XCTUnwrap(file["config"] as? [String: Any])
        let lines = try ((c["line_policies"] as? [[String: Any]]) ?? []).map {
            LinePolicy(line: $0["line"] as! String, policy: try policy($0["policy"] as? [String: Any]))
        }
        let screener = try Screener(config: ScreenerConfig(
            language: Vectors.language(config["language"] as! String),
            defaultRegion: config["default_region"] as? String,
            policy: try policy(c["policy"] as? [String: Any]),
            linePolicies: lines))
        try screener.addRules(rules: ((c["rules"] as? [[String: Any]]) ?? []).map(rule))
        for o in (c["outgoing"] as? [[String: Any]]) ?? [] {
            screener.recordOutgoing(number: o["number"] as! String, time: Vectors.time(o["time"] as? String))
        }
        for earlier in (c["earlier_calls"] as? [[String: Any]]) ?? [] {
            _ = screener.screen(call: Vectors.call(earlier))
        }
        return screener
    }

    private func verdictJson(_ v: Verdict) -> [String: Any] {
        let action = ["allow", "label", "silence", "block"].first { Vectors.action($0) == v.action }!
        return ["action": action, "category": Vectors.code(v.category), "reasons": v.reasons,
                "label": v.label ?? NSNull()]
    }

    /// A JSON value (string, list of strings, null) as comparable text.
    private func canonical(_ value: Any?) -> String {
        switch value {
        case let text as String: return "\"\(text)\""
        case let list as [Any]: return "[" + list.map(canonical).joined(separator: ",") + "]"
        case nil, is NSNull: return "null"
        case let other?: return "\(other)"
        }
    }

    /// Every key of `want` but `then` equals `got`'s (JSON null for a missing value).
    private func assertMatches(_ name: String, _ want: [String: Any], _ got: [String: Any]) {
        for (key, w) in want where key != "then" {
            XCTAssertEqual(canonical(got[key]), canonical(w), "\(name): \(key)")
        }
    }

    /// The vector file and its array `key` (at least `atLeast` cases).
    private func vectorCases(_ key: String, atLeast: Int) throws -> ([String: Any], [[String: Any]]) {
        let file = try Vectors.load("controls.json")
        let cases = try XCTUnwrap(file[key] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(cases.count, atLeast, key)
        return (file, cases)
    }

    func testControlsVectors() throws {
        let (file, cases) = try vectorCases("cases", atLeast: 30)
        for c in cases {
            let name = c["name"] as! String
            let v = try screener(file, c).screen(call: Vectors.call(c["call"] as! [String: Any]))
            assertMatches(name, c["expect"] as! [String: Any], verdictJson(v))
        }
    }

    func testReportVectors() throws {
        let (file, cases) = try vectorCases("reports", atLeast: 3)
        for c in cases {
            let name = c["name"] as! String
            let r = c["report"] as! [String: Any]
            let want = c["expect"] as! [String: Any]
            let screener = try screener(file, c)
            let call = Vectors.call(c["call"] as! [String: Any])
            let report = {
                try screener.report(
                    call: call, category: Vectors.category(r["category"] as! String)!,
                    action: Vectors.action(r["action"] as! String)!, reporter: r["reporter"] as! String,
                    label: r["label"] as? String)
            }
            if want["error"] != nil {
                XCTAssertEqual(want["error"] as? String, "invalid_report", name)
                XCTAssertThrowsError(try report(), name) { error in
                    guard case RingfenceError.InvalidReport = error else { return XCTFail("\(name): \(error)") }
                }
                continue
            }
            let record = try report()
            let got: [String: Any] = [
                "number": record.number, "region": record.region ?? NSNull(), "category": Vectors.code(record.category),
                "time": record.time, "reporter": record.reporter, "caller_name": record.callerName ?? NSNull(),
            ]
            assertMatches(name, want, got)
            if let then = want["then"] as? [String: Any] {
                assertMatches("\(name) (then)", then, verdictJson(screener.screen(call: call)))
            }
        }
    }

    private func plainScreener() throws -> Screener {
        try Screener(config: ScreenerConfig(language: .en, defaultRegion: "CH"))
    }

    func testReportRecordNeverHoldsTheUsersNumber() throws {
        let s = try plainScreener()
        var call = Vectors.call(["number": Self.caller, "user_number": Self.user, "display_name": "ACME Ltd",
                                 "time": "2026-11-23T10:00:00+01:00"])
        let record = try s.report(call: call, category: .scam, action: .block, reporter: "install-7f3a")
        XCTAssertEqual(record.number, Self.caller)
        XCTAssertEqual(record.category, .scam)
        XCTAssertEqual(record.time, "2026-11-23T10:00:00+01:00")
        XCTAssertEqual(record.reporter, "install-7f3a")
        XCTAssertEqual(record.callerName, "ACME Ltd")
        let fields = [record.number, record.region, record.time, record.reporter, record.callerName].compactMap { $0 }
        XCTAssertFalse(fields.contains { $0.contains(Self.user.dropFirst(3)) }, "\(fields)")
        XCTAssertEqual(s.screen(call: call).action, .block)
        call.number = Self.user
        XCTAssertThrowsError(try s.report(call: call, category: .scam, action: .block, reporter: "x")) { error in
            guard case RingfenceError.InvalidReport = error else { return XCTFail("\(error)") }
        }
    }

    func testRegexRuleAndInvalidRegexError() throws {
        let s = try plainScreener()
        try s.addRule(rule: Rule(pattern: "regex:^\\+4179123", action: .block))
        XCTAssertEqual(s.screen(call: Vectors.call(["number": Self.caller])).action, .block)
        XCTAssertEqual(s.screen(call: Vectors.call(["number": "+41441234567"])).action, .allow)
        let before = s.rules()
        let batch = [Rule(pattern: "+41440000000", action: .block), Rule(pattern: "regex:+41(", action: .block)]
        XCTAssertThrowsError(try s.addRules(rules: batch)) { error in
            guard case let RingfenceError.InvalidRegex(kind, reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(kind, .syntax)
            XCTAssertFalse(reason.contains { $0.isNumber }, reason)
        }
        XCTAssertEqual(s.rules(), before, "nothing half-applied")
    }

    func testExportThenImportReproducesTheRules() throws {
        let s = try plainScreener()
        try s.addRules(rules: [
            Rule(pattern: Self.caller, action: .block, category: .spam, label: "Work, \"spam\"", line: "sim-2",
                 schedule: "mon-fri 09:00-17:00"),
            Rule(pattern: "+4121560####", action: .silence),
            Rule(pattern: "name-regex:(?i)^spam", action: .label, schedule: "daily 22:00-07:00"),
        ])
        let fromCsv = try plainScreener()
        XCTAssertTrue(try fromCsv.importRulesCsv(csv: s.exportRulesCsv()).rejected.isEmpty)
        XCTAssertEqual(fromCsv.rules(), s.rules())
        let fromJson = try plainScreener()
        XCTAssertTrue(try fromJson.importRulesJson(json: s.exportRulesJson()).rejected.isEmpty)
        XCTAssertEqual(fromJson.rules(), s.rules())
    }
}
