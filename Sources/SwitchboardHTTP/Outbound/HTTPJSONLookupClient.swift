import AsyncHTTPClient
import FlowRuntime
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SwitchboardEngine

/// Performs the HTTP requests of flow `lookup` nodes with AsyncHTTPClient: `Accept:
/// application/json`, redirects followed, bodies over 1 MiB refused, the node's timeout for the
/// whole request. URLs and bodies are logged only at debug (they hold phone and order numbers).
public struct HTTPJSONLookupClient: HTTPLookupClient {
    let client: HTTPClient
    let logger: Logger

    /// Creates a client.
    /// - Parameters:
    ///   - client: The HTTP client (shared; the caller shuts it down).
    ///   - logger: For failures (the URL's host only at info).
    public init(client: HTTPClient = .shared, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Performs one request.
    public func fetch(_ request: HTTPLookupRequest, timeout: Duration) async -> HTTPLookupOutcome {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method == .post ? .POST : .GET
        outgoing.headers.add(name: "Accept", value: "application/json")
        outgoing.headers.add(name: "User-Agent", value: "Switchboard")
        if let body = request.body {
            outgoing.headers.add(name: "Content-Type", value: "application/json")
            outgoing.body = .bytes(ByteBuffer(string: body))
        }
        let started = ContinuousClock.now
        do {
            let response = try await client.execute(outgoing, timeout: .nanoseconds(timeout.nanoseconds))
            let body = try await response.body.collect(upTo: HTTPLookupOutcome.maxBodyBytes)
            logger.debug("lookup", metadata: ["request": .string(request.expandedDescription), "status": .stringConvertible(response.status.code)])
            return .response(status: Int(response.status.code), body: Array(body.readableBytesView))
        } catch is NIOTooManyBytesError {
            return .failure(.tooLarge)
        } catch {
            let failure: HTTPLookupFailure = ContinuousClock.now - started >= timeout || (error as? HTTPClientError) == .deadlineExceeded ? .timeout : .connection
            logger.info("lookup failed", metadata: ["request": .string(request.description), "reason": .string(failure.reason)])
            return .failure(failure)
        }
    }
}
