// Downloads signed Ringfence databases and stores the ones that verify. Verification (checksum,
// signature by a pinned key, no downgrade) is the library's, through RingfenceDatabaseSupport; a file
// that fails it never reaches the store, and the installed one stays.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking  // URLSession outside Apple platforms
#endif
import RingfenceCallDirectory

struct FeedUpdater {
    let store: CallDirectoryStore
    let support: RingfenceDatabaseSupport
    var session: URLSession = .shared

    /// The databases after updating `feeds`: each feed's new file when it downloaded and verified,
    /// else the installed one. Throws when a download or verification fails.
    func update(_ feeds: [FeedSource], installed: [InstalledDatabase]) async throws -> [InstalledDatabase] {
        var result = installed
        for feed in feeds {
            var request = URLRequest(url: feed.url)
            request.cachePolicy = .reloadIgnoringLocalCacheData
            let (data, response) = try await session.data(for: request)
            if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                throw FeedError.http(feed.name, http.statusCode)
            }
            let current = result.first { $0.feed == feed.name }
            let verified = try support.verify(data, installed: current)
            guard verified.feed == feed.name else { throw FeedError.wrongFeed(feed.name) }
            if let current, current.version == verified.version { continue }  // unchanged
            let stored = try store.storeDatabase(data, feed: verified.feed, version: verified.version)
            result.removeAll { $0.feed == feed.name }
            result.append(stored)
        }
        return result
    }
}

enum FeedError: Error, CustomStringConvertible {
    case http(String, Int)
    case wrongFeed(String)

    var description: String {
        switch self {
        case let .http(feed, code): return "\(feed): HTTP \(code)"
        case let .wrongFeed(feed): return "\(feed): the file is signed for another feed"
        }
    }
}
