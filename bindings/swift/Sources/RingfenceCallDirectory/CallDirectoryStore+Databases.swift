// Installing downloaded databases and deltas into the shared store (see CallDirectoryStore.swift).
import Foundation
import Ringfence

extension CallDirectoryStore {
    /// Verifies a downloaded database completely with the library — checksum, signature by a key
    /// pinned for its feed (`feedKeys`), structure, the same signer as before, and not older than the
    /// library's version floor (kept in `floor/`, so this holds across restarts and even when an
    /// installed file is gone or fails to load) nor the desired manifest's database of the same feed —
    /// by installing it into a scratch `Screener` on the `floor/` store (`installDatabaseFile`, which
    /// raises the floor; the library's copy is removed again), then moves it into
    /// `databases/` and publishes a new generation in which it replaces that feed's database (rules,
    /// language and region stay). On any error nothing changes (no file, same manifest) and the
    /// library's `RingfenceError.InvalidDatabase(kind:reason:)` says why. A download identical to the
    /// installed file publishes nothing (`changed == false`). `expectedFeed` guards against a URL
    /// that serves another feed. Runs on the store's lane from reading the desired manifest to
    /// publishing, so a concurrent rule edit is neither lost nor able to collect the new file.
    @discardableResult
    public func installDatabase(_ data: Data, expectedFeed: String? = nil) throws -> DatabaseInstallation {
        try serialized { try installDatabaseNow(data, expectedFeed: expectedFeed) }
    }

    /// Applies a signed delta (`ringfence feed publish --previous`, `ringfence diff`) to the installed
    /// database of `feed` through the library's verified delta path — `Screener.applyDatabaseDelta` on a
    /// scratch `Screener` holding the installed file: the delta's size cap, signer pinned for `feed`,
    /// signature, made for exactly the installed file, and the result checked as a full install — then
    /// installs the result as `installDatabase` does (version floor, `databases/`, a new generation). On
    /// any error nothing changes; with no database of `feed` installed the library refuses the delta
    /// (`deltaBaseMismatch`). Runs on the store's lane throughout.
    @discardableResult
    public func installDatabaseDelta(_ delta: Data, feed: String) throws -> DatabaseInstallation {
        try serialized {
            let scratch = try Screener(config: ScreenerConfig(language: .en))
            try pinFeeds(scratch)
            if let base = try desired().databases.first(where: { $0.feed == feed }) {
                _ = try scratch.loadInstalledDatabaseFile(path: try path("databases/\(base.file)").path)
            }
            return try installDatabaseNow(try scratch.applyDatabaseDelta(feed: feed, delta: delta), expectedFeed: feed)
        }
    }

    private func installDatabaseNow(_ data: Data, expectedFeed: String?) throws -> DatabaseInstallation {
        let desired = try desired()
        let incoming = try path("incoming/\(UUID().uuidString).rfdb")
        try fm.createDirectory(at: incoming.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: incoming, options: .atomic)
        defer { try? fm.removeItem(at: incoming) }  // already moved when it verified

        let scratch = try Screener(config: ScreenerConfig(language: .en))
        try pinFeeds(scratch)
        for db in desired.databases {  // the installed versions: they raise a floor kept by an older app
            _ = try? scratch.loadInstalledDatabaseFile(path: try path("databases/\(db.file)").path)
        }
        _ = try scratch.useStore(dir: try path("floor").path)  // the version floor, across restarts
        let info = try scratch.installDatabaseFile(path: incoming.path)
        _ = scratch.removeDatabase(feed: info.feed)  // the floor stays; the file is kept in databases/
        if let expectedFeed, info.feed != expectedFeed {
            throw CallDirectoryStoreError.wrongFeed(expected: expectedFeed, found: info.feed)
        }
        let previous = desired.databases.first { $0.feed == info.feed }
        if let previous, previous.checksum == info.checksumHex {
            return DatabaseInstallation(database: previous, previous: previous, manifest: desired)
        }
        let safeFeed = String(info.feed.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" }
            .prefix(64))
        let file = "\(safeFeed)-\(info.version)-\(UUID().uuidString).rfdb"
        let target = try path("databases/\(file)")
        try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try fm.moveItem(at: incoming, to: target)
        let database = InstalledDatabase(info, file: file)
        let manifest = try publish { next in
            if let i = next.databases.firstIndex(where: { $0.feed == info.feed }) {
                next.databases[i] = database
            } else {
                next.databases.append(database)
            }
        }
        return DatabaseInstallation(database: database, previous: previous, manifest: manifest)
    }

    /// Publishes a generation without `feed`'s database; nil when it was not installed.
    @discardableResult
    public func removeDatabase(feed: String) throws -> CallDirectoryManifest? {
        try serialized {
            guard try desired().databases.contains(where: { $0.feed == feed }) else { return nil }
            return try publish { $0.databases.removeAll { $0.feed == feed } }
        }
    }
}
