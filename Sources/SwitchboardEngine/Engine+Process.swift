import FlowRuntime
import Foundation
import TextClassifier

extension Engine {
    /// Handles one prepared message inside the caller's transaction: the steps of the engine, in order.
    func process(_ item: Prepared, in tx: any StoreTransaction) throws -> HandleResult {
        let phone = try item.phone.get()
        if item.absorbed {
            // Stored now; the burst's last message carries the turn.
            return try storeAbsorbed(item, phone: phone, tx: tx)
        }
        let now = item.now
        let providerID = item.message.providerID
        let (storedContact, loaded) = try load(phone, now: now, tx: tx)
        var contact = storedContact ?? ContactRecord(phone: phone)
        var conversation = loaded

        // 1. Idempotency: a provider id seen before gets its first replies, and nothing changes.
        if let replies = try processedReplies(item.message, tx: tx) {
            try requireSameSender(item.message, conversation: conversation, tx: tx)
            return result(replies, conversation: conversation, contact: contact, duplicate: true)
        }
        // A new number's contact and conversation are inserted once, at the end (or when a handoff
        // needs the conversation's id first).
        if storedContact == nil { try tx.saveContact(contact) }
        let classification = item.classification
        var inbound = MessageRecord(
            conversationID: conversation.id, direction: .inbound, body: item.burst.isEmpty ? item.body : Self.sanitize(item.message.body), providerID: providerID, author: "customer",
            intent: classification?.intent, confidence: classification?.confidence,
            sentiment: classification?.sentiment.rawValue, frustration: classification?.frustration,
            node: conversation.state.position?.description, createdAt: now)
        // What the turn produced: the flow's outcome, or the engine's own replies to a keyword.
        var turn = Outcome()

        // 2. Compliance, before any flow and any agent. A keyword the provider answered gets no second reply.
        let answered = item.message.providerKeyword != nil
        switch item.complianceKeyword {
        case .optOut(let word):
            if contact.consent == .subscribed {
                try optOut(&contact, keyword: word, providerID: providerID, now: now, tx: tx)
                try tx.saveContact(contact)
                turn.replies = answered ? [] : [config.stopConfirmation]
                try closeOpenHandoff(&conversation, now: now, tx: tx)
            }
        case .optIn(let word) where word != "YES" || contact.consent == .optedOut:
            if contact.consent == .optedOut {
                contact.consent = .subscribed
                contact.optedOutAt = nil
                try tx.appendConsentEvent(ConsentEvent(phone: phone, change: "opt_in", keyword: word, sourceMessageID: providerID, createdAt: now))
                try tx.saveContact(contact)
                conversation.state = ConversationState()
                conversation.status = .bot
            }
            // START never reaches a running flow.
            turn.replies = answered ? [] : [config.startConfirmation]
        case .help:
            // Answered whether or not the number is subscribed (CTIA); it never reaches the flow.
            turn.replies = answered ? [] : [config.helpText]
        default:
            if contact.consent == .optedOut {
                break  // Stored, never answered, until the number opts back in.
            }
            turn = try converse(item, conversation: &conversation, contact: &contact, tx: tx)
            inbound.node = turn.node ?? inbound.node
        }

        // 8. Persist state, transcript, handoff and consent in this one transaction.
        conversation.lastActivity = now
        conversation = try tx.saveConversation(conversation)
        inbound.conversationID = conversation.id
        let node = conversation.state.position?.description
        try tx.appendMessages(
            [inbound]
                + turn.replies.map { MessageRecord(conversationID: conversation.id, direction: .outbound, body: $0, author: "bot", node: node, createdAt: now, deliveryStatus: "replied") })
        try markProcessed(item.message, conversationID: conversation.id, replies: turn.replies, at: now, tx: tx)
        batchCache[phone] = (contact, conversation)
        var outcome = result(turn.replies, conversation: conversation, contact: contact, duplicate: false)
        outcome.handoff = turn.handoff
        (outcome.waitedAt, outcome.path, outcome.edges) = (turn.waitedAt, turn.path, turn.edges)
        if contact.consent != (storedContact?.consent ?? .subscribed) {
            outcome.consentChange = contact.consent == .optedOut ? .optedOut : .subscribed
        }
        outcome.intent = classification?.intent
        outcome.confidence = classification?.confidence
        outcome.sentiment = classification?.sentiment.rawValue
        outcome.frustration = classification == nil ? nil : conversation.frustration
        return outcome
    }

