// The shared vectors, checked through the Swift bindings against the real library.
import Foundation
import XCTest
@testable import Ringfence

final class VectorsTests: XCTestCase {
    func testScreeningVectors() throws {
        let file = try Vectors.load("screening.json")
        let config = try XCTUnwrap(file["config"] as? [String: Any])
        let rules = try XCTUnwrap(file["rules"] as? [[String: Any]]).map { r in
            Rule(
                pattern: r["pattern"] as! String,
                action: Vectors.action(r["action"] as! String)!,
                category: (r["category"] as? String).flatMap(Vectors.category),
                label: r["label"] as? String
            )
        }
        let cases = try XCTUnwrap(file["cases"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(cases.count, 40)
        for c in cases {
            let name = c["name"] as! String
            let lang = (c["language"] as? String) ?? (config["language"] as! String)
            let screener = try Screener(config: ScreenerConfig(
                language: Vectors.language(lang), defaultRegion: config["default_region"] as? String,
                policy: Vectors.policy(config, c["policy"] as? [String: Any])))
            try screener.addRules(rules: rules)
            if let brands = file["brands"] {
                let data = try JSONSerialization.data(withJSONObject: brands)
                _ = try screener.loadBrandsJson(json: String(decoding: data, as: UTF8.self))
            }
            try screener.setContactCallingCodes(codes: (c["contact_codes"] as? [Int])?.map { UInt16($0) })
            for o in (c["outgoing"] as? [[String: Any]]) ?? [] {
                screener.recordOutgoing(number: o["number"] as! String, time: Vectors.time(o["time"] as? String))
            }
            for earlier in (c["earlier_calls"] as? [[String: Any]]) ?? [] {
                _ = screener.screen(call: Vectors.call(earlier))
            }
            let v = screener.screen(call: Vectors.call(c["call"] as! [String: Any]))
            let want = c["expect"] as! [String: Any]
            XCTAssertEqual(v.action, Vectors.action(want["action"] as! String), name)
            XCTAssertEqual(Vectors.code(v.category), want["category"] as? String, name)
            XCTAssertEqual(v.reasons, want["reasons"] as? [String], name)
            XCTAssertEqual(v.e164, want["e164"] as? String, name)
            if want.keys.contains("label") {
                XCTAssertEqual(v.label, want["label"] as? String, name)
            }
            if want.keys.contains("advice") {
                XCTAssertEqual(v.advice, want["advice"] as? String, name)
            }
            if let min = want["risk_min"] as? Int { XCTAssertGreaterThanOrEqual(Int(v.risk), min, name) }
            if let max = want["risk_max"] as? Int { XCTAssertLessThanOrEqual(Int(v.risk), max, name) }
        }
    }

    func testNormalizeVectors() throws {
        let cases = try XCTUnwrap(try Vectors.load("normalize.json")["cases"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(cases.count, 10)
        for c in cases {
            let raw = c["raw"] as! String, region = c["region"] as! String
            if let want = c["e164"] as? String {
                let n = try normalizeNumber(raw: raw, region: region)
                XCTAssertEqual(n.e164, want, raw)
                XCTAssertEqual(n.valid, c["valid"] as? Bool, raw)
                XCTAssertEqual(Vectors.numberType(n.numberType), c["type"] as? String, raw)
            } else {
                XCTAssertThrowsError(try normalizeNumber(raw: raw, region: region), raw) { error in
                    guard case RingfenceError.InvalidNumber = error else {
                        return XCTFail("\(raw): expected InvalidNumber, got \(error)")
                    }
                }
            }
        }
    }
}
