// Loads tests/vectors/*.json (RINGFENCE_VECTORS_DIR) and maps them to the generated API.
import Foundation
import XCTest
@testable import Ringfence

enum Vectors {
    static func load(_ name: String) throws -> [String: Any] {
        let env = ProcessInfo.processInfo.environment["RINGFENCE_VECTORS_DIR"]
        let dir = env.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).appendingPathComponent("../../../../../tests/vectors").standardized
        let data = try Data(contentsOf: dir.appendingPathComponent(name))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func action(_ s: String) -> Action? {
        ["allow": .allow, "label": .label, "silence": .silence, "block": .block][s]
    }

    static func category(_ s: String) -> Category? {
        let all: [String: Category] = [
            "none": .none, "emergency": .emergency, "user_list": .userList, "spam": .spam, "scam": .scam,
            "telemarketing": .telemarketing, "robocall": .robocall, "impersonation": .impersonation,
            "wangiri": .wangiri, "premium_rate": .premiumRate, "spoofed": .spoofed, "suspicious": .suspicious,
            "other": .other,
        ]
        return all[s]
    }

    static func code(_ c: Category) -> String {
        // camelCase case name -> snake_case code
        String(describing: c).reduce(into: "") { out, ch in
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
    }

    static func numberType(_ t: NumberType) -> String {
        String(describing: t).reduce(into: "") { out, ch in
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
    }

    static func language(_ s: String) -> Language { s == "it" ? .it : .en }

    /// The case's policy: the file's level, overridden by the case's `policy` object.
    static func policy(_ config: [String: Any], _ p: [String: Any]?) -> Policy {
        let levels: [String: ProtectionLevel] = ["relaxed": .relaxed, "standard": .standard, "strict": .strict]
        let level = (p?["level"] as? String) ?? (config["level"] as? String) ?? "standard"
        func flag(_ key: String) -> Bool { (p?[key] as? Bool) ?? false }
        return Policy(
            level: levels[level]!,
            blockHidden: flag("block_hidden"),
            silenceUnknown: flag("silence_unknown"),
            blockForeign: flag("block_foreign"),
            nightMode: flag("night_mode"),
            emergencyCallbackMinutes: UInt32((p?["emergency_callback_minutes"] as? Int) ?? 60)
        )
    }

    /// RFC 3339 with offset -> CallTime (epoch seconds + the offset in minutes).
    static func time(_ s: String?) -> CallTime? {
        guard let s else { return nil }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        guard let date = f.date(from: s) else { return nil }
        var offset: Int16 = 0
        if !s.hasSuffix("Z") {
            let tail = s.suffix(6)  // "+01:00"
            let sign: Int16 = tail.first == "-" ? -1 : 1
            let h = Int16(tail.dropFirst().prefix(2)) ?? 0
            let m = Int16(tail.suffix(2)) ?? 0
            offset = sign * (h * 60 + m)
        }
        return CallTime(epochSeconds: Int64(date.timeIntervalSince1970), utcOffsetMinutes: offset)
    }

    static func presentation(_ s: String?) -> Presentation {
        switch s {
        case "restricted": return .restricted
        case "unknown": return .unknown
        case "payphone": return .payphone
        case "unavailable": return .unavailable
        default: return .allowed
        }
    }

    static func verification(_ s: String?) -> Verification {
        switch s {
        case "passed": return .passed
        case "failed": return .failed
        default: return .notVerified
        }
    }

    static func call(_ j: [String: Any]) -> IncomingCall {
        IncomingCall(
            number: j["number"] as? String,
            presentation: presentation(j["presentation"] as? String),
            verification: verification(j["verification"] as? String),
            region: j["region"] as? String,
            userNumber: j["user_number"] as? String,
            inContacts: j["in_contacts"] as? Bool ?? false,
            displayName: j["display_name"] as? String,
            time: time(j["time"] as? String),
            line: j["line"] as? String
        )
    }
}
