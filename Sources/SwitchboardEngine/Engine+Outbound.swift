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
    /// Whether this answers a request made before with the same idempotency key (nothing new was
    /// queued).
    public var duplicate = false
}

extension Engine {
    /// Starts a flow node for a number (an appointment reminder, a delivery update): the node's
    /// texts are queued in the outbox and the conversation waits there for the customer's reply.
    /// Within quiet hours (the contact's time zone) nothing happens until they end: the node is
    /// entered then, so a customer never answers a prompt they have not received, and it is
    /// canceled if a person has the conversation by then or the number opted out.
    /// - Parameters:
    ///   - phone: The number, any format.
    ///   - node: `flow.node`, or a node of the entry flow.
    ///   - slots: Values set before the node runs (e.g. `appointment.time`).
    ///   - idempotencyKey: When given, a request repeated with the same key (a client retrying
    ///     after a timeout) queues nothing and returns the first answer, marked `duplicate`.
    /// - Returns: What was queued (for a held message, the texts as they would read now).
    /// - Throws: ``EngineError`` `.invalidPhone`, `.invalid` (unknown node or no text), `.optedOut`,
    ///   `.conflict` when a person has the conversation, `.keyReused` when the key came with a
    ///   different number, node or slots.
    public func startProactive(phone: String, node: String, slots: [String: String] = [:], idempotencyKey: String? = nil) throws -> ProactiveResult {
        let normalized = try normalizedPhone(phone)
        let parts = node.split(separator: ".", maxSplits: 1).map(String.init)
        let target = parts.count == 2 ? NodeID(flow: parts[0], node: parts[1]) : NodeID(flow: program.entryFlow, node: node)
        guard program.node(target) != nil else { throw EngineError(.invalid, "no node '\(node)'") }
        let now = clock()
        let fingerprint = ProactiveRecord.fingerprint(phone: normalized, node: target.description, slots: slots)
        return try writerSync {
            try store.transaction { tx in
                if let idempotencyKey, let earlier = try tx.proactiveRequest(key: idempotencyKey) {
                    guard earlier.fingerprint == fingerprint, var result = ProactiveRecord.decode(earlier.result) else {
                        throw EngineError(.keyReused, "this idempotency key was used for a different request")
                    }
                    result.duplicate = true
                    return result
                }
                let result = try queueProactive(normalized, target: target, node: node, slots: slots, now: now, tx: tx)
                if let idempotencyKey {
                    try tx.saveProactiveRequest(key: idempotencyKey, fingerprint: fingerprint, result: ProactiveRecord.encode(result), at: now)
                }
                return result
            }
        }
    }

    /// Enters the node now, or holds it until quiet hours end.
    private func queueProactive(
        _ normalized: String, target: NodeID, node: String, slots: [String: String], now: Date, tx: any StoreTransaction
    ) throws -> ProactiveResult {
        let contact = try tx.contact(phone: normalized) ?? ContactRecord(phone: normalized)
        guard contact.consent == .subscribed else {
            throw EngineError(.optedOut, "the number opted out; nothing can be sent until it texts START")
        }
        var conversation = try tx.conversation(phone: normalized) ?? ConversationRecord(phone: normalized, now: now)
        if conversation.status == .queued || conversation.status == .agent {
            throw EngineError(.conflict, "a person has this conversation; send through the agent API")
        }
        try tx.saveContact(contact)
        let zone = (contact.profile["time_zone"] ?? contact.profile["timezone"]).flatMap(TimeZone.init(identifier:))
        let release = config.quietHours?.release(for: now, in: zone) ?? now
        guard release > now else {
            return try enterProactive(target, slots: slots, contact: contact, conversation: &conversation, now: now, tx: tx)
        }
        // Held: check it would say something, keep the node and slots for the morning.
        let preview = interpreter.enter(proactiveState(conversation, slots: slots), at: target, context: StepContext(now: now, contact: profile(contact)))
        guard !preview.replies.isEmpty else { throw EngineError(.invalid, "node '\(node)' sends no text") }
        if conversation.id == 0 { conversation = try tx.saveConversation(conversation) }
        let id = try tx.scheduleProactive(
            conversationID: conversation.id, phone: normalized, node: target.description, slots: slots, notBefore: release, at: now)
        return ProactiveResult(conversationID: conversation.id, phone: normalized, texts: preview.replies, outboxIDs: [id], heldUntil: release)
    }

