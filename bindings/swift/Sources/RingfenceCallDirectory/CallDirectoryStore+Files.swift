// The shared store's files: paths that never leave the root, atomic JSON and data writes, the
// removal of files no manifest names, and the lane every change runs on (see CallDirectoryStore.swift).
import Foundation

/// One lock per store directory, for the whole process: the store's lane. Recursive, so a change
/// built from others (installing a database publishes) stays one step.
final class StoreLanes: @unchecked Sendable {  // all state behind `guardLock`
    static let shared = StoreLanes()
    private let guardLock = NSLock()
    private var locks: [String: NSRecursiveLock] = [:]

    func lock(for root: URL) -> NSRecursiveLock {
        let key = root.standardizedFileURL.path
        guardLock.lock()
        defer { guardLock.unlock() }
        if let lock = locks[key] { return lock }
        let lock = NSRecursiveLock()
        locks[key] = lock
        return lock
    }
}

extension CallDirectoryStore {
    /// Runs `body` on the store's lane (see the top of CallDirectoryStore.swift).
    func serialized<T>(_ body: () throws -> T) rethrows -> T {
        let lock = StoreLanes.shared.lock(for: root)
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func path(_ relative: String) throws -> URL {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw CallDirectoryStoreError.badFileName
        }
        return root.appendingPathComponent(relative)
    }

    func read<T: Decodable>(_ relative: String) throws -> T? {
        guard let data = fm.contents(atPath: try path(relative).path) else { return nil }
        return try Self.decoder.decode(T.self, from: data)
    }

    func write<T: Encodable>(_ value: T, to relative: String) throws {
        try write(try Self.encoder.encode(value), to: relative)
    }

    /// Atomic: readers see the old file or the new one, never a part.
    func write(_ data: Data, to relative: String) throws {
        let url = try path(relative)
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }

    /// Deletes rules and database files that none of `manifests` names, and downloads an interrupted
    /// install left behind (older than an hour). On the store's lane, so it never runs between an
    /// install's move and its publication.
    func collectGarbage(keeping manifests: [CallDirectoryManifest]) throws {
        try serialized { try collectGarbageNow(keeping: manifests) }
    }

    private func collectGarbageNow(keeping manifests: [CallDirectoryManifest]) throws {
        let keepRules = Set(manifests.compactMap(\.rulesFile))
        let keepDatabases = Set(manifests.flatMap { $0.databases.map(\.file) })
        for (dir, keep) in [("rules", keepRules), ("databases", keepDatabases)] {
            let url = root.appendingPathComponent(dir, isDirectory: true)
            for name in (try? fm.contentsOfDirectory(atPath: url.path)) ?? [] where !keep.contains(name) {
                try? fm.removeItem(at: url.appendingPathComponent(name))
            }
        }
        let incoming = root.appendingPathComponent("incoming", isDirectory: true)
        for name in (try? fm.contentsOfDirectory(atPath: incoming.path)) ?? [] {
            let url = incoming.appendingPathComponent(name)
            let modified = (try? fm.attributesOfItem(atPath: url.path)[.modificationDate]) as? Date
            if let modified, modified < Date(timeIntervalSinceNow: -3600) { try? fm.removeItem(at: url) }
        }
    }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.dateEncodingStrategy = .iso8601
        return e
    }()

    private static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()
}
