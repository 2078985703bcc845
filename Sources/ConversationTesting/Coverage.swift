import FlowRuntime

/// Which nodes and edges of a program a set of conversations exercised.
public struct Coverage: Sendable {
    /// A graph edge.
    public struct Edge: Hashable, Sendable, CustomStringConvertible {
        /// The node the edge leaves.
        public var from: NodeID
        /// The node it enters.
        public var to: NodeID
        /// `from -> to`.
        public var description: String { "\(from) -> \(to)" }
    }

    /// Nodes entered at least once.
    public private(set) var nodes: Set<NodeID> = []
    /// Edges taken at least once, by node and label (two choices to the same node are two edges).
    public private(set) var edges: Set<TakenEdge> = []

    /// An empty record.
    public init() {}

    /// Records one turn.
    /// - Parameter turn: A simulated turn.
    public mutating func record(_ turn: Simulator.Turn) {
        nodes.formUnion(turn.path)
        edges.formUnion(turn.taken)
    }

    /// Adds another record.
    /// - Parameter other: Coverage from other conversations.
    public mutating func merge(_ other: Coverage) {
        nodes.formUnion(other.nodes)
        edges.formUnion(other.edges)
    }

    /// Nodes of the program never entered.
    /// - Parameter program: The program.
    /// - Returns: The missing nodes, sorted.
    public func uncoveredNodes(in program: Program) -> [NodeID] {
        program.flows.values.flatMap { flow in flow.nodes.values.map(\.id) }.filter { !nodes.contains($0) }.sorted()
    }

    /// Edges of the program (choices, fallbacks, branch cases, lookup results…) never taken.
    /// - Parameter program: The program.
    /// - Returns: The missing edges with their labels, sorted.
    public func uncoveredEdges(in program: Program) -> [(edge: Edge, label: String)] {
        var missing: [(Edge, String)] = []
        for flow in program.flows.values {
            for node in flow.nodes.values {
                for (label, target) in node.edges where !edges.contains(TakenEdge(from: node.id, label: label)) {
                    missing.append((Edge(from: node.id, to: target), label))
                }
            }
        }
        return missing.sorted { ($0.0.from, $0.0.to, $0.1) < ($1.0.from, $1.0.to, $1.1) }
    }
}
