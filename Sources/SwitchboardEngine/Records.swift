import FlowRuntime
import Foundation

/// Whether a number may be texted.
public enum ConsentState: String, Sendable, Codable {
    /// Texts may be sent.
    case subscribed
    /// The person opted out; nothing may be sent until they opt back in.
    case optedOut = "opted_out"
}

/// A contact: one phone number and what we know of its owner.
public struct ContactRecord: Sendable, Equatable {
    /// E.164 number.
    public var phone: String
    /// Consent.
    public var consent: ConsentState
    /// When the number opted out, if it did.
    public var optedOutAt: Date?
    /// Profile fields (`name`, …) for `{{contact.x}}` templates.
    public var profile: [String: String]

    /// Creates a contact.
    /// - Parameters:
    ///   - phone: E.164 number.
    ///   - consent: Consent state.
    ///   - optedOutAt: When it opted out.
    ///   - profile: Profile fields.
    public init(phone: String, consent: ConsentState = .subscribed, optedOutAt: Date? = nil, profile: [String: String] = [:]) {
        self.phone = phone
        self.consent = consent
        self.optedOutAt = optedOutAt
        self.profile = profile
    }
}

/// Who has the conversation.
public enum ConversationStatus: String, Sendable, Codable {
    /// The bot.
    case bot
    /// Waiting in a human queue.
    case queued
    /// Claimed by an agent.
    case agent
    /// Closed by an agent.
    case closed
}

/// One conversation per phone number.
public struct ConversationRecord: Sendable, Equatable {
    /// Row id (0 before the first save).
    public var id: Int64
    /// E.164 number.
    public var phone: String
    /// The interpreter's state.
    public var state: ConversationState
    /// The department (queue) it is in.
    public var department: String
    /// Who has it.
    public var status: ConversationStatus
    /// When it was last active.
    public var lastActivity: Date
    /// Incremented on every save (optimistic concurrency).
    public var version: Int
    /// Whether the customer already got "a person will reply shortly" for the open handoff.
    public var handoffNoticeSent: Bool
    /// The last inbound text, normalised, to notice a message sent twice.
    public var lastInbound: String?
    /// Whether the next inbound answers a CSAT question an agent's close asked.
    public var awaitingCSAT: Bool
    /// The last conversation-level frustration.
    public var frustration: Double

    /// A new conversation.
    /// - Parameters:
    ///   - phone: E.164 number.
    ///   - now: Creation time.
    public init(phone: String, now: Date) {
        id = 0
        self.phone = phone
        state = ConversationState()
        department = "general"
        status = .bot
        lastActivity = now
        version = 0
        handoffNoticeSent = false
        lastInbound = nil
        awaitingCSAT = false
        frustration = 0
    }
}

/// Message direction.
public enum Direction: String, Sendable, Codable {
    /// From the customer.
    case inbound = "in"
    /// To the customer.
    case outbound = "out"
}

/// One transcript line.
public struct MessageRecord: Sendable, Equatable {
    /// Row id.
    public var id: Int64 = 0
    /// The conversation.
    public var conversationID: Int64
    /// In or out.
    public var direction: Direction
    /// The text.
    public var body: String
    /// The provider's message id (inbound).
    public var providerID: String?
    /// `bot`, `customer`, `system` or the agent's name.
    public var author: String
    /// Classified intent (inbound).
    public var intent: String?
    /// Intent confidence.
    public var confidence: Double?
    /// Sentiment label.
    public var sentiment: String?
    /// Frustration.
    public var frustration: Double?
    /// The node the conversation was at.
    public var node: String?
    /// When.
    public var createdAt: Date
    /// Delivery status (outbound): queued, sent, delivered, failed…
    public var deliveryStatus: String?

