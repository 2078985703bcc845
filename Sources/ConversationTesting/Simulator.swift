import FlowRuntime
import Foundation

/// Runs conversations for many phone numbers against a program with state in memory: the engine
/// behind `switchboard chat`, `switchboard simulate` and conversation tests.
///
/// With `roundTrip` on, every state is encoded to JSON and decoded again after each message, as a
/// store would, so tests prove a process can restart between any two messages.
public struct Simulator: Sendable {
    /// The program being run.
    public let program: Program
    /// Whether states go through JSON after every message.
    public var roundTrip: Bool
    /// Conversation state per phone number.
    public private(set) var states: [String: ConversationState] = [:]
    /// Contact profile fields per phone number.
    public var contacts: [String: [String: String]] = [:]
    /// Responses for the next HTTP lookups, whatever their URL, used up in order; a lookup with
    /// none left takes its `failed` edge, as it does without an HTTP client.
    public var lookupResponses: [HTTPLookupOutcome] = []

    private let interpreter: Interpreter

    /// Creates a simulator.
    /// - Parameters:
    ///   - program: The compiled flows.
    ///   - roundTrip: Whether to encode and decode state after every message.
    public init(program: Program, roundTrip: Bool = false) {
        self.program = program
        self.roundTrip = roundTrip
        self.interpreter = Interpreter(program: program)
    }

    /// What one message produced, with the conversation's position afterwards.
    public struct Turn: Sendable {
        /// The sender.
        public var from: String
        /// Replies in order.
        public var replies: [String]
        /// Events of the step.
        public var events: [Event]
        /// The state after the step.
        public var state: ConversationState
        /// The node the conversation waited at before the step, if any.
        public var waitingAt: NodeID?
        /// The nodes the step entered, in order.
        public var path: [NodeID]
        /// The HTTP lookup requests the step made, in order.
        public var lookups: [HTTPLookupRequest] = []
        /// The labelled edges the step took, in order.
        public var taken: [TakenEdge] = []

        /// Creates a turn.
        /// - Parameters:
        ///   - from: The sender.
        ///   - replies: Replies in order.
        ///   - events: Events of the step.
        ///   - state: The state after the step.
        ///   - waitingAt: The node the conversation waited at before the step.
        ///   - path: The nodes the step entered.
        ///   - lookups: The HTTP lookup requests the step made.
        ///   - taken: The labelled edges the step took.
        public init(
            from: String, replies: [String], events: [Event], state: ConversationState, waitingAt: NodeID?, path: [NodeID],
            lookups: [HTTPLookupRequest] = [], taken: [TakenEdge] = []
        ) {
            self.from = from
            self.replies = replies
            self.events = events
            self.state = state
            self.waitingAt = waitingAt
            self.path = path
            self.lookups = lookups
            self.taken = taken
        }

        /// The handoff of this step, if one happened.
        public var handoff: (queue: String, reason: String, note: String)? {
            for event in events {
                if case .handoff(let queue, let reason, let note) = event { return (queue, reason, note) }
            }
            return nil
        }
    }

    /// Handles one inbound message.
    /// - Parameters:
    ///   - body: The text.
    ///   - from: The sender's phone number.
    ///   - now: The time the message arrived.
    ///   - understanding: A classification to use, if any.
    /// - Returns: The replies, events and new state.
    public mutating func send(
        _ body: String, from: String, at now: Date, understanding: Understanding? = nil
    ) -> Turn {
        var contact = contacts[from] ?? [:]
        contact["phone"] = from
        var context = StepContext(now: now, understanding: understanding, contact: contact, unfetchedLookups: .suspend)
        let before = states[from] ?? ConversationState()
        var result = interpreter.step(before, input: body, context: context)
        var lookups: [HTTPLookupRequest] = []
        // Each lookup the step stops at gets the next response; without one it takes `failed`.
        while let pending = result.pendingLookup {
            lookups.append(pending.request)
            if lookupResponses.isEmpty {
                context.unfetchedLookups = .takeFailed
            } else {
                context.lookupOutcomes[pending.request] = lookupResponses.removeFirst()
            }
            result = interpreter.step(before, input: body, context: context)
        }
        var state = result.state
        if roundTrip {
            // A failure here is a bug in the state's Codable conformance; keep the in-memory value
            // so the mismatch shows up as a test failure rather than a crash.
            state = (try? ConversationState.decode(state.encoded())) ?? state
        }
        states[from] = state
        let waitingAt = before.status == .idle ? nil : before.position
        return Turn(from: from, replies: result.replies, events: result.events, state: state, waitingAt: waitingAt, path: result.path, lookups: lookups, taken: result.edges)
    }

    /// Forgets one number's conversation, or every conversation.
    /// - Parameter phone: The number, or `nil` for all.
    public mutating func reset(_ phone: String? = nil) {
        if let phone { states[phone] = nil } else { states = [:] }
    }

    /// The state of a number's conversation.
    /// - Parameter phone: The number.
    /// - Returns: Its state (a fresh one if it never wrote).
    public func state(of phone: String) -> ConversationState {
        states[phone] ?? ConversationState()
    }
}
