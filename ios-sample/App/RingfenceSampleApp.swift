import SwiftUI

@main
struct RingfenceSampleApp: App {
    @StateObject private var model = AppModel()
    @Environment(\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup {
            ContentView()
                .environmentObject(model)
                .task { await model.refresh() }
                .onChange(of: scenePhase) { phase in
                    // Back from Settings (enabling the extension) or after the system reloaded it.
                    if phase == .active { Task { await model.refresh() } }
                }
        }
    }
}