    /// A number's contact (nil when none is stored) and conversation (new when none is stored):
    /// from this batch, then the committed cache, then the database.
    private func load(_ phone: String, now: Date, tx: any StoreTransaction) throws -> (ContactRecord?, ConversationRecord) {
        let cached = batchCache[phone] ?? cache[phone]
        let contact = try cached?.contact ?? tx.contact(phone: phone)
        // A conversation references its contact (a foreign key): a number without a contact has
        // none, and a new number costs one lookup, not two.
        let stored = try cached?.conversation ?? (contact == nil ? nil : tx.conversation(phone: phone))
        let conversation = stored ?? ConversationRecord(phone: phone, now: now)
        return (contact, conversation)
    }

    /// Stores a burst message that a later one answers for: its inbound row and its provider id.
    private func storeAbsorbed(_ item: Prepared, phone: String, tx: any StoreTransaction) throws -> HandleResult {
        let (storedContact, loaded) = try load(phone, now: item.now, tx: tx)
        let contact = storedContact ?? ContactRecord(phone: phone)
        var conversation = loaded
        if let replies = try processedReplies(item.message, tx: tx) {
            try requireSameSender(item.message, conversation: conversation, tx: tx)
            return result(replies, conversation: conversation, contact: contact, duplicate: true)
        }
        if storedContact == nil { try tx.saveContact(contact) }
        if conversation.id == 0 { conversation = try tx.saveConversation(conversation) }
        try tx.appendMessage(MessageRecord(conversationID: conversation.id, direction: .inbound, body: item.body, providerID: item.message.providerID, author: "customer", node: conversation.state.position?.description, createdAt: item.now))
        try markProcessed(item.message, conversationID: conversation.id, replies: [], at: item.now, tx: tx)
        batchCache[phone] = (contact, conversation)
        return result([], conversation: conversation, contact: contact, duplicate: false)
    }

    private func result(_ replies: [String], conversation: ConversationRecord, contact: ContactRecord, duplicate: Bool) -> HandleResult {
        HandleResult(
            replies: replies, phone: contact.phone, conversationID: conversation.id, handoff: nil,
            optedOut: contact.consent == .optedOut, duplicate: duplicate, intent: nil, confidence: nil, sentiment: nil,
            frustration: nil, state: conversation.state, status: conversation.status)
    }

    /// The replies a message got before, by its provider id or any alternate id.
    func processedReplies(_ message: InboundMessage, tx: any StoreTransaction) throws -> [String]? {
        for key in [message.providerID].compactMap({ $0 }) + message.alternateIDs {
            if let replies = try tx.processedReplies(providerID: key) { return replies }
        }
        return nil
    }

    /// A message id seen before from another number is a client's mistake, not a retry: answering it
    /// with the other number's replies would drop this customer's message and show them someone
    /// else's conversation.
    func requireSameSender(_ message: InboundMessage, conversation: ConversationRecord, tx: any StoreTransaction) throws {
        for key in [message.providerID].compactMap({ $0 }) + message.alternateIDs {
            if let owner = try tx.processedConversationID(providerID: key), owner != conversation.id {
                throw EngineError(.conflict, "message id '\(key)' was already used for another number")
            }
        }
    }

