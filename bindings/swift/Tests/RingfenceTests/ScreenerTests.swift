// Behaviour of the Screener through the Swift bindings.
import Foundation
import XCTest
@testable import Ringfence

final class ScreenerTests: XCTestCase {
    private func screener(_ region: String = "CH") throws -> Screener {
        try Screener(config: ScreenerConfig(language: .en, defaultRegion: region))
    }

    private func call(_ number: String?, _ verification: Verification = .notVerified) -> IncomingCall {
        IncomingCall(number: number, presentation: .allowed, verification: verification)
    }

    func testAllowRuleBeatsBlockRange() throws {
        let s = try screener()
        try s.addRules(rules: [
            Rule(pattern: "+4121560####", action: .block, category: .spam, label: nil),
            Rule(pattern: "+41215601111", action: .allow, category: nil, label: nil),
        ])
        XCTAssertEqual(s.screen(call: call("+41215601234")).action, .block)
        XCTAssertEqual(s.screen(call: call("+41215601111")).action, .allow)
        XCTAssertEqual(s.screen(call: call("+41215601111")).reasons, ["user_allow"])
    }

    func testWarmUpCompilesTheHomeAndFrequentRegionsAndScreeningStillAnswers() throws {
        XCTAssertGreaterThanOrEqual(warmUp(regions: ["CH", "not a region"]), 2)
        XCTAssertGreaterThan(warmUp(regions: ["NZ"]), warmUp(regions: []), "a region outside the frequent ones adds one")
        XCTAssertEqual(try screener().screen(call: call("044 668 18 00")).e164, "+41446681800")
    }

    func testEmergencyNumberIsNeverBlocked() throws {
        let s = try screener()
        try s.addRule(rule: Rule(pattern: "112", action: .block, category: .spam, label: nil))
        let v = s.screen(call: call("112"))
        XCTAssertEqual(v.action, .allow)
        XCTAssertEqual(v.category, .emergency)
        XCTAssertTrue(isEmergencyNumber(raw: "911", region: "US"))
        XCTAssertFalse(isEmergencyNumber(raw: "912", region: "US"))
    }

    func testBadRulesThrowTypedErrorsAndChangeNothing() throws {
        let s = try screener()
        try s.addRule(rule: Rule(pattern: "+41441112233", action: .block, category: nil, label: nil))
        XCTAssertThrowsError(try s.addRules(rules: [
            Rule(pattern: "+41449999999", action: .block, category: nil, label: nil),
            Rule(pattern: "+41#12", action: .block, category: nil, label: nil),
        ])) { error in
            guard case RingfenceError.InvalidPattern = error else { return XCTFail("\(error)") }
            XCTAssertFalse("\(error)".contains("4144"), "errors never echo numbers")
        }
        XCTAssertEqual(s.rules().map(\.pattern), ["+41441112233"], "all or nothing")
        XCTAssertThrowsError(try Screener(config: ScreenerConfig(language: .en, defaultRegion: "C1"))) { error in
            guard case RingfenceError.InvalidRegion = error else { return XCTFail("\(error)") }
        }
    }

    func testCsvImportReportsBadRowsByLine() throws {
        let s = try screener()
        let report = try s.importRulesCsv(csv: "pattern,action,category,label\n+4121560####,block,spam,\n+99912345,block,spam,\n+41441112233,explode,,\n")
        XCTAssertEqual(report.accepted, 1)
        XCTAssertEqual(report.rejected.map(\.line), [3, 4])
        XCTAssertTrue(report.rejected.allSatisfy { !$0.reason.contains(where: \.isNumber) })
        XCTAssertThrowsError(try s.importRulesCsv(csv: "no header here")) { error in
            guard case RingfenceError.InvalidList = error else { return XCTFail("\(error)") }
        }
    }

    func testHostileCallerIdsNeverCrash() throws {
        let s = try screener()
        for raw in ["", "+", String(repeating: "9", count: 300), "\u{0}\u{0}", "+41\u{0}446681800", "٠٤٤٦٦٨١٨٠٠",
                    "＋４１４４６６８１８００", "🙂📞", "tel:;phone-context=", String(repeating: "+", count: 1000)] {
            let v = s.screen(call: call(raw))
            XCTAssertNotEqual(v.action, .block, raw)
        }
    }

    func testBatchKeepsOrderAndLanguageSwitches() throws {
        let s = try screener()
        try s.addRule(rule: Rule(pattern: "+4121560####", action: .block, category: .spam, label: nil))
        let verdicts = s.screenBatch(calls: [call("+41215601234"), call("112"), call("abc"), call(nil)])
        XCTAssertEqual(verdicts.map(\.action), [.block, .allow, .label, .allow])
        XCTAssertEqual(verdicts[0].label, "Suspected spam")
        s.setLanguage(language: .it)
        XCTAssertEqual(s.screen(call: call("+41215601234")).label, "Sospetto spam")
    }

    func testEmergencyCallbackWindow() throws {
        let s = try screener()
        let t0 = Vectors.time("2026-11-28T18:00:00+01:00")!
        s.recordOutgoing(number: "112", time: t0)
        var spoofed = call("+447700900123", .failed)
        spoofed.time = CallTime(epochSeconds: t0.epochSeconds + 600, utcOffsetMinutes: 60)
        XCTAssertEqual(s.screen(call: spoofed).reasons, ["emergency_callback"])
        spoofed.time = CallTime(epochSeconds: t0.epochSeconds + 7200, utcOffsetMinutes: 60)
        XCTAssertEqual(s.screen(call: spoofed).action, .block)
    }

    func testConcurrentScreening() throws {
        let s = try screener()
        try s.addRule(rule: Rule(pattern: "+4121560####", action: .block, category: .spam, label: nil))
        let wrong = NSLock()
        var mismatches = 0
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for j in 0..<1000 {
                let blocked = (i + j) % 2 == 0
                let v = s.screen(call: self.call(blocked ? "+41215601234" : "+41791234567"))
                if v.action != (blocked ? .block : .allow) { wrong.lock(); mismatches += 1; wrong.unlock() }
            }
        }
        XCTAssertEqual(mismatches, 0)
    }

    func testNormalizeErrors() {
        XCTAssertThrowsError(try normalizeNumber(raw: "044 668 18 00", region: "XYZ")) { error in
            guard case RingfenceError.InvalidRegion = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try normalizeNumber(raw: "044 668 18 00", region: "ch").e164, "+41446681800")
        XCTAssertFalse(ringfenceVersion().isEmpty)
    }
}
