// Updating a feed from its published manifest.json (`ringfence feed publish`, docs/feed-manifest.md).
// The library reads the manifest and decides what to fetch for the installed version; this file
// only fetches (URLSession, streamed under a size cap) and hands the bytes to the verified installs.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking  // URLSession outside Apple platforms
#endif
import Ringfence

/// What `CallDirectoryStore.updateFeed(manifest:)` did.
public enum FeedManifestUpdate: Equatable, Sendable {
    /// The manifest names the installed version (or an older one): only the manifest was fetched.
    case upToDate(InstalledDatabase?)
    /// The delta from the installed version installed.
    case delta(DatabaseInstallation)
    /// The full database installed. `deltaRefused` says why an offered delta was not used (its
    /// download, its size or SHA-256 against the manifest, or the library's refusal); nil when the
    /// manifest offered no delta from the installed version.
    case full(DatabaseInstallation, deltaRefused: String?)
}

extension CallDirectoryStore {
    /// Updates the feed a published `manifest.json` at `url` describes (HTTPS only, except hosts in
    /// `plainHTTPHosts`: a test's loopback server). The library parses the manifest
    /// (`parseFeedManifest`) and says what to fetch for the installed version (`planFeedUpdate`):
    /// nothing; the delta, installed with `installDatabaseDelta` (falling back to the full database
    /// when the delta is refused); or the full database, installed with `installDatabase`. Each
    /// download is checked against the manifest's size and SHA-256 (`checkFeedDownload`) before the
    /// library verifies its signature. Files are fetched next to the manifest, at most `maxBytes`
    /// each. Throws when nothing was installed: the installed version and the manifest stay.
    public func updateFeed(
        manifest url: URL,
        maxBytes: Int = 64 << 20,
        configuration: URLSessionConfiguration = .ephemeral,
        plainHTTPHosts: Set<String> = []
    ) async throws -> FeedManifestUpdate {
        func get(_ target: URL) async throws -> Data {
            let plain = target.scheme == "http" && target.host.map(plainHTTPHosts.contains) == true
            guard target.scheme == "https" || plain else { throw CallDirectoryStoreError.notHTTPS }
            var request = URLRequest(url: target)
            request.cachePolicy = .reloadIgnoringLocalCacheData
            return try await CappedDownload.fetch(request, maxBytes: maxBytes, configuration: configuration)
        }
        func download(_ file: FeedFile) async throws -> Data {
            guard let target = URL(string: file.name, relativeTo: url)?.absoluteURL else {
                throw CallDirectoryStoreError.badFileName
            }
            let data = try await get(target)
            try checkFeedDownload(file: file, bytes: data)
            return data
        }
        let manifest = try parseFeedManifest(bytes: try await get(url))
        let installed = try desired().databases.first { $0.feed == manifest.feed }
        switch planFeedUpdate(manifest: manifest, installedVersion: installed?.version) {
        case .upToDate:
            return .upToDate(installed)
        case let .full(full):
            return .full(try installDatabase(try await download(full), expectedFeed: manifest.feed), deltaRefused: nil)
        case let .delta(delta, full):
            do {
                return .delta(try installDatabaseDelta(try await download(delta.file), feed: manifest.feed))
            } catch {
                let installation = try installDatabase(try await download(full), expectedFeed: manifest.feed)
                return .full(installation, deltaRefused: "\(error)")
            }
        }
    }
}
