// CallDirectoryFeeder against the host-built Ringfence library: full loads, resets and incremental
// plans into a fake Call Directory that enforces CallKit's rules, checked against what screening
// decides for every number the rules cover.
import Foundation
import XCTest
import Ringfence
import RingfenceCallDirectory

final class FeederTests: XCTestCase {
    // MARK: fixtures

    private func screener(_ rules: [Rule]) throws -> Screener {
        let s = try Screener(config: ScreenerConfig(language: .en, defaultRegion: "CH"))
        try s.addRules(rules: rules)
        return s
    }

    private static func rule(_ pattern: String, _ action: Action, _ label: String? = nil,
                             _ category: Category = .spam) -> Rule {
        Rule(pattern: pattern, action: action, category: category, label: label)
    }

    /// Ranges with allow holes, labels and silences inside block ranges, emergency numbers under
    /// a block range (Italy's 112/113/115/118 in +3911#), a label rule without a label.
    static let oldRules: [Rule] = [
        rule("+4121560####", .block, "Spam range"),
        rule("+41215601111", .allow),
        rule("+41215603333", .allow),
        rule("+41215601234", .label, "Pizza Roma", .userList),
        rule("+41215609###", .silence, "Call centre", .telemarketing),
        rule("+3911#", .block),
        rule("+390212345678", .label, nil, .scam),
        rule("+447700900###", .label, "Drama range", .other),
    ]

    /// Every kind of change: a new block range, an allow rule dropped and one added, a relabel,
    /// a silence range turned into a block range, a range with emergency numbers dropped and one
    /// added (Switzerland's 112, 117, 118 in +411##), a label rule dropped, one added.
    static let newRules: [Rule] = [
        rule("+4121560####", .block, "Spam range"),
        rule("+4121561###", .block, "More spam"),
        rule("+41215602222", .allow),
        rule("+41215603333", .allow),
        rule("+41215601234", .label, "Pizza Napoli", .userList),
        rule("+41215609###", .block, "Call centre", .telemarketing),
        rule("+411##", .block),
        rule("+447700900###", .label, "Drama range", .other),
        rule("+447700900123", .allow),
        rule("+3906123456##", .silence, nil, .robocall),
    ]

    /// What screening decides for every number the rules cover: blocked numbers, and identified
    /// ones (label or silence by a user rule). The independent oracle for the export.
    private func oracle(_ s: Screener) -> (blocking: Set<Int64>, identification: Set<Int64>) {
        var blocking = Set<Int64>(), identification = Set<Int64>()
        for rule in s.rules() {
            let digits = rule.pattern.dropFirst()  // "+4121560####"
            let wild = digits.filter { $0 == "#" }.count
            let base = Int64(digits.replacingOccurrences(of: "#", with: "0"))!
            var size: Int64 = 1
            for _ in 0..<wild { size *= 10 }
            for n in base..<(base + size) {
                let v = s.screen(call: IncomingCall(number: "+\(n)", presentation: .allowed, verification: .notVerified))
                switch (v.action, v.reasons.first) {
                case (.block, "user_block"): blocking.insert(n)
                case (.label, "user_label"), (.silence, "user_silence"): identification.insert(n)
                default: break
                }
            }
        }
        return (blocking, identification)
    }

    /// Runs one request of `snapshot` into `directory` and commits it.
    @discardableResult
    private func load(
        _ snapshot: CallDirectorySnapshot, loaded: CallDirectorySnapshot?, into directory: FakeCallDirectory,
        incremental: Bool, chunkSize: UInt32, file: StaticString = #filePath, line: UInt = #line
    ) throws -> (CallDirectoryFeedReport, FakeRequest) {
        let request = directory.request(incremental: incremental, chunkSize: chunkSize)
        let feeder = CallDirectoryFeeder(chunkSize: chunkSize, onChunk: request.chunkFed)
        var report = try feeder.feed(snapshot, loaded: loaded, into: request)
        directory.commit(request, file: file, line: line)
        if report.deferred > 0, let loaded {
            // The plan's second request: the additions the first held back (numbers it also removed).
            let second = directory.request(incremental: true, chunkSize: chunkSize)
            let rest = try CallDirectoryFeeder(chunkSize: chunkSize, onChunk: second.chunkFed)
                .feed(.deferredAdditions(from: loaded, to: snapshot), into: second)
            directory.commit(second, file: file, line: line)
            XCTAssertEqual(rest.mode, .deferred, file: file, line: line)
            XCTAssertEqual(rest.added, report.deferred, "exactly what the first request held back", file: file, line: line)
            XCTAssertEqual(rest.removedBlocking + rest.removedIdentification + rest.deferred, 0, file: file, line: line)
            report.addedBlocking += rest.addedBlocking
            report.addedIdentification += rest.addedIdentification
            report.chunks += rest.chunks
        }
        return (report, request)
    }

