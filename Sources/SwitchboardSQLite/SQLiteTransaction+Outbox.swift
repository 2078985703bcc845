import Foundation
import GRDB
import SwitchboardEngine

/// The outbox, delivery reports and counts.
extension SQLiteTransaction {
    private static let outboxColumns =
        "id, conversation_id, phone, body, message_id, status, attempts, created_at, not_before, next_attempt, provider_id, last_error, scheduled_node, scheduled_slots"

    private func decodeOutbox(_ row: Row) -> OutboxItem {
        let notBefore: Double? = row[8], nextAttempt: Double? = row[9]
        var item = OutboxItem(
            id: row[0], conversationID: row[1], phone: row[2], body: row[3], messageID: row[4],
            status: OutboxItem.Status(rawValue: row[5]) ?? .failed, attempts: row[6], createdAt: Date(timeIntervalSince1970: row[7]),
            notBefore: notBefore.map(Date.init(timeIntervalSince1970:)), nextAttempt: nextAttempt.map(Date.init(timeIntervalSince1970:)),
            providerID: row[10], lastError: row[11])
        item.scheduledNode = row[12]
        if let slots: String = row[13], let object = try? JSONSerialization.jsonObject(with: Data(slots.utf8)) as? [String: String] {
            item.scheduledSlots = object
        }
        return item
    }

    func enqueueOutbound(conversationID: Int64, phone: String, body: String, messageID: Int64?, notBefore: Date?, at: Date) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT INTO outbox (conversation_id, phone, body, message_id, not_before, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [conversationID, phone, body, messageID, notBefore?.timeIntervalSince1970, at.timeIntervalSince1970])
        return db.lastInsertedRowID
    }

    func scheduleProactive(conversationID: Int64, phone: String, node: String, slots: [String: String], notBefore: Date, at: Date) throws -> Int64 {
        let slotsJSON = String(decoding: try JSONSerialization.data(withJSONObject: slots, options: [.sortedKeys]), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO outbox (conversation_id, phone, body, scheduled_node, scheduled_slots, not_before, created_at) VALUES (?, ?, '', ?, ?, ?, ?)
            """).execute(arguments: [conversationID, phone, node, slotsJSON, notBefore.timeIntervalSince1970, at.timeIntervalSince1970])
        return db.lastInsertedRowID
    }

    func dueOutbound(now: Date, limit: Int) throws -> [OutboxItem] {
        let statement = try db.cachedStatement(sql: """
            SELECT \(Self.outboxColumns) FROM outbox WHERE status = 'queued'
            AND (not_before IS NULL OR not_before <= ?) AND (next_attempt IS NULL OR next_attempt <= ?) ORDER BY id LIMIT ?
            """)
        let t = now.timeIntervalSince1970
        return try Row.fetchAll(statement, arguments: [t, t, limit]).map(decodeOutbox)
    }

    func outbox(id: Int64) throws -> OutboxItem? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.outboxColumns) FROM outbox WHERE id = ?"), arguments: [id]).map(decodeOutbox)
    }

    func updateOutbox(_ item: OutboxItem) throws {
        try db.cachedStatement(sql: "UPDATE outbox SET status = ?, attempts = ?, next_attempt = ?, provider_id = ?, last_error = ? WHERE id = ?")
            .execute(arguments: [item.status.rawValue, item.attempts, item.nextAttempt?.timeIntervalSince1970, item.providerID, item.lastError, item.id])
    }

    func markInterruptedSends() throws -> Int {
        try db.execute(sql: """
            UPDATE messages SET delivery_status = 'interrupted' WHERE id IN (SELECT message_id FROM outbox WHERE status = 'sending');
            UPDATE outbox SET status = 'interrupted', last_error = 'the process stopped during the send' WHERE status = 'sending';
            """)
        return db.changesCount
    }

    func setDelivery(messageID: Int64, status: String, providerID: String?) throws {
        if let providerID {
            try db.cachedStatement(sql: "UPDATE messages SET delivery_status = ?, provider_id = ? WHERE id = ?").execute(arguments: [status, providerID, messageID])
        } else {
            try db.cachedStatement(sql: "UPDATE messages SET delivery_status = ? WHERE id = ?").execute(arguments: [status, messageID])
        }
    }

    func outboundMessage(providerID: String) throws -> MessageRecord? {
        let statement = try db.cachedStatement(sql: """
            SELECT id, conversation_id, body, author, created_at, delivery_status FROM messages WHERE provider_id = ? AND direction = 'out' LIMIT 1
            """)
        return try Row.fetchOne(statement, arguments: [providerID]).map { row in
            var message = MessageRecord(
                conversationID: row[1], direction: .outbound, body: row[2], providerID: providerID, author: row[3],
                createdAt: Date(timeIntervalSince1970: row[4]), deliveryStatus: row[5])
            message.id = row[0]
            return message
        }
    }

    func queuedOutboundCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM outbox WHERE status = 'queued'")) ?? 0
    }

    func stats() throws -> EngineStats {
        let conversations = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversations") ?? 0
        let withHandoff = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT conversation_id) FROM handoffs") ?? 0
        let optedOut = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts WHERE consent = 'opted_out'") ?? 0
        var waiting: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT queue, COUNT(*) FROM handoffs WHERE status = 'waiting' GROUP BY queue") {
            waiting[row[0]] = row[1]
        }
        var outbox: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM outbox GROUP BY status") {
            outbox[row[0]] = row[1]
        }
        return EngineStats(conversations: conversations, conversationsWithHandoff: withHandoff, waitingByQueue: waiting, optedOut: optedOut, outboxByStatus: outbox)
    }
}