    /// Enters the node and queues its texts, due now.
    private func enterProactive(
        _ target: NodeID, slots: [String: String], contact: ContactRecord, conversation: inout ConversationRecord, now: Date, tx: any StoreTransaction
    ) throws -> ProactiveResult {
        let step = interpreter.enter(proactiveState(conversation, slots: slots), at: target, context: StepContext(now: now, contact: profile(contact)))
        guard !step.replies.isEmpty else { throw EngineError(.invalid, "node '\(target)' sends no text") }
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
        var ids: [Int64] = []
        for text in step.replies {
            let messageID = try tx.appendMessage(MessageRecord(
                conversationID: conversation.id, direction: .outbound, body: text, author: "bot", node: target.description, createdAt: now, deliveryStatus: "queued"))
            ids.append(try tx.enqueueOutbound(conversationID: conversation.id, phone: contact.phone, body: text, messageID: messageID, notBefore: nil, at: now))
        }
        _ = try tx.saveConversation(conversation)
        return ProactiveResult(conversationID: conversation.id, phone: contact.phone, texts: step.replies, outboxIDs: ids, heldUntil: nil)
    }

    private func proactiveState(_ conversation: ConversationRecord, slots: [String: String]) -> ConversationState {
        var state = conversation.status == .closed ? ConversationState() : conversation.state
        for (name, value) in slots { state.slots[name] = value }
        return state
    }

    private func profile(_ contact: ContactRecord) -> [String: String] {
        var profile = contact.profile
        profile["phone"] = contact.phone
        return profile
    }

    /// Runs a proactive message held by quiet hours, now that they ended: enters its node and
    /// queues the texts (status `started`), or cancels it when a person has the conversation or
    /// the number opted out meanwhile.
    func startScheduled(_ item: OutboxItem, now: Date, tx: any StoreTransaction) throws {
        var item = item
        let node = item.scheduledNode ?? ""
        let parts = node.split(separator: ".", maxSplits: 1).map(String.init)
        let target = NodeID(flow: parts.first ?? "", node: parts.count == 2 ? parts[1] : "")
        let contact = try tx.contact(phone: item.phone) ?? ContactRecord(phone: item.phone)
        var conversation = try tx.conversation(id: item.conversationID) ?? ConversationRecord(phone: item.phone, now: now)
        if contact.consent == .optedOut {
            item.status = .suppressed
            item.lastError = "opted out"
        } else if conversation.status == .queued || conversation.status == .agent {
            item.status = .canceled
            item.lastError = "a person had the conversation when quiet hours ended"
        } else if program.node(target) == nil {
            item.status = .canceled
            item.lastError = "the node no longer exists"
        } else {
            do {
                _ = try tx.savepoint { try enterProactive(target, slots: item.scheduledSlots, contact: contact, conversation: &conversation, now: now, tx: tx) }
                item.status = .started
            } catch let error as EngineError {
                item.status = .canceled
                item.lastError = error.message
            }
        }
        try tx.updateOutbox(item)
    }

    /// Outbox items due now, oldest first (a read; the sender then claims each with ``beginSend(_:)``).
    public func dueOutbound(limit: Int = 50) throws -> [OutboxItem] {
        let now = clock()
        return try store.read { tx in try tx.dueOutbound(now: now, limit: limit) }
    }

    /// Claims an outbox item for one attempt. Returns nil when it is no longer queued, when the
    /// number opted out (the item becomes `suppressed` and is never sent), or when it was a held
    /// proactive message, which is started now (its texts are queued, due at once).
    public func beginSend(_ id: Int64) throws -> OutboxItem? {
        let now = clock()
        return try writerSync {
            try store.transaction { tx -> OutboxItem? in
                guard var item = try tx.outbox(id: id), item.status == .queued else { return nil }
                if item.scheduledNode != nil {
                    try startScheduled(item, now: now, tx: tx)
                    return nil
                }
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
                if let providerID = item.providerID, case .sent = outcome {
                    try applyEarlyReports(providerID: providerID, now: now, tx: tx)
                }
            }
        }
    }

    /// Delivery reports that arrived before the provider id was recorded, applied in arrival order.
    private func applyEarlyReports(providerID: String, now: Date, tx: any StoreTransaction) throws {
        for report in try tx.takeEarlyReports(providerID: providerID) {
            guard let message = try tx.outboundMessage(providerID: providerID) else { return }
            _ = try applyReport(status: report.status, errorCode: report.errorCode, to: message, providerID: providerID, now: now, tx: tx)
        }
    }

