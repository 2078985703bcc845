import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardEngine
import NIOHTTP1

/// Gives each request an id (`X-Request-Id`, echoed back), logs one line per request at info
/// (method, path, status, duration: never a body or a phone number), records the handling-latency
/// histogram, and turns errors into JSON bodies `{"error": "…"}`.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = SwitchboardContext
    let metrics: SwitchboardMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let supplied = request.headers[.requestID].flatMap { $0.count <= 64 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } ? $0 : nil }
        context.requestID = supplied ?? String(UInt64.random(in: 0...UInt64.max), radix: 36)
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = Self.response(for: error, request: request, logger: context.logger)
        }
        response.headers[.requestID] = context.requestID
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        metrics.requestDuration(route: route, duration: elapsed)
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(route),
                "status": .stringConvertible(response.status.code),
                "ms": .string(String(format: "%.2f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)),
            ])
        return response
    }

    static func response(for error: any Error, request: Request, logger: Logger) -> Response {
        switch error {
        case let error as APIError:
            return error.response
        case let error as EngineError:
            return APIError(status(for: error.kind), error.message).response
        case let error as HTTPError:
            switch error.status {
            case .notFound: return APIError(.notFound, "no route \(request.method.rawValue) \(request.uri.path)").response
            case .contentTooLarge: return APIError(.contentTooLarge, "the body is over the limit of 64 KiB").response
            default: return APIError(error.status, error.body ?? error.status.reasonPhrase).response
            }
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            return APIError(.contentTooLarge, "the body is over the limit of 64 KiB").response
        case let error as any HTTPResponseError:
            return APIError(error.status, error.status.reasonPhrase).response
        case is HTTPParserError:
            // The client sent a broken request or closed it half-way: its mistake, not ours.
            logger.notice("the request could not be read", metadata: ["error": .string(String(describing: error))])
            return APIError(.badRequest, "the request could not be read (cut off or malformed)").response
        default:
            logger.error("unhandled error", metadata: ["error": .string(String(describing: type(of: error)))])
            return APIError(.internalServerError, "internal error").response
        }
    }

    static func status(for kind: EngineError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .invalidPhone, .invalid: .badRequest
        case .notFound: .notFound
        case .conflict, .optedOut: .conflict
        case .keyReused: .unprocessableContent
        }
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    static let requestID = Self("X-Request-Id")!
}
