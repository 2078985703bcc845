import FlowRegex

/// A compiled node: what it does and, optionally, the department the conversation moves to on entry.
public struct Node: Sendable {
    /// The node's id.
    public var id: NodeID
    /// What the node does.
    public var kind: Kind
    /// Entering the node sets the conversation's department (a queue name).
    public var department: String?

    /// Creates a node.
    /// - Parameters:
    ///   - id: The node's id.
    ///   - kind: What it does.
    ///   - department: The department set on entry.
    public init(id: NodeID, kind: Kind, department: String? = nil) {
        self.id = id
        self.kind = kind
        self.department = department
    }

    /// The node kinds.
    public enum Kind: Sendable {
        /// Send texts, continue.
        case message(say: [Template], next: NodeID)
        /// Send a prompt and wait for a choice.
        case menu(Menu)
        /// Ask for a value and validate it.
        case collect(Collect)
        /// The first case whose condition holds.
        case branch(cases: [BranchCase], otherwise: NodeID)
        /// Look a key up in a table.
        case lookup(Lookup)
        /// Call an HTTP JSON endpoint and map its response into slots.
        case httpLookup(HTTPLookup)
        /// Hand the conversation to a human queue.
        case handoff(Handoff)
        /// Jump to another node or flow.
        case goto(NodeID)
        /// End the conversation, optionally asking a CSAT question.
        case end(End)
    }

    /// The kind's name as written in flow files.
    public var kindName: String {
        switch kind {
        case .message: "message"
        case .menu: "menu"
        case .collect: "collect"
        case .branch: "branch"
        case .lookup, .httpLookup: "lookup"
        case .handoff: "handoff"
        case .goto: "goto"
        case .end: "end"
        }
    }

    /// Every node this node can continue to, with a label for the edge.
    public var edges: [(label: String, target: NodeID)] {
        switch kind {
        case .message(_, let next): return [("", next)]
        case .menu(let menu):
            return menu.choices.map { ($0.key, $0.target) } + [("on_fail", menu.onFail)]
        case .collect(let collect):
            return [("valid", collect.next), ("on_fail", collect.onFail)]
        case .branch(let cases, let otherwise):
            return cases.map { ($0.label, $0.target) } + [("else", otherwise)]
        case .lookup(let lookup):
            return [("found", lookup.found), ("not_found", lookup.notFound)]
        case .httpLookup(let lookup):
            return [("found", lookup.found), ("not_found", lookup.notFound), ("failed", lookup.failed)]
        case .handoff: return []
        case .goto(let target): return [("", target)]
        case .end: return []
        }
    }
}

/// A menu node.
public struct Menu: Sendable {
    /// The prompt listing the options.
    public var prompt: [Template]
    /// The choices, in order.
    public var choices: [Choice]
    /// Sent after a reply that selects nothing.
    public var reprompt: Template
    /// Misses before `onFail` (the last miss goes to `onFail` instead of reprompting).
    public var maxMisses: Int
    /// Where to go after too many misses.
    public var onFail: NodeID
    /// The minimum classifier confidence for a choice's intents.
    public var minConfidence: Double

    /// Creates a menu.
    /// - Parameters:
    ///   - prompt: The prompt texts.
    ///   - choices: The choices.
    ///   - reprompt: Sent after a miss.
    ///   - maxMisses: Misses before `onFail`.
    ///   - onFail: Target after too many misses.
    ///   - minConfidence: Minimum confidence for intents.
    public init(
        prompt: [Template], choices: [Choice], reprompt: Template, maxMisses: Int, onFail: NodeID,
        minConfidence: Double
    ) {
        self.prompt = prompt
        self.choices = choices
        self.reprompt = reprompt
        self.maxMisses = maxMisses
        self.onFail = onFail
        self.minConfidence = minConfidence
    }
}

/// One option of a menu.
public struct Choice: Sendable {
    /// The key the customer types, normalised (e.g. `a`, `1`).
    public var key: String
    /// The option's position, 1-based, accepted as a number when the menu is numbered.
    public var number: Int?
    /// A short label used in generated reprompts.
    public var label: String
    /// Normalised words or phrases that select the choice when found in the reply as whole words.
    public var phrases: [String]
    /// Intents that select the choice.
    public var intents: [String]
    /// Slots set when the choice is taken.
    public var set: [(slot: String, value: Template)]
    /// Where the choice leads.
    public var target: NodeID

    /// Creates a choice.
    /// - Parameters:
    ///   - key: The normalised key.
    ///   - number: The position, when numbered.
    ///   - label: A short label.
    ///   - phrases: Normalised words or phrases.
    ///   - intents: Intents that select it.
    ///   - set: Slots set when taken.
    ///   - target: Where it leads.
    public init(
        key: String, number: Int?, label: String, phrases: [String], intents: [String],
        set: [(slot: String, value: Template)], target: NodeID
    ) {
        self.key = key
        self.number = number
        self.label = label
        self.phrases = phrases
        self.intents = intents
        self.set = set
        self.target = target
    }
}

