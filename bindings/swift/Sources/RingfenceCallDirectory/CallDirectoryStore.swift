// The files an app and its Call Directory extension share in their App Group container.
//
//   <root>/desired.json        what the app wants loaded (a manifest), written by the app
//   <root>/loaded.json         what the extension last loaded and the system accepted
//   <root>/status.json         the extension's last run (state, counts, error), read by the app
//   <root>/rules/<gen>.csv     user rules of one generation (immutable once written)
//   <root>/databases/<file>    installed signed databases (immutable once written; memory-mapped)
//   <root>/incoming/<file>     a download while the library verifies it
//
// Every file is written atomically (temporary file + rename), and rules and databases are never
// changed in place (a mapped database must not be rewritten), so the extension always reads a
// consistent generation while the app publishes the next one. A download becomes a database file
// only after `Screener.installDatabaseFile` verified it against the pinned keys. The extension feeds
// `desired` as a plan from `loaded`; only after the system accepts the request does `loaded` move
// forward.
import Foundation
import Ringfence

/// A database file in the store, and what the library verified it as (`DatabaseInfo`).
public struct InstalledDatabase: Codable, Equatable, Sendable {
    /// The feed it came from (e.g. `"ch-spam"`); one database per feed.
    public var feed: String
    /// The feed's version; an older one is refused as a downgrade.
    public var version: UInt64
    /// When the file was built, seconds since 1970.
    public var createdUnix: UInt64
    /// Exact-number entries.
    public var exactCount: UInt64
    /// `#`-range entries.
    public var rangeCount: UInt64
    /// The file's SHA-256, hex: identifies exactly this file.
    public var checksum: String
    /// File name under `databases/`.
    public var file: String
    /// When it was stored, to the second (as `desired.json` keeps it).
    public var installedAt: Date

    public init(
        feed: String, version: UInt64, createdUnix: UInt64 = 0, exactCount: UInt64 = 0, rangeCount: UInt64 = 0,
        checksum: String, file: String, installedAt: Date = Date()
    ) {
        self.feed = feed
        self.version = version
        self.createdUnix = createdUnix
        self.exactCount = exactCount
        self.rangeCount = rangeCount
        self.checksum = checksum
        self.file = file
        self.installedAt = Date(timeIntervalSince1970: installedAt.timeIntervalSince1970.rounded(.down))
    }

    /// The database the library verified as `info`, stored as `file`.
    public init(_ info: DatabaseInfo, file: String, installedAt: Date = Date()) {
        self.init(feed: info.feed, version: info.version, createdUnix: info.createdUnix, exactCount: info.exactCount,
                  rangeCount: info.rangeCount, checksum: info.checksumHex, file: file, installedAt: installedAt)
    }
}

/// What `CallDirectoryStore.installDatabase` did.
public struct DatabaseInstallation: Equatable, Sendable {
    /// The feed's database in the desired manifest now.
    public var database: InstalledDatabase
    /// The one it replaced, if the feed was installed.
    public var previous: InstalledDatabase?
    /// The desired manifest afterwards (a new generation when `changed`).
    public var manifest: CallDirectoryManifest

    /// False when the download was the installed file itself: nothing was published.
    public var changed: Bool { previous?.checksum != database.checksum }
}

/// One generation of everything that decides the Call Directory entries.
public struct CallDirectoryManifest: Codable, Equatable, Sendable {
    /// Increases with every publication.
    public var generation: UInt64
    /// Language code of labels (`"en"`, `"it"`).
    public var language: String
    /// Region for national-notation rules (ISO alpha-2), if any.
    public var defaultRegion: String?
    /// The user rules' file under `rules/`, or nil for none.
    public var rulesFile: String?
    /// Installed databases, in precedence order.
    public var databases: [InstalledDatabase]
    /// `ringfenceVersion()` of the library that loaded this manifest (set in `loaded.json` only):
    /// a plan is only computed between snapshots made by the same library version.
    public var loadedBy: String?

    public init(
        generation: UInt64, language: String = "en", defaultRegion: String? = nil, rulesFile: String? = nil,
        databases: [InstalledDatabase] = [], loadedBy: String? = nil
    ) {
        self.generation = generation
        self.language = language
        self.defaultRegion = defaultRegion
        self.rulesFile = rulesFile
        self.databases = databases
        self.loadedBy = loadedBy
    }

    /// Nothing to load (before the app has published anything).
    public static let empty = CallDirectoryManifest(generation: 0)
}

/// The extension's last run, as the app shows it.
public struct CallDirectoryStatus: Codable, Equatable, Sendable {
    public enum State: String, Codable, Sendable {
        /// The extension is feeding entries (or died doing so).
        case loading
        /// Every entry was sent; waiting for the system to accept them.
        case fed
        /// The system accepted the request: `loaded.json` is this generation.
        case loaded
        /// The request failed (see `error`); the system keeps the entries it had.
        case failed
    }

