import FlowRuntime
import Foundation

/// What starting a proactive message did.
public struct ProactiveResult: Sendable, Equatable {
    /// The conversation.
    public var conversationID: Int64
    /// The E.164 number.
    public var phone: String
    /// The texts queued, in order.
    public var texts: [String]
    /// Their outbox ids.
    public var outboxIDs: [Int64]
    /// When quiet hours hold them, the time they go out.
    public var heldUntil: Date?
}

extension Engine {
    /// Starts a flow node for a number (an appointment reminder, a delivery update): the node's
    /// texts are queued in the outbox and the conversation waits there for the customer's reply.
    /// Within quiet hours (the contact's time zone) the texts are held until they end.
    /// - Parameters:
    ///   - phone: The number, any format.
    ///   - node: `flow.node`, or a node of the entry flow.
    ///   - slots: Values set before the node runs (e.g. `appointment.time`).
    /// - Returns: What was queued.
    /// - Throws: ``EngineError`` `.invalidPhone`, `.invalid` (unknown node or no text), `.optedOut`,
    ///   `.conflict` when a person has the conversation.
    public func startProactive(phone: String, node: String, slots: [String: String] = [:]) throws -> ProactiveResult {
        let normalized = try normalizedPhone(phone)
        let parts = node.split(separator: ".", maxSplits: 1).map(String.init)
        let target = parts.count == 2 ? NodeID(flow: parts[0], node: parts[1]) : NodeID(flow: program.entryFlow, node: node)
        guard program.node(target) != nil else { throw EngineError(.invalid, "no node '\(node)'") }
        let now = clock()
        return try writerSync {
            try store.transaction { tx in
                let contact = try tx.contact(phone: normalized) ?? ContactRecord(phone: normalized)
                guard contact.consent == .subscribed else {
                    throw EngineError(.optedOut, "the number opted out; nothing can be sent until it texts START")
                }
                var conversation = try tx.conversation(phone: normalized) ?? ConversationRecord(phone: normalized, now: now)
                if conversation.status == .queued || conversation.status == .agent {
                    throw EngineError(.conflict, "a person has this conversation; send through the agent API")
                }
                try tx.saveContact(contact)
                var profile = contact.profile
                profile["phone"] = normalized
                var state = conversation.status == .closed ? ConversationState() : conversation.state
                for (name, value) in slots { state.slots[name] = value }
                let step = interpreter.enter(state, at: target, context: StepContext(now: now, contact: profile))
                guard !step.replies.isEmpty else { throw EngineError(.invalid, "node '\(node)' sends no text") }
                conversation.state = step.state
                conversation.status = .bot
                conversation.lastActivity = now
                conversation.handoffNoticeSent = false
                conversation = try tx.saveConversation(conversation)
                for event in step.events {
                    if case .handoff(let queue, let reason, let note) = event {
                        _ = try escalate(&conversation, queue: queue, reason: reason, note: note, now: now, tx: tx)
                    }
                }
                let zone = (contact.profile["time_zone"] ?? contact.profile["timezone"]).flatMap(TimeZone.init(identifier:))
                let release = config.quietHours?.release(for: now, in: zone) ?? now
                let held = release > now ? release : nil
                var ids: [Int64] = []
                for text in step.replies {
                    let messageID = try tx.appendMessage(MessageRecord(
                        conversationID: conversation.id, direction: .outbound, body: text, author: "bot", node: target.description, createdAt: now,
                        deliveryStatus: held == nil ? "queued" : "held"))
                    ids.append(try tx.enqueueOutbound(conversationID: conversation.id, phone: normalized, body: text, messageID: messageID, notBefore: held, at: now))
                }
                _ = try tx.saveConversation(conversation)
                return ProactiveResult(conversationID: conversation.id, phone: normalized, texts: step.replies, outboxIDs: ids, heldUntil: held)
            }
        }
    }

    /// Outbox items due now, oldest first (a read; the sender then claims each with ``beginSend(_:)``).
    public func dueOutbound(limit: Int = 50) throws -> [OutboxItem] {
        let now = clock()
        return try store.read { tx in try tx.dueOutbound(now: now, limit: limit) }
    }

