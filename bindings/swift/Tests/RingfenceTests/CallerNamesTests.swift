// Caller names, spoofs behind trusted numbers and customer-brand reminders through Swift.
import Foundation
import XCTest
@testable import Ringfence

final class CallerNamesTests: XCTestCase {
    private let day = Vectors.time("2026-11-28T14:00:00+01:00")

    private func screener() throws -> Screener {
        try Screener(config: ScreenerConfig(language: .en, defaultRegion: "IT", policy: nil,
                                            customerBrands: ["Trend Micro"]))
    }

    private func call(_ number: String, name: String? = nil, contact: Bool = false) -> IncomingCall {
        IncomingCall(number: number, presentation: .allowed, verification: .notVerified,
                     inContacts: contact, displayName: name, time: day)
    }

    func testBrandWordInADentalPracticeIsNotBlocked() throws {
        let s = try screener()
        let v = s.screen(call: call("+39 06 1234 5678", name: "Microsoft Dental"))
        XCTAssertEqual(v.action, .allow)
        XCTAssertEqual(v.reasons, [])
        XCTAssertEqual(s.screen(call: call("+39 06 1234 5678", name: "Microsoft")).action, .label)
    }

    func testConfusableSupportNameIsBlockedWithTheBrandNamed() throws {
        // Cyrillic EM and BYELORUSSIAN-UKRAINIAN I.
        let v = try screener().screen(call: call("+39 06 1234 5678", name: "\u{041C}\u{0456}crosoft Support"))
        XCTAssertEqual(v.action, .block)
        XCTAssertEqual(Array(v.reasons.prefix(2)), ["brand_impersonation", "mixed_script_name"])
        XCTAssertEqual(v.label, "Fake Microsoft call")
        XCTAssertTrue(v.advice?.hasPrefix("Microsoft never calls") ?? false)
    }

    func testContactOnInboundOnlyNumberRingsLabelled() throws {
        let v = try screener().screen(call: call("+1 800 642 7676", contact: true))
        XCTAssertEqual(v.action, .label)
        XCTAssertEqual(v.category, .impersonation)
        XCTAssertEqual(v.reasons, ["brand_inbound_only", "contact"])
        XCTAssertEqual(v.label, "Fake Microsoft call")
    }

    func testCustomerBrandReminderForUnknownCallersNotContacts() throws {
        let s = try screener()
        XCTAssertNil(s.screen(call: call("+39 347 765 4321", contact: true)).reminder)
        XCTAssertEqual(s.screen(call: call("+39 347 765 4321")).reminder,
                       "If the caller says they are from Trend Micro: Trend Micro never calls unexpectedly, "
                       + "and knowing your ticket number proves nothing — hang up.")
        XCTAssertNil(s.screen(call: call("+39 347 765 4322")).reminder, "at most once a day per brand")
        XCTAssertThrowsError(try s.setCustomerBrands(names: ["Acme"])) { error in
            guard case RingfenceError.InvalidConfig = error else { return XCTFail("\(error)") }
        }
        try s.setReminderIntervalHours(hours: 0)
        XCTAssertTrue(s.screen(call: call("+39 347 765 4323")).reminder?.contains("Trend Micro") ?? false)
    }
}
