// Feeds a Call Directory request from chunked streams: the whole job of a Call Directory extension's
// beginRequest, minus CallKit. Plain Swift, so it runs under XCTest on Linux and macOS.
import Foundation
import Ringfence

/// The four kinds of calls a load makes, in the order the feeder makes them.
public enum CallDirectoryPhase: String, Codable, CaseIterable, Sendable {
    case removeBlocking, addBlocking, removeIdentification, addIdentification
}

/// How a request was fed.
public enum CallDirectoryLoadMode: String, Codable, Sendable {
    /// A non-incremental request: the system started empty and got every entry.
    case full
    /// An incremental request with nothing known about what is loaded: everything was removed,
    /// then every entry added.
    case reset
    /// An incremental request fed with a plan (removals, then additions).
    case incremental
    /// An incremental request that only adds what the previous plan held back (see `CallDirectoryLoad`).
    case deferred
}

/// What was sent in one request.
public struct CallDirectoryFeedReport: Codable, Equatable, Sendable {
    public var mode: CallDirectoryLoadMode
    public var removedBlocking = 0
    public var addedBlocking = 0
    public var removedIdentification = 0
    public var addedIdentification = 0
    /// Chunks pulled from the streams (non-empty ones).
    public var chunks = 0
    /// Additions held back because this request removes the same number: the next request sends them.
    public var deferred = 0
    /// Set when the request stopped at the feeder's `loadSize` with additions left: the last one sent.
    /// The next request continues after it (`feed(_:into:after:)`; `CallDirectoryLoadJob` records it).
    public var stoppedAfter: CallDirectoryPosition?
    /// Set when the request continued a staged load: where the previous request stopped.
    public var resumedAfter: CallDirectoryPosition?

    public init(mode: CallDirectoryLoadMode) {
        self.mode = mode
    }

    /// Reads a report; one written before `deferred` existed has none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decode(CallDirectoryLoadMode.self, forKey: .mode)
        removedBlocking = try c.decode(Int.self, forKey: .removedBlocking)
        addedBlocking = try c.decode(Int.self, forKey: .addedBlocking)
        removedIdentification = try c.decode(Int.self, forKey: .removedIdentification)
        addedIdentification = try c.decode(Int.self, forKey: .addedIdentification)
        chunks = try c.decode(Int.self, forKey: .chunks)
        deferred = try c.decodeIfPresent(Int.self, forKey: .deferred) ?? 0
        stoppedAfter = try c.decodeIfPresent(CallDirectoryPosition.self, forKey: .stoppedAfter)
        resumedAfter = try c.decodeIfPresent(CallDirectoryPosition.self, forKey: .resumedAfter)
    }

    /// Entries added in this request.
    public var added: Int { addedBlocking + addedIdentification }

    /// The count for one phase.
    public func count(_ phase: CallDirectoryPhase) -> Int {
        switch phase {
        case .removeBlocking: return removedBlocking
        case .addBlocking: return addedBlocking
        case .removeIdentification: return removedIdentification
        case .addIdentification: return addedIdentification
        }
    }

    fileprivate mutating func add(_ n: Int, to phase: CallDirectoryPhase) {
        switch phase {
        case .removeBlocking: removedBlocking += n
        case .addBlocking: addedBlocking += n
        case .removeIdentification: removedIdentification += n
        case .addIdentification: addedIdentification += n
        }
    }
}

/// Why a load was stopped before the system saw a bad request. Messages never contain a number.
public enum CallDirectoryFeedError: Error, Equatable, CustomStringConvertible {
    /// A stream went backwards: CallKit would fail the request (`entriesOutOfOrder`).
    case outOfOrder(CallDirectoryPhase)
    /// A stream repeated a number: CallKit would fail the request (`duplicateEntries`).
    case duplicate(CallDirectoryPhase)
    /// A number that is not E.164 digits (zero, negative, or more than 15 digits).
    case invalidNumber(CallDirectoryPhase)
    /// A stream returned more entries than asked for.
    case oversizedChunk(CallDirectoryPhase)
    /// The load would add more than `maxAdditions` entries.
    case tooManyEntries(limit: Int)

    public var description: String {
        switch self {
        case .outOfOrder(let p): return "entries out of order in \(p.rawValue)"
        case .duplicate(let p): return "duplicate entry in \(p.rawValue)"
        case .invalidNumber(let p): return "invalid phone number in \(p.rawValue)"
        case .oversizedChunk(let p): return "chunk larger than requested in \(p.rawValue)"
        case .tooManyEntries(let limit): return "more than \(limit) entries to add"
        }
    }
}

