import FlowRuntime
import Foundation
import GRDB
import SwitchboardEngine

/// Conversations in one SQLite file (system libsqlite3 through GRDB): WAL, a busy timeout,
/// append-only migrations, cached statements on the per-message path.
///
/// ```swift
/// let store = try SQLiteStore(path: "switchboard.sqlite")   // or ":memory:"
/// let engine = Engine(program: program, classifier: nil, store: store, clock: { Date() })
/// ```
public final class SQLiteStore: ConversationStore, @unchecked Sendable {
    // @unchecked: GRDB's DatabaseQueue serialises every access to the connection.

    /// The underlying queue (for tests and tools that read the database).
    public let database: DatabaseQueue
    /// The file path, or `:memory:`.
    public let path: String

    /// Opens (creating if needed) and migrates a database.
    /// - Parameters:
    ///   - path: A file path, or `:memory:`.
    ///   - walRestartPages: WAL size (4 KiB pages) at which the WAL starts over (see `Checkpointer`).
    ///   - checkpointInterval: Time between background checkpoint passes.
    ///   - walFlushInterval: Time between WAL syncs while writes go on (nil: only the checkpoint
    ///     passes sync it).
    /// - Throws: GRDB's `DatabaseError` when the file cannot be opened or migrated.
    public init(path: String, walRestartPages: Int = 8192, checkpointInterval: Duration = .milliseconds(500), walFlushInterval: Duration? = .milliseconds(10)) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // 32 MiB of page cache (the default is 2 MiB): conversations of many numbers stay in
            // memory instead of being read back from the file for every message.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // The checkpointer below lets the WAL start over at about 8,192 pages (32 MiB) without a stall;
            // SQLite's own checkpoint in the commit that crosses 40,000 pages is only a backstop.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 40000")
        }
        if path == ":memory:" {
            database = try DatabaseQueue(configuration: configuration)
            checkpointer = nil
        } else {
            configuration.journalMode = .wal
            database = try DatabaseQueue(path: path, configuration: configuration)
            checkpointer = try Checkpointer(
                path: path, configuration: configuration, interval: Self.dispatchInterval(checkpointInterval), restartPages: walRestartPages,
                flushInterval: walFlushInterval.map(Self.dispatchInterval))
        }
        try Migrations.migrator.migrate(database)
        if path == ":memory:" {
            reader = nil
        } else {
            var readOnly = Configuration()
            readOnly.readonly = true
            readOnly.busyMode = .timeout(10)
            reader = try DatabaseQueue(path: path, configuration: readOnly)
        }
    }

    /// The background checkpointer, for files.
    private let checkpointer: Checkpointer?

    /// A read-only connection of its own, for files: in WAL mode it reads a committed snapshot
    /// while the writer goes on, so the agent API, the sender's polling, `/metrics` and `/healthz`
    /// never hold up a message's transaction (a count over a million conversations takes tens of
    /// milliseconds).
    private let reader: DatabaseQueue?

    private static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        .microseconds(Int(duration / .microseconds(1)))
    }

    /// Runs `body` in one immediate write transaction.
    public func transaction<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        defer { checkpointer?.noteWrite() }
        return try database.write { db in try body(SQLiteTransaction(db: db)) }
    }

    /// How many times the background flusher synced the WAL (0 for `:memory:`).
    public var walFlushes: Int { checkpointer?.walFlushes ?? 0 }

    /// Runs a read-only block (on the reader connection for files; it cannot write).
    /// - Parameter body: Gets the store's transaction interface.
    /// - Returns: What the block returns.
    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try (reader ?? database).read { db in try body(SQLiteTransaction(db: db)) }
    }

    /// Lets the WAL start over when the background checkpointer asks for it (see `Checkpointer`).
    /// The engine's writer calls it between transactions, after their replies went out.
    public func maintain() {
        checkpointer?.restartIfDue(database)
    }

    /// Closes the database (checkpointing the WAL into the file); later use throws.
    public func close() throws {
        try checkpointer?.close()
        try reader?.close()
        try database.close()
    }

    /// `PRAGMA integrity_check`'s answer ("ok" when the file is sound).
    public func integrityCheck() throws -> String {
        try database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}

