// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .library(name: "FlowLanguage", targets: ["FlowLanguage"]),
        .library(name: "FlowRuntime", targets: ["FlowRuntime"]),
        .library(name: "SMSText", targets: ["SMSText"]),
        .library(name: "ConversationTesting", targets: ["ConversationTesting"]),
        .library(name: "ConversationTestingEngine", targets: ["ConversationTestingEngine"]),
        .library(name: "TextClassifier", targets: ["TextClassifier"]),
        .library(name: "SwitchboardEngine", targets: ["SwitchboardEngine"]),
        .library(name: "SwitchboardSQLite", targets: ["SwitchboardSQLite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]
        ),
        .target(name: "SMSText", swiftSettings: swiftSettings),
        .target(name: "FlowRegex", dependencies: ["CPCRE2"], swiftSettings: swiftSettings),
        .target(name: "FlowRuntime", dependencies: ["FlowRegex"], swiftSettings: swiftSettings),
        .target(
            name: "FlowLanguage",
            dependencies: ["FlowRuntime", "FlowRegex", "SMSText", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(name: "TextClassifier", dependencies: ["FlowRegex", "FlowLanguage"], swiftSettings: swiftSettings),
        .target(name: "PhoneNumbers", swiftSettings: swiftSettings),
        .target(
            name: "TwilioWire",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardEngine",
            dependencies: ["FlowRuntime", "TextClassifier", "PhoneNumbers"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardSQLite",
            dependencies: [
                "SwitchboardEngine", "FlowRuntime", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardHTTP",
            dependencies: [
                "SwitchboardEngine", "SMSText", "PhoneNumbers", "TwilioWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Console")],
            swiftSettings: swiftSettings
        ),
        .target(name: "SharedVectors", swiftSettings: swiftSettings),
        .target(
            name: "SwitchboardTestSupport",
            dependencies: ["FlowLanguage", "FlowRuntime", "TextClassifier"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ConversationTesting",
            dependencies: ["FlowRuntime", "FlowLanguage", "FlowRegex"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ConversationTestingEngine",
            dependencies: ["ConversationTesting", "FlowRuntime", "TextClassifier", "SwitchboardEngine", "SwitchboardSQLite"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "FlowLanguage", "FlowRuntime", "SMSText", "ConversationTesting", "ConversationTestingEngine", "TextClassifier",
                "SwitchboardEngine", "SwitchboardSQLite", "PhoneNumbers", "SwitchboardHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SMSTextTests", dependencies: ["SMSText", "SharedVectors"], swiftSettings: swiftSettings),
        .testTarget(name: "FlowRegexTests", dependencies: ["FlowRegex"], swiftSettings: swiftSettings),
        .testTarget(
            name: "FlowLanguageTests",
            dependencies: ["FlowLanguage", "FlowRuntime"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlowRuntimeTests",
            dependencies: ["FlowRuntime", "FlowLanguage"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TextClassifierTests",
            dependencies: ["TextClassifier", "FlowLanguage"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PhoneNumbersTests", dependencies: ["PhoneNumbers", "SharedVectors"], swiftSettings: swiftSettings),
        .testTarget(name: "TwilioWireTests", dependencies: ["TwilioWire", "SharedVectors"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwitchboardEngineTests",
            dependencies: [
                "SwitchboardEngine", "SwitchboardSQLite", "FlowLanguage", "FlowRuntime", "TextClassifier", "SwitchboardTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardHTTPTests",
            dependencies: [
                "SwitchboardHTTP", "SwitchboardEngine", "SwitchboardSQLite", "FlowLanguage", "FlowRuntime", "TwilioWire", "SwitchboardTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ConversationTestingTests",
            dependencies: ["ConversationTesting", "ConversationTestingEngine", "FlowLanguage", "TextClassifier", "SwitchboardTestSupport", "SwitchboardEngine"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardCLITests",
            dependencies: [
                "switchboard", "SwitchboardTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
