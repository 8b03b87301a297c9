// swift-tools-version:5.9
// CI compile check of the iOS sample's Call Directory extension (run by scripts/test-swift.sh, which
// assembles this package next to the Ringfence package: Extension/ gets ios-sample/Shared/*.swift,
// ios-sample/CallDirectoryExtension/*.swift and App/FeedUpdater.swift). CallKit is a stub
// (CallKitStub/); the SwiftUI app itself is only built by Xcode.
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
    ]
)
