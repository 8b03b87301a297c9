// What `screen()` costs from Swift on top of the bare crossing, in the same run: a bare
// String→Record call (`normalizeNumber`), `screen()` of a call from that number, and
// `screenBatch` of 100 such calls (per call). Rounds take turns between the three; the figures
// are medians of the rounds' per-call times, printed as one line `CROSSING_JSON {...}`.
// The normal test run does a smoke run; scripts/bench-crossing.sh sets RINGFENCE_BENCH=full and
// builds in release mode.
import Foundation
import XCTest
import Ringfence

final class CrossingBenchmark: XCTestCase {
    private func nanosPerCall(_ calls: Int, per: Int = 1, _ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<(calls / per) { body() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(calls)
    }

    private func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }

    func testScreenAndScreenBatchAgainstTheBareCrossing() throws {
        let full = ProcessInfo.processInfo.environment["RINGFENCE_BENCH"] == "full"
        let (rounds, calls) = full ? (21, 20_000) : (3, 200)
        let raw = "+41 44 668 18 00"
        let call = IncomingCall(number: raw, presentation: .allowed, verification: .notVerified, region: "CH")
        let batch = Array(repeating: call, count: 100)
        let s = try Screener(config: ScreenerConfig(language: .en, defaultRegion: "CH"))
        _ = warmUp(regions: ["CH"])
        XCTAssertEqual(try normalizeNumber(raw: raw, region: "CH").e164, "+41446681800")
        XCTAssertEqual(s.screen(call: call).e164, "+41446681800")
        var (bare, screen, batched) = ([Double](), [Double](), [Double]())
        for round in 0..<(rounds + 1) {
            let b = nanosPerCall(calls) { _ = try? normalizeNumber(raw: raw, region: "CH") }
            let sc = nanosPerCall(calls) { _ = s.screen(call: call) }
            let ba = nanosPerCall(calls, per: 100) { _ = s.screenBatch(calls: batch) }
            if round > 0 { bare.append(b); screen.append(sc); batched.append(ba) }  // round 0: warm-up
        }
        let (b, sc, ba) = (median(bare), median(screen), median(batched))
        let f = { (v: Double) in String(format: "%.1f", v) }
        let r = { (v: Double) in String(format: "%.3f", v) }
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        print("CROSSING_JSON {\"harness\":\"swift\",\"build\":\"\(build)\",\"rounds\":\(rounds),\"calls_per_round\":\(calls),"
            + "\"bare_normalize_ns\":\(f(b)),\"screen_ns\":\(f(sc)),\"screen_batch_per_call_ns\":\(f(ba)),"
            + "\"screen_vs_bare\":\(r(sc / b)),\"batch_per_call_vs_bare\":\(r(ba / b))}")
        XCTAssertTrue(b > 0 && sc > 0 && ba > 0)
    }
}
