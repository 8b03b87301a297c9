// The records of the shared store (see CallDirectoryStore.swift): the desired and loaded manifests,
// the databases they name, and the extension's status.
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
    /// The budget it was loaded within (`CallDirectoryFeeder.budget`; set in `loaded.json` only): a
    /// plan is only computed between snapshots exported within the same budget.
    public var loadedBudget: UInt64?

    public init(
        generation: UInt64, language: String = "en", defaultRegion: String? = nil, rulesFile: String? = nil,
        databases: [InstalledDatabase] = [], loadedBy: String? = nil, loadedBudget: UInt64? = nil
    ) {
        self.generation = generation
        self.language = language
        self.defaultRegion = defaultRegion
        self.rulesFile = rulesFile
        self.databases = databases
        self.loadedBy = loadedBy
        self.loadedBudget = loadedBudget
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
        /// The system accepted the request: `loaded.json` is this generation (for a stage of a larger
        /// load, `loading.json` says how far it got: `report.stoppedAfter`).
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
