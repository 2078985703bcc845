import ArgumentParser
import ConversationTesting
import FlowRuntime
import Foundation
import SMSText
import SwitchboardEngine
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
    @Option(help: "The SQLite database file (':memory:' keeps the chat for this run only).") var db: String = ":memory:"
    @Option(help: "Engine settings (YAML).") var config: String = "switchboard.yaml"

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
        let (program, _) = try options.loadProgram(settings: config)
        var engineOptions = EngineOptions()
        engineOptions.db = db
        engineOptions.config = config
        let classifier = try classifierOptions.load()
        let engine = try engineOptions.makeEngine(program: program, classifier: classifier)
        let number: String
        do {
            number = try engine.normalize(phone: phone)
        } catch {
            throw ValidationError("--as '\(phone)' is not a phone number")
        }
        var session = ChatSession(engine: engine, phone: number, color: !noColor && isatty(STDOUT_FILENO) == 1)
        session.db = db
        session.classifier = classifier
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
    let engine: Engine
    var phone: String
    var fixedTime: Date?
    var classifier: Classifier?
    /// The database file, for the hint after a handoff.
    var db = ":memory:"
    let color: Bool

    private var dbHint: String {
        db == ":memory:" ? " (run chat with --db FILE to see it in 'switchboard queue --db FILE')" : ", or 'switchboard queue --db \(db)' to answer as an agent"
    }

    init(engine: Engine, phone: String, color: Bool) {
        self.engine = engine
        self.phone = phone
        self.color = color
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func banner() {
        let program = engine.program
        let flows = program.flows.keys.sorted().map { $0 == program.entryFlow ? "\($0) (entry)" : $0 }
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
        let result: HandleResult
        do {
            result = try engine.handleNow(InboundMessage(from: phone, body: line, receivedAt: fixedTime ?? Date()))
        } catch {
            print(paint("     [\(error)]", "31"))
            return true
        }
        for reply in result.replies {
            print(paint("bot> ", "1;36") + reply)
            let info = SMSSegmenter.measure(reply)
            let capacity = info.segments == 1 ? info.encoding.singleMessageCapacity : info.encoding.segmentCapacity * info.segments
            print(paint("     \(info.segments) segment\(info.segments == 1 ? "" : "s") · \(info.encoding.rawValue) · \(info.units)/\(capacity)", "2"))
        }
        if let handoff = result.handoff {
            print(paint("     [handoff to queue '\(handoff.queue)' (\(handoff.reason))] The bot now waits for a person: /reset to start over\(dbHint).", "33"))
        }
        if result.optedOut { print(paint("     [this number is opted out; text START to opt back in]", "33")) }
        return true
    }

    private mutating func command(_ text: String) -> Bool {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        switch parts[0] {
        case "/quit", "/exit":
            return false
        case "/reset":
            do {
                try engine.resetConversation(phone: phone)
                print(paint("     [conversation for \(phone) reset]", "2"))
            } catch {
                print(paint("     [could not reset: \(error)]", "31"))
            }
        case "/state":
            // What is stored, whoever wrote it (an earlier chat on the same --db, an agent).
            let stored: ConversationRecord?
            do {
                stored = try engine.storedConversation(phone: phone)
            } catch {
                print(paint("     [\(error)]", "31"))
                return true
            }
            let state = stored?.state ?? ConversationState()
            let position = state.status == .idle ? "none" : state.position?.description ?? "none"
            print(paint("     status: \(state.status.rawValue)  node: \(position)  department: \(state.department ?? "general")  conversation: \(stored?.status.rawValue ?? "new")", "2"))
            let slots = state.slots.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "  ")
            print(paint("     slots: \(slots.isEmpty ? "(none)" : slots)", "2"))
        case "/as":
            guard parts.count == 2 else {
                print(paint("     usage: /as +12025550123", "31"))
                return true
            }
            let raw = parts[1].trimmingCharacters(in: .whitespaces)
            do {
                phone = try engine.normalize(phone: raw)
                print(paint("     [you are now \(phone)]", "2"))
            } catch {
                print(paint("     '\(raw)' is not a phone number; you are still \(phone)", "31"))
            }
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
