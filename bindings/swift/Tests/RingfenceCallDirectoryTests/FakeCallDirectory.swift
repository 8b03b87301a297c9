// A stand-in for the system's Call Directory: it keeps the entries across requests and enforces, on
// every call, the rules CallKit enforces (and fails requests for): additions strictly ascending per
// kind within a request, no duplicates, removals only in incremental requests and only of entries
// it holds. It also checks the feeder's chunking against what it received, and refuses a request
// that removes and adds the same number (in either kind): Apple does not document the order in
// which a request's removals and additions are applied, so the fake assumes none. With
// `maxAdditionsPerRequest` it takes at most that many additions in one request, as devices do
// (`maximumEntriesExceeded`): a larger request fails and changes nothing (`commitUnlessTooLarge`).
import Foundation
import XCTest
import RingfenceCallDirectory

final class FakeCallDirectory {
    /// Committed entries (what the system holds).
    private(set) var blocking = Set<Int64>()
    private(set) var identification = [Int64: String]()
    /// The most additions (both kinds) one request may make; nil: no limit.
    var maxAdditionsPerRequest: Int?

    /// Starts a request; `commit` it to keep its changes.
    func request(incremental: Bool, chunkSize: UInt32) -> FakeRequest {
        FakeRequest(
            isIncremental: incremental, chunkSize: chunkSize, maxAdditions: maxAdditionsPerRequest,
            blocking: incremental ? blocking : [], identification: incremental ? identification : [:])
    }

    /// Commits `request` unless it added more than `maxAdditionsPerRequest` (the system then fails it
    /// and keeps what it had); whether it was committed.
    func commitUnlessTooLarge(_ request: FakeRequest, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        if request.tooLarge { return false }
        commit(request, file: file, line: line)
        return true
    }

    func commit(_ request: FakeRequest, file: StaticString = #filePath, line: UInt = #line) {
        request.finish(file: file, line: line)
        XCTAssertEqual(request.violations, [], "CallKit would fail this request", file: file, line: line)
        guard request.violations.isEmpty else { return }
        blocking = request.blocking
        identification = request.identification
    }

    var sortedBlocking: [Int64] { blocking.sorted() }
}

final class FakeRequest: CallDirectorySink {
    let isIncremental: Bool
    let chunkSize: UInt32
    fileprivate(set) var blocking: Set<Int64>
    fileprivate(set) var identification: [Int64: String]
    /// What CallKit would reject; no phone numbers in these strings beyond test data.
    private(set) var violations: [String] = []
    /// Calls per phase, in order of arrival (to check the phase order).
    private(set) var phases: [CallDirectoryPhase] = []
    /// Chunk sizes per phase, as reported by the feeder's onChunk.
    private(set) var chunks: [CallDirectoryPhase: [Int]] = [:]
    /// Additions received (both kinds), and the most the request may make.
    private(set) var additions = 0
    let maxAdditions: Int?
    /// Whether the request added more than it may (CallKit fails it: `maximumEntriesExceeded`).
    var tooLarge: Bool { maxAdditions.map { additions > $0 } ?? false }
    private(set) var removedAll = (blocking: false, identification: false)

    /// Numbers removed and added in this request (any kind): never the same one in both.
    private var removedNumbers = Set<Int64>()
    private var addedNumbers = Set<Int64>()
    private var lastAdd: [CallDirectoryPhase: Int64] = [:]
    private var lastRemove: [CallDirectoryPhase: Int64] = [:]
    private var sinceChunk = 0
    private var currentPhase: CallDirectoryPhase?

    fileprivate init(isIncremental: Bool, chunkSize: UInt32, maxAdditions: Int?, blocking: Set<Int64>,
                     identification: [Int64: String]) {
        self.isIncremental = isIncremental
        self.chunkSize = chunkSize
        self.maxAdditions = maxAdditions
        self.blocking = blocking
        self.identification = identification
    }

