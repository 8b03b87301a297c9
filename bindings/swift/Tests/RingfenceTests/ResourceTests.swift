// Objects and buffers crossing the FFI are released: 100,000 calls and 5,000 short-lived
// screeners do not grow the process (resident memory from /proc; skipped where there is none).
import Foundation
import XCTest
@testable import Ringfence

final class ResourceTests: XCTestCase {
    private func residentKB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }
    }

    func testHundredThousandCallsDoNotGrowTheProcess() throws {
        let s = try Screener(config: ScreenerConfig(language: .en, defaultRegion: "IT"))
        try s.addRule(rule: Rule(pattern: "+39021234####", action: .block, category: .spam, label: "Spam"))
        let calls = ["+39 02 1234 5678", "+222 22 12 34 56", "+39 347 123 4567", ""].map {
            IncomingCall(number: $0, presentation: .allowed, verification: .notVerified, displayName: "Trend Micro")
        }
        for i in 0..<20_000 { _ = s.screen(call: calls[i % calls.count]) }
        guard let before = residentKB() else { throw XCTSkip("no /proc/self/status here") }
        var blocked = 0
        for i in 0..<100_000 where s.screen(call: calls[i % calls.count]).action == .block { blocked += 1 }
        for _ in 0..<5_000 { _ = try Screener(config: ScreenerConfig(language: .it)).screen(call: calls[0]) }
        let after = residentKB()!
        XCTAssertEqual(blocked, 100_000, "verdicts stayed correct: every call claims Trend Micro, which never calls")
        let growthMB = Double(after - before) / 1024
        print("ResourceTests: RSS \(before) kB -> \(after) kB (+\(growthMB) MB) over 100,000 calls")
        XCTAssertLessThan(growthMB, 16)
    }
}
