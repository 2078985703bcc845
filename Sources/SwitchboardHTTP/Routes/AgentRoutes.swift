import Foundation
import Hummingbird
import PhoneNumbers
import SMSText
import SwitchboardEngine

/// The agent API: queues, briefs and the actions on a conversation. An agent sees only its own
/// queues (403 outside them); a conversation another agent claimed answers 409.
struct AgentRoutes {
    let engine: Engine
    let settings: ServerSettings
    let metrics: SwitchboardMetrics
    let events: EventHub

    func add(to router: Router<SwitchboardContext>) {
        let group = router.group("v1").add(middleware: AgentAuthMiddleware(agents: settings.agents))
        group.get("me") { _, context in
            let agent = try context.requireAgent()
            return JSONBody.response(["agent": agent.name, "name": agent.displayName, "queues": agent.queues])
        }
        group.get("queues") { _, context in try queues(context.requireAgent()) }
        group.get("queues/:queue/conversations") { _, context in
            let agent = try context.requireAgent()
            let queue = try context.parameters.require("queue")
            guard engine.program.queues[queue] != nil else { throw APIError(.notFound, "no queue named '\(queue)'") }
            guard agent.queues.contains(queue) else { throw APIError(.forbidden, "queue '\(queue)' is not one of yours") }
            return JSONBody.response(["conversations": try engine.openConversations(queue: queue).map(entry)])
        }
        group.get("conversations/:id") { _, context in
            let (agent, id) = try target(context)
            return JSONBody.response(try brief(id, for: agent))
        }
        group.post("conversations/:id/claim") { request, context in
            let (agent, id) = try target(context)
            _ = try await JSONRequest.optionalObject(request, maxBytes: settings.maxBodyBytes)
            try requireHandoff(id, for: agent)
            try engine.claim(id, agent: agent.name)
            events.changed(id)
            return JSONBody.response(["id": id, "status": "agent", "agent": agent.name])
        }
        group.post("conversations/:id/messages") { request, context in
            let (agent, id) = try target(context)
            let object = try await JSONRequest.object(request, maxBytes: settings.maxBodyBytes)
            let text = try JSONBody.required(object, "body")
            try requireHandoff(id, for: agent)
            let receipt = try engine.reply(id, agent: agent.name, text: text)
            if let seconds = receipt.firstResponse { metrics.firstResponse(seconds: seconds) }
            events.changed(id)
            let cost = SMSSegmenter.measure(receipt.body)
            return JSONBody.response(
                ["outbox_id": receipt.outboxID, "segments": cost.segments, "encoding": cost.encoding == .gsm7 ? "GSM-7" : "UCS-2"], status: .accepted)
        }
        group.post("conversations/:id/transfer") { request, context in
            let (agent, id) = try target(context)
            let object = try await JSONRequest.object(request, maxBytes: settings.maxBodyBytes)
            let queue = try JSONBody.required(object, "queue")
            try requireHandoff(id, for: agent)
            try engine.transfer(id, to: queue, by: agent.name)
            metrics.handedOff(queue: queue, reason: "transfer")
            events.changed(id)
            return JSONBody.response(["id": id, "status": "queued", "queue": queue])
        }
        group.post("conversations/:id/release") { request, context in
            let (agent, id) = try target(context)
            let object = try await JSONRequest.optionalObject(request, maxBytes: settings.maxBodyBytes)
            let node = try JSONBody.string(object, "node")
            try requireHandoff(id, for: agent)
            let replies = try engine.release(id, at: node, by: agent.name)
            events.changed(id)
            return JSONBody.response(["id": id, "status": "bot", "replies": replies])
        }
        group.post("conversations/:id/close") { request, context in
            let (agent, id) = try target(context)
            let object = try await JSONRequest.optionalObject(request, maxBytes: settings.maxBodyBytes)
            var csat = false
            if let value = object["csat"], !(value is NSNull) {
                guard let flag = value as? Bool else { throw APIError(.badRequest, "field 'csat' must be true or false") }
                csat = flag
            }
            try requireHandoff(id, for: agent)
            try engine.close(id, csat: csat, by: agent.name)
            events.changed(id)
            return JSONBody.response(["id": id, "status": "closed"])
        }
        group.get("events") { request, context in
            try ConsoleEvents(engine: engine, events: events, interval: settings.eventInterval).stream(for: context.requireAgent(), logger: context.logger)
        }
    }

