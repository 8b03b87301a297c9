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

    func testEmergencyCallDialledWhileRoamingOpensTheWindow() throws {
        let everySwitch = Policy(level: .strict, blockHidden: true, silenceUnknown: true, blockForeign: true,
                                 nightMode: true)
        let s = try Screener(config: ScreenerConfig(language: .en, defaultRegion: "GB", policy: everySwitch,
                                                    homeRegion: "IT"))
        // The Italian police number, caller ID hidden, dialled on a British network.
        s.recordOutgoing(number: "#31#113,,1", time: Vectors.time("2026-11-28T23:00:00+01:00"), region: "GB")
        let hidden = IncomingCall(number: nil, presentation: .restricted, verification: .notVerified, region: "GB",
                                  time: night)
        let v = s.screen(call: hidden)
        XCTAssertEqual(v.action, .allow)
        XCTAssertEqual(v.reasons, ["emergency_callback"])
    }

    func testSipCallerIdWithVerstat() throws {
        let s = try screener()
        try s.addRule(rule: Rule(pattern: "+39 02 1234 5678", action: .block, category: .spam, label: nil))
        let sip = "\"Offerte\" <sip:+390212345678;verstat=TN-Validation-Passed@ims.example.it;user=phone>;tag=1"
        let blocked = s.screen(call: call(sip, day))
        XCTAssertEqual(blocked.action, .block)
        XCTAssertEqual(blocked.e164, "+390212345678")
        let failed = s.screen(call: call("<sip:+390287654321;verstat=TN-Validation-Failed@ims.example.it>", day))
        XCTAssertEqual(failed.reasons, ["verification_failed"])
    }

    func testWithheldWordsAreHiddenNumbers() throws {
        let s = try Screener(config: ScreenerConfig(language: .it, defaultRegion: "IT",
                                                    policy: Policy(level: .standard, blockHidden: true)))
        for word in ["Numero privato", "anonymous", "sip:anonymous@anonymous.invalid"] {
            let v = s.screen(call: call(word, day))
            XCTAssertEqual(v.action, .block, word)
            XCTAssertEqual(v.reasons, ["policy_hidden", "hidden_number"], word)
            XCTAssertEqual(v.label, "Numero nascosto", word)
            XCTAssertNil(v.e164, word)
        }
    }

    func testSatelliteNumberIsLabelled() throws {
        let v = try screener().screen(call: call("+881 6 1234 5678", day))
        XCTAssertEqual(v.action, .label)
        XCTAssertEqual(v.category, .satellite)
        XCTAssertEqual(v.reasons, ["satellite_number", "unfamiliar_country"])
        XCTAssertEqual(v.label, "Satellite phone")
    }
}

