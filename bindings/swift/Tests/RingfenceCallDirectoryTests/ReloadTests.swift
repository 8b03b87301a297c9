// The app's reload loop (CallDirectoryReloader) against a scripted system: each reloadExtension call
// runs the extension's job into the fake Call Directory and then accepts, interrupts, rejects or
// fails the request as scripted. What the app clears before retrying decides what the retry sends.
import Foundation
import XCTest
import Ringfence
import RingfenceCallDirectory

final class ReloadTests: StoreDirectoryTestCase {
    struct Failure: Error { let kind: CallDirectoryReloadFailure }

    enum Step {
        /// The extension feeds the request and the system accepts it.
        case accept
        /// The extension is killed after feeding (memory, time): nothing of its failure path runs.
        case interrupt
        /// The system refuses the entries; the extension's `requestFailed` has not run (yet).
        case reject
        /// The call fails with `kind` before the extension runs.
        case fail(CallDirectoryReloadFailure)
    }

    /// The system side of `reloadExtension`, one request per call (the reloader makes them one at a time).
    final class System: @unchecked Sendable {
        let store: CallDirectoryStore
        let directory = FakeCallDirectory()
        var script: [Step] = []
        var reports: [CallDirectoryFeedReport] = []
        var sleeps: [UInt64] = []
        /// Runs before each request's job (to look at, or tamper with, the store), with the number of
        /// the call (counted from the System's creation, `loadedStore`'s load included).
        var beforeRequest: ((Int) throws -> Void)?
        private var calls = 0

        init(store: CallDirectoryStore) { self.store = store }

        func reload() throws {
            calls += 1
            let step = script.isEmpty ? .accept : script.removeFirst()
            if case let .fail(kind) = step { throw Failure(kind: kind) }
            try beforeRequest?(calls)
            let request = directory.request(incremental: true, chunkSize: 100)
            let job = CallDirectoryLoadJob(store: store, feeder: CallDirectoryFeeder(chunkSize: 100, onChunk: request.chunkFed))
            let report = try job.run(into: request)
            reports.append(report)
            switch step {
            case .accept:
                directory.commit(request)
                job.requestCompleted(expired: false)
            case .interrupt:
                throw Failure(kind: .interrupted)
            case .reject:
                throw Failure(kind: .rejected)
            case .fail:
                break
            }
        }
    }

    private func run(_ system: System, _ reloader: CallDirectoryReloader? = nil) async -> CallDirectoryReloadOutcome {
        await (reloader ?? CallDirectoryReloader(store: system.store)).reload(
            { try system.reload() },
            classify: { ($0 as? Failure)?.kind ?? .unknown },
            sleep: { system.sleeps.append($0) }
        )
    }

    private func rules(_ rows: [(String, Action, String?)]) -> [Rule] {
        rows.map { Rule(pattern: $0.0, action: $0.1, category: .spam, label: $0.2) }
    }

    /// A store with generation 1 loaded (accepted) and generation 2 published.
    private func loadedStore() async throws -> System {
        let system = System(store: CallDirectoryStore(root: root))
        try system.store.publish(rules: rules([("+4121560###", .block, nil), ("+41215609999", .label, "Old")]))
        let first = await run(system)
        XCTAssertNil(first.failure)
        XCTAssertEqual(try system.store.loaded()?.generation, 1)
        try system.store.publish(rules: rules([("+4121560###", .block, nil), ("+4121561###", .block, nil)]))
        return system
    }

    private func expectDesiredLoaded(_ system: System, file: StaticString = #filePath, line: UInt = #line) throws {
        let desired = try system.store.desired()
        XCTAssertEqual(try system.store.loaded()?.generation, desired.generation, file: file, line: line)
        let snapshot = try system.store.makeScreener(for: desired).exportSnapshot()
        var blocking: [Int64] = []
        let cursor = snapshot.blockingEntries()
        while case let chunk = cursor.nextNumbers(max: 10_000), !chunk.isEmpty { blocking += chunk }
        XCTAssertEqual(system.directory.sortedBlocking, blocking, file: file, line: line)
        XCTAssertFalse(try system.store.owesAnotherRequest(), file: file, line: line)
    }

    func testAnInterruptedLoadIsRetriedFromScratchNotWithTheSamePlan() async throws {
        let system = try await loadedStore()
        system.script = [.interrupt, .accept]
        system.beforeRequest = { call in
            if call == 3 { XCTAssertNil(try system.store.loaded(), "the app cleared its load marker before the retry") }
        }
        let outcome = await run(system)
        XCTAssertEqual(outcome, CallDirectoryReloadOutcome(requests: 2, failure: nil, fullLoadRequested: false))
        XCTAssertEqual(system.reports.suffix(2).map(\.mode), [.incremental, .reset],
                       "the interrupted plan is not sent again: everything is removed and re-added")
        try expectDesiredLoaded(system)
    }