/// The store operations on one GRDB connection inside a transaction.
struct SQLiteTransaction: StoreTransaction {
    let db: Database

    func processedReplies(providerID: String) throws -> [String]? {
        let statement = try db.cachedStatement(sql: "SELECT replies FROM processed_messages WHERE provider_id = ?")
        guard let json = try statement.firstRowBound({ $0.text(providerID) }, read: { $0.text(0) ?? "[]" }) else { return nil }
        return try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    func processedConversationID(providerID: String) throws -> Int64? {
        let statement = try db.cachedStatement(sql: "SELECT conversation_id FROM processed_messages WHERE provider_id = ?")
        return try statement.firstRowBound({ $0.text(providerID) }, read: { $0.int(0) })
    }

    func markProcessed(providerID: String, conversationID: Int64, replies: [String], at: Date) throws {
        let json = JSONText.array(replies)
        try db.cachedStatement(sql: "INSERT INTO processed_messages (provider_id, conversation_id, replies, created_at) VALUES (?, ?, ?, ?)")
            .executeBound { $0.text(providerID); $0.int(conversationID); $0.text(json); $0.double(at.timeIntervalSince1970) }
    }

    func contact(phone: String) throws -> ContactRecord? {
        let statement = try db.cachedStatement(sql: "SELECT consent, opted_out_at, profile FROM contacts WHERE phone = ?")
        return try statement.firstRowBound({ $0.text(phone) }) { row in
            let profileJSON = row.text(2) ?? "{}"
            let profile = profileJSON == "{}" ? [:] : try JSONDecoder().decode([String: String].self, from: Data(profileJSON.utf8))
            return ContactRecord(
                phone: phone, consent: ConsentState(rawValue: row.text(0) ?? "") ?? .subscribed, optedOutAt: row.double(1).map(Date.init(timeIntervalSince1970:)),
                profile: profile)
        }
    }

    func saveContact(_ contact: ContactRecord) throws {
        let profile = contact.profile.isEmpty ? "{}" : JSONText.object(contact.profile)
        try db.cachedStatement(sql: """
            INSERT INTO contacts (phone, consent, opted_out_at, profile, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(phone) DO UPDATE SET consent = excluded.consent, opted_out_at = excluded.opted_out_at, profile = excluded.profile
            """).executeBound { row in
                row.text(contact.phone); row.text(contact.consent.rawValue); row.double(contact.optedOutAt?.timeIntervalSince1970); row.text(profile)
                row.double(Date().timeIntervalSince1970)
            }
    }

    func appendConsentEvent(_ event: ConsentEvent) throws {
        try db.cachedStatement(sql: "INSERT INTO consent_events (phone, change, keyword, source_message_id, created_at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [event.phone, event.change, event.keyword, event.sourceMessageID, event.createdAt.timeIntervalSince1970])
    }

    private static let conversationColumns = "id, phone, state, department, status, last_activity, version, handoff_notice_sent, last_inbound, awaiting_csat, frustration"
    private static let conversationByPhone = "SELECT \(conversationColumns) FROM conversations WHERE phone = ?"
    private static let conversationByID = "SELECT \(conversationColumns) FROM conversations WHERE id = ?"

    /// A conversation from the columns of ``conversationColumns``, read through SQLite's C API.
    private func decodeConversation(_ row: ColumnReader) throws -> ConversationRecord {
        var record = ConversationRecord(phone: row.text(1) ?? "", now: Date(timeIntervalSince1970: row.double(5) ?? 0))
        record.id = row.int(0)
        record.state = try ConversationState.decode(row.data(2))
        record.department = row.text(3) ?? "general"
        record.status = ConversationStatus(rawValue: row.text(4) ?? "") ?? .bot
        record.version = Int(row.int(6))
        record.handoffNoticeSent = row.int(7) != 0
        record.lastInbound = row.text(8)
        record.awaitingCSAT = row.int(9) != 0
        record.frustration = row.double(10) ?? 0
        return record
    }

    func conversation(phone: String) throws -> ConversationRecord? {
        try db.cachedStatement(sql: Self.conversationByPhone).firstRowBound({ $0.text(phone) }, read: decodeConversation)
    }

    func conversation(id: Int64) throws -> ConversationRecord? {
        try db.cachedStatement(sql: Self.conversationByID).firstRowBound({ $0.int(id) }, read: decodeConversation)
    }

    func saveConversation(_ conversation: ConversationRecord) throws -> ConversationRecord {
        var saved = conversation
        let state = conversation.state.encoded()
        if conversation.id == 0 {
            try db.cachedStatement(sql: """
                INSERT INTO conversations (phone, state, department, status, last_activity, version, handoff_notice_sent, last_inbound, awaiting_csat, frustration)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
                """).executeBound { row in
                    row.text(conversation.phone); row.blob(state); row.text(conversation.department); row.text(conversation.status.rawValue)
                    row.double(conversation.lastActivity.timeIntervalSince1970); row.bool(conversation.handoffNoticeSent); row.text(conversation.lastInbound)
                    row.bool(conversation.awaitingCSAT); row.double(conversation.frustration)
                }
            saved.id = db.lastInsertedRowID
            saved.version = 1
        } else {
            // Optimistic check: a writer that read an older version must not overwrite a newer one.
            try db.cachedStatement(sql: """
                UPDATE conversations SET state = ?, department = ?, status = ?, last_activity = ?, version = version + 1,
                handoff_notice_sent = ?, last_inbound = ?, awaiting_csat = ?, frustration = ? WHERE id = ? AND version = ?
                """).executeBound { row in
                    row.blob(state); row.text(conversation.department); row.text(conversation.status.rawValue); row.double(conversation.lastActivity.timeIntervalSince1970)
                    row.bool(conversation.handoffNoticeSent); row.text(conversation.lastInbound); row.bool(conversation.awaitingCSAT); row.double(conversation.frustration)
                    row.int(conversation.id); row.int(Int64(conversation.version))
                }
            guard db.changesCount == 1 else { throw EngineError(.conflict, "conversation \(conversation.id) changed under this write") }
            saved.version += 1
        }
        return saved
    }

    func appendMessage(_ message: MessageRecord) throws -> Int64 {
        try db.cachedStatement(sql: Self.insertMessages[0]).executeBound { row in Self.bind(message, to: &row) }
        return db.lastInsertedRowID
    }

    func appendMessages(_ messages: [MessageRecord]) throws {
        // Up to four lines in one statement (a message and its replies): one statement to run,
        // and AUTOINCREMENT's bookkeeping row written once instead of once per line.
        var start = messages.startIndex
        while start < messages.endIndex {
            let chunk = messages[start..<min(start + Self.insertMessages.count, messages.endIndex)]
            try db.cachedStatement(sql: Self.insertMessages[chunk.count - 1]).executeBound { row in
                for message in chunk { Self.bind(message, to: &row) }
            }
            start = chunk.endIndex
        }
    }

    /// INSERT statements for one to four transcript lines.
    private static let insertMessages = (1...4).map { count in
        "INSERT INTO messages (conversation_id, direction, body, provider_id, author, intent, confidence, sentiment, frustration, node, created_at, delivery_status) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: count).joined(separator: ", ")
    }

    private static func bind(_ message: MessageRecord, to row: inout ParameterBinder) {
        row.int(message.conversationID); row.text(message.direction.rawValue); row.text(message.body); row.text(message.providerID); row.text(message.author)
        row.text(message.intent); row.double(message.confidence); row.text(message.sentiment); row.double(message.frustration); row.text(message.node)
        row.double(message.createdAt.timeIntervalSince1970); row.text(message.deliveryStatus)
    }

    func messages(conversationID: Int64, limit: Int) throws -> [MessageRecord] {
        let statement = try db.cachedStatement(sql: """
            SELECT id, direction, body, provider_id, author, intent, confidence, sentiment, frustration, node, created_at, delivery_status
            FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?
            """)
        return try Row.fetchAll(statement, arguments: [conversationID, limit]).reversed().map { row in
            var message = MessageRecord(
                conversationID: conversationID, direction: Direction(rawValue: row[1]) ?? .inbound, body: row[2], providerID: row[3], author: row[4],
                intent: row[5], confidence: row[6], sentiment: row[7], frustration: row[8], node: row[9], createdAt: Date(timeIntervalSince1970: row[10]),
                deliveryStatus: row[11])
            message.id = row[0]
            return message
        }
    }

    private static let handoffColumns = "id, conversation_id, queue, reason, note, status, agent, created_at, assigned_at, closed_at"

    private func decodeHandoff(_ row: Row) -> HandoffRecord {
        var handoff = HandoffRecord(conversationID: row[1], queue: row[2], reason: row[3], note: row[4], status: HandoffRecord.Status(rawValue: row[5]) ?? .waiting, createdAt: Date(timeIntervalSince1970: row[7]))
        handoff.id = row[0]
        handoff.agent = row[6]
        let assigned: Double? = row[8], closed: Double? = row[9]
        handoff.assignedAt = assigned.map(Date.init(timeIntervalSince1970:))
        handoff.closedAt = closed.map(Date.init(timeIntervalSince1970:))
        return handoff
    }

    func openHandoff(conversationID: Int64) throws -> HandoffRecord? {
        let statement = try db.cachedStatement(sql: "SELECT \(Self.handoffColumns) FROM handoffs WHERE conversation_id = ? AND status != 'closed' ORDER BY id DESC LIMIT 1")
        return try Row.fetchOne(statement, arguments: [conversationID]).map(decodeHandoff)
    }

    func insertHandoff(_ handoff: HandoffRecord) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT INTO handoffs (conversation_id, queue, reason, note, status, agent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [handoff.conversationID, handoff.queue, handoff.reason, handoff.note, handoff.status.rawValue, handoff.agent, handoff.createdAt.timeIntervalSince1970])
        return db.lastInsertedRowID
    }

    func updateHandoff(_ handoff: HandoffRecord) throws {
        try db.cachedStatement(sql: "UPDATE handoffs SET queue = ?, reason = ?, note = ?, status = ?, agent = ?, assigned_at = ?, closed_at = ? WHERE id = ?")
            .execute(arguments: [handoff.queue, handoff.reason, handoff.note, handoff.status.rawValue, handoff.agent, handoff.assignedAt?.timeIntervalSince1970,
                handoff.closedAt?.timeIntervalSince1970, handoff.id])
    }

    func claimHandoff(id: Int64, agent: String, at: Date) throws -> Bool {
        try db.cachedStatement(sql: "UPDATE handoffs SET status = 'assigned', agent = ?, assigned_at = ? WHERE id = ? AND status = 'waiting'")
            .execute(arguments: [agent, at.timeIntervalSince1970, id])
        return db.changesCount == 1
    }

    func openHandoffs(queue: String) throws -> [HandoffRecord] {
        let statement = try db.cachedStatement(sql: "SELECT \(Self.handoffColumns) FROM handoffs WHERE status != 'closed' AND queue = ? ORDER BY created_at, id")
        return try Row.fetchAll(statement, arguments: [queue]).map(decodeHandoff)
    }

    func waitingHandoffs(queue: String?) throws -> [HandoffRecord] {
        if let queue {
            let statement = try db.cachedStatement(sql: "SELECT \(Self.handoffColumns) FROM handoffs WHERE status = 'waiting' AND queue = ? ORDER BY created_at, id")
            return try Row.fetchAll(statement, arguments: [queue]).map(decodeHandoff)
        }
        let statement = try db.cachedStatement(sql: "SELECT \(Self.handoffColumns) FROM handoffs WHERE status = 'waiting' ORDER BY created_at, id")
        return try Row.fetchAll(statement).map(decodeHandoff)
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: Result<T, any Error>?
        try db.inSavepoint {
            do {
                result = .success(try body())
                return .commit
            } catch {
                result = .failure(error)
                return .rollback
            }
        }
        return try result!.get()
    }
}
