// What the system holds, as the store records it (see CallDirectoryStore.swift): the loaded manifest,
// a split plan's first half, and the app's request for a full load (a staged load's progress is in
// CallDirectoryStore+Progress.swift).
import Foundation
import Ringfence

/// The app asked that the next requests load everything, whatever `loaded.json` says, until one is
/// accepted (`CallDirectoryStore.requestFullLoad`).
public struct CallDirectoryFullLoadRequest: Codable, Equatable, Sendable {
    /// Identifies this request: a load that started under it clears only it.
    public var token: String
    public var requestedAt: Date

    public init(token: String = UUID().uuidString, requestedAt: Date = Date()) {
        self.token = token
        self.requestedAt = Date(timeIntervalSince1970: requestedAt.timeIntervalSince1970.rounded(.down))
    }
}

extension CallDirectoryStore {
    /// What the system holds, as far as the extension knows; nil when unknown.
    public func loaded() throws -> CallDirectoryManifest? {
        try read("loaded.json")
    }

    /// When the last accepted request was the first half of a split plan (see `CallDirectoryLoad`):
    /// the manifest the system held before it. The system then holds `loaded()` minus the additions
    /// that plan held back, and the next request must send them. Nil otherwise.
    public func loadedFrom() throws -> CallDirectoryManifest? {
        try read("loaded-from.json")
    }

    /// Records that the system accepted `manifest` (loaded by library `version`, within the budget
    /// `manifest.loadedBudget`); `from` when the request was the first half of a split plan from
    /// `from` (see `loadedFrom`). A staged load's progress is done with.
    public func markLoaded(_ manifest: CallDirectoryManifest, from: CallDirectoryManifest? = nil,
                           by version: String = ringfenceVersion()) throws {
        try serialized {
            var m = manifest
            m.loadedBy = version
            if let from {
                try write(from, to: "loaded-from.json")
            } else {
                try removeFile("loaded-from.json")
            }
            try write(m, to: "loaded.json")
            try removeFile("loading.json")
        }
    }

    /// Forgets what is loaded (a staged load's progress too): the next incremental request removes
    /// everything and starts over.
    public func forgetLoaded() throws {
        try serialized {
            try removeFile("loaded.json")
            try removeFile("loaded-from.json")
            try removeFile("loading.json")
        }
    }

    /// Asks for a full load: until a request that started after this is accepted, every request
    /// ignores `loaded.json` (removes everything and adds every entry), even if a late run of the
    /// extension writes it again. Also forgets what is loaded.
    @discardableResult
    public func requestFullLoad() throws -> CallDirectoryFullLoadRequest {
        try serialized {
            let request = CallDirectoryFullLoadRequest()
            try write(request, to: "full-load.json")
            try forgetLoaded()
            return request
        }
    }

    /// The pending full-load request, if any.
    public func fullLoadRequest() throws -> CallDirectoryFullLoadRequest? {
        try read("full-load.json")
    }

    /// Clears the full-load request `token` (a later one stays).
    func clearFullLoad(token: String) throws {
        try serialized {
            if try fullLoadRequest()?.token == token { try removeFile("full-load.json") }
        }
    }

    /// After the system accepted a request: whether another one is needed, because the request was a
    /// split plan's first half (its report has `deferred` additions), a stage of a larger load (it
    /// `stoppedAfter` an entry), or fed an older generation than the desired one. Read from
    /// `status.json`, which the extension writes before it completes the request, so the answer does
    /// not depend on when its completion handler runs.
    public func owesAnotherRequest() throws -> Bool {
        guard let status = try status() else { return true }
        let desiredGeneration = try desired().generation
        return (status.report?.deferred ?? 0) > 0 || status.report?.stoppedAfter != nil
            || status.generation != desiredGeneration
    }
}