    /// Creates a transcript line.
    public init(
        conversationID: Int64, direction: Direction, body: String, providerID: String? = nil, author: String,
        intent: String? = nil, confidence: Double? = nil, sentiment: String? = nil, frustration: Double? = nil,
        node: String? = nil, createdAt: Date, deliveryStatus: String? = nil
    ) {
        self.conversationID = conversationID
        self.direction = direction
        self.body = body
        self.providerID = providerID
        self.author = author
        self.intent = intent
        self.confidence = confidence
        self.sentiment = sentiment
        self.frustration = frustration
        self.node = node
        self.createdAt = createdAt
        self.deliveryStatus = deliveryStatus
    }
}

/// A handoff to a human queue.
public struct HandoffRecord: Sendable, Equatable {
    /// Handoff status.
    public enum Status: String, Sendable, Codable {
        /// In the queue.
        case waiting
        /// Claimed by an agent.
        case assigned
        /// Finished.
        case closed
    }

    /// Row id.
    public var id: Int64 = 0
    /// The conversation.
    public var conversationID: Int64
    /// The queue.
    public var queue: String
    /// Reason code: agent_request, frustration, complaint, repeated_failure, flow.
    public var reason: String
    /// A note for the agent.
    public var note: String
    /// Status.
    public var status: Status
    /// The agent who claimed it.
    public var agent: String?
    /// When it was created.
    public var createdAt: Date
    /// When it was claimed.
    public var assignedAt: Date?
    /// When it was closed.
    public var closedAt: Date?

    /// Creates a handoff.
    public init(conversationID: Int64, queue: String, reason: String, note: String, status: Status = .waiting, createdAt: Date) {
        self.conversationID = conversationID
        self.queue = queue
        self.reason = reason
        self.note = note
        self.status = status
        self.createdAt = createdAt
    }
}

/// A row of the consent ledger.
public struct ConsentEvent: Sendable, Equatable {
    /// E.164 number.
    public var phone: String
    /// `opt_out` or `opt_in`.
    public var change: String
    /// The keyword or reason (`STOP`, `free_text`, `carrier_21610`…).
    public var keyword: String
    /// The provider message id that caused it.
    public var sourceMessageID: String?
    /// When.
    public var createdAt: Date

    /// Creates a ledger row.
    public init(phone: String, change: String, keyword: String, sourceMessageID: String?, createdAt: Date) {
        self.phone = phone
        self.change = change
        self.keyword = keyword
        self.sourceMessageID = sourceMessageID
        self.createdAt = createdAt
    }
}

