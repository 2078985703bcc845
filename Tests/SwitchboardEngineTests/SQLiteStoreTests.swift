import Foundation
import GRDB
import SwitchboardEngine
import SwitchboardSQLite
import SwitchboardTestSupport
import Testing

/// The per-message writes bind values through SQLite's C API: what goes in comes back unchanged.
struct SQLiteStoreTests {
    @Test("transcript lines and conversations round-trip: empty texts, line breaks, emoji, NULLs, numbers")
    func roundTrip() throws {
        let fixture = try EngineFixture()
        let now = Date(timeIntervalSince1970: 1_795_446_000.25)
        var conversation = ConversationRecord(phone: "+12025550101", now: now)
        conversation.lastInbound = "héllo 👋"
        conversation.frustration = 0.625
        conversation.handoffNoticeSent = true
        let saved = try fixture.store.transaction { tx in
            try tx.saveContact(ContactRecord(phone: "+12025550101"))
            return try tx.saveConversation(conversation)
        }
        let bodies = ["", "tab\tand\nnewline", "🙂 emoji only", String(repeating: "x", count: 2_000), "'); DROP TABLE messages; --"]
        let lines = bodies.enumerated().map { index, body in
            MessageRecord(
                conversationID: saved.id, direction: index % 2 == 0 ? .inbound : .outbound, body: body, providerID: index == 0 ? nil : "SM\(index)",
                author: "bot", intent: index == 1 ? "billing" : nil, confidence: index == 1 ? 0.75 : nil, sentiment: nil, frustration: index == 1 ? 0.5 : nil,
                node: "support.main_menu", createdAt: now, deliveryStatus: index == 1 ? "queued" : nil)
        }
        let updated = try fixture.store.transaction { tx in
            for line in lines { try tx.appendMessage(line) }
            var again = try #require(try tx.conversation(id: saved.id))
            again.frustration = 0.125
            return try tx.saveConversation(again)
        }
        let stored = try fixture.store.read { tx in try tx.messages(conversationID: saved.id, limit: 10) }
        #expect(stored.map(\.body.utf8.count) == bodies.map(\.utf8.count))
        #expect(stored.map(\.body) == bodies)
        #expect(stored.map { var line = $0; line.id = 0; return line } == lines)
        let reread = try #require(try fixture.store.read { tx in try tx.conversation(id: saved.id) })
        #expect(reread.lastInbound == "héllo 👋")
        #expect(reread.handoffNoticeSent)
        #expect(reread.frustration == 0.125)
        #expect(reread.version == updated.version)
        // A stale version is refused, and the statement stays usable afterwards.
        #expect(throws: EngineError.self) { try fixture.store.transaction { tx in try tx.saveConversation(saved) } }
        #expect(throws: (any Error).self) {
            try fixture.store.transaction { tx in
                try tx.appendMessage(MessageRecord(conversationID: 999_999, direction: .inbound, body: "x", author: "bot", createdAt: now))
            }
        }
        _ = try fixture.store.transaction { tx in try tx.appendMessage(lines[1]) }
        #expect(try fixture.count("SELECT COUNT(*) FROM messages") == bodies.count + 1)
        // Several lines in one call (statements of up to four rows): in order, values intact.
        let many = lines + lines.reversed()
        try fixture.store.transaction { tx in try tx.appendMessages(many) }
        let all = try fixture.store.read { tx in try tx.messages(conversationID: saved.id, limit: 100) }
        #expect(all.suffix(many.count).map { var line = $0; line.id = 0; return line } == many)
        #expect(Set(all.map(\.id)).count == all.count)
        // The idempotency row: the replies come back as they went in; an unknown id has none.
        let replies = ["", "line\nbreak \"quoted\" \u{2028}", "👋 €"]
        try fixture.store.transaction { tx in try tx.markProcessed(providerID: "SM-replies", conversationID: saved.id, replies: replies, at: now) }
        #expect(try fixture.store.read { tx in try tx.processedReplies(providerID: "SM-replies") } == replies)
        #expect(try fixture.store.read { tx in try tx.processedReplies(providerID: "SM-none") } == nil)
        try fixture.store.transaction { tx in try tx.markProcessed(providerID: "SM-silent", conversationID: saved.id, replies: [], at: now) }
        #expect(try fixture.store.read { tx in try tx.processedReplies(providerID: "SM-silent") } == [])
    }

    @Test("reads run on a connection of their own: a snapshot the writer does not wait for, and one that cannot write")
    func readerConnection() throws {
        let fixture = try EngineFixture()
        try fixture.store.transaction { tx in try tx.saveContact(ContactRecord(phone: "+12025550101")) }
        let (inside, during) = try fixture.store.read { tx -> (ContactRecord?, Bool) in
            let during = try tx.contact(phone: "+12025550101") != nil  // the snapshot starts here
            // The writer commits while this read is open (one connection would deadlock here).
            try fixture.store.transaction { tx in try tx.saveContact(ContactRecord(phone: "+12025550102")) }
            return (try tx.contact(phone: "+12025550102"), during)
        }
        #expect(inside == nil)  // the read's snapshot predates that commit
        #expect(during)
        #expect(try fixture.store.read { tx in try tx.contact(phone: "+12025550102") } != nil)
        #expect(throws: (any Error).self) { try fixture.store.read { tx in try tx.saveContact(ContactRecord(phone: "+12025550103")) } }
        #expect(try fixture.count("SELECT COUNT(*) FROM contacts") == 2)
    }

    @Test("a test fixture's database, WAL and shared-memory files are removed when the fixture goes")
    func fixtureFilesAreRemoved() throws {
        var path = ""
        do {
            let fixture = try EngineFixture()
            path = fixture.path
            try fixture.send("hi")
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
        for suffix in ["", "-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: path + suffix), "\(path + suffix) was left behind")
        }
    }

    @Test("under a steady stream of messages the WAL keeps starting over at its limit, and nothing is lost")
    func walStartsOver() async throws {
        let path = WALFile.temporaryPath()
        defer { WALFile.remove(path) }
        // A 64-page limit and a pass every 2 ms, so a short test crosses the limit many times.
        let store = try SQLiteStore(path: path, walRestartPages: 64, checkpointInterval: .milliseconds(2))
        let engine = Engine(program: Shipped.program, classifier: nil, store: store, clock: { Date() })
        let messages = 3_000
        for index in 0..<messages {
            // Many numbers, so every transaction dirties pages of its own.
            _ = try await engine.handle(InboundMessage(from: "+1202555\(String(format: "%04d", index % 1_000))", body: index % 2 == 0 ? "hi" : "b", providerID: "SM\(index)"))
        }
        // Without the writer's part the WAL would only start over at SQLite's 40,000-page
        // backstop, which these messages (about 15,000 pages) never reach.
        let restarts = WALFile.restarts(path)
        #expect(restarts >= 5, "the WAL started over \(restarts) times")
        let written = try await store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE direction = 'in'") ?? 0 }
        #expect(written == messages)
        #expect(try store.integrityCheck() == "ok")
        try store.close()
    }

    @Test("a writer that stops asking between transactions still gets its WAL rewound once it is idle")
    func walStartsOverWhenIdle() async throws {
        let path = WALFile.temporaryPath()
        defer { WALFile.remove(path) }
        let store = try SQLiteStore(path: path, walRestartPages: 64, checkpointInterval: .milliseconds(2))
        let restarts = { WALFile.restarts(path) }
        // Writes that never call `maintain()` (the engine's writer would): about 400 pages.
        let profile = ["note": String(repeating: "x", count: 1_000)]
        for index in 0..<1_500 {
            try store.transaction { tx in try tx.saveContact(ContactRecord(phone: "+1202555\(String(format: "%04d", index))", profile: profile)) }
        }
        try await Task.sleep(for: .milliseconds(100))
        let before = restarts()
        // The checkpointer's request goes unanswered; after a second it checkpoints on its own.
        try await Task.sleep(for: .milliseconds(1_500))
        try store.transaction { tx in try tx.saveContact(ContactRecord(phone: "+12025559999")) }
        #expect(restarts() > before, "the WAL did not start over (\(before) restarts before, \(restarts()) after)")
        #expect(try store.integrityCheck() == "ok")
        try store.close()
    }
}

