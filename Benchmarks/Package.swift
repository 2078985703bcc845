// swift-tools-version: 6.1
// Benchmarks live outside the main package graph (as in swift-nio) so `swift build` and
// `swift test` never build them. Run: cd Benchmarks && swift run -c release InterpreterBenchmark
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which is whatever the clone was called.
let main = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "SwitchboardBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "InterpreterBenchmark",
            dependencies: [
                .product(name: "FlowLanguage", package: main),
                .product(name: "FlowRuntime", package: main),
                .product(name: "ConversationTesting", package: main),
            ]
        ),
        .executableTarget(
            name: "EngineBenchmark",
            dependencies: [
                .product(name: "FlowLanguage", package: main),
                .product(name: "SwitchboardEngine", package: main),
                .product(name: "SwitchboardSQLite", package: main),
                .product(name: "TextClassifier", package: main),
            ]
        ),
        .executableTarget(
            name: "ClassifierBenchmark",
            dependencies: [
                .product(name: "TextClassifier", package: main),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
