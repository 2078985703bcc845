import FlowLanguage
import FlowRuntime
import Testing

/// HTTP lookup nodes: what compiles, what each check reports, and how the graph shows them.
struct HTTPLookupCompilerTests {
    func compile(_ lookupFields: String) -> CompilationResult {
        let yaml = """
            flow: a
            start: ask
            nodes:
              ask:
                kind: collect
                say: Order number?
                slot: order
                pattern: '(\\d+)'
                reprompt: Digits please.
                on_fail: bye
                next: find
              find:
                kind: lookup
            \(lookupFields.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n"))
              tell:
                kind: end
                say: "It is {{order.status}}."
              bye:
                kind: end
            """
        return FlowCompiler.compile(flows: [SourceFile(path: "f.yaml", text: yaml)], tables: [])
    }

    func codes(_ result: CompilationResult) -> [String] {
        result.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.code)" }
    }

    @Test func aCompleteLookupCompiles() throws {
        let result = compile("""
            url: "https://api.example.com:8443/v1/orders/{{order}}?phone={{contact.phone}}&x=%20"
            method: post
            body: '{"order": "{{order}}", "phone": "{{contact.phone}}"}'
            timeout: 1.5s
            map:
              order.status: status
              order.eta: "delivery.eta|soon"
            found: tell
            not_found: bye
            failed: bye
            """)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { DiagnosticRenderer.render($0) })")
        let node = try #require(result.program?.node(NodeID(flow: "a", node: "find")))
        guard case .httpLookup(let lookup) = node.kind else {
            Issue.record("not an HTTP lookup")
            return
        }
        #expect(lookup.method == .post)
        #expect(lookup.timeout == .milliseconds(1500))
        #expect(lookup.map.map(\.slot) == ["order.status", "order.eta"])
        #expect(lookup.map[1].fallback == "soon")
        #expect(lookup.server == "https://api.example.com:8443")
        #expect(node.kindName == "lookup")
    }

    @Test func anEmptyDefaultMakesASlotOptional() {
        // `order.status` may stay unset, so the text using it needs a default.
        let result = compile("""
            url: "https://api.example.com/orders/{{order}}"
            map:
              order.status: "status|"
            found: tell
            not_found: bye
            """)
        #expect(codes(result) == ["21:19 FL0205"])
    }

    @Test func aLookupNeedsATableOrAURL() {
        let result = compile("found: tell\nnot_found: bye")
        // Only the one missing field: nothing about a table's column or key.
        #expect(codes(result).filter { $0.hasSuffix("FL0103") } == ["12:3 FL0103"])
        #expect(result.diagnostics.first?.message == "node 'find' is missing required field 'table or url'")
    }

    @Test(arguments: [
        (#"url: "https://user:secret@api.example.com/x""#, "14:30 FL0109", "credentials"),
        (#"url: "https://api.example.com/%zz""#, "14:35 FL0109", "'%' must start an escape"),
        (#"url: "https://api.example.com/é""#, "14:35 FL0109", "'é' is not allowed"),
        (#"url: "https:///orders""#, "14:19 FL0109", "no server name"),
        (#"url: "{{order}}""#, "14:11 FL0109", "must start with http"),
        (#"url: "https://api.example.com{{order}}""#, "14:34 FL0109", "the server must be written out"),
    ])
    func urlProblemsPointAtTheCharacter(url: String, expected: String, message: String) {
        let result = compile("\(url)\nfound: tell\nnot_found: bye\nmap: {order.status: status}")
        #expect(codes(result) == [expected])
        #expect(result.diagnostics.first?.message.contains(message) == true, "\(result.diagnostics.map(\.message))")
    }

    @Test func methodAndTimeoutRanges() {
        let result = compile("""
            url: "https://api.example.com/x"
            method: PUT
            timeout: 50ms
            map: {order.status: status}
            found: tell
            not_found: bye
            """)
        #expect(codes(result) == ["15:13 FL0105", "16:14 FL0110"])
    }

    @Test func theGraphShowsTheFailedEdgeAndTheServer() throws {
        let result = compile("""
            url: "https://api.example.com/orders/{{order}}"
            map: {order.status: status}
            found: tell
            not_found: bye
            failed: ask
            """)
        let program = try #require(result.program)
        let dot = GraphRenderer.render(program, format: .dot)
        #expect(dot.contains(#""a.find" -> "a.ask" [label="failed"];"#))
        #expect(dot.contains("GET https://api.example.com"))
        #expect(!dot.contains("{{order}}"))
    }
}
