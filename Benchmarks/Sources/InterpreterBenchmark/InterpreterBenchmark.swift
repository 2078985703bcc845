import ConversationTesting
import FlowLanguage
import FlowRuntime
import Foundation

/// Interpreter steps per second over the shipped flows: every customer message of every case in
/// Tests/Conversations is replayed through `Interpreter.step` (pure, state in a local variable),
/// repeatedly, for several timed runs; the median run is reported.
@main
enum InterpreterBenchmark {
    struct Message {
        var text: String
        var context: StepContext
        var newConversation: Bool
    }

    static func main() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let program = try compileShippedFlows(root: root)
        let messages = try replay(root: root)
        let interpreter = Interpreter(program: program)
        let runs = Int(ProcessInfo.processInfo.environment["RUNS"] ?? "") ?? 7
        let seconds = Double(ProcessInfo.processInfo.environment["SECONDS_PER_RUN"] ?? "") ?? 1.0

        var rates: [Double] = []
        var sink = 0
        for _ in 0..<runs {
            var steps = 0
            let clock = ContinuousClock()
            let start = clock.now
            var elapsed = Duration.zero
            while elapsed < .seconds(seconds) {
                var state = ConversationState()
                for message in messages {
                    if message.newConversation { state = ConversationState() }
                    let result = interpreter.step(state, input: message.text, context: message.context)
                    state = result.state
                    sink &+= result.replies.count
                    steps += 1
                }
                elapsed = clock.now - start
            }
            let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            rates.append(Double(steps) / total)
        }
        rates.sort()
        let median = rates[rates.count / 2]
        print("interpreter: \(messages.count) messages from Tests/Conversations per pass; \(runs) runs of ≥\(seconds) s")
        print(String(format: "steps/s median %.0f (min %.0f, max %.0f); %.2f µs per step (median)", median, rates.first!, rates.last!, 1e6 / median))
        if sink == 0 { print("(no replies?)") }
    }

    static func compileShippedFlows(root: URL) throws -> Program {
        func load(_ folder: String, _ suffix: String) throws -> [SourceFile] {
            let url = root.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(suffix) }.sorted().map {
                SourceFile(path: "\(folder)/\($0)", text: try String(contentsOf: url.appendingPathComponent($0), encoding: .utf8))
            }
        }
        let result = FlowCompiler.compile(flows: try load("Flows", ".yaml"), tables: try load("Flows/data", ".csv"))
        guard let program = result.program else { fatalError("shipped flows have errors") }
        return program
    }

    /// The customer messages of every conversation case, with the clock, phone and intent each had.
    static func replay(root: URL) throws -> [Message] {
        let folder = root.appendingPathComponent("Tests/Conversations")
        var messages: [Message] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".convo") }).sorted() {
            let script = try ConversationScript(parsing: String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
            var phone = ScriptRunner.defaultPhone, now = ScriptRunner.defaultTime
            var understanding: Understanding?
            var fresh = true
            var contact: [String: String] = [:]
            for line in script.lines {
                switch line.directive {
                case .newCase: phone = ScriptRunner.defaultPhone; now = ScriptRunner.defaultTime; fresh = true; contact = [:]
                case .phone(let number): phone = number
                case .clockSet(let date): now = date
                case .clockAdvance(let interval): now += interval
                case .contact(let field, let value): contact[field] = value
                case .intent(let intent, let confidence): understanding = Understanding(intent: intent, confidence: confidence)
                case .say(let text):
                    contact["phone"] = phone
                    messages.append(Message(text: text, context: StepContext(now: now, understanding: understanding, contact: contact), newConversation: fresh))
                    fresh = false
                    understanding = nil
                default: break
                }
            }
        }
        return messages
    }
}
