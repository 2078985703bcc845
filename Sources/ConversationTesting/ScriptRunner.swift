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

    /// The program under test.
    public let program: Program
    /// Classifies each customer message unless the script gives `intent` / `sentiment` for it.
    public let classify: (@Sendable (String) -> Understanding)?

    /// Creates a runner.
    /// - Parameters:
    ///   - program: The compiled flows.
    ///   - classify: The classifier, or nil to match menus by keys and words only.
    public init(program: Program, classify: (@Sendable (String) -> Understanding)? = nil) {
        self.program = program
        self.classify = classify
    }

    /// Runs the script in memory and again with state round-tripped through JSON after every
    /// message; the two runs must agree.
    /// - Parameter script: The parsed script.
    /// - Returns: Every failure; empty when the script passes.
    public func run(_ script: ConversationScript) -> [Failure] {
        var coverage = Coverage()
        return run(script, coverage: &coverage)
    }

    /// Runs the script like ``run(_:)`` and records which nodes and edges it exercised.
    /// - Parameters:
    ///   - script: The parsed script.
    ///   - coverage: Where to record coverage.
    /// - Returns: Every failure; empty when the script passes.
    public func run(_ script: ConversationScript, coverage: inout Coverage) -> [Failure] {
        let (failures, transcript) = run(script, roundTrip: false, coverage: &coverage)
        var ignored = Coverage()
        let (persistedFailures, persistedTranscript) = run(script, roundTrip: true, coverage: &ignored)
        if transcript != persistedTranscript {
            let line = zip(transcript, persistedTranscript).first(where: { $0 != $1 })?.0.line ?? script.lines.last?.number ?? 1
            return failures + [Failure(line: line, message: "replies differ when state is saved and reloaded after every message")]
        }
        return failures.isEmpty ? persistedFailures : failures
    }

    private struct Entry: Equatable {
        var line: Int
        var replies: [String]
    }

    private func run(_ script: ConversationScript, roundTrip: Bool, coverage: inout Coverage) -> ([Failure], [Entry]) {
        var simulator = Simulator(program: program, roundTrip: roundTrip)
        var failures: [Failure] = []
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
                simulator = Simulator(program: program, roundTrip: roundTrip)
                phone = Self.defaultPhone
                now = Self.defaultTime
                understanding = nil
                last = nil
                pending = []
            case .say(let text):
                let turn = simulator.send(text, from: phone, at: now, understanding: understanding ?? classify?(text))
                understanding = nil
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
                simulator.contacts[phone, default: [:]][field] = value
            case .intent(let name, let confidence):
                understanding = Understanding(intent: name, confidence: confidence, sentiment: understanding?.sentiment, sentimentScore: understanding?.sentimentScore ?? 0)
            case .sentiment(let label, let score):
                understanding = Understanding(intent: understanding?.intent, confidence: understanding?.confidence ?? 0, sentiment: label, sentimentScore: score)
            case .node(let expected):
                let state = simulator.state(of: phone)
                let actual = state.status == .idle ? nil : state.position?.description
                if actual != expected { fail("expected node \(expected ?? "none"), the conversation is at \(actual ?? "none")") }
            case .status(let expected):
                let actual = simulator.state(of: phone).status.rawValue
                if actual != expected { fail("expected status \(expected), got \(actual)") }
            case .slotEquals(let name, let value):
                let actual = simulator.state(of: phone).slots[name]
                if actual != value { fail("expected slot \(name) = '\(value)', got \(actual.map { "'\($0)'" } ?? "unset")") }
            case .slotUnset(let name):
                if let actual = simulator.state(of: phone).slots[name] { fail("expected slot \(name) unset, got '\(actual)'") }
            case .lookupResponse(let outcome):
                simulator.lookupResponses.append(outcome)
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
