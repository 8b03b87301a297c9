// The files an app and its Call Directory extension share in their App Group container.
//
//   <root>/desired.json        what the app wants loaded (a manifest), written by the app
//   <root>/loaded.json         what the extension last loaded and the system accepted
//   <root>/loaded-from.json    present while the system holds loaded.json's plan minus its deferred
//                              additions (a split plan: see CallDirectoryLoad); names what it held before
//   <root>/full-load.json      the app asked for a full load (after repeated failures)
//   <root>/loading.json        a staged load in progress; load-size.json, a backed-off request size
//                              (CallDirectoryStore+Progress.swift)
//   <root>/status.json         the extension's last run (state, counts, error), read by the app
//   <root>/rules/<gen>.csv     user rules of one generation (immutable once written)
//   <root>/databases/<file>    installed signed databases (immutable once written; memory-mapped)
//   <root>/incoming/<file>     a download while the library verifies it
//   <root>/floor/              the library's feed store (`Screener.useStore`), kept for its version
//                              floor (`version-floor`): the highest version and signer of each feed
//                              ever installed, so a downgrade is refused even when an installed
//                              file is gone or no longer loads. Written only by the app.
//
// Every file is written atomically (temporary file + rename), and rules and databases are never
// changed in place (a mapped database must not be rewritten), so the extension always reads a
// consistent generation while the app publishes the next one. Within a process, every change to a
// store (publishing, rule edits, installing a database, the loaded markers, garbage collection)
// runs on one lane: a lock per store directory, so a feed update and a rule edit never interleave
// (no lost update) and garbage collection never deletes a file an install has just moved in. A download becomes a database file
// only after `Screener.installDatabaseFile` verified it against the keys pinned for its feed. The extension feeds
// `desired` as a plan from `loaded`; only after the system accepts the request does `loaded` move
// forward.
//
// The store's records are in CallDirectoryManifest.swift, installing downloads in
// CallDirectoryStore+Databases.swift, updating a feed from its published manifest.json in
// CallDirectoryStore+Feeds.swift, what the system holds in CallDirectoryStore+Loaded.swift, and
// the file handling (and the lane) in CallDirectoryStore+Files.swift.
import Foundation
import Ringfence

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
    /// A feed URL that is not HTTPS (see `updateFeed(manifest:)`).
    case notHTTPS

    public var description: String {
        switch self {
        case .unknownLanguage(let l): return "unknown language \"\(l)\""
        case .missingFile(let f): return "missing file \(f)"
        case .rulesRejected(let n): return "\(n) stored rules rejected by this library version"
        case .badFileName: return "bad file name"
        case let .wrongFeed(expected, found): return "expected feed \"\(expected)\", the file is \"\(found)\""
        case .notHTTPS: return "not an https URL"
        }
    }
}

/// The shared files of an app and its Call Directory extension (see the top of this file).
public struct CallDirectoryStore: Sendable {
    public let root: URL
    /// The ed25519 public keys (64 hex digits each, from `ringfence keygen`) pinned per feed name: a
    /// download is stored only when signed by a key pinned for the feed it names, and screeners made
    /// from a manifest load only such databases. Give the app and the extension the same keys (in code).
    public let feedKeys: [String: [String]]
    var fm: FileManager { .default }

    /// A store in `root` (created when first written).
    public init(root: URL, feedKeys: [String: [String]] = [:]) {
        self.root = root
        self.feedKeys = feedKeys
    }

    /// The store in an App Group container (`group.…`), or nil when the entitlement is missing (and
    /// always nil where there are no App Groups, e.g. Linux).
    public init?(appGroup: String, directory: String = "Ringfence", feedKeys: [String: [String]] = [:]) {
        #if canImport(Darwin)
        guard let container = FileManager.default.containerURL(forSecurityApplicationGroupIdentifier: appGroup)
        else { return nil }
        self.init(root: container.appendingPathComponent(directory, isDirectory: true), feedKeys: feedKeys)
        #else
        return nil
        #endif
    }

    // MARK: manifests and status

    /// What the app wants loaded (`empty` before anything is published).
    public func desired() throws -> CallDirectoryManifest {
        try read("desired.json") ?? .empty
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
        try serialized { try publish { next in
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
        } }
    }

    /// Applies `edit` to a screener holding the desired rules, then publishes its rules (with the
    /// language and region if given) — read, edit and publish in one step on the store's lane, so
    /// concurrent edits and installs never lose one another. Throws what `edit` throws (nothing is
    /// published then).
    @discardableResult
    public func editRules(
        language: String? = nil, defaultRegion: String?? = nil, _ edit: (Screener) throws -> Void
    ) throws -> CallDirectoryManifest {
        try serialized {
            var current = try desired()
            if let language { current.language = language }
            if let defaultRegion { current.defaultRegion = defaultRegion }
            let screener = try makeScreener(for: current, databases: false)
            try edit(screener)
            return try publish(rules: screener.rules(), language: language, defaultRegion: defaultRegion)
        }
    }

    /// The next generation: `change` applied to the desired manifest; then unreferenced files go.
    func publish(_ change: (inout CallDirectoryManifest) throws -> Void) throws -> CallDirectoryManifest {
        try serialized {
            let previous = try desired()
            var next = previous
            next.generation = previous.generation + 1
            next.loadedBy = nil
            try change(&next)
            try write(next, to: "desired.json")
            let staged = try loadProgress()?.manifests ?? []
            try collectGarbage(keeping: [next, previous, try loaded(), try loadedFrom()].compactMap { $0 } + staged)
            return next
        }
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
    /// keys pinned per feed (`feedKeys`) and each database, re-opened in O(1) with `loadInstalledDatabaseFile` (key
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
        try pinFeeds(screener)
        for db in manifest.databases {
            let url = try path("databases/\(db.file)")
            guard fm.fileExists(atPath: url.path) else { throw CallDirectoryStoreError.missingFile("databases/\(db.file)") }
            _ = try screener.loadInstalledDatabaseFile(path: url.path)
        }
        return screener
    }

    /// Pins `feedKeys` in `screener`, feed by feed.
    func pinFeeds(_ screener: Screener) throws {
        for (feed, keys) in feedKeys.sorted(by: { $0.key < $1.key }) {
            try screener.pinFeed(feed: feed, keys: keys)
        }
    }

    /// The `Language` for a manifest's code.
    public static func language(_ code: String) throws -> Language {
        switch code.lowercased() {
        case "en": return .en
        case "it": return .it
        default: throw CallDirectoryStoreError.unknownLanguage(code)
        }
    }

    /// A manifest's code for `language` (the inverse of `language(_:)`).
    public static func code(_ language: Language) -> String {
        switch language {
        case .en: return "en"
        case .it: return "it"
        }
    }
}
