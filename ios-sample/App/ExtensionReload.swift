// Reloading the Call Directory extension: CallKit's errors mapped to what the retry loop needs. The
// loop itself (what is retried, what the app clears first, when it asks for a full load, split plans'
// second requests) is CallDirectoryReloader's, in RingfenceCallDirectory, where it is tested.
// Compiled in CI against the CallKit stub (ios-sample/ci).
import CallKit
import Foundation
import RingfenceCallDirectory

enum ExtensionReload {
    /// How the retry loop treats a `reloadExtension` error.
    static func failure(of error: Error) -> CallDirectoryReloadFailure {
        guard let error = error as? CXErrorCodeCallDirectoryManagerError else { return .unknown }
        switch error.code {
        case .currentlyLoading: return .busy
        case .entriesOutOfOrder, .duplicateEntries, .unexpectedIncrementalRemoval: return .rejected
        case .loadingInterrupted: return .interrupted
        case .maximumEntriesExceeded: return .tooLarge
        case .extensionDisabled, .noExtensionFound: return .final
        default: return .unknown  // `.unknown`, and codes added later
        }
    }

    /// Reloads until the system holds the desired generation; the outcome and the last CallKit
    /// error code (for the message), if any.
    static func reload(store: CallDirectoryStore, identifier: String = SampleConfig.extensionIdentifier) async
        -> (CallDirectoryReloadOutcome, CXErrorCodeCallDirectoryManagerError.Code?) {
        let last = LastCode()
        let outcome = await CallDirectoryReloader(store: store).reload(
            { try await reloadOnce(identifier) },
            classify: { error in
                last.set((error as? CXErrorCodeCallDirectoryManagerError)?.code)
                return failure(of: error)
            }
        )
        return (outcome, outcome.failure == nil ? nil : last.get())
    }

    /// One `reloadExtension` call.
    static func reloadOnce(_ identifier: String) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Error>) in
            CXCallDirectoryManager.sharedInstance.reloadExtension(withIdentifier: identifier) { error in
                if let error { done.resume(throwing: error) } else { done.resume() }
            }
        }
    }

    /// The user-facing text for a reload that did not end loaded.
    static func describe(_ failure: CallDirectoryReloadFailure, code: CXErrorCodeCallDirectoryManagerError.Code?) -> String {
        switch (failure, code) {
        case (_, .extensionDisabled?):
            return "Enable Ringfence in Settings › Phone › Call Blocking & Identification."
        case (_, .noExtensionFound?):
            return "The Call Directory extension is missing from this build."
        case (_, .maximumEntriesExceeded?):
            return "Too many numbers for the system, even in small steps: lower the budget or remove a feed."
        case (.busy, _):
            return "The system is still loading an earlier update; try again shortly."
        case (.rejected, _):
            return "The system rejected the update; the previous entries stay. The next reload loads everything."
        case (.interrupted, _):
            return "Loading was interrupted (the extension ran out of time or memory); the next reload loads everything."
        default:
            return "Reload failed; the previous entries stay. The next reload loads everything."
        }
    }

    /// The last error code seen by `classify` (which the loop calls one at a time).
    private final class LastCode: @unchecked Sendable {  // `code` behind `lock`
        private let lock = NSLock()
        private var code: CXErrorCodeCallDirectoryManagerError.Code?
        func set(_ value: CXErrorCodeCallDirectoryManagerError.Code?) { lock.lock(); code = value; lock.unlock() }
        func get() -> CXErrorCodeCallDirectoryManagerError.Code? { lock.lock(); defer { lock.unlock() }; return code }
    }
}