    /// Claims an outbox item for one attempt. Returns nil when it is no longer queued, or when the
    /// number opted out (the item becomes `suppressed` and is never sent).
    public func beginSend(_ id: Int64) throws -> OutboxItem? {
        let now = clock()
        return try writerSync {
            try store.transaction { tx -> OutboxItem? in
                guard var item = try tx.outbox(id: id), item.status == .queued else { return nil }
                if try tx.contact(phone: item.phone)?.consent == .optedOut {
                    item.status = .suppressed
                    item.lastError = "opted out"
                    try tx.updateOutbox(item)
                    if let messageID = item.messageID { try tx.setDelivery(messageID: messageID, status: "suppressed", providerID: nil) }
                    return nil
                }
                item.status = .sending
                item.attempts += 1
                item.nextAttempt = nil
                try tx.updateOutbox(item)
                _ = now
                return item
            }
        }
    }

    /// Records an attempt's outcome. `.unsubscribed` also opts the number out (consent ledger:
    /// keyword `carrier_21610`).
    public func finishSend(_ id: Int64, outcome: SendOutcome) throws {
        let now = clock()
        try writerSync {
            try store.transaction { tx in
                guard var item = try tx.outbox(id: id) else { return }
                var delivery: String?
                switch outcome {
                case .sent(let providerID):
                    item.status = .sent
                    item.providerID = providerID
                    item.lastError = nil
                    delivery = "sent"
                case .retry(let error, let after):
                    item.status = .queued
                    item.lastError = error
                    item.nextAttempt = now.addingTimeInterval(after)
                case .failed(let error):
                    item.status = .failed
                    item.lastError = error
                    delivery = "failed"
                case .unsubscribed(let error):
                    item.status = .failed
                    item.lastError = error
                    delivery = "failed"
                    try carrierOptOut(phone: item.phone, source: nil, now: now, tx: tx)
                }
                try tx.updateOutbox(item)
                if let delivery, let messageID = item.messageID {
                    try tx.setDelivery(messageID: messageID, status: delivery, providerID: item.providerID)
                }
            }
        }
    }

    /// At start-up: items a stopped process left `sending` become `interrupted` and are not retried,
    /// since the provider may have accepted them (a text is sent at most once).
    /// - Returns: How many there were.
    @discardableResult
    public func recoverInterruptedSends() throws -> Int {
        try writerSync { try store.transaction { tx in try tx.markInterruptedSends() } }
    }

    /// Applies a provider's delivery report to the outbound transcript line with that id. A final
    /// status (delivered, undelivered, failed, read, canceled) is never replaced; error 21610
    /// (unsubscribed at the carrier) opts the number out.
    /// - Returns: Whether a transcript line changed.
    @discardableResult
    public func applyDeliveryStatus(providerID: String, status: String, errorCode: Int?) throws -> Bool {
        let now = clock()
        return try writerSync {
            try store.transaction { tx in
                guard let message = try tx.outboundMessage(providerID: providerID) else { return false }
                if errorCode == 21610, let conversation = try tx.conversation(id: message.conversationID) {
                    try carrierOptOut(phone: conversation.phone, source: providerID, now: now, tx: tx)
                }
                let final: Set<String> = ["delivered", "undelivered", "failed", "read", "canceled"]
                if let current = message.deliveryStatus, final.contains(current) { return false }
                if message.deliveryStatus == status { return false }
                try tx.setDelivery(messageID: message.id, status: status, providerID: nil)
                return true
            }
        }
    }

    /// Counts for metrics (a read).
    public func stats() throws -> EngineStats {
        try store.read { tx in try tx.stats() }
    }

    private func carrierOptOut(phone: String, source: String?, now: Date, tx: any StoreTransaction) throws {
        var contact = try tx.contact(phone: phone) ?? ContactRecord(phone: phone)
        guard contact.consent == .subscribed else { return }
        try optOut(&contact, keyword: "carrier_21610", providerID: source, now: now, tx: tx)
        try tx.saveContact(contact)
        if var conversation = try tx.conversation(phone: phone) {
            try closeOpenHandoff(&conversation, now: now, tx: tx)
            _ = try tx.saveConversation(conversation)
        }
    }
}
