// The app's side of reloading the Call Directory extension, without CallKit: retries, and what the
// app clears itself before retrying. The app maps CallKit's errors to CallDirectoryReloadFailure and
// passes `CXCallDirectoryManager.reloadExtension` as `reload` (ios-sample/App/ExtensionReload.swift).
import Foundation

/// Why one `reloadExtension` call failed, as far as retrying is concerned.
public enum CallDirectoryReloadFailure: Sendable, Equatable {
    /// `currentlyLoading`: the system is still busy with an earlier request; wait and ask again.
    case busy
    /// `entriesOutOfOrder`, `duplicateEntries`, `unexpectedIncrementalRemoval`: the system refused
    /// the entries and kept what it had.
    case rejected
    /// `loadingInterrupted`: the extension was stopped (memory, time) before it finished; its own
    /// failure path never ran, so `loaded.json` still describes the old entries.
    case interrupted
    /// `maximumEntriesExceeded`: the request added more than the system takes at once, and kept what
    /// it had. Smaller requests may pass: the load size is halved and the load staged.
    case tooLarge
    /// `extensionDisabled`, `noExtensionFound`: retrying cannot help.
    case final
    /// Anything else: nothing is known about what the system holds.
    case unknown
}

/// How a reload ended.
public struct CallDirectoryReloadOutcome: Sendable, Equatable {
    /// `reloadExtension` calls made.
    public var requests: Int
    /// The last failure when the desired entries are not (known to be) loaded; nil on success.
    public var failure: CallDirectoryReloadFailure?
    /// Whether the app asked for a full load on the way.
    public var fullLoadRequested: Bool

    public init(requests: Int, failure: CallDirectoryReloadFailure?, fullLoadRequested: Bool) {
        self.requests = requests
        self.failure = failure
        self.fullLoadRequested = fullLoadRequested
    }
}

/// Reloads the extension until the system holds the desired generation:
/// - `busy`: waits `busyDelayNanoseconds` and asks again, `loaded.json` untouched;
/// - `rejected`, `interrupted`, `unknown`: the app itself clears its load marker (`forgetLoaded`)
///   before asking again, so the retry removes everything and adds every entry instead of resending
///   the same plan. It does not rely on the extension having done so: Apple does not document that
///   `requestFailed` runs before the app hears of the failure, and after `loadingInterrupted` it
///   never runs. After `failuresBeforeFullLoad` such failures in a row it asks for a full load
///   (`requestFullLoad`), which every request honours until one is accepted, even if a late run
///   of the extension writes `loaded.json` again;
/// - `tooLarge`: halves the load size (`backOffLoadSize`, never below `minimumLoadSize`) and asks again
///   without clearing anything: the load goes on in smaller stages from the last accepted one. Stops
///   (as `tooLarge`) when the request was already no larger than `minimumLoadSize`;
/// - `final`: stops;
/// - accepted: stops, unless another request is owed (`owesAnotherRequest`: a split plan's second
///   half, the next stage of a staged load, or a newer generation published meanwhile).
/// At most `maxRequests` calls in all.
public struct CallDirectoryReloader: Sendable {
    public var store: CallDirectoryStore
    public var maxRequests: Int
    public var failuresBeforeFullLoad: Int
    public var busyDelayNanoseconds: UInt64
    /// The smallest load size backing off goes down to.
    public var minimumLoadSize: Int

    public init(store: CallDirectoryStore, maxRequests: Int = 6, failuresBeforeFullLoad: Int = 2,
                busyDelayNanoseconds: UInt64 = 2_000_000_000, minimumLoadSize: Int = 10_000) {
        self.store = store
        self.maxRequests = maxRequests
        self.failuresBeforeFullLoad = failuresBeforeFullLoad
        self.busyDelayNanoseconds = busyDelayNanoseconds
        self.minimumLoadSize = minimumLoadSize
    }

    /// Runs the loop above. `reload` is one `reloadExtension` call; `classify` maps its error.
    public func reload(
        _ reload: @Sendable () async throws -> Void,
        classify: @Sendable (Error) -> CallDirectoryReloadFailure,
        sleep: @Sendable (UInt64) async -> Void = { try? await Task.sleep(nanoseconds: $0) }
    ) async -> CallDirectoryReloadOutcome {
        var outcome = CallDirectoryReloadOutcome(requests: 0, failure: nil, fullLoadRequested: false)
        var failuresInARow = 0
        while outcome.requests < maxRequests {
            outcome.requests += 1
            do {
                try await reload()
                failuresInARow = 0
                outcome.failure = nil
                if (try? store.owesAnotherRequest()) != true { return outcome }
            } catch {
                let failure = classify(error)
                outcome.failure = failure
                switch failure {
                case .final:
                    return outcome
                case .busy:
                    await sleep(busyDelayNanoseconds)
                case .tooLarge:
                    if (try? store.backOffLoadSize(minimum: minimumLoadSize)) != true { return outcome }
                case .rejected, .interrupted, .unknown:
                    failuresInARow += 1
                    if failuresInARow >= failuresBeforeFullLoad {
                        try? store.requestFullLoad()
                        outcome.fullLoadRequested = true
                    } else {
                        try? store.forgetLoaded()
                    }
                }
            }
        }
        if outcome.failure == nil, (try? store.owesAnotherRequest()) == true { outcome.failure = .unknown }
        return outcome
    }
}
