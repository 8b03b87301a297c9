// A feed published from people's reports (`ringfence feed aggregate`, then `feed publish`, by
// scripts/build-test-databases.sh): the day-2 delta named in manifest.json installs over day 1
// through the verified delta path and rebuilds the published day-2 file exactly; the library reads the
// manifest, plans the update and checks downloads against it (the HTTP side against nginx:
// RingfenceCallDirectoryTests/FeedManifestTests).
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

    func testTheLibraryReadsTheManifestPlansTheUpdateAndChecksTheDownloads() throws {
        let manifest = try parseFeedManifest(bytes: try FeedFixtures.bytes("published/manifest.json"))
        XCTAssertEqual(manifest.feed, FeedFixtures.feed)
        XCTAssertEqual(manifest.version, 102)
        guard case let .delta(delta, full) = planFeedUpdate(manifest: manifest, installedVersion: 101) else {
            return XCTFail("no delta from 101")
        }
        XCTAssertEqual(delta.fromVersion, 101)
        XCTAssertEqual(full, manifest.database)
        XCTAssertEqual(planFeedUpdate(manifest: manifest, installedVersion: nil), .full(full: manifest.database))
        XCTAssertEqual(planFeedUpdate(manifest: manifest, installedVersion: 102), .upToDate)
        let bytes = try FeedFixtures.bytes("published/\(delta.file.name)")
        XCTAssertNoThrow(try checkFeedDownload(file: delta.file, bytes: bytes))
        var flipped = bytes
        flipped[flipped.count / 2] ^= 1
        XCTAssertThrowsError(try checkFeedDownload(file: delta.file, bytes: flipped)) {
            guard case RingfenceError.InvalidManifest(kind: .checksumMismatch, _) = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try parseFeedManifest(bytes: Data("<html>503</html>".utf8))) {
            guard case RingfenceError.InvalidManifest(kind: .notAManifest, _) = $0 else { return XCTFail("\($0)") }
        }
        // applyDatabaseDelta: the verified delta path, answering the result without installing it.
        let s = try FeedFixtures.screener()
        _ = try s.installDatabaseFile(path: FeedFixtures.path("published/ringfence-test-101.rfdb"))
        XCTAssertEqual(try s.applyDatabaseDelta(feed: FeedFixtures.feed, delta: bytes), try FeedFixtures.bytes("published/ringfence-test-102.rfdb"))
        XCTAssertEqual(s.databases().map(\.version), [101], "nothing installed")
        XCTAssertThrowsError(try s.applyDatabaseDelta(feed: FeedFixtures.feed, delta: flipped))
    }
}
