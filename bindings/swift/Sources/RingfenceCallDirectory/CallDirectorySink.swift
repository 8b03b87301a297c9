// What a Call Directory extension hands entries to. In the extension this is a thin wrapper over
// CXCallDirectoryExtensionContext (see ios-sample/CallDirectoryExtension/CallKitSink.swift); in tests
// it is a fake that checks every rule CallKit enforces. This module never imports CallKit.

/// The receiving side of a Call Directory load, shaped like `CXCallDirectoryExtensionContext`.
///
/// Numbers are CallKit's `CXCallDirectoryPhoneNumber` (`Int64`): E.164 digits without `+`.
/// CallKit requires the `add…` calls of each kind in strictly ascending order within one request,
/// fails an incremental request that removes an entry it does not hold, and rejects duplicates.
public protocol CallDirectorySink: AnyObject {
    /// Whether this request changes the entries already loaded (`context.isIncremental`). When false,
    /// the system starts from an empty directory and expects every entry.
    var isIncremental: Bool { get }
    /// `addBlockingEntry(withNextSequentialPhoneNumber:)`.
    func addBlocking(_ number: Int64)
    /// `addIdentificationEntry(withNextSequentialPhoneNumber:label:)`.
    func addIdentification(_ number: Int64, label: String)
    /// `removeBlockingEntry(withPhoneNumber:)` (incremental requests only).
    func removeBlocking(_ number: Int64)
    /// `removeIdentificationEntry(withPhoneNumber:)` (incremental requests only).
    func removeIdentification(_ number: Int64)
    /// `removeAllBlockingEntries()` (incremental requests only).
    func removeAllBlocking()
    /// `removeAllIdentificationEntries()` (incremental requests only).
    func removeAllIdentification()
}
