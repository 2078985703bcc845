import ArgumentParser
import ConversationTesting
import FlowRuntime
import Foundation
import SwitchboardEngine

/// `switchboard simulate`: the scriptable twin of chat, JSON lines in and out, through the engine.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the engine over JSON lines on stdin; write one JSON line per input line.",
        discussion: """
            In:  {"from":"+12025550101","body":"hi","at":"2026-11-23T15:04:05Z","id":"SM1"}   (at and id optional)
            Out: {"from":…,"replies":[…],"flow":…,"node":…,"status":…,"slots":{…},"handoff":null|{"queue","reason"},
                  "intent":…,"confidence":…,"sentiment":…,"frustration":…,"opted_out":…}
            Agent actions: {"agent":"alice","action":"claim|reply|transfer|release|close","phone":"+1…","body":"…",
                  "queue":"…","node":"…","csat":true} → {"agent":…,"action":…,"ok":true} or {"error":"…"}.
            A malformed line gets {"error":"…","line":N} and the run goes on. State lives in --db (default :memory:).
            """
    )

    @OptionGroup var options: FlowOptions
    @OptionGroup var classifierOptions: ClassifierOptions
    @Option(help: "The SQLite database file (':memory:' keeps state for this run only).") var db: String = ":memory:"
    @Option(help: "Engine settings (YAML).") var config: String = "switchboard.yaml"

    func run() throws {
        let (program, _) = try options.loadProgram(settings: config)
        var engineOptions = EngineOptions()
        engineOptions.db = db
        engineOptions.config = config
        let engine = try engineOptions.makeEngine(program: program, classifier: try classifierOptions.load())
        var number = 0
        while let line = readLine(strippingNewline: true) {
            number += 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            print(Self.answer(line, number: number, engine: engine).text)
            flushOutput()
        }
    }

    static func answer(_ line: String, number: Int, engine: Engine) -> JSONValue {
        func failure(_ message: String) -> JSONValue { .object([("error", .string(message)), ("line", .number(Double(number)))]) }
        let fields: [String: Any]
        switch SimulateInput.object(line) {
        case .failure(let message): return failure(message)
        case .success(let object): fields = object
        }
        if fields["agent"] != nil || fields["action"] != nil {
            return AgentAction.run(fields, engine: engine, line: number)
        }
        switch SimulateInput.parse(fields) {
        case .failure(let message):
            return failure(message)
        case .success(let input):
            do {
                let result = try engine.handleNow(InboundMessage(from: input.from, body: input.body, providerID: input.id, receivedAt: input.at))
                var out: [(String, JSONValue)] = [("from", .string(input.from)), ("replies", .array(result.replies.map { .string($0) }))]
                out += result.state.jsonFields
                out.append(("handoff", result.handoff.map { .object([("queue", .string($0.queue)), ("reason", .string($0.reason))]) } ?? .null))
                out.append(("intent", result.intent.map { .string($0) } ?? .null))
                out.append(("confidence", result.confidence.map { .number(($0 * 1000).rounded() / 1000) } ?? .null))
                out.append(("sentiment", result.sentiment.map { .string($0) } ?? .null))
                out.append(("frustration", result.frustration.map { .number(($0 * 1000).rounded() / 1000) } ?? .null))
                out.append(("opted_out", .bool(result.optedOut)))
                if result.duplicate { out.append(("duplicate", .bool(true))) }
                return .object(out)
            } catch let error as EngineError {
                return failure(error.description)
            } catch {
                return failure("could not handle the message: \(error)")
            }
        }
    }
}

/// One parsed input line of `simulate`.
struct SimulateInput {
    var from: String
    var body: String
    var at: Date?
    var id: String?

    enum Parsed<T> {
        case success(T)
        case failure(String)
    }

    static func object(_ line: String) -> Parsed<[String: Any]> {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        } catch {
            return .failure("malformed JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "cannot parse the line")")
        }
        guard let fields = object as? [String: Any] else { return .failure("expected a JSON object") }
        return .success(fields)
    }

    static func parse(_ fields: [String: Any]) -> Parsed<SimulateInput> {
        guard let fromValue = fields["from"] else { return .failure("missing field 'from'") }
        guard let from = fromValue as? String, !from.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure("field 'from' must be a non-empty string")
        }
        guard let bodyValue = fields["body"] else { return .failure("missing field 'body'") }
        guard let body = bodyValue as? String else { return .failure("field 'body' must be a string") }
        var at: Date?
        if let atValue = fields["at"], !(atValue is NSNull) {
            guard let text = atValue as? String, let date = ConversationScript.date(text) else {
                return .failure("field 'at' must be an ISO-8601 time such as 2026-11-23T15:04:05Z")
            }
            at = date
        }
        var id: String?
        if let idValue = fields["id"], !(idValue is NSNull) {
            guard let text = idValue as? String, !text.isEmpty else { return .failure("field 'id' must be a non-empty string") }
            id = text
        }
        return .success(SimulateInput(from: from, body: body, at: at, id: id))
    }
}

/// Agent actions in simulate's input.
enum AgentAction {
    static func run(_ fields: [String: Any], engine: Engine, line: Int) -> JSONValue {
        func failure(_ message: String) -> JSONValue { .object([("error", .string(message)), ("line", .number(Double(line)))]) }
        guard let agent = fields["agent"] as? String, !agent.isEmpty else { return failure("field 'agent' must be a non-empty string") }
        guard let action = fields["action"] as? String else { return failure("missing field 'action'") }
        guard let phone = fields["phone"] as? String else { return failure("missing field 'phone'") }
        do {
            guard let id = try engine.conversationID(phone: phone) else { return failure("no conversation with that number") }
            var out: [(String, JSONValue)] = [("agent", .string(agent)), ("action", .string(action)), ("conversation", .number(Double(id)))]
            switch action {
            case "claim":
                try engine.claim(id, agent: agent)
            case "reply":
                guard let body = fields["body"] as? String else { return failure("reply needs field 'body'") }
                try engine.reply(id, agent: agent, text: body)
            case "transfer":
                guard let queue = fields["queue"] as? String else { return failure("transfer needs field 'queue'") }
                try engine.transfer(id, to: queue)
            case "release":
                let texts = try engine.release(id, at: fields["node"] as? String)
                out.append(("sent", .array(texts.map { .string($0) })))
            case "close":
                try engine.close(id, csat: fields["csat"] as? Bool ?? false)
            default:
                return failure("unknown action '\(action)' (claim, reply, transfer, release, close)")
            }
            out.append(("ok", .bool(true)))
            return .object(out)
        } catch let error as EngineError {
            return failure(error.description)
        } catch {
            return failure("\(error)")
        }
    }
}
