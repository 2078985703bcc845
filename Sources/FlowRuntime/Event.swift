/// Something that happened during a step, for the engine and for tests to act on.
public enum Event: Sendable, Equatable, Codable {
    /// The conversation was handed to a human queue.
    case handoff(queue: String, reason: String, note: String)
    /// A slot got a value.
    case slotSet(name: String, value: String)
    /// The conversation reached an end node.
    case flowEnded(NodeID)
    /// The customer answered the CSAT question.
    case csat(score: Int)
    /// The conversation restarted at the entry flow, e.g. because its node no longer exists.
    case restarted(reason: String)
    /// A reply a menu or collect node did not accept; `count` misses so far at that node.
    case miss(node: NodeID, count: Int)
    /// A node's `on_fail` target was taken after too many misses.
    case fallback(node: NodeID)
    /// A global handler fired.
    case global(target: NodeID)
    /// An HTTP lookup took its `failed` edge; the reason (`timeout`, `status 503`, `not JSON`,
    /// `not fetched`…) never holds the URL or the response.
    case lookupFailed(node: NodeID, reason: String)
    /// A runtime error, e.g. the step bound was hit; the conversation was reset.
    case error(message: String)
}
