import FlowLanguage
import FlowRuntime
import Foundation
import GRDB
import SwitchboardEngine
import SwitchboardSQLite

/// The shipped flows, compiled once.
enum Shipped {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let program: Program = {
        func load(_ folder: String, _ suffix: String) -> [SourceFile] {
            let url = root.appendingPathComponent(folder)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
            return names.map { SourceFile(path: "\(folder)/\($0)", text: (try? String(contentsOf: url.appendingPathComponent($0), encoding: .utf8)) ?? "") }
        }
        return FlowCompiler.compile(flows: load("Flows", ".yaml"), tables: load("Flows/data", ".csv")).program!
    }()
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var current: Date
    init(_ start: String = "2026-11-23T15:00:00Z") { current = ISO8601DateFormatter().date(from: start)! }
    var now: Date { lock.lock(); defer { lock.unlock() }; return current }
    func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}

/// An engine on a fresh SQLite file in a temporary folder.
struct EngineFixture {
    let path: String
    let store: SQLiteStore
    let engine: Engine
    let clock: TestClock

    init(config: EngineConfig = EngineConfig(), file: Bool = true) throws {
        path = file ? FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString).sqlite").path : ":memory:"
        store = try SQLiteStore(path: path)
        let clock = TestClock()
        self.clock = clock
        engine = Engine(program: Shipped.program, classifier: nil, store: store, config: config, clock: { clock.now })
    }

    @discardableResult
    func send(_ body: String, from: String = "+12025550101", id: String? = nil) throws -> HandleResult {
        try engine.handleNow(InboundMessage(from: from, body: body, providerID: id))
    }

    func count(_ sql: String) throws -> Int {
        try store.database.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}
