import FlowLanguage
import FlowRuntime
import Foundation
import SwitchboardEngine
import SwitchboardSQLite
import SwitchboardTestSupport
import Testing
import TextClassifier

/// How the engine's own escalations meet the flow's handoffs.
struct FlowHandoffTests {
    /// A menu whose misses end the conversation, and an agent handler that looks something up
    /// before it hands off.
    static let program: Program = FlowCompiler.compile(
        flows: [
            SourceFile(
                path: "t.yaml",
                text: """
                    flow: t
                    start: menu
                    globals:
                      - contains: [agent]
                        goto: find
                    nodes:
                      menu:
                        kind: menu
                        say: "Reply A."
                        choices:
                          - key: A
                            goto: bye
                        on_fail: sorry
                      bye:
                        kind: end
                        say: "Bye."
                      sorry:
                        kind: end
                        say: "Sorry, please call us."
                      find:
                        kind: lookup
                        url: "https://api.example.com/agents"
                        map:
                          who: name
                        found: person
                        not_found: person
                        failed: person
                      person:
                        kind: handoff
                        queue: department
                        say: "Connecting you."
                    """)
        ], tables: []
    ).program!

    func engine(_ config: EngineConfig = EngineConfig()) throws -> Engine {
        Engine(program: Self.program, classifier: nil, store: try SQLiteStore(path: ":memory:"), config: config, clock: { ScriptClockStart.now })
    }

    @Test func aFailureEscalationKeepsWhatTheFlowSaidOnItsWayOut() throws {
        // One failure is the limit. The menu's second miss goes to on_fail, an end node whose words
        // the customer must still get; only a reprompt would be dropped.
        var config = EngineConfig()
        config.maxConsecutiveFailures = 2
        let engine = try engine(config)
        _ = try engine.handleNow(InboundMessage(from: "+12025550101", body: "hi"))
        let first = try engine.handleNow(InboundMessage(from: "+12025550101", body: "x"))
        #expect(first.handoff == nil)
        let second = try engine.handleNow(InboundMessage(from: "+12025550101", body: "y"))
        #expect(second.handoff?.reason == "repeated_failure")
        #expect(second.replies == ["Sorry, please call us.", EngineConfig().escalationNotice])
    }

    @Test func aFlowHandoffThatNeedsALookupLeavesTheEscalationToTheEngine() throws {
        // A request for a person (the classifier's keyword rule): the flow's agent handler would look
        // something up first, which an escalating message does not fetch, so the engine escalates.
        let engine = try engine()
        _ = try engine.handleNow(InboundMessage(from: "+12025550101", body: "hi"))
        var message = InboundMessage(from: "+12025550101", body: "agent please")
        message.classification = Classification(intent: "agent", confidence: 0.9, keywords: ["agent_request"])
        let result = try engine.handleNow(message)
        #expect(result.handoff?.reason == "agent_request")
        #expect(result.replies == [EngineConfig().escalationNotice])
        #expect(result.path.isEmpty)
    }
}

/// The agent's brief follows the customer's latest message, and a transfer does not change what
/// the customer asked about.
struct BriefTests {
    @Test func theBriefShowsTheLatestReadingAndTheTopicSurvivesATransfer() throws {
        let fixture = try EngineFixture()
        try fixture.send("hi")
        try fixture.send("b")
        try fixture.send("agent")
        let id = try #require(try fixture.engine.conversationID(phone: "+12025550101"))
        // While a person holds the conversation the flow does not run; the brief still shows this message.
        var message = InboundMessage(from: "+12025550101", body: "still nothing, this is ridiculous")
        message.classification = Classification(intent: "complaint", confidence: 0.93, sentiment: .negative, sentimentScore: -0.7, frustration: 0.6)
        _ = try fixture.engine.handleNow(message)
        let brief = try fixture.engine.brief(id)
        #expect(brief.lastIntent?.intent == "complaint")
        #expect(brief.lastSentiment?.label == "negative")
        #expect(brief.lastSentiment?.score == -0.7)
        try fixture.engine.transfer(id, to: "billing")
        #expect(try fixture.engine.brief(id).summary.hasPrefix("Wants to complain"))
        // With an intent that names no topic, the topic is where the bot had the customer, not the new queue.
        var thanks = InboundMessage(from: "+12025550101", body: "ok thanks")
        thanks.classification = Classification(intent: "thanks", confidence: 0.9)
        _ = try fixture.engine.handleNow(thanks)
        #expect(try fixture.engine.brief(id).summary.hasPrefix("Wants order status"))
    }
}

/// A fixed clock for engines built here: Monday 2026-11-23 15:00 UTC.
enum ScriptClockStart {
    static let now = Date(timeIntervalSince1970: 1_795_446_000)
}
