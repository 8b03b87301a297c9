// Ringfence's export API (CallDirectorySnapshot, CallDirectoryCursor) as Call Directory loads.
// This is the only file that names the generated export API: if the FFI changes, adapt it here.
import Ringfence

extension CallDirectoryStream where Element == Int64 {
    /// The numbers of a Ringfence cursor (`nextNumbers`).
    public static func numbers(_ cursor: CallDirectoryCursor) -> CallDirectoryStream<Int64> {
        CallDirectoryStream { cursor.nextNumbers(max: $0) }
    }
}

extension CallDirectoryStream where Element == IdentificationEntry {
    /// The identification entries of a Ringfence cursor (`nextIdentification`).
    public static func identification(_ cursor: CallDirectoryCursor) -> CallDirectoryStream<IdentificationEntry> {
        CallDirectoryStream { cursor.nextIdentification(max: $0) }
    }
}

extension CallDirectoryLoad {
    /// Every entry of `snapshot`.
    public static func full(_ snapshot: CallDirectorySnapshot) -> CallDirectoryLoad {
        .full(
            blocking: .numbers(snapshot.blockingEntries()),
            identification: .identification(snapshot.identificationEntries())
        )
    }

    /// The first request of the plan that turns the entries of `old` (what the system holds) into
    /// those of `new`: every removal, and the additions of numbers it does not remove.
    public static func incremental(from old: CallDirectorySnapshot, to new: CallDirectorySnapshot) -> CallDirectoryLoad {
        .incremental(
            removeBlocking: .numbers(new.blockingRemovalsSince(old: old)),
            addBlocking: .numbers(new.blockingAdditionsSince(old: old)),
            removeIdentification: .numbers(new.identificationRemovalsSince(old: old)),
            addIdentification: .identification(new.identificationAdditionsSince(old: old)),
            removals: removals(from: old, to: new)
        )
    }

    /// The second request of that plan: the additions the first one held back.
    public static func deferredAdditions(from old: CallDirectorySnapshot, to new: CallDirectorySnapshot) -> CallDirectoryLoad {
        .deferredAdditions(
            addBlocking: .numbers(new.blockingAdditionsSince(old: old)),
            addIdentification: .identification(new.identificationAdditionsSince(old: old)),
            removals: removals(from: old, to: new)
        )
    }

    private static func removals(from old: CallDirectorySnapshot, to new: CallDirectorySnapshot) -> CallDirectoryNumbers {
        { [.numbers(new.blockingRemovalsSince(old: old)), .numbers(new.identificationRemovalsSince(old: old))] }
    }
}