    /// Every entry of a snapshot, in one go (the reference for "the new set").
    private func everything(_ snapshot: CallDirectorySnapshot) -> (blocking: [Int64], identification: [Int64: String]) {
        var blocking: [Int64] = [], identification: [Int64: String] = [:]
        let b = snapshot.blockingEntries(), i = snapshot.identificationEntries()
        while case let chunk = b.nextNumbers(max: 1_000_000), !chunk.isEmpty { blocking += chunk }
        while case let chunk = i.nextIdentification(max: 1_000_000), !chunk.isEmpty {
            for e in chunk { identification[e.number] = e.label }
        }
        return (blocking, identification)
    }

    // MARK: tests

    func testFullLoadMatchesScreeningInEveryChunkSize() throws {
        let s = try screener(Self.oldRules)
        let expected = oracle(s)
        XCTAssertTrue(expected.blocking.contains(41_215_600_000))
        XCTAssertFalse(expected.blocking.contains(41_215_601_111), "allowed inside a block range")
        XCTAssertTrue(expected.identification.contains(41_215_601_234), "labelled inside a block range")
        XCTAssertTrue(expected.identification.contains(41_215_609_000), "silenced inside a block range")
        for emergency: Int64 in [39112, 39113, 39115, 39118] {
            XCTAssertFalse(expected.blocking.contains(emergency), "emergency \(emergency)")
        }
        XCTAssertTrue(expected.blocking.contains(39110))

        for chunkSize: UInt32 in [1, 7, 1_000, 5_000, 100_000] {
            let directory = FakeCallDirectory()
            let (report, request) = try load(s.exportSnapshot(), loaded: nil, into: directory, incremental: false,
                                             chunkSize: chunkSize)
            XCTAssertEqual(report.mode, .full)
            XCTAssertEqual(directory.blocking, expected.blocking, "chunk \(chunkSize)")
            XCTAssertEqual(Set(directory.identification.keys), expected.identification, "chunk \(chunkSize)")
            XCTAssertEqual(report.addedBlocking, expected.blocking.count)
            XCTAssertEqual(report.addedIdentification, expected.identification.count)
            XCTAssertEqual(request.phases, [.addBlocking, .addIdentification])
            let blockChunks = request.chunks[.addBlocking] ?? []
            XCTAssertEqual(blockChunks.count, (expected.blocking.count + Int(chunkSize) - 1) / Int(chunkSize))
            XCTAssertEqual(report.chunks, request.chunks.values.map(\.count).reduce(0, +))
        }
        let directory = FakeCallDirectory()
        try load(s.exportSnapshot(), loaded: nil, into: directory, incremental: false, chunkSize: 5_000)
        XCTAssertEqual(directory.identification[41_215_601_234], "Pizza Roma")
        XCTAssertEqual(directory.identification[41_215_609_123], "Call centre")
        XCTAssertEqual(directory.identification[447_700_900_001], "Drama range")
        let defaultLabel = try XCTUnwrap(directory.identification[390_212_345_678])
        XCTAssertFalse(defaultLabel.isEmpty)
        XCTAssertFalse(defaultLabel.contains(where: \.isNumber), "a default label never holds the number")
    }

    func testIncrementalPlanTurnsTheOldSetIntoTheNewOne() throws {
        let old = try screener(Self.oldRules).exportSnapshot()
        let newScreener = try screener(Self.newRules)
        let new = newScreener.exportSnapshot()
        let expected = oracle(newScreener)
        let reference = everything(new)
        XCTAssertEqual(Set(reference.blocking), expected.blocking)
        XCTAssertEqual(Set(reference.identification.keys), expected.identification)
        for emergency: Int64 in [41112, 41117, 41118] {
            XCTAssertFalse(expected.blocking.contains(emergency), "Swiss emergency \(emergency) under +411##")
        }

        for chunkSize: UInt32 in [1, 3, 500, 5_000] {
            let directory = FakeCallDirectory()
            try load(old, loaded: nil, into: directory, incremental: false, chunkSize: chunkSize)
            let (report, request) = try load(new, loaded: old, into: directory, incremental: true, chunkSize: chunkSize)
            XCTAssertEqual(report.mode, .incremental)
            XCTAssertEqual(directory.sortedBlocking, reference.blocking, "chunk \(chunkSize)")
            XCTAssertEqual(directory.identification, reference.identification, "chunk \(chunkSize)")
            XCTAssertEqual(request.phases, CallDirectoryPhase.allCases, "every kind of change, in order")
            XCTAssertFalse(request.removedAll.blocking || request.removedAll.identification)
            // The plan is small: only what changed (exact counts: testPlanCountsAreExactlyTheDifference).
            XCTAssertLessThan(report.added + report.removedBlocking + report.removedIdentification, 5_000)
        }
    }

