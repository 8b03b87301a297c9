// Downloads signed Ringfence databases and installs the ones that verify. Verification is the
// library's: CallDirectoryStore.installDatabase installs the download into a scratch Screener with the
// pinned keys (checksum, signature, structure, no downgrade), and only then keeps the file in the App
// Group and publishes it for the extension. A download that fails changes nothing: the installed
// version stays, and the failure is reported per feed.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking  // URLSession outside Apple platforms
#endif
import Ringfence
import RingfenceCallDirectory

struct FeedUpdater {
    let store: CallDirectoryStore
    var session: URLSession = .shared
    var maxBytes = SampleConfig.maxDownloadBytes

    /// Updates each feed in turn; one feed's failure does not stop the others.
    func update(_ feeds: [FeedSource]) async -> [FeedOutcome] {
        var outcomes: [FeedOutcome] = []
        for feed in feeds {
            do {
                let data = try await download(feed)
                let installation = try store.installDatabase(data, expectedFeed: feed.name)
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
        let (data, response) = try await session.data(for: request)
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            throw FeedError.http(http.statusCode)
        }
        guard data.count <= maxBytes else { throw FeedError.tooLarge }
        return data
    }
}

/// What updating one feed did.
struct FeedOutcome {
    let feed: String
    /// Set when the download verified (see `changed`: false when it was the installed file).
    let installation: DatabaseInstallation?
    let failure: FeedFailure?

    var changed: Bool { installation?.changed ?? false }
}

/// Why a feed update failed, for the feeds list: the library's rejection kind when it refused the
/// database (`downgrade`, `unknownKey`, `checksumMismatch`…), else the download's problem.
struct FeedFailure: Equatable {
    let kind: String
    let problem: DatabaseProblem?

    init(_ error: Error) {
        switch error {
        case let RingfenceError.InvalidDatabase(kind, _):
            self.kind = "\(kind)"
            problem = kind
        case let error as FeedError:
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
    case http(Int)
    case notHTTPS
    case tooLarge

    var description: String {
        switch self {
        case let .http(code): return "HTTP \(code)"
        case .notHTTPS: return "not an https URL"
        case .tooLarge: return "larger than \(SampleConfig.maxDownloadBytes / 1_048_576) MB"
        }
    }
}
