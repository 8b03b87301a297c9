// The extension's whole request cycle without CallKit: the app publishes generations into the
// shared store, the job feeds them (full, incremental, reset), and only accepted requests move
// `loaded.json` forward. Also: the feeder's own checks and the rules CSV round trip.
import Foundation
import XCTest
import Ringfence
import RingfenceCallDirectory

final class LoadJobTests: StoreDirectoryTestCase {
    private func rules(_ rows: [(String, Action, String?)]) -> [Rule] {
        rows.map { Rule(pattern: $0.0, action: $0.1, category: .spam, label: $0.2) }
    }

    /// Runs one request like the extension does; `systemFails` simulates requestFailed.
    @discardableResult
    private func request(
        _ store: CallDirectoryStore, _ directory: FakeCallDirectory, incremental: Bool, systemFails: Bool = false,
        chunkSize: UInt32 = 100, file: StaticString = #filePath, line: UInt = #line
    ) throws -> CallDirectoryFeedReport {
        let req = directory.request(incremental: incremental, chunkSize: chunkSize)
        let job = CallDirectoryLoadJob(store: store, feeder: CallDirectoryFeeder(chunkSize: chunkSize, onChunk: req.chunkFed))
        var report = try job.run(into: req)
        XCTAssertEqual(try store.status()?.state, .fed, file: file, line: line)
        if systemFails {
            job.requestFailed(NSError(domain: "com.apple.CallKit.error.calldirectorymanager", code: 7))
        } else {
            directory.commit(req, file: file, line: line)
            job.requestCompleted(expired: false)
            if report.deferred > 0 {
                // A split plan: its second request, as the app's reloader makes it (owesAnotherRequest).
                XCTAssertTrue(try store.owesAnotherRequest(), file: file, line: line)
                let rest = try request(store, directory, incremental: true, chunkSize: chunkSize, file: file, line: line)
                XCTAssertEqual(rest.mode, .deferred, file: file, line: line)
                XCTAssertEqual(rest.added, report.deferred, file: file, line: line)
                report.addedBlocking += rest.addedBlocking
                report.addedIdentification += rest.addedIdentification
            }
            XCTAssertFalse(try store.owesAnotherRequest(), file: file, line: line)
        }
        return report
    }

    private func expectDirectory(_ directory: FakeCallDirectory, holds store: CallDirectoryStore,
                                 file: StaticString = #filePath, line: UInt = #line) throws {
        let snapshot = try store.makeScreener(for: try store.desired()).exportSnapshot()
        var blocking: [Int64] = []
        let cursor = snapshot.blockingEntries()
        while case let chunk = cursor.nextNumbers(max: 10_000), !chunk.isEmpty { blocking += chunk }
        XCTAssertEqual(directory.sortedBlocking, blocking, file: file, line: line)
    }

    func testGenerationsLoadFullThenIncrementallyAndOnlyAcceptedOnesCount() throws {
        let store = CallDirectoryStore(root: root)
        let directory = FakeCallDirectory()
        XCTAssertEqual(try store.desired(), .empty)

        // Nothing published yet: an empty full load succeeds.
        var report = try request(store, directory, incremental: false)
        XCTAssertEqual(report.mode, .full)
        XCTAssertEqual(report.added, 0)

        try store.publish(rules: rules([("+4121560####", .block, "Spam"), ("+41215601111", .allow, nil)]),
                          defaultRegion: "CH")
        report = try request(store, directory, incremental: true)
        XCTAssertEqual(report.mode, .incremental)
        XCTAssertEqual(report.addedBlocking, 9_999)
        XCTAssertEqual(try store.loaded()?.generation, 1)
        XCTAssertEqual(try store.loaded()?.loadedBy, ringfenceVersion())
        XCTAssertEqual(try store.status()?.state, .loaded)
        try expectDirectory(directory, holds: store)

        try store.publish(rules: rules([("+4121560####", .block, "Spam"), ("+41215602222", .allow, nil),
                                        ("+41215601234", .label, "Pizza")]))
        report = try request(store, directory, incremental: true)
        XCTAssertEqual(report.mode, .incremental)
        XCTAssertEqual(report.removedBlocking, 2)        // 2222 allowed, 1234 now labelled
        XCTAssertEqual(report.addedBlocking, 1)          // 1111 no longer allowed
        XCTAssertEqual(report.addedIdentification, 1)
        try expectDirectory(directory, holds: store)

        // The system rejects the next request: it keeps gen 2, and we no longer trust loaded.json.
        try store.publish(rules: rules([("+4121561####", .block, nil)]))
        try request(store, directory, incremental: true, systemFails: true)
        XCTAssertNil(try store.loaded())
        XCTAssertEqual(try store.status()?.state, .failed)
        XCTAssertEqual(directory.blocking.count, 9_998, "the system kept what it had")

        // So the retry removes everything and loads gen 3 in full.
        report = try request(store, directory, incremental: true)
        XCTAssertEqual(report.mode, .reset)
        XCTAssertEqual(report.addedBlocking, 10_000)
        try expectDirectory(directory, holds: store)
        XCTAssertEqual(try store.loaded()?.generation, 3)
    }

