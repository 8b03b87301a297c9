// What the store tests share: a fresh store directory per test, and the signed test databases
// (tests/vectors/databases/build, RINGFENCE_VECTORS_DIR).
import Foundation
import XCTest

/// A test case with an empty, unique directory `root` (removed afterwards).
class StoreDirectoryTestCase: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("ringfence-\(type(of: self))-\(UUID().uuidString)", isDirectory: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }
}

/// The signed test databases and their keys.
enum TestDatabases {
    static var directory: URL {
        let env = ProcessInfo.processInfo.environment["RINGFENCE_VECTORS_DIR"]
        let vectors = env.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).appendingPathComponent("../../../../../tests/vectors").standardized
        return vectors.appendingPathComponent("databases")
    }

    /// A built database (`v1.rfdb`…), or nil when scripts/build-bindings.sh has not built it.
    static func data(_ name: String) -> Data? {
        FileManager.default.contents(atPath: directory.appendingPathComponent("build/\(name)").path)
    }

    /// A public key file's 64 hex digits.
    static func key(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