    private func target(_ context: SwitchboardContext) throws -> (AgentAccount, Int64) {
        let agent = try context.requireAgent()
        guard let id = context.parameters.get("id").flatMap(Int64.init), id > 0 else {
            throw APIError(.badRequest, "the conversation id must be a positive integer")
        }
        return (agent, id)
    }

    func queues(_ agent: AgentAccount) throws -> Response {
        JSONBody.response(["queues": try Self.queueSummaries(engine: engine, agent: agent)])
    }

    static func queueSummaries(engine: Engine, agent: AgentAccount) throws -> [[String: Any]] {
        let waiting = try engine.waiting()
        return agent.queues.map { queue in
            let entries = waiting.filter { $0.queue == queue }
            return ["name": queue, "waiting": entries.count, "oldest_wait_seconds": entries.map(\.waiting).max() ?? 0]
        }
    }

    /// The brief, after checking the agent may see it: its open handoff is in one of the agent's
    /// queues, or, with none, it was closed by a person in one of them. A conversation only the
    /// bot has had is no agent's to read.
    private func brief(_ id: Int64, for agent: AgentAccount) throws -> [String: Any] {
        let brief = try engine.brief(id)
        guard brief.handoff != nil || brief.status == .closed else {
            throw APIError(.forbidden, "conversation \(id) is with the bot; agents see conversations handed to a person")
        }
        let queue = brief.handoff?.queue ?? brief.department
        guard agent.queues.contains(queue) else { throw APIError(.forbidden, "conversation \(id) is not in your queues") }
        return Self.encode(brief)
    }

    /// Actions need an open handoff in one of the agent's queues (a conversation with the bot has
    /// no one to answer it, and a reply there would leave it with nobody). Another agent's claim
    /// is checked by the engine in the action's own transaction (409).
    private func requireHandoff(_ id: Int64, for agent: AgentAccount) throws {
        let brief = try engine.brief(id)
        guard let handoff = brief.handoff else {
            if brief.optedOut { throw APIError(.conflict, "the customer opted out (STOP); nothing can be sent until they text START") }
            throw APIError(.conflict, "conversation \(id) is not waiting for a person")
        }
        guard agent.queues.contains(handoff.queue) else { throw APIError(.forbidden, "conversation \(id) is not in your queues") }
    }

    private func entry(_ entry: QueueEntry) -> [String: Any] {
        [
            "id": entry.conversationID, "queue": entry.queue, "reason": entry.reason, "note": entry.note,
            "waiting_seconds": entry.waiting, "since": ISO8601.string(entry.since), "status": entry.agent == nil ? "queued" : "agent",
            "agent": entry.agent ?? NSNull(), "phone": entry.phone ?? NSNull(),
        ]
    }

    static func encode(_ brief: Brief) -> [String: Any] {
        let handoff: Any = brief.handoff.map { handoff -> [String: Any] in
            ["id": handoff.id, "queue": handoff.queue, "reason": handoff.reason, "note": handoff.note, "status": handoff.status.rawValue,
             "agent": handoff.agent ?? NSNull(), "created_at": ISO8601.string(handoff.createdAt)]
        } ?? NSNull()
        let transcript = brief.transcript.map { line -> [String: Any] in
            let author = line.direction == .inbound ? "customer" : (line.author == "bot" || line.author == "system" ? line.author : "agent:\(line.author)")
            return ["direction": line.direction.rawValue, "body": line.body, "at": ISO8601.string(line.createdAt), "author": author,
                    "status": line.deliveryStatus ?? NSNull()]
        }
        return [
            "id": brief.conversationID, "phone": brief.phone, "status": brief.status.rawValue, "opted_out": brief.optedOut, "handoff": handoff,
            "brief": [
                "summary": brief.summary, "intent": brief.lastIntent?.intent ?? NSNull(), "confidence": brief.lastIntent?.confidence ?? NSNull(),
                "sentiment": brief.lastSentiment?.label ?? NSNull(), "sentiment_score": brief.lastSentiment?.score ?? NSNull(),
                "frustration": brief.frustration, "collected": brief.slots,
            ] as [String: Any],
            "transcript": transcript,
        ]
    }
}

extension SwitchboardContext {
    func requireAgent() throws -> AgentAccount {
        guard let agent else { throw APIError(.unauthorized, "a valid agent token is required") }
        return agent
    }
}

/// ISO 8601 timestamps in UTC.
enum ISO8601 {
    static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
