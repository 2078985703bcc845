import FlowRuntime

/// Performs the HTTP requests of `lookup` nodes that have a `url`. The engine calls it before a
/// message enters the writer queue, never inside a transaction; the core ships no implementation
/// (it does no I/O), so the server passes one to ``Engine/init(program:classifier:store:config:clock:lookupClient:)``.
///
/// An implementation should:
/// - send `Accept: application/json`, and `Content-Type: application/json` when the request has a body;
/// - add credentials for the server itself (flow files never hold them);
/// - follow redirects, and stop reading the body past ``FlowRuntime/HTTPLookupOutcome/maxBodyBytes``
///   (``FlowRuntime/HTTPLookupFailure/tooLarge``);
/// - return ``FlowRuntime/HTTPLookupFailure/timeout`` once `timeout` has passed (the engine stops
///   waiting one second later in any case), and return promptly when its task is cancelled;
/// - never log the URL or the body at info or above: they hold phone and order numbers.
///
/// ```swift
/// struct Stub: HTTPLookupClient {
///     func fetch(_ request: HTTPLookupRequest, timeout: Duration) async -> HTTPLookupOutcome {
///         .response(status: 200, body: Array(#"{"status": "shipped"}"#.utf8))
///     }
/// }
/// let engine = Engine(program: program, classifier: nil, store: store, clock: { Date() }, lookupClient: Stub())
/// ```
public protocol HTTPLookupClient: Sendable {
    /// Performs one request.
    /// - Parameters:
    ///   - request: The method, the absolute URL (variable values already percent-encoded) and the
    ///     JSON body, if any.
    ///   - timeout: The lookup node's timeout for the whole request.
    /// - Returns: The response with its status (any status) and body, or why there is none.
    func fetch(_ request: HTTPLookupRequest, timeout: Duration) async -> HTTPLookupOutcome
}
