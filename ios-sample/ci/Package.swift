// swift-tools-version:6.0
// CI compile check of the iOS sample's sources (run by scripts/test-swift.sh, which assembles this
// package next to the Ringfence package: Extension/ gets ios-sample/Shared/*.swift,
// ios-sample/CallDirectoryExtension/*.swift, App/FeedUpdater.swift and App/ExtensionReload.swift).
// Swift 6 language mode: complete strict-concurrency checking, data races are compile errors. CallKit
// is a stub (CallKitStub/); the SwiftUI app itself (AppModel, views) is only built by Xcode, in the
// same language mode (project.yml).
import PackageDescription

let package = Package(
    name: "RingfenceSampleCheck",
    dependencies: [.package(path: "../swift")],
    targets: [
        .target(name: "CallKit", path: "CallKitStub"),
        .target(
            name: "SampleExtension",
            dependencies: [
                "CallKit",
                .product(name: "Ringfence", package: "swift"),
                .product(name: "RingfenceCallDirectory", package: "swift"),
            ],
            path: "Extension"
        ),
    ],
    swiftLanguageModes: [.v6]
)
