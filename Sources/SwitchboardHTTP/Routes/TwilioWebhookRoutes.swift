import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PhoneNumbers
import SwitchboardEngine
import TwilioWire
import NIOHTTP1

/// `POST /webhooks/twilio` (inbound messages, answered with TwiML) and
/// `POST /webhooks/twilio/status` (delivery status callbacks). Errors are answered with an empty
/// `<Response/>` and the status, so Twilio never sends an error text to the customer; nothing is
/// stored for a request that fails before the engine.
struct TwilioWebhookRoutes {
    let engine: Engine
    let settings: ServerSettings
    let metrics: SwitchboardMetrics
    let events: EventHub

    func add(to router: Router<SwitchboardContext>) {
        router.post("/webhooks/twilio") { request, context in await inbound(request, context: context) }
        router.post("/webhooks/twilio/status") { request, context in await status(request, context: context) }
    }

    private func inbound(_ request: Request, context: SwitchboardContext) async -> Response {
        let start = ContinuousClock.now
        do {
            let form = try await verifiedForm(request, context: context)
            let webhook = try InboundWebhook(form: form)
            var message = InboundMessage(from: webhook.from, body: webhook.body, providerID: webhook.messageSid)
            if let token = request.headers[.twilioIdempotencyToken], !token.isEmpty {
                message.alternateIDs = ["twilio-idempotency:\(token)"]
            }
            // Advanced Opt-Out matched a keyword (maybe a custom or other-language one) and Twilio
            // already replied: the engine records it and adds no reply of its own.
            message.providerKeyword = webhook.optOutType.flatMap { ProviderKeyword(rawValue: $0.rawValue.uppercased()) }
            let result: HandleResult
            do {
                result = try await engine.handle(message)
            } catch let error as EngineError where error.kind == .invalidPhone {
                throw APIError(.badRequest, "field 'From': " + error.message.replacingOccurrences(of: "the sender is ", with: ""))
            }
            metrics.inbound(channel: "twilio", result: result, duration: ContinuousClock.now - start)
            events.changed(result)
            context.logger.info("inbound", metadata: logMetadata(result))
            return Self.twiml(TwiML.render(result.replies))
        } catch {
            return Self.failure(error, context: context)
        }
    }

    private func status(_ request: Request, context: SwitchboardContext) async -> Response {
        do {
            let form = try await verifiedForm(request, context: context)
            let callback = try StatusCallback(form: form)
            let update = try engine.applyDeliveryStatus(providerID: callback.messageSid, status: callback.status.rawValue, errorCode: callback.errorCode)
            if update.optedOut { metrics.optOut(source: "carrier") }
            context.logger.info("delivery status", metadata: [
                "status": .string(callback.status.rawValue), "changed": .stringConvertible(update.changed), "kept": .stringConvertible(update.kept),
            ])
            return Self.twiml(TwiML.render([]))
        } catch {
            return Self.failure(error, context: context)
        }
    }

    /// Reads and decodes a form body, checking the content type, the size and (with an auth token)
    /// the signature.
    private func verifiedForm(_ request: Request, context: SwitchboardContext) async throws -> FormBody {
        let type = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "application/x-www-form-urlencoded" else {
            throw APIError(.unsupportedMediaType, "expected application/x-www-form-urlencoded")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > settings.maxBodyBytes {
            throw APIError(.contentTooLarge, "the body is over the limit of 64 KiB")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: settings.maxBodyBytes)
        let form: FormBody
        do {
            form = try FormBody(decoding: buffer.readableBytesView)
        } catch {
            throw APIError(.badRequest, "\(error)")
        }
        if let token = settings.twilioAuthToken {
            guard let signature = request.headers[.twilioSignature] else { throw APIError(.forbidden, "missing X-Twilio-Signature") }
            let url = PublicURL.of(request, publicURL: settings.publicURL)
            guard TwilioSignature.isValid(signature, url: url, parameters: form, authToken: token) else {
                context.logger.warning("rejected webhook: bad signature", metadata: ["route": .string(request.uri.path)])
                throw APIError(.forbidden, "invalid X-Twilio-Signature")
            }
        }
        return form
    }

    private func logMetadata(_ result: HandleResult) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "phone": .string(PhoneNumbers.mask(result.phone)), "conversation": .stringConvertible(result.conversationID),
            "replies": .stringConvertible(result.replies.count), "duplicate": .stringConvertible(result.duplicate),
        ]
        if let intent = result.intent { metadata["intent"] = .string(intent) }
        if let handoff = result.handoff { metadata["handoff"] = .string("\(handoff.queue)/\(handoff.reason)") }
        return metadata
    }

    static func twiml(_ xml: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/xml; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    /// An error as TwiML: an empty `<Response/>` (nothing is sent) with the status, and the reason
    /// in an XML comment for whoever reads Twilio's debugger.
    static func failure(_ error: any Error, context: SwitchboardContext) -> Response {
        let api: APIError
        switch error {
        case let error as APIError: api = error
        case let error as EngineError: api = APIError(RequestLogMiddleware.status(for: error.kind), error.message)
        case let error as any HTTPResponseError where error.status == .contentTooLarge: api = APIError(.contentTooLarge, "the body is over the limit of 64 KiB")
        case let error as TwilioWireError: api = APIError(.badRequest, error.description)
        case is HTTPParserError:
            // The client sent a broken request or closed it half-way: its mistake, not ours.
            context.logger.notice("the request could not be read", metadata: ["error": .string(String(describing: error))])
            api = APIError(.badRequest, "the request could not be read (cut off or malformed)")
        default:
            context.logger.error("webhook failed", metadata: ["error": .string(String(describing: type(of: error)))])
            api = APIError(.internalServerError, "internal error")
        }
        // Inside an XML comment only "--" is special: with no "-" left next to another (one pass of
        // replacing leaves "---" as "- --"), nothing the sender wrote can close it early.
        var comment = api.message
        while comment.contains("--") { comment = comment.replacingOccurrences(of: "--", with: "- -") }
        return twiml("<?xml version=\"1.0\" encoding=\"UTF-8\"?><!-- \(comment) --><Response/>", status: api.status)
    }
}

extension HTTPField.Name {
    /// `X-Twilio-Signature`.
    static let twilioSignature = Self("X-Twilio-Signature")!
    /// `I-Twilio-Idempotency-Token`.
    static let twilioIdempotencyToken = Self("I-Twilio-Idempotency-Token")!
}

/// The URL a provider called, for signatures: `--public-url` plus the path and query as received,
/// or, without it, the request's own scheme, host and port.
enum PublicURL {
    static func of(_ request: Request, publicURL: String?) -> String {
        let pathAndQuery = request.uri.description
        if let publicURL {
            var base = publicURL
            while base.hasSuffix("/") { base.removeLast() }
            return base + pathAndQuery
        }
        let host = request.head.authority ?? "localhost"
        let scheme = request.head.scheme ?? "http"
        return "\(scheme)://\(host)\(pathAndQuery)"
    }
}
