import FlowLanguage
import FlowRuntime
import Foundation
import GRDB
import SwitchboardEngine
import SwitchboardSQLite
import SwitchboardTestSupport
import TextClassifier

/// An engine on a fresh SQLite file in a temporary folder.
struct EngineFixture {
    let path: String
    /// Removes the file when the last copy of the fixture goes.
    private let file: TemporaryDatabase?
    let store: SQLiteStore
    let engine: Engine
    let clock: TestClock

    init(config: EngineConfig = EngineConfig(), file: Bool = true, classifier: Classifier? = nil) throws {
        self.file = file ? TemporaryDatabase(prefix: "engine") : nil
        path = self.file?.path ?? ":memory:"
        store = try SQLiteStore(path: path)
        let clock = TestClock()
        self.clock = clock
        engine = Engine(program: Shipped.program, classifier: classifier, store: store, config: config, clock: { clock.now })
    }

    @discardableResult
    func send(_ body: String, from: String = "+12025550101", id: String? = nil) throws -> HandleResult {
        try engine.handleNow(InboundMessage(from: from, body: body, providerID: id))
    }

    func count(_ sql: String) throws -> Int {
        try store.database.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}
