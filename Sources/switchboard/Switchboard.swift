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
