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
public enum CallDirectoryLoad {
    /// Every entry (a full load; in an incremental request the feeder first removes everything).
    case full(blocking: CallDirectoryStream<Int64>, identification: CallDirectoryStream<IdentificationEntry>)
    /// A plan: applying the removals and then the additions to the loaded entries yields the new ones.
    /// A relabelled identification entry is removed and added again.
    case incremental(
        removeBlocking: CallDirectoryStream<Int64>,
        addBlocking: CallDirectoryStream<Int64>,
        removeIdentification: CallDirectoryStream<Int64>,
        addIdentification: CallDirectoryStream<IdentificationEntry>
    )
}