    func testLoadedByAnotherLibraryVersionResets() throws {
        let store = CallDirectoryStore(root: root)
        let directory = FakeCallDirectory()
        try store.publish(rules: rules([("+4121560###", .block, nil)]))
        try request(store, directory, incremental: false)
        try store.markLoaded(try XCTUnwrap(store.loaded()), by: "0.0.0-older")
        try store.publish(rules: rules([("+4121560###", .block, nil), ("+41215600001", .allow, nil)]))
        let report = try request(store, directory, incremental: true)
        XCTAssertEqual(report.mode, .reset, "export semantics may differ between versions")
        try expectDirectory(directory, holds: store)
    }

    func testFailedRunKeepsLoadedAndRecordsAnErrorWithoutNumbers() throws {
        let store = CallDirectoryStore(root: root)
        let directory = FakeCallDirectory()
        try store.publish(rules: rules([("+4121560###", .block, nil)]))
        try request(store, directory, incremental: false)
        try store.publish(rules: rules([("+4121560####", .block, nil)]))
        let req = directory.request(incremental: true, chunkSize: 100)
        let job = CallDirectoryLoadJob(store: store, feeder: CallDirectoryFeeder(chunkSize: 100, maxAdditions: 5_000))
        XCTAssertThrowsError(try job.run(into: req))
        XCTAssertEqual(try store.loaded()?.generation, 1, "a cancelled request changes nothing")
        let status = try XCTUnwrap(store.status())
        XCTAssertEqual(status.state, .failed)
        XCTAssertEqual(status.generation, 2)
        XCTAssertEqual(status.error, "more than 5000 entries to add")
    }

    func testBrokenRuleFilesFailTheRun() throws {
        let store = CallDirectoryStore(root: root)
        let directory = FakeCallDirectory()
        // Rules the library rejects are an error, not a silently smaller directory.
        let rulesDir = root.appendingPathComponent("rules")
        try store.publish(rules: rules([("+4121560###", .block, nil)]), databases: [])
        let file = try XCTUnwrap(store.desired().rulesFile)
        try "pattern,action,category,label\n+4121560###,block,spam,\n+41#1,block,spam,\n"
            .write(to: rulesDir.appendingPathComponent(file), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CallDirectoryLoadJob(store: store).run(into: directory.request(incremental: false, chunkSize: 1))) {
            XCTAssertEqual($0 as? CallDirectoryStoreError, .rulesRejected(1))
        }
    }

