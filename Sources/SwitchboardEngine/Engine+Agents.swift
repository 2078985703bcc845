import FlowRuntime
import Foundation
import PhoneNumbers

/// A conversation waiting in a queue.
public struct QueueEntry: Sendable {
    /// The conversation id.
    public var conversationID: Int64
    /// The queue.
    public var queue: String
    /// Why it was escalated.
    public var reason: String
    /// The engine's one-line summary.
    public var note: String
    /// When it entered the queue.
    public var since: Date
    /// How long it has waited (or waited before it was claimed).
    public var waiting: TimeInterval
    /// The agent who claimed it, if one did.
    public var agent: String?
    /// The E.164 number (listed for agents only).
    public var phone: String?
}

/// What an agent's reply produced.
public struct ReplyReceipt: Sendable, Equatable {
    /// The outbox item that will send it.
    public var outboxID: Int64
    /// The text as stored (control characters removed, trimmed).
    public var body: String
    /// Seconds from the handoff to this agent's first reply on it, when this is that reply.
    public var firstResponse: TimeInterval?
}

/// What an agent sees when opening a conversation.
public struct Brief: Sendable {
    /// The conversation id.
    public var conversationID: Int64
    /// The E.164 number.
    public var phone: String
    /// Who has it.
    public var status: ConversationStatus
    /// The department (the queue a handoff goes to by default).
    public var department: String
    /// The open handoff, if any.
    public var handoff: HandoffRecord?
    /// Slots the bot collected.
    public var slots: [String: String]
    /// The last intent and its confidence.
    public var lastIntent: (intent: String, confidence: Double)?
    /// The last sentiment label and score.
    public var lastSentiment: (label: String, score: Double)?
    /// Conversation-level frustration.
    public var frustration: Double
    /// The summary written at escalation (or now, when there is no handoff).
    public var summary: String
    /// The transcript, oldest first (the last 200 lines).
    public var transcript: [MessageRecord]
    /// Whether the number opted out.
    public var optedOut: Bool
}

