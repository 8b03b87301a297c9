// Settings the app and its Call Directory extension share (compiled into both targets).
import Foundation
import RingfenceCallDirectory

enum SampleConfig {
    /// The App Group both targets are entitled to (RingfenceSample.entitlements,
    /// CallDirectoryExtension.entitlements). Change it, with the bundle ids in project.yml, to your own.
    static let appGroup = "group.dev.ringfence.sample"

    /// The Call Directory extension's bundle identifier (for reloadExtension).
    static let extensionIdentifier = "dev.ringfence.sample.calldirectory"

    /// Entries pulled from Ringfence per call: bounded memory in the extension.
    static let chunkSize: UInt32 = 5_000

    /// Most entries one request may add. CallKit's own limit is undocumented and device-dependent
    /// (apps load ~17M numbers); this stops a runaway `#` range (10^k numbers per k wildcards) from
    /// exhausting the extension's time and memory, and shows up in the app as a failed load.
    static let maxAdditions = 20_000_000

    /// Signed feeds to download. The URLs and pinned keys are placeholders: point them at your feed.
    static let feeds: [FeedSource] = [
        FeedSource(name: "ch-spam", url: URL(string: "https://feeds.example.org/ringfence/ch-spam.rfdb")!),
    ]

    /// Database verification and loading. The signed-database API (issue 3) is not in the bindings
    /// yet, so this build has none: feeds report "not available" and the directory holds the user's
    /// rules. When it lands, return a `RingfenceDatabaseSupport` over it here (verify = install into a
    /// scratch Screener with the pinned public key; load = install the stored file).
    static var databaseSupport: RingfenceDatabaseSupport { NoDatabaseSupport() }

    /// The shared store, or nil when the App Group entitlement is missing (a signing problem).
    static func store() -> CallDirectoryStore? {
        CallDirectoryStore(appGroup: appGroup)
    }
}

/// A signed database feed.
struct FeedSource: Identifiable, Hashable {
    let name: String
    let url: URL
    var id: String { name }
}