    func testPublishKeepsOnlyFilesStillNamed() throws {
        let store = CallDirectoryStore(root: root)
        let directory = FakeCallDirectory()
        try store.publish(rules: rules([("+4121560###", .block, nil)]))  // gen 1
        try request(store, directory, incremental: false)                // loaded = 1
        for n in 2...5 { try store.publish(rules: rules([("+412156\(n)###", .block, nil)])) }
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("rules").path).sorted()
        XCTAssertEqual(files, ["1.csv", "4.csv", "5.csv"], "loaded, previous and desired")
        try store.publish(rules: [])
        XCTAssertNil(try store.desired().rulesFile)
        XCTAssertNil(try store.rulesCSV(of: store.desired()))
    }

    func testRulesCSVRoundTripsThroughTheImporter() throws {
        let original: [Rule] = [
            Rule(pattern: "+4121560####", action: .block, category: .spam, label: "Spam, \"quoted\" range"),
            Rule(pattern: "+41215601111", action: .allow, category: .userList, label: nil),
            Rule(pattern: "+41215601234", action: .label, category: .premiumRate, label: " Pizza, Roma "),
            Rule(pattern: "+41215609###", action: .silence, category: .telemarketing, label: "Call centre"),
        ]
        let s = try Screener(config: ScreenerConfig(language: .en))
        try s.addRules(rules: original)
        let csv = RuleCSV.encode(s.rules())
        let back = try Screener(config: ScreenerConfig(language: .en))
        let report = try back.importRulesCsv(csv: csv)
        XCTAssertEqual(report.rejected, [])
        XCTAssertEqual(back.rules(), s.rules())
        XCTAssertEqual(back.rules().first { $0.pattern == "+41215601234" }?.label, "Pizza, Roma")
        // A line break (which Screener never stores) cannot split a row.
        let broken = RuleCSV.encode([Rule(pattern: "+41215601234", action: .label, category: nil, label: "Line\nbreak")])
        XCTAssertEqual(broken, "pattern,action,category,label\n+41215601234,label,,Line break\n")
        for category in [Category.none, .emergency, .userList, .spam, .scam, .telemarketing, .robocall,
                         .impersonation, .wangiri, .premiumRate, .spoofed, .suspicious, .other] {
            let one = try Screener(config: ScreenerConfig(language: .en))
            let r = try one.importRulesCsv(csv: RuleCSV.encode([Rule(pattern: "+41215600000", action: .block,
                                                                    category: category, label: nil)]))
            XCTAssertEqual(r.accepted, 1, RuleCSV.code(category))
            XCTAssertEqual(one.rules().first?.category, category)
        }
    }

    func testScopedRulesKeepTheirLineAndScheduleThroughRulesCSV() throws {
        let s = try Screener(config: ScreenerConfig(language: .en))
        try s.addRules(rules: [
            Rule(pattern: "+41215601234", action: .block, category: .spam, label: nil, line: "sim-2",
                 schedule: "mon-fri 09:00-17:00"),
            Rule(pattern: "regex:^\\+4121560", action: .silence, category: nil, label: "Range, regex"),
        ])
        let csv = RuleCSV.encode(s.rules())
        XCTAssertTrue(csv.hasPrefix(RuleCSV.scopedHeader + "\n"), csv)
        let back = try Screener(config: ScreenerConfig(language: .en))
        XCTAssertEqual(try back.importRulesCsv(csv: csv).rejected, [])
        XCTAssertEqual(back.rules(), s.rules())
    }

    // MARK: the feeder's own checks, with streams that break the rules

    private final class NullSink: CallDirectorySink {
        let isIncremental: Bool
        var sent = 0
        init(incremental: Bool = false) { isIncremental = incremental }
        func addBlocking(_ number: Int64) { sent += 1 }
        func addIdentification(_ number: Int64, label: String) { sent += 1 }
        func removeBlocking(_ number: Int64) { sent += 1 }
        func removeIdentification(_ number: Int64) { sent += 1 }
        func removeAllBlocking() {}
        func removeAllIdentification() {}
    }

    private func feedError(_ blocking: [Int64], chunk: UInt32 = 2) -> (CallDirectoryFeedError?, Int) {
        let sink = NullSink()
        do {
            try CallDirectoryFeeder(chunkSize: chunk).feed(.full(blocking: .array(blocking), identification: .empty),
                                                          into: sink)
            return (nil, sink.sent)
        } catch {
            return (error as? CallDirectoryFeedError, sink.sent)
        }
    }

    func testFeederRejectsWhatCallKitWouldAndSendsNothingOfABadChunk() {
        XCTAssertEqual(feedError([1, 2, 3, 4]).0, nil)
        XCTAssertEqual(feedError([1, 2, 3, 2]).0, .outOfOrder(.addBlocking))
        XCTAssertEqual(feedError([1, 2, 3, 2]).1, 2, "the bad chunk was not sent")
        XCTAssertEqual(feedError([1, 2, 2, 3]).0, .duplicate(.addBlocking))
        XCTAssertEqual(feedError([0]).0, .invalidNumber(.addBlocking))
        XCTAssertEqual(feedError([1_000_000_000_000_000]).0, .invalidNumber(.addBlocking))
        let greedy = CallDirectoryStream<Int64> { _ in [1, 2, 3] }
        XCTAssertThrowsError(try CallDirectoryFeeder(chunkSize: 2).feed(.full(blocking: greedy, identification: .empty),
                                                                       into: NullSink())) {
            XCTAssertEqual($0 as? CallDirectoryFeedError, .oversizedChunk(.addBlocking))
        }
        XCTAssertFalse("\(CallDirectoryFeedError.outOfOrder(.removeIdentification))".contains(where: \.isNumber))
    }

    func testStatusAndManifestsAreReadableJSON() throws {
        let store = CallDirectoryStore(root: root)
        try store.publish(rules: rules([("+4121560###", .block, nil)]), language: "it", defaultRegion: "CH")
        let json = try String(contentsOf: root.appendingPathComponent("desired.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("\"language\" : \"it\""), json)
        XCTAssertEqual(try CallDirectoryStore.language("IT"), .it)
        for language in [Language.en, .it] {
            XCTAssertEqual(try CallDirectoryStore.language(CallDirectoryStore.code(language)), language)
        }
        XCTAssertThrowsError(try CallDirectoryStore.language("xx"))
        let s = try store.makeScreener(for: try store.desired())
        XCTAssertEqual(s.rules().count, 1)
    }
}
