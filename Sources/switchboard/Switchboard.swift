import Foundation
import ArgumentParser

/// The `switchboard` command: the server, and the designer's and agents' tools.
@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "An SMS customer-support engine: flows, a classifier and human handoff.",
        subcommands: [Check.self, Chat.self, Simulate.self, Graph.self, TestConversations.self, Train.self, Classify.self, Eval.self, QueueCommand.self, Contacts.self, Serve.self, AgentToken.self]
    )
}

extension Switchboard {
    /// Parses, then runs. A ``ValidationError`` or ``SettingsError`` thrown while running (a
    /// settings file with a mistake, a test file that does not exist) is about the input, not the command line: it
    /// prints `error: …` and exits 64 without the usage text, which would only bury it. Mistakes
    /// found while parsing still get the usage.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationError {
            printError("error: \(error.message)")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch let error as SettingsError {
            printError("error: \(error)")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
