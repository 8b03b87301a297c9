// Status of the Call Directory extension, the user's rules (add, remove, import a CSV list) and
// signed feeds.
import CallKit
import Ringfence
import RingfenceCallDirectory
import SwiftUI
import UniformTypeIdentifiers

struct ContentView: View {
    @EnvironmentObject private var model: AppModel
    @State private var adding = false
    @State private var importing = false

    var body: some View {
        NavigationView {
            List {
                statusSection
                rulesSection
                feedsSection
            }
            .navigationTitle("Ringfence")
            .toolbar {
                ToolbarItem(placement: .navigationBarTrailing) {
                    Menu {
                        Button("Add rule") { adding = true }
                        Button("Import CSV list") { importing = true }
                        Button("Reload Call Directory") { Task { await model.reload() } }
                    } label: { Image(systemName: "plus") }
                }
            }
            .refreshable { await model.refresh() }
            .sheet(isPresented: $adding) { AddRuleView() }
            .fileImporter(isPresented: $importing, allowedContentTypes: [.commaSeparatedText, .plainText]) { result in
                guard case let .success(url) = result else { return }
                let scoped = url.startAccessingSecurityScopedResource()
                defer { if scoped { url.stopAccessingSecurityScopedResource() } }
                guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                    model.message = "Could not read the file as UTF-8 text."
                    return
                }
                Task { await model.importCSV(text) }
            }
            .alert("Ringfence", isPresented: Binding(get: { model.message != nil }, set: { if !$0 { model.message = nil } })) {
                Button("OK", role: .cancel) {}
            } message: {
                Text(model.message ?? "")
            }
        }
    }

    // MARK: sections

    private var statusSection: some View {
        Section("Call Directory") {
            HStack {
                Text("Extension")
                Spacer()
                switch model.enabled {
                case .enabled: Label("Enabled", systemImage: "checkmark.shield").foregroundColor(.green)
                case .disabled: Button("Enable in Settings") { model.openSettings() }
                default: Text("Unknown").foregroundColor(.secondary)
                }
            }
            if model.reloading {
                HStack { ProgressView(); Text("Reloading…") }
            }
            if let status = model.status {
                StatusRow(status: status)
            } else {
                Text("Not loaded yet").foregroundColor(.secondary)
            }
        }
    }

    private var rulesSection: some View {
        Section("My rules (\(model.rules.count))") {
            if model.rules.isEmpty {
                Text("No rules. Block a number or a range such as +4121560#### (one # per digit).")
                    .foregroundColor(.secondary)
            }
            ForEach(model.rules, id: \.pattern) { rule in
                RuleRow(rule: rule)
            }
            .onDelete { offsets in
                let patterns = offsets.map { model.rules[$0].pattern }
                Task { for p in patterns { await model.remove(pattern: p) } }
            }
        }
    }

    private var feedsSection: some View {
        Section("Signed databases") {
            ForEach(model.databases, id: \.file) { db in
                VStack(alignment: .leading, spacing: 2) {
                    HStack {
                        Text(db.feed)
                        Spacer()
                        Text("v\(db.version)").foregroundColor(.secondary)
                    }
                    Text("\(db.exactCount) numbers, \(db.rangeCount) ranges · built "
                         + Date(timeIntervalSince1970: TimeInterval(db.createdUnix)).formatted(date: .abbreviated, time: .omitted))
                        .font(.caption).foregroundColor(.secondary)
                    if let failure = model.feedFailures[db.feed] {
                        Text("Last update failed: \(failure.kind). This version stays.").font(.caption).foregroundColor(.red)
                    }
                }
            }
            // Feeds that never installed, with why.
            ForEach(SampleConfig.feeds.filter { feed in !model.databases.contains { $0.feed == feed.name } }) { feed in
                VStack(alignment: .leading, spacing: 2) {
                    Text(feed.name)
                    Text(model.feedFailures[feed.name].map { "Failed: \($0.kind)" } ?? "Not downloaded yet")
                        .font(.caption).foregroundColor(model.feedFailures[feed.name] == nil ? .secondary : .red)
                }
            }
            if model.updatingFeeds {
                HStack { ProgressView(); Text("Checking…") }
            }
            Button("Check for updates") { Task { await model.updateFeeds() } }
                .disabled(model.updatingFeeds)
        }
    }
}

struct StatusRow: View {
    let status: CallDirectoryStatus

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack {
                Text(title).bold()
                Spacer()
                Text(status.updatedAt, style: .relative).foregroundColor(.secondary).font(.caption)
            }
            if let r = status.report {
                Text("\(r.mode.rawValue): +\(r.addedBlocking) / −\(r.removedBlocking) blocked, "
                     + "+\(r.addedIdentification) / −\(r.removedIdentification) identified")
                    .font(.caption)
            }
            if let error = status.error {
                Text(error).font(.caption).foregroundColor(.red)
            }
        }
    }

    private var title: String {
        switch status.state {
        case .loaded: return "Loaded (generation \(status.generation))"
        case .fed: return "Waiting for the system"
        case .loading: return "Loading (or interrupted)"
        case .failed: return "Failed"
        }
    }
}

struct RuleRow: View {
    let rule: Rule

    var body: some View {
        VStack(alignment: .leading) {
            HStack {
                Text(rule.pattern).font(.body.monospacedDigit())
                Spacer()
                Text(RuleCSV.code(rule.action)).font(.caption.bold()).foregroundColor(color)
            }
            if let label = rule.label {
                Text(label).font(.caption).foregroundColor(.secondary)
            }
        }
    }

    private var color: Color {
        switch rule.action {
        case .block: return .red
        case .silence: return .orange
        case .label: return .blue
        case .allow: return .green
        }
    }
}

struct AddRuleView: View {
    @EnvironmentObject private var model: AppModel
    @Environment(\.dismiss) private var dismiss
    @State private var pattern = ""
    @State private var action = Action.block
    @State private var label = ""

    var body: some View {
        NavigationView {
            Form {
                TextField("+4121560#### or 021 560 12 34", text: $pattern)
                    .keyboardType(.phonePad)
                Picker("Action", selection: $action) {
                    Text("Block").tag(Action.block)
                    Text("Identify (label)").tag(Action.label)
                    Text("Identify (silence)").tag(Action.silence)
                    Text("Always allow").tag(Action.allow)
                }
                TextField("Label shown on incoming calls", text: $label)
                Text("On iOS, blocking and labels apply through the Call Directory; “silence” shows the label.")
                    .font(.caption).foregroundColor(.secondary)
            }
            .navigationTitle("Add rule")
            .toolbar {
                ToolbarItem(placement: .cancellationAction) { Button("Cancel") { dismiss() } }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Add") {
                        let rule = Rule(pattern: pattern, action: action, category: .userList,
                                        label: label.isEmpty ? nil : label)
                        Task { await model.add(rule); dismiss() }
                    }
                    .disabled(pattern.trimmingCharacters(in: .whitespaces).isEmpty)
                }
            }
        }
    }
}
