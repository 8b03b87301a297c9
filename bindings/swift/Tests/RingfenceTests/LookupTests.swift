// The private online lookup against a real nginx on 127.0.0.1 serving a feed published by the
// CLI: verdicts, every bad answer a typed outcome that changes no cache and fails open, the
// deadline, iOS pre-fetching with Call Directory entries from the cache, and requests that name
// buckets only.
import Foundation
import XCTest
@testable import Ringfence

final class LookupTests: XCTestCase {
    private typealias L = LookupFixture

    private func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ringfence-lookup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    private func client(_ dir: URL, ttl: UInt64 = 86_400) throws -> LookupClient {
        var settings = defaultLookupSettings()
        settings.ttlSecs = ttl
        return try LookupClient(cacheDir: dir.path, publicKey: try L.publicKey(), settings: settings)
    }

    private func fetcher(_ client: LookupClient, _ variant: String = "good", deadline: TimeInterval = 2.5) throws -> LookupFetcher {
        LookupFetcher(client: client, baseURL: try L.server().appendingPathComponent(variant), deadline: deadline, defaultRegion: "CH")
    }

    private func screener(_ client: LookupClient) throws -> Screener {
        let s = try Screener(config: ScreenerConfig(language: .en, defaultRegion: "CH"))
        s.useLookup(lookup: client)
        return s
    }

    private func call(_ number: String) -> IncomingCall {
        IncomingCall(number: number, presentation: .allowed, verification: .notVerified)
    }

