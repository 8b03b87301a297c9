// The Call Directory extension: the system runs it when the app calls reloadExtension (and when the
// user enables it in Settings › Phone › Call Blocking & Identification). All the work — reading the
// App Group store, building Ringfence snapshots of the user's rules and the signed databases (re-opened
// with the pinned keys of SampleConfig), choosing full / incremental / reset, feeding entries in
// chunks, recording the outcome — is CallDirectoryLoadJob's (RingfenceCallDirectory, tested in CI);
// this class only connects it to CallKit.
import CallKit
import Foundation
import RingfenceCallDirectory

final class CallDirectoryHandler: CXCallDirectoryProvider, CXCallDirectoryExtensionContextDelegate {
    private var job: CallDirectoryLoadJob?

    override func beginRequest(with context: CXCallDirectoryExtensionContext) {
        context.delegate = self
        guard let store = SampleConfig.store() else {
            context.cancelRequest(withError: HandlerError.noAppGroup)
            return
        }
        let job = CallDirectoryLoadJob(
            store: store,
            feeder: CallDirectoryFeeder(chunkSize: SampleConfig.chunkSize, maxAdditions: SampleConfig.maxAdditions))
        self.job = job
        do {
            // Full load when !context.isIncremental; otherwise the plan from what was last loaded,
            // or removeAll + everything when that is unknown.
            try job.run(into: CallKitSink(context))
        } catch {
            // The failure is already in status.json for the app; the system keeps its entries.
            context.cancelRequest(withError: error)
            return
        }
        context.completeRequest { expired in
            job.requestCompleted(expired: expired)
        }
    }

    // MARK: CXCallDirectoryExtensionContextDelegate

    /// The system rejected the entries (out of order, duplicate, unexpected removal…): nothing
    /// changed, and the next request starts over with removeAll. Too many at once: the next requests
    /// continue in smaller stages.
    func requestFailed(for extensionContext: CXCallDirectoryExtensionContext, withError error: Error) {
        let tooLarge = (error as? CXErrorCodeCallDirectoryManagerError)?.code == .maximumEntriesExceeded
        job?.requestFailed(error, as: tooLarge ? .tooLarge : .rejected)
    }
}

enum HandlerError: Error, CustomStringConvertible {
    case noAppGroup

    var description: String {
        switch self {
        case .noAppGroup: return "the App Group container is not available (entitlements)"
        }
    }
}
