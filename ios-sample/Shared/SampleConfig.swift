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

    /// Signed feeds to download (HTTPS). A placeholder URL: point it at the `manifest.json` that
    /// `ringfence feed publish` writes (daily updates then fetch the small signed delta), or at a `.rfdb`
    /// file `ringfence build` signs (fetched whole); `name` is the feed name inside them.
    static let feeds: [FeedSource] = [
        FeedSource(name: "ch-spam", url: URL(string: "https://feeds.example.org/ringfence/ch-spam/manifest.json")!),
    ]

    /// The ed25519 public keys (64 hex digits, printed by `ringfence keygen`) pinned per feed name. The
    /// app stores only downloads signed by a key pinned for the feed they name, and the extension loads
    /// only such databases. A placeholder nobody holds the secret key of: replace it with your feed's
    /// key. Never pin the repository's test keys (tests/vectors/databases).
    static let feedKeys = ["ch-spam": ["67b40e23ad34d244d8cd58fed86897a4bb8c100f9ef5df54900ab77f3e4db586"]]

    /// Larger downloads are stopped while they stream.
    static let maxDownloadBytes = 64 * 1_048_576

    /// The shared store with the pinned keys, or nil when the App Group entitlement is missing (a
    /// signing problem).
    static func store() -> CallDirectoryStore? {
        CallDirectoryStore(appGroup: appGroup, feedKeys: feedKeys)
    }
}

/// A signed database feed.
struct FeedSource: Identifiable, Hashable, Sendable {
    let name: String
    let url: URL
    var id: String { name }
}