/// The operations the engine performs inside one transaction; implemented by the SQLite store.
public protocol StoreTransaction {
    /// The replies a provider message id got, if it was processed.
    func processedReplies(providerID: String) throws -> [String]?
    /// The conversation a processed provider message id belongs to, if it was processed.
    func processedConversationID(providerID: String) throws -> Int64?
    /// Records a processed provider message id with its replies.
    func markProcessed(providerID: String, conversationID: Int64, replies: [String], at: Date) throws
    /// A contact by number.
    func contact(phone: String) throws -> ContactRecord?
    /// Inserts or updates a contact.
    func saveContact(_ contact: ContactRecord) throws
    /// Appends to the consent ledger.
    func appendConsentEvent(_ event: ConsentEvent) throws
    /// The conversation of a number.
    func conversation(phone: String) throws -> ConversationRecord?
    /// A conversation by id.
    func conversation(id: Int64) throws -> ConversationRecord?
    /// Inserts (id 0) or updates a conversation; returns it with its id and new version.
    func saveConversation(_ conversation: ConversationRecord) throws -> ConversationRecord
    /// Appends a transcript line; returns its id.
    @discardableResult func appendMessage(_ message: MessageRecord) throws -> Int64
    /// Appends transcript lines in order (ids are not returned).
    func appendMessages(_ messages: [MessageRecord]) throws
    /// The last `limit` transcript lines, oldest first.
    func messages(conversationID: Int64, limit: Int) throws -> [MessageRecord]
    /// The open (waiting or assigned) handoff of a conversation.
    func openHandoff(conversationID: Int64) throws -> HandoffRecord?
    /// Inserts a handoff; returns its id.
    @discardableResult func insertHandoff(_ handoff: HandoffRecord) throws -> Int64
    /// Updates a handoff.
    func updateHandoff(_ handoff: HandoffRecord) throws
    /// Claims a waiting handoff for an agent; false when it was not waiting.
    func claimHandoff(id: Int64, agent: String, at: Date) throws -> Bool
    /// Waiting and assigned handoffs of one queue, oldest first.
    func openHandoffs(queue: String) throws -> [HandoffRecord]
    /// Waiting handoffs, oldest first, optionally of one queue.
    func waitingHandoffs(queue: String?) throws -> [HandoffRecord]
    /// Queues a text for sending; returns the outbox id.
    @discardableResult
    func enqueueOutbound(conversationID: Int64, phone: String, body: String, messageID: Int64?, notBefore: Date?, at: Date) throws -> Int64
    /// Holds a proactive message (node and slots) until `notBefore`; returns the outbox id.
    func scheduleProactive(conversationID: Int64, phone: String, node: String, slots: [String: String], notBefore: Date, at: Date) throws -> Int64
    /// Queued items due at `now` (not held, no retry pending), oldest first.
    func dueOutbound(now: Date, limit: Int) throws -> [OutboxItem]
    /// One outbox item.
    func outbox(id: Int64) throws -> OutboxItem?
    /// Writes an outbox item's status, attempts, retry time, provider id and error.
    func updateOutbox(_ item: OutboxItem) throws
    /// Marks items left `sending` by a stopped process as `interrupted`; returns how many.
    func markInterruptedSends() throws -> Int
    /// Sets a transcript line's delivery status (and provider id, when given).
    func setDelivery(messageID: Int64, status: String, providerID: String?) throws
    /// The outbound transcript line with a provider id.
    func outboundMessage(providerID: String) throws -> MessageRecord?
    /// Counts for metrics.
    func stats() throws -> EngineStats
    /// Texts waiting to be sent (a range of an index: cheap at any size, for health checks).
    func queuedOutboundCount() throws -> Int
    /// A proactive request already made with an idempotency key: what it asked for (a fingerprint)
    /// and what it answered (JSON).
    func proactiveRequest(key: String) throws -> (fingerprint: String, result: String)?
    /// Records a proactive request's idempotency key with its answer.
    func saveProactiveRequest(key: String, fingerprint: String, result: String, at: Date) throws
    /// Keeps a delivery report whose provider id no transcript line has yet (the callback came
    /// before the sender recorded the id); reports older than `before` are dropped.
    func saveEarlyReport(providerID: String, status: String, errorCode: Int?, at: Date, droppingBefore before: Date) throws
    /// Takes (returns and deletes) the early delivery reports of a provider id, oldest first.
    func takeEarlyReports(providerID: String) throws -> [(status: String, errorCode: Int?)]
    /// Runs `body` in a savepoint: its writes are undone if it throws.
    func savepoint<T>(_ body: () throws -> T) throws -> T
}

/// Where conversations live. `transaction` runs `body` in one write transaction, committing when
/// it returns and rolling back when it throws.
public protocol ConversationStore: Sendable {
    /// Runs `body` in one write transaction.
    func transaction<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Runs `body` for reading only (it must not write); readers do not wait for the writer's queue.
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T
    /// Housekeeping between transactions (for SQLite: letting the WAL start over); the engine's
    /// writer calls it after a batch's replies went out. It must not throw or write data.
    func maintain()
}

extension ConversationStore {
    /// Nothing to do by default.
    public func maintain() {}
}

extension StoreTransaction {
    /// Appends transcript lines one by one; a store may write them in one statement.
    public func appendMessages(_ messages: [MessageRecord]) throws {
        for message in messages { try appendMessage(message) }
    }
}
