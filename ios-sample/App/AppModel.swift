// The app's state: the user's rules and databases (published to the App Group store), the Call
// Directory extension's status, and reloading it.
import CallKit
import Foundation
import Ringfence
import RingfenceCallDirectory

@MainActor
final class AppModel: ObservableObject {
    @Published private(set) var rules: [Rule] = []
    @Published private(set) var databases: [InstalledDatabase] = []
    /// Each feed's last update failure (feed name → kind), until it updates again.
    @Published private(set) var feedErrors: [String: String] = [:]
    @Published private(set) var updatingFeeds = false
    @Published private(set) var status: CallDirectoryStatus?
    @Published private(set) var enabled: CXCallDirectoryManager.EnabledStatus = .unknown
    @Published private(set) var reloading = false
    /// The last problem, for an alert; never contains a phone number (Ringfence's errors don't).
    @Published var message: String?

    private let store: CallDirectoryStore?
    private let manager = CXCallDirectoryManager.sharedInstance
    /// Region for numbers typed in national notation.
    let region: String? = Locale.current.regionCode
    /// Labels in the user's language when Ringfence has it.
    let language = Locale.preferredLanguages.first?.hasPrefix("it") == true ? "it" : "en"

    init(store: CallDirectoryStore? = SampleConfig.store()) {
        self.store = store
        if store == nil { message = "App Group \(SampleConfig.appGroup) is not available: check the entitlements." }
    }

    // MARK: reading

    /// Reloads rules, databases and the extension's status from the store.
    func refresh() async {
        guard let store else { return }
        do {
            let desired = try store.desired()
            rules = try store.makeScreener(for: desired, databases: false).rules()
            databases = desired.databases
            status = try store.status()
        } catch {
            message = "Could not read the shared store: \(error)"
        }
        enabled = await enabledStatus()
    }

    private func enabledStatus() async -> CXCallDirectoryManager.EnabledStatus {
        await withCheckedContinuation { done in
            manager.getEnabledStatusForExtension(withIdentifier: SampleConfig.extensionIdentifier) { status, _ in
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
        await change { screener in
            let report = try screener.importRulesCsv(csv: text)
            if !report.rejected.isEmpty {
                let lines = report.rejected.prefix(10).map { "line \($0.line): \($0.reason)" }
                message = "Imported \(report.accepted) rules; rejected \(report.rejected.count): "
                    + lines.joined(separator: "; ")
            }
        }
    }

    /// Applies `edit` to a screener holding the current rules, publishes the result as a new generation
    /// and asks the system to reload the extension.
    private func change(_ edit: (Screener) throws -> Void) async {
        guard let store else { return }
        do {
            let screener = try Screener(config: ScreenerConfig(
                language: try CallDirectoryStore.language(language), defaultRegion: region))
            try screener.addRules(rules: rules)
            try edit(screener)
            try store.publish(rules: screener.rules(), language: language, defaultRegion: .some(region))
            rules = screener.rules()
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
        let outcomes = await FeedUpdater(store: store).update(SampleConfig.feeds)
        for outcome in outcomes {
            feedErrors[outcome.feed] = outcome.failure?.kind
        }
        let failed = outcomes.filter { $0.failure != nil }
        if !failed.isEmpty {
            message = "Feed update failed: " + failed.map { "\($0.feed): \($0.failure!.kind)" }.joined(separator: "; ")
                + ". The installed versions stay."
        }
        if outcomes.contains(where: \.changed) {
            await reload()
        } else {
            await refresh()
        }
    }

    // MARK: reloading the extension

    /// Asks the system to run the extension. If the system rejected the entries, the extension has
    /// forgotten what was loaded, so one retry reloads everything; "currently loading" waits and retries.
    func reload() async {
        reloading = true
        defer { reloading = false }
        for attempt in 1...5 {
            do {
                try await reloadOnce()
                break
            } catch let error as CXErrorCodeCallDirectoryManagerError {
                switch error.code {
                case .currentlyLoading where attempt < 5:
                    try? await Task.sleep(nanoseconds: 2_000_000_000)
                    continue
                case .entriesOutOfOrder, .duplicateEntries, .unexpectedIncrementalRemoval, .loadingInterrupted:
                    if attempt < 2 { continue }  // the extension now reloads everything
                default:
                    break
                }
                message = Self.describe(error)
                break
            } catch {
                message = "Reload failed: \(error.localizedDescription)"
                break
            }
        }
        await refresh()
    }

    private func reloadOnce() async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Error>) in
            manager.reloadExtension(withIdentifier: SampleConfig.extensionIdentifier) { error in
                if let error { done.resume(throwing: error) } else { done.resume() }
            }
        }
    }

    /// Opens Settings › Phone › Call Blocking & Identification, where the user enables the extension.
    func openSettings() {
        manager.openSettings { _ in }
    }

    static func describe(_ error: CXErrorCodeCallDirectoryManagerError) -> String {
        switch error.code {
        case .extensionDisabled:
            return "Enable Ringfence in Settings › Phone › Call Blocking & Identification."
        case .noExtensionFound:
            return "The Call Directory extension is missing from this build."
        case .maximumEntriesExceeded:
            return "Too many numbers for the system: remove wide # ranges or a feed."
        case .currentlyLoading:
            return "The system is still loading the previous update; try again shortly."
        case .entriesOutOfOrder, .duplicateEntries, .unexpectedIncrementalRemoval:
            return "The system rejected the update (\(error.code.rawValue)); the previous entries stay."
        case .loadingInterrupted:
            return "Loading was interrupted (the extension ran out of time or memory); see the status."
        default:
            return "Reload failed (\(error.code.rawValue))."
        }
    }
}
