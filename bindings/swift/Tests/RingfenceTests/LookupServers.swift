// What the lookup tests fetch from: the published feed (scripts/lookup-fixture.sh, built into
// tests/vectors/databases/build/lookup) served by nginx, which scripts/test-swift.sh starts on the
// host with scripts/nginx-serve.sh (the Swift chroot has no nginx; both share 127.0.0.1) and names in
// RINGFENCE_LOOKUP_URL and RINGFENCE_LOOKUP_LOGS; and servers nginx cannot play (one that never
// answers, one that cuts its response short), on sockets of this process.
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

enum LookupFixture {
    static let scam = "+41446681800"
    static let telemarketing = "+390255512345"
    static let unlisted = "+41446681899"
    /// The user's own number: it must never reach the server either.
    static let own = "+41791234567"

    static var dir: URL { FeedFixtures.dir.appendingPathComponent("build/lookup") }

    static func publicKey() throws -> String {
        try String(contentsOf: dir.appendingPathComponent("feed.public"), encoding: .utf8)
    }

    /// The nginx base URL (all variants below it: good/, tampered/, …); fails the test when unset.
    static func server() throws -> URL {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["RINGFENCE_LOOKUP_URL"].flatMap(URL.init(string:)) else {
            XCTFail("RINGFENCE_LOOKUP_URL is not set: run through scripts/test-swift.sh (it starts nginx)")
            throw CocoaError(.featureUnsupported)
        }
        return url
    }

    /// nginx's log `name` (access.log: one URI per line; requests.log: request line and headers).
    static func log(_ name: String) -> [String] {
        let dir = ProcessInfo.processInfo.environment["RINGFENCE_LOOKUP_LOGS"] ?? "/nonexistent"
        let text = (try? String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }
}

/// A server on a free port of 127.0.0.1 that reads each request and answers `reply`, or never
/// answers when `reply` is nil. Runs until closed.
final class MisbehavingServer: @unchecked Sendable {
    let url: URL
    private let fd: Int32
    private let lock = NSLock()
    private var held: [Int32] = []

    init(reply: [UInt8]?) {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { a in
                precondition(bind(fd, a, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, a, &length) == 0)
            }
        }
        url = URL(string: "http://127.0.0.1:\(UInt16(bigEndian: addr.sin_port))")!
        Thread.detachNewThread { [weak self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(client, &buffer, buffer.count)
                if let reply {
                    _ = reply.withUnsafeBytes { write(client, $0.baseAddress, reply.count) }
                    _ = MisbehavingServer.closeFd(client)
                } else {
                    self?.hold(client)
                }
            }
        }
    }

    private func hold(_ client: Int32) { lock.lock(); held.append(client); lock.unlock() }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        _ = Self.closeFd(fd)
        lock.lock(); held.forEach { _ = Self.closeFd($0) }; held = []; lock.unlock()
    }

    fileprivate static func closeFd(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(fd)
        #else
        Darwin.close(fd)
        #endif
    }
}
