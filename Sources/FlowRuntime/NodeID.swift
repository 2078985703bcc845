/// A stable reference to a node: the flow's id and the node's id within it.
///
/// Conversation state stores node ids, never indices, so a process can restart between any two
/// messages and a flow can be edited without corrupting live conversations.
public struct NodeID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The id of the flow the node belongs to.
    public var flow: String
    /// The id of the node inside its flow.
    public var node: String

    /// Creates a reference.
    /// - Parameters:
    ///   - flow: The flow id.
    ///   - node: The node id.
    public init(flow: String, node: String) {
        self.flow = flow
        self.node = node
    }

    /// `flow.node`.
    public var description: String { "\(flow).\(node)" }

    /// Orders by flow, then node.
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool {
        (lhs.flow, lhs.node) < (rhs.flow, rhs.node)
    }
}
