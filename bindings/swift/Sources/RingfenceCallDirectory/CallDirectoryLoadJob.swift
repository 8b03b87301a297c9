// One Call Directory request from start to end, without CallKit: what the extension's
// CXCallDirectoryProvider subclass delegates to.
//
//   let job = CallDirectoryLoadJob(store: store)   // store: same App Group and pinned keys as the app
//   do { try job.run(into: sink); context.completeRequest { expired in job.requestCompleted(expired: expired) } }
//   catch { context.cancelRequest(withError: error) }   // run() has recorded the failure
//   // CXCallDirectoryExtensionContextDelegate.requestFailed(for:withError:) -> job.requestFailed(error)
import Foundation
import Ringfence

public final class CallDirectoryLoadJob {
    public let store: CallDirectoryStore
    public var feeder: CallDirectoryFeeder
    /// The manifest being loaded (set by `run`).
    public private(set) var target: CallDirectoryManifest?
    /// What `run` sent.
    public private(set) var report: CallDirectoryFeedReport?

    /// A job over `store`, whose `trustedKeys` must be the app's: the manifest's databases are
    /// re-opened with them (`loadInstalledDatabaseFile`) into the screener whose export is fed.
    public init(store: CallDirectoryStore, feeder: CallDirectoryFeeder = CallDirectoryFeeder()) {
        self.store = store
        self.feeder = feeder
    }

    /// Feeds the desired manifest (user rules and signed databases) into `sink`: a full load for a
    /// non-incremental request; for an incremental one, a plan from the loaded manifest when it is
    /// known and was loaded by this library version, else everything removed and re-added. Throws when anything fails; the
    /// request must then be cancelled (the system keeps what it had, so `loaded.json` stays).
    @discardableResult
    public func run(into sink: CallDirectorySink) throws -> CallDirectoryFeedReport {
        let desired = try store.desired()
        target = desired
        try? store.writeStatus(CallDirectoryStatus(state: .loading, generation: desired.generation))
        do {
            let snapshot = try store.makeScreener(for: desired).exportSnapshot()
            var old: CallDirectorySnapshot?
            if sink.isIncremental, let loaded = try? store.loaded(), loaded.loadedBy == ringfenceVersion() {
                // A loaded generation that can no longer be rebuilt (files gone) means a reset.
                old = try? store.makeScreener(for: loaded).exportSnapshot()
            }
            let report = try feeder.feed(snapshot, loaded: old, into: sink)
            self.report = report
            try? store.writeStatus(CallDirectoryStatus(state: .fed, generation: desired.generation, report: report))
            return report
        } catch {
            try? store.writeStatus(CallDirectoryStatus(
                state: .failed, generation: desired.generation, error: String(describing: error)))
            throw error
        }
    }

    /// The system finished the request (`completeRequest`'s handler). Unless it expired, what was
    /// fed is now what the system holds.
    public func requestCompleted(expired: Bool) {
        guard let target else { return }
        if expired {
            try? store.writeStatus(CallDirectoryStatus(
                state: .failed, generation: target.generation, report: report, error: "request expired"))
            return
        }
        do {
            try store.markLoaded(target)
            try store.writeStatus(CallDirectoryStatus(state: .loaded, generation: target.generation, report: report))
        } catch {
            // Could not record it: forget, so the next request resets instead of planning from stale data.
            try? store.forgetLoaded()
        }
    }

    /// The system rejected the request (`requestFailed(for:withError:)`), e.g. a removal of an entry
    /// it does not hold: what we think is loaded is wrong, so the next request resets.
    public func requestFailed(_ error: Error) {
        try? store.forgetLoaded()
        try? store.writeStatus(CallDirectoryStatus(
            state: .failed, generation: target?.generation ?? 0, report: report, error: String(describing: error)))
    }
}
