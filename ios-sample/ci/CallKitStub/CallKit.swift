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

// The app's side (ios-sample/App/ExtensionReload.swift).
public struct CXErrorCodeCallDirectoryManagerError: Error, Hashable, Sendable {
    public enum Code: Int, Sendable {
        case unknown = 0, noExtensionFound = 1, loadingInterrupted = 2, entriesOutOfOrder = 3, duplicateEntries = 4,
             maximumEntriesExceeded = 5, extensionDisabled = 6, currentlyLoading = 7, unexpectedIncrementalRemoval = 8
    }
    public let code: Code
    public init(_ code: Code) { self.code = code }
}

open class CXCallDirectoryManager: NSObject, @unchecked Sendable {
    public enum EnabledStatus: Int, Sendable { case unknown = 0, disabled = 1, enabled = 2 }
    open class var sharedInstance: CXCallDirectoryManager { CXCallDirectoryManager() }
    open func reloadExtension(withIdentifier identifier: String,
                              completionHandler completion: (@Sendable (Error?) -> Void)? = nil) {}
    open func getEnabledStatusForExtension(withIdentifier identifier: String,
                                           completionHandler completion: @escaping @Sendable (EnabledStatus, Error?) -> Void) {}
    open func openSettings(completionHandler completion: (@Sendable (Error?) -> Void)? = nil) {}
}
