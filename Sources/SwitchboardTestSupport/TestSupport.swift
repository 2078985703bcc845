import FlowLanguage
import FlowRuntime
import Foundation

/// The shipped flows, compiled once, for the engine's and the server's tests.
public enum Shipped {
    /// The repository root.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Flows/*.yaml` with `Flows/data/*.csv`, compiled.
    public static let program: Program = {
        func load(_ folder: String, _ suffix: String) -> [SourceFile] {
            let url = root.appendingPathComponent(folder)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
            return names.map { SourceFile(path: "\(folder)/\($0)", text: (try? String(contentsOf: url.appendingPathComponent($0), encoding: .utf8)) ?? "") }
        }
        return FlowCompiler.compile(flows: load("Flows", ".yaml"), tables: load("Flows/data", ".csv")).program!
    }()
}

/// A clock tests move by hand.
public final class TestClock: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var current: Date

    /// A clock at an ISO-8601 time.
    public init(_ start: String = "2026-11-23T15:00:00Z") { current = ISO8601DateFormatter().date(from: start)! }

    /// The time now.
    public var now: Date { lock.lock(); defer { lock.unlock() }; return current }

    /// Moves the clock on.
    public func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}
