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
        do {
            let state = try JSONDecoder().decode(ConversationState.self, from: data)
            guard state.version <= currentVersion else { throw StateFormatError(version: state.version) }
            return state
        } catch let error as StateFormatError {
            throw error
        } catch {
            // A newer format may not decode at all: say so rather than report a parse error.
            struct Probe: Decodable { var version: Int }
            if let probe = try? JSONDecoder().decode(Probe.self, from: data), probe.version > currentVersion {
                throw StateFormatError(version: probe.version)
            }
            throw error
        }
    }

    /// Encodes the state as compact JSON with sorted keys (written by hand: this runs on every
    /// message, and Foundation's encoder costs several times more).
    /// - Returns: The document.
    public func encoded() -> Data {
        var json = JSONText()
        json.open()
        if let department { json.key("department"); json.string(department) }
        if let handoffQueue { json.key("handoffQueue"); json.string(handoffQueue) }
        if let lastActivity { json.key("lastActivity"); json.number(lastActivity.timeIntervalSinceReferenceDate) }
        if let understanding = lastUnderstanding {
            json.key("lastUnderstanding")
            json.open()
            json.key("confidence"); json.number(understanding.confidence)
            if let intent = understanding.intent { json.key("intent"); json.string(intent) }
            if let sentiment = understanding.sentiment { json.key("sentiment"); json.string(sentiment) }
            json.key("sentimentScore"); json.number(understanding.sentimentScore)
            json.close()
        }
        json.key("consecutiveFailures"); json.integer(consecutiveFailures)
        json.key("misses"); json.integer(misses)
        if let position {
            json.key("position")
            json.open()
            json.key("flow"); json.string(position.flow)
            json.key("node"); json.string(position.node)
            json.close()
        }
        if let programFingerprint { json.key("programFingerprint"); json.string(programFingerprint) }
        json.key("slots")
        json.open()
        for (name, value) in slots.sorted(by: { $0.key < $1.key }) {
            json.key(name)
            json.string(value)
        }
        json.close()
        json.key("status"); json.string(status.rawValue)
        json.key("turns"); json.integer(turns)
        json.key("version"); json.integer(version)
        json.close()
        return Data(json.bytes)
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
