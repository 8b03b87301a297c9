// One HTTP GET with URLSession (FoundationNetworking outside Apple platforms), streamed into a
// CappedBody: stopped as soon as the server announces, or sends, more than the cap.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking  // URLSession outside Apple platforms
#endif

/// A download the server answered with a status other than 2xx.
public struct DownloadStatusError: Error, Equatable, CustomStringConvertible {
    /// The HTTP status code.
    public let status: Int

    public var description: String { "HTTP \(status)" }
}

/// One download streamed into a `CappedBody`: the task is cancelled as soon as the server
/// announces, or sends, more than the cap. Throws `DownloadStatusError`, `DownloadLimitError` or
/// URLSession's error.
public final class CappedDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {  // state behind `lock`
    private let lock = NSLock()
    private var body: CappedBody
    private var failure: Error?
    private var continuation: CheckedContinuation<Data, Error>?

    private init(maxBytes: Int) {
        body = CappedBody(maxBytes: maxBytes)
    }

    /// The body of `request`, at most `maxBytes`.
    public static func fetch(_ request: URLRequest, maxBytes: Int, configuration: URLSessionConfiguration) async throws -> Data {
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

    public func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let stop: Bool = locked {
            guard failure == nil else { return true }
            do {
                if body.data.isEmpty, let response = dataTask.response {
                    if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                        throw DownloadStatusError(status: http.statusCode)
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

    public func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let (continuation, result): (CheckedContinuation<Data, Error>?, Result<Data, Error>) = locked {
            let c = self.continuation
            self.continuation = nil
            if let failure { return (c, .failure(failure)) }
            if let error { return (c, .failure(error)) }
            if let http = task.response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                return (c, .failure(DownloadStatusError(status: http.statusCode)))
            }
            return (c, .success(body.data))
        }
        continuation?.resume(with: result)
    }
}
