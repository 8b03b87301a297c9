// User rules as the CSV Ringfence imports (`pattern,action,category,label[,line,schedule]`), so the app can store
// what `Screener.rules()` returns and the extension can read it back with `importRulesCsv`.
import Foundation
import Ringfence

public enum RuleCSV {
    /// The header `importRulesCsv` expects.
    public static let header = "pattern,action,category,label"

    /// The header when a rule is scoped to a line or a schedule (docs/rules-format.md).
    public static let scopedHeader = header + ",line,schedule"

    /// `rules` as CSV text: the header, then one row per rule; fields are quoted when needed. When
    /// a rule has a line or a schedule, every row carries the `line` and `schedule` columns, so
    /// that such a rule never comes back unconditional.
    public static func encode(_ rules: [Rule]) -> String {
        let scoped = rules.contains { $0.line != nil || $0.schedule != nil }
        var out = (scoped ? scopedHeader : header) + "\n"
        for rule in rules {
            var fields = [rule.pattern, code(rule.action), rule.category.map(code) ?? "", rule.label ?? ""]
            if scoped { fields += [rule.line ?? "", rule.schedule ?? ""] }
            out += fields.map(quoted).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The CSV code of an action (`allow`, `label`, `silence`, `block`).
    public static func code(_ action: Action) -> String {
        switch action {
        case .allow: return "allow"
        case .label: return "label"
        case .silence: return "silence"
        case .block: return "block"
        }
    }

    /// The CSV code of a category (`user_list`, `spam`, …).
    public static func code(_ category: Category) -> String {
        switch category {
        case .none: return "none"
        case .emergency: return "emergency"
        case .userList: return "user_list"
        case .spam: return "spam"
        case .scam: return "scam"
        case .telemarketing: return "telemarketing"
        case .robocall: return "robocall"
        case .impersonation: return "impersonation"
        case .wangiri: return "wangiri"
        case .premiumRate: return "premium_rate"
        case .spoofed: return "spoofed"
        case .suspicious: return "suspicious"
        case .other: return "other"
        case .satellite: return "satellite"
        case .internationalNetwork: return "international_network"
        }
    }

    /// A field, double-quoted (with `""` for a quote) when it holds a comma, quote or line break, or
    /// would otherwise lose leading/trailing spaces. Line breaks become spaces: the importer reads
    /// one rule per line.
    static func quoted(_ field: String) -> String {
        let flat = String(field.map { $0.isNewline ? " " : $0 })
        let needsQuotes = flat.contains { $0 == "," || $0 == "\"" } || flat.first == " " || flat.last == " "
        return needsQuotes ? "\"" + flat.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : flat
    }
}