    func testPlanCountsAreExactlyTheDifference() throws {
        let old = try screener(Self.oldRules).exportSnapshot()
        let new = try screener(Self.newRules).exportSnapshot()
        let (ob, oi) = everything(old), (nb, ni) = everything(new)
        let directory = FakeCallDirectory()
        try load(old, loaded: nil, into: directory, incremental: false, chunkSize: 64)
        let (report, _) = try load(new, loaded: old, into: directory, incremental: true, chunkSize: 64)
        XCTAssertEqual(report.removedBlocking, Set(ob).subtracting(nb).count)
        XCTAssertEqual(report.addedBlocking, Set(nb).subtracting(ob).count)
        let changed = oi.filter { ni[$0.key] != $0.value }.count           // gone or relabelled
        let added = ni.filter { oi[$0.key] != $0.value }.count             // new or relabelled
        XCTAssertEqual(report.removedIdentification, changed)
        XCTAssertEqual(report.addedIdentification, added)
        XCTAssertEqual(directory.identification[41_215_601_234], "Pizza Napoli", "relabelled")
    }

    func testALabelChangeSpansTwoRequestsNeverRemovingAndAddingOneNumberInOne() throws {
        let old = try screener([Self.rule("+41215601234", .label, "Pizza Roma"), Self.rule("+4121560000#", .block)])
            .exportSnapshot()
        let new = try screener([Self.rule("+41215601234", .label, "Pizza Napoli"), Self.rule("+4121560000#", .block),
                                Self.rule("+41215605555", .label, "New")]).exportSnapshot()
        let directory = FakeCallDirectory()
        try load(old, loaded: nil, into: directory, incremental: false, chunkSize: 10)

        let first = directory.request(incremental: true, chunkSize: 10)
        let report = try CallDirectoryFeeder(chunkSize: 10, onChunk: first.chunkFed).feed(new, loaded: old, into: first)
        directory.commit(first)
        XCTAssertEqual(report.mode, .incremental)
        XCTAssertEqual(report.removedIdentification, 1, "the old label goes")
        XCTAssertEqual(report.addedIdentification, 1, "only the new number: the relabel waits")
        XCTAssertEqual(report.deferred, 1)
        XCTAssertNil(directory.identification[41_215_601_234], "between the two requests the number has no label")
        XCTAssertEqual(directory.identification[41_215_605_555], "New")

        let second = directory.request(incremental: true, chunkSize: 10)
        let rest = try CallDirectoryFeeder(chunkSize: 10, onChunk: second.chunkFed)
            .feed(.deferredAdditions(from: old, to: new), into: second)
        directory.commit(second)
        XCTAssertEqual(rest.mode, .deferred)
        XCTAssertEqual(second.phases, [.addIdentification])
        XCTAssertEqual(rest.addedIdentification, 1)
        XCTAssertEqual(directory.identification, everything(new).identification)
    }

    func testTheFakeRefusesARemovalAndAnAdditionOfOneNumberInOneRequest() throws {
        let directory = FakeCallDirectory()
        let full = directory.request(incremental: false, chunkSize: 10)
        full.addIdentification(41_215_601_234, label: "Pizza Roma")
        full.chunkFed(.addIdentification, 1)
        directory.commit(full)
        // A relabel in one request, as the feeder sent it before: remove, then add the same number.
        let request = directory.request(incremental: true, chunkSize: 10)
        try CallDirectoryFeeder(chunkSize: 10).feed(.incremental(
            removeBlocking: .empty, addBlocking: .empty,
            removeIdentification: .array([41_215_601_234]),
            addIdentification: .array([IdentificationEntry(number: 41_215_601_234, label: "Pizza Napoli")]),
            removals: { [] }  // nothing held back
        ), into: request)
        XCTAssertTrue(request.violations.contains { $0.contains("removed and added in one request") }, "\(request.violations)")
        // A number moving from blocking to identification is the same number too.
        let move = directory.request(incremental: true, chunkSize: 10)
        move.removeIdentification(41_215_601_234)
        move.addBlocking(41_215_601_234)
        XCTAssertTrue(move.violations.contains { $0.contains("removed and added in one request") }, "\(move.violations)")
    }

