// Scam heuristics, brand impersonation and policy through the Swift bindings.
import Foundation
import XCTest
@testable import Ringfence

final class HeuristicsTests: XCTestCase {
    private let night = Vectors.time("2026-11-28T23:30:00+01:00")
    private let day = Vectors.time("2026-11-28T14:00:00+01:00")

    private func screener(_ level: ProtectionLevel = .standard) throws -> Screener {
        try Screener(config: ScreenerConfig(language: .en, defaultRegion: "IT", policy: Policy(level: level)))
    }

    private func call(_ number: String?, _ time: CallTime?, name: String? = nil, contact: Bool = false,
                      verification: Verification = .notVerified) -> IncomingCall {
        IncomingCall(number: number, presentation: .allowed, verification: verification,
                     inContacts: contact, displayName: name, time: time)
    }

    func testWangiriAtNight() throws {
        let v = try screener().screen(call: call("+222 22 12 34 56", night))
        XCTAssertEqual(v.action, .label)
        XCTAssertEqual(v.category, .wangiri)
        XCTAssertEqual(v.reasons, ["wangiri_country", "unfamiliar_country", "night_call"])
        XCTAssertEqual(try screener(.strict).screen(call: call("+222 22 12 34 56", night)).action, .silence)
    }

    func testSpoofedBrandIsBlockedAndNamed() throws {
        let s = try screener()
        let v = s.screen(call: call("+41 44 668 18 00", day, name: "Trend Micro Support"))
        XCTAssertEqual(v.action, .block)
        XCTAssertEqual(v.category, .impersonation)
        XCTAssertEqual(v.advice,
            "Trend Micro never calls customers unexpectedly. Hang up and contact support through the official website.")
        XCTAssertEqual(s.screen(call: call("+1 800 642 7676", day)).reasons, ["brand_inbound_only"])
    }

    func testEmergencyCallbackWindow() throws {
        let s = try screener()
        s.recordOutgoing(number: "112", time: Vectors.time("2026-11-28T13:30:00+01:00"))
        let v = s.screen(call: call("+1 800 642 7676", day, verification: .failed))
        XCTAssertEqual(v.action, .allow)
        XCTAssertEqual(v.reasons, ["emergency_callback"])
    }

    func testContactsRingWhateverTheSwitches() throws {
        let s = try screener()
        try s.setPolicy(policy: Policy(level: .strict, blockHidden: true, silenceUnknown: true, blockForeign: true,
                                       nightMode: true))
        XCTAssertEqual(s.screen(call: call("+39 333 123 4567", night)).action, .silence)
        let v = s.screen(call: call("+222 22 12 34 56", night, contact: true, verification: .failed))
        XCTAssertEqual(v.action, .allow)
        XCTAssertEqual(v.reasons, ["contact"])
    }

    func testBadSettingsThrowAndChangeNothing() throws {
        let s = try screener()
        XCTAssertThrowsError(try s.setPolicy(policy: Policy(level: .strict, nightStartMinute: 2000))) { error in
            guard case RingfenceError.InvalidConfig = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(s.policy().level, .standard)
        XCTAssertThrowsError(try s.loadBrandsJson(json: "{\"brands\": 1}")) { error in
            guard case RingfenceError.InvalidList = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(s.screen(call: call("+1 800 642 7676", day)).action, .block, "default registry kept")
    }
}