    public var state: State
    /// The generation being (or last) loaded.
    public var generation: UInt64
    public var report: CallDirectoryFeedReport?
    /// Why it failed; never contains a phone number.
    public var error: String?
    public var updatedAt: Date

    public init(state: State, generation: UInt64, report: CallDirectoryFeedReport? = nil, error: String? = nil,
                updatedAt: Date = Date()) {
        self.state = state
        self.generation = generation
        self.report = report
        self.error = error
        self.updatedAt = updatedAt
    }
}

public enum CallDirectoryStoreError: Error, Equatable, CustomStringConvertible {
    /// The manifest names a language this library does not know.
    case unknownLanguage(String)
    /// A file named by the manifest is missing.
    case missingFile(String)
    /// Rule rows that the library rejected (count): the rules file does not match this library.
    case rulesRejected(Int)
    /// A file name that would leave the store's directories.
    case badFileName
    /// A verified database of another feed than the one downloaded (a misconfigured URL).
    case wrongFeed(expected: String, found: String)

    public var description: String {
        switch self {
        case .unknownLanguage(let l): return "unknown language \"\(l)\""
        case .missingFile(let f): return "missing file \(f)"
        case .rulesRejected(let n): return "\(n) stored rules rejected by this library version"
        case .badFileName: return "bad file name"
        case let .wrongFeed(expected, found): return "expected feed \"\(expected)\", the file is \"\(found)\""
        }
    }
}

/// The shared files of an app and its Call Directory extension (see the top of this file).
public struct CallDirectoryStore {
    public let root: URL
    /// The feeds' pinned ed25519 public keys (64 hex digits each, from `ringfence keygen`): a download
    /// is stored only when signed by one of them, and screeners made from a manifest load only
    /// databases signed by one of them. Give the app and the extension the same keys (in code).
    public let trustedKeys: [String]
    private var fm: FileManager { .default }

    /// A store in `root` (created when first written).
    public init(root: URL, trustedKeys: [String] = []) {
        self.root = root
        self.trustedKeys = trustedKeys
    }

    /// The store in an App Group container (`group.…`), or nil when the entitlement is missing (and
    /// always nil where there are no App Groups, e.g. Linux).
    public init?(appGroup: String, directory: String = "Ringfence", trustedKeys: [String] = []) {
        #if canImport(Darwin)
        guard let container = FileManager.default.containerURL(forSecurityApplicationGroupIdentifier: appGroup)
        else { return nil }
        self.init(root: container.appendingPathComponent(directory, isDirectory: true), trustedKeys: trustedKeys)
        #else
        return nil
        #endif
    }

    // MARK: manifests and status

    /// What the app wants loaded (`empty` before anything is published).
    public func desired() throws -> CallDirectoryManifest {
        try read("desired.json") ?? .empty
    }

    /// What the system holds, as far as the extension knows; nil when unknown.
    public func loaded() throws -> CallDirectoryManifest? {
        try read("loaded.json")
    }

    /// The extension's last run, if any.
    public func status() throws -> CallDirectoryStatus? {
        try read("status.json")
    }

    /// Publishes a new generation: the user rules (CSV), databases, language and region. Returns
    /// the new desired manifest. Files no longer referenced by it, the previous one or the loaded one
    /// are deleted.
    @discardableResult
    public func publish(
        rules: [Rule], databases: [InstalledDatabase]? = nil, language: String? = nil, defaultRegion: String?? = nil
    ) throws -> CallDirectoryManifest {
        try publish { next in
            if let language { next.language = language }
            if let defaultRegion { next.defaultRegion = defaultRegion }
            if let databases { next.databases = databases }
            if rules.isEmpty {
                next.rulesFile = nil
            } else {
                let name = "\(next.generation).csv"
                try write(Data(RuleCSV.encode(rules).utf8), to: "rules/\(name)")
                next.rulesFile = name
            }
        }
    }