/// Sends a `CallDirectoryLoad` to a `CallDirectorySink`, `chunkSize` entries at a time, checking on
/// the way what CallKit would otherwise reject after the fact (order, duplicates, number range).
///
/// Capacity (docs/controls.md, "iOS capacity"): snapshots are exported within `budget` entries, the
/// user's rules and the highest-scored feed entries first (`budgeted`); a load of more than
/// `loadSize` additions is sent over several requests, each continuing where the last one stopped.
///
/// Memory: one chunk of entries at a time (Ringfence's cursors hold O(1) state beyond the snapshot);
/// on Apple platforms each chunk is fed inside its own autorelease pool.
public struct CallDirectoryFeeder {
    /// The default `budget`: about what current iPhones are reported to load in one request.
    public static let defaultBudget: UInt64 = 2_000_000

    /// Entries pulled per call into Ringfence (Saracroche-style apps use 5,000).
    public var chunkSize: UInt32
    /// At most this many entries added in one request (nil: no limit). CallKit's own limit is not
    /// documented and varies by device; past it the request fails with `maximumEntriesExceeded`.
    /// The check happens before a chunk is sent, so a capped load sends nothing beyond the limit.
    public var maxAdditions: Int?
    /// At most this many entries in the directory, blocking and identification together (nil: no
    /// limit): `budgeted` exports a snapshot within it, keeping the user's rules, then feed entries by
    /// score (a `#` range counts as its 10^k numbers); the rest is counted in `skipped().overBudget`.
    public var budget: UInt64?
    /// At most this many additions per request (nil: no limit). A load with more stops there, its
    /// report saying where (`stoppedAfter`), and the next request continues after it. Unlike
    /// `maxAdditions`, reaching it is no error.
    public var loadSize: Int?
    /// Called after each chunk has been sent to the sink, with its phase and size.
    public var onChunk: ((CallDirectoryPhase, Int) -> Void)?

    public init(chunkSize: UInt32 = 5_000, maxAdditions: Int? = nil, budget: UInt64? = Self.defaultBudget,
                loadSize: Int? = nil, onChunk: ((CallDirectoryPhase, Int) -> Void)? = nil) {
        precondition(chunkSize > 0, "chunkSize must be positive")
        precondition(loadSize.map { $0 > 0 } ?? true, "loadSize must be positive")
        self.chunkSize = chunkSize
        self.maxAdditions = maxAdditions
        self.budget = budget
        self.loadSize = loadSize
        self.onChunk = onChunk
    }

    /// `snapshot` within `budget` (itself when there is none).
    public func budgeted(_ snapshot: CallDirectorySnapshot) -> CallDirectorySnapshot {
        budget.map { snapshot.withBudget(budget: $0) } ?? snapshot
    }

    /// Feeds `snapshot` (within `budget`) into `sink`, choosing the mode from the request and what is
    /// known to be loaded (exported within the same budget): a non-incremental request gets every entry
    /// (`full`); an incremental one gets the plan from `loaded` (`incremental`; additions it holds back
    /// are counted in `deferred` and go in the next request, `.deferredAdditions(from: loaded, to:
    /// snapshot)`), or, when `loaded` is nil, everything removed and re-added (`reset`).
    @discardableResult
    public func feed(
        _ snapshot: CallDirectorySnapshot, loaded: CallDirectorySnapshot?, into sink: CallDirectorySink
    ) throws -> CallDirectoryFeedReport {
        if sink.isIncremental, let loaded {
            return try feed(.incremental(from: budgeted(loaded), to: budgeted(snapshot)), into: sink)
        }
        return try feed(.full(budgeted(snapshot)), into: sink)
    }

    /// Feeds `load` into `sink`. A full load into an incremental request first removes all entries.
    /// With `resume` (an incremental request only), the request continues a staged load where the
    /// previous one stopped (its `stoppedAfter`): no removals, and only the additions after it. At most
    /// `loadSize` additions are sent; when more are left, the report's `stoppedAfter` says where it
    /// stopped. Throws `CallDirectoryFeedError` (the request must then be cancelled, not completed).
    @discardableResult
    public func feed(
        _ load: CallDirectoryLoad, into sink: CallDirectorySink, after resume: CallDirectoryPosition? = nil
    ) throws -> CallDirectoryFeedReport {
        precondition(resume == nil || sink.isIncremental, "a staged load continues in incremental requests")
        var stage = Stage(resume: resume)
        let fresh = resume == nil
        var report: CallDirectoryFeedReport
        switch load {
        case let .full(blocking, identification):
            report = CallDirectoryFeedReport(mode: sink.isIncremental ? .reset : .full)
            if sink.isIncremental, fresh {
                sink.removeAllBlocking()
                sink.removeAllIdentification()
            }
            try drain(blocking.resuming(.addBlocking, after: resume), .addBlocking, &report, &stage) { sink.addBlocking($0) }
            try drain(identification.resuming(.addIdentification, after: resume), .addIdentification, &report, &stage) {
                sink.addIdentification($0.number, label: $0.label)
            }
        case let .incremental(removeBlocking, addBlocking, removeIdentification, addIdentification, removals):
            precondition(sink.isIncremental, "an incremental plan needs an incremental request")
            report = CallDirectoryFeedReport(mode: .incremental)
            let held = Tally()
            if fresh { try drain(removeBlocking, .removeBlocking, &report, &stage) { sink.removeBlocking($0) } }
            try drain(addBlocking.resuming(.addBlocking, after: resume)
                        .filtered(by: AscendingMembership(removals()), keep: false, held: held),
                      .addBlocking, &report, &stage, held: held) { sink.addBlocking($0) }
            if fresh { try drain(removeIdentification, .removeIdentification, &report, &stage) { sink.removeIdentification($0) } }
            try drain(addIdentification.resuming(.addIdentification, after: resume)
                        .filtered(by: AscendingMembership(removals()), keep: false, held: held),
                      .addIdentification, &report, &stage, held: held) { sink.addIdentification($0.number, label: $0.label) }
            report.deferred = held.count
        case let .deferredAdditions(addBlocking, addIdentification, removals):
            precondition(sink.isIncremental, "deferred additions need an incremental request")
            report = CallDirectoryFeedReport(mode: .deferred)
            let skipped = Tally()
            try drain(addBlocking.resuming(.addBlocking, after: resume)
                        .filtered(by: AscendingMembership(removals()), keep: true, held: skipped),
                      .addBlocking, &report, &stage) { sink.addBlocking($0) }
            try drain(addIdentification.resuming(.addIdentification, after: resume)
                        .filtered(by: AscendingMembership(removals()), keep: true, held: skipped),
                      .addIdentification, &report, &stage) { sink.addIdentification($0.number, label: $0.label) }
        }
        report.resumedAfter = resume
        report.stoppedAfter = stage.stopped
        return report
    }

