import FlowLanguage
import FlowRuntime
import Foundation
import Testing

/// HTTP lookups in the pure interpreter: the step suspends for a response it was not given, and
/// takes found, not_found or failed from the responses it was given.
struct HTTPLookupTests {
    static let now = Date(timeIntervalSince1970: 1_795_446_000)
    static let phone = "+12025550100"

    static let flow = """
        flow: t
        start: ask
        nodes:
          ask:
            kind: collect
            say: "Order number?"
            slot: order_number
            pattern: '(\\S+)'
            reprompt: "Order number?"
            on_fail: down
            next: find
          find:
            kind: lookup
            url: "https://api.example.com/orders/{{order_number}}?phone={{contact.phone}}"
            timeout: 2s
            map:
              order.status: status
              order.eta: delivery.eta
              order.first: items.0.name
              order.paid: paid
              order.total: total
              order.note: "note|none"
            found: tell
            not_found: missing
            failed: down
          tell:
            kind: end
            say: "{{order.status}} {{order.eta}} {{order.first}} {{order.paid}} {{order.total}} {{order.note}}"
          missing:
            kind: end
            say: "No such order."
          down:
            kind: end
            say: "Lookups are down."
        """

    let interpreter: Interpreter
    let waiting: ConversationState

    init() throws {
        let result = FlowCompiler.compile(flows: [SourceFile(path: "t.yaml", text: Self.flow)], tables: [])
        interpreter = Interpreter(program: try #require(result.program, "\(result.diagnostics.map { DiagnosticRenderer.render($0) })"))
        waiting = interpreter.step(ConversationState(), input: "hi", context: StepContext(now: Self.now)).state
    }

    func context(_ outcomes: [HTTPLookupRequest: HTTPLookupOutcome] = [:], unfetched: UnfetchedLookup = .takeFailed) -> StepContext {
        StepContext(now: Self.now, contact: ["phone": Self.phone], lookupOutcomes: outcomes, unfetchedLookups: unfetched)
    }

    static func request(_ order: String) -> HTTPLookupRequest {
        HTTPLookupRequest(method: .get, url: "https://api.example.com/orders/\(order)?phone=%2B12025550100")
    }

    static func json(_ text: String, status: Int = 200) -> HTTPLookupOutcome {
        .response(status: status, body: Array(text.utf8))
    }

    static let order = """
        {"status": "shipped", "delivery": {"eta": "Friday"}, "items": [{"name": "Lamp"}, {"name": "Bulb"}],
         "paid": true, "total": 12.50, "note": null}
        """

    @Test func suspendsWithoutChangingAnythingAndReportsTheRequest() throws {
        let result = interpreter.step(waiting, input: "A12/3 4", context: context(unfetched: .suspend))
        // The slot value is percent-encoded: '/' and ' ' cannot add a path segment or break the URL.
        let pending = try #require(result.pendingLookup)
        #expect(pending.request == Self.request("A12%2F3"))
        #expect(pending.node == NodeID(flow: "t", node: "find"))
        #expect(pending.timeout == .seconds(2))
        #expect(result.state == waiting)
        #expect(result.replies.isEmpty && result.events.isEmpty && result.path.isEmpty)
    }

    @Test func percentEncodesEverythingButUnreservedCharacters() {
        #expect(HTTPLookup.percentEncoded("+1 202/555?x=1&y#é~_.-") == "%2B1%20202%2F555%3Fx%3D1%26y%23%C3%A9~_.-")
    }

    @Test("a value of \".\" or \"..\" cannot climb the server's path: the lookup has no value for it")
    func dotSegmentsAreNotValues() throws {
        let lookup = HTTPLookup(
            url: Template(parts: [.literal("https://x.example/accounts/"), .variable(name: "id", fallback: nil), .literal("/balance")]), timeout: .seconds(1),
            map: [], found: NodeID(flow: "t", node: "a"), notFound: NodeID(flow: "t", node: "b"), failed: NodeID(flow: "t", node: "c"))
        #expect(throws: HTTPLookup.MissingVariables.self) { try lookup.request { _ in ".." }.get() }
        #expect(throws: HTTPLookup.MissingVariables.self) { try lookup.request { _ in "." }.get() }
        #expect(try lookup.request { _ in "a.b" }.get().url == "https://x.example/accounts/a.b/balance")
        #expect(try lookup.request { _ in "../x" }.get().url == "https://x.example/accounts/..%2Fx/balance")
    }

    @Test func foundMapsPathsIntoSlots() throws {
        let result = interpreter.step(waiting, input: "A123", context: context([Self.request("A123"): Self.json(Self.order)]))
        #expect(result.pendingLookup == nil)
        #expect(result.replies == ["shipped Friday Lamp true 12.5 none"])
        #expect(result.path.map(\.node) == ["find", "tell"])
        #expect(result.events.contains(.slotSet(name: "order.eta", value: "Friday")))
    }

    @Test(arguments: [
        (Self.json(Self.order, status: 404), "missing"),
        (Self.json("{}", status: 410), "missing"),
        (Self.json(#"{"status": "shipped"}"#), "missing"),  // a required path is missing
        (Self.json(Self.order.replacingOccurrences(of: #""Friday""#, with: "null")), "missing"),  // null counts as missing
        (Self.json(Self.order, status: 503), "down"),
        (Self.json(Self.order, status: 302), "down"),
        (Self.json("<html>busy</html>"), "down"),
        (HTTPLookupOutcome.failure(.timeout), "down"),
        (HTTPLookupOutcome.failure(.connection), "down"),
    ])
    func outcomesChooseTheEdge(outcome: HTTPLookupOutcome, node: String) {
        let result = interpreter.step(waiting, input: "A123", context: context([Self.request("A123"): outcome]))
        #expect(result.path.last?.node == node)
        #expect(result.state.slots["order.status"] == nil)
    }

    @Test func failureReasonsNeverHoldTheURL() {
        let timeout = interpreter.step(waiting, input: "A123", context: context([Self.request("A123"): .failure(.timeout)]))
        #expect(timeout.events.contains(.lookupFailed(node: NodeID(flow: "t", node: "find"), reason: "timeout")))
        let status = interpreter.step(waiting, input: "A123", context: context([Self.request("A123"): Self.json("", status: 500)]))
        #expect(status.events.contains(.lookupFailed(node: NodeID(flow: "t", node: "find"), reason: "status 500")))
    }

    @Test func withoutAResponseTheDefaultIsTheFailedEdge() {
        // An outcome for another order number does not count.
        let result = interpreter.step(waiting, input: "B9", context: context([Self.request("A123"): Self.json(Self.order)]))
        #expect(result.pendingLookup == nil)
        #expect(result.replies == ["Lookups are down."])
        #expect(result.events.contains(.lookupFailed(node: NodeID(flow: "t", node: "find"), reason: "not fetched")))
    }

    @Test func failedDefaultsToNotFoundAndAMapIsOptional() throws {
        let yaml = Self.flow.replacingOccurrences(of: "    failed: down\n", with: "")
            .replacingOccurrences(of: "    map:\n      order.status: status\n      order.eta: delivery.eta\n      order.first: items.0.name\n      order.paid: paid\n      order.total: total\n      order.note: \"note|none\"\n", with: "")
            .replacingOccurrences(of: #"say: "{{order.status}} {{order.eta}} {{order.first}} {{order.paid}} {{order.total}} {{order.note}}""#, with: #"say: "Exists.""#)
        let result = FlowCompiler.compile(flows: [SourceFile(path: "t.yaml", text: yaml)], tables: [])
        let program = try #require(result.program, "\(result.diagnostics.map { DiagnosticRenderer.render($0) })")
        let interpreter = Interpreter(program: program)
        let failed = interpreter.step(waiting, input: "A123", context: context([Self.request("A123"): .failure(.timeout)]))
        #expect(failed.replies == ["No such order."])
        // Without a map the body is not read: any 2xx is found.
        let found = interpreter.step(waiting, input: "A123", context: context([Self.request("A123"): .response(status: 204, body: [])]))
        #expect(found.replies == ["Exists."])
        #expect(program.node(NodeID(flow: "t", node: "find"))?.edges.map(\.label) == ["found", "not_found", "failed"])
    }

    @Test func postRendersAJSONBodyWithEscapedValues() throws {
        let yaml = Self.flow.replacingOccurrences(
            of: "    timeout: 2s\n",
            with: "    timeout: 2s\n    method: POST\n    body: '{\"order\": \"{{order_number}}\"}'\n")
        let result = FlowCompiler.compile(flows: [SourceFile(path: "t.yaml", text: yaml)], tables: [])
        let interpreter = Interpreter(program: try #require(result.program, "\(result.diagnostics.map { DiagnosticRenderer.render($0) })"))
        let pending = interpreter.step(waiting, input: #"a"b\c"#, context: context(unfetched: .suspend)).pendingLookup
        #expect(pending?.request.method == .post)
        #expect(pending?.request.body == #"{"order": "a\"b\\c"}"#)
        #expect(pending?.request.description == "POST https://api.example.com/…")
    }

    @Test func aSecondLookupSuspendsAfterTheFirstIsAnswered() throws {
        let yaml = Self.flow.replacingOccurrences(of: "    found: tell\n", with: "    found: track\n") + """

              track:
                kind: lookup
                url: "https://track.example.com/{{order.eta}}"
                found: tell
                not_found: tell
            """
        let result = FlowCompiler.compile(flows: [SourceFile(path: "t.yaml", text: yaml)], tables: [])
        let interpreter = Interpreter(program: try #require(result.program, "\(result.diagnostics.map { DiagnosticRenderer.render($0) })"))
        let first = interpreter.step(waiting, input: "A123", context: context(unfetched: .suspend))
        #expect(first.pendingLookup?.request == Self.request("A123"))
        let second = interpreter.step(waiting, input: "A123", context: context([Self.request("A123"): Self.json(Self.order)], unfetched: .suspend))
        #expect(second.pendingLookup?.request.url == "https://track.example.com/Friday")
        #expect(second.pendingLookup?.timeout == HTTPLookup.defaultTimeout)
        #expect(second.state == waiting)
    }

    @Test func jsonPathsParse() {
        #expect(JSONPath("items.0.name")?.segments == ["items", "0", "name"])
        #expect(JSONPath("") == nil)
        #expect(JSONPath("a..b") == nil)
        #expect(JSONPath(".a") == nil)
        #expect(JSONPath("a.") == nil)
    }

    @Test func numbersKeepTheirExactValue() {
        let lookup = HTTPLookup(
            url: Template(literal: "https://x.example"), timeout: .seconds(1),
            map: [HTTPLookup.Mapping(slot: "n", path: JSONPath("n")!), HTTPLookup.Mapping(slot: "s", path: JSONPath("s")!)],
            found: NodeID(flow: "t", node: "a"), notFound: NodeID(flow: "t", node: "b"), failed: NodeID(flow: "t", node: "c"))
        let answer = lookup.answer(for: .response(status: 200, body: Array(#"{"n": 12345678901234567890, "s": "007"}"#.utf8)))
        #expect(answer == .found([(slot: "n", value: "12345678901234567890"), (slot: "s", value: "007")]))
        let object = lookup.answer(for: .response(status: 200, body: Array(#"{"n": {"x": 1}, "s": "1"}"#.utf8)))
        #expect(object == .notFound)
    }
}
