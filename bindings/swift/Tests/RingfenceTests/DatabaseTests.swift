// Signed databases through the Swift bindings: pin the key, install, swap to a newer version,
// and reject a downgrade, a foreign key, a tampered file and a missing file, each leaving the
// installed database in place. Fixtures: tests/vectors/databases (built by build-bindings.sh).
import Foundation
import XCTest
@testable import Ringfence

final class DatabaseTests: XCTestCase {
    private func fixture(_ name: String) -> String { FeedFixtures.path(name) }

    private func screener() throws -> Screener { try FeedFixtures.screener() }

    private func check(_ s: Screener, _ number: String) -> Verdict { FeedFixtures.check(s, number) }

    func testInstalledDatabaseScreensAndANewerVersionSwapsIn() throws {
        let s = try screener()
        XCTAssertEqual(check(s, "+41446681800").action, .allow, "nothing installed yet")
        let v1 = try s.installDatabaseFile(path: fixture("v1.rfdb"))
        XCTAssertEqual(v1.feed, "ringfence-test")
        XCTAssertEqual(v1.version, 1)
        let blocked = check(s, "044 668 18 00")
        XCTAssertEqual(blocked.action, .block)
        XCTAssertEqual(blocked.category, .scam)
        XCTAssertEqual(blocked.reasons.first, "feed_listed")
        XCTAssertEqual(blocked.label, "Fake bank")
        XCTAssertEqual(check(s, "+41215600042").action, .silence)
        XCTAssertEqual(check(s, "+41215609999").reasons, ["feed_allow"])

        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture("v2.rfdb")))
        XCTAssertEqual(try s.installDatabase(bytes: bytes).version, 2)
        XCTAssertEqual(s.databases().map(\.version), [2])
        XCTAssertEqual(check(s, "+41446681800").label, "Fake bank v2")
        XCTAssertEqual(check(s, "+41215600042").action, .block)
        XCTAssertTrue(s.removeDatabase(feed: "ringfence-test"))
        XCTAssertEqual(check(s, "+41446681800").action, .allow)
    }

    func testRejectedFilesLeaveTheInstalledDatabaseUntouched() throws {
        let s = try screener()
        _ = try s.installDatabaseFile(path: fixture("v2.rfdb"))
        var tampered = try Data(contentsOf: URL(fileURLWithPath: fixture("v2.rfdb")))
        tampered[tampered.count - 2] ^= 1
        let other = try Data(contentsOf: URL(fileURLWithPath: fixture("other-key.rfdb")))
        XCTAssertEqual(rejection { _ = try s.installDatabaseFile(path: fixture("v1.rfdb")) }, .downgrade)
        XCTAssertEqual(rejection { _ = try s.installDatabase(bytes: other) }, .unknownKey)
        XCTAssertEqual(rejection { _ = try s.installDatabase(bytes: tampered) }, .checksumMismatch)
        XCTAssertEqual(rejection { _ = try s.installDatabase(bytes: tampered.prefix(100)) }, .truncated)
        XCTAssertEqual(rejection { _ = try s.installDatabase(bytes: Data(repeating: 7, count: 4096)) }, .notADatabase)
        XCTAssertEqual(rejection { try s.pinFeed(feed: "ringfence-test", keys: ["not a key"]) }, .invalidKey)
        XCTAssertThrowsError(try s.installDatabaseFile(path: fixture("missing.rfdb"))) { error in
            guard case RingfenceError.Io = error else { return XCTFail("expected Io, got \(error)") }
        }
        XCTAssertEqual(s.databases().map(\.version), [2])
        XCTAssertEqual(check(s, "+41446681800").label, "Fake bank v2")
        XCTAssertEqual(rejection { _ = try s.loadInstalledDatabaseFile(path: fixture("v1.rfdb")) }, .downgrade)
        XCTAssertEqual(try s.loadInstalledDatabaseFile(path: fixture("v2.rfdb")).feed, "ringfence-test")
    }

    func testADeltaUpdatesTheInstalledFeedAndACorruptOneChangesNothing() throws {
        let s = try screener()
        _ = try s.installDatabaseFile(path: fixture("v1.rfdb"))
        let delta = try Data(contentsOf: URL(fileURLWithPath: fixture("v1-to-v2.rfdelta")))
        let v2 = try Data(contentsOf: URL(fileURLWithPath: fixture("v2.rfdb")))
        XCTAssertLessThan(delta.count, v2.count)
        let store = try temporaryStore()
        _ = try s.useStore(dir: store.path)
        let stored = { try FileManager.default.contentsOfDirectory(atPath: store.path).filter { $0.hasSuffix(".rfdb") } }
        let before = try stored()
        var corrupt = delta
        corrupt[corrupt.count - 1] ^= 1
        XCTAssertNotNil(rejection { _ = try s.installDatabaseDelta(feed: "ringfence-test", delta: corrupt) })
        XCTAssertEqual(try stored(), before, "nothing written")
        XCTAssertEqual(check(s, "+41446681800").label, "Fake bank")
        XCTAssertEqual(try s.installDatabaseDelta(feed: "ringfence-test", delta: delta).version, 2)
        let out = try XCTUnwrap(try stored().first)
        XCTAssertEqual(try Data(contentsOf: store.appendingPathComponent(out)), v2, "the signed v2 file, rebuilt")
        XCTAssertEqual(check(s, "+41446681800").label, "Fake bank v2")
    }

    func testScreeningThreadsSeeWholeDatabasesWhileAnotherThreadSwaps() throws {
        let s = try screener()
        let v1 = try Data(contentsOf: URL(fileURLWithPath: fixture("v1.rfdb")))
        let v2 = try Data(contentsOf: URL(fileURLWithPath: fixture("v2.rfdb")))
        _ = try s.installDatabase(bytes: v1)
        let problems = Problems()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            for _ in 0..<200 {
                do { _ = try s.installDatabase(bytes: v2) } catch { problems.add("\(error)") }
                if (try? s.installDatabase(bytes: v1)) != nil { problems.add("downgrade accepted") }
            }
        }
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<500 {
                let v = self.check(s, "+41446681800")
                if v.action != .block || !(v.label == "Fake bank" || v.label == "Fake bank v2") {
                    problems.add("\(v.action) \(v.label ?? "-")")
                }
            }
        }
        group.wait()
        XCTAssertEqual(problems.all, [])
        XCTAssertEqual(s.databases().map(\.version), [2])
    }
}

/// Problems seen by concurrent threads, behind a lock.
private final class Problems: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ p: String) { lock.withLock { items.append(p) } }
    var all: [String] { lock.withLock { items } }
}
