import FlowRegex
import FlowRuntime
import Foundation

/// Runs a ``ConversationScript`` against a program and reports every failed expectation with its line.
public struct ScriptRunner: Sendable {
    /// The default sender when a case does not say `as`.
    public static let defaultPhone = "+12025550100"
    /// The default clock: a Monday, 15:00 UTC (10:00 in New York).
    public static let defaultTime = Date(timeIntervalSince1970: 1_795_446_000)

    /// One failed expectation.
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        /// 1-based line number.
        public var line: Int
        /// What was expected and what happened.
        public var message: String
        /// Creates a failure.
        /// - Parameters:
        ///   - line: 1-based line number.
        ///   - message: What was expected and what happened.
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        /// `line N: message`.
        public var description: String { "line \(line): \(message)" }
    }

    /// How a script's messages are handled.
    public enum Mode: Sendable {
        /// The flows alone: the interpreter with state in memory, classified by `classify` (or by
        /// menu keys and words only). Engine rules (STOP, escalation, session expiry, CSAT) are absent.
        case flows(classify: (@Sendable (String) -> Understanding)?)
        /// Another backend (the engine: `Mode.engine(classifier:config:)` in ConversationTestingEngine),
        /// made fresh for every case from the runner's program. With `restarting` true it must keep
        /// nothing between messages but what it stored, as if the process restarted after each one.
        case backend(name: String, make: @Sendable (_ program: Program, _ restarting: Bool) throws -> any ScriptBackend)
    }

    /// The program under test.
    public let program: Program
    /// How messages are handled.
    public let mode: Mode

    /// Creates a runner for the flows alone.
    /// - Parameters:
    ///   - program: The compiled flows.
    ///   - classify: The classifier, or nil to match menus by keys and words only.
    public init(program: Program, classify: (@Sendable (String) -> Understanding)? = nil) {
        self.program = program
        self.mode = .flows(classify: classify)
    }

    /// Creates a runner.
    /// - Parameters:
    ///   - program: The compiled flows.
    ///   - mode: The flows alone or the whole engine.
    public init(program: Program, mode: Mode) {
        self.program = program
        self.mode = mode
    }

    /// Runs the script twice and reports where the two runs disagree: with the flows alone, in
    /// memory and then with state round-tripped through JSON after every message; with the engine,
    /// one engine per case and then a new engine (over the same database) for every message.
    /// - Parameter script: The parsed script.
    /// - Returns: Every failure; empty when the script passes.
    public func run(_ script: ConversationScript) async -> [Failure] {
        var coverage = Coverage()
        return await run(script, coverage: &coverage)
    }

    /// Runs the script like ``run(_:)`` and records which nodes and edges it exercised.
    /// - Parameters:
    ///   - script: The parsed script.
    ///   - coverage: Where to record coverage.
    /// - Returns: Every failure; empty when the script passes.
    public func run(_ script: ConversationScript, coverage: inout Coverage) async -> [Failure] {
        // A script (or a case) that sends nothing tests nothing: it must not count as passing.
        guard script.lines.contains(where: Self.sends) else {
            return [Failure(line: script.lines.first?.number ?? 1, message: "the script sends no messages")]
        }
        var silent: [Failure] = []
        for (index, line) in script.lines.enumerated() {
            guard case .newCase(let name) = line.directive else { continue }
            let body = script.lines[(index + 1)...].prefix { if case .newCase = $0.directive { false } else { true } }
            if !body.contains(where: Self.sends) { silent.append(Failure(line: line.number, message: "case '\(name)' sends no messages")) }
        }
        let (failures, transcript) = await run(script, restarting: false, coverage: &coverage)
        var ignored = Coverage()
        let (persistedFailures, persistedTranscript) = await run(script, restarting: true, coverage: &ignored)
        if transcript != persistedTranscript {
            let line = zip(transcript, persistedTranscript).first(where: { $0 != $1 })?.0.line ?? script.lines.last?.number ?? 1
            return silent + failures + [Failure(line: line, message: "replies differ when state is saved and reloaded after every message")]
        }
        return silent + (failures.isEmpty ? persistedFailures : failures)
    }

    /// Whether a line sends a customer message.
    private static func sends(_ line: ConversationScript.Line) -> Bool {
        if case .say = line.directive { true } else { false }
    }

    private struct Entry: Equatable {
        var line: Int
        var replies: [String]
    }

    private func makeBackend(restarting: Bool) throws -> any ScriptBackend {
        switch mode {
        case .flows(let classify):
            return FlowsBackend(program: program, roundTrip: restarting, classify: classify)
        case .backend(_, let make):
            return try make(program, restarting)
        }
    }

    private func run(_ script: ConversationScript, restarting: Bool, coverage: inout Coverage) async -> ([Failure], [Entry]) {
        var failures: [Failure] = []
        var backend: any ScriptBackend
        do {
            backend = try makeBackend(restarting: restarting)
        } catch {
            return ([Failure(line: script.lines.first?.number ?? 1, message: "cannot start the engine: \(error)")], [])
        }
        var states: [String: ConversationState] = [:]
        var transcript: [Entry] = []
        var phone = Self.defaultPhone
        var now = Self.defaultTime
        var understanding: Understanding?
        var last: Simulator.Turn?
        var pending: [String] = []

        for line in script.lines {
            func fail(_ message: String) { failures.append(Failure(line: line.number, message: message)) }
            switch line.directive {
            case .newCase:
                do {
                    backend = try makeBackend(restarting: restarting)
                } catch {
                    fail("cannot start the engine: \(error)")
                }
                states = [:]
                phone = Self.defaultPhone
                now = Self.defaultTime
                understanding = nil
                last = nil
                pending = []
            case .say(let text):
                let turn: Simulator.Turn
                do {
                    turn = try await backend.send(text, from: phone, at: now, understanding: understanding)
                } catch {
                    fail("the message was refused: \(error)")
                    understanding = nil
                    pending = []
                    continue
                }
                understanding = nil
                states[phone] = turn.state
                coverage.record(turn)
                last = turn
                pending = turn.replies
                transcript.append(Entry(line: line.number, replies: turn.replies))
            case .replyContains(let text):
                guard let reply = next(&pending, fail) else { continue }
                if !reply.contains(text) { fail("expected a reply containing '\(text)', got '\(reply)'") }
            case .replyEquals(let text):
                guard let reply = next(&pending, fail) else { continue }
                if reply != text { fail("expected the reply '\(text)', got '\(reply)'") }
            case .replyMatches(let pattern):
                guard let reply = next(&pending, fail) else { continue }
                do {
                    if try !CompiledRegex(pattern).matches(reply) { fail("expected a reply matching /\(pattern)/, got '\(reply)'") }
                } catch {
                    fail(error.description)
                }
            case .noMoreReplies:
                if !pending.isEmpty { fail("expected no more replies, got \(pending.map { "'\($0)'" }.joined(separator: ", "))") }
            case .clockSet(let date):
                now = date
            case .clockAdvance(let interval):
                now += interval
            case .phone(let number):
                phone = number
                pending = []
            case .contact(let field, let value):
                do {
                    try backend.setContact(field, to: value, phone: phone)
                } catch {
                    fail("cannot set the contact field: \(error)")
                }
            case .intent(let name, let confidence):
                understanding = Understanding(intent: name, confidence: confidence, sentiment: understanding?.sentiment, sentimentScore: understanding?.sentimentScore ?? 0)
            case .sentiment(let label, let score):
                understanding = Understanding(intent: understanding?.intent, confidence: understanding?.confidence ?? 0, sentiment: label, sentimentScore: score)
            case .node(let expected):
                let state = (states[phone] ?? ConversationState())
                let actual = state.status == .idle ? nil : state.position?.description
                if actual != expected { fail("expected node \(expected ?? "none"), the conversation is at \(actual ?? "none")") }
            case .status(let expected):
                let actual = (states[phone] ?? ConversationState()).status.rawValue
                if actual != expected { fail("expected status \(expected), got \(actual)") }
            case .slotEquals(let name, let value):
                let actual = (states[phone] ?? ConversationState()).slots[name]
                if actual != value { fail("expected slot \(name) = '\(value)', got \(actual.map { "'\($0)'" } ?? "unset")") }
            case .slotUnset(let name):
                if let actual = (states[phone] ?? ConversationState()).slots[name] { fail("expected slot \(name) unset, got '\(actual)'") }
            case .lookupResponse(let outcome):
                backend.queueLookupResponse(outcome)
            case .lookupURL(let text):
                guard let url = last?.lookups.last?.url else {
                    fail("expected an HTTP lookup, the last message made none")
                    continue
                }
                if !url.contains(text) { fail("expected the lookup URL to contain '\(text)', got '\(url)'") }
            case .handoff(let queue, let reason):
                let actual = last?.handoff
                switch (queue, actual) {
                case (nil, nil): break
                case (nil, let actual?): fail("expected no handoff, got one to \(actual.queue) (\(actual.reason))")
                case (let queue?, nil): fail("expected a handoff to \(queue), there was none")
                case (let queue?, let actual?):
                    if actual.queue != queue || (reason != nil && reason != actual.reason) {
                        fail("expected a handoff to \(queue)\(reason.map { " (\($0))" } ?? ""), got \(actual.queue) (\(actual.reason))")
                    }
                }
            }
        }
        return (failures, transcript)
    }

    private func next(_ pending: inout [String], _ fail: (String) -> Void) -> String? {
        guard !pending.isEmpty else {
            fail("expected another reply, there are none left")
            return nil
        }
        return pending.removeFirst()
    }
}
