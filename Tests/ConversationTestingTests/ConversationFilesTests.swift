import ConversationTesting
import ConversationTestingEngine
import FlowLanguage
import FlowRuntime
import Foundation
import SwitchboardEngine
import SwitchboardTestSupport
import Testing
import TextClassifier

/// Runs every conversation file in Tests/Conversations against the shipped flows (in memory and
/// with state saved and reloaded after every message), and checks they exercise every node and edge.
struct ConversationFilesTests {
    static let root = Shipped.root

    static func shippedProgram() throws -> Program { Shipped.program }

    static var files: [String] {
        let folder = root.appendingPathComponent("Tests/Conversations").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".convo") }.sorted()
    }

    static func script(_ name: String) throws -> ConversationScript {
        try ConversationScript(parsing: String(contentsOf: root.appendingPathComponent("Tests/Conversations/\(name)"), encoding: .utf8))
    }

    /// The shipped flows through the whole engine with default settings, as `switchboard test` runs them.
    static func engineRunner() throws -> ScriptRunner {
        ScriptRunner(program: try shippedProgram(), mode: .engine(classifier: Shipped.classifier, config: EngineConfig()))
    }

    @Test(arguments: ConversationFilesTests.files)
    func conversationFilePasses(name: String) async throws {
        let failures = await (try Self.engineRunner()).run(try Self.script(name))
        #expect(failures.isEmpty, "\(name): \(failures)")
    }

    @Test func conversationsCoverEveryNodeAndEdgeOfTheShippedFlows() async throws {
        let program = try Self.shippedProgram()
        let runner = try Self.engineRunner()
        var coverage = Coverage()
        #expect(Self.files.count >= 6)
        for name in Self.files { _ = await runner.run(try Self.script(name), coverage: &coverage) }
        #expect(coverage.uncoveredNodes(in: program).isEmpty, "\(coverage.uncoveredNodes(in: program))")
        #expect(coverage.uncoveredEdges(in: program).isEmpty, "\(coverage.uncoveredEdges(in: program).map { "\($0.edge) \($0.label)" })")
    }
}

/// The runner itself: wrong expectations must fail, at the right line.
struct ScriptRunnerTests {
    @Test func everyBadLineIsListed() {
        #expect(ConversationScript.problems(in: "> hi\nfrob\n< ok\nstatus asleep\n").map(\.line) == [2, 4])
    }

    @Test func aScriptOrACaseThatSendsNothingFails() async throws {
        let program = try ConversationFilesTests.shippedProgram()
        #expect(await ScriptRunner(program: program).run(try ConversationScript(parsing: "")).map(\.message) == ["the script sends no messages"])
        #expect(await ScriptRunner(program: program).run(try ConversationScript(parsing: "# nothing\n=== empty\n")).map(\.line) == [2])
        let script = try ConversationScript(parsing: "=== greets\n> hi\n< Hi there\n=== forgot to send\nnode none\n")
        #expect(await ScriptRunner(program: program).run(script).map(\.description) == ["line 4: case 'forgot to send' sends no messages"])
    }

    @Test func engineRulesApplyOnlyThroughTheEngine() async throws {
        let script = try ConversationScript(parsing: """
            > hi
            > b
            > STOP
            <= Acme: you're unsubscribed and will get no more texts. Reply START to resubscribe.
            > 12345678
            <.
            """)
        let program = try ConversationFilesTests.shippedProgram()
        #expect(await ScriptRunner(program: program, mode: .engine(classifier: nil, config: EngineConfig())).run(script).isEmpty)
        let flowsOnly = await ScriptRunner(program: program).run(script)
        #expect(flowsOnly.map(\.line) == [4, 6])
    }

    @Test func anIntentLineOverridesTheEnginesClassifier() async throws {
        // No classifier at all: the script's intent alone sends free text to order status.
        let script = try ConversationScript(parsing: """
            > hi
            intent order_status 0.95
            > where is my stuff
            node orders.ask_order
            """)
        let runner = ScriptRunner(program: try ConversationFilesTests.shippedProgram(), mode: .engine(classifier: nil, config: EngineConfig()))
        #expect(await runner.run(script).isEmpty)
        let without = try ConversationScript(parsing: "> hi\n> where is my stuff\nnode orders.ask_order\n")
        #expect(await runner.run(without).map(\.line) == [3])
    }

    @Test func wrongExpectationsFailWithTheirLines() async throws {
        let script = try ConversationScript(parsing: """
            # comment
            > hi
            < this text is not in the greeting
            node support.nowhere
            slot order_number = 1
            handoff orders
            > A
            <= nope
            <.
            """)
        let failures = await ScriptRunner(program: try ConversationFilesTests.shippedProgram()).run(script)
        #expect(failures.map(\.line) == [3, 4, 5, 6, 8])
        #expect(failures[0].message.hasPrefix("expected a reply containing 'this text is not in the greeting', got 'Hi there!"))
        #expect(failures[1].message == "expected node support.nowhere, the conversation is at support.main_menu")
        #expect(failures[2].message == "expected slot order_number = '1', got unset")
        #expect(failures[3].message == "expected a handoff to orders, there was none")
    }

    @Test func leftoverRepliesFailNoMoreReplies() async throws {
        let script = try ConversationScript(parsing: "> hi\n> b\n> 12345678\n< Order\n<.\n")
        let failures = await ScriptRunner(program: try ConversationFilesTests.shippedProgram()).run(script)
        #expect(failures.map(\.line) == [5])
    }

    @Test func clockDirectivesMoveTime() async throws {
        // After hours for billing at 23:30 UTC (18:30 in New York), open again the next morning.
        let script = try ConversationScript(parsing: """
            @ 2026-11-23T23:30:00Z
            > hi
            > a
            > 1
            > double charge
            < when they're back
            === next morning
            @ 2026-11-23T23:30:00Z
            @ +16h
            > hi
            > a
            > 1
            > double charge
            < will text you here shortly
            """)
        #expect(await ScriptRunner(program: try ConversationFilesTests.shippedProgram()).run(script).isEmpty)
    }

    @Test(arguments: [
        ("frobnicate", 1, "unknown directive 'frobnicate'"),
        ("@ tomorrow", 1, "'tomorrow' is not an ISO-8601 time"),
        ("@ +2x", 1, "'+2x' is not a clock step"),
        ("# ok\nintent billing", 2, "'intent' takes a name and a number"),
        ("slot a b", 1, "'slot' takes 'name = value' or 'name unset'"),
        ("> hi\nsentiment negativ -0.5", 2, "'sentiment' takes negative, neutral or positive, not 'negativ'"),
        ("sentiment negative -3", 1, "a sentiment score is from -1 to 1, not -3"),
        ("intent order_status 7", 1, "an intent's confidence is from 0 to 1, not 7"),
        ("> hi\n<", 2, "'<' needs the text to expect"),
        ("> hi\n<=  ", 2, "'<=' needs the text to expect"),
    ])
    func malformedScriptsNameTheLine(text: String, line: Int, message: String) {
        #expect(ConversationScript.problems(in: text).map(\.line) == [line])
        do {
            _ = try ConversationScript(parsing: text)
            Issue.record("expected a parse error")
        } catch {
            #expect(error.line == line)
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}
