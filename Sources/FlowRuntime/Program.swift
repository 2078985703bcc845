import FlowRegex

/// A set of compiled flows ready to run: every reference resolved, every pattern compiled.
///
/// Built by `FlowLanguage.FlowCompiler`; the runtime never parses flow files itself.
public struct Program: Sendable {
    /// Flows by id.
    public var flows: [String: Flow]
    /// The flow a new conversation starts in.
    public var entryFlow: String
    /// Human queues by name.
    public var queues: [String: Queue]
    /// Lookup tables by name.
    public var tables: [String: LookupTable]
    /// A hash of the sources the program was compiled from.
    public var fingerprint: String
    /// Texts the runtime itself sends.
    public var notices: Notices
    /// Contact profile fields the flows declare (`contact: {name: 20}`), with the longest value
    /// their texts were measured for; imports keep to it.
    public var contactFields: [String: Int] = [:]

    /// Creates a program.
    /// - Parameters:
    ///   - flows: Flows by id.
    ///   - entryFlow: The flow new conversations start in.
    ///   - queues: Human queues by name.
    ///   - tables: Lookup tables by name.
    ///   - fingerprint: A hash of the sources.
    ///   - notices: Texts the runtime sends.
    public init(
        flows: [String: Flow], entryFlow: String, queues: [String: Queue], tables: [String: LookupTable],
        fingerprint: String, notices: Notices = Notices()
    ) {
        self.flows = flows
        self.entryFlow = entryFlow
        self.queues = queues
        self.tables = tables
        self.fingerprint = fingerprint
        self.notices = notices
    }

    /// The node an id refers to, if it exists.
    /// - Parameter id: A node reference.
    /// - Returns: The node, or `nil`.
    public func node(_ id: NodeID) -> Node? {
        flows[id.flow]?.nodes[id.node]
    }

    /// Where a new conversation starts.
    public var entryPoint: NodeID {
        NodeID(flow: entryFlow, node: flows[entryFlow]?.start ?? "")
    }
}

/// Texts the runtime sends on its own behalf.
public struct Notices: Sendable, Equatable {
    /// Sent when a flow changed under a live conversation and its node no longer exists.
    public var flowChanged: String
    /// Sent when a step ran into the step bound.
    public var internalError: String

    /// Creates the notices.
    /// - Parameters:
    ///   - flowChanged: Sent when a conversation restarts because its node disappeared.
    ///   - internalError: Sent when a step ran into the step bound.
    public init(
        flowChanged: String = "Sorry, our menu changed. Let's start again.",
        internalError: String = "Sorry, something went wrong on our side. Let's start again."
    ) {
        self.flowChanged = flowChanged
        self.internalError = internalError
    }
}

/// One flow: named nodes, a start node and the global handlers that apply while the
/// conversation is in it.
public struct Flow: Sendable {
    /// The flow's id.
    public var id: String
    /// The id of the start node.
    public var start: String
    /// Nodes by id.
    public var nodes: [String: Node]
    /// Words or intents that jump from any waiting node of this flow.
    public var globals: [GlobalHandler]
    /// Whether slots survive a restart at the start node.
    public var keepSlotsOnRestart: Bool

    /// Creates a flow.
    /// - Parameters:
    ///   - id: The flow id.
    ///   - start: The start node id.
    ///   - nodes: Nodes by id.
    ///   - globals: Global handlers.
    ///   - keepSlotsOnRestart: Whether slots survive a restart.
    public init(id: String, start: String, nodes: [String: Node], globals: [GlobalHandler], keepSlotsOnRestart: Bool) {
        self.id = id
        self.start = start
        self.nodes = nodes
        self.globals = globals
        self.keepSlotsOnRestart = keepSlotsOnRestart
    }
}

/// A word list or intent list that jumps to a target from any waiting node.
public struct GlobalHandler: Sendable {
    /// Normalised texts that trigger the handler when they are the whole message.
    public var exact: [String]
    /// Normalised words or phrases that trigger the handler anywhere in the message (whole words).
    public var contains: [String]
    /// Intents that trigger the handler.
    public var intents: [String]
    /// The minimum classifier confidence for `intents`.
    public var minConfidence: Double
    /// Where to jump.
    public var target: NodeID

    /// Creates a handler.
    /// - Parameters:
    ///   - exact: Whole-message texts (normalised).
    ///   - contains: Words or phrases found anywhere (normalised).
    ///   - intents: Intents.
    ///   - minConfidence: Minimum confidence for intents.
    ///   - target: Where to jump.
    public init(exact: [String], contains: [String], intents: [String], minConfidence: Double, target: NodeID) {
        self.exact = exact
        self.contains = contains
        self.intents = intents
        self.minConfidence = minConfidence
        self.target = target
    }
}

/// A named human queue.
public struct Queue: Sendable, Equatable {
    /// The queue's name.
    public var name: String
    /// When people work it; `nil` means always.
    public var hours: BusinessHours?
    /// What the customer is told when the queue is closed (`{{opens}}` = the next opening), or nil
    /// for the engine's default.
    public var afterHoursNotice: String?

    /// Creates a queue.
    /// - Parameters:
    ///   - name: The queue name.
    ///   - hours: Business hours, or `nil` for always open.
    ///   - afterHoursNotice: The closed-queue notice, or nil for the default.
    public init(name: String, hours: BusinessHours?, afterHoursNotice: String? = nil) {
        self.name = name
        self.hours = hours
        self.afterHoursNotice = afterHoursNotice
    }
}

/// A CSV table for `lookup` nodes, with its rows.
public struct LookupTable: Sendable, Equatable {
    /// The table's name (the CSV file's base name).
    public let name: String
    /// Column names from the header row.
    public let columns: [String]
    /// Data rows; each has one value per column.
    public let rows: [[String]]
    /// For each column, the first row index of each key (trimmed, lower-cased).
    private let index: [String: [String: Int]]
    /// Column positions in the order of their names.
    private let columnsByName: [Int]

    /// Creates a table.
    /// - Parameters:
    ///   - name: The table name.
    ///   - columns: Column names.
    ///   - rows: Data rows.
    public init(name: String, columns: [String], rows: [[String]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
        var index: [String: [String: Int]] = [:]
        for (position, column) in columns.enumerated() {
            var keys: [String: Int] = [:]
            for (row, values) in rows.enumerated() where position < values.count {
                let key = values[position].trimmingWhitespace().lowercased()
                if keys[key] == nil { keys[key] = row }
            }
            index[column] = keys
        }
        self.index = index
        columnsByName = columns.indices.sorted { columns[$0] < columns[$1] }
    }

    /// The first row whose `column` equals `key` after trimming, case-insensitively, as
    /// (column, value) pairs in the order of the column names.
    /// - Parameters:
    ///   - key: The value to find.
    ///   - column: The column to search.
    /// - Returns: (column, value) pairs sorted by column, or `nil`.
    public func sortedRow(matching key: String, in column: String) -> [(column: String, value: String)]? {
        guard let row = index[column]?[key.trimmingWhitespace().lowercased()] else { return nil }
        let values = rows[row]
        return columnsByName.compactMap { $0 < values.count ? (columns[$0], values[$0]) : nil }
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    package func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
