// A feed published from people's reports (`ringfence feed aggregate`, then `feed publish`, by
// scripts/build-test-databases.sh): the day-2 delta named in manifest.json installs over day 1
// through the verified delta path and rebuilds the published day-2 file exactly.
import Foundation
import XCTest
@testable import Ringfence

final class PublishedFeedTests: XCTestCase {
    func testTheDeltaFeedPublishWroteInstallsOverThePreviousVersion() throws {
        let manifest = try JSONSerialization.jsonObject(with: try FeedFixtures.bytes("published/manifest.json"))
        let delta = try XCTUnwrap((manifest as? [String: Any])?["delta"] as? [String: Any])
        let deltaName = try XCTUnwrap(delta["file"] as? String)
        XCTAssertEqual(deltaName, "ringfence-test-101-to-102.rfdelta")
        XCTAssertEqual(delta["from_version"] as? Int, 101)
        let s = try FeedFixtures.screener()
        let store = try temporaryStore()
        _ = try s.useStore(dir: store.path)
        XCTAssertEqual(try s.installDatabaseFile(path: FeedFixtures.path("published/ringfence-test-101.rfdb")).version, 101)
        let bytes = try FeedFixtures.bytes("published/\(deltaName)")
        let full = try FeedFixtures.bytes("published/ringfence-test-102.rfdb")
        XCTAssertLessThan(bytes.count, full.count / 2, "a day's delta is much smaller than the file")
        XCTAssertEqual(try s.installDatabaseDelta(feed: FeedFixtures.feed, delta: bytes).version, 102)
        let stored = try FileManager.default.contentsOfDirectory(atPath: store.path).filter { $0.hasSuffix(".rfdb") }
        XCTAssertEqual(stored.count, 1)
        XCTAssertEqual(try Data(contentsOf: store.appendingPathComponent(stored[0])), full, "the published day-2 file")
    }
}
