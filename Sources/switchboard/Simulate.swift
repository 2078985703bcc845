import ArgumentParser
import ConversationTesting
import FlowRuntime
import Foundation

/// `switchboard simulate`: the scriptable twin of chat, JSON lines in and out.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run flows over JSON lines on stdin; write one JSON line per input line.",
        discussion: """
            In:  {"from":"+15551230001","body":"hi","at":"2026-11-23T15:04:05Z"}   (at is optional)
            Out: {"from":…,"replies":[…],"flow":…,"node":…,"status":…,"slots":{…},"handoff":null|{"queue","reason","note"}}
            A malformed line gets {"error":"…","line":N} and the run goes on.
            """
    )

    @OptionGroup var options: FlowOptions
    @OptionGroup var classifierOptions: ClassifierOptions

    func run() throws {
        let (program, _) = try options.loadProgram()
        let classifier = try classifierOptions.load()
        var simulator = Simulator(program: program)
        var number = 0
        while let line = readLine(strippingNewline: true) {
            number += 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            switch SimulateInput.parse(line) {
            case .failure(let message):
                print(JSONValue.object([("error", .string(message)), ("line", .number(Double(number)))]).text)
            case .success(let input):
                let turn = simulator.send(input.body, from: input.from, at: input.at ?? Date(), understanding: classifier?.classify(input.body).understanding)
                var fields: [(String, JSONValue)] = [
                    ("from", .string(input.from)),
                    ("replies", .array(turn.replies.map { .string($0) })),
                ]
                fields += turn.state.jsonFields
                fields.append(("handoff", turn.handoff.map { .object([("queue", .string($0.queue)), ("reason", .string($0.reason)), ("note", .string($0.note))]) } ?? .null))
                print(JSONValue.object(fields).text)
            }
            flushOutput()
        }
    }
}

/// One parsed input line of `simulate`.
struct SimulateInput {
    var from: String
    var body: String
    var at: Date?

    enum Parsed {
        case success(SimulateInput)
        case failure(String)
    }

    static func parse(_ line: String) -> Parsed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        } catch {
            return .failure("malformed JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "cannot parse the line")")
        }
        guard let fields = object as? [String: Any] else { return .failure("expected a JSON object") }
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
        return .success(SimulateInput(from: from, body: body, at: at))
    }
}
