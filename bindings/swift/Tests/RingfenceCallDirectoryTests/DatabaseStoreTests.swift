// Signed databases in the shared store, with the real signed fixtures (tests/vectors/databases/build,
// RINGFENCE_VECTORS_DIR) and the real library: the app's install path (verify with the pinned key,
// keep the file, publish) refuses what the library refuses and changes nothing then; the extension's
// load job re-opens the stored databases and feeds their entries.
import Foundation
import XCTest
import Ringfence
import RingfenceCallDirectory

final class DatabaseStoreTests: StoreDirectoryTestCase {
    // MARK: fixtures

    private func fixture(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> Data {
        guard let data = TestDatabases.data(name) else {
            XCTFail("missing build/\(name): run scripts/build-bindings.sh", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        return data
    }

    private func key(_ name: String) throws -> String {
        try TestDatabases.key(name)
    }

    private func store(keys: [String]? = nil) throws -> CallDirectoryStore {
        CallDirectoryStore(root: root, feedKeys: ["ringfence-test": try keys ?? [key("test-feed.public")]])
    }

    /// The kind of database rejection `body` throws (fails the test for anything else).
    private func rejection(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> DatabaseProblem? {
        do {
            try body()
            XCTFail("expected a rejection", file: file, line: line)
        } catch let RingfenceError.InvalidDatabase(kind, reason) {
            XCTAssertNil(reason.range(of: #"\d{5,}"#, options: .regularExpression), "no number in \(reason)",
                         file: file, line: line)
            return kind
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }

    private func files(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path)) ?? []).sorted()
    }

    private func check(_ s: Screener, _ number: String) -> Verdict {
        s.screen(call: IncomingCall(number: number, presentation: .allowed, verification: .notVerified))
    }

    // MARK: the app's side

    func testStoreAcceptsV1ThenV2AndPublishesEach() throws {
        let store = try store()
        try store.publish(rules: [Rule(pattern: "+4121555####", action: .block, category: .spam, label: "Mine")],
                          defaultRegion: "CH")
        let rulesFile = try store.desired().rulesFile

        let v1 = try store.installDatabase(try fixture("v1.rfdb"), expectedFeed: "ringfence-test")
        XCTAssertTrue(v1.changed)
        XCTAssertNil(v1.previous)
        XCTAssertEqual(v1.database.feed, "ringfence-test")
        XCTAssertEqual(v1.database.version, 1)
        XCTAssertEqual(v1.database.exactCount, 3)
        XCTAssertEqual(v1.database.rangeCount, 1)
        XCTAssertEqual(v1.database.checksum.count, 64)
        XCTAssertEqual(try store.desired(), v1.manifest)
        XCTAssertEqual(v1.manifest.generation, 2)
        XCTAssertEqual(v1.manifest.databases, [v1.database])
        XCTAssertEqual(v1.manifest.rulesFile, rulesFile, "rules stay as published")
        XCTAssertEqual(files("databases"), [v1.database.file])
        XCTAssertEqual(FileManager.default.contents(atPath: root.appendingPathComponent("databases/\(v1.database.file)").path),
                       try fixture("v1.rfdb"))
        XCTAssertEqual(files("incoming"), [], "the download was moved, not copied")

        let v2 = try store.installDatabase(try fixture("v2.rfdb"))
        XCTAssertTrue(v2.changed)
        XCTAssertEqual(v2.previous, v1.database)
        XCTAssertEqual(v2.manifest.databases.map(\.version), [2])
        XCTAssertEqual(v2.manifest.generation, 3)
        // v1's file stays while the previous generation may still be what the extension loads.
        XCTAssertEqual(Set(files("databases")), [v1.database.file, v2.database.file])

        // The same file again publishes nothing.
        let again = try store.installDatabase(try fixture("v2.rfdb"))
        XCTAssertFalse(again.changed)
        XCTAssertEqual(try store.desired().generation, 3)

        // Screeners made from the manifest use the database and the rules.
        let s = try store.makeScreener(for: try store.desired())
        XCTAssertEqual(s.databases().map(\.version), [2])
        XCTAssertEqual(check(s, "+41446681800").label, "Fake bank v2")
        XCTAssertEqual(check(s, "+41446681800").reasons.first, "feed_listed")
        XCTAssertEqual(check(s, "+41215551234").reasons.first, "user_block")
        XCTAssertEqual(try store.makeScreener(for: try store.desired(), databases: false).databases(), [])

        // Removing the feed publishes a generation without it.
        XCTAssertEqual(try store.removeDatabase(feed: "ringfence-test")?.databases, [])
        XCTAssertNil(try store.removeDatabase(feed: "ringfence-test"))
    }

    func testStoreRefusesTamperedForeignKeyAndDowngradeLeavingFilesAndManifestUnchanged() throws {
        let store = try store()
        try store.installDatabase(try fixture("v2.rfdb"))
        try store.writeStatus(CallDirectoryStatus(state: .loaded, generation: 1, updatedAt: Date(timeIntervalSince1970: 0)))
        let manifest = try store.desired()
        let status = try store.status()
        let stored = files("databases")
        let storedBytes = FileManager.default.contents(atPath: root.appendingPathComponent("databases/\(stored[0])").path)

        let v2 = try fixture("v2.rfdb")
        var tampered = v2
        tampered[tampered.count - 2] ^= 1
        let cases: [(String, Data, DatabaseProblem)] = [
            ("downgrade to v1", try fixture("v1.rfdb"), .downgrade),
            ("signed by another key", try fixture("other-key.rfdb"), .unknownKey),
            ("one bit flipped", tampered, .checksumMismatch),
            ("cut short", v2.prefix(100), .truncated),
            ("not a database", Data(repeating: 7, count: 4096), .notADatabase),
        ]
        for (what, data, problem) in cases {
            XCTAssertEqual(rejection { _ = try store.installDatabase(data) }, problem, what)
            XCTAssertEqual(try store.desired(), manifest, "\(what): manifest")
            XCTAssertEqual(try store.status(), status, "\(what): status")
            XCTAssertEqual(files("databases"), stored, "\(what): database files")
            XCTAssertEqual(FileManager.default.contents(atPath: root.appendingPathComponent("databases/\(stored[0])").path),
                           storedBytes, "\(what): the stored file")
            XCTAssertEqual(files("incoming"), [], "\(what): the download is gone")
        }
        XCTAssertThrowsError(try store.installDatabase(v2, expectedFeed: "ch-spam")) {
            XCTAssertEqual($0 as? CallDirectoryStoreError, .wrongFeed(expected: "ch-spam", found: "ringfence-test"))
        }
        XCTAssertEqual(try store.desired(), manifest)
        // A store that pins no key, or another one, trusts nothing signed by the test key.
        XCTAssertEqual(rejection { _ = try CallDirectoryStore(root: root).installDatabase(v2) }, .unknownKey)
        XCTAssertEqual(rejection { _ = try self.store(keys: [key("other.public")]).installDatabase(v2) }, .unknownKey)
        XCTAssertEqual(try store.desired(), manifest)
    }

    /// The downgrade check is the library's version floor (`floor/`), not the installed files: it holds
    /// when the installed file fails to load or is gone, and for a new store value (an app restart).
    func testADowngradeIsRefusedEvenWhenTheInstalledFileNoLongerLoads() throws {
        let v2 = try store().installDatabase(try fixture("v2.rfdb"))
        let installed = root.appendingPathComponent("databases/\(v2.database.file)")
        try Data(repeating: 0, count: 64).write(to: installed)  // damaged: no longer loads
        let manifest = try store().desired()
        let stored = files("databases")
        XCTAssertEqual(rejection { _ = try self.store().installDatabase(try self.fixture("v1.rfdb")) }, .downgrade)
        try FileManager.default.removeItem(at: installed)  // gone
        XCTAssertEqual(rejection { _ = try self.store().installDatabase(try self.fixture("v1.rfdb")) }, .downgrade)
        XCTAssertEqual(try store().desired(), manifest, "nothing published")
        XCTAssertEqual(files("databases"), stored.filter { $0 != v2.database.file })
        XCTAssertEqual(files("incoming"), [])
        XCTAssertEqual(files("floor"), ["version-floor"], "the library keeps only its floor there")
        // The genuine v2 (or newer) is still accepted.
        XCTAssertEqual(try store().installDatabase(try fixture("v2.rfdb")).database.version, 2)
    }

    // MARK: the extension's side

    /// Forwards to the fake directory and records the blocking additions in order of arrival.
    private final class RecordingSink: CallDirectorySink {
        let request: FakeRequest
        private(set) var addedBlocking: [Int64] = []
        init(_ request: FakeRequest) { self.request = request }
        var isIncremental: Bool { request.isIncremental }
        func addBlocking(_ number: Int64) { addedBlocking.append(number); request.addBlocking(number) }
        func addIdentification(_ number: Int64, label: String) { request.addIdentification(number, label: label) }
        func removeBlocking(_ number: Int64) { request.removeBlocking(number) }
        func removeIdentification(_ number: Int64) { request.removeIdentification(number) }
        func removeAllBlocking() { request.removeAllBlocking() }
        func removeAllIdentification() { request.removeAllIdentification() }
    }

    private func load(_ store: CallDirectoryStore, into directory: FakeCallDirectory, incremental: Bool,
                      file: StaticString = #filePath, line: UInt = #line) throws -> (CallDirectoryFeedReport, [Int64]) {
        let request = directory.request(incremental: incremental, chunkSize: 2)
        let sink = RecordingSink(request)
        let job = CallDirectoryLoadJob(store: store, feeder: CallDirectoryFeeder(chunkSize: 2, onChunk: request.chunkFed))
        var report = try job.run(into: sink)
        directory.commit(request, file: file, line: line)
        job.requestCompleted(expired: false)
        var added = sink.addedBlocking
        if report.deferred > 0 {
            // A split plan (numbers moving between blocking and identification): its second request,
            // as the app's reloader makes it.
            let (rest, more) = try load(store, into: directory, incremental: true, file: file, line: line)
            XCTAssertEqual(rest.mode, .deferred, file: file, line: line)
            XCTAssertEqual(rest.added, report.deferred, file: file, line: line)
            report.addedBlocking += rest.addedBlocking
            report.addedIdentification += rest.addedIdentification
            added = (added + more).sorted()
        }
        return (report, added)
    }

    /// The full load of a store with v1 installed holds v1's blocking numbers, in ascending order, next
    /// to the user's; the feed's allow entry and emergency numbers are never blocked. Then v2 arrives
    /// as an incremental plan. Needs `exportSnapshot` to include installed databases.
    func testFullLoadWithAnInstalledDatabaseContainsItsNumbersInAscendingOrder() throws {
        let store = try store()
        try store.publish(rules: [Rule(pattern: "+4121555000#", action: .block, category: .spam, label: nil)],
                          defaultRegion: "CH")
        try store.installDatabase(try fixture("v1.rfdb"))
        let directory = FakeCallDirectory()

        let (report, added) = try load(store, into: directory, incremental: false)
        XCTAssertEqual(report.mode, .full)
        XCTAssertEqual(added, added.sorted(), "ascending")
        XCTAssertEqual(Set(added).count, added.count, "no duplicates")
        XCTAssertTrue(added.contains(41_446_681_800), "v1.csv blocks +41446681800")
        XCTAssertTrue(added.contains(41_215_550_003), "the user's rule")
        XCTAssertFalse(added.contains(41_215_609_999), "v1 allows +41215609999")
        XCTAssertEqual(directory.identification[41_315_550_000], "Survey robot", "v1 labels +41315550000")
        XCTAssertEqual(try store.loaded()?.databases.map(\.version), [1])
        XCTAssertEqual(try store.status()?.state, .loaded)

        try store.installDatabase(try fixture("v2.rfdb"))
        let (plan, addedByPlan) = try load(store, into: directory, incremental: true)
        XCTAssertEqual(plan.mode, .incremental)
        XCTAssertEqual(addedByPlan, addedByPlan.sorted())
        XCTAssertTrue(addedByPlan.contains(41_446_681_801), "only v2 lists +41446681801")
        XCTAssertTrue(directory.blocking.contains(41_215_600_042), "v2 blocks the range")
        XCTAssertFalse(directory.blocking.contains(41_215_609_999), "v2 still allows +41215609999")
        XCTAssertNil(directory.identification[41_315_550_000], "v2 dropped the label")
        // What the directory holds is exactly the export of a screener with v2.
        let cursor = try store.makeScreener(for: try store.desired()).exportSnapshot().blockingEntries()
        var expected: [Int64] = []
        while case let chunk = cursor.nextNumbers(max: 1_000), !chunk.isEmpty { expected += chunk }
        XCTAssertEqual(directory.sortedBlocking, expected)
    }

    func testTheJobFailsWhenAStoredDatabaseNoLongerLoads() throws {
        try store().installDatabase(try fixture("v1.rfdb"))
        let directory = FakeCallDirectory()

        // The extension pins other keys than the app did: refused, recorded, nothing fed.
        let other = try store(keys: [key("other.public")])
        XCTAssertEqual(rejection { _ = try CallDirectoryLoadJob(store: other).run(into: directory.request(incremental: false, chunkSize: 10)) },
                       .unknownKey)
        let status = try XCTUnwrap(other.status())
        XCTAssertEqual(status.state, .failed)
        XCTAssertNil(status.error?.range(of: #"\d{5,}"#, options: .regularExpression), status.error ?? "")
        XCTAssertNil(try other.loaded())

        // A database file that vanished.
        let file = try XCTUnwrap(store().desired().databases.first?.file)
        try FileManager.default.removeItem(at: root.appendingPathComponent("databases/\(file)"))
        XCTAssertThrowsError(try CallDirectoryLoadJob(store: try store()).run(into: directory.request(incremental: false, chunkSize: 10))) {
            XCTAssertEqual($0 as? CallDirectoryStoreError, .missingFile("databases/\(file)"))
        }
    }
}
