import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PhoneNumbers
import SwitchboardEngine

/// `POST /v1/messages` (inbound as JSON, for other gateways and tests) and `POST /v1/outbound`
/// (a proactive message that starts a flow node for a number).
struct MessageRoutes {
    let engine: Engine
    let settings: ServerSettings
    let metrics: SwitchboardMetrics
    let events: EventHub

    func add(to router: Router<SwitchboardContext>) {
        router.post("/v1/messages") { request, context in
            try authorize(request)
            return try await inbound(request, context: context)
        }
        router.post("/v1/outbound") { request, context in
            try authorize(request)
            return try await outbound(request, context: context)
        }
    }

    /// With an API token configured, these routes need it (they can text anyone, or speak for a customer).
    private func authorize(_ request: Request) throws {
        guard let expected = settings.apiTokenSHA256 else { return }
        guard let token = AgentAuthMiddleware.token(in: request),
              AgentAuthMiddleware.constantTimeEqual(Array(AgentAccount.hash(token: token).utf8), Array(expected.utf8)) else {
            throw APIError(.unauthorized, "a valid API token is required (Authorization: Bearer …)")
        }
    }

    private func inbound(_ request: Request, context: SwitchboardContext) async throws -> Response {
        let start = ContinuousClock.now
        let object = try await JSONRequest.object(request, maxBytes: settings.maxBodyBytes)
        let from = try JSONBody.required(object, "from")
        let body = try JSONBody.required(object, "body")
        _ = try JSONBody.string(object, "to")
        let id = try JSONBody.string(object, "id")
        let result: HandleResult
        do {
            result = try await engine.handle(InboundMessage(from: from, body: body, providerID: id.map { "api:\($0)" }))
        } catch let error as EngineError where error.kind == .invalidPhone {
            throw APIError(.badRequest, "field 'from': " + error.message.replacingOccurrences(of: "the sender is ", with: ""))
        }
        metrics.inbound(channel: "api", result: result, duration: ContinuousClock.now - start)
        events.changed(result)
        context.logger.info("inbound", metadata: ["phone": .string(PhoneNumbers.mask(result.phone)), "replies": .stringConvertible(result.replies.count)])
        var answer: [String: Any] = [
            "replies": result.replies, "opted_out": result.optedOut, "conversation_id": result.conversationID,
            "duplicate": result.duplicate, "status": result.status.rawValue,
            "handoff": result.handoff.map { ["queue": $0.queue, "reason": $0.reason] as [String: Any] } ?? NSNull(),
        ]
        if let intent = result.intent { answer["intent"] = intent }
        return JSONBody.response(answer)
    }

    private func outbound(_ request: Request, context: SwitchboardContext) async throws -> Response {
        let object = try await JSONRequest.object(request, maxBytes: settings.maxBodyBytes)
        let to = try JSONBody.required(object, "to")
        let node = try JSONBody.required(object, "node")
        var slots: [String: String] = [:]
        if let raw = object["slots"], !(raw is NSNull) {
            guard let dictionary = raw as? [String: Any] else { throw APIError(.badRequest, "field 'slots' must be an object of strings") }
            for (name, value) in dictionary {
                guard let text = value as? String else { throw APIError(.badRequest, "field 'slots.\(name)' must be a string") }
                slots[name] = text
            }
        }
        let key = try idempotencyKey(request, object)
        let result: ProactiveResult
        do {
            result = try engine.startProactive(phone: to, node: node, slots: slots, idempotencyKey: key)
        } catch let error as EngineError where error.kind == .invalidPhone {
            throw APIError(.badRequest, "field 'to': " + error.message.replacingOccurrences(of: "the sender is ", with: ""))
        }
        context.logger.info("proactive", metadata: [
            "phone": .string(PhoneNumbers.mask(result.phone)), "held": .stringConvertible(result.heldUntil != nil),
            "duplicate": .stringConvertible(result.duplicate),
        ])
        let formatter = ISO8601DateFormatter()
        return JSONBody.response([
            "conversation_id": result.conversationID, "outbox_ids": result.outboxIDs, "texts": result.texts,
            "held_until": result.heldUntil.map { formatter.string(from: $0) } ?? NSNull(), "duplicate": result.duplicate,
        ], status: result.duplicate ? .ok : .accepted)
    }

    /// The `Idempotency-Key` header or the body's `id` (the same key if both are given): a client
    /// that retries after a timeout gets the first answer instead of a second text.
    private func idempotencyKey(_ request: Request, _ object: [String: Any]) throws -> String? {
        let header = request.headers[.idempotencyKey]
        let field = try JSONBody.string(object, "id")
        if let header, let field, header != field {
            throw APIError(.badRequest, "header 'Idempotency-Key' and field 'id' differ; send one key")
        }
        guard let key = header ?? field else { return nil }
        guard !key.isEmpty, key.utf8.count <= 255 else {
            throw APIError(.badRequest, "\(header != nil ? "header 'Idempotency-Key'" : "field 'id'") must be 1 to 255 bytes")
        }
        return key
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key` (IETF draft-ietf-httpapi-idempotency-key-header).
    static let idempotencyKey = Self("Idempotency-Key")!
}

/// JSON request bodies: content type, size, then parse.
enum JSONRequest {
    static func object(_ request: Request, maxBytes: Int, allowEmpty: Bool = false) async throws -> [String: Any] {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "application/json" else { throw APIError(.unsupportedMediaType, "expected application/json") }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw APIError(.contentTooLarge, "the body is over the limit of 64 KiB")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: maxBytes)
        // Said plainly, rather than as the first missing field.
        if buffer.readableBytes == 0 && !allowEmpty { throw APIError(.badRequest, "the body is empty; expected a JSON object") }
        return try JSONBody.object(buffer)
    }

    /// An optional JSON body (agent actions accept none, `{}`, or fields).
    static func optionalObject(_ request: Request, maxBytes: Int) async throws -> [String: Any] {
        if request.headers[.contentType] == nil {
            var request = request
            let buffer = try await request.collectBody(upTo: maxBytes)
            guard buffer.readableBytes == 0 else { throw APIError(.unsupportedMediaType, "expected application/json") }
            return [:]
        }
        return try await object(request, maxBytes: maxBytes, allowEmpty: true)
    }
}