extension Engine {
    private func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try writerSync { try store.transaction(body) }
    }

    /// Waiting conversations, oldest first.
    /// - Parameter queue: One queue, or nil for all.
    /// - Returns: The entries with their wait times.
    public func waiting(queue: String? = nil) throws -> [QueueEntry] {
        let now = clock()
        return try store.read { tx in
            try tx.waitingHandoffs(queue: queue).map {
                QueueEntry(conversationID: $0.conversationID, queue: $0.queue, reason: $0.reason, note: $0.note, since: $0.createdAt, waiting: now.timeIntervalSince($0.createdAt))
            }
        }
    }

    /// A queue's open conversations, waiting and claimed, oldest first.
    /// - Parameter queue: The queue.
    public func openConversations(queue: String) throws -> [QueueEntry] {
        let now = clock()
        return try store.read { tx in
            try tx.openHandoffs(queue: queue).map {
                QueueEntry(
                    conversationID: $0.conversationID, queue: $0.queue, reason: $0.reason, note: $0.note, since: $0.createdAt,
                    waiting: ($0.assignedAt ?? now).timeIntervalSince($0.createdAt), agent: $0.agent,
                    phone: try tx.conversation(id: $0.conversationID)?.phone)
            }
        }
    }

    /// The brief of a conversation.
    /// - Parameter id: The conversation id.
    /// - Returns: Transcript, slots, classification, reason and summary.
    /// - Throws: ``EngineError`` `.notFound`.
    public func brief(_ id: Int64) throws -> Brief {
        try store.read { tx in
            guard let conversation = try tx.conversation(id: id) else { throw EngineError(.notFound, "no conversation \(id)") }
            let handoff = try tx.openHandoff(conversationID: id)
            let understanding = conversation.state.lastUnderstanding
            return Brief(
                conversationID: id, phone: conversation.phone, status: conversation.status, department: conversation.department, handoff: handoff,
                slots: conversation.state.slots,
                lastIntent: understanding?.intent.map { ($0, understanding?.confidence ?? 0) },
                lastSentiment: understanding?.sentiment.map { ($0, understanding?.sentimentScore ?? 0) },
                frustration: conversation.frustration,
                summary: Self.joinSummary(summary(conversation, reason: handoff?.reason ?? "none", classification: nil), note: handoff?.note ?? ""),
                transcript: try tx.messages(conversationID: id, limit: 200),
                optedOut: try tx.contact(phone: conversation.phone)?.consent == .optedOut)
        }
    }

    /// An agent may act on a conversation that is waiting or that it holds, not on one another agent holds.
    func requireHolder(_ agent: String?, of id: Int64, tx: any StoreTransaction) throws {
        guard let agent, let handoff = try tx.openHandoff(conversationID: id), let holder = handoff.agent, holder != agent else { return }
        throw EngineError(.conflict, "conversation \(id) is claimed by \(holder)")
    }

    /// The summary with the handoff's note, unless the note says nothing new.
    static func joinSummary(_ summary: String, note: String) -> String {
        note.isEmpty || summary.contains(note) ? summary : "\(summary) — \(note)"
    }

    /// Claims a waiting conversation; exactly one of two agents trying at once succeeds.
    /// - Parameters:
    ///   - id: The conversation id.
    ///   - agent: The agent's name.
    /// - Throws: ``EngineError`` `.notFound`, or `.conflict` naming who holds it.
    public func claim(_ id: Int64, agent: String) throws {
        let now = clock()
        try write { tx in
            guard var conversation = try tx.conversation(id: id) else { throw EngineError(.notFound, "no conversation \(id)") }
            guard let handoff = try tx.openHandoff(conversationID: id) else { throw EngineError(.conflict, "conversation \(id) is not waiting for a person") }
            guard handoff.status == .waiting, try tx.claimHandoff(id: handoff.id, agent: agent, at: now) else {
                throw EngineError(.conflict, "conversation \(id) is already claimed by \(handoff.agent ?? "another agent")")
            }
            conversation.status = .agent
            _ = try tx.saveConversation(conversation)
        }
    }

    /// The longest reply an agent may send (Twilio's limit for one message body).
    public static let maxReplyCharacters = 1_600

    /// An agent's reply: stored in the transcript and queued for sending, in one transaction.
    /// - Parameters:
    ///   - id: The conversation id.
    ///   - agent: The agent's name.
    ///   - text: The reply.
    /// - Throws: ``EngineError`` `.optedOut` (nothing is stored or sent), `.conflict` when another
    ///   agent holds the conversation, `.invalid` for an empty text or one over ``maxReplyCharacters``.
    @discardableResult
    public func reply(_ id: Int64, agent: String, text: String) throws -> ReplyReceipt {
        let body = Self.sanitize(text)
        guard !body.isEmpty else { throw EngineError(.invalid, "the reply is empty") }
        // Twilio refuses bodies over 1,600 characters; a longer one would be charged in pieces or lost.
        guard body.count <= Self.maxReplyCharacters else {
            throw EngineError(.invalid, "the reply is \(body.count) characters; an SMS reply may have at most \(Self.maxReplyCharacters)")
        }
        let now = clock()
        return try write { tx in
            var firstResponse: TimeInterval?
            guard var conversation = try tx.conversation(id: id) else { throw EngineError(.notFound, "no conversation \(id)") }
            if try tx.contact(phone: conversation.phone)?.consent == .optedOut {
                throw EngineError(.optedOut, "the customer opted out; nothing can be sent until they text START")
            }
            if var handoff = try tx.openHandoff(conversationID: id) {
                if let holder = handoff.agent, holder != agent { throw EngineError(.conflict, "conversation \(id) is claimed by \(holder)") }
                let answered = try tx.messages(conversationID: id, limit: 200).contains {
                    $0.direction == .outbound && $0.author != "bot" && $0.author != "system" && $0.createdAt >= handoff.createdAt
                }
                if !answered { firstResponse = now.timeIntervalSince(handoff.createdAt) }
                if handoff.status == .waiting {
                    handoff.status = .assigned
                    handoff.agent = agent
                    handoff.assignedAt = now
                    try tx.updateHandoff(handoff)
                }
            }
            conversation.status = .agent
            conversation.lastActivity = now
            let messageID = try tx.appendMessage(MessageRecord(conversationID: id, direction: .outbound, body: body, author: agent, createdAt: now, deliveryStatus: "queued"))
            let outboxID = try tx.enqueueOutbound(conversationID: id, phone: conversation.phone, body: body, messageID: messageID, notBefore: nil, at: now)
            _ = try tx.saveConversation(conversation)
            return ReplyReceipt(outboxID: outboxID, body: body, firstResponse: firstResponse)
        }
    }

    /// Moves a conversation to another queue, waiting again.
    /// - Parameters:
    ///   - id: The conversation id.
    ///   - queue: The new queue.
    ///   - agent: The acting agent, or nil for an administrator (the CLI).
    /// - Throws: ``EngineError`` `.invalid` for an unknown queue, `.notFound`, `.conflict` when
    ///   another agent holds the conversation.
    public func transfer(_ id: Int64, to queue: String, by agent: String? = nil) throws {
        guard program.queues[queue] != nil else {
            throw EngineError(.invalid, "no queue named '\(queue)' (queues: \(program.queues.keys.sorted().joined(separator: ", ")))")
        }
        let now = clock()
        try write { tx in
            guard var conversation = try tx.conversation(id: id) else { throw EngineError(.notFound, "no conversation \(id)") }
            try requireHolder(agent, of: id, tx: tx)
            if var handoff = try tx.openHandoff(conversationID: id) {
                handoff.queue = queue
                handoff.status = .waiting
                handoff.agent = nil
                handoff.assignedAt = nil
                try tx.updateHandoff(handoff)
            } else {
                try tx.insertHandoff(HandoffRecord(conversationID: id, queue: queue, reason: "transfer", note: "Transferred by an agent", createdAt: now))
            }
            conversation.status = .queued
            conversation.department = queue
            conversation.state.handoffQueue = queue
            _ = try tx.saveConversation(conversation)
        }
    }

    /// Hands a conversation back to the bot at a node (default: the entry flow's start); the bot's
    /// texts from that node are queued for sending.
    /// - Parameters:
    ///   - id: The conversation id.
    ///   - node: `flow.node`, or nil for the entry point.
    ///   - agent: The acting agent, or nil for an administrator (the CLI).
    /// - Returns: The texts queued.
    /// - Throws: ``EngineError`` `.invalid` for an unknown node, `.conflict` when another agent holds it.
    @discardableResult
    public func release(_ id: Int64, at node: String? = nil, by agent: String? = nil) throws -> [String] {
        let target: NodeID
        if let node {
            let parts = node.split(separator: ".", maxSplits: 1).map(String.init)
            let candidate = parts.count == 2 ? NodeID(flow: parts[0], node: parts[1]) : NodeID(flow: program.entryFlow, node: node)
            guard program.node(candidate) != nil else { throw EngineError(.invalid, "no node '\(node)'") }
            target = candidate
        } else {
            target = program.entryPoint
        }
        let now = clock()
        return try write { tx in
            guard var conversation = try tx.conversation(id: id) else { throw EngineError(.notFound, "no conversation \(id)") }
            try requireHolder(agent, of: id, tx: tx)
            try closeOpenHandoff(&conversation, now: now, tx: tx)
            conversation.status = .bot
            conversation.handoffNoticeSent = false
            let contact = try tx.contact(phone: conversation.phone)
            var profile = contact?.profile ?? [:]
            profile["phone"] = conversation.phone
            let step = interpreter.enter(conversation.state, at: target, context: StepContext(now: now, contact: profile))
            conversation.state = step.state
            conversation.lastActivity = now
            for event in step.events {
                if case .handoff(let queue, let reason, let note) = event {
                    _ = try escalate(&conversation, queue: queue, reason: reason, note: note, now: now, tx: tx)
                }
            }
            let optedOut = contact?.consent == .optedOut
            let texts = optedOut ? [] : step.replies
            for text in texts {
                let messageID = try tx.appendMessage(MessageRecord(conversationID: id, direction: .outbound, body: text, author: "bot", node: target.description, createdAt: now, deliveryStatus: "queued"))
                try tx.enqueueOutbound(conversationID: id, phone: conversation.phone, body: text, messageID: messageID, notBefore: nil, at: now)
            }
            _ = try tx.saveConversation(conversation)
            return texts
        }
    }

    /// Closes a conversation, optionally asking the CSAT question.
    /// - Parameters:
    ///   - id: The conversation id.
    ///   - csat: Whether to send the CSAT question (not to an opted-out number).
    ///   - agent: The acting agent, or nil for an administrator (the CLI).
    /// - Throws: ``EngineError`` `.notFound`, `.conflict` when another agent holds it.
    public func close(_ id: Int64, csat: Bool = false, by agent: String? = nil) throws {
        let now = clock()
        try write { tx in
            guard var conversation = try tx.conversation(id: id) else { throw EngineError(.notFound, "no conversation \(id)") }
            try requireHolder(agent, of: id, tx: tx)
            try closeOpenHandoff(&conversation, now: now, tx: tx)
            conversation.status = .closed
            conversation.state = ConversationState()
            conversation.handoffNoticeSent = false
            if csat, try tx.contact(phone: conversation.phone)?.consent != .optedOut {
                conversation.awaitingCSAT = true
                let messageID = try tx.appendMessage(MessageRecord(conversationID: id, direction: .outbound, body: config.csatQuestion, author: "bot", createdAt: now, deliveryStatus: "queued"))
                try tx.enqueueOutbound(conversationID: id, phone: conversation.phone, body: config.csatQuestion, messageID: messageID, notBefore: nil, at: now)
            }
            _ = try tx.saveConversation(conversation)
        }
    }

    /// The conversation id of a number, if it has one.
    public func conversationID(phone: String) throws -> Int64? {
        let normalized = try normalizedPhone(phone)
        return try store.read { tx in try tx.conversation(phone: normalized)?.id }
    }
}