extension SQLiteStoreTests {
    @Test("status callbacks find outbound texts through an index that inbound messages do not write to")
    func outboundProviderIndex() async throws {
        let path = WALFile.temporaryPath()
        defer { WALFile.remove(path) }
        let store = try SQLiteStore(path: path)
        let plan = try await store.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM messages WHERE provider_id = ? AND direction = 'out' LIMIT 1", arguments: ["SM1"])
                .map { $0["detail"] as String }.joined(separator: " | ")
        }
        #expect(plan.contains("USING INDEX messages_out_by_provider"), "\(plan)")
        let indexed = try await store.database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' ORDER BY name")
        }
        #expect(indexed == ["messages_by_conversation", "messages_out_by_provider"])
        try store.close()
    }

    @Test("between checkpoint passes the WAL is synced at the flush interval while writes go on, and never while idle")
    func walFlushedWhileWriting() async throws {
        let path = WALFile.temporaryPath()
        defer { WALFile.remove(path) }
        let store = try SQLiteStore(path: path, checkpointInterval: .seconds(60), walFlushInterval: .milliseconds(10))
        try await Task.sleep(for: .milliseconds(100))
        #expect(store.walFlushes == 0, "nothing was written yet")
        for index in 0..<20 {
            try store.transaction { tx in try tx.saveContact(ContactRecord(phone: "+1202555\(String(format: "%04d", index))")) }
            try await Task.sleep(for: .milliseconds(15))
        }
        #expect(store.walFlushes >= 3, "\(store.walFlushes) flushes during 300 ms of writes")
        try await Task.sleep(for: .milliseconds(100))
        let settled = store.walFlushes
        try await Task.sleep(for: .milliseconds(200))
        #expect(store.walFlushes == settled, "the flusher kept syncing an idle WAL")
        try store.close()
    }
}

/// A test database's WAL, read from outside SQLite.
enum WALFile {
    /// A fresh database path in the temporary directory.
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("wal-\(UUID().uuidString).sqlite").path
    }

    /// Removes the database with its WAL and shared-memory files.
    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// How many times the WAL started over: the header's checkpoint sequence number (bytes
    /// 12–15, big-endian); 0 when there is no WAL.
    static func restarts(_ path: String) -> Int {
        let header = FileHandle(forReadingAtPath: path + "-wal")?.readData(ofLength: 16) ?? Data()
        return header.dropFirst(12).reduce(0) { $0 << 8 | Int($1) }
    }
}