    /// Records the message's provider id and alternate ids as processed.
    func markProcessed(_ message: InboundMessage, conversationID: Int64, replies: [String], at now: Date, tx: any StoreTransaction) throws {
        var keys: [String] = []
        for key in [message.providerID].compactMap({ $0 }) + message.alternateIDs where !keys.contains(key) {
            keys.append(key)
            try tx.markProcessed(providerID: key, conversationID: conversationID, replies: replies, at: now)
        }
    }

    func optOut(_ contact: inout ContactRecord, keyword: String, providerID: String?, now: Date, tx: any StoreTransaction) throws {
        contact.consent = .optedOut
        contact.optedOutAt = now
        try tx.appendConsentEvent(ConsentEvent(phone: contact.phone, change: "opt_out", keyword: keyword, sourceMessageID: providerID, createdAt: now))
    }

    func closeOpenHandoff(_ conversation: inout ConversationRecord, now: Date, tx: any StoreTransaction) throws {
        if var open = try tx.openHandoff(conversationID: conversation.id) {
            open.status = .closed
            open.closedAt = now
            try tx.updateHandoff(open)
        }
        if conversation.status == .queued || conversation.status == .agent { conversation.status = .closed }
    }

    struct Outcome {
        var replies: [String] = []
        var handoff: (queue: String, reason: String)?
        var node: String?
        var waitedAt: NodeID?
        var path: [NodeID] = []
        var edges: [TakenEdge] = []
    }