    /// Where a request is in a staged load: the last addition sent (or the resumed position), and
    /// where it stopped, if it did.
    private struct Stage {
        var last: CallDirectoryPosition?
        var stopped: CallDirectoryPosition?

        init(resume: CallDirectoryPosition?) {
            last = resume
        }
    }

    /// Largest E.164 number (15 digits).
    private static let maxNumber: Int64 = 999_999_999_999_999

    /// Sends `stream` in chunks; for additions, at most `loadSize` in the request, and when that is
    /// reached with entries left, records in `stage` where it stopped (no addition is sent after
    /// that; removals still are: a staged plan makes all of them in its first request).
    /// `held` counts what `stream` holds back: what looking for an entry left counted is the next
    /// request's to count.
    private func drain<E: CallDirectoryEntryNumber>(
        _ stream: CallDirectoryStream<E>, _ phase: CallDirectoryPhase, _ report: inout CallDirectoryFeedReport,
        _ stage: inout Stage, held: Tally? = nil, _ send: (E) -> Void
    ) throws {
        let adds = phase == .addBlocking || phase == .addIdentification
        var last: Int64 = 0
        while !(adds && stage.stopped != nil) {
            let room = adds ? loadSize.map { max($0 - report.added, 0) } : nil
            if room == 0 {
                let counted = held?.count ?? 0
                if !stream.next(max: 1).isEmpty {
                    stage.stopped = stage.last ?? CallDirectoryPosition(phase: phase, last: 0)
                    held?.count = counted
                }
                return
            }
            let size = room.map { UInt32(clamping: min($0, Int(chunkSize))) } ?? chunkSize
            let sent: Int = try withAutoreleasePool {
                let chunk = stream.next(max: size)
                if chunk.isEmpty { return 0 }
                guard chunk.count <= Int(size) else { throw CallDirectoryFeedError.oversizedChunk(phase) }
                if adds, let maxAdditions, report.added + chunk.count > maxAdditions {
                    throw CallDirectoryFeedError.tooManyEntries(limit: maxAdditions)
                }
                // Check the whole chunk before sending any of it.
                for entry in chunk {
                    let n = entry.entryNumber
                    guard n > 0, n <= Self.maxNumber else { throw CallDirectoryFeedError.invalidNumber(phase) }
                    if n == last { throw CallDirectoryFeedError.duplicate(phase) }
                    if n < last { throw CallDirectoryFeedError.outOfOrder(phase) }
                    last = n
                }
                chunk.forEach(send)
                return chunk.count
            }
            if sent == 0 { return }
            if adds { stage.last = CallDirectoryPosition(phase: phase, last: last) }
            report.add(sent, to: phase)
            report.chunks += 1
            onChunk?(phase, sent)
        }
    }
}

/// Entries that carry a phone number (plain numbers and identification entries).
public protocol CallDirectoryEntryNumber {
    var entryNumber: Int64 { get }
}

extension Int64: CallDirectoryEntryNumber {
    public var entryNumber: Int64 { self }
}

extension IdentificationEntry: CallDirectoryEntryNumber {
    public var entryNumber: Int64 { number }
}

/// Runs `body` in an autorelease pool where there is one (Apple platforms), so each chunk's
/// temporary objects are freed before the next: a Call Directory extension has a small memory budget.
@inline(__always)
func withAutoreleasePool<T>(_ body: () throws -> T) rethrows -> T {
    #if canImport(ObjectiveC)
    return try autoreleasepool(invoking: body)
    #else
    return try body()
    #endif
}
