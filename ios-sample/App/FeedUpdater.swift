// Downloads signed Ringfence databases and installs the ones that verify. Verification is the
// library's: CallDirectoryStore.installDatabase installs the download into a scratch Screener with the
// pinned keys (checksum, signature, structure, no downgrade), and only then keeps the file in the App
// Group and publishes it for the extension. A download that fails changes nothing: the installed
// version stays, and the failure is reported per feed. Downloads stop at the size cap while they
// stream (CappedBody), not after the whole body is in memory.
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
        return try await CappedDownload.fetch(request, maxBytes: maxBytes, configuration: configuration())
    }
}

/// One download streamed into a `CappedBody`: the task is cancelled as soon as the server announces,
/// or sends, more than the cap.
final class CappedDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {  // state behind `lock`
    private let lock = NSLock()
    private var body: CappedBody
    private var failure: Error?
    private var continuation: CheckedContinuation<Data, Error>?

    private init(maxBytes: Int) {
        body = CappedBody(maxBytes: maxBytes)
    }

    static func fetch(_ request: URLRequest, maxBytes: Int, configuration: URLSessionConfiguration) async throws -> Data {
        let download = CappedDownload(maxBytes: maxBytes)
        let session = URLSession(configuration: configuration, delegate: download, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, Error>) in
                download.locked { download.continuation = continuation }
                session.dataTask(with: request).resume()
            }
        } onCancel: {
            session.invalidateAndCancel()
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let stop: Bool = locked {
            guard failure == nil else { return true }
            do {
                if body.data.isEmpty, let response = dataTask.response {
                    if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                        throw FeedError.http(http.statusCode)
                    }
                    try body.expect(response.expectedContentLength)
                }
                try body.append(data)
                return false
            } catch {
                failure = error
                return true
            }
        }
        if stop { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let (continuation, result): (CheckedContinuation<Data, Error>?, Result<Data, Error>) = locked {
            let c = self.continuation
            self.continuation = nil
            if let failure { return (c, .failure(failure)) }
            if let error { return (c, .failure(error)) }
            if let http = task.response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                return (c, .failure(FeedError.http(http.statusCode)))
            }
            return (c, .success(body.data))
        }
        continuation?.resume(with: result)
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
        case let error as FeedError:
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
    case http(Int)
    case notHTTPS

    var description: String {
        switch self {
        case let .http(code): return "HTTP \(code)"
        case .notHTTPS: return "not an https URL"
        }
    }
}