    /// Steps 3–7 for a subscribed number: CSAT answers, free-text opt-out, session expiry, a person
    /// holding the conversation, escalation, and the flow step.
    private func converse(
        _ item: Prepared, conversation: inout ConversationRecord, contact: inout ContactRecord, tx: any StoreTransaction
    ) throws -> Outcome {
        let now = item.now
        let classification = item.classification
        var outcome = Outcome()
        // The latest reading, also when the flow does not run (a person holds the conversation, the
        // engine escalates), so the agent's brief shows this message's intent and sentiment.
        if let classification { conversation.state.lastUnderstanding = classification.understanding }

        if conversation.awaitingCSAT {
            conversation.awaitingCSAT = false
            if let score = Self.csatScore(item.body) {
                conversation.state.slots["csat"] = String(score)
                outcome.replies = [config.csatThanks]
                return outcome
            }
        }

        // Free-text opt-out: ask for STOP (or opt out directly when configured).
        if let classification, classification.intent == "opt_out", classification.confidence >= config.freeTextOptOutConfidence {
            if config.freeTextOptOutIsFinal {
                try optOut(&contact, keyword: "free_text", providerID: item.message.providerID, now: now, tx: tx)
                try tx.saveContact(contact)
                try closeOpenHandoff(&conversation, now: now, tx: tx)
                outcome.replies = [config.stopConfirmation]
            } else {
                outcome.replies = [config.freeTextOptOutPrompt]
            }
            return outcome
        }

        // 5. Session expiry: an idle bot conversation restarts at its flow's start.
        expireIdleSession(&conversation, now: now)
        if conversation.status == .closed { conversation.status = .bot }

        // 6. With a person: the bot stays silent but for one notice per handoff.
        if conversation.status == .queued || conversation.status == .agent {
            if !conversation.handoffNoticeSent {
                conversation.handoffNoticeSent = true
                let queue = try tx.openHandoff(conversationID: conversation.id)?.queue ?? conversation.department
                outcome.replies = [config.handoffNotice] + afterHours(queue: queue, now: now)
            }
            return outcome
        }

        // 7. Understanding and escalation.
        // A message sent again counts only after the bot failed to understand it ("2" twice can be two
        // good answers in a row: a slot, then a rating).
        let failures = conversation.state.consecutiveFailures
        let normalized = TextMatching.normalize(item.body)
        let repeated = failures > 0 && !normalized.isEmpty && normalized == conversation.lastInbound
        conversation.lastInbound = normalized
        conversation.frustration = conversationFrustration(classification?.frustration ?? 0, failures: failures, repeated: repeated)
        let waitedAt = conversation.state.status == .idle ? nil : conversation.state.position
        var flowHandoff: StepResult?
        if let reason = escalationReason(classification, frustration: conversation.frustration, repeated: repeated, failures: failures) {
            // A flow that hands off on this message itself (its agent or complaint handler, its
            // on_fail) speaks for itself: its words, queue and note. Only a step that needs no HTTP
            // lookup is taken (none were fetched for an escalating message).
            var context = stepContext(item, contact: contact)
            context.unfetchedLookups = .suspend
            let step = interpreter.step(conversation.state, input: item.body, context: context)
            if step.pendingLookup == nil, step.events.contains(where: { if case .handoff = $0 { true } else { false } }) {
                flowHandoff = step
            } else {
                let queue = conversation.state.department ?? conversation.department
                outcome.handoff = try escalate(&conversation, queue: queue, reason: reason, note: summary(conversation, reason: reason, classification: classification), now: now, tx: tx)
                outcome.replies = [config.escalationNotice] + afterHours(queue: queue, now: now)
                return outcome
            }
        }

        // The flow step, with the HTTP lookups fetched before the message was queued (Engine+Lookups;
        // flowStepInput mirrors the steps above). A lookup without its response takes `failed`.
        outcome.waitedAt = waitedAt
        let step = flowHandoff ?? interpreter.step(conversation.state, input: item.body, context: stepContext(item, contact: contact))
        outcome.path = step.path
        outcome.edges = step.edges
        conversation.state = step.state
        if let department = step.state.department { conversation.department = department }
        outcome.replies = step.replies
        outcome.node = step.path.first?.description
        for event in step.events {
            if case .handoff(let queue, let reason, let note) = event {
                // The flow's handoff node speaks for itself. When the queue is closed and the flow
                // did not look at opening hours on the way (a branch on `open:` or `hours:`), the
                // queue's after-hours line follows, so nobody is told "shortly" at midnight.
                let handoff = try escalate(&conversation, queue: queue, reason: reason, note: note, now: now, tx: tx)
                outcome.handoff = handoff
                conversation.handoffNoticeSent = true
                if !consultsHours(step.path) { outcome.replies += afterHours(queue: handoff.queue, now: now) }
            }
        }
        // Repeated failures across nodes escalate even when the flow would go on. A reprompt (the
        // step stayed at its node) is dropped: it would ask for an answer only a person will read.
        if outcome.handoff == nil, conversation.state.consecutiveFailures >= config.maxConsecutiveFailures {
            let queue = conversation.state.department ?? conversation.department
            let reprompted = step.path.isEmpty && step.state.status == .waiting && step.state.position == waitedAt
            outcome.handoff = try escalate(&conversation, queue: queue, reason: "repeated_failure", note: summary(conversation, reason: "repeated_failure", classification: classification), now: now, tx: tx)
            outcome.replies = (reprompted ? [] : outcome.replies) + [config.escalationNotice] + afterHours(queue: queue, now: now)
        }
        return outcome
    }

    /// Whether a step went through a branch that tests opening hours.
    func consultsHours(_ path: [NodeID]) -> Bool {
        path.contains { id in
            guard case .branch(let cases, _)? = program.node(id)?.kind else { return false }
            return cases.contains { $0.condition.testsHours }
        }
    }

    /// Frustration of the conversation: the message's, raised by failures in a row and repeats.
    func conversationFrustration(_ message: Double, failures: Int, repeated: Bool) -> Double {
        let calm = (1 - message) * pow(0.85, Double(failures)) * (repeated ? 0.7 : 1)
        return max(0, min(1, 1 - calm))
    }

