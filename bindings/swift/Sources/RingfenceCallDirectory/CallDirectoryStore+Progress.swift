// Staged loads in the shared store (see CallDirectoryStore.swift): a load larger than one request may
// add is sent over several, and the store records where the system stands between them.
//
//   <root>/loading.json     a staged load the system holds part of: what it loads, from what, and the
//                           last entry of the last accepted request (CallDirectoryLoadProgress)
//   <root>/load-size.json   the most additions one request may make, after the system refused a
//                           larger request (`backOffLoadSize`); absent: the feeder's own `loadSize`
import Foundation
import Ringfence

/// A staged load the system holds part of: every request up to the last accepted one, which stopped
/// after `position`. The next request continues after it, with no removals.
public struct CallDirectoryLoadProgress: Codable, Equatable, Sendable {
    /// How the load started: `full`/`reset` (from an empty directory), `incremental` (a plan from
    /// `base`) or `deferred` (a split plan's second half, from `base`).
    public var mode: CallDirectoryLoadMode
    /// The manifest being loaded.
    public var target: CallDirectoryManifest
    /// What the plan starts from (`incremental`, `deferred`); nil from an empty directory.
    public var base: CallDirectoryManifest?
    /// The last entry the accepted requests added.
    public var position: CallDirectoryPosition
    /// Additions an incremental plan held back so far (they go in a `deferred` request at the end).
    public var deferred: Int
    /// The budget the snapshots were exported within, and the library that exported them: a load
    /// only continues with the same ones.
    public var budget: UInt64?
    public var loadedBy: String = ringfenceVersion()

    /// The manifests it needs (kept by the store's garbage collection).
    var manifests: [CallDirectoryManifest] { [target] + (base.map { [$0] } ?? []) }
}

/// The backed-off load size (`load-size.json`).
private struct LoadSize: Codable {
    var entries: Int
}

extension CallDirectoryStore {
    /// The staged load the system holds part of, if any.
    public func loadProgress() throws -> CallDirectoryLoadProgress? {
        try read("loading.json")
    }

    /// Records that the system accepted a request of a staged load, which stopped at
    /// `progress.position`. The system then holds neither `loaded.json` nor the target: those
    /// markers go, so that whatever cannot continue the load resets.
    public func recordProgress(_ progress: CallDirectoryLoadProgress) throws {
        try serialized {
            try write(progress, to: "loading.json")
            try removeFile("loaded.json")
            try removeFile("loaded-from.json")
        }
    }

    /// The most additions one request may make, once a request was refused as too large; nil before.
    public func loadSize() throws -> Int? {
        (try read("load-size.json") as LoadSize?)?.entries
    }

    /// After the system refused a request as too large (`maximumEntriesExceeded`, or out of memory):
    /// halves the load size, from what that request added (`status.json`) or else the current one,
    /// never below `minimum`. Idempotent for one failed request. Returns false when the failed
    /// request was already no larger than `minimum`, or its size is unknown: smaller requests cannot
    /// help then. The staged load, if any, continues from its last accepted request.
    @discardableResult
    public func backOffLoadSize(minimum: Int = 10_000) throws -> Bool {
        try serialized {
            var attempted = try status()?.report?.added ?? 0
            if attempted == 0 { attempted = try loadSize() ?? 0 }
            guard attempted > minimum else { return false }
            try write(LoadSize(entries: max(minimum, attempted / 2)), to: "load-size.json")
            return true
        }
    }

    /// Forgets the backed-off load size: requests are as large as the feeder allows again.
    public func resetLoadSize() throws {
        try serialized { try removeFile("load-size.json") }
    }

    func removeFile(_ relative: String) throws {
        let url = try path(relative)
        if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
    }
}
