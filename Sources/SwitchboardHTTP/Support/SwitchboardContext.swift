import Hummingbird
import Logging

/// The request context of every route: the request id and, after authentication, the agent.
public struct SwitchboardContext: RequestContext {
    /// Hummingbird's core storage.
    public var coreContext: CoreRequestContextStorage
    /// The request id (from `X-Request-Id`, or generated), in every log line of the request.
    public var requestID: String = ""
    /// The authenticated agent, on agent routes.
    public var agent: AgentAccount?

    /// Creates a context for a request.
    public init(source: Source) {
        self.coreContext = .init(source: source)
    }
}
