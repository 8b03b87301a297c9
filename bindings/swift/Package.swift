// swift-tools-version:5.9
// Ringfence Swift package: the UniFFI-generated Swift API over the Rust library.
//
// Generated at test time (git-ignored): Sources/Ringfence/Ringfence.swift and
// Sources/RingfenceFFI/RingfenceFFI.h, from `uniffi-bindgen generate libringfence.so --language swift`.
// The library is found through RINGFENCE_LIB_DIR (added as -L and rpath) when that is set.
import Foundation
import PackageDescription

let libDir = ProcessInfo.processInfo.environment["RINGFENCE_LIB_DIR"]

// C side of the bindings. To ship prebuilt binaries, swap this for
//   .binaryTarget(name: "RingfenceFFI", path: "RingfenceFFI.xcframework")
// and drop `hostLibraryLinker` below; nothing else changes.
let ffiTarget: Target = .systemLibrary(name: "RingfenceFFI", path: "Sources/RingfenceFFI")
let hostLibraryLinker: [LinkerSetting] = libDir.map {
    [.unsafeFlags(["-L\($0)", "-Xlinker", "-rpath", "-Xlinker", $0])]
} ?? []

let package = Package(
    name: "Ringfence",
    products: [
        .library(name: "Ringfence", targets: ["Ringfence"]),
    ],
    targets: [
        ffiTarget,
        .target(
            name: "Ringfence",
            dependencies: ["RingfenceFFI"],
            path: "Sources/Ringfence",
            linkerSettings: hostLibraryLinker
        ),
        .testTarget(
            name: "RingfenceTests",
            dependencies: ["Ringfence"],
            path: "Tests/RingfenceTests"
        ),
    ]
)