    /// Verifies a downloaded database completely with the library — checksum, signature by one of
    /// `trustedKeys`, structure, and not older than the desired manifest's database of the same feed —
    /// by installing it into a scratch `Screener` (`installDatabaseFile`), then moves it into
    /// `databases/` and publishes a new generation in which it replaces that feed's database (rules,
    /// language and region stay). On any error nothing changes (no file, same manifest) and the
    /// library's `RingfenceError.InvalidDatabase(kind:reason:)` says why. A download identical to the
    /// installed file publishes nothing (`changed == false`). `expectedFeed` guards against a URL
    /// that serves another feed.
    @discardableResult
    public func installDatabase(_ data: Data, expectedFeed: String? = nil) throws -> DatabaseInstallation {
        let desired = try desired()
        let incoming = try path("incoming/\(UUID().uuidString).rfdb")
        try fm.createDirectory(at: incoming.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: incoming, options: .atomic)
        defer { try? fm.removeItem(at: incoming) }  // already moved when it verified

        let scratch = try Screener(config: ScreenerConfig(language: .en))
        try scratch.setTrustedKeys(keys: trustedKeys)
        for db in desired.databases {  // the installed versions, for the downgrade check
            _ = try? scratch.loadInstalledDatabaseFile(path: try path("databases/\(db.file)").path)
        }
        let info = try scratch.installDatabaseFile(path: incoming.path)
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
        guard try desired().databases.contains(where: { $0.feed == feed }) else { return nil }
        return try publish { $0.databases.removeAll { $0.feed == feed } }
    }

    /// The next generation: `change` applied to the desired manifest; then unreferenced files go.
    private func publish(_ change: (inout CallDirectoryManifest) throws -> Void) throws -> CallDirectoryManifest {
        let previous = try desired()
        var next = previous
        next.generation = previous.generation + 1
        next.loadedBy = nil
        try change(&next)
        try write(next, to: "desired.json")
        try collectGarbage(keeping: [next, previous, try loaded()].compactMap { $0 })
        return next
    }

    /// Records that the system accepted `manifest` (loaded by library `version`).
    public func markLoaded(_ manifest: CallDirectoryManifest, by version: String = ringfenceVersion()) throws {
        var m = manifest
        m.loadedBy = version
        try write(m, to: "loaded.json")
    }

    /// Forgets what is loaded: the next incremental request removes everything and starts over.
    public func forgetLoaded() throws {
        let url = root.appendingPathComponent("loaded.json")
        if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
    }

    public func writeStatus(_ status: CallDirectoryStatus) throws {
        try write(status, to: "status.json")
    }

    // MARK: rules and screeners

    /// The user rules of `manifest`, as the CSV text stored.
    public func rulesCSV(of manifest: CallDirectoryManifest) throws -> String? {
        guard let file = manifest.rulesFile else { return nil }
        let url = try path("rules/\(file)")
        guard let data = fm.contents(atPath: url.path) else { throw CallDirectoryStoreError.missingFile("rules/\(file)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// A screener with everything `manifest` names: the rules, then (unless `databases` is false) the
    /// pinned `trustedKeys` and each database, re-opened in O(1) with `loadInstalledDatabaseFile` (key
    /// and signature checked, memory-mapped). A stored rule the library rejects, or a database that is
    /// missing or no longer loads, is an error, so that a snapshot never silently differs from what
    /// the app published.
    public func makeScreener(for manifest: CallDirectoryManifest, databases: Bool = true) throws -> Screener {
        let screener = try Screener(config: ScreenerConfig(
            language: try Self.language(manifest.language), defaultRegion: manifest.defaultRegion))
        if let csv = try rulesCSV(of: manifest) {
            let report = try screener.importRulesCsv(csv: csv)
            if !report.rejected.isEmpty { throw CallDirectoryStoreError.rulesRejected(report.rejected.count) }
        }
        guard databases, !manifest.databases.isEmpty else { return screener }
        try screener.setTrustedKeys(keys: trustedKeys)
        for db in manifest.databases {
            let url = try path("databases/\(db.file)")
            guard fm.fileExists(atPath: url.path) else { throw CallDirectoryStoreError.missingFile("databases/\(db.file)") }
            _ = try screener.loadInstalledDatabaseFile(path: url.path)
        }
        return screener
    }

    /// The `Language` for a manifest's code.
    public static func language(_ code: String) throws -> Language {
        switch code.lowercased() {
        case "en": return .en
        case "it": return .it
        default: throw CallDirectoryStoreError.unknownLanguage(code)
        }
    }

    // MARK: files

    private func path(_ relative: String) throws -> URL {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw CallDirectoryStoreError.badFileName
        }
        return root.appendingPathComponent(relative)
    }

    private func read<T: Decodable>(_ relative: String) throws -> T? {
        guard let data = fm.contents(atPath: try path(relative).path) else { return nil }
        return try Self.decoder.decode(T.self, from: data)
    }

    private func write<T: Encodable>(_ value: T, to relative: String) throws {
        try write(try Self.encoder.encode(value), to: relative)
    }

    /// Atomic: readers see the old file or the new one, never a part.
    private func write(_ data: Data, to relative: String) throws {
        let url = try path(relative)
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }

    /// Deletes rules and database files that none of `manifests` names, and downloads an interrupted
    /// install left behind (older than an hour).
    private func collectGarbage(keeping manifests: [CallDirectoryManifest]) throws {
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
