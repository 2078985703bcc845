import ArgumentParser

/// The `switchboard` command: the designer's tools for flows, and (later) the server.
@main
struct Switchboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "An SMS customer-support engine: flows, a classifier and human handoff.",
        subcommands: [Check.self, Chat.self, Simulate.self, Graph.self, TestConversations.self, Train.self, Classify.self, Eval.self, QueueCommand.self, Contacts.self]
    )
}