    func testARejectedLoadIsRetriedFromScratchEvenBeforeTheExtensionForgot() async throws {
        let system = try await loadedStore()
        system.script = [.reject, .accept]
        let outcome = await run(system)
        XCTAssertNil(outcome.failure)
        XCTAssertEqual(system.reports.suffix(2).map(\.mode), [.incremental, .reset])
        try expectDesiredLoaded(system)
    }

    func testRepeatedFailuresFallBackToAFullLoadThatALateMarkerCannotUndo() async throws {
        let system = try await loadedStore()
        let stale = try XCTUnwrap(system.store.loaded())
        system.script = [.fail(.unknown), .interrupt, .accept]
        system.beforeRequest = { call in
            // A late run of the extension from the failed attempts records the old generation again
            // (call 1 loaded it, 2 failed, 3 was interrupted, 4 is the full load).
            if call == 4 {
                XCTAssertNotNil(try system.store.fullLoadRequest())
                try system.store.markLoaded(stale)
            }
        }
        let outcome = await run(system)
        XCTAssertEqual(outcome, CallDirectoryReloadOutcome(requests: 3, failure: nil, fullLoadRequested: true))
        XCTAssertEqual(system.reports.last?.mode, .reset, "the full load ignored loaded.json")
        XCTAssertNil(try system.store.fullLoadRequest(), "cleared once a full load was accepted")
        try expectDesiredLoaded(system)

        // Back to plans afterwards.
        try system.store.publish(rules: rules([("+4121560###", .block, nil)]))
        let next = await run(system)
        XCTAssertNil(next.failure)
        XCTAssertEqual(system.reports.last?.mode, .incremental)
        try expectDesiredLoaded(system)
    }

    func testBusyWaitsAndKeepsTheMarker() async throws {
        let system = try await loadedStore()
        system.script = [.fail(.busy), .accept]
        let outcome = await run(system, CallDirectoryReloader(store: system.store, busyDelayNanoseconds: 7))
        XCTAssertNil(outcome.failure)
        XCTAssertEqual(system.sleeps, [7])
        XCTAssertEqual(system.reports.last?.mode, .incremental, "the system was only busy: the plan still holds")
        try expectDesiredLoaded(system)
    }

    func testAFinalFailureStopsAtOnce() async throws {
        let system = try await loadedStore()
        system.script = [.fail(.final)]
        let outcome = await run(system)
        XCTAssertEqual(outcome, CallDirectoryReloadOutcome(requests: 1, failure: .final, fullLoadRequested: false))
        XCTAssertEqual(try system.store.loaded()?.generation, 1, "nothing cleared: nothing was tried")
    }

    func testGivesUpAfterMaxRequests() async throws {
        let system = try await loadedStore()
        system.script = Array(repeating: .fail(.unknown), count: 10)
        let outcome = await run(system, CallDirectoryReloader(store: system.store, maxRequests: 3))
        XCTAssertEqual(outcome, CallDirectoryReloadOutcome(requests: 3, failure: .unknown, fullLoadRequested: true))
        XCTAssertNotNil(try system.store.fullLoadRequest(), "the next request, whoever starts it, loads everything")
    }

    func testALabelChangeIsLoadedInTwoRequests() async throws {
        let system = System(store: CallDirectoryStore(root: root))
        try system.store.publish(rules: rules([("+41215601234", .label, "Pizza Roma"), ("+4121560999#", .block, nil)]))
        _ = await run(system)
        try system.store.publish(rules: rules([("+41215601234", .label, "Pizza Napoli"), ("+4121560999#", .block, nil)]))
        system.beforeRequest = { call in
            if call == 3 {  // between the two halves (call 1 loaded the first generation)
                XCTAssertNil(system.directory.identification[41_215_601_234])
                XCTAssertEqual(try system.store.loadedFrom()?.generation, 1)
            }
        }
        let outcome = await run(system)
        XCTAssertEqual(outcome.requests, 2)
        XCTAssertNil(outcome.failure)
        XCTAssertEqual(system.reports.suffix(2).map(\.mode), [.incremental, .deferred])
        XCTAssertEqual(system.reports.suffix(2).map(\.deferred), [1, 0])
        XCTAssertEqual(system.directory.identification[41_215_601_234], "Pizza Napoli")
        XCTAssertNil(try system.store.loadedFrom())
        try expectDesiredLoaded(system)
    }
}
