import ArgumentParser
import Foundation
import PhoneNumbers
import SwitchboardEngine

/// `switchboard queue …`: the agent's side, against the database.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Work the human queues: list, show, claim, reply, transfer, release, close.",
        subcommands: [List.self, Show.self, Claim.self, Reply.self, Transfer.self, Release.self, Close.self]
    )

    /// Options every queue command shares.
    struct Shared: ParsableArguments {
        @OptionGroup var flows: FlowOptions
        @OptionGroup var engine: EngineOptions

        /// The engine over the database; the queue commands read what `serve` wrote, so a database
        /// that does not exist (a typo) is an error rather than a new empty one.
        func makeEngine(databaseMustExist: Bool = true) throws -> Engine {
            if databaseMustExist, engine.db != ":memory:", !FileManager.default.fileExists(atPath: engine.db) {
                throw ValidationError("--db \(engine.db): no such database (the queue commands read the database 'serve' writes)")
            }
            let (program, _) = try flows.loadProgram(settings: engine.config)
            return try engine.makeEngine(program: program, classifier: nil)
        }

        /// Runs one action against the engine and prints what it says; an engine error is printed
        /// and ends the command with status 64 (bad argument) or 1.
        func perform(_ action: (Engine) throws -> String) throws {
            let engine = try makeEngine()
            do {
                print(try action(engine))
            } catch let error as EngineError {
                printError("error: \(error)")
                throw ExitCode(error.kind == .invalid ? 64 : 1)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Waiting conversations per queue, oldest first, with wait times.")
        @OptionGroup var shared: Shared
        @Option(help: "Only this queue.") var queue: String?

        func run() throws {
            try shared.perform { engine in
                let entries = try engine.waiting(queue: queue)
                // A queue the flows do not declare may still hold conversations (renamed since).
                if let queue, entries.isEmpty, engine.program.queues[queue] == nil {
                    throw EngineError(.invalid, "no queue named '\(queue)' (queues: \(engine.program.queues.keys.sorted().joined(separator: ", ")))")
                }
                if entries.isEmpty { return "no conversations waiting" }
                return entries.map { entry in
                    String(format: "#%d  %@  waiting %@  %@  %@", entry.conversationID, entry.queue as NSString, duration(entry.waiting) as NSString, entry.reason as NSString, entry.note as NSString)
                }.joined(separator: "\n")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The brief and transcript of a conversation.")
        @OptionGroup var shared: Shared
        @Argument(help: "Conversation id.") var id: Int64

        func run() throws {
            try shared.perform { engine in Self.render(try engine.brief(id)) }
        }

        static func render(_ brief: Brief) -> String {
            var lines = ["conversation #\(brief.conversationID)  \(PhoneNumbers.mask(brief.phone))  status: \(brief.status.rawValue)\(brief.optedOut ? "  OPTED OUT" : "")"]
            if let handoff = brief.handoff {
                lines.append("queue: \(handoff.queue)  reason: \(handoff.reason)  \(handoff.agent.map { "agent: \($0)" } ?? "waiting")")
            }
            lines.append("summary: \(brief.summary)")
            if let intent = brief.lastIntent { lines.append(String(format: "last intent: %@ (%.2f)", intent.intent as NSString, intent.confidence)) }
            if let sentiment = brief.lastSentiment {
                lines.append(String(format: "sentiment: %@ (%.2f)  frustration: %.2f", sentiment.label as NSString, sentiment.score, brief.frustration))
            }
            let slots = brief.slots.filter { !$0.key.contains(".") }.sorted { $0.key < $1.key }
            if !slots.isEmpty { lines.append("slots: " + slots.map { "\($0.key)=\($0.value)" }.joined(separator: "  ")) }
            lines.append("transcript:")
            let formatter = ISO8601DateFormatter()
            for message in brief.transcript {
                let who = message.direction == .inbound ? "customer" : message.author
                lines.append("  \(formatter.string(from: message.createdAt))  \(who): \(message.body)")
            }
            return lines.joined(separator: "\n")
        }
    }

    struct Claim: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Claim a waiting conversation (exactly one agent gets it).")
        @OptionGroup var shared: Shared
        @Argument(help: "Conversation id.") var id: Int64
        @Option(help: "The agent's name.") var agent: String

        func run() throws {
            try shared.perform { engine in
                try engine.claim(id, agent: agent)
                return "claimed #\(id) for \(agent)"
            }
        }
    }

    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reply to the customer (stored and queued for sending).")
        @OptionGroup var shared: Shared
        @Argument(help: "Conversation id.") var id: Int64
        @Option(help: "The agent's name.") var agent: String
        @Argument(help: "The text.") var text: String

        func run() throws {
            try shared.perform { engine in
                try engine.reply(id, agent: agent, text: text)
                return "queued reply to #\(id)"
            }
        }
    }

    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a conversation to another queue.")
        @OptionGroup var shared: Shared
        @Argument(help: "Conversation id.") var id: Int64
        @Argument(help: "The queue.") var queue: String

        func run() throws {
            try shared.perform { engine in
                try engine.transfer(id, to: queue)
                return "moved #\(id) to \(queue)"
            }
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hand a conversation back to the bot (default: the main menu).")
        @OptionGroup var shared: Shared
        @Argument(help: "Conversation id.") var id: Int64
        @Option(help: "The node to continue at (flow.node).") var node: String?

        func run() throws {
            try shared.perform { engine in
                "#\(id) is with the bot again; queued: \(try engine.release(id, at: node).joined(separator: " | "))"
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a conversation, optionally asking the CSAT question.")
        @OptionGroup var shared: Shared
        @Argument(help: "Conversation id.") var id: Int64
        @Flag(help: "Send the CSAT question.") var csat = false

        func run() throws {
            try shared.perform { engine in
                try engine.close(id, csat: csat)
                return "closed #\(id)\(csat ? " (CSAT question queued)" : "")"
            }
        }
    }
}

/// "3m 20s", "1h 05m".
func duration(_ seconds: TimeInterval) -> String {
    let total = Int(seconds.rounded())
    if total < 60 { return "\(total)s" }
    if total < 3600 { return "\(total / 60)m \(String(format: "%02d", total % 60))s" }
    return "\(total / 3600)h \(String(format: "%02d", (total % 3600) / 60))m"
}
