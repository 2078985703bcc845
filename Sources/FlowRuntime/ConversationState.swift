import Foundation

/// Everything the interpreter needs to continue a conversation, as a versioned document.
///
/// The position is a stable ``NodeID``; only slots that were set are stored. A store can save this
/// after every message and a process can restart between any two messages.
public struct ConversationState: Sendable, Equatable, Codable {
    /// The current format version. Loading a newer version fails; older ones are migrated.
    public static let currentVersion = 1

    /// Where the conversation stands.
    public enum Status: String, Sendable, Codable {
        /// Not started, or ended: the next message starts at the entry flow.
        case idle
        /// Waiting at a menu or collect node for the customer's reply.
        case waiting
        /// Waiting for the answer to a CSAT question.
        case csat
        /// Handed to a person; the bot is silent until an agent hands it back.
        case handoff
    }

    /// The format version of this value.
    public var version: Int
    /// The fingerprint of the program that last wrote the state.
    public var programFingerprint: String?
    /// The status.
    public var status: Status
    /// The node the conversation waits at (for `waiting`, `csat` and `handoff`).
    public var position: NodeID?
    /// Misses or failures at the current waiting node.
    public var misses: Int
    /// Misses and fallbacks in a row, across nodes; reset by any successful input.
    public var consecutiveFailures: Int
    /// Slot values.
    public var slots: [String: String]
    /// The department (queue name) the conversation is in.
    public var department: String?
    /// The queue of the current handoff.
    public var handoffQueue: String?
    /// The last classification.
    public var lastUnderstanding: Understanding?
    /// When the last message was handled.
    public var lastActivity: Date?
    /// How many inbound messages the conversation has handled.
    public var turns: Int

    /// A conversation that has not started.
    public init() {
        version = Self.currentVersion
        programFingerprint = nil
        status = .idle
        position = nil
        misses = 0
        consecutiveFailures = 0
        slots = [:]
        department = nil
        handoffQueue = nil
        lastUnderstanding = nil
        lastActivity = nil
        turns = 0
    }

    /// Decodes a stored state, rejecting versions newer than this build understands.
    /// - Parameter data: JSON written by ``encoded()``.
    /// - Returns: The state.
    /// - Throws: `StateFormatError` for a newer or unreadable document.
    public static func decode(_ data: Data) throws -> ConversationState {
        struct Probe: Decodable { var version: Int }
        let probe = try JSONDecoder().decode(Probe.self, from: data)
        guard probe.version <= currentVersion else {
            throw StateFormatError(version: probe.version)
        }
        return try JSONDecoder().decode(ConversationState.self, from: data)
    }

    /// Encodes the state as JSON with sorted keys.
    /// - Returns: The document.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain value types cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// A stored state written by a newer version of Switchboard.
public struct StateFormatError: Error, Sendable, CustomStringConvertible {
    /// The version found in the document.
    public var version: Int
    /// Says which version was found and which this build reads.
    public var description: String {
        "conversation state version \(version) is newer than this build reads (\(ConversationState.currentVersion))"
    }
}