    func testIncrementalRequestWithNothingKnownResetsAndReloads() throws {
        let old = try screener(Self.oldRules).exportSnapshot()
        let new = try screener(Self.newRules).exportSnapshot()
        let directory = FakeCallDirectory()
        try load(old, loaded: nil, into: directory, incremental: false, chunkSize: 5_000)
        let (report, request) = try load(new, loaded: nil, into: directory, incremental: true, chunkSize: 5_000)
        XCTAssertEqual(report.mode, .reset)
        XCTAssertTrue(request.removedAll.blocking && request.removedAll.identification)
        let reference = everything(new)
        XCTAssertEqual(directory.sortedBlocking, reference.blocking)
        XCTAssertEqual(directory.identification, reference.identification)
    }

    func testPlansChainAcrossManyRandomVersions() throws {
        var rng = SplitMix(seed: 0x5eed)
        let directory = FakeCallDirectory()
        var loaded: CallDirectorySnapshot?
        for round in 0..<25 {
            var rules: [Rule] = []
            for _ in 0..<Int(rng.next() % 12) {
                let wild = Int(rng.next() % 4)
                let prefix = "+41215\(60 + rng.next() % 3)" + String(format: "%04d", Int(rng.next() % 10_000))
                let pattern = String(prefix.prefix(prefix.count - wild)) + String(repeating: "#", count: wild)
                let action: Action = [.block, .block, .allow, .label, .silence][Int(rng.next() % 5)]
                rules.append(Self.rule(pattern, action, rng.next() % 2 == 0 ? "L\(rng.next() % 3)" : nil))
            }
            if rng.next() % 3 == 0 { rules.append(Self.rule("+3911#", .block)) }
            let s = try screener(rules)
            let snapshot = s.exportSnapshot()
            let chunk = UInt32(1 + rng.next() % 50)
            let (report, _) = try load(snapshot, loaded: loaded, into: directory, incremental: loaded != nil,
                                       chunkSize: chunk)
            let reference = everything(snapshot)
            XCTAssertEqual(directory.sortedBlocking, reference.blocking, "round \(round)")
            XCTAssertEqual(directory.identification, reference.identification, "round \(round)")
            let expected = oracle(s)
            XCTAssertEqual(directory.blocking, expected.blocking, "round \(round): screening agrees")
            XCTAssertEqual(Set(directory.identification.keys), expected.identification, "round \(round)")
            XCTAssertEqual(report.mode, loaded == nil ? .full : .incremental)
            loaded = snapshot
        }
    }

    func testMillionNumberRangeStreamsInChunks() throws {
        let s = try screener([Self.rule("+41215######", .block), Self.rule("+41215601111", .allow)])
        var maxChunk = 0
        final class CountingSink: CallDirectorySink {
            var isIncremental: Bool { false }
            var count = 0, last: Int64 = 0, ordered = true
            func addBlocking(_ number: Int64) { ordered = ordered && number > last; last = number; count += 1 }
            func addIdentification(_ number: Int64, label: String) {}
            func removeBlocking(_ number: Int64) {}
            func removeIdentification(_ number: Int64) {}
            func removeAllBlocking() {}
            func removeAllIdentification() {}
        }
        let sink = CountingSink()
        let feeder = CallDirectoryFeeder(chunkSize: 5_000) { _, n in maxChunk = max(maxChunk, n) }
        let start = Date()
        let report = try feeder.feed(s.exportSnapshot(), loaded: nil, into: sink)
        let seconds = Date().timeIntervalSince(start)
        print("FeederTests: 999,999 blocking entries in \(report.chunks) chunks in \(String(format: "%.2f", seconds)) s")
        XCTAssertTrue(sink.ordered)
        XCTAssertEqual(sink.count, 999_999)
        XCTAssertEqual(sink.last, 41_215_999_999)
        XCTAssertEqual(maxChunk, 5_000)
        XCTAssertEqual(report.chunks, 200)
    }

    func testMaxAdditionsStopsBeforeSendingTooMuch() throws {
        let s = try screener([Self.rule("+4121560####", .block)])
        let directory = FakeCallDirectory()
        let request = directory.request(incremental: false, chunkSize: 1_000)
        let feeder = CallDirectoryFeeder(chunkSize: 1_000, maxAdditions: 2_500, onChunk: request.chunkFed)
        XCTAssertThrowsError(try feeder.feed(s.exportSnapshot(), loaded: nil, into: request)) { error in
            XCTAssertEqual(error as? CallDirectoryFeedError, .tooManyEntries(limit: 2_500))
        }
        XCTAssertEqual(request.blocking.count, 2_000, "nothing past the limit was sent")
    }
}

/// A small deterministic generator (no Foundation randomness, same on Linux and macOS).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
