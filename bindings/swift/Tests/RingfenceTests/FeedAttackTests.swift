// The feed attacks of issue 14 through the Swift bindings, each refused with a typed error while
// the installed feed, the answers, the version floor and the store's files stay as they were.
import Foundation
import XCTest
@testable import Ringfence

final class FeedAttackTests: XCTestCase {
    private typealias F = FeedFixtures

    func testADeltaMadeForFeedBNeverTurnsFeedAIntoB() throws {
        let store = try temporaryStore()
        let s = try F.screener(both: true)
        _ = try s.useStore(dir: store.path)
        _ = try s.installDatabaseFile(path: F.path("v1.rfdb"))
        _ = try s.installDatabaseFile(path: F.path("other-feed-v1.rfdb"))
        let before = F.state(s, store: store)
        // The shipped-CLI attack: `ringfence diff B1 B9`, then offered as an update of feed A.
        let forB = try F.bytes("other-feed-v1-to-v2.rfdelta")
        XCTAssertEqual(rejection { _ = try s.installDatabaseDelta(feed: F.feed, delta: forB) }, .feedMismatch)
        XCTAssertEqual(F.state(s, store: store), before, "installed feed, answers, floor and files unchanged")
        XCTAssertEqual(F.check(s, "+41446681800").label, "Fake bank")
        XCTAssertEqual(try s.installDatabaseDelta(feed: F.otherFeed, delta: forB).version, 9, "made for feed B")
    }

    func testADatabaseForFeedASignedByFeedBsKeyIsRefused() throws {
        let store = try temporaryStore()
        let s = try F.screener(both: true)
        _ = try s.useStore(dir: store.path)
        _ = try s.installDatabaseFile(path: F.path("v1.rfdb"))
        let before = F.state(s, store: store)
        // `other-key.rfdb` names feed A (version 3) but is signed by feed B's pinned key.
        let hijack = try F.bytes("other-key.rfdb")
        XCTAssertEqual(rejection { _ = try s.installDatabase(bytes: hijack) }, .keyNotPinnedForFeed)
        XCTAssertEqual(rejection { _ = try s.installDatabaseFile(path: F.path("other-key.rfdb")) }, .keyNotPinnedForFeed)
        XCTAssertEqual(F.state(s, store: store), before)
        XCTAssertEqual(s.versionFloor(feed: F.feed)?.version, 1)
        // Pinning B's key for A too does not change A's signer: that takes a rotation.
        try s.pinFeed(feed: F.feed, keys: [try F.key("test-feed.public"), try F.key("other.public")])
        XCTAssertEqual(rejection { _ = try s.installDatabase(bytes: hijack) }, .signerChanged)
        XCTAssertEqual(F.state(s, store: store), before)
    }

    func testAnOlderVersionIsRefusedAfterARestart() throws {
        let store = try temporaryStore()
        do {
            let s = try F.screener()
            XCTAssertEqual(try s.useStore(dir: store.path).loaded.count, 0)
            _ = try s.installDatabaseFile(path: F.path("v2.rfdb"))
        }
        let s = try F.screener()  // a new screener on the same store: the app restarted
        let report = try s.useStore(dir: store.path)
        XCTAssertEqual(report.loaded.map(\.version), [2])
        XCTAssertFalse(report.floorWasCorrupt)
        let before = F.state(s, store: store)
        XCTAssertEqual(s.versionFloor(feed: F.feed)?.version, 2)
        XCTAssertEqual(rejection { _ = try s.installDatabaseFile(path: F.path("v1.rfdb")) }, .downgrade)
        XCTAssertEqual(rejection { _ = try s.installDatabase(bytes: try F.bytes("v1.rfdb")) }, .downgrade)
        XCTAssertEqual(rejection { _ = try s.loadInstalledDatabaseFile(path: F.path("v1.rfdb")) }, .downgrade)
        XCTAssertEqual(F.state(s, store: store), before)
        XCTAssertTrue(s.removeDatabase(feed: F.feed))
        let next = try F.screener()  // the next start, with no database file left: the floor stays
        XCTAssertEqual(try next.useStore(dir: store.path).loaded.count, 0)
        XCTAssertEqual(next.versionFloor(feed: F.feed)?.version, 2)
        XCTAssertEqual(rejection { _ = try next.installDatabase(bytes: try F.bytes("v1.rfdb")) }, .downgrade)
    }

    func testTruncatingAndRewritingTheAppsFileNeverReachesARunningScreener() throws {
        let tmp = try temporaryStore()
        let download = tmp.appendingPathComponent("download.rfdb")
        try F.bytes("v2.rfdb").write(to: download)
        let store = tmp.appendingPathComponent("store")
        let s = try F.screener()
        _ = try s.useStore(dir: store.path)
        _ = try s.installDatabaseFile(path: download.path)
        let before = F.state(s, store: store)
        let handle = try FileHandle(forWritingTo: download)
        try handle.truncate(atOffset: 16)  // would be SIGBUS if it were mapped
        try handle.close()
        XCTAssertEqual(F.state(s, store: store), before)
        try F.bytes("v1.rfdb").write(to: download)  // rewritten: the answers must not change
        XCTAssertEqual(F.state(s, store: store), before)
        XCTAssertEqual(F.check(s, "+41446681800").label, "Fake bank v2")
        try FileManager.default.removeItem(at: download)
        XCTAssertEqual(F.state(s, store: store), before)
    }

    func testRecordsPrintNoNumber() throws {
        let call = IncomingCall(number: "+41 44 668 18 00", presentation: .allowed, verification: .notVerified,
                                userNumber: "+41795550123")
        for text in [String(describing: call), "\(call)", String(reflecting: call)] {
            XCTAssertNil(text.range(of: #"\d"#, options: .regularExpression), text)
            XCTAssertTrue(text.contains("<redacted>"), text)
        }
        let rule = Rule(pattern: "+4121560####", action: .block, category: nil, label: "Spam")
        XCTAssertNil(String(describing: rule).range(of: #"\d"#, options: .regularExpression), "\(rule)")
        let verdict = try F.screener().screen(call: call)
        XCTAssertNotNil(verdict.e164)
        XCTAssertFalse(String(describing: verdict).contains("4466"), "\(verdict)")
        XCTAssertFalse(String(describing: try normalizeNumber(raw: "044 668 18 00", region: "CH")).contains("4466"))
        XCTAssertFalse(String(describing: IdentificationEntry(number: 41446681800, label: "Bank")).contains("4466"))
        XCTAssertEqual(call.number, "+41 44 668 18 00", "fields are untouched")
    }
}
