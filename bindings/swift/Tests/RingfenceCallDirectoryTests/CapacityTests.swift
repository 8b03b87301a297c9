// Capacity: the budget the feeder exports snapshots within (the user's rules, then the highest-scored
// feed entries), and loads larger than the system takes in one request, staged over several against
// the fake Call Directory's per-request cap: each accepted stage is recorded, a refused one changes
// nothing and the retry, smaller, continues from the last accepted stage — no duplicates, no gaps.
import Foundation
import XCTest
import Ringfence
import RingfenceCallDirectory

final class CapacityTests: StoreDirectoryTestCase {
    struct Failure: Error { let kind: CallDirectoryReloadFailure }

    private func rules(_ rows: [(String, Action, String?)]) -> [Rule] {
        rows.map { Rule(pattern: $0.0, action: $0.1, category: .spam, label: $0.2) }
    }

    /// Every blocking number and identification entry of `snapshot`.
    private func entries(_ snapshot: CallDirectorySnapshot) -> ([Int64], [Int64: String]) {
        var blocking: [Int64] = [], identification: [Int64: String] = [:]
        let numbers = snapshot.blockingEntries(), labels = snapshot.identificationEntries()
        while case let chunk = numbers.nextNumbers(max: 10_000), !chunk.isEmpty { blocking += chunk }
        while case let chunk = labels.nextIdentification(max: 10_000), !chunk.isEmpty {
            chunk.forEach { identification[$0.number] = $0.label }
        }
        return (blocking, identification)
    }

    private func scoredStore() throws -> CallDirectoryStore {
        let store = CallDirectoryStore(root: root, feedKeys: ["ringfence-test": [try TestDatabases.key("test-feed.public")]])
        let data = try XCTUnwrap(TestDatabases.data("scored.rfdb"), "missing build/scored.rfdb: run scripts/build-bindings.sh")
        try store.installDatabase(data)
        try store.editRules { try $0.addRules(rules: self.rules([("+41791234567", .block, nil)])) }
        return store
    }

    // MARK: the budget

    func testTheBudgetKeepsTheUserRulesThenTheHighestScores() throws {
        let store = try scoredStore()
        let snapshot = try store.makeScreener(for: try store.desired()).exportSnapshot()
        let (all, allLabels) = entries(snapshot)
        XCTAssertEqual(all.count + allLabels.count, 1 + 1 + 999 + 2, "user rule, fake bank, the range less its hole, two labels")
        XCTAssertEqual(snapshot.skipped().overBudget, 0)

        let three = snapshot.withBudget(budget: 3)
        let (blocking, labels) = entries(three)
        XCTAssertEqual(blocking, [41_446_681_800, 41_791_234_567], "the user's rule, then score 90")
        XCTAssertEqual(labels, [41_315_550_000: "Survey robot"], "then score 40; the range (3) and score 0 stay out")
        XCTAssertEqual(three.skipped().overBudget, 1_000)
        XCTAssertEqual(entries(snapshot.withBudget(budget: 1_002)).0.count, 1_001, "the range fits; score 0 does not")
        XCTAssertEqual(entries(snapshot.withBudget(budget: 0)).0, [])
    }

    func testTheJobLoadsWithinTheFeedersBudgetAndResetsWhenItChanges() throws {
        let store = try scoredStore()
        let directory = FakeCallDirectory()
        func load(budget: UInt64?) throws -> CallDirectoryFeedReport {
            let request = directory.request(incremental: true, chunkSize: 100)
            let job = CallDirectoryLoadJob(
                store: store, feeder: CallDirectoryFeeder(chunkSize: 100, budget: budget, onChunk: request.chunkFed))
            let report = try job.run(into: request)
            directory.commit(request)
            job.requestCompleted(expired: false)
            return report
        }
        XCTAssertEqual(try load(budget: 3).added, 3)
        XCTAssertEqual(directory.sortedBlocking, [41_446_681_800, 41_791_234_567])
        XCTAssertEqual(try store.loaded()?.loadedBudget, 3)
        try store.editRules { try $0.addRules(rules: self.rules([("+41791234568", .block, nil)])) }
        let same = try load(budget: 3)
        XCTAssertEqual(same.mode, .incremental)
        XCTAssertEqual(directory.sortedBlocking, [41_446_681_800, 41_791_234_567, 41_791_234_568],
                       "a second user rule pushes score 40 out")
        XCTAssertEqual(directory.identification, [:])
        let wider = try load(budget: nil)
        XCTAssertEqual(wider.mode, .reset, "what is loaded was exported within another budget")
        XCTAssertEqual(directory.blocking.count + directory.identification.count, 1_004)
    }

    // MARK: staged loads

    func testTheFeederStagesALoadAndEachRequestContinuesWhereTheLastStopped() throws {
        let store = CallDirectoryStore(root: root)
        try store.publish(rules: rules([("+4121560###", .block, nil), ("+4131555##", .label, "Survey")]))
        let snapshot = try store.makeScreener(for: try store.desired()).exportSnapshot()
        let (blocking, labels) = entries(snapshot)
        let directory = FakeCallDirectory()
        var position: CallDirectoryPosition?
        var requests = 0
        repeat {
            let request = directory.request(incremental: position != nil, chunkSize: 40)
            let feeder = CallDirectoryFeeder(chunkSize: 40, loadSize: 333, onChunk: request.chunkFed)
            let report = try feeder.feed(.full(snapshot), into: request, after: position)
            XCTAssertEqual(report.resumedAfter, position)
            XCTAssertLessThanOrEqual(report.added, 333)
            directory.commit(request)
            position = report.stoppedAfter
            requests += 1
        } while position != nil
        XCTAssertEqual(requests, 4, "1,100 entries, 333 at a time")
        XCTAssertEqual(directory.sortedBlocking, blocking)
        XCTAssertEqual(directory.identification, labels)
    }