    /// At start-up: items a stopped process left `sending` become `interrupted` and are not retried,
    /// since the provider may have accepted them (a text is sent at most once).
    /// - Returns: How many there were.
    @discardableResult
    public func recoverInterruptedSends() throws -> Int {
        try writerSync { try store.transaction { tx in try tx.markInterruptedSends() } }
    }

    /// What a delivery report changed.
    public struct DeliveryUpdate: Sendable, Equatable {
        /// Whether the transcript line's status moved.
        public var changed: Bool
        /// Whether the report opted the number out (error 21610 on a subscribed number).
        public var optedOut: Bool
        /// Whether no transcript line had the provider id yet, so the report was kept for when the
        /// sender records it.
        public var kept: Bool
    }

    /// Order of delivery statuses: a report only moves a line forward, so late or repeated
    /// callbacks never undo a later one; the final ones (delivered, undelivered, failed, canceled,
    /// read) are never replaced, except that delivered may become read. `partially_delivered` (some
    /// segments arrived) is not final: the last segments' report replaces it.
    static let deliveryRank: [String: Int] = [
        "held": 0, "queued": 1, "accepted": 1, "scheduled": 1, "sending": 2, "sent": 3, "partially_delivered": 4,
        "delivered": finalRank, "undelivered": finalRank, "failed": finalRank, "canceled": finalRank, "read": finalRank + 1,
    ]
    /// The rank of the final statuses.
    static let finalRank = 5

    /// How long a delivery report for an id no transcript line has yet is kept, waiting for the
    /// sender to record that id (a callback can overtake the API response that carries it).
    static let earlyReportLifetime: TimeInterval = 3600

    /// Applies a provider's delivery report to the outbound transcript line with that id; error
    /// 21610 (unsubscribed at the carrier) opts the number out. A report for an id not recorded yet
    /// is kept for an hour and applied when the sender records it (``finishSend(_:outcome:)``).
    @discardableResult
    public func applyDeliveryStatus(providerID: String, status: String, errorCode: Int?) throws -> DeliveryUpdate {
        let now = clock()
        return try writerSync {
            try store.transaction { tx in
                guard let message = try tx.outboundMessage(providerID: providerID) else {
                    try tx.saveEarlyReport(
                        providerID: providerID, status: status, errorCode: errorCode, at: now, droppingBefore: now.addingTimeInterval(-Self.earlyReportLifetime))
                    return DeliveryUpdate(changed: false, optedOut: false, kept: true)
                }
                return try applyReport(status: status, errorCode: errorCode, to: message, providerID: providerID, now: now, tx: tx)
            }
        }
    }

    private func applyReport(
        status: String, errorCode: Int?, to message: MessageRecord, providerID: String, now: Date, tx: any StoreTransaction
    ) throws -> DeliveryUpdate {
        var optedOut = false
        if errorCode == 21610, let conversation = try tx.conversation(id: message.conversationID) {
            optedOut = try carrierOptOut(phone: conversation.phone, source: providerID, now: now, tx: tx)
        }
        let current = message.deliveryStatus.flatMap { Self.deliveryRank[$0] } ?? 0
        guard let next = Self.deliveryRank[status], next > current, !(current == Self.finalRank && message.deliveryStatus != "delivered") else {
            return DeliveryUpdate(changed: false, optedOut: optedOut, kept: false)
        }
        try tx.setDelivery(messageID: message.id, status: status, providerID: nil)
        return DeliveryUpdate(changed: true, optedOut: optedOut, kept: false)
    }

    /// For health checks: the database answers, and how many texts wait to be sent. Unlike
    /// ``stats()``, which counts whole tables, this costs the same at any size.
    public func queuedOutboundCount() throws -> Int {
        try store.read { tx in try tx.queuedOutboundCount() }
    }

    /// Counts for metrics (a read; it scans tables, so it runs on the store's reader).
    public func stats() throws -> EngineStats {
        try store.read { tx in try tx.stats() }
    }

    @discardableResult
    private func carrierOptOut(phone: String, source: String?, now: Date, tx: any StoreTransaction) throws -> Bool {
        var contact = try tx.contact(phone: phone) ?? ContactRecord(phone: phone)
        guard contact.consent == .subscribed else { return false }
        try optOut(&contact, keyword: "carrier_21610", providerID: source, now: now, tx: tx)
        try tx.saveContact(contact)
        if var conversation = try tx.conversation(phone: phone) {
            try closeOpenHandoff(&conversation, now: now, tx: tx)
            _ = try tx.saveConversation(conversation)
        }
        return true
    }
}
