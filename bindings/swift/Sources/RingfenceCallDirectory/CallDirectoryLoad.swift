// The entries of one Call Directory request as chunked, pull-based streams. Ringfence's cursors are
// one source (see RingfenceSource.swift); tests can also build loads from arrays.
import Ringfence

/// A pull-based stream of entries: each `next(max:)` returns at most `max` entries, and an empty
/// array once the stream is exhausted (the shape of Ringfence's `CallDirectoryCursor`).
public struct CallDirectoryStream<Element> {
    private let pull: (UInt32) -> [Element]

    /// A stream over `pull`, which is called with the chunk size until it returns an empty array.
    public init(_ pull: @escaping (UInt32) -> [Element]) {
        self.pull = pull
    }

    /// The next chunk (at most `max` entries); empty when done.
    public func next(max: UInt32) -> [Element] {
        pull(max)
    }

    /// A stream over an array, served in chunks (for tests and small fixed lists).
    public static func array(_ items: [Element]) -> CallDirectoryStream<Element> {
        var rest = items[...]
        return CallDirectoryStream { max in
            let chunk = rest.prefix(Int(max))
            rest = rest.dropFirst(chunk.count)
            return Array(chunk)
        }
    }

    /// An empty stream.
    public static var empty: CallDirectoryStream<Element> { .array([]) }
}

/// What one Call Directory request sends: either every entry, or a plan from the entries the
/// system holds to the new ones (removals, then additions, for each kind).
///
/// One request never removes and adds the same number. Apple does not document in which order the
/// system applies a request's removals and additions, so "remove +41…, add +41… with a new label" in
/// one request may end with the entry gone. An incremental plan therefore holds back every addition
/// whose number the same request removes (a relabelled entry; a number moving between blocking and
/// identification): the feeder counts them (`CallDirectoryFeedReport.deferred`), and the next request
/// sends exactly those (`deferredAdditions`). A label change thus spans two requests.
public enum CallDirectoryLoad {
    /// Every entry (a full load; in an incremental request the feeder first removes everything).
    case full(blocking: CallDirectoryStream<Int64>, identification: CallDirectoryStream<IdentificationEntry>)
    /// A plan: the removals, and the additions whose number none of `removals()` holds. Applying both
    /// and then `deferredAdditions` to the loaded entries yields the new ones.
    case incremental(
        removeBlocking: CallDirectoryStream<Int64>,
        addBlocking: CallDirectoryStream<Int64>,
        removeIdentification: CallDirectoryStream<Int64>,
        addIdentification: CallDirectoryStream<IdentificationEntry>,
        removals: CallDirectoryNumbers
    )
    /// The second request of a plan: only the additions whose number one of `removals()` holds (those
    /// the plan's first request held back). Nothing is removed.
    case deferredAdditions(
        addBlocking: CallDirectoryStream<Int64>,
        addIdentification: CallDirectoryStream<IdentificationEntry>,
        removals: CallDirectoryNumbers
    )
}

/// The numbers a plan removes, as fresh ascending streams on every call (one per kind): read alongside
/// the additions, so that memory stays one chunk per stream however large the plan.
public typealias CallDirectoryNumbers = () -> [CallDirectoryStream<Int64>]

/// Whether numbers are in an ascending stream, asked in ascending order: walks the stream alongside,
/// one chunk in memory.
final class AscendingMembership {
    private let streams: [CallDirectoryStream<Int64>]
    private var buffers: [[Int64]]
    private var positions: [Int]
    private var done: [Bool]

    init(_ streams: [CallDirectoryStream<Int64>]) {
        self.streams = streams
        buffers = Array(repeating: [], count: streams.count)
        positions = Array(repeating: 0, count: streams.count)
        done = Array(repeating: false, count: streams.count)
    }

    /// Whether any stream holds `n`. Numbers below `n` are skipped for good.
    func contains(_ n: Int64) -> Bool {
        (0..<streams.count).contains { holds(n, $0) }
    }

    private func holds(_ n: Int64, _ i: Int) -> Bool {
        while !done[i] {
            if positions[i] == buffers[i].count {
                buffers[i] = streams[i].next(max: 4_096)
                positions[i] = 0
                if buffers[i].isEmpty { done[i] = true; return false }
            }
            let v = buffers[i][positions[i]]
            if v >= n { return v == n }
            positions[i] += 1
        }
        return false
    }
}

extension CallDirectoryStream {
    /// The entries `include` accepts, in order, still in chunks of the size asked for.
    func filter(_ include: @escaping (Element) -> Bool) -> CallDirectoryStream<Element> {
        var pending: ArraySlice<Element> = []
        return CallDirectoryStream { max in
            var out: [Element] = []
            while out.count < Int(max) {
                if pending.isEmpty {
                    pending = self.next(max: max)[...]
                    if pending.isEmpty { break }
                }
                let entry = pending.removeFirst()
                if include(entry) { out.append(entry) }
            }
            return out
        }
    }
}

extension CallDirectoryStream where Element: CallDirectoryEntryNumber {
    /// The entries whose number `members` holds (`keep == true`) or does not hold (`keep == false`),
    /// still in chunks of the size asked for; `held` counts the entries left out.
    func filtered(by members: AscendingMembership, keep: Bool, held: Tally) -> CallDirectoryStream<Element> {
        filter { entry in
            if members.contains(entry.entryNumber) == keep { return true }
            held.count += 1
            return false
        }
    }

    /// The entries after `position` when this stream is its phase's additions; none when the phase
    /// comes before it; all of them otherwise (or without a position).
    func resuming(_ phase: CallDirectoryPhase, after position: CallDirectoryPosition?) -> CallDirectoryStream<Element> {
        guard let position else { return self }
        if phase.order < position.phase.order { return .empty }
        if phase != position.phase { return self }
        return filter { $0.entryNumber > position.last }
    }
}

/// Where a staged load stopped and the next request continues: the last entry added, in its phase.
/// A load larger than the feeder's `loadSize` is sent over several requests (`CallDirectoryFeeder`).
public struct CallDirectoryPosition: Codable, Equatable, Sendable {
    /// `addBlocking` or `addIdentification`.
    public var phase: CallDirectoryPhase
    /// The last number added in `phase` (0: none of that phase yet).
    public var last: Int64

    public init(phase: CallDirectoryPhase, last: Int64) {
        self.phase = phase
        self.last = last
    }
}

extension CallDirectoryPhase {
    /// The phase's place in a request (removals before additions, blocking before identification).
    var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// A counter shared with a stream's closure.
final class Tally {
    var count = 0
}