    /// Every file under `dir` with its bytes.
    private func snapshot(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        for case let url as URL in FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) ?? .init() {
            if let data = try? Data(contentsOf: url) { out[url.path] = data }
        }
        return out
    }

    /// A cache holding the verified manifest and the scam number's bucket (answering for 0 s).
    private func seeded(_ dir: URL) throws -> LookupClient {
        let c = try client(dir, ttl: 0)
        let first = try fetcher(c).lookup(L.scam)
        guard case .answered(let a, fromCache: false) = first, a.listed else {
            XCTFail("seeding the cache failed: \(first)")
            throw CocoaError(.featureUnsupported)
        }
        return c
    }

    func testNginxServesVerdictsAndTheScreenerUsesTheCachedAnswers() throws {
        let c = try client(try tempDir())
        let f = try fetcher(c)
        let first = f.lookup("044 668 18 00")
        guard case .answered(let scam, fromCache: false) = first else { return XCTFail("\(first)") }
        XCTAssertEqual(scam.listed, true)
        XCTAssertEqual(scam.action, .block)
        XCTAssertEqual(scam.category, .scam)
        XCTAssertEqual(scam.label, "Fake bank …")
        XCTAssertEqual(scam.version, 2)
        XCTAssertEqual(f.lookup(L.scam), .answered(scam, fromCache: true), "the second lookup is cached")
        guard case .answered(let tele, _) = f.lookup(L.telemarketing), case .answered(let none, _) = f.lookup(L.unlisted) else {
            return XCTFail("not answered")
        }
        XCTAssertEqual(tele.action, .silence)
        XCTAssertFalse(none.listed)
        let s = try screener(c)
        XCTAssertEqual(s.screen(call: call(L.scam)).action, .block)
        XCTAssertEqual(s.screen(call: call(L.scam)).reasons.first, "lookup_listed")
        XCTAssertFalse(s.screen(call: call(L.unlisted)).reasons.contains("lookup_listed"))
    }

    func testEveryBadAnswerIsATypedOutcomeThatChangesNoCacheAndFailsOpen() throws {
        let cases: [(String, LookupOutcome)] = [
            ("tampered", .failed(.refused(.badSignature))),
            ("foreign", .failed(.refused(.unknownKey))),
            ("swapped", .failed(.refused(.wrongBucket))),
            ("replay", .failed(.refused(.downgrade))),
            ("truncated", .failed(.refused(.truncated))),
            ("missing", .failed(.httpStatus(404))),
        ]
        for (variant, expected) in cases {
            let dir = try tempDir()
            let c = try seeded(dir)
            let before = snapshot(dir)
            XCTAssertEqual(try fetcher(c, variant).lookup(L.scam), expected, variant)
            XCTAssertEqual(snapshot(dir), before, "\(variant) changed the cache")
            let verdict = try screener(c).screen(call: call(L.scam))
            XCTAssertEqual(verdict.action, .allow, "\(variant): screened without the answer")
            XCTAssertFalse(verdict.reasons.contains("lookup_listed"), variant)
        }
    }

    func testAStalledOrCutResponseEndsByTheDeadlineAndChangesNoCache() throws {
        let cut = Array("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n".utf8) + [UInt8](repeating: 0x89, count: 100)
        let stalled = MisbehavingServer(reply: nil), short = MisbehavingServer(reply: cut)
        defer { stalled.close(); short.close() }
        for (server, expected) in [(stalled, LookupFailure.timeout), (short, .truncatedResponse)] {
            let dir = try tempDir()
            let c = try seeded(dir)
            let before = snapshot(dir)
            let started = Date()
            let outcome = LookupFetcher(client: c, baseURL: server.url, deadline: 0.7).lookup(L.scam)
            let took = Date().timeIntervalSince(started)
            XCTAssertEqual(outcome, .failed(expected))
            XCTAssertLessThan(took, 0.7 + 0.5, "the deadline holds")
            XCTAssertEqual(snapshot(dir), before, "\(expected) changed the cache")
        }
    }

    func testPrefetchedBucketsGiveCallDirectoryEntriesFromTheCache() throws {
        let c = try client(try tempDir())
        let recentUnknown = [L.unlisted, L.telemarketing, L.scam, "not a number"]
        let now = UInt64(Date().timeIntervalSince1970)
        XCTAssertEqual(c.identificationEntries(numbers: recentUnknown, region: "CH", language: .en, now: now), [], "nothing cached")
        let outcomes = try fetcher(c).prefetch(recentUnknown)
        XCTAssertEqual(outcomes.last, .failed(.invalidNumber))
        let entries = c.identificationEntries(numbers: recentUnknown, region: "CH", language: .en, now: now)
        XCTAssertEqual(entries.map(\.number), [41446681800, 390255512345], "ascending, listed only")
        XCTAssertEqual(entries.map(\.label), ["Fake bank …", "Telemarketing"])
    }

    func testTheServerSeesOnlyBucketPathsNeverFourDigitsOfTheNumbers() throws {
        let (uriMark, lineMark) = (L.log("access.log").count, L.log("requests.log").count)
        let looked = [L.scam, L.telemarketing, L.unlisted, "+41215601234", "+12125550123", "044 668 18 99"]
        let root = try tempDir()
        for (i, n) in looked.enumerated() {
            guard case .answered = try fetcher(try client(root.appendingPathComponent("c\(i)"))).lookup(n) else {
                return XCTFail("\(n) not answered")
            }
        }
        var own = call(L.scam)
        own.userNumber = L.own
        _ = try screener(try client(root.appendingPathComponent("c0"))).screen(call: own)
        Thread.sleep(forTimeInterval: 0.1) // nginx writes its log after answering
        let uris = Array(L.log("access.log").dropFirst(uriMark)), lines = Array(L.log("requests.log").dropFirst(lineMark))
        XCTAssertEqual(uris.count, 2 * looked.count, "a manifest and one bucket per fresh client: \(uris)")
        let bucket = try NSRegularExpression(pattern: "^/good/b/[0-9a-f]{2}\\.bkt$")
        for uri in uris {
            let isBucket = bucket.firstMatch(in: uri, range: NSRange(uri.startIndex..., in: uri)) != nil
            XCTAssertTrue(uri == "/good/manifest.json" || isBucket, uri)
        }
        var forbidden = Set<String>()
        for n in looked + [L.own, "0446681800"] {
            let digits = Array(n.filter(\.isNumber))
            for length in 4...digits.count { for at in 0...(digits.count - length) { forbidden.insert(String(digits[at..<at + length])) } }
        }
        for line in uris + lines {
            XCTAssertFalse(forbidden.contains { line.contains($0) }, "a request carries digits of a number: \(line)")
        }
    }
}
