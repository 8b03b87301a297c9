// The store's manifest updates (CallDirectoryStore.updateFeed) over URLSession against a real nginx,
// started on the host by scripts/test-swift.sh (RINGFENCE_FEED_URL, logs in RINGFENCE_FEED_LOGS),
// serving what `ringfence feed publish` wrote for day 1 and day 2 in variants
// (tests/vectors/databases/build/published/www: day1, day2, bad-sha, bad-signature, all-bad, html;
// see scripts/build-test-databases.sh).
import Foundation
import Ringfence
import XCTest

@testable import RingfenceCallDirectory

final class FeedManifestTests: StoreDirectoryTestCase {
    private let feed = "ringfence-test"

    private func server() throws -> URL {
        guard let url = ProcessInfo.processInfo.environment["RINGFENCE_FEED_URL"].flatMap(URL.init(string:)) else {
            XCTFail("RINGFENCE_FEED_URL is not set: run through scripts/test-swift.sh (it starts nginx)")
            throw CocoaError(.featureUnsupported)
        }
        return url
    }

    /// The paths nginx was asked for so far, in order.
    private func requests() -> [String] {
        let logs = ProcessInfo.processInfo.environment["RINGFENCE_FEED_LOGS"] ?? "/nonexistent"
        let text = (try? String(contentsOfFile: "\(logs)/access.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    private func published(_ name: String) throws -> Data {
        try XCTUnwrap(TestDatabases.data("published/\(name)"), "run scripts/build-bindings.sh")
    }

    private func store(_ name: String = "store") throws -> CallDirectoryStore {
        CallDirectoryStore(root: root.appendingPathComponent(name), feedKeys: [feed: [try TestDatabases.key("test-feed.public")]])
    }

    /// Updates `store` from variant `variant`'s manifest; what it did and the paths it requested.
    private func update(_ store: CallDirectoryStore, _ variant: String) async throws -> (FeedManifestUpdate, [String]) {
        let before = requests().count
        let url = try server().appendingPathComponent("\(variant)/manifest.json")
        let result = try await store.updateFeed(manifest: url, plainHTTPHosts: ["127.0.0.1"])
        return (result, Array(requests().dropFirst(before)))
    }

    /// The installed file's bytes.
    private func installed(_ store: CallDirectoryStore) throws -> Data {
        let db = try XCTUnwrap(try store.desired().databases.first { $0.feed == feed })
        return try Data(contentsOf: store.root.appendingPathComponent("databases/\(db.file)"))
    }

    /// A store with day 1 installed from its manifest: the manifest and the database fetched.
    private func dayOne(_ name: String = "store") async throws -> CallDirectoryStore {
        let store = try store(name)
        let (result, fetched) = try await update(store, "day1")
        guard case let .full(installation, deltaRefused) = result else { throw XCTSkip("day 1: \(result)") }
        XCTAssertEqual(installation.database.version, 101)
        XCTAssertNil(deltaRefused, "no delta offered")
        XCTAssertEqual(fetched, ["/day1/manifest.json", "/day1/ringfence-test-101.rfdb"])
        XCTAssertEqual(try installed(store), try published("ringfence-test-101.rfdb"))
        return store
    }

    func testDayTwoInstallsThroughTheDeltaAndAnUpToDateManifestFetchesNothingMore() async throws {
        let store = try await dayOne()
        let (result, fetched) = try await update(store, "day2")
        guard case let .delta(installation) = result else { return XCTFail("not through the delta: \(result)") }
        XCTAssertEqual(fetched, ["/day2/manifest.json", "/day2/ringfence-test-101-to-102.rfdelta"], "the delta, not the database")
        XCTAssertEqual(installation.database.version, 102)
        XCTAssertEqual(installation.previous?.version, 101)
        XCTAssertEqual(try installed(store), try published("ringfence-test-102.rfdb"), "day 2, rebuilt exactly")
        XCTAssertEqual(try store.desired().databases.map(\.version), [102])

        let manifest = try store.desired()
        let (again, fetchedAgain) = try await update(store, "day2")
        XCTAssertEqual(again, .upToDate(manifest.databases.first))
        XCTAssertEqual(fetchedAgain, ["/day2/manifest.json"], "only the manifest")
        XCTAssertEqual(try store.desired(), manifest, "nothing published")
    }

    func testADeltaThatFailsTheTransportCheckOrTheSignatureFallsBackToTheFullDatabase() async throws {
        for (variant, refusal) in [("bad-sha", "checksumMismatch"), ("bad-signature", "InvalidDatabase")] {
            let store = try await dayOne(variant)
            let (result, fetched) = try await update(store, variant)
            guard case let .full(installation, deltaRefused) = result else { return XCTFail("\(variant): \(result)") }
            XCTAssertEqual(fetched, ["manifest.json", "ringfence-test-101-to-102.rfdelta", "ringfence-test-102.rfdb"].map { "/\(variant)/\($0)" })
            XCTAssertEqual(installation.database.version, 102, variant)
            let reason = try XCTUnwrap(deltaRefused, variant)
            XCTAssertTrue(reason.contains(refusal), "\(variant): \(reason)")
            XCTAssertEqual(try installed(store), try published("ringfence-test-102.rfdb"), variant)
        }
    }

    func testWithNothingGoodToFallBackToOrNoManifestTheInstalledFeedStays() async throws {
        let store = try await dayOne()
        let manifest = try store.desired()
        let files = try FileManager.default.contentsOfDirectory(atPath: store.root.appendingPathComponent("databases").path)
        for (variant, expected) in [("all-bad", "checksumMismatch"), ("html", "notAManifest"), ("missing", "HTTP 404")] {
            do {
                let (result, _) = try await update(store, variant)
                XCTFail("\(variant): \(result)")
            } catch {
                XCTAssertTrue("\(error)".contains(expected), "\(variant): \(error)")
            }
            XCTAssertEqual(try store.desired(), manifest, "\(variant): nothing published")
            XCTAssertEqual(try installed(store), try published("ringfence-test-101.rfdb"), variant)
            let now = try FileManager.default.contentsOfDirectory(atPath: store.root.appendingPathComponent("databases").path)
            XCTAssertEqual(now.sorted(), files.sorted(), "\(variant): no file kept")
        }
        // Plain HTTP to any other host is refused before connecting.
        do {
            _ = try await store.updateFeed(manifest: try server().appendingPathComponent("day2/manifest.json"))
            XCTFail("plain HTTP accepted")
        } catch {
            XCTAssertEqual(error as? CallDirectoryStoreError, .notHTTPS)
        }
        // A delta with no installed base is refused by the library and changes nothing.
        let empty = try self.store("empty")
        XCTAssertThrowsError(try empty.installDatabaseDelta(try published("ringfence-test-101-to-102.rfdelta"), feed: feed)) {
            guard case RingfenceError.InvalidDatabase(kind: .deltaBaseMismatch, _) = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try empty.desired().databases, [])
    }
}
