// The online lookup's fetcher (hand-written, beside the generated bindings): URLSession
// (FoundationNetworking on Linux) fetches the manifest and the one bucket a number falls in,
// relative to the publication's base URL, and the library verifies and caches them
// (docs/privacy.md). On iOS no app code runs while a call rings, so the app pre-fetches the
// buckets of recent unknown callers (`prefetch`) and its Call Directory extension identifies
// them from the cache (`LookupClient.identificationEntries`; docs/privacy.md).
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why a lookup gave no answer. Screening goes on without it (fail open); the cache is unchanged.
public enum LookupFailure: Error, Equatable, Sendable {
    /// No answer before the fetcher's deadline (connecting, waiting or reading).
    case timeout
    /// The server answered another status than 200 (e.g. 404).
    case httpStatus(Int)
    /// The response ended before its announced length, or the connection broke mid-body.
    case truncatedResponse
    /// The response is larger than any valid file.
    case tooLarge
    /// No connection (refused, unreachable, bad URL).
    case transport
    /// The library refused the file (tampered, foreign, swapped, replayed, cut…).
    case refused(LookupProblem)
    /// The caller's number (or region) cannot be read.
    case invalidNumber
    /// Something else failed inside Ringfence (a bug).
    case internalError
}

/// What one lookup gave.
public enum LookupOutcome: Equatable, Sendable {
    /// The feed's answer: from the cache, or fetched and verified now.
    case answered(LookupAnswer, fromCache: Bool)
    /// No answer, and why.
    case failed(LookupFailure)
}

/// Fetches lookup buckets for a `LookupClient` and hands them to the library, which verifies
/// and caches them. Requests name only the manifest or a bucket, never a number; no cookies,
/// no HTTP cache, no redirects. Each lookup ends by `deadline` (default 2.5 s) and never
/// throws: it answers from the cache when it can, else fetches, else fails open. Give the
/// screener the same client (`useLookup`). National numbers are read in the region given,
/// else in `defaultRegion`. Blocking: call it off the main thread.
public final class LookupFetcher: @unchecked Sendable {
    /// The deadline of one lookup when none is given, in seconds.
    public static let defaultDeadline: TimeInterval = 2.5

    public let client: LookupClient
    public let baseURL: URL
    public let deadline: TimeInterval
    private let defaultRegion: String?
    private let session: URLSession
    private let now: @Sendable () -> UInt64

    public init(
        client: LookupClient, baseURL: URL, deadline: TimeInterval = LookupFetcher.defaultDeadline,
        defaultRegion: String? = nil, now: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }
    ) {
        precondition(deadline > 0, "the deadline must be positive")
        self.client = client
        self.baseURL = baseURL
        self.deadline = deadline
        self.defaultRegion = defaultRegion
        self.now = now
        let config = URLSessionConfiguration.ephemeral
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        config.urlCache = nil
        config.httpShouldSetCookies = false
        config.httpCookieAcceptPolicy = .never
        config.timeoutIntervalForRequest = deadline
        config.timeoutIntervalForResource = deadline
        session = URLSession(configuration: config, delegate: NoRedirects(), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Looks `number` up: from the cache, else fetched by the deadline. Never throws.
    public func lookup(_ number: String, region: String? = nil) -> LookupOutcome {
        let until = Date().addingTimeInterval(deadline)
        let region = region ?? defaultRegion
        do {
            let now = self.now()
            if let cached = client.cachedAnswer(number: number, region: region, now: now) {
                return .answered(cached, fromCache: true)
            }
            if !client.manifestIsFresh(now: now) {
                switch get(lookupManifestPath(), maxBytes: lookupManifestMaxBytes(), until: until) {
                case .failure(let failure): return .failed(failure)
                case .success(let bytes): _ = try client.acceptManifest(bytes: bytes, now: now)
                }
            }
            let request = try client.lookupPath(number: number, region: region)
            switch get(request.path(), maxBytes: request.maxBytes(), until: until) {
            case .failure(let failure): return .failed(failure)
            case .success(let bytes):
                return .answered(try client.acceptBucket(request: request, bytes: bytes, now: now), fromCache: false)
            }
        } catch RingfenceError.LookupRefused(let kind, _) {
            return .failed(.refused(kind))
        } catch RingfenceError.InvalidNumber, RingfenceError.InvalidRegion {
            return .failed(.invalidNumber)
        } catch {
            return .failed(.internalError)
        }
    }

    /// Pre-fetches the buckets of `numbers` (recent unknown callers), each with its own
    /// deadline, so that screening and the Call Directory can answer from the cache later.
    @discardableResult
    public func prefetch(_ numbers: [String], region: String? = nil) -> [LookupOutcome] {
        numbers.map { lookup($0, region: region) }
    }

    /// GETs `path` below the base URL by `until`, reading at most `maxBytes`.
    private func get(_ path: String, maxBytes: UInt64, until: Date) -> Result<Data, LookupFailure> {
        let left = until.timeIntervalSinceNow
        guard left > 0 else { return .failure(.timeout) }
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: "\(base)/\(path)") else {
            return .failure(.transport)
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: left)
        request.httpShouldHandleCookies = false
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        let task = session.dataTask(with: request) { data, response, error in
            box.set(Self.classify(data, response, error, maxBytes: maxBytes))
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + left) == .timedOut {
            task.cancel()
            return .failure(.timeout)
        }
        return box.get() ?? .failure(.internalError)
    }

    private static func classify(_ data: Data?, _ response: URLResponse?, _ error: Error?, maxBytes: UInt64) -> Result<Data, LookupFailure> {
        if let error = error as? URLError {
            switch error.code {
            case .timedOut, .cancelled: return .failure(.timeout)
            case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .badURL,
                 .unsupportedURL, .secureConnectionFailed, .internationalRoamingOff, .dataNotAllowed:
                return .failure(.transport)
            // Connected, then the response broke off (FoundationNetworking reports a short body
            // under several codes, without the response).
            default: return .failure(.truncatedResponse)
            }
        }
        if error != nil { return .failure(response == nil ? .transport : .truncatedResponse) }
        guard let http = response as? HTTPURLResponse else { return .failure(.transport) }
        guard http.statusCode == 200 else { return .failure(.httpStatus(http.statusCode)) }
        let body = data ?? Data()
        let announced = http.expectedContentLength
        if announced > 0 && UInt64(announced) > maxBytes || UInt64(body.count) > maxBytes { return .failure(.tooLarge) }
        if announced >= 0 && Int64(body.count) != announced { return .failure(.truncatedResponse) }
        return .success(body)
    }
}

/// One fetch's result, handed from URLSession's queue to the waiting caller.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<Data, LookupFailure>?
    func set(_ v: Result<Data, LookupFailure>) { lock.lock(); value = v; lock.unlock() }
    func get() -> Result<Data, LookupFailure>? { lock.lock(); defer { lock.unlock() }; return value }
}

/// Refuses every redirect: a bucket is served where it was asked for, or not at all.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
