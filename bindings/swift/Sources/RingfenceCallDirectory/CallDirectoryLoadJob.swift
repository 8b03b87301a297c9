// One Call Directory request from start to end, without CallKit: what the extension's
// CXCallDirectoryProvider subclass delegates to.
//
//   let job = CallDirectoryLoadJob(store: store)   // store: same App Group and pinned keys as the app
//   do { try job.run(into: sink); context.completeRequest { expired in job.requestCompleted(expired: expired) } }
//   catch { context.cancelRequest(withError: error) }   // run() has recorded the failure
//   // CXCallDirectoryExtensionContextDelegate.requestFailed(for:withError:) -> job.requestFailed(error)
//
// Capacity: snapshots are exported within the feeder's budget, and a load of more additions than one
// request may make (the feeder's `loadSize`, or the store's backed-off `loadSize()`) is staged: each
// accepted request records where it stopped (`loading.json`), the next one continues after it, and a
// refused one changes nothing, so the retry continues from the last accepted stage.
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
    /// Set when `run` fed a stage of a larger load: what the system holds once it accepts it.
    private var stage: CallDirectoryLoadProgress?

    /// A job over `store`, whose `feedKeys` must be the app's: the manifest's databases are
    /// re-opened with them (`loadInstalledDatabaseFile`) into the screener whose export is fed.
    public init(store: CallDirectoryStore, feeder: CallDirectoryFeeder = CallDirectoryFeeder()) {
        self.store = store
        self.feeder = feeder
    }

    /// Feeds the desired manifest (user rules and signed databases) into `sink`. A non-incremental
    /// request gets every entry. An incremental one gets, in this order of preference:
    /// - the rest of a staged load (`loading.json`) after its last accepted request, when it was
    ///   exported by this library version within the same budget;
    /// - the additions a split plan still owes (`loaded-from.json`), when the last accepted request
    ///   was its first half: the system then holds `loaded.json` exactly (the app reloads again for
    ///   the desired generation);
    /// - the plan from the loaded manifest, when it is known and was loaded by this library version;
    ///   additions it holds back (a number it also removes) make it the first half of a split plan;
    /// - else, and whenever the app asked for a full load, everything removed and re-added.
    /// Each sends at most the load size's additions, and stops there when more are left (a stage).
    /// Throws when anything fails; the request must then be cancelled (the system keeps what it had,
    /// so `loaded.json` stays).
    @discardableResult
    public func run(into sink: CallDirectorySink) throws -> CallDirectoryFeedReport {
        let desired = try store.desired()
        target = desired
        targetFrom = nil
        stage = nil
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
        var feeder = self.feeder
        feeder.loadSize = [feeder.loadSize, try? store.loadSize()].compactMap { $0 }.min()
        let same = { (version: String?, budget: UInt64?) in version == ringfenceVersion() && budget == feeder.budget }
        if sink.isIncremental, fullLoad == nil, let progress = try? store.loadProgress(),
           same(progress.loadedBy, progress.budget), let load = try? resumed(progress) {
            target = progress.target
            let report = try feeder.feed(load, into: sink, after: progress.position)
            return staged(report, progress.mode, from: progress.base, deferred: progress.deferred)
        }
        if sink.isIncremental, fullLoad == nil, let loaded = try? store.loaded(), same(loaded.loadedBy, loaded.loadedBudget),
           let held = try? snapshot(loaded) {  // a loaded generation that can no longer be rebuilt means a reset
            if let from = try? store.loadedFrom() {
                if let before = try? snapshot(from) {
                    target = loaded
                    let report = try feeder.feed(.deferredAdditions(from: before, to: held), into: sink)
                    return staged(report, .deferred, from: from, deferred: 0)
                }
            } else {
                let report = try feeder.feed(.incremental(from: held, to: try snapshot(desired)), into: sink)
                return staged(report, .incremental, from: loaded, deferred: 0)
            }
        }
        return staged(try feeder.feed(.full(try snapshot(desired)), into: sink), .full, from: nil, deferred: 0)
    }

    /// The load `progress` continues (its snapshots rebuilt), or nil when they cannot be.
    private func resumed(_ progress: CallDirectoryLoadProgress) throws -> CallDirectoryLoad {
        let target = try snapshot(progress.target)
        guard let base = progress.base else { return .full(target) }
        switch progress.mode {
        case .deferred: return .deferredAdditions(from: try snapshot(base), to: target)
        default: return .incremental(from: try snapshot(base), to: target)
        }
    }

    /// `report` of a load in `mode` from `base`, with the additions held back by its earlier stages;
    /// notes what to record once the system accepts it: the next stage's start when it stopped, else
    /// (a plan that held additions back) the split plan's base.
    private func staged(_ report: CallDirectoryFeedReport, _ mode: CallDirectoryLoadMode, from base: CallDirectoryManifest?,
                        deferred earlier: Int) -> CallDirectoryFeedReport {
        var report = report
        report.deferred += earlier
        if let stop = report.stoppedAfter, let target {
            stage = CallDirectoryLoadProgress(mode: mode, target: target, base: base, position: stop,
                                              deferred: report.deferred, budget: feeder.budget)
        } else if mode == .incremental, report.deferred > 0 {
            targetFrom = base
        }
        return report
    }

    private func snapshot(_ manifest: CallDirectoryManifest) throws -> CallDirectorySnapshot {
        feeder.budgeted(try store.makeScreener(for: manifest).exportSnapshot())
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
            if let stage {
                try store.recordProgress(stage)
            } else {
                var loaded = target
                loaded.loadedBudget = feeder.budget
                try store.markLoaded(loaded, from: targetFrom)
            }
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
        requestFailed(error, as: .rejected)
    }

    /// `requestFailed(_:)`, classified: a request refused as too large (`tooLarge`) leaves what the
    /// system holds known — the last accepted stage, or `loaded.json` — so nothing is forgotten; the
    /// load size is halved (`backOffLoadSize`), and the next request continues from there. Any other
    /// failure forgets what is loaded, as above.
    public func requestFailed(_ error: Error, as failure: CallDirectoryReloadFailure) {
        try? store.writeStatus(CallDirectoryStatus(
            state: .failed, generation: target?.generation ?? 0, report: report, error: String(describing: error)))
        if failure == .tooLarge {
            _ = try? store.backOffLoadSize()
        } else {
            try? store.forgetLoaded()
        }
    }
}
