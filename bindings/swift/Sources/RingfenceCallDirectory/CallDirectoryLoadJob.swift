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
    /// Set when `run` fed the first half of a split plan: what the system held before it.
    private var targetFrom: CallDirectoryManifest?
    /// The full-load request this run honoured, cleared once the system accepts it.
    private var fullLoad: CallDirectoryFullLoadRequest?

    /// A job over `store`, whose `feedKeys` must be the app's: the manifest's databases are
    /// re-opened with them (`loadInstalledDatabaseFile`) into the screener whose export is fed.
    public init(store: CallDirectoryStore, feeder: CallDirectoryFeeder = CallDirectoryFeeder()) {
        self.store = store
        self.feeder = feeder
    }

    /// Feeds the desired manifest (user rules and signed databases) into `sink`. A non-incremental
    /// request gets every entry. An incremental one gets, in this order of preference:
    /// - the additions a split plan still owes (`loaded-from.json`), when the last accepted request
    ///   was its first half: the system then holds `loaded.json` exactly (the app reloads again for
    ///   the desired generation);
    /// - the plan from the loaded manifest, when it is known and was loaded by this library version;
    ///   additions it holds back (a number it also removes) make it the first half of a split plan;
    /// - else, and whenever the app asked for a full load, everything removed and re-added.
    /// Throws when anything fails; the request must then be cancelled (the system keeps what it had,
    /// so `loaded.json` stays).
    @discardableResult
    public func run(into sink: CallDirectorySink) throws -> CallDirectoryFeedReport {
        let desired = try store.desired()
        target = desired
        targetFrom = nil
        fullLoad = try? store.fullLoadRequest()
        try? store.writeStatus(CallDirectoryStatus(state: .loading, generation: desired.generation))
        do {
            let report = try feed(desired, into: sink)
            self.report = report
            try? store.writeStatus(CallDirectoryStatus(state: .fed, generation: target?.generation ?? 0, report: report))
            return report
        } catch {
            try? store.writeStatus(CallDirectoryStatus(
                state: .failed, generation: target?.generation ?? desired.generation, error: String(describing: error)))
            throw error
        }
    }

    private func feed(_ desired: CallDirectoryManifest, into sink: CallDirectorySink) throws -> CallDirectoryFeedReport {
        if sink.isIncremental, fullLoad == nil, let loaded = try? store.loaded(), loaded.loadedBy == ringfenceVersion(),
           let held = try? snapshot(loaded) {  // a loaded generation that can no longer be rebuilt means a reset
            if let from = try? store.loadedFrom() {
                if let before = try? snapshot(from) {
                    target = loaded
                    return try feeder.feed(.deferredAdditions(from: before, to: held), into: sink)
                }
            } else {
                let report = try feeder.feed(.incremental(from: held, to: try snapshot(desired)), into: sink)
                if report.deferred > 0 { targetFrom = loaded }
                return report
            }
        }
        return try feeder.feed(.full(try snapshot(desired)), into: sink)
    }

    private func snapshot(_ manifest: CallDirectoryManifest) throws -> CallDirectorySnapshot {
        try store.makeScreener(for: manifest).exportSnapshot()
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
            try store.markLoaded(target, from: targetFrom)
            if let fullLoad { try store.clearFullLoad(token: fullLoad.token) }
            try store.writeStatus(CallDirectoryStatus(state: .loaded, generation: target.generation, report: report))
        } catch {
            // Could not record it: forget, so the next request resets instead of planning from stale data.
            try? store.forgetLoaded()
        }
    }

    /// The system rejected the request (`requestFailed(for:withError:)`), e.g. a removal of an entry
    /// it does not hold: what we think is loaded is wrong, so the next request resets. (The app does
    /// not rely on this having run: see `CallDirectoryReloader`.)
    public func requestFailed(_ error: Error) {
        try? store.forgetLoaded()
        try? store.writeStatus(CallDirectoryStatus(
            state: .failed, generation: target?.generation ?? 0, report: report, error: String(describing: error)))
    }
}
