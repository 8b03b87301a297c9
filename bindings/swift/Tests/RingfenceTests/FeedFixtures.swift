// The signed test databases (tests/vectors/databases, built by scripts/build-bindings.sh) and the
// checks the database and attack tests share.
import Foundation
import XCTest
@testable import Ringfence

enum FeedFixtures {
    /// The feed of v1, v2 and other-key (`test-feed.public`).
    static let feed = "ringfence-test"
    /// A second feed, signed by `other.public`.
    static let otherFeed = "other-feed"

    static var dir: URL {
        let env = ProcessInfo.processInfo.environment["RINGFENCE_VECTORS_DIR"]
        let vectors = env.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).appendingPathComponent("../../../../../tests/vectors").standardized
        return vectors.appendingPathComponent("databases")
    }

    /// A built fixture's path.
    static func path(_ name: String) -> String { dir.appendingPathComponent("build/\(name)").path }

    static func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    /// A public key file's text, as read (with its trailing newline: `pinFeed` trims).
    static func key(_ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }

    /// A screener with `feed` pinned to its key (and `otherFeed` to the other key when `both`).
    static func screener(both: Bool = false) throws -> Screener {
        let s = try Screener(config: ScreenerConfig(language: .en, defaultRegion: "CH"))
        try s.pinFeed(feed: feed, keys: [try key("test-feed.public")])
        if both { try s.pinFeed(feed: otherFeed, keys: [try key("other.public")]) }
        return s
    }

    static func check(_ s: Screener, _ number: String) -> Verdict {
        s.screen(call: IncomingCall(number: number, presentation: .allowed, verification: .notVerified))
    }

    /// What an attack must leave unchanged: the installed databases, the answers for the fixtures'
    /// numbers, the version floor of each feed and the store's files with their contents.
    static func state(_ s: Screener, store: URL? = nil) -> String {
        let answers = ["+41446681800", "+41215600042", "+41215609999"].map { n -> String in
            let v = check(s, n)
            return "\(v.action) \(v.label ?? "-")"
        }
        let files = store.map { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted().map { name in
                let data = (try? Data(contentsOf: dir.appendingPathComponent(name))) ?? Data()
                return "\(name) \(data.count) \(data.reduce(into: UInt32(0)) { $0 = $0 &* 31 &+ UInt32($1) })"
            }
        }
        let floors = [feed, otherFeed].map { s.versionFloor(feed: $0).map { "\($0.version) \($0.signerHex)" } ?? "-" }
        return "\(s.databases()) \(answers) \(floors) \(files ?? [])"
    }
}

/// A new empty directory under the temporary directory.
func temporaryStore() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ringfence-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The kind of database rejection `body` throws (fails the test for anything else); the reason
/// carries no number.
func rejection(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> DatabaseProblem? {
    do {
        try body()
        XCTFail("expected a rejection", file: file, line: line)
    } catch let RingfenceError.InvalidDatabase(kind, reason) {
        XCTAssertNil(reason.range(of: #"\d{5,}"#, options: .regularExpression), "no number in \(reason)")
        return kind
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
    return nil
}