    /// The feeder's onChunk: the chunk it reports must be exactly what arrived since the last one.
    func chunkFed(_ phase: CallDirectoryPhase, _ count: Int) {
        if count != sinceChunk { violations.append("chunk of \(count) reported, \(sinceChunk) received") }
        if currentPhase != phase && sinceChunk > 0 { violations.append("chunk phase \(phase) after \(String(describing: currentPhase))") }
        if count < 1 || count > Int(chunkSize) { violations.append("chunk size \(count) not in 1...\(chunkSize)") }
        chunks[phase, default: []].append(count)
        sinceChunk = 0
    }

    fileprivate func finish(file: StaticString, line: UInt) {
        if sinceChunk != 0 { violations.append("\(sinceChunk) entries after the last reported chunk") }
        if tooLarge { violations.append("\(additions) additions in one request (maximumEntriesExceeded)") }
        for (phase, sizes) in chunks where sizes.dropLast().contains(where: { $0 != Int(chunkSize) }) {
            violations.append("\(phase): a chunk before the last was short: \(sizes)")
        }
    }

    private func enter(_ phase: CallDirectoryPhase) {
        if phases.last != phase {
            if phases.contains(phase) { violations.append("phase \(phase) resumed after another") }
            if let last = phases.last, CallDirectoryPhase.allCases.firstIndex(of: last)! > CallDirectoryPhase.allCases.firstIndex(of: phase)! {
                violations.append("phase \(phase) after \(last)")
            }
            phases.append(phase)
        }
        currentPhase = phase
        sinceChunk += 1
    }

    private func ascending(_ n: Int64, _ phase: CallDirectoryPhase, _ last: inout [CallDirectoryPhase: Int64]) {
        if let prev = last[phase], n <= prev {
            violations.append(n == prev ? "\(phase): duplicate \(n)" : "\(phase): \(n) after \(prev) (out of order)")
        }
        last[phase] = n
        if n <= 0 { violations.append("\(phase): non-positive number") }
    }

    private func added(_ number: Int64) {
        additions += 1
        addedNumbers.insert(number)
        if removedNumbers.contains(number) { violations.append("\(number) removed and added in one request (order undocumented)") }
    }

    private func removed(_ number: Int64) {
        removedNumbers.insert(number)
        if addedNumbers.contains(number) { violations.append("\(number) added and removed in one request (order undocumented)") }
    }

    func addBlocking(_ number: Int64) {
        added(number)
        enter(.addBlocking)
        ascending(number, .addBlocking, &lastAdd)
        if !blocking.insert(number).inserted { violations.append("addBlocking: \(number) already present") }
    }

    func addIdentification(_ number: Int64, label: String) {
        added(number)
        enter(.addIdentification)
        ascending(number, .addIdentification, &lastAdd)
        if label.isEmpty { violations.append("empty label") }
        if identification.updateValue(label, forKey: number) != nil {
            violations.append("addIdentification: \(number) already present")
        }
    }

    func removeBlocking(_ number: Int64) {
        removed(number)
        enter(.removeBlocking)
        ascending(number, .removeBlocking, &lastRemove)
        if !isIncremental { violations.append("removal in a full load") }
        if blocking.remove(number) == nil { violations.append("removeBlocking: \(number) not present (unexpectedIncrementalRemoval)") }
    }

    func removeIdentification(_ number: Int64) {
        removed(number)
        enter(.removeIdentification)
        ascending(number, .removeIdentification, &lastRemove)
        if !isIncremental { violations.append("removal in a full load") }
        if identification.removeValue(forKey: number) == nil {
            violations.append("removeIdentification: \(number) not present (unexpectedIncrementalRemoval)")
        }
    }

    func removeAllBlocking() {
        if !isIncremental { violations.append("removeAll in a full load") }
        if !phases.isEmpty { violations.append("removeAllBlocking after entries") }
        removedAll.blocking = true
        blocking.removeAll()
    }

    func removeAllIdentification() {
        if !isIncremental { violations.append("removeAll in a full load") }
        if !phases.isEmpty { violations.append("removeAllIdentification after entries") }
        removedAll.identification = true
        identification.removeAll()
    }
}