    func escalationReason(_ classification: Classification?, frustration: Double, repeated: Bool, failures: Int) -> String? {
        if let classification {
            if classification.keywords.contains("agent_request") || (classification.intent == "agent" && classification.confidence >= config.agentIntentConfidence) {
                return "agent_request"
            }
            if classification.intent == "complaint" && classification.sentiment == .negative && classification.confidence >= 0.5 {
                return "complaint"
            }
        }
        if frustration >= config.frustrationThreshold { return "frustration" }
        if repeated { return "repeated_failure" }
        if failures >= config.maxConsecutiveFailures { return "repeated_failure" }
        return nil
    }

    /// Opens a handoff: the conversation waits in the queue and the interpreter waits too.
    func escalate(_ conversation: inout ConversationRecord, queue: String, reason: String, note: String, now: Date, tx: any StoreTransaction) throws -> (queue: String, reason: String) {
        let queue = program.queues[queue] == nil ? "general" : queue
        if conversation.id == 0 { conversation = try tx.saveConversation(conversation) }
        if var open = try tx.openHandoff(conversationID: conversation.id) {
            open.status = .closed
            open.closedAt = now
            try tx.updateHandoff(open)
        }
        try tx.insertHandoff(HandoffRecord(conversationID: conversation.id, queue: queue, reason: reason, note: note, createdAt: now))
        conversation.status = .queued
        conversation.department = queue
        conversation.handoffNoticeSent = true
        conversation.state.status = .handoff
        conversation.state.handoffQueue = queue
        conversation.state.consecutiveFailures = 0
        return (queue, reason)
    }

    /// The after-hours line for a closed queue, or nothing.
    func afterHours(queue: String, now: Date) -> [String] {
        guard let hours = program.queues[queue]?.hours, !hours.contains(now) else { return [] }
        let opens = hours.nextOpening(after: now).map { hours.describe($0) } ?? "soon"
        let notice = program.queues[queue]?.afterHoursNotice ?? config.afterHoursNotice
        return [notice.replacingOccurrences(of: "{{opens}}", with: opens)]
    }

    /// A one-line summary for the agent, e.g. "Wants order status for 48213377; failed 2 times in a row; frustrated (0.82)".
    func summary(_ conversation: ConversationRecord, reason: String, classification: Classification?) -> String {
        var parts: [String] = []
        // A topic from an intent the classifier is not sure of would mislead more than none.
        let reading = classification.map { ($0.intent, $0.confidence) } ?? conversation.state.lastUnderstanding.flatMap { u in u.intent.map { ($0, u.confidence) } }
        let intent = reading.flatMap { $0.1 >= 0.5 ? $0.0 : nil }
        let topics = ["order_status": "order status", "billing": "billing help", "tech_support": "tech support", "reschedule": "to reschedule",
                      "cancel": "to cancel", "account": "account help", "agent": "a person", "complaint": "to complain"]
        let departments = ["orders": "order status", "billing": "billing help", "tech": "tech support"]
        // Without a topic in the intent, where the bot had the customer (an agent's transfer
        // changes the queue, not what the customer asked about).
        var wants = (intent.flatMap { topics[$0] } ?? departments[conversation.state.department ?? conversation.department]).map { "Wants \($0)" } ?? "Talking to the bot"
        if let order = conversation.state.slots["order_number"] { wants += " for \(order)" }
        parts.append(wants)
        let slots = conversation.state.slots.filter { !$0.key.contains(".") && $0.key != "order_number" }.sorted { $0.key < $1.key }
        if !slots.isEmpty { parts.append("has " + slots.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) }
        if conversation.state.consecutiveFailures > 0 { parts.append("failed \(conversation.state.consecutiveFailures) time\(conversation.state.consecutiveFailures == 1 ? "" : "s") in a row") }
        if conversation.frustration >= 0.5 { parts.append(String(format: "frustrated (%.2f)", conversation.frustration)) }
        parts.append("escalated: \(reason.replacingOccurrences(of: "_", with: " "))")
        return parts.joined(separator: "; ")
    }
}
