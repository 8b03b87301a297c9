// The app's state: the user's rules and databases (published to the App Group store), the Call
// Directory extension's status, and reloading it. The model is main-actor state only: the FFI and
// file work (the store, screeners, downloads) runs off the main actor (`offMain`, FeedUpdater), and
// every change to the store goes through its lane (CallDirectoryStore.editRules, installDatabase), so
// a rule edit and a feed update never lose one another.
import CallKit
import Foundation
import Ringfence
import RingfenceCallDirectory

@MainActor
final class AppModel: ObservableObject {
    @Published private(set) var rules: [Rule] = []
    @Published private(set) var databases: [InstalledDatabase] = []
    /// Each feed's last update failure (feed name → why), until it updates again.
    @Published private(set) var feedFailures: [String: FeedFailure] = [:]
    @Published private(set) var updatingFeeds = false
    @Published private(set) var status: CallDirectoryStatus?
    @Published private(set) var enabled: CXCallDirectoryManager.EnabledStatus = .unknown
    @Published private(set) var reloading = false
    /// The last problem, for an alert; never contains a phone number (Ringfence's errors don't).
    @Published var message: String?

    private let store: CallDirectoryStore?
    /// Region for numbers typed in national notation.
    let region: String? = Locale.current.regionCode
    /// Labels in the user's language when Ringfence has it.
    let language: Language = Locale.preferredLanguages.first?.hasPrefix("it") == true ? .it : .en

    init(store: CallDirectoryStore? = SampleConfig.store()) {
        self.store = store
        if store == nil { message = "App Group \(SampleConfig.appGroup) is not available: check the entitlements." }
    }

    /// Runs `work` (FFI, file I/O) off the main actor.
    private nonisolated static func offMain<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await Task.detached(priority: .userInitiated, operation: work).value
    }

    // MARK: reading

    /// Reloads rules, databases and the extension's status from the store.
    func refresh() async {
        guard let store else { return }
        do {
            let (rules, desired, status) = try await Self.offMain {
                let desired = try store.desired()
                return (try store.makeScreener(for: desired, databases: false).rules(), desired, try store.status())
            }
            self.rules = rules
            databases = desired.databases
            self.status = status
        } catch {
            message = "Could not read the shared store: \(error)"
        }
        enabled = await Self.enabledStatus()
    }

    private nonisolated static func enabledStatus() async -> CXCallDirectoryManager.EnabledStatus {
        await withCheckedContinuation { done in
            CXCallDirectoryManager.sharedInstance.getEnabledStatusForExtension(
                withIdentifier: SampleConfig.extensionIdentifier
            ) { status, _ in
                done.resume(returning: status)
            }
        }
    }

    // MARK: changing rules

    /// Adds (or replaces) a rule; Ringfence validates it first.
    func add(_ rule: Rule) async {
        await change { screener in try screener.addRule(rule: rule) }
    }

    func remove(pattern: String) async {
        await change { screener in _ = try screener.removeRule(pattern: pattern) }
    }

    /// Imports a CSV list (`pattern,action,category,label`); bad rows are reported by line.
    func importCSV(_ text: String) async {
        let report = ImportReportBox()
        await change { screener in report.set(try screener.importRulesCsv(csv: text)) }
        if let r = report.get(), !r.rejected.isEmpty {
            let lines = r.rejected.prefix(10).map { "line \($0.line): \($0.reason)" }
            message = "Imported \(r.accepted) rules; rejected \(r.rejected.count): " + lines.joined(separator: "; ")
        }
    }

    /// Applies `edit` to the stored rules and publishes the result as a new generation in one step on
    /// the store's lane (off the main actor), then asks the system to reload the extension.
    private func change(_ edit: @escaping @Sendable (Screener) throws -> Void) async {
        guard let store else { return }
        let language = CallDirectoryStore.code(language), region = region
        do {
            rules = try await Self.offMain {
                let manifest = try store.editRules(language: language, defaultRegion: .some(region), edit)
                return try store.makeScreener(for: manifest, databases: false).rules()
            }
        } catch {
            message = "\(error)"
            return
        }
        await reload()
    }

    // MARK: databases

    /// Downloads the signed feeds; the store installs each one that verifies (pinned key, checksum,
    /// signature, no downgrade) and publishes it. Reloads the extension when something changed; a
    /// failed feed keeps its installed version and shows why.
    func updateFeeds() async {
        guard let store else { return }
        updatingFeeds = true
        defer { updatingFeeds = false }
        let outcomes = await FeedUpdater(store: store).update(SampleConfig.feeds)  // off the main actor
        for outcome in outcomes {
            feedFailures[outcome.feed] = outcome.failure
        }
        let failed = outcomes.compactMap { o in o.failure.map { "\(o.feed): \($0.kind)" } }
        if !failed.isEmpty {
            message = "Feed update failed: " + failed.joined(separator: "; ") + ". The installed versions stay."
        }
        if outcomes.contains(where: \.changed) {
            await reload()
        } else {
            await refresh()
        }
    }

    // MARK: reloading the extension

    /// Asks the system to run the extension until it holds the desired generation
    /// (CallDirectoryReloader: retries, the app's own marker clearing, the full-load fallback, the
    /// second request of a split plan).
    func reload() async {
        guard let store else { return }
        reloading = true
        defer { reloading = false }
        let (outcome, code) = await ExtensionReload.reload(store: store)
        if let failure = outcome.failure {
            message = ExtensionReload.describe(failure, code: code)
        }
        await refresh()
    }

    /// Opens Settings › Phone › Call Blocking & Identification, where the user enables the extension.
    func openSettings() {
        CXCallDirectoryManager.sharedInstance.openSettings { _ in }
    }
}

/// The import report, out of the `@Sendable` edit closure.
private final class ImportReportBox: @unchecked Sendable {  // `report` behind `lock`
    private let lock = NSLock()
    private var report: ImportReport?
    func set(_ value: ImportReport) { lock.lock(); report = value; lock.unlock() }
    func get() -> ImportReport? { lock.lock(); defer { lock.unlock() }; return report }
}