extension Engine {
    /// A number's stored conversation, if it has one.
    /// - Parameter phone: The number, in any format.
    /// - Returns: The conversation as last committed.
    /// - Throws: ``EngineError`` `.invalidPhone`; store errors.
    public func storedConversation(phone: String) throws -> ConversationRecord? {
        let normalized = try normalizedPhone(phone)
        return try store.read { tx in try tx.conversation(phone: normalized) }
    }

    /// The E.164 form of a number, as the engine files conversations under it.
    /// - Parameter phone: The number, in any format (national numbers in the configured region).
    /// - Returns: The E.164 number.
    /// - Throws: ``EngineError`` `.invalidPhone`.
    public func normalize(phone: String) throws -> String {
        try normalizedPhone(phone)
    }

    /// Starts a number's conversation afresh (the chat tool's /reset): state cleared, any handoff closed.
    /// - Parameter phone: The number.
    public func resetConversation(phone: String) throws {
        let normalized = try normalizedPhone(phone)
        let now = clock()
        try write { tx in
            guard var conversation = try tx.conversation(phone: normalized) else { return }
            try closeOpenHandoff(&conversation, now: now, tx: tx)
            conversation.state = ConversationState()
            conversation.status = .bot
            conversation.handoffNoticeSent = false
            conversation.awaitingCSAT = false
            conversation.lastInbound = nil
            _ = try tx.saveConversation(conversation)
        }
    }
}

