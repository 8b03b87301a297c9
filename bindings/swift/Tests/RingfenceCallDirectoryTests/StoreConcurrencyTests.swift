// The store's lane: rule edits, database installs and their garbage collection from many threads at
// once lose no update and never delete a file the desired manifest names. Also the streaming cap of
// downloads.
import Foundation
import XCTest
import Ringfence
import RingfenceCallDirectory

final class StoreConcurrencyTests: StoreDirectoryTestCase {
    private func files(_ dir: String) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path)) ?? [])
    }

    func testConcurrentRuleEditsAndInstallsLoseNothingAndKeepEveryLiveFile() throws {
        let store = CallDirectoryStore(root: root, feedKeys: ["ringfence-test": [try TestDatabases.key("test-feed.public")]])
        let v1 = try XCTUnwrap(TestDatabases.data("v1.rfdb")), v2 = try XCTUnwrap(TestDatabases.data("v2.rfdb"))
        let edits = 40
        let lock = NSLock()
        var problems: [String] = []
        func note(_ s: String) { lock.lock(); problems.append(s); lock.unlock() }

        DispatchQueue.concurrentPerform(iterations: edits + 1) { i in
            do {
                if i == edits {
                    for data in [v1, v2] {
                        let installed = try store.installDatabase(data)
                        // Whatever runs meanwhile, the file just published stays.
                        let file = root.appendingPathComponent("databases/\(installed.database.file)")
                        if !FileManager.default.fileExists(atPath: file.path) { note("installed file deleted") }
                    }
                } else {
                    try store.editRules(defaultRegion: "CH") { screener in
                        try screener.addRule(rule: Rule(pattern: "+4121560\(String(format: "%04d", i))", action: .block,
                                                        category: .spam, label: nil))
                    }
                }
            } catch {
                note("\(error)")
            }
        }
        XCTAssertEqual(problems, [])

        let desired = try store.desired()
        XCTAssertEqual(desired.generation, UInt64(edits + 2), "every change is its own generation")
        XCTAssertEqual(try store.makeScreener(for: desired, databases: false).rules().count, edits, "no rule edit lost")
        XCTAssertEqual(desired.databases.map(\.version), [2], "no install lost")
        // Every file the desired manifest names is there, and loads.
        let screener = try store.makeScreener(for: desired)
        XCTAssertEqual(screener.databases().map(\.version), [2])
        XCTAssertTrue(files("rules").contains(try XCTUnwrap(desired.rulesFile)))
        // And garbage collection still ran: only the desired and the previous generation's files remain.
        XCTAssertLessThanOrEqual(files("rules").count, 2)
        XCTAssertLessThanOrEqual(files("databases").count, 2)
    }

    func testAFailedEditPublishesNothing() throws {
        let store = CallDirectoryStore(root: root)
        try store.editRules { try $0.addRule(rule: Rule(pattern: "+41215601111", action: .block, category: nil, label: nil)) }
        XCTAssertThrowsError(try store.editRules { try $0.addRule(rule: Rule(pattern: "not a number", action: .block,
                                                                            category: nil, label: nil)) })
        XCTAssertEqual(try store.desired().generation, 1)
    }

    func testADownloadStopsAtTheCapWhileStreaming() throws {
        var body = CappedBody(maxBytes: 10)
        XCTAssertNoThrow(try body.expect(-1), "unknown length")
        XCTAssertThrowsError(try body.expect(11)) { XCTAssertEqual($0 as? DownloadLimitError, .tooLarge(maxBytes: 10)) }
        try body.append(Data(repeating: 1, count: 6))
        try body.append(Data(repeating: 2, count: 4))
        XCTAssertThrowsError(try body.append(Data([3]))) { XCTAssertEqual($0 as? DownloadLimitError, .tooLarge(maxBytes: 10)) }
        XCTAssertEqual(body.data.count, 10, "nothing past the cap was kept")
    }
}
