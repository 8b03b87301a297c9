// A download's body with a size cap that holds while it streams.
import Foundation

/// Why a download was stopped.
public enum DownloadLimitError: Error, Equatable, CustomStringConvertible {
    /// The body (or its announced length) is larger than `maxBytes`.
    case tooLarge(maxBytes: Int)

    public var description: String {
        switch self {
        case .tooLarge(let max): return "larger than \(max / 1_048_576) MB"
        }
    }
}

/// Collects a download's body chunk by chunk and refuses it as soon as it passes `maxBytes`, or as
/// soon as the server announces more (Content-Length): never more than the cap plus one chunk in
/// memory, instead of checking the size after the whole body was read.
public struct CappedBody: Sendable {
    public let maxBytes: Int
    public private(set) var data = Data()

    public init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// Checks the announced length (`URLResponse.expectedContentLength`; negative when unknown).
    public func expect(_ length: Int64) throws {
        if length > Int64(maxBytes) { throw DownloadLimitError.tooLarge(maxBytes: maxBytes) }
    }

    /// Adds a received chunk; throws (keeping nothing of it) when the body would pass the cap.
    public mutating func append(_ chunk: Data) throws {
        guard chunk.count <= maxBytes - data.count else { throw DownloadLimitError.tooLarge(maxBytes: maxBytes) }
        data.append(chunk)
    }
}