    /// The app's reload loop against a system that takes at most `cap` additions per request.
    final class System: @unchecked Sendable {
        let store: CallDirectoryStore
        let directory = FakeCallDirectory()
        var reports: [CallDirectoryFeedReport] = []
        var accepted: [Bool] = []
        /// Runs before each request (its number, from 1), e.g. to change the cap.
        var beforeRequest: ((Int) throws -> Void)?

        init(store: CallDirectoryStore, cap: Int) {
            self.store = store
            directory.maxAdditionsPerRequest = cap
        }

        func reload() throws {
            try beforeRequest?(reports.count + 1)
            let request = directory.request(incremental: true, chunkSize: 250)
            let job = CallDirectoryLoadJob(store: store, feeder: CallDirectoryFeeder(chunkSize: 250, onChunk: request.chunkFed))
            reports.append(try job.run(into: request))
            accepted.append(directory.commitUnlessTooLarge(request))
            guard accepted.last == true else {
                let failure = Failure(kind: .tooLarge)
                job.requestFailed(failure, as: .tooLarge)  // the extension's delegate, when it runs
                throw failure
            }
            job.requestCompleted(expired: false)
        }

        func run() async -> CallDirectoryReloadOutcome {
            await CallDirectoryReloader(store: store, maxRequests: 20, minimumLoadSize: 500).reload(
                { try self.reload() }, classify: { ($0 as? Failure)?.kind ?? .unknown })
        }
    }

    private func expectDesiredLoaded(_ system: System, file: StaticString = #filePath, line: UInt = #line) throws {
        let desired = try system.store.desired()
        XCTAssertEqual(try system.store.loaded()?.generation, desired.generation, file: file, line: line)
        XCTAssertNil(try system.store.loadProgress(), file: file, line: line)
        let (blocking, labels) = entries(try system.store.makeScreener(for: desired).exportSnapshot())
        XCTAssertEqual(system.directory.sortedBlocking, blocking, file: file, line: line)
        XCTAssertEqual(system.directory.identification, labels, file: file, line: line)
        XCTAssertFalse(try system.store.owesAnotherRequest(), file: file, line: line)
    }

    func testALoadTooLargeForTheSystemBacksOffAndResumesFromTheLastAcceptedStage() async throws {
        let store = CallDirectoryStore(root: root)
        try store.publish(rules: rules([("+4121560####", .block, nil), ("+4131555####", .label, "Survey")]))
        let system = System(store: store, cap: 6_000)
        var recorded: [CallDirectoryPosition?] = []
        system.beforeRequest = { n in
            recorded.append(try store.loadProgress()?.position)
            if n == 5 { system.directory.maxAdditionsPerRequest = 3_000 }  // the device has less memory now
        }
        let outcome = await system.run()
        XCTAssertNil(outcome.failure)
        try expectDesiredLoaded(system)
        // 20,000 entries: refused whole, refused at 10,000, then stages of 5,000; the fifth request
        // is refused too (3,000 at most now), so stages of 2,500 continue from the fourth's end.
        XCTAssertEqual(system.accepted, [false, false, true, true, false, true, true, true, true])
        XCTAssertEqual(system.reports.map(\.added), [20_000, 10_000, 5_000, 5_000, 5_000, 2_500, 2_500, 2_500, 2_500])
        XCTAssertEqual(system.reports[2].mode, .reset)
        XCTAssertEqual(try store.loadSize(), 2_500)
        for (i, report) in system.reports.enumerated() {
            XCTAssertEqual(report.resumedAfter, recorded[i], "request \(i + 1) continues where the store says")
        }
        XCTAssertEqual(recorded[4], recorded[5], "the refused request recorded nothing")
        XCTAssertEqual(recorded[5], CallDirectoryPosition(phase: .addBlocking, last: 41_215_609_999))
        XCTAssertEqual(system.directory.blocking.count, 10_000)
    }

    func testAStagedPlanHoldsRemovalsAndRelabelsToItsFirstAndLastRequests() async throws {
        let store = CallDirectoryStore(root: root)
        try store.publish(rules: rules([("+41215600###", .block, nil), ("+41215600000", .allow, nil),
                                        ("+41315550000", .label, "Pizza Roma")]))
        let system = System(store: store, cap: 700)
        let first = await system.run()
        XCTAssertNil(first.failure)
        XCTAssertEqual(system.accepted, [false, true, true], "1,000 entries: refused, then two stages of 500")
        try expectDesiredLoaded(system)

        try store.publish(rules: rules([("+4121561###", .block, nil), ("+41315550000", .label, "Pizza Napoli")]))
        system.reports = []
        system.accepted = []
        let second = await system.run()
        XCTAssertNil(second.failure)
        XCTAssertEqual(system.reports.map(\.mode), [.incremental, .incremental, .deferred])
        XCTAssertEqual(system.reports.map(\.removedBlocking), [999, 0, 0], "removals in the first stage only")
        XCTAssertEqual(system.reports.map(\.added), [500, 500, 1], "the relabel comes last, after the stages")
        XCTAssertEqual(system.reports.map(\.deferred), [0, 1, 0], "held back once, counted once")
        XCTAssertEqual(system.directory.identification[41_315_550_000], "Pizza Napoli")
        XCTAssertEqual(system.accepted, [true, true, true])
        try expectDesiredLoaded(system)
    }
}
