// CXCallDirectoryExtensionContext as a CallDirectorySink: one call each, nothing else.
import CallKit
import RingfenceCallDirectory

final class CallKitSink: CallDirectorySink {
    private let context: CXCallDirectoryExtensionContext

    init(_ context: CXCallDirectoryExtensionContext) {
        self.context = context
    }

    var isIncremental: Bool { context.isIncremental }

    func addBlocking(_ number: Int64) {
        context.addBlockingEntry(withNextSequentialPhoneNumber: number)
    }

    func addIdentification(_ number: Int64, label: String) {
        context.addIdentificationEntry(withNextSequentialPhoneNumber: number, label: label)
    }

    func removeBlocking(_ number: Int64) {
        context.removeBlockingEntry(withPhoneNumber: number)
    }

    func removeIdentification(_ number: Int64) {
        context.removeIdentificationEntry(withPhoneNumber: number)
    }

    func removeAllBlocking() {
        context.removeAllBlockingEntries()
    }

    func removeAllIdentification() {
        context.removeAllIdentificationEntries()
    }
}
