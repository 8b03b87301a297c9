// Downloads signed Ringfence databases and installs the ones that verify. A feed whose URL is a
// published manifest.json (`ringfence feed publish`) is updated by CallDirectoryStore.updateFeed:
// only the manifest when it is up to date, else the day's delta (the full file when it is refused). Verification is the
// library's: CallDirectoryStore.installDatabase installs the download into a scratch Screener with the
// pinned keys (checksum, signature, structure, no downgrade), and only then keeps the file in the App
// Group and publishes it for the extension. A download that fails changes nothing: the installed
// version stays, and the failure is reported per feed. Downloads stop at the size cap while they
// stream (RingfenceCallDirectory's CappedDownload), not after the whole body is in memory.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking  // URLSession outside Apple platforms
#endif
import Ringfence
import RingfenceCallDirectory

struct FeedUpdater: Sendable {
    let store: CallDirectoryStore
    var configuration: @Sendable () -> URLSessionConfiguration = { .ephemeral }
    var maxBytes = SampleConfig.maxDownloadBytes

    /// Updates each feed in turn; one feed's failure does not stop the others. Runs off the main
    /// actor (a nonisolated async function): downloads, verification and file moves.
    func update(_ feeds: [FeedSource]) async -> [FeedOutcome] {
        var outcomes: [FeedOutcome] = []
        for feed in feeds {
            do {
                let installation: DatabaseInstallation?
                if feed.url.pathExtension == "json" {  // a published manifest.json: the delta when it fits
                    switch try await store.updateFeed(manifest: feed.url, maxBytes: maxBytes, configuration: configuration()) {
                    case .upToDate: installation = nil
                    case let .delta(done), let .full(done, _): installation = done
                    }
                } else {
                    installation = try store.installDatabase(try await download(feed), expectedFeed: feed.name)
                }
                outcomes.append(FeedOutcome(feed: feed.name, installation: installation, failure: nil))
            } catch {
                outcomes.append(FeedOutcome(feed: feed.name, installation: nil, failure: FeedFailure(error)))
            }
        }
        return outcomes
    }

    private func download(_ feed: FeedSource) async throws -> Data {
        guard feed.url.scheme == "https" else { throw FeedError.notHTTPS }
        var request = URLRequest(url: feed.url)
        request.cachePolicy = .reloadIgnoringLocalCacheData
        return try await CappedDownload.fetch(request, maxBytes: maxBytes, configuration: configuration())
    }
}

/// What updating one feed did.
struct FeedOutcome: Sendable {
    let feed: String
    /// Set when the download verified (see `changed`: false when it was the installed file).
    let installation: DatabaseInstallation?
    let failure: FeedFailure?

    var changed: Bool { installation?.changed ?? false }
}

/// Why a feed update failed, for the feeds list: the library's rejection kind when it refused the
/// database (`downgrade`, `unknownKey`, `checksumMismatch`…), else the download's problem.
struct FeedFailure: Equatable, Sendable {
    let kind: String
    let problem: DatabaseProblem?

    init(_ error: Error) {
        switch error {
        case let RingfenceError.InvalidDatabase(kind, _):
            self.kind = "\(kind)"
            problem = kind
        case let RingfenceError.InvalidManifest(kind, _):
            self.kind = "manifest: \(kind)"
            problem = nil
        case let error as FeedError:
            self.kind = error.description
            problem = nil
        case let error as DownloadStatusError:
            self.kind = error.description
            problem = nil
        case let error as DownloadLimitError:
            self.kind = error.description
            problem = nil
        case let error as CallDirectoryStoreError:
            self.kind = error.description
            problem = nil
        default:
            self.kind = "download failed (\((error as NSError).localizedDescription))"
            problem = nil
        }
    }
}

/// A download problem (the feed's name is in the outcome).
enum FeedError: Error, CustomStringConvertible {
    case notHTTPS

    var description: String {
        switch self {
        case .notHTTPS: return "not an https URL"
        }
    }
}
