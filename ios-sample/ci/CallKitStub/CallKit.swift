// A stub of the part of CallKit the Call Directory extension uses, with the signatures of the iOS
// SDK's Swift interface, so that CI (Linux, no iOS SDK) compiles the extension's sources against the
// real RingfenceCallDirectory. It proves our code and our library agree; it cannot prove CallKit
// still looks like this — only an Xcode build does.
import Foundation

open class CXCallDirectoryExtensionContext: NSObject {
    open weak var delegate: CXCallDirectoryExtensionContextDelegate?
    open var isIncremental: Bool { false }
    open func addBlockingEntry(withNextSequentialPhoneNumber phoneNumber: Int64) {}
    open func addIdentificationEntry(withNextSequentialPhoneNumber phoneNumber: Int64, label: String) {}
    open func removeBlockingEntry(withPhoneNumber phoneNumber: Int64) {}
    open func removeIdentificationEntry(withPhoneNumber phoneNumber: Int64) {}
    open func removeAllBlockingEntries() {}
    open func removeAllIdentificationEntries() {}
    open func completeRequest(completionHandler: ((Bool) -> Void)? = nil) {}
    // NSExtensionContext
    open func cancelRequest(withError error: Error) {}
}

public protocol CXCallDirectoryExtensionContextDelegate: NSObjectProtocol {
    func requestFailed(for extensionContext: CXCallDirectoryExtensionContext, withError error: Error)
}

open class CXCallDirectoryProvider: NSObject {
    open func beginRequest(with context: CXCallDirectoryExtensionContext) {}
}
