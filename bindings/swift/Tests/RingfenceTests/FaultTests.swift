// A panic inside Rust never crosses the FFI. The test library is built with fault injection
// (scripts/build-bindings.sh): a reserved input panics inside screening and rule import.
// Screening fails open (allow, "internal_error"); a throwing function throws the typed
// `Internal` error; the screener keeps working, also from many threads at once.
import Foundation
import XCTest
@testable import Ringfence

final class FaultTests: XCTestCase {
    /// The reserved input of ringfence-core's `fault` module (feature `fault-injection`).
    private let trigger = "\u{1}ringfence:inject-panic"

    private func screener() throws -> Screener {
        let s = try Screener(config: ScreenerConfig(language: .en, defaultRegion: "CH"))
        try s.addRule(rule: Rule(pattern: "+41446681800", action: .block, category: .scam, label: nil))
        return s
    }

    private func call(faulty: Bool) -> IncomingCall {
        IncomingCall(number: "+41446681800", presentation: .allowed, verification: .notVerified,
                     displayName: faulty ? trigger : nil)
    }

    func testAPanicWhileScreeningFailsOpen() throws {
        let s = try screener()
        let v = s.screen(call: call(faulty: true))
        XCTAssertEqual(v.action, .allow)
        XCTAssertEqual(v.reasons, ["internal_error"])
        XCTAssertEqual(s.screen(call: call(faulty: false)).action, .block)
        let batch = s.screenBatch(calls: [call(faulty: false), call(faulty: true), call(faulty: false)])
        XCTAssertEqual(batch.map(\.action), [.block, .allow, .block])
    }

    func testAPanicInAThrowingFunctionIsTheTypedInternalError() throws {
        let s = try screener()
        XCTAssertThrowsError(try s.importRulesCsv(csv: trigger + "pattern,action\n+41446681801,block\n")) { error in
            guard case RingfenceError.Internal = error else { return XCTFail("expected Internal, got \(error)") }
        }
        XCTAssertEqual(s.rules().count, 1)
    }

    func testPanicsOnManyThreadsNeverCrash() throws {
        let s = try screener()
        let wrong = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for i in 0..<200 {
                let faulty = (i + t) % 3 == 0
                if s.screen(call: self.call(faulty: faulty)).action != (faulty ? .allow : .block) { wrong.add() }
            }
        }
        XCTAssertEqual(wrong.value, 0)
    }
}

/// A counter shared by concurrent threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.withLock { n += 1 } }
    var value: Int { lock.withLock { n } }
}