extension Engine {
    /// A contact row that could not be imported.
    public struct ImportProblem: Sendable, Equatable {
        /// 1-based line in the CSV file.
        public var line: Int
        /// What is wrong (never the number itself).
        public var message: String
    }

    /// Imports contact profiles: a header row with `phone` and any profile columns (`name`, …).
    /// Existing contacts keep their consent; profile fields are merged. Bad rows are reported
    /// and skipped; good rows are stored in one transaction.
    /// - Parameter records: Parsed CSV records (header first) with their line numbers.
    /// - Returns: How many contacts were stored, and the rows skipped.
    public func importContacts(_ records: [(fields: [String], line: Int)]) throws -> (imported: Int, problems: [ImportProblem]) {
        guard let header = records.first else { return (0, [ImportProblem(line: 1, message: "the file is empty")]) }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let phoneColumn = columns.firstIndex(of: "phone") else {
            return (0, [ImportProblem(line: header.line, message: "the header needs a 'phone' column")])
        }
        // A column named twice would keep one of the two values without a word: refuse the file.
        let repeated = Dictionary(grouping: columns.filter { !$0.isEmpty }, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        if !repeated.isEmpty {
            return (0, [ImportProblem(line: header.line, message: "column \(repeated.map { "'\($0)'" }.joined(separator: ", ")) appears twice in the header")])
        }
        var problems: [ImportProblem] = []
        var rows: [(String, [String: String])] = []
        var firstLine: [String: Int] = [:]
        rowLoop: for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                problems.append(ImportProblem(line: record.line, message: "row has \(record.fields.count) fields, the header has \(columns.count)"))
                continue
            }
            let phone: String
            do {
                phone = try PhoneNumbers.normalize(record.fields[phoneColumn], defaultRegion: config.defaultRegion)
            } catch {
                problems.append(ImportProblem(line: record.line, message: "column 'phone': \(error.reason)"))
                continue
            }
            if let first = firstLine[phone] {
                problems.append(ImportProblem(line: record.line, message: "column 'phone': \(phone) is also on line \(first); this row is skipped"))
                continue
            }
            var profile: [String: String] = [:]
            for (index, column) in columns.enumerated() where index != phoneColumn && !column.isEmpty {
                let value = record.fields[index].trimmingCharacters(in: .whitespaces)
                guard !value.isEmpty else { continue }
                // The flows' texts were measured for values up to the declared length.
                if let limit = program.contactFields[column], value.count > limit {
                    problems.append(ImportProblem(line: record.line, message: "column '\(column)': \(value.count) characters, the flows declare at most \(limit) (contact: \(column): \(limit)); this row is skipped"))
                    continue rowLoop
                }
                if column == "time_zone" || column == "timezone", TimeZone(identifier: value) == nil {
                    problems.append(ImportProblem(line: record.line, message: "column '\(column)': '\(value)' is not a time zone such as America/Chicago; this row is skipped"))
                    continue rowLoop
                }
                profile[column] = value
            }
            firstLine[phone] = record.line
            rows.append((phone, profile))
        }
        try write { tx in
            for (phone, profile) in rows {
                var contact = try tx.contact(phone: phone) ?? ContactRecord(phone: phone)
                contact.profile.merge(profile) { $1 }
                try tx.saveContact(contact)
            }
        }
        return (rows.count, problems)
    }
}
