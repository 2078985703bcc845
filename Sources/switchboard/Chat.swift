import ArgumentParser
import ConversationTesting
import FlowRuntime
import Foundation
import SMSText
import TextClassifier

/// `switchboard chat`: talk to the flows in the terminal.
struct Chat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chat with the flows in the terminal.",
        discussion: """
            Commands: /reset, /state (node and slots), /as +12025550123 (switch phone),
            /time 2026-11-23T22:00 (move the clock; no offset means UTC), /time now, /help, /quit.
            """
    )

    @OptionGroup var options: FlowOptions
    @OptionGroup var classifierOptions: ClassifierOptions

    @Option(name: .customLong("as"), help: "The phone number you text from.")
    var phone: String = "+12025550101"

    @Option(help: "Start the clock at this ISO-8601 time instead of now.")
    var time: String?

    @Flag(help: "Plain output without colours.")
    var noColor = false

    func validate() throws {
        if let time, ConversationScript.date(time) == nil {
            throw ValidationError("--time '\(time)' is not an ISO-8601 time such as 2026-11-23T22:00")
        }
    }

    func run() throws {
        let (program, _) = try options.loadProgram()
        var session = ChatSession(program: program, phone: phone, color: !noColor && isatty(STDOUT_FILENO) == 1)
        session.classifier = try classifierOptions.load()
        if let time { session.fixedTime = ConversationScript.date(time) }
        session.banner()
        while true {
            session.prompt()
            guard let line = readLine(strippingNewline: true) else { break }
            if !session.handle(line) { break }
        }
    }
}

/// The chat loop's state and output.
struct ChatSession {
    var simulator: Simulator
    var phone: String
    var fixedTime: Date?
    var classifier: Classifier?
    let color: Bool

    init(program: Program, phone: String, color: Bool) {
        self.simulator = Simulator(program: program)
        self.phone = phone
        self.color = color
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func banner() {
        let flows = simulator.program.flows.keys.sorted().map { $0 == simulator.program.entryFlow ? "\($0) (entry)" : $0 }
        print(paint("Switchboard chat: flows \(flows.joined(separator: ", ")). You are \(phone). Type /help for commands.", "2"))
    }

    func prompt() {
        print(paint("you> ", "1;32"), terminator: "")
        flushOutput()
    }

    /// Handles one line; returns false to quit.
    mutating func handle(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("/") {
            return command(trimmed)
        }
        let classification = classifier?.classify(line)
        if let classification {
            let keywords = classification.keywords.isEmpty ? "" : " · " + classification.keywords.joined(separator: ", ")
            print(paint(String(format: "     [%@ %.2f · %@ %.2f · frustration %.2f%@]", classification.intent, classification.confidence, classification.sentiment.rawValue, classification.sentimentScore, classification.frustration, keywords), "2"))
        }
        let turn = simulator.send(line, from: phone, at: fixedTime ?? Date(), understanding: classification?.understanding)
        for reply in turn.replies {
            print(paint("bot> ", "1;36") + reply)
            let info = SMSSegmenter.measure(reply)
            let capacity = info.segments == 1 ? info.encoding.singleMessageCapacity : info.encoding.segmentCapacity * info.segments
            print(paint("     \(info.segments) segment\(info.segments == 1 ? "" : "s") · \(info.encoding.rawValue) · \(info.units)/\(capacity)", "2"))
        }
        for event in turn.events {
            switch event {
            case .handoff(let queue, let reason, let note):
                print(paint("     [handoff to queue '\(queue)' (\(reason)): \(note)] The bot now waits for a person; /reset to start over.", "33"))
            case .error(let message):
                print(paint("     [error: \(message)]", "31"))
            case .restarted(let reason):
                print(paint("     [restarted: \(reason)]", "33"))
            default:
                break
            }
        }
        return true
    }

    private mutating func command(_ text: String) -> Bool {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        switch parts[0] {
        case "/quit", "/exit":
            return false
        case "/reset":
            simulator.reset(phone)
            print(paint("     [conversation for \(phone) reset]", "2"))
        case "/state":
            let state = simulator.state(of: phone)
            let position = state.status == .idle ? "none" : state.position?.description ?? "none"
            print(paint("     status: \(state.status.rawValue)  node: \(position)  department: \(state.department ?? "general")", "2"))
            let slots = state.slots.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "  ")
            print(paint("     slots: \(slots.isEmpty ? "(none)" : slots)", "2"))
        case "/as":
            guard parts.count == 2 else {
                print(paint("     usage: /as +12025550123", "31"))
                return true
            }
            phone = parts[1].trimmingCharacters(in: .whitespaces)
            print(paint("     [you are now \(phone)]", "2"))
        case "/time":
            guard parts.count == 2 else {
                print(paint("     usage: /time 2026-11-23T22:00 or /time now", "31"))
                return true
            }
            if parts[1] == "now" {
                fixedTime = nil
                print(paint("     [clock follows real time]", "2"))
            } else if let date = ConversationScript.date(parts[1]) {
                fixedTime = date
                print(paint("     [clock set to \(ISO8601DateFormatter().string(from: date))]", "2"))
            } else {
                print(paint("     '\(parts[1])' is not an ISO-8601 time such as 2026-11-23T22:00", "31"))
            }
        case "/help":
            print(paint("     /reset  /state  /as PHONE  /time ISO-8601|now  /quit", "2"))
        default:
            print(paint("     unknown command \(parts[0]); try /help", "31"))
        }
        return true
    }
}
