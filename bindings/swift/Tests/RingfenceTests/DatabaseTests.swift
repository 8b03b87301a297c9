// Signed databases through the Swift bindings: pin the key, install, swap to a newer version,
// and reject a downgrade, a foreign key, a tampered file and a missing file, each leaving the
// installed database in place. Fixtures: tests/vectors/databases (built by build-bindings.sh).
import Foundation
import XCTest
@testable import Ringfence

final class DatabaseTests: XCTestCase {
    private var dir: URL {
        let env = ProcessInfo.processInfo.environment["RINGFENCE_VECTORS_DIR"]
        let vectors = env.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).appendingPathComponent("../../../../../tests/vectors").standardized
        return vectors.appendingPathComponent("databases")
    }

    private func fixture(_ name: String) -> String { dir.appendingPathComponent("build/\(name)").path }

    private func screener() throws -> Screener {
        let s = try Screener(config: ScreenerConfig(language: .en, defaultRegion: "CH"))
        let key = try String(contentsOf: dir.appendingPathComponent("test-feed.public"), encoding: .utf8)
        try s.setTrustedKeys(keys: [key.trimmingCharacters(in: .whitespacesAndNewlines)])
        return s
    }

    private func check(_ s: Screener, _ number: String) -> Verdict {
        s.screen(call: IncomingCall(number: number, presentation: .allowed, verification: .notVerified))
    }

    /// The kind of database rejection `body` throws (fails the test for anything else).
    private func rejection(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> DatabaseProblem? {
        do {
            try body()
            XCTFail("expected a rejection", file: file, line: line)
        } catch let RingfenceError.InvalidDatabase(kind, reason) {
            XCTAssertNil(reason.range(of: #"\d{5,}"#, options: .regularExpression), "no number in \(reason)")
            return kind
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }

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
        XCTAssertEqual(rejection { try s.setTrustedKeys(keys: ["not a key"]) }, .invalidKey)
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
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ringfence-delta-\(getpid()).rfdb")
        try? FileManager.default.removeItem(at: out)
        var corrupt = delta
        corrupt[corrupt.count - 1] ^= 1
        XCTAssertNotNil(rejection { _ = try s.installDatabaseDelta(feed: "ringfence-test", delta: corrupt, outPath: out.path) })
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing written")
        XCTAssertEqual(check(s, "+41446681800").label, "Fake bank")
        XCTAssertEqual(try s.installDatabaseDelta(feed: "ringfence-test", delta: delta, outPath: out.path).version, 2)
        XCTAssertEqual(try Data(contentsOf: out), v2, "the signed v2 file, rebuilt")
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
