import FlowRuntime
import Foundation

/// Where a conversation script's messages go: the flows alone (the interpreter, built in) or the
/// whole engine (`EngineBackend` in ConversationTestingEngine). One backend serves one case of a script.
public protocol ScriptBackend: AnyObject {
    /// Handles one customer message.
    /// - Parameters:
    ///   - body: The text.
    ///   - from: The sender.
    ///   - now: When it arrived.
    ///   - understanding: The script's classification for it (`intent` / `sentiment` lines), if any.
    /// - Returns: What the message produced.
    /// - Throws: Whatever refused the message (the engine's errors).
    func send(_ body: String, from: String, at now: Date, understanding: Understanding?) async throws -> Simulator.Turn
    /// Sets a contact profile field.
    func setContact(_ field: String, to value: String, phone: String) throws
    /// Queues the response to the next HTTP lookup.
    func queueLookupResponse(_ outcome: HTTPLookupOutcome)
}

/// The flows alone: the interpreter with state in memory (optionally through JSON after every
/// message), classified by the runner's closure. No compliance keywords, escalation rules,
/// session expiry or CSAT: those are the engine's.
final class FlowsBackend: ScriptBackend {
    private var simulator: Simulator
    private let classify: (@Sendable (String) -> Understanding)?

    init(program: Program, roundTrip: Bool, classify: (@Sendable (String) -> Understanding)?) {
        simulator = Simulator(program: program, roundTrip: roundTrip)
        self.classify = classify
    }

    func send(_ body: String, from: String, at now: Date, understanding: Understanding?) async throws -> Simulator.Turn {
        simulator.send(body, from: from, at: now, understanding: understanding ?? classify?(body))
    }

    func setContact(_ field: String, to value: String, phone: String) throws {
        simulator.contacts[phone, default: [:]][field] = value
    }

    func queueLookupResponse(_ outcome: HTTPLookupOutcome) {
        simulator.lookupResponses.append(outcome)
    }
}
