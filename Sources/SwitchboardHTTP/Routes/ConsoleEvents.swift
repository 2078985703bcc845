import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SwitchboardEngine

/// The console's live feed (`GET /v1/events`, server-sent events) for one agent:
/// `queues` (waiting counts, on connect and on every change), `handoff` (a conversation entered
/// one of the agent's queues) and `message` (a conversation in them changed), and a `: ping`
/// comment every 15 s. The stream ends when the client goes or the server shuts down gracefully.
struct ConsoleEvents {
    let engine: Engine
    let events: EventHub
    let interval: TimeInterval

    private enum Trigger: Sendable {
        case tick
        case changed(Int64)
    }

    func stream(for agent: AgentAccount, logger: Logger) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let engine = engine, events = events, interval = interval
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let (triggers, continuation) = AsyncStream<Trigger>.makeStream(bufferingPolicy: .bufferingNewest(64))
            let subscription = events.subscribe()
            let forward = Task {
                for await id in subscription { continuation.yield(.changed(id)) }
            }
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                    continuation.yield(.tick)
                }
            }
            defer {
                forward.cancel()
                ticker.cancel()
                continuation.finish()
            }
            var lastQueues = ""
            var known: Set<Int64>?
            var mine: Set<Int64> = []
            var ticks = 0
            continuation.yield(.tick)
            for await trigger in triggers.cancelOnGracefulShutdown() {
                var open: [QueueEntry] = []
                for queue in agent.queues { open += (try? engine.openConversations(queue: queue)) ?? [] }
                let ids = Set(open.map(\.conversationID))
                var out = ""
                if let known {
                    for entry in open where !known.contains(entry.conversationID) && entry.agent == nil {
                        out += Self.event("handoff", ["id": entry.conversationID, "queue": entry.queue, "reason": entry.reason])
                    }
                }
                if case .changed(let id) = trigger, ids.contains(id) || mine.contains(id) {
                    out += Self.event("message", ["conversation_id": id])
                }
                known = ids
                mine = ids
                let summaries = (try? AgentRoutes.queueSummaries(engine: engine, agent: agent)) ?? []
                let queues = Self.event("queues", ["queues": summaries.map { summary in
                    // Wait times change every second; the page ticks them itself, so only counts decide a resend.
                    summary.filter { $0.key != "oldest_wait_seconds" }
                }])
                if queues != lastQueues {
                    lastQueues = queues
                    out += Self.event("queues", ["queues": summaries])
                }
                ticks += 1
                if case .tick = trigger, ticks % max(1, Int(15 / interval)) == 0 { out += ": ping\n\n" }
                if !out.isEmpty { try await writer.write(ByteBuffer(string: out)) }
            }
            logger.debug("event stream closed")
            try await writer.finish(nil)
        })
    }

    private static func event(_ name: String, _ data: [String: Any]) -> String {
        let json = (try? JSONSerialization.data(withJSONObject: data, options: [.sortedKeys])).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        return "event: \(name)\ndata: \(json)\n\n"
    }
}
