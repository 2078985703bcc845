import ConversationTesting
import ConversationTestingEngine
import FlowLanguage
import FlowRuntime
import SwitchboardEngine
import SwitchboardTestSupport
import Testing

/// Conversation tests answer HTTP lookups with `http` lines and check their URLs with `url`.
struct HTTPStubTests {
    static let program: Program = FlowCompiler.compile(flows: [SourceFile(path: "shop.yaml", text: ShopFlow.yaml())], tables: []).program!

    /// The flows alone, and the engine (whose lookups go through its HTTP client before the transaction).
    static let modes: [ScriptRunner.Mode] = [.flows(classify: nil), .engine(classifier: nil, config: EngineConfig())]

    @Test(arguments: HTTPStubTests.modes)
    func stubsAnswerLookupsInOrderAndCoverEveryEdge(mode: ScriptRunner.Mode) async throws {
        let script = try ConversationScript(parsing: """
            === found
            http 200 {"status": "shipped"}
            > hi
            > 1234
            <= Order 1234 is shipped.
            url /orders/1234?phone=%2B12025550100
            slot order.status = shipped
            === not found
            http 404
            > hi
            > 9999
            <= No order 9999.
            === timeout
            http timeout
            > hi
            > 1234
            <= Lookups are down.
            === no stub left: the failed edge, as without a client
            > hi
            > 1234
            <= Lookups are down.
            """)
        var coverage = Coverage()
        let failures = await ScriptRunner(program: Self.program, mode: mode).run(script, coverage: &coverage)
        #expect(failures.isEmpty, "\(failures)")
        // found, not_found and failed were all taken (only the collect's on_fail was not).
        #expect(coverage.uncoveredEdges(in: Self.program).map(\.label) == ["on_fail"])
    }

    @Test(arguments: HTTPStubTests.modes)
    func aWrongURLExpectationFails(mode: ScriptRunner.Mode) async throws {
        let script = try ConversationScript(parsing: "http 200 {\"status\": \"x\"}\n> hi\nurl /orders\n> 1234\nurl /orders/4321\n")
        let failures = await ScriptRunner(program: Self.program, mode: mode).run(script)
        #expect(failures.map(\.line) == [3, 5])
        #expect(failures.first?.message == "expected an HTTP lookup, the last message made none")
    }

    @Test func badHTTPLinesNameTheLine() {
        do {
            _ = try ConversationScript(parsing: "# stubs\nhttp soon")
            Issue.record("expected a parse error")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.hasPrefix("'http' takes a status"))
        }
    }
}

extension ScriptRunner.Mode: CustomTestStringConvertible {
    public var testDescription: String {
        switch self {
        case .flows: "flows only"
        case .backend(let name, _): name
        }
    }
}
