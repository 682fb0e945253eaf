// swift-tools-version:6.1
import PackageDescription

/// One core library holds everything the pipeline does; each stage is a thin executable over
/// it, and `mmlupro` drives them in order. Command definitions live in `MMLUProCLI` so the
/// stage executables and the driver share them.
let package = Package(
    name: "MMLUPro",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mmlupro", targets: ["mmlupro"]),
        .executable(name: "mmlupro-collect", targets: ["mmlupro-collect"]),
        .executable(name: "mmlupro-filter", targets: ["mmlupro-filter"]),
        .executable(name: "mmlupro-integrate", targets: ["mmlupro-integrate"]),
        .executable(name: "mmlupro-augment", targets: ["mmlupro-augment"]),
        .executable(name: "mmlupro-review", targets: ["mmlupro-review"]),
        .executable(name: "mmlupro-release", targets: ["mmlupro-release"]),
        .library(name: "MMLUProCore", targets: ["MMLUProCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        // Already in the build under Hummingbird; the model client's HTTP/1.1 transport.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // SHA-256's block function on the processor's SHA instructions, where it has them.
        .target(name: "CSHA256"),
        // The executables' process, set up by linking: their allocator, jemalloc on Linux
        // (Debian's libjemalloc-dev; Allocator.c), and SQLite's process-wide settings (SQLite.c).
        .target(
            name: "CProcessSetup",
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux])), .linkedLibrary("sqlite3")]
        ),
        // Connection settings SQLite takes through variadic functions (triggers off for a
        // stage's bulk writes), which Swift cannot call.
        .target(name: "CSQLiteConfig", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "MMLUProCore",
            dependencies: [
                "CSHA256",
                "CSQLiteConfig",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface, for binding a batch's values straight to its statement.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "MMLUProHTTP",
            dependencies: [
                "MMLUProCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "MMLUProWeb",
            dependencies: ["MMLUProCore", .product(name: "Hummingbird", package: "hummingbird")],
            // The pages, their script and style, and KaTeX (vendored: no CDN).
            resources: [.copy("Resources")]
        ),
        .target(
            name: "MMLUProCLI",
            dependencies: [
                "CProcessSetup",
                "MMLUProCore",
                "MMLUProHTTP",
                "MMLUProWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "mmlupro", dependencies: ["MMLUProCLI"]),
        .executableTarget(name: "mmlupro-collect", dependencies: ["MMLUProCLI"]),
        .executableTarget(name: "mmlupro-filter", dependencies: ["MMLUProCLI"]),
        .executableTarget(name: "mmlupro-integrate", dependencies: ["MMLUProCLI"]),
        .executableTarget(name: "mmlupro-augment", dependencies: ["MMLUProCLI"]),
        .executableTarget(name: "mmlupro-review", dependencies: ["MMLUProCLI"]),
        .executableTarget(name: "mmlupro-release", dependencies: ["MMLUProCLI"]),
        .executableTarget(
            name: "mmlupro-benchmark",
            dependencies: [
                "CProcessSetup", "MMLUProCore", "MMLUProHTTP", "MMLUProWeb", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "MMLUProCoreTests",
            dependencies: [
                "MMLUProCore", "MMLUProHTTP", "MMLUProCLI", "mmlupro", "mmlupro-collect", "mmlupro-filter", "mmlupro-integrate",
                "mmlupro-augment",
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)