/// A collect node.
public struct Collect: Sendable {
    /// The question.
    public var prompt: [Template]
    /// The slot the value lands in.
    public var slot: String
    /// The validating pattern; its value group is the value.
    public var pattern: CompiledRegex
    /// The capture group holding the value (0 = the whole match).
    public var valueGroup: Int
    /// Normalisations applied to the captured value, in order.
    public var normalize: [Normalization]
    /// Sent after a reply that does not validate; says what is expected.
    public var reprompt: Template
    /// Failures before `onFail`.
    public var maxFailures: Int
    /// Where to go after too many failures.
    public var onFail: NodeID
    /// Where to go with a valid value.
    public var next: NodeID

    /// Creates a collect node.
    /// - Parameters:
    ///   - prompt: The question.
    ///   - slot: The slot to fill.
    ///   - pattern: The validating pattern.
    ///   - valueGroup: The capture group holding the value.
    ///   - normalize: Normalisations.
    ///   - reprompt: Sent after an invalid reply.
    ///   - maxFailures: Failures before `onFail`.
    ///   - onFail: Target after too many failures.
    ///   - next: Target with a valid value.
    public init(
        prompt: [Template], slot: String, pattern: CompiledRegex, valueGroup: Int, normalize: [Normalization],
        reprompt: Template, maxFailures: Int, onFail: NodeID, next: NodeID
    ) {
        self.prompt = prompt
        self.slot = slot
        self.pattern = pattern
        self.valueGroup = valueGroup
        self.normalize = normalize
        self.reprompt = reprompt
        self.maxFailures = maxFailures
        self.onFail = onFail
        self.next = next
    }
}

/// A normalisation of a collected value.
public enum Normalization: String, Sendable, CaseIterable, Codable {
    /// Keep only the digits.
    case digits
    /// Upper-case.
    case upper
    /// Lower-case.
    case lower
    /// Remove surrounding whitespace and collapse inner runs of whitespace to one space.
    case trim

    /// Applies the normalisation.
    /// - Parameter value: The captured text.
    /// - Returns: The normalised text.
    public func apply(_ value: String) -> String {
        switch self {
        case .digits: String(value.unicodeScalars.filter { $0.properties.numericType == .decimal }.map { scalar in
            // Map any decimal digit (full-width, Arabic-Indic…) to ASCII.
            Character(String(Int(scalar.properties.numericValue ?? 0)))
        })
        case .upper: value.uppercased()
        case .lower: value.lowercased()
        case .trim: value.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
    }
}

/// One case of a branch node.
public struct BranchCase: Sendable {
    /// The condition.
    public var condition: Condition
    /// Where to go when it holds.
    public var target: NodeID
    /// A short text for graphs.
    public var label: String

    /// Creates a case.
    /// - Parameters:
    ///   - condition: The condition.
    ///   - target: The target.
    ///   - label: A short description.
    public init(condition: Condition, target: NodeID, label: String) {
        self.condition = condition
        self.target = target
        self.label = label
    }
}

/// A lookup node.
public struct Lookup: Sendable {
    /// The table name.
    public var table: String
    /// The column compared with the key.
    public var column: String
    /// The key, rendered from slots.
    public var key: Template
    /// Slot prefix for the row's columns (`into.column`).
    public var into: String
    /// Target when a row matches.
    public var found: NodeID
    /// Target when none does.
    public var notFound: NodeID

    /// Creates a lookup node.
    /// - Parameters:
    ///   - table: The table name.
    ///   - column: The key column.
    ///   - key: The key template.
    ///   - into: The slot prefix.
    ///   - found: Target on a match.
    ///   - notFound: Target otherwise.
    public init(table: String, column: String, key: Template, into: String, found: NodeID, notFound: NodeID) {
        self.table = table
        self.column = column
        self.key = key
        self.into = into
        self.found = found
        self.notFound = notFound
    }
}

/// A handoff node.
public struct Handoff: Sendable {
    /// The queue: a name, or `nil` for the conversation's current department.
    public var queue: String?
    /// A reason code, e.g. `agent_request` or `flow`.
    public var reason: String
    /// A note for the agent.
    public var note: Template
    /// Texts sent to the customer.
    public var say: [Template]

    /// Creates a handoff node.
    /// - Parameters:
    ///   - queue: The queue name, or `nil` for the current department.
    ///   - reason: The reason code.
    ///   - note: The agent's note.
    ///   - say: Texts to the customer.
    public init(queue: String?, reason: String, note: Template, say: [Template]) {
        self.queue = queue
        self.reason = reason
        self.note = note
        self.say = say
    }
}

/// An end node.
public struct End: Sendable {
    /// Texts sent before ending.
    public var say: [Template]
    /// The CSAT question, when one is asked.
    public var csatQuestion: Template?
    /// Sent after a valid CSAT answer.
    public var csatThanks: Template

    /// Creates an end node.
    /// - Parameters:
    ///   - say: Texts sent before ending.
    ///   - csatQuestion: The CSAT question, or `nil`.
    ///   - csatThanks: Sent after a valid answer.
    public init(say: [Template], csatQuestion: Template?, csatThanks: Template) {
        self.say = say
        self.csatQuestion = csatQuestion
        self.csatThanks = csatThanks
    }
}
