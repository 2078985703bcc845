import ConversationTesting
import FlowLanguage
import FlowRuntime
import Testing

/// Conversation tests answer HTTP lookups with `http` lines and check their URLs with `url`.
struct HTTPStubTests {
    static let program: Program = FlowCompiler.compile(flows: [SourceFile(path: "shop.yaml", text: """
        flow: shop
        start: ask
        nodes:
          ask:
            kind: collect
            say: "Order number?"
            slot: order_number
            pattern: '(\\d{4})'
            reprompt: "Four digits, please."
            on_fail: down
            next: find
          find:
            kind: lookup
            url: "https://api.example.com/orders/{{order_number}}?phone={{contact.phone}}"
            map:
              order.status: status
            found: tell
            not_found: missing
            failed: down
          tell:
            kind: end
            say: "Order {{order_number}} is {{order.status}}."
          missing:
            kind: end
            say: "No order {{order_number}}."
          down:
            kind: end
            say: "Lookups are down."
        """)], tables: []).program!

    @Test func stubsAnswerLookupsInOrderAndCoverEveryEdge() throws {
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
        let failures = ScriptRunner(program: Self.program).run(script, coverage: &coverage)
        #expect(failures.isEmpty, "\(failures)")
        // found, not_found and failed were all taken (only the collect's on_fail was not).
        #expect(coverage.uncoveredEdges(in: Self.program).map(\.label) == ["on_fail"])
    }

    @Test func aWrongURLExpectationFails() throws {
        let script = try ConversationScript(parsing: "http 200 {\"status\": \"x\"}\n> hi\nurl /orders\n> 1234\nurl /orders/4321\n")
        let failures = ScriptRunner(program: Self.program).run(script)
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
